//! Physical lines, parser directives, continuations: the first pass of BuildKit's parser
//! (`parser.Parse` in buildkit/frontend/dockerfile/parser). This file decides which physical
//! lines make up one logical instruction line, and remembers where each piece of that logical
//! line came from so that every later span points back into the original source.

use crate::span::Span;

/// One physical line: `start..content_end` is the text without its line ending, `end` is just
/// past the `\n` (or the end of the file).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhysLine {
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
}

/// Splits on `\n` as BuildKit's scanner does. Trailing `\r` and `\n` are not content
/// (`trimNewline` trims every trailing CR and LF); a lone CR inside a line is ordinary text.
pub(crate) fn physical_lines(text: &str) -> Vec<PhysLine> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let end = match memchr_nl(&bytes[start..]) {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        lines.push(PhysLine {
            start,
            content_end,
            end,
        });
        start = end;
    }
    lines
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

/// Go's `unicode.IsSpace`, which Rust's `char::is_whitespace` matches (both use the Unicode
/// White_Space property).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `bytes.TrimLeftFunc(s, unicode.IsSpace)`: the offset of the first non-space character.
pub(crate) fn trim_left_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// A line is a comment when its first non-space character is `#`.
pub(crate) fn is_comment(content: &str) -> bool {
    content.trim_start_matches(is_space).starts_with('#')
}

/// BuildKit's continuation regex `([^E])E[ \t]*$|^E[ \t]*$` (E the escape character): returns
/// the length of the line to keep when it continues, `None` when it ends here.
pub(crate) fn continuation_keep(line: &str, escape: char) -> Option<usize> {
    let t = line.trim_end_matches([' ', '\t']);
    let before = t.strip_suffix(escape)?;
    if before.is_empty() || !before.ends_with(escape) {
        Some(before.len())
    } else {
        None
    }
}

/// A parser directive read from a comment line: `# name=value`.
pub(crate) struct DirectiveMatch {
    pub name: String,
    pub value_range: (usize, usize),
}

/// Go regexp's `\s`: `[\t\n\f\r ]`.
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, by hand (no regex engine at
/// start-up for one fixed pattern).
pub(crate) fn match_directive(line: &str) -> Option<DirectiveMatch> {
    let b = line.as_bytes();
    let mut i = 0;
    if b.first() != Some(&b'#') {
        return None;
    }
    i += 1;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    let ns = i;
    if i >= b.len() || !b[i].is_ascii_alphabetic() {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let ne = i;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    if i >= b.len() || b[i] != b'=' {
        return None;
    }
    i += 1;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    let vs = i;
    let mut ve = b.len();
    while ve > vs && is_re_space(b[ve - 1]) {
        ve -= 1;
    }
    if ve <= vs {
        return None;
    }
    Some(DirectiveMatch {
        name: line[ns..ne].to_ascii_lowercase(),
        value_range: (vs, ve),
    })
}

/// An instruction's text with continuations joined, and the map back to the source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Logical {
    pub text: String,
    pub map: SpanMap,
}

impl Logical {
    pub fn push(&mut self, src_start: usize, piece: &str) {
        if piece.is_empty() {
            // A logical line that stays empty (a lone `\` at the end of the file) still has a
            // place in the source; without a segment every span of it would map to offset 0.
            if self.map.segs.is_empty() {
                self.map.segs.push((0, src_start));
            }
            return;
        }
        if self
            .map
            .segs
            .last()
            .is_some_and(|&(l, _)| l == self.text.len())
        {
            self.map.segs.pop();
        }
        self.map.segs.push((self.text.len(), src_start));
        self.text.push_str(piece);
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        self.map.span(start, end, self.text.len())
    }

    /// The map for the text from `from` to `to`, with offsets relative to `from`.
    pub fn sub_map(&self, from: usize, to: usize) -> SpanMap {
        let mut segs = Vec::new();
        for (k, &(l, s)) in self.map.segs.iter().enumerate() {
            let next = self.map.segs.get(k + 1).map_or(self.text.len(), |n| n.0);
            if next <= from || l >= to {
                continue;
            }
            let start = l.max(from);
            segs.push((start - from, s + (start - l)));
        }
        SpanMap { segs }
    }
}

/// Maps byte offsets in a joined logical text (continuations removed) back to the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMap {
    /// `(offset in text, offset in source)` at the start of each contiguous piece, ascending.
    segs: Vec<(usize, usize)>,
}

impl SpanMap {
    /// Source offset of the byte at `off` (or just past the end for `off >= len`).
    pub fn src(&self, off: usize, len: usize) -> usize {
        self.src_hinted(off, len, &std::cell::Cell::new(0))
    }

    /// Source offset just past the byte before `off` (for exclusive span ends).
    pub fn src_end(&self, off: usize, len: usize) -> usize {
        self.src_end_hinted(off, len, &std::cell::Cell::new(0))
    }

    /// The index of the piece holding `off` (`off < len`), trying `hint` and the piece after
    /// it first: a parser asks for spans in nearly ascending order, so a lookup is usually
    /// one comparison instead of a binary search. `hint` is updated.
    fn seg_of(&self, off: usize, hint: &std::cell::Cell<usize>) -> usize {
        let h = hint.get();
        let starts_by = |k: usize| self.segs.get(k).is_some_and(|s| s.0 <= off);
        let ends_after = |k: usize| self.segs.get(k + 1).is_none_or(|s| s.0 > off);
        let i = if starts_by(h) && ends_after(h) {
            h
        } else if starts_by(h + 1) && ends_after(h + 1) {
            h + 1
        } else {
            match self.segs.binary_search_by(|s| s.0.cmp(&off)) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            }
        };
        hint.set(i);
        i
    }

    fn src_hinted(&self, off: usize, len: usize, hint: &std::cell::Cell<usize>) -> usize {
        if self.segs.is_empty() {
            return 0;
        }
        if off >= len {
            return self.src_end_hinted(len, len, hint);
        }
        if let [(l, s)] = self.segs[..] {
            // one piece: most instructions fit on one line
            return s + off.saturating_sub(l);
        }
        let (l, s) = self.segs[self.seg_of(off, hint)];
        s + (off - l)
    }

    fn src_end_hinted(&self, off: usize, len: usize, hint: &std::cell::Cell<usize>) -> usize {
        if off == 0 || self.segs.is_empty() {
            return self.segs.first().map_or(0, |s| s.1);
        }
        self.src_hinted(off.min(len) - 1, len, hint) + 1
    }

    /// [`SpanMap::span`] for many lookups in nearly ascending order (see `seg_of`); `hint`
    /// starts at 0 and is kept between calls.
    pub fn span_hinted(
        &self,
        start: usize,
        end: usize,
        len: usize,
        hint: &std::cell::Cell<usize>,
    ) -> Span {
        if start >= end {
            let at = self.src_hinted(start, len, hint);
            return Span::new(at, at);
        }
        Span::new(
            self.src_hinted(start, len, hint),
            self.src_end_hinted(end, len, hint),
        )
    }

    /// The source span of `start..end` in a text of length `len`.
    pub fn span(&self, start: usize, end: usize, len: usize) -> Span {
        self.span_hinted(start, end, len, &std::cell::Cell::new(0))
    }

    /// The inverse of [`SpanMap::span`]: the byte range of the text (of length `len`) that
    /// the source span `span` covers. A source offset in a removed piece (a continuation)
    /// lands at the start of the next piece; a binary search per end.
    pub fn text_range(&self, span: Span, len: usize) -> std::ops::Range<usize> {
        let start = self.text_off(span.start, len);
        let end = if span.end <= span.start {
            start
        } else {
            self.text_off(span.end - 1, len).saturating_add(1).min(len)
        };
        start.min(end)..end
    }

    /// The text offset of the source byte `src` (see [`SpanMap::text_range`]).
    fn text_off(&self, src: usize, len: usize) -> usize {
        let i = match self.segs.binary_search_by(|s| s.1.cmp(&src)) {
            Ok(i) => i,
            Err(0) => return self.segs.first().map_or(0, |s| s.0).min(len),
            Err(i) => i - 1,
        };
        let (l, s) = self.segs[i];
        let piece_end = self.segs.get(i + 1).map_or(len, |n| n.0);
        let off = l + (src - s);
        if off < piece_end {
            off
        } else {
            piece_end.min(len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mapping by binary search alone, as the hint-free reference.
    fn reference_src(map: &SpanMap, off: usize, len: usize) -> usize {
        if map.segs.is_empty() {
            return 0;
        }
        if off >= len {
            return reference_end(map, len, len);
        }
        let i = match map.segs.binary_search_by(|s| s.0.cmp(&off)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (l, s) = map.segs[i];
        s + (off - l)
    }

    fn reference_end(map: &SpanMap, off: usize, len: usize) -> usize {
        if off == 0 || map.segs.is_empty() {
            return map.segs.first().map_or(0, |s| s.1);
        }
        reference_src(map, off.min(len) - 1, len) + 1
    }

    fn reference_span(map: &SpanMap, start: usize, end: usize, len: usize) -> Span {
        if start >= end {
            let at = reference_src(map, start, len);
            return Span::new(at, at);
        }
        Span::new(reference_src(map, start, len), reference_end(map, end, len))
    }

    #[test]
    fn hinted_spans_equal_plain_ones() {
        let map = SpanMap {
            segs: vec![(0, 4), (3, 10), (7, 20), (8, 30), (12, 41)],
        };
        let len = 15;
        let hint = std::cell::Cell::new(0);
        // ascending, descending and jumping lookups all agree with the binary search
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for s in 0..=len + 1 {
            for e in s..=len + 1 {
                pairs.push((s, e));
            }
        }
        let rev: Vec<_> = pairs.iter().rev().copied().collect();
        let jump: Vec<_> = pairs.iter().step_by(7).copied().collect();
        for (s, e) in pairs.iter().chain(&rev).chain(&jump).copied() {
            let want = reference_span(&map, s, e, len);
            assert_eq!(map.span_hinted(s, e, len, &hint), want, "{s}..{e}");
            assert_eq!(map.span(s, e, len), want, "{s}..{e}");
        }
        for segs in [vec![], vec![(0, 7)]] {
            let map = SpanMap { segs };
            for (s, e) in [(0, 0), (1, 3), (2, 9), (5, 5)] {
                assert_eq!(
                    map.span_hinted(s, e, 4, &hint),
                    reference_span(&map, s, e, 4)
                );
            }
        }
    }

    #[test]
    fn continuation_regex_cases() {
        assert_eq!(continuation_keep("RUN a \\", '\\'), Some(6));
        assert_eq!(continuation_keep("RUN a\\  \t", '\\'), Some(5));
        assert_eq!(continuation_keep("\\", '\\'), Some(0));
        assert_eq!(continuation_keep("a\\\\", '\\'), None);
        assert_eq!(continuation_keep("a `", '`'), Some(2));
        assert_eq!(continuation_keep("a \\", '`'), None);
        assert_eq!(continuation_keep("", '\\'), None);
    }

    #[test]
    fn directive_matching() {
        let m = match_directive("# escape = ` ").expect("directive");
        assert_eq!(m.name, "escape");
        assert_eq!(&"# escape = ` "[m.value_range.0..m.value_range.1], "`");
        assert!(match_directive("#  syntax=docker/dockerfile:1").is_some());
        assert!(match_directive("# not a directive").is_none());
        assert!(match_directive("# 1x=y").is_none());
        assert!(match_directive("# x=").is_none());
    }

    #[test]
    fn lines_split_on_lf_and_trim_cr() {
        let t = "a\r\nb\rc\n\nd";
        let l = physical_lines(t);
        assert_eq!(l.len(), 4);
        assert_eq!(&t[l[0].start..l[0].content_end], "a");
        assert_eq!(&t[l[1].start..l[1].content_end], "b\rc");
        assert_eq!(&t[l[2].start..l[2].content_end], "");
        assert_eq!(&t[l[3].start..l[3].content_end], "d");
    }

    #[test]
    fn logical_maps_back() {
        let mut lg = Logical::default();
        lg.push(10, "RUN a ");
        lg.push(30, "b");
        assert_eq!(lg.text, "RUN a b");
        assert_eq!(lg.span(4, 5).start, 14);
        assert_eq!(lg.span(6, 7).start, 30);
        assert_eq!(lg.span(4, 7), Span::new(14, 31));
        assert_eq!(lg.span(0, 6), Span::new(10, 16));
    }
}
