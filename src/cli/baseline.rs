//! The baseline: `dockhand baseline` writes the current findings to a file, and
//! `dockhand --baseline FILE` reports only the findings that are not in it, so that a
//! repository with many existing findings can adopt dockhand and fail on new ones only.
//!
//! A finding is known by a fingerprint that survives lines moving: its rule code, its file's
//! path, its stage (the `AS` name, or the stage's index when it has none), the normalised
//! content of the instruction it is reported at (whitespace collapsed, continuations joined),
//! and which occurrence it is among findings with the same four (two `latest` tags in one
//! stage's identical FROM lines stay two). Line numbers are stored for people, not matched.

use super::{display_path, gather, settings, tool_error, write_stdout, LintArgs};
use crate::parse::{self, Kind};
use crate::report::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default file `dockhand baseline` writes.
pub(super) const DEFAULT_FILE: &str = "dockhand-baseline.json";

/// The value of the format key this version reads and writes.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "dockhand-baseline")]
    format: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// What is matched.
    fingerprint: String,
    /// For people reading the file: where the finding was and what it said.
    code: String,
    path: String,
    line: usize,
    message: String,
}

/// A baseline read from a file.
pub(super) struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline; the error names the file and what is wrong with it.
    pub(super) fn read(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let text = crate::source::read_file(path, crate::source::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| format!("cannot read the baseline {shown}: {}", e.message))?
            .text;
        let probe: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            format!("the baseline {shown} is not JSON ({e}); `dockhand baseline -o {shown}` writes a new one")
        })?;
        match probe.get("dockhand-baseline").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(FORMAT) => {}
            Some(v) => {
                return Err(format!(
                    "the baseline {shown} has format {v}, and this dockhand reads format {FORMAT}; `dockhand baseline -o {shown}` writes a new one"
                ))
            }
            None => {
                return Err(format!(
                    "{shown} is not a dockhand baseline (no \"dockhand-baseline\": {FORMAT} key); `dockhand baseline -o {shown}` writes one"
                ))
            }
        }
        let file: File = serde_json::from_value(probe).map_err(|e| {
            format!("the baseline {shown} is malformed ({e}); `dockhand baseline -o {shown}` writes a new one")
        })?;
        Ok(Baseline {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Removes the findings the baseline holds; returns how many it removed.
    pub(super) fn filter(&self, reports: &mut [FileReport]) -> usize {
        let mut hidden = 0;
        for r in reports.iter_mut() {
            if r.diagnostics.is_empty() {
                continue;
            }
            let prints = fingerprints(r);
            let mut keep = prints.iter().map(|p| !self.fingerprints.contains(p));
            let before = r.diagnostics.len();
            r.diagnostics.retain(|_| keep.next().unwrap_or(true));
            hidden += before - r.diagnostics.len();
        }
        hidden
    }
}

/// The line told after the summary.
pub(super) fn hidden_line(file: &Path, n: usize) -> String {
    let findings = if n == 1 { "finding" } else { "findings" };
    format!(
        "{n} {findings} hidden by the baseline {}\n",
        crate::report::escape_control(&file.to_string_lossy())
    )
}

/// The fingerprint of each finding of a report, in the order of its diagnostics.
fn fingerprints(report: &FileReport) -> Vec<String> {
    let text = report.source.as_deref().unwrap_or("");
    let df = parse::parse(text);
    // the stage of each instruction: the `AS` name of the FROM that starts it, else its index
    let mut stage_of = Vec::with_capacity(df.instructions.len());
    let mut stage = String::from("-");
    let mut index = 0usize;
    for i in &df.instructions {
        if i.kind == Kind::From {
            let name = i
                .args
                .iter()
                .position(|w| w.value.eq_ignore_ascii_case("as"))
                .and_then(|at| i.args.get(at + 1))
                .map(|w| w.value.to_ascii_lowercase());
            stage = name.unwrap_or_else(|| format!("#{index}"));
            index += 1;
        }
        stage_of.push(stage.clone());
    }
    let mut seen: HashMap<u64, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.span.start;
            // the instruction that holds the finding, else the line it is on (a comment, the
            // top of the file)
            let n = df.instructions.partition_point(|i| i.span.start <= at);
            let holder = n
                .checked_sub(1)
                .filter(|&k| df.instructions[k].span.end >= at);
            let whole_file = d.primary.span.start == 0 && d.primary.span.end == 0;
            let (stage, content) = match holder {
                Some(k) => {
                    let s = df.instructions[k].span;
                    (stage_of[k].as_str(), text.get(s.start..s.end).unwrap_or(""))
                }
                None if whole_file => ("-", ""),
                None => {
                    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    let stage = n.checked_sub(1).map_or("-", |k| stage_of[k].as_str());
                    (stage, text.get(start..end).unwrap_or(""))
                }
            };
            let key = [d.code, report.path.as_str(), stage, &normalise(content)].join("\u{0}");
            let h = fnv1a(key.as_bytes());
            let occurrence = seen.entry(h).or_default();
            *occurrence += 1;
            format!("{h:016x}-{occurrence}")
        })
        .collect()
}

/// Whitespace runs to one space, line continuations (`\` or a backtick before a newline)
/// removed.
fn normalise(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for word in content.split_whitespace() {
        if word == "\\" || word == "`" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// FNV-1a, 64 bits: stable across versions and platforms (std's hasher is not).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `dockhand baseline [PATHS] [-o FILE]`.
pub(super) fn run(args: &LintArgs) -> ExitCode {
    if args.baseline.is_some() || args.watch || !args.format.is_empty() || args.statistics {
        return tool_error(
            "`dockhand baseline` writes every current finding: it takes paths, selection and configuration options, and `-o FILE`; not --baseline, --watch, --format or --statistics",
        );
    }
    let settings = match settings(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let reports = gather(args, &settings, None).reports;
    let out: PathBuf = args
        .output_file
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
    let mut findings = Vec::new();
    for r in &reports {
        let lines = r.lines.clone().unwrap_or_else(|| {
            std::sync::Arc::new(crate::source::LineIndex::new(
                r.source.as_deref().unwrap_or(""),
            ))
        });
        for (d, fingerprint) in r.diagnostics.iter().zip(fingerprints(r)) {
            findings.push(Entry {
                fingerprint,
                code: d.code.to_string(),
                path: r.path.clone(),
                line: lines.line_of(d.primary.span.start) + 1,
                message: d.message.clone(),
            });
        }
    }
    let errors: Vec<&FileReport> = reports.iter().filter(|r| r.error.is_some()).collect();
    let n = findings.len();
    let files = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let file = File {
        format: FORMAT,
        findings,
    };
    let mut text = match serde_json::to_string_pretty(&file) {
        Ok(t) => t,
        Err(e) => return tool_error(&format!("writing the baseline: {e}")),
    };
    text.push('\n');
    if let Err(e) = std::fs::write(&out, text) {
        return tool_error(&format!("writing the baseline {}: {e}", out.display()));
    }
    for r in &errors {
        super::write_stderr(&format!(
            "dockhand: cannot lint {}: {}\n",
            super::escape_text(&r.path),
            super::escape_text(r.error.as_deref().unwrap_or(""))
        ));
    }
    let code = write_stdout(&format!(
        "wrote {n} finding{} in {files} file{} to {}; `dockhand --baseline {}` now reports only new findings\n",
        if n == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        display_path(&out),
        display_path(&out),
    ));
    if errors.is_empty() {
        code
    } else {
        ExitCode::from(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_joins_continuations_and_spaces() {
        assert_eq!(
            normalise("RUN  apt-get update \\\n    && apt-get install -y curl"),
            "RUN apt-get update && apt-get install -y curl"
        );
        assert_eq!(normalise("FROM\tpython"), "FROM python");
    }

    #[test]
    fn fnv_is_stable() {
        // FNV-1a 64 of "a", as published with the algorithm
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
