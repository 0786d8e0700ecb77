//! SC2043: `for x in word` with one word that cannot expand to more.
use super::prelude::*;
use crate::model::shell::ast::{CommandKind, PartKind, Word};

declare_rule! {
    /// ## What it does
    /// Flags a `for` loop over exactly one word that no expansion, glob or brace list can
    /// turn into several: `for f in /usr/lib/*.so.1.2` is fine, `for v in 1.2.3` and
    /// `for f in "a b c"` are flagged.
    ///
    /// ## Why is this bad?
    /// A loop that runs once is usually a mistake: a list written in quotes, a forgotten `$`
    /// or `*`. When it is deliberate (a list generated with one entry), the loop is noise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN for pkg in "curl git"; do apt-get install -y "$pkg"; done
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN for pkg in curl git; do apt-get install -y "$pkg"; done
    /// ```
    ///
    /// ## Default
    /// Off: in Dockerfiles most one-word loops come from templates that generate the list
    /// and happen to have one entry; they run as meant.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2043 (a quoted expansion is ShellCheck's SC2066, a
    /// single-quoted word SC2041 and a comma list SC2042; none of them is flagged here).
    /// Stages of Windows images and PowerShell or cmd `SHELL`s are not checked.
    pub LoopRunsOnce {
        code: "SC2043",
        name: "loop-runs-once",
        severity: Warning,
        category: Correctness,
        summary: "`for` loop over a single word runs once",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2043",
    }
}

/// Whether the word may become several words or other text: an expansion anywhere, or an
/// unquoted glob character or brace list.
fn may_split(w: &Word) -> bool {
    let mut split = false;
    w.each_part(&mut |p| match &p.kind {
        PartKind::Param(_)
        | PartKind::CommandSubst { .. }
        | PartKind::Arith(_)
        | PartKind::ProcessSubst { .. } => split = true,
        PartKind::Glob(_) | PartKind::Brace(_) if !p.quoted => split = true,
        PartKind::Literal(t) if !p.quoted && t.contains(['*', '?', '[']) => split = true,
        _ => {}
    });
    split
}

/// Only unquoted text: literals, escapes, globs, braces, a tilde.
fn unquoted_text(w: &Word) -> bool {
    w.parts.iter().all(|p| {
        !p.quoted
            && matches!(
                p.kind,
                PartKind::Literal(_)
                    | PartKind::Escaped(_)
                    | PartKind::Glob(_)
                    | PartKind::Brace(_)
                    | PartKind::Tilde(_)
            )
    })
}

impl Rule for LoopRunsOnce {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for &(c, _) in &sh.nodes().commands {
                let CommandKind::For(f) = &c.kind else { continue };
                let Some([w]) = f.words.as_deref() else { continue };
                if matches!(w.parts.as_slice(), [p] if matches!(p.kind, PartKind::SingleQuoted(_))) {
                    continue;
                }
                if unquoted_text(w) && sh.text(w.span).contains(',') {
                    continue;
                }
                if !may_split(w) {
                    found.push((w.span, f.var.clone()));
                }
            }
            for (r, var) in found {
                let shown = crate::model::shorten(sh.text(r), 40);
                cx.report(&Self::META, r, format!("`for {var} in {shown}` runs once: {shown} is a single word"))
                    .primary_label("one word")
                    .help("list the items unquoted and separated by spaces (`for x in a b c`), or drop the loop");
            }
        }
    }
}
