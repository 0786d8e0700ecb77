//! The document outline: symbols (global ARGs, then one symbol per stage with its instructions
//! as children) and folding ranges (stages, instructions over several lines, comment blocks).

use super::documents::Document;
use crate::parse::{Instruction, Kind};
use crate::span::Span;
use gen_lsp_types as lsp;

/// An instruction's outline label: its keyword and the start of its arguments, on one line.
fn label(doc: &Document, ins: &Instruction) -> String {
    let mut s = ins.cmd.to_ascii_uppercase();
    let rest: String = ins
        .rest
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !rest.is_empty() {
        s.push(' ');
        // a long RUN is cut at a character boundary
        let cut: String = rest.chars().take(60).collect();
        s.push_str(&cut);
        if cut.len() < rest.len() {
            s.push('…');
        }
    }
    let _ = doc;
    s
}

fn symbol_kind(kind: Kind) -> lsp::SymbolKind {
    match kind {
        Kind::Arg | Kind::Env => lsp::SymbolKind::Variable,
        Kind::From => lsp::SymbolKind::Module,
        _ => lsp::SymbolKind::Field,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written (as `None`)
fn symbol(
    doc: &Document,
    name: String,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    span: Span,
    selection: Span,
    children: Option<Vec<lsp::DocumentSymbol>>,
) -> lsp::DocumentSymbol {
    let t = doc.text();
    lsp::DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: t.range(span),
        selection_range: t.range(selection),
        children,
    }
}

pub fn symbols(doc: &Document) -> lsp::DocumentSymbolResponse {
    let instructions = &doc.model.dockerfile().instructions;
    let mut out = Vec::new();
    let first_from = doc
        .model
        .stages
        .first()
        .map_or(instructions.len(), |s| s.from_instruction);
    for ins in instructions.iter().take(first_from) {
        out.push(symbol(
            doc,
            label(doc, ins),
            Some("global".to_string()),
            symbol_kind(ins.kind),
            ins.span,
            ins.keyword,
            None,
        ));
    }
    let last = doc.model.stages.len().saturating_sub(1);
    for (i, stage) in doc.model.stages.iter().enumerate() {
        let Some(from) = instructions.get(stage.from_instruction) else {
            continue;
        };
        let children: Vec<lsp::DocumentSymbol> = stage
            .instructions
            .clone()
            .filter_map(|k| instructions.get(k))
            .map(|ins| {
                symbol(
                    doc,
                    label(doc, ins),
                    None,
                    symbol_kind(ins.kind),
                    ins.span,
                    ins.keyword,
                    None,
                )
            })
            .collect();
        let end = stage
            .instructions
            .clone()
            .filter_map(|k| instructions.get(k))
            .map(|ins| ins.span.end)
            .max()
            .unwrap_or(from.span.end)
            .max(from.span.end);
        let name = match &stage.alias {
            Some(a) => a.value.clone(),
            None => format!("stage {i}"),
        };
        let mut detail = format!("FROM {}", stage.base_word.value);
        if i == last {
            detail.push_str(" (final)");
        }
        let selection = stage.alias.as_ref().map_or(from.keyword, |a| a.span);
        out.push(symbol(
            doc,
            name,
            Some(detail),
            lsp::SymbolKind::Module,
            Span::new(from.span.start, end),
            selection,
            Some(children),
        ));
    }
    lsp::DocumentSymbolResponse::DocumentSymbolList(out)
}

fn fold(start_line: u32, end_line: u32, kind: Option<lsp::FoldingRangeKind>) -> lsp::FoldingRange {
    lsp::FoldingRange {
        start_line,
        start_character: None,
        end_line,
        end_character: None,
        kind,
        collapsed_text: None,
    }
}

pub fn folding(doc: &Document) -> Vec<lsp::FoldingRange> {
    let t = doc.text();
    let line = |offset: usize| t.position(offset).line;
    let instructions = &doc.model.dockerfile().instructions;
    let mut out = Vec::new();
    for stage in &doc.model.stages {
        let Some(from) = instructions.get(stage.from_instruction) else {
            continue;
        };
        let end = stage
            .instructions
            .clone()
            .filter_map(|k| instructions.get(k))
            .map(|ins| ins.span.end)
            .max()
            .unwrap_or(from.span.end);
        let (a, b) = (
            line(from.span.start),
            line(end.saturating_sub(1).max(from.span.start)),
        );
        if b > a {
            out.push(fold(a, b, Some(lsp::FoldingRangeKind::Region)));
        }
    }
    for ins in instructions {
        let (a, b) = (
            line(ins.span.start),
            line(ins.span.end.saturating_sub(1).max(ins.span.start)),
        );
        if b > a {
            out.push(fold(a, b, None));
        }
    }
    // runs of two or more whole-line comments
    let mut run: Option<(u32, u32)> = None;
    for c in &doc.model.dockerfile().comments {
        let l = line(c.span.start);
        run = match run {
            Some((s, e)) if l == e + 1 => Some((s, l)),
            Some((s, e)) => {
                if e > s {
                    out.push(fold(s, e, Some(lsp::FoldingRangeKind::Comment)));
                }
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((s, e)) = run {
        if e > s {
            out.push(fold(s, e, Some(lsp::FoldingRangeKind::Comment)));
        }
    }
    out
}
