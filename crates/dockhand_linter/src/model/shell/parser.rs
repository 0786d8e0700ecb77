//! The parser: recursive descent over the bytes of a script, scannerless, depth-guarded.
//!
//! Every recursive entry (a nested script, a word, a double-quoted string) goes through
//! [`Parser::enter`]; past [`MAX_DEPTH`] the parser records one error and stops reading (the
//! rest of the input becomes part of that error), so the stack stays small whatever the input.
//! No step scans back or rescans: arithmetic and glob look-aheads remember how far they looked.

use super::ast::*;
use super::{MAX_ERRORS, MAX_SH_LEVELS};
use crate::span::Span;
use std::borrow::Cow;
use std::cell::Cell;

/// Nesting depth (scripts inside words inside scripts…) past which the parser gives up.
pub const MAX_DEPTH: usize = 48;

/// Substitution text longer than this is cut (with `…`) in the [`Word::text`] that holds it.
const MAX_SUBST_TEXT: usize = 4096;

// Closers a nested script can end at.
const T_PAREN: u16 = 1;
const T_BACKTICK: u16 = 1 << 1;
const T_BRACE: u16 = 1 << 2;
const T_THEN: u16 = 1 << 3;
const T_ELSE: u16 = 1 << 4; // `elif`, `else`
const T_FI: u16 = 1 << 5;
const T_DO: u16 = 1 << 6;
const T_DONE: u16 = 1 << 7;
const T_ESAC: u16 = 1 << 8;
const T_CASE_END: u16 = 1 << 9; // `;;`, `;&`, `;;&`

/// Which closer each counter of [`Parser::open`] stands for.
const OPEN_KINDS: [u16; 6] = [
    T_PAREN,
    T_BRACE,
    T_THEN | T_ELSE | T_FI,
    T_DO | T_DONE,
    T_ESAC | T_CASE_END,
    T_BACKTICK,
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordCtx {
    Normal,
    /// Inside `[[ ]]`: `(`, `)` and `|` inside a word are part of it.
    Cond,
    /// After the operator of `${x:-…}`: ends at `}`; blanks are text.
    ParamArg,
    /// A `case` pattern: ends at `|` or `)`.
    Pattern,
}

pub(super) struct Output {
    pub script: Script,
    pub heredocs: Vec<HereDoc>,
    pub errors: Vec<ParseError>,
}

pub(super) struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    map: &'a dyn Fn(usize, usize) -> Span,
    depth: usize,
    /// Open constructs of the current substitution level, per [`OPEN_KINDS`].
    open: [u32; 6],
    in_backtick: u32,
    errors: Vec<ParseError>,
    heredocs: Vec<HereDoc>,
    /// Here-documents whose bodies start after the next newline.
    pending: Vec<usize>,
    no_arith_until: usize,
    no_bracket_until: usize,
    no_brace_until: usize,
    /// `sh -c` nesting of this parser, and the byte budget shared by all levels.
    level: u32,
    budget: &'a mut usize,
    /// The dialect of `sh` here (the image's `/bin/sh`).
    sh: Dialect,
    /// Scratch stacks of the words being read ([`PartsBuf`]).
    parts: Vec<WordPart>,
    text: String,
    /// The last span made: the spans of a word and its one part, or of a command, its
    /// pipeline, and-or list and item, are often the same, and `map` is not free.
    last_span: Cell<(usize, usize, Span)>,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

/// A byte that is plain text inside an unquoted word in every [`WordCtx`]: it neither ends
/// the word nor starts a quote, escape, expansion, glob, bracket or brace (non-ASCII bytes
/// are text too).
fn is_plain_word_byte(c: u8) -> bool {
    c >= 0x80 || c.is_ascii_alphanumeric() || b"-_./:=,+%@^!#".contains(&c)
}

/// Ends an unquoted word in normal context.
fn is_meta(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

/// The length of the longest word in `RESERVED` ("function").
const LONGEST_RESERVED: usize = 8;

const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "select", "in", "function", "time", "{", "}", "!", "[[", "]]",
];

#[cfg(test)]
#[test]
fn longest_reserved_is_the_longest() {
    assert_eq!(
        RESERVED.iter().map(|w| w.len()).max(),
        Some(LONGEST_RESERVED)
    );
}

impl<'a> Parser<'a> {
    pub(super) fn new(
        s: &'a str,
        map: &'a dyn Fn(usize, usize) -> Span,
        level: u32,
        budget: &'a mut usize,
        sh: Dialect,
    ) -> Parser<'a> {
        Parser {
            s,
            b: s.as_bytes(),
            i: 0,
            map,
            depth: 0,
            open: [0; 6],
            in_backtick: 0,
            errors: Vec::new(),
            heredocs: Vec::new(),
            pending: Vec::new(),
            no_arith_until: 0,
            no_bracket_until: 0,
            no_brace_until: 0,
            level,
            budget,
            sh,
            parts: Vec::new(),
            text: String::new(),
            last_span: Cell::new((usize::MAX, usize::MAX, Span::default())),
        }
    }

    pub(super) fn run(mut self) -> Output {
        let mut script = self.script(0);
        while self.i < self.b.len() {
            // A closer that nothing opened: report it and go on.
            let at = self.i;
            self.stray();
            if self.i == at {
                self.bump();
            }
            let more = self.script(0);
            script.items.extend(more.items);
        }
        script.span = self.span(0, self.b.len());
        Output {
            script,
            heredocs: self.heredocs,
            errors: self.errors,
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let (ls, le, last) = self.last_span.get();
        if (ls, le) == (start, end) {
            return last;
        }
        let span = (self.map)(start, end);
        self.last_span.set((start, end, span));
        span
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn eof(&self) -> bool {
        self.i >= self.b.len()
    }

    fn at(&self, lit: &str) -> bool {
        self.b[self.i.min(self.b.len())..].starts_with(lit.as_bytes())
    }

    /// Steps over one character.
    fn bump(&mut self) {
        let mut k = self.i + 1;
        while k < self.b.len() && !self.s.is_char_boundary(k) {
            k += 1;
        }
        self.i = k.min(self.b.len());
    }

    fn error(&mut self, message: impl Into<String>, start: usize, end: usize) {
        if self.errors.len() < MAX_ERRORS {
            let span = self.span(start, end);
            self.errors.push(ParseError {
                message: message.into(),
                span,
            });
        }
    }

    /// Enters one nesting level; false (and the input is given up) past [`MAX_DEPTH`].
    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            let at = self.i;
            self.error(
                "the script nests too deep to read; the rest is skipped",
                at,
                self.b.len(),
            );
            self.i = self.b.len();
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Blanks and backslash-newlines.
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek(0) {
            if is_blank(c) {
                self.i += 1;
            } else if c == b'\\' && self.peek(1) == Some(b'\n') {
                self.i += 2;
            } else {
                break;
            }
        }
    }

    fn skip_comment(&mut self) {
        if self.peek(0) == Some(b'#') {
            while let Some(c) = self.peek(0) {
                if c == b'\n' {
                    break;
                }
                self.i += 1;
            }
            while !self.s.is_char_boundary(self.i) {
                self.i += 1;
            }
        }
    }

    /// Blanks, comments and newlines (reading here-document bodies after each newline).
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            self.skip_comment();
            if self.peek(0) == Some(b'\n') {
                self.newline();
            } else {
                break;
            }
        }
    }

    fn newline(&mut self) {
        self.i += 1;
        self.read_heredoc_bodies();
    }

    fn read_heredoc_bodies(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        for idx in std::mem::take(&mut self.pending) {
            let Some(doc) = self.heredocs.get(idx) else {
                continue;
            };
            let (delim, strip) = (doc.delimiter.clone(), doc.strip_tabs);
            let start = self.i;
            let mut end = self.b.len();
            while self.i < self.b.len() {
                let line_start = self.i;
                let line_end = self.s[self.i..]
                    .find('\n')
                    .map_or(self.b.len(), |k| self.i + k);
                let mut line = &self.s[self.i..line_end];
                self.i = (line_end + 1).min(self.b.len());
                if strip {
                    line = line.trim_start_matches('\t');
                }
                if line.strip_suffix('\r').unwrap_or(line) == delim {
                    end = line_start;
                    break;
                }
            }
            let end = end.max(start);
            let span = self.span(start, end);
            if let Some(doc) = self.heredocs.get_mut(idx) {
                doc.body = self.s[start..end].to_string();
                doc.body_span = span;
            }
        }
    }

    /// The reserved word at the current position, if one is there and ends at a delimiter.
    fn reserved(&self) -> Option<&'static str> {
        let rest = &self.b[self.i.min(self.b.len())..];
        let c = *rest.first()?;
        if !(c.is_ascii_alphabetic() || matches!(c, b'{' | b'}' | b'!' | b'[' | b']')) {
            return None;
        }
        // A reserved word holds no delimiter, so it can only be the whole run up to the first
        // delimiter (or the end); runs longer than the longest word are not looked up.
        let delim = |n: u8| is_meta(n) || (n == b'`' && self.in_backtick > 0);
        let end = match rest
            .iter()
            .take(LONGEST_RESERVED + 1)
            .position(|&n| delim(n))
        {
            Some(end) => end,
            None if rest.len() <= LONGEST_RESERVED => rest.len(),
            None => return None,
        };
        let run = &rest[..end];
        RESERVED.iter().copied().find(|w| w.as_bytes() == run)
    }

    fn closer_here(&self) -> Option<u16> {
        match self.peek(0)? {
            b')' => return Some(T_PAREN),
            b'`' if self.in_backtick > 0 => return Some(T_BACKTICK),
            b';' if matches!(self.peek(1), Some(b';' | b'&')) => return Some(T_CASE_END),
            _ => {}
        }
        Some(match self.reserved()? {
            "}" => T_BRACE,
            "then" => T_THEN,
            "elif" | "else" => T_ELSE,
            "fi" => T_FI,
            "do" => T_DO,
            "done" => T_DONE,
            "esac" => T_ESAC,
            _ => return None,
        })
    }

    fn is_open(&self, closer: u16) -> bool {
        OPEN_KINDS
            .iter()
            .zip(self.open)
            .any(|(k, n)| k & closer != 0 && n > 0)
    }

    fn open_kind(&mut self, closer: u16, delta: i32) {
        for (k, n) in OPEN_KINDS.iter().zip(self.open.iter_mut()) {
            if k & closer != 0 {
                *n = if delta > 0 {
                    n.saturating_add(1)
                } else {
                    n.saturating_sub(1)
                };
                return;
            }
        }
    }

    /// Reports and steps over a closer nothing opened.
    fn stray(&mut self) {
        let start = self.i;
        if self.peek(0) == Some(b';') {
            self.i += 2;
            if self.peek(0) == Some(b'&') {
                self.i += 1;
            }
        } else if let Some(w) = self.reserved() {
            self.i += w.len();
        } else {
            self.bump();
        }
        let text = self.s.get(start..self.i).unwrap_or("").to_string();
        self.error(format!("unexpected `{text}`"), start, self.i);
    }

    fn expect(&mut self, word: &str, opener: &str, open_at: usize) -> bool {
        if self.reserved() == Some(word) || (word == ")" && self.peek(0) == Some(b')')) {
            self.i += word.len();
            true
        } else {
            let at = self.i;
            self.error(
                format!("`{opener}` is not closed by `{word}`"),
                open_at,
                at.max(open_at + 1).min(self.b.len()),
            );
            false
        }
    }

    // --- scripts -----------------------------------------------------------------------------

    /// Reads commands up to one of the closers in `term` (not consumed), the end of input, or a
    /// closer an enclosing construct waits for.
    fn script(&mut self, term: u16) -> Script {
        let start = self.i;
        let mut items = Vec::new();
        if !self.enter() {
            return Script {
                items,
                span: self.span(start, self.i),
            };
        }
        loop {
            self.skip_linebreaks();
            while self.peek(0) == Some(b';') && !matches!(self.peek(1), Some(b';' | b'&')) {
                // A lone `;` where a command should be: tolerated.
                self.i += 1;
                self.skip_linebreaks();
            }
            if self.eof() {
                break;
            }
            if let Some(c) = self.closer_here() {
                if c & term != 0 || self.is_open(c) {
                    break;
                }
                self.stray();
                continue;
            }
            let at = self.i;
            match self.item() {
                Some(item) => items.push(item),
                None => {
                    if self.i == at {
                        self.stray();
                    }
                }
            }
        }
        self.leave();
        let end = self.i;
        items.shrink_to_fit();
        Script {
            items,
            span: self.span(start, end),
        }
    }

    fn item(&mut self) -> Option<Item> {
        let start = self.i;
        let and_or = self.and_or()?;
        self.skip_blanks();
        let mut background = false;
        match self.peek(0) {
            Some(b'&') if !matches!(self.peek(1), Some(b'&' | b'>')) => {
                background = true;
                self.i += 1;
            }
            Some(b';') if !matches!(self.peek(1), Some(b';' | b'&')) => self.i += 1,
            _ => {}
        }
        let end = self.i;
        Some(Item {
            and_or,
            background,
            span: self.span(start, end),
        })
    }

    fn and_or(&mut self) -> Option<AndOr> {
        let start = self.i;
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        let mut end = self.i;
        loop {
            self.skip_blanks();
            let op = if self.at("&&") {
                AndOrOp::And
            } else if self.at("||") {
                AndOrOp::Or
            } else {
                break;
            };
            let op_at = self.i;
            self.i += 2;
            self.skip_linebreaks();
            match self.pipeline() {
                Some(p) => {
                    end = self.i;
                    rest.push((op, p));
                }
                None => {
                    self.error("a command is missing after `&&`/`||`", op_at, op_at + 2);
                    end = self.i;
                    break;
                }
            }
        }
        Some(AndOr {
            first,
            rest,
            span: self.span(start, end),
        })
    }

    fn pipeline(&mut self) -> Option<Pipeline> {
        self.skip_blanks();
        let start = self.i;
        let mut bang = None;
        let mut time = false;
        loop {
            match self.reserved() {
                Some("!") => {
                    bang = Some(self.span(self.i, self.i + 1));
                    self.i += 1;
                }
                Some("time") => {
                    time = true;
                    self.i += 4;
                    self.skip_blanks();
                    if self.at("-p") && self.peek(2).is_none_or(is_meta) {
                        self.i += 2;
                    }
                }
                _ => break,
            }
            self.skip_blanks();
        }
        let mut commands = Vec::new();
        let mut pipes = Vec::new();
        match self.command() {
            Some(c) => commands.push(c),
            None => {
                if bang.is_none() && !time {
                    return None;
                }
            }
        }
        loop {
            self.skip_blanks();
            if self.peek(0) != Some(b'|') || self.peek(1) == Some(b'|') {
                break;
            }
            let at = self.i;
            let stderr = self.peek(1) == Some(b'&');
            self.i += if stderr { 2 } else { 1 };
            let span = self.span(at, self.i);
            self.skip_linebreaks();
            match self.command() {
                Some(c) => {
                    pipes.push(Pipe { stderr, span });
                    commands.push(c);
                }
                None => {
                    self.error("a command is missing after `|`", at, at + 1);
                    break;
                }
            }
        }
        let end = self.i;
        commands.shrink_to_fit();
        Some(Pipeline {
            bang,
            time,
            commands,
            pipes,
            span: self.span(start, end),
        })
    }

    // --- commands ----------------------------------------------------------------------------

    fn command(&mut self) -> Option<Command> {
        self.skip_blanks();
        let start = self.i;
        if self.eof() || self.closer_here().is_some() {
            return None;
        }
        let kind = match self.reserved() {
            Some("if") => Some(self.if_command()),
            Some("while") => Some(self.while_command(false)),
            Some("until") => Some(self.while_command(true)),
            Some("for") => Some(self.for_command(false)),
            Some("select") => Some(self.for_command(true)),
            Some("case") => Some(self.case_command()),
            Some("{") => {
                self.i += 1;
                self.open_kind(T_BRACE, 1);
                let body = self.script(T_BRACE);
                self.open_kind(T_BRACE, -1);
                self.expect("}", "{", start);
                Some(CommandKind::Brace(body))
            }
            Some("function") => Some(self.function_keyword()),
            Some("[[") => Some(self.cond_command()),
            _ => None,
        };
        let kind = match kind {
            Some(k) => k,
            None if self.peek(0) == Some(b'(') => {
                if self.peek(1) == Some(b'(') && self.i >= self.no_arith_until {
                    if let Some(end) = self.arith_end(self.i + 2) {
                        let text = self.s[self.i + 2..end - 2].to_string();
                        self.i = end;
                        let kind = CommandKind::Arith(text);
                        return Some(self.finish_compound(kind, start));
                    }
                }
                self.i += 1;
                self.open_kind(T_PAREN, 1);
                let body = self.script(T_PAREN);
                self.open_kind(T_PAREN, -1);
                self.expect(")", "(", start);
                CommandKind::Subshell(body)
            }
            None => return self.simple(start),
        };
        Some(self.finish_compound(kind, start))
    }

    /// Redirections after a compound command.
    fn finish_compound(&mut self, kind: CommandKind, start: usize) -> Command {
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            match self.redirect() {
                Some(r) => redirects.push(r),
                None => break,
            }
        }
        Command {
            kind,
            redirects,
            span: self.span(start, self.i),
        }
    }

    fn if_command(&mut self) -> CommandKind {
        let start = self.i;
        self.i += 2;
        let mut branches = Vec::new();
        let mut else_body = None;
        self.open_kind(T_FI, 1);
        loop {
            let cond = self.script(T_THEN);
            if !self.expect("then", "if", start) {
                branches.push((cond, Script::default()));
                break;
            }
            let body = self.script(T_ELSE | T_FI);
            branches.push((cond, body));
            match self.reserved() {
                Some("elif") => self.i += 4,
                Some("else") => {
                    self.i += 4;
                    else_body = Some(self.script(T_FI));
                    self.expect("fi", "if", start);
                    break;
                }
                _ => {
                    self.expect("fi", "if", start);
                    break;
                }
            }
        }
        self.open_kind(T_FI, -1);
        CommandKind::If(Box::new(IfCommand {
            branches,
            else_body,
        }))
    }

    fn do_body(&mut self, start: usize, opener: &str) -> Script {
        self.open_kind(T_DONE, 1);
        let body = if self.expect("do", opener, start) {
            let body = self.script(T_DONE);
            self.expect("done", opener, start);
            body
        } else {
            Script::default()
        };
        self.open_kind(T_DONE, -1);
        body
    }

    fn while_command(&mut self, until: bool) -> CommandKind {
        let start = self.i;
        self.i += 5;
        self.open_kind(T_DONE, 1);
        let cond = self.script(T_DO);
        self.open_kind(T_DONE, -1);
        let opener = if until { "until" } else { "while" };
        let body = self.do_body(start, opener);
        CommandKind::While(Box::new(WhileCommand { until, cond, body }))
    }

    fn for_command(&mut self, select: bool) -> CommandKind {
        let start = self.i;
        self.i += if select { 6 } else { 3 };
        self.skip_blanks();
        let opener = if select { "select" } else { "for" };
        let mut var = String::new();
        let mut var_span = self.span(self.i, self.i);
        let mut words = None;
        let mut arith = None;
        if self.at("((") {
            match self.arith_end(self.i + 2) {
                Some(end) => {
                    arith = Some(self.s[self.i + 2..end - 2].to_string());
                    self.i = end;
                }
                None => {
                    self.error("`for ((` is not closed by `))`", start, self.b.len());
                    self.i = self.b.len();
                }
            }
        } else {
            let vs = self.i;
            while self.peek(0).is_some_and(is_name_char) {
                self.i += 1;
            }
            var = self.s[vs..self.i].to_string();
            var_span = self.span(vs, self.i);
            if var.is_empty() {
                self.error(format!("`{opener}` needs a variable name"), start, self.i);
            }
            self.skip_linebreaks();
            if self.reserved() == Some("in") {
                self.i += 2;
                let mut list = Vec::new();
                loop {
                    self.skip_blanks();
                    match self.peek(0) {
                        None | Some(b'\n' | b';') => break,
                        Some(c) if is_meta(c) => break,
                        _ => {}
                    }
                    let at = self.i;
                    let w = self.word(WordCtx::Normal);
                    if self.i == at {
                        break;
                    }
                    list.push(w);
                }
                words = Some(list);
            }
        }
        self.skip_blanks();
        if self.peek(0) == Some(b';') {
            self.i += 1;
        }
        self.skip_linebreaks();
        let body = if self.reserved() == Some("{") {
            // `for x in a b; { …; }` (bash)
            let at = self.i;
            self.i += 1;
            self.open_kind(T_BRACE, 1);
            let body = self.script(T_BRACE);
            self.open_kind(T_BRACE, -1);
            self.expect("}", "{", at);
            body
        } else {
            self.do_body(start, opener)
        };
        CommandKind::For(Box::new(ForCommand {
            select,
            var,
            var_span,
            words,
            arith,
            body,
        }))
    }

    fn case_command(&mut self) -> CommandKind {
        let start = self.i;
        self.i += 4;
        self.skip_blanks();
        let word = self.word(WordCtx::Normal);
        self.skip_linebreaks();
        let mut arms = Vec::new();
        if !self.expect("in", "case", start) {
            return CommandKind::Case(Box::new(CaseCommand { word, arms }));
        }
        self.open_kind(T_ESAC, 1);
        loop {
            self.skip_linebreaks();
            if self.eof() {
                self.error("`case` is not closed by `esac`", start, self.b.len());
                break;
            }
            if self.reserved() == Some("esac") {
                self.i += 4;
                break;
            }
            let arm_start = self.i;
            if self.peek(0) == Some(b'(') {
                self.i += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                let at = self.i;
                let w = self.word(WordCtx::Pattern);
                if self.i > at {
                    patterns.push(w);
                }
                self.skip_blanks();
                match self.peek(0) {
                    Some(b'|') => self.i += 1,
                    Some(b')') => {
                        self.i += 1;
                        break;
                    }
                    _ => {
                        let at = self.i;
                        self.error("a `case` pattern is not closed by `)`", arm_start, at);
                        if self.i == at {
                            self.bump();
                        }
                        break;
                    }
                }
            }
            let body = self.script(T_CASE_END | T_ESAC);
            if self.peek(0) == Some(b';') && matches!(self.peek(1), Some(b';' | b'&')) {
                self.i += 2;
                if self.peek(0) == Some(b'&') {
                    self.i += 1;
                }
            } else if self.reserved() != Some("esac") {
                // Ended by a closer of an enclosing construct, or by the end of input.
                arms.push(CaseArm {
                    patterns,
                    body,
                    span: self.span(arm_start, self.i),
                });
                self.error("`case` is not closed by `esac`", start, self.i);
                break;
            }
            arms.push(CaseArm {
                patterns,
                body,
                span: self.span(arm_start, self.i),
            });
        }
        self.open_kind(T_ESAC, -1);
        CommandKind::Case(Box::new(CaseCommand { word, arms }))
    }

    fn function_keyword(&mut self) -> CommandKind {
        let start = self.i;
        self.i += 8;
        self.skip_blanks();
        let ns = self.i;
        while self.peek(0).is_some_and(|c| !is_meta(c) && c != b'`') {
            self.bump();
        }
        let name = self.s[ns..self.i].to_string();
        let name_span = self.span(ns, self.i);
        self.skip_blanks();
        if self.peek(0) == Some(b'(') {
            let mut k = self.i + 1;
            while self.b.get(k).copied().is_some_and(is_blank) {
                k += 1;
            }
            if self.b.get(k) == Some(&b')') {
                self.i = k + 1;
            }
        }
        self.function_body(name, name_span, true, start)
    }

    fn function_body(
        &mut self,
        name: String,
        name_span: Span,
        keyword: bool,
        start: usize,
    ) -> CommandKind {
        self.skip_linebreaks();
        match self.command() {
            Some(body) => CommandKind::Function(FunctionDef {
                name,
                name_span,
                keyword,
                body: Box::new(body),
            }),
            None => {
                let at = self.i;
                self.error(format!("function `{name}` has no body"), start, at);
                CommandKind::Error("function without a body".into())
            }
        }
    }

    fn cond_command(&mut self) -> CommandKind {
        let start = self.i;
        self.i += 2;
        let mut words = Vec::new();
        loop {
            self.skip_blanks();
            if self.reserved() == Some("]]") {
                self.i += 2;
                return CommandKind::Cond(words);
            }
            let at = self.i;
            let Some(c) = self.peek(0) else { break };
            if c == b'\n' || c == b';' && !self.at(";;") {
                break;
            }
            let len = if self.at("&&") || self.at("||") {
                2
            } else if matches!(c, b'(' | b')' | b'<' | b'>' | b'|' | b'&' | b';') {
                1
            } else {
                0
            };
            if len > 0 {
                self.i += len;
                let text = self.s[at..self.i].to_string();
                let span = self.span(at, self.i);
                words.push(Word {
                    parts: vec![WordPart {
                        kind: PartKind::Literal(text.clone()),
                        quoted: false,
                        span,
                    }],
                    text,
                    span,
                });
                continue;
            }
            let w = self.word(WordCtx::Cond);
            if self.i == at {
                self.bump();
            }
            words.push(w);
        }
        let at = self.i;
        self.error("`[[` is not closed by `]]`", start, at);
        CommandKind::Cond(words)
    }

    fn simple(&mut self, start: usize) -> Option<Command> {
        let mut cmd = SimpleCommand::default();
        let mut redirects = Vec::new();
        let mut end = self.i;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek(0) else { break };
            match c {
                b'\n' | b';' | b'|' | b')' => break,
                b'&' if self.peek(1) != Some(b'>') => break,
                b'`' if self.in_backtick > 0 => break,
                b'#' => break,
                _ => {}
            }
            if let Some(r) = self.redirect() {
                redirects.push(r);
                end = self.i;
                continue;
            }
            if c == b'(' {
                // `name() body`
                let mut k = self.i + 1;
                while self.b.get(k).copied().is_some_and(is_blank) {
                    k += 1;
                }
                if self.b.get(k) == Some(&b')')
                    && cmd.words.len() == 1
                    && cmd.assignments.is_empty()
                    && redirects.is_empty()
                {
                    self.i = k + 1;
                    let name_word = cmd.words.pop().unwrap_or_default();
                    let kind = self.function_body(name_word.text, name_word.span, false, start);
                    return Some(self.finish_compound(kind, start));
                }
                let at = self.i;
                self.error("unexpected `(`", at, at + 1);
                self.i += 1;
                continue;
            }
            if cmd.words.is_empty() {
                if let Some(a) = self.assignment() {
                    cmd.assignments.push(a);
                    end = self.i;
                    continue;
                }
            }
            let at = self.i;
            let w = self.word(WordCtx::Normal);
            if self.i == at {
                self.stray();
                continue;
            }
            end = self.i;
            cmd.words.push(w);
        }
        if cmd.words.is_empty() && cmd.assignments.is_empty() && redirects.is_empty() {
            return None;
        }
        cmd.words.shrink_to_fit();
        self.inline_script(&mut cmd);
        Some(Command {
            kind: CommandKind::Simple(cmd),
            redirects,
            span: self.span(start, end),
        })
    }

    /// `NAME=…` / `NAME+=…` / `NAME=( … )` at the current position.
    fn assignment(&mut self) -> Option<Assignment> {
        let start = self.i;
        if !self.peek(0).is_some_and(is_name_start) {
            return None;
        }
        let mut k = self.i;
        while self.b.get(k).copied().is_some_and(is_name_char) {
            k += 1;
        }
        let name_end = k;
        let mut append = false;
        if self.b.get(k) == Some(&b'+') {
            append = true;
            k += 1;
        }
        if self.b.get(k) != Some(&b'=') {
            return None;
        }
        let name = self.s[start..name_end].to_string();
        let name_span = self.span(start, name_end);
        self.i = k + 1;
        let vstart = self.i;
        let mut array = None;
        let value = if self.peek(0) == Some(b'(') {
            self.i += 1;
            let mut elems = Vec::new();
            loop {
                self.skip_linebreaks();
                match self.peek(0) {
                    None => {
                        self.error("array is not closed by `)`", vstart, self.i);
                        break;
                    }
                    Some(b')') => {
                        self.i += 1;
                        break;
                    }
                    _ => {}
                }
                let at = self.i;
                let w = self.word(WordCtx::Normal);
                if self.i == at {
                    self.bump();
                    continue;
                }
                elems.push(w);
            }
            array = Some(elems);
            let text = self.s[vstart..self.i].to_string();
            let span = self.span(vstart, self.i);
            Word {
                parts: vec![WordPart {
                    kind: PartKind::Literal(text.clone()),
                    quoted: false,
                    span,
                }],
                text,
                span,
            }
        } else {
            self.word(WordCtx::Normal)
        };
        Some(Assignment {
            name,
            name_span,
            append,
            value,
            array,
            span: self.span(start, self.i),
        })
    }

    /// A redirection at the current position (with its fd prefix), or `None` (nothing read).
    fn redirect(&mut self) -> Option<Redirect> {
        let start = self.i;
        let mut k = self.i;
        while self.b.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        if k == self.i && self.peek(0) == Some(b'{') {
            // `{fd}>`
            let mut j = k + 1;
            while self.b.get(j).copied().is_some_and(is_name_char) {
                j += 1;
            }
            if j > k + 1 && self.b.get(j) == Some(&b'}') {
                k = j + 1;
            }
        }
        let op_at = k;
        let c = *self.b.get(op_at)?;
        let next = self.b.get(op_at + 1).copied();
        let next2 = self.b.get(op_at + 2).copied();
        let (op, len) = match (c, next, next2) {
            (b'<' | b'>', Some(b'('), _) if op_at == start => return None,
            (b'<', Some(b'<'), Some(b'<')) => (RedirOp::HereString, 3),
            (b'<', Some(b'<'), Some(b'-')) => (RedirOp::HereDocStrip, 3),
            (b'<', Some(b'<'), _) => (RedirOp::HereDoc, 2),
            (b'<', Some(b'&'), _) => (RedirOp::DupIn, 2),
            (b'<', Some(b'>'), _) => (RedirOp::ReadWrite, 2),
            (b'<', _, _) => (RedirOp::In, 1),
            (b'>', Some(b'>'), _) => (RedirOp::Append, 2),
            (b'>', Some(b'&'), _) => (RedirOp::DupOut, 2),
            (b'>', Some(b'|'), _) => (RedirOp::Clobber, 2),
            (b'>', _, _) => (RedirOp::Out, 1),
            (b'&', Some(b'>'), Some(b'>')) if op_at == start => (RedirOp::AppendOutErr, 3),
            (b'&', Some(b'>'), _) if op_at == start => (RedirOp::OutErr, 2),
            _ => return None,
        };
        let fd = (op_at > start).then(|| self.s[start..op_at].to_string());
        self.i = op_at + len;
        self.skip_blanks();
        let target = match self.peek(0) {
            None => RedirTarget::Missing,
            Some(c) if is_meta(c) => {
                let at = self.i;
                self.error("a redirection has no target", start, at);
                RedirTarget::Missing
            }
            _ => {
                let w = self.word(WordCtx::Normal);
                if matches!(op, RedirOp::HereDoc | RedirOp::HereDocStrip) {
                    let idx = self.heredocs.len();
                    if idx < 1024 {
                        self.heredocs.push(HereDoc {
                            delimiter: w.text.clone(),
                            quoted: w.is_quoted(),
                            strip_tabs: op == RedirOp::HereDocStrip,
                            body: String::new(),
                            body_span: self.span(self.b.len(), self.b.len()),
                        });
                        self.pending.push(idx);
                        RedirTarget::HereDoc(idx)
                    } else {
                        RedirTarget::Word(w)
                    }
                } else {
                    RedirTarget::Word(w)
                }
            }
        };
        Some(Redirect {
            fd,
            op,
            target,
            span: self.span(start, self.i),
        })
    }

    // --- words -------------------------------------------------------------------------------

    fn word(&mut self, ctx: WordCtx) -> Word {
        let start = self.i;
        let src = self.s;
        let mut b = PartsBuf::new(self);
        if !self.enter() {
            return b.finish(self, start);
        }
        if ctx != WordCtx::ParamArg && self.peek(0) == Some(b'~') {
            self.tilde(&mut b);
        }
        while let Some(c) = self.peek(0) {
            if matches!(c, b'<' | b'>')
                && self.peek(1) == Some(b'(')
                && self.i == start
                && ctx == WordCtx::Normal
            {
                self.process_subst(&mut b);
                continue;
            }
            let ends = match ctx {
                WordCtx::Normal => is_meta(c),
                WordCtx::Cond => {
                    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'<' | b'>')
                }
                WordCtx::Pattern => is_meta(c),
                WordCtx::ParamArg => c == b'}',
            };
            if ends || (c == b'`' && self.in_backtick > 0) {
                break;
            }
            match c {
                b'\'' => self.single_quote(&mut b),
                b'"' => self.double_quote(&mut b, self.i + 1),
                b'\\' => match self.peek(1) {
                    Some(b'\n') => self.i += 2,
                    Some(_) => {
                        let at = self.i;
                        self.i += 1;
                        let cs = self.i;
                        self.bump();
                        let ch = self.s[cs..self.i].chars().next().unwrap_or('\\');
                        b.part(
                            self,
                            PartKind::Escaped(ch),
                            false,
                            at,
                            ch.encode_utf8(&mut [0; 4]),
                        );
                    }
                    None => {
                        self.i += 1;
                        b.lit(self, self.i - 1, "\\");
                    }
                },
                b'$' => self.dollar(&mut b, false),
                b'`' => self.backtick(&mut b, false),
                b'*' | b'?' if ctx != WordCtx::ParamArg => {
                    let at = self.i;
                    self.i += 1;
                    let t = &src[at..self.i];
                    b.part(self, PartKind::Glob(t.to_string()), false, at, t);
                }
                b'[' if ctx != WordCtx::ParamArg && self.i >= self.no_bracket_until => {
                    self.bracket(&mut b)
                }
                b'{' if ctx != WordCtx::ParamArg && self.i >= self.no_brace_until => {
                    self.brace(&mut b)
                }
                _ => {
                    let at = self.i;
                    self.bump();
                    // the rest of a run of bytes that every context reads as plain text, at
                    // once (it ends on an ASCII byte, so on a character boundary)
                    while self.b.get(self.i).is_some_and(|&c| is_plain_word_byte(c)) {
                        self.i += 1;
                    }
                    b.lit(self, at, &src[at..self.i]);
                }
            }
        }
        self.leave();
        b.finish(self, start)
    }

    fn tilde(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let mut k = self.i + 1;
        while self
            .b
            .get(k)
            .is_some_and(|&c| is_name_char(c) || matches!(c, b'-' | b'.' | b'+'))
        {
            k += 1;
        }
        if self
            .b
            .get(k)
            .is_none_or(|&c| c == b'/' || c == b':' || is_meta(c))
        {
            self.i = k;
            let t = &self.s[at..k];
            b.part(self, PartKind::Tilde(t.to_string()), false, at, t);
        }
    }

    fn single_quote(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let body_start = at + 1;
        let (body_end, end) = match self.s[body_start..].find('\'') {
            Some(k) => (body_start + k, body_start + k + 1),
            None => {
                self.error("unterminated single quote", at, self.b.len());
                (self.b.len(), self.b.len())
            }
        };
        let body = &self.s[body_start..body_end];
        self.i = end;
        b.part(
            self,
            PartKind::SingleQuoted(body.to_string()),
            false,
            at,
            body,
        );
    }

    /// `"…"` from the opening quote (`body` is just after it; `$"` starts one byte earlier).
    fn double_quote(&mut self, b: &mut PartsBuf, body: usize) {
        let at = self.i;
        self.i = body;
        let mut inner = PartsBuf::new(self);
        if !self.enter() {
            return;
        }
        let mut closed = false;
        while let Some(c) = self.peek(0) {
            match c {
                b'"' => {
                    self.i += 1;
                    closed = true;
                    break;
                }
                b'`' if self.in_backtick > 0 => break,
                b'\\' => match self.peek(1) {
                    Some(b'\n') => self.i += 2,
                    Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                        let e = self.i;
                        self.i += 2;
                        let ch = n as char;
                        inner.part(
                            self,
                            PartKind::Escaped(ch),
                            true,
                            e,
                            ch.encode_utf8(&mut [0; 4]),
                        );
                    }
                    _ => {
                        self.i += 1;
                        inner.lit(self, self.i - 1, "\\");
                    }
                },
                b'$' => self.dollar(&mut inner, true),
                b'`' => self.backtick(&mut inner, true),
                _ => {
                    let k = self.i;
                    self.bump();
                    // the rest of the run up to the next byte that means something here
                    while self
                        .b
                        .get(self.i)
                        .is_some_and(|&c| !matches!(c, b'"' | b'`' | b'\\' | b'$'))
                    {
                        self.i += 1;
                    }
                    let s = self.s;
                    inner.lit(self, k, &s[k..self.i]);
                }
            }
        }
        self.leave();
        if !closed {
            self.error("unterminated double quote", at, self.i);
        }
        // The inner text is already in place on the text stack, after `b`'s.
        let parts = inner.into_parts(self, true);
        b.part_text_in_place(self, PartKind::DoubleQuoted(parts), true, at);
    }

    fn dollar(&mut self, b: &mut PartsBuf, in_dq: bool) {
        let at = self.i;
        match self.peek(1) {
            Some(b'\'') if !in_dq => self.ansi_c(b),
            Some(b'"') if !in_dq => self.double_quote(b, at + 2),
            Some(b'(') => {
                if self.peek(2) == Some(b'(') && at >= self.no_arith_until {
                    if let Some(end) = self.arith_end(at + 3) {
                        let expr = self.s[at + 3..end - 2].to_string();
                        self.i = end;
                        let raw = &self.s[at..end];
                        b.part(self, PartKind::Arith(expr), in_dq, at, raw);
                        return;
                    }
                }
                self.i = at + 2;
                let saved = std::mem::take(&mut self.open);
                let saved_bt = std::mem::take(&mut self.in_backtick);
                self.open_kind(T_PAREN, 1);
                let script = self.script(T_PAREN);
                self.open = saved;
                self.in_backtick = saved_bt;
                self.expect(")", "$(", at);
                let raw = self.raw(at, self.i);
                let kind = PartKind::CommandSubst {
                    script: Box::new(script),
                    backtick: false,
                };
                b.part(self, kind, in_dq, at, &raw);
            }
            Some(b'{') => self.braced_param(b, in_dq),
            Some(c) if is_name_start(c) => {
                let mut k = at + 1;
                while self.b.get(k).copied().is_some_and(is_name_char) {
                    k += 1;
                }
                self.i = k;
                let name = self.s[at + 1..k].to_string();
                let raw = &self.s[at..k];
                b.part(
                    self,
                    PartKind::Param(Box::new(plain_param(name))),
                    in_dq,
                    at,
                    raw,
                );
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => {
                self.i = at + 2;
                let name = (c as char).to_string();
                let raw = &self.s[at..at + 2];
                b.part(
                    self,
                    PartKind::Param(Box::new(plain_param(name))),
                    in_dq,
                    at,
                    raw,
                );
            }
            _ => {
                self.i += 1;
                b.lit(self, at, "$");
            }
        }
    }

    /// The text of an expansion for [`Word::text`], cut when long.
    fn raw(&self, start: usize, end: usize) -> Cow<'a, str> {
        let s: &'a str = self.s;
        let raw = s.get(start..end.min(self.b.len())).unwrap_or("");
        if raw.len() > MAX_SUBST_TEXT {
            let mut cut = MAX_SUBST_TEXT;
            while !raw.is_char_boundary(cut) {
                cut -= 1;
            }
            Cow::Owned(format!("{}…", &raw[..cut]))
        } else {
            Cow::Borrowed(raw)
        }
    }

    fn backtick(&mut self, b: &mut PartsBuf, in_dq: bool) {
        let at = self.i;
        self.i += 1;
        let saved = std::mem::take(&mut self.open);
        self.in_backtick += 1;
        self.open_kind(T_BACKTICK, 1);
        let script = self.script(T_BACKTICK);
        self.open = saved;
        self.in_backtick -= 1;
        if self.peek(0) == Some(b'`') {
            self.i += 1;
        } else {
            self.error("backquote is not closed", at, self.i);
        }
        let raw = self.raw(at, self.i);
        let kind = PartKind::CommandSubst {
            script: Box::new(script),
            backtick: true,
        };
        b.part(self, kind, in_dq, at, &raw);
    }

    fn process_subst(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let input = self.b[at] == b'<';
        self.i += 2;
        let saved = std::mem::take(&mut self.open);
        let saved_bt = std::mem::take(&mut self.in_backtick);
        self.open_kind(T_PAREN, 1);
        let script = self.script(T_PAREN);
        self.open = saved;
        self.in_backtick = saved_bt;
        self.expect(")", "<(", at);
        let raw = self.raw(at, self.i);
        let kind = PartKind::ProcessSubst {
            script: Box::new(script),
            input,
        };
        b.part(self, kind, false, at, &raw);
    }

    fn ansi_c(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let mut k = at + 2;
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
                _ => {
                    let s = k;
                    k += 1;
                    while k < self.b.len() && !self.s.is_char_boundary(k) {
                        k += 1;
                    }
                    text.push_str(&self.s[s..k]);
                }
            }
        }
        let k = k.min(self.b.len());
        if !closed {
            self.error("unterminated `$'` quote", at, k);
        }
        self.i = k;
        b.push_text(self, &text);
        b.part_text_in_place(self, PartKind::AnsiC(text), false, at);
    }

    fn braced_param(&mut self, b: &mut PartsBuf, in_dq: bool) {
        let at = self.i;
        self.i += 2;
        let mut p = plain_param(String::new());
        p.braced = true;
        match (self.peek(0), self.peek(1)) {
            (Some(b'#'), Some(c)) if c != b'}' => {
                p.length = true;
                self.i += 1;
            }
            (Some(b'!'), Some(c)) if c != b'}' => {
                p.indirect = true;
                self.i += 1;
            }
            _ => {}
        }
        let ns = self.i;
        match self.peek(0) {
            Some(c) if is_name_start(c) => {
                while self.peek(0).is_some_and(is_name_char) {
                    self.i += 1;
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
            }
            Some(c) if b"@*#?$!-".contains(&c) => self.i += 1,
            _ => {}
        }
        p.name = self.s[ns..self.i].to_string();
        if p.name.is_empty() {
            let end = self.braced_end(at + 2);
            self.error("bad substitution", at, end);
            self.i = end;
            let raw = self.raw(at, end);
            b.part(self, PartKind::Param(Box::new(p)), in_dq, at, &raw);
            return;
        }
        if self.peek(0) == Some(b'[') {
            let is = self.i + 1;
            let mut k = is;
            let mut depth = 1usize;
            while k < self.b.len() {
                match self.b[k] {
                    b'[' => depth += 1,
                    b']' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b'}' => break,
                    _ => {}
                }
                k += 1;
            }
            p.index = Some(self.s.get(is..k).unwrap_or("").to_string());
            self.i = if self.b.get(k) == Some(&b']') {
                k + 1
            } else {
                k
            };
            while !self.s.is_char_boundary(self.i) {
                self.i += 1;
            }
        }
        if self.peek(0) != Some(b'}') {
            const OPS: &[&str] = &[
                ":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,", "-", "=", "?",
                "+", "#", "%", "/", "^", ",", ":", "@",
            ];
            if let Some(op) = OPS.iter().find(|op| self.at(op)) {
                p.op = Some((*op).to_string());
                self.i += op.len();
                p.arg = Some(self.word(WordCtx::ParamArg));
            } else {
                let k = self.i;
                let end = self.braced_end(k);
                self.error("bad substitution", at, end);
                self.i = end;
                let raw = self.raw(at, end);
                b.part(self, PartKind::Param(Box::new(p)), in_dq, at, &raw);
                return;
            }
        }
        if self.peek(0) == Some(b'}') {
            self.i += 1;
        } else {
            let k = self.i;
            self.error("`${` is not closed by `}`", at, k);
        }
        let raw = self.raw(at, self.i);
        b.part(self, PartKind::Param(Box::new(p)), in_dq, at, &raw);
    }

    /// From `from` inside `${…`: just past the matching `}` (or the end of input).
    fn braced_end(&self, from: usize) -> usize {
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
                _ => {}
            }
            k += 1;
        }
        self.b.len()
    }

    /// After `((` or `$((` (at `from`): the end of the matching `))` when the parentheses close
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

    /// `[…]` as a glob bracket when it closes before the word ends; else a literal `[`.
    fn bracket(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let mut k = at + 1;
        if matches!(self.b.get(k), Some(b'!' | b'^')) {
            k += 1;
        }
        if self.b.get(k) == Some(&b']') {
            k += 1;
        }
        while k < self.b.len() {
            let c = self.b[k];
            if c == b']' {
                let end = k + 1;
                self.i = end;
                let t = &self.s[at..end];
                b.part(self, PartKind::Glob(t.to_string()), false, at, t);
                return;
            }
            if is_meta(c) || matches!(c, b'\'' | b'"' | b'\\' | b'$' | b'`' | b'[') {
                break;
            }
            k += 1;
        }
        if k >= self.b.len() || self.b[k] != b'[' {
            self.no_bracket_until = k;
        }
        self.i += 1;
        b.lit(self, at, "[");
    }

    /// `{a,b}` / `{1..3}` as a brace expansion when it closes in the word; else a literal `{`.
    fn brace(&mut self, b: &mut PartsBuf) {
        let at = self.i;
        let mut k = at + 1;
        let mut depth = 1usize;
        let mut comma = false;
        let mut seen_close = false;
        let limit = (at + 256).min(self.b.len());
        while k < limit {
            let c = self.b[k];
            match c {
                b'{' => depth += 1,
                b'}' => {
                    seen_close = true;
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 1 => comma = true,
                b'.' if depth == 1 && self.b.get(k + 1) == Some(&b'.') => comma = true,
                _ => {}
            }
            if is_meta(c) || matches!(c, b'\'' | b'"' | b'\\' | b'$' | b'`') {
                break;
            }
            k += 1;
        }
        if depth == 0 && comma && k > at + 2 {
            let end = k + 1;
            self.i = end;
            let t = &self.s[at..end];
            b.part(self, PartKind::Brace(t.to_string()), false, at, t);
            return;
        }
        if !seen_close {
            self.no_brace_until = k;
        }
        self.i += 1;
        b.lit(self, at, "{");
    }

    // --- sh -c -------------------------------------------------------------------------------

    /// Parses the script of `sh -c '…'` into `cmd.inline`.
    fn inline_script(&mut self, cmd: &mut SimpleCommand) {
        if self.level >= MAX_SH_LEVELS {
            return;
        }
        let Some((idx, dialect)) = sh_c_script(cmd, self.sh) else {
            return;
        };
        let Some(word) = cmd.words.get(idx) else {
            return;
        };
        if word.text.len() > *self.budget {
            let span = word.span;
            if self.errors.len() < MAX_ERRORS {
                self.errors.push(ParseError {
                    message: "`sh -c` scripts nest too much to read them all".into(),
                    span,
                });
            }
            return;
        }
        *self.budget -= word.text.len();
        // Exact spans when the argument is one piece whose text is the source as written.
        let base = match word.parts.as_slice() {
            [p] => match &p.kind {
                PartKind::SingleQuoted(_) | PartKind::DoubleQuoted(_) => Some(1),
                PartKind::Literal(_) => Some(0),
                _ => None,
            },
            _ => None,
        };
        let text = word.text.clone();
        let wspan = word.span;
        let exact = base.and_then(|off| {
            let st = self.local_of(wspan)? + off;
            (self.s.get(st..st + text.len()) == Some(text.as_str())).then_some(st)
        });
        let outer = self.map;
        let map_exact;
        let map_word;
        let map: &dyn Fn(usize, usize) -> Span = match exact {
            Some(st) => {
                map_exact = move |s: usize, e: usize| outer(st + s, st + e);
                &map_exact
            }
            None => {
                map_word = move |_: usize, _: usize| wspan;
                &map_word
            }
        };
        let out = Parser::new(&text, map, self.level + 1, self.budget, self.sh).run();
        cmd.inline = Some(Box::new(InlineScript {
            dialect,
            script: out.script,
            heredocs: out.heredocs,
            errors: out.errors,
            word: idx,
            exact_spans: exact.is_some(),
        }));
    }

    /// The local offset of a word whose span this parser made (found by its start).
    fn local_of(&self, span: Span) -> Option<usize> {
        // Word spans are made with `self.map` from local offsets; find the local start again
        // by searching near the mapped start (the map is monotonic).
        let (mut lo, mut hi) = (0usize, self.b.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (self.map)(mid, mid + 1).start < span.start {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        ((self.map)(lo, lo + 1).start == span.start).then_some(lo)
    }
}

fn plain_param(name: String) -> ParamExp {
    ParamExp {
        name,
        braced: false,
        length: false,
        indirect: false,
        index: None,
        op: None,
        arg: None,
    }
}

/// If `cmd` is `sh -c SCRIPT …` (or bash, dash, ash, zsh, ksh, mksh, with a path and combined
/// flags such as `-ec`): the index of the SCRIPT word and the shell's dialect.
pub(super) fn sh_c_script(cmd: &SimpleCommand, sh: Dialect) -> Option<(usize, Dialect)> {
    let name = cmd.name()?;
    let base = crate::model::paths::file_name(name);
    let dialect = match base {
        "sh" => sh,
        "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh" => Dialect::from_program(base)?,
        _ => return None,
    };
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
                i += 1;
                continue;
            }
            if flags.contains('c') {
                seen_c = true;
            }
            if flags.ends_with('o') || flags.ends_with('O') {
                i += 1;
            }
            i += 1;
            continue;
        }
        break;
    }
    (seen_c && i < cmd.words.len()).then_some((i, dialect))
}

/// Collects the parts of a word and its unquoted text on the parser's scratch stacks
/// ([`Parser::parts`], [`Parser::text`]): a word's parts and text are pushed above those of
/// the words around it and taken off, exactly sized, when it is finished, so that a word costs
/// no growing and shrinking of its own buffers (that was most of the parser's allocations).
struct PartsBuf {
    /// Where this buffer's parts start on [`Parser::parts`].
    parts_base: usize,
    /// Where this buffer's text starts on [`Parser::text`].
    text_base: usize,
    /// The pending literal run: its text on [`Parser::text`] (empty when none)…
    lit_text: (usize, usize),
    /// …and where it starts in the source.
    lit_start: usize,
    /// Just past the last byte of the literal run (a backslash-newline inside it is skipped,
    /// so this is not `lit_start + len`).
    lit_end: usize,
}

impl PartsBuf {
    fn new(p: &Parser) -> PartsBuf {
        PartsBuf {
            parts_base: p.parts.len(),
            text_base: p.text.len(),
            lit_text: (0, 0),
            lit_start: 0,
            lit_end: 0,
        }
    }

    fn lit(&mut self, p: &mut Parser, at: usize, s: &str) {
        if self.lit_text.0 == self.lit_text.1 {
            self.lit_start = at;
            self.lit_text = (p.text.len(), p.text.len());
        }
        // Nothing else is pushed while a run is pending (nested words are taken off again
        // before the next part), so the run stays contiguous on the text stack.
        p.text.push_str(s);
        self.lit_text.1 = p.text.len();
        self.lit_end = at + s.len();
    }

    fn flush(&mut self, p: &mut Parser, quoted: bool) {
        let (ts, te) = self.lit_text;
        if ts < te {
            self.lit_text = (0, 0);
            let text = p.text.get(ts..te).unwrap_or("").to_string();
            let end = self.lit_end.max(self.lit_start);
            let span = p.span(self.lit_start, end);
            p.parts.push(WordPart {
                kind: PartKind::Literal(text),
                quoted,
                span,
            });
        }
    }

    /// Text of a part that is about to be added with [`PartsBuf::part_text_in_place`].
    fn push_text(&mut self, p: &mut Parser, text: &str) {
        p.text.push_str(text);
    }

    /// Adds a part read from `at` to the parser's position; `text` is its unquoted text.
    fn part(&mut self, p: &mut Parser, kind: PartKind, quoted: bool, at: usize, text: &str) {
        self.flush(p, quoted);
        p.text.push_str(text);
        let span = p.span(at, p.i);
        p.parts.push(WordPart { kind, quoted, span });
    }

    /// [`PartsBuf::part`] for a part whose text is already on the text stack, after the
    /// pending literal run (a `"…"`'s inner text, `$'…'`).
    fn part_text_in_place(&mut self, p: &mut Parser, kind: PartKind, quoted: bool, at: usize) {
        self.flush(p, quoted);
        let span = p.span(at, p.i);
        p.parts.push(WordPart { kind, quoted, span });
    }

    /// The parts, taken off the stack; the text stays there (it is the enclosing word's).
    fn into_parts(mut self, p: &mut Parser, quoted: bool) -> Vec<WordPart> {
        self.flush(p, quoted);
        let base = self.parts_base.min(p.parts.len());
        p.parts.drain(base..).collect()
    }

    fn finish(self, p: &mut Parser, start: usize) -> Word {
        let span = p.span(start, p.i);
        let text_base = self.text_base.min(p.text.len());
        let parts = self.into_parts(p, false);
        let text = p.text.get(text_base..).unwrap_or("").to_string();
        p.text.truncate(text_base);
        Word { parts, text, span }
    }
}
