//! wrap: where miette may break a line of a message or a `help:` line. A code span
//! (`` `…` ``) is one word however many spaces it holds, so that a command or a suppression
//! comment shown in backticks is never cut in two (it moves whole to the next line); outside
//! code spans the breaks are textwrap's usual ones.

use textwrap::core::Word;
use textwrap::{WordSeparator, WordSplitter};

/// The separator for miette's `with_word_separator`.
pub(crate) const SEPARATOR: WordSeparator = WordSeparator::Custom(words);

/// The splitter for miette's `with_word_splitter`: hyphenated words may still be split at a
/// hyphen, but never inside a code span.
pub(crate) const SPLITTER: WordSplitter = WordSplitter::Custom(split_points);

fn split_points(word: &str) -> Vec<usize> {
    if word.contains('`') {
        Vec::new()
    } else {
        WordSplitter::HyphenSplitter.split_points(word)
    }
}

/// Whether miette's wrapping would leave `text` as it is: every line (split at `\n`) is
/// non-empty, has no control character, no tab and no space at either end, and fits in
/// `width` columns after `indent` columns of indentation. textwrap's first-fit wrapping then
/// puts each line on one row unchanged, so the report can skip it (`with_wrap_lines(false)`
/// gives the same text): wrapping was about a third of the human report's time. `indent` may
/// overstate the indentation's width, never understate it.
pub(crate) fn fits_unwrapped(text: &str, indent: usize, width: usize) -> bool {
    let room = width.saturating_sub(indent);
    text.split('\n').all(|line| {
        !line.is_empty()
            && !line.starts_with(' ')
            && !line.ends_with(' ')
            && if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                // printable ASCII (most lines): one column a byte, as `display_width` counts
                line.len() <= room
            } else {
                !line.chars().any(char::is_control) && textwrap::core::display_width(line) <= room
            }
    })
}

/// The words of one line: runs separated by spaces outside code spans, each run with its
/// trailing spaces. A run without a backtick is split further as textwrap would split it; a
/// run holding a code span is one word.
fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut out = Vec::new();
    for chunk in chunks(line) {
        if chunk.contains('`') {
            out.push(Word::from(chunk));
        } else if chunk.bytes().all(no_break_inside) {
            // The Unicode line-breaking algorithm costs most of the human report's time, and
            // it finds no break inside a run of these characters (a test below checks every
            // three-character run): the chunk is one word, as it would have found.
            out.push(Word::from(chunk));
        } else {
            out.extend(WordSeparator::UnicodeBreakProperties.find_words(chunk));
        }
    }
    Box::new(out.into_iter())
}

/// ASCII characters between which the Unicode line-breaking algorithm never breaks (letters,
/// digits, and punctuation of the classes AL, IS and QU), and the spaces that end a chunk.
fn no_break_inside(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b" .,:;'\"=_@#*&<>^~".contains(&c)
}

/// Splits `line` after each stretch of spaces that is outside a code span. A backtick with no
/// closing partner on the line opens nothing (it is an ordinary character).
fn chunks(line: &str) -> Vec<&str> {
    let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).collect();
    // the last backtick of an odd count has no partner
    let paired = ticks.len() - ticks.len() % 2;
    let mut next_tick = 0;
    let mut in_code = false;
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if next_tick < paired && ticks[next_tick] == i {
            in_code = !in_code;
            next_tick += 1;
        } else if bytes[i] == b' ' && !in_code {
            let mut end = i;
            while end < bytes.len() && bytes[end] == b' ' {
                end += 1;
            }
            out.push(&line[start..end]);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<String> {
        let opts = textwrap::Options::new(width)
            .word_separator(SEPARATOR)
            .word_splitter(SPLITTER);
        textwrap::wrap(text, opts)
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
    }

    #[test]
    fn a_code_span_moves_whole_to_the_next_line() {
        let text = "put `# dockhand ignore-stage=DH401` right above line 2";
        let lines = wrap(text, 32);
        assert_eq!(
            lines,
            [
                "put",
                "`# dockhand ignore-stage=DH401`",
                "right above line 2"
            ]
        );
        for l in &lines {
            assert_eq!(l.matches('`').count() % 2, 0, "span cut in {lines:?}");
        }
        // the plain textwrap options cut it
        let plain = textwrap::wrap(text, 32);
        assert!(plain.iter().any(|l| l.matches('`').count() % 2 == 1));
    }

    #[test]
    fn outside_code_spans_lines_break_as_before() {
        for text in [
            "the quick brown fox jumps over the lazy dog, a well-known sentence",
            "pin: FROM alpine:3.22@sha256:0123456789abcdef (https://example.com/a/b-c/d?e=f)",
            "or add -y/--yes; e.g. apt-get install -y --no-install-recommends (a_b=c+d*2)",
            "an über-long naïve line, with ünïcödé words – and dashes — mixed in",
        ] {
            for width in [10, 17, 30, 44, 80] {
                let ours = wrap(text, width);
                let plain: Vec<String> = textwrap::wrap(text, width)
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect();
                assert_eq!(ours, plain, "width {width}: {text}");
            }
        }
    }

    #[test]
    fn the_fast_path_breaks_nowhere_the_unicode_algorithm_would() {
        // every run of three characters of the fast path's set, between letters and before a
        // trailing space, is one word for the Unicode algorithm too
        let set: Vec<char> = "aZ09 .,:;'\"=_@#*&<>^~".chars().collect();
        for a in &set {
            for b in &set {
                for c in &set {
                    let chunk = format!("x{a}{b}{c}y ");
                    // spaces inside are chunk ends: only runs without one are single chunks
                    if chunk.trim_end().contains(' ') {
                        continue;
                    }
                    let n = WordSeparator::UnicodeBreakProperties
                        .find_words(&chunk)
                        .count();
                    assert_eq!(n, 1, "{chunk:?}");
                    assert!(chunk.bytes().all(no_break_inside));
                }
            }
        }
    }

    #[test]
    fn chunks_keep_spans_and_trailing_spaces() {
        assert_eq!(
            chunks("a `b c` (`d e`),  f"),
            vec!["a ", "`b c` ", "(`d e`),  ", "f"]
        );
        // an unpaired backtick is an ordinary character
        assert_eq!(chunks("it`s a b"), vec!["it`s ", "a ", "b"]);
        assert_eq!(chunks("`a b` c`d e"), vec!["`a b` ", "c`d ", "e"]);
        assert!(chunks("").is_empty());
    }

    #[test]
    fn a_span_longer_than_the_line_is_still_broken() {
        let lines = wrap("x `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` y", 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
    }
}
