//! DL3052: a label the schema types `url` does not hold an absolute URL.
use super::label_schema::{check_typed, is_url, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `url` and whose value is not an absolute URL (a scheme such as `https:` and URI characters only). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.source" = "url"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source=github.com/acme/app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also judges values with a variable in them, which it cannot know.
    pub LabelNotUrl {
        code: "DL3052",
        name: "label-not-url",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `url` in the label schema is not an absolute URL",
        mirrors: "hadolint DL3052",
    }
}

impl Rule for LabelNotUrl {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Url, is_url, "an absolute URL", "https://github.com/acme/app");
    }
}
