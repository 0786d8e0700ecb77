//! config file: reads `dockhand.toml` into a `FileConfig`, keeping the byte span of every key
//! and value. Every unknown key, wrong type, bad severity, bad glob or unknown rule is reported
//! against its place in the file; nothing is skipped silently. No precedence is applied here.

use super::error::{did_you_mean, Problem, SourceText};
use super::{
    origin_at, parse_selector, ConfigError, ImageFamilyConfig, KnownRule, Origin, RuleOptions,
    Selector, SelectorList,
};
use crate::diagnostic::Severity;
use crate::model::images::schema;
use crate::model::role::ImageRole;
use crate::span::{Span, Spanned};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::{DeString, DeTable, DeValue};

type TSpanned<T> = toml::Spanned<T>;

mod fix;
mod rule_options;

pub use fix::FixConfig;

const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "extend-select",
    "severity",
    "failure-threshold",
    "exclude",
    "overrides",
    "rules",
    "images",
    "fix",
    "labels",
    "preset",
    "image-role",
];
const LABEL_KEYS: &[&str] = &["schema", "strict"];
const OVERRIDE_KEYS: &[&str] = &[
    "files",
    "select",
    "ignore",
    "extend-select",
    "severity",
    "image-role",
];
const THRESHOLDS: &[&str] = &["error", "warning", "info", "style", "none"];
const SEVERITIES: &[&str] = &["error", "warning", "info", "style"];

/// One `[severity]` entry: `DH402 = "warning"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityEntry {
    /// Canonical code; the span is the key's.
    pub rule: Spanned<&'static str>,
    pub severity: Spanned<Severity>,
}

/// The rule-selection keys, shared by the top level and `[[overrides]]`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<SelectorList>,
    pub ignore: Option<SelectorList>,
    pub extend_select: Option<SelectorList>,
    pub severity: Vec<SeverityEntry>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.select.is_none()
            && self.ignore.is_none()
            && self.extend_select.is_none()
            && self.severity.is_empty()
    }
}

/// One `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub struct OverrideConfig {
    /// Span of the `[[overrides]]` header (or inline table).
    pub span: Span,
    /// Globs relative to the config file's directory.
    pub files: Vec<Spanned<glob::Pattern>>,
    pub selection: Selection,
    /// `image-role` for the files the override matches.
    pub image_role: Option<Spanned<ImageRole>>,
}

/// A config file as written, validated, with spans. `resolve` layers it with the rest.
#[derive(Debug, Clone)]
pub struct FileConfig {
    pub path: PathBuf,
    pub selection: Selection,
    /// `None` inside means `"none"`: never fail.
    pub failure_threshold: Option<Spanned<Option<Severity>>>,
    pub exclude: Vec<Spanned<glob::Pattern>>,
    pub overrides: Vec<OverrideConfig>,
    pub rule_options: RuleOptions,
    pub images: Vec<ImageFamilyConfig>,
    /// Set when the file is hadolint's `.hadolint.yaml`: what it says beyond these keys.
    pub hadolint: Option<super::hadolint::HadolintSettings>,
    pub fix: FixConfig,
    /// `preset = "hadolint"`.
    pub preset: Option<Spanned<super::Preset>>,
    /// `image-role`: what the final images are for (`base`: meant to be built on; `test`: a
    /// test fixture, which ships no image).
    pub image_role: Option<Spanned<ImageRole>>,
    pub(crate) src: Arc<SourceText>,
}

impl FileConfig {
    /// A file that sets nothing, to be filled in by a reader.
    pub(crate) fn empty(path: &Path, src: Arc<SourceText>) -> FileConfig {
        FileConfig {
            path: path.to_path_buf(),
            selection: Selection::default(),
            failure_threshold: None,
            exclude: Vec::new(),
            overrides: Vec::new(),
            rule_options: RuleOptions::default(),
            images: Vec::new(),
            fix: FixConfig::default(),
            hadolint: None,
            preset: None,
            image_role: None,
            src,
        }
    }

    /// `path:line` of a span in this file.
    pub fn origin(&self, span: Span) -> Origin {
        origin_at(&self.src, span)
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.src.text
    }
}

/// Reads and validates a config file. `known_rule` maps a rule code or name to its canonical
/// code. All problems in the file are returned together: the first as the main error, the
/// others as related ones.
pub fn load(path: &Path, known_rule: KnownRule<'_>) -> Result<FileConfig, ConfigError> {
    load_named(path, &path.display().to_string(), known_rule)
}

/// Validates config text that did not come from a file (fuzzing, tests, editors): `name` is
/// shown in errors and origins and is also taken as the file's path.
pub fn load_str(
    name: &str,
    text: String,
    known_rule: KnownRule<'_>,
) -> Result<FileConfig, ConfigError> {
    parse(Path::new(name), name, text, known_rule)
}

/// Configuration files larger than this are refused (real ones are a few kilobytes).
pub const MAX_CONFIG_SIZE: u64 = 4 * 1024 * 1024;

/// `load`, showing the file as `name` in errors and origins.
pub(crate) fn load_named(
    path: &Path,
    name: &str,
    known_rule: KnownRule<'_>,
) -> Result<FileConfig, ConfigError> {
    if super::hadolint::is_yaml(path) {
        return super::hadolint::load(path, name, known_rule);
    }
    // Only a regular file, read up to a limit: a config named by `--config` or found in a
    // repository under review may be a FIFO, a device or a symlink to one.
    let read_error = |message: String| ConfigError::Read {
        path: path.to_path_buf(),
        help: None,
        source: std::io::Error::other(message),
    };
    let bytes = crate::source::read_regular(path, MAX_CONFIG_SIZE).map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|_| read_error("not UTF-8 text".to_string()))?;
    parse(path, name, text, known_rule)
}

/// Validates config text that was read from `path` (shown as `name`).
pub(crate) fn parse(
    path: &Path,
    name: &str,
    text: String,
    known_rule: KnownRule<'_>,
) -> Result<FileConfig, ConfigError> {
    let src = SourceText::file(name, text, path);
    let root = match DeTable::parse(&src.text) {
        Ok(t) => t,
        Err(e) => {
            let span = e
                .span()
                .map(|r| Span::new(r.start, r.end))
                .unwrap_or_default();
            let message = e.message().to_string();
            return Err(src.error(Problem::new(
                span,
                format!("invalid TOML in {name}"),
                message,
            )));
        }
    };
    let mut r = Reader {
        src: &src,
        known_rule,
        problems: Vec::new(),
    };
    let mut cfg = FileConfig::empty(path, src.clone());
    let mut labels = None;
    for (key, value) in entries(root.get_ref()) {
        let k: &str = key.get_ref();
        if r.selection_key(&mut cfg.selection, key, value) {
            continue;
        }
        match k {
            "failure-threshold" => {
                if let Some(s) = r.string(key, value) {
                    match parse_threshold(&s.value) {
                        Some(t) => cfg.failure_threshold = Some(Spanned::new(t, s.span)),
                        None => r.problems.push(
                            Problem::new(
                                s.span,
                                format!("unknown failure threshold `{}`", s.value),
                                "not a severity or `none`",
                            )
                            .help(did_you_mean(&s.value, THRESHOLDS.iter().copied())),
                        ),
                    }
                }
            }
            "exclude" => cfg.exclude = r.globs(key, value),
            "overrides" => cfg.overrides = r.overrides(key, value),
            "rules" => cfg.rule_options = r.rule_options(key, value),
            "images" => cfg.images = r.images(key, value),
            "fix" => cfg.fix = r.fix_table(key, value),
            "labels" => labels = r.labels(key, value),
            "preset" => {
                if let Some(s) = r.string(key, value) {
                    match super::Preset::parse(&s.value) {
                        Some(p) => cfg.preset = Some(Spanned::new(p, s.span)),
                        None => r.problems.push(
                            Problem::new(
                                s.span,
                                format!("unknown preset `{}`", s.value),
                                "not a preset",
                            )
                            .help(
                                did_you_mean(&s.value, super::Preset::NAMES.iter().copied()).or(
                                    Some(format!(
                                        "the presets are: {}",
                                        super::Preset::NAMES.join(", ")
                                    )),
                                ),
                            ),
                        ),
                    }
                }
            }
            "image-role" => cfg.image_role = r.image_role(key, value),
            _ => r.unknown_key(key, "", TOP_KEYS),
        }
    }
    cfg.rule_options.labels = labels;
    match src.errors(r.problems) {
        Some(e) => Err(e),
        None => Ok(cfg),
    }
}

fn parse_threshold(s: &str) -> Option<Option<Severity>> {
    if s.eq_ignore_ascii_case("none") {
        Some(None)
    } else {
        Severity::parse(s).map(Some)
    }
}

/// A table's entries in file order (the parsed table is sorted by key).
fn entries<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t TSpanned<DeString<'i>>, &'t TSpanned<DeValue<'i>>)> {
    let mut v: Vec<_> = table.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

fn span_of<T>(s: &TSpanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

struct Reader<'a> {
    src: &'a Arc<SourceText>,
    known_rule: KnownRule<'a>,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    /// `[labels]`: `schema` (label name → type) and `strict`.
    fn labels(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Option<super::LabelSettings> {
        use crate::rules::label_schema::LabelType;
        let table = self.table(key.get_ref(), value)?;
        let mut out = super::LabelSettings {
            schema: Vec::new(),
            strict: false,
            origin: origin_at(self.src, span_of(key)),
        };
        for (k, v) in entries(table) {
            match k.get_ref().as_ref() {
                "strict" => match v.get_ref() {
                    DeValue::Boolean(b) => out.strict = *b,
                    _ => self.wrong_type("strict", v, "a boolean"),
                },
                "schema" => {
                    let Some(schema) = self.table("labels.schema", v) else {
                        continue;
                    };
                    for (label, ty) in entries(schema) {
                        let name: &str = label.get_ref();
                        let Some(t) = self.string(label, ty) else {
                            continue;
                        };
                        match LabelType::parse(&t.value) {
                            Some(lt) => out.schema.push((name.to_string(), lt)),
                            None => self.problems.push(
                                Problem::new(
                                    t.span,
                                    format!("unknown label type `{}` for `{name}`", t.value),
                                    "not a label type",
                                )
                                .help(
                                    did_you_mean(&t.value, LabelType::NAMES.iter().copied()).or(
                                        Some(format!(
                                            "the types are: {}",
                                            LabelType::NAMES.join(", ")
                                        )),
                                    ),
                                ),
                            ),
                        }
                    }
                }
                _ => self.unknown_key(k, "[labels]", LABEL_KEYS),
            }
        }
        Some(out)
    }

    fn unknown_key(&mut self, key: &TSpanned<DeString<'_>>, table: &str, allowed: &[&str]) {
        let k: &str = key.get_ref();
        let where_ = if table.is_empty() {
            String::new()
        } else {
            format!(" in `{table}`")
        };
        self.problems.push(
            Problem::new(
                span_of(key),
                format!("unknown key `{k}`{where_}"),
                "unknown key",
            )
            .help(did_you_mean(k, allowed.iter().copied())),
        );
    }

    fn wrong_type(&mut self, key: &str, value: &TSpanned<DeValue<'_>>, expected: &str) {
        self.problems.push(Problem::new(
            span_of(value),
            format!(
                "`{key}` must be {expected}, found {}",
                value.get_ref().type_str()
            ),
            format!("expected {expected}"),
        ));
    }

    fn string(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Option<Spanned<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(s.to_string(), span_of(value))),
            _ => {
                self.wrong_type(key.get_ref(), value, "a string");
                None
            }
        }
    }

    fn strings(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Option<Vec<Spanned<String>>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key.get_ref(), value, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(s.to_string(), span_of(item))),
                other => {
                    ok = false;
                    self.problems.push(Problem::new(
                        span_of(item),
                        format!(
                            "`{}` must be an array of strings, found {} in it",
                            key.get_ref(),
                            other.type_str()
                        ),
                        "expected a string",
                    ));
                }
            }
        }
        ok.then_some(out)
    }

    fn table<'v>(
        &mut self,
        key: &str,
        value: &'v TSpanned<DeValue<'_>>,
    ) -> Option<&'v DeTable<'v>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, value, "a table");
                None
            }
        }
    }

    /// The tables of an array of tables (`[[key]]`).
    fn tables<'v>(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &'v TSpanned<DeValue<'_>>,
    ) -> Vec<(Span, &'v DeTable<'v>)> {
        let k: &str = key.get_ref();
        let DeValue::Array(items) = value.get_ref() else {
            self.problems.push(
                Problem::new(
                    span_of(value),
                    format!(
                        "`{k}` must be an array of tables, found {}",
                        value.get_ref().type_str()
                    ),
                    "expected an array of tables",
                )
                .help(Some(format!("write each entry as `[[{k}]]`"))),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((span_of(item), t)),
                other => self.problems.push(Problem::new(
                    span_of(item),
                    format!(
                        "`{k}` must be an array of tables, found {} in it",
                        other.type_str()
                    ),
                    "expected a table",
                )),
            }
        }
        out
    }

    /// The text of a string value exactly as written, if it has no escapes, so that an offset
    /// into the value is an offset into the file.
    fn literal_start(&self, s: &Spanned<String>) -> Option<usize> {
        let raw = self.src.text.get(s.span.start..s.span.end)?;
        let inner = raw.get(1..raw.len().checked_sub(1)?)?;
        (inner == s.value).then_some(s.span.start + 1)
    }

    fn globs(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Vec<Spanned<glob::Pattern>> {
        let Some(items) = self.strings(key, value) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in items {
            match compile_glob(&s.value) {
                Ok(p) => out.push(Spanned::new(p, s.span)),
                Err((pos, msg)) => {
                    // Point at the offending character when the string has no escapes.
                    let span = self
                        .literal_start(&s)
                        .and_then(|start| {
                            let (off, c) = s.value.char_indices().nth(pos)?;
                            Some(Span::new(start + off, start + off + c.len_utf8()))
                        })
                        .unwrap_or(s.span);
                    self.problems.push(
                        Problem::new(span, format!("invalid glob `{}`", s.value), msg).help(Some(
                            "`*` matches within one path component, `**` matches any \
                                 number of components and must stand alone between `/`"
                                .to_string(),
                        )),
                    );
                }
            }
        }
        out
    }

    fn selectors(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Option<SelectorList> {
        let k: &str = key.get_ref();
        let items = self.strings(key, value)?;
        let mut out = Vec::new();
        for s in items {
            match parse_selector(&s.value, s.span, &format!("`{k}`"), self.known_rule) {
                Ok(sel) => out.push(sel),
                Err(p) => self.problems.push(p),
            }
        }
        Some(SelectorList {
            items: out,
            key_span: span_of(key),
            src: Arc::clone(self.src),
        })
    }

    /// Handles `select`, `ignore`, `extend-select` and `severity`; false for any other key.
    fn selection_key(
        &mut self,
        sel: &mut Selection,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> bool {
        let k: &str = key.get_ref();
        match k {
            "select" => sel.select = self.selectors(key, value),
            "ignore" => sel.ignore = self.selectors(key, value),
            "extend-select" => sel.extend_select = self.selectors(key, value),
            "severity" => sel.severity = self.severities(value),
            _ => return false,
        }
        true
    }

    fn severities(&mut self, value: &TSpanned<DeValue<'_>>) -> Vec<SeverityEntry> {
        let Some(table) = self.table("severity", value) else {
            return Vec::new();
        };
        let mut out: Vec<SeverityEntry> = Vec::new();
        for (key, v) in entries(table) {
            let k: &str = key.get_ref();
            let code = match parse_selector(k, span_of(key), "`severity`", self.known_rule) {
                Ok(Spanned {
                    value: Selector::Rule(code),
                    ..
                }) => code,
                Ok(other) => {
                    self.problems.push(
                        Problem::new(
                            span_of(key),
                            format!("`severity` keys must name one rule, not `{}`", other.value),
                            "not a single rule",
                        )
                        .help(Some(
                            "give a rule code such as `DH401` or a rule name".into(),
                        )),
                    );
                    continue;
                }
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            let Some(s) = self.string(key, v) else {
                continue;
            };
            let Some(severity) = Severity::parse(&s.value) else {
                let help = if s.value.eq_ignore_ascii_case("none")
                    || s.value.eq_ignore_ascii_case("off")
                {
                    Some("to turn a rule off, add it to `ignore`".to_string())
                } else {
                    did_you_mean(&s.value, SEVERITIES.iter().copied())
                };
                self.problems.push(
                    Problem::new(
                        s.span,
                        format!("unknown severity `{}` for `{k}`", s.value),
                        "not a severity",
                    )
                    .help(help),
                );
                continue;
            };
            if let Some(prev) = out.iter().find(|e| e.rule.value == code) {
                let line = self.src.line_of(prev.rule.span.start);
                self.problems.push(Problem::new(
                    span_of(key),
                    format!("severity of `{code}` is set twice"),
                    format!("already set on line {line}"),
                ));
                continue;
            }
            out.push(SeverityEntry {
                rule: Spanned::new(code, span_of(key)),
                severity: Spanned::new(severity, s.span),
            });
        }
        out
    }

    /// `image-role = "auto" | "base" | "application" | "test"`.
    fn image_role(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Option<Spanned<ImageRole>> {
        let s = self.string(key, value)?;
        match ImageRole::from_name(&s.value) {
            Some(role) => Some(Spanned::new(role, s.span)),
            None => {
                self.problems.push(
                    Problem::new(
                        s.span,
                        format!("unknown image role `{}`", s.value),
                        "not `auto`, `base` or `application`",
                    )
                    .help(
                        did_you_mean(&s.value, ImageRole::NAMES.iter().copied()).or(Some(
                            "`base`: the final images are meant to be built on; \
                             `application`: they are run as they are; `auto`: decide from \
                             each Dockerfile"
                                .to_string(),
                        )),
                    ),
                );
                None
            }
        }
    }

    fn overrides(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Vec<OverrideConfig> {
        let mut out = Vec::new();
        for (span, table) in self.tables(key, value) {
            let mut ov = OverrideConfig {
                span,
                files: Vec::new(),
                selection: Selection::default(),
                image_role: None,
            };
            let mut has_files = false;
            for (k, v) in entries(table) {
                if self.selection_key(&mut ov.selection, k, v) {
                    continue;
                }
                if k.get_ref() == "files" {
                    has_files = true;
                    ov.files = self.globs(k, v);
                    if ov.files.is_empty()
                        && matches!(v.get_ref(), DeValue::Array(a) if a.is_empty())
                    {
                        self.problems.push(Problem::new(
                            span_of(v),
                            "`files` of an override is empty",
                            "matches no file",
                        ));
                    }
                } else if k.get_ref() == "image-role" {
                    ov.image_role = self.image_role(k, v);
                } else {
                    self.unknown_key(k, "[[overrides]]", OVERRIDE_KEYS);
                }
            }
            if !has_files {
                self.problems.push(
                    Problem::new(
                        span,
                        "override without `files`",
                        "this override has no `files`",
                    )
                    .help(Some(
                        "add `files = [\"some/dir/**\"]` to say which Dockerfiles it applies to"
                            .into(),
                    )),
                );
            }
            out.push(ov);
        }
        out
    }

    fn images(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> Vec<ImageFamilyConfig> {
        let mut out: Vec<ImageFamilyConfig> = Vec::new();
        let mut seen: Vec<(String, Span)> = Vec::new();
        for (span, table) in self.tables(key, value) {
            let keys = schema_table(table);
            let (entry, problems) = schema::read_entry(&keys, (span.start, span.end));
            for p in problems {
                let help = p.help.or_else(|| {
                    p.suggest
                        .as_ref()
                        .and_then(|(word, choices)| did_you_mean(word, choices.iter().copied()))
                });
                self.problems.push(
                    Problem::new(Span::new(p.span.0, p.span.1), p.message, p.label).help(help),
                );
            }
            let Some(entry) = entry else {
                continue;
            };
            let name_spans = name_spans(&keys);
            let mut duplicate = false;
            for (name, name_span) in entry.names.iter().zip(name_spans) {
                if let Some((_, prev)) = seen.iter().find(|(n, _)| n == name) {
                    let line = self.src.line_of(prev.start);
                    self.problems.push(Problem::new(
                        name_span,
                        format!("image family `{name}` is defined twice"),
                        format!("already defined on line {line}"),
                    ));
                    duplicate = true;
                } else {
                    seen.push((name.clone(), name_span));
                }
            }
            if !duplicate {
                out.push(ImageFamilyConfig {
                    entry,
                    origin: origin_at(self.src, span),
                });
            }
        }
        out
    }
}

/// A TOML table as the base-image schema reads it, keys in file order.
fn schema_table(table: &DeTable<'_>) -> Vec<schema::Entry> {
    entries(table)
        .into_iter()
        .map(|(k, v)| schema::Entry {
            key: k.get_ref().to_string(),
            key_span: (k.span().start, k.span().end),
            node: schema_node(v),
        })
        .collect()
}

fn schema_node(v: &TSpanned<DeValue<'_>>) -> schema::Node {
    let value = match v.get_ref() {
        DeValue::Boolean(b) => schema::Value::Bool(*b),
        DeValue::String(s) => schema::Value::Str(s.to_string()),
        DeValue::Array(items) => schema::Value::Array(items.iter().map(schema_node).collect()),
        DeValue::Table(t) => schema::Value::Table(schema_table(t)),
        other => schema::Value::Other(other.type_str()),
    };
    schema::Node {
        value,
        span: (v.span().start, v.span().end),
    }
}

/// The span of each string of an entry's `name` (a string or a list of strings).
fn name_spans(keys: &[schema::Entry]) -> Vec<Span> {
    let Some(name) = keys.iter().find(|e| e.key == "name") else {
        return Vec::new();
    };
    let nodes = match &name.node.value {
        schema::Value::Array(items) => items.iter().collect(),
        _ => vec![&name.node],
    };
    nodes
        .into_iter()
        .map(|n| Span::new(n.span.0, n.span.1))
        .collect()
}

/// Compiles a path glob. A leading `./` or `/` anchors the glob at the config file's directory,
/// which globs are relative to anyway, so it is dropped; so is a trailing `/` (`vendor/` is
/// `vendor`, which matches a directory at any depth, as in `.gitignore`). Errors give a
/// character index into `raw`.
pub(crate) fn compile_glob(raw: &str) -> Result<glob::Pattern, (usize, String)> {
    let trimmed = raw
        .trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/');
    if trimmed.is_empty() {
        return Err((0, "empty glob".to_string()));
    }
    let skipped = raw.chars().count() - trimmed.chars().count();
    glob::Pattern::new(trimmed).map_err(|e| (e.pos + skipped, e.msg.to_string()))
}
