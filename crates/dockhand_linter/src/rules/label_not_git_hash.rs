//! DL3055: a label the schema types `hash` does not hold a git commit hash.
use super::label_schema::{check_typed, is_git_hash, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `hash` and whose value is not a git commit hash (7 to 40 lower-case hex digits, or 64 for SHA-256 repositories). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.revision" = "hash"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.revision=main
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.revision=4f9c2b1
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts 7 or 40 digits only, so it rejects abbreviations of other lengths (`git rev-parse --short` gives more than 7 digits in large repositories) and SHA-256 hashes; dockhand accepts 7 to 40 and 64.
    pub LabelNotGitHash {
        code: "DL3055",
        name: "label-not-git-hash",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `hash` in the label schema is not a git commit hash",
        mirrors: "hadolint DL3055",
    }
}

impl Rule for LabelNotGitHash {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Hash, is_git_hash, "a git commit hash", "4f9c2b1");
    }
}
