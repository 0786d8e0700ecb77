//! DL3050: with strict labels, a label the schema does not name.
use super::label_schema::{label_pairs, LabelSchema};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With strict labels configured (`[labels] strict = true` in `dockhand.toml`,
    /// `strict-labels: true` in `.hadolint.yaml`), flags each `LABEL` key that the label
    /// schema does not name. Without strict labels the rule does nothing.
    ///
    /// ## Why is this bad?
    /// A team that fixes its set of labels wants typos (`org.opencontainers.image.sorce`) and
    /// ad-hoc labels caught, so that every image carries the same, checked metadata.
    ///
    /// ## Example
    /// With `strict = true` and `[labels.schema]` holding `"org.opencontainers.image.source" = "url"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.sorce=https://github.com/acme/app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports the `LABEL` instruction once; dockhand reports each key outside the
    /// schema, at the key.
    ///
    /// ## Configuration
    /// ```toml
    /// [labels]
    /// strict = true
    ///
    /// [labels.schema]
    /// "org.opencontainers.image.source" = "url"
    /// ```
    pub SuperfluousLabel {
        code: "DL3050",
        name: "superfluous-label",
        severity: Info,
        category: Correctness,
        summary: "with strict labels, a `LABEL` key the label schema does not name",
        mirrors: "hadolint DL3050",
    }
}

impl Rule for SuperfluousLabel {
    fn check(&self, cx: &mut Context<'_>) {
        let schema: &LabelSchema = cx.options::<LabelSchema>();
        if !schema.strict {
            return;
        }
        for p in label_pairs(cx.model()) {
            if schema.get(&p.key).is_some() {
                continue;
            }
            let names: Vec<&str> = schema.labels.iter().map(|(l, _)| l.as_str()).collect();
            let near = names
                .iter()
                .copied()
                .find(|n| n.eq_ignore_ascii_case(&p.key) || close(n, &p.key));
            let help = match near {
                Some(n) => format!("did you mean `{n}`? Otherwise remove the label, or add it to the label schema"),
                None => format!("remove the label, or add `\"{}\" = \"text\"` to the label schema", p.key),
            };
            cx.report(
                &Self::META,
                p.key_span,
                format!("label `{}` is not in the label schema, and labels are strict", p.key),
            )
            .primary_label("not in the schema")
            .help(help);
        }
    }
}

/// Whether two names differ by one edit at most (a typo), for names of some length.
fn close(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}
