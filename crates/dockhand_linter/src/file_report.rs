//! What one linted file produced, as plain data for reporters: its findings, its text and
//! line index, or why it could not be linted; and rule metadata as plain data.

use crate::diagnostic::{Diagnostic, Severity};
use dockhand_syntax::line_index::{LineCol, LineIndex};
use dockhand_syntax::span::Span;
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

impl FileReport {
    /// Start and end (exclusive) of a span as 1-based line and character column. Works out a
    /// line index when none was given; with no source at all everything is at 1:1.
    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        let Some(text) = self.source.as_deref() else {
            let at = LineCol { line: 1, column: 1 };
            return (at, at);
        };
        match self.lines.as_deref() {
            Some(lines) => lines.span_range(text, span),
            None => LineIndex::new(text).span_range(text, span),
        }
    }

    /// The text a span covers, clamped to the source and to character boundaries.
    pub fn span_text(&self, span: Span) -> &str {
        let Some(text) = self.source.as_deref() else {
            return "";
        };
        let (start, end) = clamp_span(text, span);
        &text[start..end]
    }

    /// The whole line (without its line break) on which `offset` lies.
    pub fn line_text_at(&self, offset: usize) -> &str {
        let Some(text) = self.source.as_deref() else {
            return "";
        };
        let (offset, _) = clamp_span(text, Span::empty(offset));
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        text[start..end].trim_end_matches('\r')
    }
}

/// A span's offsets clamped into `text` and moved back onto character boundaries, with
/// `start <= end`. Reporters must not panic on a bad span from a rule.
pub fn clamp_span(text: &str, span: Span) -> (usize, usize) {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    (start, end)
}
