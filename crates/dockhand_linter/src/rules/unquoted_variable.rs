//! SC2086: an unquoted `$var` whose value may hold spaces or glob characters.
use super::prelude::*;
use crate::model::run_scripts::{DockerfileVars, RunScript};
use crate::model::shell::ast::{
    CommandKind, ParamExp, PartKind, RedirTarget, Script, SimpleCommand, Word, WordPart,
};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags `$var` and `${var}` used unquoted as an argument or redirection target when the
    /// script cannot tell that the value is free of spaces and of `*`, `?` and `[`: the
    /// variable comes from the base image's environment, from a command's output (`X=$(…)`),
    /// from `read`, from a loop over a glob, or holds such characters. `ARG` and `ENV`
    /// variables of the Dockerfile count as safe (as when hadolint runs ShellCheck), and so
    /// do values the script assigns from plain words or `$(( ))`.
    ///
    /// ## Why is this bad?
    /// Unquoted, the value is split at spaces and each piece is expanded as a glob:
    /// `rm -rf $DIR/build` with `DIR="my app"` removes `my` and `app/build`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN DIR=$(mktemp -d) && cd $DIR
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN DIR=$(mktemp -d) && cd "$DIR"
    /// ```
    ///
    /// ## Default
    /// Off: in Dockerfiles the flagged values are mostly paths and versions set by the base
    /// image or a command, which hold no spaces, and many splits are meant (`$PHPIZE_DEPS`, a
    /// list of packages). The finding is right about the shell, rarely about the build.
    /// Select it with `--select SC2086`.
    ///
    /// ## Fix
    /// Puts the expansion in double quotes (`$dir` → `"$dir"`). Unsafe: it changes what the
    /// command receives when the value does hold spaces, and a split may be meant (a list of
    /// packages). Applied with `--unsafe-fixes`; not offered in a heredoc body or where a line
    /// continuation runs through the expansion.
    ///
    /// ## Differences from ShellCheck
    /// ShellCheck follows every branch of the script to decide whether a value is safe; this
    /// rule reads assignments in order and does not merge branches, which changes the verdict
    /// in scripts that assign one variable differently in `if` branches. Stages of Windows
    /// images and PowerShell or cmd `SHELL`s are not checked.
    pub UnquotedVariable {
        code: "SC2086",
        name: "unquoted-variable",
        severity: Info,
        category: Correctness,
        summary: "unquoted `$var` may be split into words and globbed",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2086",
    }
}

/// Whether a value may hold spaces or glob characters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Space {
    Empty,
    Clean,
    Dirty,
}

fn append(a: Space, b: Space) -> Space {
    match (a, b) {
        (Space::Empty, x) | (x, Space::Empty) => x,
        (Space::Clean, Space::Clean) => Space::Clean,
        _ => Space::Dirty,
    }
}

fn merge(a: Space, b: Space) -> Space {
    match (a, b) {
        (Space::Empty, x) | (x, Space::Empty) => x,
        (Space::Clean, Space::Clean) => Space::Clean,
        _ => Space::Dirty,
    }
}

fn literal_space(s: &str) -> Space {
    if s.is_empty() {
        Space::Empty
    } else if s.chars().any(|c| matches!(c, ' ' | '\t' | '\n' | '*' | '?' | '[')) {
        Space::Dirty
    } else {
        Space::Clean
    }
}

const SPACELESS: &[&str] = &[
    "-", "$", "?", "!", "#", "BASHPID", "BASH_ARGC", "BASH_LINENO", "BASH_SUBSHELL", "EUID", "EPOCHREALTIME",
    "EPOCHSECONDS", "LINENO", "OPTIND", "PPID", "RANDOM", "READLINE_ARGUMENT", "READLINE_MARK", "READLINE_POINT",
    "SECONDS", "SHELLOPTS", "SHLVL", "SRANDOM", "UID", "COLUMNS", "HISTFILESIZE", "HISTSIZE", "LINES",
    "BASH_MONOSECONDS", "BASH_TRAPSIG",
];

struct Vars<'a> {
    sh: &'a RunScript<'a>,
    dockerfile_vars: DockerfileVars<'a>,
    assigned: HashMap<String, Space>,
    /// Open `case` statements, innermost last.
    cases: Vec<CaseFrame>,
    seen_cases: usize,
}

/// A `case` being read: the values before it, and those at the end of each branch so far.
struct CaseFrame {
    before: HashMap<String, Space>,
    /// Depth of the commands directly in a branch.
    depth: usize,
    /// (values at the end, the branch ran `exit`) per finished branch.
    branches: Vec<(HashMap<String, Space>, bool)>,
    in_branch: bool,
    exited: bool,
    catch_all: bool,
    /// Past [`MAX_CASES`]: branches are not followed.
    tracked: bool,
}

/// `case` statements followed per script.
const MAX_CASES: usize = 64;

impl Vars<'_> {
    fn close_branch(&mut self) {
        let assigned = self.assigned.clone();
        if let Some(f) = self.cases.last_mut() {
            if f.in_branch {
                f.branches.push((assigned, f.exited));
            }
            f.in_branch = false;
            f.exited = false;
        }
    }

    fn esac(&mut self) {
        if self.cases.last().is_some_and(|f| !f.tracked) {
            self.cases.pop();
            return;
        }
        self.close_branch();
        let Some(f) = self.cases.pop() else { return };
        let mut ends: Vec<&HashMap<String, Space>> = f.branches.iter().filter(|(_, ex)| !ex).map(|(m, _)| m).collect();
        if !f.catch_all {
            ends.push(&f.before);
        }
        if ends.is_empty() {
            self.assigned = f.before;
            return;
        }
        let mut names: Vec<&String> = ends.iter().flat_map(|m| m.keys()).collect();
        names.sort();
        names.dedup();
        // a branch that leaves a name alone keeps the value from before the `case`
        self.assigned = f.before.clone();
        let mut out = f.before.clone();
        for n in names {
            let mut acc: Option<Space> = None;
            for m in &ends {
                let v = m.get(n).copied().unwrap_or_else(|| self.of(n));
                acc = Some(acc.map_or(v, |a| merge(a, v)));
            }
            if let Some(a) = acc {
                out.insert(n.clone(), a);
            }
        }
        self.assigned = out;
    }

    /// Whether a command's assignments may not happen, relative to the innermost `case` branch.
    fn conditional(&self, and_or: bool, depth: usize) -> bool {
        let base = self.cases.last().map_or(0, |f| f.depth);
        and_or || depth > base
    }
}

impl Vars<'_> {
    fn of(&self, name: &str) -> Space {
        if let Some(s) = self.assigned.get(name) {
            return *s;
        }
        if SPACELESS.contains(&name) || self.dockerfile_vars.contains(name) {
            Space::Clean
        } else {
            Space::Dirty
        }
    }

    fn value(&self, parts: &[WordPart]) -> Space {
        let mut acc = Space::Empty;
        for p in parts {
            let s = match &p.kind {
                PartKind::Literal(t) | PartKind::Glob(t) | PartKind::Brace(t) | PartKind::Tilde(t) => literal_space(t),
                // a backslash-escaped character counts as itself
                PartKind::Escaped(c) => literal_space(c.encode_utf8(&mut [0; 4])),
                PartKind::SingleQuoted(t) => literal_space(t),
                PartKind::DoubleQuoted(inner) => self.value(inner),
                // `${x:-y}`, `${x%.*}`, `${#x}`: ShellCheck does not follow the value
                PartKind::Param(pm) if pm.braced && (pm.op.is_some() || pm.index.is_some() || pm.length || pm.indirect) => Space::Dirty,
                PartKind::Param(pm) => self.of(&pm.name),
                PartKind::Arith(_) => Space::Clean,
                PartKind::CommandSubst { .. } | PartKind::ProcessSubst { .. } | PartKind::AnsiC(_) => Space::Dirty,
            };
            acc = append(acc, s);
        }
        acc
    }

    /// Records an assignment; one that may not run (after `&&`, in an `if`) merges with the
    /// value before, as ShellCheck's flow analysis does.
    fn set(&mut self, name: &str, s: Space, conditional: bool) {
        let s = if conditional { merge(self.of(name), s) } else { s };
        self.assigned.insert(name.to_string(), s);
    }

    fn assign(&mut self, name: &str, parts: &[WordPart], conditional: bool) {
        let s = self.value(parts);
        self.set(name, s, conditional);
    }
}

fn word_clean(v: &Vars<'_>, w: &Word) -> Space {
    v.value(&w.parts)
}

/// Where the walk is: what the command's assignments and expansions mean.
#[derive(Clone, Copy, Default)]
struct At {
    /// Its assignments do not reach the commands after it (`( … )`, `$( … )`, a pipeline).
    subshell: bool,
    /// `if`, loops and `case` open around it, counted from its substitution.
    depth: usize,
}


/// Reads a script in order: records assignments as they come, and checks each unquoted
/// `$x` against the values recorded before it.
struct Reader<'a> {
    v: Vars<'a>,
    found: Vec<(Span, String)>,
}

impl<'a> Reader<'a> {
    fn script(&mut self, s: &'a Script, at: At) {
        for item in &s.items {
            let a = &item.and_or;
            let mut piped = false;
            for (i, p) in a.pipelines().enumerate() {
                piped |= p.is_pipe();
                for c in &p.commands {
                    let at = At { subshell: at.subshell || piped, ..at };
                    self.command(c, at, i > 0);
                }
            }
        }
    }

    fn command(&mut self, c: &'a crate::model::shell::ast::Command, at: At, and_or: bool) {
        let deeper = At { depth: at.depth + 1, ..at };
        match &c.kind {
            CommandKind::Simple(s) => self.simple(s, at, and_or),
            CommandKind::Subshell(s) => self.script(s, At { subshell: true, ..at }),
            CommandKind::Brace(s) => self.script(s, at),
            CommandKind::If(i) => {
                for (cond, then) in &i.branches {
                    self.script(cond, deeper);
                    self.script(then, deeper);
                }
                if let Some(e) = &i.else_body {
                    self.script(e, deeper);
                }
            }
            CommandKind::For(f) => {
                let s = match &f.words {
                    Some(ws) => ws.iter().fold(Space::Empty, |acc, w| {
                        let s = if w.parts.iter().any(|p| matches!(p.kind, PartKind::CommandSubst { .. } | PartKind::Param(_))) {
                            Space::Dirty
                        } else {
                            word_clean(&self.v, w)
                        };
                        // a loop variable takes each word in turn: merge, not append
                        merge(acc, s)
                    }),
                    None => Space::Dirty,
                };
                self.v.assigned.insert(f.var.clone(), s);
                for w in f.words.iter().flatten() {
                    self.parts(&w.parts, true, false);
                }
                self.script(&f.body, deeper);
            }
            CommandKind::While(w) => {
                self.script(&w.cond, deeper);
                self.script(&w.body, deeper);
            }
            CommandKind::Case(k) => {
                // each followed `case` copies the values: at most MAX_CASES per script, so
                // time stays linear; the others merge like an `if`
                self.v.seen_cases += 1;
                let tracked = self.v.seen_cases <= MAX_CASES;
                let before = if tracked { self.v.assigned.clone() } else { HashMap::new() };
                self.v.cases.push(CaseFrame { before, depth: 0, branches: Vec::new(), in_branch: false, exited: false, catch_all: false, tracked });
                self.parts(&k.word.parts, true, false);
                for arm in &k.arms {
                    if self.v.cases.last().is_some_and(|f| f.tracked) {
                        self.v.close_branch();
                        let before = self.v.cases.last().map(|f| f.before.clone());
                        if let Some(b) = before {
                            self.v.assigned = b;
                        }
                        let star = arm.patterns.iter().any(|w| w.literal() == Some("*") || self.v.sh.text(w.span) == "*");
                        if let Some(f) = self.v.cases.last_mut() {
                            f.in_branch = true;
                            f.catch_all |= star;
                        }
                    }
                    for w in &arm.patterns {
                        self.parts(&w.parts, true, false);
                    }
                    self.script(&arm.body, deeper);
                }
                self.v.esac();
            }
            CommandKind::Function(f) => self.command(&f.body, at, and_or),
            CommandKind::Cond(ws) => {
                for w in ws {
                    self.parts(&w.parts, true, false);
                }
            }
            CommandKind::Arith(_) | CommandKind::Error(_) => {}
        }
        self.redirects(c);
    }

    fn redirects(&mut self, c: &'a crate::model::shell::ast::Command) {
        for r in &c.redirects {
            if let RedirTarget::Word(w) = &r.target {
                self.parts(&w.parts, false, false);
            }
        }
    }

    fn simple(&mut self, c: &'a SimpleCommand, at: At, and_or: bool) {
        let name = c.words.first().and_then(|w| w.literal());
        if !at.subshell {
            let v = &mut self.v;
            if let Some(f) = v.cases.last_mut() {
                if f.in_branch && f.depth == 0 {
                    f.depth = at.depth;
                }
            }
            let cond = v.conditional(and_or, at.depth);
            if matches!(name, Some("exit" | "return")) && !cond {
                if let Some(f) = v.cases.last_mut() {
                    f.exited = true;
                }
            }
            if c.words.is_empty() {
                for a in &c.assignments {
                    if a.array.is_some() {
                        v.set(&a.name, Space::Dirty, cond);
                    } else {
                        v.assign(&a.name, &a.value.parts, cond);
                    }
                }
            }
            match name.unwrap_or_default() {
                "export" | "declare" | "local" | "readonly" | "typeset" => {
                    for w in &c.words[1..] {
                        let Some(first) = w.parts.first() else { continue };
                        let PartKind::Literal(t) = &first.kind else { continue };
                        let Some(eq) = t.find('=') else { continue };
                        let n = t[..eq].trim_end_matches('+').to_string();
                        let mut parts = w.parts.clone();
                        parts[0].kind = PartKind::Literal(t[eq + 1..].to_string());
                        v.assign(&n, &parts, cond);
                    }
                }
                "read" | "mapfile" | "readarray" | "getopts" => {
                    for w in &c.words[1..] {
                        if let Some(t) = w.literal() {
                            if !t.starts_with('-') {
                                v.set(t, Space::Dirty, cond);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // arguments of a declaration utility are assignments (quote-free) in bash, not in sh
        let declarer = matches!(name, Some("export" | "declare" | "local" | "readonly" | "typeset"));
        for a in &c.assignments {
            self.parts(&a.value.parts, true, false);
            for w in a.array.iter().flatten() {
                self.parts(&w.parts, true, false);
            }
        }
        let posix_sh = self.v.sh.posix_sh;
        for (i, w) in c.words.iter().enumerate() {
            let assign_arg = i > 0 && declarer && !posix_sh && w.assignment_like();
            let cmd_name = i == 0 && w.is_single_expansion();
            self.parts(&w.parts, assign_arg, cmd_name);
        }
    }

    /// The expansions of a word's parts; `quote_free`: not split here.
    fn parts(&mut self, parts: &'a [WordPart], quote_free: bool, cmd_name: bool) {
        for p in parts {
            match &p.kind {
                PartKind::DoubleQuoted(inner) => self.parts(inner, true, cmd_name),
                PartKind::Param(pm) if !quote_free && !cmd_name => self.param(pm, p.span),
                // quoting around a substitution does not reach the commands inside it
                PartKind::CommandSubst { script, .. } | PartKind::ProcessSubst { script, .. } => {
                    self.script(script, At { subshell: true, depth: 0 })
                }
                _ => {}
            }
        }
    }

    fn param(&mut self, pm: &ParamExp, span: Span) {
        // `$@`, `${a[@]}` (another check), `${#x}` (a number), `${x:+'…'}`
        if pm.name == "@" || pm.name == "*" || matches!(pm.index.as_deref(), Some("@" | "*")) {
            return;
        }
        if pm.length || matches!(pm.op.as_deref(), Some("+" | ":+")) || pm.name.is_empty() {
            return;
        }
        if SPACELESS.contains(&pm.name.as_str()) {
            return;
        }
        if self.v.of(&pm.name) != Space::Clean {
            self.found.push((span, pm.name.clone()));
        }
    }
}

impl Rule for UnquotedVariable {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        let mut defs: Option<(StageId, std::rc::Rc<HashMap<String, usize>>)> = None;
        for sh in cx.sh_runs().iter() {
            // built once per stage: a lookup per RUN stays linear in the file
            if defs.as_ref().is_none_or(|(id, _)| *id != sh.stage.id) {
                defs = Some((sh.stage.id, crate::model::run_scripts::first_definitions(sh.stage)));
            }
            let own = defs.as_ref().map(|(_, m)| m.clone()).unwrap_or_default();
            let dockerfile_vars = model.dockerfile_vars(sh.stage, sh.run, own);
            let mut r = Reader {
                v: Vars { sh, dockerfile_vars, assigned: HashMap::new(), cases: Vec::new(), seen_cases: 0 },
                found: Vec::new(),
            };
            r.script(&sh.script.script, At::default());
            for (span, name) in r.found {
                let shown = sh.text(span).to_string();
                // Quotes go around the expansion as written on the RUN line; never into a
                // heredoc body, nor where a continuation splits the expansion.
                let on_line = sh.on_line() && cx.text(span) == shown;
                let fix = on_line.then(|| {
                    Fix::new(
                        format!("write `\"{shown}\"`"),
                        Applicability::Unsafe,
                        vec![Edit::insert(span.start, "\""), Edit::insert(span.end, "\"")],
                    )
                });
                cx.report(&Self::META, span, format!("`{shown}` is unquoted: a value of `{name}` with spaces or `*` would become several arguments"))
                    .primary_label("unquoted")
                    .help(format!("write `\"{shown}\"`"))
                    .fix_opt(fix);
            }
        }
    }
}

