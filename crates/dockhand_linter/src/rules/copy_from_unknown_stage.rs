//! DH004: `COPY --from` naming no stage.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=name` where `name` is no earlier stage and does not look like an
    /// image reference (no registry, tag or digest), or names a stage by an index that does
    /// not come before this one.
    ///
    /// ## Why is this bad?
    /// Docker then treats `name` as an image to pull, and the build fails with
    /// "pull access denied" or, worse, copies files from an unrelated public image. A
    /// misspelt stage name is the usual cause.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /app .
    /// FROM alpine:3.20
    /// COPY --from=buidler /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /app .
    /// FROM alpine:3.20
    /// COPY --from=builder /app /app
    /// ```
    pub CopyFromUnknownStage {
        code: "DH004",
        name: "copy-from-unknown-stage",
        severity: Warning,
        category: Correctness,
        summary: "`COPY --from` names no earlier stage and is not an image reference",
        mirrors: "hadolint DL3022",
    }
}

impl Rule for CopyFromUnknownStage {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            for c in &stage.copies {
                let CopySource::Unknown(name) = &c.source else {
                    continue;
                };
                let Some(from) = &c.from else { continue };
                let earlier: Vec<String> = model.stages[..stage.id.0]
                    .iter()
                    .filter_map(|s| s.alias.as_ref().map(|a| a.value.clone()))
                    .collect();
                let close = earlier
                    .iter()
                    .filter(|a| crate::model::edit_distance(a, &name.to_ascii_lowercase()) <= 2)
                    .min_by_key(|a| crate::model::edit_distance(a, name));
                let later = model.stages[stage.id.0 + 1..].iter().find(|s| {
                    s.alias
                        .as_ref()
                        .is_some_and(|a| a.value == name.to_ascii_lowercase())
                });
                let help = match (close, later) {
                    (Some(c), _) => format!("did you mean `--from={c}`?"),
                    (None, Some(_)) => format!(
                        "stage `{name}` is defined later in the file; a stage can only copy from stages before it"
                    ),
                    (None, None) if earlier.is_empty() => format!(
                        "no stage is named `{name}`: name the build stage with `FROM … AS {name}`, or write a full image reference (`{name}:tag`)"
                    ),
                    (None, None) => format!(
                        "earlier stages are {}; for an image, write a full reference (`{name}:tag`)",
                        earlier.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                let f = cx
                    .report(
                        &Self::META,
                        from.span,
                        format!("`--from={name}` names no earlier stage"),
                    )
                    .help(help);
                if let Some(l) = later.and_then(|s| s.alias.as_ref()) {
                    f.label(l.span, "defined later here");
                }
            }
        }
    }
}
