//! Hostile content (issue 5): terminal escape sequences and control characters in a
//! Dockerfile's text, in finding messages and in paths (newlines, quotes, ESC, non-UTF-8 bytes)
//! must never reach a terminal raw (human, concise, gnu), and must come out correctly escaped
//! in every machine format (JSON, SARIF, GitLab, checkstyle XML, GitHub commands).

#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

/// Text with escape sequences everywhere a finding can quote it: an unknown keyword, a stage
/// name in `--from`, a heredoc, a comment, bidi overrides.
const HOSTILE_TEXT: &[u8] = b"# \x1b]0;pwned\x07 title\n\
FROM alpine:3.22 AS a\n\
FROOM\x1b[31mred \x1b[2J\x1b[H\r\n\
COPY --from=\x1b[5mx\xe2\x80\xae /a /b\n\
COPY --from=a /a /b\n\
RUN echo \xc2\x9b\x07\x08\x7f \xe2\x80\xaeevil\n";

/// A file name with a newline, both quotes, XML metacharacters, ESC and a byte that is not
/// UTF-8.
const HOSTILE_NAME: &[u8] = b"we\nird\"q'<&>\x1b[2J\xff.Dockerfile";

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("temp dir");
    std::fs::write(d.path().join(OsStr::from_bytes(HOSTILE_NAME)), HOSTILE_TEXT).expect("write");
    d
}

fn lint(dir: &Path, format: &str) -> (Option<i32>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--no-config", "--color", "never", "--format", format])
        .arg(OsStr::from_bytes(HOSTILE_NAME))
        .output()
        .expect("dockhand runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stderr.is_empty(), "nothing on stderr: {stderr}");
    (out.status.code(), out.stdout)
}

/// What dockhand shows for the hostile name: the bytes decoded lossily (the 0xFF byte becomes
/// U+FFFD; see the README's "Exit codes and errors" section).
fn shown_name() -> String {
    String::from_utf8_lossy(HOSTILE_NAME).into_owned()
}

fn is_hostile(c: char) -> bool {
    dockhand::report::is_hostile(c)
}

/// Terminal formats: the only control character allowed is the newline that ends a line.
fn assert_terminal_safe(format: &str, out: &[u8]) -> String {
    let text = String::from_utf8(out.to_vec()).expect("output is UTF-8");
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| c != '\n' && is_hostile(c))
    {
        panic!(
            "{format} output has a raw {c:?} at byte {i}:\n{}",
            text.escape_debug()
        );
    }
    text
}

#[test]
fn human_output_escapes_everything() {
    let d = setup();
    let (code, out) = lint(d.path(), "human");
    assert_eq!(code, Some(1));
    let text = assert_terminal_safe("human", &out);
    // the path is shown escaped, so the reader can still tell which file it is
    assert!(
        text.contains("we\\nird\"q'<&>\\x1b[2J\u{fffd}.Dockerfile"),
        "{text}"
    );
    assert!(text.contains("DH002"), "{text}");
}

#[test]
fn concise_and_gnu_output_escape_everything() {
    let d = setup();
    for format in ["concise", "gnu"] {
        let (code, out) = lint(d.path(), format);
        assert_eq!(code, Some(1), "{format}");
        let text = assert_terminal_safe(format, &out);
        // one finding, one line: a newline in the path must not split it
        for line in text.lines().filter(|l| l.contains("DH0")) {
            assert!(
                line.starts_with("we\\nird\"q'<&>\\x1b[2J\u{fffd}.Dockerfile:"),
                "{format}: {line}"
            );
        }
        assert!(text.contains("\\x1b[31mred"), "{format}: {text}");
    }
}

#[test]
fn json_output_round_trips_the_path() {
    let d = setup();
    let (code, out) = lint(d.path(), "json");
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert!(!diags.is_empty());
    for d in diags {
        assert_eq!(d["file"].as_str(), Some(shown_name().as_str()));
    }
    // messages carry the text as it is (JSON escapes it); the unknown keyword is there
    assert!(diags.iter().any(|d| d["message"]
        .as_str()
        .is_some_and(|m| m.contains("FROOM\u{1b}[31mred"))));
}

#[test]
fn gitlab_output_round_trips_the_path() {
    let d = setup();
    let (_, out) = lint(d.path(), "gitlab");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let items = v.as_array().expect("an array");
    assert!(!items.is_empty());
    for i in items {
        assert_eq!(i["location"]["path"].as_str(), Some(shown_name().as_str()));
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn sarif_output_round_trips_the_path() {
    let d = setup();
    let (_, out) = lint(d.path(), "sarif");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("a uri");
        assert!(
            uri.bytes().all(|b| b.is_ascii_graphic()),
            "the URI is percent-encoded: {uri:?}"
        );
        assert_eq!(percent_decode(uri), shown_name().as_bytes(), "{uri}");
    }
}

#[test]
fn checkstyle_output_is_well_formed_xml() {
    let d = setup();
    let (_, out) = lint(d.path(), "checkstyle");
    let text = String::from_utf8(out).expect("UTF-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let file = doc
        .descendants()
        .find(|n| n.has_tag_name("file"))
        .expect("a <file> element");
    let name = file.attribute("name").expect("name");
    // XML 1.0 cannot carry ESC at all, not even as a character reference: it is written as
    // the visible escape `\x1b`; newline, quotes and markup characters round-trip
    assert_eq!(name, "we\nird\"q'<&>\\x1b[2J\u{fffd}.Dockerfile");
    assert!(doc.descendants().any(|n| n.has_tag_name("error")));
}

#[test]
fn github_commands_are_escaped() {
    let d = setup();
    let (_, out) = lint(d.path(), "github");
    let text = assert_terminal_safe("github", &out);
    let commands: Vec<&str> = text.lines().collect();
    assert!(!commands.is_empty());
    for c in &commands {
        // every line is a whole command: a newline in the path or message cannot start a
        // new (forged) one
        assert!(c.starts_with("::"), "{c:?}");
        let (props, _message) = c["::".len()..]
            .split_once("::")
            .expect("::cmd props::message");
        assert!(props.contains("file=we%0Aird"), "{props}");
        // `,` and `:` separate properties: a path cannot inject one
        let file = props
            .split_once("file=")
            .expect("file")
            .1
            .split(',')
            .next()
            .expect("value");
        assert!(!file.contains(':'), "{file}");
    }
}

#[test]
fn hostile_text_on_standard_input_with_a_hostile_name() {
    let d = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(d.path())
        .args(["--no-config", "--format", "gnu", "--stdin-filename"])
        .arg(OsStr::from_bytes(b"a\x1b[2Jb\nc.Dockerfile"))
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), HOSTILE_TEXT)
        .expect("write");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(1));
    let text = assert_terminal_safe("gnu", &out.stdout);
    assert!(text.starts_with("a\\x1b[2Jb\\nc.Dockerfile:"), "{text}");
}

/// Runs dockhand in `dir` with `args` and returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&OsStr]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DOCKHAND_CONFIG")
        .args(args)
        .output()
        .expect("dockhand runs");
    (out.status.code(), out.stdout, out.stderr)
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// Separators, bidi marks and the BOM character are hostile too (issue 17).
#[test]
fn separators_bidi_marks_and_bom_characters_are_escaped() {
    for c in [
        '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{feff}',
    ] {
        assert!(is_hostile(c), "{c:?}");
    }
    let d = tempfile::tempdir().expect("temp dir");
    let text = "FROM alpine:3.22\nFROOM\u{2028}x\u{200f}\u{61c}\u{feff}\u{2029}\n";
    std::fs::write(d.path().join("Dockerfile"), text).expect("write");
    for format in ["human", "concise", "gnu", "github"] {
        let (code, out, _) = run(
            d.path(),
            &[os("--no-config"), os("-f"), os(format), os("Dockerfile")],
        );
        assert_eq!(code, Some(1), "{format}");
        assert_terminal_safe(format, &out);
    }
}

/// The configuration is untrusted input: its errors, `dockhand config`, the `explain`
/// argument and an `-o` path reach the terminal escaped, through the same function.
#[test]
fn configuration_and_argument_errors_are_escaped() {
    let d = tempfile::tempdir().expect("temp dir");
    std::fs::write(d.path().join("Dockerfile"), "FROM alpine:3.22\n").expect("write");
    std::fs::write(
        d.path().join("dockhand.toml"),
        "select = [\"DH4\x1b]0;pwned\x07\u{2028}\", \"\u{202e}x\"]\n",
    )
    .expect("write");
    let (code, out, err) = run(d.path(), &[os("Dockerfile")]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    let err = assert_terminal_safe("config error", &err);
    assert!(err.contains("dockhand.toml"), "{err}");
    let (code, _, err) = run(d.path(), &[os("config")]);
    assert_eq!(code, Some(2));
    assert_terminal_safe("config error (dockhand config)", &err);

    // a valid config whose values carry escapes: `dockhand config` prints them escaped
    std::fs::write(
        d.path().join("dockhand.toml"),
        "exclude = [\"a\\u001b_2J\\u2028/**\"]\n",
    )
    .expect("write");
    let (code, out, _) = run(d.path(), &[os("config")]);
    assert_eq!(code, Some(0));
    let text = assert_terminal_safe("dockhand config", &out);
    assert!(text.contains("a\\x1b_2J\\u{2028}/**"), "{text}");

    let (code, _, err) = run(d.path(), &[os("explain"), os("DH\x1b[2J\u{202e}")]);
    assert_eq!(code, Some(2));
    let err = assert_terminal_safe("explain", &err);
    assert!(err.contains("DH\\x1b[2J\\u{202e}"), "{err}");

    let (code, _, err) = run(
        d.path(),
        &[
            os("--no-config"),
            os("-o"),
            os("no/such\x1b[2J/out"),
            os("Dockerfile"),
        ],
    );
    assert_eq!(code, Some(2));
    let err = assert_terminal_safe("-o error", &err);
    assert!(err.contains("no/such\\x1b[2J/out"), "{err}");
}

/// Config errors are bounded: a 64 KB config of bad codes on one line (before: 150 MB on
/// standard error, each error with its own copy of the text and the whole line) shows the
/// first errors, each with a windowed line, then a count of the rest.
#[test]
fn configuration_errors_are_bounded() {
    let d = tempfile::tempdir().expect("temp dir");
    std::fs::write(d.path().join("Dockerfile"), "FROM alpine:3.22\n").expect("write");
    let codes: Vec<String> = (0..8000)
        .map(|i| format!("\"DH9{:02}\"", i % 100))
        .collect();
    let toml = format!("select = [{}]\n", codes.join(","));
    assert!(toml.len() > 60_000);
    std::fs::write(d.path().join("dockhand.toml"), &toml).expect("write");
    let (code, _, err) = run(d.path(), &[os("Dockerfile")]);
    assert_eq!(code, Some(2));
    let err = String::from_utf8(err).expect("UTF-8");
    let shown = err.matches("unknown rule `DH9").count();
    assert_eq!(
        shown,
        dockhand::report::MAX_CONFIG_ERRORS,
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(err.contains(&format!(
        "{} more errors in this file not shown",
        8000 - shown
    )));
    assert!(err.len() < 1_000 * shown, "{} bytes", err.len());
}

/// A `:` in a file name cannot forge a location in the `path:line:col` formats: it is written
/// `\x3a`, so the first `:` of a line is the one before the line number.
#[test]
fn colons_in_file_names_cannot_forge_a_location() {
    let d = tempfile::tempdir().expect("temp dir");
    let name = "x:9:9: error: forged.Dockerfile";
    std::fs::write(d.path().join(name), "FROM python\n").expect("write");
    for format in ["concise", "gnu"] {
        let (_, out, _) = run(
            d.path(),
            &[os("--no-config"), os("-f"), os(format), os(name)],
        );
        let text = String::from_utf8(out).expect("UTF-8");
        let line = text.lines().next().expect("a line");
        assert!(
            line.starts_with("x\\x3a9\\x3a9\\x3a error\\x3a forged.Dockerfile:1:6"),
            "{format}: {line}"
        );
    }
}

/// The human header gives the character column, as every other format does, after non-ASCII
/// and control characters on the line (before: miette's byte column).
#[test]
fn human_header_column_counts_characters() {
    let d = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        d.path().join("Dockerfile"),
        "FROM alpine:3.22\nCOPY --chown=é\x07é --frum=x /a /b\n",
    )
    .expect("write");
    let args = |f: &'static str| [os("--no-config"), os("-f"), os(f), os("Dockerfile")];
    let (_, concise, _) = run(d.path(), &args("concise"));
    let concise = String::from_utf8(concise).expect("UTF-8");
    let at = concise
        .split(' ')
        .next()
        .expect("location")
        .trim_end_matches(':');
    assert_eq!(at, "Dockerfile:2:20");
    let (_, human, _) = run(d.path(), &args("human"));
    let human = assert_terminal_safe("human", &human);
    assert!(human.contains(&format!("[{at}]")), "{human}");
}
