//! The open documents: text, version, and what was worked out from them (the parse, the model
//! and the findings), rebuilt on every change. Findings are worked out with the configuration
//! the CLI would use for the same path.

use super::position::{Encoding, Text};
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use crate::lint::LintOptions;
use crate::model::Model;
use crate::parse;
use crate::rules::FileFacts;
use crate::source;
use gen_lsp_types as lsp;
use std::collections::HashMap;
use std::path::PathBuf;

/// Documents larger than the CLI's default limit are not linted (one diagnostic says so).
const MAX_DOCUMENT: usize = source::DEFAULT_MAX_FILE_SIZE as usize;

pub struct Document {
    pub uri: lsp::Uri,
    pub version: i32,
    pub text: String,
    pub lines: LineIndex,
    pub encoding: Encoding,
    /// The model, which owns the parse (`model.dockerfile()`).
    pub model: Model,
    pub findings: Vec<Diagnostic>,
    /// Why the document could not be linted (configuration error, too large).
    pub problem: Option<String>,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<lsp::Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: lsp::Uri, version: i32, text: String, encoding: Encoding) {
        let doc = Document::build(uri.clone(), version, text, encoding);
        self.open.insert(uri, doc);
    }

    /// Replaces the text; `false` (and nothing changes) for an unknown document or a version
    /// older than the one held (a stale change).
    pub fn change(
        &mut self,
        uri: &lsp::Uri,
        version: i32,
        text: String,
        encoding: Encoding,
    ) -> bool {
        match self.open.get(uri) {
            Some(d) if d.version <= version => {
                let doc = Document::build(uri.clone(), version, text, encoding);
                self.open.insert(uri.clone(), doc);
                true
            }
            _ => false,
        }
    }

    pub fn close(&mut self, uri: &lsp::Uri) {
        self.open.remove(uri);
    }

    pub fn get(&self, uri: &lsp::Uri) -> Option<&Document> {
        self.open.get(uri)
    }
}

impl Document {
    fn build(uri: lsp::Uri, version: i32, text: String, encoding: Encoding) -> Document {
        let path = uri_to_path(&uri.0);
        let (opts, mut problem) = match crate::cli::lint_options_for_document(path.as_deref()) {
            Ok(o) => (o, None),
            Err(m) => (LintOptions::defaults(), Some(m)),
        };
        let facts: FileFacts = path.as_deref().map(source::file_facts).unwrap_or_default();
        let lines = LineIndex::new(&text);
        let (model, findings) = if text.len() > MAX_DOCUMENT {
            problem = Some(format!(
                "not linted: the document is larger than {MAX_DOCUMENT} bytes"
            ));
            (Model::build(parse::parse(""), &opts.model), Vec::new())
        } else {
            let findings = crate::lint::lint_diagnostics(&text, &facts, &opts);
            (Model::build(parse::parse(&text), &opts.model), findings)
        };
        Document {
            uri,
            version,
            text,
            lines,
            encoding,
            model,
            findings,
            problem,
        }
    }

    pub fn text(&self) -> Text<'_> {
        Text {
            text: &self.text,
            lines: &self.lines,
            encoding: self.encoding,
        }
    }

    /// The findings as LSP diagnostics; a document that could not be linted gets one.
    pub fn lsp_diagnostics(&self) -> Vec<lsp::Diagnostic> {
        let t = self.text();
        let mut out: Vec<lsp::Diagnostic> = self
            .findings
            .iter()
            .map(|d| to_lsp(d, &t, &self.uri))
            .collect();
        if let Some(p) = &self.problem {
            out.insert(
                0,
                lsp::Diagnostic {
                    range: t.range(crate::span::Span::empty(0)),
                    severity: Some(lsp::DiagnosticSeverity::Error),
                    source: Some("dockhand".to_string()),
                    message: lsp::Message::String(p.clone()),
                    ..lsp::Diagnostic::default()
                },
            );
        }
        out
    }

    pub fn diagnostic_report(&self) -> lsp::DocumentDiagnosticReport {
        lsp::DocumentDiagnosticReport::RelatedFullDocumentDiagnosticReport(
            lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: None,
                    items: self.lsp_diagnostics(),
                },
            },
        )
    }
}

fn to_lsp(d: &Diagnostic, t: &Text<'_>, uri: &lsp::Uri) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: t.range(l.span),
            },
            message: l.message.clone().unwrap_or_else(|| "related".to_string()),
        })
        .collect();
    lsp::Diagnostic {
        range: t.range(d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::Error,
            Severity::Warning => lsp::DiagnosticSeverity::Warning,
            Severity::Info => lsp::DiagnosticSeverity::Information,
            Severity::Style => lsp::DiagnosticSeverity::Hint,
        }),
        code: Some(lsp::Code::String(d.code.to_string())),
        code_description: Some(lsp::CodeDescription {
            href: lsp::Uri(format!(
                "{}/blob/main/rules/{}.md",
                crate::cli::INFORMATION_URI,
                d.code
            )),
        }),
        source: Some("dockhand".to_string()),
        message: lsp::Message::String(message),
        tags: (d.code == "DH007").then(|| vec![lsp::DiagnosticTag::Unnecessary]),
        related_information: (!related.is_empty()).then_some(related),
        data: None,
    }
}

/// The local path of a `file:` URI (percent-decoded), or `None` for other schemes
/// (`untitled:`), which are linted with the configuration of the working directory.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///C:/x` on Windows; `file://host/share` is not a local path
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    if cfg!(windows) {
        let d = decoded.trim_start_matches('/');
        return Some(PathBuf::from(d));
    }
    Some(PathBuf::from(decoded))
}

#[cfg(test)]
mod tests {
    use super::uri_to_path;
    use std::path::PathBuf;

    #[test]
    fn file_uris_decode() {
        assert_eq!(
            uri_to_path("file:///tmp/a%20b/Docker%40file"),
            Some(PathBuf::from("/tmp/a b/Docker@file"))
        );
        assert_eq!(
            uri_to_path("file://localhost/x/Dockerfile"),
            Some(PathBuf::from("/x/Dockerfile"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        // a bad escape is kept as written, never a panic
        assert_eq!(
            uri_to_path("file:///x%zz%4"),
            Some(PathBuf::from("/x%zz%4"))
        );
    }
}
