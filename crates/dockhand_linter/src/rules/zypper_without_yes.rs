//! DL3034: zypper install without -y waits for an answer no one gives.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `zypper install` (and `remove`, `source-install`, `patch`) without `-y` (`--no-
    /// confirm`) or the global `-n` (`--non-interactive`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer zypper's "Continue? [y/n/v/...? shows all options]
    /// (y)"; without a non-interactive switch the RUN stops or fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install curl && zypper clean
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl && zypper clean
    /// ```
    ///
    /// ## Fix
    /// Inserts the global option `-n` (`--non-interactive`) right after `zypper`
    /// (`zypper install` → `zypper -n install`): unlike `-y`, every zypper command takes it.
    /// Safe: the build cannot answer the question, so the default answer is the only one that
    /// lets it go on. Inside an `sh -c` string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub ZypperWithoutYes {
        code: "DL3034",
        name: "zypper-without-yes",
        severity: Warning,
        category: Correctness,
        summary: "`zypper install` without `-y` waits for an answer no one gives",
        mirrors: "hadolint DL3034",
    }
}

/// The command name and its action, as the message shows them.
fn shown(c: &crate::model::Command) -> String {
    c.words.iter().take(2).map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
}

impl Rule for ZypperWithoutYes {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["zypper"], &["install", "in", "remove", "rm", "source-install", "si", "patch"]) {
                let flags: &[&str] = &["non-interactive", "n", "no-confirm", "y"];
                if flags.iter().any(|f| has_flag(c, f))  {
                    continue;
                }
                let fix = super::flag_fix::insert_after(cx, run, &c.words[0], "-n", Applicability::Safe);
                cx.report(&Self::META, c.words[0].span, format!("`{}` asks for confirmation, and the build cannot answer", shown(c)))
                    .primary_label("no `-y`")
                    .help("add `-y` (or `zypper -n …`)")
                    .fix_opt(fix);
            }
        }
    }
}
