//! DL3062: `go install` / `go run` of a module without a version (opt-in, as hadolint's DL3062).
use super::hadolint_support::{posix_runs, report_unpinned};
use super::prelude::*;
use crate::model::invocations::{operands, Manager};

declare_rule! {
    /// ## What it does
    /// Flags `go install`, `go get` and `go run` of a remote package without an `@version`
    /// (or with `@latest`). Local packages (`.`, `./cmd/app`, `/src/…`) are not checked.
    /// Off by default.
    ///
    /// ## Why is this off by default?
    /// Outside a module, `go install pkg@version` is required anyway (Go refuses a bare
    /// remote path), and inside one the version comes from `go.mod`; what remains is mostly
    /// `@latest` chosen on purpose for tools. Pins also go stale. hadolint's pinning rules are
    /// its users' most frequent complaint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22
    /// RUN go install golang.org/x/tools/gopls@v0.16.1
    /// ```
    ///
    /// ## Differences from hadolint
    /// One finding per command, naming its unpinned packages. Stages of Windows images are
    /// not checked.
    pub GoInstallUnpinned {
        code: "DL3062",
        name: "go-install-unpinned",
        severity: Warning,
        category: Reproducibility,
        summary: "`go install` installs a package without pinning its version",
        enabled_by_default: false,
        mirrors: "hadolint DL3062",
    }
}

fn version_fixed(p: &str) -> bool {
    p == "."
        || p.starts_with('/')
        || p.starts_with('.')
        || (p.contains('@') && !p.ends_with("@latest") && !p.ends_with("@none"))
}

impl Rule for GoInstallUnpinned {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            let invs: Vec<_> = run.invocations_of(Manager::Go).collect();
            // as hadolint: when the RUN has a `go run`, only its package is checked
            let runs: Vec<_> = invs
                .iter()
                .filter_map(|inv| {
                    let c = run.command_of(inv)?;
                    let ops = operands(c, &[]);
                    let at = ops.iter().position(|w| w.value == "run")?;
                    let pkgs: Vec<&Spanned<String>> =
                        ops.get(at + 1).into_iter().copied().collect();
                    Some((*inv, pkgs))
                })
                .collect();
            let checked: Vec<(&crate::model::invocations::Invocation, Vec<&Spanned<String>>)> =
                if runs.is_empty() {
                    invs.iter()
                        .filter(|i| i.install.is_some())
                        .map(|i| (*i, i.packages.iter().filter(|p| p.value != "tool").collect()))
                        .collect()
                } else {
                    runs
                };
            for (inv, pkgs) in checked {
                let unpinned: Vec<&Spanned<String>> =
                    pkgs.into_iter().filter(|p| !version_fixed(&p.value)).collect();
                let example = |p: &str| format!("{}@<version>", p.trim_end_matches("@latest"));
                report_unpinned(cx, &Self::META, inv, &unpinned, example);
            }
        }
    }
}
