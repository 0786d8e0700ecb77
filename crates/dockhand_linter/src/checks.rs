//! BuildKit's checks as a group: which rules are BuildKit's (by the alias that is BuildKit's
//! name for the check), and the `# check=` parser directive that turns them off or makes them
//! errors for one file, read the way BuildKit reads it (`skip=A,B`, `skip=all`, `error=true`,
//! `experimental=A`, parts separated by `;`).

use crate::parse::Dockerfile;
use crate::rules::RuleMeta;

/// The names of the checks `docker build --check` runs (BuildKit's linter rule set).
pub const BUILDKIT_CHECKS: &[&str] = &[
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

/// BuildKit's name for a rule, when the rule is one of BuildKit's checks.
pub fn buildkit_name(meta: &RuleMeta) -> Option<&'static str> {
    meta.aliases
        .iter()
        .copied()
        .find(|a| BUILDKIT_CHECKS.contains(a))
}

/// What a `# check=` directive says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckDirective {
    /// `skip=all`: every BuildKit check is off.
    pub skip_all: bool,
    /// `skip=A,B`: these checks are off (BuildKit names; dockhand codes, names and aliases
    /// are accepted too).
    pub skip: Vec<String>,
    /// `error=true`: findings of BuildKit checks are errors.
    pub error: bool,
    /// `experimental=all`: every experimental (off by default) BuildKit check is on.
    pub experimental_all: bool,
    /// `experimental=A`: these experimental checks are on.
    pub experimental: Vec<String>,
}

impl CheckDirective {
    /// Reads a directive value; the error names the part BuildKit would reject.
    pub fn parse(value: &str) -> Result<CheckDirective, String> {
        let value = value.trim();
        let mut d = CheckDirective::default();
        if value.is_empty() {
            return Ok(d);
        }
        // BuildKit splits into at most three parts
        for part in value.splitn(3, ';') {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("invalid check option `{part}`"));
            };
            let v = v.trim();
            let list = || {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .collect::<Vec<_>>()
            };
            match k.trim() {
                "skip" if v == "all" => d.skip_all = true,
                "skip" => d.skip = list(),
                "experimental" if v == "all" => d.experimental_all = true,
                "experimental" => d.experimental = list(),
                "error" => {
                    d.error =
                        parse_bool(v).ok_or_else(|| format!("`error={v}` is not a boolean"))?;
                }
                other => return Err(format!("invalid check option `{other}`")),
            }
        }
        Ok(d)
    }

    /// The directive of a file: the `BUILDKIT_DOCKERFILE_CHECK` build argument when given
    /// (BuildKit lets it replace the directive), else the `# check=` line. An invalid value
    /// says nothing (BuildKit stops the build instead; dockhand lints as if it were absent).
    pub fn of(df: &Dockerfile, build_args: &[(String, String)]) -> CheckDirective {
        let from_arg = build_args
            .iter()
            .rev()
            .find(|(k, _)| k == "BUILDKIT_DOCKERFILE_CHECK")
            .map(|(_, v)| v.as_str());
        let text = from_arg.or_else(|| {
            df.directives
                .iter()
                .find(|d| d.name == "check")
                .map(|d| d.value.value.as_str())
        });
        text.and_then(|t| CheckDirective::parse(t).ok())
            .unwrap_or_default()
    }

    /// Whether the directive turns `meta` off for the file.
    pub fn skips(&self, meta: &RuleMeta) -> bool {
        (self.skip_all && buildkit_name(meta).is_some()) || self.skip.iter().any(|s| names(meta, s))
    }

    /// Whether the directive turns the experimental rule `meta` on for the file.
    pub fn enables(&self, meta: &RuleMeta) -> bool {
        buildkit_name(meta).is_some()
            && !meta.enabled_by_default
            && (self.experimental_all || self.experimental.iter().any(|s| names(meta, s)))
    }
}

/// Whether `s` names the rule: its code (any case), name or an alias (any case).
fn names(meta: &RuleMeta, s: &str) -> bool {
    meta.code.eq_ignore_ascii_case(s) || meta.name == s || meta.is_alias(s)
}

/// Go's `strconv.ParseBool`, which BuildKit uses for `error=`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_buildkit_does() {
        let d = CheckDirective::parse("skip=JSONArgsRecommended, StageNameCasing;error=true")
            .expect("valid");
        assert_eq!(d.skip, ["JSONArgsRecommended", "StageNameCasing"]);
        assert!(d.error && !d.skip_all);
        let d = CheckDirective::parse(" skip = all ").expect("valid");
        assert!(d.skip_all);
        assert!(CheckDirective::parse("error=maybe").is_err());
        assert!(CheckDirective::parse("skip").is_err());
        assert!(CheckDirective::parse("color=red").is_err());
        assert_eq!(
            CheckDirective::parse("").expect("empty"),
            CheckDirective::default()
        );
    }

    #[test]
    fn every_buildkit_check_but_the_undone_is_a_rule_alias() {
        let named: Vec<&str> = crate::rules::ALL
            .iter()
            .filter_map(|r| buildkit_name(r.meta()))
            .collect();
        for n in &named {
            assert!(BUILDKIT_CHECKS.contains(n));
        }
        let mut u = named.clone();
        u.sort_unstable();
        u.dedup();
        assert_eq!(u.len(), named.len(), "one rule per BuildKit check");
    }
}
