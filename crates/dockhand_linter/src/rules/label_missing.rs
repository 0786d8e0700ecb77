//! DL3049: a label the schema requires is missing from an image the file builds.
use super::label_schema::{label_pairs, LabelSchema, LabelType};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a label schema configured (`[labels.schema]` in `dockhand.toml`, `label-schema` in
    /// `.hadolint.yaml`), flags each image the file builds that does not set every label of the
    /// schema. An image is a stage that no later stage builds on (`FROM <stage>`) or copies
    /// from (`COPY --from`, `RUN --mount=from=`); the labels of the stages it is built `FROM`
    /// count, since the image inherits them. Without a schema the rule does nothing.
    ///
    /// ## Why is this bad?
    /// Teams agree on labels (source repository, version, licence, maintainer) so that
    /// registries, scanners and people can tell what an image is and where it came from; an
    /// image without them is anonymous.
    ///
    /// ## Example
    /// With `[labels.schema]` holding `"org.opencontainers.image.source" = "url"`:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN echo hi > /hi
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// RUN echo hi > /hi
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint checks every stage that no `COPY --from` names, so a base stage whose labels
    /// are set by the stage built on it is reported too; dockhand checks the images that
    /// come out of the build, with what they inherit.
    ///
    /// ## Configuration
    /// ```toml
    /// [labels.schema]
    /// "org.opencontainers.image.source" = "url"
    /// "org.opencontainers.image.version" = "semver"
    /// ```
    pub LabelMissing {
        code: "DL3049",
        name: "label-missing",
        severity: Info,
        category: Correctness,
        summary: "an image the file builds lacks a label the label schema requires",
        mirrors: "hadolint DL3049",
    }
}

/// A value that fits the type, for the help line.
pub(crate) fn example(ty: LabelType) -> &'static str {
    match ty {
        LabelType::Text => "<value>",
        LabelType::Url => "https://example.com/project",
        LabelType::Semver => "1.0.0",
        LabelType::Hash => "$GIT_COMMIT",
        LabelType::Rfc3339 => "$BUILD_DATE",
        LabelType::Spdx => "MIT",
        LabelType::Email => "team@example.com",
    }
}

impl Rule for LabelMissing {
    fn check(&self, cx: &mut Context<'_>) {
        let schema: &LabelSchema = cx.options::<LabelSchema>();
        if schema.labels.is_empty() {
            return;
        }
        let model = cx.model();
        let n = model.stages.len();
        // stages a later stage builds on or copies from: not images of their own
        let mut used = vec![false; n];
        for s in &model.stages {
            if let BaseImage::Stage(p) = s.base {
                if let Some(u) = used.get_mut(p.0) {
                    *u = true;
                }
            }
            for c in &s.copies {
                if let CopySource::Stage(p) = c.source {
                    if let Some(u) = used.get_mut(p.0) {
                        *u = true;
                    }
                }
            }
            for r in &s.runs {
                for m in &r.mounts {
                    if let Some(p) = m.from.as_deref().and_then(|f| model.stage_by_ref(f)) {
                        if p.0 < s.id.0 {
                            if let Some(u) = used.get_mut(p.0) {
                                *u = true;
                            }
                        }
                    }
                }
            }
        }
        // which schema labels each stage has, its own or inherited through `FROM <stage>`
        // (stages only build on earlier ones, so one pass in order fills it in)
        let width = schema.labels.len();
        let mut has = vec![false; n * width];
        for p in label_pairs(model) {
            let Some(Some(s)) = model.stage_of.get(p.instruction) else { continue };
            if let Some(i) = schema.labels.iter().position(|(l, _)| *l == p.key) {
                if let Some(x) = has.get_mut(s.0 * width + i) {
                    *x = true;
                }
            }
        }
        for s in &model.stages {
            if let BaseImage::Stage(p) = s.base {
                if p.0 < s.id.0 {
                    for i in 0..width {
                        if has.get(p.0 * width + i).copied().unwrap_or(false) {
                            if let Some(x) = has.get_mut(s.id.0 * width + i) {
                                *x = true;
                            }
                        }
                    }
                }
            }
        }
        for s in &model.stages {
            if used.get(s.id.0).copied().unwrap_or(true) {
                continue;
            }
            let has = |i: usize| has.get(s.id.0 * width + i).copied().unwrap_or(false);
            let missing: Vec<&(String, LabelType)> = schema
                .labels
                .iter()
                .enumerate()
                .filter(|(i, _)| !has(*i))
                .map(|(_, l)| l)
                .collect();
            let name = s.alias.as_ref().map_or_else(
                || format!("`{}`", s.base_word.value),
                |a| format!("stage `{}`", a.value),
            );
            for (label, ty) in missing {
                cx.report(
                    &Self::META,
                    s.base_word.span,
                    format!("the image built by {name} has no label `{label}`"),
                )
                .primary_label("image without the label")
                .help(format!(
                    "add `LABEL {label}={}` to the stage (the schema gives it type `{}`)",
                    example(*ty),
                    ty.as_str()
                ));
            }
        }
    }
}
