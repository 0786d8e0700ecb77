//! Shared fixtures for the reporter tests: a few hand-built `FileReport`s with hostile content,
//! a `ReportContext`, and a small snapshot helper (`UPDATE_SNAPSHOTS=1` rewrites snapshots).

use super::{FileReport, ReportContext, Reporter, RuleInfo};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::LineIndex;
use crate::span::Span;
use std::path::PathBuf;
use std::sync::Arc;

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "DH401",
        name: "untagged-base-image",
        severity: Severity::Warning,
        category: "reproducibility",
        summary: "FROM without a tag or digest",
        docs: "## What it does\nFlags a `FROM` whose registry image has neither a tag nor a digest.\n\n## Why is this bad?\nDocker reads a missing tag as `latest`, which moves.\n",
    },
    RuleInfo {
        code: "DH501",
        name: "libc-mismatch",
        severity: Severity::Error,
        category: "correctness",
        summary: "binary copied between stages built against another libc",
        docs: "## What it does\nFlags `COPY --from` of binaries from a glibc stage into a musl stage.\n",
    },
    RuleInfo {
        code: "DH210",
        name: "escape-in-echo",
        severity: Severity::Style,
        category: "style",
        summary: "terminal escape sequence written into an image layer",
        docs: "## What it does\nFlags raw escape characters in `RUN echo`.\n",
    },
    RuleInfo {
        code: "DH302",
        name: "root-final-user",
        severity: Severity::Info,
        category: "security",
        summary: "the final stage runs as root",
        docs: "## What it does\nFlags a final stage whose effective user is root.\n",
    },
];

pub fn context(color: bool) -> ReportContext<'static> {
    ReportContext {
        rules: RULES,
        tool_name: "dockhand",
        tool_version: "0.1.0",
        information_uri: "https://github.com/dockhand/dockhand",
        failure_threshold: Some(Severity::Warning),
        color,
        width: 80,
        quiet: false,
    }
}

/// Byte span of the `nth` (0-based) occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("fixture text contains {needle:?}"))
        .0;
    Span::new(start, start + needle.len())
}

fn file(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
    FileReport {
        path: path.to_string(),
        source: Some(Arc::from(text)),
        lines: Some(Arc::new(LineIndex::new(text))),
        diagnostics,
        error: None,
    }
}

/// Main Dockerfile: non-ASCII before a flagged token, a raw ESC and BEL inside a RUN line,
/// secondary labels on earlier lines.
pub const MAIN: &str = "FROM golang:1.22 AS build\nLABEL maintainer=\"Zoë Ünal\"\nFROM alpine\nCOPY --from=build /go/bin/app /app\nRUN echo \"\x1b[31mred\x07\"\nUSER root\n";

/// A path with spaces, quotes, a newline, non-ASCII and URI-special characters.
pub const ODD_PATH: &str = "dir with space/\"quoted\" naïve\nfile#1?%.Dockerfile";

pub fn reports() -> Vec<FileReport> {
    let main = vec![
        Diagnostic {
            code: "DH401",
            name: "untagged-base-image",
            severity: Severity::Warning,
            message: "`alpine` has no tag or digest".into(),
            help: Some("pin a tag such as `:3.20`, or a `@sha256:` digest".into()),
            primary: Label {
                span: find(MAIN, "alpine", 0),
                message: Some("no tag".into()),
            },
            secondary: vec![],
            fix: None,
        },
        Diagnostic {
            code: "DH501",
            name: "libc-mismatch",
            severity: Severity::Error,
            message: "`/go/bin/app` is built against glibc but copied into a musl image".into(),
            help: Some("build with `CGO_ENABLED=0`, or use a glibc base image".into()),
            primary: Label {
                span: find(MAIN, "--from=build", 0),
                message: Some("copied from `build`".into()),
            },
            secondary: vec![
                Label {
                    span: find(MAIN, "golang:1.22", 0),
                    message: Some("`build` is based on this glibc image".into()),
                },
                Label {
                    span: find(MAIN, "alpine", 0),
                    message: None,
                },
            ],
            fix: None,
        },
        Diagnostic {
            code: "DH210",
            name: "escape-in-echo",
            severity: Severity::Style,
            message: "`echo` writes the raw escape \x1b[31m\x07 into the layer".into(),
            help: None,
            primary: Label {
                span: find(MAIN, "\"\x1b[31mred\x07\"", 0),
                message: Some("contains ESC \x1b and BEL \x07".into()),
            },
            secondary: vec![],
            fix: None,
        },
        Diagnostic {
            code: "DH302",
            name: "root-final-user",
            severity: Severity::Info,
            message: "the final stage runs as `root`".into(),
            help: Some("add `USER nonroot` after installing packages".into()),
            primary: Label {
                span: find(MAIN, "root", 0),
                message: None,
            },
            secondary: vec![Label {
                span: find(MAIN, "FROM alpine", 0),
                message: Some("final stage starts here".into()),
            }],
            fix: None,
        },
    ];
    let odd_text = "FROM ubuntu\n";
    let odd = vec![Diagnostic {
        code: "DH401",
        name: "untagged-base-image",
        severity: Severity::Warning,
        message: "`ubuntu` has no tag or digest".into(),
        help: None,
        primary: Label {
            span: find(odd_text, "ubuntu", 0),
            message: None,
        },
        secondary: vec![],
        fix: None,
    }];
    vec![
        file("build/Dockerfile", MAIN, main),
        FileReport {
            path: "missing/Dockerfile".into(),
            source: None,
            lines: None,
            diagnostics: vec![],
            error: Some("No such file or directory (os error 2)".into()),
        },
        file(ODD_PATH, odd_text, odd),
        file("clean.Dockerfile", "FROM scratch\n", vec![]),
    ]
}

pub fn render(reporter: &dyn Reporter, reports: &[FileReport], color: bool) -> String {
    let mut out = Vec::new();
    reporter
        .write(reports, &context(color), &mut out)
        .expect("writing to a Vec does not fail");
    String::from_utf8(out).expect("reporters write UTF-8")
}

/// Compare `actual` with `tests/snapshots/report/<name>`. A missing snapshot is written (outside
/// CI) and `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/report")
        .join(name);
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    match std::fs::read_to_string(&path) {
        Ok(expected) if !update => {
            if expected != actual {
                panic!(
                    "snapshot {} differs (UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
                    path.display()
                );
            }
        }
        Err(_) if std::env::var_os("CI").is_some() && !update => {
            panic!(
                "snapshot {} is missing; run the tests locally and commit it",
                path.display()
            );
        }
        _ => {
            std::fs::create_dir_all(path.parent().expect("snapshot path has a parent"))
                .expect("create snapshot dir");
            std::fs::write(&path, actual).expect("write snapshot");
            eprintln!("wrote snapshot {}", path.display());
        }
    }
}
