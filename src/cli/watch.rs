//! `--watch`: lint, then lint again each time a file under the linted paths changes, until
//! Ctrl-C. Changes are debounced (an editor's save is several events) with
//! notify-debouncer-mini; each run starts with a header (and clears the screen first when the
//! output is a terminal).

use super::{tool_error, write_stdout, LintArgs};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

/// Quiet time after the last event before linting again.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs `lint` now and after every change, until the process is stopped; returns only when
/// watching cannot start or stops working (exit code 2).
pub(super) fn run(args: &LintArgs, lint: &dyn Fn() -> ExitCode) -> ExitCode {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return tool_error("--watch cannot watch standard input: name files or folders");
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, tx) {
        Ok(d) => d,
        Err(e) => return tool_error(&format!("cannot watch for changes: {e}")),
    };
    let targets = targets(&args.paths, &cwd);
    for (path, mode) in &targets {
        if let Err(e) = debouncer.watcher().watch(path, *mode) {
            return tool_error(&format!("cannot watch {}: {e}", path.display()));
        }
    }
    // report files written into a watched folder must not start the next run
    let outputs: Vec<PathBuf> = args
        .output_file
        .iter()
        .cloned()
        .chain(
            args.format
                .iter()
                .filter_map(|f| f.split_once(':').map(|(_, p)| PathBuf::from(p))),
        )
        .map(|p| absolute(&cwd, &p))
        .collect();
    let tty = std::io::stdout().is_terminal();
    let names: Vec<String> = targets
        .iter()
        .map(|(p, _)| super::display_path(p.strip_prefix(&cwd).unwrap_or(p)))
        .map(|p| if p.is_empty() { ".".to_string() } else { p })
        .collect();
    for run in 1.. {
        let clear = if tty && run > 1 { "\x1b[2J\x1b[H" } else { "" };
        write_stdout(&format!(
            "{clear}dockhand --watch: run {run} at {} UTC\n",
            time_of_day()
        ));
        lint();
        write_stdout(&format!(
            "dockhand --watch: watching {} for changes (Ctrl-C stops)\n",
            crate::report::escape_control(&names.join(", "))
        ));
        loop {
            match rx.recv() {
                Ok(Ok(events)) => {
                    if events.iter().any(|e| relevant(&e.path, &outputs)) {
                        break;
                    }
                }
                Ok(Err(e)) => {
                    super::write_stderr(&format!("dockhand --watch: warning: {e}\n"));
                }
                Err(_) => return tool_error("watching for changes stopped"),
            }
        }
    }
    ExitCode::SUCCESS
}

/// What to watch for each path argument: a folder recursively; a file through its folder (an
/// editor that saves by renaming replaces the file, and a watch on it would end); a glob or a
/// missing path through the working directory. No argument: the working directory.
fn targets(paths: &[PathBuf], cwd: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut out: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    let mut add = |p: PathBuf, mode: RecursiveMode| {
        if !out.iter().any(|(q, m)| *q == p && *m == mode) {
            out.push((p, mode));
        }
    };
    if paths.is_empty() {
        add(cwd.to_path_buf(), RecursiveMode::Recursive);
    }
    for p in paths {
        let abs = absolute(cwd, p);
        if abs.is_dir() {
            add(abs, RecursiveMode::Recursive);
        } else if abs.is_file() {
            let dir = abs.parent().map_or(cwd.to_path_buf(), Path::to_path_buf);
            add(dir, RecursiveMode::NonRecursive);
        } else {
            add(cwd.to_path_buf(), RecursiveMode::Recursive);
        }
    }
    out
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}

/// Whether a change at `path` calls for a new run: not a report file dockhand writes, nothing
/// inside `.git`.
fn relevant(path: &Path, outputs: &[PathBuf]) -> bool {
    if path.components().any(|c| c.as_os_str() == ".git") {
        return false;
    }
    !outputs.iter().any(|o| {
        o == path
            || (o.file_name() == path.file_name()
                && o.parent().and_then(|d| d.canonicalize().ok())
                    == path.parent().and_then(|d| d.canonicalize().ok()))
    })
}

/// `HH:MM:SS` of the current time in UTC.
fn time_of_day() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_files_and_git_do_not_trigger_a_run() {
        let out = vec![PathBuf::from("/w/report.txt")];
        assert!(!relevant(Path::new("/w/report.txt"), &out));
        assert!(!relevant(Path::new("/w/.git/index"), &out));
        assert!(relevant(Path::new("/w/Dockerfile"), &out));
    }

    #[test]
    fn a_file_is_watched_through_its_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("Dockerfile");
        std::fs::write(&f, "FROM a\n").expect("write");
        let t = targets(&[f.clone(), dir.path().to_path_buf()], dir.path());
        assert_eq!(
            t,
            vec![
                (dir.path().to_path_buf(), RecursiveMode::NonRecursive),
                (dir.path().to_path_buf(), RecursiveMode::Recursive)
            ]
        );
        let none = targets(&[], dir.path());
        assert_eq!(
            none,
            vec![(dir.path().to_path_buf(), RecursiveMode::Recursive)]
        );
    }
}
