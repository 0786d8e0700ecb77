//! Switching from hadolint, through the CLI: `preset = "hadolint"` / `--preset hadolint` (hadolint's
//! default rules with its severities, and how `select`/`ignore`/`[severity]` apply on top), the
//! label schema from `[labels]` and from `.hadolint.yaml`, and DH007 for unused hadolint pragmas.

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
        .env_remove("DOCKHAND_SELECT")
        .env_remove("DOCKHAND_IGNORE")
        .env_remove("DOCKHAND_EXTEND_SELECT")
        .output()
        .expect("dockhand runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A repository with one Dockerfile and, if given, a `dockhand.toml`.
fn repo(dockerfile: &str, config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).expect("write");
    if let Some(c) = config {
        std::fs::write(dir.path().join("dockhand.toml"), c).expect("write");
    }
    dir
}

/// (code, severity) of each finding of a concise report.
fn findings(out: &Output) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = text(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let _place = w.next()?;
            let sev = w.next()?;
            let code = w.next()?;
            Some((code.to_string(), sev.to_string()))
        })
        .filter(|(c, _)| c.starts_with("DH") || c.starts_with("DL"))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// An unpinned apt install (DL3008, off by default), MAINTAINER (DH605: style in dockhand, an
/// error in hadolint), a tag without a digest (DH403, dockhand's own, off by default) and a numeric final user.
const FILE: &str = "FROM debian:trixie\nMAINTAINER someone\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n";

fn codes(v: &[(String, String)]) -> Vec<&str> {
    v.iter().map(|(c, _)| c.as_str()).collect()
}

#[test]
fn preset_hadolint_runs_hadolints_rules_with_its_severities() {
    let dir = repo(FILE, None);
    let plain = findings(&dockhand(dir.path(), &["--format", "concise"]));
    assert!(codes(&plain).contains(&"DH605"), "{plain:?}");
    assert!(
        !codes(&plain).contains(&"DL3008"),
        "pinning is off by default: {plain:?}"
    );

    let out = dockhand(dir.path(), &["--format", "concise", "--preset", "hadolint"]);
    let preset = findings(&out);
    assert!(
        preset.contains(&("DL3008".into(), "warning".into())),
        "{preset:?}"
    );
    // DL4000's severity in hadolint is error
    assert!(
        preset.contains(&("DH605".into(), "error".into())),
        "{preset:?}"
    );
    // dockhand-only rules are not in hadolint's set
    assert!(
        preset.iter().all(|(c, _)| c.starts_with("DL")
            || [
                "DH605", "DH001", "DH101", "DH401", "DH004", "DH005", "DH003", "DH404", "DH017",
                "DH012", "DH008", "DH607"
            ]
            .contains(&c.as_str())),
        "{preset:?}"
    );
    assert_eq!(out.status.code(), Some(1));

    // the same from the config file, and `dockhand config` says where it came from
    std::fs::write(dir.path().join("dockhand.toml"), "preset = \"hadolint\"\n").expect("write");
    assert_eq!(
        findings(&dockhand(dir.path(), &["--format", "concise"])),
        preset
    );
    let shown = text(&dockhand(dir.path(), &["config"]).stdout);
    assert!(
        shown.contains("preset: hadolint  (dockhand.toml:1)"),
        "{shown}"
    );
    assert!(
        shown.contains("DL3008 on   warning  on: dockhand.toml:1; severity: dockhand.toml:1"),
        "{shown}"
    );
    assert!(shown.contains("DH402  off"), "{shown}");
}

#[test]
fn selection_and_severity_apply_on_top_of_the_preset() {
    let config = "preset = \"hadolint\"\nignore = [\"DL3008\"]\nextend-select = [\"DH403\"]\n\n[severity]\nDH605 = \"style\"\n";
    let dir = repo(FILE, Some(config));
    let got = findings(&dockhand(dir.path(), &["--format", "concise"]));
    assert!(!codes(&got).contains(&"DL3008"), "{got:?}");
    assert!(codes(&got).contains(&"DH403"), "{got:?}");
    assert!(got.contains(&("DH605".into(), "style".into())), "{got:?}");
    // the command line wins over the file: `--select` starts from nothing
    let got = findings(&dockhand(
        dir.path(),
        &["--format", "concise", "--select", "DL3008"],
    ));
    assert_eq!(codes(&got), ["DL3008"]);
    // `--preset` replaces the file's preset; none other exists, so an unknown one is an error
    let out = dockhand(dir.path(), &["--preset", "ruff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown preset `ruff`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unknown_preset_in_the_file_points_at_it() {
    let dir = repo(FILE, Some("select = [\"ALL\"]\npreset = \"hadolnt\"\n"));
    let out = dockhand(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown preset `hadolnt`"), "{err}");
    assert!(err.contains("dockhand.toml:2:"), "{err}");
    assert!(err.contains("hadolint"), "{err}");
}

const LABELLED: &str = "FROM alpine:3.22\nLABEL org.opencontainers.image.version=v1 org.opencontainers.image.vendor=acme\nUSER 1000\n";

#[test]
fn label_rules_read_the_schema_from_labels_and_stay_off_without_it() {
    let dir = repo(LABELLED, None);
    let got = findings(&dockhand(
        dir.path(),
        &["--format", "concise", "--select", "ALL"],
    ));
    assert!(
        got.iter()
            .all(|(c, _)| !["DL3049", "DL3050", "DL3056"].contains(&c.as_str())),
        "{got:?}"
    );
    let out = dockhand(dir.path(), &["--select", "DL3049"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("label schema"),
        "{}",
        text(&out.stderr)
    );

    let config = "[labels]\nstrict = true\n\n[labels.schema]\n\"org.opencontainers.image.version\" = \"semver\"\n\"org.opencontainers.image.source\" = \"url\"\n";
    std::fs::write(dir.path().join("dockhand.toml"), config).expect("write");
    let got = findings(&dockhand(dir.path(), &["--format", "concise"]));
    assert_eq!(
        codes(&got),
        ["DL3049", "DL3050", "DL3056"],
        "missing source, vendor outside the schema, `v1` no semver: {got:?}"
    );
    let shown = text(&dockhand(dir.path(), &["config"]).stdout);
    assert!(
        shown.contains("labels: strict = true  (dockhand.toml:1)"),
        "{shown}"
    );
    assert!(
        shown.contains("  org.opencontainers.image.source: url"),
        "{shown}"
    );

    // the same from hadolint's keys
    std::fs::remove_file(dir.path().join("dockhand.toml")).expect("rm");
    std::fs::write(
        dir.path().join(".hadolint.yaml"),
        "strict-labels: true\nlabel-schema:\n  org.opencontainers.image.version: semver\n  org.opencontainers.image.source: url\n",
    )
    .expect("write");
    assert_eq!(
        findings(&dockhand(dir.path(), &["--format", "concise"])),
        got
    );
    // and `--from-hadolint` writes the `[labels]` table that gives the same
    let toml = text(&dockhand(dir.path(), &["config", "--from-hadolint"]).stdout);
    assert!(toml.contains("[labels.schema]"), "{toml}");
    std::fs::write(dir.path().join("dockhand.toml"), &toml).expect("write");
    assert_eq!(
        findings(&dockhand(dir.path(), &["--format", "concise"])),
        got
    );
}

#[test]
fn label_config_errors_point_into_the_file() {
    let dir = repo(
        LABELLED,
        Some("[labels]\nstrikt = true\n\n[labels.schema]\nversion = \"semvar\"\n"),
    );
    let out = dockhand(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown key `strikt` in `[labels]`"), "{err}");
    assert!(
        err.contains("unknown label type `semvar` for `version`"),
        "{err}"
    );
    assert!(err.contains("semver"), "suggests the type: {err}");
    assert!(err.contains("dockhand.toml:5:"), "{err}");

    let dir = repo(LABELLED, None);
    std::fs::write(
        dir.path().join(".hadolint.yaml"),
        "label-schema:\n  version: semvar\n",
    )
    .expect("write");
    let err = text(&dockhand(dir.path(), &[]).stderr);
    assert!(err.contains("unknown label type `semvar`"), "{err}");
    assert!(err.contains(".hadolint.yaml:2:"), "{err}");
}

#[test]
fn unused_hadolint_pragmas_are_reported_by_dh007() {
    let file = "FROM alpine:3.22\n# hadolint ignore=DL3020\nCOPY a /a\n# hadolint ignore=DL3020\nADD b /b\n# hadolint stage ignore=DL3019\nRUN echo hi\n# hadolint global ignore=DL3018\nRUN apk add --no-cache curl\nUSER 1000\n";
    let dir = repo(file, None);
    let out = dockhand(dir.path(), &["--format", "concise"]);
    let stdout = text(&out.stdout);
    let dh007: Vec<&str> = stdout.lines().filter(|l| l.contains("DH007")).collect();
    // line 2 suppresses nothing (COPY is fine), line 6 neither; line 4 is used (ADD of a file);
    // DL3018 is off, so its pragma cannot be judged and is not reported
    assert_eq!(dh007.len(), 2, "{stdout}");
    assert!(
        dh007[0].starts_with("Dockerfile:2:") && dh007[0].contains("`DL3020`"),
        "{stdout}"
    );
    assert!(
        dh007[1].starts_with("Dockerfile:6:") && dh007[1].contains("`DL3019`"),
        "{stdout}"
    );
    // with DL3018 on, the global pragma is used
    let out = dockhand(
        dir.path(),
        &["--format", "concise", "--extend-select", "DL3018"],
    );
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.contains("DH007"))
            .count(),
        2
    );
    // `--no-suppressions` makes every pragma inert: the ADD is reported, and no DH007
    let out = dockhand(dir.path(), &["--format", "concise", "--no-suppressions"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("DL3020"), "{stdout}");
    assert!(!stdout.contains("DH007"), "{stdout}");
}
