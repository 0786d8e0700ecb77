//! SC2035: an argument starting with `*` may expand to a name that starts with `-`.
use super::prelude::*;
use crate::model::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Flags an argument that starts with an unquoted `*` or `?` glob (`rm *.log`, `tar czf
    /// out.tgz *`), before any `--`, for every command but `echo` and `printf`.
    ///
    /// ## Why is this bad?
    /// The glob expands to file names, and a file named `-rf` or `--version` becomes an
    /// option of the command. `./*` keeps every name a path.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// WORKDIR /tmp/build
    /// RUN rm -f *.o
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// WORKDIR /tmp/build
    /// RUN rm -f ./*.o
    /// ```
    ///
    /// ## Default
    /// Off: the directories an image build globs are its own, with no names starting with `-`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2035. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub GlobTakenAsOption {
        code: "SC2035",
        name: "glob-taken-as-option",
        severity: Info,
        category: Correctness,
        summary: "a glob starting an argument can expand to an option",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2035",
    }
}

impl Rule for GlobTakenAsOption {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                let Some(first) = c.words.first() else { continue };
                let base = first.literal().map(crate::model::paths::file_name);
                if matches!(base, Some("echo" | "printf")) {
                    continue;
                }
                for w in &c.words[1..] {
                    if matches!(w.literal(), Some("--" | ":::" | "::::")) {
                        break;
                    }
                    let starts_glob = w.parts.first().is_some_and(|p| {
                        !p.quoted
                            && match &p.kind {
                                PartKind::Glob(t) | PartKind::Literal(t) => t.starts_with(['*', '?']),
                                _ => false,
                            }
                    });
                    if starts_glob {
                        found.push(w.span);
                    }
                }
            }
            for r in found {
                let shown = sh.text(r).to_string();
                cx.report(&Self::META, r, format!("`{shown}` can expand to a file name starting with `-`, read as an option"))
                    .primary_label("glob at the start")
                    .help(format!("write `./{shown}`, or put `--` before it"));
            }
        }
    }
}
