//! config from outside the file: `DOCKHAND_*` environment variables and the values the CLI
//! parsed with clap. Lists are comma-separated; an error names the variable or option and
//! points into its value. Nothing here reads the process environment directly: the caller
//! passes a lookup, so tests stay hermetic.

use super::error::{did_you_mean, Problem, SourceKind, SourceText};
use super::file::Selection;
use super::{parse_selector, ConfigError, KnownRule, SelectorList};
use crate::diagnostic::Severity;
use crate::span::Span;
use std::path::PathBuf;

/// Settings read from `DOCKHAND_*` variables.
#[derive(Debug, Clone, Default)]
pub struct EnvConfig {
    /// `DOCKHAND_SELECT`, `DOCKHAND_IGNORE`, `DOCKHAND_EXTEND_SELECT`.
    pub selection: Selection,
    /// `DOCKHAND_FAILURE_THRESHOLD`; `Some(None)` is `none`.
    pub failure_threshold: Option<Option<Severity>>,
    /// `DOCKHAND_CONFIG`: a config file to use instead of discovery.
    pub config: Option<PathBuf>,
    /// `DOCKHAND_NO_CONFIG=1`: use no config file.
    pub no_config: bool,
}

/// What the CLI parsed with clap. Lists may hold comma-separated entries; both
/// `--select DH401 --select DH402` and `--select DH401,DH402` work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CliConfig {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub failure_threshold: Option<String>,
    /// `--config PATH`.
    pub config: Option<PathBuf>,
    /// `--no-config`.
    pub no_config: bool,
    /// `--preset NAME`.
    pub preset: Option<String>,
}

pub const ENV_SELECT: &str = "DOCKHAND_SELECT";
pub const ENV_IGNORE: &str = "DOCKHAND_IGNORE";
pub const ENV_EXTEND_SELECT: &str = "DOCKHAND_EXTEND_SELECT";
pub const ENV_FAILURE_THRESHOLD: &str = "DOCKHAND_FAILURE_THRESHOLD";
pub const ENV_CONFIG: &str = "DOCKHAND_CONFIG";
pub const ENV_NO_CONFIG: &str = "DOCKHAND_NO_CONFIG";

/// Reads the `DOCKHAND_*` variables through `vars`. An empty variable counts as unset.
pub fn from_env(
    vars: &dyn Fn(&str) -> Option<String>,
    known_rule: KnownRule<'_>,
) -> Result<EnvConfig, ConfigError> {
    let get = |name: &str| vars(name).filter(|v| !v.trim().is_empty());
    let list = |name: &'static str| -> Result<Option<SelectorList>, ConfigError> {
        get(name)
            .map(|v| selector_list(v, SourceKind::Env(name), name, known_rule))
            .transpose()
    };
    let mut env = EnvConfig {
        selection: Selection {
            select: list(ENV_SELECT)?,
            ignore: list(ENV_IGNORE)?,
            extend_select: list(ENV_EXTEND_SELECT)?,
            severity: Vec::new(),
        },
        ..EnvConfig::default()
    };
    if let Some(v) = get(ENV_FAILURE_THRESHOLD) {
        env.failure_threshold = Some(threshold(v, SourceKind::Env(ENV_FAILURE_THRESHOLD))?);
    }
    env.config = get(ENV_CONFIG).map(PathBuf::from);
    if let Some(v) = vars(ENV_NO_CONFIG) {
        env.no_config = match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => true,
            "" | "0" | "false" | "no" | "off" => false,
            _ => {
                let src = SourceText::new(ENV_NO_CONFIG, v.clone(), SourceKind::Env(ENV_NO_CONFIG));
                return Err(src.error(
                    Problem::new(
                        Span::new(0, v.len()),
                        format!("{ENV_NO_CONFIG} must be `1` or `0`, not `{v}`"),
                        "expected `1` or `0`",
                    )
                    .help(Some(format!("set {ENV_NO_CONFIG}=1 to use no config file"))),
                ));
            }
        };
    }
    Ok(env)
}

impl CliConfig {
    /// The rule selection given on the command line.
    pub(crate) fn selection(&self, known_rule: KnownRule<'_>) -> Result<Selection, ConfigError> {
        let list = |values: &Option<Vec<String>>, opt: &'static str| {
            values
                .as_ref()
                .map(|v| selector_list(v.join(","), SourceKind::Cli(opt), opt, known_rule))
                .transpose()
        };
        Ok(Selection {
            select: list(&self.select, "--select")?,
            ignore: list(&self.ignore, "--ignore")?,
            extend_select: list(&self.extend_select, "--extend-select")?,
            severity: Vec::new(),
        })
    }

    pub(crate) fn threshold(&self) -> Result<Option<Option<Severity>>, ConfigError> {
        self.failure_threshold
            .clone()
            .map(|v| threshold(v, SourceKind::Cli("--failure-threshold")))
            .transpose()
    }
}

/// Parses `a, b,c` into selectors with spans into `text`.
fn selector_list(
    text: String,
    kind: SourceKind,
    name: &str,
    known_rule: KnownRule<'_>,
) -> Result<SelectorList, ConfigError> {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let mut start = 0;
    for part in text.split(',') {
        let trimmed = part.trim_start();
        let lead = part.len() - trimmed.len();
        let item = trimmed.trim_end();
        if !item.is_empty() {
            let span = Span::new(start + lead, start + lead + item.len());
            match parse_selector(item, span, name, known_rule) {
                Ok(s) => items.push(s),
                Err(p) => problems.push(p),
            }
        }
        start += part.len() + 1;
    }
    let len = text.len();
    let src = SourceText::new(name, text, kind);
    if let Some(e) = src.errors(problems) {
        return Err(e);
    }
    Ok(SelectorList {
        items,
        key_span: Span::new(0, len),
        src,
    })
}

fn threshold(value: String, kind: SourceKind) -> Result<Option<Severity>, ConfigError> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    if let Some(s) = Severity::parse(v) {
        return Ok(Some(s));
    }
    let name = match kind {
        SourceKind::Env(n) | SourceKind::Cli(n) => n,
        SourceKind::File => "failure-threshold",
    };
    let message = format!("unknown failure threshold `{v}` in {name}");
    let help = did_you_mean(v, ["error", "warning", "info", "style", "none"]);
    let len = value.len();
    let src = SourceText::new(name, value, kind);
    Err(src.error(Problem::new(Span::new(0, len), message, "not a severity or `none`").help(help)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Selector;

    fn known(s: &str) -> Option<&'static str> {
        match s {
            "DH401" | "unpinned-base-image" => Some("DH401"),
            "DH402" | "latest-tag" => Some("DH402"),
            _ => None,
        }
    }

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn reads_every_variable() {
        let env = from_env(
            &vars(&[
                ("DOCKHAND_SELECT", "DH4, latest-tag"),
                ("DOCKHAND_IGNORE", "DH401"),
                ("DOCKHAND_EXTEND_SELECT", "ALL"),
                ("DOCKHAND_FAILURE_THRESHOLD", "none"),
                ("DOCKHAND_CONFIG", "ci/dockhand.toml"),
                ("DOCKHAND_NO_CONFIG", "0"),
            ]),
            &known,
        )
        .expect("valid environment");
        let select = env.selection.select.expect("select set");
        let items: Vec<_> = select
            .items
            .iter()
            .map(|s| (s.value.clone(), s.span))
            .collect();
        assert_eq!(
            items,
            vec![
                (Selector::Prefix("DH4".into()), Span::new(0, 3)),
                (Selector::Rule("DH402"), Span::new(5, 15)),
            ]
        );
        assert_eq!(
            env.selection.ignore.expect("ignore").items[0].value,
            Selector::Rule("DH401")
        );
        assert_eq!(
            env.selection.extend_select.expect("extend").items[0].value,
            Selector::All
        );
        assert_eq!(env.failure_threshold, Some(None));
        assert_eq!(env.config, Some(PathBuf::from("ci/dockhand.toml")));
        assert!(!env.no_config);
    }

    #[test]
    fn empty_variables_are_unset() {
        let env = from_env(
            &vars(&[("DOCKHAND_SELECT", " "), ("DOCKHAND_CONFIG", "")]),
            &known,
        )
        .expect("valid");
        assert!(env.selection.select.is_none());
        assert!(env.config.is_none());
    }

    #[test]
    fn errors_name_the_variable_and_point_into_it() {
        let e = from_env(&vars(&[("DOCKHAND_IGNORE", "DH401,latset-tag")]), &known)
            .expect_err("unknown rule");
        assert_eq!(e.message(), "unknown rule `latset-tag` in DOCKHAND_IGNORE");
        assert_eq!(e.span(), Some(Span::new(6, 16)));
        assert_eq!(e.help_text(), Some("did you mean `latest-tag`?"));

        let e = from_env(&vars(&[("DOCKHAND_FAILURE_THRESHOLD", "warnign")]), &known)
            .expect_err("bad threshold");
        assert_eq!(
            e.message(),
            "unknown failure threshold `warnign` in DOCKHAND_FAILURE_THRESHOLD"
        );
        assert_eq!(e.help_text(), Some("did you mean `warning`?"));

        let e = from_env(&vars(&[("DOCKHAND_NO_CONFIG", "maybe")]), &known).expect_err("bad bool");
        assert_eq!(
            e.message(),
            "DOCKHAND_NO_CONFIG must be `1` or `0`, not `maybe`"
        );
    }

    #[test]
    fn cli_values_may_be_comma_separated() {
        let cli = CliConfig {
            select: Some(vec!["DH401,DH402".into(), "DH1".into()]),
            ..CliConfig::default()
        };
        let sel = cli.selection(&known).expect("valid");
        let items: Vec<_> = sel
            .select
            .expect("select")
            .items
            .into_iter()
            .map(|s| s.value)
            .collect();
        assert_eq!(
            items,
            vec![
                Selector::Rule("DH401"),
                Selector::Rule("DH402"),
                Selector::Prefix("DH1".into())
            ]
        );
        let bad = CliConfig {
            extend_select: Some(vec!["DH401".into(), "nope".into()]),
            ..CliConfig::default()
        };
        let e = bad.selection(&known).expect_err("unknown");
        assert_eq!(e.message(), "unknown rule `nope` in --extend-select");
        assert_eq!(e.span(), Some(Span::new(6, 10)));
    }
}
