//! checkstyle: Checkstyle 4.3 XML, read by Jenkins, reviewdog, danger and many CI dashboards.
//! Everything that comes from a Dockerfile or a path is escaped, including the control
//! characters XML 1.0 cannot carry at all.

use super::{escape_control, is_hostile, FileReport, ReportContext, Reporter};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Writes `<checkstyle version="4.3">` with one `<file>` per input file.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckstyleReporter;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

/// Text for a double-quoted attribute value. `& < > " '` become entities; tab, LF and CR become
/// character references (a parser would otherwise normalise them to spaces); every other
/// hostile character is written as a visible escape such as `\x1b`, since XML 1.0 forbids most
/// C0 controls even as character references. U+FFFE and U+FFFF, also not XML characters,
/// become U+FFFD.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c if is_hostile(c) => out.push_str(&escape_control(c.encode_utf8(&mut [0; 4]))),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for CheckstyleReporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<checkstyle version="4.3">"#)?;
        for report in reports {
            writeln!(out, r#"  <file name="{}">"#, escape_attr(&report.path))?;
            if let Some(reason) = &report.error {
                writeln!(
                    out,
                    r#"    <error line="1" severity="error" message="{}" source="{}"/>"#,
                    escape_attr(&format!("cannot lint this file: {reason}")),
                    escape_attr(cx.tool_name),
                )?;
            }
            for d in &report.diagnostics {
                let (start, _) = report.range(d.span());
                writeln!(
                    out,
                    r#"    <error line="{}" column="{}" severity="{}" message="{}" source="{}.{}"/>"#,
                    start.line,
                    start.column,
                    severity(d.severity),
                    escape_attr(&d.message),
                    escape_attr(cx.tool_name),
                    escape_attr(d.code),
                )?;
            }
            writeln!(out, "  </file>")?;
        }
        writeln!(out, "</checkstyle>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports, ODD_PATH};

    #[test]
    fn snapshot() {
        assert_snapshot(
            "checkstyle.xml",
            &render(&CheckstyleReporter, &reports(), false),
        );
    }

    #[test]
    fn well_formed_and_round_trips_through_a_parser() {
        let xml = render(&CheckstyleReporter, &reports(), false);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "checkstyle");
        assert_eq!(root.attribute("version"), Some("4.3"));
        let files: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(files.len(), 4);
        // The path comes back exactly, newline included.
        assert_eq!(files[2].attribute("name"), Some(ODD_PATH));
        let errors: Vec<_> = files[0].children().filter(|n| n.is_element()).collect();
        assert_eq!(errors.len(), 4);
        assert_eq!(errors[0].attribute("line"), Some("3"));
        assert_eq!(errors[0].attribute("column"), Some("6"));
        assert_eq!(errors[0].attribute("source"), Some("dockhand.DH401"));
        assert_eq!(
            errors[2].attribute("message"),
            Some("`echo` writes the raw escape \\x1b[31m\\x07 into the layer")
        );
        assert_eq!(errors[3].attribute("severity"), Some("info"));
        assert_eq!(files[3].children().filter(|n| n.is_element()).count(), 0);
    }

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        let nasty = "a&b<c>d\"e'f\x00\x1b\x7f\u{FFFE}\t";
        assert_eq!(
            escape_attr(nasty),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f\\x00\\x1b\\x7f\u{FFFD}&#9;"
        );
        let xml = format!(r#"<a b="{}"/>"#, escape_attr(nasty));
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        assert_eq!(
            doc.root_element().attribute("b"),
            Some("a&b<c>d\"e'f\\x00\\x1b\\x7f\u{FFFD}\t")
        );
    }
}
