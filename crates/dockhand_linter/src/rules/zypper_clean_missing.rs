//! DL3036: `zypper install` without `zypper clean` after it.
use super::hadolint_support::{cache_mount, posix_runs, uncleaned};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `zypper install` and does not, after it, run `zypper clean`
    /// (`zypper cc`), unless the RUN has a cache or tmpfs mount on `/var/cache/zypp`.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and downloaded packages under `/var/cache/zypp`,
    /// where they stay in the layer. Cleaning in the same RUN keeps them out of the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// Appends ` && zypper clean --all` to the RUN, after its last command, when the RUN is a plain
    /// `&&` chain (no `;`, `||`, pipe, subshell, `if`, loop or heredoc). Safe: the same
    /// packages are installed, and a later install fetches the metadata again. No fix for any
    /// other RUN.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub ZypperCleanMissing {
        code: "DL3036",
        name: "zypper-clean-missing",
        severity: Warning,
        category: Size,
        summary: "`zypper install` without `zypper clean` in the same RUN",
        mirrors: "hadolint DL3036",
    }
}

impl Rule for ZypperCleanMissing {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            if cache_mount(run, "/var/cache/zypp") {
                continue;
            }
            let Some(c) = uncleaned(run, &["zypper"], &["install", "in"], |c| {
                c.words.first().is_some_and(|w| w.value == "zypper")
                    && (c.has_arg("clean") || c.has_arg("cc"))
            }) else {
                continue;
            };
            let fix = super::flag_fix::append_to_chain(cx, run, "zypper clean --all")
                .map(|e| Fix::safe("end the RUN with `&& zypper clean --all`", vec![e]));
            cx.report(
                &Self::META,
                c.span,
                "`zypper install` leaves its package cache in the layer: no `zypper clean` after it",
            )
            .primary_label("cache filled here")
            .help("end the same RUN with `&& zypper clean --all`")
            .fix_opt(fix);
        }
    }
}
