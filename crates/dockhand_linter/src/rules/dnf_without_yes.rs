//! DL3038: dnf install without -y waits for an answer no one gives.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `dnf install` (and `microdnf`, `groupinstall`, `localinstall`) without `-y`
    /// (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer dnf's "Is this ok [y/N]": dnf takes no answer as no
    /// and the RUN fails with `Operation aborted.`
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install nginx && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Inserts `-y` right after the action word (`dnf install` → `dnf install -y`). Safe: the build
    /// cannot answer the question, so yes is the only answer that lets it go on. Inside an `sh -c`
    /// string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub DnfWithoutYes {
        code: "DL3038",
        name: "dnf-without-yes",
        severity: Warning,
        category: Correctness,
        summary: "`dnf install` without `-y` waits for an answer no one gives",
        mirrors: "hadolint DL3038",
    }
}

/// The command name and its action, as the message shows them.
fn shown(c: &crate::model::Command) -> String {
    c.words.iter().take(2).map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
}

impl Rule for DnfWithoutYes {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["dnf", "microdnf"], &["install", "groupinstall", "localinstall"]) {
                let flags: &[&str] = &["y", "assumeyes"];
                if flags.iter().any(|f| has_flag(c, f))  {
                    continue;
                }
                let fix = c
                    .args()
                    .iter()
                    .find(|w| (&["install", "groupinstall", "localinstall"] as &[&str]).contains(&w.value.as_str()))
                    .and_then(|w| super::flag_fix::insert_after(cx, run, w, "-y", Applicability::Safe));
                cx.report(&Self::META, c.words[0].span, format!("`{}` asks for confirmation, and the build cannot answer", shown(c)))
                    .primary_label("no `-y`")
                    .help(format!("add `-y`: `{} -y …`", shown(c)))
                    .fix_opt(fix);
            }
        }
    }
}
