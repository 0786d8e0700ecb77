//! DL3054: a label the schema types `spdx` does not hold an SPDX license expression.
use super::label_schema::{check_typed, is_spdx, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` whose key the schema gives type
    /// `spdx` and whose value is not an SPDX license expression (an identifier of the SPDX license list, or an expression of them such as `Apache-2.0 OR MIT`). Values with a variable (`$VERSION`) are only
    /// known at build time and are not judged; empty values are DL3051's. Without a schema
    /// entry of this type the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Tools read these labels (registries link the source URL, scanners read the licence,
    /// release tooling sorts versions); a value in the wrong format is silently ignored or
    /// misread by them.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.licenses" = "spdx"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.licenses=Apache-2.0
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts one SPDX identifier only, so it rejects the expressions (`Apache-2.0 OR MIT`) that the OCI annotation `org.opencontainers.image.licenses` is defined to hold; dockhand accepts SPDX expressions.
    pub LabelNotSpdx {
        code: "DL3054",
        name: "label-not-spdx",
        severity: Warning,
        category: Correctness,
        summary: "a label of type `spdx` in the label schema is not an SPDX license expression",
        mirrors: "hadolint DL3054",
    }
}

impl Rule for LabelNotSpdx {
    fn check(&self, cx: &mut Context<'_>) {
        check_typed(cx, &Self::META, LabelType::Spdx, is_spdx, "an SPDX license expression", "Apache-2.0");
    }
}
