//! diagnostics: plain data describing a finding. No rendering types appear here; reporters turn
//! these into text. Rules build them through `rules::Context::report`.

use crate::span::Span;
use serde::Serialize;

/// How serious a finding is. Ordered from least to most severe, so `sev >= threshold` works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "style" => Some(Severity::Style),
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, not `write_str`, so that `{:<8}` lines up columns
        f.pad(self.as_str())
    }
}

/// A labelled span: the primary one says where the problem is, secondary ones point at the
/// related instructions (the builder's FROM, the `COPY --from`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule code, such as `DH401`.
    pub code: &'static str,
    /// Kebab-case rule name, such as `unpinned-base-image`.
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong here, lowercase, naming the offending value.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// An automatic fix, when the rule knows one (see `crate::fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::fix::Fix>,
}

impl Diagnostic {
    pub fn span(&self) -> Span {
        self.primary.span
    }
}

/// Levenshtein distance on characters, for "did you mean" hints on short words (rule codes,
/// flags, stage names, config keys).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::Severity;

    #[test]
    fn severity_display_honours_width() {
        assert_eq!(format!("[{:<8}]", Severity::Info), "[info    ]");
        assert_eq!(format!("[{:>7}]", Severity::Error), "[  error]");
    }
}
