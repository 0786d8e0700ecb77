//! `dockhand init`: writes a commented `dockhand.toml` in the current directory. Its content is
//! generated from the configuration dockhand resolves with no file and the rule registry (every
//! rule's default state and severity, every option's default), so it cannot drift from them.

use super::{known_rule, rule_table, tool_error, write_stdout};
use crate::config::{self, CliConfig, Resolved};
use crate::rules;
use std::path::Path;
use std::process::ExitCode;

pub(super) const FILE_NAME: &str = "dockhand.toml";

/// `dockhand init [--force]`.
pub(super) fn run(force: bool) -> ExitCode {
    let dir = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => return tool_error(&format!("cannot find the current directory: {e}")),
    };
    if !force {
        if let Some(existing) = existing_config(&dir) {
            return tool_error(&format!(
                "{} already exists; `dockhand init --force` replaces it with a new {FILE_NAME}",
                existing.display()
            ));
        }
    }
    let defaults = match defaults() {
        Ok(d) => d,
        Err(m) => return tool_error(&m),
    };
    let path = dir.join(FILE_NAME);
    match std::fs::write(&path, template(&defaults, false)) {
        Ok(()) => write_stdout(&format!(
            "wrote {}: every setting commented out at its default; `dockhand config` shows what is in effect\n",
            path.display()
        )),
        Err(e) => tool_error(&format!("writing {}: {e}", path.display())),
    }
}

/// A configuration file in `dir` that a new `dockhand.toml` would replace (or, for
/// `.dockhand.toml`, take the place of: `dockhand.toml` wins when both exist).
fn existing_config(dir: &Path) -> Option<std::path::PathBuf> {
    [FILE_NAME, ".dockhand.toml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.symlink_metadata().is_ok())
}

/// The configuration with no file, no environment and no flags: dockhand's defaults.
fn defaults() -> Result<Resolved, String> {
    let cli = CliConfig {
        no_config: true,
        ..CliConfig::default()
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    config::resolve(&cwd, &cli, &|_| None, &known_rule, &rule_table())
        .map_err(|e| format!("resolving the default configuration: {e}"))
}

/// The file `dockhand init` writes. With `commented`, every setting line is commented out
/// (the file then changes nothing); without, the settings are live, which the tests load to
/// prove that they are the defaults.
pub(super) fn template(defaults: &Resolved, active: bool) -> String {
    let mut out = String::new();
    let set = |out: &mut String, line: &str| {
        if !active {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    };
    let note = |out: &mut String, line: &str| {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    };
    note(
        &mut out,
        &format!(
            "dockhand.toml, written by `dockhand init` (dockhand {}).",
            env!("CARGO_PKG_VERSION")
        ),
    );
    note(
        &mut out,
        "Every setting below is commented out at its default: uncomment a line to change it.",
    );
    note(
        &mut out,
        "`dockhand config` prints the settings in effect and where each comes from;",
    );
    note(
        &mut out,
        "`dockhand rules` lists the rules and `dockhand explain CODE` shows one rule's page.",
    );
    out.push('\n');

    let meta = |code: &str| rules::find(code).map(|r| r.meta());
    let name = |code: &str| meta(code).map_or("", |m| m.name);
    note(&mut out, "The rules to run, replacing the default set: codes, code prefixes (\"DH4\"), names or \"ALL\".");
    note(
        &mut out,
        "The default set is every rule that is on by default:",
    );
    set(&mut out, "select = [");
    for (code, state) in &defaults.rules {
        if state.enabled {
            set(&mut out, &format!("    \"{code}\", # {}", name(code)));
        }
    }
    set(&mut out, "]");
    let off: Vec<String> = defaults
        .rules
        .iter()
        .filter(|(_, s)| !s.enabled)
        .map(|(c, _)| format!("{c} ({})", name(c)))
        .collect();
    if !off.is_empty() {
        note(
            &mut out,
            &format!(
                "Rules to run on top of the set; off by default: {}.",
                off.join(", ")
            ),
        );
    } else {
        note(&mut out, "Rules to run on top of the set.");
    }
    set(&mut out, "extend-select = []");
    note(&mut out, "Rules not to run.");
    set(&mut out, "ignore = []");
    out.push('\n');

    note(&mut out, "The lowest severity that makes dockhand exit with 1: \"error\", \"warning\", \"info\", \"style\" or \"none\".");
    let threshold = defaults
        .failure_threshold
        .value
        .map_or("none", |s| s.as_str());
    set(&mut out, &format!("failure-threshold = \"{threshold}\""));
    note(
        &mut out,
        "Files to skip: globs relative to the folder of this file.",
    );
    set(&mut out, "exclude = []");
    out.push('\n');

    note(&mut out, "Severity per rule (\"error\", \"warning\", \"info\" or \"style\"); a key is a code or a name.");
    set(&mut out, "[severity]");
    for (code, state) in &defaults.rules {
        set(
            &mut out,
            &format!("{code} = \"{}\" # {}", state.severity.as_str(), name(code)),
        );
    }

    for r in rules::ALL {
        let m = r.meta();
        let fields = m.option_fields();
        if fields.is_empty() {
            continue;
        }
        out.push('\n');
        note(
            &mut out,
            &format!(
                "Options of {} {} (`dockhand explain {}`).",
                m.code, m.name, m.code
            ),
        );
        let written: Vec<(String, String)> = fields
            .iter()
            .filter(|f| !f.required)
            .filter_map(|f| f.default_text().map(|t| (f.key.clone(), t)))
            .collect();
        for f in fields.iter().filter(|f| f.required) {
            note(
                &mut out,
                &format!(
                    "`{}` has no default: {} stays off until it is set.",
                    f.key, m.code
                ),
            );
        }
        for f in fields
            .iter()
            .filter(|f| !f.required && f.default_text().is_none())
        {
            note(&mut out, &format!("`{}`: empty by default.", f.key));
        }
        if !written.is_empty() {
            set(&mut out, &format!("[rules.{}]", m.name));
            for (key, value) in written {
                set(&mut out, &format!("{key} = {value}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_file(text: &str) -> Resolved {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).expect("write");
        let cli = CliConfig {
            config: Some(path),
            ..CliConfig::default()
        };
        config::resolve(dir.path(), &cli, &|_| None, &known_rule, &rule_table())
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// With its settings live, the file gives exactly the defaults: every rule's state and
    /// severity, the failure threshold, the rule options.
    #[test]
    fn live_settings_are_the_defaults() {
        let defaults = defaults().expect("defaults");
        let text = template(&defaults, true);
        let loaded = resolve_file(&text);
        let states = |r: &Resolved| -> Vec<(&'static str, bool, crate::diagnostic::Severity)> {
            r.rules
                .iter()
                .map(|(c, s)| (*c, s.enabled, s.severity))
                .collect()
        };
        assert_eq!(states(&loaded), states(&defaults));
        assert_eq!(
            loaded.failure_threshold.value,
            defaults.failure_threshold.value
        );
        // each option written holds the rule's own default
        let mut options = 0;
        for r in rules::ALL {
            let m = r.meta();
            for f in m.option_fields() {
                if let Some(v) = loaded.rule_options.get(m.code).and_then(|o| o.get(&f.key)) {
                    assert_eq!(*v, f.default, "{} {}", m.code, f.key);
                    options += 1;
                }
            }
        }
        assert!(options > 0, "no option written:\n{text}");
        assert!(loaded.rule_options.to_lint().is_ok());
        assert!(loaded.exclude.is_empty());
        // the settings were read from the file, not defaulted
        assert!(loaded
            .rules
            .values()
            .all(|s| s.severity_origin.to_string().contains(FILE_NAME)));
    }

    /// Commented, the file sets nothing, and names every rule.
    #[test]
    fn commented_file_sets_nothing() {
        let defaults = defaults().expect("defaults");
        let text = template(&defaults, false);
        assert!(text.lines().all(|l| l.is_empty() || l.starts_with('#')));
        let loaded = resolve_file(&text);
        assert_eq!(
            loaded.describe().lines().count(),
            defaults.describe().lines().count()
        );
        for r in rules::ALL {
            assert!(text.contains(r.meta().code), "{}", r.meta().code);
        }
    }
}
