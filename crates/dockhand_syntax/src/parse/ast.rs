//! The syntax tree the parser produces: what a Dockerfile *says*, with a byte span on every
//! token. Meaning (stages, ARG resolution, users) is the model's job, not this file's.

pub use super::lines::SpanMap;
use crate::span::{Span, Spanned};

/// A parsed Dockerfile. Always produced, even for broken input: errors are collected beside it.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// Parser directives at the top (`# syntax=`, `# escape=`, `# check=`).
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` or a backtick).
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Whole-line comments outside instructions and inside continuations, in source order.
    pub comments: Vec<Comment>,
    /// Malformed input, each at its span. Parsing resumes after each one.
    pub errors: Vec<ParseError>,
    /// Places BuildKit would accept but warns about (empty continuation lines).
    pub warnings: Vec<ParseError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape`, `check`.
    pub name: String,
    pub value: Spanned<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Text after `#`, trimmed.
    pub text: String,
    /// The whole comment line, from `#` to the end of the line.
    pub span: Span,
    /// 1-based line.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// Which instruction a node is. `Unknown` keeps the keyword as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Kind {
    pub fn from_keyword(lower: &str) -> Kind {
        match lower {
            "add" => Kind::Add,
            "arg" => Kind::Arg,
            "cmd" => Kind::Cmd,
            "copy" => Kind::Copy,
            "entrypoint" => Kind::Entrypoint,
            "env" => Kind::Env,
            "expose" => Kind::Expose,
            "from" => Kind::From,
            "healthcheck" => Kind::Healthcheck,
            "label" => Kind::Label,
            "maintainer" => Kind::Maintainer,
            "onbuild" => Kind::Onbuild,
            "run" => Kind::Run,
            "shell" => Kind::Shell,
            "stopsignal" => Kind::Stopsignal,
            "user" => Kind::User,
            "volume" => Kind::Volume,
            "workdir" => Kind::Workdir,
            _ => Kind::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Arg => "ARG",
            Kind::Cmd => "CMD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Env => "ENV",
            Kind::Expose => "EXPOSE",
            Kind::From => "FROM",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Onbuild => "ONBUILD",
            Kind::Run => "RUN",
            Kind::Shell => "SHELL",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::User => "USER",
            Kind::Volume => "VOLUME",
            Kind::Workdir => "WORKDIR",
            Kind::Unknown => "UNKNOWN",
        }
    }
}

/// How the arguments were written, which decides how `args` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgForm {
    /// No arguments at all.
    Empty,
    /// One raw string: shell form of RUN/CMD/ENTRYPOINT/SHELL, USER, WORKDIR, ...
    Shell,
    /// A JSON array of strings (exec form); `args` holds the decoded strings.
    Json,
    /// Whitespace-separated words, quotes kept as written (FROM, COPY, EXPOSE, ARG, ...).
    Words,
    /// `key value` / `key=value` pairs (ENV, LABEL): `args` alternates key, value.
    Pairs,
}

/// One argument word, raw as BuildKit's parser keeps it (quotes and escapes stay; the model
/// unquotes), with the span of the text it came from.
pub type Word = Spanned<String>;

/// A `--name=value` flag before the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The flag as BuildKit reports it, quotes removed: `--mount=type=cache,target=/x`.
    pub raw: String,
    /// Name without dashes: `mount`.
    pub name: Spanned<String>,
    /// Value after `=`, unquoted; `None` for a bare `--link`.
    pub value: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, without quotes: `EOF`.
    pub name: String,
    /// The body as written, each line with its line ending, without the terminator line.
    pub content: String,
    /// `<<-EOF`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// `false` when the delimiter was quoted (`<<'EOF'`): no variable expansion in the body.
    pub expand: bool,
    /// File descriptor before `<<`, when given (`3<<EOF`).
    pub fd: Option<u32>,
    /// The `<<EOF` marker on the instruction line.
    pub marker: Span,
    /// The body lines.
    pub body: Span,
    /// The terminator line (empty span at the end of the file when it never came).
    pub terminator: Span,
}

/// One instruction with everything BuildKit's parser records for it, plus spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: Kind,
    /// Lower-cased keyword as BuildKit names it (`run`, or the unknown word itself).
    pub cmd: String,
    /// The keyword as written.
    pub keyword: Span,
    pub flags: Vec<Flag>,
    pub form: ArgForm,
    /// BuildKit's `value` list (see `ArgForm`).
    pub args: Vec<Word>,
    /// Everything after the flags, as one raw string (continuations joined).
    pub rest: Word,
    /// Maps byte offsets in `rest.value` back to the source (continuations were removed), so
    /// the model can give spans to the words of a RUN command.
    pub rest_map: SpanMap,
    pub heredocs: Vec<Heredoc>,
    /// From the keyword to the end of the last line, heredoc bodies included.
    pub span: Span,
    /// 1-based, inclusive, heredoc bodies included (as BuildKit counts).
    pub start_line: usize,
    pub end_line: usize,
    /// The instruction an `ONBUILD` wraps.
    pub sub: Option<Box<Instruction>>,
}

impl Instruction {
    /// Source span of `start..end`, byte offsets into `rest.value`.
    pub fn rest_span(&self, start: usize, end: usize) -> Span {
        self.rest_map.span(start, end, self.rest.value.len())
    }

    /// [`Instruction::rest_span`] for many lookups in nearly ascending order (a parser's):
    /// `hint` starts at 0 and is kept between calls.
    pub fn rest_span_hinted(
        &self,
        start: usize,
        end: usize,
        hint: &std::cell::Cell<usize>,
    ) -> Span {
        self.rest_map
            .span_hinted(start, end, self.rest.value.len(), hint)
    }

    /// The text of `rest.value` that the source span `span` covers (the inverse of
    /// [`Instruction::rest_span`]): continuations joined, as a shell reads it.
    pub fn rest_text(&self, span: Span) -> &str {
        let r = self.rest_map.text_range(span, self.rest.value.len());
        self.rest.value.get(r).unwrap_or("")
    }

    pub fn is_json(&self) -> bool {
        self.form == ArgForm::Json
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name.value == name)
    }

    pub fn flag_value(&self, name: &str) -> Option<&Spanned<String>> {
        self.flag(name).and_then(|f| f.value.as_ref())
    }
}
