//! An in-process LSP client for the server tests: `dockhand::server::serve` on one end of
//! `lsp_server::Connection::memory()`, this on the other.
#![allow(dead_code)]

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::time::Duration;

pub struct Client {
    pub conn: Connection,
    next: i32,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Client {
    pub fn start(capabilities: Value) -> (Client, Value) {
        Client::start_with(
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        )
    }

    /// Starts a server and initializes it with these `initialize` params.
    pub fn start_with(params: Value) -> (Client, Value) {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || dockhand::server::serve(&server));
        let mut c = Client {
            conn: client,
            next: 1,
            server: Some(handle),
        };
        let init = c.request("initialize", params);
        c.notify("initialized", json!({}));
        (c, init)
    }

    /// The next request the server sends us with this method (others are skipped).
    pub fn server_request(&self, method: &str) -> Request {
        loop {
            if let Message::Request(r) = self.recv() {
                if r.method == method {
                    return r;
                }
            }
        }
    }

    pub fn respond(&self, id: RequestId, result: Value) {
        self.conn
            .sender
            .send(Message::Response(Response::new_ok(id, result)))
            .expect("send");
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.to_string(),
                params,
            )))
            .expect("send");
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        match r.response_result {
            Ok(v) => v,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    pub fn request_raw(&mut self, method: &str, params: Value) -> Response {
        let id = RequestId::from(self.next);
        self.next += 1;
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.to_string(),
                params,
            )))
            .expect("send");
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                _ => continue,
            }
        }
    }

    pub fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the server answers within 10 s")
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&self, uri: &str) -> Value {
        loop {
            if let Message::Notification(n) = self.recv() {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params;
                }
            }
        }
    }

    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let result = self
            .server
            .take()
            .expect("running")
            .join()
            .expect("no panic");
        assert_eq!(result, Ok(()));
    }
}

pub const URI: &str = "untitled:Dockerfile";

pub fn open(c: &Client, text: &str) {
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "dockerfile", "version": 1, "text": text } }),
    );
}

pub fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Applies single-document `changes` edits (non-overlapping) to a text, positions in UTF-16.
pub fn apply(text: &str, edits: &Value) -> String {
    let mut edits: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().expect("line") as usize;
        let ch = p["character"].as_u64().expect("character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().expect("newText"));
    }
    out
}
