//! SC2174: `mkdir -p -m` sets the mode of the last directory only
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `mkdir -p -m MODE` (or `--parents`, `--mode`) with a path that has more than one
    /// directory to create.
    ///
    /// ## Why is this bad?
    /// `-m` applies to the deepest directory only; the parents `-p` creates get the default
    /// mode (from the umask), which is often not what `-m 700` meant to protect.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN mkdir -p -m 700 /home/app/.ssh/keys
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN mkdir -p /home/app/.ssh/keys && chmod 700 /home/app/.ssh /home/app/.ssh/keys
    /// ```
    ///
    /// ## Default
    /// Off: too few corpus findings (7) to judge its precision; the parents usually exist.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2174. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub MkdirParentsMode {
        code: "SC2174",
        name: "mkdir-parents-mode",
        severity: Warning,
        category: Correctness,
        summary: "`mkdir -p -m` sets the mode of the last directory only",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2174",
    }
}

/// `../x` and `./x` create one directory; anything else with a `/` may create several.
fn may_have_parents(s: &str) -> bool {
    if !s.contains('/') {
        return false;
    }
    let mut rest = s;
    while let Some(r) = rest.strip_prefix("../").or_else(|| rest.strip_prefix("./")) {
        rest = r;
    }
    rest.len() == s.len() || rest.is_empty() || rest.contains('/')
}

impl Rule for MkdirParentsMode {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                let Some(name) = c.words.first().and_then(|w| w.literal()) else { continue };
                if crate::model::paths::file_name(name) != "mkdir" {
                    continue;
                }
                let mut p = false;
                let mut m = None;
                for w in &c.words[1..] {
                    let Some(t) = w.literal() else { continue };
                    if t == "--" {
                        break;
                    }
                    if let Some(long) = t.strip_prefix("--") {
                        let n = long.split('=').next().unwrap_or("");
                        p |= n == "parents";
                        if n == "mode" && m.is_none() {
                            m = Some(w.span);
                        }
                    } else if let Some(short) = t.strip_prefix('-') {
                        p |= short.contains('p');
                        if short.contains('m') && m.is_none() {
                            m = Some(w.span);
                        }
                    }
                }
                let Some(m) = m else { continue };
                if !p {
                    continue;
                }
                let deep = c.words.iter().skip(2).any(|w| w.literal().is_none_or(may_have_parents));
                if deep {
                    found.push(m);
                }
            }
            for r in found {
                cx.report(&Self::META, r, "with `-p`, `-m` sets the mode of the deepest directory only")
                    .primary_label("mode of the last directory")
                    .help("create the directories, then `chmod` each one that needs the mode");
            }
        }
    }
}
