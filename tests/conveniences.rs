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

#[test]
fn bash_completions_name_the_subcommands_and_flags_and_parse() {
    let o = run(&root(), &["completions", "bash"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = stdout(&o);
    for word in [
        "rules",
        "explain",
        "config",
        "init",
        "baseline",
        "completions",
        "man",
        "--format",
        "--baseline",
        "--watch",
        "--select",
        "--failure-threshold",
    ] {
        assert!(script.contains(word), "{word} missing from the bash script");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("dockhand.bash");
    std::fs::write(&file, &script).expect("write");
    let check = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("run bash -n");
    assert!(check.status.success(), "{}", stderr(&check));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = run(&root(), &["completions", shell], &[]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("--baseline"), "{shell}");
    }
    let bad = run(&root(), &["completions", "tcsh"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("tcsh"));
}

#[test]
fn man_page_is_roff_with_every_flag() {
    let o = run(&root(), &["man"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with(".ie") || page.starts_with(".TH") || page.contains("\n.TH "));
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"));
    // roff escapes the hyphens of flags (`\-\-watch`)
    for flag in [
        "watch",
        "baseline",
        "failure\\-threshold",
        "stdin\\-filename",
    ] {
        assert!(page.contains(&format!("\\-\\-{flag}")), "--{flag} missing");
    }
    // rendered by man itself when it is installed
    let man = Command::new("man").arg("--version").output();
    if man.is_ok_and(|m| m.status.success()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("dockhand.1");
        std::fs::write(&file, &page).expect("write");
        let shown = Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("run man -l");
        assert!(shown.status.success(), "{}", stderr(&shown));
        let text = stdout(&shown);
        assert!(
            text.contains("--watch") && text.contains("dockhand"),
            "{text}"
        );
    } else {
        eprintln!("man is not installed: the page's structure was checked, not its rendering");
    }
}

#[test]
fn init_writes_a_config_that_loads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(dir.path(), &["init"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("dockhand.toml");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.contains("failure-threshold = \"warning\""));
    let cfg = run(dir.path(), &["config"], &[]);
    assert_eq!(cfg.status.code(), Some(0), "{}", stderr(&cfg));
    let described = stdout(&cfg);
    assert!(described.contains("dockhand.toml"), "{described}");
    // commented out, it changes nothing: the same rules as with no configuration
    let none = run(dir.path(), &["config", "--no-config"], &[]);
    let rules = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("  DH"))
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(rules(&described), rules(&stdout(&none)));

    std::fs::write(&path, "# mine\n").expect("write");
    let again = run(dir.path(), &["init"], &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists") && stderr(&again).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# mine\n");
    let forced = run(dir.path(), &["init", "--force"], &[]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).expect("replaced"), text);

    // a .dockhand.toml would lose to the new file: refused too
    let other = tempfile::tempdir().expect("tempdir");
    std::fs::write(other.path().join(".dockhand.toml"), "").expect("write");
    let o = run(other.path(), &["init"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".dockhand.toml"));
}

fn json_codes(o: &Output) -> Vec<(String, u64)> {
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"]
                    .as_u64()
                    .or(d["start"]["line"].as_u64())
                    .unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn baseline_hides_known_findings_when_lines_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let df = dir.path().join("Dockerfile");
    let original = "FROM python:latest AS base\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"main.py\"]\n";
    std::fs::write(&df, original).expect("write");
    std::fs::write(dir.path().join(".dockerignore"), ".git\n").expect("write");
    let before = run(dir.path(), &["--format", "json"], &[]);
    let found = json_codes(&before);
    let has = |v: &[(String, u64)], code: &str| v.iter().any(|(c, _)| c == code);
    assert!(
        has(&found, "DH401") && has(&found, "DH301"),
        "the fixture has findings at the FROM and at a RUN: {found:?}"
    );

    let o = run(dir.path(), &["baseline"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("wrote {} finding", found.len())));
    let file = dir.path().join("dockhand-baseline.json");
    assert!(file.exists());

    // everything known: exit 0, and the summary says how many were hidden
    let o = run(dir.path(), &["--baseline", "dockhand-baseline.json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("{} findings hidden by the baseline", found.len())),
        "{}",
        stdout(&o)
    );

    // lines added above, continuation and spacing changed: still the same findings
    std::fs::write(
        &df,
        format!(
            "# a comment\n\nARG X=1\n{}",
            original.replace("RUN pip", "RUN   pip \\\n    ")
        ),
    )
    .expect("write");
    let o = run(
        dir.path(),
        &["--baseline", "dockhand-baseline.json", "--format", "json"],
        &[],
    );
    assert_eq!(json_codes(&o), vec![], "{}", stdout(&o));

    // the FROM changed: its findings are new
    std::fs::write(&df, original.replace("python:latest", "pyhton")).expect("write");
    let o = run(
        dir.path(),
        &["--baseline", "dockhand-baseline.json", "--format", "json"],
        &[],
    );
    let new = json_codes(&o);
    assert!(has(&new, "DH401"), "{new:?}");
    assert!(
        !has(&new, "DH301"),
        "the RUN's finding is still known: {new:?}"
    );
    assert!(
        new.iter().all(|(_, line)| *line == 1),
        "only the FROM's findings: {new:?}"
    );

    // a baseline -o elsewhere
    let o = run(
        dir.path(),
        &["baseline", "-o", "other.json", "Dockerfile"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("other.json").exists());
}

#[test]
fn a_broken_baseline_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Dockerfile"), "FROM python\n").expect("write");
    for (name, text, says) in [
        ("garbage.json", "not json", "is not JSON"),
        (
            "other.json",
            "{\"findings\": []}",
            "is not a dockhand baseline",
        ),
        (
            "future.json",
            "{\"dockhand-baseline\": 9, \"findings\": []}",
            "has format 9",
        ),
        (
            "bad.json",
            "{\"dockhand-baseline\": 1, \"findings\": [{\"code\": 1}]}",
            "is malformed",
        ),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write");
        let o = run(dir.path(), &["--baseline", name], &[]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
    let o = run(dir.path(), &["--baseline", "missing.json"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.json"), "{}", stderr(&o));
}

#[test]
fn watch_lints_again_after_a_change() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("tempdir");
    let df = dir.path().join("Dockerfile");
    std::fs::write(&df, "FROM alpine:3.20\n").expect("write");
    let mut child = command(dir.path())
        .args(["--watch", "--format", "concise", "."])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |what: &str| -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(l) => {
                    let done = l.contains(what);
                    seen.push(l);
                    if done {
                        return seen;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no `{what}` within 30 s; saw {seen:?}");
    };
    let first = wait_for("watching");
    assert!(first.iter().any(|l| l.contains("run 1")), "{first:?}");
    assert!(!first.iter().any(|l| l.contains("DH401")), "{first:?}");
    std::fs::write(&df, "FROM python\n").expect("modify");
    let second = wait_for("watching");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.iter().any(|l| l.contains("run 2")), "{second:?}");
    assert!(
        second.iter().any(|l| l.contains("DH401")),
        "the second run sees the change: {second:?}"
    );
}

#[test]
fn new_subcommands_get_a_did_you_mean_and_short_names_do_not_catch_file_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(dir.path(), &["baselin"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `dockhand baseline`?"),
        "{}",
        stderr(&o)
    );
    let o = run(dir.path(), &["ab"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("dockhand man"), "{}", stderr(&o));
    // options before `baseline` apply to it, as before `config`
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM python:latest AS base\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
    )
    .expect("write");
    let o = run(dir.path(), &["--ignore", "DH401", "baseline"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written =
        std::fs::read_to_string(dir.path().join("dockhand-baseline.json")).expect("written");
    assert!(
        !written.contains("DH401") && written.contains("DH301"),
        "{written}"
    );
}

/// DH303: a `.dockerignore` at the root of the git repository, above the Dockerfile's folder,
/// may be the one that applies (the context is often the root): no finding. Without one, or
/// with one only outside the repository, the finding stays. Run from the repository root and
/// from the Dockerfile's own folder (a relative path with no parent in it).
#[test]
fn a_dockerignore_at_the_repository_root_counts_as_unknown_not_missing() {
    let outer = tempfile::tempdir().expect("tempdir");
    let repo = outer.path().join("repo");
    let svc = repo.join("services").join("api");
    std::fs::create_dir_all(&svc).expect("mkdir");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir .git");
    std::fs::write(
        svc.join("Dockerfile"),
        "FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
    )
    .expect("write");
    let dh303 = |cwd: &Path, target: &str| {
        let o = run(cwd, &["--format", "json", "--select", "DH303", target], &[]);
        json_codes(&o).iter().any(|(c, _)| c == "DH303")
    };
    let target = "services/api/Dockerfile";
    // a .dockerignore outside the repository does not count
    std::fs::write(outer.path().join(".dockerignore"), ".git\n").expect("write");
    assert!(dh303(&repo, target), "no .dockerignore in the repository");
    assert!(
        dh303(&svc, "Dockerfile"),
        "no .dockerignore in the repository"
    );
    std::fs::write(repo.join(".dockerignore"), ".git\n").expect("write");
    assert!(!dh303(&repo, target), "the root's .dockerignore may apply");
    assert!(
        !dh303(&svc, "Dockerfile"),
        "the root's .dockerignore may apply"
    );
}
