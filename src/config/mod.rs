//! config: where settings come from and what they add up to. Finds `dockhand.toml` /
//! `.dockhand.toml`, reads it with byte spans, reads `DOCKHAND_*` variables and the CLI's
//! options, and resolves them (defaults < file < environment < command line) into `Resolved`,
//! which remembers where every setting came from.
//!
//! This layer knows rules only through two things the caller passes in: a `known_rule` lookup
//! (code or kebab-case name → canonical code) and the `all_rules` table (code, default severity,
//! on by default). It never reads Dockerfiles, never prints and never exits; every problem is a
//! `ConfigError` that points at the offending text.
//!
//! Rule options are the exception: each rule declares its options struct (`rules::options`),
//! and `[rules.<name>]` tables are checked against the fields of the rule the canonical code
//! names in the rule registry (`option_fields`).
//!
//! Files: `file.rs` (TOML → `FileConfig`), `env.rs` (variables and CLI values), `resolve.rs`
//! (precedence, per-path overrides, `describe`), `select.rs` (selectors → rule states),
//! `error.rs` (errors and suggestions).

mod env;
mod error;
mod file;
mod fix;
pub mod hadolint;
pub mod hadolint_toml;
mod resolve;
mod select;

pub use env::{
    from_env, CliConfig, EnvConfig, ENV_CONFIG, ENV_EXTEND_SELECT, ENV_FAILURE_THRESHOLD,
    ENV_IGNORE, ENV_NO_CONFIG, ENV_SELECT,
};
pub use error::{ConfigError, InvalidConfig};
pub use file::{load, load_str, FileConfig, FixConfig, OverrideConfig, Selection, SeverityEntry};
pub use fix::FixSettings;
pub use resolve::{
    resolve, ConfigSource, PathSettings, Resolved, ResolvedOverride, RuleState, Setting,
};

use crate::span::{Span, Spanned};
pub(crate) use error::suggest_rule;
use error::{Problem, SourceKind, SourceText};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Config file names, in the order they win when both sit in one directory.
pub const FILE_NAMES: [&str; 2] = ["dockhand.toml", ".dockhand.toml"];

/// Maps a rule code or kebab-case name to its canonical code (`"unpinned-base-image"` →
/// `Some("DH401")`), `None` if there is no such rule.
pub type KnownRule<'a> = &'a dyn Fn(&str) -> Option<&'static str>;

/// Finds the config file for `start` (the working directory, or for stdin the directory of
/// `--stdin-filename`): walks up from `start` and returns the first directory's `dockhand.toml`
/// or, failing that, `.dockhand.toml`. The walk stops after the repository root (the first
/// directory that contains a `.git` file or directory) or at the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// What a `select` / `ignore` / `extend-select` entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `ALL`: every rule, including those that are off by default.
    All,
    /// A code prefix such as `DH` or `DH4` or `DH40`: the rules whose code starts with it that
    /// are on by default.
    Prefix(String),
    /// One rule, given by code or name, stored as its canonical code.
    Rule(&'static str),
}

impl Selector {
    /// Ordering used when one layer has several selectors: less specific ones apply first, so
    /// `select = ["ALL"], ignore = ["DH4"], extend-select = ["DH401"]` keeps DH401 on.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Prefix(p) => f.write_str(p),
            Selector::Rule(c) => f.write_str(c),
        }
    }
}

/// Where a setting came from, shown by `dockhand config`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Built-in default.
    Default,
    /// A config file (as shown to the user) and the 1-based line of the key or value.
    File { path: String, line: usize },
    /// An environment variable.
    Env(&'static str),
    /// A command-line option, such as `--select`.
    Cli(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File { path, line } => write!(f, "{path}:{line}"),
            Origin::Env(var) => write!(f, "env {var}"),
            Origin::Cli(opt) => write!(f, "command line {opt}"),
        }
    }
}

/// A list of selectors from one key, variable or option, with the text they were read from.
#[derive(Debug, Clone)]
pub struct SelectorList {
    /// The entries in order, each with its span in the source text.
    pub items: Vec<Spanned<Selector>>,
    /// Span of the key (`select`) in a file, or of the whole value for a variable or option.
    pub key_span: Span,
    pub(crate) src: Arc<SourceText>,
}

impl SelectorList {
    /// Where this list as a whole was set.
    pub fn origin(&self) -> Origin {
        origin_at(&self.src, self.key_span)
    }

    /// Where one entry was set.
    pub fn origin_of(&self, item: &Spanned<Selector>) -> Origin {
        origin_at(&self.src, item.span)
    }
}

pub(crate) fn origin_at(src: &SourceText, span: Span) -> Origin {
    match src.kind {
        SourceKind::File => Origin::File {
            path: src.name.clone(),
            line: src.line_of(span.start),
        },
        SourceKind::Env(var) => Origin::Env(var),
        SourceKind::Cli(opt) => Origin::Cli(opt),
    }
}

/// Reads one selector. `where_` names the key, variable or option for messages.
pub(crate) fn parse_selector(
    text: &str,
    span: Span,
    where_: &str,
    known_rule: KnownRule<'_>,
) -> Result<Spanned<Selector>, Problem> {
    if text == "ALL" {
        return Ok(Spanned::new(Selector::All, span));
    }
    if let Some(code) = known_rule(text) {
        return Ok(Spanned::new(Selector::Rule(code), span));
    }
    let upper = text.to_ascii_uppercase();
    // DH codes have 3 digits; hadolint's DL and ShellCheck's SC codes have 4
    for (family, width) in [("DH", 3), ("DL", 4), ("SC", 4)] {
        if let Some(digits) = upper.strip_prefix(family) {
            if digits.len() < width && digits.chars().all(|c| c.is_ascii_digit()) {
                return Ok(Spanned::new(Selector::Prefix(upper), span));
            }
        }
    }
    let help = match suggest_rule(text, known_rule) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None if text.eq_ignore_ascii_case("all") => Some("did you mean `ALL`?".to_string()),
        None => Some(
            "use a rule code (`DH401`), a code prefix (`DH4`, `DL30`, `SC`), a rule name or `ALL`"
                .to_string(),
        ),
    };
    Err(Problem::new(
        span,
        format!("unknown rule `{text}` in {where_}"),
        "no rule has this code or name",
    )
    .help(help))
}

/// Options of one rule, as `[rules.<name>]` tables. Kept as JSON, the format-neutral shape the
/// rule's own options struct deserializes from (STYLE §3); keys and value kinds are checked
/// against the rule's declared fields (`option_fields`) when the file is read, so that mistakes
/// point into the config file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOptions {
    /// Canonical rule code → `{ option: value }`.
    pub by_rule:
        std::collections::BTreeMap<&'static str, serde_json::Map<String, serde_json::Value>>,
    /// Where each rule's table was set.
    pub origins: std::collections::BTreeMap<&'static str, Origin>,
    /// `[labels]` (or hadolint's `label-schema` / `strict-labels`): the label schema that
    /// DL3049-DL3058 share.
    pub labels: Option<LabelSettings>,
}

/// The label schema of `[labels]`, for the label rules (DL3049-DL3058).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSettings {
    /// Label name → type, in file order.
    pub schema: Vec<(String, crate::rules::label_schema::LabelType)>,
    /// `strict`: labels outside the schema are findings (DL3050).
    pub strict: bool,
    /// Where the table (or hadolint's key) is.
    pub origin: Origin,
}

/// A named rule set that replaces the built-in defaults (`preset = "hadolint"`, `--preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// hadolint's default rules (every DL code it runs, through its rule or alias) with
    /// hadolint's severities.
    Hadolint,
}

impl Preset {
    pub const NAMES: &'static [&'static str] = &["hadolint"];

    pub fn parse(s: &str) -> Option<Preset> {
        s.eq_ignore_ascii_case("hadolint")
            .then_some(Preset::Hadolint)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Hadolint => "hadolint",
        }
    }

    /// The rules the preset turns on (canonical codes), each with its severity.
    pub fn rules(self) -> Vec<(&'static str, crate::diagnostic::Severity)> {
        match self {
            Preset::Hadolint => crate::rules::presets::hadolint(),
        }
    }
}

/// The label rules that need a schema, and DL3050, which needs `strict` (hadolint's codes).
pub const LABEL_SCHEMA_RULES: &[&str] = &[
    "DL3049", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058",
];
pub const STRICT_LABELS_RULE: &str = "DL3050";

impl RuleOptions {
    /// The options table of a rule, if the config has one.
    pub fn get(&self, code: &str) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.by_rule.get(code)
    }

    /// A list-of-strings option, if set.
    pub fn strings(&self, code: &str, option: &str) -> Option<Vec<String>> {
        let list = self.get(code)?.get(option)?.as_array()?;
        Some(
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        )
    }

    /// The options as the linter takes them, each rule's table read into its options struct.
    /// Cannot fail for options read by `load`, which checked them against the same structs.
    pub fn to_lint(&self) -> Result<crate::rules::RuleOptions, String> {
        let mut out = crate::rules::RuleOptions::default();
        for (code, table) in &self.by_rule {
            if option_fields(code).is_some() {
                out.set(code, serde_json::Value::Object(table.clone()))?;
            }
        }
        if let Some(l) = &self.labels {
            out.set_shared(crate::rules::label_schema::LabelSchema {
                labels: l.schema.clone(),
                strict: l.strict,
            });
        }
        Ok(out)
    }
}

/// The name and option fields of the rule with canonical code `code`, from the rule registry;
/// `None` when the rule takes no options.
pub fn option_fields(code: &str) -> Option<(&'static str, Vec<crate::rules::OptionField>)> {
    let meta = crate::rules::find(code)?.meta();
    meta.options?;
    Some((meta.name, meta.option_fields()))
}

/// An extra base-image family from `[[images]]`: an entry of the same schema as the built-in
/// table (`dockhand_linter::model::images::schema`), and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFamilyConfig {
    pub entry: crate::model::images::ImageEntry,
    /// Where the `[[images]]` entry is.
    pub origin: Origin,
}

impl ImageFamilyConfig {
    /// The first repository the entry names (`mycorp/go-builder`).
    pub fn name(&self) -> &str {
        self.entry.names.first().map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(s: &str) -> Option<&'static str> {
        match s {
            "DH401" | "unpinned-base-image" => Some("DH401"),
            _ => None,
        }
    }

    fn sel(text: &str) -> Result<Selector, Problem> {
        parse_selector(text, Span::new(0, text.len()), "`select`", &known).map(|s| s.value)
    }

    #[test]
    fn selectors() {
        assert_eq!(sel("ALL").ok(), Some(Selector::All));
        assert_eq!(sel("DH401").ok(), Some(Selector::Rule("DH401")));
        assert_eq!(
            sel("unpinned-base-image").ok(),
            Some(Selector::Rule("DH401"))
        );
        assert_eq!(sel("DH").ok(), Some(Selector::Prefix("DH".into())));
        assert_eq!(sel("SC").ok(), Some(Selector::Prefix("SC".into())));
        assert_eq!(sel("dl30").ok(), Some(Selector::Prefix("DL30".into())));
        assert!(sel("SC20866").is_err());
        assert_eq!(sel("DH4").ok(), Some(Selector::Prefix("DH4".into())));
        assert_eq!(sel("dh40").ok(), Some(Selector::Prefix("DH40".into())));
        let e = sel("DH999").expect_err("unknown code");
        assert_eq!(e.message, "unknown rule `DH999` in `select`");
        assert_eq!(e.label, "no rule has this code or name");
        assert!(sel("DH4x").is_err());
        assert!(sel("").is_err());
    }

    #[test]
    fn specificity_orders_selectors() {
        let order = [
            Selector::All,
            Selector::Prefix("DH".into()),
            Selector::Prefix("DH4".into()),
            Selector::Prefix("DH40".into()),
            Selector::Rule("DH401"),
        ];
        assert!(order
            .windows(2)
            .all(|w| w[0].specificity() < w[1].specificity()));
    }

    #[test]
    fn origins_display() {
        let file = Origin::File {
            path: "dockhand.toml".into(),
            line: 3,
        };
        assert_eq!(file.to_string(), "dockhand.toml:3");
        assert_eq!(Origin::Default.to_string(), "default");
        assert_eq!(
            Origin::Env("DOCKHAND_SELECT").to_string(),
            "env DOCKHAND_SELECT"
        );
        assert_eq!(Origin::Cli("--select").to_string(), "command line --select");
    }
}
