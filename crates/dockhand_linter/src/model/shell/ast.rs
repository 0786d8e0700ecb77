//! The shell AST: what [`super::parse`] builds. Every node carries a [`Span`] into the
//! Dockerfile (or into the script text, for [`super::parse_script`] without a map).

use crate::span::Span;

/// The shell that runs a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// A POSIX `sh` we know nothing more about (unknown base image).
    #[default]
    Sh,
    /// Debian's and Ubuntu's `/bin/sh`.
    Dash,
    /// BusyBox `ash`, Alpine's `/bin/sh`.
    Ash,
    Bash,
    Ksh,
    Zsh,
    /// PowerShell (`pwsh`, `powershell`): never read as sh.
    PowerShell,
    /// Windows `cmd`: never read as sh.
    Cmd,
}

impl Dialect {
    /// The dialect of a shell program named by a path or name (`/bin/bash`, `ash`, `pwsh.exe`).
    pub fn from_program(program: &str) -> Option<Dialect> {
        let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
        let base = base.to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        Some(match base {
            "sh" | "posix" => Dialect::Sh,
            "dash" => Dialect::Dash,
            "ash" | "busybox" => Dialect::Ash,
            "bash" => Dialect::Bash,
            "ksh" | "mksh" | "ksh93" | "pdksh" => Dialect::Ksh,
            "zsh" => Dialect::Zsh,
            "pwsh" | "powershell" => Dialect::PowerShell,
            "cmd" => Dialect::Cmd,
            _ => return None,
        })
    }

    /// Whether the script is a POSIX-family shell script that we parse and lint.
    pub fn is_sh(self) -> bool {
        !matches!(self, Dialect::PowerShell | Dialect::Cmd)
    }

    /// Whether `set -o pipefail` exists in this shell: bash, ksh, zsh and BusyBox ash have it;
    /// dash only from Debian's 0.5.12-7 (Debian 13 trixie, Ubuntu 25.04), so `None` (it
    /// depends on the release); PowerShell and cmd have no such option.
    pub fn has_pipefail(self) -> Option<bool> {
        match self {
            Dialect::Dash | Dialect::Sh => None,
            Dialect::PowerShell | Dialect::Cmd => Some(false),
            _ => Some(true),
        }
    }

    /// The name ShellCheck and hadolint use (`sh`, `dash`, `ash`→`busybox`… `bash`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Dash => "dash",
            Dialect::Ash => "ash",
            Dialect::Bash => "bash",
            Dialect::Ksh => "ksh",
            Dialect::Zsh => "zsh",
            Dialect::PowerShell => "powershell",
            Dialect::Cmd => "cmd",
        }
    }

    /// Bash-like dialects: `[[ ]]`, arrays, `$'…'`, `<( )`, `{a,b}` all work.
    pub fn is_bash_like(self) -> bool {
        matches!(self, Dialect::Bash | Dialect::Ksh | Dialect::Zsh)
    }
}

/// A parse problem; the commands around it are still in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

/// A sequence of commands: the whole script, or the inside of `( )`, `{ }`, `$( )`, a loop
/// body, a `then` branch…
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub items: Vec<Item>,
    pub span: Span,
}

/// One and-or list with the operator that ends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub and_or: AndOr,
    /// Ended by `&`: runs in the background.
    pub background: bool,
    pub span: Span,
}

/// `a && b || c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(AndOrOp, Pipeline)>,
    pub span: Span,
}

impl AndOr {
    /// Every pipeline, in order.
    pub fn pipelines(&self) -> impl Iterator<Item = &Pipeline> {
        std::iter::once(&self.first).chain(self.rest.iter().map(|(_, p)| p))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrOp {
    And,
    Or,
}

/// `[!] cmd [| cmd]…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    /// Negated with `!`; its span.
    pub bang: Option<Span>,
    /// Prefixed with `time`.
    pub time: bool,
    pub commands: Vec<Command>,
    /// `pipes[i]` joins `commands[i]` and `commands[i + 1]`.
    pub pipes: Vec<Pipe>,
    pub span: Span,
}

impl Pipeline {
    /// More than one command joined by `|` or `|&`.
    pub fn is_pipe(&self) -> bool {
        self.commands.len() > 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pipe {
    /// `|&` (stderr too) rather than `|`.
    pub stderr: bool,
    pub span: Span,
}

/// A command with its redirections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub kind: CommandKind,
    /// Redirections after a compound command (those of a simple command are there too).
    pub redirects: Vec<Redirect>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandKind {
    Simple(SimpleCommand),
    /// `( … )`
    Subshell(Script),
    /// `{ …; }`
    Brace(Script),
    If(Box<IfCommand>),
    For(Box<ForCommand>),
    /// `while`/`until`.
    While(Box<WhileCommand>),
    Case(Box<CaseCommand>),
    Function(FunctionDef),
    /// `[[ … ]]`: its words, operators (`&&`, `(`, `<`…) included, without the brackets.
    Cond(Vec<Word>),
    /// `(( … ))`: the expression as written.
    Arith(String),
    /// A construct that could not be read; its text is skipped.
    Error(String),
}

/// Assignments, words and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub assignments: Vec<Assignment>,
    /// `words[0]` is the command name.
    pub words: Vec<Word>,
    /// The script of `sh -c '…'` / `bash -c "…"`, parsed in that shell's dialect.
    pub inline: Option<Box<InlineScript>>,
}

impl SimpleCommand {
    /// The command name's unquoted text.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| w.text.as_str())
    }
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }
}

/// The script argument of `sh -c`, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineScript {
    pub dialect: Dialect,
    pub script: Script,
    pub heredocs: Vec<HereDoc>,
    pub errors: Vec<ParseError>,
    /// Index of the script word in [`SimpleCommand::words`].
    pub word: usize,
    /// The inner spans are exact (the argument is one quoted or plain piece); otherwise every
    /// inner span is the argument's span.
    pub exact_spans: bool,
}

/// `NAME=value`, `NAME+=value`, `NAME=(a b)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_span: Span,
    pub append: bool,
    /// The value (empty word for `NAME=`); for an array, the `( … )` as one literal.
    pub value: Word,
    /// `NAME=( … )`: the elements.
    pub array: Option<Vec<Word>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// `2>`, `{fd}>`: the descriptor as written.
    pub fd: Option<String>,
    pub op: RedirOp,
    pub target: RedirTarget,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>`
    OutErr,
    /// `&>>`
    AppendOutErr,
    /// `<<`
    HereDoc,
    /// `<<-`
    HereDocStrip,
    /// `<<<`
    HereString,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirTarget {
    Word(Word),
    /// Index into the script's [`HereDoc`] list.
    HereDoc(usize),
    /// No target (end of input).
    Missing,
}

/// A here-document inside a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    pub delimiter: String,
    /// The delimiter was quoted: the body is not expanded.
    pub quoted: bool,
    pub strip_tabs: bool,
    /// The body, without the terminator line.
    pub body: String,
    pub body_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfCommand {
    /// `if`/`elif` conditions and their `then` bodies.
    pub branches: Vec<(Script, Script)>,
    pub else_body: Option<Script>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForCommand {
    /// `select` rather than `for`.
    pub select: bool,
    pub var: String,
    pub var_span: Span,
    /// `in …` words; `None` when there is no `in` (loops over `"$@"`).
    pub words: Option<Vec<Word>>,
    /// `for (( … ))`: the header as written.
    pub arith: Option<String>,
    pub body: Script,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhileCommand {
    pub until: bool,
    pub cond: Script,
    pub body: Script,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseCommand {
    pub word: Word,
    pub arms: Vec<CaseArm>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: Script,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: String,
    pub name_span: Span,
    /// Written with the `function` keyword.
    pub keyword: bool,
    pub body: Box<Command>,
}

/// A word: its parts, and its text with quotes removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<WordPart>,
    /// Quotes removed and escapes resolved; expansions stay as written (`$HOME`, `$(cmd)`,
    /// cut after 4 KiB of substitution text).
    pub text: String,
    pub span: Span,
}

impl Word {
    /// Some part is quoted or escaped.
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(|p| {
            p.quoted
                || matches!(
                    p.kind,
                    PartKind::SingleQuoted(_) | PartKind::AnsiC(_) | PartKind::Escaped(_)
                )
        })
    }

    /// Some part (also inside double quotes) is a parameter, command or arithmetic expansion.
    pub fn has_expansion(&self) -> bool {
        self.parts.iter().any(WordPart::is_expansion)
    }

    /// The text when the word has no expansion.
    pub fn literal(&self) -> Option<&str> {
        (!self.has_expansion()).then_some(self.text.as_str())
    }

    /// Calls `f` on every part, those inside double quotes too (after the `"…"` part);
    /// substitutions and `${…}` arguments are not entered.
    pub fn each_part<'a>(&'a self, f: &mut dyn FnMut(&'a WordPart)) {
        fn go<'a>(parts: &'a [WordPart], f: &mut dyn FnMut(&'a WordPart)) {
            for p in parts {
                f(p);
                if let PartKind::DoubleQuoted(inner) = &p.kind {
                    go(inner, f);
                }
            }
        }
        go(&self.parts, f);
    }

    /// One expansion and nothing else (`$x`, `$(cmd)`, `"$x"`).
    pub fn is_single_expansion(&self) -> bool {
        let one = |ps: &[WordPart]| matches!(ps, [p] if matches!(p.kind, PartKind::Param(_) | PartKind::CommandSubst { .. }));
        match self.parts.as_slice() {
            [p] => match &p.kind {
                PartKind::DoubleQuoted(inner) => one(inner),
                _ => one(&self.parts),
            },
            _ => false,
        }
    }

    /// Starts with `NAME=` or `NAME+=` (an argument of `export` and its kin).
    pub fn assignment_like(&self) -> bool {
        let Some(PartKind::Literal(t)) = self.parts.first().map(|p| &p.kind) else {
            return false;
        };
        let Some(eq) = t.find('=') else { return false };
        let name = t[..eq].strip_suffix('+').unwrap_or(&t[..eq]);
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    /// Unquoted, no expansion, no escape: a plain token (`do`, `in`, `]]`).
    pub fn is_plain(&self) -> bool {
        self.parts
            .iter()
            .all(|p| matches!(p.kind, PartKind::Literal(_)) && !p.quoted)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordPart {
    pub kind: PartKind,
    /// Inside double quotes (or itself a quote): not split, not globbed.
    pub quoted: bool,
    pub span: Span,
}

impl WordPart {
    pub fn is_expansion(&self) -> bool {
        match &self.kind {
            PartKind::Param(_)
            | PartKind::CommandSubst { .. }
            | PartKind::Arith(_)
            | PartKind::ProcessSubst { .. } => true,
            PartKind::DoubleQuoted(inner) => inner.iter().any(WordPart::is_expansion),
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// Plain text (also the text between expansions inside double quotes).
    Literal(String),
    /// `'…'`: the content.
    SingleQuoted(String),
    /// `$'…'`: the content, C escapes resolved.
    AnsiC(String),
    /// `"…"` (or `$"…"`): its parts, all `quoted`.
    DoubleQuoted(Vec<WordPart>),
    /// `\x` outside quotes, `\$` `\"` `` \` `` `\\` inside: the character.
    Escaped(char),
    Param(Box<ParamExp>),
    /// `$( … )` or `` ` … ` ``.
    CommandSubst {
        script: Box<Script>,
        backtick: bool,
    },
    /// `$(( … ))`: the expression as written.
    Arith(String),
    /// `<( … )` / `>( … )`.
    ProcessSubst {
        script: Box<Script>,
        input: bool,
    },
    /// `*`, `?`, `[…]` unquoted.
    Glob(String),
    /// `{a,b}` or `{1..5}` unquoted, as written.
    Brace(String),
    /// `~` or `~user` at the start of a word (or after `=`/`:` in an assignment).
    Tilde(String),
}

/// `$x`, `${x}`, `${x:-y}`, `${#x}`, `$1`, `$@`…
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamExp {
    /// The name, digits, or special parameter (`@`, `*`, `#`, `?`, `-`, `$`, `!`, `0`).
    pub name: String,
    pub braced: bool,
    /// `${#x}`
    pub length: bool,
    /// `${!x}`
    pub indirect: bool,
    /// `${x[…]}`: the subscript as written.
    pub index: Option<String>,
    /// `:-`, `-`, `:=`, `=`, `:?`, `?`, `:+`, `+`, `#`, `##`, `%`, `%%`, `/`, `//`, `/#`, `/%`,
    /// `^`, `^^`, `,`, `,,`, `:` (substring), `@` (transform).
    pub op: Option<String>,
    /// The word after the operator (for `/`, pattern and replacement together).
    pub arg: Option<Word>,
}

impl ParamExp {
    /// `$@`, `$*`, `$#`, `$?`, `$-`, `$$`, `$!`, or a positional parameter.
    pub fn is_special(&self) -> bool {
        self.name
            .bytes()
            .next()
            .is_some_and(|c| !(c.is_ascii_alphabetic() || c == b'_'))
    }
}
