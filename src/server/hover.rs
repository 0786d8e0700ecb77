//! Hover: a rule code or name in a suppression comment shows the rule's page; a FROM image the
//! reference it resolves to and what the image table knows of it, with the source of those
//! facts; a stage name its summary (index, base chain, final or not, user, workdir); a variable
//! its value there and the line that declares it. All offline, from the model.

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
        .or_else(|| base_image(doc, offset))
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

/// The image word of a FROM that names an image (not a stage).
fn base_image(doc: &Document, offset: usize) -> Option<lsp::Hover> {
    let stage = doc.model.stages.iter().find(|st| {
        st.base_word.span.start <= offset
            && offset <= st.base_word.span.end
            && !matches!(st.base, BaseImage::Stage(_))
    })?;
    let written = &stage.base_word.value;
    let mut s = String::new();
    match &stage.base {
        BaseImage::Registry(img) => {
            s.push_str(&format!("**image** `{}`", img.text));
            if img.text != *written {
                s.push_str(&format!(" (from `{written}`)"));
            }
            s.push_str("\n\n");
            let registry = img.registry.as_deref().unwrap_or("docker.io (Docker Hub)");
            s.push_str(&format!(
                "registry `{registry}` · repository `{}` · tag {} · digest {}\n\n",
                img.name,
                img.tag
                    .as_ref()
                    .map_or("none (means `latest`)".to_string(), |t| format!(
                        "`{}`",
                        t.value
                    )),
                img.digest
                    .as_ref()
                    .map_or("none".to_string(), |d| format!("`{}`", d.value)),
            ));
        }
        BaseImage::Scratch => {
            s.push_str("**image** `scratch`: an empty image, no files at all\n\n")
        }
        BaseImage::Unresolved(_) => {
            s.push_str(&format!("**image** `{written}`: not resolved"));
            if let Some(r) = &stage.unresolved_reason {
                s.push_str(&format!(" ({r})"));
            }
            s.push_str("\n\n");
        }
        BaseImage::Stage(_) => return None,
    }
    let f = &stage.facts;
    if f.is_known() {
        s.push_str(&format!("image table: family `{}`\n\n", f.family));
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unknown",
        };
        let mut rows = vec![
            format!("- OS: {}", f.os.name()),
            format!("- C library: {}", f.libc.name()),
            format!("- CA certificates: {}", yes_no(f.ca_certificates)),
            format!(
                "- default user: {}",
                match f.default_user_nonroot {
                    Some(true) => "not root",
                    Some(false) => "root",
                    None => "unknown",
                }
            ),
            format!("- shell: {}", f.shell.name()),
            format!("- package manager: {}", f.package_manager.name()),
        ];
        if let Some(t) = f.toolchain {
            rows.push(format!("- toolchain: {}", t.name()));
        }
        if let Some(c) = f.c_compiler {
            rows.push(format!("- C compiler: {}", if c { "yes" } else { "no" }));
        }
        if let Some(a) = &f.alpine_version {
            rows.push(format!("- Alpine release: {a}"));
        }
        if !f.known_users.is_empty() {
            let users: Vec<String> = f.known_users.iter().map(|u| format!("`{u}`")).collect();
            rows.push(format!(
                "- users{}: {}",
                if f.users_exhaustive {
                    ""
                } else {
                    " (at least)"
                },
                users.join(", ")
            ));
        }
        s.push_str(&rows.join("\n"));
        s.push_str(&format!("\n\nsource: {}", f.source));
    } else {
        s.push_str("not in the image table: nothing is known of its contents (an `[[images]]` entry in `dockhand.toml` can describe it)");
    }
    Some(markdown(doc, s, stage.base_word.span))
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
