//! DH605: the deprecated `MAINTAINER` instruction.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags `MAINTAINER`. The finding's span is the whole instruction, the text a label
    /// replaces.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13; the OCI label
    /// `org.opencontainers.image.authors` says the same thing and tools read it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// Replaces the instruction with `LABEL org.opencontainers.image.authors="…"` (`label`
    /// when the keyword was written in lower case), the value in double quotes and written so
    /// that it is exactly the text `MAINTAINER` had: a `"`, `$` or escape character in it gets
    /// the escape character before it (BuildKit substitutes variables in labels, not in
    /// `MAINTAINER`). Safe: the image carries the same name, in the label tools read instead of
    /// the deprecated author field. No fix when the instruction spans several lines.
    pub MaintainerDeprecated {
        code: "DH605",
        name: "maintainer-deprecated",
        severity: Style,
        category: Style,
        summary: "`MAINTAINER` is deprecated; use the `org.opencontainers.image.authors` label",
        aliases: ["MaintainerDeprecated", "DL4000"],
    }
}

impl Rule for MaintainerDeprecated {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            if ins.kind != Kind::Maintainer {
                continue;
            }
            let who = ins.rest.value.trim();
            let span = ins.keyword.cover(ins.rest.span);
            let keyword = cx.text(ins.keyword);
            let label = if keyword == keyword.to_lowercase() { "label" } else { "LABEL" };
            let value = super::legacy_key_value_format::double_quoted_literal(who, cx.escape());
            let replacement = format!("{label} org.opencontainers.image.authors={value}");
            let fix = (!who.is_empty() && !cx.text(span).contains('\n')).then(|| {
                Fix::safe(
                    format!("write `{replacement}`"),
                    vec![Edit::replace(span, replacement.as_str())],
                )
            });
            cx.report(&Self::META, span, format!("`MAINTAINER {who}` is deprecated"))
                .help(format!("write `{replacement}`"))
                .fix_opt(fix);
        }
    }
}
