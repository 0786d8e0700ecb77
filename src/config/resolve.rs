//! config resolution: layers defaults < config file < environment < command line into one
//! `Resolved`, which keeps where every setting came from, answers per-path questions
//! (`for_path`, `is_excluded`) and prints itself for `dockhand config` (`describe`).
//!
//! Rule selection follows ruff. Each layer may have `select`, `extend-select` and `ignore`.
//! Within a layer, selectors apply from least to most specific (`ALL` < `DH` < `DH4` < `DH40`
//! < one rule), with `ignore` winning a tie. A layer with `select` starts from an empty set, so
//! the highest layer that sets `select` replaces everything below it; `extend-select` and
//! `ignore` change the set they are given. `[[overrides]]` are applied right after the file's
//! top level, so the environment and the command line still win over them.

use super::env::{EnvConfig, ENV_CONFIG, ENV_FAILURE_THRESHOLD, ENV_NO_CONFIG};
use super::file::{load_named, FileConfig, Selection};
use super::select::{Expander, Layer};
use super::{
    discover, from_env, option_fields, CliConfig, ConfigError, ImageFamilyConfig, KnownRule,
    Origin, RuleOptions,
};
use crate::diagnostic::Severity;
use crate::model::role::ImageRole;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Setting { value, origin }
    }
}

/// How the config file was chosen, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// `--config PATH`.
    Cli(PathBuf),
    /// `DOCKHAND_CONFIG=PATH`.
    Env(PathBuf),
    /// Found by walking up from the working directory.
    Discovered(PathBuf),
    /// `--no-config` or `DOCKHAND_NO_CONFIG=1`.
    Disabled(Origin),
    /// No `dockhand.toml` was found, but hadolint's config file was.
    Hadolint(PathBuf),
    /// Discovery found nothing.
    NotFound,
}

impl ConfigSource {
    pub fn path(&self) -> Option<&Path> {
        match self {
            ConfigSource::Cli(p)
            | ConfigSource::Env(p)
            | ConfigSource::Discovered(p)
            | ConfigSource::Hadolint(p) => Some(p),
            ConfigSource::Disabled(_) | ConfigSource::NotFound => None,
        }
    }
}

/// The effective state of one rule, with provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleState {
    pub enabled: bool,
    /// The setting that last turned the rule on or off.
    pub enabled_origin: Origin,
    pub severity: Severity,
    pub severity_origin: Origin,
}

/// The rules that apply to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathSettings {
    /// Enabled rules only, with their severity for this file.
    pub rules: BTreeMap<&'static str, Severity>,
    /// Indexes into `Resolved::overrides` of the overrides that matched, in order.
    pub overrides: Vec<usize>,
    /// `image-role` for this file: the last matching override's that sets one, else the
    /// top level's.
    pub image_role: ImageRole,
}

impl PathSettings {
    pub fn is_enabled(&self, code: &str) -> bool {
        self.rules.contains_key(code)
    }

    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.rules.get(code).copied()
    }
}

/// One `[[overrides]]` entry, ready to apply.
#[derive(Debug, Clone)]
pub struct ResolvedOverride {
    /// Globs relative to `Resolved::base_dir`.
    pub files: Vec<glob::Pattern>,
    /// Where the `[[overrides]]` entry is.
    pub origin: Origin,
    layer: Layer,
    severity: Vec<(&'static str, Setting<Severity>)>,
    /// `image-role` for the files it matches.
    pub image_role: Option<Setting<ImageRole>>,
    summary: Vec<String>,
}

/// The effective configuration. Build it with `resolve`.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: ConfigSource,
    /// Globs in `exclude` and `[[overrides]]` are relative to this directory: the config file's,
    /// or the working directory when there is no config file.
    pub base_dir: PathBuf,
    /// Every rule of `all_rules`, on or off, for files that no override matches.
    pub rules: BTreeMap<&'static str, RuleState>,
    /// `None` means never fail.
    pub failure_threshold: Setting<Option<Severity>>,
    pub exclude: Vec<Setting<glob::Pattern>>,
    pub overrides: Vec<ResolvedOverride>,
    /// `image-role` for files no override with one matches.
    pub image_role: Setting<ImageRole>,
    pub rule_options: RuleOptions,
    pub images: Vec<ImageFamilyConfig>,
    /// Rules that stay off whatever is selected, with the reason (DH404 without registries).
    pub unavailable: BTreeMap<&'static str, String>,
    /// `[fix]`: which fixes `--fix` applies.
    pub fix: super::FixSettings,
    cwd: PathBuf,
    /// Rule states after the defaults.
    defaults: BTreeMap<&'static str, (bool, Origin)>,
    file_layer: Layer,
    env_layer: Layer,
    cli_layer: Layer,
    config_display: Option<String>,
    /// `no-fail` of a hadolint config file.
    pub exit_zero: Option<Setting<bool>>,
    /// `disable-ignore-pragma` of a hadolint config file.
    pub no_suppressions: Option<Setting<bool>>,
    /// What the config file says that is read and not applied.
    pub notes: Vec<Setting<String>>,
    /// `preset` of the config file or `--preset`: the rule set that replaced the defaults.
    pub preset: Option<Setting<super::Preset>>,
}

/// Resolves the effective configuration for a run started in `cwd`.
///
/// * `cli`: what clap parsed; `env`: a lookup for `DOCKHAND_*` variables;
/// * `known_rule`: rule code or name → canonical code;
/// * `all_rules`: every rule as (code, default severity, on by default).
///
/// The config file is `--config`, else none with `--no-config`, else `DOCKHAND_NO_CONFIG` /
/// `DOCKHAND_CONFIG`, else the one `discover(cwd)` finds.
pub fn resolve(
    cwd: &Path,
    cli: &CliConfig,
    env: &dyn Fn(&str) -> Option<String>,
    known_rule: KnownRule<'_>,
    all_rules: &[(&'static str, Severity, bool)],
) -> Result<Resolved, ConfigError> {
    let cwd = normalize(&std::path::absolute(cwd).unwrap_or_else(|_| cwd.to_path_buf()));
    let env_cfg: EnvConfig = from_env(env, known_rule)?;
    let cli_selection = cli.selection(known_rule)?;
    let cli_threshold = cli.threshold()?;

    if cli.config.is_some() && cli.no_config {
        return Err(ConfigError::Conflict {
            message: "`--config` and `--no-config` cannot be used together".into(),
            help: Some("drop one of them".into()),
        });
    }
    let source = if let Some(p) = &cli.config {
        ConfigSource::Cli(normalize(&cwd.join(p)))
    } else if cli.no_config {
        ConfigSource::Disabled(Origin::Cli("--no-config"))
    } else if env_cfg.no_config && env_cfg.config.is_some() {
        return Err(ConfigError::Conflict {
            message: format!("both {ENV_CONFIG} and {ENV_NO_CONFIG} are set"),
            help: Some("unset one of them, or pass `--config` to choose".into()),
        });
    } else if env_cfg.no_config {
        ConfigSource::Disabled(Origin::Env(ENV_NO_CONFIG))
    } else if let Some(p) = &env_cfg.config {
        ConfigSource::Env(normalize(&cwd.join(p)))
    } else {
        match discover(&cwd) {
            Some(p) => ConfigSource::Discovered(p),
            None => match super::hadolint::discover(&cwd, env) {
                Some(p) => ConfigSource::Hadolint(p),
                None => ConfigSource::NotFound,
            },
        }
    };

    let (file, config_display) = match source.path() {
        Some(path) => {
            let shown = display_path(&cwd, path);
            let file = load_named(path, &shown, known_rule).map_err(|e| match e {
                ConfigError::Read {
                    path, source: io, ..
                } => ConfigError::Read {
                    path,
                    help: match &source {
                        ConfigSource::Cli(_) => Some("the path was given with `--config`".into()),
                        ConfigSource::Env(_) => Some(format!("the path was given in {ENV_CONFIG}")),
                        _ => None,
                    },
                    source: io,
                },
                other => other,
            })?;
            (Some(file), Some(shown))
        }
        None => (None, None),
    };
    let base_dir = match source.path().and_then(Path::parent) {
        Some(dir) => normalize(dir),
        None => cwd.clone(),
    };

    // Rule defaults. A rule with a required option (untrusted-registry's `registries`) is off
    // until the option is set; once it is, the rule counts as on by default, from its table.
    let rule_options = file
        .as_ref()
        .map(|f| f.rule_options.clone())
        .unwrap_or_default();
    let mut unavailable = BTreeMap::new();
    let mut configured = BTreeSet::new();
    for &(code, _, _) in all_rules {
        let Some((name, fields)) = option_fields(code) else {
            continue;
        };
        let set = rule_options.get(code);
        let mut required = fields.iter().filter(|f| f.required).peekable();
        if required.peek().is_none() {
            continue;
        }
        match required.find(|f| !set.is_some_and(|t| t.contains_key(&f.key))) {
            Some(missing) => {
                let reason = format!("set `[rules.{name}] {}` to turn it on", missing.key);
                unavailable.insert(code, reason);
            }
            None => {
                configured.insert(code);
            }
        }
    }
    // the label rules need a schema (DL3050: strict labels), as hadolint's do
    let labels = rule_options.labels.as_ref();
    for &(code, _, _) in all_rules {
        let needs = if super::LABEL_SCHEMA_RULES.contains(&code) {
            labels.is_none_or(|l| l.schema.is_empty())
        } else if code == super::STRICT_LABELS_RULE {
            !labels.is_some_and(|l| l.strict)
        } else {
            false
        };
        if needs {
            let what = if code == super::STRICT_LABELS_RULE {
                "set `[labels] strict = true` (hadolint: `strict-labels: true`) to turn it on"
            } else {
                "set a label schema in `[labels.schema]` (hadolint: `label-schema`) to turn it on"
            };
            unavailable.insert(code, what.to_string());
        }
    }

    // A preset replaces the built-in defaults: its rules on, with its severities.
    let preset = match &cli.preset {
        Some(name) => match super::Preset::parse(name) {
            Some(p) => Some(Setting::new(p, Origin::Cli("--preset"))),
            None => {
                return Err(ConfigError::Conflict {
                    message: format!("unknown preset `{name}` given with `--preset`"),
                    help: Some(format!(
                        "the presets are: {}",
                        super::Preset::NAMES.join(", ")
                    )),
                })
            }
        },
        None => file.as_ref().and_then(|f| {
            f.preset
                .as_ref()
                .map(|p| Setting::new(p.value, f.origin(p.span)))
        }),
    };
    let preset_rules: Option<BTreeMap<&'static str, Severity>> = preset
        .as_ref()
        .map(|p| p.value.rules().into_iter().collect());

    let mut default_on = BTreeSet::new();
    let mut defaults = BTreeMap::new();
    for &(code, _, on) in all_rules {
        let (on, origin) = if let (Some(set), Some(p)) = (&preset_rules, &preset) {
            (
                set.contains_key(code) && !unavailable.contains_key(code),
                p.origin.clone(),
            )
        } else if unavailable.contains_key(code) {
            (false, Origin::Default)
        } else if configured.contains(code) {
            let origin = rule_options.origins.get(code).cloned();
            (true, origin.unwrap_or(Origin::Default))
        } else {
            (on, Origin::Default)
        };
        if on {
            default_on.insert(code);
        }
        defaults.insert(code, (on, origin));
    }
    let ex = Expander {
        all: all_rules,
        default_on,
        unavailable: &unavailable,
    };

    let file_layer = match &file {
        Some(f) => ex.layer(&f.selection)?,
        None => Layer::default(),
    };
    let env_layer = ex.layer(&env_cfg.selection)?;
    let cli_layer = ex.layer(&cli_selection)?;

    let mut overrides = Vec::new();
    if let Some(f) = &file {
        for ov in &f.overrides {
            overrides.push(ResolvedOverride {
                files: ov.files.iter().map(|p| p.value.clone()).collect(),
                origin: f.origin(ov.span),
                layer: ex.layer(&ov.selection)?,
                severity: ov
                    .selection
                    .severity
                    .iter()
                    .map(|e| {
                        (
                            e.rule.value,
                            Setting::new(e.severity.value, f.origin(e.severity.span)),
                        )
                    })
                    .collect(),
                image_role: ov
                    .image_role
                    .as_ref()
                    .map(|r| Setting::new(r.value, f.origin(r.span))),
                summary: summarize(&ov.selection, f),
            });
        }
    }

    let mut failure_threshold = Setting::new(Some(Severity::Warning), Origin::Default);
    if let Some(t) = file.as_ref().and_then(|f| f.failure_threshold.as_ref()) {
        failure_threshold = Setting::new(t.value, file_origin(&file, t.span));
    }
    if let Some(t) = env_cfg.failure_threshold {
        failure_threshold = Setting::new(t, Origin::Env(ENV_FAILURE_THRESHOLD));
    }
    if let Some(t) = cli_threshold {
        failure_threshold = Setting::new(t, Origin::Cli("--failure-threshold"));
    }

    let mut resolved = Resolved {
        config: source,
        base_dir,
        rules: BTreeMap::new(),
        failure_threshold,
        exclude: file
            .as_ref()
            .map(|f| {
                f.exclude
                    .iter()
                    .map(|p| Setting::new(p.value.clone(), f.origin(p.span)))
                    .collect()
            })
            .unwrap_or_default(),
        overrides,
        image_role: file
            .as_ref()
            .and_then(|f| {
                f.image_role
                    .as_ref()
                    .map(|r| Setting::new(r.value, f.origin(r.span)))
            })
            .unwrap_or(Setting::new(ImageRole::Auto, Origin::Default)),
        rule_options,
        images: file.as_ref().map(|f| f.images.clone()).unwrap_or_default(),
        unavailable: unavailable.clone(),
        fix: super::FixSettings::new(file.as_ref(), all_rules),
        cwd,
        defaults,
        file_layer,
        env_layer,
        cli_layer,
        config_display,
        exit_zero: None,
        no_suppressions: None,
        notes: Vec::new(),
        preset: preset.clone(),
    };
    if let Some(f) = &file {
        if let Some(h) = &f.hadolint {
            let setting = |b: &crate::span::Spanned<bool>| Setting::new(b.value, f.origin(b.span));
            resolved.exit_zero = h.exit_zero.as_ref().map(setting);
            resolved.no_suppressions = h.no_suppressions.as_ref().map(setting);
            resolved.notes = h
                .notes
                .iter()
                .map(|(n, span)| Setting::new(n.clone(), f.origin(*span)))
                .collect();
        }
    }

    let enabled = resolved.selection(&[]);
    let mut severities: BTreeMap<&'static str, Setting<Severity>> = all_rules
        .iter()
        .map(|&(c, s, _)| {
            let preset_sev = preset_rules
                .as_ref()
                .and_then(|m| m.get(c))
                .zip(preset.as_ref());
            match preset_sev {
                Some((ps, p)) => (c, Setting::new(*ps, p.origin.clone())),
                None => (c, Setting::new(s, Origin::Default)),
            }
        })
        .collect();
    if let Some(f) = &file {
        for e in &f.selection.severity {
            if let Some(slot) = severities.get_mut(e.rule.value) {
                *slot = Setting::new(e.severity.value, f.origin(e.severity.span));
            }
        }
    }
    resolved.rules = enabled
        .into_iter()
        .map(|(code, (on, origin))| {
            let sev = severities
                .remove(code)
                .unwrap_or(Setting::new(Severity::Warning, Origin::Default));
            (
                code,
                RuleState {
                    enabled: on,
                    enabled_origin: origin,
                    severity: sev.value,
                    severity_origin: sev.origin,
                },
            )
        })
        .collect();
    Ok(resolved)
}

fn file_origin(file: &Option<FileConfig>, span: crate::span::Span) -> Origin {
    file.as_ref().map_or(Origin::Default, |f| f.origin(span))
}

fn summarize(sel: &Selection, f: &FileConfig) -> Vec<String> {
    let mut out = Vec::new();
    let lists = [
        ("select", &sel.select),
        ("extend-select", &sel.extend_select),
        ("ignore", &sel.ignore),
    ];
    for (key, list) in lists {
        if let Some(l) = list {
            let items: Vec<String> = l.items.iter().map(|s| s.value.to_string()).collect();
            out.push(format!("{key} = [{}]  ({})", items.join(", "), l.origin()));
        }
    }
    for e in &sel.severity {
        out.push(format!(
            "severity {} = {}  ({})",
            e.rule.value,
            e.severity.value,
            f.origin(e.severity.span)
        ));
    }
    out
}

/// `path` relative to `cwd` when it is inside it, as the user would type it.
fn display_path(cwd: &Path, path: &Path) -> String {
    match path.strip_prefix(cwd) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// Removes `.` and folds `..` without touching the filesystem (the file may be stdin's).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `pattern/**`, built once per pattern.
fn subtree(pattern: &glob::Pattern) -> Option<glob::Pattern> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<glob::Pattern>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = cache.get(pattern.as_str()) {
        return s.clone();
    }
    let s = glob::Pattern::new(&format!("{}/**", pattern.as_str())).ok();
    cache.insert(pattern.as_str().to_string(), s.clone());
    s
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// gitignore-like matching: a glob with a `/` matches the path relative to the base directory
/// or any of its parent directories (so `vendor/**` and `vendor/*` both cover `vendor/a/b`);
/// a glob without `/` matches any single component (`testdata`, `*.bak`).
fn glob_matches(pattern: &glob::Pattern, rel: Option<&[String]>, comps: &[String]) -> bool {
    if pattern.as_str().contains('/') {
        let Some(rel) = rel else { return false };
        // "the path or one of its parent directories matches `p`" is "the path matches `p` or
        // `p/**`": two matches per path (trying every parent was quadratic in the depth)
        let path = rel.join("/");
        if pattern.matches_with(&path, MATCH) {
            return true;
        }
        subtree(pattern).is_some_and(|s| s.matches_with(&path, MATCH))
    } else {
        comps.iter().any(|c| pattern.matches_with(c, MATCH))
    }
}

impl Resolved {
    /// The config file in use, if any.
    pub fn config_file(&self) -> Option<&Path> {
        self.config.path()
    }

    /// Codes of the enabled rules (for files no override matches).
    pub fn enabled_codes(&self) -> Vec<&'static str> {
        self.rules
            .iter()
            .filter(|(_, s)| s.enabled)
            .map(|(c, _)| *c)
            .collect()
    }

    /// `path` as components relative to `base_dir` (None if outside it), and its own
    /// components (relative ones when outside).
    fn components(&self, path: &Path) -> (Option<Vec<String>>, Vec<String>) {
        let abs = normalize(&self.cwd.join(path));
        let strings = |p: &Path| -> Vec<String> {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        };
        match abs.strip_prefix(&self.base_dir) {
            Ok(rel) => {
                let v = strings(rel);
                (Some(v.clone()), v)
            }
            Err(_) => (None, strings(&normalize(path))),
        }
    }

    /// Whether an `exclude` glob matches `path` (relative to the working directory, or
    /// absolute).
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            // the common case; skips normalizing every discovered path
            return false;
        }
        let (rel, comps) = self.components(path);
        self.exclude
            .iter()
            .any(|p| glob_matches(&p.value, rel.as_deref(), &comps))
    }

    /// The rules and severities for one file, after the `[[overrides]]` whose `files` match it.
    pub fn for_path(&self, path: &Path) -> PathSettings {
        let (rel, comps) = self.components(path);
        let matched: Vec<usize> = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.files
                    .iter()
                    .any(|p| glob_matches(p, rel.as_deref(), &comps))
            })
            .map(|(i, _)| i)
            .collect();
        let state = self.selection(&matched);
        let mut rules = BTreeMap::new();
        for (code, (on, _)) in state {
            if !on {
                continue;
            }
            let mut sev = self
                .rules
                .get(code)
                .map_or(Severity::Warning, |r| r.severity);
            for &i in &matched {
                if let Some((_, s)) = self.overrides[i].severity.iter().find(|(c, _)| *c == code) {
                    sev = s.value;
                }
            }
            rules.insert(code, sev);
        }
        let image_role = matched
            .iter()
            .rev()
            .find_map(|&i| self.overrides[i].image_role.as_ref())
            .map_or(self.image_role.value, |r| r.value);
        PathSettings {
            rules,
            overrides: matched,
            image_role,
        }
    }

    /// Rule on/off states after all layers, with the given overrides after the file's layer.
    fn selection(&self, overrides: &[usize]) -> BTreeMap<&'static str, (bool, Origin)> {
        let mut state = self.defaults.clone();
        self.file_layer.apply(&mut state);
        for &i in overrides {
            self.overrides[i].layer.apply(&mut state);
        }
        self.env_layer.apply(&mut state);
        self.cli_layer.apply(&mut state);
        state
    }

    /// The effective settings and where each came from, for `dockhand config`. Stable: rules
    /// are sorted by code, everything else keeps file order.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let shown = self.config_display.clone().unwrap_or_default();
        let config = match &self.config {
            ConfigSource::Cli(_) => format!("{shown} (from --config)"),
            ConfigSource::Env(_) => format!("{shown} (from {ENV_CONFIG})"),
            ConfigSource::Discovered(_) => format!("{shown} (found from the working directory)"),
            ConfigSource::Disabled(o) => format!("none (disabled by {o})"),
            ConfigSource::Hadolint(_) => {
                format!("{shown} (hadolint's; read because no dockhand.toml or .dockhand.toml was found)")
            }
            ConfigSource::NotFound => "none (no dockhand.toml or .dockhand.toml found)".into(),
        };
        let _ = writeln!(out, "config file: {config}");
        let threshold = self
            .failure_threshold
            .value
            .map_or("none", Severity::as_str);
        let _ = writeln!(
            out,
            "failure-threshold: {threshold}  ({})",
            self.failure_threshold.origin
        );
        if let Some(z) = &self.exit_zero {
            let _ = writeln!(out, "exit-zero (no-fail): {}  ({})", z.value, z.origin);
        }
        if self.image_role.origin != Origin::Default {
            let _ = writeln!(
                out,
                "image-role: {}  ({})",
                self.image_role.value.name(),
                self.image_role.origin
            );
        }
        if let Some(n) = &self.no_suppressions {
            let _ = writeln!(
                out,
                "no-suppressions (disable-ignore-pragma): {}  ({})",
                n.value, n.origin
            );
        }
        match &self.preset {
            Some(p) => {
                let _ = writeln!(out, "preset: {}  ({})", p.value.as_str(), p.origin);
            }
            None => {
                let _ = writeln!(out, "preset: none");
            }
        }
        if self.exclude.is_empty() {
            let _ = writeln!(out, "exclude: none");
        } else {
            let _ = writeln!(out, "exclude:");
            for p in &self.exclude {
                let _ = writeln!(out, "  {}  ({})", p.value.as_str(), p.origin);
            }
        }
        let _ = writeln!(out, "rules:");
        for (code, r) in &self.rules {
            let _ = writeln!(
                out,
                "  {code:<6} {:<3}  {:<7}  {}: {}; severity: {}",
                if r.enabled { "on" } else { "off" },
                r.severity.as_str(),
                if r.enabled { "on" } else { "off" },
                r.enabled_origin,
                r.severity_origin
            );
        }
        let is_label =
            |c: &str| super::LABEL_SCHEMA_RULES.contains(&c) || c == super::STRICT_LABELS_RULE;
        for (code, reason) in &self.unavailable {
            if self.rules.contains_key(code) && !is_label(code) {
                let _ = writeln!(out, "  note: {code} stays off: {reason}");
            }
        }
        let off_labels: Vec<&str> = self
            .unavailable
            .keys()
            .copied()
            .filter(|c| is_label(c) && self.rules.contains_key(c))
            .collect();
        if !off_labels.is_empty() {
            let _ = writeln!(
                out,
                "  note: {} stay off: they need a label schema (`[labels.schema]`; DL3050 also `[labels] strict = true`)",
                off_labels.join(", ")
            );
        }
        if self.overrides.is_empty() {
            let _ = writeln!(out, "overrides: none");
        } else {
            let _ = writeln!(out, "overrides:");
            for o in &self.overrides {
                let files: Vec<&str> = o.files.iter().map(glob::Pattern::as_str).collect();
                let _ = writeln!(out, "  files = [{}]  ({})", files.join(", "), o.origin);
                for line in &o.summary {
                    let _ = writeln!(out, "    {line}");
                }
                if let Some(r) = &o.image_role {
                    let _ = writeln!(out, "    image-role = {}  ({})", r.value.name(), r.origin);
                }
            }
        }
        if self.rule_options.by_rule.is_empty() {
            let _ = writeln!(out, "rule options: none");
        } else {
            let _ = writeln!(out, "rule options:");
            for (code, opts) in &self.rule_options.by_rule {
                let origin = self
                    .rule_options
                    .origins
                    .get(code)
                    .map_or_else(|| Origin::Default.to_string(), Origin::to_string);
                for (k, v) in opts {
                    let _ = writeln!(out, "  {code} {k} = {v}  ({origin})");
                }
            }
        }
        match &self.rule_options.labels {
            None => {
                let _ = writeln!(out, "labels: none");
            }
            Some(l) => {
                let _ = writeln!(out, "labels: strict = {}  ({})", l.strict, l.origin);
                for (label, ty) in &l.schema {
                    let _ = writeln!(out, "  {label}: {}", ty.as_str());
                }
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {}  ({})", n.value, n.origin);
        }
        self.fix.describe(&mut out);
        if self.images.is_empty() {
            let _ = writeln!(out, "images: none");
        } else {
            let _ = writeln!(out, "images:");
            for i in &self.images {
                let name = i.entry.names.join(", ");
                let _ = writeln!(out, "  {name}: {}  ({})", i.entry.describe(), i.origin);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matching_is_gitignore_like() {
        let rel = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
        let m = |p: &str, path: &str| {
            let comps = rel(path);
            glob_matches(
                &glob::Pattern::new(p).expect("test glob"),
                Some(&comps),
                &comps,
            )
        };
        assert!(m("vendor/**", "vendor/a/Dockerfile"));
        assert!(m("vendor/*", "vendor/a/Dockerfile"));
        assert!(m("vendor", "vendor/a/Dockerfile"));
        assert!(m("**/testdata/**", "x/testdata/Dockerfile"));
        assert!(m("**/testdata/**", "testdata/Dockerfile"));
        assert!(m("*.bak", "a/Dockerfile.bak"));
        assert!(!m("vendor/**", "src/vendor/Dockerfile"));
        assert!(!m("legacy/*.Dockerfile", "legacy/sub/x.Dockerfile"));
        assert!(m("legacy/*.Dockerfile", "legacy/x.Dockerfile"));
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("./x")), PathBuf::from("x"));
    }
}
