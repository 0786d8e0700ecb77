//! Inputs the fuzz targets (`fuzz/`) found, kept as regression tests: each file in
//! `tests/fuzz_regressions/` must parse with every span invariant holding and lint with every
//! rule and every reporter without panicking.

use dockhand::lint::{lint_text, LintOptions};
use dockhand::parse::{self, check};
use dockhand::report::{reporter, Format, ReportContext};
use dockhand::rules::{self, FileFacts};
use std::path::Path;

fn check_file(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(name);
    let bytes = std::fs::read(&path).expect("regression input exists");
    let Ok(text) = dockhand::source::decode(bytes) else {
        return;
    };
    let df = parse::parse(&text);
    if let Err(e) = check::spans(&text, &df) {
        panic!("{name}: {e}");
    }
    let opts = LintOptions {
        rules: rules::ALL.to_vec(),
        ..LintOptions::default()
    };
    let report = lint_text(name, text, &FileFacts::default(), &opts);
    let infos = rules::infos();
    for format in Format::ALL {
        let cx = ReportContext {
            rules: &infos,
            tool_name: "dockhand",
            tool_version: "0",
            information_uri: "https://example.invalid",
            failure_threshold: None,
            color: false,
            width: 100,
            quiet: false,
        };
        let mut out = Vec::new();
        reporter(format)
            .write(std::slice::from_ref(&report), &cx, &mut out)
            .expect("render");
    }
}

/// `RUN --mount=\` followed by continuation lines: the empty flag value's span was mapped past
/// the continuation, outside the flag's own span (found by the `parse` target).
#[test]
fn parse_empty_flag_value_before_continuation() {
    check_file("parse-empty-flag-value-before-continuation.Dockerfile");
}

/// The minimal form of the same input.
#[test]
fn parse_empty_flag_value_before_continuation_minimal() {
    let text = "FROM a\nRUN --mount=\\\n\t\t\\\n\t\tx cat\n";
    let df = parse::parse(text);
    check::spans(text, &df).expect("spans hold");
    let f = &df.instructions[1].flags[0];
    let v = f.value.as_ref().expect("a value, empty");
    assert!(v.span.is_empty() && v.span.end <= f.span.end, "{f:?}");
}

/// A lone `\` on the last line, with no newline after it: BuildKit makes an instruction of the
/// empty continued line, and its span was mapped to offset 0, before every other instruction
/// (found by the `parse` target).
#[test]
fn parse_lone_continuation_at_eof() {
    check_file("parse-lone-continuation-at-eof.Dockerfile");
}

#[test]
fn parse_lone_continuation_at_eof_minimal() {
    for text in ["FROM a\n\\", "FROM a\n  \\  ", "FROM a\n\\\n"] {
        let df = parse::parse(text);
        check::spans(text, &df).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        for i in &df.instructions[1..] {
            assert!(i.span.start >= 7, "{text:?}: {:?}", i.span);
        }
    }
}

/// A flag followed by a character whose UTF-8 encoding contains byte 0xA0 or 0x85 (`à`, NBSP,
/// `ą`): the byte-wise flag splitter took that byte for a space and sliced the text inside the
/// character, a panic (found by the `lint_holds_on_dockerfile_shaped_text` property test).
#[test]
fn flag_followed_by_a_character_containing_byte_a0() {
    for text in [
        "FROM a\nRUN --mount=type=cache,target=/voilà x\n",
        "FROM a\nRUN --from=build\u{a0}<<\"E\"\\u00e9\n",
        "FROM a\nCOPY --chown=ą /a /b\n",
        "FROM a\nHEALTHCHECK là\u{a0}CMD true\n",
        "FROM a\nHEALTHCHECK CMD\u{85}true\n",
    ] {
        let df = parse::parse(text);
        check::spans(text, &df).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let opts = LintOptions {
            rules: rules::ALL.to_vec(),
            ..LintOptions::default()
        };
        dockhand::lint::lint_diagnostics(text, &FileFacts::default(), &opts);
    }
    // the character stays in the flag (whose text BuildKit builds byte by byte, as Latin-1)
    let text = "FROM a\nRUN --mount=type=cache,target=/voilà x\n";
    let df = parse::parse(text);
    let f = &df.instructions[1].flags[0];
    assert_eq!(
        &text[f.span.start..f.span.end],
        "--mount=type=cache,target=/voilà"
    );
}

/// The same bug as above, found independently by the `parse` target: a flag followed by `ԅ`
/// (D4 85).
#[test]
fn parse_flag_then_char_with_byte_85() {
    check_file("parse-flag-then-char-with-byte-85.Dockerfile");
}

/// Found by the parse target (30-minute run on the final code): an ARG word ending in a
/// dropped trailing escape got a span that included the dropped escape.
#[test]
fn parse_trailing_escape_in_arg_word() {
    check_file("parse-trailing-escape-in-arg-word.Dockerfile");
}

#[test]
fn parse_trailing_escape_in_arg_word_minimal() {
    // `ARG A\\\`: an escaped escape (no continuation), then a lone escape at the very end,
    // which BuildKit drops: the word is `A\\` and its span must not cover the dropped `\`.
    let text = "FROM x\nARG A\\\\\\\n";
    let df = parse::parse(text);
    if let Err(e) = check::spans(text, &df) {
        panic!("{e}");
    }
    let arg = &df.instructions[1];
    let w = &arg.args[0];
    assert_eq!(&text[w.span.start..w.span.end], w.value);
}

/// An instruction whose arguments are only continuation lines (`FROM\` then ` \`): the empty
/// rest's span was placed on a later line, outside the instruction (found by the
/// `parser_holds_on_dockerfile_shaped_text` property test).
#[test]
fn parse_empty_rest_after_continuations() {
    for text in [
        "FROM\\\n \\\n",
        "\"\\\n\u{2028}\\\n",
        "RUN\\\n\\\n",
        "FROM\\\n  \\\n\\\n",
    ] {
        let df = parse::parse(text);
        check::spans(text, &df).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
