//! DL4005: replacing `/bin/sh` with `ln` instead of using SHELL.
use super::hadolint_support::{commands_with, posix_runs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ln` whose arguments include `/bin/sh` (`ln -sf /bin/bash /bin/sh`).
    ///
    /// ## Why is this bad?
    /// Relinking `/bin/sh` changes the shell of every script in the image, including the
    /// distribution's own maintainer scripts written for dash or busybox sh. The `SHELL`
    /// instruction changes the shell of the Dockerfile's RUNs only.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub LnBinSh {
        code: "DL4005",
        name: "ln-bin-sh",
        severity: Warning,
        category: Correctness,
        summary: "a RUN relinks `/bin/sh` instead of using SHELL",
        mirrors: "hadolint DL4005",
    }
}

impl Rule for LnBinSh {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for (_, c) in commands_with(run, &["ln"], &["/bin/sh"]) {
                let target = c.operands().next().map_or("a shell".to_string(), |w| format!("`{}`", w.value));
                cx.report(&Self::META, c.span, format!("`ln` makes /bin/sh {target} for every script in the image"))
                    .primary_label("relinks /bin/sh")
                    .help("remove the `ln` and write `SHELL [\"/bin/bash\", \"-c\"]` before the RUNs that need bash");
            }
        }
    }
}
