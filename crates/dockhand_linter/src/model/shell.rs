//! The shell layer: every script a `RUN` runs, parsed once per file into an AST with spans.
//!
//! # API (for rules)
//!
//! - [`RunFact::scripts`](super::stage::RunFact::scripts): one [`ShellScript`] per script the
//!   RUN runs: the shell-form command line ([`ScriptSource::Line`]), each heredoc body run by a
//!   shell ([`ScriptSource::Heredoc`]), the script of an exec-form `["sh", "-c", "…"]`
//!   ([`ScriptSource::ExecForm`]). PowerShell and cmd scripts have none. Each has its
//!   [`Dialect`] (see `RunFact::dialect`, decided in `model/mod.rs`; a heredoc's `#!` line or
//!   `RUN bash <<EOF` overrides it), the tree, its here-documents and its parse errors.
//! - The tree ([`ast`]): [`ast::Script`] → [`ast::Item`] (an and-or list, `&`-terminated or
//!   not) → [`ast::AndOr`] (`&&`/`||`) → [`ast::Pipeline`] (`!`, `time`, `|`/`|&`) →
//!   [`ast::Command`] (kind + redirections) where [`ast::CommandKind`] is a simple command
//!   (assignments, words, the parsed `sh -c` script in [`ast::SimpleCommand::inline`]),
//!   subshell, brace group, `if`, `for`/`select`, `while`/`until`, `case`, function definition,
//!   `[[ ]]`, `(( ))`, or an error node. Words have [`ast::WordPart`]s: literal, single-quoted,
//!   `$'…'`, double-quoted (with inner parts), escaped char, parameter expansion
//!   ([`ast::ParamExp`]: name, braced, `#`/`!` prefix, operator, argument word), command
//!   substitution (`$( )` or backticks, with its nested script), arithmetic, process
//!   substitution, glob, brace expansion, tilde; each part knows whether it is quoted.
//!   [`ast::Word::text`] is the unquoted text with expansions as written.
//! - Every node's `span` is a span of the Dockerfile (through continuations, the escape
//!   character and heredoc bodies). Inside an `sh -c` argument the spans are exact when the
//!   argument is one quoted piece without escapes ([`ast::InlineScript::exact_spans`]),
//!   otherwise they are the argument's span.
//! - Walking: [`ShellScript::simple_commands`] lists every simple command (nested in compound
//!   commands, substitutions and `sh -c` scripts too) with a [`Cx`] (dialect, depth, inside a
//!   substitution, inside `sh -c`); [`ShellScript::walk`] calls a [`Visitor`] on every script,
//!   pipeline, command, word, redirection and assignment, in source order.
//! - The SC rules read [`Model::run_script`](super::Model::run_script)
//!   (`model/run_scripts.rs`): a RUN's script as ShellCheck sees it, with this tree, the script
//!   text of any span, [`Reach::OUTER`] walks (an `sh -c` argument stays a word), and the
//!   Dockerfile variables in scope ([`Model::dockerfile_vars`](super::Model::dockerfile_vars)).
//! - [`RunFact::commands`](super::stage::RunFact::commands) is the flat list built from the
//!   same trees ([`ShellScript::flat`]): a command after those in its words, `sh -c` commands
//!   after their `sh`. Rules never tokenize shell themselves (STYLE.md §7).
//!
//! # Why this parser
//!
//! Measured on the corpus (BuildKit's parse of 2,988 real Dockerfiles: 7,765 shell-form `RUN`
//! lines, after dropping those in stages whose `SHELL` is PowerShell or cmd, and 138 `RUN`
//! heredoc bodies), release build, this 2-core machine, best of 3 runs (the crates were
//! measured against the tokenizer this parser replaced; the last row is this parser):
//!
//! | crate (version)         | RUN lines | heredocs | total, µs/line   | 100k nested `( ` | 10 MB flat    | word positions | extra crates | notes |
//! |-------------------------|-----------|----------|------------------|------------------|---------------|----------------|--------------|-------|
//! | brush-parser 0.4.0      | 7,715     | 138/138  | 145 ms, 18.7     | stack overflow   | 1.4 s         | char index     | 74           | active; MSRV 1.88; `insta`, `cached`, `bon`, `peg` at run time; word text raw |
//! | rable 0.2.2             | 7,715     | 138/138  | 88–114 ms, 11–15 | stack overflow   | stack overflow| char index     | 9            | active (2026 releases); MSRV 1.93 |
//! | conch-parser 0.1.1      | 7,707     | 137/138  | 255 ms, 32.8     | stack overflow   | 2.0 s         | bytes          | 2            | last release 2019; no `[[ ]]` |
//! | tree-sitter-bash 0.25.1 | 7,576     | 138/138  | 302 ms, 38.9     | ok, 50 ms        | 2.0 s         | bytes          | 9 + C build  | error recovery hides errors; a CST, words still to unquote |
//! | yash-syntax 0.21.0      | 7,571     | 137/138  | 714 ms, 92.2     | stack overflow   | 4.3 s         | char index     | 55           | GPL-3.0 (we are MIT); async API; 0.25 needs rustc 1.96 |
//! | old tokenizer (no AST)  | 7,715     | 138/138  | 46 ms, 5.9       | ok, <1 ms        | 0.4 s         | bytes          | 0            | flat commands only |
//! | **this parser** (AST)   | 7,715     | 138/138  | see README (whole-corpus lint) | ok: one error, no overflow (1 MiB stack, debug) | ok, linear  | bytes, mapped to the Dockerfile | 0 | keeps the tree; about 2× the old tokenizer's memory |
//!
//! On the corpus test (`corpus_runs_split`: 8,180 scripts, RUN lines and heredoc bodies, PowerShell
//! stages included) this parser reports errors in 182, 132 of them under a PowerShell/cmd
//! `SHELL` and the other 50 the PowerShell lines of Windows images without one; it lists the
//! same commands as the tokenizer did (the corpus lint output is unchanged).
//!
//! The lower counts of tree-sitter and yash are mostly `RUN <<EOF` lines that the harness joined
//! with their bodies (137 and 138 of them; the terminator has no final newline). Beyond those,
//! tree-sitter rejects 2 real lines and yash 6 (`[[ ]]`, `<( )`). The 50 lines every crate
//! rejects are PowerShell `RUN`s in Windows images with no `SHELL` line.
//!
//! All four recursive-descent crates abort the whole process (a stack overflow is not a panic
//! that `catch_unwind` can stop) on 100,000 nested parentheses, and rable does so on a 10 MB
//! flat script; a linter must survive any file. None hands back unquoted word text with byte
//! ranges, which is what rules need, and none maps spans through Dockerfile continuations. So
//! this is our own recursive-descent parser (`shell/parser.rs`), scannerless, with a depth
//! guard: every recursive entry (nested script, word, double-quoted string) counts against
//! [`MAX_DEPTH`]; past it the parser records one error and gives up the rest of that input, so
//! the stack is bounded whatever the input (tested with 100,000 nested `(`, `$(`, `{`,
//! backticks and `"$(` chains, and by the `shell` fuzz target). No dependency. The corpus test
//! in `shell/tests.rs` checks that every corpus script parses.
//!
//! # Limits, by design
//!
//! Linear time and memory (look-aheads for `((`, `[…]` and `{a,b}` remember how far they
//! looked, or are bounded); never panics. The `sh -c` re-parse goes at most [`MAX_SH_LEVELS`]
//! deep within a byte budget of twice the input. At most [`MAX_ERRORS`] errors are kept. Error
//! recovery: an unterminated quote or construct is reported with its span and closed at the
//! end of its input; a stray closer (`fi`, `)`, `}`, `done`…) is reported and skipped; the
//! commands around it are kept. Backticks do not nest (`` \` `` inside backticks is not
//! re-parsed). A `((` that is not arithmetic (`((cd a) && b)`) is read as two subshells.
//! Here-document bodies inside a script are kept as text ([`ast::HereDoc`]), not parsed.

use crate::span::Span;
pub use ast::Dialect;
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

/// A parsed script: one shell-form `RUN` line, one `RUN` heredoc body, or the script of an
/// exec-form `["sh", "-c", "…"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellScript {
    /// The shell that runs it; never PowerShell or cmd (those are not parsed).
    pub dialect: Dialect,
    pub script: ast::Script,
    /// Here-documents inside the script (`cat <<EOF`), by [`ast::RedirTarget::HereDoc`].
    pub heredocs: Vec<ast::HereDoc>,
    pub errors: Vec<ast::ParseError>,
    pub source: ScriptSource,
}

/// Where a [`ShellScript`] comes from in its `RUN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptSource {
    /// The command line of a shell-form `RUN` (continuations joined).
    Line,
    /// The body of the `RUN`'s heredoc number `n`.
    Heredoc(usize),
    /// The script argument of an exec-form `["sh", "-c", "…"]` (spans: the argument).
    ExecForm,
}

impl ShellScript {
    pub fn cx(&self) -> Cx {
        Cx {
            dialect: self.dialect,
            depth: 0,
            in_substitution: false,
            inline: false,
            reach: walk::Reach::ALL,
            in_condition: false,
            place: walk::Place::default(),
        }
    }

    /// Every simple command, nested and `sh -c` ones included, in source order.
    pub fn simple_commands(&self) -> Vec<CommandRef<'_>> {
        walk::simple_commands(&self.script, &self.cx())
    }

    /// Visits every node.
    pub fn walk<'a>(&'a self, v: &mut dyn Visitor<'a>) {
        walk::walk(&self.script, &self.cx(), v);
    }

    /// The flat command list, spans as in the tree.
    pub fn flat(&self) -> Vec<SimpleCommand> {
        let mut out = Vec::new();
        self.each_flat(|c| out.push(c.to_flat()));
        out
    }

    /// The commands of [`ShellScript::flat`], borrowed, one at a time.
    pub fn each_flat<'a>(&'a self, mut f: impl FnMut(FlatRef<'a>)) {
        let mut flatten = walk::Flatten::new(&mut f);
        flatten.script(&self.script, 0, false);
    }
}

/// Parses `text` run by `dialect`; `map` turns byte offsets of `text` into spans of the
/// Dockerfile. Never panics; linear in the input.
pub fn parse(
    text: &str,
    map: &dyn Fn(usize, usize) -> Span,
    dialect: Dialect,
    source: ScriptSource,
) -> ShellScript {
    let mut budget = text.len().saturating_mul(2).saturating_add(1 << 16);
    let out = parser::Parser::new(text, map, 0, &mut budget, dialect).run();
    ShellScript {
        dialect,
        script: out.script,
        heredocs: out.heredocs,
        errors: out.errors,
        source,
    }
}

/// Parses `text` with spans that are byte offsets into it.
pub fn parse_text(text: &str, dialect: Dialect) -> ShellScript {
    parse(text, &|s, e| Span::new(s, e), dialect, ScriptSource::Line)
}

/// Splits a shell script into its simple commands (from the AST). Never panics; linear in
/// the input. Tests only: the model parses each script once (`RunFact::scripts`,
/// `Model::command_line`) and rules read that.
#[cfg(test)]
pub fn split(script: &str) -> Script {
    let parsed = parse_text(script, Dialect::Sh);
    Script {
        commands: parsed.flat(),
        errors: parsed
            .errors
            .into_iter()
            .map(|e| (e.message, e.span.start..e.span.end))
            .collect(),
    }
}
pub mod ast;
mod parser;
mod walk;
pub use parser::MAX_DEPTH;
pub use walk::{simple_commands, walk, CommandRef, Cx, FlatKind, FlatRef, Place, Reach, Visitor};

#[cfg(test)]
mod tests;
