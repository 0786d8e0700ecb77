//! `[rules.<name>]` tables: each is checked against the options struct the rule declares
//! (`rules::options`): its keys, and each value against the kind of its field, so that a
//! mistake points at its place in the file. The table is kept as JSON, the format-neutral shape
//! the rule's struct is read from.

use super::{entries, span_of, Reader, TSpanned};
use crate::config::error::{did_you_mean, Problem};
use crate::config::{option_fields, origin_at, parse_selector, RuleOptions};
use crate::rules::OptionKind;
use crate::span::Span;
use toml::de::{DeString, DeValue};

impl Reader<'_> {
    pub(super) fn rule_options(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> RuleOptions {
        let mut out = RuleOptions::default();
        let Some(table) = self.table(key.get_ref(), value) else {
            return out;
        };
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for (rule_key, v) in entries(table) {
            let name: &str = rule_key.get_ref();
            let Some(code) = (self.known_rule)(name) else {
                let p = match parse_selector(name, span_of(rule_key), "`rules`", self.known_rule) {
                    Err(p) => p,
                    Ok(_) => Problem::new(
                        span_of(rule_key),
                        format!("`[rules.{name}]` must name one rule"),
                        "not a single rule",
                    ),
                };
                self.problems.push(p);
                continue;
            };
            if let Some((_, prev)) = seen.iter().find(|(c, _)| *c == code) {
                let line = self.src.line_of(prev.start);
                self.problems.push(Problem::new(
                    span_of(rule_key),
                    format!("options of `{code}` are set twice"),
                    format!("already set on line {line}"),
                ));
                continue;
            }
            seen.push((code, span_of(rule_key)));
            let Some(opts) = self.table(&format!("rules.{name}"), v) else {
                continue;
            };
            // The rule's own options struct is the schema (`rules::options`).
            let schema: Vec<(String, OptionKind)> = option_fields(code)
                .map(|(_, fields)| fields.into_iter().map(|f| (f.key, f.kind)).collect())
                .unwrap_or_default();
            let mut map = serde_json::Map::new();
            let problems_before = self.problems.len();
            for (ok, ov) in entries(opts) {
                let okey: &str = ok.get_ref();
                let Some(&(_, kind)) = schema.iter().find(|(k, _)| k == okey) else {
                    let (label, help) = if schema.is_empty() {
                        ("this rule has no options".to_string(), None)
                    } else {
                        (
                            "unknown option".to_string(),
                            did_you_mean(okey, schema.iter().map(|(k, _)| k.as_str())),
                        )
                    };
                    self.problems.push(
                        Problem::new(
                            span_of(ok),
                            format!("unknown option `{okey}` for rule `{name}`"),
                            label,
                        )
                        .help(help),
                    );
                    continue;
                };
                match kind {
                    OptionKind::Bool => {
                        let DeValue::Boolean(b) = ov.get_ref() else {
                            self.wrong_type(okey, ov, "a boolean");
                            continue;
                        };
                        map.insert(okey.to_string(), serde_json::Value::Bool(*b));
                    }
                    OptionKind::Text => {
                        let DeValue::String(t) = ov.get_ref() else {
                            self.wrong_type(okey, ov, "a string");
                            continue;
                        };
                        if t.trim().is_empty() {
                            self.problems.push(Problem::new(
                                span_of(ov),
                                format!("`{okey}` of rule `{name}` is empty"),
                                "empty string",
                            ));
                            continue;
                        }
                        map.insert(okey.to_string(), serde_json::Value::String(t.to_string()));
                    }
                    OptionKind::Strings => {
                        let Some(list) = self.strings(ok, ov) else {
                            continue;
                        };
                        if list.is_empty() {
                            self.problems.push(
                                Problem::new(
                                    span_of(ov),
                                    format!("`{okey}` of rule `{name}` is empty"),
                                    "empty list",
                                )
                                .help(Some(format!("list at least one value, or remove `{okey}`"))),
                            );
                            continue;
                        }
                        if let Some(blank) = list.iter().find(|s| s.value.trim().is_empty()) {
                            self.problems.push(Problem::new(
                                blank.span,
                                format!("`{okey}` of rule `{name}` has an empty entry"),
                                "empty string",
                            ));
                            continue;
                        }
                        let values = list
                            .into_iter()
                            .map(|s| serde_json::Value::String(s.value))
                            .collect();
                        map.insert(okey.to_string(), serde_json::Value::Array(values));
                    }
                }
            }
            // The values have the kinds the fields declare, so the struct takes them; this
            // only guards against a kind and a field type that disagree.
            if self.problems.len() == problems_before && !schema.is_empty() {
                let table = serde_json::Value::Object(map.clone());
                if let Err(e) = crate::rules::RuleOptions::default().set(code, table) {
                    self.problems.push(Problem::new(
                        span_of(rule_key),
                        format!("the options of rule `{name}` are not valid: {e}"),
                        "rejected by the rule",
                    ));
                }
            }
            out.origins
                .insert(code, origin_at(self.src, span_of(rule_key)));
            out.by_rule.insert(code, map);
        }
        out
    }
}
