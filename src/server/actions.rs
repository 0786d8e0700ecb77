//! Code actions. For each dockhand diagnostic in the request: the finding's own fix when it
//! has one (preferred when safe; an unsafe one says so in its title; display-only sketches are
//! never offered), then "ignore for this instruction" (a `# dockhand ignore=CODE` line above the instruction, indented as
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

/// A code action that edits this document.
fn edit_action(
    doc: &Document,
    title: String,
    kind: lsp::CodeActionKind,
    edits: Vec<lsp::TextEdit>,
    diagnostic: Option<&lsp::Diagnostic>,
    preferred: Option<bool>,
) -> lsp::CodeActionResponse {
    let mut changes = HashMap::new();
    changes.insert(doc.uri.clone(), edits);
    lsp::CodeActionResponse::CodeAction(lsp::CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d.clone()]),
        is_preferred: preferred,
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

/// A suppression quick fix: one inserted line.
fn action(
    doc: &Document,
    title: String,
    edit: lsp::TextEdit,
    d: &lsp::Diagnostic,
) -> lsp::CodeActionResponse {
    edit_action(
        doc,
        title,
        lsp::CodeActionKind::QuickFix,
        vec![edit],
        Some(d),
        Some(false),
    )
}

/// The kind of the fix-all action, for `editor.codeActionsOnSave` and the like.
pub const FIX_ALL: &str = "source.fixAll.dockhand";

/// Whether a request's `only` filter admits actions of `kind` (a kind matches its prefixes:
/// `source` admits `source.fixAll.dockhand`).
fn admits(only: Option<&Vec<lsp::CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|list| {
        list.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// A finding's fix as a quick fix, when it has edits and is one to apply.
fn fix_action(
    doc: &Document,
    finding: &crate::diagnostic::Diagnostic,
    d: &lsp::Diagnostic,
) -> Option<lsp::CodeActionResponse> {
    use crate::fix::Applicability;
    let fix = finding.fix.as_ref()?;
    if fix.edits.is_empty() || fix.applicability == Applicability::DisplayOnly {
        return None;
    }
    let t = doc.text();
    let edits: Vec<lsp::TextEdit> = fix
        .edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: t.range(e.span),
            new_text: e.replacement.clone(),
        })
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.title.clone()
    } else {
        format!("{} (unsafe: check the result)", fix.title)
    };
    Some(edit_action(
        doc,
        title,
        lsp::CodeActionKind::QuickFix,
        edits,
        Some(d),
        Some(safe),
    ))
}

/// `source.fixAll.dockhand`: every safe fix, applied by the CLI's fix engine (passes until
/// nothing changes), as one edit of the whole document; `None` when nothing would change.
pub fn fix_all(doc: &Document) -> Option<lsp::CodeActionResponse> {
    if doc.problem.is_some() {
        return None;
    }
    let fo = crate::fix::FixOptions {
        unsafe_fixes: false,
        fixable: &|_| true,
    };
    let out = crate::fix::fix_text(&doc.text, &doc.facts, &doc.opts, &fo);
    if !out.changed(&doc.text) {
        return None;
    }
    let t = doc.text();
    let n: usize = out.fixed.values().sum();
    let edit = lsp::TextEdit {
        range: t.range(crate::span::Span::new(0, doc.text.len())),
        new_text: out.text,
    };
    let title = format!(
        "Fix all safely fixable dockhand findings ({n} {})",
        if n == 1 { "fix" } else { "fixes" }
    );
    Some(edit_action(
        doc,
        title,
        lsp::CodeActionKind::new(FIX_ALL),
        vec![edit],
        None,
        None,
    ))
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
    offer_fix_all: bool,
) -> Vec<lsp::CodeActionResponse> {
    let mut out = Vec::new();
    let only = params.context.only.as_ref();
    if offer_fix_all && admits(only, FIX_ALL) {
        out.extend(fix_all(doc));
    }
    if !admits(only, "quickfix") {
        return out;
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
        if crate::rules::find(code).is_none() {
            continue;
        }
        let finding = doc
            .findings
            .iter()
            .find(|f| f.code == code.as_str() && t.range(f.primary.span) == d.range);
        if let Some(a) = finding.and_then(|f| fix_action(doc, f, d)) {
            out.push(a);
        }
        if code == "DH007" {
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
