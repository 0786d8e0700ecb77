//! fixer: `--fix`, `--diff` and `--fix-only` for files on disk and standard input. The text
//! work is `dockhand_linter::fix::fix_text`; this layer reads, diffs and writes files safely:
//! a temporary file in the same folder renamed over the target (through a symlink, to its
//! target), permissions kept, and the file compared with what was linted right before the
//! rename, so that an edit made meanwhile is never lost.

use crate::file_report::FileReport;
use crate::fix::{fix_text, FixOptions, FixOutcome};
use crate::lint::{lint_text, LintOptions};
use crate::rules::FileFacts;
use crate::source;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `--fix` / `--diff` / `--fix-only` asked for.
#[derive(Debug, Clone)]
pub struct FixMode {
    /// Write the fixed files (`false` for `--diff`).
    pub write: bool,
    pub unsafe_fixes: bool,
    /// Codes whose fixes may be applied.
    pub fixable: BTreeSet<&'static str>,
}

impl FixMode {
    fn run(&self, text: &str, facts: &FileFacts, opts: &LintOptions) -> FixOutcome {
        let fixable = |c: &str| self.fixable.contains(c);
        fix_text(
            text,
            facts,
            opts,
            &FixOptions {
                unsafe_fixes: self.unsafe_fixes,
                fixable: &fixable,
            },
        )
    }
}

/// What fixing one file did.
#[derive(Debug, Clone, Default)]
pub struct FileFix {
    pub path: String,
    pub fixed: BTreeMap<&'static str, usize>,
    /// The unified diff of the change (empty when nothing changed).
    pub diff: String,
    pub not_converged: Vec<&'static str>,
    pub reverted: Vec<&'static str>,
    /// Why the fixed text could not be written (the file is left as it was).
    pub write_error: Option<String>,
}

impl FileFix {
    pub fn count(&self) -> usize {
        self.fixed.values().sum()
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Fixes one file. Returns its reports (the findings left after fixing; when the fix could not
/// be written, the findings of the file as it is plus an error report) and what was fixed.
pub fn fix_file(
    path: &Path,
    shown: &str,
    max_size: u64,
    facts: &FileFacts,
    opts: &LintOptions,
    mode: &FixMode,
) -> (Vec<FileReport>, Option<FileFix>) {
    let error = |message: String| FileReport {
        path: shown.to_string(),
        source: None,
        lines: None,
        diagnostics: Vec::new(),
        error: Some(message),
    };
    // the bytes as read, kept to compare with right before writing
    let bytes = match source::read_regular(path, max_size) {
        Ok(b) => b,
        // read_file words the failure (a broken symlink, ...)
        Err(m) => {
            return match source::read_file(path, max_size) {
                Err(e) => (vec![error(e.message)], None),
                Ok(_) => (vec![error(m)], None),
            }
        }
    };
    let decoded = match source::decode(bytes.clone()) {
        Ok(t) => t,
        Err(m) => return (vec![error(m)], None),
    };
    let text: &str = &decoded;
    let outcome = mode.run(text, facts, opts);
    let mut ff = FileFix {
        path: shown.to_string(),
        fixed: outcome.fixed.clone(),
        not_converged: outcome.not_converged.clone(),
        reverted: outcome.reverted.clone(),
        ..FileFix::default()
    };
    if !outcome.changed(text) {
        return (
            vec![lint_text(shown, decoded.clone(), facts, opts)],
            Some(ff),
        );
    }
    ff.diff = unified_diff(shown, text, &outcome.text);
    if mode.write {
        let mut new = Vec::with_capacity(outcome.text.len() + 3);
        if bytes.starts_with(BOM) {
            new.extend_from_slice(BOM);
        }
        new.extend_from_slice(outcome.text.as_bytes());
        if let Err(m) = write_atomic(path, &bytes, &new, max_size) {
            // the file stays as it is, and so do its findings
            ff.write_error = Some(m);
            ff.fixed.clear();
            return (
                vec![lint_text(shown, decoded.clone(), facts, opts)],
                Some(ff),
            );
        }
    }
    let fixed: Arc<str> = Arc::from(outcome.text.as_str());
    (vec![lint_text(shown, fixed, facts, opts)], Some(ff))
}

/// Fixes text read from standard input: the fixed text (with the input's byte order mark, if
/// it had one) and what was fixed.
pub fn fix_stdin(
    bytes: &[u8],
    text: Arc<str>,
    shown: &str,
    facts: &FileFacts,
    opts: &LintOptions,
    mode: &FixMode,
) -> (Vec<u8>, FileReport, FileFix) {
    let outcome = mode.run(&text, facts, opts);
    let mut out = Vec::new();
    if bytes.starts_with(BOM) {
        out.extend_from_slice(BOM);
    }
    out.extend_from_slice(outcome.text.as_bytes());
    let ff = FileFix {
        path: shown.to_string(),
        fixed: outcome.fixed.clone(),
        diff: if outcome.changed(&text) {
            unified_diff(shown, &text, &outcome.text)
        } else {
            String::new()
        },
        not_converged: outcome.not_converged.clone(),
        reverted: outcome.reverted.clone(),
        write_error: None,
    };
    let report = lint_text(shown, Arc::from(outcome.text.as_str()), facts, opts);
    (out, report, ff)
}

/// A unified diff with three lines of context, `--- a/PATH` / `+++ b/PATH` headers.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The file a path names after following symlinks (the link itself stays a link).
fn target_of(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Replaces the file at `path` (its target, through symlinks) with `new`, atomically, when it
/// still holds `expected`. The temporary file lives in the same folder, gets the file's
/// permissions, and is renamed over the file only after the file was read again and found
/// unchanged.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8], max_size: u64) -> Result<(), String> {
    let target = target_of(path);
    let meta = std::fs::metadata(&target).map_err(|e| {
        format!(
            "cannot read the permissions of {}: {}",
            target.display(),
            source::io_message(&e)
        )
    })?;
    if meta.permissions().readonly() {
        return Err(format!(
            "{} is read-only: make it writable (`chmod u+w`) to fix it",
            target.display()
        ));
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".dockhand-fix-")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                source::io_message(&e)
            )
        })?;
    tmp.write_all(new)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("writing a temporary file in {}: {e}", dir.display()))?;
    std::fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(|e| format!("setting the permissions of the temporary file: {e}"))?;
    test_hook_before_compare(&target);
    let now = source::read_regular(&target, max_size.saturating_add(1))
        .map_err(|m| format!("reading {} again before writing: {m}", target.display()))?;
    if now != expected {
        return Err(format!(
            "{} changed while dockhand was fixing it: left as it is; run dockhand again",
            target.display()
        ));
    }
    tmp.persist(&target)
        .map_err(|e| format!("replacing {}: {}", target.display(), e.error))?;
    Ok(())
}

/// Tests simulate an edit made while dockhand runs: in debug builds, when
/// `DOCKHAND_TEST_APPEND_BEFORE_WRITE` is set, its value is appended to the file right before
/// the comparison. Release builds have no such hook.
fn test_hook_before_compare(target: &Path) {
    #[cfg(debug_assertions)]
    if let Some(extra) = std::env::var_os("DOCKHAND_TEST_APPEND_BEFORE_WRITE") {
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(target) {
            let _ = f.write_all(extra.as_encoded_bytes());
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = target;
}

/// The closing lines on standard error: what was fixed (or would be, for `--diff`), and the
/// files that did not converge or had fixes undone.
pub fn summary(fixes: &[FileFix], write: bool) -> String {
    let mut out = String::new();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut files = 0;
    for f in fixes {
        for (c, n) in &f.fixed {
            *by_rule.entry(c).or_default() += n;
        }
        if f.count() > 0 {
            files += 1;
        }
        let path = crate::report::escape_control(&f.path);
        if !f.not_converged.is_empty() {
            out.push_str(&format!(
                "dockhand: warning: fixing {path} did not converge after {} passes; rules still fixing: {} (please report this as a bug)\n",
                crate::fix::MAX_PASSES,
                f.not_converged.join(", ")
            ));
        }
        if !f.reverted.is_empty() {
            out.push_str(&format!(
                "dockhand: warning: fixes of {} in {path} made a syntax error and were undone (please report this as a bug)\n",
                f.reverted.join(", ")
            ));
        }
    }
    let total: usize = by_rule.values().sum();
    if total > 0 {
        let rules: Vec<String> = by_rule.iter().map(|(c, n)| format!("{c} {n}")).collect();
        out.push_str(&format!(
            "dockhand: {} {total} finding{} in {files} file{} ({})\n",
            if write { "fixed" } else { "would fix" },
            if total == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            rules.join(", ")
        ));
    } else {
        out.push_str("dockhand: nothing to fix\n");
    }
    out
}

/// What the CLI does after fixing.
pub enum Next {
    /// Nothing more: exit with this code.
    Exit(std::process::ExitCode),
    /// Go on to print the reports of the findings left; to standard error when the fixed text
    /// of standard input took standard output.
    Report {
        to_stderr: bool,
        /// A fixed file could not be written: the run exits with 2 after the reports.
        failed: bool,
    },
}

/// Prints what fixing did: the diffs for `--diff`, the fixed text of standard input, the
/// summary on standard error; says whether the reports follow.
pub fn finish(
    args: &crate::cli::LintArgs,
    mode: &FixMode,
    fixes: &[FileFix],
    reports: &[FileReport],
    fixed_stdin: Option<&[u8]>,
) -> Next {
    use std::process::ExitCode;
    let errors: Vec<&FileReport> = reports.iter().filter(|r| r.error.is_some()).collect();
    let mut stdout = std::io::stdout().lock();
    let mut write_out = |b: &[u8]| match stdout.write_all(b).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            crate::cli::write_stderr(&format!("dockhand: error: writing output: {e}\n"));
            false
        }
        _ => true,
    };
    let mut ok = true;
    let write_errors: Vec<&FileFix> = fixes.iter().filter(|f| f.write_error.is_some()).collect();
    for f in &write_errors {
        crate::cli::write_stderr(&format!(
            "dockhand: error: cannot fix {}: {}\n",
            crate::report::escape_control(&f.path),
            crate::report::escape_control(f.write_error.as_deref().unwrap_or(""))
        ));
    }
    if !mode.write {
        let mut sorted: Vec<&FileFix> = fixes.iter().filter(|f| !f.diff.is_empty()).collect();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        for f in &sorted {
            ok &= write_out(crate::report::escape_lines(&f.diff).as_bytes());
        }
        if !args.quiet {
            crate::cli::write_stderr(&summary(fixes, false));
        }
        print_errors(&errors);
        return Next::Exit(if !errors.is_empty() || !ok {
            ExitCode::from(2)
        } else if sorted.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if let Some(text) = fixed_stdin {
        // the fixed text exactly, for editors that replace the buffer with it
        ok &= write_out(text);
    }
    if !args.quiet {
        crate::cli::write_stderr(&summary(fixes, true));
    }
    if args.fix_only {
        print_errors(&errors);
        return Next::Exit(if errors.is_empty() && write_errors.is_empty() && ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    if !ok {
        return Next::Exit(ExitCode::from(2));
    }
    Next::Report {
        to_stderr: fixed_stdin.is_some(),
        failed: !write_errors.is_empty(),
    }
}

fn print_errors(errors: &[&FileReport]) {
    for r in errors {
        crate::cli::write_stderr(&format!(
            "dockhand: error: {}: {}\n",
            crate::report::escape_control(&r.path),
            crate::report::escape_control(r.error.as_deref().unwrap_or(""))
        ));
    }
}
