//! The command line: clap types, and the glue that connects the layers (source → lint →
//! reporters). Nothing here judges a Dockerfile.

use crate::config;
use crate::diagnostic::Severity;
use crate::lint::{lint_text, LintOptions};
use crate::model::images::FamilyEntry;
use crate::report::{escape_control, reporter, FileReport, Format, ReportContext};
use crate::rules;
use crate::source::{self, ReadError};
use crate::term::{self, Stream};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod baseline;
mod commands;
mod init;
mod watch;

pub const INFORMATION_URI: &str = "https://github.com/dockhand-lint/dockhand";

/// A Dockerfile linter for small, fast-to-build and secure images.
#[derive(Debug, Parser)]
#[command(
    name = "dockhand",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no finding at or above the failure threshold; 1 findings at or above it (with --diff: a file would change); 2 dockhand could not do its job (bad arguments, unreadable path, bad config, a fix that could not be written).\n\nRun `dockhand rules` for the rule list and `dockhand explain CODE` for a rule's page."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: code, name, default severity, summary.
    Rules {
        /// `text` (aligned columns) or `json` (one object per rule).
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Print a rule's documentation page.
    Explain {
        /// A rule code (`DH501`) or name (`libc-mismatch`).
        rule: String,
    },
    /// Print the effective configuration and where each setting came from.
    Config {
        #[command(flatten)]
        lint: Box<LintArgs>,
        /// Print hadolint's config file (`.hadolint.yaml`, found as hadolint finds it, or given
        /// with `--config`) as the equivalent `dockhand.toml`.
        #[arg(long)]
        from_hadolint: bool,
    },
    /// Run the language server (LSP over standard input and output; logs on standard error).
    Server,
    /// Print the parse of each file as JSON, one object per line (BuildKit's shape plus spans).
    Parse {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print instead, per RUN, the shell dockhand reads its scripts in (`bash`, `dash`,
        /// `ash`, `sh`, …, `powershell`, `cmd`): `{"path", "runs": [{"line", "shell",
        /// "scripts": [{"source", "shell"}]}]}`.
        #[arg(long)]
        shells: bool,
    },
    /// Write a commented `dockhand.toml` with every default in the current directory.
    Init {
        /// Overwrite an existing configuration file.
        #[arg(long)]
        force: bool,
    },
    /// Write the current findings to a baseline file (`-o`, default `dockhand-baseline.json`);
    /// `dockhand --baseline FILE` then reports only new findings.
    Baseline {
        #[command(flatten)]
        lint: Box<LintArgs>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff): `dockhand man | man -l -`.
    Man,
}

impl Command {
    fn lint_args(&mut self) -> Option<&mut LintArgs> {
        match self {
            Command::Config { lint, .. } | Command::Baseline { lint } => Some(lint),
            _ => None,
        }
    }
}

/// Words users type as a subcommand that dockhand does not have, with what to run instead.
const VERB_HINTS: &[(&str, &str)] = &[
    (
        "check",
        "linting is what `dockhand` does with no subcommand: `dockhand PATH…`",
    ),
    (
        "lint",
        "linting is what `dockhand` does with no subcommand: `dockhand PATH…`",
    ),
    (
        "rule",
        "`dockhand rules` lists the rules; `dockhand explain CODE` shows one",
    ),
    ("version", "`dockhand --version`"),
    (
        "format",
        "dockhand does not format Dockerfiles; `--format FORMAT` picks the output format",
    ),
    (
        "fmt",
        "dockhand does not format Dockerfiles; `--format FORMAT` picks the output format",
    ),
    ("help", "`dockhand --help`"),
    ("list", "`dockhand rules` lists the rules"),
];

/// A path argument that does not exist and is a word users type as a subcommand (`check`,
/// `rule`, `version`, or a misspelt subcommand): the hint to print instead of "no such file".
fn verb_hint(arg: &Path) -> Option<String> {
    let word = arg.to_str()?;
    if arg.exists() || word.contains(['/', '.', '*', '?', '[']) {
        return None;
    }
    if let Some((_, hint)) = VERB_HINTS.iter().find(|(v, _)| *v == word) {
        return Some(format!(
            "`{word}` is not a file, a folder or a subcommand; {hint}"
        ));
    }
    // short names (`man`, `init`) allow one edit: two would match most short file names
    SUBCOMMANDS
        .iter()
        .filter(|s| crate::diagnostic::edit_distance(word, s) <= if s.len() <= 4 { 1 } else { 2 })
        .min_by_key(|s| crate::diagnostic::edit_distance(word, s))
        .map(|s| {
            format!(
                "`{word}` is not a file, a folder or a subcommand; did you mean `dockhand {s}`?"
            )
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

/// The subcommands, for moving one that follows global flags to the front.
const SUBCOMMANDS: &[&str] = &[
    "rules",
    "explain",
    "config",
    "parse",
    "server",
    "init",
    "baseline",
    "completions",
    "man",
];

impl Cli {
    /// Parses the command line. Flags may come before a subcommand
    /// (`dockhand --format json rules`): when the first word that is no flag is a subcommand's
    /// name and no file of that name exists, the subcommand is moved to the front, so that
    /// `./rules` still lints a folder called `rules`.
    pub fn parse_args<I, T>(argv: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let argv: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
        let cli = Cli::try_parse_from(&argv)?;
        let moved = cli.command.is_none()
            && cli.lint.paths.first().is_some_and(|p| {
                p.to_str().is_some_and(|s| SUBCOMMANDS.contains(&s)) && !p.exists()
            });
        if !moved {
            return Ok(cli);
        }
        let word = cli.lint.paths[0].clone().into_os_string();
        let Some(at) = argv.iter().skip(1).position(|a| *a == word) else {
            return Ok(cli);
        };
        let mut reordered = argv.clone();
        let sub = reordered.remove(at + 1);
        reordered.insert(1, sub);
        Cli::try_parse_from(reordered)
    }
}

pub use crate::term::ColorChoice;

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Files, directories (searched for Dockerfiles), glob patterns, or `-` for standard input.
    /// Default: the current directory.
    pub paths: Vec<PathBuf>,

    /// Output format, optionally with a file: `--format sarif:out.sarif`. Repeat for several
    /// reports in one run. Formats: human, concise, json, sarif, github, gitlab, checkstyle, gnu.
    #[arg(long, short = 'f', value_name = "FORMAT[:PATH]")]
    pub format: Vec<String>,

    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Run only these rules (codes, code prefixes such as `DH1`, names, or `ALL`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Rules to add to the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Option<Vec<String>>,

    /// Rules not to run.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Option<Vec<String>>,

    /// Lint as if building this stage (`docker build --target`).
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,

    /// A build argument, as `docker build --build-arg`.
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    pub build_args: Vec<String>,

    /// Findings at or above this severity make the exit code 1: error, warning (default),
    /// info, style or none.
    #[arg(long, value_name = "SEVERITY")]
    pub failure_threshold: Option<String>,

    /// The file name to report for standard input (and to find config and .dockerignore by).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Use this configuration file.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Do not read any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Start from a named rule set instead of dockhand's defaults: `hadolint` (hadolint's
    /// default rules with its severities). Wins over `preset` in the config file;
    /// `--select`/`--ignore` and the file's selection still apply on top.
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    /// Apply the configuration's `exclude` globs to files named on the command line too
    /// (useful with pre-commit, which names every changed file).
    #[arg(long)]
    pub force_exclude: bool,

    /// Ignore every `# dockhand ignore…` comment.
    #[arg(long)]
    pub no_suppressions: bool,

    /// Make a suppression comment without `-- reason` an error.
    #[arg(long)]
    pub require_reason: bool,

    /// When to use colour in human output. `auto`: when the output is a terminal, or when
    /// `FORCE_COLOR` or `CLICOLOR_FORCE` is set (not `0`); never when `NO_COLOR` is set.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Print the findings and nothing else (no summary line).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Exit with 0 even when there are findings at or above the failure threshold (errors that
    /// stop dockhand still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each rule made, most first, instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Apply the safe automatic fixes to the files; with `-`, print the fixed text on standard
    /// output (the findings left go to standard error).
    #[arg(long)]
    pub fix: bool,

    /// Apply unsafe fixes too (with `--fix`, `--diff`, `--fix-only`).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would change, write nothing; exit 1 if there is one.
    #[arg(long, conflicts_with = "fix_only")]
    pub diff: bool,

    /// Apply fixes and report only what was fixed (exit 0 even if findings remain).
    #[arg(long)]
    pub fix_only: bool,

    /// Report only the findings that are not in this baseline file (written by
    /// `dockhand baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Lint again whenever a file under the paths changes (Ctrl-C stops).
    #[arg(long)]
    pub watch: bool,

    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = source::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,
}

/// One report destination.
struct Output {
    format: Format,
    path: Option<PathBuf>,
}

fn parse_outputs(args: &LintArgs) -> Result<Vec<Output>, String> {
    let mut outs = Vec::new();
    for f in &args.format {
        let (name, path) = match f.split_once(':') {
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            _ => (f.as_str(), None),
        };
        let format: Format = name
            .parse()
            .map_err(|e: crate::report::UnknownFormat| e.to_string())?;
        outs.push(Output { format, path });
    }
    if outs.is_empty() {
        outs.push(Output {
            format: Format::Human,
            path: None,
        });
    }
    if let Some(o) = &args.output_file {
        match outs.iter_mut().filter(|o| o.path.is_none()).count() {
            1 => {
                if let Some(out) = outs.iter_mut().find(|o| o.path.is_none()) {
                    out.path = Some(o.clone());
                }
            }
            _ => {
                return Err(
                    "--output-file needs exactly one --format without its own path".to_string(),
                )
            }
        }
    }
    if outs.iter().filter(|o| o.path.is_none()).count() > 1 {
        return Err("only one report can go to standard output: give the others a path (`--format sarif:report.sarif`)".to_string());
    }
    Ok(outs)
}

/// The configuration resolved from defaults, the config file, the environment and the
/// command line, plus what only the command line says.
pub struct Settings {
    pub resolved: config::Resolved,
    base: LintOptions,
    extra_images: Vec<FamilyEntry>,
}

/// A rule code (any case) or name → its code, through an index built once: config checking
/// probes many spellings per unknown name, and `rules::find` scans every rule.
fn known_rule(s: &str) -> Option<&'static str> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static INDEX: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for r in rules::ALL {
            let meta = r.meta();
            m.insert(meta.code.to_ascii_uppercase(), meta.code);
            m.entry(meta.name.to_string()).or_insert(meta.code);
            for a in meta.aliases {
                m.entry(a.to_ascii_uppercase()).or_insert(meta.code);
            }
        }
        m
    });
    let hit = index.get(s).copied();
    // codes and aliases match in any case (names are lowercase, so an upper-cased name
    // matches nothing); the longest alias bounds the probe
    let code = hit.or_else(|| {
        (s.len() <= 64)
            .then(|| index.get(&s.to_ascii_uppercase()).copied())
            .flatten()
    });
    code
}

/// Every rule as (code, default severity, on by default), as `config::resolve` takes them.
fn rule_table() -> Vec<(&'static str, Severity, bool)> {
    rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            (m.code, m.severity, m.enabled_by_default)
        })
        .collect()
}

/// Resolves the settings; a configuration error is printed (with miette, pointing into the
/// file) and becomes exit code 2.
/// Why settings could not be made: a configuration error (with its place), or another one.
pub(crate) enum SettingsError {
    Config(config::ConfigError),
    Other(String),
}

fn settings(args: &LintArgs) -> Result<Settings, ExitCode> {
    match try_settings(args) {
        Ok(s) => Ok(s),
        Err(SettingsError::Config(e)) => {
            // drawn by our reporter code: escaped, bounded, never a miette panic
            let color = term::color(args.color, Stream::Stderr);
            let width = term::width(Stream::Stderr);
            write_stderr(&crate::report::render_config_error(&e, color, width));
            Err(ExitCode::from(2))
        }
        Err(SettingsError::Other(m)) => {
            write_stderr(&format!("error: {}\n", escape_control(&m)));
            Err(ExitCode::from(2))
        }
    }
}

fn try_settings(args: &LintArgs) -> Result<Settings, SettingsError> {
    let cli = config::CliConfig {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        extend_select: args.extend_select.clone(),
        failure_threshold: args.failure_threshold.clone(),
        config: args.config.clone(),
        no_config: args.no_config,
        preset: args.preset.clone(),
    };
    let all = rule_table();
    // For standard input, configuration is found relative to --stdin-filename.
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let start = match (
        &args.stdin_filename,
        args.paths.iter().any(|p| p.as_os_str() == "-"),
    ) {
        (Some(name), true) => name
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(cwd.clone(), |p| cwd.join(p)),
        _ => cwd,
    };
    let env = |k: &str| std::env::var(k).ok();
    let resolved =
        config::resolve(&start, &cli, &env, &known_rule, &all).map_err(SettingsError::Config)?;
    let mut base = LintOptions::default();
    for ba in &args.build_args {
        let (k, v) = match ba.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            // `--build-arg KEY` takes the value from the environment, as docker does
            None => (ba.clone(), std::env::var(ba).unwrap_or_default()),
        };
        base.model.build_args.push((k, v));
    }
    base.model.target = args.target.clone();
    // `--no-suppressions`, or `disable-ignore-pragma: true` in a hadolint config file
    base.suppress.disabled =
        args.no_suppressions || resolved.no_suppressions.as_ref().is_some_and(|s| s.value);
    base.suppress.require_reason = args.require_reason;
    base.rule_options = resolved
        .rule_options
        .to_lint()
        .map_err(|e| SettingsError::Other(format!("invalid rule options: {e}")))?;
    let mut resolved = resolved;
    if args.unsafe_fixes {
        resolved.fix.unsafe_fixes =
            config::Setting::new(true, config::Origin::Cli("--unsafe-fixes"));
    }
    let extra_images = resolved.images.iter().flat_map(family_entry).collect();
    Ok(Settings {
        resolved,
        base,
        extra_images,
    })
}

/// The shared options for the file at `path` (relative to the working directory, as
/// discovered): under `image-role = "auto"`, a path in a test-data folder makes the file a
/// test fixture (`ImageRole::of_path`); only those files get their own copy of the options.
fn with_path_role<'a>(shared: &'a LintOptions, path: &Path) -> Cow<'a, LintOptions> {
    let role = shared.model.image_role.for_path(path);
    if role == shared.model.image_role {
        return Cow::Borrowed(shared);
    }
    let mut o = shared.clone();
    o.model.image_role = role;
    Cow::Owned(o)
}

/// An `[[images]]` entry as rows of the base-image table, one per name.
fn family_entry(c: &config::ImageFamilyConfig) -> Vec<FamilyEntry> {
    FamilyEntry::from_entry(&c.entry, &format!("configuration ({})", c.origin))
}

impl Settings {
    /// The lint options for one file, after `[[overrides]]`.
    fn for_path(&self, path: &Path) -> LintOptions {
        let ps = self.resolved.for_path(path);
        let mut o = self.base.clone();
        o.model.extra_images = self.extra_images.clone();
        // under `auto`, a path in a test-data folder makes the file a test fixture; the path
        // is taken relative to the working directory, so that the folders above the project
        // do not count
        let rel = std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
        o.model.image_role = ps.image_role.for_path(rel.as_deref().unwrap_or(path));
        o.rules = rules::ALL
            .iter()
            .copied()
            .filter(|r| ps.is_enabled(r.meta().code))
            .collect();
        o.severities = rules::ALL
            .iter()
            .filter_map(|r| {
                let c = r.meta().code;
                ps.severity(c)
                    .filter(|s| *s != r.meta().severity)
                    .map(|s| (c, s))
            })
            .collect();
        o
    }
}

/// The lint options the CLI would use for a document at `path` (as `--stdin-filename path -`:
/// `dockhand.toml` found from the document's folder, `[[overrides]]` applied), for the
/// language server. `flags` are command-line options the editor's settings stand for
/// (`--select`, `--config`, ...), so that they mean exactly what they mean on the command line.
pub(crate) fn lint_options_for_document(
    path: Option<&Path>,
    flags: &[std::ffi::OsString],
) -> Result<LintOptions, SettingsError> {
    let mut argv = vec![std::ffi::OsString::from("dockhand")];
    argv.extend(flags.iter().cloned());
    if let Some(p) = path {
        argv.push("--stdin-filename".into());
        argv.push(p.as_os_str().to_owned());
    }
    argv.push("-".into());
    let cli = Cli::try_parse_from(argv).map_err(|e| SettingsError::Other(e.to_string()))?;
    let s = try_settings(&cli.lint)?;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    Ok(s.for_path(&path.map_or(cwd, Path::to_path_buf)))
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn error_report(e: &ReadError) -> FileReport {
    FileReport {
        path: display_path(&e.path),
        source: None,
        lines: None,
        diagnostics: Vec::new(),
        error: Some(e.message.clone()),
    }
}

fn tool_error(msg: &str) -> ExitCode {
    write_stderr(&format!("dockhand: error: {}\n", escape_control(msg)));
    ExitCode::from(2)
}

/// Writes to standard error, ignoring failure (a closed or full stderr must not turn into a
/// panic; the exit code still tells). Callers escape what they pass.
pub fn write_stderr(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(s.as_bytes()).and_then(|_| err.flush());
}

/// Text with hostile characters escaped line by line (the newlines that end lines kept).
fn escape_text(s: &str) -> String {
    crate::report::escape_lines(s)
}

/// Runs the command line; returns the process exit code.
pub fn run(mut cli: Cli) -> ExitCode {
    // `--stdin-filename` with no path reads standard input, as it says
    for args in [
        Some(&mut cli.lint),
        cli.command.as_mut().and_then(Command::lint_args),
    ]
    .into_iter()
    .flatten()
    {
        if args.paths.is_empty() && args.stdin_filename.is_some() {
            args.paths.push(PathBuf::from("-"));
        }
    }
    match cli.command {
        Some(Command::Rules { format }) => commands::print_rules(format),
        Some(Command::Explain { rule }) => commands::explain(&rule),
        Some(Command::Parse { files, shells }) => commands::parse_files(&files, shells),
        Some(Command::Init { force }) => init::run(force),
        Some(Command::Baseline { lint }) => baseline::run(&lint),
        Some(Command::Completions { shell }) => commands::completions(shell),
        Some(Command::Man) => commands::man(),
        Some(Command::Server) => crate::server::run(),
        Some(Command::Config {
            lint,
            from_hadolint: true,
        }) => from_hadolint(&lint),
        Some(Command::Config { lint, .. }) => match settings(&lint) {
            // the configuration is untrusted input: its globs, names and paths are escaped
            Ok(s) => write_stdout(&escape_text(&s.resolved.describe())),
            Err(code) => code,
        },
        None => lint(&cli.lint),
    }
}

/// `dockhand config --from-hadolint`.
fn from_hadolint(args: &LintArgs) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let env = |k: &str| std::env::var(k).ok();
    let path = match &args.config {
        Some(p) => Some(cwd.join(p)),
        None => config::hadolint::discover(&cwd, &env),
    };
    let Some(path) = path else {
        return tool_error(
            "no hadolint config file found (.hadolint.yaml or .hadolint.yml here or up to the repository root, ~/.config/hadolint.yaml, ~/.hadolint.yaml); name one with --config",
        );
    };
    let shown = path
        .strip_prefix(&cwd)
        .unwrap_or(&path)
        .display()
        .to_string();
    match config::hadolint::load(&path, &shown, &known_rule) {
        Ok(cfg) => write_stdout(&escape_text(&config::hadolint_toml::to_toml(&cfg, &shown))),
        Err(e) => {
            let color = term::color(args.color, Stream::Stderr);
            let width = term::width(Stream::Stderr);
            write_stderr(&crate::report::render_config_error(&e, color, width));
            ExitCode::from(2)
        }
    }
}

fn write_stdout(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // a closed pipe (`dockhand rules | head`) is not an error worth reporting
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => tool_error(&format!("writing output: {e}")),
    }
}

fn lint(args: &LintArgs) -> ExitCode {
    if let Some(hint) = args.paths.iter().find_map(|p| verb_hint(p)) {
        return tool_error(&hint);
    }
    let outputs = match parse_outputs(args) {
        Ok(o) => o,
        Err(m) => return tool_error(&m),
    };
    if args.watch {
        return watch::run(args, &|| lint_once(args, &outputs));
    }
    lint_once(args, &outputs)
}

/// One lint run: settings, the files, the baseline, the reports; the exit code.
fn lint_once(args: &LintArgs, outputs: &[Output]) -> ExitCode {
    let settings = match settings(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let threshold = settings.resolved.failure_threshold.value;
    // `--exit-zero`, or `no-fail: true` in a hadolint config file
    let exit_zero = args.exit_zero
        || settings
            .resolved
            .exit_zero
            .as_ref()
            .is_some_and(|s| s.value);
    let fix_mode = (args.fix || args.diff || args.fix_only).then(|| crate::fixer::FixMode {
        write: !args.diff,
        unsafe_fixes: settings.resolved.fix.unsafe_fixes.value,
        fixable: settings.resolved.fix.fixable.clone(),
    });
    let Gathered {
        mut reports,
        fixes,
        fixed_stdin,
    } = gather(args, &settings, fix_mode.as_ref());
    let (mut to_stderr, mut fix_failed) = (false, false);
    if let Some(mode) = &fix_mode {
        match crate::fixer::finish(args, mode, &fixes, &reports, fixed_stdin.as_deref()) {
            crate::fixer::Next::Exit(code) => return code,
            crate::fixer::Next::Report {
                to_stderr: t,
                failed,
            } => {
                (to_stderr, fix_failed) = (t, failed);
            }
        }
    }
    let hidden = match &args.baseline {
        Some(path) => match baseline::Baseline::read(path) {
            Ok(b) => Some((path, b.filter(&mut reports))),
            Err(m) => return tool_error(&m),
        },
        None => None,
    };
    let end = End {
        threshold,
        hidden,
        to_stderr,
        fix_failed,
        exit_zero,
    };
    emit(args, outputs, &reports, end)
}

/// What `gather` found: the reports, and with `--fix` what was fixed.
struct Gathered {
    reports: Vec<FileReport>,
    fixes: Vec<crate::fixer::FileFix>,
    /// The fixed text of standard input, printed instead of the reports.
    fixed_stdin: Option<Vec<u8>>,
}

/// How a run ends, for `emit`.
struct End<'a> {
    threshold: Option<Severity>,
    /// The baseline file and how many findings it hid, told after the summary.
    hidden: Option<(&'a PathBuf, usize)>,
    /// `--fix -`: the fixed text went to standard output, so the reports go to standard error.
    to_stderr: bool,
    /// A file could not be fixed (exit 2).
    fix_failed: bool,
    exit_zero: bool,
}

/// Discovers and lints (or, in `fix_mode`, fixes) the files and standard input that `args`
/// names, in path order.
fn gather(
    args: &LintArgs,
    settings: &Settings,
    fix_mode: Option<&crate::fixer::FixMode>,
) -> Gathered {
    let implicit = args.paths.is_empty();
    let paths: Vec<PathBuf> = if implicit {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin_requested = paths.iter().any(|p| p.as_os_str() == "-");
    let file_args: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut discovered = source::discover(
        &file_args,
        &|p| settings.resolved.is_excluded(&cwd.join(p)),
        args.force_exclude,
    );
    if implicit {
        // linting an empty current directory is not an error, just nothing to do
        discovered
            .errors
            .retain(|e| !e.message.starts_with("no Dockerfiles found"));
    }
    // Without `[[overrides]]` every file is linted with the same options: work them out once
    // rather than once per file (resolving the rule set per path is most of the per-file cost
    // of a small Dockerfile).
    let shared = settings
        .resolved
        .overrides
        .is_empty()
        .then(|| settings.for_path(&cwd));
    let lint_one = |p: &PathBuf| match source::read_file(p, args.max_file_size) {
        Ok(sf) => {
            let facts = source::file_facts_in(p, &discovered.listing);
            let opts = match &shared {
                Some(o) => with_path_role(o, p),
                None => Cow::Owned(settings.for_path(&cwd.join(p))),
            };
            lint_text(&display_path(p), sf.text, &facts, &opts)
        }
        Err(e) => error_report(&e),
    };
    let mut fixes: Vec<crate::fixer::FileFix> = Vec::new();
    // the fixed text of standard input, printed instead of the reports
    let mut fixed_stdin: Option<Vec<u8>> = None;
    // One file (the editor's on-save case) is linted on this thread: starting rayon's pool
    // would spawn a thread per core for nothing.
    let mut reports: Vec<FileReport> = if let Some(mode) = fix_mode {
        let fix_one = |p: &PathBuf| {
            let facts = source::file_facts_in(p, &discovered.listing);
            let opts = match &shared {
                Some(o) => with_path_role(o, p),
                None => Cow::Owned(settings.for_path(&cwd.join(p))),
            };
            crate::fixer::fix_file(p, &display_path(p), args.max_file_size, &facts, &opts, mode)
        };
        let done: Vec<_> = if discovered.files.len() > 1 {
            discovered.files.par_iter().map(fix_one).collect()
        } else {
            discovered.files.iter().map(fix_one).collect()
        };
        let mut out = Vec::new();
        for (r, f) in done {
            out.extend(r);
            fixes.extend(f);
        }
        out
    } else if discovered.files.len() > 1 {
        discovered.files.par_iter().map(lint_one).collect()
    } else {
        discovered.files.iter().map(lint_one).collect()
    };
    if stdin_requested {
        let name = args
            .stdin_filename
            .as_deref()
            .map(display_path)
            .unwrap_or_else(|| "<stdin>".to_string());
        let report = match source::read_stdin(args.max_file_size) {
            Err(message) => error_report(&ReadError {
                path: PathBuf::from(&name),
                message,
            }),
            Ok(buf) => match source::decode(buf.clone()) {
                Ok(text) => {
                    let facts = args
                        .stdin_filename
                        .as_deref()
                        .map(source::file_facts)
                        .unwrap_or_default();
                    let opts = settings.for_path(&cwd.join(&name));
                    match fix_mode {
                        Some(mode) => {
                            let (out, report, ff) =
                                crate::fixer::fix_stdin(&buf, text, &name, &facts, &opts, mode);
                            fixed_stdin = Some(out);
                            fixes.push(ff);
                            report
                        }
                        None => lint_text(&name, text, &facts, &opts),
                    }
                }
                Err(m) => error_report(&ReadError {
                    path: PathBuf::from(&name),
                    message: m,
                }),
            },
        };
        reports.push(report);
    }
    let tool_errors: Vec<FileReport> = discovered.errors.iter().map(error_report).collect();
    reports.extend(tool_errors);
    // Reports in path order, so that the same files give the same output byte for byte
    // whatever the order of the arguments (the sort is stable: one path's reports keep theirs).
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    if implicit && reports.is_empty() {
        write_stderr("dockhand: warning: no Dockerfiles found in the current directory\n");
    }

    Gathered {
        reports,
        fixes,
        fixed_stdin,
    }
}

/// Writes the reports (or `--statistics`) to every output; returns the exit code.
fn emit(args: &LintArgs, outputs: &[Output], reports: &[FileReport], end: End<'_>) -> ExitCode {
    let End {
        threshold,
        hidden,
        to_stderr,
        fix_failed,
        exit_zero,
    } = end;
    let infos = rules::infos();
    let color = term::color(args.color, Stream::Stdout);
    let width = term::width(Stream::Stdout);
    let mut exit_error = reports.iter().any(|r| r.error.is_some()) || fix_failed;
    // `--statistics` replaces the reports with counts; files that could not be linted are still
    // named, on standard error
    let outputs: &[Output] = if args.statistics {
        for r in reports.iter().filter(|r| r.error.is_some()) {
            write_stderr(&format!(
                "dockhand: cannot lint {}: {}\n",
                escape_text(&r.path),
                escape_text(r.error.as_deref().unwrap_or(""))
            ));
        }
        if write_stdout(&commands::statistics(reports)) != ExitCode::SUCCESS {
            exit_error = true;
        }
        &[]
    } else {
        outputs
    };
    for o in outputs {
        let cx = ReportContext {
            rules: &infos,
            tool_name: "dockhand",
            tool_version: env!("CARGO_PKG_VERSION"),
            information_uri: INFORMATION_URI,
            failure_threshold: threshold,
            color: color && o.path.is_none() && !to_stderr,
            width,
            quiet: args.quiet,
        };
        let mut buf = Vec::new();
        // One reporter that fails (or, a bug, panics) must not lose the others' reports.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reporter(o.format).write(reports, &cx, &mut buf)
        }));
        match rendered {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tool_error(&format!("rendering {} report: {e}", o.format));
                exit_error = true;
                continue;
            }
            Err(_) => {
                tool_error(&format!("rendering {} report: internal error", o.format));
                exit_error = true;
                continue;
            }
        }
        if let Some((file, n)) = hidden {
            if !args.quiet && matches!(o.format, Format::Human | Format::Concise) {
                buf.extend(baseline::hidden_line(file, n).into_bytes());
            }
        }
        let written = match &o.path {
            Some(p) => std::fs::write(p, &buf).map_err(|e| format!("writing {}: {e}", p.display())),
            None if to_stderr => {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(&buf).and_then(|_| err.flush());
                Ok(())
            }
            None => {
                let mut out = std::io::stdout().lock();
                match out.write_all(&buf).and_then(|_| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(format!("writing output: {e}")),
                }
            }
        };
        if let Err(m) = written {
            tool_error(&m);
            exit_error = true;
        }
    }
    if exit_error {
        return ExitCode::from(2);
    }
    let failing = threshold.is_some_and(|t| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.severity >= t)
    });
    if failing && !exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index gives the same answers as `rules::find`, which it only speeds up.
    #[test]
    fn known_rule_agrees_with_find() {
        let mut probes = vec!["", "DH", "dh401x", "ALL", "all", "Dh401"];
        for r in rules::ALL {
            probes.extend([r.meta().code, r.meta().name]);
            probes.extend(r.meta().aliases.iter().copied());
        }
        probes.extend(["jsonargsrecommended", "dl3006", "DUPLICATESTAGENAME"]);
        let lower: Vec<String> = rules::ALL
            .iter()
            .flat_map(|r| [r.meta().code.to_lowercase(), r.meta().name.to_uppercase()])
            .collect();
        probes.extend(lower.iter().map(String::as_str));
        for p in probes {
            assert_eq!(known_rule(p), rules::find(p).map(|r| r.meta().code), "{p}");
        }
        assert_eq!(
            known_rule("dh401").is_some(),
            rules::find("dh401").is_some()
        );
    }
}
