//! human: miette's graphical report, one block per finding with the source snippet, then a
//! summary line. Dockerfile text is untrusted: no control character from a path, a message or
//! the source reaches the terminal raw (see `SafeSource` and `escape_control`).

use super::{clamp_span, escape_control, is_hostile, FileReport, ReportContext, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};
use std::fmt;
use std::io::{self, Write};

/// Renders findings with miette's `GraphicalReportHandler` at `cx.width`, coloured only when
/// `cx.color` is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanReporter;

impl Reporter for HumanReporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let theme = if cx.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // No urls: miette would print them as OSC 8 hyperlinks, which not every terminal or log
        // viewer understands. The footer names the `explain` command instead.
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(cx.width)
            .with_urls(false);
        for report in reports {
            let path = escape_control(&report.path).into_owned();
            if let Some(reason) = &report.error {
                let error = ToolError {
                    message: format!("cannot lint `{path}`: {}", escape_control(reason)),
                };
                write_block(out, &handler, &error)?;
                continue;
            }
            if report.diagnostics.is_empty() {
                // nothing to show; do not copy the source for a file without findings
                continue;
            }
            let source = report.source.as_deref().map(SafeSource::new);
            let named = source
                .as_ref()
                .map(|s| NamedSource::new(&path, s.text.clone()));
            for d in &report.diagnostics {
                let safe = report.source.as_deref().zip(source.as_ref());
                let finding = Finding::new(d, safe, named.as_ref());
                let footer = format!(
                    "{}: run `{} explain {}` for details",
                    d.name, cx.tool_name, d.code
                );
                write_block(out, &handler.clone().with_footer(footer), &finding)?;
            }
        }
        writeln!(out, "{}", Summary::of(reports))
    }
}

fn write_block(
    out: &mut dyn Write,
    handler: &GraphicalReportHandler,
    diagnostic: &dyn miette::Diagnostic,
) -> io::Result<()> {
    let mut rendered = String::new();
    handler
        .render_report(&mut rendered, diagnostic)
        .map_err(|_| io::Error::other("miette failed to render a diagnostic"))?;
    writeln!(out, "{rendered}")
}

/// The source text as miette sees it: each hostile character replaced by one visible character,
/// so columns still match `LineIndex` (a C0 control or DEL becomes its Control Pictures symbol,
/// ESC is `␛`; C1 and bidi controls become `�`). Tabs stay (miette expands them), and so does
/// the CR of a CRLF. The replacements are longer in bytes, so spans are mapped onto the new
/// text with `map`.
struct SafeSource {
    text: String,
    /// `(original offset just past a replaced character, bytes added so far)`, ascending.
    shifts: Vec<(usize, usize)>,
    original_len: usize,
}

impl SafeSource {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        let mut added = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let keep = !is_hostile(c)
                || c == '\n'
                || c == '\t'
                || (c == '\r' && matches!(chars.peek(), Some((_, '\n'))));
            let shown = if keep {
                c
            } else {
                match c as u32 {
                    n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
                    0x7f => '\u{2421}',
                    _ => '\u{FFFD}',
                }
            };
            text.push(shown);
            if shown != c {
                added += shown.len_utf8() - c.len_utf8();
                shifts.push((i + c.len_utf8(), added));
            }
        }
        SafeSource {
            text,
            shifts,
            original_len: original.len(),
        }
    }

    /// Where an offset of the original text lies in `text`.
    fn map(&self, offset: usize) -> usize {
        let offset = offset.min(self.original_len);
        let i = self.shifts.partition_point(|&(end, _)| end <= offset);
        offset + i.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

    fn span(&self, original: &str, span: Span) -> SourceSpan {
        let (start, end) = clamp_span(original, span);
        let (start, end) = (self.map(start), self.map(end));
        SourceSpan::new(start.into(), end - start)
    }
}

/// One finding, shaped for miette. Code, severity, help and labels come from the `Diagnostic`;
/// every piece of text has been through `escape_control`.
struct Finding<'a> {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<&'a NamedSource<String>>,
}

impl<'a> Finding<'a> {
    fn new(
        d: &Diagnostic,
        safe: Option<(&str, &SafeSource)>,
        source: Option<&'a NamedSource<String>>,
    ) -> Self {
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Style => miette::Severity::Advice,
        };
        let label_text = |m: &Option<String>| m.as_deref().map(|m| escape_control(m).into_owned());
        let mut labels = Vec::new();
        if let (Some((original, safe)), true) = (safe, source.is_some()) {
            labels.push(LabeledSpan::new_primary_with_span(
                label_text(&d.primary.message),
                safe.span(original, d.primary.span),
            ));
            for label in &d.secondary {
                labels.push(LabeledSpan::new_with_span(
                    label_text(&label.message),
                    safe.span(original, label.span),
                ));
            }
        }
        Finding {
            message: escape_control(&d.message).into_owned(),
            code: d.code,
            severity,
            // Help may span lines (the lines to add to a Dockerfile); each line is escaped.
            help: d.help.as_deref().map(|h| {
                h.split('\n')
                    .map(|l| escape_control(l).into_owned())
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            labels,
            source,
        }
    }
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// A file that could not be linted at all.
#[derive(Debug)]
struct ToolError {
    message: String,
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ToolError {}

impl miette::Diagnostic for ToolError {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports};

    #[test]
    fn snapshot() {
        assert_snapshot("human.txt", &render(&HumanReporter, &reports(), false));
    }

    #[test]
    fn no_raw_control_characters_without_colour() {
        let text = render(&HumanReporter, &reports(), false);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| is_hostile(c) && c != '\n')
            .collect();
        assert!(bad.is_empty(), "raw control characters: {bad:?}");
        assert!(text.contains("\\x1b[31m\\x07"), "message escaped");
        assert!(
            text.contains("echo \"␛[31mred␇\""),
            "snippet shown with pictures"
        );
        assert!(text.contains("naïve\\nfile"), "path escaped");
        assert!(text.ends_with(
            "5 findings (1 error, 2 warnings, 1 info, 1 style) in 3 files; 1 file could not be read\n"
        ));
    }

    /// With colour the only escapes are miette's own SGR sequences (`ESC [ ... m`).
    #[test]
    fn colour_adds_only_sgr_sequences() {
        let text = render(&HumanReporter, &reports(), true);
        assert!(text.contains("\x1b["), "coloured");
        let mut rest = text.as_str();
        let mut plain = String::new();
        while let Some(i) = rest.find('\x1b') {
            plain.push_str(&rest[..i]);
            let seq = &rest[i..];
            let end = seq
                .strip_prefix("\x1b[")
                .and_then(|s| s.find('m'))
                .expect("only SGR sequences");
            assert!(seq[2..2 + end]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b';'));
            rest = &seq[2 + end + 1..];
        }
        plain.push_str(rest);
        assert!(!plain.chars().any(|c| is_hostile(c) && c != '\n'));
        assert_eq!(plain, render(&HumanReporter, &reports(), false));
    }

    #[test]
    fn crlf_files_keep_their_line_numbers() {
        use crate::diagnostic::Label;
        let text = "FROM a\r\nFROM python\r\n";
        let start = text.find("python").unwrap();
        let report = FileReport {
            path: "Dockerfile".into(),
            source: Some(text.into()),
            lines: None,
            diagnostics: vec![Diagnostic {
                code: "DH401",
                name: "untagged-base-image",
                severity: Severity::Warning,
                message: "`python` has no tag or digest".into(),
                help: None,
                primary: Label {
                    span: Span::new(start, start + 6),
                    message: None,
                },
                secondary: vec![],
            }],
            error: None,
        };
        let out = render(&HumanReporter, &[report], false);
        assert!(out.contains("[Dockerfile:2:6]"), "{out}");
        assert!(out.contains(" 2 │ FROM python\n"), "{out}");
        assert!(!out.contains('\r'));
    }

    #[test]
    fn safe_source_keeps_columns_and_maps_spans() {
        let original = "a\x1bb\u{9b}c\r\nd\re\tf";
        let safe = SafeSource::new(original);
        assert_eq!(safe.text, "a␛b\u{FFFD}c\r\nd␍e\tf");
        assert_eq!(
            safe.text.chars().count(),
            original.chars().count(),
            "one character for one character"
        );
        // `b` is at byte 2 in the original, 4 in the safe text; `c` at 5 and 8.
        let span = safe.span(original, Span::new(2, 6));
        assert_eq!((span.offset(), span.len()), (4, 5));
        assert_eq!(&safe.text[4..9], "b\u{FFFD}c");
        // A span starting inside the two-byte C1 character is clamped to its start.
        assert_eq!(safe.span(original, Span::new(4, 4)).offset(), 5);
        // Past the end clamps to the end.
        assert_eq!(safe.span(original, Span::new(0, 99)).len(), safe.text.len());
    }
}

#[cfg(test)]
mod multiline_help_tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Label, Severity};
    use crate::report::{FileReport, ReportContext, Reporter};
    use crate::source::LineIndex;
    use crate::span::Span;
    use std::sync::Arc;

    #[test]
    fn help_keeps_its_lines_but_escapes_controls() {
        let text: Arc<str> = Arc::from("FROM x\n");
        let report = FileReport {
            path: "Dockerfile".into(),
            lines: Some(Arc::new(LineIndex::new(&text))),
            source: Some(text),
            diagnostics: vec![Diagnostic {
                code: "DH301",
                name: "n",
                severity: Severity::Warning,
                message: "m".into(),
                help: Some("add:\n  COPY go.mod ./\n  RUN \u{1b}[31m".into()),
                primary: Label {
                    span: Span::new(0, 4),
                    message: None,
                },
                secondary: vec![],
            }],
            error: None,
        };
        let cx = ReportContext {
            rules: &[],
            tool_name: "dockhand",
            tool_version: "0",
            information_uri: "x",
            failure_threshold: None,
            color: false,
            width: 80,
        };
        let mut out = Vec::new();
        HumanReporter
            .write(&[report], &cx, &mut out)
            .expect("render");
        let s = String::from_utf8(out).expect("utf8");
        assert!(s.contains("COPY go.mod ./\n"), "{s}");
        assert!(s.contains("\\x1b[31m") && !s.contains('\u{1b}'), "{s}");
    }
}
