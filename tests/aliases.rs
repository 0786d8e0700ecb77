//! Rule aliases (BuildKit check names, hadolint codes) at every place that takes a rule code or
//! name: the command line, `dockhand.toml` (top level and `[[overrides]]`), suppression
//! comments, `dockhand explain` and `dockhand rules`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn dockhand(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("DOCKHAND_SELECT")
        .env_remove("DOCKHAND_IGNORE")
        .env_remove("DOCKHAND_CONFIG")
        .output()
        .expect("run dockhand")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// The codes found in `Dockerfile` of a fresh folder holding `files`, run with `args`.
fn codes_in(files: &[(&str, &str)], args: &[&str]) -> Vec<String> {
    let d = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).expect("write");
    }
    let mut all = vec!["--format", "json", "--failure-threshold", "none"];
    all.extend_from_slice(args);
    all.push("Dockerfile");
    let o = dockhand(d.path(), &all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let mut out: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Two stages named `build` (DH003, BuildKit's DuplicateStageName) and an untagged image
/// (DH401, hadolint's DL3006).
const TWO_FINDINGS: &str = "FROM alpine AS build\nFROM alpine:3.22 AS build\nUSER 1000\n";

#[test]
fn command_line_selection_takes_aliases_in_any_case() {
    let f = [("Dockerfile", TWO_FINDINGS)];
    assert_eq!(codes_in(&f, &[]), ["DH003", "DH401"]);
    assert_eq!(codes_in(&f, &["--ignore", "DuplicateStageName"]), ["DH401"]);
    assert_eq!(codes_in(&f, &["--ignore", "duplicatestagename"]), ["DH401"]);
    assert_eq!(codes_in(&f, &["--ignore", "dl3006"]), ["DH003"]);
    assert_eq!(codes_in(&f, &["--select", "DL3024"]), ["DH003"]);
    assert_eq!(
        codes_in(&f, &["--select", "DH1", "--extend-select", "DL3007"]),
        ["DH401"]
    );
}

#[test]
fn config_file_selection_takes_aliases() {
    let cfg = "select = [\"DuplicateStageName\"]\n";
    let f = [("Dockerfile", TWO_FINDINGS), ("dockhand.toml", cfg)];
    assert_eq!(codes_in(&f, &[]), ["DH003"]);
    let cfg = "ignore = [\"DL3006\"]\n[severity]\nDuplicateStageName = \"info\"\n";
    let f = [("Dockerfile", TWO_FINDINGS), ("dockhand.toml", cfg)];
    assert_eq!(codes_in(&f, &[]), ["DH003"]);
    let cfg = "[[overrides]]\nfiles = [\"Dockerfile\"]\nignore = [\"duplicatestagename\"]\n";
    let f = [("Dockerfile", TWO_FINDINGS), ("dockhand.toml", cfg)];
    assert_eq!(codes_in(&f, &[]), ["DH401"]);
}

#[test]
fn suppression_comments_take_aliases() {
    let text = "FROM alpine AS build\n# dockhand ignore=DuplicateStageName -- kept for the CI\nFROM alpine:3.22 AS build\nUSER 1000\n";
    // DH007 would report a suppression that matched nothing: the alias matched DH003
    assert_eq!(codes_in(&[("Dockerfile", text)], &[]), ["DH401"]);
    let text = "# dockhand ignore-file=DL3006\nFROM alpine\nUSER 1000\n";
    assert!(codes_in(&[("Dockerfile", text)], &[]).is_empty());
}

#[test]
fn explain_an_alias_shows_the_rule_page_with_a_note() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = dockhand(d.path(), &["explain", "jsonargsrecommended"]);
    let text = stdout(&o);
    let (note, page) = text.split_once("\n\n").expect("note, then page");
    assert!(
        note.contains("`JSONArgsRecommended` is an alias of DH"),
        "{note}"
    );
    let code = page
        .strip_prefix("# ")
        .and_then(|p| p.split(' ').next())
        .expect("page title");
    assert!(note.contains(code), "{note} / {code}");
    assert_eq!(page, stdout(&dockhand(d.path(), &["explain", code])));
    // a code itself gets no note
    let o = dockhand(d.path(), &["explain", "DH003"]);
    assert!(stdout(&o).starts_with("# DH003"));
    assert!(stdout(&o).contains("`DuplicateStageName`"));
}

#[test]
fn rules_lists_aliases() {
    let d = tempfile::tempdir().expect("tempdir");
    let text = stdout(&dockhand(d.path(), &["rules"]));
    let line = text
        .lines()
        .find(|l| l.starts_with("DH003"))
        .expect("DH003 line");
    assert!(
        line.ends_with("(also DuplicateStageName, DL3024)"),
        "{line}"
    );
    let o = dockhand(d.path(), &["rules", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let dh401 = v
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["code"] == "DH401")
        .expect("DH401");
    assert_eq!(dh401["aliases"], serde_json::json!(["DL3006", "DL3007"]));
}
