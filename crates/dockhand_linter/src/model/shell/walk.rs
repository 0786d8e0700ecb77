//! Walking the AST: a [`Visitor`] over every node (nested scripts, substitutions and `sh -c`
//! scripts included), the list of simple commands, and the flat command list of
//! [`super::split`]. The tree is at most [`super::MAX_DEPTH`] levels deep per script (the
//! parser guarantees it), so these walks recurse safely.

use super::ast::*;
use super::{Assignment as FlatAssignment, Connector, SimpleCommand as Flat, Word as FlatWord};
use crate::span::Span;

/// Where a node sits.
#[derive(Clone, Copy, Debug)]
pub struct Cx {
    /// The shell that runs this part (an `sh -c` script has its own).
    pub dialect: Dialect,
    /// Compound commands, substitutions and `sh -c` levels around the node.
    pub depth: u32,
    /// Inside `$( )`, backticks or `<( )`.
    pub in_substitution: bool,
    /// Inside the script of an `sh -c`.
    pub inline: bool,
    /// What the walk descends into.
    pub reach: Reach,
    /// In the condition of an `if`/`elif`/`while`/`until` (not inside a substitution there).
    pub in_condition: bool,
    /// Where the command sits in its and-or list and pipeline; the default for nodes that are
    /// not a command of a pipeline (a nested script's commands get their own).
    pub place: Place,
}

/// Where a command sits in its and-or list and pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The operator before its pipeline (`a && b`: `And` for `b`).
    pub after_op: Option<AndOrOp>,
    /// The operator after its pipeline (`a && b`: `And` for `a`).
    pub before_op: Option<AndOrOp>,
    /// Its index in the pipeline, and the pipeline's length.
    pub pipe_index: usize,
    pub pipe_len: usize,
}

impl Place {
    /// The last command of a pipeline that `&&` or `||` follows: its status is checked.
    pub fn checked(&self) -> bool {
        self.before_op.is_some() && self.pipe_index + 1 == self.pipe_len
    }
}

/// What a walk descends into besides the script itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reach {
    /// The parsed scripts of `sh -c` arguments.
    pub inline: bool,
}

impl Reach {
    /// Everything: `sh -c` scripts too.
    pub const ALL: Reach = Reach { inline: true };
    /// The script as its shell reads it: an `sh -c` argument stays a word (what ShellCheck
    /// checks).
    pub const OUTER: Reach = Reach { inline: false };
}

/// Callbacks for [`walk`]; each default does nothing. Nodes come in source order, a node
/// before the nodes inside it.
pub trait Visitor<'a> {
    fn script(&mut self, _script: &'a Script, _cx: &Cx) {}
    fn pipeline(&mut self, _pipeline: &'a Pipeline, _cx: &Cx) {}
    fn command(&mut self, _command: &'a Command, _cx: &Cx) {}
    fn word(&mut self, _word: &'a Word, _cx: &Cx) {}
    fn redirect(&mut self, _redirect: &'a Redirect, _cx: &Cx) {}
    fn assignment(&mut self, _assignment: &'a Assignment, _cx: &Cx) {}
}

/// Visits every node of `script`.
pub fn walk<'a>(script: &'a Script, cx: &Cx, v: &mut dyn Visitor<'a>) {
    v.script(script, cx);
    for item in &script.items {
        let a = &item.and_or;
        for (i, p) in a.pipelines().enumerate() {
            v.pipeline(p, cx);
            let after_op = i.checked_sub(1).and_then(|j| a.rest.get(j)).map(|r| r.0);
            let before_op = a.rest.get(i).map(|r| r.0);
            for (k, c) in p.commands.iter().enumerate() {
                let pc = Cx {
                    place: Place {
                        after_op,
                        before_op,
                        pipe_index: k,
                        pipe_len: p.commands.len(),
                    },
                    ..*cx
                };
                walk_command(c, &pc, v);
            }
        }
    }
}

fn inner(cx: &Cx) -> Cx {
    Cx {
        depth: cx.depth.saturating_add(1),
        place: Place::default(),
        ..*cx
    }
}

fn condition(cx: &Cx) -> Cx {
    Cx {
        in_condition: true,
        ..inner(cx)
    }
}

fn body(cx: &Cx) -> Cx {
    Cx {
        in_condition: false,
        ..inner(cx)
    }
}

fn walk_command<'a>(c: &'a Command, cx: &Cx, v: &mut dyn Visitor<'a>) {
    v.command(c, cx);
    let ic = inner(cx);
    match &c.kind {
        CommandKind::Simple(s) => {
            for a in &s.assignments {
                v.assignment(a, cx);
                walk_word(&a.value, cx, v);
                for w in a.array.iter().flatten() {
                    walk_word(w, cx, v);
                }
            }
            for w in &s.words {
                walk_word(w, cx, v);
            }
            if let Some(x) = s.inline.as_ref().filter(|_| cx.reach.inline) {
                let xc = Cx {
                    dialect: x.dialect,
                    inline: true,
                    in_condition: false,
                    ..ic
                };
                walk(&x.script, &xc, v);
            }
        }
        CommandKind::Subshell(s) | CommandKind::Brace(s) => walk(s, &ic, v),
        CommandKind::If(i) => {
            for (cond, then) in &i.branches {
                walk(cond, &condition(cx), v);
                walk(then, &body(cx), v);
            }
            if let Some(e) = &i.else_body {
                walk(e, &body(cx), v);
            }
        }
        CommandKind::For(f) => {
            for w in f.words.iter().flatten() {
                walk_word(w, cx, v);
            }
            walk(&f.body, &body(cx), v);
        }
        CommandKind::While(w) => {
            walk(&w.cond, &condition(cx), v);
            walk(&w.body, &body(cx), v);
        }
        CommandKind::Case(k) => {
            walk_word(&k.word, cx, v);
            for arm in &k.arms {
                for p in &arm.patterns {
                    walk_word(p, cx, v);
                }
                walk(&arm.body, &body(cx), v);
            }
        }
        CommandKind::Function(f) => walk_command(&f.body, cx, v),
        CommandKind::Cond(words) => {
            for w in words {
                walk_word(w, cx, v);
            }
        }
        CommandKind::Arith(_) | CommandKind::Error(_) => {}
    }
    for r in &c.redirects {
        v.redirect(r, cx);
        if let RedirTarget::Word(w) = &r.target {
            walk_word(w, cx, v);
        }
    }
}

fn walk_word<'a>(w: &'a Word, cx: &Cx, v: &mut dyn Visitor<'a>) {
    v.word(w, cx);
    walk_parts(&w.parts, cx, v);
}

fn walk_parts<'a>(parts: &'a [WordPart], cx: &Cx, v: &mut dyn Visitor<'a>) {
    for p in parts {
        match &p.kind {
            PartKind::DoubleQuoted(inner) => walk_parts(inner, cx, v),
            PartKind::CommandSubst { script, .. } | PartKind::ProcessSubst { script, .. } => {
                let sc = Cx {
                    in_substitution: true,
                    in_condition: false,
                    ..inner(cx)
                };
                walk(script, &sc, v);
            }
            PartKind::Param(pe) => {
                if let Some(arg) = &pe.arg {
                    walk_word(arg, cx, v);
                }
            }
            _ => {}
        }
    }
}

/// A simple command with where it sits.
#[derive(Clone, Copy, Debug)]
pub struct CommandRef<'a> {
    pub command: &'a Command,
    pub simple: &'a SimpleCommand,
    pub cx: Cx,
}

struct Collect<'a>(Vec<CommandRef<'a>>);

impl<'a> Visitor<'a> for Collect<'a> {
    fn command(&mut self, command: &'a Command, cx: &Cx) {
        if let CommandKind::Simple(simple) = &command.kind {
            self.0.push(CommandRef {
                command,
                simple,
                cx: *cx,
            });
        }
    }
}

/// Every simple command in `script`, nested ones and `sh -c` scripts included, in source
/// order (a command before those inside its words).
pub fn simple_commands<'a>(script: &'a Script, cx: &Cx) -> Vec<CommandRef<'a>> {
    let mut c = Collect(Vec::new());
    walk(script, cx, &mut c);
    c.0
}

// --- the flat list -------------------------------------------------------------------------

/// One command of the flat list, borrowed from the tree (turned into a [`Flat`] by
/// [`FlatRef::to_flat`], or straight into what the caller keeps, without the copy between).
#[derive(Clone, Copy, Debug)]
pub struct FlatRef<'a> {
    pub kind: FlatKind<'a>,
    /// The command's span.
    pub span: Span,
    pub connector: Connector,
    pub depth: u32,
}

#[derive(Clone, Copy, Debug)]
pub enum FlatKind<'a> {
    Simple(&'a SimpleCommand),
    /// `[[ … ]]`: its words come between a `[[` word and, when `closed`, a `]]` word.
    Cond {
        words: &'a [Word],
        closed: bool,
    },
}

impl<'a> FlatRef<'a> {
    /// The words, `[[` and `]]` of a `[[ ]]` included: `(text, start, end)`.
    pub fn each_word(&self, mut f: impl FnMut(&'a str, usize, usize)) {
        match self.kind {
            FlatKind::Simple(s) => {
                for w in &s.words {
                    f(&w.text, w.span.start, w.span.end);
                }
            }
            FlatKind::Cond { words, closed } => {
                f("[[", self.span.start, self.span.start + 2);
                for w in words {
                    f(&w.text, w.span.start, w.span.end);
                }
                if closed {
                    f("]]", self.span.end - 2, self.span.end);
                }
            }
        }
    }

    /// How many words [`FlatRef::each_word`] gives.
    pub fn word_count(&self) -> usize {
        match self.kind {
            FlatKind::Simple(s) => s.words.len(),
            FlatKind::Cond { words, closed } => words.len() + 1 + usize::from(closed),
        }
    }

    pub fn assignments(&self) -> &'a [Assignment] {
        match self.kind {
            FlatKind::Simple(s) => &s.assignments,
            FlatKind::Cond { .. } => &[],
        }
    }

    pub fn to_flat(&self) -> Flat {
        let words = match self.kind {
            FlatKind::Simple(s) => s.words.iter().map(flat_word).collect(),
            FlatKind::Cond { words, closed } => {
                let bracket = |text: &str, range| FlatWord {
                    text: text.into(),
                    range,
                    quoted: false,
                    has_expansion: false,
                };
                let mut ws = vec![bracket("[[", self.span.start..self.span.start + 2)];
                ws.extend(words.iter().map(flat_word));
                if closed {
                    ws.push(bracket("]]", self.span.end - 2..self.span.end));
                }
                ws
            }
        };
        Flat {
            assignments: self.assignments().iter().map(flat_assignment).collect(),
            words,
            range: self.span.start..self.span.end,
            connector: self.connector,
            depth: self.depth,
        }
    }
}

/// Builds the flat list of [`super::split`]: a command after the commands inside its words
/// (the order a shell runs them), `sh -c` scripts after their `sh`.
pub(super) struct Flatten<'f, 'a> {
    emit: &'f mut dyn FnMut(FlatRef<'a>),
    pending: Connector,
}

impl<'f, 'a> Flatten<'f, 'a> {
    pub fn new(emit: &'f mut dyn FnMut(FlatRef<'a>)) -> Flatten<'f, 'a> {
        Flatten {
            emit,
            pending: Connector::Start,
        }
    }

    /// `drop_subst`: leave out commands inside substitutions (those of an `sh -c` argument
    /// that the outer shell expanded, already listed).
    pub fn script(&mut self, s: &'a Script, depth: u32, drop_subst: bool) {
        for item in &s.items {
            let a = &item.and_or;
            self.pipeline(&a.first, depth, drop_subst);
            for (op, p) in &a.rest {
                self.pending = match op {
                    AndOrOp::And => Connector::And,
                    AndOrOp::Or => Connector::Or,
                };
                self.pipeline(p, depth, drop_subst);
            }
            self.pending = if item.background {
                Connector::Background
            } else {
                Connector::Seq
            };
        }
    }

    fn pipeline(&mut self, p: &'a Pipeline, depth: u32, drop_subst: bool) {
        for (k, c) in p.commands.iter().enumerate() {
            if k > 0 {
                self.pending = Connector::Pipe;
            }
            self.command(c, depth, drop_subst);
        }
    }

    fn subst_in_words(
        &mut self,
        words: impl Iterator<Item = &'a Word>,
        depth: u32,
        drop_subst: bool,
    ) {
        for w in words {
            self.subst_in_parts(&w.parts, depth, drop_subst);
        }
    }

    fn subst_in_parts(&mut self, parts: &'a [WordPart], depth: u32, drop_subst: bool) {
        for p in parts {
            match &p.kind {
                PartKind::DoubleQuoted(inner) => self.subst_in_parts(inner, depth, drop_subst),
                PartKind::CommandSubst { script, .. } | PartKind::ProcessSubst { script, .. } => {
                    if drop_subst {
                        continue;
                    }
                    let saved = std::mem::replace(&mut self.pending, Connector::Start);
                    self.script(script, depth.saturating_add(1), drop_subst);
                    self.pending = saved;
                }
                _ => {}
            }
        }
    }

    fn redirect_substs(&mut self, c: &'a Command, depth: u32, drop_subst: bool) {
        let words = c.redirects.iter().filter_map(|r| match &r.target {
            RedirTarget::Word(w) => Some(w),
            _ => None,
        });
        self.subst_in_words(words, depth, drop_subst);
    }

    fn command(&mut self, c: &'a Command, depth: u32, drop_subst: bool) {
        let d1 = depth.saturating_add(1);
        match &c.kind {
            CommandKind::Simple(s) => {
                let values = s.assignments.iter().map(|a| &a.value);
                self.subst_in_words(values, depth, drop_subst);
                self.subst_in_words(s.words.iter(), depth, drop_subst);
                self.redirect_substs(c, depth, drop_subst);
                if s.words.is_empty() && s.assignments.is_empty() {
                    return;
                }
                (self.emit)(FlatRef {
                    kind: FlatKind::Simple(s),
                    span: c.span,
                    connector: self.pending,
                    depth,
                });
                if let Some(x) = &s.inline {
                    let drop = s.words.get(x.word).is_some_and(|w| w.has_expansion());
                    let saved = std::mem::replace(&mut self.pending, Connector::Start);
                    self.script(&x.script, d1, drop);
                    self.pending = saved;
                }
                return;
            }
            CommandKind::Subshell(s) | CommandKind::Brace(s) => self.script(s, d1, drop_subst),
            CommandKind::If(i) => {
                for (cond, body) in &i.branches {
                    self.script(cond, d1, drop_subst);
                    self.script(body, d1, drop_subst);
                }
                if let Some(e) = &i.else_body {
                    self.script(e, d1, drop_subst);
                }
            }
            CommandKind::For(f) => {
                self.subst_in_words(f.words.iter().flatten(), d1, drop_subst);
                self.script(&f.body, d1, drop_subst);
            }
            CommandKind::While(w) => {
                self.script(&w.cond, d1, drop_subst);
                self.script(&w.body, d1, drop_subst);
            }
            CommandKind::Case(k) => {
                self.subst_in_words(std::iter::once(&k.word), d1, drop_subst);
                for arm in &k.arms {
                    self.script(&arm.body, d1, drop_subst);
                }
            }
            CommandKind::Function(f) => self.command(&f.body, depth, drop_subst),
            CommandKind::Cond(words) => {
                self.subst_in_words(words.iter(), depth, drop_subst);
                let closed = c.span.end >= c.span.start + 4
                    && words.last().is_none_or(|w| w.span.end + 2 <= c.span.end);
                (self.emit)(FlatRef {
                    kind: FlatKind::Cond { words, closed },
                    span: c.span,
                    connector: self.pending,
                    depth,
                });
            }
            CommandKind::Arith(_) | CommandKind::Error(_) => {}
        }
        self.redirect_substs(c, depth, drop_subst);
    }
}

fn flat_word(w: &Word) -> FlatWord {
    FlatWord {
        text: w.text.clone(),
        range: w.span.start..w.span.end,
        quoted: w.is_quoted(),
        has_expansion: w.has_expansion(),
    }
}

fn flat_assignment(a: &Assignment) -> FlatAssignment {
    FlatAssignment {
        name: a.name.clone(),
        value: flat_word(&a.value),
    }
}
