//! DL3033: `yum install` of a package without a version (opt-in, as hadolint's DL3033).
use super::hadolint_support::report_unpinned_rpm;
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `yum install` of a package given without a version (`httpd` rather than
    /// `httpd-2.4.57`). A `name-version`, a `.rpm` file, or a word built from an ARG or ENV
    /// the Dockerfile declares count as pinned; for `yum module install`, a `module:stream`.
    /// Off by default.
    ///
    /// ## Why is this off by default?
    /// RPM repositories drop superseded versions, so an exact pin breaks the build once an
    /// update ships; hadolint's pinning rules are its users' most frequent complaint. Pin
    /// the base image (by release or digest) to fix the distribution's versions instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Differences from hadolint
    /// A `.rpm` file without a `-` in its name counts as pinned (hadolint flags it). One
    /// finding per `yum install`, naming its unpinned packages. Stages of Windows images
    /// are not checked.
    pub YumUnpinnedPackage {
        code: "DL3033",
        name: "yum-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`yum install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3033",
    }
}

impl Rule for YumUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        report_unpinned_rpm(cx, &Self::META, &[Manager::Yum], false);
    }
}
