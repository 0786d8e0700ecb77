//! DL3010: a local tar archive is copied in and then extracted by a RUN.
use super::hadolint_support::posix_stage;
use super::prelude::*;
use crate::model::Command;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` of a tar archive from the build context (`app.tar.gz`, `.tgz`,
    /// `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz`, `.tar`) that a later `RUN` of the same stage
    /// extracts with `tar -x` (`tar xzf`, `--extract`, `--get`), naming the archive.
    ///
    /// Not flagged: a `tar` that `ADD` could not replace: one that extracts only some members
    /// (names after the archive), strips path components (`--strip-components`), filters
    /// (`--exclude`, `--wildcards`, `--transform`) or writes to standard output (`-O`).
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it, so the image holds
    /// it twice: packed and unpacked. `ADD` of a local tar archive unpacks it into the
    /// destination in one layer, and nothing else is kept.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also asks for `ADD` when the archive is a `.zip`, a `.gz` that is no tar, or
    /// is unpacked by `unzip`, `gunzip`, `unxz` and the like; `ADD` does not unpack those, so
    /// the advice would not work, and dockhand flags tar archives only. hadolint takes any
    /// option word with an `x` in it for extraction (`--exclude` too) and misses `tar xzf`
    /// without a dash; dockhand reads the operation letter. Stages of Windows images are not
    /// checked.
    pub CopyThenExtract {
        code: "DL3010",
        name: "copy-then-extract",
        severity: Info,
        category: Size,
        summary: "a local tar archive is `COPY`'d and then extracted: `ADD` unpacks it in one layer",
        mirrors: "hadolint DL3010",
    }
}

const TAR_EXTENSIONS: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
];

fn basename(p: &str) -> &str {
    p.trim_matches(|c| c == '"' || c == '\'')
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(p)
}

fn is_tar(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TAR_EXTENSIONS.iter().any(|e| lower.ends_with(e)) && lower.len() > 4
}

/// Options that take the next word as their value.
const WITH_VALUE: &[&str] = &["-C", "--directory", "-f", "--file", "-T", "--files-from", "-X", "--exclude-from", "-b", "--blocking-factor", "--owner", "--group", "--mode", "-H", "--format"];
/// Options after which `ADD` cannot do what the `tar` does.
const SELECTIVE: &[&str] = &["--strip-components", "--strip", "--exclude", "--wildcards", "--transform", "--xform", "-O", "--to-stdout", "--to-command", "-T", "--files-from", "-X", "--exclude-from", "-K", "--starting-file", "-N", "--newer"];

/// Whether a `tar` command extracts `archive` (a basename) as a whole.
fn extracts_whole(c: &Command, archive: &str) -> bool {
    let args = c.args();
    let Some(first) = args.first() else { return false };
    // `tar xzf a.tgz`: the first word is the operation letters without a dash
    let old_style = !first.value.starts_with('-') && first.value.contains('x')
        && first.value.chars().all(|ch| ch.is_ascii_alphabetic());
    let mut extract = old_style;
    let mut names_archive = false;
    let mut members = 0;
    let mut skip_next = old_style && first.value.contains('f');
    for (i, w) in args.iter().enumerate() {
        if i == 0 && old_style {
            continue;
        }
        let v = w.value.as_str();
        let key = v.split_once('=').map_or(v, |(k, _)| k);
        if SELECTIVE.contains(&key) {
            return false;
        }
        if skip_next {
            skip_next = false;
            if basename(v) == archive {
                names_archive = true;
            }
            continue;
        }
        if v == "--extract" || v == "--get" {
            extract = true;
        } else if let Some(short) = v.strip_prefix('-').filter(|s| !s.starts_with('-')) {
            if short.contains('x') {
                extract = true;
            }
            if short.contains('O') || short.contains('T') || short.contains('X') {
                return false;
            }
            // `-xzf a.tgz`, `-C /opt`: a value follows when the group ends in such a letter
            if short.ends_with(['f', 'C', 'b', 'H']) || WITH_VALUE.contains(&v) {
                skip_next = true;
            }
        } else if v.starts_with("--") {
            if WITH_VALUE.contains(&key) && !v.contains('=') {
                skip_next = true;
            }
            if key == "--file" && basename(v.split_once('=').map_or("", |(_, f)| f)) == archive {
                names_archive = true;
            }
        } else if basename(v) == archive {
            names_archive = true;
        } else {
            members += 1;
        }
    }
    extract && names_archive && members == 0
}

/// The directory a `tar` extracts into (`-C dir`, `--directory=dir`), if it says.
fn tar_dir(c: &Command) -> Option<String> {
    let args = c.args();
    for (i, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if let Some(d) = v.strip_prefix("--directory=") {
            return Some(d.to_string());
        }
        if v == "-C" || v == "--directory" {
            return args.get(i + 1).map(|d| d.value.clone());
        }
    }
    None
}

/// One `tar` that extracts an archive as a whole: the RUN's instruction, the command's span and
/// the directory it unpacks into, if the RUN says.
struct Extraction {
    instruction: usize,
    span: Span,
    dir: Option<String>,
}

/// Every whole-archive extraction of a stage, by archive basename, in instruction order. Each
/// `tar` is read once (commands longer than any real `tar` are skipped), so the rule stays
/// linear in the file.
fn extractions(stage: &Stage) -> std::collections::HashMap<String, Vec<Extraction>> {
    let mut out: std::collections::HashMap<String, Vec<Extraction>> = Default::default();
    for r in &stage.runs {
        for c in r.commands_named("tar") {
            if c.args().len() > 64 {
                continue;
            }
            let mut names: Vec<&str> = c
                .args()
                .iter()
                .map(|w| basename(w.value.split_once('=').map_or(&w.value, |(_, v)| v)))
                .filter(|b| is_tar(b))
                .collect();
            names.dedup();
            for name in names {
                if !extracts_whole(c, name) {
                    continue;
                }
                // `cd /opt && tar xzf …`: the directory of the last `cd` before it
                let cd = r
                    .commands
                    .iter()
                    .take_while(|x| x.span.start < c.span.start)
                    .filter(|x| x.name() == Some("cd"))
                    .filter_map(|x| x.operands().next().map(|d| d.value.clone()))
                    .last();
                out.entry(name.to_string()).or_default().push(Extraction {
                    instruction: r.instruction,
                    span: c.span,
                    dir: tar_dir(c).or(cd),
                });
            }
        }
    }
    out
}

impl Rule for CopyThenExtract {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in model.stages.iter().filter(|s| posix_stage(s)) {
            let copies_tar = stage.copies.iter().any(|c| {
                c.sources.iter().any(|s| is_tar(basename(&s.value)))
                    || c.dest.as_ref().is_some_and(|d| is_tar(basename(&d.value)))
            });
            if !copies_tar {
                continue;
            }
            let by_name = extractions(stage);
            for copy in &stage.copies {
                if copy.kind != crate::parse::Kind::Copy
                    || copy.source != CopySource::Context
                    || copy.heredoc
                {
                    continue;
                }
                // the archive's name in the image: the destination's when it names a file
                let dest_name = copy
                    .dest
                    .as_ref()
                    .map(|d| basename(&d.value))
                    .filter(|d| is_tar(d));
                let archives: Vec<(&str, Span)> = match dest_name {
                    Some(d) => copy.sources.first().map(|s| (d, s.span)).into_iter().collect(),
                    None => copy
                        .sources
                        .iter()
                        .map(|s| (basename(&s.value), s.span))
                        .filter(|(b, _)| is_tar(b))
                        .collect(),
                };
                for (archive, span) in archives {
                    let Some(list) = by_name.get(archive) else { continue };
                    let at = list.partition_point(|e| e.instruction <= copy.instruction);
                    let Some(e) = list.get(at) else { continue };
                    let line = cx.line_of(e.span.start);
                    // where the tar unpacks: its `-C` or `cd`, else the working directory
                    let dir = e.dir.clone().or_else(|| {
                        stage
                            .workdirs
                            .iter()
                            .rev()
                            .find(|(i, _)| *i < e.instruction)
                            .map(|(_, d)| d.clone())
                    });
                    let dir = dir.unwrap_or_else(|| "/".to_string());
                    let source = copy.sources.first().map_or(archive, |s| s.value.as_str());
                    cx.report(
                        &Self::META,
                        span,
                        format!("`{archive}` is copied into the image and then extracted by the `tar` on line {line}"),
                    )
                    .primary_label("archive kept in the COPY layer")
                    .label(e.span, "extracted here")
                    .help(format!(
                        "replace the COPY and the `tar` with `ADD {source} {}/`, which unpacks a local tar archive, and drop the `rm` of the archive",
                        dir.trim_end_matches('/')
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives() {
        assert!(is_tar("app.tar.gz") && is_tar("x.TGZ") && is_tar("a.tar"));
        assert!(!is_tar("app.zip") && !is_tar("x.gz") && !is_tar(".tar"));
        assert_eq!(basename("\"/tmp/a.tgz\""), "a.tgz");
    }
}
