//! Fixture harness, one folder per rule: `fixtures/rules/<rule_stem>/`, where the stem is the
//! rule name with `_` for `-` (`syntax_error` for `syntax-error`). Each fixture runs with only
//! its own rule enabled.
//!
//! - `pass_*.Dockerfile` must produce no finding.
//! - `fail_*.Dockerfile` marks each expected finding with `# expect: CODE` on a line before
//!   the instruction where it is reported (several codes: `# expect: DH101, DH102`). The set
//!   of (instruction, code) pairs must match exactly. Each fail fixture also has a `.snap`
//!   beside it with the human rendering (no colour, width 100): a missing one is written on
//!   the first run outside CI, and `UPDATE_SNAPSHOTS=1` rewrites them.
//! - `# test: target=NAME`, `# test: build-arg=K=V`, `# test: no-dockerignore`,
//!   `# test: dockerignore=PATTERN` (a line of the `.dockerignore`, once per line),
//!   `# test: also=DH007` set what the command line would; `# test: image-role=base` what
//!   the configuration would; `# test: path=a/testdata/Dockerfile` the path the file is
//!   linted at (the image role it implies, as the command line infers it, unless an
//!   `image-role=` says otherwise); `# test: go-mod-requires=false` what the `go.mod` beside
//!   the Dockerfile says.
//! - Rule options sit beside the fixture (biome's shape): `fail_x.options.toml` holds the
//!   content of the rule's `[rules.<name>]` table, read by the configuration loader as a
//!   `dockhand.toml` would be.
//!
//! - A `dockhand.toml` in a rule's folder is read, as a whole configuration file, for every
//!   fixture of the folder (the label rules take their schema from `[labels]`).
//!
//! Every fixture file is its own test (`<rule_stem>/<file>`, through libtest-mimic), so a
//! failing fixture names itself and `cargo test --test rules floating_base_tag` runs one
//! rule's; a new fixture needs no line here.

use dockhand::lint::{lint_text, LintOptions};
use dockhand::parse::parse;
use dockhand::report::{reporter, Format, ReportContext};
use dockhand::rules::{self, FileFacts};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

/// Every file under `fixtures/rules/<stem>/`, as (stem, path), sorted.
fn fixture_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(fixture_root())
        .expect("fixtures/rules exists")
        .flatten()
    {
        let stem = dir.file_name().to_string_lossy().to_string();
        for f in std::fs::read_dir(dir.path())
            .expect("fixture dir")
            .flatten()
        {
            out.push((stem.clone(), f.path()));
        }
    }
    out.sort();
    out
}

/// The fixtures: `*.Dockerfile` files.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out = fixture_files();
    out.retain(|(_, p)| p.extension().is_some_and(|e| e == "Dockerfile"));
    out
}

/// `fail_x.options.toml` beside `fail_x.Dockerfile`.
fn options_path(fixture: &Path) -> PathBuf {
    fixture.with_extension("options.toml")
}

fn known_rule(s: &str) -> Option<&'static str> {
    rules::find(s).map(|r| r.meta().code)
}

/// Reads a fixture's options file as the `[rules.<name>]` table of a config file, through the
/// configuration loader, into the options the linter takes.
fn read_options(rule: &'static dyn rules::Rule, path: &Path) -> Result<rules::RuleOptions, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = format!("[rules.{}]\n{body}", rule.meta().name);
    let cfg = dockhand::config::load_str(&path.display().to_string(), text, &known_rule)
        .map_err(|e| format!("{:?}", miette::Report::new(e)))?;
    cfg.rule_options.to_lint()
}

fn rule_for_stem(stem: &str) -> &'static dyn rules::Rule {
    rules::find(&stem.replace('_', "-")).unwrap_or_else(|| {
        panic!(
            "fixtures/rules/{stem}: no rule named {}",
            stem.replace('_', "-")
        )
    })
}

/// Index of the instruction a byte offset belongs to: the one containing it, or else the next
/// one after it (`instructions.len()` past the last).
fn instruction_at(df: &dockhand::parse::Dockerfile, offset: usize) -> usize {
    df.instructions
        .iter()
        .position(|i| offset <= i.span.end)
        .unwrap_or(df.instructions.len())
}

struct Case {
    opts: LintOptions,
    facts: FileFacts,
    expected: Vec<(usize, String)>,
}

fn read_case(stem: &str, path: &Path, text: &str) -> Result<Case, String> {
    let rule = rule_for_stem(stem);
    let mut opts = LintOptions::default();
    opts.rules.push(rule);
    let options = options_path(path);
    if options.exists() {
        opts.rule_options = read_options(rule, &options)?;
    }
    let folder_config = path.with_file_name("dockhand.toml");
    if folder_config.exists() {
        let cfg = dockhand::config::load(&folder_config, &known_rule)
            .map_err(|e| format!("{:?}", miette::Report::new(e)))?;
        opts.rule_options = cfg.rule_options.to_lint()?;
    }
    let mut facts = FileFacts {
        has_dockerignore: Some(true),
        dockerignore: None,
        go_mod_requires: None,
        folders: Vec::new(),
    };
    let df = parse(text);
    let mut expected = Vec::new();
    let mut linted_path: Option<PathBuf> = None;
    for c in &df.comments {
        if let Some(codes) = c.text.strip_prefix("expect:") {
            let at = instruction_at(&df, c.span.end);
            for code in codes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                expected.push((at, code.to_string()));
            }
        } else if let Some(t) = c.text.strip_prefix("test:") {
            let t = t.trim();
            if let Some(v) = t.strip_prefix("target=") {
                opts.model.target = Some(v.to_string());
            } else if let Some(v) = t.strip_prefix("build-arg=") {
                let (k, v) = v.split_once('=').expect("build-arg=K=V");
                opts.model.build_args.push((k.to_string(), v.to_string()));
            } else if let Some(v) = t.strip_prefix("dockerignore=") {
                // one pattern line of the `.dockerignore` beside the fixture
                let mut text = facts
                    .dockerignore
                    .as_ref()
                    .map(|d| {
                        d.patterns
                            .iter()
                            .map(|p| format!("{}{}\n", if p.exclusion { "!" } else { "" }, p.text))
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                text.push_str(v);
                text.push('\n');
                facts.dockerignore = Some(Arc::new(
                    dockhand::model::dockerignore::DockerIgnore::parse(".dockerignore", &text),
                ));
            } else if t == "no-dockerignore" {
                facts.has_dockerignore = Some(false);
            } else if let Some(v) = t.strip_prefix("image-role=") {
                opts.model.image_role =
                    dockhand::model::role::ImageRole::from_name(v).expect("a known image role");
            } else if let Some(v) = t.strip_prefix("path=") {
                linted_path = Some(PathBuf::from(v));
            } else if let Some(v) = t.strip_prefix("go-mod-requires=") {
                // what the `go.mod` beside the fixture says: `true` (has a `require`), `false`
                facts.go_mod_requires = Some(v == "true");
            } else if let Some(v) = t.strip_prefix("also=") {
                opts.rules
                    .push(rules::find(v).expect("known rule in also="));
            } else {
                panic!("unknown test directive `{t}`");
            }
        }
    }
    if let Some(p) = &linted_path {
        opts.model.image_role = opts.model.image_role.for_path(p);
        facts.folders = p
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .filter_map(|c| c.as_os_str().to_str().map(str::to_string))
            .collect();
    }
    expected.sort();
    Ok(Case {
        opts,
        facts,
        expected,
    })
}

fn render_human(report: &dockhand::report::FileReport) -> String {
    let infos = rules::infos();
    let cx = ReportContext {
        rules: &infos,
        tool_name: "dockhand",
        tool_version: "test",
        information_uri: "https://example.invalid/dockhand",
        failure_threshold: None,
        color: false,
        width: 100,
        quiet: false,
    };
    let mut out = Vec::new();
    reporter(Format::Human)
        .write(std::slice::from_ref(report), &cx, &mut out)
        .expect("render to memory");
    String::from_utf8(out).expect("human output is UTF-8")
}

/// Checks one fixture: its findings against its `# expect:` markers, and its rendering
/// against its snapshot.
fn check_fixture(stem: &str, path: &Path) -> Result<(), String> {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let in_ci = std::env::var("CI").is_ok();
    let text = std::fs::read_to_string(path).map_err(|e| format!("not UTF-8 text: {e}"))?;
    let case = read_case(stem, path, &text)?;
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let display = format!("fixtures/rules/{stem}/{name}");
    let report = lint_text(&display, Arc::from(text.as_str()), &case.facts, &case.opts);
    let df = parse(&text);
    let mut actual: Vec<(usize, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                instruction_at(&df, d.primary.span.start),
                d.code.to_string(),
            )
        })
        .collect();
    actual.sort();
    if name.starts_with("pass_") {
        if !report.diagnostics.is_empty() {
            return Err(format!(
                "{display}: expected no finding, got {:?}",
                report
                    .diagnostics
                    .iter()
                    .map(|d| (d.code, &d.message))
                    .collect::<Vec<_>>()
            ));
        }
        return Ok(());
    }
    if !name.starts_with("fail_") {
        return Err(format!("{display}: name must start with pass_ or fail_"));
    }
    if case.expected.is_empty() {
        return Err(format!(
            "{display}: a fail fixture needs `# expect:` markers"
        ));
    }
    if actual != case.expected {
        let line = |i: usize| df.instructions.get(i).map_or(0, |x| x.start_line);
        return Err(format!(
            "{display}: expected {:?}, got {:?} ({})",
            case.expected
                .iter()
                .map(|(i, c)| (line(*i), c))
                .collect::<Vec<_>>(),
            actual
                .iter()
                .map(|(i, c)| (line(*i), c))
                .collect::<Vec<_>>(),
            report
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let snap_path = path.with_extension("snap");
    let rendered = render_human(&report);
    match std::fs::read_to_string(&snap_path) {
        Ok(existing) if !update => {
            if existing != rendered {
                return Err(format!(
                    "{display}: human output differs from {} (UPDATE_SNAPSHOTS=1 to accept):\n{rendered}",
                    snap_path.display()
                ));
            }
        }
        _ if in_ci && !update => {
            return Err(format!(
                "{display}: snapshot {} is missing",
                snap_path.display()
            ));
        }
        _ => std::fs::write(&snap_path, &rendered)
            .map_err(|e| format!("write {}: {e}", snap_path.display()))?,
    }
    Ok(())
}

/// Every file in a fixture folder is a fixture, its snapshot or its options: a snapshot or an
/// options file whose fixture was renamed away would otherwise be dead.
fn no_stray_files() -> Result<(), String> {
    let mut stray = Vec::new();
    for (stem, p) in fixture_files() {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let fixture = if let Some(base) = name.strip_suffix(".options.toml") {
            p.with_file_name(format!("{base}.Dockerfile"))
        } else if let Some(base) = name.strip_suffix(".snap") {
            p.with_file_name(format!("{base}.Dockerfile"))
        } else if name.ends_with(".Dockerfile") || name == "dockhand.toml" {
            continue;
        } else {
            stray.push(format!(
                "{stem}/{name}: not a fixture, snapshot or options file"
            ));
            continue;
        };
        if !fixture.exists() {
            stray.push(format!("{stem}/{name}: no fixture {}", fixture.display()));
        }
    }
    if stray.is_empty() {
        Ok(())
    } else {
        Err(stray.join("\n"))
    }
}

fn main() {
    let args = Arguments::from_args();
    // Panics in a trial (a fixture folder naming no rule) are reported as that trial's failure.
    let mut trials: Vec<Trial> = fixtures()
        .into_iter()
        .map(|(stem, path)| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            Trial::test(format!("{stem}/{name}"), move || {
                check_fixture(&stem, &path).map_err(Failed::from)
            })
        })
        .collect();
    let found = trials.len();
    trials.push(Trial::test("fixtures_are_found", move || {
        if found > 0 {
            Ok(())
        } else {
            Err("no fixtures found".into())
        }
    }));
    trials.push(Trial::test("every_rule_has_pass_and_fail_fixtures", || {
        every_rule_has_pass_and_fail_fixtures().map_err(Failed::from)
    }));
    trials.push(Trial::test("no_stray_files_in_fixture_folders", || {
        no_stray_files().map_err(Failed::from)
    }));
    libtest_mimic::run(&args, trials).exit();
}

fn every_rule_has_pass_and_fail_fixtures() -> Result<(), String> {
    let all = fixtures();
    for r in rules::ALL {
        let stem = r.meta().name.replace('-', "_");
        let has = |prefix: &str| {
            all.iter().any(|(s, p)| {
                *s == stem
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
        };
        for prefix in ["pass_", "fail_"] {
            if !has(prefix) {
                return Err(format!(
                    "{} has no {prefix} fixture in fixtures/rules/{stem}",
                    r.meta().code
                ));
            }
        }
    }
    Ok(())
}
