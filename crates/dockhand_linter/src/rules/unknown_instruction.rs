//! DH002: a keyword Docker does not know.
use super::prelude::*;
use crate::model::edit_distance;
use crate::parse::Kind;

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

declare_rule! {
    /// ## What it does
    /// Flags an instruction keyword that Docker does not know, such as `COPPY` or a line left
    /// over from a broken continuation.
    ///
    /// ## Why is this bad?
    /// BuildKit's parser keeps unknown instructions and the build then fails with
    /// "unknown instruction". Often the cause is a missing `\` at the end of the line above,
    /// which turns the next line of a shell command into an "instruction".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    ///     git
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///     git
    /// ```
    pub UnknownInstruction {
        code: "DH002",
        name: "unknown-instruction",
        severity: Error,
        category: Syntax,
        summary: "an instruction keyword Docker does not know",
        mirrors: "Docker: unknown instruction",
    }
}

impl Rule for UnknownInstruction {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            let unknown = std::iter::once(ins)
                .chain(ins.sub.as_deref())
                .filter(|i| i.kind == Kind::Unknown);
            for i in unknown {
                let word = cx.text(i.keyword).to_string();
                let upper = word.to_uppercase();
                let close = KEYWORDS
                    .iter()
                    .filter(|k| edit_distance(k, &upper) <= 2)
                    .min_by_key(|k| edit_distance(k, &upper));
                let help = match close {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "if this line belongs to the command above, end that line with `\\`"
                        .to_string(),
                };
                cx.report(
                    &Self::META,
                    i.keyword,
                    format!("unknown instruction `{word}`"),
                )
                .help(help);
            }
        }
    }
}
