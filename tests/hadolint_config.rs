//! hadolint's config file through the CLI: found when no `dockhand.toml` is, shown by
//! `dockhand config` as the source, its keys applied (threshold, `no-fail`,
//! `disable-ignore-pragma`, `trustedRegistries`), its errors reported with their place, and
//! `dockhand config --from-hadolint` printing a `dockhand.toml` that loads and means the same.

use std::path::Path;
use std::process::{Command, Output};

fn dockhand(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir.join("no-home"))
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("DOCKHAND_CONFIG")
        .env_remove("DOCKHAND_NO_CONFIG")
        .output()
        .expect("dockhand runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A repository with a Dockerfile that has a warning (DH401) and a suppressed one.
fn repo(hadolint: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM python\n# dockhand ignore=DH402\nFROM node:24 AS b\nRUN true\n",
    )
    .expect("write");
    std::fs::write(dir.path().join(".hadolint.yaml"), hadolint).expect("write");
    dir
}

#[test]
fn the_hadolint_file_is_read_when_there_is_no_dockhand_toml() {
    let dir = repo("failure-threshold: error\n");
    let out = dockhand(dir.path(), &["config"]);
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("config file: .hadolint.yaml (hadolint's;"),
        "{shown}"
    );
    assert!(
        shown.contains("failure-threshold: error  (.hadolint.yaml:1)"),
        "{shown}"
    );
    // a warning does not fail the run at threshold `error`
    let out = dockhand(dir.path(), &["--format", "concise"]);
    assert!(text(&out.stdout).contains("DH401"));
    assert_eq!(out.status.code(), Some(0));

    // a dockhand.toml wins: hadolint's file is not read
    std::fs::write(
        dir.path().join("dockhand.toml"),
        "failure-threshold = \"warning\"\n",
    )
    .expect("write");
    let out = dockhand(dir.path(), &["config"]);
    assert!(text(&out.stdout).starts_with("config file: dockhand.toml"));
    assert_eq!(dockhand(dir.path(), &[]).status.code(), Some(1));
}

#[test]
fn no_fail_and_disable_ignore_pragma_apply() {
    let dir = repo("no-fail: true\ndisable-ignore-pragma: true\n");
    let out = dockhand(dir.path(), &["--format", "concise"]);
    let stdout = text(&out.stdout);
    // the suppression comment is inert: DH402 is reported
    assert!(stdout.contains("DH402"), "{stdout}");
    assert!(stdout.contains("DH401"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "no-fail");
    // without the file: the suppression works and the warning fails the run
    std::fs::remove_file(dir.path().join(".hadolint.yaml")).expect("rm");
    let out = dockhand(dir.path(), &["--format", "concise"]);
    assert!(!text(&out.stdout).contains("DH402"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn trusted_registries_turn_on_the_registry_rule() {
    let dir = repo("trustedRegistries:\n  - \"*.gcr.io\"\n");
    let out = dockhand(dir.path(), &["--format", "concise"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("DH404 `python` comes from Docker Hub"),
        "{stdout}"
    );
}

#[test]
fn errors_name_the_file_and_line_and_exit_2() {
    let dir = repo("ignored: [DL3008]\nfailure-threshold: fatal\n");
    let out = dockhand(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown failure-threshold `fatal`"), "{err}");
    assert!(err.contains(".hadolint.yaml:2:"), "{err}");
}

#[test]
fn a_yaml_file_given_with_config_is_read_as_hadolints() {
    let dir = repo("failure-threshold: error\n");
    std::fs::rename(
        dir.path().join(".hadolint.yaml"),
        dir.path().join("lint.yml"),
    )
    .expect("mv");
    let out = dockhand(dir.path(), &["config", "--config", "lint.yml"]);
    assert!(
        text(&out.stdout).contains("failure-threshold: error  (lint.yml:1)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn from_hadolint_prints_a_dockhand_toml_that_means_the_same() {
    let dir = repo(
        "failure-threshold: error\ntrustedRegistries: [\"*.gcr.io\", my.registry]\nno-fail: true\n",
    );
    let out = dockhand(dir.path(), &["config", "--from-hadolint"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let toml = text(&out.stdout);
    assert!(toml.contains("failure-threshold = \"error\""), "{toml}");
    assert!(toml.contains("[rules.untrusted-registry]"), "{toml}");
    assert!(toml.contains("no-fail: pass `--exit-zero`"), "{toml}");
    // the printed file loads as dockhand's own and gives the same findings
    let before = text(&dockhand(dir.path(), &["--format", "concise", "--exit-zero"]).stdout);
    std::fs::write(dir.path().join("dockhand.toml"), &toml).expect("write");
    let shown = text(&dockhand(dir.path(), &["config"]).stdout);
    assert!(shown.starts_with("config file: dockhand.toml"), "{shown}");
    let after = text(&dockhand(dir.path(), &["--format", "concise", "--exit-zero"]).stdout);
    assert_eq!(before, after);

    // nothing to convert
    let empty = tempfile::tempdir().expect("temp");
    std::fs::create_dir(empty.path().join(".git")).expect("mkdir");
    let out = dockhand(empty.path(), &["config", "--from-hadolint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no hadolint config file found"));
}
