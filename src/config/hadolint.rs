//! hadolint's configuration file, read when no `dockhand.toml` is found (or named by
//! `--config x.yaml`), so that a repository set up for hadolint lints the same under dockhand
//! from the first run. It becomes a `FileConfig`, the shape `dockhand.toml` is read into, with
//! every span pointing into the YAML text, so `dockhand config` shows where each setting came
//! from and errors point at the key or value at fault.
//!
//! | hadolint key | dockhand |
//! |---|---|
//! | `ignored` | `ignore` |
//! | `override.error` / `warning` / `info` / `style` | `[severity]` (and selected, so that a rule off by default is on); `error` wins over `warning` over `info` over `style`, as in hadolint |
//! | `failure-threshold` | `failure-threshold` (`ignore` is `none`) |
//! | `trustedRegistries` | `[rules.untrusted-registry] registries` |
//! | `disable-ignore-pragma` | `--no-suppressions` |
//! | `no-fail` | `--exit-zero` |
//! | `format`, `formats`, `no-color`, `verbose` | read and not applied: dockhand's own options decide |
//! | `label-schema`, `strict-labels` | `[labels] schema`, `strict`: the label rules DL3049-DL3058 |
//!
//! A DL or SC code that dockhand has no rule for is kept in a note, not an error: hadolint
//! accepts it, and so must a drop-in.
//!
//! The YAML is read by `marked-yaml` (positions for every node, duplicate keys reported; its
//! loader and `yaml-rust2`'s parser keep explicit stacks, not recursion). A nesting guard runs
//! first anyway, so that dropping a deeply nested tree cannot exhaust the stack.

use super::error::{did_you_mean, Problem, SourceText};
use super::file::{FileConfig, SeverityEntry};
use super::{ConfigError, KnownRule, RuleOptions, Selector, SelectorList};
use crate::diagnostic::Severity;
use crate::span::{Span, Spanned};
use marked_yaml::{LoadError, Node};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// hadolint's file names in a directory, in the order hadolint tries them.
pub const FILE_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// hadolint config files are small; this bounds the work on a hostile one.
pub const MAX_SIZE: u64 = 256 * 1024;

/// Deeper than any real configuration (hadolint's has three levels).
const MAX_NESTING: usize = 32;

const KEYS: &[&str] = &[
    "failure-threshold",
    "format",
    "formats",
    "ignored",
    "override",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "no-color",
    "verbose",
];
const OVERRIDE_KEYS: &[&str] = &["error", "warning", "info", "style"];
const LABEL_TYPES: &[&str] = &["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];
const THRESHOLDS: &[&str] = &["error", "warning", "info", "style", "ignore", "none"];

/// What a hadolint file sets that `dockhand.toml` has no key for.
#[derive(Debug, Clone, Default)]
pub struct HadolintSettings {
    /// `disable-ignore-pragma`.
    pub no_suppressions: Option<Spanned<bool>>,
    /// `no-fail`.
    pub exit_zero: Option<Spanned<bool>>,
    /// Things read and not applied, each with where it was set (for `dockhand config`).
    pub notes: Vec<(String, Span)>,
}

/// hadolint's search for its config file, used when no `dockhand.toml` is found: the
/// directories dockhand's own discovery walks (from `start` up to the repository root; hadolint
/// itself looks only in the working directory, the first of them), then
/// `$XDG_CONFIG_HOME/hadolint.yaml` (`~/.config` when unset), `~/.hadolint/hadolint.yaml` or
/// `config.yaml`, then `~/.hadolint.yaml`; each `.yaml` before `.yml`. The first that exists
/// wins; files are never merged.
pub fn discover(start: &Path, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if let Some(p) = FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
            return Some(p);
        }
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    let home = env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let xdg = env("XDG_CONFIG_HOME")
        .filter(|x| !x.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    if let Some(x) = xdg {
        candidates.extend(["hadolint.yaml", "hadolint.yml"].map(|n| x.join(n)));
    }
    if let Some(h) = &home {
        let dir = h.join(".hadolint");
        candidates.extend(
            ["hadolint.yaml", "hadolint.yml", "config.yaml", "config.yml"].map(|n| dir.join(n)),
        );
        candidates.extend(FILE_NAMES.map(|n| h.join(n)));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Whether `path` names a hadolint-style YAML file (by its extension).
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Reads a hadolint config file, shown as `name`.
pub fn load(path: &Path, name: &str, known_rule: KnownRule<'_>) -> Result<FileConfig, ConfigError> {
    let read_error = |message: String| ConfigError::Read {
        path: path.to_path_buf(),
        help: None,
        source: std::io::Error::other(message),
    };
    let bytes = crate::source::read_regular(path, MAX_SIZE).map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|_| read_error("not UTF-8 text".to_string()))?;
    parse(path, name, text, known_rule)
}

/// Validates hadolint config text read from `path` (shown as `name`).
pub fn parse(
    path: &Path,
    name: &str,
    text: String,
    known_rule: KnownRule<'_>,
) -> Result<FileConfig, ConfigError> {
    let src = SourceText::file(name, text, path);
    let at = Offsets::new(&src.text);
    let mut problems = Vec::new();
    let mut cfg = FileConfig::empty(path, Arc::clone(&src));
    let mut had = HadolintSettings::default();
    if let Some(p) = too_deep(&src.text) {
        return Err(src.error(p));
    }
    let root = match marked_yaml::parse_yaml_with_options(
        0,
        &*src.text,
        marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true),
    ) {
        Ok(r) => r,
        Err(e) => return Err(src.error(load_problem(&e, &at))),
    };
    let Some(map) = root.as_mapping() else {
        return Err(src.error(Problem::new(
            Span::new(0, 0),
            "a hadolint config file is a YAML mapping",
            "expected `key: value` lines",
        )));
    };
    let mut ignore: Vec<Spanned<Selector>> = Vec::new();
    let mut ignore_key = Span::default();
    let mut extend: Vec<Spanned<Selector>> = Vec::new();
    let mut extend_key = Span::default();
    let mut schema: Vec<(String, crate::rules::label_schema::LabelType)> = Vec::new();
    let mut strict = false;
    let mut labels_key: Option<Span> = None;
    for (key, value) in map.iter() {
        let kspan = at.node_span(key.span(), key.as_str());
        let k = key.as_str();
        match k {
            "ignored" => {
                ignore_key = kspan;
                for (code, span) in strings(value, k, &at, &mut problems) {
                    match rule_code(&code, span, k, known_rule) {
                        Ok(Some(c)) => ignore.push(Spanned::new(Selector::Rule(c), span)),
                        Ok(None) => had.notes.push((not_implemented(&code), span)),
                        Err(p) => problems.push(p),
                    }
                }
            }
            "override" => {
                extend_key = kspan;
                let Some(levels) = value.as_mapping() else {
                    problems.push(Problem::new(
                        at.node_span(value.span(), ""),
                        "`override` must map severities to lists of codes",
                        "expected `error: [DL3008]`-style entries",
                    ));
                    continue;
                };
                let mut by_level: Vec<(usize, Severity, String, Span)> = Vec::new();
                for (level, codes) in levels.iter() {
                    let lspan = at.node_span(level.span(), level.as_str());
                    let Some(rank) = OVERRIDE_KEYS.iter().position(|l| *l == level.as_str()) else {
                        problems.push(
                            Problem::new(
                                lspan,
                                format!("unknown severity `{}` in `override`", level.as_str()),
                                "not a hadolint severity",
                            )
                            .help(did_you_mean(level.as_str(), OVERRIDE_KEYS.iter().copied())),
                        );
                        continue;
                    };
                    let Some(sev) = Severity::parse(level.as_str()) else {
                        continue;
                    };
                    for (code, span) in strings(codes, level.as_str(), &at, &mut problems) {
                        by_level.push((rank, sev, code, span));
                    }
                }
                // hadolint: a code in several lists gets the most severe; applied last, it wins
                by_level.sort_by_key(|(rank, ..)| std::cmp::Reverse(*rank));
                for (_, sev, code, span) in by_level {
                    match rule_code(&code, span, "override", known_rule) {
                        Ok(Some(c)) => {
                            extend.push(Spanned::new(Selector::Rule(c), span));
                            cfg.selection.severity.push(SeverityEntry {
                                rule: Spanned::new(c, span),
                                severity: Spanned::new(sev, span),
                            });
                        }
                        Ok(None) => had.notes.push((not_implemented(&code), span)),
                        Err(p) => problems.push(p),
                    }
                }
            }
            "failure-threshold" => {
                if let Some((v, span)) = scalar(value, k, &at, &mut problems) {
                    match v.as_str() {
                        "ignore" | "none" => {
                            cfg.failure_threshold = Some(Spanned::new(None, span));
                        }
                        other => match Severity::parse(other)
                            .filter(|_| THRESHOLDS.contains(&other))
                        {
                            Some(s) => cfg.failure_threshold = Some(Spanned::new(Some(s), span)),
                            None => problems.push(
                                Problem::new(
                                    span,
                                    format!("unknown failure-threshold `{other}`"),
                                    "not a threshold",
                                )
                                .help(did_you_mean(other, THRESHOLDS.iter().copied())),
                            ),
                        },
                    }
                }
            }
            "trustedRegistries" => {
                let regs = strings(value, k, &at, &mut problems);
                if !regs.is_empty() {
                    let list: Vec<serde_json::Value> = regs
                        .iter()
                        .map(|(r, _)| serde_json::Value::String(r.clone()))
                        .collect();
                    set_registries(&mut cfg.rule_options, list, &src, kspan, known_rule);
                }
            }
            "disable-ignore-pragma" | "no-fail" | "strict-labels" | "no-color" | "verbose" => {
                let Some(b) = boolean(value, k, &at, &mut problems) else {
                    continue;
                };
                match k {
                    "disable-ignore-pragma" => had.no_suppressions = Some(b),
                    "no-fail" => had.exit_zero = Some(b),
                    "strict-labels" => {
                        strict = b.value;
                        labels_key.get_or_insert(kspan);
                    }
                    _ => had.notes.push((
                        format!("`{k}` is not applied: dockhand's own options decide"),
                        kspan,
                    )),
                }
            }
            "format" | "formats" => {
                let _ = strings(value, k, &at, &mut problems);
                had.notes.push((
                    format!("`{k}` is not applied: pass `--format` to choose dockhand's output"),
                    kspan,
                ));
            }
            "label-schema" => {
                match value.as_mapping() {
                    Some(m) => {
                        for (label, kind) in m.iter() {
                            let Some((t, span)) = scalar(kind, label.as_str(), &at, &mut problems)
                            else {
                                continue;
                            };
                            if let Some(lt) = crate::rules::label_schema::LabelType::parse(&t) {
                                schema.push((label.as_str().to_string(), lt));
                            } else {
                                problems.push(
                                    Problem::new(
                                        span,
                                        format!(
                                            "unknown label type `{t}` for `{}`",
                                            label.as_str()
                                        ),
                                        "not a hadolint label type",
                                    )
                                    .help(did_you_mean(&t, LABEL_TYPES.iter().copied())),
                                );
                            }
                        }
                    }
                    None => problems.push(Problem::new(
                        at.node_span(value.span(), ""),
                        "`label-schema` must map label names to types",
                        "expected `author: text`-style entries",
                    )),
                }
                labels_key = Some(kspan);
            }
            other => problems.push(
                Problem::new(
                    kspan,
                    format!("unknown key `{other}`"),
                    "not a hadolint setting",
                )
                .help(did_you_mean(other, KEYS.iter().copied())),
            ),
        }
    }
    if let Some(e) = src.errors(problems) {
        return Err(e);
    }
    if !ignore.is_empty() {
        cfg.selection.ignore = Some(SelectorList {
            items: ignore,
            key_span: ignore_key,
            src: Arc::clone(&src),
        });
    }
    if !extend.is_empty() {
        cfg.selection.extend_select = Some(SelectorList {
            items: extend,
            key_span: extend_key,
            src: Arc::clone(&src),
        });
    }
    if let Some(span) = labels_key {
        cfg.rule_options.labels = Some(super::LabelSettings {
            schema,
            strict,
            origin: super::origin_at(&src, span),
        });
    }
    cfg.hadolint = Some(had);
    Ok(cfg)
}

fn not_implemented(code: &str) -> String {
    format!("`{code}` has no dockhand rule yet: nothing to ignore or override")
}

/// `trustedRegistries` → the options of the rule that answers to DL3026.
fn set_registries(
    opts: &mut RuleOptions,
    list: Vec<serde_json::Value>,
    src: &SourceText,
    span: Span,
    known_rule: KnownRule<'_>,
) {
    let Some(code) = known_rule("untrusted-registry") else {
        return;
    };
    let mut table = serde_json::Map::new();
    table.insert("registries".to_string(), serde_json::Value::Array(list));
    opts.by_rule.insert(code, table);
    opts.origins.insert(code, super::origin_at(src, span));
}

/// A code of `ignored` or `override`: a dockhand rule (`Some`), a well-formed DL or SC code
/// dockhand has no rule for (`None`), or a mistake.
fn rule_code(
    code: &str,
    span: Span,
    key: &str,
    known_rule: KnownRule<'_>,
) -> Result<Option<&'static str>, Problem> {
    if let Some(c) = known_rule(code) {
        return Ok(Some(c));
    }
    let well_formed = (code.starts_with("DL") || code.starts_with("SC"))
        && code.len() == 6
        && code[2..].chars().all(|c| c.is_ascii_digit());
    if well_formed {
        return Ok(None);
    }
    Err(Problem::new(
        span,
        format!("`{code}` in `{key}` is not a rule code"),
        "hadolint codes look like DL3008 or SC2086",
    ))
}

fn scalar(
    node: &Node,
    key: &str,
    at: &Offsets,
    problems: &mut Vec<Problem>,
) -> Option<(String, Span)> {
    match node.as_scalar() {
        Some(s) => Some((s.as_str().to_string(), at.node_span(s.span(), s.as_str()))),
        None => {
            problems.push(Problem::new(
                at.node_span(node.span(), ""),
                format!("`{key}` must be a single value"),
                "expected a plain value",
            ));
            None
        }
    }
}

fn boolean(
    node: &Node,
    key: &str,
    at: &Offsets,
    problems: &mut Vec<Problem>,
) -> Option<Spanned<bool>> {
    let (text, span) = scalar(node, key, at, problems)?;
    let b = node.as_scalar().and_then(|s| s.as_bool());
    match b {
        Some(b) => Some(Spanned::new(b, span)),
        None => {
            problems.push(Problem::new(
                span,
                format!("`{key}` must be true or false, not `{text}`"),
                "expected true or false",
            ));
            None
        }
    }
}

/// A list of strings; a single string counts as a list of one (hadolint accepts both for
/// `trustedRegistries`, and its list keys all parse the same way).
fn strings(
    node: &Node,
    key: &str,
    at: &Offsets,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Span)> {
    match node {
        Node::Scalar(s) if s.as_str().is_empty() => Vec::new(),
        Node::Scalar(s) => vec![(s.as_str().to_string(), at.node_span(s.span(), s.as_str()))],
        Node::Sequence(items) => items
            .iter()
            .filter_map(|i| match i.as_scalar() {
                Some(s) => Some((s.as_str().to_string(), at.node_span(s.span(), s.as_str()))),
                None => {
                    problems.push(Problem::new(
                        at.node_span(i.span(), ""),
                        format!("`{key}` holds a list or mapping where a value was expected"),
                        "expected a plain value",
                    ));
                    None
                }
            })
            .collect(),
        Node::Mapping(_) => {
            problems.push(Problem::new(
                at.node_span(node.span(), ""),
                format!("`{key}` must be a list"),
                "expected `[A, B]` or `- A` lines",
            ));
            Vec::new()
        }
    }
}

fn load_problem(e: &LoadError, at: &Offsets) -> Problem {
    let (marker, message) = match e {
        LoadError::TopLevelMustBeMapping(m) => (
            Some(m),
            "a hadolint config file is a YAML mapping".to_string(),
        ),
        LoadError::TopLevelMustBeSequence(m) => (Some(m), "unexpected top level".to_string()),
        LoadError::UnexpectedAnchor(m) => (
            Some(m),
            "YAML anchors are not used in hadolint config files".to_string(),
        ),
        LoadError::MappingKeyMustBeScalar(m) => {
            (Some(m), "a key must be a plain value".to_string())
        }
        LoadError::UnexpectedTag(m) => (
            Some(m),
            "YAML tags are not used in hadolint config files".to_string(),
        ),
        LoadError::ScanError(m, se) => (Some(m), format!("invalid YAML: {}", se.info())),
        LoadError::DuplicateKey(d) => (
            d.key.span().start(),
            format!("duplicate key `{}`", d.key.as_str()),
        ),
        // a future variant: the message alone
        #[allow(unreachable_patterns)]
        _ => (None, format!("invalid YAML: {e}")),
    };
    let start = marker.map_or(0, |m| at.byte(m.character()));
    Problem::new(Span::new(start, start), message, "here")
}

/// Rejects text nested deeper than any config needs, before the YAML reader sees it: flow
/// brackets and block indentation both count.
fn too_deep(text: &str) -> Option<Problem> {
    let mut depth = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '-']);
        let indent = line.len() - body.len();
        if !body.trim().is_empty() && !body.starts_with('#') {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        for (i, b) in line.bytes().enumerate() {
            match b {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth + indents.len() > MAX_NESTING {
                let at = offset + i;
                return Some(Problem::new(
                    Span::new(at, at + 1),
                    format!("nested more than {MAX_NESTING} levels deep"),
                    "too deep",
                ));
            }
        }
        if indents.len() > MAX_NESTING {
            return Some(Problem::new(
                Span::new(offset, offset + line.len().min(1)),
                format!("nested more than {MAX_NESTING} levels deep"),
                "too deep",
            ));
        }
        offset += line.len();
    }
    None
}

/// Character index → byte offset (the YAML reader counts characters).
struct Offsets {
    /// `None` for ASCII text, where the two are the same.
    starts: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        Offsets {
            starts: (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect()),
            len: text.len(),
        }
    }

    fn byte(&self, character: usize) -> usize {
        match &self.starts {
            None => character.min(self.len),
            Some(s) => s.get(character).copied().unwrap_or(self.len),
        }
    }

    /// The span of a node: from its start marker over `value` (the reader gives no reliable
    /// end for scalars; a quoted value's span then starts at the quote and is a little short).
    fn node_span(&self, span: &marked_yaml::Span, value: &str) -> Span {
        let Some(start) = span.start() else {
            return Span::default();
        };
        let from = self.byte(start.character());
        let to = match span.end() {
            Some(e) if e.character() > start.character() => self.byte(e.character()),
            _ => self.byte(start.character() + value.chars().count()),
        };
        Span::new(from, to.max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(code: &str) -> Option<&'static str> {
        crate::rules::find(code).map(|r| r.meta().code)
    }

    fn read(text: &str) -> Result<FileConfig, ConfigError> {
        parse(
            Path::new(".hadolint.yaml"),
            ".hadolint.yaml",
            text.to_string(),
            &known,
        )
    }

    #[test]
    fn keys_map_onto_dockhand_settings() {
        let cfg = read(
            "failure-threshold: error\nignored: [DL9999, SC2086]\nno-fail: true\ndisable-ignore-pragma: false\ntrustedRegistries: my.registry:5000\nformat: json\n",
        )
        .expect("valid");
        assert_eq!(
            cfg.failure_threshold.as_ref().map(|t| t.value),
            Some(Some(Severity::Error))
        );
        let had = cfg.hadolint.as_ref().expect("hadolint settings");
        assert_eq!(had.exit_zero.as_ref().map(|b| b.value), Some(true));
        assert_eq!(had.no_suppressions.as_ref().map(|b| b.value), Some(false));
        // codes without a rule are notes, not errors
        assert!(
            had.notes.iter().any(|(n, _)| n.contains("DL9999")),
            "{:?}",
            had.notes
        );
        assert!(had
            .notes
            .iter()
            .any(|(n, _)| n.contains("`format` is not applied")));
        let regs = cfg.rule_options.strings("DH404", "registries");
        assert_eq!(regs, Some(vec!["my.registry:5000".to_string()]));
        // the origin of a setting is its line in the YAML file
        let t = cfg.failure_threshold.as_ref().expect("set");
        assert_eq!(cfg.origin(t.span).to_string(), ".hadolint.yaml:1");
        assert_eq!(&cfg.text()[t.span.start..t.span.end], "error");
    }

    #[test]
    fn errors_point_at_the_key_or_value() {
        let text = "ignored:\n  - DL3008\nfailure-treshold: error\noverride:\n  fatal: [DL3008]\nno-fail: maybe\n";
        let e = read(text).expect_err("invalid");
        let mut all = vec![(e.message(), e.span())];
        all.extend(e.related_errors().iter().map(|r| (r.message(), r.span())));
        let msgs: Vec<&str> = all.iter().map(|(m, _)| m.as_str()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("unknown key `failure-treshold`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("unknown severity `fatal`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`no-fail` must be true or false, not `maybe`")),
            "{msgs:?}"
        );
        let (_, span) = &all[0];
        let span = span.expect("a span");
        assert_eq!(&text[span.start..span.end], "failure-treshold");
        assert_eq!(e.help_text(), Some("did you mean `failure-threshold`?"));
    }

    #[test]
    fn bad_yaml_and_hostile_nesting_are_errors_not_crashes() {
        let e = read("ignored: [DL3008\n").expect_err("unclosed");
        assert!(e.message().contains("invalid YAML"), "{}", e.message());
        let deep = "a: ".to_string() + &"[".repeat(100_000);
        let e = read(&deep).expect_err("too deep");
        assert!(e.message().contains("nested more than"), "{}", e.message());
        let deep: String = (0..200)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let e = read(&deep).expect_err("too deep");
        assert!(e.message().contains("nested more than"), "{}", e.message());
        let e = read("key: &a 1\nother: *a\n").expect_err("anchor");
        assert!(e.message().contains("anchor"), "{}", e.message());
        assert!(read("- a\n- b\n").is_err());
        assert!(
            read("ignored: [DL3008]\nignored: [DL3009]\n").is_err(),
            "duplicate key"
        );
    }

    #[test]
    fn discovery_follows_hadolints_order() {
        let dir = tempfile::tempdir().expect("temp");
        let home = dir.path().join("home");
        let repo = dir.path().join("repo");
        let work = repo.join("sub");
        std::fs::create_dir_all(home.join(".config")).expect("mkdir");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::create_dir_all(&work).expect("mkdir");
        let env = |k: &str| (k == "HOME").then(|| home.display().to_string());
        assert_eq!(discover(&work, &env), None);
        std::fs::write(home.join(".hadolint.yaml"), "ignored: []\n").expect("write");
        assert_eq!(discover(&work, &env), Some(home.join(".hadolint.yaml")));
        std::fs::write(home.join(".config/hadolint.yml"), "ignored: []\n").expect("write");
        assert_eq!(
            discover(&work, &env),
            Some(home.join(".config/hadolint.yml"))
        );
        // the repository's own file wins over the user's, found from a subfolder too
        std::fs::write(repo.join(".hadolint.yaml"), "ignored: []\n").expect("write");
        assert_eq!(discover(&work, &env), Some(repo.join(".hadolint.yaml")));
        std::fs::write(work.join(".hadolint.yml"), "ignored: []\n").expect("write");
        assert_eq!(discover(&work, &env), Some(work.join(".hadolint.yml")));
    }
}
