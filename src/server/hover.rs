//! Hover: a rule code or name in a suppression comment shows the rule's page; a stage name its
//! summary (index, base chain, final or not, user, workdir); a variable its value there and the
//! line that declares it. All offline, from the model.

use super::documents::Document;
use super::{stages, variables};
use crate::model::stage::BaseImage;
use crate::span::Span;
use gen_lsp_types as lsp;

fn markdown(doc: &Document, text: String, span: Span) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::Contents::MarkupContent(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: text,
        }),
        range: Some(doc.text().range(span)),
    }
}

pub fn hover(doc: &Document, pos: lsp::Position) -> Option<lsp::Hover> {
    let offset = doc.text().offset(pos);
    rule_in_comment(doc, offset)
        .or_else(|| stage_summary(doc, offset))
        .or_else(|| variable(doc, offset))
}

/// `# dockhand ignore=DH401,floating-base-tag`: the code or name under the cursor.
fn rule_in_comment(doc: &Document, offset: usize) -> Option<lsp::Hover> {
    let c = doc
        .model
        .dockerfile()
        .comments
        .iter()
        .find(|c| c.span.start <= offset && offset <= c.span.end)?;
    let line = doc.text.get(c.span.start..c.span.end)?;
    if !(line.contains("dockhand") || line.contains("hadolint")) {
        return None;
    }
    let at = offset - c.span.start;
    let is_word = |ch: char| ch.is_ascii_alphanumeric() || ch == '-';
    let start = line[..at]
        .rfind(|ch: char| !is_word(ch))
        .map_or(0, |i| i + 1);
    let end = line[at..]
        .find(|ch: char| !is_word(ch))
        .map_or(line.len(), |i| at + i);
    let word = &line[start..end];
    let rule = crate::rules::find(word)?;
    let span = Span::new(c.span.start + start, c.span.start + end);
    Some(markdown(doc, rule.meta().page(), span))
}

fn stage_summary(doc: &Document, offset: usize) -> Option<lsp::Hover> {
    let (id, span) = stages::stage_at_offset(doc, offset)?;
    let model = &doc.model;
    let stage = model.stages.get(id.0)?;
    let mut s = format!("**stage {}** `{}`", id.0, stage.display_name());
    if model.final_stage().is_some_and(|f| f.id == id) {
        s.push_str(" (the final stage)");
    }
    s.push_str("\n\n");
    let chain: Vec<String> = model
        .chain(id)
        .iter()
        .map(|st| match &st.base {
            BaseImage::Stage(_) => st.display_name(),
            _ => format!("{} ← `{}`", st.display_name(), st.base_word.value),
        })
        .collect();
    s.push_str(&format!("built from: {}\n\n", chain.join(" ← ")));
    match &stage.user {
        Some(u) => s.push_str(&format!("user: `{}`\n\n", u.text)),
        None => s.push_str("user: the base image's default\n\n"),
    }
    if let Some(w) = &stage.workdir {
        s.push_str(&format!("workdir: `{}`\n\n", w.value));
    }
    Some(markdown(doc, s.trim_end().to_string(), span))
}

fn variable(doc: &Document, offset: usize) -> Option<lsp::Hover> {
    let uses = variables::uses(doc);
    let decls = variables::declarations(doc);
    let (name, span, instruction) = uses
        .iter()
        .find(|u| u.span.start <= offset && offset <= u.span.end)
        .map(|u| (u.name.as_str(), u.span, u.instruction))
        .or_else(|| {
            decls
                .iter()
                .find(|d| d.span.start <= offset && offset <= d.span.end)
                .map(|d| (d.name.as_str(), d.span, d.instruction + 1))
        })?;
    let text = match variables::resolve(doc, &decls, name, instruction) {
        Some(d) => {
            let line = doc.text().position(d.span.start).line + 1;
            let kind = doc
                .model
                .dockerfile()
                .instructions
                .get(d.instruction)
                .map_or("ARG", |i| if i.cmd == "env" { "ENV" } else { "ARG" });
            match variables::value(doc, d) {
                Some(v) if !v.no_default || !v.value.is_empty() => format!(
                    "`{name}` = `{}`\n\nfrom `{kind} {name}` on line {line}",
                    v.value
                ),
                _ => format!("`{name}` has no default\n\ndeclared by `{kind} {name}` on line {line}; a `--build-arg {name}=…` sets it"),
            }
        }
        None => match crate::model::AUTOMATIC_ARGS.iter().find(|(n, _)| *n == name) {
            Some((_, example)) => format!(
                "`{name}`: an automatic platform ARG (for example `{example}`); declare `ARG {name}` in the stage to use it there"
            ),
            None => format!("`{name}` is not declared by an ARG or ENV that is in scope here"),
        },
    };
    Some(markdown(doc, text, span))
}
