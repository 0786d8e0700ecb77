//! Typed facts about stages: what each stage is built from, who it runs as, what it copies and
//! runs. Built once by `Model::build`; rules only read them.

use super::images::ImageFacts;
use super::scope::Scope;
use crate::parse::Kind;
use crate::span::{Span, Spanned};
use std::collections::HashMap;
use std::sync::Arc;

/// An index into `Model::stages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StageId(pub usize);

/// A registry image named by a FROM, after ARG substitution.
#[derive(Debug, Clone)]
pub struct Image {
    /// The reference as resolved (`golang:1.22-alpine`).
    pub text: String,
    pub registry: Option<String>,
    /// Repository without registry and without `library/` (`golang`, `distroless/static`).
    pub name: String,
    pub tag: Option<Spanned<String>>,
    pub digest: Option<Spanned<String>>,
    /// The repository part (registry and path).
    pub name_span: Span,
    /// The whole image word in the FROM.
    pub span: Span,
    /// Whether ARG values were substituted to get here (then the part spans cover the whole
    /// word, since the text no longer matches the source).
    pub from_args: bool,
}

/// What a stage is built from.
#[derive(Debug, Clone)]
pub enum BaseImage {
    Registry(Image),
    /// `FROM <an earlier stage>`.
    Stage(StageId),
    Scratch,
    /// `FROM ${BASE}` with no value we can see, or not a valid reference.
    Unresolved(Spanned<String>),
}

/// A user, with `root`, `0`, `root:root`, `0:0` all resolved to `Root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum User {
    Root,
    Name(String),
    Uid(u32),
    /// Built from a variable we cannot resolve.
    Unresolved(String),
}

impl User {
    /// Parses the user part of a USER value (`name`, `uid`, `name:group`).
    pub fn parse(value: &str) -> User {
        let user = value.split(':').next().unwrap_or("").trim();
        if user == "root" {
            return User::Root;
        }
        match user.parse::<u32>() {
            Ok(0) => User::Root,
            Ok(n) => User::Uid(n),
            Err(_) => User::Name(user.to_string()),
        }
    }

    pub fn is_root(&self) -> bool {
        *self == User::Root
    }
}

impl std::fmt::Display for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            User::Root => f.write_str("root"),
            User::Name(n) | User::Unresolved(n) => f.write_str(n),
            User::Uid(u) => write!(f, "{u}"),
        }
    }
}

/// A USER instruction as it takes effect.
#[derive(Debug, Clone)]
pub struct UserSetting {
    pub user: User,
    /// The group after `:`, if any.
    pub group: Option<String>,
    /// The value as written (after substitution).
    pub text: String,
    pub span: Span,
    /// The stage whose USER instruction this is (may be an ancestor).
    pub stage: StageId,
    pub instruction: usize,
}

/// A variable set by ENV or ARG, as in effect at some point.
#[derive(Debug, Clone)]
pub struct Var {
    pub name: Arc<str>,
    /// The value with quotes removed and variables substituted. Shared: a scope that inherits
    /// or looks it up copies a reference, not the text.
    pub value: Arc<str>,
    /// The span of the value (or of the name, for `ARG NAME` with no default).
    pub span: Span,
    pub stage: Option<StageId>,
    pub instruction: usize,
    /// ARG without a default (its value is empty unless a build arg sets it).
    pub no_default: bool,
}

/// Where a `COPY --from` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopySource {
    /// The build context.
    Context,
    Stage(StageId),
    /// An image pulled by name (`--from=nginx:latest`).
    Image(String),
    /// A name that is no earlier stage and does not look like an image.
    Unknown(String),
    /// The stage itself (an error in Docker).
    OwnStage,
}

/// A COPY or ADD.
#[derive(Debug, Clone)]
pub struct CopyFact {
    pub instruction: usize,
    pub kind: Kind,
    pub source: CopySource,
    /// The `--from` value and its span.
    pub from: Option<Spanned<String>>,
    /// Source paths as written (unquoted), excluding the destination.
    pub sources: Vec<Spanned<String>>,
    pub dest: Option<Spanned<String>>,
    pub chmod: Option<Spanned<String>>,
    pub chown: Option<Spanned<String>>,
    /// `ADD --checksum=<digest>`.
    pub checksum: Option<Spanned<String>>,
    /// Content comes from a heredoc, not from files.
    pub heredoc: bool,
    pub span: Span,
    pub keyword: Span,
}

impl CopyFact {
    /// Whether this copies the whole build context (`.`, `./`, `*`, `./*`, ...).
    pub fn copies_whole_context(&self) -> bool {
        self.source == CopySource::Context
            && self.sources.iter().any(|s| {
                matches!(
                    s.value.trim_end_matches('/'),
                    "." | "" | "*" | "./*" | "./." | ".*"
                ) || s.value == "/"
            })
    }
}

/// A `--mount` on a RUN.
#[derive(Debug, Clone, Default)]
pub struct Mount {
    /// `bind`, `cache`, `secret`, `ssh`, `tmpfs` (default `bind`).
    pub kind: String,
    pub target: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub span: Span,
}

/// One simple command of a RUN, words unquoted, with source spans.
#[derive(Debug, Clone)]
pub struct Command {
    pub words: Vec<Spanned<String>>,
    /// `VAR=value` prefixes.
    pub assignments: Vec<(String, Spanned<String>)>,
    pub span: Span,
    /// Joined to the command before it by a pipe (`|`): its standard input is that
    /// command's output.
    pub piped: bool,
}

impl Command {
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| {
            let n = w.value.as_str();
            super::paths::file_name(n)
        })
    }

    pub fn args(&self) -> &[Spanned<String>] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Words after the command name that are not options.
    pub fn operands(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.args().iter().filter(|w| !w.value.starts_with('-'))
    }

    /// `-R`, or a combined short option containing `R` (`-Rf`), or a long `--recursive`.
    pub fn has_short(&self, c: char) -> bool {
        self.args().iter().any(|w| {
            let v = &w.value;
            v.starts_with('-') && !v.starts_with("--") && v[1..].contains(c)
        })
    }

    pub fn has_arg(&self, a: &str) -> bool {
        self.args().iter().any(|w| w.value == a)
    }

    /// The `n`-th word equals `s` (0 is the command name).
    pub fn word_is(&self, n: usize, s: &str) -> bool {
        self.words.get(n).is_some_and(|w| w.value == s)
    }

    /// The first non-option argument (the subcommand of `go build`, `npm ci`, ...).
    pub fn subcommand(&self) -> Option<&Spanned<String>> {
        self.operands().next()
    }
}

/// A package installed or removed by a package manager in a RUN.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub span: Span,
}

/// A RUN instruction, split once.
#[derive(Debug, Clone)]
pub struct RunFact {
    pub instruction: usize,
    /// Every simple command (nested ones and `sh -c` scripts included), flat, from `scripts`.
    pub commands: Vec<Command>,
    /// The shell AST of each script this RUN runs: the command line (shell form), each heredoc
    /// body run by a shell, or the script of an exec-form `["sh", "-c", "…"]`. Empty for
    /// PowerShell and cmd.
    pub scripts: Vec<super::shell::ShellScript>,
    /// The shell that runs the RUN (the stage's SHELL, the image's `/bin/sh`, or a pragma).
    pub dialect: super::shell::Dialect,
    /// The stage's SHELL sets `-o pipefail`.
    pub shell_pipefail: bool,
    pub mounts: Vec<Mount>,
    /// Exec form (`RUN ["a", "b"]`): one command, no shell.
    pub exec_form: bool,
    pub installs: Vec<Package>,
    pub removes: Vec<Package>,
    /// Package-manager calls (`model/invocations.rs`).
    pub invocations: Vec<super::invocations::Invocation>,
    pub span: Span,
    pub keyword: Span,
    /// `assigned`'s answers, built on first use: one pass over the commands, where a scan per
    /// question made a script of many `go build`s quadratic.
    pub(crate) assigned_index: std::sync::OnceLock<HashMap<String, Assigned>>,
}

/// Where a RUN first gives a variable a value: the command, and the assignment prefix or the
/// `export`/`env` word.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Assigned {
    Prefix(usize, usize),
    Word(usize, usize),
}

impl RunFact {
    /// Commands named `name` (basename match: `/usr/bin/go` is `go`).
    pub fn commands_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Command> + 'a {
        self.commands.iter().filter(move |c| c.name() == Some(name))
    }

    /// The value a command-line assignment, an `export`, or `env` gives `var` in this RUN.
    /// The first command that sets `var` decides; in it, a prefix assignment comes before an
    /// `export`/`env` word.
    pub fn assigned(&self, var: &str) -> Option<&Spanned<String>> {
        let index = self.assigned_index.get_or_init(|| {
            let mut index = HashMap::new();
            for (ci, c) in self.commands.iter().enumerate() {
                let mut found: Vec<(String, Assigned)> = Vec::new();
                for (ai, (n, _)) in c.assignments.iter().enumerate() {
                    found.push((n.clone(), Assigned::Prefix(ci, ai)));
                }
                if matches!(c.name(), Some("export" | "env")) {
                    for (wi, w) in c.args().iter().enumerate() {
                        if let Some((n, _)) = w.value.split_once('=') {
                            found.push((n.to_string(), Assigned::Word(ci, wi)));
                        }
                    }
                }
                for (n, at) in found {
                    index.entry(n).or_insert(at);
                }
            }
            index
        });
        match index.get(var)? {
            Assigned::Prefix(ci, ai) => {
                self.commands.get(*ci)?.assignments.get(*ai).map(|(_, v)| v)
            }
            Assigned::Word(ci, wi) => self.commands.get(*ci)?.args().get(*wi),
        }
    }
}

/// A user account created by `adduser`/`useradd` in a RUN.
#[derive(Debug, Clone)]
pub struct CreatedUser {
    pub name: String,
    pub span: Span,
    pub instruction: usize,
}

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone)]
pub struct Stage {
    pub id: StageId,
    /// Index of the FROM in `Dockerfile::instructions`.
    pub from_instruction: usize,
    /// Indices of the instructions after the FROM up to the next FROM.
    pub instructions: std::ops::Range<usize>,
    /// The name after `AS`, lower-cased as BuildKit compares it.
    pub alias: Option<Spanned<String>>,
    pub base: BaseImage,
    /// The FROM image word as written.
    pub base_word: Spanned<String>,
    /// For a `BaseImage::Unresolved` base: why it could not be resolved, in words.
    pub unresolved_reason: Option<String>,
    /// The `FROM --platform=` value as written (variables not substituted).
    pub platform: Option<Spanned<String>>,
    /// The whole `--platform=…` flag, where the findings about it go.
    pub platform_flag: Option<Span>,
    /// The variables of the `FROM` line, for BuildKit's FROM checks.
    pub from_vars: FromVars,
    /// Facts about the root image of the chain (for `FROM <stage>`, the ancestor's).
    pub facts: ImageFacts,
    /// The release lines the base image is on (`model::releases`), inherited through
    /// `FROM <stage>`.
    pub releases: Vec<super::releases::ReleaseFact>,
    /// Effective USER at the end of the stage (inherited from a parent stage).
    pub user: Option<UserSetting>,
    /// The ENV instructions of this stage itself, in order (inherited ones are in the parent's
    /// `env_writes`; `Model::env_writes_in_chain` gives them all).
    pub env_writes: Vec<Var>,
    /// Effective ENV at the end of the stage, inherited through `FROM <stage>`, last write
    /// wins; shared with the parent (see `scope`).
    pub env: Scope,
    /// ARGs declared in this stage (with values in effect).
    pub args: Vec<Var>,
    /// The last ARG of each name in `args`.
    pub(crate) arg_index: HashMap<Arc<str>, usize>,
    pub workdir: Option<Spanned<String>>,
    pub shell: Option<Spanned<Vec<String>>>,
    pub copies: Vec<CopyFact>,
    pub runs: Vec<RunFact>,
    /// The RUNs of `ONBUILD RUN …`, split the same way; they run in the images built from
    /// this one, so the facts of this stage (`runs`, users) do not include them.
    pub onbuild_runs: Vec<RunFact>,
    pub created_users: Vec<CreatedUser>,
    /// Each WORKDIR of this stage: (instruction index, absolute path after it), in order.
    pub workdirs: Vec<(usize, String)>,
}

/// What the variables of a `FROM` line resolve to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromVars {
    /// Variables named in the image or `--platform` that no global ARG declares (automatic
    /// platform ARGs count as declared), in order of first use.
    pub undeclared: Vec<String>,
    /// For an image word with variables, all declared: its text with the global ARGs'
    /// defaults alone (no `--build-arg`; ARGs without a default are empty).
    pub default_image: Option<String>,
    /// Whether the image word names a global ARG declared without a default.
    pub uses_arg_without_default: bool,
}

impl Stage {
    /// The ENV value of `name` in effect at the end of the stage.
    pub fn env_var(&self, name: &str) -> Option<&Var> {
        self.env.get(name).map(|v| &**v)
    }

    /// The last ARG of this stage named `name`.
    pub fn arg(&self, name: &str) -> Option<&Var> {
        self.arg_index.get(name).and_then(|&i| self.args.get(i))
    }

    /// A display name: the alias, or for an unnamed stage its FROM (`FROM golang:1.22`), or
    /// `#index` if that is empty.
    pub fn display_name(&self) -> String {
        match &self.alias {
            Some(a) => a.value.clone(),
            None if !self.base_word.value.is_empty() => format!("FROM {}", self.base_word.value),
            None => format!("#{}", self.id.0),
        }
    }
}
