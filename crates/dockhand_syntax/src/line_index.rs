//! Line starts of a text, to turn byte offsets into 1-based lines and character columns.

use crate::span::Span;

/// Line starts of a text, to turn byte offsets into 1-based line and column. Lines end at `\n`
/// (as BuildKit counts them); columns count characters, not bytes.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and a 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line0: usize) -> usize {
        self.starts.get(line0).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of a byte offset. Offsets past the end or inside a
    /// multi-byte character are clamped to the nearest character boundary before it.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line0 = self.line_of(offset);
        let start = self.starts[line0];
        let column = text[start..offset].chars().count() + 1;
        LineCol {
            line: line0 + 1,
            column,
        }
    }

    /// Start and end (exclusive end turned into the column just past the last character).
    pub fn span_range(&self, text: &str, span: Span) -> (LineCol, LineCol) {
        (
            self.line_col(text, span.start),
            self.line_col(text, span.end),
        )
    }
}
