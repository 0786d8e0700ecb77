//! DH017: `CMD` / `ENTRYPOINT` in shell form.
use super::prelude::*;
use crate::model::images::Os;
use crate::parse::{ArgForm, Kind};

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`) in a stage
    /// where no `SHELL` instruction is in effect (in the stage, or in the stages it is built
    /// `FROM`), as BuildKit does. The finding's span is the command text, the part to write as
    /// a JSON array.
    ///
    /// ## Why is this bad?
    /// Shell form runs the command as `/bin/sh -c "…"`, so the shell is PID 1: `docker stop`'s
    /// SIGTERM goes to the shell, which does not pass it on, and the container is killed after
    /// the timeout instead of shutting down cleanly. Exec form (a JSON array) runs the program
    /// itself. Where shell features are wanted on purpose, an explicit
    /// `SHELL ["/bin/sh", "-c"]` before the instruction says so and silences this check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// CMD node server.js
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Writes the command as a JSON array. When it is plain words (no quotes, escapes, `$`,
    /// globs, braces, `~`, `#`, operators or redirections, and no shell builtin such as `cd`
    /// or `echo` first) the array is those words, a leading `exec` dropped: safe, the same
    /// program gets the same arguments, now as PID 1. Otherwise the array keeps the shell,
    /// `["/bin/sh", "-c", "…"]`, with `exec` put before a single command so that the program
    /// replaces the shell: unsafe, as the script is no longer run as written. An `ENTRYPOINT`
    /// in a stage that sets a `CMD` (or that a stage setting one is built `FROM`) is unsafe
    /// even with plain words: in exec form the `CMD` becomes its arguments, which the shell
    /// form ignored. No fix in Windows stages (their shell is `cmd`), nor when a comment line
    /// sits inside the command's continuation lines.
    pub JsonArgsRecommended {
        code: "DH017",
        name: "json-args-recommended",
        severity: Warning,
        category: Correctness,
        summary: "`CMD` or `ENTRYPOINT` in shell form: signals go to the shell, not the program",
        aliases: ["JSONArgsRecommended", "DL3025"],
    }
}

/// Shell builtins and keywords: as the first word they need the shell (`cd`, `export`, ...),
/// or would run a different program in exec form (`echo`, `test`, ...).
const BUILTINS: &[&str] = &[
    ".", ":", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec",
    "exit", "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf",
    "pwd", "read", "readonly", "return", "set", "shift", "source", "test", "times", "trap",
    "true", "type", "ulimit", "umask", "unalias", "unset", "wait", "if", "then", "else", "elif",
    "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "select", "time",
    "!", "{", "}", "[[", "]]",
];

/// Characters that make a word more than its letters to `sh`: globs, braces, tilde, comment,
/// quotes, escapes, expansions.
const WORD_SYNTAX: &[char] = &['*', '?', '[', ']', '{', '}', '~', '#', '$', '`', '\'', '"', '\\'];

/// A shell-form command as exec form.
enum ExecForm {
    /// Plain words only: the words themselves (`exec` dropped).
    Words(Vec<String>),
    /// Shell syntax: the script for `/bin/sh -c`, with `exec` before a single command so that
    /// the program replaces the shell.
    Shell(String),
}

fn exec_form(cmd: &str, parsed: Option<&crate::model::shell::ShellScript>) -> ExecForm {
    let commands = parsed.map(|p| p.flat()).unwrap_or_default();
    let parse_errors = parsed.is_some_and(|p| !p.errors.is_empty());
    // what is left of the text once the words are blanked: operators, redirections, keywords
    let mut residue = cmd.as_bytes().to_vec();
    for c in &commands {
        for w in c.assignments.iter().map(|a| &a.value).chain(&c.words) {
            if let Some(r) = residue.get_mut(w.range.clone()) {
                r.fill(b' ');
            }
        }
    }
    let residue = String::from_utf8_lossy(&residue).into_owned();
    let single = match commands.as_slice() {
        [c] if !parse_errors && c.depth == 0 && c.assignments.is_empty() => Some(c),
        _ => None,
    };
    if let Some(c) = single {
        let plain = c.words.iter().all(|w| {
            !w.quoted
                && !w.has_expansion
                && cmd.get(w.range.clone()) == Some(w.text.as_str())
                && !w.text.contains(WORD_SYNTAX)
        });
        if plain && residue.trim().is_empty() {
            let mut words: Vec<String> = c.words.iter().map(|w| w.text.clone()).collect();
            if words.len() > 1 && words[0] == "exec" && !words[1].starts_with('-') {
                words.remove(0);
            }
            if !words.is_empty() && !BUILTINS.contains(&words[0].as_str()) {
                return ExecForm::Words(words);
            }
        }
    }
    // `exec` only before one command that starts the script, runs in the foreground and is
    // no builtin: with `&&`, `|` or `;` the rest would never run
    let exec = single.is_some_and(|c| {
        let first = c.words.first();
        first.is_some_and(|w| {
            !BUILTINS.contains(&w.text.as_str())
                && residue.get(..w.range.start).is_some_and(|r| r.trim().is_empty())
        }) && !residue.contains([';', '|', '(', ')', '`', '\n'])
            && !residue
                .match_indices('&')
                .any(|(i, _)| i == 0 || !matches!(residue.as_bytes()[i - 1], b'>' | b'<'))
    });
    ExecForm::Shell(if exec { format!("exec {cmd}") } else { cmd.to_string() })
}

/// `s` as a JSON string.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_array(words: &[String]) -> String {
    let items: Vec<String> = words.iter().map(|w| json_string(w)).collect();
    format!("[{}]", items.join(", "))
}

impl Rule for JsonArgsRecommended {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let df = model.dockerfile();
        // whether a CMD is set in each stage or in a stage built FROM it: an ENTRYPOINT in exec
        // form gets that CMD as arguments, which the shell form ignored
        let mut cmd_below = vec![false; model.stages.len()];
        for stage in model.stages.iter().rev() {
            let own = stage
                .instructions
                .clone()
                .any(|i| model.instruction(i).is_some_and(|i| i.kind == Kind::Cmd));
            let i = stage.id.0;
            if own {
                if let Some(b) = cmd_below.get_mut(i) {
                    *b = true;
                }
            }
            if let (BaseImage::Stage(p), Some(true)) = (&stage.base, cmd_below.get(i).copied()) {
                if let Some(b) = cmd_below.get_mut(p.0) {
                    *b = true;
                }
            }
        }
        // whether a SHELL is in effect at the end of each stage, stages in order (a stage is
        // only built FROM an earlier one)
        let mut shell_at_end = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut shell = match stage.base {
                BaseImage::Stage(p) => shell_at_end.get(p.0).copied().unwrap_or(false),
                _ => false,
            };
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                match ins.kind {
                    Kind::Shell => shell = true,
                    Kind::Cmd | Kind::Entrypoint if ins.form == ArgForm::Shell && !shell => {
                        let name = ins.kind.as_str();
                        let cmd = ins.rest.value.trim();
                        let (array, plain) = match exec_form(cmd, model.command_line(idx)) {
                            ExecForm::Words(w) => (json_array(&w), true),
                            ExecForm::Shell(s) => (
                                json_array(&["/bin/sh".to_string(), "-c".to_string(), s]),
                                false,
                            ),
                        };
                        let entrypoint_with_cmd = ins.kind == Kind::Entrypoint
                            && cmd_below.get(stage.id.0).copied().unwrap_or(false);
                        let windows = stage.facts.os == Os::Windows;
                        // a comment line inside the continuation lines would be lost
                        let comment_inside = df.comments.iter().any(|c| {
                            ins.rest.span.start <= c.span.start && c.span.end <= ins.rest.span.end
                        });
                        let fix = (!windows
                            && !comment_inside
                            && ins.heredocs.is_empty()
                            && !ins.rest.span.is_empty())
                        .then(|| {
                            let title = format!("write `{} {array}`", cx.text(ins.keyword));
                            let edits = vec![Edit::replace(ins.rest.span, array.as_str())];
                            if plain && !entrypoint_with_cmd {
                                Fix::safe(title, edits)
                            } else {
                                Fix::unsafe_edit(title, edits)
                            }
                        });
                        let help = if windows {
                            "write it as a JSON array, or put a `SHELL` instruction before it if the shell is wanted".to_string()
                        } else {
                            format!(
                                "write it as a JSON array, `{name} {array}`, or put `SHELL [\"/bin/sh\", \"-c\"]` before it if the shell is wanted"
                            )
                        };
                        cx.report(
                            &Self::META,
                            ins.rest.span,
                            format!("`{name} {cmd}` is in shell form: `/bin/sh -c` runs it and gets the signals"),
                        )
                        .help(help)
                        .fix_opt(fix);
                    }
                    _ => {}
                }
            }
            shell_at_end.push(shell);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::lint::{lint_model, LintOptions};
    use crate::rules::FileFacts;

    /// Each DH017 finding's fix: class and replacement.
    fn fixes(text: &str) -> Vec<Option<(Applicability, String)>> {
        let opts = LintOptions {
            rules: vec![&super::JsonArgsRecommended],
            ..LintOptions::default()
        };
        let (_, d) = lint_model(text, &FileFacts::default(), &opts);
        d.iter()
            .map(|d| {
                d.fix.as_ref().and_then(|f| {
                    f.edits
                        .first()
                        .map(|e| (f.applicability, e.replacement.clone()))
                })
            })
            .collect()
    }

    fn one(text: &str) -> Option<(Applicability, String)> {
        fixes(text).into_iter().next().flatten()
    }

    #[test]
    fn plain_words_are_safe_shell_syntax_is_not() {
        use Applicability::{Safe, Unsafe};
        let f = |cmd: &str| one(&format!("FROM node:24-alpine\nCMD {cmd}\n"));
        assert_eq!(f("node server.js"), Some((Safe, r#"["node", "server.js"]"#.into())));
        assert_eq!(f("exec node a.js"), Some((Safe, r#"["node", "a.js"]"#.into())));
        for (cmd, script) in [
            ("node \"a b.js\"", r#"exec node \"a b.js\""#),
            ("node $APP", "exec node $APP"),
            ("node *.js", "exec node *.js"),
            ("node ~/a.js", "exec node ~/a.js"),
            ("node a.js > /tmp/log", "exec node a.js > /tmp/log"),
            ("node a\\.js", r"exec node a\\.js"),
            ("a && b", "a && b"),
            ("a | b", "a | b"),
            ("a; b", "a; b"),
            ("a &", "a &"),
            ("cd /srv && node a.js", "cd /srv && node a.js"),
            ("echo hi", "echo hi"),
            ("FOO=1 node a.js", "FOO=1 node a.js"),
        ] {
            assert_eq!(
                f(cmd),
                Some((Unsafe, format!(r#"["/bin/sh", "-c", "{script}"]"#))),
                "{cmd}"
            );
        }
    }

    #[test]
    fn entrypoint_with_a_cmd_is_unsafe() {
        let alone = "FROM node:24-alpine\nENTRYPOINT node a.js\n";
        assert_eq!(one(alone).map(|f| f.0), Some(Applicability::Safe));
        let with_cmd = "FROM node:24-alpine\nENTRYPOINT node a.js\nCMD [\"-v\"]\n";
        assert_eq!(one(with_cmd).map(|f| f.0), Some(Applicability::Unsafe));
        let in_child = "FROM node:24-alpine AS a\nENTRYPOINT node a.js\nFROM a\nCMD [\"-v\"]\n";
        assert_eq!(one(in_child).map(|f| f.0), Some(Applicability::Unsafe));
    }

    #[test]
    fn no_fix_on_windows_or_over_a_comment() {
        let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD app.exe\n";
        assert_eq!(fixes(windows), vec![None]);
        let comment = "FROM node:24-alpine\nCMD node \\\n# the port\n  a.js\n";
        assert_eq!(fixes(comment), vec![None]);
    }
}
