//! DH401: a pulled image with no tag, or `latest`, and no digest.
use super::prelude::*;
use crate::model::pinning::{tag_movement, PulledBy, PulledImage, TagMovement};

declare_rule! {
    /// ## What it does
    /// Flags a registry image in `FROM` (or `COPY --from=<image>`) that has neither a tag nor a
    /// digest, or whose tag is `latest` without a digest. ARG values are substituted first;
    /// images that stay unresolved, `scratch` and earlier stages are not checked.
    ///
    /// For an image that publishes no version tags (distroless, Chainguard's free images,
    /// which publish only `latest`), the message says so and the help gives a digest, the
    /// only pin. For a name that carries its release line (`redhat/ubi10-minimal`), the
    /// message says the image is the newest build of that line, not of any release.
    ///
    /// An image named by a build argument's default (`ARG BASE=alpine`, `FROM ${BASE}`) is not
    /// checked unless `check-arg-defaults` is set, as in DH402: an image made a build argument
    /// is meant to be passed by the build (a bake file, CI, a test matrix), where the pin then
    /// lives. On the project's corpus this removed 29 of the 400 findings (1 of a sample of
    /// 10, seed 21, was such a test-matrix base).
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
        shipped_image: true,
        mirrors: "hadolint DL3006, DL3007",
        options: UnpinnedBaseImageOptions,
        aliases: ["DL3006", "DL3007"],
    }
}

rule_options! {
    /// Options of `unpinned-base-image`.
    pub struct UnpinnedBaseImageOptions {
        /// Also check an image that comes from a build argument's default (`FROM ${BASE}`
        /// with `ARG BASE=alpine`). Off by default: an image made a build argument is meant to
        /// be passed by the build, where the pin then lives; the default is a fallback.
        pub check_arg_defaults: bool = { false },
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

/// The release line the last part of the image name carries (`ubi10` of
/// `redhat/ubi10-minimal`), when the table says the name carries one.
fn line_in_name(img: &PulledImage) -> Option<String> {
    if !img.facts.tags.line_in_name {
        return None;
    }
    let last = crate::model::paths::file_name(&img.name);
    last.split(['-', '_'])
        .find(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

impl Rule for UnpinnedBaseImage {
    fn check(&self, cx: &mut Context<'_>) {
        let check_arg_defaults = cx.options::<UnpinnedBaseImageOptions>().check_arg_defaults;
        for img in cx.model().pulled_images() {
            if img.digest.is_some() || (img.from_args && !check_arg_defaults) {
                continue;
            }
            let name = img.repository();
            let digest = format!("{name}@sha256:<digest>");
            let moving = match &img.tag {
                None => None,
                Some(tag) if tag_movement(&tag.value) == TagMovement::Latest => Some(tag),
                Some(_) => continue,
            };
            let span = moving.map_or(img.name_span, |t| t.span);
            let what = what(img);
            if !img.facts.tags.version_tags {
                // Only `latest` (or names such as `nonroot`) exist: a digest is the pin.
                let message = match moving {
                    None => format!(
                        "{what} has no tag or digest; `{}` publishes no version tags, so only a \
                         digest pins it",
                        img.facts.family
                    ),
                    Some(tag) => format!(
                        "{what} uses `{}`; `{}` publishes no version tags, so only a digest \
                         pins it",
                        tag.value, img.facts.family
                    ),
                };
                cx.report(&Self::META, span, message)
                    .primary_label("changes with every rebuild of the image")
                    .help(format!("pin a digest: `{digest}`"));
                continue;
            }
            if let Some(line) = line_in_name(img) {
                let unpinned = match moving {
                    None => "has no tag or digest".to_string(),
                    Some(tag) => format!("uses `{}`", tag.value),
                };
                cx.report(
                    &Self::META,
                    span,
                    format!(
                        "{what} {unpinned}: it is the newest build of the `{line}` line its \
                         name carries, which moves with each release and rebuild of the line"
                    ),
                )
                .primary_label(format!("the newest `{line}` build"))
                .help(format!(
                    "pin a digest (`{digest}`), or a tag of one release (`{name}:{}`)",
                    img.facts
                        .tags
                        .version_format
                        .as_deref()
                        .unwrap_or("<major>.<minor>")
                        .replacen("<major>", line.trim_start_matches(|c: char| !c.is_ascii_digit()), 1)
                ));
                continue;
            }
            match moving {
                None => {
                    cx.report(
                        &Self::META,
                        span,
                        format!("{what} has no tag or digest, so it means `latest`"),
                    )
                    .primary_label("no tag: whatever `latest` is at build time")
                    .help(format!(
                        "pin a version tag (`{name}:<version>`), or a digest (`{digest}`)"
                    ));
                }
                Some(tag) => {
                    cx.report(
                        &Self::META,
                        span,
                        format!("{what} uses the moving tag `{}`", tag.value),
                    )
                    .primary_label("`latest` changes with every release")
                    .help(format!(
                        "pin a version tag (`{name}:<version>`), or add a digest (`{}@sha256:<digest>`)",
                        img.text
                    ));
                }
            }
        }
    }
}
