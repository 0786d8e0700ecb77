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
            cx.report(&Self::META, span, format!("`MAINTAINER {who}` is deprecated"))
                .help(format!(
                    "write `LABEL org.opencontainers.image.authors=\"{}\"`",
                    who.replace('"', "\\\"")
                ));
        }
    }
}
