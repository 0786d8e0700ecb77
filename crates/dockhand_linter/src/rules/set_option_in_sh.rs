//! SC3040: `set -o` with an option POSIX sh does not have
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `set -o NAME` (and `set +o NAME`) in a RUN that POSIX `sh` runs when NAME is not
    /// one of the options POSIX defines (`allexport`, `errexit`, `ignoreeof`, `monitor`,
    /// `noclobber`, `noexec`, `noglob`, `nolog`, `notify`, `nounset`, `verbose`, `vi`,
    /// `xtrace`). `pipefail` is flagged too: POSIX added it only in 2024, and the dash of
    /// Debian bookworm and Ubuntu 24.04 stops at `set -o pipefail`; not where the shell is
    /// busybox ash (Alpine's `/bin/sh`), which has it.
    ///
    /// ## Why is this bad?
    /// A shell that does not know the option stops with an error (`set: Illegal option -o
    /// errtrace`) and the RUN fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN set -o errtrace; echo ok
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// SHELL ["/bin/bash", "-c"]
    /// RUN set -o errtrace; echo ok
    /// ```
    ///
    /// ## Default
    /// Off: too few corpus findings (2) to judge its precision, and busybox ash (Alpine) and
    /// bash (RHEL-family `/bin/sh`) know `pipefail`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck 0.11's SC3040 for `#!/bin/sh` (later ShellCheck versions
    /// accept `pipefail`). ShellCheck does not check `set` options under `#!/bin/dash` or
    /// `#!/bin/busybox sh`; dockhand does, since dash before Debian 13 has no `pipefail` and
    /// neither shell has `errtrace`. Stages of Windows images and
    /// PowerShell or cmd `SHELL`s are not checked.
    pub SetOptionInSh {
        code: "SC3040",
        name: "set-option-in-sh",
        severity: Warning,
        category: Portability,
        summary: "`set -o` with an option POSIX sh does not have",
        enabled_by_default: false,
        mirrors: "ShellCheck SC3040",
    }
}

const POSIX_OPTIONS: &[&str] = &[
    "allexport", "errexit", "ignoreeof", "monitor", "noclobber", "noexec", "noglob", "nolog", "notify", "nounset",
    "verbose", "vi", "xtrace",
];

impl Rule for SetOptionInSh {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            if !sh.posix_sh {
                continue;
            }
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                if c.words.first().and_then(|w| w.literal()) != Some("set") {
                    continue;
                }
                let words: Vec<(Option<&str>, &crate::model::shell::ast::Word)> =
                    c.words[1..].iter().map(|w| (w.literal(), w)).collect();
                for pair in words.windows(2) {
                    let (Some(flag), _) = pair[0] else { break };
                    let (Some(opt), w) = pair[1] else { break };
                    let is_o = (flag.starts_with('-') || flag.starts_with('+'))
                        && flag.len() > 1
                        && flag.ends_with('o')
                        && flag[1..].chars().all(|ch| "abCefhmnuvxo".contains(ch));
                    // busybox ash has `pipefail` (as `Dialect::has_pipefail` says)
                    let ash_pipefail = sh.dialect == crate::model::shell::Dialect::Ash && opt == "pipefail";
                    if is_o && !POSIX_OPTIONS.contains(&opt) && !ash_pipefail {
                        found.push((w.span, opt.to_string()));
                    }
                }
            }
            for (r, opt) in found {
                cx.report(&Self::META, r, format!("POSIX sh has no option `{opt}`: dash stops with `set: Illegal option -o {opt}`"))
                    .primary_label("not a POSIX option")
                    .help("set `SHELL [\"/bin/bash\", \"-c\"]` before this RUN, or drop the option");
            }
        }
    }
}
