//! `dockhand server`, driven in process over `lsp_server::Connection::memory()` as an editor
//! would drive it: initialize (with and without UTF-8 positions), open, change, close, pull
//! diagnostics, symbols, folding, stage navigation, unknown methods, shutdown.

mod lsp_support;

use lsp_support::{apply, codes, open, Client, URI};
use serde_json::{json, Value};

#[test]
fn diagnostics_on_open_and_change_with_versions_and_utf16_columns() {
    let (mut c, init) = Client::start(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "dockhand");
    // a non-ASCII line before the finding: `😀` is two UTF-16 units
    open(&c, "# 😀é\nFROM python\n");
    let p = c.diagnostics(URI);
    assert_eq!(p["version"], 1);
    assert_eq!(codes(&p), ["DH401"]);
    let d = &p["diagnostics"][0];
    assert_eq!(d["range"]["start"], json!({ "line": 1, "character": 5 }));
    assert_eq!(d["range"]["end"], json!({ "line": 1, "character": 11 }));
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "dockhand");
    assert!(d["codeDescription"]["href"]
        .as_str()
        .is_some_and(|h| h.ends_with("/rules/DH401.md")));
    // the finding is on line 0 now, after a multi-unit character on the same line
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [ { "text": "FROM python # 😀\nLABEL x=😀 y=z\nFROM café\n" } ] }),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["version"], 2);
    assert!(codes(&p).contains(&"DH401".to_string()));
    // a stale change (an older version) is ignored: nothing is published for it
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 1 }, "contentChanges": [ { "text": "FROM alpine:3.22\n" } ] }),
    );
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(
        symbols.as_array().map(Vec::len),
        Some(2),
        "still two stages"
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 },
                "contentChanges": [ { "text": "FROM alpine:3.22\nCOPY --from=buildé /a /b\n" } ] }),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["version"], 3);
    assert_eq!(
        p["diagnostics"][0]["range"]["end"],
        json!({ "line": 1, "character": 18 })
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["diagnostics"], json!([]));
    c.shutdown();
}

#[test]
fn utf8_positions_when_offered() {
    let (c, init) =
        Client::start(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    // `buildé` is 7 bytes but 6 UTF-16 units: the end column tells the encodings apart
    open(&c, "FROM alpine:3.22\nCOPY --from=buildé /a /b\n");
    let p = c.diagnostics(URI);
    let d = &p["diagnostics"][0];
    assert_eq!(d["code"], "DH004");
    assert_eq!(d["range"]["start"], json!({ "line": 1, "character": 12 }));
    assert_eq!(d["range"]["end"], json!({ "line": 1, "character": 19 }));
    c.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let (mut c, init) = Client::start(json!({ "textDocument": { "diagnostic": {} } }));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "dockhand"
    );
    open(&c, "FROM python\nCOPY --from=buidler /a /b\n");
    let report = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["kind"], "full");
    let got: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(got.contains(&"DH401") && got.contains(&"DH004"), "{got:?}");
    c.shutdown();
}

const STAGES: &str = "ARG GO=1.22\nFROM golang:${GO} AS Build\nRUN go build \\\n    -o /app .\n\nFROM build AS test\nRUN --mount=type=cache,target=/c,from=build true\n\nFROM alpine:3.22\nCOPY --from=build /app /app\nCOPY --from=0 /app /app2\n";

#[test]
fn stage_definition_references_and_highlights() {
    let (mut c, _) = Client::start(json!({}));
    open(&c, STAGES);
    let _ = c.diagnostics(URI);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    // from `--from=build` (line 9) to `AS Build` (line 1, columns 21..26)
    let def = c.request("textDocument/definition", at(9, 13));
    assert_eq!(def["range"]["start"], json!({ "line": 1, "character": 21 }));
    assert_eq!(def["range"]["end"], json!({ "line": 1, "character": 26 }));
    // every use of the stage: FROM build, the mount's from=build, --from=build, --from=0
    let mut params = at(1, 22);
    params["context"] = json!({ "includeDeclaration": false });
    let refs = c.request("textDocument/references", params.clone());
    let mut lines: Vec<u64> = refs
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|l| l["range"]["start"]["line"].as_u64())
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, [5, 6, 9, 10]);
    params["context"] = json!({ "includeDeclaration": true });
    assert_eq!(
        c.request("textDocument/references", params)
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    // the mount's `from=build` is found at its exact columns
    let hl = c.request("textDocument/documentHighlight", at(6, 40));
    let mount = hl
        .as_array()
        .expect("a list")
        .iter()
        .find(|h| h["range"]["start"]["line"] == 6)
        .expect("the mount's use is highlighted");
    assert_eq!(mount["range"]["start"]["character"], 38);
    assert_eq!(mount["range"]["end"]["character"], 43);
    assert_eq!(mount["kind"], 2, "a use reads the name");
    // nothing at a position that names no stage
    assert_eq!(c.request("textDocument/definition", at(2, 2)), Value::Null);
    c.shutdown();
}

#[test]
fn symbols_and_folding() {
    let (mut c, _) = Client::start(json!({}));
    open(&c, STAGES);
    let _ = c.diagnostics(URI);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["ARG GO=1.22", "build", "test", "stage 2"]);
    assert_eq!(symbols[3]["detail"], "FROM alpine:3.22 (final)");
    assert_eq!(symbols[1]["children"][0]["name"], "RUN go build -o /app .");
    let folds = c.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    let spans: Vec<(u64, u64)> = folds
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|f| Some((f["startLine"].as_u64()?, f["endLine"].as_u64()?)))
        .collect();
    // the first stage (lines 1-3), the second (5-6), the third (8-10), the RUN over two lines
    for want in [(1, 3), (5, 6), (8, 10), (2, 3)] {
        assert!(spans.contains(&want), "{want:?} in {spans:?}");
    }
    c.shutdown();
}

#[test]
fn unknown_methods_and_unopened_documents() {
    let (mut c, _) = Client::start(json!({}));
    let r = c.request_raw(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(
        r.response_result.err().map(|e| e.code),
        Some(-32601),
        "MethodNotFound"
    );
    // a document that is not open: no answer to give, and no crash
    let r = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///nowhere/Dockerfile" } }),
    );
    assert_eq!(r, Value::Null);
    // malformed params: an error answer, and the server goes on
    let r = c.request_raw("textDocument/definition", json!({ "nonsense": true }));
    assert!(r.response_result.is_err());
    open(&c, "FROM python\n");
    assert_eq!(codes(&c.diagnostics(URI)), ["DH401"]);
    c.shutdown();
}

const VARS: &str = "ARG GO=1.22\nFROM golang:${GO} AS build\nARG GO\nENV APP=/srv/app\nRUN echo $GO $APP\nFROM build AS test\nRUN echo ${APP} $TARGETARCH\n# dockhand ignore=DH401,floating-base-tag\nFROM python\n";

#[test]
fn variables_resolve_with_buildkit_scoping() {
    let (mut c, _) = Client::start(json!({}));
    open(&c, VARS);
    let _ = c.diagnostics(URI);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let start = |v: &Value| {
        (
            v["range"]["start"]["line"].clone(),
            v["range"]["start"]["character"].clone(),
        )
    };
    // `${GO}` in FROM: the global ARG (line 0)
    let def = c.request("textDocument/definition", at(1, 15));
    assert_eq!(start(&def), (json!(0), json!(4)));
    // `$GO` in the stage: its own `ARG GO` (line 2), not the global one
    let def = c.request("textDocument/definition", at(4, 11));
    assert_eq!(start(&def), (json!(2), json!(4)));
    // `${APP}` in a stage built FROM build: the parent's ENV (line 3)
    let def = c.request("textDocument/definition", at(6, 12));
    assert_eq!(start(&def), (json!(3), json!(4)));
    // references of APP: its two uses
    let mut p = at(3, 5);
    p["context"] = json!({ "includeDeclaration": false });
    let refs = c.request("textDocument/references", p);
    let lines: Vec<u64> = refs
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|l| l["range"]["start"]["line"].as_u64())
        .collect();
    assert_eq!(lines, [4, 6]);
    // hover: the value and where it came from
    let h = c.request("textDocument/hover", at(4, 11));
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("`GO` = `1.22`") && text.contains("line 3"),
        "{text}"
    );
    let h = c.request("textDocument/hover", at(6, 19));
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("automatic platform ARG"), "{text}");
    // hover on a rule name in a suppression comment: the rule's page
    let h = c.request("textDocument/hover", at(7, 30));
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(text.starts_with("# DH402 floating-base-tag"), "{text}");
    // hover on a stage name: its chain and that it is not final
    let h = c.request("textDocument/hover", at(5, 6));
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("stage 0") && text.contains("golang:${GO}"),
        "{text}"
    );
    // nothing to say on a keyword
    assert_eq!(c.request("textDocument/hover", at(4, 1)), Value::Null);
    c.shutdown();
}

#[test]
fn suppression_quick_fixes_make_the_finding_go_away() {
    let text = "# syntax=docker/dockerfile:1\nFROM golang:1.26 AS build\nFROM python\n  RUN true\n";
    for (pick, comment) in [
        (0, "# dockhand ignore=DH401\n"),
        (1, "# dockhand ignore-stage=DH401\n"),
        (2, "# dockhand ignore-file=DH401\n"),
    ] {
        let (mut c, _) = Client::start(json!({}));
        open(&c, text);
        let p = c.diagnostics(URI);
        let d = p["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|d| d["code"] == "DH401")
            .expect("DH401 on `FROM python`")
            .clone();
        let actions = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let a = &actions[pick];
        assert_eq!(a["kind"], "quickfix");
        let edits = &a["edit"]["changes"][URI];
        let fixed = apply(text, edits);
        assert!(fixed.contains(comment), "{fixed}");
        if pick == 2 {
            // after the parser directive, not before it (that would end the directive block)
            assert!(
                fixed.starts_with("# syntax=docker/dockerfile:1\n# dockhand ignore-file=DH401\n"),
                "{fixed}"
            );
        }
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": fixed } ] }),
        );
        let p = c.diagnostics(URI);
        assert!(!codes(&p).contains(&"DH401".to_string()), "{:?}", codes(&p));
        assert!(
            !codes(&p).contains(&"DH007".to_string()),
            "the suppression is used"
        );
        c.shutdown();
    }
}

#[test]
fn rename_a_stage_and_a_variable() {
    let (mut c, _) = Client::start(json!({}));
    open(&c, STAGES);
    let _ = c.diagnostics(URI);
    let at = |line: u32, character: u32, name: &str| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character }, "newName": name });
    let range = c.request("textDocument/prepareRename", at(9, 13, ""));
    assert_eq!(range["start"], json!({ "line": 9, "character": 12 }));
    let edit = c.request("textDocument/rename", at(9, 13, "compile"));
    let renamed = apply(STAGES, &edit["changes"][URI]);
    assert_eq!(renamed.matches("compile").count(), 4, "{renamed}");
    assert!(renamed.contains("--from=0"), "an index stays an index");
    assert!(renamed.contains("AS compile") && renamed.contains("FROM compile AS test"));
    // a name BuildKit rejects is refused
    let r = c.request_raw("textDocument/rename", at(9, 13, "1bad"));
    assert!(r.response_result.is_err());
    // an image name cannot be renamed
    assert_eq!(
        c.request("textDocument/prepareRename", at(8, 7, "")),
        Value::Null
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": VARS } ] }),
    );
    let _ = c.diagnostics(URI);
    // the global GO: its declaration, its use in FROM, the stage's ARG GO and its use
    let edit = c.request("textDocument/rename", at(0, 5, "GO_VERSION"));
    let renamed = apply(VARS, &edit["changes"][URI]);
    assert!(
        renamed.starts_with(
            "ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION} AS build\nARG GO_VERSION\n"
        ),
        "{renamed}"
    );
    assert!(renamed.contains("RUN echo $GO_VERSION $APP"), "{renamed}");
    c.shutdown();
}

const FIXABLE: &str = "FROM golang:1.26\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -a -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n";

#[test]
fn a_findings_fix_is_a_preferred_quick_fix_and_fix_all_applies_every_safe_fix() {
    let (mut c, _) = Client::start(json!({}));
    open(&c, FIXABLE);
    let p = c.diagnostics(URI);
    let d = p["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["code"] == "DH302")
        .expect("DH302 on `go build -a`")
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d], "only": ["quickfix"] } }),
    );
    let first = &actions[0];
    assert_eq!(first["kind"], "quickfix");
    assert_eq!(first["isPreferred"], true, "{first}");
    let fixed = apply(FIXABLE, &first["edit"]["changes"][URI]);
    assert!(fixed.contains("go build -o /app"), "{fixed}");
    // the suppression actions follow the fix
    assert!(actions[1]["title"]
        .as_str()
        .unwrap_or("")
        .starts_with("Ignore DH302"));
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": fixed } ] }),
    );
    let p = c.diagnostics(URI);
    assert!(!codes(&p).contains(&"DH302".to_string()), "{:?}", codes(&p));
    assert!(codes(&p).contains(&"DH006".to_string()), "{:?}", codes(&p));

    // fix-all (as on save): only source actions asked for, every safe fix in one edit
    let all = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let list = all.as_array().expect("actions");
    assert_eq!(list.len(), 1, "{all}");
    assert_eq!(list[0]["kind"], "source.fixAll.dockhand");
    let whole = apply(&fixed, &list[0]["edit"]["changes"][URI]);
    assert!(whole.contains("COPY --from=build /app /app"), "{whole}");
    assert!(whole.contains("FROM golang:1.26 AS build"), "{whole}");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [ { "text": whole } ] }),
    );
    let p = c.diagnostics(URI);
    assert!(!codes(&p).contains(&"DH006".to_string()), "{:?}", codes(&p));
    // nothing left to fix: no fix-all action
    let none = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [], "only": ["source.fixAll.dockhand"] } }),
    );
    assert_eq!(none, json!([]));
    c.shutdown();
}
