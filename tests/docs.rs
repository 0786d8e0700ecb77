//! Documentation is generated from the rules and checked here:
//! - `rules/<CODE>.md` is each rule's page (`dockhand explain CODE` prints the same text);
//! - README.md's rule table (between `<!-- rules:start -->` and `<!-- rules:end -->`);
//! - each rule's `## Example` block fires the rule and its `Use instead:` block does not.
//!
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites the pages and the table.

use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::rules::{self, FileFacts};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn update() -> bool {
    std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1")
}

#[test]
fn rule_pages_are_current() {
    let dir = root().join("rules");
    let mut stale = Vec::new();
    for r in rules::ALL {
        let m = r.meta();
        let path = dir.join(format!("{}.md", m.code));
        let page = m.page();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            if update() {
                std::fs::create_dir_all(&dir).expect("create rules/");
                std::fs::write(&path, &page).expect("write page");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    for e in std::fs::read_dir(&dir).expect("rules/ exists").flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let code = name.trim_end_matches(".md");
        if rules::find(code).is_none() && name != "README.md" {
            stale.push(format!("{name} (no rule {code})"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule pages (run `UPDATE_DOCS=1 cargo test --test docs`): {stale:?}"
    );
}

fn rule_table() -> String {
    let mut t = String::from("| Code | Name | Severity | What it flags |\n|---|---|---|---|\n");
    for r in rules::ALL {
        let m = r.meta();
        let off = if m.enabled_by_default {
            ""
        } else {
            " (off by default)"
        };
        t.push_str(&format!(
            "| [{}](rules/{}.md) | `{}` | {} | {}{} |\n",
            m.code, m.code, m.name, m.severity, m.summary, off
        ));
    }
    t
}

#[test]
fn readme_rule_table_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("README has <!-- rules:start -->") + start.len();
    let b = readme.find(end).expect("README has <!-- rules:end -->");
    let table = rule_table();
    if readme[a..b] != table {
        if update() {
            let new = format!("{}{}{}", &readme[..a], table, &readme[b..]);
            std::fs::write(&path, new).expect("write README");
        } else {
            panic!("README rule table is stale (run `UPDATE_DOCS=1 cargo test --test docs`)");
        }
    }
}

/// The first ```dockerfile block after `marker` in the docs.
fn block_after(docs: &str, marker: &str) -> Option<String> {
    let at = docs.find(marker)?;
    let rest = &docs[at..];
    let open = rest.find("```dockerfile\n")? + "```dockerfile\n".len();
    let close = rest[open..].find("```")?;
    Some(rest[open..open + close].to_string())
}

/// The label schema a label rule's page assumes: ``holding `"key" = "type"` ``.
fn schema_in(docs: &str) -> Option<(String, rules::label_schema::LabelType)> {
    let rest = &docs[docs.find("holding `\"")? + "holding `\"".len()..];
    let (label, rest) = rest.split_once("\" = \"")?;
    let (ty, _) = rest.split_once('"')?;
    Some((
        label.to_string(),
        rules::label_schema::LabelType::parse(ty)?,
    ))
}

#[test]
fn doc_examples_behave() {
    let mut opts = LintOptions::defaults();
    opts.rules = rules::ALL.to_vec();
    // DH404 finds nothing until registries are trusted; its docs example assumes this list.
    opts.rule_options
        .set(
            "untrusted-registry",
            serde_json::json!({ "registries": ["gcr.io/my-org"] }),
        )
        .expect("DH404 takes `registries`");
    let mut problems = Vec::new();
    for r in rules::ALL {
        let m = r.meta();
        let docs = m.docs();
        let (Some(bad), Some(good)) = (
            block_after(&docs, "## Example"),
            block_after(&docs, "Use instead"),
        ) else {
            problems.push(format!(
                "{}: docs need an ## Example and a Use instead: block",
                m.code
            ));
            continue;
        };
        // a label rule's example names the schema it assumes: `holding `"key" = "type"``
        let mut opts = opts.clone();
        if let Some((label, ty)) = schema_in(&docs) {
            opts.rule_options
                .set_shared(rules::label_schema::LabelSchema {
                    labels: vec![(label, ty)],
                    strict: true,
                });
        }
        let fires = |text: &str, has_ignore: bool| {
            // `# test: dockerignore=PATTERN` lines give the `.dockerignore` beside the example
            let patterns: String = text
                .lines()
                .filter_map(|l| l.strip_prefix("# test: dockerignore="))
                .map(|p| format!("{p}\n"))
                .collect();
            let facts = FileFacts {
                has_dockerignore: Some(has_ignore || !patterns.is_empty()),
                dockerignore: (!patterns.is_empty()).then(|| {
                    std::sync::Arc::new(dockhand::model::dockerignore::DockerIgnore::parse(
                        ".dockerignore",
                        &patterns,
                    ))
                }),
                go_mod_requires: None,
                folders: Vec::new(),
            };
            lint_diagnostics(text, &facts, &opts)
                .iter()
                .any(|d| d.code == m.code)
        };
        if !fires(&bad, false) {
            problems.push(format!("{}: the ## Example does not fire the rule", m.code));
        }
        if fires(&good, true) {
            problems.push(format!(
                "{}: the Use instead: example fires the rule",
                m.code
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
