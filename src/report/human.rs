//! human: miette's graphical report, one block per finding with the source snippet, then a
//! summary line. Dockerfile text is untrusted: no control character from a path, a message or
//! the source reaches the terminal raw (see `escape_control`), and what a block shows of the
//! source is bounded (see `excerpt`).

use super::excerpt::{Excerpt, LabelIn};
use super::{escape_control, FileReport, ReportContext, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
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
        let handler = handler(cx.color, cx.width);
        let painter = super::graphical::Painter::new(cx.color, cx.width);
        // Rendering a block is most of the reporter's cost (miette lays out every snippet):
        // the files' blocks are rendered on rayon's pool a batch at a time (so that only one
        // batch of text is held), then written in the files' order. One file (the editor's
        // and pre-commit's case) is rendered on this thread: starting the pool would spawn a
        // thread per core for nothing.
        use rayon::prelude::*;
        let render = |report: &FileReport| render_file(report, &handler, &painter, cx);
        for batch in reports.chunks(256) {
            let rendered: Vec<io::Result<String>> = if batch.len() > 1 {
                batch.par_iter().map(render).collect()
            } else {
                batch.iter().map(render).collect()
            };
            for blocks in rendered {
                out.write_all(blocks?.as_bytes())?;
            }
        }
        if cx.quiet {
            return Ok(());
        }
        writeln!(out, "{}", Summary::of(reports))?;
        if let Some(hint) = super::fixable_hint(reports) {
            writeln!(out, "{hint}")?;
        }
        Ok(())
    }
}

/// The blocks of one file's findings (or of the error that stopped it), in order.
fn render_file(
    report: &FileReport,
    handler: &GraphicalReportHandler,
    painter: &super::graphical::Painter,
    cx: &ReportContext<'_>,
) -> io::Result<String> {
    let mut out = String::new();
    let path = escape_control(&report.path).into_owned();
    if let Some(reason) = &report.error {
        let error = Plain::error(format!("cannot lint `{path}`: {}", escape_control(reason)));
        render_block(&mut out, handler, &error)?;
        return Ok(out);
    }
    if report.diagnostics.is_empty() {
        return Ok(String::new());
    }
    let text = report.source.as_deref().unwrap_or("");
    let built;
    let lines = match report.lines.as_deref() {
        Some(l) => l,
        None => {
            built = LineIndex::new(text);
            &built
        }
    };
    for d in &report.diagnostics {
        let finding = finding(
            d,
            report.source.is_some().then_some((&path, text, lines)),
            cx.width,
        );
        let footer = format!(
            "{}: run `{} explain {}` for details",
            d.name, cx.tool_name, d.code
        );
        // Most blocks are drawn by our own renderer (miette's layout, a fraction of its cost);
        // miette draws the shapes it declines.
        if super::graphical::render(&mut out, painter, &finding, &footer) {
            continue;
        }
        // The widest indentation miette gives each text: `  × ` before the message (the icon
        // may be two columns), `  help: ` before the help, two spaces before the footer; the
        // wrapping width is the terminal's less 2.
        let width = cx.width.saturating_sub(2);
        let unwrapped = super::wrap::fits_unwrapped(&finding.message, 5, width)
            && finding
                .help
                .as_deref()
                .is_none_or(|h| super::wrap::fits_unwrapped(h, 8, width))
            && super::wrap::fits_unwrapped(&footer, 2, width);
        let handler = handler.clone().with_footer(footer);
        let handler = if unwrapped {
            handler.with_wrap_lines(false)
        } else {
            handler
        };
        render_block(&mut out, &handler, &finding)?;
    }
    Ok(out)
}

/// miette's graphical handler, as both findings and config errors are drawn.
pub(crate) fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // No urls: miette would print them as OSC 8 hyperlinks, which not every terminal or log
    // viewer understands. The footer names the `explain` command instead.
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_urls(false)
        .with_word_separator(super::wrap::SEPARATOR)
        .with_word_splitter(super::wrap::SPLITTER)
}

/// Appends one block and its blank line to `out`.
fn render_block(
    out: &mut String,
    handler: &GraphicalReportHandler,
    diagnostic: &dyn miette::Diagnostic,
) -> io::Result<()> {
    handler
        .render_report(out, diagnostic)
        .map_err(|_| io::Error::other("miette failed to render a diagnostic"))?;
    out.push('\n');
    Ok(())
}

/// One finding as a `Plain` diagnostic over an excerpt of its file.
fn finding(d: &Diagnostic, source: Option<(&str, &str, &LineIndex)>, width: usize) -> Plain {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info | Severity::Style => miette::Severity::Advice,
    };
    // `[*]`: `--fix` fixes this one
    let marker = match &d.fix {
        Some(f) if f.applicability == crate::fix::Applicability::Safe && !f.edits.is_empty() => {
            "[*] "
        }
        _ => "",
    };
    let mut plain = Plain {
        message: format!("{marker}{}", escape_control(&d.message)),
        code: Some(d.code),
        severity,
        // Help may span lines (the lines to add to a Dockerfile); each line is escaped.
        help: d.help.as_deref().map(escape_lines),
        labels: Vec::new(),
        source: None,
        related: Vec::new(),
        cause: None,
    };
    if let Some((path, text, lines)) = source {
        let messages: Vec<Option<String>> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .map(|l| l.message.as_deref().map(|m| escape_control(m).into_owned()))
            .collect();
        let labels: Vec<LabelIn<'_>> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .zip(&messages)
            .enumerate()
            .map(|(i, (l, m))| LabelIn {
                span: l.span,
                message: m.as_deref(),
                primary: i == 0,
            })
            .collect();
        // the source lines fit the width less miette's gutter (` 123 │ `)
        let digits = lines.line_count().max(1).ilog10() as usize + 1;
        let columns = width.saturating_sub(digits + 4);
        let (excerpt, spans) = Excerpt::fitted(path.to_string(), text, lines, &labels, columns);
        plain.labels = spans;
        plain.source = Some(excerpt);
    }
    plain
}

/// Text that may span lines, each line escaped.
pub fn escape_lines(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b == b'\n' || super::is_printable_ascii_byte(b))
    {
        // no line holds anything to escape
        return text.to_string();
    }
    text.split('\n')
        .map(escape_control)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A diagnostic for miette built from already escaped text: a finding, a file that could not
/// be linted, or a configuration error (with the errors after it as `related`).
pub(crate) struct Plain {
    pub message: String,
    pub code: Option<&'static str>,
    pub severity: miette::Severity,
    pub help: Option<String>,
    pub labels: Vec<LabeledSpan>,
    pub source: Option<Excerpt>,
    pub related: Vec<Plain>,
    /// What caused it (an IO error's text), shown under it.
    pub cause: Option<Cause>,
}

/// The cause of a `Plain`, already escaped.
#[derive(Debug)]
pub(crate) struct Cause(pub String);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Cause {}

impl Plain {
    pub fn error(message: String) -> Plain {
        Plain {
            message,
            code: None,
            severity: miette::Severity::Error,
            help: None,
            labels: Vec::new(),
            source: None,
            related: Vec::new(),
            cause: None,
        }
    }
}

impl fmt::Debug for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plain")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Plain {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_ref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl miette::Diagnostic for Plain {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
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
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {

    /// Where `fits_unwrapped` lets the report skip wrapping, miette's own wrapping gives the
    /// same block, at every width from too narrow to wide, coloured or not; and the skip is
    /// taken for ordinary findings.
    #[test]
    fn skipping_the_wrap_changes_no_block() {
        let messages = [
            "`python` has no tag or digest",
            "pin `node:22-alpine` to `node:22.11.0-alpine3.20`; a long-ish message – with a dash",
            "naïve ünïcödé words, tabs\tand `code spans with spaces` mixed-in-hyphens-here",
            "two\nlines",
            "trailing space ",
            " leading space",
            "中文的信息也要对齐",
        ];
        let helps = [
            None,
            Some("add `--no-install-recommends`"),
            Some("add these lines:\n    RUN apt-get update\n    RUN x"),
            Some(
                "run `dockhand explain DH401` then pin with a digest like sha256:0123456789abcdef",
            ),
        ];
        let footers = [
            "unpinned-base-image: run `dockhand explain DH401` for details",
            "x: `y`",
        ];
        let mut skipped = 0;
        for color in [false, true] {
            for width in 10..130 {
                let base = handler(color, width);
                for message in messages {
                    for (help, footer) in helps
                        .iter()
                        .flat_map(|h| footers.iter().map(move |f| (h, f)))
                    {
                        let (help, footer) = (*help, *footer);
                        let finding = Plain {
                            message: message.to_string(),
                            code: Some("DH401"),
                            severity: miette::Severity::Warning,
                            help: help.map(str::to_string),
                            labels: Vec::new(),
                            source: None,
                            related: Vec::new(),
                            cause: None,
                        };
                        let w = width.saturating_sub(2);
                        let fits = super::super::wrap::fits_unwrapped(message, 5, w)
                            && help.is_none_or(|h| super::super::wrap::fits_unwrapped(h, 8, w))
                            && super::super::wrap::fits_unwrapped(footer, 2, w);
                        if !fits {
                            continue;
                        }
                        skipped += 1;
                        let wrapped = base.clone().with_footer(footer.to_string());
                        let mut a = String::new();
                        render_block(&mut a, &wrapped, &finding).unwrap();
                        let mut b = String::new();
                        render_block(&mut b, &wrapped.with_wrap_lines(false), &finding).unwrap();
                        assert_eq!(
                            a, b,
                            "width {width}, colour {color}: {message:?} / {help:?}"
                        );
                    }
                }
            }
        }
        // most of the combinations at the wider widths take the skip
        assert!(skipped > 1000, "{skipped}");
    }
    use super::*;
    use crate::report::is_hostile;
    use crate::report::test_support::{assert_snapshot, render, reports};
    use crate::span::Span;

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
            "5 findings (1 error, 2 warnings, 1 info, 1 style) in 2 of 3 files; 1 file could not be read\n"
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
                fix: None,
            }],
            error: None,
        };
        let out = render(&HumanReporter, &[report], false);
        assert!(out.contains("[Dockerfile:2:6]"), "{out}");
        assert!(out.contains(" 2 │ FROM python\n"), "{out}");
        assert!(!out.contains('\r'));
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
                fix: None,
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
            quiet: false,
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
