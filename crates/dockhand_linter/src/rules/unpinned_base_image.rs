//! DH401: a pulled image with no tag, or `latest`, and no digest.
use super::prelude::*;
use crate::model::pinning::{tag_movement, PulledBy, PulledImage, TagMovement};

declare_rule! {
    /// ## What it does
    /// Flags a registry image in `FROM` (or `COPY --from=<image>`) that has neither a tag nor a
    /// digest, or whose tag is `latest` without a digest. ARG values are substituted first;
    /// images that stay unresolved, `scratch` and earlier stages are not checked.
    ///
    /// ## Why is this bad?
    /// A missing tag means `latest`, and `latest` is whatever was pushed last. Two builds of
    /// the same file can start from different images (a new major version of the language, a
    /// new distribution release), and a rebuild months later no longer matches what was
    /// tested.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang AS builder
    /// RUN go build -o /app .
    /// FROM alpine:latest
    /// COPY --from=builder /app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine3.20 AS builder
    /// RUN go build -o /app .
    /// FROM alpine:3.20
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## References
    /// - hadolint DL3006 ("Always tag the version of an image explicitly") and DL3007
    ///   ("Using latest is prone to errors").
    pub UnpinnedBaseImage {
        code: "DH401",
        name: "unpinned-base-image",
        severity: Warning,
        category: Reproducibility,
        summary: "a base image has no tag, or is `latest`, and no digest",
        mirrors: "hadolint DL3006, DL3007",
        aliases: ["DL3006", "DL3007"],
    }
}

fn what(img: &PulledImage) -> String {
    match img.by {
        PulledBy::From(_) if img.from_args => {
            format!("`{}` resolves to `{}`, which", img.written, img.text)
        }
        PulledBy::From(_) => format!("`{}`", img.text),
        PulledBy::CopyFrom(..) if img.from_args => {
            format!("`--from={}` resolves to `{}`, which", img.written, img.text)
        }
        PulledBy::CopyFrom(..) => format!("`--from={}`", img.text),
    }
}

impl Rule for UnpinnedBaseImage {
    fn check(&self, cx: &mut Context<'_>) {
        for img in cx.model().pulled_images() {
            if img.digest.is_some() {
                continue;
            }
            match &img.tag {
                None => {
                    cx.report(
                        &Self::META,
                        img.name_span,
                        format!("{} has no tag or digest, so it means `latest`", what(&img)),
                    )
                    .primary_label("no tag: whatever `latest` is at build time")
                    .help(format!(
                        "pin a version tag (`{name}:<version>`), or a digest (`{name}@sha256:<digest>`)",
                        name = img.repository()
                    ));
                }
                Some(tag) if tag_movement(&tag.value) == TagMovement::Latest => {
                    let name = img.repository();
                    cx.report(
                        &Self::META,
                        tag.span,
                        format!("{} uses the moving tag `{}`", what(&img), tag.value),
                    )
                    .primary_label("`latest` changes with every release")
                    .help(format!(
                        "pin a version tag (`{name}:<version>`), or add a digest (`{}@sha256:<digest>`)",
                        img.text
                    ));
                }
                Some(_) => {}
            }
        }
    }
}
