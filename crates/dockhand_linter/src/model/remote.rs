//! Code fetched from the network at build time and run or installed: `curl … | sh`,
//! `sh -c "$(curl …)"`, `curl … | tar x`, a downloaded archive or binary that is extracted,
//! made executable or run, and `ADD <url>` of an archive, script or binary without
//! `--checksum`; and whether the stage verifies what it downloads (`sha256sum -c`,
//! `gpg --verify`, `cosign verify`, …). Read from the RUN commands the model split once
//! (`RunFact::commands`, with `Command::piped`); one pass over a stage's commands, with a map
//! from downloaded file names to their download.

use super::stage::{Command, CopyFact, Stage};
use crate::parse::Kind;
use crate::span::{Span, Spanned};
use std::collections::HashMap;

/// Shells that run a script read from their standard input.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];
/// Interpreters that run a script read from their standard input when given none (or `-`).
const INTERPRETERS: &[&str] = &[
    "python", "python2", "python3", "perl", "ruby", "node", "php",
];

/// How the fetched code is run or installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteUse {
    /// Piped into a shell or interpreter (`curl … | sh`); names the runner.
    PipedTo(String),
    /// The script of `sh -c "$(curl …)"`, `bash <(curl …)` or `eval "$(curl …)"`.
    Substituted(String),
    /// Piped into `tar x`.
    PipedToTar,
    /// Downloaded to a file that a later command extracts, makes executable, runs or
    /// installs; names the file and the command.
    Downloaded { file: String, by: String, at: Span },
    /// `ADD <url>` without `--checksum`.
    Added,
}

/// One fetch of remote code.
#[derive(Debug, Clone)]
pub struct RemoteCode {
    /// The URL as written (`$URL` stays literal).
    pub url: String,
    /// The fetching command (`curl …`) or the ADD instruction.
    pub span: Span,
    pub tool: &'static str,
    pub how: RemoteUse,
}

/// The fetches of remote code in `stage` that nothing verifies. Pipes into a shell are never
/// verified; a downloaded file counts as verified when the stage runs any checksum or
/// signature check (precision first: which file a check covers is often not visible).
pub fn unverified_remote_code(stage: &Stage) -> Vec<RemoteCode> {
    let mut out = Vec::new();
    let mut downloads: HashMap<String, (String, Span, &'static str)> = HashMap::new();
    let mut verified = false;
    let mut uses: Vec<RemoteCode> = Vec::new();
    for run in &stage.runs {
        let cmds = &run.commands;
        for (i, c) in cmds.iter().enumerate() {
            if is_verification(c) {
                verified = true;
            }
            if let Some((tool, url, output)) = fetch(c) {
                match output {
                    Output::Stdout => {
                        if let Some(how) = piped_into(&cmds[i + 1..]) {
                            out.push(RemoteCode {
                                url: url.value.clone(),
                                span: c.span,
                                tool,
                                how,
                            });
                        }
                    }
                    Output::File(f) => {
                        downloads
                            .entry(f)
                            .or_insert((url.value.clone(), c.span, tool));
                    }
                }
            }
            if let Some(runner) = substitution_runner(c) {
                out.push(RemoteCode {
                    url: substituted_url(c).unwrap_or_default(),
                    span: c.span,
                    tool: "curl",
                    how: RemoteUse::Substituted(runner),
                });
            }
            if downloads.is_empty() {
                continue;
            }
            if let Some((file, by)) = uses_file(c, &downloads) {
                if let Some((url, span, tool)) = downloads.get(&file) {
                    uses.push(RemoteCode {
                        url: url.clone(),
                        span: *span,
                        tool,
                        how: RemoteUse::Downloaded {
                            file: file.clone(),
                            by,
                            at: c.span,
                        },
                    });
                    // report each download once
                    downloads.remove(&file);
                }
            }
        }
    }
    if !verified {
        out.extend(uses);
    }
    for copy in &stage.copies {
        if let Some(url) = added_code(copy) {
            out.push(RemoteCode {
                url: url.value.clone(),
                span: url.span,
                tool: "ADD",
                how: RemoteUse::Added,
            });
        }
    }
    out.sort_by_key(|r| r.span.start);
    out
}

enum Output {
    Stdout,
    File(String),
}

fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://") || s.starts_with("ftp://")
}

/// The last path segment of a URL or path, without a query.
pub fn basename(s: &str) -> &str {
    let s = s.split(['?', '#']).next().unwrap_or(s);
    s.trim_end_matches('/').rsplit('/').next().unwrap_or(s)
}

/// `curl`/`wget` with a URL: the tool, the URL and where the body goes.
fn fetch(c: &Command) -> Option<(&'static str, &Spanned<String>, Output)> {
    let name = c.name()?;
    let tool = match name {
        "curl" => "curl",
        "wget" => "wget",
        _ => return None,
    };
    let args = c.args();
    let url = args
        .iter()
        .find(|w| is_url(&w.value) || (w.value.contains("://") && !w.value.starts_with('-')))?;
    let mut output = None;
    let mut remote_name = false;
    let mut iter = args.iter().peekable();
    while let Some(w) = iter.next() {
        let v = w.value.as_str();
        let value_of =
            |flag: &str, long: &str, next: Option<&&Spanned<String>>| -> Option<String> {
                if let Some(rest) = v.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                    return Some(rest.to_string());
                }
                if v == long {
                    return next.map(|n| n.value.clone());
                }
                // a short option, alone or last of a group (`-o`, `-fsSLo`, `-qO-`)
                let short = v.strip_prefix('-').filter(|r| !r.starts_with('-'))?;
                let pos = short.find(flag)?;
                let rest = &short[pos + flag.len()..];
                if rest.is_empty() {
                    next.map(|n| n.value.clone())
                } else {
                    Some(rest.to_string())
                }
            };
        let found = match tool {
            "curl" => {
                let short_o = v
                    .strip_prefix('-')
                    .is_some_and(|r| !r.starts_with('-') && r.contains('O'));
                if v == "--remote-name" || short_o {
                    remote_name = true;
                }
                value_of("o", "--output", iter.peek())
            }
            _ => value_of("O", "--output-document", iter.peek()),
        };
        if found.is_some() {
            output = found;
        }
    }
    let out = match (tool, output) {
        (_, Some(f)) if f == "-" => Output::Stdout,
        (_, Some(f)) => Output::File(basename(&f).to_string()),
        ("curl", None) if remote_name => Output::File(basename(&url.value).to_string()),
        ("curl", None) => Output::Stdout,
        // wget saves under the URL's name by default
        (_, None) => Output::File(basename(&url.value).to_string()),
    };
    Some((tool, url, out))
}

/// What the pipeline after a fetch does with its output: the commands joined by `|`.
fn piped_into(rest: &[Command]) -> Option<RemoteUse> {
    for c in rest.iter().take_while(|c| c.piped) {
        let mut words = c.words.iter().map(|w| w.value.as_str());
        let mut name = words.next().map(super::paths::file_name)?;
        let mut operands: Vec<&str> = Vec::new();
        if name == "sudo" || name == "env" {
            // `sudo -E bash`, `env FOO=1 sh`: the command is the first word that is not an
            // option or an assignment
            let next = words
                .by_ref()
                .find(|w| !w.starts_with('-') && !w.contains('='))?;
            name = super::paths::file_name(next);
        }
        let mut after_dashdash = false;
        let mut takes_value = false;
        for w in words {
            if after_dashdash {
                break; // script arguments follow `--` (`sh -s -- -y`)
            }
            if w == "--" {
                after_dashdash = true;
            } else if takes_value {
                takes_value = false;
            } else if w.starts_with('-') {
                // `bash -o pipefail`
                takes_value = w == "-o" || w == "+o";
            } else {
                operands.push(w);
            }
        }
        let reads_stdin = operands.is_empty() || operands[0] == "-" || operands[0] == "/dev/stdin";
        if SHELLS.contains(&name) && reads_stdin {
            return Some(RemoteUse::PipedTo(name.to_string()));
        }
        if INTERPRETERS.contains(&name) && reads_stdin {
            return Some(RemoteUse::PipedTo(name.to_string()));
        }
        if name == "tar" && extracts(c) {
            return Some(RemoteUse::PipedToTar);
        }
    }
    None
}

/// `tar x…`, `tar -x…`, `tar --extract`.
fn extracts(c: &Command) -> bool {
    c.args().iter().any(|w| {
        let v = w.value.as_str();
        v == "--extract" || v == "--get" || {
            let short = v.strip_prefix('-').unwrap_or(v);
            !short.starts_with('-')
                && short.contains('x')
                && short.chars().all(|ch| ch.is_ascii_alphabetic())
                && (v.starts_with('-') || std::ptr::eq(w, &c.args()[0]))
        }
    })
}

/// A shell or `eval` whose script is the output of a fetch: `sh -c "$(curl …)"`,
/// `bash <(curl …)`, `eval "$(wget -qO- …)"`, `. <(curl …)`.
fn substitution_runner(c: &Command) -> Option<String> {
    let name = c.name()?;
    if !(SHELLS.contains(&name) || matches!(name, "eval" | "source" | ".")) {
        return None;
    }
    c.args()
        .iter()
        .any(|w| substitutes_fetch(&w.value))
        .then(|| name.to_string())
}

fn substitutes_fetch(word: &str) -> bool {
    let inner = word
        .strip_prefix("$(")
        .or_else(|| word.strip_prefix("<("))
        .or_else(|| word.strip_prefix('`'));
    inner.is_some_and(|s| {
        let s = s.trim_start();
        (s.starts_with("curl ") || s.starts_with("wget ")) && s.contains("://")
    })
}

fn substituted_url(c: &Command) -> Option<String> {
    let w = c.args().iter().find(|w| substitutes_fetch(&w.value))?;
    let start = w.value.find("://")?;
    let begin = w.value[..start]
        .rfind(|ch: char| ch.is_whitespace() || ch == '"' || ch == '\'')
        .map_or(0, |i| i + 1);
    let end = w.value[start..]
        .find(|ch: char| ch.is_whitespace() || ch == '"' || ch == '\'' || ch == ')')
        .map_or(w.value.len(), |i| start + i);
    Some(w.value[begin..end].to_string())
}

/// A command that extracts, makes executable, runs or installs one of `downloads`: the file
/// and what the command does with it.
fn uses_file(
    c: &Command,
    downloads: &HashMap<String, (String, Span, &'static str)>,
) -> Option<(String, String)> {
    let name = c.name()?;
    let full = c.words.first().map(|w| w.value.as_str()).unwrap_or("");
    if full.contains('/') && downloads.contains_key(name) {
        return Some((name.to_string(), format!("runs `{full}`")));
    }
    let operand = |pred: &dyn Fn(&str) -> bool| {
        c.args()
            .iter()
            .map(|w| basename(&w.value))
            .find(|b| downloads.contains_key(*b) && pred(b))
            .map(str::to_string)
    };
    let what = match name {
        "tar" | "bsdtar" if extracts(c) => "extracts it",
        "unzip" | "7z" | "gunzip" | "xz" | "bunzip2" => "extracts it",
        "chmod" => {
            let exec = c.args().iter().any(|w| {
                let v = w.value.as_str();
                v.contains("+x")
                    || (v.len() >= 3
                        && v.bytes().all(|b| b.is_ascii_digit())
                        && v.bytes().any(|b| matches!(b, b'1' | b'3' | b'5' | b'7')))
            });
            if !exec {
                return None;
            }
            "makes it executable"
        }
        "dpkg" if c.has_short('i') || c.has_arg("--install") => "installs it",
        "rpm" if c.has_short('i') || c.has_short('U') => "installs it",
        "apt" | "apt-get" | "yum" | "dnf" if c.has_arg("install") => {
            let by = format!("`{name}` installs it");
            // only a local package (`./pkg.deb`), not a package name
            return c
                .args()
                .iter()
                .find(|w| w.value.contains('/') && downloads.contains_key(basename(&w.value)))
                .map(|w| (basename(&w.value).to_string(), by));
        }
        "install" => "installs it",
        n if SHELLS.contains(&n) => "runs it",
        _ => return None,
    };
    let file = operand(&|_| true)?;
    Some((file, format!("`{name}` {what}")))
}

/// A checksum or signature check: `sha256sum -c`, `shasum -a 256 -c`, `gpg --verify`,
/// `gpgv`, `cosign verify*`, `minisign -V`, `openssl dgst -verify`, `slsa-verifier`. Any
/// `sha*sum`/`md5sum` counts: comparing its output with a known hash is a check too.
fn is_verification(c: &Command) -> bool {
    let Some(name) = c.name() else { return false };
    match name {
        "sha1sum" | "sha224sum" | "sha256sum" | "sha384sum" | "sha512sum" | "shasum" | "md5sum"
        | "b2sum" | "gpgv" | "minisign" | "slsa-verifier" | "signify" => true,
        "gpg" | "gpg2" => c.has_arg("--verify"),
        "cosign" => c.args().iter().any(|w| w.value.starts_with("verify")),
        "openssl" => c.has_arg("dgst"),
        _ => false,
    }
}

/// Extensions of files that are code or hold code: an archive, a package, a script.
const CODE_EXTENSIONS: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst", ".zip", ".jar",
    ".war", ".deb", ".rpm", ".apk", ".whl", ".sh", ".run", ".bin", ".py",
];

/// `ADD <url>` of an archive, package or script, without `--checksum`: its URL.
fn added_code(copy: &CopyFact) -> Option<&Spanned<String>> {
    if copy.kind != Kind::Add || copy.checksum.is_some() {
        return None;
    }
    copy.sources.iter().find(|s| {
        let name = basename(&s.value).to_ascii_lowercase();
        is_url(&s.value) && CODE_EXTENSIONS.iter().any(|e| name.ends_with(e))
    })
}

#[cfg(test)]
mod tests;
