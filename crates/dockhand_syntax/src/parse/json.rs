//! The exec-form JSON array (`RUN ["a", "b"]`), read the way BuildKit's `parseJSON` reads it
//! with Go's `encoding/json` decoder: the first JSON value is decoded and anything after it
//! is ignored; a valid array holding a non-string is an error; anything else that is not valid
//! JSON falls back to shell form.
//!
//! Written by hand rather than with serde_json because it must reproduce Go's behaviour
//! exactly (nesting limit 10,000 instead of serde_json's 128, invalid surrogates replaced by
//! U+FFFD instead of rejected, trailing text ignored), and because the spans of each string
//! are needed. It is iterative, so hostile nesting cannot overflow the stack.

/// Result of reading a `[`…`]` value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Decoded strings with the byte range of each literal (quotes included).
    Strings(Vec<(String, usize, usize)>),
    /// Valid JSON, but an element is not a string: BuildKit rejects the instruction.
    NotStrings,
    /// Not valid JSON: BuildKit treats the text as shell form.
    Invalid,
}

/// Go's `encoding/json` maximum nesting depth.
const MAX_DEPTH: usize = 10_000;

pub(crate) fn parse_array(s: &str) -> JsonArray {
    let b = s.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return JsonArray::Invalid;
    }
    i += 1;
    let mut out = Vec::new();
    let mut all_strings = true;
    i = skip_ws(b, i);
    if b.get(i) == Some(&b']') {
        return JsonArray::Strings(out);
    }
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            Some(b'"') => match read_string(s, i) {
                Some((text, end)) => {
                    out.push((text, i, end));
                    i = end;
                }
                None => return JsonArray::Invalid,
            },
            Some(_) => {
                all_strings = false;
                match skip_value(s, i) {
                    Some(end) => i = end,
                    None => return JsonArray::Invalid,
                }
            }
            None => return JsonArray::Invalid,
        }
        i = skip_ws(b, i);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b']') => break,
            _ => return JsonArray::Invalid,
        }
    }
    if all_strings {
        JsonArray::Strings(out)
    } else {
        JsonArray::NotStrings
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Reads a JSON string starting at the `"` at `i`; returns the decoded text and the index
/// after the closing quote.
fn read_string(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut j = i + 1;
    let mut run = j;
    loop {
        let c = *b.get(j)?;
        match c {
            b'"' => {
                out.push_str(&s[run..j]);
                return Some((out, j + 1));
            }
            b'\\' => {
                out.push_str(&s[run..j]);
                let e = *b.get(j + 1)?;
                j += 2;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(b, j)?;
                        j += 4;
                        if (0xD800..0xDC00).contains(&hi)
                            && b.get(j) == Some(&b'\\')
                            && b.get(j + 1) == Some(&b'u')
                        {
                            let lo = hex4(b, j + 2)?;
                            if (0xDC00..0xE000).contains(&lo) {
                                j += 6;
                                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                run = j;
                                continue;
                            }
                        }
                        out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                    }
                    _ => return None,
                }
                run = j;
            }
            0x00..=0x1f => return None,
            _ => j += 1,
        }
    }
}

fn hex4(b: &[u8], j: usize) -> Option<u32> {
    let h = b.get(j..j + 4)?;
    let mut v = 0u32;
    for &c in h {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// Skips any JSON value starting at `i` (not a top-level string, handled above); `None` when
/// it is not valid JSON.
fn skip_value(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    // Stack of open containers: true for object, false for array.
    let mut stack: Vec<bool> = Vec::new();
    let mut j = i;
    loop {
        j = skip_ws(b, j);
        // a value
        match *b.get(j)? {
            b'"' => j = read_string(s, j)?.1,
            b'[' => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(false);
                j = skip_ws(b, j + 1);
                if b.get(j) == Some(&b']') {
                    stack.pop();
                    j += 1;
                } else {
                    continue;
                }
            }
            b'{' => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(true);
                j = skip_ws(b, j + 1);
                if b.get(j) == Some(&b'}') {
                    stack.pop();
                    j += 1;
                } else {
                    j = object_key(s, j)?;
                    continue;
                }
            }
            b't' => j = literal(b, j, b"true")?,
            b'f' => j = literal(b, j, b"false")?,
            b'n' => j = literal(b, j, b"null")?,
            b'-' | b'0'..=b'9' => j = number(b, j)?,
            _ => return None,
        }
        // after a value: close containers or move to the next element
        loop {
            let Some(&top) = stack.last() else {
                return Some(j);
            };
            j = skip_ws(b, j);
            match (*b.get(j)?, top) {
                (b',', false) => {
                    j += 1;
                    break;
                }
                (b',', true) => {
                    j = object_key(s, skip_ws(b, j + 1))?;
                    break;
                }
                (b']', false) | (b'}', true) => {
                    stack.pop();
                    j += 1;
                }
                _ => return None,
            }
        }
    }
}

/// Reads `"key" :` and returns the index after the colon.
fn object_key(s: &str, j: usize) -> Option<usize> {
    let b = s.as_bytes();
    if b.get(j) != Some(&b'"') {
        return None;
    }
    let j = skip_ws(b, read_string(s, j)?.1);
    if b.get(j) != Some(&b':') {
        return None;
    }
    Some(j + 1)
}

fn literal(b: &[u8], j: usize, lit: &[u8]) -> Option<usize> {
    (b.get(j..j + lit.len())? == lit).then_some(j + lit.len())
}

fn number(b: &[u8], mut j: usize) -> Option<usize> {
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    match b.get(j)? {
        b'0' => j += 1,
        b'1'..=b'9' => {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        }
        _ => return None,
    }
    if b.get(j) == Some(&b'.') {
        j += 1;
        if !b.get(j)?.is_ascii_digit() {
            return None;
        }
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    if matches!(b.get(j), Some(b'e' | b'E')) {
        j += 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if !b.get(j)?.is_ascii_digit() {
            return None;
        }
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match parse_array(s) {
            JsonArray::Strings(v) => v.into_iter().map(|x| x.0).collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn decodes_strings_and_ignores_trailing_text() {
        assert_eq!(strings(r#"["a", "b c"]"#), ["a", "b c"]);
        assert_eq!(
            strings(r#"[ "\/usr\\\"/bin" ] trailing"#),
            [r#"/usr\"/bin"#]
        );
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(r#"["\u00e9\ud83d\ude00"]"#), ["é😀"]);
        assert_eq!(strings(r#"["\ud800"]"#), ["\u{FFFD}"]);
    }

    #[test]
    fn classifies_errors() {
        assert_eq!(
            parse_array(r#"["echo", ["nested"]]"#),
            JsonArray::NotStrings
        );
        assert_eq!(
            parse_array(r#"["a", 1, {"k": [null]}]"#),
            JsonArray::NotStrings
        );
        assert_eq!(parse_array("['single']"), JsonArray::Invalid);
        assert_eq!(parse_array(r#"["unterminated"#), JsonArray::Invalid);
        assert_eq!(parse_array(r#"["a",]"#), JsonArray::Invalid);
        assert_eq!(parse_array("echo"), JsonArray::Invalid);
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let deep = format!("[{}{}]", "[".repeat(9000), "]".repeat(9000));
        assert_eq!(parse_array(&deep), JsonArray::NotStrings);
        let deeper = format!("[{}{}]", "[".repeat(20000), "]".repeat(20000));
        assert_eq!(parse_array(&deeper), JsonArray::Invalid);
    }
}
