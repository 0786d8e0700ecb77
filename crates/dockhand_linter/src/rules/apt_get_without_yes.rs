//! DL3014: apt-get install without -y waits for an answer no one gives.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y` (`--yes`, `--assume-yes`, or `-qq`, which implies
    /// it).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer apt's "Do you want to continue? [Y/n]": apt-get reads
    /// end of input, takes it as no, and the RUN fails with `Abort.` whenever the install needs
    /// more than the named packages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Inserts `-y` right after the action word (`apt-get install` → `apt-get install -y`). Safe: the build
    /// cannot answer the question, so yes is the only answer that lets it go on. Inside an `sh -c`
    /// string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub AptGetWithoutYes {
        code: "DL3014",
        name: "apt-get-without-yes",
        severity: Warning,
        category: Correctness,
        summary: "`apt-get install` without `-y` waits for an answer no one gives",
        mirrors: "hadolint DL3014",
    }
}

/// The command name and its action, as the message shows them.
fn shown(c: &crate::model::Command) -> String {
    c.words.iter().take(2).map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
}

impl Rule for AptGetWithoutYes {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["apt-get"], &["install"]) {
                let flags: &[&str] = &["y", "yes", "qq", "assume-yes"];
                if flags.iter().any(|f| has_flag(c, f)) || crate::model::invocations::flags(c).filter(|(f, _)| *f == "q").count() == 2 || crate::model::invocations::flags(c).filter(|(f, _)| *f == "quiet").count() == 2 || c.has_arg("-q=2") {
                    continue;
                }
                let fix = c
                    .args()
                    .iter()
                    .find(|w| (&["install"] as &[&str]).contains(&w.value.as_str()))
                    .and_then(|w| super::flag_fix::insert_after(cx, run, w, "-y", Applicability::Safe));
                cx.report(&Self::META, c.words[0].span, format!("`{}` asks for confirmation, and the build cannot answer", shown(c)))
                    .primary_label("no `-y`")
                    .help("add `-y`: `apt-get install -y …`")
                    .fix_opt(fix);
            }
        }
    }
}
