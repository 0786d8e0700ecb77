//! DL3008: `apt-get install` of a package without a version (opt-in, as hadolint's DL3008).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` of a package given without a version (`curl` rather than
    /// `curl=7.88.1-10+deb12u5`). A `name=version`, a `name/release` and a local `.deb` file
    /// count as pinned. Off by default: select it if your policy is to pin every package.
    ///
    /// ## Why is this off by default?
    /// A pin makes the build repeat the same package set, but Debian and Ubuntu mirrors keep
    /// only the current version of each package: when a security update lands, the pinned
    /// version is gone and every build fails until someone bumps it. This is hadolint users'
    /// most frequent complaint about hadolint, and an open hadolint pull request turns DL3008
    /// off by default. Pin the base image by digest instead (DH403) for a reproducible
    /// package set, or pin only the packages whose version matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per `apt-get install`, naming its unpinned packages. Words holding a
    /// variable (`$PKG`) are read as written, as hadolint does. Stages of Windows images are
    /// not checked.
    pub AptGetUnpinnedPackage {
        code: "DL3008",
        name: "apt-get-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`apt-get install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3008",
    }
}

impl Rule for AptGetUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, _, inv) in installs(cx.model(), &[Manager::AptGet]) {
            let unpinned: Vec<&Spanned<String>> = inv
                .packages
                .iter()
                .filter(|p| {
                    let v = p.value.as_str();
                    !(v.contains('=') || v.contains('/') || v.ends_with(".deb"))
                })
                .collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}=<version>"));
        }
    }
}
