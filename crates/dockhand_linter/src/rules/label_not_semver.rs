//! DL3056: a label the schema types `semver` does not hold a semantic version.
use super::label_schema::{check_typed, is_semver, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `semver` and whose value is not a semantic version (`MAJOR.MINOR.PATCH` with optional `-prerelease` and `+build`, no `v` prefix). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.version" = "semver"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.version=v1.4
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.version=1.4.0
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also judges values with a variable in them, which it cannot know.
    pub LabelNotSemver {
        code: "DL3056",
        name: "label-not-semver",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `semver` in the label schema is not a semantic version",
        mirrors: "hadolint DL3056",
    }
}

impl Rule for LabelNotSemver {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Semver, is_semver, "a semantic version", "1.4.0");
    }
}
