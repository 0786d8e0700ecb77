//! SC2046: an unquoted `$( … )` is split into words and globbed.
use super::prelude::*;
use crate::model::shell::ast::{CommandKind, PartKind, Word};

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
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            let mut check_word = |w: &Word| {
                // top-level parts only: double quotes keep a substitution whole
                for p in &w.parts {
                    let PartKind::CommandSubst { script, .. } = &p.kind else { continue };
                    if script.items.is_empty() {
                        continue;
                    }
                    let first = crate::model::shell::simple_commands(script, &sh.cx());
                    let first = first.first().and_then(|c| c.simple.words.first()).and_then(|w| w.literal());
                    if matches!(first, Some("seq" | "pgrep")) {
                        continue;
                    }
                    found.push(p.span);
                }
            };
            for &(c, _) in &sh.nodes().commands {
                let CommandKind::Simple(s) = &c.kind else { continue };
                // arguments of a declaration utility are assignments (not split) in bash, not in sh
                let declarer = matches!(
                    s.words.first().and_then(|w| w.literal()),
                    Some("export" | "declare" | "local" | "readonly" | "typeset")
                );
                for (i, w) in s.words.iter().enumerate() {
                    if i == 0 && w.is_single_expansion() {
                        continue;
                    }
                    if i > 0 && declarer && !sh.posix_sh && w.assignment_like() {
                        continue;
                    }
                    check_word(w);
                }
                for r in &c.redirects {
                    if let crate::model::shell::ast::RedirTarget::Word(w) = &r.target {
                        check_word(w);
                    }
                }
            }
            for r in found {
                let shown = crate::model::shorten(sh.text(r), 40);
                cx.report(&Self::META, r, format!("the output of `{shown}` is split at spaces and globbed"))
                    .primary_label("unquoted")
                    .help(format!("quote it: `\"{shown}\"`; if you want one argument per word, loop over it or use `xargs`"));
            }
        }
    }
}
