//! DL3013: `pip install` of a package without a version (opt-in, as hadolint's DL3013).
use super::hadolint_support::{installs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::{has_flag, Manager};

const VCS: &[&str] = &["git+", "git", "hg+", "svn", "bzr+"];

declare_rule! {
    /// ## What it does
    /// Flags `pip install` (and `python -m pip install`) of a package without a version
    /// specifier. A specifier (`==`, `>=`, `~=`, `<`, `!=`, …), a VCS URL with `@ref`, a wheel
    /// or sdist file, and a path count as pinned; an install from a requirements file
    /// (`-r`), of the current project (`.`) or under a constraints file (`-c`) is not checked.
    /// Off by default.
    ///
    /// ## Why is this off by default?
    /// Exact pins scattered through RUN lines go stale and conflict with each other; the
    /// usual practice is a requirements or lock file (`pip install -r requirements.txt`,
    /// with hashes), which this rule already accepts. hadolint's pinning rules are its users'
    /// most frequent complaint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per `pip install`, naming its unpinned packages. Stages of Windows images
    /// are not checked.
    pub PipUnpinnedPackage {
        code: "DL3013",
        name: "pip-unpinned-package",
        severity: Warning,
        category: Reproducibility,
        summary: "`pip install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3013",
    }
}

fn version_fixed(p: &str) -> bool {
    let vcs = VCS.iter().any(|s| p.starts_with(s));
    ["==", ">=", "<=", ">", "<", "!=", "~="].iter().any(|s| p.contains(s))
        || (vcs && p.contains('@'))
        || p.ends_with(".whl")
        || p.ends_with(".tar.gz")
        || (!vcs && p.contains('/'))
}

impl Rule for PipUnpinnedPackage {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run, inv) in installs(cx.model(), &[Manager::Pip]) {
            let Some(c) = run.command_of(inv) else { continue };
            if has_flag(c, "constraint")
                || has_flag(c, "c")
                || c.has_arg("--requirement")
                || c.has_arg("-r")
                || c.has_arg(".")
            {
                continue;
            }
            let unpinned: Vec<&Spanned<String>> =
                inv.packages.iter().filter(|p| !version_fixed(&p.value)).collect();
            report_unpinned(cx, &Self::META, inv, &unpinned, |p| format!("{p}==<version>"));
        }
    }
}
