//! DL3018: `apk add` of a package without a version (opt-in, as hadolint's DL3018).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `apk add` of a package given without a version constraint (`curl` rather than
    /// `curl=8.5.0-r0` or `curl~8.5`). A constraint with `=`, `~`, `<` or `>` and a local `.apk`
    /// file count as pinned; the `--virtual` group name is no package. Off by default.
    ///
    /// ## Why is this off by default?
    /// Alpine's mirrors keep only the latest revision of each package in a release branch: an
    /// exact pin such as `curl=8.5.0-r0` breaks the build the day `-r1` is published. This is
    /// the most common complaint about hadolint's pinning rules. `~8.5` (any 8.5.x) breaks
    /// less often; pinning the base image's Alpine release (`alpine:3.20`) already fixes the
    /// major versions.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl~8.5
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per `apk add`, naming its unpinned packages. Stages of Windows images are
    /// not checked.
    pub ApkUnpinnedPackage {
        code: "DL3018",
        name: "apk-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`apk add` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3018",
    }
}

impl Rule for ApkUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, _, inv) in installs(cx.model(), &[Manager::Apk]) {
            let unpinned: Vec<&Spanned<String>> = inv
                .packages
                .iter()
                .filter(|p| {
                    let v = p.value.as_str();
                    !(v.contains(['=', '~', '<', '>']) || v.ends_with(".apk"))
                })
                .collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}~<version>"));
        }
    }
}
