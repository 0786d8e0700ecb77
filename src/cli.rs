//! The command line: clap types, and the glue that connects the layers (source → lint →
//! reporters). Nothing here judges a Dockerfile.

use crate::config;
use crate::diagnostic::Severity;
use crate::lint::{lint_text, LintOptions};
use crate::model::images::FamilyEntry;
use crate::parse;
use crate::report::{escape_control, reporter, FileReport, Format, ReportContext};
use crate::rules::{self, FileFacts};
use crate::source::{self, ReadError};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const INFORMATION_URI: &str = "https://github.com/dockhand-lint/dockhand";

/// A Dockerfile linter for small, fast-to-build and secure images.
#[derive(Debug, Parser)]
#[command(
    name = "dockhand",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no finding at or above the failure threshold; 1 findings at or above it; 2 dockhand could not do its job (bad arguments, unreadable path, bad config).\n\nRun `dockhand rules` for the rule list and `dockhand explain CODE` for a rule's page."
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
    },
    /// Run the language server (LSP over standard input and output; logs on standard error).
    Server,
    /// Print the parse of each file as JSON, one object per line (BuildKit's shape plus spans).
    Parse {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

impl Command {
    fn lint_args(&mut self) -> Option<&mut LintArgs> {
        match self {
            Command::Config { lint } => Some(lint),
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
    let subcommands = ["rules", "explain", "config", "parse", "server"];
    subcommands
        .iter()
        .filter(|s| crate::diagnostic::edit_distance(word, s) <= 2)
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
const SUBCOMMANDS: &[&str] = &["rules", "explain", "config", "parse", "server"];

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

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

    /// When to use colour in human output.
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
        }
        m
    });
    let hit = index.get(s).copied();
    // codes match in any case (names are lowercase, so an upper-cased name matches nothing)
    let code = hit.or_else(|| {
        (s.len() <= 8)
            .then(|| index.get(&s.to_ascii_uppercase()).copied())
            .flatten()
    });
    code
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
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            write_stderr(&crate::report::render_config_error(&e, color, term_width()));
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
    };
    let all: Vec<(&'static str, Severity, bool)> = rules::ALL
        .iter()
        .map(|r| {
            (
                r.meta().code,
                r.meta().severity,
                r.meta().enabled_by_default,
            )
        })
        .collect();
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
    base.suppress.disabled = args.no_suppressions;
    base.suppress.require_reason = args.require_reason;
    base.rule_options = resolved
        .rule_options
        .to_lint()
        .map_err(|e| SettingsError::Other(format!("invalid rule options: {e}")))?;
    let extra_images = resolved.images.iter().flat_map(family_entry).collect();
    Ok(Settings {
        resolved,
        base,
        extra_images,
    })
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

/// The width for miette's blocks: `COLUMNS` when it is a sensible number, else 100.
fn term_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
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
        Some(Command::Rules { format }) => print_rules(format),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Parse { files }) => parse_files(&files),
        Some(Command::Server) => crate::server::run(),
        Some(Command::Config { lint }) => match settings(&lint) {
            // the configuration is untrusted input: its globs, names and paths are escaped
            Ok(s) => write_stdout(&escape_text(&s.resolved.describe())),
            Err(code) => code,
        },
        None => lint(&cli.lint),
    }
}

fn print_rules(format: RulesFormat) -> ExitCode {
    if format == RulesFormat::Json {
        let list: Vec<serde_json::Value> = rules::ALL
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "code": m.code,
                    "name": m.name,
                    "severity": m.severity.as_str(),
                    "category": m.category.as_str(),
                    "summary": m.summary,
                    "enabled_by_default": m.enabled_by_default,
                    "options": m.option_fields().into_iter().map(|f| f.key).collect::<Vec<_>>(),
                    "url": format!("{INFORMATION_URI}/blob/main/rules/{}.md", m.code),
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
        text.push('\n');
        return write_stdout(&text);
    }
    let width = rules::ALL
        .iter()
        .map(|r| r.meta().name.len())
        .max()
        .unwrap_or(0);
    // DH codes have five characters and two spaces after them, as before; the six-character
    // DL codes ported from hadolint get one, so the columns stay aligned
    let code_width = rules::ALL
        .iter()
        .map(|r| r.meta().code.len() + 1)
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = String::new();
    for r in rules::ALL {
        let m = r.meta();
        let off = if m.enabled_by_default {
            ""
        } else {
            " (off by default)"
        };
        out.push_str(&format!(
            "{:<code_width$}{:<width$}  {:<7}  {}{}\n",
            m.code, m.name, m.severity, m.summary, off
        ));
    }
    write_stdout(&out)
}

fn explain(rule: &str) -> ExitCode {
    match rules::find(rule) {
        Some(r) => write_stdout(&r.meta().page()),
        None => {
            let hint = config::suggest_rule(rule, &known_rule)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            tool_error(&format!(
                "no rule `{}`{hint} (`dockhand rules` lists every code and name)",
                escape_text(rule)
            ))
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

fn parse_files(files: &[PathBuf]) -> ExitCode {
    let mut out = String::new();
    let mut failed = false;
    for f in files {
        let (path, text) = if f.as_os_str() == "-" {
            let decoded =
                source::read_stdin(source::DEFAULT_MAX_FILE_SIZE).and_then(source::decode);
            match decoded {
                Ok(t) => ("-".to_string(), t),
                Err(m) => {
                    failed = true;
                    out.push_str(
                        &serde_json::json!({"path": "-", "status": "unreadable", "message": m})
                            .to_string(),
                    );
                    out.push('\n');
                    continue;
                }
            }
        } else {
            match source::read_file(f, source::DEFAULT_MAX_FILE_SIZE) {
                Ok(sf) => (display_path(f), sf.text),
                Err(e) => {
                    failed = true;
                    out.push_str(
                        &serde_json::json!({"path": display_path(f), "status": "unreadable", "message": e.message})
                            .to_string(),
                    );
                    out.push('\n');
                    continue;
                }
            }
        };
        let df = parse::parse(&text);
        out.push_str(&parse::dump::to_json(&path, &df).to_string());
        out.push('\n');
    }
    let code = write_stdout(&out);
    if failed {
        ExitCode::from(2)
    } else {
        code
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
    let settings = match settings(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let threshold = settings.resolved.failure_threshold.value;
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
            let facts = FileFacts {
                has_dockerignore: Some(source::has_dockerignore(p)),
            };
            let opts = match &shared {
                Some(o) => Cow::Borrowed(o),
                None => Cow::Owned(settings.for_path(&cwd.join(p))),
            };
            lint_text(&display_path(p), sf.text, &facts, &opts)
        }
        Err(e) => error_report(&e),
    };
    // One file (the editor's on-save case) is linted on this thread: starting rayon's pool
    // would spawn a thread per core for nothing.
    let mut reports: Vec<FileReport> = if discovered.files.len() > 1 {
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
            Ok(buf) => match source::decode(buf) {
                Ok(text) => {
                    let facts = FileFacts {
                        has_dockerignore: args
                            .stdin_filename
                            .as_deref()
                            .map(source::has_dockerignore),
                    };
                    let opts = settings.for_path(&cwd.join(&name));
                    lint_text(&name, text, &facts, &opts)
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

    let infos = rules::infos();
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = term_width();
    let mut exit_error = reports.iter().any(|r| r.error.is_some());
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
        if write_stdout(&statistics(&reports)) != ExitCode::SUCCESS {
            exit_error = true;
        }
        &[]
    } else {
        &outputs
    };
    for o in outputs {
        let cx = ReportContext {
            rules: &infos,
            tool_name: "dockhand",
            tool_version: env!("CARGO_PKG_VERSION"),
            information_uri: INFORMATION_URI,
            failure_threshold: threshold,
            color: color && o.path.is_none(),
            width,
            quiet: args.quiet,
        };
        let mut buf = Vec::new();
        // One reporter that fails (or, a bug, panics) must not lose the others' reports.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reporter(o.format).write(&reports, &cx, &mut buf)
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
        let written = match &o.path {
            Some(p) => std::fs::write(p, &buf).map_err(|e| format!("writing {}: {e}", p.display())),
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
    if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--statistics`: one line per rule with findings, most first: count, code, name.
fn statistics(reports: &[FileReport]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        *counts.entry((d.code, d.name)).or_default() += 1;
    }
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.first().map_or(1, |r| r.1.to_string().len());
    let mut out = String::new();
    for ((code, name), n) in rows {
        out.push_str(&format!("{n:>width$}  {code}  {name}\n"));
    }
    out
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
        }
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
