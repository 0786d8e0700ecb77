//! The tokenizer: reads a script into simple commands with an explicit nesting stack (no
//! recursion on input structure). Its second half, words and quoting, is in `words.rs`.

use super::*;

/// What the lexer hands back before `sh -c` scripts are expanded.
pub(super) struct Raw {
    pub(super) commands: Vec<SimpleCommand>,
    /// Parallel to `commands`: the command sits inside a `$( )`, backticks or `<( )`.
    pub(super) in_subst: Vec<bool>,
    pub(super) errors: Vec<(String, Range<usize>)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SubstKind {
    /// `$( … )`
    Dollar,
    /// `` ` … ` ``
    Backtick,
    /// `<( … )` or `>( … )`
    Process,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CaseState {
    /// Between `case` and `in`.
    Header,
    /// Reading a pattern, up to its `)`.
    Pattern,
    /// Reading the commands of a clause, up to `;;`.
    Body,
}

/// Kinds of compound commands, used to index [`Level::open`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Paren = 0,
    Brace = 1,
    If = 2,
    Loop = 3,
    Case = 4,
}

impl Kind {
    fn opener(self) -> &'static str {
        match self {
            Kind::Paren => "(",
            Kind::Brace => "{",
            Kind::If => "if",
            Kind::Loop => "loop",
            Kind::Case => "case",
        }
    }
    fn closer(self) -> &'static str {
        match self {
            Kind::Paren => ")",
            Kind::Brace => "}",
            Kind::If => "fi",
            Kind::Loop => "done",
            Kind::Case => "esac",
        }
    }
}

/// One entry of the nesting stack.
enum Ctx {
    Compound {
        kind: Kind,
        open: usize,
        /// `for`/`select` header not yet ended by `;`, newline or `do`.
        header: bool,
        case: CaseState,
    },
    Subst {
        kind: SubstKind,
        open: usize,
        saved: Box<Level>,
    },
}

/// A word being read.
struct WordBuf {
    text: String,
    start: usize,
    quoted: bool,
    exp: bool,
}

/// A simple command being read.
#[derive(Default)]
struct CmdBuf {
    start: Option<usize>,
    end: usize,
    assignments: Vec<Assignment>,
    words: Vec<Word>,
}

impl CmdBuf {
    fn at_command_position(&self) -> bool {
        self.words.is_empty() && self.assignments.is_empty()
    }
    fn touch(&mut self, start: usize, end: usize) {
        if self.start.is_none() {
            self.start = Some(start);
        }
        self.end = self.end.max(end);
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Redir {
    #[default]
    None,
    Target,
    HereDoc {
        strip_tabs: bool,
    },
}

/// Everything that belongs to one script level: the top level, or the inside of one `$( )`.
/// Entering a substitution saves it on the stack; leaving restores it.
struct Level {
    cur: CmdBuf,
    word: Option<WordBuf>,
    /// Inside double quotes that opened at this position.
    dq: Option<usize>,
    pending: Connector,
    redir: Redir,
    /// After `function`: the next word is the function name.
    fn_name: bool,
    /// Inside `[[ … ]]`.
    cond: bool,
    /// What opened this level.
    subst: Option<SubstKind>,
    /// Open compound commands of this level, by [`Kind`].
    open: [u32; 5],
}

impl Level {
    fn new(subst: Option<SubstKind>) -> Level {
        Level {
            cur: CmdBuf::default(),
            word: None,
            dq: None,
            pending: Connector::Start,
            redir: Redir::None,
            fn_name: false,
            cond: false,
            subst,
            open: [0; 5],
        }
    }
}

pub(super) struct Lexer<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    ctx: Vec<Ctx>,
    lv: Level,
    /// Number of `Ctx::Subst` entries on the stack.
    n_subst: usize,
    /// Here-documents whose bodies start after the next newline: (delimiter, strip tabs).
    heredocs: Vec<(String, bool)>,
    /// A `((` before this position was found not to be arithmetic: do not scan again.
    no_arith_until: usize,
    out: Raw,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn utf8_len(c: u8) -> usize {
    match c {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(s: &'a str) -> Lexer<'a> {
        Lexer {
            s,
            b: s.as_bytes(),
            i: 0,
            ctx: Vec::new(),
            lv: Level::new(None),
            n_subst: 0,
            heredocs: Vec::new(),
            no_arith_until: 0,
            out: Raw {
                commands: Vec::new(),
                in_subst: Vec::new(),
                errors: Vec::new(),
            },
        }
    }

    pub(super) fn run(mut self) -> Raw {
        while self.i < self.b.len() {
            if self.lv.word.is_some() {
                self.word_step();
            } else {
                self.token_step();
            }
        }
        self.finish_eof();
        self.out
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn error(&mut self, message: impl Into<String>, range: Range<usize>) {
        push_error(&mut self.out.errors, message.into(), range);
    }

    // --- commands ----------------------------------------------------------------------------

    /// Ends the current simple command; the next one joins it with `next`.
    fn finish_cmd(&mut self, next: Connector) {
        let cur = std::mem::take(&mut self.lv.cur);
        if !cur.at_command_position() {
            let start = cur.start.unwrap_or(cur.end);
            self.out.commands.push(SimpleCommand {
                assignments: cur.assignments,
                words: cur.words,
                range: start..cur.end,
                connector: self.lv.pending,
                depth: u32::try_from(self.ctx.len()).unwrap_or(u32::MAX),
            });
            self.out.in_subst.push(self.n_subst > 0);
        }
        self.lv.pending = next;
        self.lv.redir = Redir::None;
        self.lv.cond = false;
        self.lv.fn_name = false;
    }

    fn push_compound(&mut self, kind: Kind, open: usize) {
        self.lv.open[kind as usize] += 1;
        self.ctx.push(Ctx::Compound {
            kind,
            open,
            header: false,
            case: CaseState::Header,
        });
    }

    fn top_compound(&mut self) -> Option<(Kind, &mut bool, &mut CaseState)> {
        match self.ctx.last_mut() {
            Some(Ctx::Compound {
                kind, header, case, ..
            }) => Some((*kind, header, case)),
            _ => None,
        }
    }

    /// Pops compound commands of this level down to and including the innermost `kind`.
    /// Returns false (and pops nothing) when none is open.
    fn close_compound(&mut self, kind: Kind, at: Range<usize>) -> bool {
        if self.lv.open[kind as usize] == 0 {
            self.error(format!("unexpected `{}`", kind.closer()), at);
            return false;
        }
        while let Some(Ctx::Compound { kind: k, open, .. }) = self.ctx.last() {
            let (k, open) = (*k, *open);
            self.ctx.pop();
            self.lv.open[k as usize] -= 1;
            if k == kind {
                return true;
            }
            self.error(
                format!("`{}` is not closed by `{}`", k.opener(), k.closer()),
                open..at.start,
            );
        }
        true
    }

    /// Pops every compound command of this level, reporting each as unclosed.
    fn close_level_compounds(&mut self, end: usize) {
        while let Some(Ctx::Compound { kind, open, .. }) = self.ctx.last() {
            let (kind, open) = (*kind, *open);
            self.ctx.pop();
            self.lv.open[kind as usize] -= 1;
            self.error(
                format!("`{}` is not closed by `{}`", kind.opener(), kind.closer()),
                open..end,
            );
        }
    }

    // --- substitutions -----------------------------------------------------------------------

    /// Enters `$(`, `` ` `` or `<(` at `open`; the current word (if any) waits on the stack.
    fn push_subst(&mut self, kind: SubstKind, open: usize, body: usize) {
        if self.lv.word.is_none() {
            self.lv.word = Some(WordBuf {
                text: String::new(),
                start: open,
                quoted: false,
                exp: false,
            });
        }
        if self.n_subst >= MAX_SUBST_DEPTH {
            self.opaque_subst(kind, open, body);
            return;
        }
        let saved = std::mem::replace(&mut self.lv, Level::new(Some(kind)));
        self.ctx.push(Ctx::Subst {
            kind,
            open,
            saved: Box::new(saved),
        });
        self.n_subst += 1;
        self.i = body;
    }

    /// Reads a substitution too deep to split as plain text of the current word.
    fn opaque_subst(&mut self, kind: SubstKind, open: usize, body: usize) {
        let mut k = body;
        let mut depth = 1usize;
        while k < self.b.len() {
            match self.b[k] {
                b'\\' => k += 1,
                b'`' if kind == SubstKind::Backtick => {
                    k += 1;
                    break;
                }
                b'(' if kind != SubstKind::Backtick => depth += 1,
                b')' if kind != SubstKind::Backtick => {
                    depth -= 1;
                    if depth == 0 {
                        k += 1;
                        break;
                    }
                }
                b'\'' | b'"' if kind != SubstKind::Backtick => {
                    let q = self.b[k];
                    k += 1;
                    while k < self.b.len() && self.b[k] != q {
                        if q == b'"' && self.b[k] == b'\\' {
                            k += 1;
                        }
                        k += 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        // Past an escape, `k` may have stepped into a multi-byte char; `take_raw` clamps
        // to the input and `get` refuses a non-boundary, so move to the next boundary.
        let mut end = k.min(self.b.len());
        while !self.s.is_char_boundary(end) {
            end += 1;
        }
        self.error("substitutions nest too deep to split", open..end);
        self.take_raw(open, end);
    }

    /// Leaves the innermost substitution; its text up to `end` joins the waiting word.
    fn pop_subst(&mut self, end: usize) {
        self.finish_inner_word();
        self.finish_cmd(Connector::Seq);
        self.close_level_compounds(end);
        let Some(Ctx::Subst { open, saved, .. }) = self.ctx.pop() else {
            return;
        };
        self.n_subst -= 1;
        self.lv = *saved;
        let raw = self.s.get(open..end).unwrap_or("");
        if let Some(w) = self.lv.word.as_mut() {
            if raw.len() > MAX_SUBST_TEXT {
                let mut cut = MAX_SUBST_TEXT;
                while !raw.is_char_boundary(cut) {
                    cut -= 1;
                }
                w.text.push_str(&raw[..cut]);
                w.text.push('…');
            } else {
                w.text.push_str(raw);
            }
            w.exp = true;
        }
        self.i = end;
    }

    /// Ends a word in progress at the current position, reporting an open double quote.
    fn finish_inner_word(&mut self) {
        if let Some(q) = self.lv.dq.take() {
            self.error("unterminated double quote", q..self.i);
        }
        if self.lv.word.is_some() {
            self.end_word();
        }
    }

    fn finish_eof(&mut self) {
        let end = self.b.len();
        self.i = end;
        loop {
            self.finish_inner_word();
            self.finish_cmd(Connector::Seq);
            self.close_level_compounds(end);
            match self.ctx.last() {
                Some(Ctx::Subst { kind, open, .. }) => {
                    let what = match kind {
                        SubstKind::Dollar => "`$(` is not closed by `)`",
                        SubstKind::Backtick => "backquote is not closed",
                        SubstKind::Process => "process substitution is not closed by `)`",
                    };
                    let open = *open;
                    self.error(what, open..end);
                    self.pop_subst(end);
                }
                _ => break,
            }
        }
    }

    // --- tokens between words ----------------------------------------------------------------

    fn token_step(&mut self) {
        let start = self.i;
        let c = self.b[start];
        if self.lv.cond && matches!(c, b'&' | b'|' | b'(' | b')' | b'<' | b'>') {
            // Inside `[[ ]]` these are operands of the test, not shell operators.
            let len = if matches!(c, b'&' | b'|') && self.peek(1) == Some(c) {
                2
            } else {
                1
            };
            self.i += len;
            let text = self.s[start..self.i].to_string();
            self.lv.cur.touch(start, self.i);
            self.lv.cur.words.push(Word {
                text,
                range: start..self.i,
                quoted: false,
                has_expansion: false,
            });
            return;
        }
        match c {
            b' ' | b'\t' | b'\r' => self.i += 1,
            b'\\' if self.peek(1) == Some(b'\n') => self.i += 2,
            b'\n' => {
                self.i += 1;
                self.newline();
                self.read_heredoc_bodies();
            }
            b'#' => {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            }
            b';' => {
                let clause_end = self.peek(1) == Some(b';') || self.peek(1) == Some(b'&');
                self.i += 1;
                if clause_end {
                    self.i += 1;
                    if self.peek(0) == Some(b'&') {
                        self.i += 1; // `;;&`
                    }
                }
                self.finish_cmd(Connector::Seq);
                if let Some((kind, header, case)) = self.top_compound() {
                    if kind == Kind::Loop {
                        *header = false;
                    } else if kind == Kind::Case && *case == CaseState::Body && clause_end {
                        *case = CaseState::Pattern;
                    }
                }
            }
            b'&' => match self.peek(1) {
                Some(b'&') => {
                    self.i += 2;
                    self.finish_cmd(Connector::And);
                }
                Some(b'>') => {
                    self.i += 2;
                    if self.peek(0) == Some(b'>') {
                        self.i += 1;
                    }
                    self.lv.cur.touch(start, self.i);
                    self.lv.redir = Redir::Target;
                }
                _ => {
                    self.i += 1;
                    self.finish_cmd(Connector::Background);
                }
            },
            b'|' => {
                if self.in_case(CaseState::Pattern) {
                    self.i += 1;
                } else if self.peek(1) == Some(b'|') {
                    self.i += 2;
                    self.finish_cmd(Connector::Or);
                } else {
                    self.i += if self.peek(1) == Some(b'&') { 2 } else { 1 };
                    self.finish_cmd(Connector::Pipe);
                }
            }
            b'(' => self.open_paren(),
            b')' => self.close_paren(),
            b'<' | b'>' => self.redirect(),
            b'`' if self.lv.subst == Some(SubstKind::Backtick) => self.pop_subst(start + 1),
            _ => {
                self.lv.word = Some(WordBuf {
                    text: String::new(),
                    start,
                    quoted: false,
                    exp: false,
                });
            }
        }
    }

    fn in_case(&self, state: CaseState) -> bool {
        matches!(
            self.ctx.last(),
            Some(Ctx::Compound { kind: Kind::Case, case, .. }) if *case == state
        )
    }

    fn newline(&mut self) {
        if let Some((kind, header, case)) = self.top_compound() {
            if kind == Kind::Case && *case != CaseState::Body {
                return;
            }
            if kind == Kind::Loop && *header {
                *header = false;
            }
        }
        if self.lv.cur.at_command_position() {
            // Blank line, comment, `&&` at the end of a line, or after a keyword: nothing ends.
            // A redirection alone (`> f`) is not a command.
            self.lv.redir = Redir::None;
            self.lv.cur = CmdBuf::default();
            return;
        }
        self.finish_cmd(Connector::Seq);
    }
}

mod words;
