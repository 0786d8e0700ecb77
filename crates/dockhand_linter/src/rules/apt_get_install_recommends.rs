//! DL3015: `apt-get install` without `--no-install-recommends`.
use super::hadolint_support::{installs, list};
use super::prelude::*;
use crate::model::invocations::{has_flag, Manager};

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones *recommend*: manuals,
    /// helper tools, extra libraries the image never uses. They make the image larger, slower
    /// to pull, and add packages to patch. `--no-install-recommends` installs what the
    /// packages need and nothing more; add the few recommended packages you rely on by name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// Inserts `--no-install-recommends` right after `install`. Unsafe: the image then lacks
    /// the recommended packages, and something in it may have relied on one (`curl` recommends
    /// `ca-certificates`, without which it cannot check HTTPS certificates); name those
    /// packages in the install. Inside an `sh -c` string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub AptGetInstallRecommends {
        code: "DL3015",
        name: "apt-get-install-recommends",
        severity: Info,
        category: Size,
        summary: "`apt-get install` without `--no-install-recommends` also installs recommended packages",
        mirrors: "hadolint DL3015",
    }
}

impl Rule for AptGetInstallRecommends {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run, inv) in installs(cx.model(), &[Manager::AptGet]) {
            let Some(c) = run.command_of(inv) else {
                continue;
            };
            if has_flag(c, "no-install-recommends") || c.has_arg("APT::Install-Recommends=false")
            {
                continue;
            }
            let Some(action) = &inv.install else { continue };
            let fix = super::flag_fix::insert_after(cx, run, action, "--no-install-recommends", Applicability::Unsafe);
            let names: Vec<&str> = inv.packages.iter().map(|p| p.value.as_str()).collect();
            let what = if names.is_empty() {
                String::new()
            } else {
                format!(" with {}", list(&names))
            };
            cx.report(
                &Self::META,
                action.span,
                format!("`apt-get install`{what} also installs their recommended packages"),
            )
            .primary_label("no `--no-install-recommends`")
            .help("write `apt-get install --no-install-recommends …` and name the recommended packages you need")
            .fix_opt(fix);
        }
    }
}
