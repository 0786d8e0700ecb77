//! Every reporter (human included) over generated reports: wide lines (columns past 65,535),
//! long lines with many findings, hostile characters, spans out of bounds or reversed, many
//! secondary labels. No reporter may panic; terminal formats carry no raw control character;
//! machine formats parse back; and the human output stays bounded per finding (a window of each
//! long line, never the whole line).
#![no_main]

use dockhand::diagnostic::{Diagnostic, Label, Severity};
use dockhand::report::{is_hostile, reporter, FileReport, Format, ReportContext};
use dockhand::source::LineIndex;
use dockhand::span::Span;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

/// Characters the text is built from: ASCII, multi-byte, wide, tab, CR, hostile ones.
const PALETTE: [char; 16] = [
    'a', ' ', 'é', '中', '\t', '\r', '\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{2028}', '\u{feff}',
    '"', ':', '\\', '😀',
];

/// Longest text built, so one run stays fast.
const MAX_TEXT: usize = 1 << 20;

/// Human output allowed per finding: a few windowed lines per label, labels bounded.
const HUMAN_PER_FINDING: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let mut text = String::new();
    let mut spans: Vec<Span> = Vec::new();
    for c in data.chunks(4) {
        let [op, a, b, n] = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0), *c.get(3).unwrap_or(&0)];
        match op % 4 {
            // a run of one character: up to 65,535 × 2 of it, so columns pass 65,535
            0 => {
                let count = (usize::from(a) << 8 | usize::from(b)) * (1 + usize::from(n % 2));
                let ch = PALETTE[usize::from(n) % PALETTE.len()];
                for _ in 0..count.min(MAX_TEXT.saturating_sub(text.len()) / 4) {
                    text.push(ch);
                }
            }
            1 => text.push('\n'),
            2 => text.push_str(&String::from_utf8_lossy(&c[1..])),
            // a span: start and length scaled so that they reach far into long lines (and past
            // the end, or reversed)
            _ => {
                let start = (usize::from(a) << 8 | usize::from(b)) * 3;
                let end = if n == 255 { start / 2 } else { start + usize::from(n) * 5 };
                spans.push(Span::new(start, end));
            }
        }
        if text.len() >= MAX_TEXT {
            break;
        }
    }
    let diagnostics: Vec<Diagnostic> = spans
        .iter()
        .enumerate()
        .map(|(i, &span)| Diagnostic {
            code: "DH002",
            name: "unknown-instruction",
            severity: Severity::ALL[i % Severity::ALL.len()],
            message: format!("finding \x1b[31m{i}\u{2028}"),
            help: (i % 3 == 0).then(|| "add:\n  USER \x07app".to_string()),
            primary: Label {
                span,
                message: (i % 2 == 0).then(|| "here\u{202e}".to_string()),
            },
            // secondary labels: the other spans, up to a few dozen
            secondary: spans
                .iter()
                .skip(i + 1)
                .take(i % 40)
                .map(|&s| Label {
                    span: s,
                    message: Some("and here".to_string()),
                })
                .collect(),
        })
        .collect();
    let findings = diagnostics.len();
    let text: Arc<str> = Arc::from(text);
    let reports = [
        FileReport {
            path: "we\nird:1:1 \x1b[2J.Dockerfile".to_string(),
            lines: Some(Arc::new(LineIndex::new(&text))),
            source: Some(text),
            diagnostics,
            error: None,
        },
        FileReport {
            path: "bad\u{2029}".to_string(),
            source: None,
            lines: None,
            diagnostics: Vec::new(),
            error: Some("not a regular file\x1b]0;x\x07".to_string()),
        },
    ];
    let infos = dockhand::rules::infos();
    for format in Format::ALL {
        let cx = ReportContext {
            rules: &infos,
            tool_name: "dockhand",
            tool_version: "0.0.0",
            information_uri: "https://example.invalid/dockhand",
            failure_threshold: Some(Severity::Warning),
            color: false,
            width: 80,
            quiet: false,
        };
        let mut out = Vec::new();
        reporter(format)
            .write(&reports, &cx, &mut out)
            .expect("reporters write to memory");
        let out = String::from_utf8(out).expect("UTF-8 output");
        match format {
            Format::Json | Format::Sarif | Format::Gitlab => {
                serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
            }
            Format::Checkstyle => {
                roxmltree::Document::parse(&out).expect("well-formed XML");
            }
            Format::Human | Format::Concise | Format::Gnu | Format::Github => {
                assert!(
                    !out.chars().any(|c| c != '\n' && is_hostile(c)),
                    "{format}: raw control character"
                );
            }
        }
        if format == Format::Human {
            assert!(
                out.len() <= 4096 + HUMAN_PER_FINDING * findings,
                "human output of {} bytes for {findings} findings",
                out.len()
            );
        }
    }
});
