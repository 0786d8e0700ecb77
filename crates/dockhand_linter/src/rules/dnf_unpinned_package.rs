//! DL3041: `dnf install` of a package without a version (opt-in, as hadolint's DL3041).
use super::hadolint_support::report_unpinned_rpm;
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `dnf install` and `microdnf install` of a package given without a version
    /// (`nginx` rather than `nginx-1.24.0`). A `name-version`, a `.rpm` file, or a word built
    /// from an ARG or ENV the Dockerfile declares count as pinned; for `dnf module install`,
    /// a `module:stream`. `dnf group install` is not checked. Off by default.
    ///
    /// ## Why is this off by default?
    /// Fedora, RHEL/UBI and Amazon Linux repositories drop superseded versions, so an exact
    /// pin breaks the build once an update ships; hadolint's pinning rules are its users'
    /// most frequent complaint. Pin the base image instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx-1.26.1 && dnf clean all
    /// ```
    ///
    /// ## Differences from hadolint
    /// A `.rpm` file without a `-` in its name counts as pinned (hadolint flags it). One
    /// finding per `dnf install`, naming its unpinned packages. Stages of Windows images
    /// are not checked.
    pub DnfUnpinnedPackage {
        code: "DL3041",
        name: "dnf-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`dnf install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3041",
    }
}

impl Rule for DnfUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        report_unpinned_rpm(cx, &Self::META, &[Manager::Dnf, Manager::Microdnf], true);
    }
}
