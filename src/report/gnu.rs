//! gnu: `file:line:column: severity: message [CODE]`, the GNU error format that Emacs'
//! compilation mode, Vim's quickfix and most editors parse. One line per finding; control
//! characters and newlines in the path or message are escaped so a finding stays on its line.

use super::{escape_control, escape_location_path, FileReport, ReportContext, Reporter};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Writes one GNU-style line per finding, and `file: error: ...` for unreadable files.
#[derive(Debug, Clone, Copy, Default)]
pub struct GnuReporter;

/// The words editors know: `error`, `warning` and `note` (info and style are both notes).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

impl Reporter for GnuReporter {
    fn write(
        &self,
        reports: &[FileReport],
        _cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for report in reports {
            let path = escape_location_path(&report.path);
            if let Some(reason) = &report.error {
                writeln!(
                    out,
                    "{path}: error: cannot lint this file: {}",
                    escape_control(reason)
                )?;
                continue;
            }
            for d in &report.diagnostics {
                let (start, _) = report.range(d.span());
                writeln!(
                    out,
                    "{path}:{}:{}: {}: {} [{}]",
                    start.line,
                    start.column,
                    severity(d.severity),
                    escape_control(&d.message),
                    d.code
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::is_hostile;
    use crate::report::test_support::{render, reports};

    #[test]
    fn exact_output() {
        let expected = "\
build/Dockerfile:3:6: warning: `alpine` has no tag or digest [DH401]
build/Dockerfile:4:6: error: `/go/bin/app` is built against glibc but copied into a musl image [DH501]
build/Dockerfile:5:10: note: `echo` writes the raw escape \\x1b[31m\\x07 into the layer [DH210]
build/Dockerfile:6:6: note: the final stage runs as `root` [DH302]
missing/Dockerfile: error: cannot lint this file: No such file or directory (os error 2)
dir with space/\"quoted\" naïve\\nfile#1?%.Dockerfile:1:6: warning: `ubuntu` has no tag or digest [DH401]
";
        let actual = render(&GnuReporter, &reports(), false);
        assert_eq!(actual, expected);
        assert!(!actual.chars().any(|c| is_hostile(c) && c != '\n'));
    }
}
