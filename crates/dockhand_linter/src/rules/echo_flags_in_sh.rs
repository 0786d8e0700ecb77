//! SC3037: `echo -n` / `echo -e` in POSIX sh.
use super::prelude::*;
use super::sc_support::{commands};

declare_rule! {
    /// ## What it does
    /// Flags `echo` whose first argument is a flag (`-n`, `-e`, `-E`, `-s` or a mix) in a
    /// RUN that a POSIX `sh` runs (not one whose `SHELL` or image `/bin/sh` is bash, zsh or
    /// ksh). Under dash `-n` is not flagged; under busybox ash `-n` and `-e` are not.
    ///
    /// ## Why is this bad?
    /// POSIX leaves echo's flags undefined: dash (Debian's and Ubuntu's `/bin/sh`) prints
    /// `-e` as text, so `echo -e "a\tb"` writes `-e a	b`; bash takes it as a flag.
    /// `printf` does the same job in every shell.
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
    /// Off: knowing each image's `/bin/sh` leaves 4 corpus findings (ShellCheck, told `#!/bin/sh`,
    /// has 49; the other 45 run under bash, busybox or dash, which take the flag); too few to
    /// judge, and images the table does not know are read as plain sh.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC3037 for `#!/bin/sh`. Where the shell layer knows the
    /// shell is dash, `echo -n` is not flagged, and with busybox ash neither are `-n` and `-e`
    /// (ShellCheck reports the rest of those as SC3036). Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
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
        for sh in cx.sh_scripts() {
            if !sh.posix_sh {
                continue;
            }
            let mut found = Vec::new();
            for c in commands(sh.script()) {
                if c.name(sh.src).as_deref().map(|n| n.rsplit('/').next().unwrap_or(n)) != Some("echo") {
                    continue;
                }
                let Some(arg) = c.words.get(1) else { continue };
                let Some(t) = arg.literal(sh.src) else { continue };
                let is_flag = t.len() > 1 && t.starts_with('-') && t.get(1..).unwrap_or("").chars().all(|ch| matches!(ch, 'e' | 'E' | 's' | 'n'));
                // dash's echo takes `-n`; busybox's takes `-n` and `-e`
                let supported = match sh.dialect {
                    crate::model::shell::Dialect::Dash => t == "-n",
                    crate::model::shell::Dialect::Ash => t.get(1..).unwrap_or("").chars().all(|ch| matches!(ch, 'e' | 'n')),
                    _ => false,
                };
                if is_flag && !supported {
                    found.push((arg.range.clone(), t));
                }
            }
            for (r, flag) in found {
                cx.report(&Self::META, sh.span(&r), format!("`echo {flag}` is not defined in POSIX sh: dash prints `{flag}` as text"))
                    .primary_label("echo flag")
                    .help("use `printf` (`printf '%s\\n' …`, or `printf '%s' …` for `-n`), or set `SHELL [\"/bin/bash\", \"-c\"]`");
            }
        }
    }
}
