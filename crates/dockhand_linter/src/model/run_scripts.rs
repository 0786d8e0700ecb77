//! The RUN scripts as ShellCheck reads them, for the SC rules: the shell-form command line of a
//! RUN, or its first heredoc body when the line is `<<EOF` (the body is the script), with the
//! tree the shell layer parsed ([`super::shell`]) and the text its spans cover. Nothing here
//! parses shell again.

use super::shell::ast::{Command, CommandKind, Redirect, Word};
use super::shell::{CommandRef, Cx, Dialect, Reach, ScriptSource, ShellScript, Visitor};
use super::stage::{RunFact, Stage};
use super::Model;
use crate::span::Span;

/// Where the text of a script lives.
#[derive(Clone, Copy)]
enum Origin<'m> {
    /// The RUN's command line (continuations joined): through the instruction's map.
    Line(&'m crate::parse::Instruction),
    /// A heredoc body: its text and the file offset it starts at.
    Body(&'m str, usize),
}

/// One RUN script with what the SC rules need around it.
#[derive(Clone, Copy)]
pub struct RunScript<'m> {
    pub stage: &'m Stage,
    pub run: &'m RunFact,
    pub script: &'m ShellScript,
    /// The shell that runs the script (the stage's `SHELL`, the base image's `/bin/sh`, a
    /// heredoc's shebang).
    pub dialect: Dialect,
    /// The shell runs scripts as POSIX sh (sh, dash or busybox ash; not bash/ksh/zsh).
    pub posix_sh: bool,
    origin: Origin<'m>,
}

impl<'m> RunScript<'m> {
    /// The script text a span of its tree covers, as the shell reads it (continuations
    /// joined).
    pub fn text(&self, span: Span) -> &'m str {
        match self.origin {
            Origin::Line(ins) => ins.rest_text(span),
            Origin::Body(body, base) => body
                .get(span.start.saturating_sub(base)..span.end.saturating_sub(base))
                .unwrap_or(""),
        }
    }

    /// The walk context: the script as its shell reads it, `sh -c` arguments not entered
    /// (ShellCheck checks them as strings).
    pub fn cx(&self) -> Cx {
        Cx {
            reach: Reach::OUTER,
            ..self.script.cx()
        }
    }

    /// Visits every node (`sh -c` scripts not entered).
    pub fn walk(&self, v: &mut dyn Visitor<'m>) {
        super::shell::walk(&self.script.script, &self.cx(), v);
    }

    /// Every command, word and redirection, in source order (`sh -c` scripts not entered).
    pub fn nodes(&self) -> Nodes<'m> {
        let mut n = Nodes::default();
        self.walk(&mut n);
        n
    }
}

/// Whether one of `commands` turns on errexit (`set -e`, `set -eux`, `set -o errexit`).
fn sets_errexit<'m>(commands: impl IntoIterator<Item = CommandRef<'m>>) -> bool {
    commands.into_iter().any(|c| {
        c.simple.words.first().and_then(|w| w.literal()) == Some("set")
            && c.simple.args().iter().filter_map(|w| w.literal()).any(|t| {
                t == "errexit" || (t.starts_with('-') && !t.starts_with("--") && t.contains('e'))
            })
    })
}

/// A RUN script whose nodes are collected on first use and then shared: the SC rules ask
/// each script for its commands and words, and each asking used to walk the whole tree again
/// (18 walks per script with every rule selected). Everything else is the [`RunScript`]'s.
pub struct ShRun<'m> {
    script: RunScript<'m>,
    nodes: std::cell::OnceCell<Nodes<'m>>,
}

impl<'m> ShRun<'m> {
    pub fn new(script: RunScript<'m>) -> Self {
        ShRun {
            script,
            nodes: std::cell::OnceCell::new(),
        }
    }

    /// [`RunScript::nodes`], walked once.
    pub fn nodes(&self) -> &Nodes<'m> {
        self.nodes.get_or_init(|| self.script.nodes())
    }

    /// Every simple command, nested ones included (`sh -c` scripts not entered), in source
    /// order, from the nodes walked once (the walk visits a command before the nodes inside
    /// it).
    pub fn simple_commands(&self) -> impl Iterator<Item = CommandRef<'m>> + '_ {
        self.nodes()
            .commands
            .iter()
            .filter_map(|&(command, cx)| match &command.kind {
                CommandKind::Simple(simple) => Some(CommandRef {
                    command,
                    simple,
                    cx,
                }),
                _ => None,
            })
    }

    /// Whether the script turns on errexit anywhere (substitutions included).
    pub fn sets_errexit(&self) -> bool {
        sets_errexit(self.simple_commands())
    }
}

impl<'m> std::ops::Deref for ShRun<'m> {
    type Target = RunScript<'m>;
    fn deref(&self) -> &RunScript<'m> {
        &self.script
    }
}

fn is_posix(d: Dialect) -> bool {
    matches!(d, Dialect::Sh | Dialect::Dash | Dialect::Ash)
}

impl Model {
    /// The script of a shell-form RUN that ShellCheck would read: the command line, or the
    /// first heredoc body when the line starts with `<<`. `None` for exec form, and for a
    /// heredoc body that is not shell (a `#!` of another program).
    pub fn run_script<'m>(&'m self, stage: &'m Stage, run: &'m RunFact) -> Option<RunScript<'m>> {
        if run.exec_form {
            return None;
        }
        let mut ins = self.instruction(run.instruction)?;
        if let Some(sub) = ins.sub.as_deref() {
            ins = sub;
        }
        let line = ins.args.first()?;
        let find = |src: ScriptSource| run.scripts.iter().find(|s| s.source == src);
        let (script, origin) =
            if line.value.trim_start().starts_with("<<") && !ins.heredocs.is_empty() {
                let h = ins.heredocs.first()?;
                (
                    find(ScriptSource::Heredoc(0))?,
                    Origin::Body(h.content.as_str(), h.body.start),
                )
            } else {
                (find(ScriptSource::Line)?, Origin::Line(ins))
            };
        Some(RunScript {
            stage,
            run,
            script,
            dialect: script.dialect,
            posix_sh: is_posix(script.dialect),
            origin,
        })
    }
}

/// The nodes of a script, each list in source order (see [`RunScript::nodes`]).
#[derive(Default)]
pub struct Nodes<'m> {
    /// Every command (simple and compound), with its context.
    pub commands: Vec<(&'m Command, Cx)>,
    /// Every word: command words, assignment values and array elements, `for` lists, `case`
    /// words and patterns, `[[ ]]` operands, redirection targets, `${x…}` arguments.
    pub words: Vec<&'m Word>,
    pub redirects: Vec<&'m Redirect>,
}

impl<'m> Visitor<'m> for Nodes<'m> {
    fn command(&mut self, command: &'m Command, cx: &Cx) {
        self.commands.push((command, *cx));
    }
    fn word(&mut self, word: &'m Word, _cx: &Cx) {
        self.words.push(word);
    }
    fn redirect(&mut self, redirect: &'m Redirect, _cx: &Cx) {
        self.redirects.push(redirect);
    }
}

impl RunScript<'_> {
    /// The script is the RUN's command line (not a heredoc body): a fix can edit it in place.
    pub fn on_line(&self) -> bool {
        matches!(self.origin, Origin::Line(_))
    }
}

/// The Dockerfile variables in scope at one RUN: they count as assigned in its script.
pub struct DockerfileVars<'m> {
    /// Name -> the first instruction of this stage that defines it (ARG or ENV).
    own: std::rc::Rc<std::collections::HashMap<String, usize>>,
    /// The ENV a parent stage (`FROM <stage>`) ends with: defined from the start. A shared
    /// persistent map, so a chain of n stages costs O(n), not O(n²).
    inherited: Option<&'m super::scope::Scope>,
    before: usize,
}

impl DockerfileVars<'_> {
    pub fn contains(&self, name: &str) -> bool {
        super::PROXY_ARGS.contains(&name)
            || self.inherited.is_some_and(|e| e.get(name).is_some())
            || self.own.get(name).is_some_and(|&i| i < self.before)
    }
}

/// For each variable name, the first instruction of a stage that defines it (ARG or ENV):
/// build once per stage and hand to [`Model::dockerfile_vars`] for each of its RUNs.
pub fn first_definitions(stage: &Stage) -> std::rc::Rc<std::collections::HashMap<String, usize>> {
    let mut m: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for v in stage.args.iter().chain(&stage.env_writes) {
        let e = m.entry(v.name.to_string()).or_insert(v.instruction);
        *e = (*e).min(v.instruction);
    }
    std::rc::Rc::new(m)
}

impl Model {
    /// The ARG and ENV names in scope at `run` (the proxy ARGs Docker predefines too);
    /// `defs` is [`first_definitions`] of the run's stage.
    pub fn dockerfile_vars<'m>(
        &'m self,
        stage: &'m Stage,
        run: &RunFact,
        defs: std::rc::Rc<std::collections::HashMap<String, usize>>,
    ) -> DockerfileVars<'m> {
        let inherited = match &stage.base {
            super::BaseImage::Stage(p) => Some(&self.stage(*p).env),
            _ => None,
        };
        DockerfileVars {
            own: defs,
            inherited,
            before: run.instruction,
        }
    }
}
