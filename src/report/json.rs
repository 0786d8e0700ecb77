//! json: one versioned JSON document for scripts. The field names and their order are an API
//! (documented in the README); change them only with a new `version`.

use super::{FileReport, ReportContext, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Label};
use serde::Serialize;
use std::io::{self, Write};

/// Writes `{"version": 1, "diagnostics": [...], "errors": [...], "summary": {...}}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReporter;

/// Bumped when a field changes meaning or disappears; new fields may appear without a bump.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    /// Only when the rule has a fix, so that findings without one read as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a str,
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

/// One edit: byte offsets (`start..end`, end exclusive) and the same range as 1-based line and
/// character column.
#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    diagnostics: usize,
    by_severity: BySeverity,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
    style: usize,
}

fn label<'a>(report: &FileReport, label: &'a Label) -> JsonLabel<'a> {
    let (start, end) = report.range(label.span);
    JsonLabel {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: label.message.as_deref(),
    }
}

fn diagnostic<'a>(report: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = report.range(d.span());
    JsonDiagnostic {
        file: &report.path,
        code: d.code,
        name: d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        labels: d.secondary.iter().map(|l| label(report, l)).collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability.as_str(),
            title: &f.title,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (start, end) = report.range(e.span);
                    JsonEdit {
                        start: e.span.start,
                        end: e.span.end,
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}

impl Reporter for JsonReporter {
    fn write(
        &self,
        reports: &[FileReport],
        _cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let s = Summary::of(reports);
        let doc = Document {
            version: JSON_VERSION,
            diagnostics: reports
                .iter()
                .flat_map(|r| r.diagnostics.iter().map(move |d| diagnostic(r, d)))
                .collect(),
            errors: reports
                .iter()
                .filter_map(|r| {
                    r.error.as_deref().map(|message| JsonError {
                        file: &r.path,
                        message,
                    })
                })
                .collect(),
            summary: JsonSummary {
                files: s.files,
                errors: s.errors,
                diagnostics: s.diagnostics,
                by_severity: BySeverity {
                    error: s.error,
                    warning: s.warning,
                    info: s.info,
                    style: s.style,
                },
            },
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports, ODD_PATH};
    use serde_json::Value;

    #[test]
    fn snapshot() {
        assert_snapshot("json.json", &render(&JsonReporter, &reports(), false));
    }

    #[test]
    fn parses_back_with_positions_in_characters() {
        let v: Value = serde_json::from_str(&render(&JsonReporter, &reports(), false)).unwrap();
        assert_eq!(v["version"], 1);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4);
        let ds = v["diagnostics"].as_array().unwrap();
        assert_eq!(ds.len(), 5);
        // `alpine` on line 3, columns 6..12 (end exclusive).
        assert_eq!(ds[0]["line"], 3);
        assert_eq!(ds[0]["column"], 6);
        assert_eq!(ds[0]["end_column"], 12);
        assert_eq!(
            ds[0]["help"],
            "pin a tag such as `:3.20`, or a `@sha256:` digest"
        );
        assert_eq!(ds[1]["labels"][0]["line"], 1);
        assert_eq!(ds[1]["labels"][1]["message"], Value::Null);
        assert_eq!(ds[2]["help"], Value::Null);
        assert_eq!(
            ds[2]["message"],
            "`echo` writes the raw escape \x1b[31m\x07 into the layer"
        );
        assert_eq!(ds[4]["file"], ODD_PATH);
        assert_eq!(v["errors"][0]["file"], "missing/Dockerfile");
        let s = &v["summary"];
        assert_eq!(
            (s["files"].as_u64(), s["errors"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(s["diagnostics"], 5);
        assert_eq!(s["by_severity"]["warning"], 2);
        assert_eq!(s["by_severity"]["style"], 1);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        use crate::diagnostic::Severity;
        use crate::span::Span;
        let text = "LABEL a=\"Zoë\" b=c\n";
        let start = text.find("b=c").unwrap();
        let report = FileReport {
            path: "Dockerfile".into(),
            source: Some(text.into()),
            lines: None,
            diagnostics: vec![Diagnostic {
                code: "DH1",
                name: "n",
                severity: Severity::Info,
                message: "m".into(),
                help: None,
                primary: Label {
                    span: Span::new(start, start + 3),
                    message: None,
                },
                secondary: vec![],
                fix: None,
            }],
            error: None,
        };
        let v: Value = serde_json::from_str(&render(&JsonReporter, &[report], false)).unwrap();
        assert_eq!(v["diagnostics"][0]["column"], 15);
        assert_eq!(v["diagnostics"][0]["end_column"], 18);
    }
}
