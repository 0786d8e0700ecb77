//! Presets: rule sets named in one word (`preset = "hadolint"`), as data.

use crate::diagnostic::Severity;

/// hadolint 2.15.1's rules that it runs by default, with its default severity. DL1001 and
/// DL3057 are left out (their default severity is *ignore*: hadolint never reports them
/// unless configured); the SC codes are ShellCheck's.
pub const HADOLINT_DEFAULTS: &[(&str, Severity)] = &[
    ("DL1000", Severity::Error),
    ("DL3000", Severity::Error),
    ("DL3001", Severity::Info),
    ("DL3002", Severity::Warning),
    ("DL3003", Severity::Warning),
    ("DL3004", Severity::Error),
    ("DL3006", Severity::Warning),
    ("DL3007", Severity::Warning),
    ("DL3008", Severity::Warning),
    ("DL3009", Severity::Info),
    ("DL3010", Severity::Info),
    ("DL3011", Severity::Error),
    ("DL3012", Severity::Error),
    ("DL3013", Severity::Warning),
    ("DL3014", Severity::Warning),
    ("DL3015", Severity::Info),
    ("DL3016", Severity::Warning),
    ("DL3018", Severity::Warning),
    ("DL3019", Severity::Info),
    ("DL3020", Severity::Error),
    ("DL3021", Severity::Error),
    ("DL3022", Severity::Warning),
    ("DL3023", Severity::Error),
    ("DL3024", Severity::Error),
    ("DL3025", Severity::Warning),
    ("DL3026", Severity::Error),
    ("DL3027", Severity::Warning),
    ("DL3028", Severity::Warning),
    ("DL3029", Severity::Warning),
    ("DL3030", Severity::Warning),
    ("DL3032", Severity::Warning),
    ("DL3033", Severity::Warning),
    ("DL3034", Severity::Warning),
    ("DL3035", Severity::Warning),
    ("DL3036", Severity::Warning),
    ("DL3037", Severity::Warning),
    ("DL3038", Severity::Warning),
    ("DL3040", Severity::Warning),
    ("DL3041", Severity::Warning),
    ("DL3042", Severity::Warning),
    ("DL3043", Severity::Error),
    ("DL3044", Severity::Error),
    ("DL3045", Severity::Warning),
    ("DL3046", Severity::Warning),
    ("DL3047", Severity::Info),
    ("DL3048", Severity::Style),
    ("DL3049", Severity::Info),
    ("DL3050", Severity::Info),
    ("DL3051", Severity::Warning),
    ("DL3052", Severity::Warning),
    ("DL3053", Severity::Warning),
    ("DL3054", Severity::Warning),
    ("DL3055", Severity::Warning),
    ("DL3056", Severity::Warning),
    ("DL3058", Severity::Warning),
    ("DL3059", Severity::Info),
    ("DL3060", Severity::Info),
    ("DL3061", Severity::Error),
    ("DL3062", Severity::Warning),
    ("DL3063", Severity::Warning),
    ("DL3064", Severity::Warning),
    ("DL3065", Severity::Warning),
    ("DL3066", Severity::Info),
    ("DL3067", Severity::Warning),
    ("DL4000", Severity::Error),
    ("DL4001", Severity::Warning),
    ("DL4003", Severity::Warning),
    ("DL4004", Severity::Error),
    ("DL4005", Severity::Warning),
    ("DL4006", Severity::Warning),
];

/// The rules `preset = "hadolint"` turns on, by canonical code, each with hadolint's severity:
/// every rule whose code or alias is in `HADOLINT_DEFAULTS`. A rule that answers to several
/// DL codes (DH012 for DL3012, DL4003 and DL4004) takes the most severe of them.
pub fn hadolint() -> Vec<(&'static str, Severity)> {
    let mut out = Vec::new();
    for r in super::ALL {
        let m = r.meta();
        let severity = HADOLINT_DEFAULTS
            .iter()
            .filter(|(dl, _)| m.code == *dl || m.is_alias(dl))
            .map(|(_, s)| *s)
            .max();
        if let Some(s) = severity {
            out.push((m.code, s));
        }
    }
    out
}

/// hadolint's DL codes that no rule of this build answers to (built on other branches).
pub fn hadolint_missing() -> Vec<&'static str> {
    HADOLINT_DEFAULTS
        .iter()
        .map(|(dl, _)| *dl)
        .filter(|dl| super::find(dl).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hadolint_code_has_a_rule() {
        // DL4006 (pipefail) is built on another branch; nothing else may be missing
        let missing = hadolint_missing();
        assert!(missing.iter().all(|c| *c == "DL4006"), "{missing:?}");
        let preset = hadolint();
        let sev = |c: &str| preset.iter().find(|(code, _)| *code == c).map(|(_, s)| *s);
        assert_eq!(sev("DL3008"), Some(Severity::Warning));
        assert_eq!(
            sev("DH605"),
            Some(Severity::Error),
            "DL4000 is an error in hadolint"
        );
        assert_eq!(
            sev("DH012"),
            Some(Severity::Error),
            "the most severe of DL3012/DL4003/DL4004"
        );
        assert_eq!(sev("DL1001"), None);
        assert_eq!(sev("DL3057"), None);
        assert_eq!(
            sev("DH402"),
            None,
            "a dockhand-only rule is not in the preset"
        );
    }
}
