//! Paths inside the image: the WORKDIR in effect at an instruction, absolute and normalised
//! paths for COPY destinations and RUN operands, and whether one path lies inside another.
//! Model layer: no findings are produced here.

use super::expand::expand;
use super::{CopyFact, Model, Stage, StageId};

impl Model {
    /// The WORKDIR in effect at instruction `instruction` of stage `id` (inherited through
    /// `FROM <stage>`); `/` when none is set, as Docker does.
    pub fn workdir_at(&self, id: StageId, instruction: usize) -> &str {
        let stage = self.stage(id);
        if let Some((_, path)) = stage
            .workdirs
            .iter()
            .rev()
            .find(|(idx, _)| *idx < instruction)
        {
            return path;
        }
        match stage.base {
            // a parent stage's WORKDIR at its end is what this stage starts with
            super::BaseImage::Stage(p) if p.0 < id.0 => self
                .stage(p)
                .workdir
                .as_ref()
                .map_or("/", |w| w.value.as_str()),
            _ => "/",
        }
    }

    /// `path` as an absolute, normalised path in stage `id` at `instruction`: relative paths
    /// are resolved against the WORKDIR, `$VAR` and `${VAR}` are substituted from the stage's
    /// ENV and ARG values. `None` when a variable cannot be resolved or the path is empty.
    pub fn image_path(&self, id: StageId, instruction: usize, path: &str) -> Option<String> {
        let stage = self.stage(id);
        let expanded = if path.contains('$') {
            let e = expand(path, '\\', &|n| stage_value(stage, n));
            if !e.is_resolved() {
                return None;
            }
            e.text
        } else {
            path.to_string()
        };
        if expanded.is_empty() {
            return None;
        }
        let joined = if expanded.starts_with('/') {
            expanded
        } else {
            format!("{}/{}", self.workdir_at(id, instruction), expanded)
        };
        Some(normalize(&joined))
    }
}

impl CopyFact {
    /// The absolute destination this COPY/ADD writes to (a file or a directory).
    pub fn dest_path(&self, model: &Model, stage: StageId) -> Option<String> {
        let dest = self.dest.as_ref()?;
        model.image_path(stage, self.instruction, &dest.value)
    }
}

/// The last `/`-separated segment of `path` (`/usr/sbin/gosu` → `gosu`), the whole text when
/// it has none: what `path.rsplit('/').next()` gives. Command names and paths are short and this
/// runs for most words of every script: a byte search from the end costs a fraction of the
/// generic `char` searcher's setup.
pub fn file_name(path: &str) -> &str {
    match path.bytes().rposition(|b| b == b'/') {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

fn stage_value(stage: &Stage, name: &str) -> Option<super::expand::Value> {
    stage
        .env_var(name)
        .or_else(|| stage.arg(name))
        .map(|v| v.value.clone())
}

/// `/a//b/./c/../d/` → `/a/b/d`. The root stays `/`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Whether `path` is `dir` or lies below it (both absolute and normalised).
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelOptions;
    use crate::parse::parse;

    #[test]
    fn normalizes() {
        assert_eq!(normalize("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize("/.."), "/");
    }

    #[test]
    fn within() {
        assert!(is_within("/app/x", "/app"));
        assert!(is_within("/app", "/app"));
        assert!(!is_within("/application", "/app"));
        assert!(is_within("/etc/passwd", "/"));
    }

    #[test]
    fn workdir_and_relative_paths() {
        let src = "FROM alpine AS a\nWORKDIR /srv\nENV D=data\nFROM a\nCOPY x ./$D/\nWORKDIR sub\nRUN chmod -R 755 .\n";
        let m = Model::build(parse(src), &ModelOptions::default());
        let b = &m.stages[1];
        let c = &b.copies[0];
        assert_eq!(c.dest_path(&m, b.id).as_deref(), Some("/srv/data"));
        let run = &b.runs[0];
        assert_eq!(m.workdir_at(b.id, run.instruction), "/srv/sub");
        assert_eq!(
            m.image_path(b.id, run.instruction, ".").as_deref(),
            Some("/srv/sub")
        );
        assert_eq!(m.image_path(b.id, run.instruction, "$NOPE/x"), None);
    }

    #[test]
    fn file_name_is_the_last_segment() {
        for p in [
            "/usr/sbin/gosu",
            "gosu",
            "",
            "/",
            "dir/",
            "a//b",
            "./x",
            "é/ü",
        ] {
            assert_eq!(file_name(p), p.rsplit('/').next().unwrap_or(p), "{p:?}");
        }
        assert_eq!(file_name("/usr/sbin/gosu"), "gosu");
        assert_eq!(file_name("dir/"), "");
    }
}
