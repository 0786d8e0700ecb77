//! DL3045: COPY to a relative destination before any WORKDIR.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` to a relative destination (`COPY app.py .`) in a stage where no
    /// `WORKDIR` has been set yet (in the stage or the stages it is built `FROM`).
    ///
    /// ## Why is this bad?
    /// A relative destination is relative to the base image's working directory, which the
    /// Dockerfile does not state and which can change when the base image changes (most
    /// images leave it at `/`). A `WORKDIR` before the COPY makes the destination explicit.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py .
    /// ```
    ///
    /// ## Differences from hadolint
    /// A WORKDIR is inherited through `FROM <stage>` by stage, as BuildKit does. Stages built
    /// on `scratch` are not flagged: there the working directory can only be `/`.
    pub CopyRelativeWithoutWorkdir {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        severity: Warning,
        category: Correctness,
        summary: "COPY to a relative destination with no WORKDIR set",
        mirrors: "hadolint DL3045",
    }
}

impl Rule for CopyRelativeWithoutWorkdir {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            let inherited = model.chain(stage.id).iter().skip(1).any(|s| !s.workdirs.is_empty());
            // `scratch` has no base image to set another directory: `/` is certain
            if matches!(model.chain_root(stage.id).base, BaseImage::Scratch) {
                continue;
            }
            for c in stage.copies.iter().filter(|c| c.kind == crate::parse::Kind::Copy) {
                let Some(dest) = &c.dest else { continue };
                let d = dest.value.trim_matches(['"', '\'']);
                let windows_abs = d.len() >= 2 && d.as_bytes()[0].is_ascii_alphabetic() && d.as_bytes()[1] == b':';
                if inherited || d.starts_with('/') || d.starts_with('$') || windows_abs {
                    continue;
                }
                if stage.workdirs.iter().any(|(idx, _)| *idx < c.instruction) {
                    continue;
                }
                cx.report(&Self::META, dest.span, format!("`COPY` to the relative `{d}` with no WORKDIR set"))
                    .primary_label("relative to the base image's working directory")
                    .help(format!("put `WORKDIR /app` (or the directory you mean) before this COPY, or write an absolute destination instead of `{d}`"));
            }
        }
    }
}
