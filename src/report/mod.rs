//! reporters: turn `FileReport`s into text, one file per format. Reporters never judge a
//! Dockerfile and know rules only as the plain metadata in `RuleInfo`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;
use std::io::{self, Write};
use std::sync::Arc;

/// Everything a reporter needs to know about one linted (or unreadable) file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user should see it (relative to the working directory where possible,
    /// or the `--stdin-filename`).
    pub path: String,
    /// The text that was linted; `None` when the file could not be read.
    pub source: Option<Arc<str>>,
    pub lines: Option<Arc<LineIndex>>,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be linted at all (unreadable, a directory, binary, too large, ...).
    pub error: Option<String>,
}

/// Rule metadata as plain data, for formats that carry a rule table (SARIF) or links.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub category: &'static str,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The full Markdown documentation page.
    pub docs: &'static str,
}

/// Run-wide facts a reporter may print.
pub struct ReportContext<'a> {
    pub rules: &'a [RuleInfo],
    pub tool_name: &'static str,
    pub tool_version: &'static str,
    pub information_uri: &'static str,
    /// Findings at or above this severity fail the run (`None`: nothing fails).
    pub failure_threshold: Option<Severity>,
    /// Whether the human reporter may use colour.
    pub color: bool,
    /// Terminal width for the human reporter.
    pub width: usize,
}

pub trait Reporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}
