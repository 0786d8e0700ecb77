//! SC3060: `${var/a/b}` is not POSIX sh
use super::prelude::*;
use crate::model::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Flags `${var/pattern/replacement}` (and `//`, `/#`, `/%`) in a RUN that POSIX `sh`
    /// runs.
    ///
    /// ## Why is this bad?
    /// Replacement in a parameter expansion is a bash feature; dash stops with `Bad
    /// substitution` and the RUN fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG VERSION=1.2.3
    /// RUN echo "${VERSION//./_}" > /version
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG VERSION=1.2.3
    /// RUN echo "$VERSION" | tr . _ > /version
    /// ```
    ///
    /// ## Default
    /// Off: too few corpus findings (4) to judge its precision; busybox sh (Alpine) and bash
    /// (RHEL-family `/bin/sh`) support it.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3060 for `#!/bin/sh`; like ShellCheck, not flagged under busybox ash, which has it. Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
    pub StringReplacementInSh {
        code: "SC3060",
        name: "string-replacement-in-sh",
        severity: Warning,
        category: Portability,
        summary: "`${var/a/b}` is not POSIX sh",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3060",
    }
}

impl Rule for StringReplacementInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            // busybox ash has it
            if !sh.posix_sh || sh.dialect == crate::model::shell::Dialect::Ash {
                continue;
            }
            let mut found = Vec::new();
            for &w in &sh.nodes().words {
                w.each_part(&mut |p| {
                    let PartKind::Param(pm) = &p.kind else { return };
                    if !pm.braced || pm.length || pm.indirect || pm.name.is_empty() {
                        return;
                    }
                    if pm.op.as_deref().is_some_and(|op| op.starts_with('/')) {
                        found.push(p.span);
                    }
                });
            }
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                let shown = sh.text(r).to_string();
                cx.report(&Self::META, r, format!("`{shown}` is bash: dash stops with `Bad substitution`"))
                    .primary_label("string replacement")
                    .help("use `sed` or `tr` on the value, or set `SHELL [\"/bin/bash\", \"-c\"]` before this RUN");
            }
        }
    }
}
