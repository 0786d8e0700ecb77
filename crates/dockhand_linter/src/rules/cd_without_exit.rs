//! SC2164: `cd` whose failure is not checked
use super::prelude::*;
#[allow(unused_imports)]
use super::sc_support::{all_words, commands, each_part, has_set_e, Conn, Item, Part};

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
        for sh in cx.sh_scripts() {
            if has_set_e(sh.script(), sh.src) {
                continue;
            }
            let mut found = Vec::new();
            for c in commands(sh.script()) {
                let Some(name) = c.name(sh.src) else { continue };
                if !matches!(name.as_str(), "cd" | "pushd" | "popd") {
                    continue;
                }
                if matches!(c.after, Conn::And | Conn::Or) || c.in_condition {
                    continue;
                }
                let args: Vec<Option<String>> = c.words[1..].iter().map(|w| w.literal(sh.src)).collect();
                if let [Some(a)] = args.as_slice() {
                    if safe_dir(a) {
                        continue;
                    }
                }
                if name != "cd" && args.iter().any(|a| a.as_deref().is_some_and(|a| a.starts_with('-') && a.contains('n'))) {
                    continue;
                }
                found.push((c.range.clone(), name));
            }
            for (r, name) in found {
                let shown = crate::model::shorten(sh.text(&r), 40);
                cx.report(&Self::META, sh.span(&r), format!("if `{shown}` fails, the commands after it run in the wrong directory"))
                    .primary_label("unchecked")
                    .help(format!("write `{name} … && next-command` or `{name} … || exit 1` (or use `WORKDIR`)"));
            }
        }
    }
}
