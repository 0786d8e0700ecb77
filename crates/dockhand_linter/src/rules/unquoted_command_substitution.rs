//! SC2046: an unquoted `$( … )` is split into words and globbed.
use super::prelude::*;
use super::sc_support::{visit, Item, Part};

declare_rule! {
    /// ## What it does
    /// Flags a command substitution (`$( … )` or backticks) used unquoted as an argument or
    /// redirection target, where the shell splits its output at spaces and expands `*`, `?`
    /// and `[` in it.
    ///
    /// ## Why is this bad?
    /// `cp $(find . -name '*.jar') /app` breaks on the first file name with a space, and a
    /// name with `*` in it expands to other files. Quoted, the output is one argument.
    /// Where splitting is what you want (a list of packages), say so with a loop, an array or
    /// `xargs`, or ignore the finding on that line.
    ///
    /// Not flagged, as in ShellCheck: assignments, `[[ ]]`, `case`, `for … in $( … )`, a
    /// substitution that is the command name, and `$(seq …)` / `$(pgrep …)`, whose output is
    /// meant to be split.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN touch "$(date +%F).log" && rm -f $(ls /tmp)
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN touch "$(date +%F).log" && find /tmp -mindepth 1 -delete
    /// ```
    ///
    /// ## Default
    /// Off: in Dockerfiles most unquoted substitutions split on purpose (`apk add $(cat
    /// packages.txt)`, `make -j$(nproc)`), so the finding is right about the shell but rarely
    /// worth acting on. Select it with `--select SC2046`.
    ///
    /// ## Differences from ShellCheck
    /// Same conditions as ShellCheck's SC2046. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub UnquotedCommandSubstitution {
        code: "SC2046",
        name: "unquoted-command-substitution",
        severity: Warning,
        category: Correctness,
        summary: "unquoted `$( … )` is split into words and globbed",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2046",
    }
}

impl Rule for UnquotedCommandSubstitution {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_scripts() {
            let mut found = Vec::new();
            visit(sh.script(), sh.src, sh.posix_sh, false, &mut |_| {}, &mut |site| {
                let Part::Subst(s) = site.part else { return };
                let text = sh.text(&s.range);
                if !(text.starts_with('$') || text.starts_with('`')) {
                    return; // `<( )`
                }
                if site.quote_free || site.command_name || s.script.items.is_empty() {
                    return;
                }
                let first = s.script.items.iter().find_map(|i| match i {
                    Item::Cmd(c) => Some(c.name(sh.src)),
                    _ => None,
                });
                if matches!(first.flatten().as_deref(), Some("seq" | "pgrep")) {
                    return;
                }
                found.push(s.range.clone());
            });
            for r in found {
                let shown = crate::model::shorten(sh.text(&r), 40);
                cx.report(&Self::META, sh.span(&r), format!("the output of `{shown}` is split at spaces and globbed"))
                    .primary_label("unquoted")
                    .help(format!("quote it: `\"{shown}\"`; if you want one argument per word, loop over it or use `xargs`"));
            }
        }
    }
}
