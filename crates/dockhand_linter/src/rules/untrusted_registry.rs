//! DH404: a pulled image from a registry that is not on the trusted list.
use super::prelude::*;
use crate::model::pinning::PulledBy;

declare_rule! {
    /// ## What it does
    /// Flags a registry image in `FROM` or `COPY --from=<image>` that does not come from one of
    /// the registries your configuration trusts. Finds nothing while that list is empty.
    /// Images with no registry host are Docker Hub images (`docker.io`), as
    /// `docker.io/library/alpine` is. Stages and `scratch` are not checked; an image that cannot
    /// be resolved (a variable with no value, a limit) is reported, since it may come from anywhere.
    ///
    /// ## Why is this bad?
    /// A base image is code that runs in your build and in production. Organisations mirror
    /// and scan approved images in their own registry; an image pulled from elsewhere skips
    /// that review, may vanish or change, and is a supply-chain risk (typosquatted names on
    /// public registries are a known attack).
    ///
    /// ## Example
    /// With `registries = ["gcr.io/my-org"]`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM gcr.io/my-org/alpine:3.20
    /// ```
    ///
    /// ## Configuration
    /// The trusted registries, in `dockhand.toml`. An entry is a registry host (`gcr.io`,
    /// `registry.example.com:5000`), a host and path prefix (`gcr.io/my-org`, matched at `/`
    /// boundaries), or `docker.io` for all of Docker Hub (`docker.io/library` for its official
    /// images only). hadolint's `trustedRegistries` patterns work too, on the host alone: `*`
    /// trusts every registry, `*.gcr.io` any host ending in `.gcr.io`, `my-company*` any host
    /// starting with `my-company` (a `.hadolint.yaml` is read into this list):
    ///
    /// ```toml
    /// [rules.untrusted-registry]
    /// registries = ["gcr.io/my-org", "docker.io/library"]
    /// ```
    pub UntrustedRegistry {
        code: "DH404",
        name: "untrusted-registry",
        severity: Warning,
        category: Security,
        summary: "a base image comes from a registry that is not trusted by the configuration",
        options: UntrustedRegistryOptions,
        aliases: ["DL3026"],
    }
}

rule_options! {
    /// Options of `untrusted-registry`.
    pub struct UntrustedRegistryOptions {
        /// The registries base images may come from: a host (`gcr.io`,
        /// `registry.example.com:5000`), a host and path prefix (`gcr.io/my-org`, matched at `/`
        /// boundaries), or `docker.io` for all of Docker Hub (`docker.io/library` for its
        /// official images only); or a host pattern with `*` at one end (`*.gcr.io`,
        /// `my-company*`, `*`), as in hadolint's `trustedRegistries`. There is no sensible
        /// default list.
        pub registries: Vec<String> = required,
    }
}

impl Rule for UntrustedRegistry {
    fn check(&self, cx: &mut Context<'_>) {
        let trusted = &cx.options::<UntrustedRegistryOptions>().registries;
        if trusted.is_empty() {
            return;
        }
        for img in cx.model().pulled_images() {
            if trusted.iter().any(|t| img.is_from_registry(t)) {
                continue;
            }
            let host = img.registry_host();
            let place = if host == "docker.io" {
                "Docker Hub (`docker.io`)".to_string()
            } else {
                format!("`{host}`")
            };
            let shown = match img.by {
                PulledBy::From(_) if img.from_args => {
                    format!("`{}` resolves to `{}`, which", img.written, img.text)
                }
                PulledBy::From(_) => format!("`{}`", img.text),
                PulledBy::CopyFrom(..) => format!("`--from={}`", img.text),
            };
            let list = trusted
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                &Self::META,
                img.name_span,
                format!("{shown} comes from {place}, not a trusted registry"),
            )
            .primary_label("not from a trusted registry")
            .help(format!(
                "pull it through a trusted registry ({list}), or add its registry to \
                 `[rules.untrusted-registry] registries` if it is approved"
            ));
        }
        // An image dockhand cannot resolve may come from anywhere: BuildKit resolves it and
        // pulls it, so a policy that skipped it could be walked around.
        for stage in &cx.model().stages {
            let BaseImage::Unresolved(word) = &stage.base else {
                continue;
            };
            let why = stage
                .unresolved_reason
                .clone()
                .unwrap_or_else(|| "it could not be resolved".to_string());
            cx.report(
                &Self::META,
                word.span,
                format!(
                    "the image `{}` could not be resolved, so it cannot be checked against the \
                     trusted registries: {why}",
                    crate::model::shorten(&word.value, 80)
                ),
            )
            .primary_label("registry unknown")
            .help(format!(
                "give the image as a literal reference from a trusted registry ({}), or set \
                 its variables with `--build-arg` so that dockhand sees the image",
                trusted
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}
