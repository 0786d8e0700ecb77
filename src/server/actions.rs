//! Code actions that need no fix engine: for each dockhand diagnostic in the request, "ignore
//! for this instruction" (a `# dockhand ignore=CODE` line above the instruction, indented as
//! it is), "ignore for this stage" (`# dockhand ignore-stage=CODE` above the stage's `FROM`)
//! and "ignore in this file" (`# dockhand ignore-file=CODE` after the parser directives, where
//! a comment does not end the directive block). New lines take the document's line ending.

use super::documents::Document;
use gen_lsp_types as lsp;
use std::collections::HashMap;

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// An insertion of a whole comment line at `at` (a line start), indented like the line there.
fn insert_line(doc: &Document, at: usize, comment: &str) -> lsp::TextEdit {
    let indent: String = doc.text[at..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let pos = doc.text().position(at);
    lsp::TextEdit {
        range: lsp::Range {
            start: pos,
            end: pos,
        },
        new_text: format!("{indent}{comment}{}", newline(&doc.text)),
    }
}

fn action(
    doc: &Document,
    title: String,
    edit: lsp::TextEdit,
    d: &lsp::Diagnostic,
) -> lsp::CodeActionResponse {
    let mut changes = HashMap::new();
    changes.insert(doc.uri.clone(), vec![edit]);
    lsp::CodeActionResponse::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QuickFix),
        diagnostics: Some(vec![d.clone()]),
        is_preferred: Some(false),
        disabled: None,
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        }),
        command: None,
        data: None,
        tags: None,
    })
}

/// Where a file-level suppression goes: after the parser directives (a comment between them
/// would end the directive block for BuildKit), or at the top.
fn file_comment_at(doc: &Document) -> usize {
    match doc
        .model
        .dockerfile()
        .directives
        .iter()
        .map(|d| d.span.end)
        .max()
    {
        Some(end) => doc.text[end..]
            .find('\n')
            .map_or(doc.text.len(), |i| end + i + 1),
        None => 0,
    }
}

pub fn code_actions(
    doc: &Document,
    params: &lsp::CodeActionParams,
) -> Vec<lsp::CodeActionResponse> {
    let mut out = Vec::new();
    if let Some(only) = &params.context.only {
        if !only.contains(&lsp::CodeActionKind::QuickFix) {
            return out;
        }
    }
    let t = doc.text();
    let instructions = &doc.model.dockerfile().instructions;
    for d in &params.context.diagnostics {
        if d.source.as_deref() != Some("dockhand") {
            continue;
        }
        let Some(lsp::Code::String(code)) = &d.code else {
            continue;
        };
        if crate::rules::find(code).is_none() || code == "DH007" {
            continue;
        }
        let offset = t.offset(d.range.start);
        let Some(k) = instructions
            .iter()
            .position(|ins| ins.span.start <= offset && offset <= ins.span.end)
        else {
            continue;
        };
        let ins_start = line_start(&doc.text, instructions[k].span.start);
        out.push(action(
            doc,
            format!("Ignore {code} for this instruction"),
            insert_line(doc, ins_start, &format!("# dockhand ignore={code}")),
            d,
        ));
        if let Some(stage) = doc
            .model
            .stages
            .iter()
            .rev()
            .find(|s| s.from_instruction <= k)
        {
            if let Some(from) = instructions.get(stage.from_instruction) {
                let at = line_start(&doc.text, from.span.start);
                out.push(action(
                    doc,
                    format!("Ignore {code} in this stage"),
                    insert_line(doc, at, &format!("# dockhand ignore-stage={code}")),
                    d,
                ));
            }
        }
        let at = file_comment_at(doc);
        out.push(action(
            doc,
            format!("Ignore {code} in this file"),
            insert_line(doc, at, &format!("# dockhand ignore-file={code}")),
            d,
        ));
    }
    out
}
