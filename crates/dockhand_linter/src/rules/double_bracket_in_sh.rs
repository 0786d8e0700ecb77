//! SC3010: `[[ ]]` is not POSIX sh
use super::prelude::*;
use crate::model::shell::ast::CommandKind;

declare_rule! {
    /// ## What it does
    /// Flags `[[ … ]]` in a RUN that POSIX `sh` runs (not one whose `SHELL` or image `/bin/sh` is bash, zsh or ksh).
    ///
    /// ## Why is this bad?
    /// `[[` is a bash and ksh keyword. dash (Debian's and Ubuntu's `/bin/sh`) reports
    /// `[[: not found` and the test is taken as false, so the RUN takes the wrong branch or
    /// fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN if [[ -f /etc/debian_version ]]; then echo debian; fi
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN if [ -f /etc/debian_version ]; then echo debian; fi
    /// ```
    ///
    /// ## Default
    /// Off: whether it breaks depends on the base image's `/bin/sh` (bash on RHEL-family
    /// images, where it works); too few corpus findings (2) to judge its precision.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3010 for `#!/bin/sh`; like ShellCheck, not flagged under busybox ash, which has it. Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
    pub DoubleBracketInSh {
        code: "SC3010",
        name: "double-bracket-in-sh",
        severity: Warning,
        category: Portability,
        summary: "`[[ ]]` is not POSIX sh",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3010",
    }
}

impl Rule for DoubleBracketInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            // busybox ash has it
            if !sh.posix_sh || sh.dialect == crate::model::shell::Dialect::Ash {
                continue;
            }
            let mut found = Vec::new();
            for &(c, _) in &sh.nodes().commands {
                if let CommandKind::Cond(ws) = &c.kind {
                    if let (Some(a), Some(b)) = (ws.first(), ws.last()) {
                        found.push(Span::new(a.span.start, b.span.end));
                    }
                }
            }
            for r in found {
                cx.report(&Self::META, r, "`[[ … ]]` is a bash keyword: POSIX sh (dash) does not know it")
                    .primary_label("bash test")
                    .help("use `[ … ]` (quote the variables in it), or set `SHELL [\"/bin/bash\", \"-c\"]` before this RUN");
            }
        }
    }
}
