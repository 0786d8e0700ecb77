//! The editor's settings for dockhand, from `initializationOptions` and from
//! `workspace/configuration` (section `dockhand`). Each setting stands for a command-line
//! option, and is handed to the CLI's own option parser as that option, so it means in the
//! editor exactly what it means in CI:
//!
//! | setting | option |
//! |---|---|
//! | `select` | `--select` |
//! | `extendSelect` | `--extend-select` |
//! | `ignore` | `--ignore` |
//! | `configuration` | `--config` (a path; relative to the workspace folder) |
//! | `noConfig` | `--no-config` |
//!
//! plus `fixAll` (default `true`): whether `source.fixAll.dockhand` is offered.

use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub select: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub configuration: Option<PathBuf>,
    pub no_config: bool,
    pub fix_all: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            select: None,
            extend_select: None,
            ignore: None,
            configuration: None,
            no_config: false,
            fix_all: true,
        }
    }
}

impl Settings {
    /// Reads the settings from `value`: either the `dockhand` section itself or an object that
    /// holds it under `dockhand`. Unknown keys and values of the wrong type are left out and
    /// described in the returned warnings (for the log); they never stop the server.
    /// `root` is the workspace folder that a relative `configuration` path is read from.
    pub fn from_json(value: &Value, root: Option<&Path>) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut warnings = Vec::new();
        let obj = match value.get("dockhand").unwrap_or(value) {
            Value::Object(o) => o,
            Value::Null => return (s, warnings),
            other => {
                warnings.push(format!("settings: expected an object, got `{other}`"));
                return (s, warnings);
            }
        };
        for (key, v) in obj {
            match key.as_str() {
                "select" => s.select = list(key, v, &mut warnings),
                "extendSelect" | "extend-select" => s.extend_select = list(key, v, &mut warnings),
                "ignore" => s.ignore = list(key, v, &mut warnings),
                "configuration" | "config" => match v {
                    Value::String(p) if !p.is_empty() => {
                        let p = PathBuf::from(p);
                        s.configuration = Some(match root {
                            Some(r) if p.is_relative() => r.join(p),
                            _ => p,
                        });
                    }
                    Value::Null => {}
                    _ => warnings.push(format!("settings: `{key}` must be a path")),
                },
                "noConfig" | "no-config" => match v.as_bool() {
                    Some(b) => s.no_config = b,
                    None => warnings.push(format!("settings: `{key}` must be true or false")),
                },
                "fixAll" | "fix-all" => match v.as_bool() {
                    Some(b) => s.fix_all = b,
                    None => warnings.push(format!("settings: `{key}` must be true or false")),
                },
                _ => warnings.push(format!(
                    "settings: unknown key `{key}` (known: select, extendSelect, ignore, configuration, noConfig, fixAll)"
                )),
            }
        }
        (s, warnings)
    }

    /// The command-line options these settings stand for.
    pub fn flags(&self) -> Vec<OsString> {
        let mut out: Vec<OsString> = Vec::new();
        for (flag, list) in [
            ("--select", &self.select),
            ("--extend-select", &self.extend_select),
            ("--ignore", &self.ignore),
        ] {
            if let Some(l) = list {
                out.push(flag.into());
                out.push(l.join(",").into());
            }
        }
        if let Some(c) = &self.configuration {
            out.push("--config".into());
            out.push(c.as_os_str().to_owned());
        }
        if self.no_config {
            out.push("--no-config".into());
        }
        out
    }
}

/// A list of codes: an array of strings, or one comma-separated string.
fn list(key: &str, v: &Value, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        ),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match i.as_str() {
                    Some(s) => out.push(s.trim().to_string()),
                    None => warnings.push(format!("settings: `{key}` holds `{i}`, not a string")),
                }
            }
            Some(out)
        }
        Value::Null => None,
        _ => {
            warnings.push(format!("settings: `{key}` must be a list of rule codes"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn settings_become_the_cli_options_they_stand_for() {
        let (s, w) = Settings::from_json(
            &json!({ "dockhand": { "select": ["DH401", "DH402"], "ignore": "DH007, DH403", "configuration": "ci/dockhand.toml", "fixAll": false } }),
            Some(Path::new("/repo")),
        );
        assert!(w.is_empty(), "{w:?}");
        assert!(!s.fix_all);
        let flags: Vec<String> = s
            .flags()
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            flags,
            [
                "--select",
                "DH401,DH402",
                "--ignore",
                "DH007,DH403",
                "--config",
                "/repo/ci/dockhand.toml"
            ]
        );
    }

    #[test]
    fn bad_settings_are_warned_about_and_left_out() {
        let (s, w) = Settings::from_json(
            &json!({ "selct": ["DH401"], "ignore": 3, "fixAll": "yes" }),
            None,
        );
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w.iter().any(|m| m.contains("unknown key `selct`")));
        let (s, w) = Settings::from_json(&json!(null), None);
        assert_eq!(s, Settings::default());
        assert!(w.is_empty());
    }
}
