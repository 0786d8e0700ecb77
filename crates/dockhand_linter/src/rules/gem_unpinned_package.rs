//! DL3028: `gem install` of a gem without a version (opt-in, as hadolint's DL3028).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `gem install <gem>` without a version (`bundler` rather than `bundler:2.5.10`).
    /// A call with `-v`/`--version` is taken as pinned. Off by default.
    ///
    /// ## Why is this off by default?
    /// Applications pin their gems in `Gemfile.lock`; the gems installed directly in a
    /// Dockerfile are usually tools such as bundler that should follow their release.
    /// hadolint's pinning rules are its users' most frequent complaint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler:2.5.10
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes the word after any option as that option's value, so it misses the
    /// gem in `gem install --no-document bundler`; dockhand knows which options take a value.
    /// Stages of Windows images are not checked.
    pub GemUnpinnedPackage {
        code: "DL3028",
        name: "gem-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`gem install` installs a gem without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3028",
    }
}

impl Rule for GemUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run, inv) in installs(cx.model(), &[Manager::Gem]) {
            let Some(c) = run.command_of(inv) else { continue };
            if c.has_arg("-v")
                || c.has_arg("--version")
                || c.args().iter().any(|a| a.value.starts_with("--version="))
            {
                continue;
            }
            let unpinned: Vec<&Spanned<String>> =
                inv.packages.iter().filter(|p| !p.value.contains(':')).collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}:<version>"));
        }
    }
}
