//! SC2086: an unquoted `$var` whose value may hold spaces or glob characters.
use super::prelude::*;
use super::sc_support::{visit, Item, Origin, Part, ShScript, Word};
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
    sh: &'a ShScript<'a>,
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
    fn conditional(&self, c: &super::sc_support::Cmd) -> bool {
        let base = self.cases.last().map_or(0, |f| f.depth);
        c.and_or || c.depth > base
    }
}

impl Vars<'_> {
    fn of(&self, name: &str) -> Space {
        if let Some(s) = self.assigned.get(name) {
            return *s;
        }
        if SPACELESS.contains(&name) || self.sh.dockerfile_vars.contains(name) {
            Space::Clean
        } else {
            Space::Dirty
        }
    }

    fn value(&self, parts: &[Part]) -> Space {
        let mut acc = Space::Empty;
        for p in parts {
            let s = match p {
                Part::Lit(r) => {
                    let mut t = String::new();
                    for ch in self.sh.text(r).chars() {
                        // a backslash-escaped character counts as itself
                        if ch == '\\' {
                            continue;
                        }
                        t.push(ch);
                    }
                    literal_space(&t)
                }
                Part::Single(r) => {
                    let t = self.sh.text(r);
                    literal_space(t.get(1..t.len().saturating_sub(1)).unwrap_or(""))
                }
                Part::Double(_, inner) => self.value(inner),
                // `${x:-y}`, `${x%.*}`, `${#x}`: ShellCheck does not follow the value
                Part::Param(pm) if pm.braced && (!pm.modifier.is_empty() || !pm.prefix.is_empty()) => Space::Dirty,
                Part::Param(pm) => self.of(&pm.name),
                Part::Arith(_) => Space::Clean,
                Part::Subst(_) | Part::AnsiC(_) => Space::Dirty,
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

    fn assign(&mut self, name: &str, parts: &[Part], conditional: bool) {
        let s = self.value(parts);
        self.set(name, s, conditional);
    }
}

fn word_clean(v: &Vars<'_>, w: &Word) -> Space {
    v.value(&w.parts)
}

impl Rule for UnquotedVariable {
    fn check(&self, cx: &mut Context<'_>) {
        let scripts = cx.sh_scripts();
        for sh in scripts {
            let vars = std::cell::RefCell::new(Vars { sh, assigned: HashMap::new(), cases: Vec::new(), seen_cases: 0 });
            let mut found = Vec::new();
            visit(
                sh.script(),
                sh.src,
                sh.posix_sh,
                false,
                &mut |it| {
                    let mut v = vars.borrow_mut();
                    match it {
                        Item::Cmd(c) if c.subshell => {}
                        Item::Case(_) => {
                            // each followed `case` copies the values: at most MAX_CASES per
                            // script, so time stays linear; the others merge like an `if`
                            v.seen_cases += 1;
                            let tracked = v.seen_cases <= MAX_CASES;
                            let before = if tracked { v.assigned.clone() } else { HashMap::new() };
                            v.cases.push(CaseFrame { before, depth: 0, branches: Vec::new(), in_branch: false, exited: false, catch_all: false, tracked });
                        }
                        Item::Pattern(_) if v.cases.last().is_some_and(|f| !f.tracked) => {}
                        Item::Pattern(ws) => {
                            v.close_branch();
                            let before = v.cases.last().map(|f| f.before.clone());
                            if let Some(b) = before {
                                v.assigned = b;
                            }
                            let star = ws.iter().any(|w| w.literal(sh.src).is_some_and(|t| t == "*") || w.raw(sh.src) == "*");
                            if let Some(f) = v.cases.last_mut() {
                                f.in_branch = true;
                                f.catch_all |= star;
                            }
                        }
                        Item::Esac => v.esac(),
                        Item::Cmd(c) => {
                            if let Some(f) = v.cases.last_mut() {
                                if f.in_branch && f.depth == 0 {
                                    f.depth = c.depth;
                                }
                            }
                            let cond = v.conditional(c);
                            if matches!(c.name(sh.src).as_deref(), Some("exit" | "return")) && !cond {
                                if let Some(f) = v.cases.last_mut() {
                                    f.exited = true;
                                }
                            }
                            if c.words.is_empty() {
                                for a in &c.assigns {
                                    if a.array {
                                        v.set(&a.name, Space::Dirty, cond);
                                    } else {
                                        v.assign(&a.name, &a.value.parts, cond);
                                    }
                                }
                            }
                            let name = c.name(sh.src).unwrap_or_default();
                            match name.as_str() {
                                "export" | "declare" | "local" | "readonly" | "typeset" => {
                                    for w in &c.words[1..] {
                                        let Some(Part::Lit(r)) = w.parts.first() else { continue };
                                        let t = sh.text(r);
                                        let Some(eq) = t.find('=') else { continue };
                                        let n = t[..eq].trim_end_matches('+').to_string();
                                        let mut parts = w.parts.clone();
                                        parts[0] = Part::Lit(r.start + eq + 1..r.end);
                                        v.assign(&n, &parts, cond);
                                    }
                                }
                                "read" | "mapfile" | "readarray" | "getopts" => {
                                    for w in &c.words[1..] {
                                        if let Some(t) = w.literal(sh.src) {
                                            if !t.starts_with('-') {
                                                v.set(&t, Space::Dirty, cond);
                                            }
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                        Item::For { var, words, .. } => {
                            let s = match words {
                                Some(ws) => ws.iter().fold(Space::Empty, |acc, w| {
                                    let s = if w.parts.iter().any(|p| matches!(p, Part::Subst(_) | Part::Param(_))) {
                                        Space::Dirty
                                    } else {
                                        word_clean(&v, w)
                                    };
                                    // a loop variable takes each word in turn: merge, not append
                                    merge(acc, s)
                                }),
                                None => Space::Dirty,
                            };
                            v.assigned.insert(var.clone(), s);
                        }
                        _ => {}
                    }
                },
                &mut |site| {
                    let Part::Param(pm) = site.part else { return };
                    if site.quote_free || site.command_name {
                        return;
                    }
                    // `$@`, `${a[@]}` (another check), `${#x}` (a number), `${x:+'…'}`
                    if pm.name == "@" || pm.name == "*" || pm.modifier.contains("[@]") || pm.modifier.contains("[*]") {
                        return;
                    }
                    if pm.prefix == "#" {
                        return;
                    }
                    if quoted_alternative(&pm.modifier) {
                        return;
                    }
                    if SPACELESS.contains(&pm.name.as_str()) {
                        return;
                    }
                    let v = vars.borrow();
                    let clean = v.of(&pm.name) == Space::Clean;
                    if !clean {
                        found.push((pm.range.clone(), pm.name.clone()));
                    }
                },
            );
            for (r, name) in found {
                let shown = sh.text(&r).to_string();
                let span = sh.span(&r);
                // Quotes go around the expansion as written on the RUN line; never into a
                // heredoc body, nor where a continuation splits the expansion.
                let on_line = matches!(sh.origin, Origin::Line(_)) && cx.text(span) == shown;
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

/// `${x:+'…'}` / `${x+"…"}`: the alternative is quoted.
fn quoted_alternative(modifier: &str) -> bool {
    let m = modifier.strip_prefix(':').unwrap_or(modifier);
    let m = match modifier.find(']') {
        Some(i) => modifier[i + 1..].strip_prefix(':').unwrap_or(&modifier[i + 1..]),
        None => m,
    };
    m.starts_with('+')
}
