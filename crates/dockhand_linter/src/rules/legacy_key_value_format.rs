//! DH604: `ENV key value` / `LABEL key value`, the legacy form.
use super::prelude::*;
use crate::parse::{ArgForm, Instruction, Kind};

declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` written in the legacy whitespace form (`ENV PATH /opt/bin`)
    /// instead of `key=value`. The finding's span is the key and value, the text to rewrite
    /// (the key is labelled).
    ///
    /// ## Why is this bad?
    /// The legacy form takes everything after the first space as one value, quotes and all,
    /// so `ENV A 1 B 2` sets `A` to `1 B 2`; it is deprecated and reads unlike every other
    /// `key=value` instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME /srv/app
    /// ENV JAVA_OPTS -Xms256m -Xmx1g
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME=/srv/app
    /// ENV JAVA_OPTS="-Xms256m -Xmx1g"
    /// ```
    ///
    /// ## Fix
    /// Replaces the blanks after the key (and any line continuation there: the value moves
    /// up to the key's line) with `=`. When the value has blanks outside quotes, which the
    /// `key=value` form would split into more words, the value is put in double quotes and
    /// rewritten so that it stays the very same string: quotes it had are dropped, a `"`, `$`
    /// or escape character meant literally gets the escape character before it, and `$NAME`
    /// becomes `${NAME}` where a letter, digit or `_` follows it once the quotes are gone.
    /// Variables are still substituted as before; line continuations inside the value stay
    /// where they are. Safe: BuildKit sets the same variable or label to the same value. No
    /// fix when the key is quoted or has `$` in it, when a comment line sits between key and
    /// value, for a `${…}` holding quotes or the escape character, for an unterminated quote,
    /// and for a `$` followed by a non-ASCII character.
    pub LegacyKeyValueFormat {
        code: "DH604",
        name: "legacy-key-value-format",
        severity: Style,
        category: Style,
        summary: "`ENV` or `LABEL` in the legacy `key value` form instead of `key=value`",
        aliases: ["LegacyKeyValueFormat"],
    }
}

/// One piece of a value as BuildKit's word processing reads it, with its byte range in the
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    /// A character that stands for itself (an escaped one, or one inside quotes).
    Lit(char),
    /// A `$` substitution, kept as written: `$NAME`, `$1`, `$@`, `${…}`. `name` is the
    /// variable name of an unbraced `$NAME` or `$123` (empty otherwise).
    Subst { name: String },
    /// A quote character that only delimits (it stands for nothing).
    Quote,
}

/// Reads `v` (with escape character `esc`) into atoms the way BuildKit's shell lexer
/// processes an ENV or LABEL value. `None` where the value is one this fix does not rewrite
/// (see the rule's page).
fn atoms(v: &str, esc: char) -> Option<Vec<(Atom, std::ops::Range<usize>)>> {
    let chars: Vec<(usize, char)> = v.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(v.len(), |c| c.0);
    let mut out = Vec::with_capacity(chars.len());
    let mut k = 0;
    // inside double quotes
    let mut dq = false;
    while let Some(&(at, c)) = chars.get(k) {
        if c == '$' {
            let len = subst_len(&chars, k, esc)?;
            let name: String = chars[k + 1..k + len]
                .iter()
                .map(|c| c.1)
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let atom = if len == 1 {
                Atom::Lit('$')
            } else {
                Atom::Subst { name }
            };
            out.push((atom, at..end_of(k + len)));
            k += len;
            continue;
        }
        if dq {
            if c == '"' {
                dq = false;
                out.push((Atom::Quote, at..end_of(k + 1)));
                k += 1;
            } else if c == esc {
                match chars.get(k + 1) {
                    Some(&(_, n)) if n == '"' || n == '$' || n == esc => {
                        out.push((Atom::Lit(n), at..end_of(k + 2)));
                        k += 2;
                    }
                    Some(_) => {
                        out.push((Atom::Lit(c), at..end_of(k + 1)));
                        k += 1;
                    }
                    // an escape right before the end inside quotes: unterminated
                    None => return None,
                }
            } else {
                out.push((Atom::Lit(c), at..end_of(k + 1)));
                k += 1;
            }
            continue;
        }
        match c {
            '"' => {
                dq = true;
                out.push((Atom::Quote, at..end_of(k + 1)));
                k += 1;
            }
            '\'' => {
                out.push((Atom::Quote, at..end_of(k + 1)));
                k += 1;
                loop {
                    let &(at, c) = chars.get(k)?;
                    k += 1;
                    if c == '\'' {
                        out.push((Atom::Quote, at..end_of(k)));
                        break;
                    }
                    out.push((Atom::Lit(c), at..end_of(k)));
                }
            }
            c if c == esc => {
                let &(_, n) = chars.get(k + 1)?;
                out.push((Atom::Lit(n), at..end_of(k + 2)));
                k += 2;
            }
            c => {
                out.push((Atom::Lit(c), at..end_of(k + 1)));
                k += 1;
            }
        }
    }
    (!dq).then_some(out)
}

/// The length in characters of the substitution starting with the `$` at `chars[k]` (1 for
/// a `$` that stands for itself); `None` for one this fix does not rewrite.
fn subst_len(chars: &[(usize, char)], k: usize, esc: char) -> Option<usize> {
    let at = |i: usize| chars.get(k + i).map(|c| c.1);
    match at(1) {
        Some('{') => {
            // up to the matching `}`; nested `${` open a level, quotes and escapes inside are
            // not rewritten
            let mut depth = 1usize;
            let mut i = 2;
            loop {
                let c = at(i)?;
                if c == '\'' || c == '"' || c == esc || !c.is_ascii() {
                    return None;
                }
                if c == '$' && at(i + 1) == Some('{') {
                    depth += 1;
                    i += 2;
                    continue;
                }
                i += 1;
                if c == '}' {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
            }
        }
        Some(c) if c.is_ascii_digit() => {
            let mut i = 2;
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            Some(i)
        }
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut i = 2;
            while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                i += 1;
            }
            // a non-ASCII letter would continue the name for BuildKit
            if at(i).is_some_and(|c| !c.is_ascii() && c.is_alphanumeric()) {
                return None;
            }
            Some(i)
        }
        Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => Some(2),
        Some(c) if !c.is_ascii() => None,
        _ => Some(1),
    }
}

/// Whether `v` has a blank outside quotes, as BuildKit's `key=value` word splitter sees it
/// (quotes and escapes only; `${…}` does not protect). `None` for an unterminated quote.
fn has_unquoted_blank(v: &str, esc: char) -> Option<bool> {
    let mut quote: Option<char> = None;
    let mut it = v.chars();
    while let Some(c) = it.next() {
        match quote {
            None if c.is_whitespace() => return Some(true),
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') => {}
            _ if c == esc => {
                it.next()?;
            }
            _ => {}
        }
    }
    quote.is_none().then_some(false)
}

/// How `atoms[i]` is written inside double quotes so that it stands for what it stood for.
fn in_double_quotes(atoms: &[(Atom, std::ops::Range<usize>)], i: usize, v: &str, esc: char) -> String {
    let next = atoms[i + 1..]
        .iter()
        .map(|a| &a.0)
        .find(|a| **a != Atom::Quote);
    let special = |c: char| c == '"' || c == '$' || c == esc;
    match &atoms[i].0 {
        Atom::Quote => String::new(),
        // an escape character written alone and followed by an ordinary one stands for
        // itself inside double quotes too
        Atom::Lit(c)
            if *c == esc
                && atoms[i].1.len() == c.len_utf8()
                && matches!(next, Some(Atom::Lit(n)) if !special(*n)) =>
        {
            c.to_string()
        }
        Atom::Lit(c) if special(*c) => format!("{esc}{c}"),
        Atom::Lit(c) => c.to_string(),
        Atom::Subst { name } => {
            let joins = match next {
                Some(Atom::Lit(n)) if !name.is_empty() => {
                    if name.starts_with(|c: char| c.is_ascii_digit()) {
                        n.is_ascii_digit()
                    } else {
                        n.is_alphanumeric() || *n == '_'
                    }
                }
                _ => false,
            };
            if joins {
                format!("${{{name}}}")
            } else {
                v[atoms[i].1.clone()].to_string()
            }
        }
    }
}

/// `s` as a double-quoted ENV or LABEL value that stands for exactly `s`, no substitution.
pub(crate) fn double_quoted_literal(s: &str, esc: char) -> String {
    let atoms: Vec<(Atom, std::ops::Range<usize>)> = s
        .char_indices()
        .map(|(i, c)| (Atom::Lit(c), i..i + c.len_utf8()))
        .collect();
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for i in 0..atoms.len() {
        out.push_str(&in_double_quotes(&atoms, i, s, esc));
    }
    out.push('"');
    out
}

/// Characters a key may have for the fix to rewrite it as `key=`.
fn plain_key(k: &str, esc: char) -> bool {
    !k.is_empty()
        && !k
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '$' | '=') || c == esc)
}

/// The fix for a legacy pair, and the value as the `key=value` form writes it.
fn fix_for(cx: &Context<'_>, ins: &Instruction, key: &Spanned<String>, value: &Spanned<String>) -> Option<(Fix, String)> {
    let esc = cx.escape();
    if cx.text(key.span) != key.value || !plain_key(&key.value, esc) {
        return None;
    }
    // blanks, or blanks and line continuations (the value then moves up to the key's line);
    // never a comment line
    let gap = Span::new(key.span.end, value.span.start);
    if gap.start >= gap.end
        || !cx
            .text(gap)
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\r' | '\n') || c == esc)
    {
        return None;
    }
    let v = value.value.as_str();
    if v.is_empty() || v.ends_with(esc) {
        return None;
    }
    let title = |shown: &str| format!("write `{} {}={shown}`", ins.kind.as_str(), key.value);
    if !has_unquoted_blank(v, esc)? {
        let shown = v.to_string();
        return Some((Fix::safe(title(&shown), vec![Edit::replace(gap, "=")]), shown));
    }
    let atoms = atoms(v, esc)?;
    // where the value starts in the instruction's joined text
    let base = ins.rest.value.len().checked_sub(v.len())?;
    let mut edits = vec![Edit::replace(gap, "=\""), Edit::insert(value.span.end, "\"")];
    let mut shown = String::from("\"");
    for i in 0..atoms.len() {
        let written = in_double_quotes(&atoms, i, v, esc);
        shown.push_str(&written);
        let range = atoms[i].1.clone();
        let was = &v[range.clone()];
        if written == was {
            continue;
        }
        let span = ins.rest_span(base + range.start, base + range.end);
        // an atom cut by a line continuation: its source is not its text
        if cx.text(span) != was {
            return None;
        }
        edits.push(Edit::replace(span, written));
    }
    shown.push('"');
    Some((Fix::safe(title(&shown), edits), shown))
}

impl Rule for LegacyKeyValueFormat {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for ins in model.instructions() {
            if !matches!(ins.kind, Kind::Env | Kind::Label) || ins.form != ArgForm::Pairs {
                continue;
            }
            let (Some(key), Some(value)) = (ins.args.first(), ins.args.get(1)) else {
                continue;
            };
            // the `key=value` form has `=` right after the key
            if cx.source.as_bytes().get(key.span.end) == Some(&b'=') {
                continue;
            }
            let name = ins.kind.as_str();
            let v = value.value.trim_end();
            let fix = fix_for(cx, ins, key, value);
            let help = match &fix {
                Some((_, shown)) => format!("write `{name} {}={shown}`", key.value),
                None => format!("write `{name} {}=<value>`, quoting the value if it has blanks", key.value),
            };
            cx.report(
                &Self::META,
                key.span.cover(value.span),
                format!("`{name} {} {v}` uses the legacy `key value` form", key.value),
            )
            .label(key.span, "the key")
            .help(help)
            .fix_opt(fix.map(|f| f.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::{fix_text, FixOptions};
    use crate::lint::LintOptions;
    use crate::model::expand::expand;
    use crate::rules::FileFacts;

    /// Fixes `text` with this rule alone.
    fn fixed(text: &str) -> String {
        let all = |_: &str| true;
        let fo = FixOptions {
            unsafe_fixes: false,
            fixable: &all,
        };
        let opts = LintOptions {
            rules: vec![&super::LegacyKeyValueFormat],
            ..LintOptions::default()
        };
        fix_text(text, &FileFacts::default(), &opts, &fo).text
    }

    /// The value of each ENV/LABEL pair after BuildKit's word processing, every variable
    /// standing for `<NAME>`.
    fn values(text: &str) -> Vec<(String, String)> {
        let df = crate::parse::parse(text);
        let lookup = |n: &str| Some(std::sync::Arc::from(format!("<{n}>")));
        let mut out = Vec::new();
        for ins in &df.instructions {
            for p in ins.args.chunks(2) {
                if let [k, v] = p {
                    out.push((k.value.clone(), expand(&v.value, df.escape, &lookup).text));
                }
            }
        }
        out
    }

    #[test]
    fn values_stay_the_same_string() {
        let cases = [
            ("\\", "ENV A hello world", "ENV A=\"hello world\""),
            ("\\", "ENV A /opt/bin", "ENV A=/opt/bin"),
            ("\\", "ENV A \"x y\"", "ENV A=\"x y\""),
            ("\\", "ENV A 'x y' z", "ENV A=\"x y z\""),
            ("\\", "ENV A $HOME/bin:$PATH two", "ENV A=\"$HOME/bin:$PATH two\""),
            ("\\", "ENV A \"$X\"y z", "ENV A=\"${X}y z\""),
            ("\\", "ENV A $X'y' z", "ENV A=\"${X}y z\""),
            ("\\", "ENV A 'single \"dq\" $NOT' \"dq 'sq'\" end", "ENV A=\"single \\\"dq\\\" \\$NOT dq 'sq' end\""),
            ("\\", "ENV A a\\ b c", "ENV A=\"a b c\""),
            ("\\", "ENV A C:\\\\dir x\\$y", "ENV A=\"C:\\\\dir x\\$y\""),
            ("\\", "ENV A \"a\\b\" c", "ENV A=\"a\\b c\""),
            ("\\", "ENV A ${X:-a b} c", "ENV A=\"${X:-a b} c\""),
            ("\\", "ENV A $ \"{x}\" y", "ENV A=\"\\$ {x} y\""),
            ("\\", "ENV A $\"{x}\" y", "ENV A=\"\\${x} y\""),
            ("\\", "ENV A x \\$ y", "ENV A=\"x \\$ y\""),
            ("\\", "LABEL description A web app", "LABEL description=\"A web app\""),
            ("`", "ENV A C:\\Program Files\\app", "ENV A=\"C:\\Program Files\\app\""),
            ("`", "ENV A say `\"hi`\" now", "ENV A=\"say `\"hi`\" now\""),
            ("`", "ENV A 'a`b' c", "ENV A=\"a`b c\""),
            ("`", "ENV A 'a`' $X", "ENV A=\"a` $X\""),
            ("`", "ENV A x 'a`'", "ENV A=\"x a``\""),
            ("`", "ENV A x 'a$'", "ENV A=\"x a`$\""),
        ];
        for (esc, line, want) in cases {
            let head = if esc == "`" { "# escape=`\n" } else { "" };
            let before = format!("{head}FROM alpine:3.22\n{line}\n");
            let after = fixed(&before);
            assert_eq!(after, format!("{head}FROM alpine:3.22\n{want}\n"), "{line}");
            assert_eq!(values(&before), values(&after), "{line}");
        }
    }

    #[test]
    fn continuations_stay() {
        let before = "FROM alpine:3.22\nENV OPTS -Xms1g \\\n    -Xmx2g\n";
        let after = fixed(before);
        assert_eq!(after, "FROM alpine:3.22\nENV OPTS=\"-Xms1g \\\n    -Xmx2g\"\n");
        assert_eq!(values(before), values(&after));
        // a continuation between key and value: the value moves up
        let before = "FROM alpine:3.22\nENV DEPS \\\n\t\tgcc \\\n\t\tmake\n";
        let after = fixed(before);
        assert_eq!(after, "FROM alpine:3.22\nENV DEPS=\"gcc \\\n\t\tmake\"\n");
        assert_eq!(values(before), values(&after));
        let before = "FROM alpine:3.22\nENV A 'x \\\n y'\n";
        assert_eq!(fixed(before), "FROM alpine:3.22\nENV A='x \\\n y'\n");
    }

    #[test]
    fn no_fix_where_unsure() {
        for line in [
            "ENV A 'unterminated x",
            "ENV A ${X:-\"a b\"} c",
            "ENV A \\\n# a comment\n  b",
            "ENV \"A\" b",
        ] {
            let before = format!("FROM alpine:3.22\n{line}\n");
            assert_eq!(fixed(&before), before, "{line}");
        }
    }

    /// Over the corpus (when it is there): every value the fix rewrites is the same string
    /// after BuildKit's word processing, and the findings left are those with no fix.
    #[test]
    fn corpus_values_stay_the_same() {
        let Some(dir) = dockhand_test_support::corpus("corpus_values_stay_the_same", "real") else {
            return;
        };
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        let mut todo = vec![dir];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        let (mut changed, mut left) = (0, 0);
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            let after = fixed(&text);
            if after != text {
                changed += 1;
                assert_eq!(values(&text), values(&after), "{}", f.display());
            }
            let opts = LintOptions {
                rules: vec![&super::LegacyKeyValueFormat],
                ..LintOptions::default()
            };
            let (_, d) = crate::lint::lint_model(&after, &FileFacts::default(), &opts);
            left += d.len();
        }
        println!("DH604 corpus: {changed} files fixed, {left} findings left");
    }
}
