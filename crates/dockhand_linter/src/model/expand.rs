//! Word processing as BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`) does it for
//! FROM, USER, WORKDIR, COPY, ENV, ARG: quotes removed, the escape character applied, and
//! `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`,
//! `${VAR:?msg}` substituted from the variables in scope. Unknown variables expand to nothing
//! and are reported, so callers can tell a resolved value from a guess.
//!
//! Written by hand: it must follow BuildKit's rules (not POSIX sh's), and nesting is bounded so
//! hostile input cannot overflow the stack.

use std::cell::Cell;
use std::sync::Arc;

/// A variable's value as the lookup gives it: shared, so substituting it copies only the bytes
/// written into the result, never the stored value.
pub type Value = Arc<str>;

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expanded {
    pub text: String,
    /// Variables that were referenced but not defined.
    pub unresolved: Vec<String>,
    /// Whether any `$` substitution happened (the text then differs from the source).
    pub substituted: bool,
    /// Why the word could not be expanded in full, when a limit stopped it: the word then
    /// counts as unresolved (its text is a guess).
    pub limit: Option<Limit>,
}

impl Expanded {
    pub fn is_resolved(&self) -> bool {
        self.unresolved.is_empty() && self.limit.is_none()
    }
}

/// A limit that stopped an expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `${a:-${b:-…}}` nested deeper than `MAX_DEPTH`.
    Nesting,
    /// The variable values substituted went over the budget (of the word or of the file).
    Budget,
}

impl Limit {
    /// Why, in words, for a finding.
    pub fn describe(self) -> String {
        match self {
            Limit::Nesting => format!(
                "it nests `${{name:-default}}` substitutions more than {MAX_DEPTH} deep, \
                 dockhand's limit"
            ),
            Limit::Budget => "the variable values substituted into this file went over \
                 dockhand's limit on expanded text"
                .to_string(),
        }
    }
}

/// Nesting limit for `${A:-${B:-...}}`; deeper input is not expanded and the word is
/// unresolved (`Limit::Nesting`).
pub const MAX_DEPTH: usize = 32;

/// At most this many bytes of variable values are substituted into one word. Each ARG's value
/// is stored expanded, so `ARG B=$A$A`, `ARG C=$B$B`, ... doubles at every line: without a
/// bound sixty such lines need more memory than any machine has. A variable that would go over
/// the bound is treated as unresolved (reported, not guessed).
pub const MAX_SUBSTITUTED: usize = 1 << 20;

/// Bytes of variable values that may still be substituted: one per file (`Budget::for_file`),
/// shared by every word expanded in it, so the expanded text of a whole file is bounded and not
/// only that of each word (10,000 lines of `ENV PATH=$PATH:/x` would otherwise store a
/// quadratic amount of text).
#[derive(Debug)]
pub struct Budget {
    left: Cell<usize>,
    exceeded: Cell<bool>,
}

impl Budget {
    pub fn new(bytes: usize) -> Budget {
        Budget {
            left: Cell::new(bytes),
            exceeded: Cell::new(false),
        }
    }

    /// The budget of a file of `source_len` bytes: `FILE_BUDGET_FACTOR` times its size plus
    /// `FILE_BUDGET_BASE`.
    pub fn for_file(source_len: usize) -> Budget {
        Budget::new(
            source_len
                .saturating_mul(FILE_BUDGET_FACTOR)
                .saturating_add(FILE_BUDGET_BASE),
        )
    }

    /// Takes `n` bytes, or reports that they are not there (and remembers that).
    fn take(&self, n: usize) -> bool {
        match self.left.get().checked_sub(n) {
            Some(rest) => {
                self.left.set(rest);
                true
            }
            None => {
                self.exceeded.set(true);
                false
            }
        }
    }

    /// Whether some substitution was refused.
    pub fn exceeded(&self) -> bool {
        self.exceeded.get()
    }
}

/// The expanded text of a file may be this many times its size …
pub const FILE_BUDGET_FACTOR: usize = 4;
/// … plus this many bytes.
pub const FILE_BUDGET_BASE: usize = 1 << 20;

/// Expands `word` with the escape character `escape`, looking variables up with `lookup`,
/// within the per-word bound only.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<Value>) -> Expanded {
    expand_within(word, escape, lookup, &Budget::new(MAX_SUBSTITUTED))
}

/// Expands `word`, taking the substituted bytes from `budget` as well as from the per-word
/// bound.
pub fn expand_within(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<Value>,
    budget: &Budget,
) -> Expanded {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Expanded::default();
    let mut i = 0;
    let own = Budget::new(MAX_SUBSTITUTED);
    let over = Cell::new(false);
    let bounded = |name: &str| -> Option<Value> {
        let v = lookup(name)?;
        if own.take(v.len()) && budget.take(v.len()) {
            Some(v)
        } else {
            over.set(true);
            None
        }
    };
    let text = process(&chars, &mut i, None, escape, &bounded, &mut out, 0);
    out.text = text;
    if over.get() && out.limit.is_none() {
        out.limit = Some(Limit::Budget);
    }
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
    lookup: &dyn Fn(&str) -> Option<Value>,
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

/// Moves `i` past the `}` that closes the substitution it is in (nested ones included).
fn skip_braced(chars: &[char], i: &mut usize) {
    let mut open = 1usize;
    while *i < chars.len() {
        match chars[*i] {
            '{' => open += 1,
            '}' => {
                open -= 1;
                if open == 0 {
                    *i += 1;
                    return;
                }
            }
            _ => {}
        }
        *i += 1;
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn dollar(
    chars: &[char],
    i: &mut usize,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<Value>,
    st: &mut Expanded,
    depth: usize,
) -> String {
    *i += 1; // the `$`
    let get = |name: &str, st: &mut Expanded| -> Option<String> {
        st.substituted = true;
        let v = lookup(name).map(|v| v.to_string());
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
                        // not expanded: the word is unresolved, and says why
                        st.limit = Some(Limit::Nesting);
                        skip_braced(chars, i);
                        return String::new();
                    }
                    let word = process(chars, i, Some('}'), escape, lookup, st, depth + 1);
                    st.substituted = true;
                    let v = lookup(&name).map(|v| v.to_string());
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

    fn env(name: &str) -> Option<Value> {
        match name {
            "GO_VERSION" => Some("1.22".into()),
            "EMPTY" => Some("".into()),
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
        let big: Value = "x".repeat(MAX_SUBSTITUTED / 2 + 1).into();
        let lookup = |n: &str| (n == "A").then(|| big.clone());
        let e = expand("$A", '\\', &lookup);
        assert_eq!(e.text.len(), big.len());
        let e = expand("$A$A", '\\', &lookup);
        assert_eq!(e.text.len(), big.len(), "the second one is over the bound");
        assert_eq!(e.unresolved, ["A"]);
        assert_eq!(e.limit, Some(Limit::Budget));
        assert!(!e.is_resolved());
    }

    #[test]
    fn the_file_budget_is_shared_by_every_word() {
        let v: Value = "0123456789".into();
        let lookup = |n: &str| (n == "A").then(|| v.clone());
        let budget = Budget::new(25);
        let first = expand_within("$A$A", '\\', &lookup, &budget);
        assert!(first.is_resolved() && first.text.len() == 20);
        assert!(!budget.exceeded());
        let second = expand_within("x$A", '\\', &lookup, &budget);
        assert_eq!(second.limit, Some(Limit::Budget));
        assert_eq!(second.text, "x");
        assert!(budget.exceeded());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let w = format!("{}x{}", "${A:-".repeat(10_000), "}".repeat(10_000));
        let e = expand(&w, '\\', &env);
        assert!(e.text.len() <= w.len());
        assert_eq!(e.limit, Some(Limit::Nesting));
        assert!(
            !e.is_resolved(),
            "a word past the nesting limit is not a value"
        );
        let w = format!("{}x{}", "${A:-".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        let e = expand(&w, '\\', &env);
        assert_eq!(
            (e.text.as_str(), e.limit),
            ("x", None),
            "the limit itself still expands"
        );
    }
}
