//! What the SC rules (ShellCheck's checks) share: the RUN scripts they read, each parsed into
//! words that keep their quoting (literal, `'…'`, `"…"`, `$x`/`${x…}`, `$( … )`/backticks,
//! `$(( … ))`), and the items of the script (simple commands with their pipeline position and
//! connectors, `for` headers, `[[ … ]]` tests, `case` words). Not a rule.
//!
//! This is a stopgap reader local to the SC rules: the shell layer in `model/shell.rs` does not
//! yet keep word parts or quoting. Linear in the input; nesting (`$(`, `"`, `${`, backticks) is
//! followed at most [`MAX_DEPTH`] levels deep and deeper text stays an opaque literal, so input
//! cannot overflow the stack.

#![allow(dead_code)] // being replaced by the model's shell AST, rule by rule

use super::hadolint_support::posix_runs;
use super::prelude::*;
use crate::model::shell::{Dialect, ScriptSource};
use crate::model::RunFact;
use std::collections::HashMap;
use std::ops::Range;

/// Substitutions, quotes and braces nested deeper than this are read as plain text.
pub(crate) const MAX_DEPTH: usize = 24;

/// One part of a word.
#[allow(dead_code)] // every part keeps its span, though not every rule reads it yet
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Unquoted text (backslash escapes included, as written).
    Lit(Range<usize>),
    /// `'…'`, quotes included.
    Single(Range<usize>),
    /// `$'…'`.
    AnsiC(Range<usize>),
    /// `"…"` and its parts.
    Double(Range<usize>, Vec<Part>),
    /// `$x`, `${x…}`.
    Param(Param),
    /// `$( … )` or `` `…` ``.
    Subst(Subst),
    /// `$(( … ))` or `$[ … ]`.
    Arith(Range<usize>),
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub range: Range<usize>,
    /// The name (`x`, `1`, `@`, `#`); empty when `${` has none (`${#x}` counts `x`: see `modifier`).
    pub name: String,
    pub braced: bool,
    /// What follows the name inside the braces (`:-x`, `//a/b`, `[@]`); for `${#x}`, `#` is
    /// `prefix`.
    pub modifier: String,
    /// `#` or `!` before the name inside braces.
    pub prefix: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Subst {
    pub range: Range<usize>,
    #[allow(dead_code)] // read by the ported rules from the model instead
    pub backtick: bool,
    pub script: Script,
}

#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub parts: Vec<Part>,
    pub range: Range<usize>,
}

impl Word {
    /// The word's text as written.
    pub fn raw<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.range.clone()).unwrap_or("")
    }

    /// The word as a literal string, when it is only literal and quoted text (no expansion):
    /// quotes removed, backslash escapes resolved.
    pub fn literal(&self, src: &str) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(r) => unescape_into(src.get(r.clone()).unwrap_or(""), &mut out),
                Part::Single(r) => {
                    let t = src.get(r.clone()).unwrap_or("");
                    out.push_str(t.get(1..t.len().saturating_sub(1)).unwrap_or(""));
                }
                Part::Double(_, inner) => {
                    for q in inner {
                        match q {
                            Part::Lit(r) => {
                                let t = src.get(r.clone()).unwrap_or("");
                                let mut chars = t.chars().peekable();
                                while let Some(c) = chars.next() {
                                    if c == '\\' {
                                        match chars.peek() {
                                            Some(&n)
                                                if matches!(n, '$' | '`' | '"' | '\\' | '\n') =>
                                            {
                                                out.push(n);
                                                chars.next();
                                            }
                                            _ => out.push(c),
                                        }
                                    } else {
                                        out.push(c);
                                    }
                                }
                            }
                            _ => return None,
                        }
                    }
                }
                _ => return None,
            }
        }
        Some(out)
    }
}

fn unescape_into(t: &str, out: &mut String) {
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                if n != '\n' {
                    out.push(n);
                }
            }
        } else {
            out.push(c);
        }
    }
}

/// How a command joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conn {
    /// Start or end of a list (`;`, newline, `&`, a keyword, `(`, `)`).
    Sep,
    And,
    Or,
    Pipe,
}

/// A simple command.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    /// Redirection operators (`>`, `&>`, `2>&1`, `<<<`) with their target word.
    pub redirs: Vec<(Range<usize>, Option<Word>)>,
    pub range: Range<usize>,
    /// Preceded by `!`; `bang` is where.
    pub bang: Option<Range<usize>>,
    pub before: Conn,
    pub after: Conn,
    /// Part of an `if`/`while`/`until` condition (between the keyword and `then`/`do`).
    pub in_condition: bool,
    /// The last command of its script.
    pub last_in_script: bool,
    /// May not run although the commands before it did: after `&&`/`||` in its list, or in
    /// the body of `if`, a loop or `case`.
    pub conditional: bool,
    /// Runs in a subshell (`( … )`, `$( … )`, a pipeline element): its assignments do not
    /// reach the commands after it.
    pub subshell: bool,
    /// After `&&` or `||` in its list.
    pub and_or: bool,
    /// How many `if`, loops and `case` are open around it.
    pub depth: usize,
}

impl Cmd {
    pub fn name(&self, src: &str) -> Option<String> {
        self.words.first().and_then(|w| w.literal(src))
    }
}

#[allow(dead_code)] // spans kept for messages
#[derive(Debug, Clone)]
pub(crate) struct Assign {
    pub name: String,
    pub value: Word,
    pub range: Range<usize>,
    /// `a=(…)`.
    pub array: bool,
}

#[allow(dead_code)] // spans kept for messages
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Cmd(Cmd),
    /// `for NAME [in WORDS]`: the words, or `None` without `in`.
    For {
        var: String,
        words: Option<Vec<Word>>,
        range: Range<usize>,
    },
    /// `[[ … ]]`.
    Test(Vec<Word>),
    /// The word of `case WORD in`, and the words of each pattern.
    Case(Word),
    Pattern(Vec<Word>),
    /// The `esac` that closes the innermost `case`.
    Esac,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Script {
    pub items: Vec<Item>,
}

impl Script {
    /// Parses `src` (never panics; linear).
    pub fn parse(src: &str) -> Script {
        let mut p = Parser {
            src,
            s: src.as_bytes(),
            pos: 0,
            depth: 0,
            heredocs: Vec::new(),
            backtick_level: 0,
        };
        p.script(Until::Eof)
    }

    /// Every item, also those inside substitutions, in source order of their start (outer
    /// first), with whether it sits inside a `$( … )`.
    pub fn walk(&self, f: &mut dyn FnMut(&Item)) {
        for it in &self.items {
            f(it);
            for w in item_words(it) {
                walk_parts(&w.parts, f);
            }
        }
    }
}

fn walk_parts(parts: &[Part], f: &mut dyn FnMut(&Item)) {
    for p in parts {
        match p {
            Part::Double(_, inner) => walk_parts(inner, f),
            Part::Subst(s) => s.script.walk(f),
            _ => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    Eof,
    Paren,
    Backtick,
}

struct Parser<'a> {
    src: &'a str,
    s: &'a [u8],
    pos: usize,
    depth: usize,
    /// Pending here-document delimiters: (word, strip tabs).
    heredocs: Vec<(String, bool)>,
    /// How many backtick substitutions the reader is inside.
    backtick_level: usize,
}

/// Per-script state of the command assembler.
#[derive(Default)]
struct Blocks {
    /// Open `if`, loops and `case`.
    depth: usize,
    /// Open `( … )` subshells.
    subshells: usize,
    /// An `&&` or `||` came since the last list separator.
    and_or: bool,
    /// A `|` came since the last list separator.
    piped: bool,
}

const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "time",
    "function",
];

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
    fn at(&self, i: usize) -> Option<u8> {
        self.s.get(self.pos + i).copied()
    }
    fn text(&self, r: Range<usize>) -> &str {
        self.src.get(r).unwrap_or("")
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if self.at(1) == Some(b'\n') => self.pos += 2,
                _ => return,
            }
        }
    }

    /// Skips the bodies of pending here-documents, after a newline.
    fn skip_heredocs(&mut self) {
        let pending = std::mem::take(&mut self.heredocs);
        for (word, strip) in pending {
            loop {
                if self.pos >= self.s.len() {
                    return;
                }
                let end = self.s[self.pos..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(self.s.len(), |i| self.pos + i);
                let line = self.text(self.pos..end);
                let line = if strip {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                let done = line.trim_end_matches('\r') == word;
                self.pos = (end + 1).min(self.s.len());
                if done {
                    break;
                }
            }
        }
    }

    // the last `finish!` updates list state no one reads after it
    #[allow(unused_assignments)]
    fn script(&mut self, until: Until) -> Script {
        let mut items: Vec<Item> = Vec::new();
        let mut cur: Option<Cmd> = None;
        let mut pending_bang: Option<Range<usize>> = None;
        let mut before = Conn::Sep;
        let mut in_condition = false;
        // case: after `in` or `;;`, a pattern is expected at command position
        let mut case_depth = 0usize;
        let mut expect_pattern = false;
        let mut blk = Blocks::default();
        let inner = until != Until::Eof;
        macro_rules! finish {
            ($after:expr) => {
                if let Some(mut c) = cur.take() {
                    c.after = $after;
                    c.conditional = blk.depth > 0 || blk.and_or;
                    c.and_or = blk.and_or;
                    c.depth = blk.depth;
                    c.subshell = inner || blk.subshells > 0 || blk.piped || $after == Conn::Pipe;
                    items.push(Item::Cmd(c));
                }
                match $after {
                    Conn::And | Conn::Or => blk.and_or = true,
                    Conn::Pipe => blk.piped = true,
                    Conn::Sep => {
                        blk.and_or = false;
                        blk.piped = false;
                    }
                }
            };
        }
        loop {
            self.skip_blanks();
            let Some(b) = self.peek() else { break };
            let start = self.pos;
            match b {
                b'#' if cur.as_ref().is_none_or(|_| true) => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                    continue;
                }
                b'\n' => {
                    self.pos += 1;
                    finish!(Conn::Sep);
                    before = Conn::Sep;
                    self.skip_heredocs();
                    continue;
                }
                b';' => {
                    self.pos += 1;
                    if matches!(self.peek(), Some(b';' | b'&')) {
                        self.pos += 1;
                        if self.peek() == Some(b'&') {
                            self.pos += 1;
                        }
                        expect_pattern = case_depth > 0;
                    }
                    finish!(Conn::Sep);
                    before = Conn::Sep;
                    continue;
                }
                b'&' if self.at(1) == Some(b'&') => {
                    self.pos += 2;
                    finish!(Conn::And);
                    before = Conn::And;
                    continue;
                }
                b'|' if self.at(1) == Some(b'|') => {
                    self.pos += 2;
                    finish!(Conn::Or);
                    before = Conn::Or;
                    continue;
                }
                b'|' => {
                    self.pos += 1;
                    if self.peek() == Some(b'&') {
                        self.pos += 1;
                    }
                    if expect_pattern {
                        continue;
                    }
                    finish!(Conn::Pipe);
                    before = Conn::Pipe;
                    continue;
                }
                b'&' if self.at(1) != Some(b'>') => {
                    self.pos += 1;
                    finish!(Conn::Sep);
                    before = Conn::Sep;
                    continue;
                }
                b'(' if cur.is_none() && self.at(1) == Some(b'(') => {
                    // arithmetic command
                    self.skip_arith(2);
                    before = Conn::Sep;
                    continue;
                }
                b'(' => {
                    self.pos += 1;
                    if let Some(c) = &cur {
                        if c.words.len() == 1 && c.assigns.is_empty() {
                            // `name()`: a function definition
                            self.skip_blanks();
                            if self.peek() == Some(b')') {
                                self.pos += 1;
                            }
                            cur = None;
                            before = Conn::Sep;
                            continue;
                        }
                    }
                    if expect_pattern {
                        continue;
                    }
                    finish!(Conn::Sep);
                    blk.subshells += 1;
                    before = Conn::Sep;
                    continue;
                }
                b')' => {
                    if until == Until::Paren && blk.subshells == 0 {
                        break;
                    }
                    self.pos += 1;
                    finish!(Conn::Sep);
                    blk.subshells = blk.subshells.saturating_sub(1);
                    before = Conn::Sep;
                    continue;
                }
                b'`' if until == Until::Backtick => break,
                _ => {}
            }
            // redirection?
            if let Some(op_end) = self.redirect_op() {
                let op = start..op_end;
                let is_heredoc =
                    self.text(op.clone()).contains("<<") && !self.text(op.clone()).contains("<<<");
                let strip = self.text(op.clone()).ends_with("<<-");
                self.pos = op_end;
                self.skip_blanks();
                let target = if self.peek().is_some_and(|c| !is_meta(c)) {
                    Some(self.word())
                } else {
                    None
                };
                if is_heredoc {
                    if let Some(t) = &target {
                        let mut d = String::new();
                        let raw = t.raw(self.src);
                        for ch in raw.chars() {
                            if !matches!(ch, '\'' | '"' | '\\') {
                                d.push(ch);
                            }
                        }
                        self.heredocs.push((d, strip));
                    }
                }
                let c = cur.get_or_insert_with(|| {
                    new_cmd(start, before, in_condition, pending_bang.take())
                });
                c.redirs.push((op, target));
                c.range.end = self.pos;
                continue;
            }
            let w = self.word();
            if w.range.is_empty() {
                // not a word character we understand: step over it
                self.pos += 1;
                continue;
            }
            let src = self.src;
            let lit = if w.parts.len() == 1 && matches!(w.parts[0], Part::Lit(_)) {
                Some(w.raw(src).to_string())
            } else {
                None
            };
            if cur.is_none() {
                if expect_pattern && lit.as_deref() != Some("esac") {
                    // a case pattern: words up to `)`
                    let mut ws = vec![w];
                    loop {
                        self.skip_blanks();
                        match self.peek() {
                            Some(b')') => {
                                self.pos += 1;
                                break;
                            }
                            Some(b'|') => self.pos += 1,
                            None | Some(b'\n') => break,
                            Some(_) => {
                                let x = self.word();
                                if x.range.is_empty() {
                                    self.pos += 1;
                                } else {
                                    ws.push(x);
                                }
                            }
                        }
                    }
                    items.push(Item::Pattern(ws));
                    expect_pattern = false;
                    before = Conn::Sep;
                    continue;
                }
                if let Some(l) = lit.as_deref() {
                    match l {
                        "!" => {
                            pending_bang = Some(w.range.clone());
                            continue;
                        }
                        "if" | "while" | "until" | "elif" => {
                            if l != "elif" {
                                blk.depth += 1;
                            }
                            in_condition = true;
                            before = Conn::Sep;
                            continue;
                        }
                        "then" | "do" => {
                            in_condition = false;
                            before = Conn::Sep;
                            continue;
                        }
                        "fi" | "done" => {
                            blk.depth = blk.depth.saturating_sub(1);
                            before = Conn::Sep;
                            continue;
                        }
                        "esac" => {
                            blk.depth = blk.depth.saturating_sub(1);
                            case_depth = case_depth.saturating_sub(1);
                            items.push(Item::Esac);
                            expect_pattern = false;
                            continue;
                        }
                        "[[" => {
                            let mut ws = Vec::new();
                            loop {
                                self.skip_blanks();
                                match self.peek() {
                                    None => break,
                                    Some(b'\n') => self.pos += 1,
                                    Some(b'(' | b')' | b'<' | b'>' | b'&' | b'|') => self.pos += 1,
                                    Some(_) => {
                                        let x = self.word();
                                        if x.range.is_empty() {
                                            self.pos += 1;
                                            continue;
                                        }
                                        if x.raw(src) == "]]" {
                                            break;
                                        }
                                        ws.push(x);
                                    }
                                }
                            }
                            items.push(Item::Test(ws));
                            continue;
                        }
                        "for" | "select" => {
                            self.skip_blanks();
                            let v = self.word();
                            let var = v.raw(src).to_string();
                            let mut words = None;
                            // skip newlines and `;` up to `in` or `do`
                            loop {
                                self.skip_blanks();
                                match self.peek() {
                                    Some(b'\n' | b';') => self.pos += 1,
                                    _ => break,
                                }
                            }
                            let save = self.pos;
                            let k = self.word();
                            if k.raw(src) == "in" {
                                let mut ws = Vec::new();
                                loop {
                                    self.skip_blanks();
                                    match self.peek() {
                                        None | Some(b'\n' | b';') => break,
                                        Some(_) => {
                                            let x = self.word();
                                            if x.range.is_empty() {
                                                self.pos += 1;
                                            } else {
                                                ws.push(x);
                                            }
                                        }
                                    }
                                }
                                words = Some(ws);
                            } else {
                                self.pos = save;
                            }
                            items.push(Item::For {
                                var,
                                words,
                                range: start..self.pos,
                            });
                            blk.depth += 1;
                            continue;
                        }
                        "case" => {
                            self.skip_blanks();
                            let x = self.word();
                            items.push(Item::Case(x));
                            self.skip_blanks();
                            let save = self.pos;
                            let k = self.word();
                            if k.raw(src) != "in" {
                                self.pos = save;
                            }
                            case_depth += 1;
                            blk.depth += 1;
                            expect_pattern = true;
                            continue;
                        }
                        _ if RESERVED.contains(&l) => {
                            before = Conn::Sep;
                            continue;
                        }
                        _ => {}
                    }
                }
            }
            let c = cur
                .get_or_insert_with(|| new_cmd(start, before, in_condition, pending_bang.take()));
            c.range.end = w.range.end;
            if c.words.is_empty() {
                if let Some((name, value_start)) = assignment_name(src, &w) {
                    let array =
                        self.s.get(value_start) == Some(&b'(') && value_start == w.range.end;
                    let mut value = Word {
                        parts: Vec::new(),
                        range: value_start..w.range.end,
                    };
                    if array {
                        // `a=( … )`: skip to the matching `)`
                        let mut d = 0usize;
                        while let Some(ch) = self.peek() {
                            self.pos += 1;
                            if ch == b'(' {
                                d += 1;
                            } else if ch == b')' {
                                d = d.saturating_sub(1);
                                if d == 0 {
                                    break;
                                }
                            }
                        }
                        value.range = value_start..self.pos;
                        c.range.end = self.pos;
                    } else {
                        value.parts = sub_parts(&w, value_start);
                    }
                    c.assigns.push(Assign {
                        name,
                        value,
                        range: w.range.start..c.range.end,
                        array,
                    });
                    continue;
                }
            }
            c.words.push(w);
        }
        finish!(Conn::Sep);
        if let Some(Item::Cmd(c)) = items.iter_mut().rev().find(|i| matches!(i, Item::Cmd(_))) {
            c.last_in_script = true;
        }
        Script { items }
    }

    fn skip_arith(&mut self, open: usize) {
        self.pos += open;
        let mut d = 0usize;
        while let Some(ch) = self.peek() {
            self.pos += 1;
            match ch {
                b'(' => d += 1,
                b')' => {
                    if d == 0 {
                        if self.peek() == Some(b')') {
                            self.pos += 1;
                        }
                        return;
                    }
                    d -= 1;
                }
                _ => {}
            }
        }
    }

    /// The end of a redirection operator at `pos` (`>`, `>>`, `2>`, `&>`, `>&`, `<<`, `<<-`,
    /// `<<<`, `<&`, `>|`, `<>`), if there is one.
    fn redirect_op(&self) -> Option<usize> {
        let mut i = self.pos;
        while self.s.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if self.s.get(i) == Some(&b'&') && self.s.get(i + 1) == Some(&b'>') && i == self.pos {
            i += 2;
            if self.s.get(i) == Some(&b'>') {
                i += 1;
            }
            return Some(i);
        }
        match self.s.get(i) {
            Some(b'>') => {
                i += 1;
                if matches!(self.s.get(i), Some(b'>' | b'|')) {
                    i += 1;
                }
                if self.s.get(i) == Some(&b'&') {
                    i += 1;
                }
                Some(i)
            }
            Some(b'<') => {
                // `<(` is process substitution: a word
                if self.s.get(i + 1) == Some(&b'(') && i == self.pos {
                    return None;
                }
                i += 1;
                if self.s.get(i) == Some(&b'<') {
                    i += 1;
                    if matches!(self.s.get(i), Some(b'<' | b'-')) {
                        i += 1;
                    }
                } else if matches!(self.s.get(i), Some(b'&' | b'>')) {
                    i += 1;
                }
                Some(i)
            }
            _ => None,
        }
    }

    /// A word at `pos` (empty when `pos` is at a metacharacter).
    fn word(&mut self) -> Word {
        let start = self.pos;
        let mut parts = Vec::new();
        let mut lit_start: Option<usize> = None;
        macro_rules! flush {
            () => {
                if let Some(ls) = lit_start.take() {
                    if ls < self.pos {
                        parts.push(Part::Lit(ls..self.pos));
                    }
                }
            };
        }
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'>' | b')' => break,
                b'<' if self.at(1) != Some(b'(') => break,
                b'(' => {
                    // `<(`, `>(` handled below; a bare `(` ends the word
                    if self.pos > start
                        && matches!(
                            self.s.get(self.pos - 1),
                            Some(b'@' | b'?' | b'*' | b'+' | b'!')
                        )
                    {
                        // extglob `@(…)`: skip to `)`
                        lit_start.get_or_insert(self.pos);
                        self.skip_group();
                        continue;
                    }
                    break;
                }
                b'`' if self.backtick_level > 0 => break,
                b'\\' => {
                    if self.at(1) == Some(b'\n') {
                        if self.pos == start {
                            self.pos += 2;
                            return Word {
                                parts,
                                range: self.pos..self.pos,
                            };
                        }
                        flush!();
                        self.pos += 2;
                        break;
                    }
                    lit_start.get_or_insert(self.pos);
                    self.pos = (self.pos + 2).min(self.s.len());
                }
                b'\'' => {
                    flush!();
                    let s = self.pos;
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c != b'\'') {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 1).min(self.s.len());
                    parts.push(Part::Single(s..self.pos));
                }
                b'"' => {
                    flush!();
                    parts.push(self.double());
                }
                b'$' => {
                    flush!();
                    match self.dollar() {
                        Some(p) => parts.push(p),
                        None => {
                            lit_start.get_or_insert(self.pos);
                            self.pos += 1;
                        }
                    }
                }
                b'`' => {
                    flush!();
                    parts.push(self.backtick());
                }
                _ => {
                    if b == b'<' {
                        // `<(` process substitution
                        flush!();
                        let s = self.pos;
                        self.pos += 1;
                        parts.push(self.paren_subst(s));
                        continue;
                    }
                    lit_start.get_or_insert(self.pos);
                    self.pos += 1;
                }
            }
        }
        flush!();
        Word {
            parts,
            range: start..self.pos,
        }
    }

    fn skip_group(&mut self) {
        let mut d = 0usize;
        while let Some(ch) = self.peek() {
            self.pos += 1;
            if ch == b'(' {
                d += 1;
            } else if ch == b')' {
                d = d.saturating_sub(1);
                if d == 0 {
                    return;
                }
            }
        }
    }

    /// `"…"` at `pos`.
    fn double(&mut self) -> Part {
        let s = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut lit_start: Option<usize> = None;
        self.depth += 1;
        let deep = self.depth > MAX_DEPTH;
        while let Some(b) = self.peek() {
            match b {
                b'"' => break,
                b'\\' => {
                    lit_start.get_or_insert(self.pos);
                    self.pos = (self.pos + 2).min(self.s.len());
                }
                b'$' | b'`' if !deep => {
                    if let Some(ls) = lit_start.take() {
                        parts.push(Part::Lit(ls..self.pos));
                    }
                    if b == b'`' {
                        if self.backtick_level > 0 {
                            // an inner backtick: kept as text
                            lit_start.get_or_insert(self.pos);
                            self.pos += 1;
                            continue;
                        }
                        parts.push(self.backtick());
                    } else {
                        match self.dollar() {
                            Some(p) => parts.push(p),
                            None => {
                                lit_start.get_or_insert(self.pos);
                                self.pos += 1;
                            }
                        }
                    }
                }
                _ => {
                    lit_start.get_or_insert(self.pos);
                    self.pos += 1;
                }
            }
        }
        if let Some(ls) = lit_start.take() {
            parts.push(Part::Lit(ls..self.pos));
        }
        self.depth -= 1;
        self.pos = (self.pos + 1).min(self.s.len());
        Part::Double(s..self.pos, parts)
    }

    /// `$…` at `pos`; `None` when the `$` is literal.
    fn dollar(&mut self) -> Option<Part> {
        let s = self.pos;
        match self.at(1) {
            Some(b'\'') => {
                self.pos += 2;
                while let Some(c) = self.peek() {
                    if c == b'\\' {
                        self.pos += 2;
                        continue;
                    }
                    if c == b'\'' {
                        break;
                    }
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.s.len());
                Some(Part::AnsiC(s..self.pos))
            }
            Some(b'(') if self.at(2) == Some(b'(') => {
                self.pos += 1;
                self.skip_arith(2);
                Some(Part::Arith(s..self.pos))
            }
            Some(b'[') => {
                while self.peek().is_some_and(|c| c != b']') {
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.s.len());
                Some(Part::Arith(s..self.pos))
            }
            Some(b'(') => {
                self.pos += 1;
                Some(self.paren_subst(s))
            }
            Some(b'{') => {
                self.pos += 2;
                let mut prefix = String::new();
                if matches!(self.peek(), Some(b'#' | b'!')) && !matches!(self.at(1), Some(b'}')) {
                    prefix.push(self.peek().unwrap_or(b'#') as char);
                    self.pos += 1;
                }
                let ns = self.pos;
                if self.peek().is_some_and(|c| {
                    matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-')
                        || c.is_ascii_digit()
                }) {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c.is_ascii_digit())
                        && self.s.get(ns).is_some_and(|c| c.is_ascii_digit())
                    {
                        self.pos += 1;
                    }
                } else {
                    while self
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                    {
                        self.pos += 1;
                    }
                }
                let name = self.text(ns..self.pos).to_string();
                let ms = self.pos;
                // to the matching `}`, over quotes and nested `${`
                let mut d = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'\\' => self.pos += 2,
                        b'\'' if false => {}
                        b'{' => {
                            d += 1;
                            self.pos += 1;
                        }
                        b'}' => {
                            if d == 0 {
                                break;
                            }
                            d -= 1;
                            self.pos += 1;
                        }
                        b'"' => {
                            self.pos += 1;
                            while self.peek().is_some_and(|c| c != b'"') {
                                if self.peek() == Some(b'\\') {
                                    self.pos += 1;
                                }
                                self.pos += 1;
                            }
                            self.pos += 1;
                        }
                        _ => self.pos += 1,
                    }
                }
                self.pos = self.pos.min(self.s.len());
                let modifier = self.text(ms..self.pos).to_string();
                self.pos = (self.pos + 1).min(self.s.len());
                Some(Part::Param(Param {
                    range: s..self.pos,
                    name,
                    braced: true,
                    modifier,
                    prefix,
                }))
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                self.pos += 1;
                let ns = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
                let name = self.text(ns..self.pos).to_string();
                Some(Part::Param(Param {
                    range: s..self.pos,
                    name,
                    braced: false,
                    modifier: String::new(),
                    prefix: String::new(),
                }))
            }
            Some(c)
                if c.is_ascii_digit()
                    || matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
            {
                self.pos += 2;
                let name = (c as char).to_string();
                Some(Part::Param(Param {
                    range: s..self.pos,
                    name,
                    braced: false,
                    modifier: String::new(),
                    prefix: String::new(),
                }))
            }
            _ => None,
        }
    }

    /// `$( … )` or `<( … )` with `pos` at the `(`.
    fn paren_subst(&mut self, s: usize) -> Part {
        self.pos += 1;
        self.depth += 1;
        let script = if self.depth > MAX_DEPTH {
            self.pos -= 1;
            self.skip_group();
            self.depth -= 1;
            return Part::Subst(Subst {
                range: s..self.pos,
                backtick: false,
                script: Script::default(),
            });
        } else {
            let saved_bt = self.backtick_level;
            self.backtick_level = 0;
            let saved_h = std::mem::take(&mut self.heredocs);
            let sc = self.script(Until::Paren);
            self.heredocs = saved_h;
            self.backtick_level = saved_bt;
            sc
        };
        self.depth -= 1;
        if self.peek() == Some(b')') {
            self.pos += 1;
        }
        Part::Subst(Subst {
            range: s..self.pos,
            backtick: false,
            script,
        })
    }

    /// `` `…` `` at `pos`.
    fn backtick(&mut self) -> Part {
        let s = self.pos;
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH || self.backtick_level > 0 {
            while self.peek().is_some_and(|c| c != b'`') {
                if self.peek() == Some(b'\\') {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            self.pos = (self.pos + 1).min(self.s.len());
            self.depth -= 1;
            return Part::Subst(Subst {
                range: s..self.pos,
                backtick: true,
                script: Script::default(),
            });
        }
        self.backtick_level += 1;
        let saved_h = std::mem::take(&mut self.heredocs);
        let script = self.script(Until::Backtick);
        self.heredocs = saved_h;
        self.backtick_level -= 1;
        self.depth -= 1;
        if self.peek() == Some(b'`') {
            self.pos += 1;
        }
        Part::Subst(Subst {
            range: s..self.pos,
            backtick: true,
            script,
        })
    }
}

fn is_meta(c: u8) -> bool {
    matches!(c, b'\n' | b';' | b'&' | b'|' | b'(' | b')')
}

fn new_cmd(start: usize, before: Conn, in_condition: bool, bang: Option<Range<usize>>) -> Cmd {
    Cmd {
        assigns: Vec::new(),
        words: Vec::new(),
        redirs: Vec::new(),
        range: start..start,
        bang,
        before,
        after: Conn::Sep,
        in_condition,
        last_in_script: false,
        conditional: false,
        subshell: false,
        and_or: false,
        depth: 0,
    }
}

/// `NAME=` / `NAME+=` at the start of a word: the name and where the value starts.
fn assignment_name(src: &str, w: &Word) -> Option<(String, usize)> {
    let Some(Part::Lit(r)) = w.parts.first() else {
        return None;
    };
    let t = src.get(r.clone())?;
    let eq = t.find('=')?;
    let name = t[..eq].strip_suffix('+').unwrap_or(&t[..eq]);
    let mut chars = name.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    Some((name.to_string(), r.start + eq + 1))
}

/// The parts of `w` from byte `from` on (`from` inside its first literal part).
fn sub_parts(w: &Word, from: usize) -> Vec<Part> {
    let mut out = Vec::new();
    for (i, p) in w.parts.iter().enumerate() {
        if i == 0 {
            if let Part::Lit(r) = p {
                if from < r.end {
                    out.push(Part::Lit(from..r.end));
                }
                continue;
            }
        }
        out.push(p.clone());
    }
    out
}

/// Where a script's byte offsets land in the Dockerfile.
pub(crate) enum Origin<'m> {
    /// The RUN's command line (continuations joined): through the instruction's map.
    Line(&'m crate::parse::Instruction),
    /// A heredoc body starting at this byte of the file.
    Body(usize),
}

/// One RUN script, parsed, with what the SC rules need around it.
#[allow(dead_code)] // `stage` and `run` are for rules that need the RUN's other facts
pub(crate) struct ShScript<'m> {
    pub stage: &'m Stage,
    pub run: &'m RunFact,
    pub src: &'m str,
    pub origin: Origin<'m>,
    /// Parsed on first use: a rule that can tell from the text that it has nothing to find
    /// (SC2251 without a `!`) does not pay for the parse.
    parsed: std::cell::OnceCell<Script>,
    /// The shell runs scripts as POSIX sh (sh, dash or busybox ash; not bash/ksh/zsh).
    pub posix_sh: bool,
    /// The shell that runs the script, from the shell layer (the stage's `SHELL`, the base
    /// image's `/bin/sh`, a heredoc's shebang).
    pub dialect: Dialect,
    /// Names given a value by ARG or ENV before this RUN (stage chain), and the proxy
    /// variables BuildKit passes through.
    pub dockerfile_vars: DockerfileVars,
}

/// The Dockerfile variables in scope at one RUN.
pub(crate) struct DockerfileVars {
    /// Name -> the first instruction of this stage that defines it (ARG or ENV).
    own: std::rc::Rc<HashMap<String, usize>>,
    /// The ENV a parent stage (`FROM <stage>`) ends with: defined from the start. A shared
    /// persistent map, so a chain of n stages costs O(n), not O(n²).
    inherited: Option<crate::model::scope::Scope>,
    before: usize,
}

impl DockerfileVars {
    pub fn contains(&self, name: &str) -> bool {
        crate::model::PROXY_ARGS.contains(&name)
            || self
                .inherited
                .as_ref()
                .is_some_and(|e| e.get(name).is_some())
            || self.own.get(name).is_some_and(|&i| i < self.before)
    }
}

/// For each variable name, the first instruction of `stage` itself that defines it (ARG or ENV).
fn first_definitions(stage: &Stage) -> HashMap<String, usize> {
    let mut m: HashMap<String, usize> = HashMap::new();
    for v in stage.args.iter().chain(&stage.env_writes) {
        let e = m.entry(v.name.to_string()).or_insert(v.instruction);
        *e = (*e).min(v.instruction);
    }
    m
}

/// The ENV in effect at the start of `stage`: its parent stage's, when built `FROM <stage>`.
fn inherited_env<'m>(model: &'m Model, stage: &Stage) -> Option<&'m crate::model::scope::Scope> {
    match &stage.base {
        crate::model::BaseImage::Stage(p) => Some(&model.stage(*p).env),
        _ => None,
    }
}

impl ShScript<'_> {
    /// The script, parsed once (on the first call) and shared by every SC rule.
    pub fn script(&self) -> &Script {
        self.parsed.get_or_init(|| Script::parse(self.src))
    }
    pub fn span(&self, r: &Range<usize>) -> Span {
        match self.origin {
            Origin::Line(ins) => ins.rest_span(r.start, r.end),
            Origin::Body(base) => Span::new(base + r.start, base + r.end),
        }
    }
    pub fn text(&self, r: &Range<usize>) -> &str {
        self.src.get(r.clone()).unwrap_or("")
    }
}

fn is_posix(d: Dialect) -> bool {
    matches!(d, Dialect::Sh | Dialect::Dash | Dialect::Ash)
}

/// Every shell-form RUN script of the POSIX stages (ONBUILD ones too), parsed once.
pub(crate) fn sh_scripts(model: &Model) -> Vec<ShScript<'_>> {
    let mut out = Vec::new();
    let mut defs: Option<(crate::model::StageId, std::rc::Rc<HashMap<String, usize>>)> = None;
    for (stage, run) in posix_runs(model) {
        if run.exec_form {
            continue;
        }
        let Some(mut ins) = model.instruction(run.instruction) else {
            continue;
        };
        if let Some(sub) = ins.sub.as_deref() {
            ins = sub;
        }
        // built once per stage: a lookup per RUN stays linear in the file
        if defs.as_ref().is_none_or(|(id, _)| *id != stage.id) {
            defs = Some((stage.id, std::rc::Rc::new(first_definitions(stage))));
        }
        let vars = DockerfileVars {
            own: defs.as_ref().map(|(_, m)| m.clone()).unwrap_or_default(),
            inherited: inherited_env(model, stage).cloned(),
            before: run.instruction,
        };
        let line_dialect = run
            .scripts
            .iter()
            .find(|s| s.source == ScriptSource::Line)
            .map_or(run.dialect, |s| s.dialect);
        let Some(line) = ins.args.first() else {
            continue;
        };
        let line_text = line.value.as_str();
        let trimmed = line_text.trim_start();
        if trimmed.starts_with("<<") && !ins.heredocs.is_empty() {
            if let Some(h) = ins.heredocs.first() {
                let body = h.content.as_str();
                // a body with a shebang of another program (python, node) is not shell
                let Some(dialect) = run
                    .scripts
                    .iter()
                    .find(|s| s.source == ScriptSource::Heredoc(0))
                    .map(|s| s.dialect)
                else {
                    continue;
                };
                out.push(ShScript {
                    stage,
                    run,
                    src: body,
                    origin: Origin::Body(h.body.start),
                    parsed: std::cell::OnceCell::new(),
                    posix_sh: is_posix(dialect),
                    dialect,
                    dockerfile_vars: vars,
                });
            }
            continue;
        }
        out.push(ShScript {
            stage,
            run,
            src: line_text,
            origin: Origin::Line(ins),
            parsed: std::cell::OnceCell::new(),
            posix_sh: is_posix(line_dialect),
            dialect: line_dialect,
            dockerfile_vars: vars,
        });
    }
    out
}

/// Calls `f` for every part of `parts`, recursively through double quotes, with whether the
/// part is inside double quotes. Substitution contents are not entered.
pub(crate) fn each_part<'p>(parts: &'p [Part], quoted: bool, f: &mut dyn FnMut(&'p Part, bool)) {
    for p in parts {
        f(p, quoted);
        if let Part::Double(_, inner) = p {
            each_part(inner, true, f);
        }
    }
}

/// Where an expansion sits, for the quoting checks (SC2086, SC2046).
#[allow(dead_code)] // `cmd` is for rules that look at the command around an expansion
pub(crate) struct ExpansionSite<'s> {
    pub part: &'s Part,
    /// Splitting and globbing do not happen here (double quotes, an assignment, `[[ ]]`,
    /// `case`, `for … in`, inside `${ }`, or any of those around the substitution it is in).
    pub quote_free: bool,
    /// The expansion is the whole command name.
    pub command_name: bool,
    /// The simple command it is an argument of, when it is one, and the command substitution
    /// around it (the `$( … )` part), for SC2046's `$(seq …)` exception.
    pub cmd: Option<&'s Cmd>,
}

/// Calls `on_item` for every item (in source order, substitutions entered after the item that
/// holds them) and `on_exp` for every `$x`, `${x}`, `$( )` and backtick part.
pub(crate) fn visit<'s>(
    script: &'s Script,
    src: &str,
    posix_sh: bool,
    outer_qf: bool,
    on_item: &mut dyn FnMut(&'s Item),
    on_exp: &mut dyn FnMut(&ExpansionSite<'s>),
) {
    for it in &script.items {
        on_item(it);
        match it {
            Item::Cmd(c) => {
                // arguments of a declaration utility are assignments (quote-free) in bash, not in sh
                let declarer = c.name(src).is_some_and(|n| {
                    matches!(
                        n.as_str(),
                        "export" | "declare" | "local" | "readonly" | "typeset"
                    )
                });
                for a in &c.assigns {
                    visit_parts(
                        &a.value.parts,
                        src,
                        posix_sh,
                        true,
                        false,
                        None,
                        on_item,
                        on_exp,
                    );
                }
                for (i, w) in c.words.iter().enumerate() {
                    let assign_arg =
                        i > 0 && declarer && !posix_sh && assignment_name(src, w).is_some();
                    let cmd_name = i == 0 && is_single_expansion(w);
                    visit_parts(
                        &w.parts,
                        src,
                        posix_sh,
                        outer_qf || assign_arg,
                        cmd_name,
                        Some(c),
                        on_item,
                        on_exp,
                    );
                }
                for (_, w) in &c.redirs {
                    if let Some(w) = w {
                        visit_parts(
                            &w.parts,
                            src,
                            posix_sh,
                            outer_qf,
                            false,
                            Some(c),
                            on_item,
                            on_exp,
                        );
                    }
                }
            }
            Item::For { words, .. } => {
                for w in words.iter().flatten() {
                    visit_parts(&w.parts, src, posix_sh, true, false, None, on_item, on_exp);
                }
            }
            Item::Test(ws) | Item::Pattern(ws) => {
                for w in ws {
                    visit_parts(&w.parts, src, posix_sh, true, false, None, on_item, on_exp);
                }
            }
            Item::Case(w) => {
                visit_parts(&w.parts, src, posix_sh, true, false, None, on_item, on_exp)
            }
            Item::Esac => {}
        }
    }
}

fn is_single_expansion(w: &Word) -> bool {
    match w.parts.as_slice() {
        [Part::Param(_) | Part::Subst(_)] => true,
        [Part::Double(_, inner)] => matches!(inner.as_slice(), [Part::Param(_) | Part::Subst(_)]),
        _ => false,
    }
}

#[allow(clippy::too_many_arguments)]
fn visit_parts<'s>(
    parts: &'s [Part],
    src: &str,
    posix_sh: bool,
    qf: bool,
    command_name: bool,
    cmd: Option<&'s Cmd>,
    on_item: &mut dyn FnMut(&'s Item),
    on_exp: &mut dyn FnMut(&ExpansionSite<'s>),
) {
    for p in parts {
        match p {
            Part::Double(_, inner) => visit_parts(
                inner,
                src,
                posix_sh,
                true,
                command_name,
                cmd,
                on_item,
                on_exp,
            ),
            Part::Param(_) => on_exp(&ExpansionSite {
                part: p,
                quote_free: qf,
                command_name,
                cmd,
            }),
            Part::Subst(s) => {
                on_exp(&ExpansionSite {
                    part: p,
                    quote_free: qf,
                    command_name,
                    cmd,
                });
                // quoting around a substitution does not reach the commands inside it
                visit(&s.script, src, posix_sh, false, on_item, on_exp);
            }
            _ => {}
        }
    }
}

/// Every simple command of a script, substitutions included, in source order.
pub(crate) fn commands(script: &Script) -> Vec<&Cmd> {
    let mut out = Vec::new();
    collect_commands(script, &mut out, 0);
    out
}

fn collect_commands<'s>(script: &'s Script, out: &mut Vec<&'s Cmd>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for it in &script.items {
        let words: Vec<&Word> = match it {
            Item::Cmd(c) => {
                out.push(c);
                c.words
                    .iter()
                    .chain(c.assigns.iter().map(|a| &a.value))
                    .chain(c.redirs.iter().filter_map(|(_, w)| w.as_ref()))
                    .collect()
            }
            Item::For { words, .. } => words.iter().flatten().collect(),
            Item::Test(ws) | Item::Pattern(ws) => ws.iter().collect(),
            Item::Case(w) => vec![w],
            Item::Esac => vec![],
        };
        for w in words {
            collect_in_parts(&w.parts, out, depth);
        }
    }
}

fn collect_in_parts<'s>(parts: &'s [Part], out: &mut Vec<&'s Cmd>, depth: usize) {
    for p in parts {
        match p {
            Part::Double(_, inner) => collect_in_parts(inner, out, depth),
            Part::Subst(s) => collect_commands(&s.script, out, depth + 1),
            _ => {}
        }
    }
}

/// Whether the script turns on errexit (`set -e`, `set -eux`, `set -o errexit`), anywhere.
pub(crate) fn has_set_e(script: &Script, src: &str) -> bool {
    commands(script).iter().any(|c| {
        c.name(src).as_deref() == Some("set")
            && c.words[1..].iter().filter_map(|w| w.literal(src)).any(|t| {
                t == "errexit" || (t.starts_with('-') && !t.starts_with("--") && t.contains('e'))
            })
    })
}

/// The flags of a command's arguments as single letters (`-eux` gives e, u, x) and long names
/// (`--null`), up to `--`.
pub(crate) fn flags(c: &Cmd, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in c.words.iter().skip(1) {
        let Some(t) = w.literal(src) else { continue };
        if t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            out.push(long.split('=').next().unwrap_or("").to_string());
        } else if let Some(short) = t.strip_prefix('-') {
            out.extend(short.chars().map(|ch| ch.to_string()));
        }
    }
    out
}

/// The literal text of a word's quoted and unquoted literal parts, expansions left out.
pub(crate) fn literal_text(w: &Word, src: &str) -> String {
    fn go(parts: &[Part], src: &str, out: &mut String, quoted: bool) {
        for p in parts {
            match p {
                Part::Lit(r) => out.push_str(src.get(r.clone()).unwrap_or("")),
                Part::Single(r) | Part::AnsiC(r) => {
                    let t = src.get(r.clone()).unwrap_or("");
                    let start = if t.starts_with('$') { 2 } else { 1 };
                    out.push_str(t.get(start..t.len().saturating_sub(1)).unwrap_or(""));
                }
                Part::Double(_, inner) => go(inner, src, out, true),
                _ => {}
            }
        }
        let _ = quoted;
    }
    let mut out = String::new();
    go(&w.parts, src, &mut out, false);
    out
}

/// Every word of the script (command words, assignment values, redirection targets, `for`
/// lists, `[[ ]]`, `case`), substitutions included.
pub(crate) fn all_words(script: &Script) -> Vec<&Word> {
    let mut out = Vec::new();
    collect_words(script, &mut out, 0);
    out
}

/// The words of one item: a command's words, assignment values and redirection targets, a
/// `for` list, a test's or pattern's words, a `case` subject.
fn item_words(it: &Item) -> Vec<&Word> {
    match it {
        Item::Cmd(c) => c
            .words
            .iter()
            .chain(c.assigns.iter().map(|a| &a.value))
            .chain(c.redirs.iter().filter_map(|(_, w)| w.as_ref()))
            .collect(),
        Item::For { words, .. } => words.iter().flatten().collect(),
        Item::Test(ws) | Item::Pattern(ws) => ws.iter().collect(),
        Item::Case(w) => vec![w],
        Item::Esac => vec![],
    }
}

fn collect_words<'s>(script: &'s Script, out: &mut Vec<&'s Word>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for it in &script.items {
        for w in item_words(it) {
            out.push(w);
            subst_words(&w.parts, out, depth);
        }
    }
}

fn subst_words<'s>(parts: &'s [Part], out: &mut Vec<&'s Word>, depth: usize) {
    for p in parts {
        match p {
            Part::Double(_, inner) => subst_words(inner, out, depth),
            Part::Subst(s) => collect_words(&s.script, out, depth + 1),
            _ => {}
        }
    }
}

/// Whether unquoted text has a brace expansion: `{a,b}` or `{1..3}` (not `{}` or `{x}`).
pub(crate) fn has_brace_expansion(t: &str) -> bool {
    brace_expansion(t).is_some()
}

/// The byte range of the first brace expansion in unquoted text.
pub(crate) fn brace_expansion(t: &str) -> Option<Range<usize>> {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'{' && (i == 0 || b[i - 1] != b'$') {
            let mut depth = 0usize;
            let mut j = i;
            let mut list = false;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => list = true,
                    b'.' if depth == 1 && b.get(j + 1) == Some(&b'.') => list = true,
                    b' ' | b'\t' | b'\n' => break,
                    _ => {}
                }
                j += 1;
            }
            if j < b.len() && b[j] == b'}' && list {
                return Some(i..j + 1);
            }
            // go on after the scanned text: linear, at the cost of a list nested in a brace
            // group that is not one
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    None
}
