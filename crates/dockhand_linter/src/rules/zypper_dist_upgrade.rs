//! DL3035: `zypper dist-upgrade` in a RUN.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` (`zypper dup`).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade can move the image to a different release than its base
    /// image's tag says, with new package versions and changed defaults, on every rebuild.
    /// Take a newer base image instead, or `zypper update` (`zypper up`) for fixes within the
    /// release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper dist-upgrade -y
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper update -y
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub ZypperDistUpgrade {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        severity: Warning,
        category: Reproducibility,
        summary: "`zypper dist-upgrade` upgrades the image to another release",
        mirrors: "hadolint DL3035",
    }
}

impl Rule for ZypperDistUpgrade {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["zypper"], &["dist-upgrade", "dup"]) {
                cx.report(&Self::META, c.span, "`zypper dist-upgrade` can move the image to another release")
                    .primary_label("distribution upgrade")
                    .help("use a newer base image tag, or `zypper update -y` for updates within the release");
            }
        }
    }
}
