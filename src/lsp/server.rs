//! The message loop: one thread reads the editor's messages in order,
//! answers each request from the current analysis, and analyses the
//! workspace again after changes, when no message is waiting (so a burst
//! of keystrokes is analysed once) or before the next request (so every
//! answer sees every change sent before it). Diagnostics are therefore
//! published before the answer to any request sent after the change.
//!
//! A request the server does not know gets `MethodNotFound`; a request
//! whose handler fails (a bug) gets `InternalError`, and the server goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CompletionOptions, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, LogMessageParams, MessageType, OneOf,
    PositionEncodingKind, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::analysis::path_of;
use super::workspace::Workspace;
use super::{completion, formatting, hover, navigation, symbols};

/// What `rules lsp` is told on its command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The rule set, relative to the workspace folder (else its `rules/`,
    /// else the folder itself).
    pub rules: Option<PathBuf>,
}

/// How the session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`: as the protocol asks.
    Cleanly,
    /// `exit` without `shutdown`, or the editor went away.
    Abruptly,
}

/// Serves one editor over standard input and output until it says `exit`.
pub fn serve(options: Options) -> Result<Ended, String> {
    let (connection, io_threads) = super::transport::stdio();
    let ended = serve_on(&connection, options);
    drop(connection);
    // The reader has ended (at `exit`, or at the end of the input) unless
    // the session failed, when it may wait for input that never comes; the
    // writer ends once every message is written.
    let ended = ended?;
    io_threads
        .join()
        .map_err(|e| format!("the connection failed: {e}"))?;
    Ok(ended)
}

/// Serves one editor on `connection`.
pub fn serve_on(connection: &Connection, options: Options) -> Result<Ended, String> {
    let Some((id, params)) = initialize_request(connection) else {
        return Ok(Ended::Abruptly);
    };
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(e) => {
            let message = format!("the `initialize` parameters are not valid: {e}");
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone());
            let _ = connection.sender.send(response.into());
            return Err(message);
        }
    };
    let folder = workspace_folder(&params);
    let rules = options.rules.or_else(|| {
        params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("rules"))
            .and_then(|r| r.as_str())
            .filter(|r| !r.is_empty())
            .map(PathBuf::from)
    });
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "rules".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    // `initialized` follows; it needs no answer and changes nothing here.
    let _ = connection.sender.send(Response::new_ok(id, result).into());
    let mut server = Server {
        connection,
        workspace: Workspace::new(folder, rules),
        dirty: true,
        shut_down: false,
        next_id: 0,
    };
    server.watch_rule_files(&params);
    let rule_set = match server.workspace.rules() {
        Some(rules) => format!("the rule set is {}", rules.display()),
        None => "no workspace folder: each rule file is checked on its own".to_string(),
    };
    server.log(MessageType::INFO, &rule_set);
    server.run()
}

/// Waits for `initialize`, refusing any other request meanwhile; `None`
/// when the editor leaves (or says `exit`) first.
fn initialize_request(connection: &Connection) -> Option<(RequestId, serde_json::Value)> {
    loop {
        match connection.receiver.recv().ok()? {
            Message::Request(r) if r.method == "initialize" => return Some((r.id, r.params)),
            Message::Request(r) => {
                let message = format!("`{}` before `initialize`: initialize first", r.method);
                let code = ErrorCode::ServerNotInitialized as i32;
                let _ = connection
                    .sender
                    .send(Response::new_err(r.id, code, message).into());
            }
            Message::Notification(n) if n.method == "exit" => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// What the server can do, as the protocol says it.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["[".into(), "\"".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The first workspace folder the editor names, as a path.
fn workspace_folder(params: &InitializeParams) -> Option<PathBuf> {
    let from_folders = params
        .workspace_folders
        .iter()
        .flatten()
        .find_map(|f| path_of(&f.uri));
    #[expect(deprecated, reason = "older editors name the folder only this way")]
    let from_root = || {
        params
            .root_uri
            .as_ref()
            .and_then(path_of)
            .or_else(|| params.root_path.as_ref().map(PathBuf::from))
    };
    from_folders.or_else(from_root)
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    /// Whether something changed since the last analysis.
    dirty: bool,
    /// Whether `shutdown` was received: requests are then refused.
    shut_down: bool,
    /// The id of the next request the server sends.
    next_id: i32,
}

impl Server<'_> {
    fn run(&mut self) -> Result<Ended, String> {
        loop {
            if self.dirty && self.connection.receiver.is_empty() {
                self.analyse();
            }
            let Ok(message) = self.connection.receiver.recv() else {
                return Ok(Ended::Abruptly);
            };
            match message {
                Message::Request(request) => self.request(request),
                Message::Notification(n) if n.method == "exit" => {
                    return Ok(if self.shut_down {
                        Ended::Cleanly
                    } else {
                        Ended::Abruptly
                    });
                }
                Message::Notification(notification) => self.notification(notification),
                // Answers to the server's own requests (registrations): nothing to do.
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The editor went away: the loop ends when its messages do.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn analyse(&mut self) {
        self.dirty = false;
        let changes = match catch_unwind(AssertUnwindSafe(|| self.workspace.analyse())) {
            Ok(changes) => changes,
            Err(panic) => {
                self.log(
                    MessageType::ERROR,
                    &format!("analysis failed: {}", said(&*panic)),
                );
                return;
            }
        };
        for params in changes.diagnostics {
            self.notify::<PublishDiagnostics>(params);
        }
        for message in changes.messages {
            self.log(MessageType::WARNING, &message);
        }
    }

    fn log(&self, typ: MessageType, message: &str) {
        self.notify::<LogMessage>(LogMessageParams {
            typ,
            message: message.to_string(),
        });
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shut_down {
            let message = "the server is shut down: only `exit` is expected".to_string();
            return self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            return self.send(Response::new_ok(id, ()));
        }
        if request.method == "initialize" {
            let message = "the session is initialized already".to_string();
            return self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
        }
        if self.dirty {
            self.analyse();
        }
        let workspace = &self.workspace;
        let answered = catch_unwind(AssertUnwindSafe(|| {
            let params = request.params;
            match request.method.as_str() {
                HoverRequest::METHOD => answer(id.clone(), params, |p| hover::hover(workspace, p)),
                GotoDefinition::METHOD => {
                    answer(id.clone(), params, |p| navigation::definition(workspace, p))
                }
                References::METHOD => {
                    answer(id.clone(), params, |p| navigation::references(workspace, p))
                }
                Completion::METHOD => {
                    answer(id.clone(), params, |p| completion::complete(workspace, p))
                }
                DocumentSymbolRequest::METHOD => answer(id.clone(), params, |p| {
                    symbols::document_symbols(workspace, p)
                }),
                Formatting::METHOD => match parse::<lsp_types::DocumentFormattingParams>(params) {
                    Ok(p) => match formatting::format(workspace, p) {
                        Ok(edits) => Response::new_ok(id.clone(), edits),
                        Err(why) => {
                            Response::new_err(id.clone(), ErrorCode::RequestFailed as i32, why)
                        }
                    },
                    Err(why) => Response::new_err(id.clone(), ErrorCode::InvalidParams as i32, why),
                },
                other => Response::new_err(
                    id.clone(),
                    ErrorCode::MethodNotFound as i32,
                    format!("`{other}` is not a request this server answers"),
                ),
            }
        }));
        let response = answered.unwrap_or_else(|panic| {
            let message = format!("the server failed on this request: {}", said(&*panic));
            Response::new_err(id, ErrorCode::InternalError as i32, message)
        });
        self.send(response);
    }

    fn notification(&mut self, notification: Notification) {
        let params = notification.params;
        let handled = catch_unwind(AssertUnwindSafe(|| -> Result<bool, String> {
            match notification.method.as_str() {
                DidOpenTextDocument::METHOD => {
                    let p: lsp_types::DidOpenTextDocumentParams = parse(params)?;
                    let d = p.text_document;
                    self.workspace.open(d.uri, d.text, d.version);
                    Ok(true)
                }
                DidChangeTextDocument::METHOD => {
                    let p: lsp_types::DidChangeTextDocumentParams = parse(params)?;
                    // Whole texts only (the sync kind offered): the last one wins.
                    if let Some(change) = p.content_changes.into_iter().next_back() {
                        let d = p.text_document;
                        self.workspace.change(d.uri, change.text, d.version);
                    }
                    Ok(true)
                }
                DidCloseTextDocument::METHOD => {
                    let p: lsp_types::DidCloseTextDocumentParams = parse(params)?;
                    self.workspace.close(&p.text_document.uri);
                    Ok(true)
                }
                DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => Ok(true),
                // Anything else (`$/cancelRequest`, `$/setTrace`, ...) changes nothing here.
                _ => Ok(false),
            }
        }));
        match handled {
            Ok(Ok(changed)) => self.dirty |= changed,
            Ok(Err(why)) => self.log(MessageType::WARNING, &why),
            Err(panic) => self.log(MessageType::ERROR, &said(&*panic)),
        }
    }

    /// Asks the editor to report rule files created, changed or deleted on
    /// disk, when it can be asked (the rule set is read from disk again then).
    fn watch_rule_files(&mut self, params: &InitializeParams) {
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.rules".to_string()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "rules-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let params = RegistrationParams {
            registrations: vec![registration],
        };
        self.send(Request::new(
            id,
            RegisterCapability::METHOD.to_string(),
            params,
        ));
    }
}

fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("the parameters are not valid: {e}"))
}

/// The response to a request: what `handle` makes of its parameters, or
/// `InvalidParams` when they do not parse.
fn answer<P: DeserializeOwned, R: Serialize>(
    id: RequestId,
    params: serde_json::Value,
    handle: impl FnOnce(P) -> R,
) -> Response {
    match parse(params) {
        Ok(params) => Response::new_ok(id, handle(params)),
        Err(why) => Response::new_err(id, ErrorCode::InvalidParams as i32, why),
    }
}

/// What a panic said.
fn said(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a bug".to_string())
}
