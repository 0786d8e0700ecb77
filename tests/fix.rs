//! `--fix` end to end: every fixture pair under `fixtures/fix/<rule-name>/` (`NAME.Dockerfile`
//! and the `NAME.fixed` the binary made of it; optional `NAME.args` with extra arguments), run
//! through the binary in a temporary folder. `UPDATE_FIXTURES=1 cargo test --test fix` rewrites
//! the `.fixed` files from real runs (review the diff). Also: `--diff`, `--fix -`, `--fix-only`,
//! read-only files, files changed during the run, symlinks and permissions.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dockhand(dir: &Path, args: &[&str]) -> Output {
    dockhand_env(dir, args, &[])
}

fn dockhand_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dockhand"));
    c.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("DOCKHAND_SELECT")
        .env_remove("DOCKHAND_IGNORE")
        .env_remove("DOCKHAND_CONFIG")
        .env_remove("DOCKHAND_TEST_APPEND_BEFORE_WRITE");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run dockhand")
}

fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
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
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Findings of a file as (code, count), from the JSON report.
fn findings(dir: &Path, file: &str, extra: &[String]) -> BTreeMap<String, usize> {
    let mut args: Vec<&str> = vec![
        "--format",
        "json",
        "--failure-threshold",
        "none",
        "--no-config",
    ];
    args.extend(
        extra
            .iter()
            .map(String::as_str)
            .filter(|a| *a != "--unsafe-fixes"),
    );
    args.push(file);
    let out = dockhand(dir, &args);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let mut counts = BTreeMap::new();
    for d in v["diagnostics"].as_array().expect("diagnostics") {
        *counts
            .entry(d["code"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    counts
}

fn rule_code(name: &str) -> String {
    let out = dockhand(&root(), &["explain", name]);
    let page = String::from_utf8_lossy(&out.stdout);
    page.split_whitespace().nth(1).unwrap_or("").to_string()
}

#[test]
fn fixture_pairs() {
    let update = std::env::var("UPDATE_FIXTURES").as_deref() == Ok("1");
    let base = root().join("fixtures/fix");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .expect("fixtures/fix")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "fixture folders: {dirs:?}");
    let mut failures = Vec::new();
    let mut cases = 0;
    for dir in dirs {
        let rule = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let code = rule_code(&rule);
        assert!(
            ["DH", "DL", "SC"].iter().any(|p| code.starts_with(p)),
            "{rule} is no rule"
        );
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("rule folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
            .collect();
        inputs.sort();
        for input in inputs {
            cases += 1;
            let name = input.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let args: Vec<String> = std::fs::read_to_string(input.with_extension("args"))
                .map(|s| s.split_whitespace().map(String::from).collect())
                .unwrap_or_default();
            let tmp = tempfile::tempdir().expect("tempdir");
            let file = "Dockerfile";
            let original = std::fs::read(&input).expect("read fixture");
            std::fs::write(tmp.path().join(file), &original).expect("copy fixture");
            let before = findings(tmp.path(), file, &args);
            let mut fix_args: Vec<&str> =
                vec!["--fix", "--no-config", "--failure-threshold", "none"];
            fix_args.extend(args.iter().map(String::as_str));
            fix_args.push(file);
            let out = dockhand(tmp.path(), &fix_args);
            let fixed = std::fs::read(tmp.path().join(file)).expect("read fixed");
            let label = format!("{rule}/{name}");
            if out.status.code() != Some(0) {
                failures.push(format!(
                    "{label}: exit {:?}: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
                continue;
            }
            let expected_path = input.with_extension("fixed");
            if update {
                std::fs::write(&expected_path, &fixed).expect("write .fixed");
            } else {
                match std::fs::read(&expected_path) {
                    Ok(e) if e == fixed => {}
                    Ok(e) => failures.push(format!(
                        "{label}: fixed text differs (UPDATE_FIXTURES=1 to accept)\n--- expected\n{}\n--- got\n{}",
                        String::from_utf8_lossy(&e),
                        String::from_utf8_lossy(&fixed)
                    )),
                    Err(_) => failures.push(format!("{label}: no {}", expected_path.display())),
                }
            }
            if fixed == original {
                failures.push(format!("{label}: --fix changed nothing"));
            }
            // CRLF files stay CRLF: every line ending of the output is one the input used
            let crlf_in = original.windows(2).any(|w| w == b"\r\n");
            let text = String::from_utf8_lossy(&fixed);
            let bare_lf = text
                .match_indices('\n')
                .any(|(i, _)| i == 0 || &text[i - 1..i] != "\r");
            if crlf_in && bare_lf {
                failures.push(format!("{label}: a CRLF file got a bare LF line ending"));
            }
            // a second --fix changes nothing
            let again = dockhand(tmp.path(), &fix_args);
            let twice = std::fs::read(tmp.path().join(file)).expect("read again");
            if twice != fixed || again.status.code() != Some(0) {
                failures.push(format!("{label}: a second --fix changed the file"));
            }
            // the fixed file parses, has no finding of the rule, and the other rules' findings
            // are what they were
            let after = findings(tmp.path(), file, &args);
            for syntax in ["DH001", "DH002"] {
                if after.get(syntax) > before.get(syntax) {
                    failures.push(format!("{label}: the fix made a {syntax} finding"));
                }
            }
            if after.contains_key(&code) {
                failures.push(format!(
                    "{label}: {code} still fires after --fix: {after:?}"
                ));
            }
            if !before.contains_key(&code) {
                failures.push(format!("{label}: the fixture has no {code} finding"));
            }
            let others = |m: &BTreeMap<String, usize>| -> BTreeMap<String, usize> {
                m.iter()
                    .filter(|(c, _)| **c != code)
                    .map(|(c, n)| (c.clone(), *n))
                    .collect()
            };
            if others(&before) != others(&after) {
                failures.push(format!(
                    "{label}: other findings changed: {:?} → {:?}",
                    others(&before),
                    others(&after)
                ));
            }
        }
    }
    assert!(cases >= 15, "only {cases} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const INPUT: &str = "FROM golang:1.26 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -a -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
const FIXED: &str = "FROM golang:1.26 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";

#[test]
fn diff_writes_nothing_and_exits_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("Dockerfile"), INPUT).expect("write");
    let out = dockhand(tmp.path(), &["--diff", "--no-config", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- a/Dockerfile\n+++ b/Dockerfile\n"),
        "{diff}"
    );
    assert!(
        diff.contains(
            "\n-RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -a -o /app .\n+RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .\n"
        ),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("Dockerfile")).expect("read"),
        INPUT
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("would fix 1 finding in 1 file (DH302 1)")
    );
    // nothing to fix: no diff, exit 0
    std::fs::write(tmp.path().join("Dockerfile"), FIXED).expect("write");
    let out = dockhand(tmp.path(), &["--diff", "--no-config", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn fix_stdin_prints_the_fixed_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = with_stdin(tmp.path(), &["--fix", "--no-config", "-"], INPUT.as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stdout), FIXED);
    // the findings left go to standard error, the exit code follows them
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fixed 1 finding"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    // a byte order mark is kept
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(INPUT.as_bytes());
    let out = with_stdin(tmp.path(), &["--fix", "--no-config", "-"], &bom);
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(&out.stdout[3..], FIXED.as_bytes());
}

#[test]
fn fix_only_reports_no_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = INPUT.replace("FROM scratch", "FROM alpine");
    std::fs::write(tmp.path().join("Dockerfile"), &body).expect("write");
    let out = dockhand(tmp.path(), &["--fix-only", "--no-config", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let now = std::fs::read_to_string(tmp.path().join("Dockerfile")).expect("read");
    assert!(!now.contains(" -a "), "{now}");
}

#[test]
fn human_output_marks_fixable_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = INPUT.replace("CGO_ENABLED=0 ", "");
    std::fs::write(tmp.path().join("Dockerfile"), &body).expect("write");
    let out = dockhand(tmp.path(), &["--no-config", "Dockerfile"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[*] `go build -a` forces a full rebuild"),
        "{text}"
    );
    assert!(text.contains("1 fixable with `--fix`"), "{text}");
    let json = dockhand(
        tmp.path(),
        &["--no-config", "--format", "json", "Dockerfile"],
    );
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    let fix = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "DH302"))
        .map(|d| d["fix"].clone())
        .expect("DH302 with a fix");
    assert_eq!(fix["applicability"], "safe");
    let at = body.find("-a ").expect("-a");
    assert_eq!(fix["edits"][0]["start"], at);
    assert_eq!(fix["edits"][0]["end"], at + 3);
    assert_eq!(fix["edits"][0]["line"], 2);
    assert_eq!(fix["edits"][0]["replacement"], "");
    let sarif = dockhand(
        tmp.path(),
        &["--no-config", "--format", "sarif", "Dockerfile"],
    );
    let v: Value = serde_json::from_slice(&sarif.stdout).expect("sarif");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "DH302")
        .expect("DH302 result");
    let rep = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(rep["deletedRegion"]["byteOffset"], at);
    assert_eq!(rep["deletedRegion"]["byteLength"], 3);
    assert_eq!(rep["insertedContent"]["text"], "");
    // a finding has `fixes` in SARIF exactly when it has a `fix` in JSON, and findings without
    // one have no `fix` key at all
    let jv: Value = serde_json::from_slice(&json.stdout).expect("json");
    let ds = jv["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(ds.len(), results.len());
    for (d, r) in ds.iter().zip(results) {
        assert_eq!(d.get("fix").is_some(), r.get("fixes").is_some(), "{d} {r}");
    }
    std::fs::write(tmp.path().join("Dockerfile"), "FROM alpine\n").expect("write");
    let json = dockhand(
        tmp.path(),
        &["--no-config", "--format", "json", "Dockerfile"],
    );
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "DH401");
    assert!(d.as_object().is_some_and(|o| !o.contains_key("fix")), "{d}");
}

#[cfg(unix)]
#[test]
fn read_only_file_is_left_untouched_and_others_are_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let ro = tmp.path().join("a.Dockerfile");
    let rw = tmp.path().join("b.Dockerfile");
    std::fs::write(&ro, INPUT).expect("write");
    std::fs::write(&rw, INPUT).expect("write");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = dockhand(
        tmp.path(),
        &["--fix", "--no-config", "a.Dockerfile", "b.Dockerfile"],
    );
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("is read-only: make it writable"), "{all}");
    assert_eq!(std::fs::read_to_string(&ro).expect("read"), INPUT);
    assert_eq!(std::fs::read_to_string(&rw).expect("read"), FIXED);
    let mode = std::fs::metadata(&ro).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn a_file_changed_during_the_run_is_left_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let f = tmp.path().join("Dockerfile");
    std::fs::write(&f, INPUT).expect("write");
    let out = dockhand_env(
        tmp.path(),
        &["--fix", "--no-config", "Dockerfile"],
        &[("DOCKHAND_TEST_APPEND_BEFORE_WRITE", "# edited meanwhile\n")],
    );
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("changed while dockhand was fixing it"),
        "{all}"
    );
    // the concurrent edit is there, the fix is not
    assert_eq!(
        std::fs::read_to_string(&f).expect("read"),
        format!("{INPUT}# edited meanwhile\n")
    );
    // no temporary file is left behind
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_written_through_and_permissions_kept() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("real")).expect("mkdir");
    let target = tmp.path().join("real/Dockerfile");
    std::fs::write(&target, INPUT).expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::os::unix::fs::symlink("real/Dockerfile", tmp.path().join("Dockerfile")).expect("symlink");
    let out = dockhand(tmp.path(), &["--fix", "--no-config", "Dockerfile"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = std::fs::symlink_metadata(tmp.path().join("Dockerfile")).expect("meta");
    assert!(link.file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).expect("read"), FIXED);
    let mode = std::fs::metadata(&target)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn config_fix_table_limits_fixes_and_shows_in_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join(".git"), "").expect("repo root");
    std::fs::write(
        tmp.path().join("dockhand.toml"),
        "[fix]\nunfixable = [\"go-build-force-rebuild\"]\nunsafe-fixes = true\n",
    )
    .expect("write config");
    std::fs::write(tmp.path().join("Dockerfile"), INPUT).expect("write");
    let out = dockhand(tmp.path(), &["--fix", "Dockerfile"]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("Dockerfile")).expect("read"),
        INPUT
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to fix"));
    let cfg = dockhand(tmp.path(), &["config"]);
    let text = String::from_utf8_lossy(&cfg.stdout);
    assert!(
        text.contains("  unfixable: DH302  (dockhand.toml:2)"),
        "{text}"
    );
    assert!(
        text.contains("  unsafe-fixes: true  (dockhand.toml:3)"),
        "{text}"
    );
    assert!(text.contains("  fixable: ALL  (default)"), "{text}");
    // a wrong type is an error that points at the value
    std::fs::write(
        tmp.path().join("dockhand.toml"),
        "[fix]\nunsafe-fixes = \"yes\"\n",
    )
    .expect("write");
    let bad = dockhand(tmp.path(), &["config"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("fix.unsafe-fixes"));
}

#[test]
fn fixes_only_where_findings_are_not_suppressed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = INPUT.replace(
        "RUN --mount",
        "# dockhand ignore=DH302 -- we want full rebuilds\nRUN --mount",
    );
    std::fs::write(tmp.path().join("Dockerfile"), &body).expect("write");
    dockhand(tmp.path(), &["--fix", "--no-config", "Dockerfile"]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("Dockerfile")).expect("read"),
        body
    );
}

/// Findings whose fix would be a guess get none: `--diff` shows nothing for them.
#[test]
fn no_fix_where_it_would_break_the_build() {
    let cases = [
        // the user is created by the RUN that the fix would delete: `COPY --chown=app` before it
        // would fail
        "FROM alpine:3.22\nCOPY app/ /srv/app\nRUN adduser -D app && chown -R app:app /srv/app\nUSER app\n",
        // `find -type f` picks files only: `COPY --chmod` cannot say that
        "FROM alpine:3.22\nCOPY app/ /srv/app\nRUN find /srv/app -type f -exec chmod 644 {} +\n",
        // the download would run outside the copied module (no `cd`)
        "FROM golang:1.26 AS build\nCOPY . /src\nRUN cd /src && go mod download && go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n",
    ];
    for body in cases {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join("Dockerfile"), body).expect("write");
        let lint = dockhand(
            tmp.path(),
            &[
                "--no-config",
                "--select",
                "DH202,DH301",
                "-f",
                "concise",
                "Dockerfile",
            ],
        );
        assert!(
            String::from_utf8_lossy(&lint.stdout).contains("DH"),
            "no finding for {body}"
        );
        let out = dockhand(
            tmp.path(),
            &[
                "--diff",
                "--unsafe-fixes",
                "--no-config",
                "--select",
                "DH202,DH301",
                "Dockerfile",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{body}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(out.stdout.is_empty());
    }
}
