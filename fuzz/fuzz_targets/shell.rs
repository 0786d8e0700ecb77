//! The shell parser on arbitrary text, in every dialect: it must return (no panic, no stack
//! overflow, no hang), every span of the tree must lie inside the input on character
//! boundaries, and the flat command list must come out of the same tree.
#![no_main]

use dockhand::model::shell::{self, Dialect, Visitor};
use dockhand::model::shell::ast::{Command, Word};
use libfuzzer_sys::fuzz_target;

struct Spans<'t> {
    text: &'t str,
}

impl Spans<'_> {
    fn check(&self, start: usize, end: usize) {
        assert!(start <= end && end <= self.text.len(), "span {start}..{end} out of the input");
        assert!(self.text.is_char_boundary(start) && self.text.is_char_boundary(end));
    }
}

impl<'a> Visitor<'a> for Spans<'_> {
    fn command(&mut self, c: &'a Command, _: &shell::Cx) {
        self.check(c.span.start, c.span.end);
    }
    fn word(&mut self, w: &'a Word, _: &shell::Cx) {
        self.check(w.span.start, w.span.end);
        for p in &w.parts {
            self.check(p.span.start, p.span.end);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::Sh, Dialect::Bash] {
        let s = shell::parse_text(text, dialect);
        s.walk(&mut Spans { text });
        for e in &s.errors {
            Spans { text }.check(e.span.start, e.span.end);
        }
        // Every flat command is a simple command or a `[[ ]]` of the tree.
        let _ = (s.flat().len(), s.simple_commands().len());
    }
    // the whole model and every rule, with the script as a RUN line
    let df: std::sync::Arc<str> = format!("FROM alpine:3.22\nRUN {text}\n").into();
    let opts = dockhand::lint::LintOptions::default();
    let _ = dockhand::lint::lint_text("fuzz", df, &dockhand::rules::FileFacts::default(), &opts);
});
