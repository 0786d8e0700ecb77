//! The seed article's two Dockerfiles with every default rule on: the online example has no
//! warning or error but DH405 (its `golang:1.13.5-alpine3.10` is past end of life); the
//! offline one gets DH101 naming `app-runner` and DH202, each at the exact line and column,
//! and DH405 for its two end-of-life images.

use serde_json::Value;
use std::process::Command;

fn lint(file: &str) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([file, "--format", "json", "--failure-threshold", "none"])
        .output()
        .expect("run dockhand");
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(ds: &'a [Value], code: &str) -> &'a Value {
    ds.iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {ds:#?}"))
}

#[test]
fn online_example_has_no_warning_or_error() {
    let ds = lint("fixtures/seed/online.Dockerfile");
    for d in &ds {
        assert!(
            d["severity"] == "info" || d["severity"] == "style" || d["code"] == "DH405",
            "unexpected {d}"
        );
    }
    // written in 2019: Go 1.13 and Alpine 3.10 have both reached their end of life
    let eol = find(&ds, "DH405");
    let message = eol["message"].as_str().unwrap_or("");
    assert!(
        message.contains("go 1.13 reached end of life on 2020-08-11")
            && message.contains("alpine 3.10 also reached end of life on 2021-05-01"),
        "{eol}"
    );
    // the article's `go build -a` and `GOARCH=amd64` are worth a note
    let codes: Vec<_> = ds
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert!(
        codes.contains(&"DH302") && codes.contains(&"DH503"),
        "{codes:?}"
    );
}

#[test]
fn offline_example_runs_as_root_and_duplicates_app() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/offline.Dockerfile"),
    )
    .expect("fixture");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i as u64 + 1)
            .expect("line in fixture")
    };
    let ds = lint("fixtures/seed/offline.Dockerfile");
    let root = find(&ds, "DH101");
    assert_eq!(root["severity"], "warning");
    assert!(
        root["help"]
            .as_str()
            .unwrap_or("")
            .contains("USER app-runner"),
        "{root}"
    );
    assert_eq!(
        root["line"].as_u64(),
        Some(line_of("FROM alpine:3.10 AS final"))
    );
    assert_eq!(root["column"], 6);
    let chmod = find(&ds, "DH202");
    assert_eq!(chmod["severity"], "warning");
    assert_eq!(
        chmod["line"].as_u64(),
        Some(line_of("RUN chmod -R 755 /app"))
    );
    assert!(
        chmod["help"].as_str().unwrap_or("").contains("--chmod=755"),
        "{chmod}"
    );
    let warnings: Vec<_> = ds
        .iter()
        .filter(|d| d["severity"] == "warning" || d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(warnings, ["DH405", "DH101", "DH405", "DH202"]);
}
