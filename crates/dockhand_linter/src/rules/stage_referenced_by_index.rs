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
    ///
    /// ## Fix
    /// Replaces the index with the stage's name as written; when the stage has none, also adds
    /// `AS build` to its FROM (`build-2`, `build-3`, ... when `build` is taken by a stage or a
    /// `--from` value). Safe: the same stage is copied from.
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
        // the name given to unnamed stages, worked out once: taken names are every stage alias,
        // every `--from` value and the `--target`
        let mut taken: std::collections::HashSet<String> = Default::default();
        for s in &model.stages {
            if let Some(a) = &s.alias {
                taken.insert(a.value.to_ascii_lowercase());
            }
            for c in &s.copies {
                if let Some(f) = &c.from {
                    taken.insert(f.value.to_ascii_lowercase());
                }
            }
        }
        if let Some(t) = &model.missing_target {
            taken.insert(t.to_ascii_lowercase());
        }
        let mut fresh: std::collections::HashMap<usize, String> = Default::default();
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
                let fix = if cx.text(from.span) != from.value {
                    None
                } else if let Some(a) = &t.alias {
                    let name = cx.text(a.span);
                    Some(Fix::safe(
                        format!("write `--from={name}`"),
                        vec![Edit::replace(from.span, name)],
                    ))
                } else if cx.text(t.base_word.span).is_empty() {
                    None
                } else {
                    let name = fresh
                        .entry(target.0)
                        .or_insert_with(|| {
                            let name = (1..)
                                .map(|n| if n == 1 { "build".to_string() } else { format!("build-{n}") })
                                .find(|n| !taken.contains(n))
                                .unwrap_or_default();
                            taken.insert(name.clone());
                            name
                        })
                        .clone();
                    Some(Fix::safe(
                        format!("name stage {} `{name}` and write `--from={name}`", target.0),
                        vec![
                            Edit::insert(t.base_word.span.end, format!(" AS {name}")),
                            Edit::replace(from.span, name.as_str()),
                        ],
                    ))
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
                .help(help)
                .fix_opt(fix);
            }
        }
    }
}
