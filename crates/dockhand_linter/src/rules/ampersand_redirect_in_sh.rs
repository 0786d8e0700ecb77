//! SC3020: `&>` is not POSIX sh
use super::prelude::*;
use crate::model::shell::ast::RedirOp;

declare_rule! {
    /// ## What it does
    /// Flags the `&>` and `&>>` redirections in a RUN that POSIX `sh` runs.
    ///
    /// ## Why is this bad?
    /// In POSIX sh `cmd &> file` means `cmd &` (run in the background) then `> file` (empty
    /// the file): dash starts the command in the background and the build goes on without
    /// waiting for it or seeing its status.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN apt-get update &> /dev/null
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN apt-get update > /dev/null 2>&1
    /// ```
    ///
    /// ## Default
    /// Off: too few corpus findings (4) to judge its precision; whether it breaks depends on
    /// the base image's `/bin/sh`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3020 for `#!/bin/sh`; like ShellCheck, not flagged under busybox ash, which has it. Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
    pub AmpersandRedirectInSh {
        code: "SC3020",
        name: "ampersand-redirect-in-sh",
        severity: Warning,
        category: Portability,
        summary: "`&>` is not POSIX sh",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3020",
    }
}

impl Rule for AmpersandRedirectInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            // busybox ash has it
            if !sh.posix_sh || sh.dialect == crate::model::shell::Dialect::Ash {
                continue;
            }
            let mut found = Vec::new();
            for &r in &sh.nodes().redirects {
                let len = match r.op {
                    RedirOp::OutErr => 2,
                    RedirOp::AppendOutErr => 3,
                    _ => continue,
                };
                found.push(Span::new(r.span.start, (r.span.start + len).min(r.span.end)));
            }
            for r in found {
                let op = sh.text(r).to_string();
                cx.report(&Self::META, r, format!("`{op}` is bash: POSIX sh runs the command in the background and then truncates the file"))
                    .primary_label("bash redirection")
                    .help("write `> file 2>&1` (or `>> file 2>&1`)");
            }
        }
    }
}
