//! DL3000: a relative `WORKDIR`, anywhere in the file.
use super::prelude::*;
use crate::model::images::Os;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags every `WORKDIR` whose path is relative (`WORKDIR src`), hadolint's DL3000.
    /// Paths that start with a variable are not flagged (their value may be absolute), and
    /// for Windows images `C:\app` and `\app` count as absolute.
    ///
    /// Off by default: DH013 (BuildKit's WorkdirRelativePath) is the precise check and is on.
    /// It flags a relative `WORKDIR` only while no `WORKDIR` of the stage, or of the stages it
    /// is built `FROM`, has set the directory, which is when the path depends on the base
    /// image. A later `WORKDIR src` after `WORKDIR /app` is `/app/src`, fixed by the file
    /// itself; this rule flags it as well, as a matter of style. Not an alias of DH013, since
    /// the two disagree on those later relative paths (3 of hadolint's 12 findings on the
    /// corpus); select DL3000 to ask for absolute paths everywhere.
    ///
    /// ## Why is this bad?
    /// A relative path is resolved against whatever directory is current, so a reader has to
    /// follow every earlier `WORKDIR` (and the base image's) to know where files go; an
    /// absolute path says it at once.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-alpine
    /// WORKDIR /srv
    /// WORKDIR app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-alpine
    /// WORKDIR /srv/app
    /// ```
    ///
    /// ## Differences from hadolint
    /// `\app` in a Windows image counts as absolute (hadolint flags it).
    pub AbsoluteWorkdir {
        code: "DL3000",
        name: "absolute-workdir",
        severity: Warning,
        category: Style,
        summary: "a `WORKDIR` path is relative",
        enabled_by_default: false,
        mirrors: "hadolint DL3000",
    }
}

pub(crate) fn is_absolute(path: &str, os: Os) -> bool {
    if path.starts_with('/') || path.starts_with('$') {
        return true;
    }
    let b = path.as_bytes();
    // a drive letter, as hadolint accepts on any image
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return true;
    }
    os == Os::Windows && path.starts_with('\\')
}

impl Rule for AbsoluteWorkdir {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                if ins.kind != Kind::Workdir {
                    continue;
                }
                let Some(w) = ins.args.first() else { continue };
                let path = w.value.trim_matches(|c| c == '"' || c == '\'');
                if path.is_empty() || is_absolute(path, stage.facts.os) {
                    continue;
                }
                // after an earlier WORKDIR of the stage, the model knows where this one is
                let earlier = stage.workdirs.iter().any(|(i, _)| *i < idx);
                let resolved = stage.workdirs.iter().find(|(i, _)| *i == idx);
                let help = match resolved {
                    Some((_, dir)) if earlier && !dir.contains('$') => {
                        let mut d = dir.replace("/./", "/");
                        while d.contains("//") {
                            d = d.replace("//", "/");
                        }
                        format!("write the absolute path, `WORKDIR {d}`")
                    }
                    _ => format!(
                        "write an absolute path, e.g. `WORKDIR /{}`",
                        path.trim_start_matches("./")
                    ),
                };
                cx.report(&Self::META, w.span, format!("`WORKDIR {path}` is a relative path"))
                    .primary_label("relative path")
                    .help(help);
            }
        }
    }
}
