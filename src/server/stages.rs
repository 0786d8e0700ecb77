//! Stage names as symbols: where each stage is named (`FROM … AS name`) and where it is used
//! (`FROM name`, `COPY --from=name`, `COPY --from=N`, `RUN --mount=…,from=name`), for
//! definition, references and document highlights. The model has already resolved each use to
//! its stage (case-insensitively, and only to earlier stages, as BuildKit does); this module
//! only finds the spans.

use super::documents::Document;
use super::variables;
use crate::model::stage::{BaseImage, CopySource, StageId};
use crate::span::Span;
use gen_lsp_types as lsp;

struct Occurrence {
    span: Span,
    stage: StageId,
    definition: bool,
}

fn occurrences(doc: &Document) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for stage in &doc.model.stages {
        if let Some(alias) = &stage.alias {
            out.push(Occurrence {
                span: alias.span,
                stage: stage.id,
                definition: true,
            });
        }
        if let BaseImage::Stage(parent) = stage.base {
            out.push(Occurrence {
                span: stage.base_word.span,
                stage: parent,
                definition: false,
            });
        }
        for copy in &stage.copies {
            if let (CopySource::Stage(from), Some(word)) = (&copy.source, &copy.from) {
                out.push(Occurrence {
                    span: word.span,
                    stage: *from,
                    definition: false,
                });
            }
        }
        for run in &stage.runs {
            for m in &run.mounts {
                let Some(name) = &m.from else { continue };
                let Some(id) = doc.model.stages[..stage.id.0]
                    .iter()
                    .find(|s| {
                        s.alias
                            .as_ref()
                            .is_some_and(|a| a.value.eq_ignore_ascii_case(name))
                    })
                    .map(|s| s.id)
                else {
                    continue;
                };
                if let Some(span) = from_value_span(&doc.text, m.span, name) {
                    out.push(Occurrence {
                        span,
                        stage: id,
                        definition: false,
                    });
                }
            }
        }
    }
    out
}

/// The span of `name` after `from=` inside a `--mount` flag.
fn from_value_span(text: &str, mount: Span, name: &str) -> Option<Span> {
    let flag = text.get(mount.start..mount.end)?;
    let lower = flag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(p) = lower[search..].find("from=") {
        let at = search + p + "from=".len();
        let boundary = at == "from=".len() || matches!(lower.as_bytes()[at - 6], b',' | b'=');
        let value = flag.get(at..)?;
        let value = value.trim_start_matches(['"', '\'']);
        let start = mount.start + flag.len() - value.len();
        if boundary && value.len() >= name.len() && value[..name.len()].eq_ignore_ascii_case(name) {
            return Some(Span::new(start, start + name.len()));
        }
        search = at;
    }
    None
}

/// The stage named or used at `pos`.
fn stage_at(doc: &Document, pos: lsp::Position) -> Option<(StageId, Vec<Occurrence>)> {
    let offset = doc.text().offset(pos);
    let all = occurrences(doc);
    let id = all
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
        .map(|o| o.stage)?;
    Some((id, all))
}

fn location(doc: &Document, span: Span) -> lsp::Location {
    lsp::Location {
        uri: doc.uri.clone(),
        range: doc.text().range(span),
    }
}

/// Where the stage or variable at `pos` is named: a stage's `AS name` (for an unnamed stage its
/// `FROM` image), a variable's `ARG`/`ENV` name.
pub fn definition(doc: &Document, pos: lsp::Position) -> Option<lsp::Location> {
    let Some((id, all)) = stage_at(doc, pos) else {
        let (decl, _) = variables::symbol_at(doc, doc.text().offset(pos))?;
        return Some(location(doc, decl));
    };
    let span = all
        .iter()
        .find(|o| o.definition && o.stage == id)
        .map(|o| o.span)
        .or_else(|| doc.model.stages.get(id.0).map(|s| s.base_word.span))?;
    Some(location(doc, span))
}

pub fn references(
    doc: &Document,
    pos: lsp::Position,
    include_declaration: bool,
) -> Vec<lsp::Location> {
    let Some((id, all)) = stage_at(doc, pos) else {
        return match variables::symbol_at(doc, doc.text().offset(pos)) {
            Some((decl, uses)) => include_declaration
                .then_some(decl)
                .into_iter()
                .chain(uses)
                .map(|s| location(doc, s))
                .collect(),
            None => Vec::new(),
        };
    };
    all.iter()
        .filter(|o| o.stage == id && (include_declaration || !o.definition))
        .map(|o| location(doc, o.span))
        .collect()
}

fn highlight(doc: &Document, span: Span, write: bool) -> lsp::DocumentHighlight {
    lsp::DocumentHighlight {
        range: doc.text().range(span),
        kind: Some(if write {
            lsp::DocumentHighlightKind::Write
        } else {
            lsp::DocumentHighlightKind::Read
        }),
    }
}

pub fn highlights(doc: &Document, pos: lsp::Position) -> Vec<lsp::DocumentHighlight> {
    let Some((id, all)) = stage_at(doc, pos) else {
        return match variables::symbol_at(doc, doc.text().offset(pos)) {
            Some((decl, uses)) => std::iter::once(highlight(doc, decl, true))
                .chain(uses.into_iter().map(|s| highlight(doc, s, false)))
                .collect(),
            None => Vec::new(),
        };
    };
    all.iter()
        .filter(|o| o.stage == id)
        .map(|o| highlight(doc, o.span, o.definition))
        .collect()
}

/// The stage named or used at a byte offset, with the span of that name.
pub fn stage_at_offset(doc: &Document, offset: usize) -> Option<(StageId, Span)> {
    occurrences(doc)
        .into_iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
        .map(|o| (o.stage, o.span))
}

/// The spans a rename of the stage named at `offset` changes: its `AS name` and its uses by
/// name. `None` when the stage has no name (its `FROM` word is an image) or the cursor is on an
/// index (`--from=0`).
pub fn rename_spans(doc: &Document, offset: usize) -> Option<Vec<Span>> {
    let all = occurrences(doc);
    let at = all
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)?;
    let alias = doc.model.stages.get(at.stage.0)?.alias.as_ref()?;
    let by_name = |o: &Occurrence| {
        doc.text
            .get(o.span.start..o.span.end)
            .is_some_and(|t| t.eq_ignore_ascii_case(&alias.value))
    };
    if !by_name(at) {
        return None;
    }
    Some(
        all.iter()
            .filter(|o| o.stage == at.stage && by_name(o))
            .map(|o| o.span)
            .collect(),
    )
}
