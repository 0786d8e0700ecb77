//! DH506: a dynamically linked binary built on a newer glibc than the final image has.
use super::libc_mismatch::root_image;
use super::prelude::*;
use crate::model::images::{Libc, Os};
use crate::model::releases::{glibc_of, repository, version_key, ReleaseFact, Via};

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=<stage>` into the final image of a binary built in that stage
    /// when both images use glibc and the build image's glibc is newer than the final
    /// image's: built on `golang:1.22` (Debian 12, glibc 2.36) and run on `debian:11`
    /// (glibc 2.31), on `ubuntu:24.04` (2.39) and run on `ubuntu:22.04` (2.35), on UBI 9
    /// (2.34) and run on UBI 8 (2.28).
    ///
    /// The glibc version of each Debian, Ubuntu, CentOS, UBI and Amazon Linux release is in
    /// the release-line table (docs/releases.md), with its source. An image is placed on a
    /// release by its name or tag (`debian:bullseye`, `python:3.12-slim-bookworm`,
    /// `gcr.io/distroless/cc-debian12`); a toolchain tag without a suite (`golang:1.22`,
    /// `rust:1.80`) is placed on the Debian release that was that version's default, which the
    /// message marks as "probably". The evidence of dynamic linking is the same as for
    /// `libc-mismatch` (DH501): nothing fires for `CGO_ENABLED=0`, `-static`, a musl target,
    /// `+crt-static` or cross-compiled Go, nor when either glibc version is unknown.
    ///
    /// On by default: where both versions are known the binary links against symbols of the
    /// newer glibc in the common case (any cgo program built on glibc 2.34 or later needs
    /// `GLIBC_2.34`, since `libpthread` was merged into `libc` then).
    ///
    /// ## Why is this bad?
    /// A binary linked on a newer glibc records the symbol versions it was linked against.
    /// On an older glibc the loader refuses to start it: `/app: /lib/x86_64-linux-gnu/libc.so.6:
    /// version 'GLIBC_2.34' not found (required by /app)`. The image builds fine; the container
    /// dies at start.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-bookworm AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/app .
    /// FROM debian:bullseye-slim
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ENTRYPOINT ["app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-bullseye AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/app .
    /// FROM debian:bullseye-slim
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ENTRYPOINT ["app"]
    /// ```
    pub GlibcVersionMismatch {
        code: "DH506",
        name: "glibc-version-mismatch",
        severity: Warning,
        category: Portability,
        summary: "a dynamically linked binary is built on a newer glibc than the final image has",
    }
}

/// `glibc 2.36 (debian 12 (bookworm))`, with "probably" for an inferred release.
fn describe(glibc: &str, f: &ReleaseFact) -> String {
    match f.via {
        Via::BasedOn => format!("glibc {glibc}, probably: {} is its default", f.display()),
        _ => format!("glibc {glibc}, {}", f.display()),
    }
}

impl Rule for GlibcVersionMismatch {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(final_id) = model.final_stage else {
            return;
        };
        let final_stage = model.stage(final_id);
        if final_stage.facts.os != Os::Linux || final_stage.facts.libc != Libc::Glibc {
            return;
        }
        let Some((final_glibc, final_fact)) = glibc_of(&final_stage.releases) else {
            return;
        };
        let (final_image, final_span) = root_image(model, final_id);
        for stage in model.chain(final_id) {
            for copy in &stage.copies {
                let Some(bin) = model.copied_binary(copy) else {
                    continue;
                };
                if !bin.build.is_dynamic() {
                    continue;
                }
                let build_stage = model.stage(bin.build.stage);
                if build_stage.facts.os != Os::Linux || build_stage.facts.libc != Libc::Glibc {
                    continue;
                }
                let Some((build_glibc, build_fact)) = glibc_of(&build_stage.releases) else {
                    continue;
                };
                if version_key(build_glibc) <= version_key(final_glibc) {
                    continue;
                }
                let (build_image, build_span) = root_image(model, bin.build.stage);
                let path = match &bin.inner {
                    Some(inner) => format!("`{}` holds `{inner}`, which", bin.source.value),
                    None => format!("`{}`", bin.source.value),
                };
                let builder = model.stage(bin.from).display_name();
                // Building on the final image's release keeps the binary dynamic and makes it
                // start: a `-bullseye` tag of the builder image for `debian:bullseye-slim`.
                let same_release = match (
                    &model.chain_root(bin.build.stage).base,
                    final_fact.line.aliases.first(),
                ) {
                    (BaseImage::Registry(img), Some(alias)) if final_fact.product.suite => {
                        let repo = repository(img.registry.as_deref(), &img.name);
                        Some(format!("a `-{alias}` tag of `{repo}`, where one is published"))
                    }
                    _ => None,
                };
                let help = match same_release {
                    Some(b) => format!(
                        "build on the final image's release ({b}), move the final image to a \
                         release with glibc {build_glibc} or newer, or build a static binary"
                    ),
                    None => format!(
                        "build on an image with glibc {final_glibc} (the final image's release), \
                         move the final image to a release with glibc {build_glibc} or newer, or \
                         build a static binary"
                    ),
                };
                cx.report(
                    &Self::META,
                    bin.source.span,
                    format!(
                        "{path} is built on `{build_image}` ({}) and copied into \
                         `{final_image}` ({}): it fails at start with \
                         `version 'GLIBC_…' not found` when it uses a symbol newer than glibc \
                         {final_glibc}",
                        describe(build_glibc, &build_fact),
                        describe(final_glibc, &final_fact),
                    ),
                )
                .primary_label(format!("dynamically linked binary from stage `{builder}`"))
                .help(help)
                .label(build_span, format!("glibc {build_glibc} here"))
                .label(bin.build.word, "linked dynamically here")
                .label(final_span, format!("glibc {final_glibc} here"));
            }
        }
    }
}
