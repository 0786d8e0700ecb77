//! SC3036: an `echo` flag that dash or busybox ash does not take.
use super::echo_flags_in_sh::echo_flags;
use super::prelude::*;
use crate::model::shell::Dialect;

declare_rule! {
    /// ## What it does
    /// Flags `echo` whose first argument is a flag the shell's `echo` does not take, in a RUN
    /// that dash or busybox ash runs (the image's `/bin/sh` from the image table, or a
    /// `SHELL` naming one): under dash every flag but `-n`; under busybox ash a flag word with
    /// `-s` (busybox's `echo` takes `-n`, `-e` and `-E`). Where the kind of `sh` is not known, SC3037
    /// (`echo-flags-in-sh`) checks every flag.
    ///
    /// ## Why is this bad?
    /// dash's `echo` knows only `-n` and prints any other flag as text: on Debian or Ubuntu,
    /// `echo -e "a\tb"` writes `-e a	b` (dash expands the `\t` anyway). `printf` does the
    /// same job in every shell.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN echo -e "[global]\nindex-url = https://example.com" > /etc/pip.conf
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN printf '[global]\nindex-url = https://example.com\n' > /etc/pip.conf
    /// ```
    ///
    /// ## Default
    /// Off: 3 corpus findings, too few to judge its precision.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3036 for `#!/bin/dash` and `#!/bin/busybox sh`, which
    /// dockhand uses where the image table names the image's `/bin/sh`. `/bin/echo` counts as
    /// `echo`, as in ShellCheck, though on Debian it is GNU echo, which takes `-e`. ShellCheck
    /// 0.11 also flags `-E` under busybox, whose `echo` takes it (BusyBox `echo.c`: `[-neE]`).
    /// Stages of Windows images and PowerShell or cmd `SHELL`s are not checked.
    pub EchoFlagsInDash {
        code: "SC3036",
        name: "echo-flags-in-dash",
        severity: Warning,
        category: Portability,
        summary: "`echo` flag that dash (or busybox) does not take",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3036",
    }
}

impl Rule for EchoFlagsInDash {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let (shell, supported): (&str, fn(&str) -> bool) = match sh.dialect {
                Dialect::Dash => ("dash", |t| t == "-n"),
                Dialect::Ash => ("busybox", |t| t[1..].chars().all(|ch| matches!(ch, 'e' | 'E' | 'n'))),
                _ => continue,
            };
            for (r, flag) in echo_flags(sh, supported) {
                cx.report(&Self::META, r, format!("{shell}'s `echo` has no `{flag}`: it prints `{flag}` as text"))
                    .primary_label("echo flag")
                    .help("use `printf` (`printf '%s\\n' …`, or `printf '%s' …` for `-n`), or set `SHELL [\"/bin/bash\", \"-c\"]`");
            }
        }
    }
}
