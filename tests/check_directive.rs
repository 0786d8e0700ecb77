//! BuildKit's `# check=` parser directive: `skip=` turns checks off for the file (by BuildKit
//! name, dockhand code, name or alias), `skip=all` turns every BuildKit check off and leaves
//! dockhand's own rules on, `error=true` makes BuildKit checks' findings errors (and the exit
//! code follows), `experimental=` turns on the checks BuildKit keeps off by default.

use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::rules::FileFacts;
use std::process::Command;

fn codes(text: &str) -> Vec<(&'static str, String)> {
    let facts = FileFacts {
        has_dockerignore: Some(true),
        dockerignore: None,
        go_mod_requires: None,
        folders: Vec::new(),
    };
    let mut out: Vec<(&'static str, String)> =
        lint_diagnostics(text, &facts, &LintOptions::defaults())
            .into_iter()
            .map(|d| (d.code, d.severity.as_str().to_string()))
            .collect();
    out.sort();
    out.dedup();
    out
}

/// MAINTAINER (DH605, MaintainerDeprecated), shell-form CMD (DH017, JSONArgsRecommended) and a
/// root final user (DH101, dockhand's own).
const BODY: &str = "FROM alpine:3.22\nMAINTAINER someone\nCMD /usr/local/bin/app serve\n";

fn with(directive: &str) -> String {
    format!("{directive}\n{BODY}")
}

#[test]
fn without_a_directive_all_three_fire() {
    let c = codes(BODY);
    let only: Vec<&str> = c.iter().map(|(c, _)| *c).collect();
    assert_eq!(only, ["DH017", "DH101", "DH605"]);
}

#[test]
fn skip_by_buildkit_name_code_or_alias() {
    for d in [
        "# check=skip=MaintainerDeprecated",
        "# check=skip=DH605",
        "# check=skip=maintainer-deprecated",
        "# check=skip=DL4000",
        "# CHECK = skip = JSONArgsRecommended , MaintainerDeprecated",
    ] {
        let c = codes(&with(d));
        assert!(!c.iter().any(|(c, _)| *c == "DH605"), "{d}: {c:?}");
        assert!(c.iter().any(|(c, _)| *c == "DH101"), "{d}: {c:?}");
    }
}

#[test]
fn skip_all_turns_off_buildkit_checks_only() {
    let c = codes(&with("# check=skip=all"));
    assert_eq!(c, [("DH101", "warning".to_string())]);
}

#[test]
fn error_true_makes_buildkit_findings_errors() {
    let c = codes(&with("# check=error=true"));
    assert_eq!(
        c,
        [
            ("DH017", "error".to_string()),
            ("DH101", "warning".to_string()),
            ("DH605", "error".to_string()),
        ]
    );
    let c = codes(&with("# check=skip=JSONArgsRecommended;error=true"));
    assert_eq!(
        c.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        ["DH101", "DH605"]
    );
}

#[test]
fn a_directive_below_an_instruction_or_an_invalid_one_does_nothing() {
    let c = codes(&format!("{BODY}# check=skip=all\n"));
    assert_eq!(c.len(), 3, "{c:?}");
    let c = codes(&with("# check=skip=all;error=maybe"));
    assert_eq!(c.len(), 3, "{c:?}");
}

#[test]
fn exit_code_follows_error_true() {
    let d = tempfile::tempdir().expect("tempdir");
    let run = |text: &str| {
        std::fs::write(d.path().join("Dockerfile"), text).expect("write");
        Command::new(env!("CARGO_BIN_EXE_dockhand"))
            .current_dir(d.path())
            .args([
                "--failure-threshold",
                "error",
                "--select",
                "DH605",
                "Dockerfile",
            ])
            .env("NO_COLOR", "1")
            .output()
            .expect("run")
            .status
            .code()
    };
    assert_eq!(run(BODY), Some(0));
    assert_eq!(run(&with("# check=error=true")), Some(1));
}

#[test]
fn experimental_turns_on_a_check_buildkit_keeps_off() {
    let text = "# the Alpine release\nARG ALPINE=3.22\nFROM alpine:3.22\nUSER 1000\n";
    assert!(codes(text).is_empty(), "{:?}", codes(text));
    for d in [
        "# check=experimental=InvalidDefinitionDescription",
        "# check=experimental=all",
    ] {
        let c = codes(&format!("{d}\n{text}"));
        assert_eq!(c, [("DH608", "style".to_string())], "{d}");
    }
}
