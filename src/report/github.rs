//! github: GitHub Actions workflow commands, which the runner turns into annotations on the
//! pull request. Escaping follows `@actions/core` (`escapeData`, `escapeProperty`), so no
//! message or path can end the command early or start a new one.

use super::{escape_control, is_hostile, FileReport, ReportContext, Reporter};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Writes one `::error` / `::warning` / `::notice` command per finding.
#[derive(Debug, Clone, Copy, Default)]
pub struct GithubReporter;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

/// Hostile characters other than CR and LF (which the toolkit encodes) shown as visible escapes,
/// so an ESC in a Dockerfile never reaches the raw log.
fn defang(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hostile(c) && c != '\r' && c != '\n' {
            out.push_str(&escape_control(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    out
}

/// `escapeData` from `@actions/core`: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    defang(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` from `@actions/core`: as `escapeData`, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for GithubReporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for report in reports {
            let file = escape_property(&report.path);
            if let Some(reason) = &report.error {
                writeln!(
                    out,
                    "::error file={file},title={}::{}",
                    escape_property(cx.tool_name),
                    escape_data(&format!("cannot lint this file: {reason}"))
                )?;
                continue;
            }
            for d in &report.diagnostics {
                let (start, end) = report.range(d.span());
                let mut position = format!("line={},", start.line);
                // GitHub ignores columns on annotations that span several lines.
                if start.line == end.line {
                    position.push_str(&format!("col={},", start.column));
                }
                position.push_str(&format!("endLine={},", end.line));
                if start.line == end.line {
                    position.push_str(&format!("endColumn={},", end.column));
                }
                let mut message = d.message.clone();
                if let Some(help) = &d.help {
                    message.push_str("\nhelp: ");
                    message.push_str(help);
                }
                writeln!(
                    out,
                    "::{} file={file},{position}title={}::{}",
                    command(d.severity),
                    escape_property(&format!("{} {}", d.code, d.name)),
                    escape_data(&message)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports};

    #[test]
    fn snapshot() {
        assert_snapshot("github.txt", &render(&GithubReporter, &reports(), false));
    }

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(escape_property("50% a\r\nb:c,d"), "50%25 a%0D%0Ab%3Ac%2Cd");
        assert_eq!(escape_data("\x1b[2J"), "\\x1b[2J");
    }

    #[test]
    fn one_command_per_line_and_no_raw_controls() {
        let text = render(&GithubReporter, &reports(), false);
        assert_eq!(text.lines().count(), 6);
        assert!(text.lines().all(|l| l.starts_with("::")));
        assert!(!text.chars().any(|c| is_hostile(c) && c != '\n'));
    }
}
