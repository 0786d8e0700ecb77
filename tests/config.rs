//! Configuration end to end: discovery on real directory trees, precedence of file < env < CLI,
//! per-path overrides and excludes, `describe`, and every config error with the exact span
//! and label it points at.

use dockhand::config::{
    self, discover, load, resolve, CliConfig, ConfigError, ConfigSource, Origin, Selector,
};
use dockhand::diagnostic::Severity;
use std::fs;
use std::path::{Path, PathBuf};

/// A stand-in rule registry: (code, name, default severity, on by default).
const RULES: &[(&str, &str, Severity, bool)] = &[
    ("DH101", "apt-no-recommends", Severity::Warning, true),
    ("DH102", "apt-lists-not-cleaned", Severity::Info, true),
    ("DH201", "root-final-user", Severity::Warning, true),
    ("DH401", "unpinned-base-image", Severity::Warning, true),
    ("DH402", "floating-base-tag", Severity::Warning, true),
    ("DH403", "large-base-image", Severity::Info, false),
    ("DH404", "untrusted-registry", Severity::Error, false),
];

fn known(s: &str) -> Option<&'static str> {
    RULES.iter().find(|r| r.0 == s || r.1 == s).map(|r| r.0)
}

fn all_rules() -> Vec<(&'static str, Severity, bool)> {
    RULES.iter().map(|r| (r.0, r.2, r.3)).collect()
}

/// A repository root (with `.git`) holding `dockhand.toml` with `text`.
fn repo(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    fs::write(dir.path().join("dockhand.toml"), text).expect("write config");
    dir
}

fn run(cwd: &Path, cli: &CliConfig, env: &[(&str, &str)]) -> Result<config::Resolved, ConfigError> {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    resolve(cwd, cli, &lookup, &known, &all_rules())
}

fn enabled(r: &config::Resolved) -> Vec<&'static str> {
    r.enabled_codes()
}

/// Loads `text` as a config file and returns the error it must produce.
fn load_err(text: &str) -> (ConfigError, String) {
    let dir = repo(text);
    let err = load(&dir.path().join("dockhand.toml"), &known).expect_err("config must be rejected");
    (err, text.to_string())
}

/// The byte range of the `n`th (0-based) occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` not in test text"));
    (start, start + needle.len())
}

fn span(e: &ConfigError) -> (usize, usize) {
    let s = e.span().expect("error has a span");
    (s.start, s.end)
}

// ---------------------------------------------------------------------------------------------
// Discovery

#[test]
fn discovery_walks_up_to_the_repository_root() {
    let root = repo("");
    let deep = root.path().join("a/b/c");
    fs::create_dir_all(&deep).expect("mkdir");
    assert_eq!(discover(&deep), Some(root.path().join("dockhand.toml")));
    assert_eq!(
        discover(root.path()),
        Some(root.path().join("dockhand.toml"))
    );

    // A nearer `.dockhand.toml` beats a `dockhand.toml` further up.
    fs::write(root.path().join("a/.dockhand.toml"), "").expect("write");
    assert_eq!(discover(&deep), Some(root.path().join("a/.dockhand.toml")));
}

#[test]
fn discovery_prefers_dockhand_toml_in_one_directory() {
    let root = repo("");
    fs::write(root.path().join(".dockhand.toml"), "").expect("write");
    assert_eq!(
        discover(root.path()),
        Some(root.path().join("dockhand.toml"))
    );
}

#[test]
fn discovery_stops_after_the_directory_with_git() {
    let outer = tempfile::tempdir().expect("tempdir");
    fs::write(outer.path().join("dockhand.toml"), "").expect("write");
    let inner = outer.path().join("repo");
    fs::create_dir_all(inner.join("sub")).expect("mkdir");
    // `.git` as a file, as in a git worktree or submodule.
    fs::write(inner.join(".git"), "gitdir: elsewhere").expect("write");
    assert_eq!(discover(&inner.join("sub")), None);
    assert_eq!(discover(&inner), None);
    // Without the `.git`, the walk goes on up and finds the outer file.
    fs::remove_file(inner.join(".git")).expect("rm");
    assert_eq!(
        discover(&inner.join("sub")),
        Some(outer.path().join("dockhand.toml"))
    );
}

// ---------------------------------------------------------------------------------------------
// Precedence

#[test]
fn defaults_without_a_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join(".git")).expect("mkdir");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert_eq!(r.config, ConfigSource::NotFound);
    assert_eq!(enabled(&r), ["DH101", "DH102", "DH201", "DH401", "DH402"]);
    assert_eq!(r.failure_threshold.value, Some(Severity::Warning));
    assert_eq!(r.failure_threshold.origin, Origin::Default);
    assert_eq!(r.rules["DH102"].severity, Severity::Info);
}

#[test]
fn file_then_env_then_cli() {
    let text =
        "select = [\"DH1\", \"DH401\"]\nignore = [\"DH102\"]\nfailure-threshold = \"error\"\n";
    let dir = repo(text);
    let file_line = |line| Origin::File {
        path: "dockhand.toml".into(),
        line,
    };

    // File only.
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert_eq!(enabled(&r), ["DH101", "DH401"]);
    assert_eq!(r.rules["DH101"].enabled_origin, file_line(1));
    assert_eq!(r.rules["DH102"].enabled_origin, file_line(2));
    assert_eq!(r.rules["DH201"].enabled_origin, file_line(1));
    assert_eq!(r.failure_threshold.value, Some(Severity::Error));
    assert_eq!(r.failure_threshold.origin, file_line(3));

    // The environment adds to the file, and its `select` replaces the file's.
    let env = [
        ("DOCKHAND_EXTEND_SELECT", "DH402"),
        ("DOCKHAND_FAILURE_THRESHOLD", "info"),
    ];
    let r = run(dir.path(), &CliConfig::default(), &env).expect("resolves");
    assert_eq!(enabled(&r), ["DH101", "DH401", "DH402"]);
    assert_eq!(
        r.rules["DH402"].enabled_origin,
        Origin::Env("DOCKHAND_EXTEND_SELECT")
    );
    assert_eq!(r.failure_threshold.value, Some(Severity::Info));
    assert_eq!(
        r.failure_threshold.origin,
        Origin::Env("DOCKHAND_FAILURE_THRESHOLD")
    );

    let env = [("DOCKHAND_SELECT", "DH2"), ("DOCKHAND_IGNORE", "DH201")];
    let r = run(dir.path(), &CliConfig::default(), &env).expect("resolves");
    assert!(enabled(&r).is_empty());

    let env = [("DOCKHAND_SELECT", "DH1,DH2")];
    let r = run(dir.path(), &CliConfig::default(), &env).expect("resolves");
    // The file's `ignore = ["DH102"]` is dropped by the environment's `select`.
    assert_eq!(enabled(&r), ["DH101", "DH102", "DH201"]);

    // The command line beats both.
    let cli = CliConfig {
        select: Some(vec!["unpinned-base-image".into()]),
        extend_select: Some(vec!["DH403".into()]),
        failure_threshold: Some("none".into()),
        ..CliConfig::default()
    };
    let env = [
        ("DOCKHAND_SELECT", "DH1"),
        ("DOCKHAND_FAILURE_THRESHOLD", "style"),
    ];
    let r = run(dir.path(), &cli, &env).expect("resolves");
    assert_eq!(enabled(&r), ["DH401", "DH403"]);
    assert_eq!(r.rules["DH401"].enabled_origin, Origin::Cli("--select"));
    assert_eq!(r.rules["DH101"].enabled_origin, Origin::Cli("--select"));
    assert_eq!(
        r.rules["DH403"].enabled_origin,
        Origin::Cli("--extend-select")
    );
    assert_eq!(r.failure_threshold.value, None);
    assert_eq!(
        r.failure_threshold.origin,
        Origin::Cli("--failure-threshold")
    );

    // `--ignore` on top of the file's selection.
    let cli = CliConfig {
        ignore: Some(vec!["DH401".into()]),
        ..CliConfig::default()
    };
    let r = run(dir.path(), &cli, &[]).expect("resolves");
    assert_eq!(enabled(&r), ["DH101"]);
    assert_eq!(r.rules["DH401"].enabled_origin, Origin::Cli("--ignore"));
}

#[test]
fn selection_by_name_prefix_and_all() {
    let dir = repo("select = [\"root-final-user\", \"DH40\"]\n");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    // `DH40` does not turn on DH403, which is off by default, nor DH404, which needs registries.
    assert_eq!(enabled(&r), ["DH201", "DH401", "DH402"]);

    let dir = repo("select = [\"ALL\"]\nignore = [\"DH1\"]\n");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    // `ALL` turns on DH403 but not DH404 while no registries are configured.
    assert_eq!(enabled(&r), ["DH201", "DH401", "DH402", "DH403"]);
    assert!(r.unavailable.contains_key("DH404"));

    let dir = repo("extend-select = [\"large-base-image\"]\n");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert!(r.rules["DH403"].enabled);
}

#[test]
fn registries_turn_on_untrusted_registry() {
    let text = "select = [\"DH4\"]\n\n[rules.untrusted-registry]\nregistries = [\"docker.io\", \"gcr.io/my-org\"]\n";
    let dir = repo(text);
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert_eq!(enabled(&r), ["DH401", "DH402", "DH404"]);
    assert_eq!(
        r.rule_options.strings("DH404", "registries"),
        Some(vec!["docker.io".to_string(), "gcr.io/my-org".to_string()])
    );
    // Without `select`, DH404 is now on by default, from the line of its table.
    let dir = repo("[rules.untrusted-registry]\nregistries = [\"docker.io\"]\n");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert!(r.rules["DH404"].enabled);
    assert_eq!(
        r.rules["DH404"].enabled_origin,
        Origin::File {
            path: "dockhand.toml".into(),
            line: 1
        }
    );
}

#[test]
fn selecting_untrusted_registry_without_registries_is_an_error() {
    let text = "extend-select = [\"untrusted-registry\"]\n";
    let dir = repo(text);
    let e = run(dir.path(), &CliConfig::default(), &[]).expect_err("needs registries");
    assert_eq!(
        e.message(),
        "`DH404` cannot be turned on: set `[rules.untrusted-registry] registries` to turn it on"
    );
    assert_eq!(span(&e), at(text, "\"untrusted-registry\"", 0));

    let cli = CliConfig {
        select: Some(vec!["DH401,DH404".into()]),
        ..CliConfig::default()
    };
    let empty = repo("");
    let e = run(empty.path(), &cli, &[]).expect_err("needs registries");
    assert_eq!(span(&e), (6, 11));
}

#[test]
fn a_prefix_that_matches_no_rule_is_an_error() {
    let text = "select = [\"DH1\", \"DH9\"]\n";
    let dir = repo(text);
    let e = run(dir.path(), &CliConfig::default(), &[]).expect_err("DH9 matches nothing");
    assert_eq!(e.message(), "no rule code starts with `DH9`");
    assert_eq!(e.label(), Some("matches no rule"));
    assert_eq!(span(&e), at(text, "\"DH9\"", 0));
}

#[test]
fn config_file_choice() {
    let dir = repo("select = [\"DH1\"]\n");
    let other = dir.path().join("ci.toml");
    fs::write(&other, "select = [\"DH2\"]\n").expect("write");

    let r = run(
        dir.path(),
        &CliConfig::default(),
        &[("DOCKHAND_CONFIG", "ci.toml")],
    )
    .expect("ok");
    assert_eq!(r.config, ConfigSource::Env(other.clone()));
    assert_eq!(enabled(&r), ["DH201"]);

    let cli = CliConfig {
        config: Some(PathBuf::from("ci.toml")),
        ..CliConfig::default()
    };
    let r = run(dir.path(), &cli, &[("DOCKHAND_NO_CONFIG", "1")]).expect("ok");
    assert_eq!(r.config, ConfigSource::Cli(other));
    assert_eq!(enabled(&r), ["DH201"]);

    let r = run(
        dir.path(),
        &CliConfig::default(),
        &[("DOCKHAND_NO_CONFIG", "1")],
    )
    .expect("ok");
    assert_eq!(
        r.config,
        ConfigSource::Disabled(Origin::Env("DOCKHAND_NO_CONFIG"))
    );
    assert_eq!(enabled(&r).len(), 5);

    let cli = CliConfig {
        no_config: true,
        ..CliConfig::default()
    };
    let r = run(dir.path(), &cli, &[("DOCKHAND_CONFIG", "ci.toml")]).expect("ok");
    assert_eq!(r.config, ConfigSource::Disabled(Origin::Cli("--no-config")));

    let cli = CliConfig {
        config: Some(PathBuf::from("missing.toml")),
        ..CliConfig::default()
    };
    let e = run(dir.path(), &cli, &[]).expect_err("missing file");
    assert!(matches!(e, ConfigError::Read { .. }));
    assert_eq!(e.help_text(), Some("the path was given with `--config`"));

    let e = run(
        dir.path(),
        &CliConfig::default(),
        &[("DOCKHAND_CONFIG", "ci.toml"), ("DOCKHAND_NO_CONFIG", "1")],
    )
    .expect_err("conflict");
    assert!(matches!(e, ConfigError::Conflict { .. }));
}

// ---------------------------------------------------------------------------------------------
// Overrides and excludes

const OVERRIDES: &str = r#"exclude = ["vendor/**", "**/testdata/**", "*.bak", "./build/out/", "cache/"]

[severity]
floating-base-tag = "error"

[[overrides]]
files = ["legacy/**"]
ignore = ["DH401"]
severity = { DH402 = "info" }

[[overrides]]
files = ["legacy/strict/*.Dockerfile"]
extend-select = ["DH401", "DH403"]
"#;

#[test]
fn overrides_apply_to_matching_paths_only() {
    let dir = repo(OVERRIDES);
    let sub = dir.path().join("services");
    fs::create_dir_all(&sub).expect("mkdir");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");

    let plain = r.for_path(Path::new("app/Dockerfile"));
    assert!(plain.overrides.is_empty());
    assert!(plain.is_enabled("DH401"));
    assert_eq!(plain.severity("DH402"), Some(Severity::Error));

    let legacy = r.for_path(Path::new("legacy/app/Dockerfile"));
    assert_eq!(legacy.overrides, [0]);
    assert!(!legacy.is_enabled("DH401"));
    assert_eq!(legacy.severity("DH402"), Some(Severity::Info));
    assert!(legacy.is_enabled("DH101"));

    let strict = r.for_path(Path::new("legacy/strict/x.Dockerfile"));
    assert_eq!(strict.overrides, [0, 1]);
    assert!(strict.is_enabled("DH401"));
    assert!(strict.is_enabled("DH403"));
    assert_eq!(strict.severity("DH403"), Some(Severity::Info));

    // Globs are relative to the config file's directory, not the working directory.
    let r = run(&sub, &CliConfig::default(), &[]).expect("resolves");
    assert!(r.for_path(Path::new("../legacy/Dockerfile")).overrides == [0]);
    assert!(r
        .for_path(Path::new("legacy/Dockerfile"))
        .overrides
        .is_empty());
    assert!(r
        .for_path(&dir.path().join("legacy/Dockerfile"))
        .is_enabled("DH101"));
    assert!(!r
        .for_path(&dir.path().join("legacy/Dockerfile"))
        .is_enabled("DH401"));
}

#[test]
fn command_line_beats_overrides() {
    let dir = repo(OVERRIDES);
    let cli = CliConfig {
        extend_select: Some(vec!["DH401".into()]),
        ..CliConfig::default()
    };
    let r = run(dir.path(), &cli, &[]).expect("resolves");
    assert!(r
        .for_path(Path::new("legacy/Dockerfile"))
        .is_enabled("DH401"));
}

#[test]
fn excludes() {
    let dir = repo(OVERRIDES);
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert!(r.is_excluded(Path::new("vendor/x/Dockerfile")));
    assert!(r.is_excluded(&dir.path().join("vendor/Dockerfile")));
    assert!(r.is_excluded(Path::new("a/testdata/Dockerfile")));
    assert!(r.is_excluded(Path::new("./testdata/Dockerfile")));
    assert!(r.is_excluded(Path::new("Dockerfile.bak")));
    assert!(!r.is_excluded(Path::new("src/vendor/Dockerfile")));
    assert!(!r.is_excluded(Path::new("Dockerfile")));
    // `./build/out/` is anchored at the config directory; `cache/` matches at any depth.
    assert!(r.is_excluded(Path::new("build/out/Dockerfile")));
    assert!(!r.is_excluded(Path::new("x/build/out/Dockerfile")));
    assert!(r.is_excluded(Path::new("x/cache/Dockerfile")));
}

// ---------------------------------------------------------------------------------------------
// Rule options and image families

#[test]
fn rule_options_and_images_are_read() {
    use dockhand::model::images::{CaCerts, Ecosystem, Libc, Shell};
    let text = r#"[rules.floating-base-tag]
accepted-tags = ["lts", "stable"]

[[images]]
name = "mycorp/go-builder"
libc = "glibc"
toolchain = "go"
ca-certificates = true
nonroot = false
users = ["app"]
shell = true

[[images]]
name = "ghcr.io/acme/base"
"#;
    let dir = repo(text);
    let cfg = load(&dir.path().join("dockhand.toml"), &known).expect("valid");
    assert_eq!(
        cfg.rule_options.strings("DH402", "accepted-tags"),
        Some(vec!["lts".to_string(), "stable".to_string()])
    );
    assert_eq!(cfg.images.len(), 2);
    let img = &cfg.images[0];
    assert_eq!(img.name(), "mycorp/go-builder");
    let f = &img.entry.facts;
    assert_eq!(f.libc, Some(Libc::Glibc));
    assert_eq!(f.toolchain, Some(Some(Ecosystem::Go)));
    assert_eq!(f.ca_certificates, Some(CaCerts::Present));
    assert_eq!(f.nonroot, Some(Some(false)));
    assert_eq!(f.users, Some(vec!["app".to_string()]));
    assert_eq!(f.shell, Some(Shell::Sh));
    assert_eq!(cfg.images[1].entry.facts.libc, None);
    let Origin::File { line, .. } = &img.origin else {
        panic!("images come from the file")
    };
    assert_eq!(*line, 4);
}

// ---------------------------------------------------------------------------------------------
// Errors: each points at the exact key or value.

#[test]
fn unknown_top_level_key() {
    let (e, t) = load_err("select = [\"DH1\"]\nextend-selct = [\"DH4\"]\n");
    assert_eq!(e.message(), "unknown key `extend-selct`");
    assert_eq!(span(&e), at(&t, "extend-selct", 0));
    assert_eq!(e.label(), Some("unknown key"));
    assert_eq!(e.help_text(), Some("did you mean `extend-select`?"));
}

#[test]
fn unknown_key_in_override_and_image() {
    let (e, t) = load_err("[[overrides]]\nfiles = [\"a/**\"]\nignroe = [\"DH1\"]\n");
    assert_eq!(e.message(), "unknown key `ignroe` in `[[overrides]]`");
    assert_eq!(span(&e), at(&t, "ignroe", 0));
    assert_eq!(e.help_text(), Some("did you mean `ignore`?"));

    let (e, t) = load_err("[[images]]\nname = \"a/b\"\nnon-root = true\n");
    assert_eq!(span(&e), at(&t, "non-root", 0));
    assert_eq!(e.help_text(), Some("did you mean `nonroot`?"));
}

#[test]
fn wrong_types() {
    let (e, t) = load_err("select = \"DH1\"\n");
    assert_eq!(
        e.message(),
        "`select` must be an array of strings, found string"
    );
    assert_eq!(span(&e), at(&t, "\"DH1\"", 0));
    assert_eq!(e.label(), Some("expected an array of strings"));

    let (e, t) = load_err("ignore = [\"DH1\", 401]\n");
    assert_eq!(span(&e), at(&t, "401", 0));
    assert_eq!(e.label(), Some("expected a string"));

    let (e, t) = load_err("failure-threshold = 2\n");
    assert_eq!(span(&e), at(&t, "2", 0));
    assert_eq!(e.label(), Some("expected a string"));

    let (e, t) = load_err("[overrides]\nfiles = [\"a\"]\n");
    assert_eq!(
        e.message(),
        "`overrides` must be an array of tables, found table"
    );
    assert_eq!(e.help_text(), Some("write each entry as `[[overrides]]`"));
    assert_eq!(span(&e), at(&t, "[overrides]", 0));

    let (e, t) = load_err("[[images]]\nname = \"a\"\nshell = \"yes\"\n");
    assert_eq!(span(&e), at(&t, "\"yes\"", 0));
    assert_eq!(
        e.label(),
        Some("expected `ash`, `dash`, `bash`, `sh`, `cmd`, `none` or `unknown`")
    );
    let (e, t) = load_err("[[images]]\nname = \"a\"\nshell = 1\n");
    assert_eq!(span(&e), at(&t, "1", 0));
    assert_eq!(e.label(), Some("expected a shell name, `true` or `false`"));
}

#[test]
fn bad_severities() {
    let (e, t) = load_err("[severity]\nDH402 = \"fatal\"\n");
    assert_eq!(e.message(), "unknown severity `fatal` for `DH402`");
    assert_eq!(span(&e), at(&t, "\"fatal\"", 0));
    assert_eq!(e.label(), Some("not a severity"));
    assert_eq!(
        e.help_text(),
        Some("expected one of `error`, `warning`, `info`, `style`")
    );

    let (e, _) = load_err("[severity]\nDH402 = \"off\"\n");
    assert_eq!(
        e.help_text(),
        Some("to turn a rule off, add it to `ignore`")
    );

    let (e, t) = load_err("failure-threshold = \"eror\"\n");
    assert_eq!(e.message(), "unknown failure threshold `eror`");
    assert_eq!(span(&e), at(&t, "\"eror\"", 0));
    assert_eq!(e.help_text(), Some("did you mean `error`?"));

    let (e, t) = load_err("[severity]\nDH4 = \"error\"\n");
    assert_eq!(e.message(), "`severity` keys must name one rule, not `DH4`");
    assert_eq!(span(&e), at(&t, "DH4", 0));

    let (e, t) = load_err("[severity]\nDH402 = \"error\"\nfloating-base-tag = \"info\"\n");
    assert_eq!(e.message(), "severity of `DH402` is set twice");
    assert_eq!(span(&e), at(&t, "floating-base-tag", 0));
    assert_eq!(e.label(), Some("already set on line 2"));
}

#[test]
fn invalid_globs_point_at_the_character() {
    let (e, t) = load_err("exclude = [\"vendor/***\"]\n");
    assert_eq!(e.message(), "invalid glob `vendor/***`");
    assert_eq!(
        e.label(),
        Some("wildcards are either regular `*` or recursive `**`")
    );
    // The third `*`.
    let (s, _) = at(&t, "***", 0);
    assert_eq!(span(&e), (s + 2, s + 3));

    let (e, t) = load_err("[[overrides]]\nfiles = [\"a/[b\"]\n");
    assert_eq!(e.label(), Some("invalid range pattern"));
    let (s, _) = at(&t, "[b", 0);
    assert_eq!(span(&e), (s, s + 1));

    // With an escape in the string, the whole value is labelled.
    let (e, t) = load_err("exclude = [\"\\u0061**\"]\n");
    assert_eq!(span(&e), at(&t, "\"\\u0061**\"", 0));
}

#[test]
fn unknown_rules() {
    let (e, t) = load_err("select = [\"DH1\", \"DH4011\"]\n");
    assert_eq!(e.message(), "unknown rule `DH4011` in `select`");
    assert_eq!(span(&e), at(&t, "\"DH4011\"", 0));
    assert_eq!(e.label(), Some("no rule has this code or name"));
    assert_eq!(e.help_text(), Some("did you mean `DH401`?"));

    let (e, t) = load_err("extend-select = [\"root-finl-user\"]\n");
    assert_eq!(span(&e), at(&t, "\"root-finl-user\"", 0));
    assert_eq!(e.help_text(), Some("did you mean `root-final-user`?"));

    let (e, _) = load_err("ignore = [\"all\"]\n");
    assert_eq!(e.help_text(), Some("did you mean `ALL`?"));

    let (e, t) = load_err("[severity]\nunpinned-base-imag = \"error\"\n");
    assert_eq!(span(&e), at(&t, "unpinned-base-imag", 0));
    assert_eq!(e.help_text(), Some("did you mean `unpinned-base-image`?"));

    let (e, t) = load_err("[rules.untrusted-registri]\nregistries = [\"docker.io\"]\n");
    assert_eq!(span(&e), at(&t, "untrusted-registri", 0));
    assert_eq!(e.help_text(), Some("did you mean `untrusted-registry`?"));
}

#[test]
fn bad_rule_options() {
    let (e, t) = load_err("[rules.untrusted-registry]\nregistry = [\"docker.io\"]\n");
    assert_eq!(
        e.message(),
        "unknown option `registry` for rule `untrusted-registry`"
    );
    assert_eq!(span(&e), at(&t, "registry", 1));
    assert_eq!(e.help_text(), Some("did you mean `registries`?"));

    let (e, t) = load_err("[rules.DH101]\nfoo = 1\n");
    assert_eq!(span(&e), at(&t, "foo", 0));
    assert_eq!(e.label(), Some("this rule has no options"));

    let (e, t) = load_err("[rules.untrusted-registry]\nregistries = []\n");
    assert_eq!(span(&e), at(&t, "[]", 0));
    assert_eq!(e.label(), Some("empty list"));

    // Keys and kinds come from the rule's own options struct: a boolean option.
    let (e, t) = load_err("[rules.floating-base-tag]\naccept-major-versions = \"yes\"\n");
    assert_eq!(e.label(), Some("expected a boolean"));
    assert_eq!(span(&e), at(&t, "\"yes\"", 0));
    let (e, t) = load_err("[rules.floating-base-tag]\naccepted-tags = [\"lts\", 3]\n");
    assert_eq!(span(&e), at(&t, "3", 0));
    assert_eq!(e.label(), Some("expected a string"));

    let (e, t) = load_err(
        "[rules.untrusted-registry]\nregistries = [\"a\"]\n[rules.DH404]\nregistries = [\"b\"]\n",
    );
    assert_eq!(e.message(), "options of `DH404` are set twice");
    assert_eq!(span(&e), at(&t, "DH404", 0));
}

#[test]
fn bad_images() {
    let (e, t) = load_err("[[images]]\nname = \"a/b\"\nlibc = \"gnu\"\n");
    assert_eq!(e.message(), "unknown libc `gnu`");
    assert_eq!(span(&e), at(&t, "\"gnu\"", 0));

    let (e, t) = load_err("[[images]]\nlibc = \"musl\"\n");
    assert_eq!(e.message(), "image family without `name`");
    assert_eq!(span(&e), at(&t, "[[images]]", 0));

    let (e, t) = load_err("[[images]]\nname = \"mycorp/base:1.0\"\n");
    assert_eq!(e.label(), Some("a tag is not part of the family name"));
    assert_eq!(span(&e), at(&t, "\"mycorp/base:1.0\"", 0));

    let (e, t) = load_err("[[images]]\nname = \"a/b\"\n[[images]]\nname = \"a/b\"\n");
    assert_eq!(e.message(), "image family `a/b` is defined twice");
    assert_eq!(span(&e), at(&t, "\"a/b\"", 1));
}

#[test]
fn override_without_files() {
    let (e, t) = load_err("[[overrides]]\nignore = [\"DH1\"]\n");
    assert_eq!(e.message(), "override without `files`");
    assert_eq!(span(&e), at(&t, "[[overrides]]", 0));
}

#[test]
fn toml_syntax_errors_carry_their_span() {
    let (e, t) = load_err("select = [\"DH1\"]\nignore = [\"DH2\"\n");
    assert!(
        e.message().starts_with("invalid TOML in "),
        "{}",
        e.message()
    );
    let (s, _) = span(&e);
    assert!(
        s >= t.find("ignore").expect("in text"),
        "span {s} before the error"
    );

    let (e, t) = load_err("select = [\"DH1\"]\nselect = [\"DH2\"]\n");
    assert_eq!(e.label(), Some("duplicate key"));
    assert_eq!(span(&e), at(&t, "select", 1));
}

#[test]
fn all_problems_are_reported_in_file_order() {
    let (e, t) = load_err("colour = true\nselect = [\"DH9999\"]\n[severity]\nDH101 = \"loud\"\n");
    assert_eq!(span(&e), at(&t, "colour", 0));
    let related: Vec<(usize, usize)> = e.related_errors().iter().map(span).collect();
    assert_eq!(related, [at(&t, "\"DH9999\"", 0), at(&t, "\"loud\"", 0)]);
}

#[test]
fn errors_render_with_miette() {
    let (e, _) =
        load_err("select = [\"DH1\"]\nextend-selct = [\"DH4\"]\n[severity]\nDH401 = \"loud\"\n");
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, &e)
        .expect("render");
    assert!(out.contains("dockhand::config"), "{out}");
    assert!(out.contains("unknown key `extend-selct`"), "{out}");
    assert!(out.contains("dockhand.toml:2:1"), "{out}");
    assert!(out.contains("did you mean `extend-select`?"), "{out}");
    // The second problem is rendered too, with its own snippet.
    assert!(out.contains("unknown severity `loud` for `DH401`"), "{out}");
    assert!(out.contains("dockhand.toml:4:9"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// describe

#[test]
fn describe_shows_every_setting_and_its_origin() {
    let text = r#"select = ["DH1", "DH4"]
ignore = ["DH102"]
failure-threshold = "error"
exclude = ["vendor/**"]

[severity]
DH402 = "error"

[[overrides]]
files = ["legacy/**"]
ignore = ["unpinned-base-image"]
severity = { DH101 = "info" }

[rules.untrusted-registry]
registries = ["docker.io"]

[[images]]
name = "mycorp/go-builder"
libc = "glibc"
toolchain = "go"
nonroot = true
users = ["app"]
"#;
    let dir = repo(text);
    let cli = CliConfig {
        extend_select: Some(vec!["DH403".into()]),
        ..CliConfig::default()
    };
    let r = run(dir.path(), &cli, &[("DOCKHAND_IGNORE", "DH101")]).expect("resolves");
    let expected = "\
config file: dockhand.toml (found from the working directory)
failure-threshold: error  (dockhand.toml:3)
preset: none
exclude:
  vendor/**  (dockhand.toml:4)
rules:
  DH101  off  warning  off: env DOCKHAND_IGNORE; severity: default
  DH102  off  info     off: dockhand.toml:2; severity: default
  DH201  off  warning  off: dockhand.toml:1; severity: default
  DH401  on   warning  on: dockhand.toml:1; severity: default
  DH402  on   error    on: dockhand.toml:1; severity: dockhand.toml:7
  DH403  on   info     on: command line --extend-select; severity: default
  DH404  on   error    on: dockhand.toml:1; severity: default
overrides:
  files = [legacy/**]  (dockhand.toml:9)
    ignore = [DH401]  (dockhand.toml:11)
    severity DH101 = info  (dockhand.toml:12)
rule options:
  DH404 registries = [\"docker.io\"]  (dockhand.toml:14)
labels: none
fix:
  fixable: ALL  (default)
  unfixable: none  (default)
  unsafe-fixes: false  (default)
images:
  mycorp/go-builder: libc = glibc, toolchain = go, nonroot = true, users = [app]  (dockhand.toml:17)
";
    assert_eq!(r.describe(), expected);

    let empty = tempfile::tempdir().expect("tempdir");
    fs::create_dir(empty.path().join(".git")).expect("mkdir");
    let r = run(empty.path(), &CliConfig::default(), &[]).expect("resolves");
    let expected = "\
config file: none (no dockhand.toml or .dockhand.toml found)
failure-threshold: warning  (default)
preset: none
exclude: none
rules:
  DH101  on   warning  on: default; severity: default
  DH102  on   info     on: default; severity: default
  DH201  on   warning  on: default; severity: default
  DH401  on   warning  on: default; severity: default
  DH402  on   warning  on: default; severity: default
  DH403  off  info     off: default; severity: default
  DH404  off  error    off: default; severity: default
  note: DH404 stays off: set `[rules.untrusted-registry] registries` to turn it on
overrides: none
rule options: none
labels: none
fix:
  fixable: ALL  (default)
  unfixable: none  (default)
  unsafe-fixes: false  (default)
images: none
";
    assert_eq!(r.describe(), expected);
}

#[test]
fn selector_type_is_public() {
    // The CLI may want to show what a selector means.
    assert_eq!(Selector::Prefix("DH4".into()).to_string(), "DH4");
    assert_eq!(Selector::All.specificity(), 0);
}

// ---------------------------------------------------------------------------------------------
// image-role

#[test]
fn image_role_top_level_and_per_path() {
    use dockhand::model::role::ImageRole;
    let dir = repo(
        "image-role = \"application\"\n\n[[overrides]]\nfiles = [\"images/**\"]\nimage-role = \"base\"\n",
    );
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert_eq!(
        r.for_path(Path::new("app/Dockerfile")).image_role,
        ImageRole::Application
    );
    assert_eq!(
        r.for_path(Path::new("images/debian/Dockerfile")).image_role,
        ImageRole::Base
    );
    let shown = r.describe();
    assert!(
        shown.contains("image-role: application  (dockhand.toml:1)"),
        "{shown}"
    );
    assert!(
        shown.contains("    image-role = base  (dockhand.toml:5)"),
        "{shown}"
    );
    // without the key: decided from each Dockerfile, and not shown
    let dir = repo("select = [\"DH101\"]\n");
    let r = run(dir.path(), &CliConfig::default(), &[]).expect("resolves");
    assert_eq!(
        r.for_path(Path::new("Dockerfile")).image_role,
        ImageRole::Auto
    );
    assert!(!r.describe().contains("image-role"));
}

#[test]
fn image_role_errors_point_at_the_value() {
    let (e, t) = load_err("image-role = \"bsae\"\n");
    assert_eq!(e.message(), "unknown image role `bsae`");
    assert_eq!(span(&e), at(&t, "\"bsae\"", 0));
    assert_eq!(e.help_text(), Some("did you mean `base`?"));

    let (e, t) = load_err("[[overrides]]\nfiles = [\"a/**\"]\nimage-role = true\n");
    assert_eq!(e.message(), "`image-role` must be a string, found boolean");
    assert_eq!(span(&e), at(&t, "true", 0));
}
