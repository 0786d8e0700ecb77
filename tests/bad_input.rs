//! The bad-input catalogue (issue 5): each hostile or broken input gives a clear error or
//! findings, never a panic or a hang, with the documented exit code (0 clean, 1 findings at or
//! above the threshold, 2 dockhand could not do its job), and one bad file never hides the
//! findings in the others. Large inputs are generated here; their release-mode timings are in
//! `bench/bad_inputs.sh`. Run with `--nocapture` to see the debug-mode timings.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dockhand");

/// A file with one finding (DH002, unknown instruction), linted beside every bad input.
const GOOD: &str = "FROM alpine:3.22\nFROOM x\n";
const GOOD_FINDING: &str = "good.Dockerfile:2:1: error DH002 unknown instruction `FROOM`";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs dockhand in `dir` (concise format, no config) and kills it if it takes over a minute,
/// so that a hang fails the test instead of blocking the suite.
fn dockhand<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(["--no-config", "--format", "concise"])
        .args(args)
        .env("COLUMNS", "200")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the dockhand binary runs");
    // read the pipes on threads so a large report cannot fill them and block the child
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).ok();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("waiting for dockhand") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("dockhand did not finish within 60 s (a hang?)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8(t_out.join().expect("reader")).expect("UTF-8 stdout");
    let stderr = String::from_utf8(t_err.join().expect("reader")).expect("UTF-8 stderr");
    assert!(!stderr.contains("panicked"), "dockhand panicked:\n{stderr}");
    Run {
        code: status
            .code()
            .expect("dockhand exited, not killed by a signal"),
        stdout,
        stderr,
        elapsed,
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

/// Lints `bad` (a path relative to `dir`) together with a good file, and checks the message,
/// the exit code, and that the good file's finding is still reported.
fn lint_beside_good(dir: &Path, bad: &str, message: &str, code: i32) -> Run {
    write(dir, "good.Dockerfile", GOOD);
    let r = dockhand(dir, ["good.Dockerfile", bad]);
    assert!(
        r.stdout.contains(message),
        "expected {message:?} in:\n{}{}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stdout.contains(GOOD_FINDING),
        "the good file's finding is missing:\n{}",
        r.stdout
    );
    assert_eq!(r.code, code, "exit code; output:\n{}{}", r.stdout, r.stderr);
    r
}

fn timing(what: &str, bytes: usize, r: &Run) {
    println!(
        "{what}: {:.1} MB in {:.2?} (debug build)",
        bytes as f64 / 1e6,
        r.elapsed
    );
}

#[test]
fn missing_path() {
    let d = tempdir();
    lint_beside_good(
        d.path(),
        "nope",
        "nope: cannot lint this file: no such file or directory",
        2,
    );
}

#[test]
fn directory_without_dockerfiles() {
    let d = tempdir();
    std::fs::create_dir(d.path().join("empty")).expect("mkdir");
    write(d.path(), "empty/README.md", "not a Dockerfile");
    lint_beside_good(
        d.path(),
        "empty",
        "empty: cannot lint this file: no Dockerfiles found in this directory",
        2,
    );
}

#[test]
fn linting_an_empty_current_directory_is_only_a_warning() {
    let d = tempdir();
    let r = dockhand(d.path(), Vec::<&str>::new());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r
        .stderr
        .contains("no Dockerfiles found in the current directory"));
}

#[cfg(unix)]
#[test]
fn dangling_symlink() {
    let d = tempdir();
    std::os::unix::fs::symlink("missing-target", d.path().join("dangling.Dockerfile"))
        .expect("symlink");
    lint_beside_good(
        d.path(),
        "dangling.Dockerfile",
        "dangling.Dockerfile: cannot lint this file: broken symbolic link: its target does not exist",
        2,
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlink_found_in_a_directory() {
    let d = tempdir();
    std::fs::create_dir(d.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("missing-target", d.path().join("sub/Dockerfile")).expect("symlink");
    lint_beside_good(
        d.path(),
        "sub",
        "sub/Dockerfile: cannot lint this file: broken symbolic link",
        2,
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let d = tempdir();
    std::os::unix::fs::symlink("b.Dockerfile", d.path().join("a.Dockerfile")).expect("symlink");
    std::os::unix::fs::symlink("a.Dockerfile", d.path().join("b.Dockerfile")).expect("symlink");
    lint_beside_good(
        d.path(),
        "a.Dockerfile",
        "a.Dockerfile: cannot lint this file: too many levels of symbolic links (a symlink loop)",
        2,
    );
    // and found by walking a directory, the loop is reported, not followed
    let r = dockhand(d.path(), ["."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("a symlink loop"), "{}", r.stdout);
    assert!(r.stdout.contains(GOOD_FINDING), "{}", r.stdout);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn fifo_is_not_read() {
    let d = tempdir();
    mkfifo(&d.path().join("pipe.Dockerfile"));
    // nobody ever writes to the FIFO: reading it would block forever (the helper kills a run
    // that takes over a minute)
    lint_beside_good(
        d.path(),
        "pipe.Dockerfile",
        "pipe.Dockerfile: cannot lint this file: not a regular file (a FIFO, socket or device): not read",
        2,
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_a_fifo_is_not_read() {
    let d = tempdir();
    mkfifo(&d.path().join("pipe"));
    std::os::unix::fs::symlink("pipe", d.path().join("Dockerfile")).expect("symlink");
    lint_beside_good(
        d.path(),
        ".",
        "Dockerfile: cannot lint this file: not a regular file (a FIFO, socket or device)",
        2,
    );
}

/// A file deleted between discovery and reading. The race is made deterministic by calling
/// the two steps the CLI calls, `source::discover` then `source::read_file`, and deleting the
/// file in between.
#[test]
fn file_that_disappears_between_discovery_and_reading() {
    let d = tempdir();
    let p = write(d.path(), "Dockerfile", GOOD);
    let found = dockhand::source::discover(&[d.path().to_path_buf()], &|_| false, false);
    assert_eq!(found.files, vec![p.clone()]);
    std::fs::remove_file(&p).expect("delete");
    let e = dockhand::source::read_file(&found.files[0], dockhand::source::DEFAULT_MAX_FILE_SIZE)
        .expect_err("the file is gone");
    assert_eq!(e.path, p);
    assert_eq!(e.message, "no such file or directory");
}

#[test]
fn binary_file() {
    let d = tempdir();
    // the start of a PNG file
    write(
        d.path(),
        "image.Dockerfile",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    );
    lint_beside_good(
        d.path(),
        "image.Dockerfile",
        "image.Dockerfile: cannot lint this file: binary file (a NUL byte at offset 8): not a Dockerfile",
        2,
    );
}

#[test]
fn invalid_utf8() {
    let d = tempdir();
    write(
        d.path(),
        "latin1.Dockerfile",
        b"FROM alpine\nLABEL a=caf\xe9\n",
    );
    lint_beside_good(
        d.path(),
        "latin1.Dockerfile",
        "latin1.Dockerfile: cannot lint this file: invalid UTF-8 at line 2, column 12 (byte offset 23): save the file as UTF-8",
        2,
    );
}

#[test]
fn nul_bytes() {
    let d = tempdir();
    write(d.path(), "nul.Dockerfile", b"FROM alpine\nRUN echo \0hi\n");
    lint_beside_good(
        d.path(),
        "nul.Dockerfile",
        "nul.Dockerfile: cannot lint this file: binary file (a NUL byte at offset 21): not a Dockerfile",
        2,
    );
}

#[test]
fn utf16_with_bom() {
    let d = tempdir();
    for (name, bytes) in [
        ("le.Dockerfile", {
            let mut b = vec![0xFF, 0xFE];
            b.extend("FROM alpine\n".encode_utf16().flat_map(u16::to_le_bytes));
            b
        }),
        ("be.Dockerfile", {
            let mut b = vec![0xFE, 0xFF];
            b.extend("FROM alpine\n".encode_utf16().flat_map(u16::to_be_bytes));
            b
        }),
    ] {
        write(d.path(), name, bytes);
        lint_beside_good(
            d.path(),
            name,
            &format!("{name}: cannot lint this file: file is UTF-16 encoded: save it as UTF-8 (Docker reads UTF-8)"),
            2,
        );
    }
}

#[test]
fn utf8_bom_is_accepted() {
    let d = tempdir();
    write(d.path(), "bom.Dockerfile", "\u{feff}FROM alpine:3.22\n");
    let r = dockhand(d.path(), ["bom.Dockerfile"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn empty_file() {
    let d = tempdir();
    write(d.path(), "empty.Dockerfile", "");
    lint_beside_good(
        d.path(),
        "empty.Dockerfile",
        "empty.Dockerfile:1:1: error DH001 file with no instructions",
        1,
    );
}

#[test]
fn only_comments() {
    let d = tempdir();
    write(
        d.path(),
        "comments.Dockerfile",
        "# syntax=docker/dockerfile:1\n# nothing here\n\n   # indented\n",
    );
    lint_beside_good(
        d.path(),
        "comments.Dockerfile",
        "DH001 file with no instructions",
        1,
    );
}

#[test]
fn file_over_the_size_limit() {
    let d = tempdir();
    // 100 MB, sparse: the size is checked before anything is read
    let f = std::fs::File::create(d.path().join("huge.Dockerfile")).expect("create");
    f.set_len(100 * 1024 * 1024).expect("set_len");
    drop(f);
    let r = lint_beside_good(
        d.path(),
        "huge.Dockerfile",
        "huge.Dockerfile: cannot lint this file: file is too large (104857600 bytes; the limit is 33554432 bytes, set by --max-file-size)",
        2,
    );
    timing("100 MB file over the limit", 100 << 20, &r);
    // the limit is an option
    let r = dockhand(d.path(), ["--max-file-size", "10", "good.Dockerfile"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let want = format!(
        "good.Dockerfile: cannot lint this file: file is too large ({} bytes; the limit is 10 bytes, set by --max-file-size)",
        GOOD.len()
    );
    assert!(r.stdout.contains(&want), "{}", r.stdout);
}

/// Big but valid inputs. The sizes here keep the debug-mode suite fast; `bench/bad_inputs.sh`
/// runs the full sizes (100 MB, 10 MB line, 100,000 lines, 10,000 stages) in release mode.
fn big(name: &str, text: String) -> (tempfile::TempDir, Run) {
    let d = tempdir();
    write(d.path(), name, &text);
    write(d.path(), "good.Dockerfile", GOOD);
    let r = dockhand(d.path(), [name, "good.Dockerfile"]);
    assert!(r.stdout.contains(GOOD_FINDING), "{}", r.stdout);
    timing(name, text.len(), &r);
    (d, r)
}

#[test]
fn large_valid_file() {
    // ~10 MB of ordinary instructions
    let mut t = String::from("FROM alpine:3.22 AS base\n");
    while t.len() < 10_000_000 {
        t.push_str("RUN apk add --no-cache curl && echo \"$HOME\" > /tmp/x\nENV A=1 B=2\n");
    }
    let (_d, r) = big("large.Dockerfile", t);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn very_long_line() {
    let mut t = String::from("FROM alpine:3.22\nRUN echo ");
    t.push_str(&"a".repeat(10_000_000));
    t.push('\n');
    let (_d, r) = big("longline.Dockerfile", t);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn many_continuation_lines() {
    let mut t = String::from("FROM alpine:3.22\nRUN echo start \\\n");
    for i in 0..100_000 {
        t.push_str(&format!("    && echo {i} \\\n"));
    }
    t.push_str("    && echo end\n");
    let (_d, r) = big("continuations.Dockerfile", t);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn many_stages() {
    let mut t = String::from("FROM alpine:3.22 AS s0\n");
    for i in 1..10_000 {
        t.push_str(&format!(
            "FROM alpine:3.22 AS s{i}\nCOPY --from=s{} /a /b\n",
            i - 1
        ));
    }
    let (_d, r) = big("stages.Dockerfile", t);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn deeply_nested_json_arrays() {
    let depth = 100_000;
    let t = format!(
        "FROM alpine:3.22\nCMD {}\"x\"{}\nENTRYPOINT {}\n",
        "[".repeat(depth),
        "]".repeat(depth),
        "[".repeat(depth)
    );
    let (_d, r) = big("nested.Dockerfile", t);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn heredoc_that_never_ends() {
    let d = tempdir();
    write(
        d.path(),
        "heredoc.Dockerfile",
        "FROM alpine:3.22\nRUN <<EOF\necho one\necho two\n",
    );
    lint_beside_good(
        d.path(),
        "heredoc.Dockerfile",
        "heredoc.Dockerfile:2:5: error DH001 unterminated heredoc: no line `EOF` closes it",
        1,
    );
}

#[test]
fn unterminated_quotes() {
    let d = tempdir();
    write(
        d.path(),
        "quote.Dockerfile",
        "FROM \"alpine:3.22\nRUN echo \"abc\nENV A=\"x\nCMD [\"a\nCOPY 'x /y\nFROOM z\n",
    );
    let r = lint_beside_good(
        d.path(),
        "quote.Dockerfile",
        "quote.Dockerfile:6:1: error DH002",
        1,
    );
    assert!(r.stdout.contains("quote.Dockerfile"), "{}", r.stdout);
}

#[test]
fn every_instruction_without_arguments() {
    let d = tempdir();
    let keywords = [
        "FROM",
        "RUN",
        "CMD",
        "LABEL",
        "MAINTAINER",
        "EXPOSE",
        "ENV",
        "ADD",
        "COPY",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ARG",
        "ONBUILD",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
    ];
    let text: String = keywords.iter().map(|k| format!("{k}\n")).collect();
    write(d.path(), "noargs.Dockerfile", text);
    let r = lint_beside_good(
        d.path(),
        "noargs.Dockerfile",
        "noargs.Dockerfile:1:1: error DH001",
        1,
    );
    // CMD and ENTRYPOINT may be empty in BuildKit; every other instruction is an error
    for (line, expected) in [
        (1, "FROM requires either one or three arguments, got 0"),
        (2, "RUN requires at least one argument"),
        (4, "LABEL requires at least one argument"),
        (5, "MAINTAINER requires at least one argument"),
        (6, "EXPOSE requires at least one argument"),
        (7, "ENV requires at least one argument"),
        (8, "ADD requires at least two arguments"),
        (9, "COPY requires at least two arguments"),
        (11, "VOLUME requires at least one argument"),
        (12, "USER requires a user name"),
        (13, "WORKDIR requires exactly one argument"),
        (14, "ARG requires at least one argument"),
        (15, "ONBUILD requires at least one argument"),
        (16, "STOPSIGNAL requires at least one argument"),
        (17, "HEALTHCHECK requires at least one argument"),
        (18, "SHELL requires the arguments to be in JSON form"),
    ] {
        let want = format!("noargs.Dockerfile:{line}:1: error DH001 {expected}");
        assert!(
            r.stdout.contains(&want),
            "missing {want:?} in:\n{}",
            r.stdout
        );
    }
}

#[test]
fn from_naming_its_own_stage() {
    let d = tempdir();
    write(
        d.path(),
        "self.Dockerfile",
        "FROM alpine:3.22 AS build\nCOPY --from=build /a /b\nFROM build AS build2\nFROM x AS loop\nFROM loop AS loop\n",
    );
    lint_beside_good(
        d.path(),
        "self.Dockerfile",
        "self.Dockerfile:2:13: error DH005 `--from=build` copies from stage `build`, the stage it is in",
        1,
    );
}

#[test]
fn arg_cycle() {
    let d = tempdir();
    write(
        d.path(),
        "cycle.Dockerfile",
        "ARG A=$B\nARG B=$A\nFROM alpine:$A$B\nARG A\nARG B\nRUN echo $A $B\nFROOM x\n",
    );
    lint_beside_good(
        d.path(),
        "cycle.Dockerfile",
        "cycle.Dockerfile:7:1: error DH002",
        1,
    );
}

#[test]
fn arg_expansion_bomb_stays_linear() {
    // every ARG doubles the one before: expanded eagerly this would need 2^64 bytes
    let mut t = String::from("ARG A0=xxxxxxxxxxxxxxxx\n");
    for i in 1..64 {
        t.push_str(&format!("ARG A{i}=${{A{p}}}${{A{p}}}\n", p = i - 1));
    }
    t.push_str("FROM alpine:$A63\nARG A63\nENV E=$A63$A63\nRUN echo $A63\nFROOM x\n");
    let (_d, r) = big("bomb.Dockerfile", t);
    assert!(
        r.stdout.contains("bomb.Dockerfile:69:1: error DH002"),
        "{}",
        r.stdout
    );
}

#[test]
fn standard_input_with_a_bad_encoding() {
    let d = tempdir();
    let mut child = Command::new(BIN)
        .current_dir(d.path())
        .args([
            "--no-config",
            "-f",
            "concise",
            "--stdin-filename",
            "x/Dockerfile",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(b"\xff\xfeF\0R\0")
        .expect("write stdin");
    let out = child.wait_with_output().expect("finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("x/Dockerfile: cannot lint this file: file is UTF-16 encoded"),
        "{stdout}"
    );
}

#[test]
fn bad_config_file() {
    let d = tempdir();
    write(d.path(), "good.Dockerfile", GOOD);
    write(
        d.path(),
        "dockhand.toml",
        "select = [\"DH999\"]\nfailure-threshold = 3\n",
    );
    let out = Command::new(BIN)
        .current_dir(d.path())
        .args(["good.Dockerfile"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("dockhand.toml"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_arguments() {
    let d = tempdir();
    write(d.path(), "good.Dockerfile", GOOD);
    let r = dockhand(d.path(), ["--format", "yaml", "good.Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown format `yaml`"), "{}", r.stderr);
    let r = dockhand(d.path(), ["[", "good.Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("[: cannot lint this file: invalid glob pattern"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(GOOD_FINDING), "{}", r.stdout);
    let r = dockhand(d.path(), ["*.nothing"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("*.nothing: cannot lint this file: the pattern matches no file"),
        "{}",
        r.stdout
    );
}

/// Ignore files are input too, and only regular files are read (issue 17): a `.gitignore`
/// linked to `/dev/zero` (which would fill memory), a FIFO `.ignore` and a FIFO
/// `.git/info/exclude` (which would block) are each reported and not used; the walk finishes
/// and the Dockerfiles are linted.
#[cfg(unix)]
#[test]
fn ignore_files_that_are_not_files_are_reported_not_read() {
    let d = tempdir();
    let sub = d.path().join("sub");
    std::fs::create_dir_all(sub.join(".git/info")).expect("mkdir");
    std::os::unix::fs::symlink("/dev/zero", d.path().join(".gitignore")).expect("symlink");
    mkfifo(&sub.join(".ignore"));
    mkfifo(&sub.join(".git/info/exclude"));
    write(&sub, "Dockerfile", GOOD);
    let r = lint_beside_good(d.path(), ".", "sub/Dockerfile:2:1: error DH002", 2);
    for (file, why) in [
        (".gitignore", "not a regular file"),
        ("sub/.ignore", "not a regular file"),
        ("sub/.git/info/exclude", "not a regular file"),
    ] {
        let line = r.stdout.lines().find(|l| l.starts_with(file));
        assert!(
            line.is_some_and(|l| l.contains("ignore file not used") && l.contains(why)),
            "{file}: {}",
            r.stdout
        );
    }
}

/// The ignore files dockhand reads itself still mean what git means: patterns, negation,
/// `.ignore` over `.gitignore`, a deeper file over a shallower one, and an oversized one is
/// reported rather than read.
#[test]
fn ignore_files_keep_git_semantics() {
    let d = tempdir();
    for dir in ["a", "b", "c/keep", "c/drop", "big"] {
        std::fs::create_dir_all(d.path().join(dir)).expect("mkdir");
        write(&d.path().join(dir), "Dockerfile", GOOD);
    }
    write(d.path(), ".gitignore", "a/\nc/*/\n!c/keep/\nbig/*.x\n");
    write(d.path(), ".ignore", "!a/\n");
    write(&d.path().join("b"), ".gitignore", "Dockerfile\n");
    let huge = "x\n".repeat(dockhand::source::MAX_IGNORE_FILE_SIZE as usize);
    write(&d.path().join("big"), ".gitignore", huge);
    let r = dockhand(d.path(), ["."]);
    let linted: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("DH002"))
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        linted,
        ["a/Dockerfile", "big/Dockerfile", "c/keep/Dockerfile"],
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "big/.gitignore: cannot lint this file: ignore file not used: file is too large"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 2);
}

/// A Dockerfile that is a link to a device is refused on the opened descriptor, never read
/// (`/dev/zero` would never end; `/proc/kmsg` blocks a root run).
#[cfg(unix)]
#[test]
fn dockerfile_linked_to_a_device_is_not_read() {
    let d = tempdir();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.Dockerfile")).expect("symlink");
    lint_beside_good(
        d.path(),
        "zero.Dockerfile",
        "zero.Dockerfile: cannot lint this file: not a regular file (a FIFO, socket or device): not read",
        2,
    );
}

/// `--max-file-size` applies to standard input: at most the limit plus one byte is read, and
/// the error names the limit.
#[test]
fn standard_input_respects_the_size_limit() {
    let mut child = Command::new(BIN)
        .args([
            "--no-config",
            "-f",
            "concise",
            "--max-file-size",
            "100",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("piped");
    // a writer that never stops: dockhand must stop reading on its own
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'#'; 1 << 16];
        let mut written = 0usize;
        while stdin.write_all(&chunk).is_ok() && written < 1 << 30 {
            written += chunk.len();
        }
        written
    });
    let out = child.wait_with_output().expect("finishes");
    let written = writer.join().expect("writer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("<stdin>: cannot lint this file: file is too large (over 100 bytes; the limit is set by --max-file-size)"),
        "{stdout}"
    );
    assert!(written < 1 << 30, "dockhand read all {written} bytes");
}

/// A config file that is a FIFO (or a device) is refused with a clear error, never read: a
/// read would block forever (FIFO) or fill memory (`/dev/zero`).
#[cfg(unix)]
#[test]
fn config_that_is_not_a_regular_file_is_refused() {
    let d = tempdir();
    let fifo = d.path().join("fifo.toml");
    mkfifo(&fifo);
    std::fs::write(d.path().join("Dockerfile"), "FROM alpine:3.22\n").expect("write");
    for config in [fifo.as_os_str(), OsStr::new("/dev/zero")] {
        let mut child = Command::new(BIN)
            .current_dir(d.path())
            .arg("--config")
            .arg(config)
            .arg("Dockerfile")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dockhand runs");
        let start = Instant::now();
        while child.try_wait().expect("wait").is_none() {
            if start.elapsed() > Duration::from_secs(30) {
                child.kill().ok();
                panic!("dockhand blocked on the config {config:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let out = child.wait_with_output().expect("output");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
}
