//! DL3021: COPY of several sources to a destination without a trailing `/`.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` with more than one source whose destination does not end with `/`.
    ///
    /// ## Why is this bad?
    /// With several sources the destination must be a directory, and Docker requires it to
    /// be written with a trailing `/`: the build fails with "When using COPY with more than
    /// one source file, the destination must be a directory and end with a /".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// COPY package.json package-lock.json /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// COPY package.json package-lock.json /app/
    /// ```
    pub CopyMultipleToFile {
        code: "DL3021",
        name: "copy-multiple-to-file",
        severity: Error,
        category: Correctness,
        summary: "COPY of several sources needs a destination ending with `/`",
        mirrors: "hadolint DL3021",
    }
}

impl Rule for CopyMultipleToFile {
    fn check(&self, cx: &mut Context<'_>) {
        for stage in &cx.model().stages {
            for c in stage.copies.iter().filter(|c| c.kind == crate::parse::Kind::Copy && !c.heredoc) {
                let Some(dest) = &c.dest else { continue };
                if c.sources.len() < 2 || dest.value.trim_matches(['"', '\'']).ends_with('/') {
                    continue;
                }
                cx.report(
                    &Self::META,
                    dest.span,
                    format!("`COPY` of {} sources to `{}`, which does not end with `/`", c.sources.len(), dest.value),
                )
                .primary_label("must be a directory")
                .help(format!("write the destination as `{}/`", dest.value));
            }
        }
    }
}
