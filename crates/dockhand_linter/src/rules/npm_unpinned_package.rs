//! DL3016: `npm install` of a package without a version (opt-in, as hadolint's DL3016).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::Manager;

declare_rule! {
    /// ## What it does
    /// Flags `npm install <package>` without a version (`typescript` rather than
    /// `typescript@5.4.5`). A `@version` (after a scope such as `@types/node`), a git URL with
    /// `#ref`, a tarball and a local path count as pinned; a bare `npm install` (from
    /// `package.json`) is not checked. Off by default.
    ///
    /// ## Why is this off by default?
    /// Global tools installed in a RUN are often meant to follow their latest release, and
    /// projects pin through `package-lock.json` and `npm ci`. hadolint's pinning rules are its
    /// users' most frequent complaint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// RUN npm install -g typescript
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// RUN npm install -g typescript@5.4.5
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per `npm install`, naming its unpinned packages. Stages of Windows images
    /// are not checked.
    pub NpmUnpinnedPackage {
        code: "DL3016",
        name: "npm-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`npm install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3016",
    }
}

fn version_fixed(p: &str) -> bool {
    if ["git://", "git+ssh://", "git+http://", "git+https://"].iter().any(|g| p.starts_with(g)) {
        return p.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| p.ends_with(s))
        || ["/", "./", "../", "~/"].iter().any(|s| p.starts_with(s))
    {
        return true;
    }
    let unscoped = match p.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or("", |(_, name)| name),
        None => p,
    };
    unscoped.contains('@')
}

impl Rule for NpmUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run, inv) in installs(cx.model(), &[Manager::Npm]) {
            // hadolint checks only `npm install …` where `install` is the first operand
            let first = run
                .command_of(inv)
                .and_then(|c| crate::model::invocations::operands(c, &["loglevel", "registry"]).first().map(|w| w.span));
            if first != inv.install.as_ref().map(|w| w.span) {
                continue;
            }
            let unpinned: Vec<&Spanned<String>> =
                inv.packages.iter().filter(|p| !version_fixed(&p.value)).collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}@<version>"));
        }
    }
}
