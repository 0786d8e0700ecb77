//! `dockhand server`: a language server over stdio (LSP 3.17), logging to stderr.
//!
//! One thread handles the messages in the order they arrive: a lint takes about 2 ms, so a
//! synchronous loop is enough and can never race on document versions. Crates: `lsp-server`
//! (rust-analyzer's and ruff's transport: the connection, the initialize handshake, an
//! in-memory connection for tests) and `gen-lsp-types` (types generated from the LSP 3.18
//! metamodel, as ruff uses them); three crates in all, where the async servers bring an async
//! runtime and some forty crates for nothing this server needs.
//!
//! This module lives in the CLI crate, not in a `dockhand_server` crate of its own, because it
//! resolves configuration exactly as the CLI does (`dockhand.toml` found from the document's
//! path, so that editor and CI agree), and `cargo install --path .` and the pre-commit hook
//! need the binary in the root package, which a server crate depending on it could not give.
//!
//! What it does: diagnostics pushed on open and on every change with the document's version,
//! and pulled (`textDocument/diagnostic`) when the client supports it; positions in UTF-8 when
//! the client offers it, else UTF-16; document symbols (stages, with their instructions);
//! folding of stages and multi-line instructions; definition, references and highlights of
//! stage names and of build variables (`$VAR` → its ARG or ENV, with BuildKit's scoping); hover
//! on rule codes in suppression comments, FROM images, stage names and variables. Settings come
//! from `initializationOptions` and `workspace/configuration` (see `settings`); a broken
//! `dockhand.toml` gets its errors shown on that file. Unknown requests get MethodNotFound; a panic inside one request is answered as
//! an internal error and the server goes on.

mod actions;
mod documents;
mod hover;
mod outline;
mod position;
mod rename;
mod settings;
mod stages;
mod variables;

use documents::{Document, Documents};
use gen_lsp_types as lsp;
use lsp::{Notification as _, Request as _};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use position::Encoding;
use settings::Settings;
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the server on standard input and output until the client says `exit`.
pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (result, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("dockhand server: {e}");
            ExitCode::from(2)
        }
        (_, Err(e)) => {
            eprintln!("dockhand server: {e}");
            ExitCode::from(2)
        }
    }
}

/// The whole session on one connection: the initialize handshake, then the message loop.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = negotiate_encoding(&params);
    let pull = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.diagnostic.as_ref())
        .is_some();
    let result = lsp::InitializeResult {
        capabilities: capabilities(encoding, pull),
        server_info: Some(lsp::ServerInfo {
            name: "dockhand".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let root = workspace_root(&params);
    let (settings, warnings) = match &params.initialization_options {
        Some(v) => Settings::from_json(v, root.as_deref()),
        None => (Settings::default(), Vec::new()),
    };
    log_warnings(&warnings);
    let watches_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let pulls_configuration = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.configuration)
        .unwrap_or(false);
    let mut server = Server {
        connection,
        documents: Documents::default(),
        encoding,
        flags: settings.flags(),
        settings,
        root,
        pulls_configuration,
        watches_files,
        config_request: None,
        next_request: 0,
        config_files_with_errors: HashSet::new(),
    };
    // `initialize_finish` has waited for the client's `initialized`: requests may go out now
    server.watch_config_files();
    server.request_configuration();
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| format!("shutdown: {e}"))?
                {
                    return Ok(());
                }
                server.request(req);
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(r) => server.response(r),
        }
    }
    Ok(())
}

/// The workspace folder: the first of `workspaceFolders`, else `rootUri`.
fn workspace_root(params: &lsp::InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders_initialize_params
        .workspace_folders
        .as_ref()
        .and_then(|f| match f {
            lsp::WorkspaceFolders::WorkspaceFolderList(list) => list.first(),
            lsp::WorkspaceFolders::Null => None,
        })
        .map(|f| f.uri.0.clone());
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().map(|u| u.0.clone());
    folder.or(root).and_then(|u| documents::uri_to_path(&u))
}

/// Settings problems go to the log (standard error): a typo in an editor's settings must not
/// stop the server, and the log is where a user looks when a setting seems ignored.
fn log_warnings(warnings: &[String]) {
    for w in warnings {
        crate::cli::write_stderr(&format!(
            "dockhand server: {}\n",
            crate::report::escape_control(w)
        ));
    }
}

fn negotiate_encoding(params: &lsp::InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn capabilities(encoding: Encoding, pull: bool) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSync::Kind(lsp::TextDocumentSyncKind::Full)),
        diagnostic_provider: pull.then(|| {
            lsp::DiagnosticProvider::DiagnosticOptions(lsp::DiagnosticOptions {
                identifier: Some("dockhand".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            })
        }),
        document_symbol_provider: Some(lsp::DocumentSymbolProvider::Bool(true)),
        folding_range_provider: Some(lsp::FoldingRangeProvider::Bool(true)),
        definition_provider: Some(lsp::DefinitionProvider::Bool(true)),
        references_provider: Some(lsp::ReferencesProvider::Bool(true)),
        document_highlight_provider: Some(lsp::DocumentHighlightProvider::Bool(true)),
        hover_provider: Some(lsp::HoverProvider::Bool(true)),
        code_action_provider: Some(lsp::CodeActionProvider::CodeActionOptions(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QuickFix,
                    lsp::CodeActionKind::new(actions::FIX_ALL),
                ]),
                documentation: None,
                resolve_provider: Some(false),
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            },
        )),
        rename_provider: Some(lsp::RenameProvider::RenameOptions(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        })),
        ..lsp::ServerCapabilities::default()
    }
}

struct Server<'c> {
    connection: &'c Connection,
    documents: Documents,
    encoding: Encoding,
    settings: Settings,
    /// The command-line options the settings stand for.
    flags: Vec<OsString>,
    root: Option<PathBuf>,
    /// The client answers `workspace/configuration`.
    pulls_configuration: bool,
    /// The client can watch files for us (dynamic registration of didChangeWatchedFiles).
    watches_files: bool,
    /// The id of our `workspace/configuration` request still unanswered.
    config_request: Option<RequestId>,
    next_request: i32,
    /// Config files on which errors are shown, to clear them once fixed.
    config_files_with_errors: HashSet<lsp::Uri>,
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        // the client went away: the receive loop ends on its own
        let _ = self.connection.sender.send(msg);
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        // A bug in one handler must not take the editor's linter down with it.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.dispatch(req)));
        let response = match outcome {
            Ok(Some(Ok(value))) => Response::new_ok(id, value),
            Ok(Some(Err(message))) => {
                Response::new_err(id, ErrorCode::InvalidParams as i32, message)
            }
            Ok(None) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("dockhand does not handle `{method}`"),
            ),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("dockhand failed on `{method}` (a bug: please report it)"),
            ),
        };
        self.send(Message::Response(response));
    }

    /// `None`: not a method of ours.
    fn dispatch(&mut self, req: Request) -> Option<Result<serde_json::Value, String>> {
        let method = req.method.as_str();
        let fix_all = self.settings.fix_all;
        let result = if method == lsp::DocumentDiagnosticRequest::METHOD.as_str() {
            self.with_doc::<lsp::DocumentDiagnosticParams>(
                req,
                |p| p.text_document.uri.clone(),
                |d, _| serde_json::to_value(d.diagnostic_report()),
            )
        } else if method == lsp::DocumentSymbolRequest::METHOD.as_str() {
            self.with_doc::<lsp::DocumentSymbolParams>(
                req,
                |p| p.text_document.uri.clone(),
                |d, _| serde_json::to_value(outline::symbols(d)),
            )
        } else if method == lsp::FoldingRangeRequest::METHOD.as_str() {
            self.with_doc::<lsp::FoldingRangeParams>(
                req,
                |p| p.text_document.uri.clone(),
                |d, _| serde_json::to_value(outline::folding(d)),
            )
        } else if method == lsp::DefinitionRequest::METHOD.as_str() {
            self.with_doc::<lsp::DefinitionParams>(
                req,
                |p| p.text_document_position_params.text_document.uri.clone(),
                |d, p| {
                    serde_json::to_value(stages::definition(
                        d,
                        p.text_document_position_params.position,
                    ))
                },
            )
        } else if method == lsp::ReferencesRequest::METHOD.as_str() {
            self.with_doc::<lsp::ReferenceParams>(
                req,
                |p| p.text_document_position_params.text_document.uri.clone(),
                |d, p| {
                    serde_json::to_value(stages::references(
                        d,
                        p.text_document_position_params.position,
                        p.context.include_declaration,
                    ))
                },
            )
        } else if method == lsp::HoverRequest::METHOD.as_str() {
            self.with_doc::<lsp::HoverParams>(
                req,
                |p| p.text_document_position_params.text_document.uri.clone(),
                |d, p| {
                    serde_json::to_value(hover::hover(d, p.text_document_position_params.position))
                },
            )
        } else if method == lsp::CodeActionRequest::METHOD.as_str() {
            self.with_doc::<lsp::CodeActionParams>(
                req,
                |p| p.text_document.uri.clone(),
                |d, p| serde_json::to_value(actions::code_actions(d, p, fix_all)),
            )
        } else if method == lsp::PrepareRenameRequest::METHOD.as_str() {
            self.with_doc::<lsp::PrepareRenameParams>(
                req,
                |p| p.text_document_position_params.text_document.uri.clone(),
                |d, p| {
                    serde_json::to_value(rename::prepare(
                        d,
                        p.text_document_position_params.position,
                    ))
                },
            )
        } else if method == lsp::RenameRequest::METHOD.as_str() {
            let params: Result<lsp::RenameParams, _> = serde_json::from_value(req.params.clone());
            match params {
                Err(e) => Err(e.to_string()),
                Ok(p) => match self
                    .documents
                    .get(&p.text_document_position_params.text_document.uri)
                {
                    None => Ok(serde_json::Value::Null),
                    Some(d) => {
                        rename::rename(d, p.text_document_position_params.position, &p.new_name)
                            .and_then(|e| serde_json::to_value(e).map_err(|e| e.to_string()))
                    }
                },
            }
        } else if method == lsp::DocumentHighlightRequest::METHOD.as_str() {
            self.with_doc::<lsp::DocumentHighlightParams>(
                req,
                |p| p.text_document_position_params.text_document.uri.clone(),
                |d, p| {
                    serde_json::to_value(stages::highlights(
                        d,
                        p.text_document_position_params.position,
                    ))
                },
            )
        } else {
            return None;
        };
        Some(result)
    }

    /// Decodes the params, finds the open document and answers from it; a document that is
    /// not open gets `null`.
    fn with_doc<P: serde::de::DeserializeOwned>(
        &mut self,
        req: Request,
        uri: impl Fn(&P) -> lsp::Uri,
        answer: impl Fn(&Document, &P) -> serde_json::Result<serde_json::Value>,
    ) -> Result<serde_json::Value, String> {
        let params: P = serde_json::from_value(req.params).map_err(|e| e.to_string())?;
        match self.documents.get(&uri(&params)) {
            Some(doc) => answer(doc, &params).map_err(|e| e.to_string()),
            None => Ok(serde_json::Value::Null),
        }
    }

    /// Asks the client for the `dockhand` section of its settings.
    fn request_configuration(&mut self) {
        if !self.pulls_configuration {
            return;
        }
        self.next_request += 1;
        let id = RequestId::from(format!("dockhand-configuration-{}", self.next_request));
        let params = lsp::ConfigurationParams {
            items: vec![lsp::ConfigurationItem {
                scope_uri: None,
                section: Some("dockhand".to_string()),
            }],
        };
        self.config_request = Some(id.clone());
        self.send(Message::Request(Request::new(
            id,
            lsp::ConfigurationRequest::METHOD.as_str().to_string(),
            params,
        )));
    }

    /// Asks the client to tell us when a config file changes on disk, so that documents are
    /// linted again with it (and its errors shown or cleared) without waiting for an edit.
    fn watch_config_files(&mut self) {
        if !self.watches_files {
            return;
        }
        let watchers: Vec<lsp::FileSystemWatcher> = crate::config::FILE_NAMES
            .iter()
            .map(|name| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::Pattern(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "dockhand-config-files".to_string(),
                method: lsp::DidChangeWatchedFilesNotification::METHOD
                    .as_str()
                    .to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("dockhand-register-{}", self.next_request));
        self.send(Message::Request(Request::new(
            id,
            lsp::RegistrationRequest::METHOD.as_str().to_string(),
            params,
        )));
    }

    fn response(&mut self, r: Response) {
        if self.config_request.as_ref() != Some(&r.id) {
            return;
        }
        self.config_request = None;
        match r.response_result {
            // one item asked, one answered: the `dockhand` section (null when unset)
            Ok(serde_json::Value::Array(items)) => {
                let v = items.into_iter().next().unwrap_or(serde_json::Value::Null);
                self.apply_settings(&v);
            }
            _ => log_warnings(&["the client did not answer workspace/configuration".to_string()]),
        }
    }

    /// New settings: every open document is linted again with them.
    fn apply_settings(&mut self, v: &serde_json::Value) {
        let (settings, warnings) = Settings::from_json(v, self.root.as_deref());
        log_warnings(&warnings);
        if settings == self.settings {
            return;
        }
        self.flags = settings.flags();
        self.settings = settings;
        for uri in self.documents.rebuild_all(&self.flags) {
            self.publish(&uri);
        }
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.as_str();
        if method == lsp::DidChangeConfigurationNotification::METHOD.as_str() {
            // Some clients push the settings here; others send null and expect a pull.
            let pushed = n
                .params
                .get("settings")
                .filter(|v| v.get("dockhand").is_some_and(|d| !d.is_null()));
            match pushed {
                Some(v) => {
                    let v = v.clone();
                    self.apply_settings(&v);
                }
                None => self.request_configuration(),
            }
        } else if method == lsp::DidChangeWatchedFilesNotification::METHOD.as_str() {
            // a dockhand.toml changed on disk
            for uri in self.documents.rebuild_all(&self.flags) {
                self.publish(&uri);
            }
        } else if method == lsp::DidOpenTextDocumentNotification::METHOD.as_str() {
            if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                let doc = &p.text_document;
                self.documents.open(
                    doc.uri.clone(),
                    doc.version,
                    doc.text.clone(),
                    self.encoding,
                    &self.flags,
                );
                self.publish(&doc.uri);
            }
        } else if method == lsp::DidChangeTextDocumentNotification::METHOD.as_str() {
            if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) {
                let uri = p.text_document.text_document_identifier.uri.clone();
                // full sync: the last change holds the whole text
                let text = p.content_changes.into_iter().rev().find_map(|c| match c {
                    lsp::TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
                        w,
                    ) => Some(w.text),
                    lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(_) => {
                        None
                    }
                });
                if let Some(text) = text {
                    if self.documents.change(
                        &uri,
                        p.text_document.version,
                        text,
                        self.encoding,
                        &self.flags,
                    ) {
                        self.publish(&uri);
                    }
                }
            }
        } else if method == lsp::DidCloseTextDocumentNotification::METHOD.as_str() {
            if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                let uri = p.text_document.uri;
                self.documents.close(&uri);
                self.notify_diagnostics(uri, None, Vec::new());
                self.publish_config_errors();
            }
        }
        // other notifications (didSave, $/cancelRequest, ...) need nothing from us
    }

    fn publish(&mut self, uri: &lsp::Uri) {
        if let Some(doc) = self.documents.get(uri) {
            self.notify_diagnostics(uri.clone(), Some(doc.version), doc.lsp_diagnostics());
        }
        self.publish_config_errors();
    }

    /// Shows the errors of each broken `dockhand.toml` on that file, and clears the files that
    /// no open document finds broken any more.
    fn publish_config_errors(&mut self) {
        let now = self.documents.config_errors();
        let fixed: Vec<lsp::Uri> = self
            .config_files_with_errors
            .iter()
            .filter(|u| !now.contains_key(*u))
            .cloned()
            .collect();
        for uri in fixed {
            self.config_files_with_errors.remove(&uri);
            self.notify_diagnostics(uri, None, Vec::new());
        }
        for (uri, diagnostics) in now {
            self.config_files_with_errors.insert(uri.clone());
            self.notify_diagnostics(uri, None, diagnostics);
        }
    }

    fn notify_diagnostics(
        &self,
        uri: lsp::Uri,
        version: Option<i32>,
        diagnostics: Vec<lsp::Diagnostic>,
    ) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            version,
            diagnostics,
        };
        self.send(Message::Notification(Notification::new(
            lsp::PublishDiagnosticsNotification::METHOD
                .as_str()
                .to_string(),
            params,
        )));
    }
}
