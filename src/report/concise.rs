//! concise: one line per finding, `path:line:col: severity CODE message` (ruff's
//! `path:line:col: CODE message` with the severity, which ruff does not show), then a count
//! line. For
//! terminals that want no snippets and for logs. Control characters are escaped.

use super::{escape_control, escape_location_path, FileReport, ReportContext, Reporter, Summary};
use std::io::{self, Write};

/// Writes `path:line:col: severity CODE message` lines and the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConciseReporter;

impl Reporter for ConciseReporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for report in reports {
            let path = escape_location_path(&report.path);
            if let Some(reason) = &report.error {
                writeln!(
                    out,
                    "{path}: cannot lint this file: {}",
                    escape_control(reason)
                )?;
                continue;
            }
            for d in &report.diagnostics {
                let (start, _) = report.range(d.span());
                writeln!(
                    out,
                    "{path}:{}:{}: {} {} {}",
                    start.line,
                    start.column,
                    d.severity,
                    d.code,
                    escape_control(&d.message)
                )?;
            }
        }
        if cx.quiet {
            return Ok(());
        }
        writeln!(out, "{}", Summary::of(reports))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{render, reports};

    #[test]
    fn exact_output() {
        let expected = "\
build/Dockerfile:3:6: warning DH401 `alpine` has no tag or digest
build/Dockerfile:4:6: error DH501 `/go/bin/app` is built against glibc but copied into a musl image
build/Dockerfile:5:10: style DH210 `echo` writes the raw escape \\x1b[31m\\x07 into the layer
build/Dockerfile:6:6: info DH302 the final stage runs as `root`
missing/Dockerfile: cannot lint this file: No such file or directory (os error 2)
dir with space/\"quoted\" naïve\\nfile#1?%.Dockerfile:1:6: warning DH401 `ubuntu` has no tag or digest
5 findings (1 error, 2 warnings, 1 info, 1 style) in 2 of 3 files; 1 file could not be read
";
        assert_eq!(render(&ConciseReporter, &reports(), false), expected);
    }

    #[test]
    fn clean_run() {
        assert_eq!(
            render(&ConciseReporter, &[], false),
            "no findings in 0 files\n"
        );
    }
}
