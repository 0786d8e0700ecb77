//! DL4006: a pipe in a RUN whose shell does not fail when an earlier stage of the pipe fails.
use super::hadolint_support::posix_runs;
use super::prelude::*;
use crate::model::shell::ast::{Command, CommandKind, PartKind, Pipeline, SimpleCommand, WordPart};
use crate::model::shell::{Cx, Dialect, Visitor};

declare_rule! {
    /// ## What it does
    /// Flags a RUN with a pipe (`a | b`) when nothing makes the shell report a failure of `a`:
    /// no `SHELL [..., "-o", "pipefail", "-c"]` in effect for the stage (also inherited through
    /// `FROM <stage>`), no `set -o pipefail` (or `set -euo pipefail`…) earlier in the same
    /// script, and for `bash -o pipefail -c '…'` the script's own option. Each script is
    /// looked at on its own: the RUN line, each heredoc body, each `sh -c` script.
    ///
    /// ## Why is this bad?
    /// A pipe's exit status is that of its last command. `curl -fsSL $URL | tar xz` succeeds
    /// when the download fails (tar reads an empty stream and may well exit 0), and the build
    /// goes on with a broken layer; `set -e` does not help. With `pipefail`, the pipe fails
    /// when any of its commands does.
    ///
    /// Pipes inside `$( … )` are counted only in an assignment alone (`V="$(a | b)"`), whose
    /// status is the substitution's: elsewhere that status is lost whatever the option.
    /// PowerShell and cmd stages are never checked.
    ///
    /// Which fix: bash, BusyBox ash (Alpine), ksh and zsh have `set -o pipefail`. dash, the
    /// `/bin/sh` of Debian and Ubuntu, has it only from Debian 13 (trixie) and Ubuntu 25.04 on:
    /// on Debian 12 or Ubuntu 24.04 `set -o pipefail` is an error, so the help for those images
    /// is a `SHELL` running bash (always installed there). On by default: the fix is one line
    /// and right wherever a pipe's first command can fail.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie
    /// RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint forgets a stage's `SHELL` at every `FROM`, even `FROM <stage>` which inherits
    /// it; it does not see `set -o pipefail` inside the RUN; it counts every pipe inside `$( )`; and
    /// it checks PowerShell and cmd stages without a `SHELL` line.
    pub PipeWithoutPipefail {
        code: "DL4006",
        name: "pipe-without-pipefail",
        severity: Warning,
        category: Correctness,
        summary: "a pipe in RUN hides the failure of its first commands without `pipefail`",
        mirrors: "hadolint DL4006",
    }
}

/// The first pipe of a script that no `pipefail` covers.
#[derive(Default)]
struct FirstUnguarded<'a> {
    /// `set -o pipefail` ran in the script itself.
    guarded: bool,
    /// The same, for the `sh -c` script being walked.
    inline_guarded: bool,
    found: Option<(&'a Pipeline, Dialect)>,
}

/// `set -o pipefail`, `set -euo pipefail`, `set -o errexit -o pipefail`; also the flags of
/// `bash -o pipefail -c` (from word `from` on).
fn sets_pipefail(c: &SimpleCommand, from: usize, to: usize) -> bool {
    let words = c.words.get(from..to.min(c.words.len())).unwrap_or(&[]);
    words.windows(2).any(|w| {
        let (flag, value) = (w[0].text.as_str(), w[1].text.as_str());
        value == "pipefail" && flag.starts_with('-') && !flag.starts_with("--") && flag.ends_with('o')
    }) || words.iter().any(|w| w.text == "-opipefail")
}

impl FirstUnguarded<'_> {
    fn is_guarded(&self, cx: &Cx) -> bool {
        if cx.inline {
            self.inline_guarded
        } else {
            self.guarded
        }
    }
}

/// The first pipe at the top level of a `$( )` among `parts` (inside double quotes too).
fn first_pipe_in(parts: &[WordPart]) -> Option<&Pipeline> {
    parts.iter().find_map(|p| match &p.kind {
        PartKind::DoubleQuoted(inner) => first_pipe_in(inner),
        PartKind::CommandSubst { script, .. } => script
            .items
            .iter()
            .flat_map(|i| i.and_or.pipelines())
            .find(|p| p.is_pipe()),
        _ => None,
    })
}

impl<'a> Visitor<'a> for FirstUnguarded<'a> {
    fn command(&mut self, command: &'a Command, cx: &Cx) {
        let CommandKind::Simple(s) = &command.kind else {
            return;
        };
        if cx.in_substitution {
            return;
        }
        // `X="$(a | b)"` alone: the command's status is the substitution's, so its pipe counts.
        if s.words.is_empty() && self.found.is_none() && !self.is_guarded(cx) {
            for a in &s.assignments {
                if let Some(p) = first_pipe_in(&a.value.parts) {
                    self.found = Some((p, cx.dialect));
                    break;
                }
            }
        }
        if s.name() == Some("set") && sets_pipefail(s, 1, usize::MAX) {
            if cx.inline {
                self.inline_guarded = true;
            } else {
                self.guarded = true;
            }
        }
        if let Some(x) = &s.inline {
            self.inline_guarded = sets_pipefail(s, 1, x.word);
        }
    }

    fn pipeline(&mut self, pipeline: &'a Pipeline, cx: &Cx) {
        if self.found.is_some() || cx.in_substitution || !pipeline.is_pipe() {
            return;
        }
        if !self.is_guarded(cx) {
            self.found = Some((pipeline, cx.dialect));
        }
    }
}

fn name_of(c: &Command) -> String {
    match &c.kind {
        CommandKind::Simple(s) => s.name().unwrap_or("…").to_string(),
        CommandKind::Subshell(_) => "( … )".into(),
        CommandKind::Brace(_) => "{ … }".into(),
        _ => "…".into(),
    }
}

impl Rule for PipeWithoutPipefail {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            if run.shell_pipefail || !run.dialect.is_sh() {
                continue;
            }
            for script in &run.scripts {
                let mut v = FirstUnguarded::default();
                script.walk(&mut v);
                let Some((p, dialect)) = v.found else {
                    continue;
                };
                let (Some(first), Some(last), Some(pipe)) =
                    (p.commands.first(), p.commands.last(), p.pipes.first())
                else {
                    continue;
                };
                let (a, b) = (name_of(first), name_of(last));
                let help = match dialect {
                    Dialect::Dash | Dialect::Sh => {
                        "add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this \
                         RUN (dash before Debian 13 and Ubuntu 25.04 has no `pipefail`)"
                    }
                    Dialect::Ash => {
                        "start the script with `set -o pipefail &&`, or add `SHELL \
                         [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN"
                    }
                    _ => {
                        "start the script with `set -o pipefail &&`, or add `SHELL \
                         [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN"
                    }
                };
                cx.report(
                    &Self::META,
                    pipe.span,
                    format!(
                        "if `{a}` fails, the pipe into `{b}` still succeeds: no `pipefail` is set"
                    ),
                )
                .primary_label("the status of this pipe is that of its last command")
                .help(help);
                break;
            }
        }
    }
}
