//! gitlab: a GitLab Code Quality report (a JSON array in the Code Climate issue format), for
//! the merge request widget. Fingerprints use the same scheme as SARIF's, so an issue keeps its
//! identity when lines are added above it.

use super::{fingerprints, FileReport, ReportContext, Reporter};
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// Writes the Code Quality JSON array.
#[derive(Debug, Clone, Copy, Default)]
pub struct GitlabReporter;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// Code Climate severities: info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Style => "info",
        Severity::Info => "minor",
        Severity::Warning => "major",
        Severity::Error => "critical",
    }
}

/// `check_name` of the issue reported for a file that could not be read.
pub const READ_ERROR_CHECK: &str = "dockhand/read-error";

impl Reporter for GitlabReporter {
    fn write(
        &self,
        reports: &[FileReport],
        _cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut issues = Vec::new();
        // read errors seen so far per path: a second error for one path gets its own fingerprint
        let mut read_errors: HashMap<&str, u64> = HashMap::new();
        for report in reports {
            if let Some(reason) = &report.error {
                let seen = read_errors.entry(report.path.as_str()).or_insert(0);
                let occurrence = *seen;
                *seen += 1;
                // The format has no place for tool errors; an issue keeps the file from
                // silently dropping out of the widget.
                issues.push(Issue {
                    description: format!("cannot lint this file: {reason}"),
                    check_name: READ_ERROR_CHECK,
                    fingerprint: read_error_fingerprint(&report.path, occurrence),
                    severity: "critical",
                    location: Location {
                        path: &report.path,
                        lines: Lines { begin: 1 },
                    },
                });
                continue;
            }
            for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints(report)) {
                let (start, _) = report.range(d.span());
                issues.push(Issue {
                    description: format!("{} ({})", d.message, d.name),
                    check_name: d.code,
                    fingerprint,
                    severity: severity(d.severity),
                    location: Location {
                        path: &report.path,
                        lines: Lines { begin: start.line },
                    },
                });
            }
        }
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}

/// The check and the path; a repeat for the same path adds how many came before, so the first
/// keeps the fingerprint it always had.
fn read_error_fingerprint(path: &str, occurrence: u64) -> String {
    let n = occurrence.to_le_bytes();
    let mut fields: Vec<&[u8]> = vec![READ_ERROR_CHECK.as_bytes(), path.as_bytes()];
    if occurrence > 0 {
        fields.push(&n);
    }
    format!("{:032x}", super::stable_hash(&fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports, ODD_PATH};
    use serde_json::Value;

    #[test]
    fn read_errors_get_a_fingerprint_per_path_and_per_repeat() {
        let error = |path: &str| FileReport {
            path: path.into(),
            source: None,
            lines: None,
            diagnostics: vec![],
            error: Some("permission denied".into()),
        };
        let reports = [error("a/x"), error("a/y"), error("a/y")];
        let v: Value = serde_json::from_str(&render(&GitlabReporter, &reports, false)).unwrap();
        let prints: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), 3);
        assert!(prints[0] != prints[1] && prints[1] != prints[2] && prints[0] != prints[2]);
        // the first for a path keeps the fingerprint it always had
        assert_eq!(prints[0], read_error_fingerprint("a/x", 0));
    }

    #[test]
    fn snapshot() {
        assert_snapshot("gitlab.json", &render(&GitlabReporter, &reports(), false));
    }

    #[test]
    fn parses_back_with_unique_fingerprints() {
        let v: Value = serde_json::from_str(&render(&GitlabReporter, &reports(), false)).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 6);
        let mut prints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), 6);
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
        assert_eq!(issues[1]["severity"], "critical");
        assert_eq!(issues[2]["severity"], "info");
        assert_eq!(issues[3]["severity"], "minor");
        assert_eq!(issues[4]["check_name"], READ_ERROR_CHECK);
        assert_eq!(issues[5]["location"]["path"], ODD_PATH);
    }
}
