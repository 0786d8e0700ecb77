//! config errors for the terminal: a `ConfigError` drawn as the human reporter draws findings,
//! through the same escaping and the same bounded excerpts. The configuration is input too (it
//! is found inside the repository being linted), so its text, its names and its values are
//! untrusted; and one file may hold thousands of mistakes, so at most `MAX_CONFIG_ERRORS` are
//! shown, then a count of the rest.

use super::escape_control;
use super::excerpt::{Excerpt, LabelIn};
use super::human::{escape_lines, handler, Cause, Plain};
use crate::config::ConfigError;
use crate::source::LineIndex;
use std::sync::Arc;

/// Errors shown per file; the rest are counted.
pub const MAX_CONFIG_ERRORS: usize = 50;

/// The error (and those related to it) as text for standard error, ending in a newline.
pub fn render_config_error(e: &ConfigError, color: bool, width: usize) -> String {
    let mut lines: Option<(Arc<str>, LineIndex)> = None;
    let mut top = plain(e, &mut lines);
    let related = e.related_errors();
    let shown = related.len().min(MAX_CONFIG_ERRORS - 1);
    top.related = related[..shown]
        .iter()
        .map(|r| plain(r, &mut lines))
        .collect();
    let mut handler = handler(color, width);
    if related.len() > shown {
        let rest = related.len() - shown;
        handler = handler.with_footer(format!(
            "{rest} more {} in this file not shown",
            if rest == 1 { "error" } else { "errors" }
        ));
    }
    let mut out = String::new();
    if handler.render_report(&mut out, &top).is_err() {
        // miette never fails on our excerpts; should it, the message alone still gets out
        out = format!("Error: {}\n", top.message);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// One error without its related ones. `lines` caches the line index of the text the errors
/// share, so it is built once however many errors point into it.
fn plain(e: &ConfigError, lines: &mut Option<(Arc<str>, LineIndex)>) -> Plain {
    let mut p = Plain::error(escape_control(&e.message()).into_owned());
    p.code = Some("dockhand::config");
    p.help = e.help_text().map(escape_lines);
    match e {
        ConfigError::Invalid(inv) => {
            let text = inv.src.inner();
            let index = match lines {
                Some((t, index)) if Arc::ptr_eq(t, text) => index,
                _ => {
                    let built = lines.insert((Arc::clone(text), LineIndex::new(text)));
                    &built.1
                }
            };
            let label = escape_control(&inv.label).into_owned();
            let span =
                crate::span::Span::new(inv.span.offset(), inv.span.offset() + inv.span.len());
            let labels = [LabelIn {
                span,
                message: Some(&label),
                primary: true,
            }];
            let name = escape_control(inv.src.name()).into_owned();
            let (excerpt, spans) = Excerpt::new(name, text, index, &labels);
            p.labels = spans;
            p.source = Some(excerpt);
        }
        ConfigError::Read { source, .. } => {
            p.related.clear();
            p.cause = Some(Cause(escape_control(&source.to_string()).into_owned()));
        }
        ConfigError::Conflict { .. } => {}
    }
    p
}
