//! DH003: two stages with one name.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM … AS name` whose name an earlier stage already uses (names compare
    /// case-insensitively, as Docker compares them).
    ///
    /// ## Why is this bad?
    /// Docker refuses the file ("duplicate stage name"). Even where a tool accepts it,
    /// `COPY --from=name` and `--target name` would be ambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM node:20 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build-api
    /// FROM node:20 AS build-web
    /// ```
    pub DuplicateStageName {
        code: "DH003",
        name: "duplicate-stage-name",
        severity: Error,
        category: Correctness,
        summary: "two stages share one name",
        mirrors: "hadolint DL3024",
        aliases: ["DuplicateStageName", "DL3024"],
    }
}

impl Rule for DuplicateStageName {
    fn check(&self, cx: &mut Context<'_>) {
        let stages = &cx.model().stages;
        // first use of each name; a map keeps files with thousands of stages linear
        let mut first_use = std::collections::HashMap::new();
        for s in stages {
            let Some(alias) = &s.alias else { continue };
            let first = *first_use.entry(alias.value.as_str()).or_insert(alias);
            if !std::ptr::eq(first, alias) {
                let line = cx.line_of(first.span.start);
                cx.report(
                    &Self::META,
                    alias.span,
                    format!(
                        "stage name `{}` is already used at line {line}",
                        alias.value
                    ),
                )
                .label(first.span, "first used here")
                .help("give each stage its own name");
            }
        }
    }
}
