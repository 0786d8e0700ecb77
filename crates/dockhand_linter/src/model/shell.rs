//! Splits the shell script of a `RUN` instruction into simple commands, once per file.
//!
//! This file owns [`split`]: it takes the command line of a shell-form `RUN` (continuations
//! already joined by the parser) or the body of a `RUN` heredoc, and returns every simple command
//! in it. Each command has its words (quotes removed, escapes resolved, each with its byte range
//! in the input), its `VAR=value` prefix assignments, the operator that joins it to the command
//! before it, and its nesting depth. Commands inside subshells, groups, `if`, loops, `case`,
//! `$( … )`, backticks and `<( … )` are listed too, with `depth > 0`. The inner script of
//! `sh -c "…"` / `bash -c '…'` is split as well and its commands follow the `sh` command. Rules
//! read this list and never tokenize shell themselves (STYLE.md §7).
//!
//! What the words keep and drop: parameter expansions stay literal in the text (`$GOARCH`,
//! `${X:-y}`, `$(go env GOPATH)`) and set [`Word::has_expansion`]. Redirections (`> file`,
//! `2>&1`, `<<EOF`) are not words; here-document bodies inside the script are skipped. Comments
//! are skipped. Keywords (`if`, `then`, `do`, `done`, `{`, `}`, `!`, `time`, …) are not commands;
//! the words of a `for … in …` header and of `case` patterns are not commands either.
//!
//! # Why a hand-made tokenizer and not a shell parser crate
//!
//! Measured on the corpus (BuildKit's parse of 2,988 real Dockerfiles: 7,765 shell-form `RUN`
//! lines, after dropping those in stages whose `SHELL` is PowerShell or cmd, and 138 `RUN`
//! heredoc bodies), release build, this 2-core machine, best of 3 runs:
//!
//! | crate (version)         | RUN lines | heredocs | total, µs/line   | 100k nested `( ` | 10 MB flat    | word positions | extra crates | notes |
//! |-------------------------|-----------|----------|------------------|------------------|---------------|----------------|--------------|-------|
//! | brush-parser 0.4.0      | 7,715     | 138/138  | 145 ms, 18.7     | stack overflow   | 1.4 s         | char index     | 74           | active; MSRV 1.88 (ours 1.80); `insta`, `cached`, `bon`, `peg` at run time; word text raw |
//! | rable 0.2.2             | 7,715     | 138/138  | 88–114 ms, 11–15 | stack overflow   | stack overflow| char index     | 9            | active (2026 releases); MSRV 1.93 |
//! | conch-parser 0.1.1      | 7,707     | 137/138  | 255 ms, 32.8     | stack overflow   | 2.0 s         | bytes          | 2            | last release 2019; no `[[ ]]` |
//! | tree-sitter-bash 0.25.1 | 7,576     | 138/138  | 302 ms, 38.9     | ok, 50 ms        | 2.0 s         | bytes          | 9 + C build  | error recovery hides errors; a CST, words still to unquote |
//! | yash-syntax 0.21.0      | 7,571     | 137/138  | 714 ms, 92.2     | stack overflow   | 4.3 s         | char index     | 55           | GPL-3.0 (we are MIT); async API; 0.25 needs rustc 1.96 |
//! | **this file**           | 7,715     | 138/138  | 46 ms, 5.9       | ok, <1 ms        | 0.4 s         | bytes          | 0            | |
//!
//! The lower counts of tree-sitter and yash are mostly `RUN <<EOF` lines that the harness joined
//! with their bodies (137 and 138 of them; the terminator has no final newline). Beyond those,
//! tree-sitter rejects 2 real lines and yash 6 (`[[ ]]`, `<( )`).
//!
//! The 50 lines every crate rejects are PowerShell `RUN`s in Windows images with no `SHELL`
//! line. All four recursive-descent parsers abort the whole process (a stack overflow is not a
//! panic that `catch_unwind` can stop) on 100,000 nested parentheses, and rable does so on a
//! 10 MB flat script; a linter must survive any file. Only brush and rable fit the 20 µs/line
//! budget, and both need a newer compiler than our MSRV. None of them hands back the unquoted
//! word text with its byte range, which is what rules need, so we would still have walked their
//! AST and unquoted every word. What we need is a tokenizer with nesting, not an interpreter's
//! parser: this file is that, about 1,000 lines with no dependency. The harness that made this
//! table needs those crates, so it is not in the repository; the corpus test in `shell/tests.rs`
//! this file checks that every corpus script splits.
//!
//! # Limits, by design
//!
//! Linear time, memory linear in the input, never panics, no recursion on input structure:
//! nesting lives on an explicit stack (`Ctx`). Only the `sh -c` re-split recurses, at most
//! [`MAX_SH_LEVELS`] deep and within a byte budget of twice the input. At most [`MAX_ERRORS`]
//! errors are kept. Substitutions nested deeper than [`MAX_SUBST_DEPTH`] stay opaque text. Commands inside `${X:-$(cmd)}`, `$(( ))` and here-document bodies are not
//! listed. A `((` that is not arithmetic (`((cd a) && b)`) is read as two subshells. A trailing
//! `&` on the last command is not recorded (the connector says how a command joins the one
//! *before* it).

use std::ops::Range;

/// One word of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes removed and escapes resolved; expansions stay literal (`$HOME`).
    pub text: String,
    /// Byte range of the word as written, quotes included.
    pub range: Range<usize>,
    /// Some part of the word was quoted or escaped (`'…'`, `"…"`, `$'…'`, `\x`).
    pub quoted: bool,
    /// The word contains a parameter, command or arithmetic expansion outside single quotes.
    pub has_expansion: bool,
}

/// A `NAME=value` (or `NAME+=value`) prefix of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// The value, after the `=`; its range starts after the `=`.
    pub value: Word,
}

/// How a command joins the command before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Connector {
    /// First command of the script, of a `$( … )`, or of an `sh -c` script.
    Start,
    /// After `&&`.
    And,
    /// After `||`.
    Or,
    /// After `;`, `;;` or a newline.
    Seq,
    /// After `|` or `|&`.
    Pipe,
    /// After `&`: the command before runs in the background.
    Background,
}

/// One simple command: assignments, then words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    /// `VAR=value` prefixes.
    pub assignments: Vec<Assignment>,
    /// `words[0]` is the command name, if any.
    pub words: Vec<Word>,
    /// The whole simple command in the input (redirections included).
    pub range: Range<usize>,
    /// How it joins the previous command.
    pub connector: Connector,
    /// 0 at top level; >0 inside subshell, group, `if`, loop, `case`, `$( )` or `sh -c`.
    pub depth: u32,
}

impl SimpleCommand {
    /// The command name, `words[0]`.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| w.text.as_str())
    }

    /// The arguments, `words[1..]`.
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Whether a short option is given, alone (`-R`) or combined (`-Rf`). Options after `--`
    /// and long options (`--recursive`) are not looked at.
    pub fn has_flag(&self, short: char) -> bool {
        for arg in self.args() {
            let t = arg.text.as_str();
            if t == "--" {
                break;
            }
            if let Some(rest) = t.strip_prefix('-') {
                if !rest.starts_with('-') && rest.contains(short) {
                    return true;
                }
            }
        }
        false
    }
}

/// The commands of a script, in source order, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// Problems such as an unterminated quote; the commands are still split as well as possible.
    pub errors: Vec<(String, Range<usize>)>,
}

/// At most this many errors are kept per script.
pub const MAX_ERRORS: usize = 64;

/// `sh -c "sh -c '…'"` is re-split at most this many levels deep.
pub const MAX_SH_LEVELS: u32 = 3;

/// Substitutions nested deeper than this are kept as opaque text, not split. Each level copies
/// the text of the levels inside it into its word, so this bounds memory to a multiple of the
/// input.
pub const MAX_SUBST_DEPTH: usize = 16;

/// The text of a substitution longer than this is cut (with `…`) in the word that holds it.
const MAX_SUBST_TEXT: usize = 1 << 16;

/// Splits a shell script into its simple commands. Never panics; linear in the input.
pub fn split(script: &str) -> Script {
    let mut budget = script.len().saturating_mul(2).saturating_add(1 << 16);
    let mut out = Script::default();
    split_into(script, 0, &mut budget, &mut out, None);
    out
}

/// Where the commands of an inner `sh -c` script go: all their ranges become `range`, and
/// their depth is raised by `depth`.
struct Inner {
    range: Range<usize>,
    depth: u32,
    /// Drop commands found inside `$( )` of the inner script: the outer shell already expanded
    /// them, and they are in the list from the outer split.
    drop_substitutions: bool,
}

fn split_into(
    script: &str,
    level: u32,
    budget: &mut usize,
    out: &mut Script,
    inner: Option<&Inner>,
) {
    let raw = Lexer::new(script).run();
    for (message, range) in raw.errors {
        let range = inner.map_or(range, |x| x.range.clone());
        push_error(&mut out.errors, message, range);
    }
    for (mut cmd, in_subst) in raw.commands.into_iter().zip(raw.in_subst) {
        if let Some(x) = inner {
            if in_subst && x.drop_substitutions {
                continue;
            }
            relocate(&mut cmd, x);
        }
        let script_arg = if level < MAX_SH_LEVELS {
            sh_c_script(&cmd)
        } else {
            None
        };
        let Some(i) = script_arg else {
            out.commands.push(cmd);
            continue;
        };
        let w = &cmd.words[i];
        let arg_range = w.range.clone();
        if w.text.len() > *budget {
            push_error(
                &mut out.errors,
                "`sh -c` scripts nest too much to split them all".to_string(),
                arg_range,
            );
            out.commands.push(cmd);
            continue;
        }
        *budget -= w.text.len();
        // Commands that the split above found inside this argument were expanded by the outer
        // shell before `sh` ran.
        let has_nested = raw_inside(&arg_range, inner.is_some(), &out.commands);
        let text = w.text.clone();
        let depth = cmd.depth;
        out.commands.push(cmd);
        let x = Inner {
            range: arg_range,
            depth: depth.saturating_add(1),
            drop_substitutions: has_nested,
        };
        split_into(&text, level + 1, budget, out, Some(&x));
    }
}

/// Whether the outer split already listed a command inside `range` (only meaningful when the
/// ranges are real, i.e. at the first level).
fn raw_inside(range: &Range<usize>, relocated: bool, commands: &[SimpleCommand]) -> bool {
    if relocated {
        // Ranges were all replaced by the argument range; be conservative and keep everything.
        return false;
    }
    // A command is emitted when it ends, so the commands of a substitution inside the argument
    // come just before the `sh` command: look back over those.
    commands
        .iter()
        .rev()
        .take_while(|c| c.range.start >= range.start)
        .any(|c| c.range.end <= range.end)
}

fn relocate(cmd: &mut SimpleCommand, x: &Inner) {
    cmd.range = x.range.clone();
    cmd.depth = cmd.depth.saturating_add(x.depth);
    for w in &mut cmd.words {
        w.range = x.range.clone();
    }
    for a in &mut cmd.assignments {
        a.value.range = x.range.clone();
    }
}

/// If `cmd` is `sh -c SCRIPT …` (or bash, dash, ash, zsh, ksh, mksh, also with a path and
/// combined flags such as `-ec`), the index of the SCRIPT word.
fn sh_c_script(cmd: &SimpleCommand) -> Option<usize> {
    let name = cmd.name()?;
    let base = name.rsplit('/').next().unwrap_or(name);
    if !matches!(
        base,
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh"
    ) {
        return None;
    }
    let mut seen_c = false;
    let mut i = 1;
    while i < cmd.words.len() {
        let t = cmd.words[i].text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if let Some(flags) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            if flags.is_empty() || flags.starts_with('-') {
                // `-` alone or a long option such as `--norc`.
                i += 1;
                continue;
            }
            if flags.contains('c') {
                seen_c = true;
            }
            if flags.ends_with('o') || flags.ends_with('O') {
                i += 1; // `-o pipefail`: skip the option name
            }
            i += 1;
            continue;
        }
        break;
    }
    (seen_c && i < cmd.words.len()).then_some(i)
}

fn push_error(errors: &mut Vec<(String, Range<usize>)>, message: String, range: Range<usize>) {
    if errors.len() < MAX_ERRORS {
        errors.push((message, range));
    }
}

mod lexer;
use lexer::Lexer;

#[cfg(test)]
mod tests;
