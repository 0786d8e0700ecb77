//! DL3058: a label the schema types `email` does not hold an e-mail address.
use super::label_schema::{check_typed, is_email, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `email` and whose value is not an e-mail address (`local@domain`, without a display name). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"maintainer" = "email"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL maintainer="Jane <jane@example.com>"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL maintainer=team@example.com
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also judges values with a variable in them, which it cannot know.
    pub LabelNotEmail {
        code: "DL3058",
        name: "label-not-email",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `email` in the label schema is not an e-mail address",
        mirrors: "hadolint DL3058",
    }
}

impl Rule for LabelNotEmail {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Email, is_email, "an e-mail address", "team@example.com");
    }
}
