//! Splits the shell script of a `RUN` instruction into simple commands, once per file.
//!
//! This file owns [`split`]: it takes the command line of a shell-form `RUN` (continuations
//! already joined by the parser) or the body of a `RUN` heredoc, and returns every simple command
//! in it. Each command has its words (quotes removed, escapes resolved, each with its byte range
//! in the input), its `VAR=value` prefix assignments, the operator that joins it to the command
//! before it, and its nesting depth. Commands inside subshells, groups, `if`, loops, `case`,
//! `$( … )`, backticks and `<( … )` are listed too, with `depth > 0`. The inner script of
//! `sh -c "…"` / `bash -c '…'` is split as well and its commands follow the `sh` command. Rules
//! read this list and never tokenize shell themselves (STYLE.md §7).
//!
//! What the words keep and drop: parameter expansions stay literal in the text (`$GOARCH`,
//! `${X:-y}`, `$(go env GOPATH)`) and set [`Word::has_expansion`]. Redirections (`> file`,
//! `2>&1`, `<<EOF`) are not words; here-document bodies inside the script are skipped. Comments
//! are skipped. Keywords (`if`, `then`, `do`, `done`, `{`, `}`, `!`, `time`, …) are not commands;
//! the words of a `for … in …` header and of `case` patterns are not commands either.
//!
//! # Why a hand-made tokenizer and not a shell parser crate
//!
//! Measured on the corpus (BuildKit's parse of 2,988 real Dockerfiles: 7,765 shell-form `RUN`
//! lines, after dropping those in stages whose `SHELL` is PowerShell or cmd, and 138 `RUN`
//! heredoc bodies), release build, this 2-core machine, best of 3 runs:
//!
//! | crate (version)         | RUN lines | heredocs | total, µs/line   | 100k nested `( ` | 10 MB flat    | word positions | extra crates | notes |
//! |-------------------------|-----------|----------|------------------|------------------|---------------|----------------|--------------|-------|
//! | brush-parser 0.4.0      | 7,715     | 138/138  | 145 ms, 18.7     | stack overflow   | 1.4 s         | char index     | 74           | active; MSRV 1.88 (ours 1.80); `insta`, `cached`, `bon`, `peg` at run time; word text raw |
//! | rable 0.2.2             | 7,715     | 138/138  | 88–114 ms, 11–15 | stack overflow   | stack overflow| char index     | 9            | active (2026 releases); MSRV 1.93 |
//! | conch-parser 0.1.1      | 7,707     | 137/138  | 255 ms, 32.8     | stack overflow   | 2.0 s         | bytes          | 2            | last release 2019; no `[[ ]]` |
//! | tree-sitter-bash 0.25.1 | 7,576     | 138/138  | 302 ms, 38.9     | ok, 50 ms        | 2.0 s         | bytes          | 9 + C build  | error recovery hides errors; a CST, words still to unquote |
//! | yash-syntax 0.21.0      | 7,571     | 137/138  | 714 ms, 92.2     | stack overflow   | 4.3 s         | char index     | 55           | GPL-3.0 (we are MIT); async API; 0.25 needs rustc 1.96 |
//! | **this file**           | 7,715     | 138/138  | 46 ms, 5.9       | ok, <1 ms        | 0.4 s         | bytes          | 0            | |
//!
//! The lower counts of tree-sitter and yash are mostly `RUN <<EOF` lines that the harness joined
//! with their bodies (137 and 138 of them; the terminator has no final newline). Beyond those,
//! tree-sitter rejects 2 real lines and yash 6 (`[[ ]]`, `<( )`).
//!
//! The 50 lines every crate rejects are PowerShell `RUN`s in Windows images with no `SHELL`
//! line. All four recursive-descent parsers abort the whole process (a stack overflow is not a
//! panic that `catch_unwind` can stop) on 100,000 nested parentheses, and rable does so on a
//! 10 MB flat script; a linter must survive any file. Only brush and rable fit the 20 µs/line
//! budget, and both need a newer compiler than our MSRV. None of them hands back the unquoted
//! word text with its byte range, which is what rules need, so we would still have walked their
//! AST and unquoted every word. What we need is a tokenizer with nesting, not an interpreter's
//! parser: this file is that, about 1,000 lines with no dependency. The harness that made this
//! table needs those crates, so it is not in the repository; the corpus test at the bottom of
//! this file checks that every corpus script splits.
//!
//! # Limits, by design
//!
//! Linear time, memory linear in the input, never panics, no recursion on input structure:
//! nesting lives on an explicit stack (`Ctx`). Only the `sh -c` re-split recurses, at most
//! [`MAX_SH_LEVELS`] deep and within a byte budget of twice the input. At most [`MAX_ERRORS`]
//! errors are kept. Substitutions nested deeper than [`MAX_SUBST_DEPTH`] stay opaque text. Commands inside `${X:-$(cmd)}`, `$(( ))` and here-document bodies are not
//! listed. A `((` that is not arithmetic (`((cd a) && b)`) is read as two subshells. A trailing
//! `&` on the last command is not recorded (the connector says how a command joins the one
//! *before* it).

use std::ops::Range;

/// One word of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes removed and escapes resolved; expansions stay literal (`$HOME`).
    pub text: String,
    /// Byte range of the word as written, quotes included.
    pub range: Range<usize>,
    /// Some part of the word was quoted or escaped (`'…'`, `"…"`, `$'…'`, `\x`).
    pub quoted: bool,
    /// The word contains a parameter, command or arithmetic expansion outside single quotes.
    pub has_expansion: bool,
}

/// A `NAME=value` (or `NAME+=value`) prefix of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// The value, after the `=`; its range starts after the `=`.
    pub value: Word,
}

/// How a command joins the command before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Connector {
    /// First command of the script, of a `$( … )`, or of an `sh -c` script.
    Start,
    /// After `&&`.
    And,
    /// After `||`.
    Or,
    /// After `;`, `;;` or a newline.
    Seq,
    /// After `|` or `|&`.
    Pipe,
    /// After `&`: the command before runs in the background.
    Background,
}

/// One simple command: assignments, then words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    /// `VAR=value` prefixes.
    pub assignments: Vec<Assignment>,
    /// `words[0]` is the command name, if any.
    pub words: Vec<Word>,
    /// The whole simple command in the input (redirections included).
    pub range: Range<usize>,
    /// How it joins the previous command.
    pub connector: Connector,
    /// 0 at top level; >0 inside subshell, group, `if`, loop, `case`, `$( )` or `sh -c`.
    pub depth: u32,
}

impl SimpleCommand {
    /// The command name, `words[0]`.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| w.text.as_str())
    }

    /// The arguments, `words[1..]`.
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Whether a short option is given, alone (`-R`) or combined (`-Rf`). Options after `--`
    /// and long options (`--recursive`) are not looked at.
    pub fn has_flag(&self, short: char) -> bool {
        for arg in self.args() {
            let t = arg.text.as_str();
            if t == "--" {
                break;
            }
            if let Some(rest) = t.strip_prefix('-') {
                if !rest.starts_with('-') && rest.contains(short) {
                    return true;
                }
            }
        }
        false
    }
}

/// The commands of a script, in source order, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// Problems such as an unterminated quote; the commands are still split as well as possible.
    pub errors: Vec<(String, Range<usize>)>,
}

/// At most this many errors are kept per script.
pub const MAX_ERRORS: usize = 64;

/// `sh -c "sh -c '…'"` is re-split at most this many levels deep.
pub const MAX_SH_LEVELS: u32 = 3;

/// Substitutions nested deeper than this are kept as opaque text, not split. Each level copies
/// the text of the levels inside it into its word, so this bounds memory to a multiple of the
/// input.
pub const MAX_SUBST_DEPTH: usize = 16;

/// The text of a substitution longer than this is cut (with `…`) in the word that holds it.
const MAX_SUBST_TEXT: usize = 1 << 16;

/// Splits a shell script into its simple commands. Never panics; linear in the input.
pub fn split(script: &str) -> Script {
    let mut budget = script.len().saturating_mul(2).saturating_add(1 << 16);
    let mut out = Script::default();
    split_into(script, 0, &mut budget, &mut out, None);
    out
}

/// Where the commands of an inner `sh -c` script go: all their ranges become `range`, and
/// their depth is raised by `depth`.
struct Inner {
    range: Range<usize>,
    depth: u32,
    /// Drop commands found inside `$( )` of the inner script: the outer shell already expanded
    /// them, and they are in the list from the outer split.
    drop_substitutions: bool,
}

fn split_into(
    script: &str,
    level: u32,
    budget: &mut usize,
    out: &mut Script,
    inner: Option<&Inner>,
) {
    let raw = Lexer::new(script).run();
    for (message, range) in raw.errors {
        let range = inner.map_or(range, |x| x.range.clone());
        push_error(&mut out.errors, message, range);
    }
    for (mut cmd, in_subst) in raw.commands.into_iter().zip(raw.in_subst) {
        if let Some(x) = inner {
            if in_subst && x.drop_substitutions {
                continue;
            }
            relocate(&mut cmd, x);
        }
        let script_arg = if level < MAX_SH_LEVELS {
            sh_c_script(&cmd)
        } else {
            None
        };
        let Some(i) = script_arg else {
            out.commands.push(cmd);
            continue;
        };
        let w = &cmd.words[i];
        let arg_range = w.range.clone();
        if w.text.len() > *budget {
            push_error(
                &mut out.errors,
                "`sh -c` scripts nest too much to split them all".to_string(),
                arg_range,
            );
            out.commands.push(cmd);
            continue;
        }
        *budget -= w.text.len();
        // Commands that the split above found inside this argument were expanded by the outer
        // shell before `sh` ran.
        let has_nested = raw_inside(&arg_range, inner.is_some(), &out.commands);
        let text = w.text.clone();
        let depth = cmd.depth;
        out.commands.push(cmd);
        let x = Inner {
            range: arg_range,
            depth: depth.saturating_add(1),
            drop_substitutions: has_nested,
        };
        split_into(&text, level + 1, budget, out, Some(&x));
    }
}

/// Whether the outer split already listed a command inside `range` (only meaningful when the
/// ranges are real, i.e. at the first level).
fn raw_inside(range: &Range<usize>, relocated: bool, commands: &[SimpleCommand]) -> bool {
    if relocated {
        // Ranges were all replaced by the argument range; be conservative and keep everything.
        return false;
    }
    // A command is emitted when it ends, so the commands of a substitution inside the argument
    // come just before the `sh` command: look back over those.
    commands
        .iter()
        .rev()
        .take_while(|c| c.range.start >= range.start)
        .any(|c| c.range.end <= range.end)
}

fn relocate(cmd: &mut SimpleCommand, x: &Inner) {
    cmd.range = x.range.clone();
    cmd.depth = cmd.depth.saturating_add(x.depth);
    for w in &mut cmd.words {
        w.range = x.range.clone();
    }
    for a in &mut cmd.assignments {
        a.value.range = x.range.clone();
    }
}

/// If `cmd` is `sh -c SCRIPT …` (or bash, dash, ash, zsh, ksh, mksh, also with a path and
/// combined flags such as `-ec`), the index of the SCRIPT word.
fn sh_c_script(cmd: &SimpleCommand) -> Option<usize> {
    let name = cmd.name()?;
    let base = name.rsplit('/').next().unwrap_or(name);
    if !matches!(
        base,
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh"
    ) {
        return None;
    }
    let mut seen_c = false;
    let mut i = 1;
    while i < cmd.words.len() {
        let t = cmd.words[i].text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if let Some(flags) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            if flags.is_empty() || flags.starts_with('-') {
                // `-` alone or a long option such as `--norc`.
                i += 1;
                continue;
            }
            if flags.contains('c') {
                seen_c = true;
            }
            if flags.ends_with('o') || flags.ends_with('O') {
                i += 1; // `-o pipefail`: skip the option name
            }
            i += 1;
            continue;
        }
        break;
    }
    (seen_c && i < cmd.words.len()).then_some(i)
}

fn push_error(errors: &mut Vec<(String, Range<usize>)>, message: String, range: Range<usize>) {
    if errors.len() < MAX_ERRORS {
        errors.push((message, range));
    }
}

// ---------------------------------------------------------------------------------------------
// The tokenizer.

/// What the lexer hands back before `sh -c` scripts are expanded.
struct Raw {
    commands: Vec<SimpleCommand>,
    /// Parallel to `commands`: the command sits inside a `$( )`, backticks or `<( )`.
    in_subst: Vec<bool>,
    errors: Vec<(String, Range<usize>)>,
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

struct Lexer<'a> {
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
    fn new(s: &'a str) -> Lexer<'a> {
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

    fn run(mut self) -> Raw {
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

    fn read_heredoc_bodies(&mut self) {
        if self.heredocs.is_empty() {
            return;
        }
        let docs = std::mem::take(&mut self.heredocs);
        for (delim, strip_tabs) in docs {
            while self.i < self.b.len() {
                let line_end = self.s[self.i..]
                    .find('\n')
                    .map_or(self.b.len(), |k| self.i + k);
                let mut line = &self.s[self.i..line_end];
                self.i = (line_end + 1).min(self.b.len());
                if strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                if line.strip_suffix('\r').unwrap_or(line) == delim {
                    break;
                }
            }
            // A body cut off by the end of input is normal: BuildKit hands `RUN <<EOF` bodies
            // over separately from the command line.
        }
    }

    fn open_paren(&mut self) {
        let start = self.i;
        if self.in_case(CaseState::Pattern) {
            self.i += 1; // optional `(` before a pattern
            return;
        }
        // `()` after a function name, or after `function name`.
        let mut k = start + 1;
        while matches!(self.b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        let empty_parens = self.b.get(k) == Some(&b')');
        if self.lv.cur.at_command_position() {
            if empty_parens {
                self.i = k + 1;
                return;
            }
            if self.peek(1) == Some(b'(') && start >= self.no_arith_until {
                if let Some(end) = self.arith_end(start + 2) {
                    self.i = end; // `(( … ))` arithmetic command
                    return;
                }
                self.push_compound(Kind::Paren, start);
                self.push_compound(Kind::Paren, start + 1);
                self.i = start + 2;
                return;
            }
            self.push_compound(Kind::Paren, start);
            self.i = start + 1;
            return;
        }
        if empty_parens && self.lv.cur.words.len() == 1 && self.lv.cur.assignments.is_empty() {
            // `name() { …; }`: the name is not a command.
            self.lv.cur = CmdBuf::default();
            self.i = k + 1;
            return;
        }
        self.error("unexpected `(`", start..start + 1);
        self.i += 1;
    }

    /// After `((` or `$((` (at `from`), the end of the matching `))`, if the parentheses close
    /// as a pair. Otherwise remembers how far it looked so that no `((` inside is scanned again.
    fn arith_end(&mut self, from: usize) -> Option<usize> {
        let mut depth = 2usize;
        let mut k = from;
        while k < self.b.len() {
            match self.b[k] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 1 {
                        if self.b.get(k + 1) == Some(&b')') {
                            return Some(k + 2);
                        }
                        self.no_arith_until = k;
                        return None;
                    }
                }
                b'\\' => k += 1,
                _ => {}
            }
            k += 1;
        }
        self.no_arith_until = self.b.len();
        None
    }

    fn close_paren(&mut self) {
        let start = self.i;
        if let Some((Kind::Case, _, case)) = self.top_compound() {
            if *case == CaseState::Pattern {
                *case = CaseState::Body;
                self.i += 1;
                return;
            }
        }
        self.finish_cmd(Connector::Seq);
        if self.lv.open[Kind::Paren as usize] > 0 {
            self.close_compound(Kind::Paren, start..start + 1);
            self.i = start + 1;
        } else if matches!(
            self.lv.subst,
            Some(SubstKind::Dollar) | Some(SubstKind::Process)
        ) {
            self.pop_subst(start + 1);
        } else {
            self.error("unexpected `)`", start..start + 1);
            self.i = start + 1;
        }
    }

    fn redirect(&mut self) {
        let start = self.i;
        let c = self.b[start];
        if self.peek(1) == Some(b'(') {
            // `<( … )` / `>( … )`: a word made of a process substitution.
            self.push_subst(SubstKind::Process, start, start + 2);
            return;
        }
        let mut redir = Redir::Target;
        self.i += 1;
        if c == b'<' && self.peek(0) == Some(b'<') {
            self.i += 1;
            match self.peek(0) {
                Some(b'<') => self.i += 1, // here-string: target is a word
                Some(b'-') => {
                    self.i += 1;
                    redir = Redir::HereDoc { strip_tabs: true };
                }
                _ => redir = Redir::HereDoc { strip_tabs: false },
            }
        } else if matches!(self.peek(0), Some(b'&' | b'>' | b'|'))
            || (c == b'<' && self.peek(0) == Some(b'>'))
        {
            self.i += 1;
        }
        self.lv.cur.touch(start, self.i);
        self.lv.redir = redir;
    }

    // --- words -------------------------------------------------------------------------------

    fn push_char(&mut self) {
        let len = utf8_len(self.b[self.i]).min(self.b.len() - self.i);
        if let (Some(w), Some(ch)) = (self.lv.word.as_mut(), self.s.get(self.i..self.i + len)) {
            w.text.push_str(ch);
        }
        self.i += len.max(1);
    }

    fn word_mut(&mut self) -> &mut WordBuf {
        self.lv.word.get_or_insert_with(|| WordBuf {
            text: String::new(),
            start: 0,
            quoted: false,
            exp: false,
        })
    }

    /// Reads one piece of the current word.
    fn word_step(&mut self) {
        let c = self.b[self.i];
        if self.lv.dq.is_some() {
            match c {
                b'"' => {
                    self.lv.dq = None;
                    self.i += 1;
                }
                b'\\' => match self.peek(1) {
                    Some(b'\n') => self.i += 2,
                    Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                        self.word_mut().text.push(n as char);
                        self.i += 2;
                    }
                    _ => {
                        self.word_mut().text.push('\\');
                        self.i += 1;
                    }
                },
                b'$' => self.dollar(),
                b'`' => self.backtick(),
                _ => self.push_char(),
            }
            return;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'<' | b'>' => self.end_word(),
            b'(' | b')' | b'|' if self.lv.cond => self.push_char(),
            b'(' if self.is_array_assignment() => self.array_value(),
            b'(' | b')' | b'|' => self.end_word(),
            b'\'' => {
                let start = self.i;
                let src = self.s;
                self.word_mut().quoted = true;
                match src[start + 1..].find('\'') {
                    Some(k) => {
                        let body = &src[start + 1..start + 1 + k];
                        self.word_mut().text.push_str(body);
                        self.i = start + k + 2;
                    }
                    None => {
                        let body = &src[start + 1..];
                        self.word_mut().text.push_str(body);
                        self.i = self.b.len();
                        self.error("unterminated single quote", start..self.i);
                    }
                }
            }
            b'"' => {
                self.word_mut().quoted = true;
                self.lv.dq = Some(self.i);
                self.i += 1;
            }
            b'\\' => match self.peek(1) {
                Some(b'\n') => self.i += 2,
                Some(_) => {
                    self.word_mut().quoted = true;
                    self.i += 1;
                    self.push_char();
                }
                None => {
                    self.word_mut().text.push('\\');
                    self.i += 1;
                }
            },
            b'$' => self.dollar(),
            b'`' => self.backtick(),
            _ => self.push_char(),
        }
    }

    /// `NAME=(` at command position: a bash array value.
    fn is_array_assignment(&self) -> bool {
        let Some(w) = &self.lv.word else { return false };
        if !self.lv.cur.at_command_position() {
            return false;
        }
        let raw = &self.b[w.start..self.i];
        raw.len() >= 2
            && raw.last() == Some(&b'=')
            && is_name_start(raw[0])
            && raw[..raw.len() - 1]
                .iter()
                .enumerate()
                .all(|(k, &c)| is_name_char(c) || (c == b'+' && k == raw.len() - 2))
    }

    /// Reads `( … )` of an array assignment into the word, as written.
    fn array_value(&mut self) {
        let start = self.i;
        let mut depth = 0usize;
        let mut k = start;
        while k < self.b.len() {
            match self.b[k] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        k += 1;
                        break;
                    }
                }
                b'\\' => k += 1,
                b'\'' | b'"' => {
                    let q = self.b[k];
                    k += 1;
                    while k < self.b.len() && self.b[k] != q {
                        k += 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let k = k.min(self.b.len());
        // `k` only stops after ASCII bytes or at the end, so it is a char boundary.
        let raw = self.s.get(start..k).unwrap_or("");
        if let Some(w) = self.lv.word.as_mut() {
            w.text.push_str(raw);
        }
        self.i = k;
    }

    fn dollar(&mut self) {
        let start = self.i;
        let in_dq = self.lv.dq.is_some();
        match self.peek(1) {
            Some(b'\'') if !in_dq => self.ansi_c_quote(),
            Some(b'"') if !in_dq => {
                // `$"…"`: a translatable string, read as a double-quoted one.
                self.word_mut().quoted = true;
                self.lv.dq = Some(start + 1);
                self.i += 2;
            }
            Some(b'(') => {
                if self.peek(2) == Some(b'(') {
                    let end = self.arith_end(start + 3).unwrap_or_else(|| {
                        // Not closed as `))`: take it as arithmetic to the end all the same.
                        self.no_arith_until.max(start + 3).min(self.b.len())
                    });
                    self.take_raw(start, end);
                } else {
                    self.push_subst(SubstKind::Dollar, start, start + 2);
                }
            }
            Some(b'{') => {
                let end = self.braced_end(start + 2);
                self.take_raw(start, end);
            }
            Some(c) if is_name_start(c) => {
                let mut k = start + 1;
                while k < self.b.len() && is_name_char(self.b[k]) {
                    k += 1;
                }
                self.take_raw(start, k);
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => {
                self.take_raw(start, start + 2);
            }
            _ => {
                self.word_mut().text.push('$');
                self.i += 1;
            }
        }
    }

    /// Appends `s[start..end]` (an expansion) to the word as written.
    fn take_raw(&mut self, start: usize, end: usize) {
        let end = end.min(self.b.len());
        let raw = self.s.get(start..end).unwrap_or("");
        let w = self.word_mut();
        w.text.push_str(raw);
        w.exp = true;
        self.i = end.max(start + 1);
    }

    /// After `${` at `from`: the end of the matching `}`.
    fn braced_end(&mut self, from: usize) -> usize {
        let mut depth = 1usize;
        let mut k = from;
        while k < self.b.len() {
            match self.b[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return k + 1;
                    }
                }
                b'\\' => k += 1,
                b'"' | b'\'' => {
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
        self.error("`${` is not closed by `}`", from - 2..self.b.len());
        self.b.len()
    }

    /// `$'…'`: resolves the common C escapes.
    fn ansi_c_quote(&mut self) {
        let start = self.i;
        let mut k = start + 2;
        let mut text = String::new();
        let mut closed = false;
        while k < self.b.len() {
            match self.b[k] {
                b'\'' => {
                    closed = true;
                    k += 1;
                    break;
                }
                b'\\' if k + 1 < self.b.len() => {
                    let e = self.b[k + 1];
                    let simple = match e {
                        b'n' => Some('\n'),
                        b't' => Some('\t'),
                        b'r' => Some('\r'),
                        b'a' => Some('\x07'),
                        b'b' => Some('\x08'),
                        b'e' | b'E' => Some('\x1b'),
                        b'f' => Some('\x0c'),
                        b'v' => Some('\x0b'),
                        b'\\' | b'\'' | b'"' | b'?' => Some(e as char),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        text.push(ch);
                        k += 2;
                    } else if e == b'x' {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 2 && k + 2 + n < self.b.len() {
                            match (self.b[k + 2 + n] as char).to_digit(16) {
                                Some(d) => v = v * 16 + d,
                                None => break,
                            }
                            n += 1;
                        }
                        if n == 0 {
                            text.push_str("\\x");
                        } else {
                            text.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                        }
                        k += 2 + n;
                    } else {
                        text.push('\\');
                        k += 1;
                    }
                }
                c => {
                    let len = utf8_len(c).min(self.b.len() - k);
                    text.push_str(self.s.get(k..k + len).unwrap_or(""));
                    k += len.max(1);
                }
            }
        }
        let k = k.min(self.b.len());
        if !closed {
            self.error("unterminated `$'` quote", start..k);
        }
        let w = self.word_mut();
        w.text.push_str(&text);
        w.quoted = true;
        self.i = k;
    }

    fn backtick(&mut self) {
        if self.lv.subst == Some(SubstKind::Backtick) {
            // Closes the substitution this level is in.
            let end = self.i + 1;
            self.pop_subst(end);
        } else {
            let start = self.i;
            self.push_subst(SubstKind::Backtick, start, start + 1);
        }
    }

    /// The current word ends at `self.i` (not consumed): decide what it is.
    fn end_word(&mut self) {
        let Some(w) = self.lv.word.take() else { return };
        let end = self.i;
        let word = Word {
            text: w.text,
            range: w.start..end,
            quoted: w.quoted,
            has_expansion: w.exp,
        };
        let plain = !word.quoted && !word.has_expansion;

        match self.lv.redir {
            Redir::Target => {
                self.lv.redir = Redir::None;
                self.lv.cur.touch(word.range.start, end);
                return;
            }
            Redir::HereDoc { strip_tabs } => {
                self.lv.redir = Redir::None;
                self.lv.cur.touch(word.range.start, end);
                if self.heredocs.len() < 1024 {
                    self.heredocs.push((word.text, strip_tabs));
                }
                return;
            }
            Redir::None => {}
        }

        if let Some((kind, header, case)) = self.top_compound() {
            if kind == Kind::Loop && *header {
                if plain && word.text == "do" {
                    *header = false;
                }
                return;
            }
            if kind == Kind::Case && *case == CaseState::Header {
                if plain && word.text == "in" {
                    *case = CaseState::Pattern;
                }
                return;
            }
            if kind == Kind::Case && *case == CaseState::Pattern {
                if plain && word.text == "esac" {
                    self.close_compound(Kind::Case, word.range);
                }
                return;
            }
        }

        // `2>file`: the digits are the file descriptor.
        if plain
            && matches!(self.peek(0), Some(b'<' | b'>'))
            && word.text.bytes().all(|c| c.is_ascii_digit())
        {
            self.lv.cur.touch(word.range.start, end);
            return;
        }

        if self.lv.fn_name {
            self.lv.fn_name = false;
            return;
        }

        if plain && self.lv.cur.at_command_position() && self.keyword(&word) {
            return;
        }
        if plain && self.lv.cond && word.text == "]]" {
            self.lv.cond = false;
        }

        self.lv.cur.touch(word.range.start, end);
        if self.lv.cur.words.is_empty() {
            if let Some(eq) = assignment_name_len(self.s.get(word.range.clone()).unwrap_or("")) {
                // The name and `=` are plain ASCII in the source, so the same bytes lead the
                // unquoted text.
                let name_len = if self.b[word.range.start + eq - 1] == b'+' {
                    eq - 1
                } else {
                    eq
                };
                let name = word.text.get(..name_len).unwrap_or("").to_string();
                let value = Word {
                    text: word.text.get(eq + 1..).unwrap_or("").to_string(),
                    range: word.range.start + eq + 1..end,
                    quoted: word.quoted,
                    has_expansion: word.has_expansion,
                };
                self.lv.cur.assignments.push(Assignment { name, value });
                return;
            }
            if word.text == "[[" && plain {
                self.lv.cond = true;
            }
        }
        self.lv.cur.words.push(word);
    }

    /// Handles a reserved word at command position; false if `word` is not one.
    fn keyword(&mut self, word: &Word) -> bool {
        let at = word.range.clone();
        match word.text.as_str() {
            "if" => self.push_compound(Kind::If, at.start),
            "while" | "until" => self.push_compound(Kind::Loop, at.start),
            "for" | "select" => {
                self.push_compound(Kind::Loop, at.start);
                if let Some(Ctx::Compound { header, .. }) = self.ctx.last_mut() {
                    *header = true;
                }
                // `for (( i = 0; i < n; i++ ))`
                let mut k = self.i;
                while matches!(self.b.get(k), Some(b' ' | b'\t')) {
                    k += 1;
                }
                if self.b.get(k) == Some(&b'(') && self.b.get(k + 1) == Some(&b'(') {
                    if let Some(end) = self.arith_end(k + 2) {
                        self.i = end;
                    }
                }
            }
            "case" => self.push_compound(Kind::Case, at.start),
            "{" => self.push_compound(Kind::Brace, at.start),
            "then" | "else" | "elif" | "do" | "!" | "time" => {}
            "fi" => {
                self.close_compound(Kind::If, at);
            }
            "done" => {
                self.close_compound(Kind::Loop, at);
            }
            "esac" => {
                self.close_compound(Kind::Case, at);
            }
            "}" => {
                self.close_compound(Kind::Brace, at);
            }
            "function" => self.lv.fn_name = true,
            _ => return false,
        }
        true
    }
}

/// If `raw` (a word as written) starts with `NAME=` or `NAME+=`, the byte index of the `=`.
fn assignment_name_len(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    if !is_name_start(*b.first()?) {
        return None;
    }
    let mut k = 1;
    while k < b.len() && is_name_char(b[k]) {
        k += 1;
    }
    match (b.get(k), b.get(k + 1)) {
        (Some(b'='), _) => Some(k),
        (Some(b'+'), Some(b'=')) => Some(k + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(c: &SimpleCommand) -> Vec<&str> {
        c.words.iter().map(|w| w.text.as_str()).collect()
    }

    /// (words, connector, depth) of every command.
    fn shape(s: &str) -> Vec<(Vec<&str>, Connector, u32)> {
        // Leak is fine in tests: it lets the result borrow from the split.
        let script: &'static Script = Box::leak(Box::new(split(s)));
        assert!(script.errors.is_empty(), "{s:?}: {:?}", script.errors);
        script
            .commands
            .iter()
            .map(|c| (words(c), c.connector, c.depth))
            .collect()
    }

    use Connector::*;

    #[test]
    fn and_chain() {
        let s = "apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*";
        assert_eq!(
            shape(s),
            vec![
                (vec!["apt-get", "update"], Start, 0),
                (vec!["apt-get", "install", "-y", "gcc"], And, 0),
                (vec!["rm", "-rf", "/var/lib/apt/lists/*"], And, 0),
            ]
        );
        let script = split(s);
        let rm = &script.commands[2];
        assert_eq!(&s[rm.range.clone()], "rm -rf /var/lib/apt/lists/*");
        assert_eq!(&s[rm.words[1].range.clone()], "-rf");
        assert!(rm.has_flag('r') && rm.has_flag('f') && !rm.has_flag('y'));
        assert_eq!(rm.name(), Some("rm"));
        assert_eq!(rm.args().len(), 2);
    }

    #[test]
    fn joined_continuation_lines_and_heredoc_body() {
        // What BuildKit hands over for `RUN set -eux; \` + tab-indented lines.
        let joined = "set -eux; \tapk add --no-cache curl; \tcurl -fsSL https://x | sh";
        assert_eq!(
            shape(joined),
            vec![
                (vec!["set", "-eux"], Start, 0),
                (vec!["apk", "add", "--no-cache", "curl"], Seq, 0),
                (vec!["curl", "-fsSL", "https://x"], Seq, 0),
                (vec!["sh"], Pipe, 0),
            ]
        );
        // A heredoc body keeps real newlines and backslash continuations.
        let body = "set -eux\napt-get update \\\n  && apt-get install -y \\\n     git\n";
        assert_eq!(
            shape(body),
            vec![
                (vec!["set", "-eux"], Start, 0),
                (vec!["apt-get", "update"], Seq, 0),
                (vec!["apt-get", "install", "-y", "git"], And, 0),
            ]
        );
        // `&&` at the end of a line carries over the newline.
        assert_eq!(
            shape("a &&\n  b ||\n c |\n d\ne"),
            vec![
                (vec!["a"], Start, 0),
                (vec!["b"], And, 0),
                (vec!["c"], Or, 0),
                (vec!["d"], Pipe, 0),
                (vec!["e"], Seq, 0),
            ]
        );
    }

    #[test]
    fn assignments_prefix() {
        let s = "CGO_ENABLED=0 GOOS=linux go build -o app .";
        let script = split(s);
        assert!(script.errors.is_empty());
        let c = &script.commands[0];
        assert_eq!(words(c), vec!["go", "build", "-o", "app", "."]);
        let names: Vec<_> = c.assignments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["CGO_ENABLED", "GOOS"]);
        assert_eq!(c.assignments[1].value.text, "linux");
        assert_eq!(&s[c.assignments[1].value.range.clone()], "linux");
        assert_eq!(c.range, 0..s.len());
        // Only a prefix: later `X=y` words are arguments.
        let c = &split("env A=1 make X=2").commands[0];
        assert!(c.assignments.is_empty());
        assert_eq!(words(c), vec!["env", "A=1", "make", "X=2"]);
        // Alone, quoted, appended.
        let c = &split("A=\"a b\" B+=c").commands[0];
        assert!(c.words.is_empty() && c.name().is_none());
        assert_eq!(c.assignments[0].value.text, "a b");
        assert!(c.assignments[0].value.quoted);
        assert_eq!(c.assignments[1].name, "B");
        assert_eq!(c.assignments[1].value.text, "c");
    }

    #[test]
    fn subshell() {
        assert_eq!(
            shape("(cd x && make)"),
            vec![(vec!["cd", "x"], Start, 1), (vec!["make"], And, 1)]
        );
        assert_eq!(
            shape("a && { b; c; } || d"),
            vec![
                (vec!["a"], Start, 0),
                (vec!["b"], And, 1),
                (vec!["c"], Seq, 1),
                (vec!["d"], Or, 0),
            ]
        );
    }

    #[test]
    fn if_then_else() {
        assert_eq!(
            shape("if [ -f a ]; then b; else c; fi"),
            vec![
                (vec!["[", "-f", "a", "]"], Start, 1),
                (vec!["b"], Seq, 1),
                (vec!["c"], Seq, 1),
            ]
        );
        assert_eq!(
            shape(
                "if [[ \"$ID\" = centos && -n $X ]] || true; then echo fi; elif x; then :; fi && z"
            ),
            vec![
                (
                    vec!["[[", "$ID", "=", "centos", "&&", "-n", "$X", "]]"],
                    Start,
                    1
                ),
                (vec!["true"], Or, 1),
                (vec!["echo", "fi"], Seq, 1),
                (vec!["x"], Seq, 1),
                (vec![":"], Seq, 1),
                (vec!["z"], And, 0),
            ]
        );
    }

    #[test]
    fn for_loop() {
        let s = r#"for f in *; do chmod 755 "$f"; done"#;
        assert_eq!(shape(s), vec![(vec!["chmod", "755", "$f"], Seq, 1)]);
        let c = &split(s).commands[0];
        assert!(c.words[2].quoted && c.words[2].has_expansion);
        assert_eq!(&s[c.words[2].range.clone()], "\"$f\"");
        assert_eq!(
            shape("for x in $(ls) a b\ndo\n  echo $x\ndone; while read l; do :; done < f"),
            vec![
                (vec!["ls"], Start, 2),
                (vec!["echo", "$x"], Start, 1),
                (vec!["read", "l"], Seq, 1),
                (vec![":"], Seq, 1),
            ]
        );
        assert_eq!(
            shape("for ((i=0; i<3; i++)); do echo $i; done"),
            vec![(vec!["echo", "$i"], Seq, 1)]
        );
    }

    #[test]
    fn case_esac() {
        assert_eq!(
            shape("case \"$(uname -m)\" in x86_64|amd64) A=amd64 ;; (arm*) a; b ;; *) exit 1 ;; esac; c"),
            vec![
                (vec!["uname", "-m"], Start, 2),
                (vec![], Start, 1),
                (vec!["a"], Seq, 1),
                (vec!["b"], Seq, 1),
                (vec!["exit", "1"], Seq, 1),
                (vec!["c"], Seq, 0),
            ]
        );
    }

    #[test]
    fn command_substitution() {
        let s = r#"echo "$(go env GOPATH)""#;
        assert_eq!(
            shape(s),
            vec![
                (vec!["go", "env", "GOPATH"], Start, 1),
                (vec!["echo", "$(go env GOPATH)"], Start, 0)
            ]
        );
        let script = split(s);
        let echo = &script.commands[1];
        assert_eq!(&s[echo.words[1].range.clone()], "\"$(go env GOPATH)\"");
        assert!(echo.words[1].has_expansion && echo.words[1].quoted);
        let go = &script.commands[0];
        assert_eq!(&s[go.range.clone()], "go env GOPATH");
        // Backticks, nested, and a subshell inside a substitution.
        assert_eq!(
            shape("x=`date +%s`; echo $(a $(b) | c) <(d)"),
            vec![
                (vec!["date", "+%s"], Start, 1),
                (vec![], Start, 0),
                (vec!["b"], Start, 2),
                (vec!["a", "$(b)"], Start, 1),
                (vec!["c"], Pipe, 1),
                (vec!["d"], Start, 1),
                (vec!["echo", "$(a $(b) | c)", "<(d)"], Seq, 0),
            ]
        );
        // Expansions stay literal.
        let c = &split("echo ${X:-y} $((1+2)) $HOME$1 '$no'").commands[0];
        assert_eq!(
            words(c),
            vec!["echo", "${X:-y}", "$((1+2))", "$HOME$1", "$no"]
        );
        assert!(c.words[1].has_expansion && c.words[3].has_expansion);
        assert!(!c.words[4].has_expansion && c.words[4].quoted);
    }

    #[test]
    fn pipes_or_background() {
        assert_eq!(
            shape("a | b || c &"),
            vec![
                (vec!["a"], Start, 0),
                (vec!["b"], Pipe, 0),
                (vec!["c"], Or, 0)
            ]
        );
        assert_eq!(
            shape("a & b |& c"),
            vec![
                (vec!["a"], Start, 0),
                (vec!["b"], Background, 0),
                (vec!["c"], Pipe, 0)
            ]
        );
    }

    #[test]
    fn quotes_and_escapes() {
        let s = r#"echo 'a b' "c \"d\" \$e \x" f\ g \'h $'i\tj\'k' "" a"b"'c'"#;
        let c = &split(s).commands[0];
        assert_eq!(
            words(c),
            vec![
                "echo",
                "a b",
                r#"c "d" $e \x"#,
                "f g",
                "'h",
                "i\tj'k",
                "",
                "abc"
            ]
        );
        assert!(c.words[1..].iter().all(|w| w.quoted));
        assert!(!c.words[2].has_expansion);
        assert_eq!(&s[c.words[7].range.clone()], r#"a"b"'c'"#);
        let c = &split("grep -q \"^$u:\" /etc/passwd").commands[0];
        assert_eq!(c.words[2].text, "^$u:");
        assert!(c.words[2].has_expansion);
    }

    #[test]
    fn sh_c_inner_script() {
        let s = r#"sh -c "go mod download && go build""#;
        let script = split(s);
        assert!(script.errors.is_empty());
        let arg = 6..s.len();
        let got: Vec<_> = script
            .commands
            .iter()
            .map(|c| (words(c), c.connector, c.depth, c.range.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    vec!["sh", "-c", "go mod download && go build"],
                    Start,
                    0,
                    0..s.len()
                ),
                (vec!["go", "mod", "download"], Start, 1, arg.clone()),
                (vec!["go", "build"], And, 1, arg.clone()),
            ]
        );
        assert_eq!(
            shape("bash -o pipefail -ec 'set -x; cd /a' && /bin/sh -c ls"),
            vec![
                (
                    vec!["bash", "-o", "pipefail", "-ec", "set -x; cd /a"],
                    Start,
                    0
                ),
                (vec!["set", "-x"], Start, 1),
                (vec!["cd", "/a"], Seq, 1),
                (vec!["/bin/sh", "-c", "ls"], And, 0),
                (vec!["ls"], Start, 1),
            ]
        );
        // The outer shell expands `$( )` in double quotes: `date` is listed once.
        let dates = split(r#"sh -c "echo $(date)""#)
            .commands
            .iter()
            .filter(|c| c.name() == Some("date"))
            .count();
        assert_eq!(dates, 1);
        let dates = split("sh -c 'echo $(date)'")
            .commands
            .iter()
            .filter(|c| c.name() == Some("date"))
            .count();
        assert_eq!(dates, 1);
    }

    #[test]
    fn comments_redirections_heredocs() {
        assert_eq!(
            shape("# hi\napk add x # y && z\ncurl -o /tmp/f https://a 2>&1 >/dev/null; cat <<EOF > /f\nfoo && bar\nEOF\necho done"),
            vec![
                (vec!["apk", "add", "x"], Start, 0),
                (vec!["curl", "-o", "/tmp/f", "https://a"], Seq, 0),
                (vec!["cat"], Seq, 0),
                (vec!["echo", "done"], Seq, 0),
            ]
        );
        assert_eq!(
            shape("cat <<-'END' | sh\n\tx y\n\tEND\nz"),
            vec![
                (vec!["cat"], Start, 0),
                (vec!["sh"], Pipe, 0),
                (vec!["z"], Seq, 0)
            ]
        );
        // `RUN <<EOF`: the body comes separately.
        assert_eq!(split("<<EOF").commands, vec![]);
        assert!(split("<<EOF").errors.is_empty());
        assert_eq!(
            shape("f() { a; }; function g { b; }"),
            vec![(vec!["a"], Start, 1), (vec!["b"], Seq, 1)]
        );
    }

    #[test]
    fn errors_still_split() {
        let script = split("echo 'abc && ls");
        assert_eq!(script.errors.len(), 1);
        assert_eq!(script.commands[0].words[1].text, "abc && ls");
        let script = split("a && (b; if c; then d");
        assert_eq!(script.commands.len(), 4);
        assert_eq!(script.errors.len(), 2);
        let script = split("echo \"$(ls");
        assert_eq!(script.commands.len(), 2);
        assert_eq!(script.errors.len(), 2);
        assert_eq!(split("a ) b; fi; done }").errors.len(), 4);
    }

    #[test]
    fn hostile_inputs_return_quickly() {
        let t = std::time::Instant::now();
        let nest = "(".repeat(100_000) + "a" + &")".repeat(100_000);
        assert_eq!(split(&nest).commands.len(), 0); // `((` … `))` is arithmetic
        let nest = "( ".repeat(100_000) + "a" + &")".repeat(100_000);
        assert_eq!(split(&nest).commands[0].depth, 100_000);
        let s = split(&"$(".repeat(100_000));
        // 16 unclosed levels, and the rest kept as text.
        assert_eq!(s.errors.len(), MAX_SUBST_DEPTH + 1);
        split(&"`".repeat(100_001));
        split(&")".repeat(1_000_000));
        split(&"if ".repeat(100_000));
        split(&"\"$(sh -c ".repeat(50_000));
        split(&"sh -c \"$(".repeat(50_000));
        split(&"((a) ".repeat(100_000));
        split(&"$((".repeat(100_000));
        split(&"${".repeat(100_000));
        split(&"<<A\n".repeat(100_000));
        let big = "apt-get install -y foo && echo \"$X\" | cat; ".repeat(250_000);
        assert_eq!(split(&big).commands.len(), 750_000);
        split(&("echo 'unterminated ".to_string() + &"x".repeat(10_000_000)));
        assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(s in "\\PC{0,64}") {
            check_ranges(&s);
        }

        #[test]
        fn shellish_inputs(s in "([a-z]{1,3}|[ \t\n;&|()<>{}$`'\"\\\\#=!*-]|sh -c |if |then |fi|do |done|case |esac| in |\\$\\(|<<E\n|E\n|é|€){0,40}") {
            check_ranges(&s);
        }
    }

    fn check_ranges(s: &str) {
        let script = split(s);
        let ok = |r: &Range<usize>| {
            r.start <= r.end
                && r.end <= s.len()
                && s.is_char_boundary(r.start)
                && s.is_char_boundary(r.end)
        };
        for c in &script.commands {
            assert!(ok(&c.range), "{s:?} {:?}", c.range);
            for w in &c.words {
                assert!(ok(&w.range), "{s:?} {:?}", w.range);
            }
            for a in &c.assignments {
                assert!(ok(&a.value.range), "{s:?} {:?}", a.value.range);
            }
        }
        for (_, r) in &script.errors {
            assert!(ok(r), "{s:?} {r:?}");
        }
    }

    /// Splits every RUN line and RUN heredoc body of the corpus, when the corpus is there.
    #[test]
    fn corpus_runs_split() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/oracle/real.jsonl");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return;
        };
        let (mut lines, mut with_errors, mut windows_errors, mut commands) = (0, 0, 0, 0);
        let mut examples = Vec::new();
        let t = std::time::Instant::now();
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            // RUN lines in a stage whose SHELL is PowerShell or cmd are not POSIX shell.
            let mut windows = false;
            for ins in v["instructions"].as_array().into_iter().flatten() {
                if ins["cmd"] == "from" {
                    windows = false;
                }
                if ins["cmd"] == "shell" {
                    let t = ins["value"].to_string().to_lowercase();
                    windows = t.contains("powershell") || t.contains("pwsh") || t.contains("cmd");
                }
                if ins["cmd"] != "run" {
                    continue;
                }
                let mut scripts = Vec::new();
                if ins["json"] == false {
                    if let Some(s) = ins["value"].get(0).and_then(|x| x.as_str()) {
                        scripts.push(s);
                    }
                }
                for h in ins["heredocs"].as_array().into_iter().flatten() {
                    if let Some(s) = h["content"].as_str() {
                        scripts.push(s);
                    }
                }
                for s in scripts {
                    lines += 1;
                    let script = split(s);
                    commands += script.commands.len();
                    if !script.errors.is_empty() {
                        with_errors += 1;
                        if windows {
                            windows_errors += 1;
                        } else if examples.len() < 40 {
                            examples.push(format!("{:?} in {:.80}", script.errors[0], s));
                        }
                    }
                }
            }
        }
        println!(
            "corpus: {lines} RUN scripts, {commands} commands, {with_errors} with errors \
             ({windows_errors} under a PowerShell/cmd SHELL), {:?} with JSON decoding",
            t.elapsed()
        );
        for e in examples {
            println!("  {e}");
        }
        assert!(lines > 0);
    }
}
