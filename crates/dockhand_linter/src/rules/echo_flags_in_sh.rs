//! SC3037: `echo -n` / `echo -e` in POSIX sh.
use super::prelude::*;
use crate::model::shell::Dialect;

declare_rule! {
    /// ## What it does
    /// Flags `echo` whose first argument is a flag (`-n`, `-e`, `-E`, `-s` or a mix) in a
    /// RUN that a POSIX `sh` of unknown kind runs: an image whose `/bin/sh` the image table
    /// does not know, or `SHELL ["/bin/sh", "-c"]` on one. Where the shell is known to be dash
    /// or busybox ash, SC3036 (`echo-flags-in-dash`) checks the flags that shell lacks; bash,
    /// zsh and ksh take them all.
    ///
    /// ## Why is this bad?
    /// POSIX leaves echo's flags undefined: dash (Debian's and Ubuntu's `/bin/sh`) prints
    /// `-e` as text, so `echo -e "a\tb"` writes `-e a	b`; bash takes it as a flag. On an
    /// image whose shell is not known either may run. `printf` does the same job in every
    /// shell.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM example.com/base:1
    /// RUN echo -e "[global]\nindex-url = https://example.com" > /etc/pip.conf
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM example.com/base:1
    /// RUN printf '[global]\nindex-url = https://example.com\n' > /etc/pip.conf
    /// ```
    ///
    /// ## Default
    /// Off: knowing each image's `/bin/sh` leaves 1 corpus finding (ShellCheck, told `#!/bin/sh`,
    /// has 49; the others run under bash or busybox, which take the flag, or under dash, where
    /// SC3036 has them); too few to judge.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3037 for `#!/bin/sh`; as in ShellCheck, a known dash or
    /// busybox ash is SC3036's. Stages of Windows images and PowerShell or cmd `SHELL`s are not
    /// checked.
    pub EchoFlagsInSh {
        code: "SC3037",
        name: "echo-flags-in-sh",
        severity: Warning,
        category: Portability,
        summary: "`echo -n`/`-e` is undefined in POSIX sh",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3037",
    }
}

impl Rule for EchoFlagsInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            if !sh.posix_sh || sh.dialect != Dialect::Sh {
                continue;
            }
            for (r, flag) in echo_flags(sh, |_| false) {
                cx.report(&Self::META, r, format!("`echo {flag}` is not defined in POSIX sh: dash prints `{flag}` as text"))
                    .primary_label("echo flag")
                    .help("use `printf` (`printf '%s\\n' …`, or `printf '%s' …` for `-n`), or set `SHELL [\"/bin/bash\", \"-c\"]`");
            }
        }
    }
}

/// The flag words of `echo` commands in `sh` (a first argument of `-` and only `e`, `E`, `s`,
/// `n`) that `supported` does not accept, with their spans; shared with SC3036.
pub(super) fn echo_flags(
    sh: &crate::model::run_scripts::ShRun<'_>,
    supported: impl Fn(&str) -> bool,
) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    for c in sh.simple_commands() {
        let c = c.simple;
        if c.words.first().and_then(|w| w.literal()).map(crate::model::paths::file_name) != Some("echo") {
            continue;
        }
        let Some(arg) = c.words.get(1) else { continue };
        let Some(t) = arg.literal() else { continue };
        let is_flag = t.len() > 1 && t.starts_with('-') && t.get(1..).unwrap_or("").chars().all(|ch| matches!(ch, 'e' | 'E' | 's' | 'n'));
        if is_flag && !supported(t) {
            found.push((arg.span, t.to_string()));
        }
    }
    found
}
