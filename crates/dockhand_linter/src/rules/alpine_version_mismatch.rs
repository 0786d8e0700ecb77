//! DH504: a binary built on one Alpine release is copied into a final image on another.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=<stage>` into the final image of a dynamically linked binary built
    /// on one Alpine release (`golang:1.22-alpine3.19`, `rust:1.79-alpine3.19`,
    /// `alpine:3.19`) when the final image is on another (`alpine:3.20`). Both releases must be
    /// known: from the tags, or, for a tag such as `golang:1.22.5-alpine` that names no Alpine
    /// release, from the image table, which knows which Alpine release each version's
    /// `-alpine` tag shipped on (the message then says "probably"). Binaries known to be static
    /// (`CGO_ENABLED=0`, `-static`, a Go 1.20+ Alpine image without a C compiler, Rust on musl)
    /// do not depend on the release and are not flagged; see `libc-mismatch` (DH501) for what counts as static evidence.
    ///
    /// ## Why is this bad?
    /// A dynamically linked binary records the shared libraries it was linked against by
    /// soname (`libssl.so.3`, `libstdc++.so.6`, `libcrypto.so.3`). Another Alpine release may
    /// ship other versions, or none, and the program then fails at start with
    /// `Error loading shared library`. Building and running on the same release, as the
    /// `golang:1.13.5-alpine3.10` / `alpine:3.10` pair does, keeps them in step.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.19 AS builder
    /// RUN apk add --no-cache build-base openssl-dev
    /// RUN gcc -o /out/app main.c -lssl
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /usr/local/bin/app
    /// ENTRYPOINT ["app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder
    /// RUN apk add --no-cache build-base openssl-dev
    /// RUN gcc -o /out/app main.c -lssl
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /usr/local/bin/app
    /// ENTRYPOINT ["app"]
    /// ```
    pub AlpineVersionMismatch {
        code: "DH504",
        name: "alpine-version-mismatch",
        severity: Info,
        category: Reproducibility,
        summary: "a binary built on one Alpine release is copied into a final image on another",
    }
}

impl Rule for AlpineVersionMismatch {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(final_id) = model.final_stage else {
            return;
        };
        let final_root = model.chain_root(final_id);
        let Some(final_version) = final_root.facts.alpine_version.as_deref() else {
            return;
        };
        for stage in model.chain(final_id) {
            for copy in &stage.copies {
                let Some(bin) = model.copied_binary(copy) else {
                    continue;
                };
                if !bin.build.is_dynamic() {
                    continue;
                }
                let build_root = model.chain_root(bin.build.stage);
                let Some(build_version) = build_root.facts.alpine_version.as_deref() else {
                    continue;
                };
                if build_version == final_version {
                    continue;
                }
                // `golang:1.22.5-alpine` names no release: the table knows the one it shipped on
                let inferred =
                    build_root.facts.alpine_version_inferred || final_root.facts.alpine_version_inferred;
                let built = if build_root.facts.alpine_version_inferred {
                    "is probably built on"
                } else {
                    "is built on"
                };
                let copied = if final_root.facts.alpine_version_inferred {
                    "copied into, probably,"
                } else {
                    "copied into"
                };
                let label_of = |f: &crate::model::images::ImageFacts, v: &str| {
                    if f.alpine_version_inferred {
                        format!("probably Alpine {v}: the Alpine release this version's `-alpine` tag shipped on")
                    } else {
                        format!("Alpine {v}")
                    }
                };
                let mut help = format!(
                    "build and run on the same Alpine release: use an `alpine{final_version}` \
                     builder, or move the final image to Alpine {build_version}"
                );
                if inferred {
                    help.push_str("; name the Alpine release in both tags to be sure");
                }
                cx.report(
                    &Self::META,
                    bin.source.span,
                    format!(
                        "{} {built} Alpine {build_version} (`{}`) and {copied} Alpine \
                         {final_version} (`{}`)",
                        match &bin.inner {
                            Some(inner) => format!("`{}` holds `{inner}`, which", bin.source.value),
                            None => format!("`{}`", bin.source.value),
                        },
                        build_root.base_word.value,
                        final_root.base_word.value
                    ),
                )
                .primary_label(format!(
                    "dynamically linked binary from stage `{}`",
                    model.stage(bin.from).display_name()
                ))
                .label(
                    build_root.base_word.span,
                    label_of(&build_root.facts, build_version),
                )
                .label(bin.build.word, "linked against this release's libraries")
                .label(
                    final_root.base_word.span,
                    label_of(&final_root.facts, final_version),
                )
                .help(help);
            }
        }
    }
}
