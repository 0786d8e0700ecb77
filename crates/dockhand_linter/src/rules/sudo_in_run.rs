//! DL3004: `sudo` in a RUN.
use super::hadolint_support::posix_runs;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that calls `sudo`.
    ///
    /// ## Why is this bad?
    /// A RUN runs as the current `USER`; `sudo` in it either does nothing (as root), asks for
    /// a password no one can type, or depends on a sudoers file that should not be in a
    /// production image. Switch with `USER root` for the instructions that need it and back
    /// after; at run time use a tool made for it, such as `gosu` or `su-exec`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub SudoInRun {
        code: "DL3004",
        name: "sudo-in-run",
        severity: Error,
        category: Security,
        summary: "a RUN calls `sudo`",
        mirrors: "hadolint DL3004",
    }
}

impl Rule for SudoInRun {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            let Some(c) = run.commands.iter().find(|c| c.words.first().is_some_and(|w| w.value == "sudo")) else {
                continue;
            };
            let what = c.args().iter().find(|w| !w.value.starts_with('-')).map_or(String::new(), |w| format!(" {}", w.value));
            cx.report(&Self::META, c.words[0].span, format!("`sudo{what}` in a RUN"))
                .primary_label("`sudo`")
                .help("drop `sudo` and put `USER root` before this RUN (and `USER <name>` after it)");
        }
    }
}
