//! DL3030: yum install without -y waits for an answer no one gives.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `yum install` (and `groupinstall`, `localinstall`) without `-y` (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer yum's "Is this ok [y/N]": yum takes no answer as no
    /// and the RUN fails with `Exiting on user command`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Inserts `-y` right after the action word (`yum install` → `yum install -y`). Safe: the build
    /// cannot answer the question, so yes is the only answer that lets it go on. Inside an `sh -c`
    /// string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub YumWithoutYes {
        code: "DL3030",
        name: "yum-without-yes",
        severity: Warning,
        category: Correctness,
        summary: "`yum install` without `-y` waits for an answer no one gives",
        mirrors: "hadolint DL3030",
    }
}

/// The command name and its action, as the message shows them.
fn shown(c: &crate::model::Command) -> String {
    c.words.iter().take(2).map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
}

impl Rule for YumWithoutYes {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["yum"], &["install", "groupinstall", "localinstall"]) {
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
                    .help("add `-y`: `yum install -y …`")
                    .fix_opt(fix);
            }
        }
    }
}
