//! DL3053: a label the schema types `rfc3339` does not hold an RFC 3339 time.
use super::label_schema::{check_typed, is_rfc3339, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `rfc3339` and whose value is not an RFC 3339 time (`2026-12-02T01:30:00Z`, with a time zone). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.created" = "rfc3339"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.created=2026-12-02
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.created=2026-12-02T01:30:00Z
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also judges values with a variable in them (`$BUILD_DATE`, the usual way to set this label), which it cannot know.
    pub LabelNotRfc3339 {
        code: "DL3053",
        name: "label-not-rfc3339",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `rfc3339` in the label schema is not an RFC 3339 time",
        mirrors: "hadolint DL3053",
    }
}

impl Rule for LabelNotRfc3339 {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Rfc3339, is_rfc3339, "an RFC 3339 time", "2026-12-02T01:30:00Z");
    }
}
