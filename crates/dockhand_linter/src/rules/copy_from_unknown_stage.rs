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
        aliases: ["DL3022"],
    }
}

impl Rule for CopyFromUnknownStage {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // Built once: the aliases in stage order, an index of them for "did you mean", and the
        // stages of each alias; each unknown name is compared once, not per COPY.
        let aliases: Vec<(StageId, &str)> = model
            .stages
            .iter()
            .filter_map(|s| s.alias.as_ref().map(|a| (s.id, a.value.as_str())))
            .collect();
        let mut stages_named: std::collections::HashMap<&str, Vec<StageId>> =
            std::collections::HashMap::new();
        for &(id, a) in &aliases {
            stages_named.entry(a).or_default().push(id);
        }
        // built at the first unknown name only: most files have none
        let mut near: Option<crate::model::names::NearNames> = None;
        let mut near_of: std::collections::HashMap<String, Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        for stage in &model.stages {
            for c in &stage.copies {
                let CopySource::Unknown(name) = &c.source else {
                    continue;
                };
                let Some(from) = &c.from else { continue };
                let lower = name.to_ascii_lowercase();
                let n_earlier = aliases.partition_point(|(id, _)| id.0 < stage.id.0);
                let earlier = &aliases[..n_earlier];
                let near = near.get_or_insert_with(|| {
                    let mut n = crate::model::names::NearNames::default();
                    for &(_, a) in &aliases {
                        n.add(a);
                    }
                    n
                });
                let candidates = near_of
                    .entry(lower.clone())
                    .or_insert_with(|| near.near(&lower));
                let close = candidates
                    .iter()
                    .filter(|(pos, _)| *pos < n_earlier)
                    .min_by_key(|(_, distance)| *distance)
                    .and_then(|(pos, _)| aliases.get(*pos).map(|(_, a)| *a));
                let later = stages_named
                    .get(lower.as_str())
                    .and_then(|ids| {
                        let i = ids.partition_point(|id| id.0 <= stage.id.0);
                        ids.get(i)
                    })
                    .map(|id| model.stage(*id));
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
                        listed(earlier)
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

/// At most this many earlier stages are named in the help (it would grow with the file).
const LISTED: usize = 10;

/// `a`, `b`, `c` (and, past `LISTED`, how many more).
fn listed(earlier: &[(StageId, &str)]) -> String {
    let mut s = earlier
        .iter()
        .take(LISTED)
        .map(|(_, e)| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if earlier.len() > LISTED {
        s.push_str(&format!(" and {} more", earlier.len() - LISTED));
    }
    s
}
