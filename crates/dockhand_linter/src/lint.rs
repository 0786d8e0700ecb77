//! The pipeline for one file: parse, build the model, run the enabled rules, apply
//! suppressions and severity overrides. No IO and no printing happen here.

use crate::checks::{buildkit_name, CheckDirective};
use crate::diagnostic::{Diagnostic, Severity};
use crate::file_report::FileReport;
use crate::line_index::LineIndex;
use crate::model::{Model, ModelOptions};
use crate::parse;
use crate::rules::{Context, FileFacts, Rule, RuleOptions};
use crate::suppress::{self, SuppressOptions};
use std::sync::Arc;

/// Everything that decides how one file is linted.
#[derive(Clone, Default)]
pub struct LintOptions {
    pub model: ModelOptions,
    /// The rules to run.
    pub rules: Vec<&'static dyn Rule>,
    /// Per-rule severity overrides, by code.
    pub severities: Vec<(&'static str, Severity)>,
    pub rule_options: RuleOptions,
    pub suppress: SuppressOptions,
}

impl LintOptions {
    /// Every rule that is on by default, default severities.
    pub fn defaults() -> Self {
        LintOptions {
            rules: crate::rules::ALL
                .iter()
                .copied()
                .filter(|r| r.meta().enabled_by_default)
                .collect(),
            ..LintOptions::default()
        }
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.rules.iter().any(|r| r.meta().code == code)
    }
}

/// Lints one text. `path` is only carried into the report.
pub fn lint_text(path: &str, text: Arc<str>, facts: &FileFacts, opts: &LintOptions) -> FileReport {
    let (model, diagnostics) = lint_model(&text, facts, opts);
    // `docker build --target x` fails when no stage is named x: so does linting as if it were
    if let Some(target) = &model.missing_target {
        let names: Vec<String> = model
            .stages
            .iter()
            .filter_map(|s| s.alias.as_ref().map(|a| format!("`{}`", a.value)))
            .collect();
        let known = if names.is_empty() {
            "it names no stage".to_string()
        } else {
            format!("its stages are {}", names.join(", "))
        };
        return FileReport {
            path: path.to_string(),
            lines: None,
            source: Some(text),
            diagnostics: Vec::new(),
            error: Some(format!(
                "--target `{target}` is not a stage of this file: {known}"
            )),
        };
    }
    // Reporters need line numbers only for findings; most files have none, so the line index
    // is not built for them (`FileReport::range` builds one itself when it is missing).
    let lines = (!diagnostics.is_empty()).then(|| Arc::new(LineIndex::new(&text)));
    FileReport {
        path: path.to_string(),
        lines,
        source: Some(text),
        diagnostics,
        error: None,
    }
}

/// The findings for one text, sorted by position then code.
pub fn lint_diagnostics(text: &str, facts: &FileFacts, opts: &LintOptions) -> Vec<Diagnostic> {
    lint_model(text, facts, opts).1
}

/// The model of a text and its findings, sorted by position then code (the language server
/// keeps the model for navigation, so the text is parsed and modelled once per change).
pub fn lint_model(text: &str, facts: &FileFacts, opts: &LintOptions) -> (Model, Vec<Diagnostic>) {
    let model = Model::build(parse::parse(text), &opts.model);
    // `# check=`: BuildKit's own directive turns its checks off, on or into errors here
    let check = CheckDirective::of(model.dockerfile(), &opts.model.build_args);
    let test_role = opts.model.image_role == crate::model::role::ImageRole::Test;
    // only a directive that names experimental checks adds any (looking through every rule
    // for each file was about 2% of a corpus run)
    let pool: &[&'static dyn Rule] = if check.experimental_all || !check.experimental.is_empty() {
        crate::rules::ALL
    } else {
        &[]
    };
    let experimental = pool
        .iter()
        .copied()
        .filter(|r| check.enables(r.meta()) && !opts.is_enabled(r.meta().code));
    let rules: Vec<&'static dyn Rule> = opts
        .rules
        .iter()
        .copied()
        .chain(experimental)
        .filter(|r| !check.skips(r.meta()))
        // a test fixture ships no image: the rules about the shipped image do not apply
        .filter(|r| !(test_role && r.meta().shipped_image))
        .collect();
    let mut cx = Context::new(text, &model, &opts.rule_options, facts);
    for rule in &rules {
        rule.check(&mut cx);
    }
    let diagnostics = cx.into_diagnostics();
    let mut diagnostics =
        suppress::apply(diagnostics, model.dockerfile(), text, opts.suppress, &|c| {
            rules.iter().any(|r| r.meta().code == c)
        });
    for d in &mut diagnostics {
        if let Some((_, s)) = opts.severities.iter().find(|(c, _)| *c == d.code) {
            d.severity = *s;
        }
        if check.error && is_buildkit_code(d.code) {
            d.severity = Severity::Error;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.primary.span.start, a.code, a.primary.span.end).cmp(&(
            b.primary.span.start,
            b.code,
            b.primary.span.end,
        ))
    });
    diagnostics.dedup();
    (model, diagnostics)
}

/// Whether the rule with this code is one of BuildKit's checks.
fn is_buildkit_code(code: &str) -> bool {
    crate::rules::find(code).is_some_and(|r| buildkit_name(r.meta()).is_some())
}
