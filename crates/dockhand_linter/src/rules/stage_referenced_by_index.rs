//! DH006: `COPY --from=0`.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=N` that names a stage by its position.
    ///
    /// ## Why is this bad?
    /// Adding or moving a stage silently changes which stage `N` is. A name says what is
    /// meant and survives edits.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// RUN go build -o /app .
    /// FROM alpine:3.20
    /// COPY --from=0 /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /app .
    /// FROM alpine:3.20
    /// COPY --from=build /app /app
    /// ```
    pub StageReferencedByIndex {
        code: "DH006",
        name: "stage-referenced-by-index",
        severity: Info,
        category: Correctness,
        summary: "`COPY --from=N` names a stage by its index",
    }
}

impl Rule for StageReferencedByIndex {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            for c in &stage.copies {
                let (CopySource::Stage(target), Some(from)) = (&c.source, &c.from) else {
                    continue;
                };
                if from.value.parse::<usize>().is_err() {
                    continue;
                }
                let t = model.stage(*target);
                let Some(from_ins) = model.instruction(t.from_instruction) else {
                    continue;
                };
                let from_span = from_ins.keyword;
                let help = match &t.alias {
                    Some(a) => format!("write `--from={}`", a.value),
                    None => format!(
                        "name the stage (`FROM {} AS build`) and write `--from=build`",
                        t.base_word.value
                    ),
                };
                cx.report(
                    &Self::META,
                    from.span,
                    format!(
                        "`--from={}` names stage {} by its index",
                        from.value, target.0
                    ),
                )
                .label(from_span, format!("stage {} starts here", target.0))
                .help(help);
            }
        }
    }
}
