//! DL3067: `COPY --from=<stage> / /`.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=…` whose source is `/` and whose destination is `/`. Off by
    /// default.
    ///
    /// ## Why is this off by default?
    /// On the corpus nearly every `COPY --from=… / /` copies a helper image made for exactly
    /// that (`tonistiigi/xx`, `docker/docker`'s binaries in a scratch image): the files land
    /// where they belong and nothing is overwritten. The rule is right only when the source is
    /// a full distribution, which the Dockerfile does not show.
    ///
    /// ## Why can it be bad?
    /// Copying a whole root filesystem over another merges two distributions: the package
    /// database, `/etc/passwd`, libraries and the dynamic loader of the source replace the
    /// destination's, so neither the package manager nor the user list describe the image any
    /// more. Copy the directories the application needs instead, or build `FROM` that stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12-slim
    /// COPY --from=build / /
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12-slim
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    pub CopyEntireFilesystem {
        code: "DL3067",
        name: "copy-entire-filesystem",
        severity: Warning,
        category: Correctness,
        summary: "COPY --from copies a whole root filesystem over the image's",
        enabled_by_default: false,
        mirrors: "hadolint DL3067",
    }
}

impl Rule for CopyEntireFilesystem {
    fn check(&self, cx: &mut Context<'_>) {
        for stage in &cx.model().stages {
            for c in &stage.copies {
                let Some(from) = &c.from else { continue };
                let root = |s: &str| s.trim_matches(['"', '\'']) == "/";
                if !c.sources.iter().any(|s| root(&s.value)) || !c.dest.as_ref().is_some_and(|d| root(&d.value)) {
                    continue;
                }
                cx.report(
                    &Self::META,
                    c.keyword,
                    format!("`COPY --from={} / /` copies that whole filesystem over this image's", from.value),
                )
                .primary_label("whole filesystem")
                .help(format!("copy only the paths you need from `{}`, or build `FROM {}`", from.value, from.value));
            }
        }
    }
}
