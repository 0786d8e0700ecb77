//! Build variables as symbols: `$NAME` and `${NAME…}` in an instruction, resolved to the `ARG`
//! or `ENV` that declares the name at that point, with BuildKit's scoping: inside a stage, the
//! stage's own ARG and ENV lines before the use, then those of the stages it is built `FROM`;
//! in a `FROM` line, the global ARGs before it. A global ARG is seen inside a stage only when the
//! stage declares `ARG NAME` again, and that declaration is what a use resolves to.

use super::documents::Document;
use crate::model::stage::{Stage, Var};
use crate::parse::Kind;
use crate::span::Span;

/// One place a variable is named.
pub struct Use {
    pub name: String,
    /// The name itself (without `$`, `{`).
    pub span: Span,
    pub instruction: usize,
}

/// A declaration: the `NAME` of an `ARG NAME[=v]` or `ENV NAME=v` / `ENV NAME v`.
pub struct Decl {
    pub name: String,
    pub span: Span,
    pub instruction: usize,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every `$NAME` and `${NAME…}` in the instructions (not in heredoc bodies, which a shell
/// reads; an escaped `\$` is no use).
pub fn uses(doc: &Document) -> Vec<Use> {
    let text = doc.text.as_bytes();
    let escape = doc.model.dockerfile().escape as u32;
    let mut out = Vec::new();
    for (k, ins) in doc.model.dockerfile().instructions.iter().enumerate() {
        let end = ins
            .heredocs
            .first()
            .map_or(ins.span.end, |h| h.body.start.min(ins.span.end));
        let mut i = ins.keyword.end;
        while i < end.min(text.len()) {
            let b = text[i];
            if u32::from(b) == escape {
                i += 2;
                continue;
            }
            if b != b'$' {
                i += 1;
                continue;
            }
            let braced = text.get(i + 1) == Some(&b'{');
            let start = i + 1 + usize::from(braced);
            if start < text.len() && is_name_start(text[start]) {
                let mut j = start;
                while j < text.len() && is_name(text[j]) {
                    j += 1;
                }
                out.push(Use {
                    name: doc.text[start..j].to_string(),
                    span: Span::new(start, j),
                    instruction: k,
                });
                i = j;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Every ARG and ENV name declared, with its span.
pub fn declarations(doc: &Document) -> Vec<Decl> {
    let mut out = Vec::new();
    for (k, ins) in doc.model.dockerfile().instructions.iter().enumerate() {
        if !matches!(ins.kind, Kind::Arg | Kind::Env) {
            continue;
        }
        // `ENV NAME value` (the legacy form) declares only its first word
        let words: Vec<&crate::parse::Word> =
            if ins.kind == Kind::Env && ins.args.len() >= 2 && !ins.args[0].value.contains('=') {
                ins.args.iter().take(1).collect()
            } else {
                ins.args.iter().collect()
            };
        for w in words {
            let name_len = w.value.find('=').unwrap_or(w.value.len());
            let name = &w.value[..name_len];
            if name.is_empty() || !name.bytes().all(is_name) {
                continue;
            }
            // the word's span starts at its first character: the name as written
            let span = Span::new(w.span.start, (w.span.start + name_len).min(w.span.end));
            if doc.text.get(span.start..span.end) == Some(name) {
                out.push(Decl {
                    name: name.to_string(),
                    span,
                    instruction: k,
                });
            }
        }
    }
    out
}

/// The stage an instruction belongs to (`None`: before the first FROM).
fn stage_of(doc: &Document, instruction: usize) -> Option<&Stage> {
    doc.model
        .stages
        .iter()
        .rev()
        .find(|s| s.from_instruction <= instruction)
}

/// The declaration a use of `name` at `instruction` resolves to.
pub fn resolve<'d>(
    doc: &Document,
    decls: &'d [Decl],
    name: &str,
    instruction: usize,
) -> Option<&'d Decl> {
    let before = |d: &&Decl, lo: usize, hi: usize| {
        d.name == name && d.instruction >= lo && d.instruction < hi
    };
    let Some(stage) = stage_of(doc, instruction) else {
        return decls.iter().rev().find(|d| before(d, 0, instruction));
    };
    if instruction == stage.from_instruction {
        // a FROM line sees the global ARGs only
        let first = doc.model.stages.first().map_or(0, |s| s.from_instruction);
        return decls
            .iter()
            .rev()
            .find(|d| before(d, 0, first.min(instruction)));
    }
    for (n, s) in doc.model.chain(stage.id).into_iter().enumerate() {
        // the stage itself up to the use; an ancestor whole
        let hi = if n == 0 {
            instruction
        } else {
            s.instructions.end
        };
        if let Some(d) = decls
            .iter()
            .rev()
            .find(|d| before(d, s.from_instruction + 1, hi))
        {
            return Some(d);
        }
    }
    None
}

/// The model's value for a declaration, when the model recorded one.
pub fn value<'m>(doc: &'m Document, decl: &Decl) -> Option<&'m Var> {
    let all = doc.model.global_args.iter().chain(
        doc.model
            .stages
            .iter()
            .flat_map(|s| s.args.iter().chain(s.env_writes.iter())),
    );
    all.into_iter()
        .find(|v| v.instruction == decl.instruction && *v.name == *decl.name)
}

/// The variable named at `offset` (a use or a declaration): its declaration's span and the
/// spans of every use that resolves to the same declaration.
pub fn symbol_at(doc: &Document, offset: usize) -> Option<(Span, Vec<Span>)> {
    let uses = uses(doc);
    let decls = declarations(doc);
    let target = uses
        .iter()
        .find(|u| u.span.start <= offset && offset <= u.span.end)
        .and_then(|u| resolve(doc, &decls, &u.name, u.instruction))
        .or_else(|| {
            decls
                .iter()
                .find(|d| d.span.start <= offset && offset <= d.span.end)
        })?;
    let refs = uses
        .iter()
        .filter(|u| u.name == target.name)
        .filter(|u| {
            resolve(doc, &decls, &u.name, u.instruction).is_some_and(|d| d.span == target.span)
        })
        .map(|u| u.span)
        .collect();
    Some((target.span, refs))
}
