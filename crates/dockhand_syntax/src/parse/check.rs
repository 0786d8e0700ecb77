//! Span invariants of a parse, for fuzzing and property tests: every span lies inside the text,
//! on character boundaries, and slices the text it claims to. Not used by the linter itself.

use super::{ArgForm, Dockerfile, Instruction};
use crate::span::Span;

/// Checks every span in `df` against `text`; the first broken invariant is described.
pub fn spans(text: &str, df: &Dockerfile) -> Result<(), String> {
    for d in &df.directives {
        inside(text, d.span, "directive")?;
        inside(text, d.value.span, "directive value")?;
        contains(d.span, d.value.span, "directive value")?;
    }
    for c in &df.comments {
        inside(text, c.span, "comment")?;
        if !text[c.span.start..c.span.end].starts_with('#') {
            return Err(format!("comment span {:?} does not start at `#`", c.span));
        }
    }
    for e in df.errors.iter().chain(&df.warnings) {
        inside(text, e.span, "error")?;
    }
    let mut prev_end = 0;
    for i in &df.instructions {
        instruction(text, i)?;
        if i.span.start < prev_end {
            return Err(format!(
                "instruction at {:?} overlaps the one before",
                i.span
            ));
        }
        prev_end = i.span.end;
    }
    Ok(())
}

fn instruction(text: &str, i: &Instruction) -> Result<(), String> {
    inside(text, i.span, "instruction")?;
    inside(text, i.keyword, "keyword")?;
    contains(i.span, i.keyword, "keyword")?;
    let kw = &text[i.keyword.start..i.keyword.end];
    // (a line continuation can split a keyword: `RU`, a backslash, a newline, `N`)
    if !kw.contains('\n') && kw.to_lowercase() != i.cmd {
        return Err(format!(
            "keyword span {:?} slices {kw:?}, cmd is {:?}",
            i.keyword, i.cmd
        ));
    }
    for f in &i.flags {
        inside(text, f.span, "flag")?;
        contains(i.span, f.span, "flag")?;
        if !text[f.span.start..f.span.end].starts_with("--") {
            return Err(format!("flag span {:?} does not start with `--`", f.span));
        }
        inside(text, f.name.span, "flag name")?;
        contains(f.span, f.name.span, "flag name")?;
        if let Some(v) = &f.value {
            inside(text, v.span, "flag value")?;
            contains(f.span, v.span, "flag value")?;
        }
    }
    inside(text, i.rest.span, "rest")?;
    contains(i.span, i.rest.span, "rest")?;
    let rest_len = i.rest.value.len();
    for (a, b) in [(0, rest_len), (0, 0), (rest_len, rest_len)] {
        let s = i.rest_span(a, b);
        inside(text, s, "rest_map span")?;
    }
    for w in &i.args {
        inside(text, w.span, "argument")?;
        contains(i.span, w.span, "argument")?;
        let slice = &text[w.span.start..w.span.end];
        // Words are kept as written, so they slice to themselves unless a line continuation
        // was removed from the middle of one.
        if !slice.contains('\n') && i.form == ArgForm::Words && slice != w.value {
            return Err(format!(
                "argument span {:?} slices {slice:?}, the word is {:?}",
                w.span, w.value
            ));
        }
    }
    for h in &i.heredocs {
        for (s, what) in [
            (h.marker, "heredoc marker"),
            (h.body, "heredoc body"),
            (h.terminator, "heredoc terminator"),
        ] {
            inside(text, s, what)?;
            contains(i.span, s, what)?;
        }
        if !text[h.marker.start..h.marker.end].contains("<<") {
            return Err(format!("heredoc marker {:?} has no `<<`", h.marker));
        }
    }
    if let Some(sub) = &i.sub {
        instruction(text, sub)?;
        contains(i.span, sub.span, "ONBUILD instruction")?;
    }
    Ok(())
}

fn inside(text: &str, s: Span, what: &str) -> Result<(), String> {
    if s.start > s.end || s.end > text.len() {
        return Err(format!("{what} span {s:?} outside 0..{}", text.len()));
    }
    if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
        return Err(format!("{what} span {s:?} not on a character boundary"));
    }
    Ok(())
}

fn contains(outer: Span, inner: Span, what: &str) -> Result<(), String> {
    if inner.start < outer.start || inner.end > outer.end {
        return Err(format!(
            "{what} span {inner:?} outside its parent {outer:?}"
        ));
    }
    Ok(())
}
