//! DH014: an empty line inside a continued instruction.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an empty (or blank) line in the middle of an instruction continued with `\`.
    ///
    /// ## Why is this bad?
    /// Docker skips the empty line and keeps joining, so the line after it still belongs to
    /// the instruction before. That is often an accident: a `\` left at the end of the last
    /// line of a `RUN` turns the next instruction's words into arguments of the `RUN`. BuildKit
    /// warns and says empty continuation lines will become an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///
    ///     git
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///     git
    /// ```
    pub EmptyContinuationLine {
        code: "DH014",
        name: "empty-continuation-line",
        severity: Warning,
        category: Correctness,
        summary: "an empty line inside an instruction continued with `\\`",
        aliases: ["NoEmptyContinuation"],
    }
}

impl Rule for EmptyContinuationLine {
    fn check(&self, cx: &mut Context<'_>) {
        let df = cx.model().dockerfile();
        for w in &df.warnings {
            // the parser's only warning today; the message is its identity
            if w.message != "empty continuation line" {
                continue;
            }
            // the instruction the line is inside (instructions are in source order)
            let at = df.instructions.partition_point(|i| i.span.end < w.span.start);
            let what = match df.instructions.get(at).filter(|i| i.span.start <= w.span.start) {
                Some(i) => format!(
                    "the `{}` that starts at line {}",
                    cx.text(i.keyword).to_uppercase(),
                    i.start_line
                ),
                None => "a continued instruction".to_string(),
            };
            cx.report(
                &Self::META,
                w.span,
                format!("empty line {} inside {what}", cx.line_of(w.span.start)),
            )
            .primary_label("the instruction goes on after this line")
            .help("remove the empty line, or the `\\` before it if the instruction should end there");
        }
    }
}
