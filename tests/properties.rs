//! Property tests (issue 5): on arbitrary input the parser returns without panicking, every
//! span lies inside the input on a character boundary and slices the text it claims, parsing
//! is deterministic, the whole lint never panics and reports spans inside the text, and linting
//! the same files gives byte-identical output whatever the thread count or argument order.

use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::parse::{self, check};
use dockhand::rules::{self, FileFacts};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

/// Dockerfile-shaped text: keywords, flags, quotes, continuations, heredocs, JSON, directives,
/// variables, multi-byte and control characters, glued in any order.
fn dockerfile_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "FROM",
        "from",
        "RUN",
        "COPY",
        "ADD",
        "ARG",
        "ENV",
        "ONBUILD",
        "HEALTHCHECK",
        "CMD",
        "ENTRYPOINT",
        "SHELL",
        "LABEL",
        "EXPOSE",
        "USER",
        "WORKDIR",
        "VOLUME",
        "STOPSIGNAL",
        "MAINTAINER",
        " ",
        " ",
        " ",
        "\t",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "\\\n",
        "\\",
        "`",
        "`\n",
        "# escape=`\n",
        "# syntax=docker/dockerfile:1\n",
        "# check=skip=all\n",
        "#",
        "# dockhand ignore=DH002\n",
        "\"",
        "'",
        "[",
        "]",
        ",",
        "{",
        "}",
        "<<EOF",
        "<<-'EOF'",
        "<<\"E\"",
        "EOF\n",
        "\tEOF\n",
        "--from=build",
        "--from=0",
        "--mount=type=cache,target=/x",
        "--chown=1:1",
        "--platform=$BUILDPLATFORM",
        "--link",
        "--",
        "AS",
        "as",
        "build",
        "base",
        "$A",
        "${A}",
        "${B:-x}",
        "${A:+$B}",
        "$",
        "=",
        "A=1",
        "alpine:3.20",
        "ubuntu@sha256:00",
        "scratch",
        "é",
        "日本",
        "\u{feff}",
        "\u{1b}[31m",
        "\u{7}",
        "\u{2028}",
        "\u{a0}",
        "\u{202e}",
        "0",
        "NONE",
        "&&",
        "|",
        ";",
        "apt-get install -y curl",
        "CMD [\"a\", \"b\"]",
        "\\u00e9",
    ]);
    prop::collection::vec(token, 0..80).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn check_parse(text: &str) -> Result<(), TestCaseError> {
    let df = parse::parse(text);
    if let Err(e) = check::spans(text, &df) {
        return Err(TestCaseError::fail(e));
    }
    let again = parse::parse(text);
    prop_assert_eq!(format!("{df:?}"), format!("{again:?}"), "not deterministic");
    Ok(())
}

fn all_rules() -> LintOptions {
    LintOptions {
        rules: rules::ALL.to_vec(),
        ..LintOptions::default()
    }
}

fn check_lint(text: &str) -> Result<(), TestCaseError> {
    let facts = FileFacts::default();
    let opts = all_rules();
    let ds = lint_diagnostics(text, &facts, &opts);
    for d in &ds {
        for s in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            prop_assert!(
                s.start <= s.end && s.end <= text.len(),
                "{} span {:?} outside 0..{}",
                d.code,
                s,
                text.len()
            );
            prop_assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{} span {:?} not on a character boundary",
                d.code,
                s
            );
        }
    }
    let again = lint_diagnostics(text, &facts, &opts);
    prop_assert_eq!(ds, again, "lint is not deterministic");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parser_holds_on_dockerfile_shaped_text(text in dockerfile_text()) {
        check_parse(&text)?;
    }

    #[test]
    fn parser_holds_on_any_text(text in any::<String>()) {
        check_parse(&text)?;
    }

    #[test]
    fn parser_holds_on_any_line_soup(lines in prop::collection::vec("\\PC{0,40}", 0..20)) {
        check_parse(&lines.join("\n"))?;
    }

    #[test]
    fn lint_holds_on_dockerfile_shaped_text(text in dockerfile_text()) {
        check_lint(&text)?;
    }

    #[test]
    fn lint_holds_on_any_text(text in any::<String>()) {
        check_lint(&text)?;
    }
}

/// Files with findings, an unreadable one, and one in a subdirectory.
fn lint_tree(dir: &Path) -> Vec<String> {
    let files: &[(&str, &[u8])] = &[
        (
            "Dockerfile",
            b"FROM alpine:3.20 AS a\nCOPY --from=a /x /y\n",
        ),
        ("b.Dockerfile", b"FROOM x\nFROM a AS a\nFROM b AS a\n"),
        (
            "c.Dockerfile",
            b"FROM alpine\nCOPY --from=0 /x /y\nCOPY --from=nope /a /b\n",
        ),
        ("d.Dockerfile", b"RUN <<EOF\necho\n"),
        ("e.Dockerfile", b"FROM alpine:3.20\n"),
        ("bin.Dockerfile", b"FROM \0\x01\x02"),
        ("sub/Dockerfile", b"FROM scratch\nWORKDIR\n"),
        ("sub/z.Dockerfile", b"\xef\xbb\xbfFROM x\nRUN \"\n"),
    ];
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    let mut names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    names.push("missing.Dockerfile".to_string());
    names
}

fn run(dir: &Path, threads: &str, format: &str, args: &[String]) -> (Option<i32>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(["--no-config", "--color", "never", "--format", format])
        .args(args)
        .output()
        .expect("dockhand runs");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), out.stdout)
}

#[test]
fn output_is_identical_whatever_the_thread_count_or_order() {
    let d = tempfile::tempdir().expect("temp dir");
    let names = lint_tree(d.path());
    let forward = names.clone();
    let mut reversed = names.clone();
    reversed.reverse();
    // a fixed shuffle
    let mut shuffled = names.clone();
    shuffled.rotate_left(3);
    shuffled.swap(0, 5);
    let orders = [forward, reversed, shuffled];
    for format in ["json", "human", "sarif", "gnu", "checkstyle"] {
        let reference = run(d.path(), "1", format, &orders[0]);
        assert_eq!(
            reference.0,
            Some(2),
            "an unreadable file makes the exit code 2"
        );
        for threads in ["1", "4"] {
            for (i, order) in orders.iter().enumerate() {
                let got = run(d.path(), threads, format, order);
                assert_eq!(
                    got,
                    reference,
                    "{format} output differs with {threads} threads and order {i}:\n{}\n---\n{}",
                    String::from_utf8_lossy(&got.1),
                    String::from_utf8_lossy(&reference.1)
                );
            }
        }
        // walking the directory finds the same files, so the report is the same too
        let mut with_missing = vec![".".to_string(), "missing.Dockerfile".to_string()];
        let walked = run(d.path(), "4", format, &with_missing);
        with_missing.reverse();
        assert_eq!(
            walked,
            run(d.path(), "1", format, &with_missing),
            "{format}"
        );
    }
}
