//! SC2006: `` `cmd` `` instead of `$(cmd)`.
use super::prelude::*;
use crate::model::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Flags command substitutions written with backticks (`` `cmd` ``).
    ///
    /// ## Why is this bad?
    /// Backticks do not nest without escaping, treat backslashes inside them differently from
    /// `$( … )`, and are easy to misread as quotes. `$( … )` does the same and has none of
    /// those traps.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN echo "built on `uname -m`" > /build-info
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN echo "built on $(uname -m)" > /build-info
    /// ```
    ///
    /// ## Default
    /// Off: a style finding; backticks that work keep working.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2006. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub LegacyBackticks {
        code: "SC2006",
        name: "legacy-backticks",
        severity: Style,
        category: Style,
        summary: "backticks `` `cmd` `` instead of `$(cmd)`",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2006",
    }
}

impl Rule for LegacyBackticks {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for &w in &sh.nodes().words {
                w.each_part(&mut |p| {
                    if let PartKind::CommandSubst {
                        script,
                        backtick: true,
                    } = &p.kind
                    {
                        if !script.items.is_empty() {
                            found.push(p.span);
                        }
                    }
                });
            }
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                let inner = sh.text(r);
                let body = inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
                let shown = crate::model::shorten(body, 40);
                cx.report(&Self::META, r, format!("`` `{shown}` `` uses backticks"))
                    .primary_label("legacy command substitution")
                    .help(format!("write `$({shown})`"));
            }
        }
    }
}
