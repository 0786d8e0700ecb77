//! DL3046: `useradd -u <large uid>` without `-l`.
use super::hadolint_support::posix_runs;
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a user id of six digits or more (`-u 100000`) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// useradd reserves a slot for the new user in `/var/log/lastlog` and `faillog`, which
    /// are sparse files indexed by user id. Docker's layer format does not keep files sparse,
    /// so a large id writes gigabytes of zeros into the layer. `-l` skips those logs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 123456 app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub UseraddWithoutNoLogInit {
        code: "DL3046",
        name: "useradd-without-no-log-init",
        severity: Warning,
        category: Size,
        summary: "`useradd` of a large user id without `-l` fills the layer with log files",
        mirrors: "hadolint DL3046",
    }
}

impl Rule for UseraddWithoutNoLogInit {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for c in run.commands.iter().filter(|c| c.words.first().is_some_and(|w| w.value == "useradd")) {
                if has_flag(c, "l") || has_flag(c, "no-log-init") {
                    continue;
                }
                let args = c.args();
                let uid = args.iter().enumerate().find_map(|(i, w)| {
                    let v = w.value.as_str();
                    if v == "-u" || v == "--uid" {
                        args.get(i + 1)
                    } else {
                        None
                    }
                });
                let Some(uid) = uid.filter(|u| u.value.len() > 5) else { continue };
                cx.report(
                    &Self::META,
                    uid.span,
                    format!("`useradd -u {}` without `-l` writes sparse log files in full", uid.value),
                )
                .primary_label("large user id")
                .help(format!("add `-l`: `useradd -l -u {} …`", uid.value));
            }
        }
    }
}
