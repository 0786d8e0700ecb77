//! excerpt: the part of a source text that one miette block shows, bounded whatever the input.
//!
//! miette is given an `Excerpt` instead of the whole text: only the lines around the labels
//! (one line of context on each side, a few lines of gap when labels are close), each line cut
//! to a window of characters around the label with `…` where text was left out (as rustc and
//! ruff show long lines), hostile characters replaced one for one by visible ones. The excerpt
//! answers miette's `read_span` with the real line numbers and the real character columns, so
//! the header (`[path:line:col]`) agrees with every other format. What a block can show is
//! therefore bounded by the constants below, never by the length of a line or of a file; and
//! miette, which panics on a column past 65,535, only ever sees short lines.

use super::is_hostile;
use crate::source::LineIndex;
use crate::span::Span;
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines up to this many characters are shown whole.
pub const LONG_LINE: usize = 160;
/// Characters shown of a longer line (besides the `…` markers).
pub const WINDOW: usize = 120;
/// Of those, how many come before the label's first character.
const BEFORE: usize = 40;
/// A label over more lines is cut to its first this many lines.
pub const MAX_LABEL_LINES: usize = 8;
/// Labels shown per finding (the primary and the first secondaries).
pub const MAX_LABELS: usize = 16;
/// Context lines shown before and after a label (miette's default, which it asks for).
const CONTEXT: usize = 1;
/// Labels whose context lines are at most this many lines apart share one snippet.
const MERGE_GAP: usize = 8;
/// Shown where characters of a line were left out.
const MARKER: char = '…';

/// One label to show: a byte span of the original text, its message, whether it is primary.
pub struct LabelIn<'a> {
    pub span: Span,
    pub message: Option<&'a str>,
    pub primary: bool,
}

/// The text miette reads for one finding, and the labels placed on it.
pub struct Excerpt {
    name: String,
    text: String,
    groups: Vec<Group>,
}

/// Consecutive real lines, stored one after another in `Excerpt::text`.
struct Group {
    /// 0-based real line of the first line.
    first_line: usize,
    /// Where each line starts in `text`, and (last) where the group ends.
    starts: Vec<usize>,
    /// Per line: the real character column shown first, and the bytes of a leading marker.
    windows: Vec<(usize, usize)>,
}

impl Group {
    fn end(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }
}

/// A label's place in the original: its byte span and its first and last real lines.
struct Placed<'a> {
    start: usize,
    end: usize,
    first: usize,
    last: usize,
    label: &'a LabelIn<'a>,
}

impl Excerpt {
    /// The excerpt of `text` (named `name`, already escaped) for `labels`, and the labels as
    /// miette spans into it.
    pub fn new(
        name: String,
        text: &str,
        lines: &LineIndex,
        labels: &[LabelIn<'_>],
    ) -> (Excerpt, Vec<LabeledSpan>) {
        Excerpt::fitted(name, text, lines, labels, usize::MAX)
    }

    /// As `new`, with lines cut to fit `columns` characters (the terminal's width less
    /// miette's gutter) when that is less than `LONG_LINE`.
    pub fn fitted(
        name: String,
        text: &str,
        lines: &LineIndex,
        labels: &[LabelIn<'_>],
        columns: usize,
    ) -> (Excerpt, Vec<LabeledSpan>) {
        let fit = Fit::for_columns(columns);
        // the empty "line" after a final newline is no context line (a label there still
        // shows it)
        let mut last_line = lines.line_count().saturating_sub(1);
        if last_line > 0 && text.ends_with('\n') {
            last_line -= 1;
        }
        let mut placed: Vec<Placed<'_>> = labels
            .iter()
            .take(MAX_LABELS)
            .map(|label| {
                let (start, mut end) = super::clamp_span(text, label.span);
                let first = lines.line_of(start);
                // the line of the last character (a span that ends with its newline ends on
                // that line)
                let mut last = if end > start {
                    lines.line_of(end - 1)
                } else {
                    first
                };
                if last >= first + MAX_LABEL_LINES {
                    last = first + MAX_LABEL_LINES - 1;
                    end = line_end(text, lines, last);
                }
                Placed {
                    start,
                    end,
                    first,
                    last,
                    label,
                }
            })
            .collect();
        placed.sort_by_key(|p| (p.first, p.start));

        // Line ranges to show, with context, merged when close.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for p in &placed {
            let lo = p.first.saturating_sub(CONTEXT);
            let hi = (p.last + CONTEXT).min(last_line).max(p.last);
            match ranges.last_mut() {
                Some(r) if lo <= r.1 + 1 + MERGE_GAP => r.1 = r.1.max(hi),
                _ => ranges.push((lo, hi)),
            }
        }

        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            groups: Vec::new(),
        };
        let mut spans: Vec<(usize, usize)> = vec![(0, 0); placed.len()];
        for &(lo, hi) in &ranges {
            let mut group = Group {
                first_line: lo,
                starts: Vec::with_capacity(hi - lo + 2),
                windows: Vec::with_capacity(hi - lo + 1),
            };
            // the window of each line: around the first label point on it, else the nearest
            // line's, so that a context line lines up with the line it is context for
            let mut anchors: Vec<Option<usize>> = vec![None; hi - lo + 1];
            for p in placed.iter().filter(|p| p.first >= lo && p.first <= hi) {
                let slot = &mut anchors[p.first - lo];
                if slot.is_none() || p.label.primary {
                    *slot = Some(column(text, lines, p.start));
                }
                if p.last != p.first && p.last <= hi {
                    let slot = &mut anchors[p.last - lo];
                    if slot.is_none() {
                        *slot = Some(column(text, lines, p.end).saturating_sub(1));
                    }
                }
            }
            let anchors = spread(&anchors);
            let mut points: Vec<(usize, usize, bool)> = Vec::with_capacity(2 * placed.len());
            for line in lo..=hi {
                points.clear();
                for (i, p) in placed.iter().enumerate() {
                    if p.first == line {
                        points.push((i, p.start, true));
                    }
                    if p.last == line {
                        points.push((i, p.end, false));
                    }
                }
                group.starts.push(excerpt.text.len());
                let window = push_line(
                    &mut excerpt.text,
                    text,
                    lines,
                    line,
                    (anchors[line - lo], fit),
                    &points,
                    &mut spans,
                );
                group.windows.push(window);
            }
            group.starts.push(excerpt.text.len());
            excerpt.groups.push(group);
        }
        // a span whose end was cut off before its start stays empty
        for s in &mut spans {
            s.1 = s.1.max(s.0);
        }
        let labeled = placed
            .iter()
            .zip(spans)
            .map(|(p, (start, end))| {
                let message = p.label.message.map(str::to_string);
                let span = SourceSpan::new(start.into(), end.saturating_sub(start));
                if p.label.primary {
                    LabeledSpan::new_primary_with_span(message, span)
                } else {
                    LabeledSpan::new_with_span(message, span)
                }
            })
            .collect();
        (excerpt, labeled)
    }

    /// The text miette reads (for tests).
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// How long lines are cut: longer than `long_line` characters, a line shows `window` of them,
/// `before` of those before the label.
#[derive(Debug, Clone, Copy)]
struct Fit {
    long_line: usize,
    window: usize,
    before: usize,
}

impl Fit {
    /// The narrowest window: below it a line is cut even if that overflows the terminal.
    const MIN_WINDOW: usize = 24;

    fn for_columns(columns: usize) -> Fit {
        // the window and its two markers fit the columns
        let window = WINDOW.min(columns.saturating_sub(2)).max(Fit::MIN_WINDOW);
        Fit {
            long_line: LONG_LINE.min(columns).max(Fit::MIN_WINDOW),
            window,
            before: BEFORE.min(window / 3),
        }
    }
}

/// Each line without an anchor takes the nearest earlier one's, else the nearest later one's.
fn spread(anchors: &[Option<usize>]) -> Vec<usize> {
    let mut out = vec![0; anchors.len()];
    let mut prev = None;
    for (i, a) in anchors.iter().enumerate() {
        prev = a.or(prev);
        out[i] = prev.unwrap_or(usize::MAX);
    }
    let mut next = None;
    for (i, a) in anchors.iter().enumerate().rev() {
        next = a.or(next);
        if out[i] == usize::MAX {
            out[i] = next.unwrap_or(0);
        }
    }
    out
}

/// Byte offset of the end of a 0-based line (before its `\r\n` or `\n`).
fn line_end(text: &str, lines: &LineIndex, line: usize) -> usize {
    let next = if line + 1 < lines.line_count() {
        lines.line_start(line + 1)
    } else {
        text.len()
    };
    let mut end = next;
    if text[..end].ends_with('\n') && end > lines.line_start(line) {
        end -= 1;
        if text[..end].ends_with('\r') {
            end -= 1;
        }
    }
    end.max(lines.line_start(line))
}

/// 0-based character column of a byte offset on its line.
fn column(text: &str, lines: &LineIndex, offset: usize) -> usize {
    let start = lines.line_start(lines.line_of(offset));
    text.get(start..offset).map_or(0, |s| s.chars().count())
}

/// Appends one real line, windowed (around `anchor`, as `fit` says) and made safe, with its
/// newline. Label points on it (`(label, byte offset, is start)`) are recorded into `spans` as
/// offsets in `out`. Returns the first column shown and the bytes of a leading marker.
fn push_line(
    out: &mut String,
    text: &str,
    lines: &LineIndex,
    line: usize,
    (anchor, fit): (usize, Fit),
    points: &[(usize, usize, bool)],
    spans: &mut [(usize, usize)],
) -> (usize, usize) {
    let start = lines.line_start(line);
    let end = line_end(text, lines, line);
    let body = &text[start..end];
    let long = body.chars().nth(fit.long_line).is_some();
    let (first, count) = if long {
        (anchor.saturating_sub(fit.before), fit.window)
    } else {
        (0, usize::MAX)
    };
    if !long
        && body
            .bytes()
            .all(|b| super::is_printable_ascii_byte(b) || b == b'\t')
    {
        // A short line of printable ASCII and tabs (nearly every line) is shown as it is: the
        // same text and label offsets as the loop below gives, without its per-character work.
        let line_start_out = out.len();
        out.push_str(body);
        for &(i, offset, is_start) in points {
            let at = if (start..end).contains(&offset) {
                line_start_out + (offset - start)
            } else if offset >= end {
                out.len()
            } else {
                continue;
            };
            if is_start {
                spans[i].0 = at;
            } else {
                spans[i].1 = at;
            }
        }
        out.push('\n');
        return (0, 0);
    }
    let mut record = |at: usize, out_offset: usize| {
        for &(i, offset, is_start) in points {
            if offset == at {
                if is_start {
                    spans[i].0 = out_offset;
                } else {
                    spans[i].1 = out_offset;
                }
            }
        }
    };
    let mut marker = 0;
    if first > 0 {
        out.push(MARKER);
        marker = MARKER.len_utf8();
    }
    let line_start_out = out.len();
    let mut shown = 0;
    let mut cut_at = None;
    for (col, (i, c)) in body.char_indices().enumerate() {
        if col < first {
            continue;
        }
        if shown == count {
            cut_at = Some(start + i);
            break;
        }
        record_range(
            &mut record,
            points,
            start + i,
            out.len(),
            first,
            col,
            line_start_out,
        );
        let shown_char = if !is_hostile(c) || c == '\t' {
            c
        } else {
            match c as u32 {
                n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
                0x7f => '\u{2421}',
                _ => '\u{FFFD}',
            }
        };
        out.push(shown_char);
        shown += 1;
    }
    // points past what is shown (the end of the line, or text cut off) sit here
    let tail = out.len();
    for &(i, offset, is_start) in points {
        let past = match cut_at {
            Some(cut) => offset >= cut,
            None => offset >= end,
        };
        if past {
            if is_start {
                spans[i].0 = tail;
            } else {
                spans[i].1 = tail;
            }
        }
    }
    if cut_at.is_some() {
        out.push(MARKER);
    }
    out.push('\n');
    (first, marker)
}

/// Records the points at `at` (a byte offset of the original), or — for the first character
/// shown after cut-off text — every point on the cut-off part, at the leading marker.
fn record_range(
    record: &mut impl FnMut(usize, usize),
    points: &[(usize, usize, bool)],
    at: usize,
    out_offset: usize,
    first: usize,
    col: usize,
    line_start_out: usize,
) {
    if first > 0 && col == first {
        // points before the window point at the marker
        let marker_at = line_start_out - MARKER.len_utf8();
        for &(_, offset, _) in points {
            if offset < at {
                record(offset, marker_at);
            }
        }
    }
    record(at, out_offset);
}

impl Excerpt {
    /// The group and line (index within the group) holding `offset` of `text`.
    fn locate(&self, offset: usize) -> Option<(&Group, usize)> {
        let g = self
            .groups
            .iter()
            .find(|g| g.starts.first().is_some_and(|&s| s <= offset) && offset < g.end())?;
        let i = g.starts.partition_point(|&s| s <= offset).checked_sub(1)?;
        Some((g, i.min(g.windows.len().saturating_sub(1))))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        let (group, first) = self.locate(start).ok_or(MietteError::OutOfBounds)?;
        let last = if end > start {
            match self.locate(end - 1) {
                Some((g, i)) if std::ptr::eq(g, group) => i,
                // a span across two groups (miette trying to join snippets): not one snippet
                _ => return Err(MietteError::OutOfBounds),
            }
        } else {
            first
        };
        let lo = first.saturating_sub(before);
        let hi = (last + after).min(group.windows.len().saturating_sub(1));
        let data_start = if before == 0 { start } else { group.starts[lo] };
        let data_end = group.starts[hi + 1];
        // miette shows `column + 1` in the header: the real character column of `start`
        let column = if before == 0 {
            let (window, marker) = group.windows[first];
            let line_start = group.starts[first] + marker;
            window
                + self
                    .text
                    .get(line_start..start)
                    .map_or(0, |s| s.chars().count())
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text
                .as_bytes()
                .get(data_start..data_end)
                .unwrap_or(&[]),
            SourceSpan::new(data_start.into(), data_end - data_start),
            group.first_line + lo,
            column,
            // lines from the start of the file through the data, as miette's own sources count
            group.first_line + hi + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[(usize, usize)]) -> (Excerpt, Vec<LabeledSpan>) {
        let labels: Vec<LabelIn<'_>> = spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| LabelIn {
                span: Span::new(s, e),
                message: None,
                primary: i == 0,
            })
            .collect();
        Excerpt::new("f".into(), text, &LineIndex::new(text), &labels)
    }

    fn header(e: &Excerpt, l: &LabeledSpan) -> (usize, usize) {
        let c = e.read_span(l.inner(), 0, 0).expect("reads");
        (c.line() + 1, c.column() + 1)
    }

    #[test]
    fn hostile_characters_become_one_visible_character_each() {
        let text = "a\x1bb\u{9b}c\r\nd\re\tf\u{2028}g\n";
        let (e, labels) = excerpt(text, &[(2, 6)]);
        assert_eq!(e.text(), "a\u{241b}b\u{FFFD}c\nd\u{240d}e\tf\u{FFFD}g\n");
        let l = &labels[0];
        assert_eq!(&e.text()[l.offset()..l.offset() + l.len()], "b\u{FFFD}c");
        // the header counts characters: `b` is the third
        assert_eq!(header(&e, l), (1, 3));
    }

    #[test]
    fn a_long_line_is_a_window_around_the_label() {
        let text = format!(
            "FROM a\nRUN {}needle{}\nRUN b\n",
            "x".repeat(100_000),
            "y".repeat(50_000)
        );
        let at = text.find("needle").unwrap();
        let (e, labels) = excerpt(&text, &[(at, at + 6)]);
        let long = e.text().lines().nth(1).unwrap();
        assert!(long.starts_with(MARKER) && long.ends_with(MARKER), "{long}");
        assert_eq!(long.chars().count(), WINDOW + 2);
        let l = &labels[0];
        assert_eq!(&e.text()[l.offset()..l.offset() + l.len()], "needle");
        assert_eq!(header(&e, l), (2, 100_005));
        assert!(e.text().len() < 1000, "bounded: {}", e.text().len());
    }

    #[test]
    fn far_apart_labels_are_separate_snippets_and_long_labels_are_cut() {
        let lines: Vec<String> = (0..1000).map(|i| format!("line {i}")).collect();
        let text = lines.join("\n") + "\n";
        let start = |n: usize| text.find(&format!("line {n}\n")).unwrap();
        // a label over 500 lines, and one far below it
        let (e, labels) = excerpt(
            &text,
            &[(start(10), start(510)), (start(900), start(900) + 4)],
        );
        assert_eq!(e.groups.len(), 2);
        assert_eq!(e.text().lines().count(), MAX_LABEL_LINES + 2 + 3);
        assert_eq!(header(&e, &labels[1]), (901, 1));
        // miette may not join the two: a span across them cannot be read
        let across = SourceSpan::new(
            labels[0].offset().into(),
            labels[1].offset() - labels[0].offset() + 1,
        );
        assert!(e.read_span(&across, 1, 1).is_err());
    }

    #[test]
    fn labels_at_the_end_and_on_empty_text_are_shown() {
        let (e, labels) = excerpt("FROM a\n", &[(7, 7)]);
        assert_eq!(header(&e, &labels[0]), (2, 1));
        let (e, labels) = excerpt("", &[(0, 5)]);
        assert_eq!(header(&e, &labels[0]), (1, 1));
        assert_eq!(e.text(), "\n");
    }

    /// Fitted to a narrow terminal, a line longer than the columns becomes a window that fits,
    /// and the label still points at its text and real column.
    #[test]
    fn a_line_wider_than_the_terminal_is_cut_to_fit() {
        let text = format!("FROM a\nRUN {}needle{}\n", "x".repeat(70), "y".repeat(70));
        let at = text.find("needle").unwrap();
        let labels = [LabelIn {
            span: Span::new(at, at + 6),
            message: None,
            primary: true,
        }];
        let (e, spans) = Excerpt::fitted("f".into(), &text, &LineIndex::new(&text), &labels, 74);
        let long = e.text().lines().nth(1).unwrap();
        assert!(long.chars().count() <= 74, "{long}");
        assert!(long.starts_with(MARKER) && long.ends_with(MARKER), "{long}");
        let l = &spans[0];
        assert_eq!(&e.text()[l.offset()..l.offset() + l.len()], "needle");
        assert_eq!(header(&e, l), (2, 75));
        // a short line is left whole, and wide columns change nothing
        assert_eq!(e.text().lines().next(), Some("FROM a"));
        let (wide, _) = excerpt(&text, &[(at, at + 6)]);
        let (fitted, _) = Excerpt::fitted("f".into(), &text, &LineIndex::new(&text), &labels, 500);
        assert_eq!(wide.text(), fitted.text());
    }
}
