//! DL3032: `yum install` without `yum clean all` after it.
use super::hadolint_support::posix_runs;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `yum install` and not, after it, `yum clean all` (or
    /// `rm -rf /var/cache/yum/*`).
    ///
    /// ## Why is this bad?
    /// yum keeps the downloaded packages and repository metadata under `/var/cache/yum`:
    /// often a hundred megabytes or more that stay in the layer. Cleaning in the same RUN
    /// keeps them out of the image; a later RUN cannot.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Appends ` && yum clean all` to the RUN, after its last command, when the RUN is a plain
    /// `&&` chain (no `;`, `||`, pipe, subshell, `if`, loop or heredoc). Safe: the same
    /// packages are installed, and a later install fetches the metadata again. No fix for any
    /// other RUN.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub YumCleanMissing {
        code: "DL3032",
        name: "yum-clean-missing",
        severity: Warning,
        category: Size,
        summary: "`yum install` without `yum clean all` in the same RUN",
        mirrors: "hadolint DL3032",
    }
}

impl Rule for YumCleanMissing {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            let Some(first) = run
                .commands
                .iter()
                .position(|c| c.name() == Some("yum") && c.has_arg("install"))
            else {
                continue;
            };
            let cleaned = run.commands[first + 1..].iter().any(|c| {
                (c.name() == Some("yum") && (c.has_arg("clean") || c.has_arg("all")))
                    || (c.name() == Some("rm") && c.has_arg("-rf") && c.has_arg("/var/cache/yum/*"))
            });
            if cleaned {
                continue;
            }
            let c = &run.commands[first];
            let fix = super::flag_fix::append_to_chain(cx, run, "yum clean all")
                .map(|e| Fix::safe("end the RUN with `&& yum clean all`", vec![e]));
            cx.report(
                &Self::META,
                c.span,
                "`yum install` leaves its package cache in the layer: no `yum clean all` after it",
            )
            .primary_label("cache filled here")
            .help("end the same RUN with `&& yum clean all`")
            .fix_opt(fix);
        }
    }
}
