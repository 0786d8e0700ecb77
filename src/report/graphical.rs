//! graphical: our own drawing of the common finding block, byte for byte as miette's
//! `GraphicalReportHandler` (7.6, themes `unicode` / `unicode_nocolor`, as `human::handler`
//! sets it up) draws it, at a fraction of the cost.
//!
//! miette's renderer formats every piece through `owo_colors`, clones each line, each label
//! and the handler, and wraps each text with textwrap: that was most of the human report's
//! instructions. This module draws the shape nearly every finding has — single-line labels
//! (one or several per line, with one-line messages), one snippet or several, a message, a
//! help, a footer — following miette's layout step by step, and declines anything else
//! (a label over several lines or with a message of several lines, a cause, related errors,
//! a span the source cannot read), which `human` then renders with miette. A test renders
//! many generated findings both ways and asserts equal text wherever this module accepts.

use super::human::Plain;
use super::is_printable_ascii;
use super::wrap::fits_unwrapped;
use miette::{GraphicalTheme, LabeledSpan, Severity, SourceCode, SpanContents};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// miette's default tab width.
const TAB_WIDTH: usize = 4;

/// A style's ANSI prefix and suffix (both empty without colour).
#[derive(Debug, Clone, Default)]
struct Paint {
    pre: String,
    suf: String,
}

/// The `Paint` of one of the theme's styles (an `owo_colors::Style`, which miette does not
/// re-export: a macro, so that the type need not be named).
macro_rules! paint {
    ($style:expr) => {
        Paint {
            pre: $style.prefix_formatter().to_string(),
            suf: $style.suffix_formatter().to_string(),
        }
    };
}

impl Paint {
    /// Appends `text` in this style.
    fn push(&self, out: &mut String, text: &str) {
        out.push_str(&self.pre);
        out.push_str(text);
        out.push_str(&self.suf);
    }
}

/// The theme's characters and its styles, formatted once.
#[derive(Debug, Clone)]
pub(crate) struct Painter {
    width: usize,
    error: Paint,
    warning: Paint,
    advice: Paint,
    link: Paint,
    linum: Paint,
    highlights: Vec<Paint>,
    icon_error: String,
    icon_warning: String,
    icon_advice: String,
    /// `  help: ` in the help style (miette's first indentation of a help).
    help_indent: String,
}

impl Painter {
    /// The painter for `human::handler(color, width)`.
    pub(crate) fn new(color: bool, width: usize) -> Painter {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let s = &theme.styles;
        let help = paint!(s.help);
        let mut help_indent = String::new();
        help.push(&mut help_indent, "  help: ");
        let mut highlights: Vec<Paint> = s.highlights.iter().map(|h| paint!(h)).collect();
        if highlights.is_empty() {
            highlights.push(Paint::default());
        }
        Painter {
            width,
            error: paint!(s.error),
            warning: paint!(s.warning),
            advice: paint!(s.advice),
            link: paint!(s.link),
            linum: paint!(s.linum),
            highlights,
            icon_error: theme.characters.error.clone(),
            icon_warning: theme.characters.warning.clone(),
            icon_advice: theme.characters.advice.clone(),
            help_indent,
        }
    }
}

// The unicode theme's characters (`ThemeCharacters::unicode`).
const HBAR: char = '─';
const VBAR: char = '│';
const VBAR_BREAK: char = '·';
const UARROW: char = '▲';
const LTOP: char = '╭';
const LBOT: char = '╰';
const UNDERBAR: char = '┬';
const UNDERLINE: char = '─';

/// Appends the block miette would draw for `plain` with the handler `human::handler` sets up
/// and `footer`, and returns true; or appends nothing and returns false when the block has a
/// shape this module does not draw.
pub(crate) fn render(out: &mut String, painter: &Painter, plain: &Plain, footer: &str) -> bool {
    let start = out.len();
    let ok = render_inner(out, painter, plain, footer).is_some();
    if !ok {
        out.truncate(start);
    }
    ok
}

fn render_inner(out: &mut String, p: &Painter, plain: &Plain, footer: &str) -> Option<()> {
    if !plain.related.is_empty() || plain.cause.is_some() {
        return None;
    }
    let (paint, icon) = match plain.severity {
        Severity::Error => (&p.error, &p.icon_error),
        Severity::Warning => (&p.warning, &p.icon_warning),
        Severity::Advice => (&p.advice, &p.icon_advice),
    };
    // header: the code, then a blank line
    if let Some(code) = plain.code {
        paint.push(out, code);
        out.push_str("\n\n");
    }
    // the message, after the severity's icon
    let width = p.width.saturating_sub(2);
    let mut first = String::from("  ");
    paint.push(&mut first, icon);
    first.push(' ');
    let mut rest = String::from("  ");
    paint.push(&mut rest, &VBAR.to_string());
    rest.push(' ');
    wrap(out, &plain.message, width, 5, &first, &rest);
    out.push('\n');
    // the snippets
    if let (Some(source), false) = (&plain.source, plain.labels.is_empty()) {
        snippets(out, p, source, &plain.labels)?;
    }
    // help
    if let Some(help) = &plain.help {
        wrap(out, help, width, 8, &p.help_indent, "        ");
        out.push('\n');
    }
    // footer, then the blank line `human` puts after each block
    out.push('\n');
    wrap(out, footer, width, 2, "  ", "  ");
    out.push_str("\n\n");
    Some(())
}

/// miette's `wrap`: textwrap's first-fit wrapping with our word separator and splitter, the
/// first line after `first`, the others after `rest`. When the text provably fits as it is
/// (`fits_unwrapped`, `indent` columns at most for the indentation) textwrap is skipped: it
/// would give the same lines, and it is the dearest step.
fn wrap(out: &mut String, text: &str, width: usize, indent: usize, first: &str, rest: &str) {
    if fits_unwrapped(text, indent, width) {
        // no line is empty or blank here, so every line takes its indentation whole
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(rest);
            } else {
                out.push_str(first);
            }
            out.push_str(line);
        }
    } else if !super::wrap::fill_ascii(out, text, width, first, rest) {
        out.push_str(&super::wrap::textwrap_fill(text, width, first, rest));
    }
}

/// One line of a snippet, as miette's `get_lines` cuts it.
struct Line<'a> {
    number: usize,
    /// Byte offset in the source of the line's start, and its length with its newline.
    offset: usize,
    length: usize,
    /// The text without its newline.
    text: &'a str,
}

/// A label as miette's `FancySpan`: its message, span and style.
struct Fancy<'a> {
    label: Option<&'a str>,
    offset: usize,
    len: usize,
    paint: &'a Paint,
}

impl Fancy<'_> {
    /// miette's `FancySpan` equality: the same message and span.
    fn same(&self, other: &Fancy<'_>) -> bool {
        self.label == other.label && self.offset == other.offset && self.len == other.len
    }
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.offset + self.length
    }

    fn span_line_only(&self, s: &Fancy<'_>) -> bool {
        s.offset >= self.offset && s.offset + s.len <= self.end()
    }

    fn span_applies(&self, s: &Fancy<'_>) -> bool {
        let len = s.len.max(1);
        (s.offset >= self.offset && s.offset < self.end())
            || (s.offset < self.offset && s.offset + len > self.end())
            || (s.offset + len > self.offset && s.offset + len <= self.end())
    }

    fn span_applies_gutter(&self, s: &Fancy<'_>) -> bool {
        let len = s.len.max(1);
        self.span_applies(s)
            && !((s.offset >= self.offset && s.offset < self.end())
                && (s.offset + len > self.offset && s.offset + len <= self.end()))
    }
}

/// miette's `render_snippets`: the labels' contexts, merged where they touch, each drawn.
fn snippets(
    out: &mut String,
    p: &Painter,
    source: &dyn SourceCode,
    labels: &[LabeledSpan],
) -> Option<()> {
    let mut labels = labels.to_vec();
    // the same (unstable) sort as miette's, on the same input: the same order
    labels.sort_unstable_by_key(|l| l.inner().offset());
    let mut contexts: Vec<(LabeledSpan, Box<dyn SpanContents<'_> + '_>)> =
        Vec::with_capacity(labels.len());
    for right in labels.iter().cloned() {
        // miette prints an error line instead of the snippets here: not drawn by us
        let right_conts = source.read_span(right.inner(), 1, 1).ok()?;
        if let Some((left, left_conts)) = contexts.last() {
            if left_conts.line() + left_conts.line_count() >= right_conts.line() {
                let left_end = left.offset() + left.len();
                let right_end = right.offset() + right.len();
                let new_end = left_end.max(right_end);
                let new_span = LabeledSpan::new(
                    left.label().map(String::from),
                    left.offset(),
                    new_end - left.offset(),
                );
                if let Ok(new_conts) = source.read_span(new_span.inner(), 1, 1) {
                    contexts.pop();
                    contexts.push((new_span, new_conts));
                    continue;
                }
            }
        }
        contexts.push((right, right_conts));
    }
    let fancy: Vec<Fancy<'_>> = labels
        .iter()
        .zip(p.highlights.iter().cycle())
        .map(|(l, paint)| Fancy {
            label: l.label(),
            offset: l.offset(),
            len: l.len(),
            paint,
        })
        .collect();
    for (ctx, _) in &contexts {
        context(out, p, source, ctx, &labels, &fancy)?;
    }
    Some(())
}

/// miette's `get_lines`: the context's lines, numbered as miette numbers them.
fn get_lines<'a>(contents: &dyn SpanContents<'_>, context: &'a str) -> Vec<Line<'a>> {
    let mut line = contents.line();
    let mut column = contents.column();
    let mut offset = contents.span().offset();
    let mut line_offset = offset;
    let (mut text_start, mut text_end) = (0, 0);
    let mut lines = Vec::new();
    let mut iter = context.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        offset += c.len_utf8();
        let mut at_end_of_file = false;
        match c {
            '\r' => {
                if iter.next_if(|&(_, n)| n == '\n').is_some() {
                    offset += 1;
                    line += 1;
                    column = 0;
                } else {
                    text_end = i + 1;
                    column += 1;
                }
                at_end_of_file = iter.peek().is_none();
            }
            '\n' => {
                at_end_of_file = iter.peek().is_none();
                line += 1;
                column = 0;
            }
            _ => {
                text_end = i + c.len_utf8();
                column += 1;
            }
        }
        if iter.peek().is_none() && !at_end_of_file {
            line += 1;
        }
        if column == 0 || iter.peek().is_none() {
            lines.push(Line {
                number: line,
                offset: line_offset,
                length: offset - line_offset,
                text: context
                    .get(text_start..text_end.max(text_start))
                    .unwrap_or(""),
            });
            line_offset = offset;
            text_start = iter.peek().map_or(context.len(), |&(j, _)| j);
            text_end = text_start;
        }
    }
    lines
}

/// The visual width of each character of `text` (miette's `line_visual_char_width`).
fn char_widths(text: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    let mut column = 0;
    let mut escaped = false;
    text.chars().map(move |c| {
        let width = match (escaped, c) {
            (false, '\t') => TAB_WIDTH - column % TAB_WIDTH,
            (false, '\x1b') => {
                escaped = true;
                0
            }
            (false, c) => c.width().unwrap_or(0),
            (true, 'm') => {
                escaped = false;
                0
            }
            (true, _) => 0,
        };
        column += width;
        (c, width)
    })
}

/// miette's `visual_offset`: the column of byte `offset` on `line`; None where miette would
/// panic (an offset off the line).
fn visual_offset(line: &Line<'_>, offset: usize, start: bool) -> Option<usize> {
    if offset < line.offset || offset > line.end() {
        return None;
    }
    let mut index = offset - line.offset;
    while index <= line.text.len() && !line.text.is_char_boundary(index) {
        if start {
            index -= 1;
        } else {
            index += 1;
        }
    }
    let text = &line.text[..index.min(line.text.len())];
    let width: usize = if is_printable_ascii(text) {
        text.len()
    } else {
        char_widths(text).map(|(_, w)| w).sum()
    };
    Some(if index > line.text.len() {
        width + 1
    } else {
        width
    })
}

fn push_repeat(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// miette's `render_context` for a context without multi-line labels.
fn context(
    out: &mut String,
    p: &Painter,
    source: &dyn SourceCode,
    ctx: &LabeledSpan,
    labels: &[LabeledSpan],
    fancy: &[Fancy<'_>],
) -> Option<()> {
    let contents = source.read_span(ctx.inner(), 1, 1).ok()?;
    let text = String::from_utf8_lossy(contents.data());
    let lines = get_lines(&*contents, &text);

    let (c_start, c_end) = (ctx.offset(), ctx.offset() + ctx.len());
    let mut in_ctx = labels
        .iter()
        .filter(|l| c_start <= l.offset() && l.offset() + l.len() <= c_end);
    let primary = in_ctx
        .clone()
        .find(|l| l.primary())
        .or_else(|| in_ctx.next());

    // a label over several lines needs the gutter: miette's to draw
    for line in &lines {
        if fancy
            .iter()
            .any(|hl| !line.span_line_only(hl) && line.span_applies_gutter(hl))
        {
            return None;
        }
    }
    let linum_width = decimal_digits(lines.last().map_or(0, |l| l.number));

    // header: `╭─[path:line:col]`
    push_repeat(out, ' ', linum_width + 2);
    out.push(LTOP);
    out.push(HBAR);
    let primary_contents = match primary {
        Some(l) => Some(source.read_span(l.inner(), 0, 0).ok()?),
        None => None,
    };
    let primary_contents = primary_contents.as_deref().unwrap_or(&*contents);
    let name = primary_contents.name()?;
    out.push('[');
    out.push_str(&p.link.pre);
    let _ = write!(
        out,
        "{}:{}:{}",
        name,
        primary_contents.line() + 1,
        primary_contents.column() + 1
    );
    out.push_str(&p.link.suf);
    out.push_str("]\n");

    let mut single: Vec<&Fancy<'_>> = Vec::new();
    for line in &lines {
        // the line number, the line
        out.push(' ');
        out.push_str(&p.linum.pre);
        let _ = write!(out, "{:>linum_width$}", line.number);
        out.push_str(&p.linum.suf);
        out.push(' ');
        out.push(VBAR);
        out.push(' ');
        if is_printable_ascii(line.text) {
            // every character one column wide and drawn as it is
            out.push_str(line.text);
        } else {
            for (c, w) in char_widths(line.text) {
                if c == '\t' {
                    push_repeat(out, ' ', w);
                } else {
                    out.push(c);
                }
            }
        }
        out.push('\n');

        single.clear();
        for hl in fancy.iter().filter(|hl| line.span_applies(hl)) {
            if !line.span_line_only(hl) {
                return None;
            }
            single.push(hl);
        }
        if !single.is_empty() {
            single_line_highlights(out, line, linum_width, &single)?;
        }
    }
    push_repeat(out, ' ', linum_width + 2);
    out.push(LBOT);
    push_repeat(out, HBAR, 4);
    out.push('\n');
    Some(())
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// ` {:w} · `: the gutter of a line without a number.
fn no_linum(out: &mut String, width: usize) {
    push_repeat(out, ' ', width + 2);
    out.push(VBAR_BREAK);
    out.push(' ');
}

/// miette's `render_single_line_highlights`: the underline row, then one row per label
/// message, the last label's first.
fn single_line_highlights(
    out: &mut String,
    line: &Line<'_>,
    linum_width: usize,
    single: &[&Fancy<'_>],
) -> Option<()> {
    no_linum(out, linum_width);
    let mut highest = 0;
    let mut vbar_offsets: Vec<usize> = Vec::with_capacity(single.len());
    for hl in single {
        let start = visual_offset(line, hl.offset, true)?.max(highest);
        let end = if hl.len == 0 {
            start + 1
        } else {
            visual_offset(line, hl.offset + hl.len, false)?.max(start + 1)
        };
        let vbar = (start + end) / 2;
        out.push_str(&hl.paint.pre);
        push_repeat(out, ' ', start.saturating_sub(highest));
        push_repeat(out, UNDERLINE, vbar - start);
        out.push(if hl.len == 0 {
            UARROW
        } else if hl.label.is_some() {
            UNDERBAR
        } else {
            UNDERLINE
        });
        push_repeat(out, UNDERLINE, end - vbar - 1);
        out.push_str(&hl.paint.suf);
        highest = highest.max(end);
        vbar_offsets.push(vbar);
    }
    out.push('\n');

    for hl in single.iter().rev() {
        let Some(label) = hl.label else { continue };
        // a message of several lines: miette's to draw
        if label.contains('\n') {
            return None;
        }
        no_linum(out, linum_width);
        let mut curr = 1usize;
        for (other, &vbar) in single.iter().zip(&vbar_offsets) {
            while curr < vbar + 1 {
                out.push(' ');
                curr += 1;
            }
            // miette compares labels by message and span: an equal one earlier counts as this
            if !other.same(hl) {
                other.paint.push(out, &VBAR.to_string());
                curr += 1;
            } else {
                out.push_str(&hl.paint.pre);
                out.push(LBOT);
                push_repeat(out, HBAR, 2);
                out.push(' ');
                hl.paint.push(out, label);
                out.push_str(&hl.paint.suf);
                out.push('\n');
                break;
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::excerpt::{Excerpt, LabelIn};
    use super::super::human::{handler, Plain};
    use super::*;
    use crate::source::LineIndex;
    use crate::span::Span;

    /// A small deterministic generator (xorshift64*), so that the test needs no crate and
    /// every run draws the same cases.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// The nearest char boundary of `text` at or before `i`.
    fn floor(text: &str, mut i: usize) -> usize {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// Generated findings — sources with tabs, wide and combining characters, CRLF, blank and
    /// last lines; one to four labels anywhere (empty, on one line, over several lines, with
    /// and without messages, overlapping, repeated); messages, helps and footers that fit and
    /// that wrap; every width from narrow to wide; with and without colour — are drawn by this
    /// module and by miette. Wherever this module draws a block, it is miette's, byte for byte;
    /// and it draws most of them.
    #[test]
    fn draws_what_miette_draws() {
        let lines = [
            "FROM node:22-alpine AS build",
            "RUN apt-get update && apt-get install -y curl",
            "\tWORKDIR /app",
            "COPY . .",
            "",
            "ENV 中文=值 naïve=ünï",
            "RUN echo \"$HOME\" \\",
            "    && make -j4 all",
            "USER root",
            "e\u{301}\u{301} combining",
            "   ",
            "CMD [\"node\", \"server.js\"]",
        ];
        let messages = [
            "`python` has no tag or digest",
            "[*] pin `node:22-alpine` to `node:22.11.0-alpine3.20`; a long-ish message – with a dash, that wraps at the narrower widths",
            "naïve ünïcödé words, tabs\tand `code spans`",
            "two\nlines",
            "中文的信息也要对齐",
        ];
        let helps = [
            "",
            "add `--no-install-recommends`",
            "add these lines:\n    RUN apt-get update\n    RUN x",
            "run `dockhand explain DH401` then pin with a digest like sha256:0123456789abcdef0123456789abcdef",
        ];
        let label_messages = [
            "",
            "",
            "this",
            "`curl` installed here",
            "a label message that is rather long",
        ];
        let footers = [
            "unpinned-base-image: run `dockhand explain DH401` for details",
            "x: `y`",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut drawn, mut declined) = (0usize, 0usize);
        for case in 0..4000 {
            let n = 1 + rng.below(8);
            let eol = if rng.below(5) == 0 { "\r\n" } else { "\n" };
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(rng.pick(&lines));
                text.push_str(eol);
            }
            if rng.below(4) == 0 {
                text.truncate(text.len() - eol.len());
            }
            let index = LineIndex::new(&text);
            let owned: Vec<String> = (0..1 + rng.below(4))
                .map(|_| rng.pick(&label_messages).to_string())
                .collect();
            let spans: Vec<Span> = owned
                .iter()
                .map(|_| {
                    let start = floor(&text, rng.below(text.len() + 1));
                    let len = match rng.below(4) {
                        0 => 0,
                        1 => rng.below(60),
                        _ => rng.below(12),
                    };
                    Span::new(start, floor(&text, start + len).max(start))
                })
                .collect();
            let labels: Vec<LabelIn<'_>> = spans
                .iter()
                .zip(&owned)
                .enumerate()
                .map(|(i, (&span, m))| LabelIn {
                    span,
                    message: (!m.is_empty()).then_some(m.as_str()),
                    primary: i == 0,
                })
                .collect();
            let message = rng.pick(&messages).to_string();
            let help = Some(rng.pick(&helps))
                .filter(|h| !h.is_empty())
                .map(String::from);
            let footer = rng.pick(&footers);
            let color = rng.below(2) == 0;
            let width = 20 + rng.below(120);
            let severity = [
                miette::Severity::Error,
                miette::Severity::Warning,
                miette::Severity::Advice,
            ][rng.below(3)];
            let make = || {
                let (excerpt, spans) =
                    Excerpt::fitted("dir/Dockerfile".into(), &text, &index, &labels, width);
                Plain {
                    message: message.clone(),
                    code: Some("DH401"),
                    severity,
                    help: help.clone(),
                    labels: spans,
                    source: Some(excerpt),
                    related: Vec::new(),
                    cause: None,
                }
            };
            let mut ours = String::new();
            if !render(&mut ours, &Painter::new(color, width), &make(), footer) {
                assert!(ours.is_empty(), "a declined block leaves nothing behind");
                declined += 1;
                continue;
            }
            drawn += 1;
            let mut theirs = String::new();
            handler(color, width)
                .with_footer(footer.to_string())
                .render_report(&mut theirs, &make())
                .expect("miette renders");
            theirs.push('\n');
            assert_eq!(
                ours, theirs,
                "case {case}: width {width}, colour {color}, text {text:?}, spans {spans:?}, labels {owned:?}"
            );
        }
        // a quarter of the generated spans reach past their line (more than real findings
        // do): the shapes left to miette are still the minority
        assert!(drawn > 2000, "drawn {drawn}, declined {declined}");
        assert!(declined > 0, "the fallback is exercised: {declined}");
    }
}
