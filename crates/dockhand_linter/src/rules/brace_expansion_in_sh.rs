//! SC3009: `{a,b}` is not expanded by POSIX sh.
use super::prelude::*;
use crate::model::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Flags a brace expansion (`{a,b}`, `{1..3}`) in a RUN that a POSIX `sh` runs (dash,
    /// busybox ash, or an unknown image's `/bin/sh`; not a `SHELL` or image `/bin/sh` that is
    /// bash, zsh or ksh).
    ///
    /// ## Why is this bad?
    /// Brace expansion is a bash feature: dash (Debian's and Ubuntu's `/bin/sh`) and busybox
    /// (Alpine's) leave the braces as they are, so `mkdir -p /app/{logs,data}` makes one
    /// directory named `{logs,data}`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN mkdir -p /app/{logs,data}
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN mkdir -p /app/logs /app/data
    /// ```
    ///
    /// ## Default
    /// Off: all 15 corpus findings of ShellCheck's check are in CentOS images, whose `/bin/sh`
    /// is bash, where the braces do expand. The shell layer knows that for the CentOS lines of
    /// the image table (5 of them are not flagged), not for the older ones (10 still are). On
    /// Debian, Ubuntu and Alpine the braces stay literal and the finding is a real bug.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3009 for `#!/bin/sh`. Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
    pub BraceExpansionInSh {
        code: "SC3009",
        name: "brace-expansion-in-sh",
        severity: Warning,
        category: Portability,
        summary: "brace expansion `{a,b}` is not done by POSIX sh",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3009",
    }
}

impl Rule for BraceExpansionInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            if !sh.posix_sh {
                continue;
            }
            let mut found = Vec::new();
            for &w in &sh.nodes().words {
                w.each_part(&mut |p| {
                    if matches!(p.kind, PartKind::Brace(_)) && !p.quoted {
                        found.push(p.span);
                    }
                });
            }
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                let shown = sh.text(r).to_string();
                cx.report(&Self::META, r, format!("POSIX sh does not expand `{shown}`: the braces stay in the word"))
                    .primary_label("brace expansion")
                    .help("write the words out (`a b` for `{a,b}`), or set `SHELL [\"/bin/bash\", \"-c\"]` before this RUN");
            }
        }
    }
}
