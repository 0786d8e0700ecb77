//! SC2164: `cd` whose failure is not checked
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `cd`, `pushd` and `popd` that are not checked: not followed by `&&` or `||`,
    /// not an `if` or `while` condition, in a RUN that does not `set -e`. `cd ..` and `cd /`
    /// are not flagged.
    ///
    /// ## Why is this bad?
    /// When the directory is missing, the commands after `cd dir;` run in the directory
    /// before: `cd /tmp/build; rm -rf *` then deletes something else.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN cd /tmp/build; make install
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN cd /tmp/build && make install
    /// ```
    ///
    /// ## Default
    /// Off: too few corpus findings (6) to judge its precision; DL3003 already points such
    /// RUNs at `WORKDIR`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2164. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub CdWithoutExit {
        code: "SC2164",
        name: "cd-without-exit",
        severity: Warning,
        category: Correctness,
        summary: "`cd` whose failure is not checked",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2164",
    }
}

/// `.`, `..`, `/`, `../..`: directories that exist.
fn safe_dir(s: &str) -> bool {
    let t = s.trim_start_matches('/');
    t.split('/').filter(|p| !p.is_empty()).all(|p| p == "." || p == "..")
}

impl Rule for CdWithoutExit {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            if sh.sets_errexit() {
                continue;
            }
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let Some(name) = c.simple.words.first().and_then(|w| w.literal()) else { continue };
                if !matches!(name, "cd" | "pushd" | "popd") {
                    continue;
                }
                if c.cx.place.checked() || c.cx.in_condition {
                    continue;
                }
                let args: Vec<Option<&str>> = c.simple.args().iter().map(|w| w.literal()).collect();
                if let [Some(a)] = args.as_slice() {
                    if safe_dir(a) {
                        continue;
                    }
                }
                if name != "cd" && args.iter().any(|a| a.is_some_and(|a| a.starts_with('-') && a.contains('n'))) {
                    continue;
                }
                found.push((c.command.span, name.to_string()));
            }
            for (r, name) in found {
                let shown = crate::model::shorten(sh.text(r), 40);
                cx.report(&Self::META, r, format!("if `{shown}` fails, the commands after it run in the wrong directory"))
                    .primary_label("unchecked")
                    .help(format!("write `{name} … && next-command` or `{name} … || exit 1` (or use `WORKDIR`)"));
            }
        }
    }
}
