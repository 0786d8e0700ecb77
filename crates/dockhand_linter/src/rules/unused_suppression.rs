//! DH007: a suppression comment that suppressed nothing. The check itself runs in
//! `suppress.rs`, after every rule, since only there is it known what was suppressed.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `# dockhand ignore=…`, `ignore-stage=…` or `ignore-file=…` comment that
    /// suppressed no finding, or that names a code no rule has.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding of that rule on that line, and an
    /// unknown code is usually a typo that suppresses nothing at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # dockhand ignore=DH401 -- pinned by our mirror
    /// RUN echo hi
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// ```
    ///
    /// ## Fix
    /// Deletes the comment line when none of its codes suppresses anything (also a comment that
    /// applies to nothing), else only the stale code with its comma; the reason stays. Safe.
    /// Removing an unknown code is unsafe (it may be a newer dockhand's). No fix when the comment
    /// shares its line, or sits above the first instruction right before another comment
    /// (deleting it could turn that comment into a parser directive).
    pub UnusedSuppression {
        code: "DH007",
        name: "unused-suppression",
        severity: Warning,
        category: Suppression,
        summary: "a suppression comment that suppressed nothing or names an unknown code",
    }
}

impl Rule for UnusedSuppression {
    fn check(&self, _cx: &mut Context<'_>) {
        // Reported by `suppress::apply`, which alone knows what each suppression matched.
    }
}
