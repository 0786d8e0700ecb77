//! DH601: a stage name with upper-case letters.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM … AS Build`) that is not all lower case.
    ///
    /// ## Why is this bad?
    /// Docker compares stage names case-insensitively and shows them lower-cased, so
    /// `COPY --from=build` finds `AS Build`; writing one name two ways makes the file harder to
    /// search and read. BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS Builder
    /// FROM alpine:3.20
    /// COPY --from=Builder /go/bin/app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// FROM alpine:3.20
    /// COPY --from=builder /go/bin/app /app
    /// ```
    pub StageNameCasing {
        code: "DH601",
        name: "stage-name-casing",
        severity: Style,
        category: Style,
        summary: "a stage name is not lower case",
        aliases: ["StageNameCasing"],
    }
}

impl Rule for StageNameCasing {
    fn check(&self, cx: &mut Context<'_>) {
        for s in &cx.model().stages {
            let Some(alias) = &s.alias else { continue };
            let written = cx.text(alias.span);
            if written != written.to_lowercase() {
                cx.report(
                    &Self::META,
                    alias.span,
                    format!("stage name `{written}` is not lower case"),
                )
                .help(format!("write `{}`", written.to_lowercase()));
            }
        }
    }
}
