//! reporters: turn `FileReport`s into text, one file per format. Reporters never judge a
//! Dockerfile and know rules only as the plain metadata in `RuleInfo`.

use crate::diagnostic::Severity;
pub use dockhand_linter::file_report::{clamp_span, FileReport, RuleInfo};
use std::io::{self, Write};

/// Run-wide facts a reporter may print.
pub struct ReportContext<'a> {
    pub rules: &'a [RuleInfo],
    pub tool_name: &'static str,
    pub tool_version: &'static str,
    pub information_uri: &'static str,
    /// Findings at or above this severity fail the run (`None`: nothing fails).
    pub failure_threshold: Option<Severity>,
    /// Whether the human reporter may use colour.
    pub color: bool,
    /// Terminal width for the human reporter.
    pub width: usize,
    /// `--quiet`: the human and concise reporters print findings and nothing else (no summary).
    pub quiet: bool,
}

pub trait Reporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

mod checkstyle;
mod concise;
mod config_error;
mod excerpt;
mod github;
mod gitlab;
mod gnu;
mod graphical;
mod human;
mod json;
mod sarif;
#[cfg(test)]
mod test_support;
mod wrap;

pub use checkstyle::CheckstyleReporter;
pub use concise::ConciseReporter;
pub use config_error::{render_config_error, MAX_CONFIG_ERRORS};
pub use github::GithubReporter;
pub use gitlab::GitlabReporter;
pub use gnu::GnuReporter;
pub use human::{escape_lines, HumanReporter};
pub use json::JsonReporter;
pub use sarif::SarifReporter;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The output formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// miette's graphical report with source snippets, for people at a terminal.
    #[default]
    Human,
    /// One line per finding: `path:line:col CODE message`.
    Concise,
    /// One JSON document, versioned; see `json.rs` for the schema.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
    /// GitLab Code Quality report (a JSON array).
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// `file:line:column: severity: message [CODE]`, for editors' quickfix lists.
    Gnu,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Checkstyle,
        Format::Gnu,
    ];

    /// The names `FromStr` accepts, in the order of `ALL`.
    pub const NAMES: [&'static str; 8] = [
        "human",
        "concise",
        "json",
        "sarif",
        "github",
        "gitlab",
        "checkstyle",
        "gnu",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Checkstyle => "checkstyle",
            Format::Gnu => "gnu",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `--format` value that names no format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format `{}` (expected one of: {})",
            escape_control(&self.0),
            Format::NAMES.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Exact, lowercase names only, so a script's `--format` means the same thing everywhere.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// The reporter for a format.
pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(HumanReporter),
        Format::Concise => Box::new(ConciseReporter),
        Format::Json => Box::new(JsonReporter),
        Format::Sarif => Box::new(SarifReporter),
        Format::Github => Box::new(GithubReporter),
        Format::Gitlab => Box::new(GitlabReporter),
        Format::Checkstyle => Box::new(CheckstyleReporter),
        Format::Gnu => Box::new(GnuReporter),
    }
}

/// A byte of printable ASCII (space to `~`): one column wide, nothing hostile, nothing to
/// escape. The report's fast paths take text made only of these.
pub(crate) fn is_printable_ascii_byte(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// Text of printable ASCII only (see `is_printable_ascii_byte`).
pub(crate) fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(is_printable_ascii_byte)
}

/// Characters that must never reach a terminal or a log raw: C0 controls (including tab, CR
/// and LF), DEL, C1 controls, the line and paragraph separators U+2028 and U+2029 (line breaks
/// to some viewers), the bidirectional overrides, isolates and marks (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) that can make text display in an order other than the
/// one it is read in, and U+FEFF (a byte order mark, invisible).
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

/// `s` with every hostile character written as a visible escape: `\n`, `\r`, `\t`, `\x1b`
/// (other C0 and DEL), `\u{9b}` (C1, separators, bidi controls, BOM). Everything else,
/// backslashes included, is left as it is. This is the one escaping function: every text that
/// reaches a terminal (reports, config and argument errors, `dockhand config`) goes through it
/// or through `push_escaped`.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    // printable ASCII (nearly every message and path) holds no hostile character
    if is_printable_ascii(s) || !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// A path for the `path:line:col` formats (concise, gnu): escaped as `escape_control` does,
/// and each `:` written `\x3a`, so that a file named `a:1:1: error: x` cannot forge a location
/// (a Windows drive's colon is kept).
pub fn escape_location_path(path: &str) -> Cow<'_, str> {
    let escaped = escape_control(path);
    let drive = cfg!(windows)
        && escaped.len() >= 2
        && escaped.as_bytes()[0].is_ascii_alphabetic()
        && escaped.as_bytes()[1] == b':';
    let (head, rest) = escaped.split_at(if drive { 2 } else { 0 });
    if !rest.contains(':') {
        return escaped;
    }
    Cow::Owned(format!("{head}{}", rest.replace(':', "\\x3a")))
}

/// Appends `c` to `out`, escaped as `escape_control` would.
pub fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 && is_hostile(c) => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if is_hostile(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `2 fixable with `--fix` (1 more with `--unsafe-fixes`)`: the closing hint of the human
/// report, `None` when no finding has a fix to apply.
pub fn fixable_hint(reports: &[FileReport]) -> Option<String> {
    use crate::fix::Applicability;
    let (mut safe, mut unsafe_) = (0, 0);
    for f in reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| !f.edits.is_empty())
    {
        match f.applicability {
            Applicability::Safe => safe += 1,
            Applicability::Unsafe => unsafe_ += 1,
            Applicability::DisplayOnly => {}
        }
    }
    match (safe, unsafe_) {
        (0, 0) => None,
        (s, 0) => Some(format!("{s} fixable with `--fix`")),
        (0, u) => Some(format!("{u} fixable with `--fix --unsafe-fixes`")),
        (s, u) => Some(format!(
            "{s} fixable with `--fix` ({u} more with `--unsafe-fixes`)"
        )),
    }
}

/// Counts over a whole run, shared by the formats that print a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Files that were linted.
    pub files: usize,
    /// Files that could not be linted.
    pub errors: usize,
    /// Linted files with at least one finding.
    pub files_with_findings: usize,
    pub diagnostics: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for report in reports {
            if report.error.is_some() {
                s.errors += 1;
            } else {
                s.files += 1;
                if !report.diagnostics.is_empty() {
                    s.files_with_findings += 1;
                }
            }
            for d in &report.diagnostics {
                s.diagnostics += 1;
                *s.count_mut(d.severity) += 1;
            }
        }
        s
    }

    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Style => self.style,
        }
    }

    fn count_mut(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Error => &mut self.error,
            Severity::Warning => &mut self.warning,
            Severity::Info => &mut self.info,
            Severity::Style => &mut self.style,
        }
    }
}

/// `3 findings (1 error, 2 warnings) in 2 files; 1 file could not be read`.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        if self.diagnostics == 0 {
            f.write_str("no findings")?;
        } else {
            let parts: Vec<String> = Severity::ALL
                .into_iter()
                .filter(|&sev| self.count(sev) > 0)
                .map(|sev| match sev {
                    Severity::Error => plural(self.error, "error", "errors"),
                    Severity::Warning => plural(self.warning, "warning", "warnings"),
                    Severity::Info => format!("{} info", self.info),
                    Severity::Style => format!("{} style", self.style),
                })
                .collect();
            write!(
                f,
                "{} ({})",
                plural(self.diagnostics, "finding", "findings"),
                parts.join(", ")
            )?;
        }
        // `in 3 of 4 files` when some linted files had nothing to report
        if self.diagnostics > 0 && self.files_with_findings < self.files {
            write!(
                f,
                " in {} of {}",
                self.files_with_findings,
                plural(self.files, "file", "files")
            )?;
        } else {
            write!(f, " in {}", plural(self.files, "file", "files"))?;
        }
        if self.errors > 0 {
            write!(
                f,
                "; {} could not be read",
                plural(self.errors, "file", "files")
            )?;
        }
        Ok(())
    }
}

/// One fingerprint per diagnostic of `report`, in order: 32 hex digits of a 128-bit FNV-1a hash
/// of the rule code, the path, the text of the primary span, the trimmed text of its line and
/// how many earlier diagnostics in the file share all four. No line number goes in, so the
/// fingerprint survives edits above the finding. The hash is written out here (not std's
/// `DefaultHasher`) so it stays the same across Rust releases.
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    // occurrences so far of each key, looked up by hash: a scan here made many findings on one
    // line quadratic
    let mut seen: std::collections::HashMap<u128, u64> = std::collections::HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.span();
            let key = stable_hash(&[
                d.code.as_bytes(),
                report.path.as_bytes(),
                report.span_text(span).as_bytes(),
                report.line_text_at(span.start).trim().as_bytes(),
            ]);
            let slot = seen.entry(key).or_insert(0);
            let occurrence = *slot;
            *slot += 1;
            let print = stable_hash(&[&key.to_le_bytes(), &occurrence.to_le_bytes()]);
            format!("{print:032x}")
        })
        .collect()
}

/// A 128-bit hash of `fields` that is the same on every platform and Rust release.
pub(crate) fn stable_hash(fields: &[&[u8]]) -> u128 {
    let mut h = Fnv128::new();
    for field in fields {
        h.field(field);
    }
    h.finish()
}

/// 128-bit FNV-1a over length-prefixed fields, so ("ab", "c") and ("a", "bc") differ.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn field(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

/// A path as a URI reference: relative paths stay relative (with `./` dropped), absolute ones
/// become `file://` URIs; separators are `/` and every byte outside `A-Z a-z 0-9 - . _ ~ /` is
/// percent-encoded (spaces, `#`, `?`, `%`, `:`, non-ASCII, control characters).
pub fn path_to_uri(path: &str) -> String {
    let mut p: Cow<'_, str> = Cow::Borrowed(path);
    if cfg!(windows) {
        p = Cow::Owned(p.replace('\\', "/"));
    }
    let mut rest: &str = &p;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let windows_drive = cfg!(windows)
        && rest.len() >= 2
        && rest.as_bytes()[0].is_ascii_alphabetic()
        && rest.as_bytes()[1] == b':';
    let mut out = String::with_capacity(rest.len() + 8);
    let rest = if rest.starts_with('/') {
        out.push_str("file://");
        rest
    } else if windows_drive {
        // `C:/x` -> `file:///C:/x`: the drive colon is part of the path, not a scheme.
        out.push_str("file:///");
        out.push_str(&rest[..2]);
        &rest[2..]
    } else {
        rest
    };
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Label};
    use crate::span::Span;

    #[test]
    fn format_names_round_trip() {
        for (format, name) in Format::ALL.into_iter().zip(Format::NAMES) {
            assert_eq!(format.as_str(), name);
            assert_eq!(name.parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), name);
        }
        let err = "JSON".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `JSON` (expected one of: human, concise, json, sarif, github, gitlab, checkstyle, gnu)"
        );
        assert!("x\x1b[2J"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("x\\x1b[2J"));
    }

    #[test]
    fn escapes_hostile_characters_only() {
        assert!(matches!(escape_control("FROM café"), Cow::Borrowed(_)));
        assert_eq!(
            escape_control("a\x1b[31mb\x07\r\n\t\x7f\u{9b}\u{202e}\\x"),
            "a\\x1b[31mb\\x07\\r\\n\\t\\x7f\\u{9b}\\u{202e}\\x"
        );
        for c in [
            '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{feff}',
        ] {
            let escaped = escape_control(c.encode_utf8(&mut [0; 4])).into_owned();
            assert_eq!(escaped, format!("\\u{{{:x}}}", c as u32));
        }
    }

    #[test]
    fn location_paths_cannot_forge_a_location() {
        assert_eq!(escape_location_path("a/Dockerfile"), "a/Dockerfile");
        assert_eq!(
            escape_location_path("x:1:1: error: y\n"),
            "x\\x3a1\\x3a1\\x3a error\\x3a y\\n"
        );
    }

    #[test]
    fn summary_lines() {
        let mut s = Summary {
            files: 2,
            files_with_findings: 2,
            errors: 1,
            diagnostics: 3,
            error: 1,
            warning: 2,
            ..Summary::default()
        };
        assert_eq!(
            s.to_string(),
            "3 findings (1 error, 2 warnings) in 2 files; 1 file could not be read"
        );
        s = Summary {
            files: 1,
            files_with_findings: 1,
            diagnostics: 1,
            style: 1,
            ..Summary::default()
        };
        assert_eq!(s.to_string(), "1 finding (1 style) in 1 file");
        s = Summary {
            files: 4,
            files_with_findings: 3,
            diagnostics: 11,
            warning: 11,
            ..Summary::default()
        };
        assert_eq!(s.to_string(), "11 findings (11 warnings) in 3 of 4 files");
        assert_eq!(Summary::default().to_string(), "no findings in 0 files");
    }

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(path_to_uri("./Dockerfile"), "Dockerfile");
        assert_eq!(path_to_uri("a b/#1?%.df"), "a%20b/%231%3F%25.df");
        assert_eq!(path_to_uri("naïve\nx"), "na%C3%AFve%0Ax");
        assert_eq!(path_to_uri("c:d"), "c%3Ad");
        assert_eq!(path_to_uri("/tmp/x y"), "file:///tmp/x%20y");
    }

    fn report(text: &str, spans: &[Span]) -> FileReport {
        let diagnostics = spans
            .iter()
            .map(|&span| Diagnostic {
                code: "DH401",
                name: "untagged-base-image",
                severity: Severity::Warning,
                message: "m".into(),
                help: None,
                primary: Label {
                    span,
                    message: None,
                },
                secondary: vec![],
                fix: None,
            })
            .collect();
        FileReport {
            path: "Dockerfile".into(),
            source: Some(text.into()),
            lines: None,
            diagnostics,
            error: None,
        }
    }

    #[test]
    fn fingerprints_survive_edits_above_and_tell_repeats_apart() {
        let before = report(
            "FROM python\nFROM python\n",
            &[Span::new(5, 11), Span::new(17, 23)],
        );
        let after = report(
            "# a comment\n\nFROM python\nFROM python\n",
            &[Span::new(18, 24), Span::new(30, 36)],
        );
        let a = fingerprints(&before);
        assert_eq!(a, fingerprints(&after));
        assert_ne!(a[0], a[1]);
        assert_eq!(a[0].len(), 32);
        // Pinned: a change here breaks every baseline users have stored.
        assert_eq!(a[0], "fab155e20463a7f53f4ff3a63b2c02f1");
        let changed = report("FROM python:3\nFROM python\n", &[Span::new(5, 11)]);
        assert_ne!(fingerprints(&changed)[0], a[0]);
    }

    #[test]
    fn positions_tolerate_bad_spans() {
        let r = report("FROM café\n", &[]);
        assert_eq!(r.span_text(Span::new(8, 100)), "é\n");
        assert_eq!(r.span_text(Span::new(9, 3)), "");
        assert_eq!(r.line_text_at(7), "FROM café");
        let (start, end) = r.range(Span::new(5, 10));
        assert_eq!(
            (start.line, start.column, end.line, end.column),
            (1, 6, 1, 10)
        );
    }
}
