//! DL3051: a label of the schema is set to the empty string.
use super::label_missing::example;
use super::label_schema::{label_pairs, LabelSchema};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured, flags a `LABEL` that sets one of the schema's labels to
    /// the empty string (`LABEL org.opencontainers.image.version=""`). Without a schema the
    /// rule does nothing.
    ///
    /// ## Why is this bad?
    /// An empty label passes a check for the label's presence and tells nothing; it is
    /// usually a build argument that was not passed (`LABEL version=$VERSION` with no
    /// default gives an empty value, and is not flagged here since the value is only known at
    /// build time).
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.version" = "semver"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.version=""
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    pub LabelEmpty {
        code: "DL3051",
        name: "label-empty",
        severity: Warning,
        category: Correctness,
        summary: "a label of the label schema is set to the empty string",
        mirrors: "hadolint DL3051",
    }
}

impl Rule for LabelEmpty {
    fn check(&self, cx: &mut Context<'_>) {
        let schema: &LabelSchema = cx.options::<LabelSchema>();
        if schema.labels.is_empty() {
            return;
        }
        for p in label_pairs(cx.model()) {
            let Some(ty) = schema.get(&p.key) else { continue };
            if !p.value.is_empty() {
                continue;
            }
            cx.report(&Self::META, p.value_span, format!("label `{}` is empty", p.key))
                .primary_label("empty value")
                .help(format!("give `{}` a value, e.g. `{}={}`", p.key, p.key, example(ty)));
        }
    }
}
