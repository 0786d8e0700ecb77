//! The subcommands that only print: `rules`, `explain`, `parse`, `completions`, `man`, and
//! the `--statistics` table.

use super::{
    display_path, escape_text, known_rule, tool_error, write_stdout, Cli, RulesFormat,
    INFORMATION_URI,
};
use crate::config;
use crate::parse;
use crate::report::FileReport;
use crate::rules;
use crate::source;
use clap::CommandFactory;
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn print_rules(format: RulesFormat) -> ExitCode {
    if format == RulesFormat::Json {
        let list: Vec<serde_json::Value> = rules::ALL
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "code": m.code,
                    "name": m.name,
                    "severity": m.severity.as_str(),
                    "category": m.category.as_str(),
                    "summary": m.summary,
                    "enabled_by_default": m.enabled_by_default,
                    "options": m.option_fields().into_iter().map(|f| f.key).collect::<Vec<_>>(),
                    "aliases": m.aliases,
                    "url": format!("{INFORMATION_URI}/blob/main/rules/{}.md", m.code),
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
        text.push('\n');
        return write_stdout(&text);
    }
    let width = rules::ALL
        .iter()
        .map(|r| r.meta().name.len())
        .max()
        .unwrap_or(0);
    // DH codes have five characters and two spaces after them; the six-character DL codes
    // ported from hadolint get one, so the columns stay aligned
    let code_width = rules::ALL
        .iter()
        .map(|r| r.meta().code.len() + 1)
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = String::new();
    for r in rules::ALL {
        let m = r.meta();
        let off = if m.enabled_by_default {
            ""
        } else {
            " (off by default)"
        };
        let aliases = if m.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", m.aliases.join(", "))
        };
        out.push_str(&format!(
            "{:<code_width$}{:<width$}  {:<7}  {}{}{}\n",
            m.code, m.name, m.severity, m.summary, off, aliases
        ));
    }
    write_stdout(&out)
}

pub(super) fn explain(rule: &str) -> ExitCode {
    match rules::find(rule) {
        Some(r) => {
            let m = r.meta();
            let mut page = String::new();
            if let Some(a) =
                rules::alias_spelling(rule).filter(|_| !m.code.eq_ignore_ascii_case(rule))
            {
                page.push_str(&format!(
                    "> `{a}` is an alias of {} {}.\n\n",
                    m.code, m.name
                ));
            }
            page.push_str(&m.page());
            write_stdout(&page)
        }
        None => {
            let hint = config::suggest_rule(rule, &known_rule)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            tool_error(&format!(
                "no rule `{}`{hint} (`dockhand rules` lists every code and name)",
                escape_text(rule)
            ))
        }
    }
}

pub(super) fn parse_files(files: &[PathBuf], shells: bool) -> ExitCode {
    let mut out = String::new();
    let mut failed = false;
    for f in files {
        let (path, text) = if f.as_os_str() == "-" {
            let decoded =
                source::read_stdin(source::DEFAULT_MAX_FILE_SIZE).and_then(source::decode);
            match decoded {
                Ok(t) => ("-".to_string(), t),
                Err(m) => {
                    failed = true;
                    out.push_str(
                        &serde_json::json!({"path": "-", "status": "unreadable", "message": m})
                            .to_string(),
                    );
                    out.push('\n');
                    continue;
                }
            }
        } else {
            match source::read_file(f, source::DEFAULT_MAX_FILE_SIZE) {
                Ok(sf) => (display_path(f), sf.text),
                Err(e) => {
                    failed = true;
                    out.push_str(
                        &serde_json::json!({"path": display_path(f), "status": "unreadable", "message": e.message})
                            .to_string(),
                    );
                    out.push('\n');
                    continue;
                }
            }
        };
        let df = parse::parse(&text);
        if shells {
            out.push_str(&run_shells(&path, &text, df).to_string());
        } else {
            out.push_str(&parse::dump::to_json(&path, &df).to_string());
        }
        out.push('\n');
    }
    let code = write_stdout(&out);
    if failed {
        ExitCode::from(2)
    } else {
        code
    }
}

/// `parse --shells`: per RUN (and `ONBUILD RUN`), in file order, its first line, the shell the
/// model reads it in and each script it runs (the command line, a heredoc body, an exec-form
/// `sh -c` argument) with that script's shell. The model is built without configuration (no
/// `[[images]]` entries, no build args).
fn run_shells(path: &str, text: &str, df: parse::Dockerfile) -> serde_json::Value {
    use crate::model::shell::ScriptSource;
    let model = crate::model::Model::build(df, &crate::model::ModelOptions::default());
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut runs: Vec<(usize, serde_json::Value)> = Vec::new();
    for stage in &model.stages {
        for run in stage.runs.iter().chain(&stage.onbuild_runs) {
            let scripts: Vec<serde_json::Value> = run
                .scripts
                .iter()
                .map(|s| {
                    let source = match s.source {
                        ScriptSource::Line => "line".to_string(),
                        ScriptSource::Heredoc(n) => format!("heredoc:{n}"),
                        ScriptSource::ExecForm => "exec-form".to_string(),
                    };
                    serde_json::json!({"source": source, "shell": s.dialect.name()})
                })
                .collect();
            runs.push((
                run.span.start,
                serde_json::json!({
                    "line": line_of(run.span.start),
                    "shell": run.dialect.name(),
                    "scripts": scripts,
                }),
            ));
        }
    }
    runs.sort_by_key(|r| r.0);
    let runs: Vec<serde_json::Value> = runs.into_iter().map(|r| r.1).collect();
    serde_json::json!({"path": path, "runs": runs})
}

/// `--statistics`: one line per rule with findings, most first: count, code, name.
pub(super) fn statistics(reports: &[FileReport]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        *counts.entry((d.code, d.name)).or_default() += 1;
    }
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.first().map_or(1, |r| r.1.to_string().len());
    let mut out = String::new();
    for ((code, name), n) in rows {
        out.push_str(&format!("{n:>width$}  {code}  {name}\n"));
    }
    out
}

/// `dockhand completions SHELL`: the completion script clap_complete writes for the
/// command line as clap knows it (every subcommand and flag).
pub(super) fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dockhand", &mut out);
    write_stdout(&String::from_utf8_lossy(&out))
}

/// `dockhand man`: the man page in roff, from the same clap definition as `--help`.
pub(super) fn man() -> ExitCode {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => write_stdout(&String::from_utf8_lossy(&out)),
        Err(e) => tool_error(&format!("rendering the man page: {e}")),
    }
}
