//! Byte offsets ↔ LSP positions. A position's `character` counts UTF-16 code units by default,
//! or UTF-8 bytes when the client offers `utf-8` and the server picks it (LSP 3.17
//! `positionEncoding`). Lines end at `\n`, as dockhand's line index counts them; a `\r` before it
//! is part of the line's text.

use crate::line_index::LineIndex;
use crate::span::Span;
use gen_lsp_types::{Position, Range};

/// The encoding negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A document's text with its line starts, for converting positions both ways.
pub struct Text<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub encoding: Encoding,
}

impl Text<'_> {
    fn line_bounds(&self, line0: usize) -> (usize, usize) {
        let start = self.lines.line_start(line0).min(self.text.len());
        let end = if line0 + 1 < self.lines.line_count() {
            self.lines.line_start(line0 + 1).saturating_sub(1)
        } else {
            self.text.len()
        };
        (start, end.max(start))
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line0 = self.lines.line_of(offset);
        let (start, _) = self.line_bounds(line0);
        let prefix = &self.text[start..offset];
        let character = match self.encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        };
        Position {
            line: u32::try_from(line0).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of a position. A line past the end is the end of the text; a character
    /// past the end of its line is the end of that line; a position inside a character (half of
    /// a surrogate pair, or inside a UTF-8 sequence) moves to the start of that character.
    pub fn offset(&self, pos: Position) -> usize {
        let line0 = pos.line as usize;
        if line0 >= self.lines.line_count() {
            return self.text.len();
        }
        let (start, end) = self.line_bounds(line0);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > want {
                return start + i;
            }
            units += width;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, encoding: Encoding) -> (LineIndex, Encoding) {
        (LineIndex::new(s), encoding)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let s = "FROM a\nLABEL x=\"é😀\" y\n";
        let y = s.find(" y").expect("y") + 1;
        for (enc, col) in [(Encoding::Utf16, 14), (Encoding::Utf8, 17)] {
            let (lines, encoding) = text(s, enc);
            let t = Text {
                text: s,
                lines: &lines,
                encoding,
            };
            let p = t.position(y);
            assert_eq!((p.line, p.character), (1, col), "{enc:?}");
            assert_eq!(t.offset(p), y, "{enc:?}");
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let s = "FROM a\r\nRUN b";
        let lines = LineIndex::new(s);
        let t = Text {
            text: s,
            lines: &lines,
            encoding: Encoding::Utf16,
        };
        // past the end of line 0: the end of that line (before the `\n`; `\r` is text)
        assert_eq!(
            t.offset(Position {
                line: 0,
                character: 99
            }),
            7
        );
        assert_eq!(
            t.offset(Position {
                line: 9,
                character: 0
            }),
            s.len()
        );
        // inside a surrogate pair: the start of the character
        let s2 = "😀x";
        let lines2 = LineIndex::new(s2);
        let t2 = Text {
            text: s2,
            lines: &lines2,
            encoding: Encoding::Utf16,
        };
        assert_eq!(
            t2.offset(Position {
                line: 0,
                character: 1
            }),
            0
        );
        assert_eq!(t2.position(2).character, 0, "inside a UTF-8 sequence");
    }
}
