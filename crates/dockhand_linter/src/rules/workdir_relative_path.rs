//! DH013: the first `WORKDIR` of a build is relative.
use super::prelude::*;
use crate::model::images::Os;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a relative `WORKDIR` (`WORKDIR app`) when no earlier `WORKDIR` of the stage, or
    /// of the stages it is built `FROM`, set the directory: BuildKit's WorkdirRelativePath.
    /// Later relative `WORKDIR`s are not flagged, since they are relative to a directory the
    /// file itself chose (hadolint's DL3000 flags every relative `WORKDIR`; this rule does
    /// not). Paths that start with a variable are not flagged (their value may be absolute),
    /// and for Windows images `C:\app` and `\app` count as absolute.
    ///
    /// ## Why is this bad?
    /// A relative first `WORKDIR` is resolved against the base image's working directory,
    /// which the base image may change in any release; an absolute path says where files go.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR app
    /// COPY . .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// COPY . .
    /// ```
    pub WorkdirRelativePath {
        code: "DH013",
        name: "workdir-relative-path",
        severity: Warning,
        category: Correctness,
        summary: "the first `WORKDIR` of a stage is relative to the base image's directory",
        aliases: ["WorkdirRelativePath"],
    }
}

fn is_absolute(path: &str, os: Os) -> bool {
    if path.starts_with('/') {
        return true;
    }
    if os == Os::Windows {
        let b = path.as_bytes();
        return path.starts_with('\\') || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':');
    }
    false
}

impl Rule for WorkdirRelativePath {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // whether a WORKDIR was set by the file by the end of each stage (inherited through
        // `FROM <stage>`, as BuildKit carries it)
        let mut set_at_end = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut set = match stage.base {
                BaseImage::Stage(p) => set_at_end.get(p.0).copied().unwrap_or(false),
                _ => false,
            };
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                if ins.kind != Kind::Workdir {
                    continue;
                }
                let Some(w) = ins.args.first() else { continue };
                let path = w.value.trim_matches(|c| c == '"' || c == '\'');
                if !set && !path.starts_with('$') && !is_absolute(path, stage.facts.os) {
                    cx.report(
                        &Self::META,
                        w.span,
                        format!("`WORKDIR {path}` is relative to the working directory of `{}`", stage.base_word.value),
                    )
                    .help(format!("write an absolute path, e.g. `WORKDIR /{}`", path.trim_start_matches("./")));
                }
                set = true;
            }
            set_at_end.push(set);
        }
    }
}
