//! DH604: `ENV key value` / `LABEL key value`, the legacy form.
use super::prelude::*;
use crate::parse::{ArgForm, Kind};

declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` written in the legacy whitespace form (`ENV PATH /opt/bin`)
    /// instead of `key=value`. The finding's span is the key and value, the text to rewrite
    /// (the key is labelled).
    ///
    /// ## Why is this bad?
    /// The legacy form takes everything after the first space as one value, quotes and all,
    /// so `ENV A 1 B 2` sets `A` to `1 B 2`; it is deprecated and reads unlike every other
    /// `key=value` instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME /srv/app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// ```
    pub LegacyKeyValueFormat {
        code: "DH604",
        name: "legacy-key-value-format",
        severity: Style,
        category: Style,
        summary: "`ENV` or `LABEL` in the legacy `key value` form instead of `key=value`",
        aliases: ["LegacyKeyValueFormat"],
    }
}

/// Whether a value needs quotes once it follows `=`.
fn needs_quotes(v: &str) -> bool {
    v.is_empty() || v.chars().any(|c| c.is_whitespace())
}

impl Rule for LegacyKeyValueFormat {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for ins in model.instructions() {
            if !matches!(ins.kind, Kind::Env | Kind::Label) || ins.form != ArgForm::Pairs {
                continue;
            }
            let (Some(key), Some(value)) = (ins.args.first(), ins.args.get(1)) else {
                continue;
            };
            // the `key=value` form has `=` right after the key
            if cx.source.as_bytes().get(key.span.end) == Some(&b'=') {
                continue;
            }
            let name = ins.kind.as_str();
            let v = value.value.trim_end();
            let shown = if needs_quotes(v) && !(v.starts_with('"') && v.ends_with('"') && v.len() > 1) {
                format!("{}=\"{}\"", key.value, v.replace('"', "\\\""))
            } else {
                format!("{}={v}", key.value)
            };
            cx.report(
                &Self::META,
                key.span.cover(value.span),
                format!("`{name} {} {v}` uses the legacy `key value` form", key.value),
            )
            .label(key.span, "the key")
            .help(format!("write `{name} {shown}`"));
        }
    }
}
