//! End-to-end runs of the binary: exit codes, JSON shape, stdin, discovery, selection,
//! configuration, suppressions, several outputs, and the human output snapshot.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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

fn with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dockhand");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn demo_has_findings_and_exits_1() {
    let o = dockhand(&root(), &["fixtures/demo", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&o);
    assert_eq!(v["version"], 1);
    let c = codes(&v);
    assert!(
        c.contains(&"DH002".to_string()) && c.contains(&"DH004".to_string()),
        "{c:?}"
    );
    // the perfect-image demo has no warning or error
    for d in v["diagnostics"].as_array().into_iter().flatten() {
        if d["file"].as_str().is_some_and(|f| f.contains("go-service")) {
            let sev = d["severity"].as_str().unwrap_or("");
            assert!(sev == "info" || sev == "style", "go-service: {d}");
        }
    }
}

#[test]
fn json_diagnostic_fields() {
    let o = dockhand(
        &root(),
        &[
            "fixtures/demo/python-api/Dockerfile",
            "-f",
            "json",
            "--select",
            "DH002",
        ],
    );
    let v = json(&o);
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "fixtures/demo/python-api/Dockerfile");
    assert_eq!(d["code"], "DH002");
    assert_eq!(d["name"], "unknown-instruction");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown instruction `COPPY`");
    assert_eq!(d["help"], "did you mean `COPY`?");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(v["summary"]["diagnostics"], 1);
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn clean_file_exits_0_and_threshold_controls_failure() {
    let d = temp();
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM alpine:3.22\nCOPY --from=0 /a /b\n",
    )
    .expect("write");
    // DH005 (error): a stage copying from itself
    let o = dockhand(d.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let o = dockhand(d.path(), &["--ignore", "DH005,DH006"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM golang:1.26 AS b\nFROM alpine:3.22\nCOPY --from=0 /a /b\n",
    )
    .expect("write");
    // only an info finding: fails at `info`, passes at the default `warning`
    let o = dockhand(d.path(), &["--select", "DH006"]);
    assert_eq!(o.status.code(), Some(0));
    let o = dockhand(
        d.path(),
        &["--select", "DH006", "--failure-threshold", "info"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = dockhand(
        d.path(),
        &[
            "--select",
            "DH006",
            "--failure-threshold",
            "none",
            "-f",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(codes(&json(&o)), ["DH006"]);
}

#[test]
fn unreadable_path_exits_2_but_others_are_still_linted() {
    let o = dockhand(
        &root(),
        &[
            "no/such/Dockerfile",
            "fixtures/demo/python-api/Dockerfile",
            "-f",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert!(!codes(&v).is_empty());
    assert_eq!(v["errors"][0]["file"], "no/such/Dockerfile");
    assert_eq!(v["errors"][0]["message"], "no such file or directory");
}

#[test]
fn bad_arguments_exit_2() {
    let o = dockhand(&root(), &["--format", "yaml", "fixtures/demo"]);
    assert_eq!(o.status.code(), Some(2));
    let o = dockhand(&root(), &["--select", "DH999", "fixtures/demo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("DH999"));
    let o = dockhand(&root(), &["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stdin_with_a_file_name() {
    let o = with_stdin(
        &root(),
        &["-", "--stdin-filename", "svc/Dockerfile", "-f", "json"],
        "FROM alpine:3.22\nCOPPY a b\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["file"], "svc/Dockerfile");
    let o = with_stdin(
        &root(),
        &["-", "-f", "gnu"],
        "FROM alpine:3.22\nCOPPY a b\n",
    );
    assert!(
        stdout(&o).starts_with("<stdin>:2:1: error: unknown instruction"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn directory_discovery_honours_names_and_gitignore() {
    let o = dockhand(
        &root().join("fixtures/cli/tree"),
        &["-f", "json", "--failure-threshold", "none"],
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 3, "{v}");
    let files: Vec<_> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(files, ["sub/api.Dockerfile"]);
    // an explicit directory with no Dockerfiles is a usage problem
    let d = temp();
    std::fs::write(d.path().join("README.md"), "hi").expect("write");
    let o = dockhand(d.path(), &["."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("no Dockerfiles found"),
        "{}",
        stdout(&o)
    );
    // the implicit current directory only warns
    let o = dockhand(d.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn glob_arguments() {
    let o = dockhand(
        &root(),
        &["fixtures/cli/tree/sub/*.Dockerfile", "-f", "json"],
    );
    assert_eq!(json(&o)["summary"]["files"], 1);
    let o = dockhand(&root(), &["fixtures/cli/tree/*.nothing"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn subcommands() {
    let o = dockhand(&root(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o)
        .lines()
        .any(|l| l.starts_with("DH001  syntax-error")));
    let o = dockhand(&root(), &["explain", "copy-from-unknown-stage"]);
    assert!(stdout(&o).starts_with("# DH004 copy-from-unknown-stage"));
    assert_eq!(
        stdout(&o),
        std::fs::read_to_string(root().join("rules/DH004.md")).expect("page")
    );
    let o = dockhand(&root(), &["explain", "DH999"]);
    assert_eq!(o.status.code(), Some(2));
    let o = dockhand(&root(), &["parse", "fixtures/demo/go-naive/Dockerfile"]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["instructions"][0]["cmd"], "from");
    assert_eq!(v["instructions"][0]["value"][0], "golang:1.13");
}

#[test]
fn parse_shells_prints_the_shell_of_each_run() {
    let d = temp();
    let f = d.path().join("Dockerfile");
    std::fs::write(
        &f,
        "FROM alpine:3.22 AS a\nRUN echo a\nFROM centos:7\nONBUILD RUN echo b\n\
         FROM debian:trixie\nRUN <<EOF\n#!/bin/bash\necho c\nEOF\nRUN [\"sh\", \"-c\", \"echo d\"]\n\
         SHELL [\"pwsh\", \"-c\"]\nRUN dir\n",
    )
    .expect("write");
    let path = f.display().to_string();
    let o = dockhand(&root(), &["parse", "--shells", &path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    let runs = v["runs"].as_array().expect("runs");
    let got: Vec<(u64, &str)> = runs
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["shell"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "ash"),
            (4, "bash"),
            (6, "dash"),
            (10, "dash"),
            (12, "powershell")
        ]
    );
    // the heredoc body runs in the shell of its #! line; PowerShell is not parsed as sh
    assert_eq!(runs[2]["scripts"][1]["source"], "heredoc:0");
    assert_eq!(runs[2]["scripts"][1]["shell"], "bash");
    assert_eq!(runs[3]["scripts"][0]["source"], "exec-form");
    assert_eq!(runs[4]["scripts"].as_array().map(Vec::len), Some(0));
}

#[test]
fn several_outputs_in_one_run() {
    let d = temp();
    let sarif = d.path().join("out.sarif");
    let spec = format!("sarif:{}", sarif.display());
    let o = dockhand(
        &root(),
        &[
            "fixtures/demo/python-api/Dockerfile",
            "--format",
            &spec,
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("DH002"), "{}", stdout(&o));
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
        .expect("sarif JSON");
    assert_eq!(s["version"], "2.1.0");
    let out = d.path().join("report.json");
    let o = dockhand(
        &root(),
        &[
            "fixtures/demo/python-api/Dockerfile",
            "-f",
            "json",
            "-o",
            &out.to_string_lossy(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(std::fs::read_to_string(&out)
        .expect("written")
        .contains("\"DH002\""));
}

#[test]
fn target_and_build_args() {
    let d = temp();
    std::fs::write(
        d.path().join("Dockerfile"),
        "ARG SRC=build\nFROM alpine:3.22 AS build\nFROM alpine:3.22 AS app\nCOPY --from=${SRC} /a /a\n",
    )
    .expect("write");
    let o = dockhand(d.path(), &["-f", "json", "--select", "DH004"]);
    assert_eq!(codes(&json(&o)), Vec::<String>::new());
    let o = dockhand(
        d.path(),
        &[
            "-f",
            "json",
            "--select",
            "DH004",
            "--build-arg",
            "SRC=biuld",
        ],
    );
    assert_eq!(codes(&json(&o)), ["DH004"]);
}

#[test]
fn config_file_and_errors() {
    let d = temp();
    std::fs::create_dir(d.path().join(".git")).expect("git dir");
    std::fs::write(d.path().join("Dockerfile"), "FROM alpine:3.22\nCOPPY a b\n").expect("write");
    std::fs::write(
        d.path().join("dockhand.toml"),
        "ignore = [\"unknown-instruction\"]\n",
    )
    .expect("write");
    let o = dockhand(d.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // the command line wins over the file
    let o = dockhand(d.path(), &["--extend-select", "DH002"]);
    assert_eq!(o.status.code(), Some(1));
    let o = dockhand(d.path(), &["config"]);
    assert!(stdout(&o).contains("dockhand.toml"), "{}", stdout(&o));
    std::fs::write(d.path().join("dockhand.toml"), "ignroe = [\"DH002\"]\n").expect("write");
    let o = dockhand(d.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ignroe") && err.contains("dockhand.toml"),
        "{err}"
    );
    let o = dockhand(d.path(), &["--no-config"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn suppressions_and_policy_flags() {
    let d = temp();
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM alpine:3.22\n# dockhand ignore=DH002\nCOPPY a b\n# dockhand ignore=DH002 -- legacy\nCOPPY c d\n",
    )
    .expect("write");
    let o = dockhand(d.path(), &["-f", "json"]);
    assert_eq!(codes(&json(&o)), Vec::<String>::new());
    let o = dockhand(d.path(), &["-f", "json", "--no-suppressions"]);
    assert_eq!(codes(&json(&o)), ["DH002", "DH002"]);
    let o = dockhand(d.path(), &["-f", "json", "--require-reason"]);
    let v = json(&o);
    assert_eq!(codes(&v), ["DH007"]);
    assert_eq!(v["diagnostics"][0]["severity"], "error");
}

#[test]
fn human_output_snapshot() {
    let o = dockhand(
        &root(),
        &[
            "fixtures/demo/python-api/Dockerfile",
            "--select",
            "DH002,DH004",
        ],
    );
    let text = stdout(&o);
    let snap = root().join("fixtures/cli/python-api.human.snap");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1")
        || (!snap.exists() && std::env::var("CI").is_err())
    {
        std::fs::write(&snap, &text).expect("write snapshot");
    }
    assert_eq!(
        text,
        std::fs::read_to_string(&snap).expect("snapshot exists")
    );
    assert!(!text.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn config_excludes_and_force_exclude() {
    let d = temp();
    std::fs::create_dir(d.path().join(".git")).expect("git dir");
    std::fs::create_dir(d.path().join("vendor")).expect("vendor dir");
    std::fs::write(
        d.path().join("vendor/Dockerfile"),
        "FROM alpine:3.22\nCOPPY a b\n",
    )
    .expect("write");
    std::fs::write(
        d.path().join("dockhand.toml"),
        "exclude = [\"vendor/**\"]\n",
    )
    .expect("write");
    // directories are searched without the excluded paths
    let o = dockhand(d.path(), &["."]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "only excluded files: nothing to lint"
    );
    // a file named explicitly is linted, unless --force-exclude
    let o = dockhand(d.path(), &["vendor/Dockerfile"]);
    assert_eq!(o.status.code(), Some(1));
    let o = dockhand(
        d.path(),
        &["vendor/Dockerfile", "--force-exclude", "-f", "json"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["summary"]["files"], 0);
}

#[test]
fn config_rule_options_and_image_families_reach_the_rules() {
    let d = temp();
    std::fs::create_dir(d.path().join(".git")).expect("git dir");
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM mycorp/go-builder:1.2.3\nRUN adduser -D app\nUSER app\nCOPY go.mod go.sum ./\nFROM node:lts AS web\nFROM ghcr.io/acme/base:1.0\n",
    )
    .expect("write");
    let run = |toml: &str| {
        std::fs::write(d.path().join("dockhand.toml"), toml).expect("write config");
        let o = dockhand(
            d.path(),
            &[
                "-f",
                "json",
                "--failure-threshold",
                "none",
                "--target",
                "web",
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        codes(&json(&o))
    };
    // without configuration: an unknown private image, a floating `lts` tag, no registry policy
    let plain = run("");
    assert!(plain.contains(&"DH402".to_string()), "{plain:?}");
    assert!(!plain.contains(&"DH404".to_string()), "{plain:?}");
    // `lts` accepted; only docker.io trusted, so ghcr.io is flagged
    let with = run(
        "[rules.floating-base-tag]\naccepted-tags = [\"lts\"]\n[rules.untrusted-registry]\nregistries = [\"docker.io\"]\n",
    );
    assert!(!with.contains(&"DH402".to_string()), "{with:?}");
    assert!(with.contains(&"DH404".to_string()), "{with:?}");
    // the private builder, declared as a Go toolchain image, makes the final image a toolchain one
    std::fs::write(
        d.path().join("dockhand.toml"),
        "[[images]]\nname = \"mycorp/go-builder\"\nlibc = \"glibc\"\ntoolchain = \"go\"\n",
    )
    .expect("write config");
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM mycorp/go-builder:1.2.3\nRUN adduser -D app\nUSER app\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
    )
    .expect("write");
    let message = |extra: &[&str]| {
        let mut args = vec![
            "-f",
            "json",
            "--failure-threshold",
            "none",
            "--select",
            "DH201",
        ];
        args.extend_from_slice(extra);
        let v = json(&dockhand(d.path(), &args));
        assert_eq!(codes(&v), ["DH201"]);
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    // with the family, the base image itself is the evidence
    assert!(message(&[]).contains("Go toolchain image `mycorp/go-builder:1.2.3`"));
    // without it the image is unknown, and only the compile step gives the toolchain away
    assert!(message(&["--no-config"]).contains("compiles its own code"));
}

/// A finding past column 65,535 (where miette panics) is shown, with the same character column
/// in the human header as in every other format, and a JSON report written alongside is
/// complete (issue 17).
#[test]
fn findings_at_any_column_are_shown_and_every_report_is_written() {
    let d = temp();
    let text = format!("FROM {}python\n", " ".repeat(70_000));
    std::fs::write(d.path().join("Dockerfile"), &text).expect("write");
    let o = dockhand(
        d.path(),
        &[
            "--no-config",
            "--format",
            "human",
            "--format",
            "json:out.json",
            "Dockerfile",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("out.json")).expect("json written"),
    )
    .expect("JSON");
    let diag = &v["diagnostics"][0];
    let (line, column) = (
        diag["line"].as_u64().expect("line"),
        diag["column"].as_u64().expect("column"),
    );
    assert_eq!(column, 70_006);
    let human = stdout(&o);
    assert!(
        human.contains(&format!("[Dockerfile:{line}:{column}]")),
        "{human}"
    );
    // the long line is a window around the finding, not the whole 70 KB line
    assert!(human.len() < 4_000, "{} bytes", human.len());
    assert!(human.contains("│ …") && human.contains("python"), "{human}");
}

/// Many findings on one long line: the human report holds a bounded excerpt per finding
/// (before: the whole line per finding, 140 MB for 2,000 findings on a 12 KB line).
#[test]
fn many_findings_on_one_long_line_stay_bounded() {
    let d = temp();
    let codes: Vec<String> = (0..2000).map(|i| format!("DH9{:02}", i % 100)).collect();
    let text = format!(
        "FROM alpine:3.22\n# dockhand ignore={}\nRUN true\n",
        codes.join(",")
    );
    std::fs::write(d.path().join("Dockerfile"), &text).expect("write");
    let o = dockhand(d.path(), &["--no-config", "Dockerfile"]);
    let human = stdout(&o);
    let findings = human.matches("╭─[Dockerfile:").count();
    assert_eq!(findings, 2000, "{}", &human[..human.len().min(2000)]);
    // per finding: a few lines of at most ~130 characters each, never the 12 KB line
    let per_finding = human.len() / findings;
    assert!(per_finding < 1_000, "{per_finding} bytes per finding");
    assert!(human.lines().all(|l| l.chars().count() < 200));
}

/// The same file named twice is linted once (by canonical path, first order kept).
#[test]
fn the_same_file_named_twice_is_reported_once() {
    let d = temp();
    std::fs::create_dir(d.path().join("a")).expect("mkdir");
    std::fs::write(d.path().join("a/Dockerfile"), "FROM python\n").expect("write");
    let o = dockhand(
        d.path(),
        &[
            "--no-config",
            "-f",
            "concise",
            "a/Dockerfile",
            "./a/Dockerfile",
            "a/../a/Dockerfile",
            "a",
        ],
    );
    let out = stdout(&o);
    assert_eq!(out.matches("DH401").count(), 1, "{out}");
}

/// A UTF-8 byte order mark does not shift line 1's columns, in any format.
#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let d = temp();
    std::fs::write(d.path().join("Dockerfile"), "\u{feff}FROM python\n").expect("write");
    let run = |format: &str| {
        stdout(&dockhand(
            d.path(),
            &["--no-config", "-f", format, "Dockerfile"],
        ))
    };
    assert!(run("concise").starts_with("Dockerfile:1:6: warning DH401"));
    assert!(run("gnu").starts_with("Dockerfile:1:6: warning"));
    assert!(run("human").contains("[Dockerfile:1:6]"));
    let v: Value = serde_json::from_str(&run("json")).expect("JSON");
    assert_eq!(v["diagnostics"][0]["column"], 6);
    let v: Value = serde_json::from_str(&run("sarif")).expect("SARIF");
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        6
    );
    assert!(!run("human").contains('\u{feff}'));
}

/// One report that cannot be written does not lose the others, and the run exits with 2.
#[test]
fn a_report_that_fails_does_not_lose_the_others() {
    let d = temp();
    std::fs::write(d.path().join("Dockerfile"), "FROM python\n").expect("write");
    let o = dockhand(
        d.path(),
        &[
            "--no-config",
            "--format",
            "json:no/such/dir/out.json",
            "--format",
            "sarif:out.sarif",
            "--format",
            "concise",
            "Dockerfile",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir/out.json"));
    assert!(stdout(&o).contains("DH401"));
    let sarif = std::fs::read_to_string(d.path().join("out.sarif")).expect("SARIF written");
    assert!(sarif.contains("DH401"));
}

/// A standard error (or output) whose reader is gone is no panic: the exit code still tells.
#[cfg(unix)]
#[test]
fn closed_output_streams_are_no_panic() {
    let d = temp();
    for (args, code) in [(&["--no-config", "missing"][..], 2), (&["--bogus"][..], 2)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockhand"))
            .current_dir(d.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // close both read ends before dockhand writes anything
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

/// A glob that meets a directory it cannot read reports it (before: its files silently
/// neither linted nor reported, exit 1). Root reads every directory, so there the test has
/// nothing to lock and only checks the run.
#[cfg(unix)]
#[test]
fn a_glob_reports_a_directory_it_cannot_read() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp();
    let locked = d.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::write(locked.join("Dockerfile"), "FROM python\n").expect("write");
    std::fs::write(d.path().join("good.Dockerfile"), "FROM python\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let unreadable = std::fs::read_dir(&locked).is_err();
    let o = dockhand(
        d.path(),
        &["--no-config", "-f", "concise", "*/*", "good.Dockerfile"],
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = stdout(&o);
    assert!(out.contains("good.Dockerfile:1:6: warning DH401"), "{out}");
    if unreadable {
        assert!(
            out.contains("locked: cannot lint this file: permission denied"),
            "{out}"
        );
        assert_eq!(o.status.code(), Some(2));
    } else {
        assert!(
            out.contains("locked/Dockerfile:1:6: warning DH401"),
            "{out}"
        );
    }
}

#[test]
fn unknown_target_is_an_error_naming_the_stages() {
    let o = dockhand(
        &root(),
        &[
            "--target",
            "bse",
            "fixtures/demo/go-service",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains(
            "--target `bse` is not a stage of this file: its stages are `builder`, `final`"
        ),
        "{out}"
    );
    // a real stage lints as usual
    let o = dockhand(
        &root(),
        &["--target", "builder", "fixtures/demo/go-service"],
    );
    assert_ne!(o.status.code(), Some(2), "{}", stdout(&o));
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let o = with_stdin(
        &root(),
        &["--stdin-filename", "svc/Dockerfile", "--format", "concise"],
        "FROM python\n",
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.starts_with("svc/Dockerfile:1:6: warning DH401"),
        "{out}"
    );
    assert!(
        out.contains("in 1 file"),
        "only standard input was linted: {out}"
    );
}

#[test]
fn subcommand_like_words_get_a_hint() {
    let d = tempfile::tempdir().expect("tempdir");
    for (word, hint) in [
        ("check", "linting is what `dockhand` does"),
        ("rule", "`dockhand rules`"),
        ("version", "`dockhand --version`"),
        ("format", "does not format Dockerfiles"),
        ("explian", "did you mean `dockhand explain`?"),
    ] {
        let o = dockhand(d.path(), &[word]);
        assert_eq!(o.status.code(), Some(2), "{word}");
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(err.contains(hint), "{word}: {err}");
    }
    // a folder of that name is linted, not taken for a verb
    std::fs::create_dir(d.path().join("check")).expect("mkdir");
    std::fs::write(d.path().join("check/Dockerfile"), "FROM alpine:3.22\n").expect("write");
    let o = dockhand(d.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn statistics_quiet_and_exit_zero() {
    let o = dockhand(&root(), &["fixtures/demo", "--statistics"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(first.len(), 3, "{out}");
    let counts: Vec<usize> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most first: {out}");
    // the counts add up to the findings the concise report lists
    let concise = stdout(&dockhand(
        &root(),
        &["fixtures/demo", "--format", "concise", "-q"],
    ));
    assert_eq!(
        counts.iter().sum::<usize>(),
        concise.lines().count(),
        "{concise}"
    );
    assert!(
        !concise.contains("findings"),
        "--quiet drops the summary: {concise}"
    );
    let o = dockhand(&root(), &["fixtures/demo", "--exit-zero"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("DH201"));
}

#[test]
fn rules_as_json_and_flags_before_a_subcommand() {
    let d = tempfile::tempdir().expect("tempdir");
    // `--format json` before `rules`: the subcommand is still the subcommand
    let o = dockhand(d.path(), &["--format", "json", "rules"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let list = json(&o);
    let rules = list.as_array().expect("a list of rules");
    let dh402 = rules
        .iter()
        .find(|r| r["code"] == "DH402")
        .expect("DH402 is listed");
    assert_eq!(dh402["name"], "floating-base-tag");
    assert_eq!(dh402["enabled_by_default"], true);
    assert!(dh402["options"]
        .as_array()
        .is_some_and(|o| o.iter().any(|k| k == "accepted-tags")));
    let dh403 = rules.iter().find(|r| r["code"] == "DH403").expect("DH403");
    assert_eq!(dh403["enabled_by_default"], false);
    // text: every summary starts in the same column
    let text = stdout(&dockhand(d.path(), &["rules"]));
    let cols: Vec<usize> = text
        .lines()
        .filter_map(|l| {
            l.find(" warning ")
                .or_else(|| l.find(" error "))
                .or_else(|| l.find(" info "))
        })
        .collect();
    assert!(
        !cols.is_empty() && cols.iter().all(|c| *c == cols[0]),
        "{text}"
    );
    // `--no-config config` works too
    let o = dockhand(d.path(), &["--no-config", "config"]);
    assert!(
        stdout(&o).starts_with("config file: none"),
        "{}",
        stdout(&o)
    );
    // a folder called `rules` is still linted
    std::fs::create_dir(d.path().join("rules")).expect("mkdir");
    std::fs::write(d.path().join("rules/Dockerfile"), "FROM python\n").expect("write");
    let o = dockhand(d.path(), &["--format", "concise", "rules"]);
    assert!(
        stdout(&o).starts_with("rules/Dockerfile:1:6: warning DH401"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn suggestions_keep_the_case_of_codes() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = dockhand(d.path(), &["explain", "DH4O1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("did you mean `DH401`?"), "{err}");
    let o = dockhand(d.path(), &["--ignore", "DH4O1"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("did you mean `DH401`?"), "{err}");
}

/// `image-role = "base"` in an `[[overrides]]` entry turns DH101 off for the files it
/// matches only.
#[test]
fn image_role_base_per_path() {
    let tmp = temp();
    let dir = tmp.path();
    for sub in ["images/httpd", "app"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        std::fs::write(
            dir.join(sub).join("Dockerfile"),
            "FROM debian:bookworm-slim\nCOPY app /usr/local/bin/app\nCMD [\"app\"]\n",
        )
        .expect("write");
    }
    std::fs::write(
        dir.join("dockhand.toml"),
        "[[overrides]]\nfiles = [\"images/**\"]\nimage-role = \"base\"\n",
    )
    .expect("write");
    let out = dockhand(
        dir,
        &[
            "--select",
            "DH101",
            "--format",
            "json",
            "images/httpd/Dockerfile",
            "app/Dockerfile",
        ],
    );
    let v = json(&out);
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(files, ["app/Dockerfile"], "{v}");
}

/// A `go.mod` without `require` beside the Dockerfile fetches nothing: no DH301; with one,
/// the build after `COPY . .` downloads the modules on every source change.
#[test]
fn go_mod_without_require_fetches_nothing() {
    let tmp = temp();
    let dir = tmp.path();
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM golang:1.26-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
    )
    .expect("write");
    std::fs::write(dir.join("go.mod"), "module example.com/hello\n\ngo 1.26\n").expect("write");
    let out = dockhand(
        dir,
        &[
            "--no-config",
            "--select",
            "DH301",
            "--format",
            "json",
            "Dockerfile",
        ],
    );
    assert!(codes(&json(&out)).is_empty(), "{}", stdout(&out));
    std::fs::write(
        dir.join("go.mod"),
        "module example.com/hello\n\ngo 1.26\n\nrequire (\n\tgolang.org/x/text v0.20.0\n)\n",
    )
    .expect("write");
    let out = dockhand(
        dir,
        &[
            "--no-config",
            "--select",
            "DH301",
            "--format",
            "json",
            "Dockerfile",
        ],
    );
    assert_eq!(codes(&json(&out)), ["DH301"], "{}", stdout(&out));
}
