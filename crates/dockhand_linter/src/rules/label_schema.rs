//! What the label-schema rules (DL3049-DL3058) share: the schema the configuration gives them
//! (`[labels]` in `dockhand.toml`, `label-schema` in `.hadolint.yaml`), the labels of a file,
//! and the checks of each label type. Not a rule.

use super::options::{OptionField, Options};
use super::prelude::*;
use crate::model::expand::unquote;
use crate::parse::Kind;

/// The type a schema gives a label: what its value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Any value (only DL3049 and DL3051 apply).
    Text,
    /// An absolute URL (`https://…`).
    Url,
    /// A semantic version (`1.2.3`, `2.0.0-rc.1`).
    Semver,
    /// A git commit hash, abbreviated or full.
    Hash,
    /// An RFC 3339 date and time (`2026-12-02T01:30:00Z`).
    Rfc3339,
    /// An SPDX license expression (`MIT`, `Apache-2.0 OR MIT`).
    Spdx,
    /// An e-mail address (`team@example.com`).
    Email,
}

impl LabelType {
    /// Every type, as written in configuration.
    pub const NAMES: &'static [&'static str] =
        &["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];

    pub fn parse(s: &str) -> Option<LabelType> {
        Some(match s {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "semver" => LabelType::Semver,
            "hash" => LabelType::Hash,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "email" => LabelType::Email,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Semver => "semver",
            LabelType::Hash => "hash",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Spdx => "spdx",
            LabelType::Email => "email",
        }
    }
}

/// The label schema, shared by the label rules. Set by the configuration layer with
/// `RuleOptions::set_shared`; the rules have no `[rules.<name>]` table of their own.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct LabelSchema {
    /// Label name → type, in the order the configuration lists them.
    pub labels: Vec<(String, LabelType)>,
    /// Labels outside the schema are findings of DL3050.
    pub strict: bool,
}

impl LabelSchema {
    pub fn get(&self, label: &str) -> Option<LabelType> {
        self.labels
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| *t)
    }
}

impl Options for LabelSchema {
    fn fields() -> Vec<OptionField> {
        Vec::new()
    }

    fn default_ref() -> &'static Self {
        static DEFAULT: std::sync::LazyLock<LabelSchema> =
            std::sync::LazyLock::new(LabelSchema::default);
        &DEFAULT
    }
}

/// One `key=value` of a `LABEL`, unquoted, with the spans of both.
pub(crate) struct LabelPair {
    pub key: String,
    pub key_span: Span,
    pub value: String,
    pub value_span: Span,
    /// The instruction's index.
    pub instruction: usize,
}

/// Every label pair of every `LABEL` of the file, in order (`ONBUILD LABEL` not included: it
/// labels the images built from this one).
pub(crate) fn label_pairs(model: &Model) -> Vec<LabelPair> {
    let escape = model.dockerfile().escape;
    let mut out = Vec::new();
    for (idx, ins) in model.instructions().iter().enumerate() {
        if ins.kind != Kind::Label {
            continue;
        }
        for pair in ins.args.chunks(2) {
            let [k, v] = pair else { continue };
            out.push(LabelPair {
                key: unquote(&k.value, escape),
                key_span: k.span,
                value: unquote(&v.value, escape),
                value_span: if v.span.is_empty() { k.span } else { v.span },
                instruction: idx,
            });
        }
    }
    out
}

/// The pairs whose key the schema gives type `ty`, whose value is set and fixed (a value with
/// a variable is only known at build time, so it is not judged), and that `valid` rejects.
pub(crate) fn check_typed(
    cx: &mut Context<'_>,
    meta: &'static RuleMeta,
    ty: LabelType,
    valid: fn(&str) -> bool,
    what: &str,
    example: &str,
) {
    let schema = cx.options::<LabelSchema>();
    if !schema.labels.iter().any(|(_, t)| *t == ty) {
        return;
    }
    for p in label_pairs(cx.model()) {
        if schema.get(&p.key) != Some(ty) || p.value.is_empty() || p.value.contains('$') {
            continue;
        }
        if valid(&p.value) {
            continue;
        }
        cx.report(
            meta,
            p.value_span,
            format!("label `{}` is `{}`, which is not {what}", p.key, p.value),
        )
        .primary_label(format!("not {what}"))
        .help(format!(
            "set `{}` to {what}, e.g. `{}={example}`, or change its type in the label schema",
            p.key, p.key
        ));
    }
}

/// An absolute URI: a scheme (a letter, then letters, digits, `+`, `-`, `.`), `:`, and then
/// only characters a URI may hold (RFC 3986; `%` followed by two hex digits).
pub(crate) fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return false;
    }
    if rest.is_empty() {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(|x| x.is_ascii_hexdigit());
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// A semantic version 2.0.0: `MAJOR.MINOR.PATCH`, numbers without leading zeros, then an
/// optional `-pre.release` and `+build` of dot-separated alphanumeric identifiers.
pub(crate) fn is_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| numeric(p)) {
        return false;
    }
    if let Some(pre) = pre {
        let ok = pre
            .split('.')
            .all(|p| ident(p) && (!p.bytes().all(|b| b.is_ascii_digit()) || numeric(p)));
        if !ok {
            return false;
        }
    }
    build.is_none_or(|b| b.split('.').all(ident))
}

/// A git commit hash: lower-case hex, 7 to 40 digits (abbreviated or SHA-1), or 64 (SHA-256).
pub(crate) fn is_git_hash(v: &str) -> bool {
    ((7..=40).contains(&v.len()) || v.len() == 64)
        && v.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, with `t`/space for `T` and
/// `z` for `Z` as the RFC allows, fields in range.
pub(crate) fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = v.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (Some(_year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let (Some(h), Some(m), Some(s)) = (num(11..13), num(14..16), num(17..19)) else {
        return false;
    };
    if b[13] != b':' || b[16] != b':' {
        return false;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &v[i..] {
        "Z" | "z" => true,
        off => {
            let ob = off.as_bytes();
            ob.len() == 6
                && matches!(ob[0], b'+' | b'-')
                && ob[3] == b':'
                && num(i + 1..i + 3).is_some_and(|x| x <= 23)
                && num(i + 4..i + 6).is_some_and(|x| x <= 59)
        }
    }
}

/// An SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH
/// Classpath-exception-2.0`), read strictly against the SPDX license list.
pub(crate) fn is_spdx(v: &str) -> bool {
    // real expressions are short; this bounds the parser's work on a hostile value
    v.len() <= 1024 && spdx::Expression::parse(v).is_ok()
}

/// An e-mail address (`local@domain`, RFC 5322's addr-spec without comments or quoted local
/// parts): dot-separated atoms of the allowed characters, a domain of dot-separated labels.
pub(crate) fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    let atom_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|a| !a.is_empty() && a.chars().all(atom_char));
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let domain_ok = !domain.is_empty() && domain.len() <= 253 && domain.split('.').all(label_ok);
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        for v in [
            "https://example.com/x?a=1#f",
            "git+ssh://h/r.git",
            "urn:isbn:1",
            "http://h/%20",
        ] {
            assert!(is_url(v), "{v}");
        }
        for v in [
            "example.com",
            "://x",
            "1http://x",
            "http://a b",
            "http:",
            "http://%zz",
        ] {
            assert!(!is_url(v), "{v}");
        }
        for v in ["1.2.3", "0.0.0", "10.20.30-rc.1+build.5", "1.0.0-alpha-1"] {
            assert!(is_semver(v), "{v}");
        }
        for v in [
            "v1.2.3", "1.2", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.3.4",
        ] {
            assert!(!is_semver(v), "{v}");
        }
        assert!(is_git_hash("abc1234"));
        assert!(is_git_hash("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_git_hash("abc123"));
        assert!(!is_git_hash("ABC1234"));
        assert!(!is_git_hash("main"));
        for v in [
            "2026-12-02T01:30:00Z",
            "2026-12-02t01:30:00.123+01:00",
            "2026-12-02 01:30:00-05:30",
        ] {
            assert!(is_rfc3339(v), "{v}");
        }
        for v in [
            "2026-12-02",
            "2026-13-02T01:30:00Z",
            "2026-12-02T01:30:00",
            "02/12/2026 01:30",
            "2026-12-02T01:30:00+1:00",
        ] {
            assert!(!is_rfc3339(v), "{v}");
        }
        for v in [
            "MIT",
            "Apache-2.0 OR MIT",
            "GPL-2.0-only WITH Classpath-exception-2.0",
        ] {
            assert!(is_spdx(v), "{v}");
        }
        for v in ["MIT License", "apache", "BSD"] {
            assert!(!is_spdx(v), "{v}");
        }
        for v in ["team@example.com", "first.last+tag@sub.example.org"] {
            assert!(is_email(v), "{v}");
        }
        for v in [
            "team",
            "@example.com",
            "a@",
            "a..b@x.org",
            "Jane <jane@x.org>",
            "a@-x.org",
        ] {
            assert!(!is_email(v), "{v}");
        }
    }
}
