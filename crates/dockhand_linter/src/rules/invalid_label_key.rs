//! DL3048: a LABEL key outside Docker's key format (opt-in, as hadolint's DL3048).
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` key that does not follow Docker's recommended format: lower-case
    /// letters, digits, `.`, `-`, `_` and `/`; starting with a letter and ending with a
    /// letter or digit; no `..` or `--`; and not in the namespaces Docker reserves
    /// (`com.docker.`, `io.docker.`, `org.dockerproject.`). Off by default.
    ///
    /// ## Why is this off by default?
    /// Docker accepts any key; the format is a guideline so that tools can share labels
    /// (`org.opencontainers.image.source`). Keys such as `Description` or `MAINTAINER` work
    /// everywhere, and renaming them can break whatever reads them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Description="a tool"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.description="a tool"
    /// ```
    pub InvalidLabelKey {
        code: "DL3048",
        name: "invalid-label-key",
        severity: Style,
        category: Portability,
        summary: "a LABEL key does not follow Docker's key format",
        enabled_by_default: false,
        mirrors: "hadolint DL3048",
    }
}

/// Why a key is not in the format, if it is not.
fn problem(key: &str) -> Option<&'static str> {
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("does not start with a lower-case letter");
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("does not end with a lower-case letter or digit");
    }
    if key.chars().any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_/".contains(c))) {
        return Some("has a character other than a-z, 0-9, `.`, `-`, `_`, `/`");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|p| key.starts_with(p)) {
        return Some("is in a namespace Docker reserves");
    }
    if key.contains("..") || key.contains("--") {
        return Some("has `..` or `--`");
    }
    None
}

impl Rule for InvalidLabelKey {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions().iter().filter(|i| i.kind == Kind::Label) {
            for key in ins.args.iter().step_by(2) {
                let k = key.value.trim_matches(['"', '\'']);
                let Some(why) = problem(k) else { continue };
                cx.report(&Self::META, key.span, format!("the label key `{k}` {why}"))
                    .primary_label("label key")
                    .help(format!(
                        "use a lower-case, dotted key such as `{}`",
                        k.to_ascii_lowercase().trim_matches(|c: char| !c.is_ascii_alphanumeric())
                    ));
            }
        }
    }
}
