//! Rename of a stage name or a build variable. A stage is renamed at its `AS name` and every
//! use by name (`FROM name`, `--from=name`, `--mount=…,from=name`; `--from=N` stays an index);
//! the new name must be one BuildKit accepts (a letter, then letters, digits, `-`, `_`, `.`). A
//! variable is renamed at its declaration and every use that resolves to it; a global ARG also
//! at the stages' `ARG NAME` lines that bring it into scope, and their uses. An image name
//! (`FROM golang`) cannot be renamed.

use super::documents::Document;
use super::{stages, variables};
use crate::span::Span;
use gen_lsp_types as lsp;
use std::collections::HashMap;

fn valid_stage_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn valid_variable_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What a rename at `offset` would change: the spans, and which kind of name it is.
fn targets(doc: &Document, offset: usize) -> Option<(Vec<Span>, bool)> {
    if let Some(spans) = stages::rename_spans(doc, offset) {
        return Some((spans, true));
    }
    let (decl, uses) = variables::symbol_at(doc, offset)?;
    let mut spans = vec![decl];
    spans.extend(uses);
    // a global ARG: the stages' `ARG NAME` (no default) that inherit it, and their uses
    let first_from = doc.model.stages.first().map(|s| s.from_instruction)?;
    let decls = variables::declarations(doc);
    let global = decls
        .iter()
        .find(|d| d.span == decl && d.instruction < first_from);
    if let Some(g) = global {
        for d in decls
            .iter()
            .filter(|d| d.name == g.name && d.instruction > first_from)
        {
            let redeclares = doc
                .model
                .dockerfile()
                .instructions
                .get(d.instruction)
                .is_some_and(|ins| ins.args.iter().any(|w| w.value == g.name));
            if redeclares {
                if let Some((_, more)) = variables::symbol_at(doc, d.span.start) {
                    spans.push(d.span);
                    spans.extend(more);
                }
            }
        }
    }
    spans.sort_by_key(|s| s.start);
    spans.dedup();
    Some((spans, false))
}

pub fn prepare(doc: &Document, pos: lsp::Position) -> Option<lsp::Range> {
    let offset = doc.text().offset(pos);
    let (spans, _) = targets(doc, offset)?;
    let at = spans
        .iter()
        .find(|s| s.start <= offset && offset <= s.end)?;
    Some(doc.text().range(*at))
}

pub fn rename(
    doc: &Document,
    pos: lsp::Position,
    new_name: &str,
) -> Result<Option<lsp::WorkspaceEdit>, String> {
    let offset = doc.text().offset(pos);
    let Some((spans, stage)) = targets(doc, offset) else {
        return Ok(None);
    };
    if stage && !valid_stage_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a stage name BuildKit accepts: a letter, then letters, digits, `-`, `_` or `.`"
        ));
    }
    if !stage && !valid_variable_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a variable name: a letter or `_`, then letters, digits or `_`"
        ));
    }
    let t = doc.text();
    let edits = spans
        .iter()
        .map(|s| lsp::TextEdit {
            range: t.range(*s),
            new_text: new_name.to_string(),
        })
        .collect();
    let mut changes = HashMap::new();
    changes.insert(doc.uri.clone(), edits);
    Ok(Some(lsp::WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }))
}
