//! DH001: what BuildKit rejects, at the exact span.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports input that Docker cannot build: a malformed instruction (an `ENV` without a
    /// value, a JSON array holding a non-string), an unterminated heredoc, a repeated parser
    /// directive, an unknown flag (`COPY --form=build`), `FROM` with the wrong number of
    /// arguments, an instruction before the first `FROM`, or a file with no instructions.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first of these, often after minutes of earlier steps.
    /// dockhand reports every one of them at once, each at its token, and lints the rest of the
    /// file as well as it can.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --form=build /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Coming from hadolint
    /// This rule answers to `DL1000`, hadolint's parse error, and to `DL3043` and `DL3061`,
    /// which are errors Docker reports too (`ONBUILD` inside `ONBUILD`; an instruction before
    /// the first `FROM`). hadolint stops at its parse error and lints nothing else in the
    /// file; on the corpus it rejects 39 files that BuildKit builds (22 with a comment right
    /// after a heredoc, 7 with `RUN --mount` without `target`, 4 Windows files, 6 others).
    /// dockhand's parser follows BuildKit's, parses all 39 and lints them, so this rule fires
    /// only on input Docker itself rejects.
    pub SyntaxError {
        code: "DH001",
        name: "syntax-error",
        severity: Error,
        category: Syntax,
        summary: "input that Docker rejects: malformed instructions, unknown flags, unterminated heredocs",
        aliases: ["DL3043", "DL3061", "DL1000"],
    }
}

impl Rule for SyntaxError {
    fn check(&self, cx: &mut Context<'_>) {
        for e in cx.model().syntax_errors() {
            let f = cx.report(&Self::META, e.span, e.message.clone());
            if let Some(h) = &e.help {
                f.help(h.clone());
            }
        }
    }
}
