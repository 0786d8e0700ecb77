//! The parse tree as JSON, in the shape of BuildKit's golden parses
//! (`../shared/corpus/oracle/*.jsonl`: `cmd`, `sub_cmd`, `json`, `flags`, `value`,
//! `start_line`, `end_line`, `heredocs`) plus our own span fields. Used by `dockhand parse`
//! and by the conformance test.

use super::ast::{Dockerfile, Instruction, Kind};
use crate::span::Span;
use serde_json::{json, Value};

fn span(s: Span) -> Value {
    json!([s.start, s.end])
}

/// BuildKit's `value` list for an instruction.
pub fn oracle_value(i: &Instruction) -> Vec<String> {
    match (&i.kind, &i.sub) {
        (Kind::Onbuild, Some(sub)) => oracle_value(sub),
        // BuildKit's parseIgnore leaves one empty node.
        (Kind::Unknown, _) => vec![String::new()],
        _ => i.args.iter().map(|w| w.value.clone()).collect(),
    }
}

fn instruction(i: &Instruction) -> Value {
    let json_form = match (&i.kind, &i.sub) {
        (Kind::Onbuild, Some(sub)) => sub.is_json(),
        _ => i.is_json(),
    };
    json!({
        "cmd": i.cmd,
        "sub_cmd": i.sub.as_ref().map(|s| s.cmd.clone()),
        "json": json_form,
        "flags": i.flags.iter().map(|f| f.raw.clone()).collect::<Vec<_>>(),
        "value": oracle_value(i),
        "start_line": i.start_line,
        "end_line": i.end_line,
        "heredocs": i.heredocs.iter().map(|h| json!({"name": h.name, "content": h.content})).collect::<Vec<_>>(),
        "span": span(i.span),
        "keyword_span": span(i.keyword),
        "flag_spans": i.flags.iter().map(|f| json!({
            "name": f.name.value, "name_span": span(f.name.span),
            "value": f.value.as_ref().map(|v| v.value.clone()),
            "value_span": f.value.as_ref().map(|v| span(v.span)),
        })).collect::<Vec<_>>(),
        "value_spans": i.args.iter().map(|w| span(w.span)).collect::<Vec<_>>(),
        "heredoc_spans": i.heredocs.iter().map(|h| json!({
            "marker": span(h.marker), "body": span(h.body), "terminator": span(h.terminator),
        })).collect::<Vec<_>>(),
    })
}

/// One line of `dockhand parse` output for a parsed file.
pub fn to_json(path: &str, df: &Dockerfile) -> Value {
    let status = if df.errors.is_empty() { "ok" } else { "error" };
    let mut v = json!({
        "path": path,
        "status": status,
        "instructions": df.instructions.iter().map(instruction).collect::<Vec<_>>(),
        "directives": df.directives.iter().map(|d| json!({
            "name": d.name, "value": d.value.value, "span": span(d.span),
        })).collect::<Vec<_>>(),
        "escape": df.escape.to_string(),
    });
    if let Some(e) = df.errors.first() {
        v["message"] = json!(e.message);
        v["errors"] = df
            .errors
            .iter()
            .map(|e| json!({"message": e.message, "span": span(e.span)}))
            .collect();
    }
    v
}
