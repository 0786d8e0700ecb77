//! `dockhand server` and configuration: editor settings from `initializationOptions` and from
//! `workspace/configuration`, a broken `dockhand.toml` shown on that file and cleared once
//! fixed, and hover on a FROM image.

mod lsp_support;

use lsp_support::{codes, open, Client, URI};
use serde_json::{json, Value};

const TWO_FINDINGS: &str = "FROM python\nFROM node:24 AS build\n";

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn initialization_options_select_rules_as_the_cli_options_would() {
    let (c, _) = Client::start_with(json!({
        "processId": null, "rootUri": null, "capabilities": {},
        "initializationOptions": { "dockhand": { "ignore": ["DH401"] } }
    }));
    open(&c, TWO_FINDINGS);
    let p = c.diagnostics(URI);
    assert!(!codes(&p).contains(&"DH401".to_string()), "{:?}", codes(&p));
    assert!(codes(&p).contains(&"DH402".to_string()), "{:?}", codes(&p));
    c.shutdown();

    // without the setting, the same text has the DH401 finding: the setting did it
    let (c, _) = Client::start(json!({}));
    open(&c, TWO_FINDINGS);
    assert!(codes(&c.diagnostics(URI)).contains(&"DH401".to_string()));
    c.shutdown();
}

#[test]
fn workspace_configuration_is_pulled_and_applied_on_change() {
    let (c, _) = Client::start(json!({ "workspace": { "configuration": true } }));
    // asked for after `initialized`
    let req = c.server_request("workspace/configuration");
    assert_eq!(req.params["items"][0]["section"], "dockhand");
    c.respond(req.id, json!([null]));
    open(&c, TWO_FINDINGS);
    assert!(codes(&c.diagnostics(URI)).contains(&"DH401".to_string()));

    // the user changes the settings: the client says so, the server asks again
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let req = c.server_request("workspace/configuration");
    c.respond(req.id, json!([{ "select": ["DH402"] }]));
    let p = c.diagnostics(URI);
    assert_eq!(codes(&p), ["DH402"], "only the selected rule");

    // a client that pushes its settings
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dockhand": { "select": "DH401" } } }),
    );
    assert_eq!(codes(&c.diagnostics(URI)), ["DH401"]);

    // a bad rule code in the settings: one diagnostic saying so, no crash
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dockhand": { "select": ["DH4O1"] } } }),
    );
    let p = c.diagnostics(URI);
    let d = &p["diagnostics"][0];
    let msg = d["message"].as_str().unwrap_or("");
    assert!(msg.contains("DH4O1"), "{msg}");
    assert_eq!(p["diagnostics"].as_array().map(Vec::len), Some(1));
    c.shutdown();
}

#[test]
fn a_broken_dockhand_toml_gets_diagnostics_on_that_file_until_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    // a repository root, so that discovery stops here
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    let toml = dir.path().join("dockhand.toml");
    std::fs::write(&toml, "select = [\"DH401\", \"nope-rule\"]\n").expect("write");
    let dockerfile = dir.path().join("Dockerfile");
    let uri = file_uri(&dockerfile);
    let toml_uri = file_uri(&toml);

    let (c, _) = Client::start(json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": 1, "text": TWO_FINDINGS } }),
    );
    let on_doc = c.diagnostics(&uri);
    let msg = on_doc["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("dockhand.toml") && msg.contains("not linted"),
        "{msg}"
    );
    let on_toml = c.diagnostics(&toml_uri);
    let d = &on_toml["diagnostics"][0];
    assert!(
        d["message"].as_str().unwrap_or("").contains("nope-rule"),
        "{d}"
    );
    // the range is the bad value: line 0, the column of `"nope-rule"`
    let line = "select = [\"DH401\", \"nope-rule\"]";
    let col = line.find("\"nope-rule\"").expect("in the line") as u64;
    assert_eq!(d["range"]["start"]["line"], 0);
    let start = d["range"]["start"]["character"].as_u64().unwrap_or(0);
    assert!((col..=col + 1).contains(&start), "{d}");

    // fixed on disk; the client reports the watched file
    std::fs::write(&toml, "select = [\"DH401\"]\n").expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": toml_uri, "type": 2 } ] }),
    );
    let on_doc = c.diagnostics(&uri);
    assert_eq!(codes(&on_doc), ["DH401"], "linted with the fixed file");
    let on_toml = c.diagnostics(&toml_uri);
    assert_eq!(on_toml["diagnostics"], json!([]), "cleared");
    c.shutdown();
}

#[test]
fn config_files_are_watched_when_the_client_can() {
    let (c, _) = Client::start(
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let req = c.server_request("client/registerCapability");
    let reg = &req.params["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert_eq!(globs, ["**/dockhand.toml", "**/.dockhand.toml"]);
    c.respond(req.id, Value::Null);
    c.shutdown();
}

#[test]
fn hover_on_a_from_image_shows_the_resolved_reference_and_table_facts() {
    let text = "ARG GO=1.22\nFROM golang:${GO}-alpine AS build\nFROM mystery/image:3\n";
    let (mut c, _) = Client::start(json!({}));
    open(&c, text);
    let _ = c.diagnostics(URI);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let h = c.request("textDocument/hover", at(1, 8));
    let v = h["contents"]["value"].as_str().unwrap_or("");
    assert!(v.contains("`golang:1.22-alpine`"), "{v}");
    assert!(v.contains("from `golang:${GO}-alpine`"), "{v}");
    assert!(v.contains("C library: musl"), "{v}");
    assert!(v.contains("source: "), "{v}");
    assert_eq!(h["range"]["start"], json!({ "line": 1, "character": 5 }));
    let h = c.request("textDocument/hover", at(2, 8));
    let v = h["contents"]["value"].as_str().unwrap_or("");
    assert!(v.contains("not in the image table"), "{v}");
    c.shutdown();
}
