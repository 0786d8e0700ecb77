//! The whole pipeline for one file: decoding (UTF-8/UTF-16/BOM/binary checks), parse, model,
//! every rule in `rules::ALL` (including those off by default), suppressions, and every
//! reporter. Machine-readable output must parse back.
#![no_main]

use dockhand::lint::{lint_text, LintOptions};
use dockhand::report::{reporter, FileReport, Format, ReportContext};
use dockhand::rules::{self, FileFacts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a few options so that they get fuzzed too.
    let (flags, body) = match data.split_first() {
        Some((f, rest)) => (*f, rest),
        None => (0, data),
    };
    let report = match dockhand::source::decode(body.to_vec()) {
        Ok(text) => {
            let mut opts = LintOptions {
                rules: rules::ALL.to_vec(),
                ..LintOptions::default()
            };
            opts.suppress.require_reason = flags & 1 != 0;
            opts.suppress.disabled = flags & 2 != 0;
            if flags & 4 != 0 {
                opts.model.target = Some("build".to_string());
            }
            if flags & 8 != 0 {
                opts.model
                    .build_args
                    .push(("A".to_string(), "$B".to_string()));
            }
            let facts = FileFacts {
                has_dockerignore: Some(flags & 16 != 0),
                dockerignore: None,
                go_mod_requires: None,
            };
            lint_text("fuzz/Dockerfile", text, &facts, &opts)
        }
        Err(message) => FileReport {
            path: "fuzz/Dockerfile".to_string(),
            source: None,
            lines: None,
            diagnostics: Vec::new(),
            error: Some(message),
        },
    };
    let infos = rules::infos();
    let reports = [report];
    for format in Format::ALL {
        let cx = ReportContext {
            rules: &infos,
            tool_name: "dockhand",
            tool_version: "0.0.0",
            information_uri: "https://example.invalid/dockhand",
            failure_threshold: Some(dockhand::diagnostic::Severity::Warning),
            color: flags & 32 != 0,
            width: 100,
            quiet: false,
        };
        let mut out = Vec::new();
        reporter(format)
            .write(&reports, &cx, &mut out)
            .expect("writing to a Vec cannot fail");
        let out = String::from_utf8(out).expect("reporters write UTF-8");
        match format {
            Format::Json | Format::Sarif | Format::Gitlab => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&out) {
                    panic!("{format} output is not JSON: {e}\n{out}");
                }
            }
            Format::Checkstyle => {
                if let Err(e) = roxmltree::Document::parse(&out) {
                    panic!("checkstyle output is not XML: {e}\n{out}");
                }
            }
            Format::Human | Format::Gnu | Format::Concise if !cx.color => {
                // nothing from the file may reach a terminal raw
                if let Some(c) = out
                    .chars()
                    .find(|&c| c != '\n' && dockhand::report::is_hostile(c))
                {
                    panic!("{format} output has a raw control character {c:?}:\n{out}");
                }
            }
            _ => {}
        }
    }
});
