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
//!   `# test: also=DH007` set what the command line would; `# test: trusted-registry=HOST`
//!   and `# test: accepted-tag=TAG` add to the rule options as the configuration would.

use dockhand::lint::{lint_text, LintOptions};
use dockhand::parse::parse;
use dockhand::report::{reporter, Format, ReportContext};
use dockhand::rules::{self, FileFacts};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .flatten()
    {
        let stem = dir.file_name().to_string_lossy().to_string();
        for f in std::fs::read_dir(dir.path())
            .expect("fixture dir")
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "Dockerfile") {
                out.push((stem.clone(), p));
            }
        }
    }
    out.sort();
    out
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

fn read_case(stem: &str, text: &str) -> Case {
    let rule = rule_for_stem(stem);
    let mut opts = LintOptions::default();
    opts.rules.push(rule);
    let mut facts = FileFacts {
        has_dockerignore: Some(true),
    };
    let df = parse(text);
    let mut expected = Vec::new();
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
            } else if let Some(v) = t.strip_prefix("trusted-registry=") {
                opts.rule_options.trusted_registries.push(v.to_string());
            } else if let Some(v) = t.strip_prefix("accepted-tag=") {
                opts.rule_options.accepted_tags.push(v.to_string());
            } else if t == "no-dockerignore" {
                facts.has_dockerignore = Some(false);
            } else if let Some(v) = t.strip_prefix("also=") {
                opts.rules
                    .push(rules::find(v).expect("known rule in also="));
            } else {
                panic!("unknown test directive `{t}`");
            }
        }
    }
    expected.sort();
    Case {
        opts,
        facts,
        expected,
    }
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
    };
    let mut out = Vec::new();
    reporter(Format::Human)
        .write(std::slice::from_ref(report), &cx, &mut out)
        .expect("render to memory");
    String::from_utf8(out).expect("human output is UTF-8")
}

#[test]
fn rule_fixtures() {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let in_ci = std::env::var("CI").is_ok();
    let mut failures = Vec::new();
    let mut count = 0;
    for (stem, path) in fixtures() {
        count += 1;
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let case = read_case(&stem, &text);
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
                failures.push(format!(
                    "{display}: expected no finding, got {:?}",
                    report
                        .diagnostics
                        .iter()
                        .map(|d| (d.code, &d.message))
                        .collect::<Vec<_>>()
                ));
            }
            continue;
        }
        assert!(
            name.starts_with("fail_"),
            "{display}: name must start with pass_ or fail_"
        );
        if case.expected.is_empty() {
            failures.push(format!(
                "{display}: a fail fixture needs `# expect:` markers"
            ));
        }
        if actual != case.expected {
            let line = |i: usize| df.instructions.get(i).map_or(0, |x| x.start_line);
            failures.push(format!(
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
            continue;
        }
        let snap_path = path.with_extension("snap");
        let rendered = render_human(&report);
        match std::fs::read_to_string(&snap_path) {
            Ok(existing) if !update => {
                if existing != rendered {
                    failures.push(format!(
                        "{display}: human output differs from {} (UPDATE_SNAPSHOTS=1 to accept):\n{rendered}",
                        snap_path.display()
                    ));
                }
            }
            _ if in_ci && !update => {
                failures.push(format!(
                    "{display}: snapshot {} is missing",
                    snap_path.display()
                ));
            }
            _ => std::fs::write(&snap_path, &rendered).expect("write snapshot"),
        }
    }
    assert!(count > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_pass_and_fail_fixtures() {
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
        assert!(
            has("pass_"),
            "{} has no pass fixture in fixtures/rules/{stem}",
            r.meta().code
        );
        assert!(
            has("fail_"),
            "{} has no fail fixture in fixtures/rules/{stem}",
            r.meta().code
        );
    }
}
