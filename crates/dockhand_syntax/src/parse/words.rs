//! Word splitters of BuildKit's line parsers (`line_parsers.go`): builder flags, quoted words
//! for ENV/LABEL/ARG, whitespace-delimited words, and the shell-lexer word split used to find
//! heredoc markers. Each returns byte ranges into its input so the caller can build spans.
//!
//! Written by hand because they must reproduce BuildKit's exact (and sometimes odd) behaviour,
//! which no general-purpose crate does.

use super::lines::is_space;

/// A word and the byte range of its raw text in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `reWhitespace` (`[\t\v\f\r ]+`).
pub(crate) fn is_ws_sep(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `reWhitespace.Split(s, -1)`: pieces between runs of `[\t\v\f\r ]`.
pub(crate) fn split_ws(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if is_ws_sep(b[i]) {
            let sep_start = i;
            while i < b.len() && is_ws_sep(b[i]) {
                i += 1;
            }
            out.push((start, sep_start));
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

/// `reWhitespace.Split(s, 2)`: the first piece and the offset where the rest starts.
pub(crate) fn split_ws_once(s: &str) -> (usize, Option<usize>) {
    let b = s.as_bytes();
    match b.iter().position(|&c| is_ws_sep(c)) {
        None => (b.len(), None),
        Some(i) => {
            let mut j = i;
            while j < b.len() && is_ws_sep(b[j]) {
                j += 1;
            }
            (i, Some(j))
        }
    }
}

/// Go's `unicode.IsSpace(rune(b))` on a single byte, as `extractBuilderFlags` and
/// `parseHealthConfig` apply it, less bytes 0x85 and 0xA0: Go counts those as space too, but in
/// UTF-8 text they only occur inside a multi-byte character (`à` is C3 A0, `ą` is C4 85), and
/// splitting there would cut the character in two (a panic when slicing, a span off a character
/// boundary). Such a character stays in its word.
pub(crate) fn byte_is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `extractBuilderFlags`: the `--flag` words at the start of `line`, unquoted, and the offset
/// where the arguments begin. Like BuildKit it walks bytes, so a non-ASCII byte inside a flag
/// is read as a Latin-1 character.
pub(crate) fn extract_flags(line: &str) -> (usize, Vec<RawWord>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= b.len() {
        let ch = if pos < b.len() { b[pos] } else { 0 };
        if phase == Phase::Spaces {
            if pos == b.len() {
                break;
            }
            if byte_is_space(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == b.len() || b[pos + 1] != b'-' {
                return (pos, words);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if (phase == Phase::Word || phase == Phase::Quote) && pos == b.len() {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(RawWord {
                    text: std::mem::take(&mut word),
                    start: word_start,
                    end: pos,
                });
            }
            break;
        }
        if phase == Phase::Word {
            if byte_is_space(ch) {
                phase = Phase::Spaces;
                if word == "--" {
                    return (pos, words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(RawWord {
                        text: std::mem::take(&mut word),
                        start: word_start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == b'\\' {
                if pos + 1 == b.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = b[pos];
            }
            word.push(latin1(c));
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == b'\\' {
            if pos + 1 == b.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = b[pos];
        }
        word.push(latin1(c));
        pos += 1;
    }
    (b.len(), words)
}

fn latin1(b: u8) -> char {
    b as char
}

/// `parseWords`: words separated by Unicode spaces, quotes and escapes kept as written (they
/// are removed later, by the model), an escape at the very end dropped.
pub(crate) fn parse_words(rest: &str, escape: char) -> Vec<RawWord> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut quote = '\0';
    let mut blank_ok = false;
    // where the word in progress ends: the end of the input, or a dropped trailing escape
    let mut word_end = rest.len();
    let mut it = rest.char_indices().peekable();
    loop {
        let next = it.next();
        let (pos, ch) = match next {
            Some(x) => x,
            None => (rest.len(), '\0'),
        };
        let at_end = next.is_none();
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if is_space(ch) {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            // the word in progress is pushed after the loop
            break;
        }
        if phase == Phase::Word {
            if is_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(RawWord {
                        text: std::mem::take(&mut word),
                        start: word_start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                // the escape and the character after it stay in the word
                match it.next() {
                    Some((_, n)) => {
                        word.push(ch);
                        word.push(n);
                        continue;
                    }
                    // an escape at the very end is dropped; the word ends before it
                    None => {
                        word_end = pos;
                        break;
                    }
                }
            }
            word.push(ch);
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            match it.next() {
                Some((_, n)) => {
                    word.push(ch);
                    word.push(n);
                    continue;
                }
                None => {
                    word_end = pos;
                    break;
                }
            }
        }
        word.push(ch);
    }
    // the input ended inside a word
    if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
        words.push(RawWord {
            text: word,
            start: word_start,
            end: word_end,
        });
    }
    words
}

/// A heredoc marker found on an instruction line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocMarker {
    pub name: String,
    pub chomp: bool,
    pub expand: bool,
    pub fd: Option<u32>,
    pub start: usize,
    pub end: usize,
}

/// `heredocsFromLine`: split the whole line as BuildKit's shell lexer does (escape `\`,
/// quotes kept raw, `$VAR` expanded against an empty environment) and keep the words matching
/// `^(\d*)<<(-?)(['"]?)([a-zA-Z][a-zA-Z0-9]*)(['"]?)$`. A lexing error (unterminated quote,
/// bad `${`) means no heredocs, as in BuildKit, which ignores the error and its words.
pub(crate) fn heredoc_markers(line: &str) -> Result<Vec<HeredocMarker>, String> {
    // Each `<` of a lexed word is a `<` of the line (the lexer only drops quotes' escapes and
    // expands `$` to nothing), so a line with fewer than two cannot announce a heredoc. Most
    // RUN, COPY and ADD lines take this exit and skip the lexer.
    if line.bytes().filter(|&b| b == b'<').nth(1).is_none() {
        return Ok(Vec::new());
    }
    let Some(words) = shell_lex_words(line) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for w in words {
        if let Some(m) = match_heredoc(&w.text) {
            let m = m?;
            out.push(HeredocMarker {
                start: w.start,
                end: w.end,
                ..m
            });
        }
    }
    Ok(out)
}

fn match_heredoc(w: &str) -> Option<Result<HeredocMarker, String>> {
    let b = w.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let fd_digits = &w[..i];
    if !w[i..].starts_with("<<") {
        return None;
    }
    i += 2;
    let chomp = b.get(i) == Some(&b'-');
    if chomp {
        i += 1;
    }
    let open = match b.get(i) {
        Some(&q @ (b'\'' | b'"')) => {
            i += 1;
            Some(q)
        }
        _ => None,
    };
    let ns = i;
    if i >= b.len() || !b[i].is_ascii_alphabetic() {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let ne = i;
    let close = match b.get(i) {
        Some(&q @ (b'\'' | b'"')) => {
            i += 1;
            Some(q)
        }
        _ => None,
    };
    if i != b.len() {
        return None;
    }
    if (open.is_some() || close.is_some()) && open != close {
        return Some(Err("quoted heredoc quotes do not match".to_string()));
    }
    Some(Ok(HeredocMarker {
        name: w[ns..ne].to_string(),
        chomp,
        expand: open.is_none(),
        fd: if fd_digits.is_empty() {
            None
        } else {
            fd_digits.parse().ok()
        },
        start: 0,
        end: 0,
    }))
}

/// BuildKit's shell lexer (`shell.Lex` with `RawQuotes`) reduced to what heredoc detection
/// needs: word boundaries, raw quotes, `\` escapes dropped, `$` expansions against an empty
/// environment. `None` on the errors BuildKit's lexer reports.
fn shell_lex_words(line: &str) -> Option<Vec<RawWord>> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut start = 0;
    let mut i = 0;
    let n = chars.len();
    let end_of = |i: usize| chars.get(i).map_or(line.len(), |c| c.0);
    macro_rules! begin {
        ($pos:expr) => {
            if !in_word {
                in_word = true;
                start = $pos;
            }
        };
    }
    while i < n {
        let (pos, ch) = chars[i];
        match ch {
            '\'' => {
                begin!(pos);
                cur.push('\'');
                i += 1;
                loop {
                    let (_, c) = *chars.get(i)?;
                    i += 1;
                    cur.push(c);
                    if c == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                begin!(pos);
                cur.push('"');
                i += 1;
                loop {
                    let (_, c) = *chars.get(i)?;
                    i += 1;
                    if c == '"' {
                        cur.push('"');
                        break;
                    }
                    if c == '\\' {
                        let (_, e) = *chars.get(i)?;
                        i += 1;
                        if !matches!(e, '"' | '$' | '\\') {
                            cur.push('\\');
                        }
                        cur.push(e);
                        continue;
                    }
                    if c == '$' {
                        i = skip_dollar(&chars, i)?;
                        continue;
                    }
                    cur.push(c);
                }
            }
            '$' => {
                // Expands to nothing against an empty environment; `$` alone stays.
                let after = skip_dollar(&chars, i + 1)?;
                if after == i + 1 {
                    begin!(pos);
                    cur.push('$');
                }
                i = after;
            }
            '\\' => {
                i += 1;
                if let Some(&(_, e)) = chars.get(i) {
                    begin!(pos);
                    cur.push(e);
                    i += 1;
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(RawWord {
                        text: std::mem::take(&mut cur),
                        start,
                        end: pos,
                    });
                    in_word = false;
                }
                i += 1;
            }
            c => {
                begin!(pos);
                cur.push(c);
                i += 1;
            }
        }
    }
    if in_word {
        words.push(RawWord {
            text: cur,
            start,
            end: end_of(n),
        });
    }
    Some(words)
}

/// Skips a `$` expansion whose `$` was at `i - 1`; returns the index after it, or `None` on a
/// syntax error (`${`, `${}`, unterminated `${…`).
fn skip_dollar(chars: &[(usize, char)], mut i: usize) -> Option<usize> {
    match chars.get(i).map(|c| c.1) {
        Some('{') => {
            i += 1;
            match chars.get(i).map(|c| c.1) {
                None | Some('{') | Some('}') | Some(':') => return None,
                _ => {}
            }
            let mut depth = 1usize;
            while let Some(&(_, c)) = chars.get(i) {
                i += 1;
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
            if c.is_ascii_digit() {
                return Some(i + 1);
            }
            while let Some(&(_, c)) = chars.get(i) {
                if c.is_ascii_alphanumeric() || c == '_' {
                    i += 1;
                } else {
                    break;
                }
            }
            Some(i)
        }
        Some('*' | '#' | '@' | '$' | '?' | '!' | '-') => Some(i + 1),
        _ => Some(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(w: &[RawWord]) -> Vec<&str> {
        w.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn flags_are_unquoted_and_stop_at_first_non_flag() {
        let s = r#"--from=build --chown="a b" src dst"#;
        let (at, f) = extract_flags(s);
        assert_eq!(texts(&f), ["--from=build", "--chown=a b"]);
        assert_eq!(&s[at..], "src dst");
        assert_eq!(&s[f[1].start..f[1].end], r#"--chown="a b""#);
        let (at, f) = extract_flags("-- --x");
        assert!(f.is_empty());
        assert_eq!(at, 2);
    }

    #[test]
    fn words_keep_quotes() {
        let w = parse_words(r#"a=1 b="x y" c='z\' \"q"#, '\\');
        assert_eq!(texts(&w), ["a=1", r#"b="x y""#, r#"c='z\'"#, r#"\"q"#]);
    }

    #[test]
    fn whitespace_split() {
        assert_eq!(split_ws("a  b\tc"), vec![(0, 1), (3, 4), (5, 6)]);
        assert_eq!(split_ws_once("FROM  x y"), (4, Some(6)));
    }

    #[test]
    fn heredoc_markers_found() {
        let m = heredoc_markers("RUN <<EOF cat <<-'END' > /x").expect("ok");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "EOF");
        assert!(m[0].expand && !m[0].chomp);
        assert_eq!(m[1].name, "END");
        assert!(!m[1].expand && m[1].chomp);
        assert!(heredoc_markers(r#"RUN echo "<<EOF""#)
            .expect("ok")
            .is_empty());
        assert!(heredoc_markers(r#"RUN echo "unterminated <<EOF"#)
            .expect("ok")
            .is_empty());
        assert!(heredoc_markers(r#"RUN <<'EOF" x"#).is_ok());
        assert!(heredoc_markers("RUN <<\"EOF' x\"").is_ok());
    }
}
