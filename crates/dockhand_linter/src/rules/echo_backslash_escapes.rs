//! SC2028: `echo '…\n…'` prints the backslash in some shells and a newline in others.
use super::prelude::*;
use crate::model::run_scripts::RunScript;
use crate::model::shell::ast::{PartKind, SimpleCommand, Word, WordPart};

declare_rule! {
    /// ## What it does
    /// Flags `echo` (without `-e`) given text with a backslash escape: `\n`, `\t`, `\\`,
    /// `\r`, `\a`, `\b`, `\e`, `\f`, `\v`, `\'`, an octal `\0NN` or a hex `\xHH`.
    ///
    /// ## Why is this bad?
    /// Whether `echo` expands escapes depends on the shell: dash (Debian's and Ubuntu's
    /// `/bin/sh`) turns `\n` into a newline, bash prints the backslash and the `n`. The same
    /// RUN writes different files on different base images, or after a `SHELL` change.
    /// `printf` behaves the same everywhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN echo 'line one\nline two' > /etc/motd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN printf 'line one\nline two\n' > /etc/motd
    /// ```
    ///
    /// ## Default
    /// Off: with a known `/bin/sh` the output is what the author tested, and most such lines
    /// are never run under another shell.
    ///
    /// ## Differences from ShellCheck
    /// The check is ShellCheck's SC2028, made under every shell. ShellCheck makes it only under
    /// sh, bash and ksh, not under dash, whose `echo` expands the escape as the author
    /// probably meant, nor under BusyBox ash. This rule is about the RUN meaning something
    /// else under another shell, so it reports those too; on the corpus that is 48 findings
    /// under dash that ShellCheck, told the image's shell, does not report
    /// (`bench/results-shellcheck.md`). Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub EchoBackslashEscapes {
        code: "SC2028",
        name: "echo-backslash-escapes",
        severity: Info,
        category: Portability,
        summary: "`echo` with backslash escapes prints differently in each shell",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2028",
    }
}

/// The first escape in `s` that `echo -e` would expand.
fn escape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            let c = b[i + 1];
            if b"rntabefv\\'".contains(&c) || (b'0'..=b'7').contains(&c) {
                return Some(format!("\\{}", c as char));
            }
            if c == b'x' && b.get(i + 2).is_some_and(|h| h.is_ascii_hexdigit()) {
                return Some(format!("\\x{}", b[i + 2] as char));
            }
        }
        i += 1;
    }
    None
}

/// The flags of a command's arguments as single letters (`-eux` gives e, u, x) and long names
/// (`--null`), up to `--`.
fn flags(c: &SimpleCommand) -> Vec<&str> {
    let mut out = Vec::new();
    for w in c.args() {
        let Some(t) = w.literal() else { continue };
        if t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            out.push(long.split('=').next().unwrap_or(""));
        } else if let Some(short) = t.strip_prefix('-') {
            out.extend(short.char_indices().map(|(i, ch)| &short[i..i + ch.len_utf8()]));
        }
    }
    out
}

/// The text of a word's literal parts as written (backslashes kept, quotes removed),
/// expansions left out: what `echo` gets to read escapes in.
fn literal_text(sh: &RunScript<'_>, w: &Word) -> String {
    fn go(sh: &RunScript<'_>, parts: &[WordPart], out: &mut String) {
        for p in parts {
            match &p.kind {
                PartKind::Literal(_)
                | PartKind::Escaped(_)
                | PartKind::Glob(_)
                | PartKind::Brace(_)
                | PartKind::Tilde(_) => out.push_str(sh.text(p.span)),
                PartKind::SingleQuoted(_) | PartKind::AnsiC(_) => {
                    let t = sh.text(p.span);
                    let start = if t.starts_with('$') { 2 } else { 1 };
                    out.push_str(t.get(start..t.len().saturating_sub(1)).unwrap_or(""));
                }
                PartKind::DoubleQuoted(inner) => go(sh, inner, out),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    go(sh, &w.parts, &mut out);
    out
}

impl Rule for EchoBackslashEscapes {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                let Some(name) = c.words.first().and_then(|w| w.literal()) else { continue };
                if crate::model::paths::file_name(name) != "echo" || flags(c).contains(&"e") {
                    continue;
                }
                for w in &c.words[1..] {
                    if let Some(e) = escape(&literal_text(sh, w)) {
                        found.push((w.span, e));
                    }
                }
            }
            for (r, e) in found {
                cx.report(&Self::META, r, format!("`echo` prints `{e}` as a backslash in bash and expands it in dash"))
                    .primary_label("escape sequence")
                    .help("use `printf` with the text as its format: `printf 'a\\nb\\n'`");
            }
        }
    }
}
