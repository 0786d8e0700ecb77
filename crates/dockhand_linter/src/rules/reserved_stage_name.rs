//! DH008: a stage named `scratch` or `context`.
use super::prelude::*;

/// Stage names BuildKit reserves: `scratch` is the empty image and `context` the build context.
const RESERVED: &[&str] = &["scratch", "context"];

declare_rule! {
    /// ## What it does
    /// Flags `FROM … AS scratch` and `FROM … AS context`: stage names that BuildKit reserves.
    ///
    /// ## Why is this bad?
    /// `scratch` already means the empty image and `context` the build context, so
    /// `FROM scratch` or `COPY --from=context` after such a stage is ambiguous to readers and
    /// to tools; BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN echo hi > /hi
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// RUN echo hi > /hi
    /// ```
    ///
    /// ## Coming from hadolint
    /// This rule answers to `DL3063`: hadolint checks the same two names, in the same way.
    pub ReservedStageName {
        code: "DH008",
        name: "reserved-stage-name",
        severity: Warning,
        category: Correctness,
        summary: "a stage is named `scratch` or `context`, names BuildKit reserves",
        aliases: ["ReservedStageName", "DL3063"],
    }
}

impl Rule for ReservedStageName {
    fn check(&self, cx: &mut Context<'_>) {
        for s in &cx.model().stages {
            let Some(alias) = &s.alias else { continue };
            if RESERVED.contains(&alias.value.as_str()) {
                cx.report(
                    &Self::META,
                    alias.span,
                    format!("stage name `{}` is reserved", alias.value),
                )
                .help("rename the stage, e.g. `base`, and the `--from=` that name it");
            }
        }
    }
}
