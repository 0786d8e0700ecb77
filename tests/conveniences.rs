//! End-to-end runs of the binary for the conveniences of issue 16: colour conventions, shell
//! completions, the man page, `dockhand init`, the baseline and `--watch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary in `dir`, with no colour or configuration variables from the caller's
/// environment.
fn command(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dockhand"));
    c.current_dir(dir).env("COLUMNS", "100");
    for k in [
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "DOCKHAND_SELECT",
        "DOCKHAND_IGNORE",
        "DOCKHAND_CONFIG",
    ] {
        c.env_remove(k);
    }
    c
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = command(dir);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run dockhand")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ESC: &str = "\x1b[";

#[test]
fn colour_follows_force_color_clicolor_force_and_no_color() {
    let demo = root().join("fixtures/demo/python-api");
    let coloured = |env: &[(&str, &str)], args: &[&str]| {
        let mut a = vec!["Dockerfile"];
        a.extend_from_slice(args);
        let o = run(&demo, &a, env);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stdout(&o).contains(ESC)
    };
    // standard output is a pipe here: no colour unless forced
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "0")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    // the flag beats the environment both ways
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color", "never"]));
    assert!(coloured(&[("NO_COLOR", "1")], &["--color", "always"]));
    // a report written to a file is never coloured
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.txt");
    let o = run(
        &demo,
        &["Dockerfile", "-o", out.to_str().expect("utf-8 path")],
        &[("FORCE_COLOR", "1")],
    );
    assert_eq!(o.status.code(), Some(1));
    let written = std::fs::read_to_string(&out).expect("report written");
    assert!(
        written.contains("DH") && !written.contains(ESC),
        "{written}"
    );
}

#[test]
fn configuration_errors_are_coloured_when_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("dockhand.toml"), "[lint]\nselect = 3\n").expect("write");
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\n").expect("write");
    let plain = run(dir.path(), &[], &[]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(stderr(&plain).contains("select") && !stderr(&plain).contains(ESC));
    let forced = run(dir.path(), &[], &[("CLICOLOR_FORCE", "1")]);
    assert_eq!(forced.status.code(), Some(2));
    assert!(stderr(&forced).contains(ESC), "{}", stderr(&forced));
}
