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
    // textwrap's hyphen splitter splits only at `-`: a word without one is not handed to it
    // (most words; that call was 0.6% of a `--select ALL` corpus run)
    if word.contains('`') || !word.contains('-') {
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
            && if super::is_printable_ascii(line) {
                // printable ASCII (most lines): one column a byte, as `display_width` counts
                line.len() <= room
            } else {
                !line.chars().any(char::is_control) && textwrap::core::display_width(line) <= room
            }
    })
}

/// textwrap's `fill` with the options miette wraps with (our separator and splitter, words
/// broken), `first` before the first row and `rest` before the others.
pub(crate) fn textwrap_fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let opts = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(true)
        .word_separator(SEPARATOR)
        .word_splitter(SPLITTER);
    textwrap::fill(text, opts)
}

/// textwrap's `fill` as miette calls it (first-fit, our separator and splitter, words
/// broken, `first` before the first row and `rest` before the others), appended to `out`, for
/// text of printable ASCII whose every piece fits a row: nearly every message and help that
/// needs wrapping. textwrap measures each word's display width and builds several iterators
/// and vectors per line, about 20,000 instructions a message (most of the human report's
/// remaining time); here a width is a length. The steps are textwrap 0.16's one for one
/// (separator, hyphen split points with their penalties, first fit, rows cut from the line),
/// so the rows are the same; a test compares the two on generated text. The one character
/// beyond ASCII it takes is `…` (one column, three bytes), which many messages hold. Returns
/// false, having appended nothing, for anything else, which textwrap then wraps.
pub(crate) fn fill_ascii(
    out: &mut String,
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
) -> bool {
    if first.is_empty() || rest.is_empty() {
        return false;
    }
    let plain = |b: u8| b == b'\n' || super::is_printable_ascii_byte(b);
    let ellipsis = !text.bytes().all(plain);
    if ellipsis
        && !text
            .chars()
            .all(|c| c == '…' || (c.is_ascii() && plain(c as u8)))
    {
        return false;
    }
    // display columns: a byte each, but two fewer for each `…`
    let cols = |s: &str| {
        if ellipsis {
            s.len() - 2 * s.matches('…').count()
        } else {
            s.len()
        }
    };
    let widths = [
        width.saturating_sub(textwrap::core::display_width(first)),
        width.saturating_sub(textwrap::core::display_width(rest)),
    ];
    let start = out.len();
    let mut rows = 0usize;
    // (word, trailing spaces, penalty) of one line
    let mut frags: Vec<(&str, &str, &str)> = Vec::new();
    for line in text.split('\n') {
        frags.clear();
        // textwrap starts each line with an empty word when there is a first indentation
        frags.push(("", "", ""));
        for chunk in chunks(line) {
            if chunk.contains('`') || chunk.bytes().all(no_break_inside) {
                let w = chunk.trim_end_matches(' ');
                push_split(&mut frags, w, &chunk[w.len()..]);
            } else {
                for w in WordSeparator::UnicodeBreakProperties.find_words(chunk) {
                    push_split(&mut frags, w.word, w.whitespace);
                }
            }
        }
        if frags.iter().any(|f| cols(f.0) > widths[1]) {
            // textwrap breaks such a word apart
            out.truncate(start);
            return false;
        }
        // first fit: a piece goes to a new row when it and its penalty do not fit
        let mut at = 0; // where in `line` the current row starts
        let mut row_start = 0; // its first piece
        let mut filled = 0; // its width so far, each piece's spaces included
        let mut local_rows = 0;
        let mut emit = |out: &mut String, row: &[(&str, &str, &str)], at: &mut usize| {
            let len: usize = row.iter().map(|(w, s, _)| w.len() + s.len()).sum();
            let (last_ws, penalty) = row.last().map_or((0, ""), |(_, s, p)| (s.len(), *p));
            if rows > 0 {
                out.push('\n');
            }
            out.push_str(if rows == 0 { first } else { rest });
            out.push_str(&line[*at..*at + len - last_ws]);
            out.push_str(penalty);
            *at += len;
            rows += 1;
        };
        for idx in 0..frags.len() {
            let room = widths[local_rows.min(1)];
            let (w, sp, penalty) = frags[idx];
            let w_cols = cols(w);
            if filled + w_cols + penalty.len() > room && idx > row_start {
                emit(out, &frags[row_start..idx], &mut at);
                local_rows += 1;
                row_start = idx;
                filled = 0;
            }
            filled += w_cols + sp.len();
        }
        emit(out, &frags[row_start..], &mut at);
    }
    true
}

/// textwrap's `split_words` with our splitter: the pieces of word `w` (trailing spaces `ws`)
/// as `(piece, spaces, penalty)`, pushed onto `frags`.
fn push_split<'a>(frags: &mut Vec<(&'a str, &'a str, &'a str)>, w: &'a str, ws: &'a str) {
    let mut prev = 0;
    for idx in split_points(w) {
        let penalty = if w[..idx].ends_with('-') { "" } else { "-" };
        frags.push((&w[prev..idx], "", penalty));
        prev = idx;
    }
    if prev < w.len() || prev == 0 {
        frags.push((&w[prev..], ws, ""));
    }
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
/// closing partner on the line opens nothing (it is an ordinary character). An iterator, so
/// that wrapping a message allocates no list of its chunks.
fn chunks(line: &str) -> Chunks<'_> {
    let ticks = line.bytes().filter(|&b| b == b'`').count();
    Chunks {
        line,
        // the last backtick of an odd count has no partner
        paired: ticks - ticks % 2,
        seen: 0,
        in_code: false,
        start: 0,
    }
}

struct Chunks<'a> {
    line: &'a str,
    /// How many backticks open or close a code span (all but an odd last one).
    paired: usize,
    /// Backticks passed so far.
    seen: usize,
    in_code: bool,
    /// Where the next chunk starts.
    start: usize,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let line = self.line;
        let bytes = line.as_bytes();
        if self.start >= bytes.len() {
            return None;
        }
        let mut i = self.start;
        while i < bytes.len() {
            if bytes[i] == b'`' && self.seen < self.paired {
                self.in_code = !self.in_code;
                self.seen += 1;
            } else if bytes[i] == b' ' && !self.in_code {
                let mut end = i;
                while end < bytes.len() && bytes[end] == b' ' {
                    end += 1;
                }
                let chunk = &line[self.start..end];
                self.start = end;
                return Some(chunk);
            }
            i += 1;
        }
        let chunk = &line[self.start..];
        self.start = bytes.len();
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever `fill_ascii` wraps, it gives textwrap's rows byte for byte: generated text
    /// (words, code spans with spaces, runs of spaces, leading and trailing spaces, empty
    /// lines, hyphens, slashes, brackets, `[*]`, words about as wide as a row) at every width,
    /// with indentations plain and coloured.
    #[test]
    fn fill_ascii_is_textwraps_fill() {
        let tokens = [
            "pin",
            "the",
            "image",
            "`node:22-alpine`",
            "to",
            "a",
            "digest;",
            "[*]",
            "`# dockhand ignore=DH401`",
            "sha256:0123456789abcdef0123456789abcdef",
            "x,",
            "`a b  c`",
            "`unclosed",
            "\"quoted\"",
            "x=1",
            "123",
            "...",
            "apt-get",
            "a/b/c",
            "(x)",
            "(DL3008)",
            "re-run",
            "--flag",
            "a-1",
            "x--y",
            "-",
            "multi-stage-build",
            "e.g.",
            "don't",
            "50%",
            "$HOME",
            "{a,b}",
            "x|y",
            "a+b",
            "1.2-3",
            "!",
            "why?",
            "…",
            "`$(…)`",
            "a…",
            "…b",
            "(…)",
            "x-…",
            "`a … b`",
        ];
        let seps = [" ", " ", " ", "  ", "   ", "\n", "\n\n", " \n "];
        let indents = [
            ("  × ", "  │ "),
            ("  help: ", "        "),
            ("  ", "  "),
            ("\u{1b}[33m  ⚠\u{1b}[0m ", "  \u{1b}[33m│\u{1b}[0m "),
            // first and other rows of different widths
            ("> ", "      "),
            ("      ", "- "),
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut fast, mut slow) = (0, 0);
        for _ in 0..5000 {
            let mut text = String::new();
            if next(8) == 0 {
                text.push(' ');
            }
            for i in 0..1 + next(14) {
                if i > 0 {
                    text.push_str(seps[next(seps.len())]);
                }
                text.push_str(tokens[next(tokens.len())]);
            }
            if next(8) == 0 {
                text.push_str("  ");
            }
            if next(30) == 0 {
                text.push('é');
            }
            let (first, rest) = indents[next(indents.len())];
            let width = 8 + next(90);
            let mut ours = String::from("kept");
            if !fill_ascii(&mut ours, &text, width, first, rest) {
                assert_eq!(ours, "kept", "nothing appended when declined");
                slow += 1;
                continue;
            }
            fast += 1;
            assert_eq!(
                ours,
                format!("kept{}", textwrap_fill(&text, width, first, rest)),
                "{text:?} at {width}"
            );
        }
        assert!(fast > 3000 && slow > 100, "fast {fast}, slow {slow}");
    }

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
            chunks("a `b c` (`d e`),  f").collect::<Vec<_>>(),
            vec!["a ", "`b c` ", "(`d e`),  ", "f"]
        );
        // an unpaired backtick is an ordinary character
        assert_eq!(
            chunks("it`s a b").collect::<Vec<_>>(),
            vec!["it`s ", "a ", "b"]
        );
        assert_eq!(
            chunks("`a b` c`d e").collect::<Vec<_>>(),
            vec!["`a b` ", "c`d ", "e"]
        );
        assert_eq!(chunks("").next(), None);
    }

    #[test]
    fn a_span_longer_than_the_line_is_still_broken() {
        let lines = wrap("x `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` y", 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
    }
}
