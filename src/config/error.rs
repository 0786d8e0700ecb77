//! config errors: every problem in a config file, an environment variable or a command-line
//! option becomes a `ConfigError` that points at the offending text, with a `help` that
//! suggests the nearest valid spelling where there is one. Nothing here decides what is valid.

use crate::source::LineIndex;
use crate::span::Span;
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::path::PathBuf;
use std::sync::Arc;

/// A tool error from configuration. Rendered by miette; the CLI exits with code 2 on it.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConfigError {
    /// A bad value or key at a known place: a config file (TOML syntax errors included), an
    /// environment variable's value or a command-line option's value.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidConfig>),

    /// The config file could not be read.
    #[error("cannot read config file `{}`", path.display())]
    #[diagnostic(code(dockhand::config))]
    Read {
        path: PathBuf,
        #[help]
        help: Option<String>,
        #[source]
        source: std::io::Error,
    },

    /// Settings that contradict each other and have no single place to point at.
    #[error("{message}")]
    #[diagnostic(code(dockhand::config))]
    Conflict {
        message: String,
        #[help]
        help: Option<String>,
    },
}

/// A problem at a place in some text. Further problems found in the same pass are attached
/// as `related`.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(dockhand::config))]
pub struct InvalidConfig {
    pub message: String,
    /// The text, shared by every error that points into it (never copied per error).
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
    #[related]
    pub related: Vec<ConfigError>,
    /// The config file this points into (`None` for an environment variable or an option),
    /// for the language server, which shows the error on that file.
    pub file: Option<PathBuf>,
}

impl ConfigError {
    /// The main message, without the related ones.
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// Byte span of the primary label, if this error points into some text.
    pub fn span(&self) -> Option<Span> {
        match self {
            ConfigError::Invalid(e) => {
                Some(Span::new(e.span.offset(), e.span.offset() + e.span.len()))
            }
            _ => None,
        }
    }

    /// Text of the primary label, if any.
    pub fn label(&self) -> Option<&str> {
        match self {
            ConfigError::Invalid(e) => Some(&e.label),
            _ => None,
        }
    }

    /// The `help` line, if any.
    pub fn help_text(&self) -> Option<&str> {
        match self {
            ConfigError::Invalid(e) => e.help.as_deref(),
            ConfigError::Read { help, .. } | ConfigError::Conflict { help, .. } => help.as_deref(),
        }
    }

    /// The config file the error is about, when it is about one.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            ConfigError::Invalid(e) => e.file.as_deref(),
            ConfigError::Read { path, .. } => Some(path),
            ConfigError::Conflict { .. } => None,
        }
    }

    /// The text the error points into, when it points into some.
    pub fn text(&self) -> Option<&Arc<str>> {
        match self {
            ConfigError::Invalid(e) => Some(e.src.inner()),
            _ => None,
        }
    }

    /// Errors found after the first one in the same file.
    pub fn related_errors(&self) -> &[ConfigError] {
        match self {
            ConfigError::Invalid(e) => &e.related,
            _ => &[],
        }
    }
}

/// What kind of text a problem points into; decides how `Origin`s are worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// A config file, shown under this name (relative to the working directory where possible).
    File,
    /// The value of this environment variable.
    Env(&'static str),
    /// The value(s) of this command-line option, joined with `,`.
    Cli(&'static str),
}

/// Text that settings were read from, kept so that later stages can still point into it.
#[derive(Debug)]
pub(crate) struct SourceText {
    pub name: String,
    pub text: Arc<str>,
    pub kind: SourceKind,
    /// The file the text was read from, for `SourceKind::File`.
    pub file: Option<PathBuf>,
    /// Line starts, so that the line of an offset is a binary search (a scan from the start
    /// per setting made a long `select` list quadratic).
    lines: LineIndex,
}

/// One problem found while reading a source, before it becomes a `ConfigError`.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>, kind: SourceKind) -> Arc<Self> {
        let text: String = text.into();
        let lines = LineIndex::new(&text);
        reset_suggestion_budget();
        Arc::new(SourceText {
            name: name.into(),
            text: Arc::from(text),
            kind,
            file: None,
            lines,
        })
    }

    /// The text of a config file read from `path`.
    pub fn file(
        name: impl Into<String>,
        text: impl Into<String>,
        path: &std::path::Path,
    ) -> Arc<Self> {
        let mut src = Self::new(name, text, SourceKind::File);
        if let Some(s) = Arc::get_mut(&mut src) {
            s.file = Some(path.to_path_buf());
        }
        src
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset.min(self.text.len())) + 1
    }

    pub fn error(&self, p: Problem) -> ConfigError {
        self.errors(vec![p])
            .expect("a list of one problem makes an error")
    }

    /// All problems as one error: the first (by position) is the main one, the rest are related.
    pub fn errors(&self, mut problems: Vec<Problem>) -> Option<ConfigError> {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        let mut iter = problems.into_iter().map(|p| self.one(p));
        let mut first = iter.next()?;
        first.related = iter.map(|e| ConfigError::Invalid(Box::new(e))).collect();
        Some(ConfigError::Invalid(Box::new(first)))
    }

    fn one(&self, p: Problem) -> InvalidConfig {
        let start = p.span.start.min(self.text.len());
        let len = p.span.end.min(self.text.len()).saturating_sub(start);
        InvalidConfig {
            message: p.message,
            src: NamedSource::new(self.name.clone(), Arc::clone(&self.text)),
            span: SourceSpan::new(start.into(), len),
            label: p.label,
            help: p.help,
            related: Vec::new(),
            file: self.file.clone(),
        }
    }
}

pub(crate) use crate::diagnostic::edit_distance;

/// Unknown names per source text that get the costly one-edit search for a suggestion (a few
/// thousand probes each). Only the first `MAX_CONFIG_ERRORS` errors of a file are shown, so a
/// file of thousands of bad names is checked in linear time with a small constant.
const SUGGESTIONS_PER_SOURCE: usize = 100;

thread_local! {
    static SUGGESTION_BUDGET: std::cell::Cell<usize> =
        const { std::cell::Cell::new(SUGGESTIONS_PER_SOURCE) };
}

/// Starts a new budget: a source text is read on the thread that created it.
fn reset_suggestion_budget() {
    SUGGESTION_BUDGET.with(|b| b.set(SUGGESTIONS_PER_SOURCE));
}

/// Takes one from the budget; false when it is spent.
fn take_suggestion_budget() -> bool {
    SUGGESTION_BUDGET.with(|b| match b.get() {
        0 => false,
        n => {
            b.set(n - 1);
            true
        }
    })
}

/// The candidate nearest to `input`, if it is close enough to be a plausible typo.
pub(crate) fn nearest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 3))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, or a list of what is accepted.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    match nearest(input, candidates.clone()) {
        Some(c) => Some(format!("did you mean `{c}`?")),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            (!all.is_empty()).then(|| format!("expected one of {}", all.join(", ")))
        }
    }
}

/// A known rule spelled like `input`: the same in another case, or one edit away (names), or the
/// nearest existing code (codes). `known_rule` cannot list rules, so candidates are probed.
pub(crate) fn suggest_rule(
    input: &str,
    known_rule: &dyn Fn(&str) -> Option<&'static str>,
) -> Option<String> {
    let variants = [
        input.to_ascii_uppercase(),
        input.to_ascii_lowercase(),
        input.to_ascii_lowercase().replace('_', "-"),
    ];
    for v in variants {
        if v != input && known_rule(&v).is_some() {
            return Some(v);
        }
    }
    let upper = input.to_ascii_uppercase();
    if let Some(digits) = upper.strip_prefix("DH") {
        if digits.chars().all(|c| c.is_ascii_digit()) {
            // The known code one edit away, the lowest if several: only the codes one edit
            // from the input are probed (a few dozen, not all thousand); codes have 3 digits.
            if digits.len() > 4 {
                return None;
            }
            return one_digit_edit(digits)
                .into_iter()
                .filter(|d| d.len() == 3)
                .filter_map(|d| known_rule(&format!("DH{d}")))
                .min()
                .map(str::to_string);
        }
    }
    // One edit away from a kebab-case name: deletion, transposition, substitution, insertion.
    let name: Vec<char> = input.to_ascii_lowercase().chars().collect();
    if name.len() > 40 || !take_suggestion_budget() {
        return None;
    }
    let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').chain(['-']).collect();
    let mut tries: Vec<String> = Vec::new();
    for i in 0..name.len() {
        let mut v = name.clone();
        v.remove(i);
        tries.push(v.into_iter().collect());
        if i + 1 < name.len() {
            let mut v = name.clone();
            v.swap(i, i + 1);
            tries.push(v.into_iter().collect());
        }
    }
    for i in 0..=name.len() {
        for &c in &alphabet {
            if i < name.len() {
                let mut v = name.clone();
                v[i] = c;
                tries.push(v.into_iter().collect());
            }
            let mut v = name.clone();
            v.insert(i, c);
            tries.push(v.into_iter().collect());
        }
    }
    let found = tries.into_iter().find_map(|t| {
        let upper = t.to_ascii_uppercase();
        [t, upper]
            .into_iter()
            .find(|v| v != input && known_rule(v).is_some())
    })?;
    // a code is suggested as codes are written (`DH4O1` → `DH401`, not `dh401`)
    match known_rule(&found) {
        Some(code) if code.eq_ignore_ascii_case(&found) => Some(code.to_string()),
        _ => Some(found),
    }
}

/// Every digit string one edit (deletion, transposition, substitution, insertion) from `s`.
fn one_digit_edit(s: &str) -> Vec<String> {
    let d: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    for i in 0..d.len() {
        let mut v = d.clone();
        v.remove(i);
        out.push(v.into_iter().collect());
        if i + 1 < d.len() {
            let mut v = d.clone();
            v.swap(i, i + 1);
            out.push(v.into_iter().collect());
        }
    }
    for i in 0..=d.len() {
        for c in '0'..='9' {
            if i < d.len() {
                let mut v = d.clone();
                v[i] = c;
                out.push(v.into_iter().collect());
            }
            let mut v = d.clone();
            v.insert(i, c);
            out.push(v.into_iter().collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(s: &str) -> Option<&'static str> {
        match s {
            "DH401" | "unpinned-base-image" => Some("DH401"),
            "DH402" | "latest-tag" => Some("DH402"),
            _ => None,
        }
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("select", "select"), 0);
        assert_eq!(edit_distance("extend-selct", "extend-select"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn nearest_key() {
        let keys = ["select", "ignore", "extend-select"];
        assert_eq!(nearest("extend_select", keys), Some("extend-select"));
        assert_eq!(nearest("ignroe", keys), Some("ignore"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(
            did_you_mean("colour", ["a", "b"]).as_deref(),
            Some("expected one of `a`, `b`")
        );
    }

    #[test]
    fn rule_suggestions() {
        assert_eq!(suggest_rule("dh401", &known).as_deref(), Some("DH401"));
        assert_eq!(suggest_rule("DH4011", &known).as_deref(), Some("DH401"));
        assert_eq!(
            suggest_rule("unpinned-base-imag", &known).as_deref(),
            Some("unpinned-base-image")
        );
        assert_eq!(
            suggest_rule("unpinned_base_image", &known).as_deref(),
            Some("unpinned-base-image")
        );
        assert_eq!(
            suggest_rule("latset-tag", &known).as_deref(),
            Some("latest-tag")
        );
        assert_eq!(suggest_rule("DH999", &known), None);
        assert_eq!(suggest_rule("DH4O1", &known).as_deref(), Some("DH401"));
        assert_eq!(suggest_rule("something-else", &known), None);
    }
}
