//! `dockhand config --from-hadolint`: a hadolint config file, as read by `hadolint::load`,
//! written out as the `dockhand.toml` that means the same, for a team that moves its
//! configuration over for good. Codes are written as dockhand's canonical codes, each with the
//! hadolint code it came from in a comment; what has no `dockhand.toml` key is listed at the end
//! with the command-line option that does it.

use super::file::FileConfig;
use super::Selector;
use crate::diagnostic::Severity;

/// The `dockhand.toml` text for `cfg` (read from `shown`).
pub fn to_toml(cfg: &FileConfig, shown: &str) -> String {
    let text = cfg.text();
    let written = |span: crate::span::Span| text.get(span.start..span.end).unwrap_or("").trim();
    let mut out =
        format!("# dockhand.toml, converted from {shown} by `dockhand config --from-hadolint`\n");
    let list = |items: &[(String, String)]| -> String {
        let mut s = String::from("[\n");
        for (code, from) in items {
            if from.is_empty() || from == code {
                s.push_str(&format!("  \"{code}\",\n"));
            } else {
                s.push_str(&format!("  \"{code}\",  # {from}\n"));
            }
        }
        s.push(']');
        s
    };
    let codes = |l: &super::SelectorList| -> Vec<(String, String)> {
        l.items
            .iter()
            .filter_map(|i| match &i.value {
                Selector::Rule(c) => Some((c.to_string(), written(i.span).to_string())),
                _ => None,
            })
            .collect()
    };
    if let Some(t) = &cfg.failure_threshold {
        let v = t.value.map_or("none", Severity::as_str);
        out.push_str(&format!("failure-threshold = \"{v}\"\n"));
    }
    if let Some(l) = &cfg.selection.ignore {
        out.push_str(&format!("ignore = {}\n", list(&codes(l))));
    }
    if let Some(l) = &cfg.selection.extend_select {
        let mut seen = std::collections::BTreeSet::new();
        let items: Vec<(String, String)> = codes(l)
            .into_iter()
            .filter(|(c, _)| seen.insert(c.clone()))
            .collect();
        out.push_str("# hadolint's `override` lists: each rule named there is reported\n");
        out.push_str(&format!("extend-select = {}\n", list(&items)));
    }
    if !cfg.selection.severity.is_empty() {
        out.push_str("\n[severity]\n");
        // the last entry for a code is the one that applies (the most severe, as in hadolint)
        let mut last = std::collections::BTreeMap::new();
        for e in &cfg.selection.severity {
            last.insert(
                e.rule.value,
                (e.severity.value, written(e.rule.span).to_string()),
            );
        }
        for (code, (sev, from)) in last {
            if from == code {
                out.push_str(&format!("{code} = \"{}\"\n", sev.as_str()));
            } else {
                out.push_str(&format!("{code} = \"{}\"  # {from}\n", sev.as_str()));
            }
        }
    }
    for (code, table) in &cfg.rule_options.by_rule {
        let name = crate::rules::find(code).map_or(*code, |r| r.meta().name);
        out.push_str(&format!("\n[rules.{name}]\n"));
        for (k, v) in table {
            out.push_str(&format!("{k} = {v}\n"));
        }
    }
    if let Some(l) = &cfg.rule_options.labels {
        out.push_str(
            "\n# hadolint's `label-schema` and `strict-labels`: the label rules DL3049-DL3058\n",
        );
        out.push_str(&format!("[labels]\nstrict = {}\n", l.strict));
        if !l.schema.is_empty() {
            out.push_str("\n[labels.schema]\n");
            for (label, ty) in &l.schema {
                let key = serde_json::to_string(label).unwrap_or_default();
                out.push_str(&format!("{key} = \"{}\"\n", ty.as_str()));
            }
        }
    }
    let mut rest = Vec::new();
    if let Some(h) = &cfg.hadolint {
        if h.exit_zero.as_ref().is_some_and(|b| b.value) {
            rest.push("no-fail: pass `--exit-zero`".to_string());
        }
        if h.no_suppressions.as_ref().is_some_and(|b| b.value) {
            rest.push("disable-ignore-pragma: pass `--no-suppressions`".to_string());
        }
        rest.extend(h.notes.iter().map(|(n, _)| n.replace('`', "")));
    }
    if !rest.is_empty() {
        out.push_str("\n# Not converted:\n");
        for r in rest {
            out.push_str(&format!("# - {r}\n"));
        }
    }
    out
}
