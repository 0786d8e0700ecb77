//! DH403: a pulled image without an `@sha256:` digest (opt-in policy).
use super::prelude::*;
use crate::model::pinning::PulledBy;

declare_rule! {
    /// ## What it does
    /// Flags every registry image in `FROM` (and `COPY --from=<image>`) that is not pinned by
    /// an `@sha256:` digest. Stages, `scratch` and images that cannot be resolved are not
    /// checked. Off by default: select it when your policy is a digest on every base image.
    ///
    /// ## Why restrict this?
    /// Every tag, even `1.22.5-alpine3.20`, can be pushed again: images are rebuilt for
    /// security fixes, and a registry or a mirror can serve something else under the same
    /// name. Only a digest names exactly one image, so the build is reproducible and what was
    /// scanned is what is shipped. Keep the tag in front of the digest for readers; tools such
    /// as Renovate and Dependabot update both.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
    /// ```
    pub BaseImageWithoutDigest {
        code: "DH403",
        name: "base-image-without-digest",
        severity: Info,
        category: Reproducibility,
        summary: "a base image is not pinned by digest (a policy for teams that require digests)",
        enabled_by_default: false,
        shipped_image: true,
    }
}

impl Rule for BaseImageWithoutDigest {
    fn check(&self, cx: &mut Context<'_>) {
        for img in cx.model().pulled_images() {
            if img.digest.is_some() {
                continue;
            }
            let span = img.tag.as_ref().map_or(img.name_span, |t| t.span);
            let shown = match img.by {
                PulledBy::From(_) => format!("`{}`", img.text),
                PulledBy::CopyFrom(..) => format!("`--from={}`", img.text),
            };
            let with_tag = match &img.tag {
                Some(t) => format!("{}:{}", img.repository(), t.value),
                None => format!("{}:<tag>", img.repository()),
            };
            cx.report(
                &Self::META,
                span,
                format!("{shown} is not pinned by digest"),
            )
            .primary_label("a tag can be pushed again")
            .help(format!(
                "write `{with_tag}@sha256:<digest>`; `docker buildx imagetools inspect {}` shows the digest",
                img.text
            ));
        }
    }
}
