//! Word processing as BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`) does it for
//! FROM, USER, WORKDIR, COPY, ENV, ARG: quotes removed, the escape character applied, and
//! `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`,
//! `${VAR:?msg}` substituted from the variables in scope. Unknown variables expand to nothing
//! and are reported, so callers can tell a resolved value from a guess.
//!
//! Written by hand: it must follow BuildKit's rules (not POSIX sh's), and nesting is bounded so
//! hostile input cannot overflow the stack.

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expanded {
    pub text: String,
    /// Variables that were referenced but not defined.
    pub unresolved: Vec<String>,
    /// Whether any `$` substitution happened (the text then differs from the source).
    pub substituted: bool,
}

impl Expanded {
    pub fn is_resolved(&self) -> bool {
        self.unresolved.is_empty()
    }
}

/// Nesting limit for `${A:-${B:-...}}`; deeper input is kept literally.
const MAX_DEPTH: usize = 32;

/// At most this many bytes of variable values are substituted into one word. Each ARG's value
/// is stored expanded, so `ARG B=$A$A`, `ARG C=$B$B`, ... doubles at every line: without a
/// bound sixty such lines need more memory than any machine has. A variable that would go over
/// the bound is treated as unresolved (reported, not guessed).
pub const MAX_SUBSTITUTED: usize = 1 << 20;

/// Expands `word` with the escape character `escape`, looking variables up with `lookup`.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expanded {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Expanded::default();
    let mut i = 0;
    let budget = std::cell::Cell::new(MAX_SUBSTITUTED);
    let bounded = |name: &str| -> Option<String> {
        let v = lookup(name)?;
        let left = budget.get().checked_sub(v.len())?;
        budget.set(left);
        Some(v)
    };
    let text = process(&chars, &mut i, None, escape, &bounded, &mut out, 0);
    out.text = text;
    out
}

/// Removes quotes and escapes without substituting anything (`$X` stays as written).
pub fn unquote(word: &str, escape: char) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == '\'' {
            while i < chars.len() && chars[i] != '\'' {
                out.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else if c == '"' {
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == escape && i + 1 < chars.len() {
                    i += 1;
                }
                out.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else if c == escape {
            if i < chars.len() {
                out.push(chars[i]);
                i += 1;
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn process(
    chars: &[char],
    i: &mut usize,
    stop: Option<char>,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    st: &mut Expanded,
    depth: usize,
) -> String {
    let mut out = String::new();
    while *i < chars.len() {
        let c = chars[*i];
        if Some(c) == stop {
            *i += 1;
            return out;
        }
        match c {
            '\'' => {
                *i += 1;
                while *i < chars.len() && chars[*i] != '\'' {
                    out.push(chars[*i]);
                    *i += 1;
                }
                *i += 1;
            }
            '"' => {
                *i += 1;
                while *i < chars.len() && chars[*i] != '"' {
                    let d = chars[*i];
                    if d == '$' {
                        out.push_str(&dollar(chars, i, escape, lookup, st, depth));
                        continue;
                    }
                    if d == escape && *i + 1 < chars.len() {
                        let n = chars[*i + 1];
                        if matches!(n, '"' | '$') || n == escape {
                            out.push(n);
                            *i += 2;
                            continue;
                        }
                    }
                    out.push(d);
                    *i += 1;
                }
                *i += 1;
            }
            '$' => out.push_str(&dollar(chars, i, escape, lookup, st, depth)),
            c if c == escape => {
                *i += 1;
                if *i < chars.len() {
                    out.push(chars[*i]);
                    *i += 1;
                }
            }
            c => {
                out.push(c);
                *i += 1;
            }
        }
    }
    out
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn dollar(
    chars: &[char],
    i: &mut usize,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    st: &mut Expanded,
    depth: usize,
) -> String {
    *i += 1; // the `$`
    let get = |name: &str, st: &mut Expanded| -> Option<String> {
        st.substituted = true;
        let v = lookup(name);
        if v.is_none() && !st.unresolved.iter().any(|u| u == name) {
            st.unresolved.push(name.to_string());
        }
        v
    };
    match chars.get(*i) {
        Some('{') => {
            *i += 1;
            let start = *i;
            while *i < chars.len() && is_name_char(chars[*i]) {
                *i += 1;
            }
            let name: String = chars[start..*i].iter().collect();
            if name.is_empty() {
                // `${}` and the like: BuildKit reports a bad substitution; keep it literal.
                return "${".to_string();
            }
            match chars.get(*i) {
                Some('}') => {
                    *i += 1;
                    get(&name, st).unwrap_or_default()
                }
                Some(&m @ (':' | '-' | '+' | '?')) => {
                    let colon = m == ':';
                    if colon {
                        *i += 1;
                    }
                    let op = chars.get(*i).copied().unwrap_or('}');
                    if matches!(op, '-' | '+' | '?') {
                        *i += 1;
                    }
                    if depth >= MAX_DEPTH {
                        return String::new();
                    }
                    let word = process(chars, i, Some('}'), escape, lookup, st, depth + 1);
                    st.substituted = true;
                    let v = lookup(&name);
                    let set = match &v {
                        Some(v) => !(colon && v.is_empty()),
                        None => false,
                    };
                    match op {
                        '-' => {
                            if set {
                                v.unwrap_or_default()
                            } else {
                                word
                            }
                        }
                        '+' => {
                            if set {
                                word
                            } else {
                                String::new()
                            }
                        }
                        _ => match v {
                            Some(v) if set => v,
                            _ => {
                                if !st.unresolved.contains(&name) {
                                    st.unresolved.push(name.clone());
                                }
                                String::new()
                            }
                        },
                    }
                }
                _ => {
                    // unsupported modifier: skip to the closing brace
                    while *i < chars.len() && chars[*i] != '}' {
                        *i += 1;
                    }
                    *i += 1;
                    st.substituted = true;
                    if !st.unresolved.contains(&name) {
                        st.unresolved.push(name.clone());
                    }
                    String::new()
                }
            }
        }
        Some(&c) if c.is_ascii_digit() => {
            *i += 1;
            get(&c.to_string(), st).unwrap_or_default()
        }
        Some(&c) if is_name_char(c) => {
            let start = *i;
            while *i < chars.len() && is_name_char(chars[*i]) {
                *i += 1;
            }
            let name: String = chars[start..*i].iter().collect();
            get(&name, st).unwrap_or_default()
        }
        _ => "$".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "GO_VERSION" => Some("1.22".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn substitutes_and_reports_unknowns() {
        let e = expand("golang:${GO_VERSION}-alpine", '\\', &env);
        assert_eq!(e.text, "golang:1.22-alpine");
        assert!(e.is_resolved() && e.substituted);
        let e = expand("$BASE", '\\', &env);
        assert_eq!(e.text, "");
        assert_eq!(e.unresolved, ["BASE"]);
        assert_eq!(
            expand("${X:-alpine}:${EMPTY:-3}", '\\', &env).text,
            "alpine:3"
        );
        assert_eq!(
            expand("${EMPTY-x}${GO_VERSION:+set}", '\\', &env).text,
            "set"
        );
        assert_eq!(
            expand("'$GO_VERSION' \"$GO_VERSION\"", '\\', &env).text,
            "$GO_VERSION 1.22"
        );
        assert_eq!(expand("a\\ b\\$X", '\\', &env).text, "a b$X");
        assert_eq!(expand("a`$X", '`', &env).text, "a$X");
    }

    #[test]
    fn unquote_keeps_variables() {
        assert_eq!(unquote("\"x y\"", '\\'), "x y");
        assert_eq!(unquote("'a'b\\ c$D", '\\'), "ab c$D");
    }

    #[test]
    fn substitution_is_bounded() {
        let big = "x".repeat(MAX_SUBSTITUTED / 2 + 1);
        let lookup = |n: &str| (n == "A").then(|| big.clone());
        let e = expand("$A", '\\', &lookup);
        assert_eq!(e.text.len(), big.len());
        let e = expand("$A$A", '\\', &lookup);
        assert_eq!(e.text.len(), big.len(), "the second one is over the bound");
        assert_eq!(e.unresolved, ["A"]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let w = format!("{}x{}", "${A:-".repeat(10_000), "}".repeat(10_000));
        let e = expand(&w, '\\', &env);
        assert!(e.text.len() <= w.len());
    }
}
