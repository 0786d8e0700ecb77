//! DL3037: `zypper install` of a package without a version (opt-in, as hadolint's DL3037).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `zypper install` of a package without a version (`curl` rather than
    /// `curl=8.6.0` or `curl>=8`). A constraint with `=`, `<` or `>` and a `.rpm` file count
    /// as pinned. Off by default.
    ///
    /// ## Why is this off by default?
    /// openSUSE repositories drop superseded versions, so an exact pin breaks the build once
    /// an update ships; hadolint's pinning rules are its users' most frequent complaint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl && zypper clean
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl=8.6.0 && zypper clean
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per `zypper install`, naming its unpinned packages. Stages of Windows
    /// images are not checked.
    pub ZypperUnpinnedPackage {
        code: "DL3037",
        name: "zypper-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`zypper install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3037",
    }
}

impl Rule for ZypperUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, _, inv) in installs(cx.model(), &[Manager::Zypper]) {
            let unpinned: Vec<&Spanned<String>> = inv
                .packages
                .iter()
                .filter(|p| !(p.value.contains(['=', '<', '>']) || p.value.ends_with(".rpm")))
                .collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}=<version>"));
        }
    }
}
