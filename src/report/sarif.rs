//! sarif: a SARIF 2.1.0 log for code-scanning services (GitHub code scanning, Azure DevOps,
//! IDE viewers). One run, the rule table from `RuleInfo`, one result per finding, and files
//! that could not be read as tool execution notifications.

use super::{fingerprints, path_to_uri, FileReport, ReportContext, Reporter, RuleInfo};
use crate::diagnostic::{Label, Severity};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// Writes one SARIF log with a single run.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifReporter;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under `partialFingerprints`; bump the `/v1` if the scheme in `fingerprints` changes.
pub const FINGERPRINT_KEY: &str = "dockhandFingerprint/v1";

/// Snippets longer than this are omitted (see `region`).
pub const MAX_SNIPPET_BYTES: usize = 1024;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// The first prose paragraph of a rule's docs (skipping headings and code), or its summary.
fn full_description(rule: &RuleInfo) -> String {
    let mut paragraph: Vec<&str> = Vec::new();
    let mut in_code = false;
    for line in rule.docs.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with('#') || line.is_empty() {
            if !paragraph.is_empty() {
                break;
            }
            continue;
        }
        paragraph.push(line);
    }
    if paragraph.is_empty() {
        rule.summary.to_string()
    } else {
        paragraph.join(" ")
    }
}

fn rule(rule: &RuleInfo, cx: &ReportContext<'_>) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full_description(rule) },
        "help": { "text": rule.docs, "markdown": rule.docs },
        "helpUri": format!("{}/blob/main/rules/{}.md", cx.information_uri, rule.code),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule.category] },
    })
}

fn region(report: &FileReport, label: &Label) -> Value {
    let (start, end) = report.range(label.span);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    });
    // A snippet repeats source text per result; a long one (a whole multi-line RUN, or a span
    // over a huge line) is left out rather than copied, and consumers read the region from the
    // file instead.
    let snippet = report.span_text(label.span);
    if !snippet.is_empty() && snippet.len() <= MAX_SNIPPET_BYTES {
        region["snippet"] = json!({ "text": snippet });
    }
    region
}

fn location(report: &FileReport, uri: &str, label: &Label) -> Map<String, Value> {
    let mut location = Map::new();
    location.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": { "uri": uri },
            "region": region(report, label),
        }),
    );
    if let Some(message) = &label.message {
        location.insert("message".into(), json!({ "text": message }));
    }
    location
}

/// The results of one file, built one at a time as the serializer asks for them.
fn results<'a>(
    report: &'a FileReport,
    rule_index: &'a HashMap<&'static str, usize>,
) -> impl Iterator<Item = Value> + 'a {
    let uri = path_to_uri(&report.path);
    report
        .diagnostics
        .iter()
        .zip(fingerprints(report))
        .map(move |(d, fingerprint)| {
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(d.code));
            if let Some(&index) = rule_index.get(d.code) {
                result.insert("ruleIndex".into(), json!(index));
            }
            result.insert("level".into(), json!(level(d.severity)));
            result.insert("message".into(), json!({ "text": d.message }));
            result.insert(
                "locations".into(),
                json!([location(report, &uri, &d.primary)]),
            );
            if !d.secondary.is_empty() {
                let related: Vec<Value> = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(id, label)| {
                        let mut loc = Map::new();
                        loc.insert("id".into(), json!(id));
                        loc.extend(location(report, &uri, label));
                        Value::Object(loc)
                    })
                    .collect();
                result.insert("relatedLocations".into(), json!(related));
            }
            if let Some(f) = &d.fix {
                let replacements: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": { "byteOffset": e.span.start, "byteLength": e.span.len() },
                            "insertedContent": { "text": e.replacement },
                        })
                    })
                    .collect();
                result.insert(
                    "fixes".into(),
                    json!([{
                        "description": { "text": f.title },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": replacements,
                        }],
                        "properties": { "applicability": f.applicability.as_str() },
                    }]),
                );
            }
            result.insert(
                "partialFingerprints".into(),
                json!({ FINGERPRINT_KEY: fingerprint }),
            );
            Value::Object(result)
        })
}

/// The log, written as it is serialized: the results are produced one by one (never all held
/// as one `Value` tree). Keys are in sorted order, as `serde_json::Map` writes them.
struct Log<'a> {
    reports: &'a [FileReport],
    rule_index: HashMap<&'static str, usize>,
    invocation: Value,
    driver: Value,
}

struct Run<'a>(&'a Log<'a>);

struct Results<'a>(&'a Log<'a>);

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA_URI)?;
        map.serialize_entry("runs", &[Run(self)])?;
        map.serialize_entry("version", "2.1.0")?;
        map.end()
    }
}

impl Serialize for Run<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        // Our columns count characters, not SARIF's default UTF-16 code units.
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("invocations", &[&self.0.invocation])?;
        map.serialize_entry("results", &Results(self.0))?;
        map.serialize_entry("tool", &json!({ "driver": self.0.driver }))?;
        map.end()
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let count = log.reports.iter().map(|r| r.diagnostics.len()).sum();
        let mut seq = s.serialize_seq(Some(count))?;
        for report in log.reports {
            for result in results(report, &log.rule_index) {
                seq.serialize_element(&result)?;
            }
        }
        seq.end()
    }
}

impl Reporter for SarifReporter {
    fn write(
        &self,
        reports: &[FileReport],
        cx: &ReportContext<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let notifications: Vec<Value> = reports
            .iter()
            .filter_map(|r| {
                r.error.as_ref().map(|reason| {
                    json!({
                        "level": "error",
                        "message": { "text": format!("cannot lint {}: {reason}", r.path) },
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": { "uri": path_to_uri(&r.path) }
                            }
                        }],
                    })
                })
            })
            .collect();
        let mut invocation = json!({ "executionSuccessful": true });
        if !notifications.is_empty() {
            invocation["toolExecutionNotifications"] = json!(notifications);
        }
        let log = Log {
            reports,
            rule_index: cx
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.code, i))
                .rev()
                .collect(),
            invocation,
            driver: json!({
                "name": cx.tool_name,
                "version": cx.tool_version,
                "informationUri": cx.information_uri,
                "rules": cx.rules.iter().map(|r| rule(r, cx)).collect::<Vec<_>>(),
            }),
        };
        // buffered: serde_json writes a few bytes at a time
        let mut buffered = io::BufWriter::new(&mut *out);
        serde_json::to_writer_pretty(&mut buffered, &log)?;
        buffered.flush()?;
        drop(buffered);
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{assert_snapshot, render, reports};
    use std::path::PathBuf;

    #[test]
    fn snapshot() {
        assert_snapshot("sarif.json", &render(&SarifReporter, &reports(), false));
    }

    #[test]
    fn validates_against_the_sarif_schema() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/schemas/sarif-schema-2.1.0.json");
        let Ok(schema) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: no SARIF schema at {}", path.display());
            return;
        };
        let schema: Value = serde_json::from_str(&schema).expect("the schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let log: Value = serde_json::from_str(&render(&SarifReporter, &reports(), false)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF schema errors:\n{}",
            errors.join("\n")
        );
        // The validator is not vacuous: a wrong level is caught.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = json!("fatal");
        assert!(!validator.is_valid(&broken));
        // An empty run is valid too.
        let empty: Value = serde_json::from_str(&render(&SarifReporter, &[], false)).unwrap();
        assert!(validator.is_valid(&empty));
    }

    /// Snippets are bounded: many findings on one huge span do not each copy it.
    #[test]
    fn long_snippets_are_left_out() {
        use crate::diagnostic::Diagnostic;
        use crate::span::Span;
        let text = format!("RUN {}\n", "x".repeat(100_000));
        let d = Diagnostic {
            code: "DH401",
            name: "n",
            severity: Severity::Warning,
            message: "m".into(),
            help: None,
            primary: Label {
                span: Span::new(0, text.len()),
                message: None,
            },
            secondary: vec![],
            fix: None,
        };
        let report = FileReport {
            path: "Dockerfile".into(),
            source: Some(text.as_str().into()),
            lines: None,
            diagnostics: vec![d; 100],
            error: None,
        };
        let out = render(&SarifReporter, &[report], false);
        let log: Value = serde_json::from_str(&out).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 100);
        assert!(results[0]["locations"][0]["physicalLocation"]["region"]["snippet"].is_null());
        assert!(out.len() < 200_000, "{} bytes", out.len());
    }

    #[test]
    fn results_carry_rules_locations_and_fingerprints() {
        let log: Value = serde_json::from_str(&render(&SarifReporter, &reports(), false)).unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 4);
        assert_eq!(
            rules[0]["helpUri"],
            "https://github.com/dockhand/dockhand/blob/main/rules/DH401.md"
        );
        assert_eq!(
            rules[0]["fullDescription"]["text"],
            "Flags a `FROM` whose registry image has neither a tag nor a digest."
        );
        assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        assert_eq!(results[1]["ruleIndex"], 1);
        assert_eq!(results[1]["level"], "error");
        let related = results[1]["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 2);
        assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 1);
        assert_eq!(
            results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20with%20space/%22quoted%22%20na%C3%AFve%0Afile%231%3F%25.Dockerfile"
        );
        let fp = results[0]["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 32);
        let notes = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0]["level"], "error");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
}
