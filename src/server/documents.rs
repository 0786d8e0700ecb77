//! The open documents: text, version, and what was worked out from them (the parse, the model
//! and the findings), rebuilt on every change. Findings are worked out with the configuration
//! the CLI would use for the same path.

use super::position::{Encoding, Text};
use crate::cli::SettingsError;
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use crate::lint::LintOptions;
use crate::model::Model;
use crate::parse;
use crate::rules::FileFacts;
use crate::source;
use gen_lsp_types as lsp;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

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
    /// The configuration file whose errors stopped the lint, with those errors as diagnostics
    /// on that file.
    pub config_errors: Option<(lsp::Uri, Vec<lsp::Diagnostic>)>,
    /// What the document was linted with, for fix-all.
    pub opts: LintOptions,
    pub facts: FileFacts,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<lsp::Uri, Document>,
}

impl Documents {
    pub fn open(
        &mut self,
        uri: lsp::Uri,
        version: i32,
        text: String,
        encoding: Encoding,
        flags: &[OsString],
    ) {
        let doc = Document::build(uri.clone(), version, text, encoding, flags);
        self.open.insert(uri, doc);
    }

    /// Lints every open document again (the settings changed); their URIs.
    pub fn rebuild_all(&mut self, flags: &[OsString]) -> Vec<lsp::Uri> {
        let uris: Vec<lsp::Uri> = self.open.keys().cloned().collect();
        for uri in &uris {
            if let Some(old) = self.open.remove(uri) {
                let doc = Document::build(uri.clone(), old.version, old.text, old.encoding, flags);
                self.open.insert(uri.clone(), doc);
            }
        }
        uris
    }

    /// The configuration files that have errors, as the open documents found them, with
    /// those errors.
    pub fn config_errors(&self) -> HashMap<lsp::Uri, Vec<lsp::Diagnostic>> {
        self.open
            .values()
            .filter_map(|d| d.config_errors.clone())
            .collect()
    }

    /// Replaces the text; `false` (and nothing changes) for an unknown document or a version
    /// older than the one held (a stale change).
    pub fn change(
        &mut self,
        uri: &lsp::Uri,
        version: i32,
        text: String,
        encoding: Encoding,
        flags: &[OsString],
    ) -> bool {
        match self.open.get(uri) {
            Some(d) if d.version <= version => {
                let doc = Document::build(uri.clone(), version, text, encoding, flags);
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
    fn build(
        uri: lsp::Uri,
        version: i32,
        text: String,
        encoding: Encoding,
        flags: &[OsString],
    ) -> Document {
        let path = uri_to_path(&uri.0);
        let mut config_errors = None;
        let (opts, mut problem) =
            match crate::cli::lint_options_for_document(path.as_deref(), flags) {
                Ok(o) => (o, None),
                Err(SettingsError::Config(e)) => {
                    let problem = match e.file() {
                        Some(file) => {
                            config_errors = config_diagnostics(&e, file, encoding);
                            format!(
                                "not linted: the configuration `{}` has errors: {}",
                                file.display(),
                                e.message()
                            )
                        }
                        None => format!(
                            "not linted: a setting of the editor or the environment is invalid: {}",
                            e.message()
                        ),
                    };
                    (LintOptions::defaults(), Some(problem))
                }
                Err(SettingsError::Other(m)) => {
                    (LintOptions::defaults(), Some(format!("not linted: {m}")))
                }
            };
        let facts: FileFacts = path.as_deref().map(source::file_facts).unwrap_or_default();
        let lines = LineIndex::new(&text);
        let (model, findings) = if text.len() > MAX_DOCUMENT {
            problem = Some(format!(
                "not linted: the document is larger than {MAX_DOCUMENT} bytes"
            ));
            (Model::build(parse::parse(""), &opts.model), Vec::new())
        } else if problem.is_some() {
            // findings under other settings than the user's would mislead: navigation only
            (Model::build(parse::parse(&text), &opts.model), Vec::new())
        } else {
            crate::lint::lint_model(&text, &facts, &opts)
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
            config_errors,
            opts,
            facts,
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

/// A configuration error and the ones found with it, as diagnostics on the config file.
fn config_diagnostics(
    e: &ConfigError,
    file: &Path,
    encoding: Encoding,
) -> Option<(lsp::Uri, Vec<lsp::Diagnostic>)> {
    let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let uri = lsp::Uri(path_to_uri(&file));
    let empty: std::sync::Arc<str> = std::sync::Arc::from("");
    let text = e.text().unwrap_or(&empty);
    let lines = LineIndex::new(text);
    let t = Text {
        text,
        lines: &lines,
        encoding,
    };
    let one = |e: &ConfigError| {
        let mut message = e.message();
        if let Some(l) = e.label().filter(|l| !l.is_empty()) {
            message.push_str(&format!(" ({l})"));
        }
        if let Some(h) = e.help_text() {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        lsp::Diagnostic {
            range: t.range(e.span().unwrap_or_default()),
            severity: Some(lsp::DiagnosticSeverity::Error),
            source: Some("dockhand".to_string()),
            message: lsp::Message::String(message),
            ..lsp::Diagnostic::default()
        }
    };
    let mut out = vec![one(e)];
    out.extend(e.related_errors().iter().map(one));
    Some((uri, out))
}

/// A `file:` URI for an absolute path, percent-encoding what a URI path cannot hold.
pub fn path_to_uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
    fn paths_become_uris_that_decode_back() {
        let p = PathBuf::from("/tmp/a b/Dock%er@file");
        let uri = super::path_to_uri(&p);
        assert_eq!(uri, "file:///tmp/a%20b/Dock%25er%40file");
        assert_eq!(uri_to_path(&uri), Some(p));
    }

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
