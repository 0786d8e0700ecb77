//! model: what a Dockerfile *means*, built once per file from the syntax tree. Stages and how
//! they depend on each other, ARG resolution as BuildKit does it, inheritance of USER, ENV,
//! WORKDIR and SHELL through `FROM <stage>`, COPY edges, RUN commands split into words, and
//! facts about base images. Rules only read it. No findings are produced here, except the
//! instruction errors BuildKit itself would raise (`errors`), which the syntax-error rule
//! reports.

pub mod artifacts;
pub mod dockerignore;
pub mod ecosystems;
pub mod expand;
mod glob;
pub mod image_ref;
pub mod images;
pub mod invocations;
pub mod names;
mod outputs;
pub mod packages;
pub mod paths;
pub mod pinning;
pub mod platform;
pub mod ports;
pub mod process;
pub mod releases;
pub mod remote;
pub mod role;
mod run;
pub mod run_scripts;
pub mod scope;
pub mod secrets;
pub mod shell;
pub mod stage;
pub mod users;
mod validate;

pub use stage::*;

use crate::parse::{ArgForm, Dockerfile, Instruction, Kind, ParseError};
use crate::span::{Span, Spanned};
use expand::{expand_within, unquote, Budget, Expanded, Limit, Value};
use images::{FamilyEntry, ImageFacts};
use std::collections::HashMap;
use std::sync::Arc;

/// ARGs Docker predefines for every build (the proxies): usable without `ARG`, and passed to
/// every RUN.
pub(crate) const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What the command line and configuration tell the model.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// `--build-arg K=V`: overrides ARG defaults.
    pub build_args: Vec<(String, String)>,
    /// `--target NAME`: the stage that is built instead of the last one.
    pub target: Option<String>,
    /// Extra base-image families from the configuration.
    pub extra_images: Vec<FamilyEntry>,
    /// `image-role`: what the final image is for (`role.rs`).
    pub image_role: role::ImageRole,
}

/// ARGs BuildKit defines automatically. Their values depend on the build machine; we assume
/// a linux/amd64 build for linux/amd64, the common case, so that `FROM` lines resolve.
pub const AUTOMATIC_ARGS: &[(&str, &str)] = &[
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
];

/// The semantic model of one Dockerfile. It owns the syntax tree it was built from, so that
/// rules read the model only.
#[derive(Debug, Clone)]
pub struct Model {
    /// The syntax tree.
    dockerfile: Dockerfile,
    /// ARGs declared before the first FROM, with their effective values.
    pub global_args: Vec<Var>,
    pub stages: Vec<Stage>,
    /// The stage that is built: the `--target` stage, or the last one.
    pub final_stage: Option<StageId>,
    /// `--target` named a stage that does not exist.
    pub missing_target: Option<String>,
    /// Instruction errors BuildKit raises after parsing (wrong argument count, unknown flag,
    /// an instruction before the first FROM, ...), from `validate.rs`: at most one per
    /// instruction, none for one the parser reported.
    pub errors: Vec<ParseError>,
    /// Stage index of each instruction (`None` before the first FROM).
    pub stage_of: Vec<Option<StageId>>,
    /// The first stage with each alias, so that looking a name up does not scan every stage
    /// (a file with 10,000 stages would otherwise take quadratic time).
    first_alias: HashMap<String, StageId>,
    /// Every stage's build commands and the build each `COPY --from` copies, computed on
    /// first use.
    artifacts: std::sync::OnceLock<outputs::Artifacts>,
    /// The root of each stage's `FROM <stage>` chain.
    roots: Vec<StageId>,
    /// `image-role` from the configuration.
    role: role::ImageRole,
    /// Per stage: its chain installs a C toolchain (`role.rs`), computed on first use.
    pub(crate) c_toolchain: std::sync::OnceLock<Vec<bool>>,
    /// Every registry image the build pulls (`pinning.rs`), computed on first use: several
    /// rules read it.
    pub(crate) pulled: std::sync::OnceLock<Vec<pinning::PulledImage>>,
    /// The script of each shell-form CMD and ENTRYPOINT (its text trimmed, offsets into that
    /// text), by instruction index: parsed once here, read by `process` and the rules.
    command_lines: HashMap<usize, shell::ShellScript>,
}

impl Model {
    pub fn build(dockerfile: Dockerfile, opts: &ModelOptions) -> Model {
        let mut model = Builder::new(&dockerfile, opts).build();
        model.command_lines = dockerfile
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                matches!(i.kind, Kind::Cmd | Kind::Entrypoint) && i.form == ArgForm::Shell
            })
            .map(|(k, i)| {
                (
                    k,
                    shell::parse_text(i.rest.value.trim(), shell::Dialect::Sh),
                )
            })
            .collect();
        model.dockerfile = dockerfile;
        model
    }

    /// The syntax tree the model was built from.
    pub fn dockerfile(&self) -> &Dockerfile {
        &self.dockerfile
    }

    /// The shell script of the shell-form CMD or ENTRYPOINT at instruction `idx` (its text
    /// trimmed; offsets are into that text).
    pub fn command_line(&self, idx: usize) -> Option<&shell::ShellScript> {
        self.command_lines.get(&idx)
    }

    /// The instructions, in source order; stages and facts refer to them by index.
    pub fn instructions(&self) -> &[Instruction] {
        &self.dockerfile.instructions
    }

    /// The instruction at an index, if there is one.
    pub fn instruction(&self, idx: usize) -> Option<&Instruction> {
        self.dockerfile.instructions.get(idx)
    }

    /// Everything Docker would reject: the parser's errors, then the instruction errors
    /// BuildKit raises after parsing (`errors`).
    pub fn syntax_errors(&self) -> impl Iterator<Item = &ParseError> {
        self.dockerfile.errors.iter().chain(self.errors.iter())
    }

    pub fn stage(&self, id: StageId) -> &Stage {
        &self.stages[id.0]
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.final_stage.map(|id| self.stage(id))
    }

    /// A stage and its `FROM <stage>` ancestors, the stage itself first.
    pub fn chain(&self, id: StageId) -> Vec<&Stage> {
        let mut out = vec![self.stage(id)];
        let mut cur = id;
        while let BaseImage::Stage(parent) = self.stage(cur).base {
            // stages only refer to earlier ones, so this ends
            if parent.0 >= cur.0 {
                break;
            }
            out.push(self.stage(parent));
            cur = parent;
        }
        out
    }

    /// Every ENV instruction in effect in stage `id` (its ancestors' first, then its own), in
    /// source order, shadowed ones included.
    pub fn env_writes_in_chain(&self, id: StageId) -> impl Iterator<Item = &Var> {
        let mut chain = self.chain(id);
        chain.reverse();
        chain.into_iter().flat_map(|s| s.env_writes.iter())
    }

    /// The root stage of a chain (the one built from an image, scratch or unresolved).
    pub fn chain_root(&self, id: StageId) -> &Stage {
        self.stage(self.roots.get(id.0).copied().unwrap_or(id))
    }

    /// Every stage's build commands and the build each `COPY --from` copies (built once).
    fn artifacts(&self) -> &outputs::Artifacts {
        self.artifacts.get_or_init(|| outputs::Artifacts::new(self))
    }

    /// A stage by alias (case-insensitive) or by index.
    pub fn stage_by_ref(&self, r: &str) -> Option<StageId> {
        let lower = r.to_ascii_lowercase();
        if let Some(&id) = self.first_alias.get(&lower) {
            return Some(id);
        }
        r.parse::<usize>()
            .ok()
            .filter(|&i| i < self.stages.len())
            .map(StageId)
    }

    /// Stages the given stage needs (through FROM, `COPY --from` and `RUN --mount=from=`),
    /// itself included, in index order.
    pub fn dependencies(&self, id: StageId) -> Vec<StageId> {
        let mut seen = vec![false; self.stages.len()];
        let mut todo = vec![id];
        while let Some(s) = todo.pop() {
            if seen[s.0] {
                continue;
            }
            seen[s.0] = true;
            let st = self.stage(s);
            if let BaseImage::Stage(p) = st.base {
                todo.push(p);
            }
            for c in &st.copies {
                if let CopySource::Stage(p) = c.source {
                    todo.push(p);
                }
            }
            for r in &st.runs {
                for m in &r.mounts {
                    if let Some(p) = m.from.as_deref().and_then(|f| self.stage_by_ref(f)) {
                        if p.0 < s.0 {
                            todo.push(p);
                        }
                    }
                }
            }
        }
        (0..self.stages.len())
            .filter(|&i| seen[i])
            .map(StageId)
            .collect()
    }
}

struct Builder<'a> {
    df: &'a Dockerfile,
    opts: &'a ModelOptions,
    escape: char,
    global_args: Vec<Var>,
    stages: Vec<Stage>,
    stage_of: Vec<Option<StageId>>,
    /// The first stage with each alias, so that `FROM <stage>` and `--from=<stage>` are found
    /// without scanning every earlier stage (a scan made files with many stages quadratic).
    first_alias: HashMap<String, StageId>,
    /// The last global ARG of each name.
    global_index: HashMap<Arc<str>, usize>,
    /// Bytes of variable values the file may still have substituted (see `expand::Budget`).
    budget: Budget,
    /// Whether the error for an exhausted budget has been given (once per file).
    budget_reported: bool,
    /// Where each error so far starts (the parser's and ours), to tell in O(log n) whether an
    /// instruction already has one.
    error_starts: std::collections::BTreeSet<usize>,
    /// `# hadolint shell=<name>` comments: (offset, dialect), in source order.
    shell_pragmas: Vec<(usize, shell::Dialect)>,
    /// Each global ARG's value from its default alone (no `--build-arg`), by name: what
    /// BuildKit's InvalidDefaultArgInFrom expands `FROM` with. `None`: declared without one.
    global_defaults: HashMap<Arc<str>, Option<Value>>,
    /// The substitution budget of those default-only expansions, apart from `budget` so that
    /// they change nothing of the model's own expansion.
    default_budget: Budget,
    /// Limits that stopped an expansion (instruction errors are `validate.rs`'s).
    errors: Vec<ParseError>,
}

impl<'a> Builder<'a> {
    fn new(df: &'a Dockerfile, opts: &'a ModelOptions) -> Self {
        Builder {
            df,
            opts,
            escape: df.escape,
            global_args: Vec::new(),
            stages: Vec::new(),
            stage_of: vec![None; df.instructions.len()],
            first_alias: HashMap::new(),
            global_index: HashMap::new(),
            budget: Budget::for_file(df.instructions.last().map_or(0, |i| i.span.end)),
            budget_reported: false,
            error_starts: df.errors.iter().map(|e| e.span.start).collect(),
            shell_pragmas: df
                .comments
                .iter()
                .filter_map(|c| Some((c.span.start, shell_pragma(&c.text)?)))
                .collect(),
            errors: Vec::new(),
            global_defaults: HashMap::new(),
            default_budget: Budget::for_file(df.instructions.last().map_or(0, |i| i.span.end)),
        }
    }

    /// The value of a global ARG from defaults alone (automatic ARGs included).
    fn default_lookup(&self, name: &str) -> Option<Value> {
        match self.global_defaults.get(name) {
            Some(v) => Some(v.clone().unwrap_or_else(|| Value::from(""))),
            None => AUTOMATIC_ARGS
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| Value::from(*v)),
        }
    }

    /// What BuildKit's FROM checks need of a `FROM` word: the variables it names that no
    /// global ARG declares, and whether it is an image reference with default values alone.
    fn read_from_vars(&self, image: &str, platform: Option<&str>) -> FromVars {
        let declared = |n: &str| {
            (self.global_defaults.contains_key(n) || AUTOMATIC_ARGS.iter().any(|(k, _)| *k == n))
                .then(|| Value::from(""))
        };
        let mut undeclared = Vec::new();
        for w in std::iter::once(image).chain(platform) {
            if w.contains('$') {
                for n in expand::expand(w, self.escape, &declared).unresolved {
                    if !undeclared.contains(&n) {
                        undeclared.push(n);
                    }
                }
            }
        }
        let mut default_image = None;
        let mut without_default = false;
        if image.contains('$') && undeclared.is_empty() {
            let e = expand_within(
                image,
                self.escape,
                &|n| self.default_lookup(n),
                &self.default_budget,
            );
            if e.limit.is_none() {
                default_image = Some(e.text);
            }
            let uses_required = |n: &str| matches!(self.global_defaults.get(n), Some(None));
            // which declared variables it names: expand again, reporting every name as unknown
            without_default = expand::expand(image, self.escape, &|_| None)
                .unresolved
                .iter()
                .any(|n| uses_required(n));
        }
        FromVars {
            undeclared,
            default_image,
            uses_arg_without_default: without_default,
        }
    }

    /// Reports a limit that stopped the expansion of a word at `span`: nesting at each word,
    /// the budget once per file (every later substitution is refused too).
    fn note_limit(&mut self, e: &Expanded, span: Span, what: &str) {
        match e.limit {
            None => {}
            Some(Limit::Nesting) => self.error_always(
                span,
                format!(
                    "{what} could not be resolved: {}",
                    Limit::Nesting.describe()
                ),
                Some("use fewer nested defaults".to_string()),
            ),
            Some(Limit::Budget) if !self.budget_reported => {
                self.budget_reported = true;
                self.error_always(
                    span,
                    format!(
                        "{what} could not be resolved: {}; from here on, variables that would \
                         go over it are treated as unset",
                        Limit::Budget.describe()
                    ),
                    Some(format!(
                        "at most {} MiB per word and {} times the file size plus {} MiB per file \
                         are substituted",
                        expand::MAX_SUBSTITUTED >> 20,
                        expand::FILE_BUDGET_FACTOR,
                        expand::FILE_BUDGET_BASE >> 20
                    )),
                );
            }
            Some(Limit::Budget) => {}
        }
    }

    /// An error that is given even where the parser reported one (a limit is not a syntax
    /// error, and it hides what follows).
    fn error_always(&mut self, span: Span, message: String, help: Option<String>) {
        self.error_starts.insert(span.start);
        self.errors.push(ParseError {
            message,
            span,
            help,
        });
    }

    fn build_arg(&self, name: &str) -> Option<String> {
        self.opts
            .build_args
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn build(mut self) -> Model {
        let df = self.df;
        for (idx, ins) in df.instructions.iter().enumerate() {
            match ins.kind {
                Kind::From => self.start_stage(idx, ins),
                Kind::Arg if self.stages.is_empty() => self.global_arg(idx, ins),
                // reported by `validate`
                _ if self.stages.is_empty() => {}
                _ => {
                    let sid = StageId(self.stages.len() - 1);
                    self.stage_of[idx] = Some(sid);
                    self.stage_instruction(sid, idx, ins);
                }
            }
        }
        let (final_stage, missing_target) = match &self.opts.target {
            Some(t) => {
                let lower = t.to_ascii_lowercase();
                match self.first_alias.get(&lower) {
                    Some(&id) => (Some(id), None),
                    None => (self.stages.last().map(|s| s.id), Some(t.clone())),
                }
            }
            None => (self.stages.last().map(|s| s.id), None),
        };
        // stages only build on earlier ones, so each root is known when its stage comes
        let mut roots: Vec<StageId> = Vec::with_capacity(self.stages.len());
        for st in &self.stages {
            let root = match st.base {
                BaseImage::Stage(p) if p.0 < st.id.0 => roots.get(p.0).copied().unwrap_or(p),
                _ => st.id,
            };
            roots.push(root);
        }
        Model {
            // set by `Model::build`, which owns the tree
            dockerfile: Dockerfile::default(),
            artifacts: std::sync::OnceLock::new(),
            roots,
            role: self.opts.image_role,
            c_toolchain: std::sync::OnceLock::new(),
            pulled: std::sync::OnceLock::new(),
            command_lines: HashMap::new(),
            global_args: self.global_args,
            stages: self.stages,
            final_stage,
            missing_target,
            // BuildKit's instruction errors, then the limits that stopped an expansion
            errors: validate::validate(df)
                .into_iter()
                .chain(self.errors)
                .collect(),
            stage_of: self.stage_of,
            first_alias: self.first_alias,
        }
    }

    /// Variables visible to FROM and `--from`: global ARGs (overridden by build args) and the
    /// automatic platform ARGs.
    fn global_lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self
            .global_index
            .get(name)
            .and_then(|&i| self.global_args.get(i))
        {
            return Some(v.value.clone());
        }
        AUTOMATIC_ARGS
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| Value::from(*v))
    }

    fn global_arg(&mut self, idx: usize, ins: &Instruction) {
        for w in &ins.args {
            let (name, default) = match w.value.split_once('=') {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (w.value.clone(), None),
            };
            let value = match self.build_arg(&name) {
                Some(v) => v,
                None => match &default {
                    Some(d) => {
                        let e =
                            expand_within(d, self.escape, &|n| self.global_lookup(n), &self.budget);
                        self.note_limit(&e, w.span, &format!("the value of `{name}`"));
                        e.text
                    }
                    None => String::new(),
                },
            };
            let name: Arc<str> = name.into();
            let default_value = default.as_ref().map(|d| {
                let e = expand_within(
                    d,
                    self.escape,
                    &|n| self.default_lookup(n),
                    &self.default_budget,
                );
                Value::from(e.text)
            });
            self.global_defaults.insert(name.clone(), default_value);
            self.global_index
                .insert(name.clone(), self.global_args.len());
            self.global_args.push(Var {
                no_default: default.is_none() && self.build_arg(&name).is_none(),
                name,
                value: value.into(),
                span: w.span,
                stage: None,
                instruction: idx,
            });
        }
    }

    fn start_stage(&mut self, idx: usize, ins: &Instruction) {
        let id = StageId(self.stages.len());
        self.stage_of[idx] = Some(id);
        // the previous stage's instructions end here
        if let Some(prev) = self.stages.last_mut() {
            prev.instructions.end = idx;
        }
        let args = &ins.args;
        let image_word = args
            .first()
            .cloned()
            .unwrap_or_else(|| Spanned::new(String::new(), Span::empty(ins.keyword.end)));
        let mut alias = None;
        if args.len() >= 3 && args[1].value.eq_ignore_ascii_case("as") {
            let name = args[2].value.to_ascii_lowercase();
            alias = Some(Spanned::new(name, args[2].span));
        }
        let platform = ins.flag_value("platform").cloned();
        let platform_flag = platform.as_ref().and(ins.flag("platform")).map(|f| f.span);
        let from_vars = self.read_from_vars(
            &image_word.value,
            platform.as_ref().map(|p| p.value.as_str()),
        );
        let expanded = expand_within(
            &image_word.value,
            self.escape,
            &|n| self.global_lookup(n),
            &self.budget,
        );
        self.note_limit(&expanded, image_word.span, "the image reference");
        let base = self.resolve_base(&image_word, &expanded);
        let unresolved_reason = matches!(base, BaseImage::Unresolved(_)).then(|| {
            if let Some(limit) = expanded.limit {
                limit.describe()
            } else if let Some(name) = expanded.unresolved.first() {
                format!(
                    "`{}` has no value here (a `--build-arg` may give it one)",
                    shorten(name, 64)
                )
            } else if expanded.text.trim().is_empty() {
                "it is empty".to_string()
            } else {
                "it is not a valid image reference".to_string()
            }
        });
        let facts = match &base {
            BaseImage::Registry(img) => self.facts_for(&img.text),
            BaseImage::Stage(p) => self.stages[p.0].facts.clone(),
            BaseImage::Scratch => self.facts_for("scratch"),
            BaseImage::Unresolved(_) => ImageFacts::unknown(),
        };
        let releases = match &base {
            BaseImage::Registry(img) => image_ref::parse_image_ref(&img.text)
                .map(|r| releases::release_facts(&r))
                .unwrap_or_default(),
            BaseImage::Stage(p) => self.stages[p.0].releases.clone(),
            _ => Vec::new(),
        };
        // inherit from the parent stage
        let (user, env, workdir, shell) = match &base {
            BaseImage::Stage(p) => {
                let ps = &self.stages[p.0];
                (
                    ps.user.clone(),
                    ps.env.clone(),
                    ps.workdir.clone(),
                    ps.shell.clone(),
                )
            }
            _ => (None, scope::Scope::default(), None, None),
        };
        if let Some(a) = &alias {
            self.first_alias.entry(a.value.clone()).or_insert(id);
        }
        self.stages.push(Stage {
            id,
            from_instruction: idx,
            instructions: idx + 1..self.df.instructions.len(),
            alias,
            base,
            base_word: image_word,
            unresolved_reason,
            platform,
            platform_flag,
            from_vars,
            facts,
            releases,
            user,
            env_writes: Vec::new(),
            env,
            args: Vec::new(),
            arg_index: HashMap::new(),
            workdir,
            shell,
            copies: Vec::new(),
            runs: Vec::new(),
            onbuild_runs: Vec::new(),
            created_users: Vec::new(),
            workdirs: Vec::new(),
        });
    }

    fn facts_for(&self, text: &str) -> ImageFacts {
        match image_ref::parse_image_ref(text) {
            Some(r) => images::image_facts_with(&r, &self.opts.extra_images),
            None => ImageFacts::unknown(),
        }
    }

    fn resolve_base(&self, word: &Spanned<String>, e: &Expanded) -> BaseImage {
        let text = e.text.trim();
        if !e.is_resolved() || text.is_empty() {
            return BaseImage::Unresolved(word.clone());
        }
        let lower = text.to_ascii_lowercase();
        // the index holds only earlier stages: this one is not added yet
        if let Some(&s) = self.first_alias.get(&lower) {
            return BaseImage::Stage(s);
        }
        if lower == "scratch" {
            return BaseImage::Scratch;
        }
        let Some(r) = image_ref::parse_image_ref(text) else {
            return BaseImage::Unresolved(word.clone());
        };
        // Part spans are exact only when the text is the source text unchanged.
        let exact = !e.substituted && text == word.value;
        let part = |range: Option<std::ops::Range<usize>>| -> Option<Span> {
            let range = range?;
            Some(if exact {
                word.span.sub(range.start, range.end)
            } else {
                word.span
            })
        };
        let name_range = r
            .registry_range
            .clone()
            .map_or(r.path_range.clone(), |rr| rr.start..r.path_range.end);
        BaseImage::Registry(Image {
            text: text.to_string(),
            registry: r.registry.clone(),
            name: r.name.clone(),
            tag: r
                .tag
                .clone()
                .map(|t| Spanned::new(t, part(r.tag_range.clone()).unwrap_or(word.span))),
            digest: r
                .digest
                .clone()
                .map(|d| Spanned::new(d, part(r.digest_range.clone()).unwrap_or(word.span))),
            name_span: part(Some(name_range)).unwrap_or(word.span),
            span: word.span,
            from_args: !exact,
        })
    }

    /// Variables visible inside stage `sid` at this point: its ENV, its ARGs, then automatic
    /// ARGs (global ARGs are visible only once re-declared in the stage).
    fn stage_lookup(&self, sid: StageId, name: &str) -> Option<Value> {
        let st = &self.stages[sid.0];
        // ENV shadows ARG, as in BuildKit.
        st.env_var(name)
            .or_else(|| st.arg(name))
            .map(|v| v.value.clone())
    }

    fn expand_in(&mut self, sid: StageId, word: &str, span: Span, what: &str) -> Expanded {
        let e = expand_within(
            word,
            self.escape,
            &|n| self.stage_lookup(sid, n),
            &self.budget,
        );
        self.note_limit(&e, span, what);
        e
    }

    fn stage_instruction(&mut self, sid: StageId, idx: usize, ins: &'a Instruction) {
        match ins.kind {
            Kind::Arg => {
                for w in &ins.args {
                    let (name, default) = match w.value.split_once('=') {
                        Some((n, d)) => (n.to_string(), Some(d.to_string())),
                        None => (w.value.clone(), None),
                    };
                    let global = self
                        .global_index
                        .get(name.as_str())
                        .and_then(|&i| self.global_args.get(i))
                        .map(|v| v.value.clone());
                    let value: Value = match (self.build_arg(&name), &default) {
                        (Some(v), _) => v.into(),
                        (None, Some(d)) => self
                            .expand_in(sid, d, w.span, &format!("the value of `{name}`"))
                            .text
                            .into(),
                        (None, None) => global.clone().unwrap_or_else(|| Value::from("")),
                    };
                    let no_default = default.is_none() && global.is_none();
                    let name: Arc<str> = name.into();
                    let st = &mut self.stages[sid.0];
                    st.arg_index.insert(name.clone(), st.args.len());
                    st.args.push(Var {
                        name,
                        value,
                        span: w.span,
                        stage: Some(sid),
                        instruction: idx,
                        no_default,
                    });
                }
            }
            Kind::Env => {
                for pair in ins.args.chunks(2) {
                    let [k, v] = pair else { continue };
                    let what = format!("the value of `{}`", k.value);
                    let value = self.expand_in(sid, &v.value, v.span, &what).text;
                    let var = Var {
                        name: k.value.as_str().into(),
                        value: value.into(),
                        span: v.span,
                        stage: Some(sid),
                        instruction: idx,
                        no_default: false,
                    };
                    let st = &mut self.stages[sid.0];
                    st.env.insert(Arc::new(var.clone()));
                    st.env_writes.push(var);
                }
            }
            Kind::User => {
                if let Some(w) = ins.args.first() {
                    let e = self.expand_in(sid, &w.value, w.span, "the user");
                    let user = if e.is_resolved() {
                        User::parse(&e.text)
                    } else {
                        User::Unresolved(w.value.clone())
                    };
                    let group = e.text.split_once(':').map(|(_, g)| g.to_string());
                    self.stages[sid.0].user = Some(UserSetting {
                        user,
                        group,
                        text: e.text,
                        span: w.span,
                        stage: sid,
                        instruction: idx,
                    });
                }
            }
            Kind::Workdir => {
                if let Some(w) = ins.args.first() {
                    let e = self.expand_in(sid, &w.value, w.span, "the path");
                    let st = &mut self.stages[sid.0];
                    let path = if e.text.starts_with('/') {
                        e.text
                    } else {
                        let base = st.workdir.as_ref().map_or("/", |w| w.value.as_str());
                        format!("{}/{}", base.trim_end_matches('/'), e.text)
                    };
                    st.workdirs.push((idx, path.clone()));
                    st.workdir = Some(Spanned::new(path, w.span));
                }
            }
            Kind::Shell => {
                if ins.form == ArgForm::Json {
                    let words = ins.args.iter().map(|w| w.value.clone()).collect();
                    self.stages[sid.0].shell = Some(Spanned::new(words, ins.span));
                }
            }
            Kind::Copy | Kind::Add => self.copy(sid, idx, ins),
            Kind::Run => {
                let fact =
                    run::run_fact(idx, ins, self.escape, self.shell_ctx(sid, ins.span.start));
                let users = run::created_users(&fact);
                let st = &mut self.stages[sid.0];
                st.created_users.extend(users);
                st.runs.push(fact);
            }
            // `ONBUILD RUN …`: split like a RUN, kept apart (it runs in images built FROM
            // this one, not here)
            Kind::Onbuild if ins.sub.as_deref().is_some_and(|sub| sub.kind == Kind::Run) => {
                if let Some(sub) = ins.sub.as_deref() {
                    let fact =
                        run::run_fact(idx, sub, self.escape, self.shell_ctx(sid, ins.span.start));
                    self.stages[sid.0].onbuild_runs.push(fact);
                }
            }
            Kind::Cmd
            | Kind::Entrypoint
            | Kind::Expose
            | Kind::Volume
            | Kind::Label
            | Kind::Stopsignal
            | Kind::Maintainer
            | Kind::Healthcheck
            | Kind::Onbuild
            | Kind::From
            | Kind::Unknown => {}
        }
    }

    /// How a RUN at `offset` in stage `sid` is read: the stage's SHELL (inherited through
    /// `FROM <stage>`), else a `# hadolint shell=` pragma (in this stage before the RUN, else
    /// one before the first FROM), else the base image's `/bin/sh`.
    fn shell_ctx(&self, sid: StageId, offset: usize) -> run::ShellCtx {
        let st = &self.stages[sid.0];
        if let Some(sh) = &st.shell {
            let words = &sh.value;
            let dialect = words
                .first()
                .and_then(|p| shell::Dialect::from_program(p))
                .unwrap_or_default();
            let pipefail = words
                .windows(2)
                .any(|w| w[1] == "pipefail" && w[0].starts_with('-') && w[0].ends_with('o'));
            return run::ShellCtx { dialect, pipefail };
        }
        let first_from = self.df.instructions.iter().find(|i| i.kind == Kind::From);
        let first_from = first_from.map_or(0, |i| i.span.start);
        let stage_start = self
            .df
            .instructions
            .get(st.from_instruction)
            .map_or(0, |i| i.span.start);
        let before = self.shell_pragmas.partition_point(|p| p.0 < offset);
        let pragma = before
            .checked_sub(1)
            .and_then(|k| self.shell_pragmas.get(k))
            .filter(|p| p.0 >= stage_start)
            .or_else(|| {
                let global = self.shell_pragmas.partition_point(|p| p.0 < first_from);
                global
                    .checked_sub(1)
                    .and_then(|k| self.shell_pragmas.get(k))
            });
        if let Some(&(_, dialect)) = pragma {
            return run::ShellCtx {
                dialect,
                pipefail: false,
            };
        }
        run::ShellCtx {
            dialect: base_sh(&st.facts),
            pipefail: false,
        }
    }

    fn copy(&mut self, sid: StageId, idx: usize, ins: &Instruction) {
        let mut words: Vec<Spanned<String>> = ins
            .args
            .iter()
            .map(|w| {
                let v = if ins.form == ArgForm::Json {
                    w.value.clone()
                } else {
                    unquote(&w.value, self.escape)
                };
                Spanned::new(v, w.span)
            })
            .collect();
        let heredoc = !ins.heredocs.is_empty();
        if heredoc {
            // heredoc markers are sources, not paths
            words.retain(|w| !ins.heredocs.iter().any(|h| h.marker == w.span));
        }
        let dest = if words.len() >= 2 || (heredoc && !words.is_empty()) {
            words.pop()
        } else {
            None
        };
        let from = ins.flag_value("from").cloned();
        let source = match &from {
            None => CopySource::Context,
            Some(f) => {
                let e = expand_within(
                    &f.value,
                    self.escape,
                    &|n| self.global_lookup(n),
                    &self.budget,
                );
                self.note_limit(&e, f.span, "the `--from` value");
                self.copy_source(sid, &e.text)
            }
        };
        let fact = CopyFact {
            instruction: idx,
            kind: ins.kind,
            source,
            from,
            sources: words,
            dest,
            chmod: ins.flag_value("chmod").cloned(),
            chown: ins.flag_value("chown").cloned(),
            checksum: ins.flag_value("checksum").cloned(),
            heredoc,
            span: ins.span,
            keyword: ins.keyword,
        };
        self.stages[sid.0].copies.push(fact);
    }

    fn copy_source(&self, sid: StageId, name: &str) -> CopySource {
        let lower = name.to_ascii_lowercase();
        let own = self.stages[sid.0]
            .alias
            .as_ref()
            .is_some_and(|a| a.value == lower);
        if own {
            return CopySource::OwnStage;
        }
        if let Some(&s) = self.first_alias.get(&lower).filter(|s| s.0 < sid.0) {
            return CopySource::Stage(s);
        }
        if let Ok(i) = name.parse::<usize>() {
            return match i.cmp(&sid.0) {
                std::cmp::Ordering::Less => CopySource::Stage(StageId(i)),
                std::cmp::Ordering::Equal => CopySource::OwnStage,
                std::cmp::Ordering::Greater => CopySource::Unknown(name.to_string()),
            };
        }
        // A name with a registry, a tag or a digest is an image reference; a bare word that
        // is no earlier stage is most likely a misspelt stage name.
        let looks_like_image =
            name.contains(['/', ':', '@', '.']) && image_ref::parse_image_ref(name).is_some();
        if looks_like_image {
            CopySource::Image(name.to_string())
        } else {
            CopySource::Unknown(name.to_string())
        }
    }
}

/// `s` cut to at most `max` characters, with `…` when cut (for text quoted in a message).
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// "Did you mean" distance, shared with the configuration layer.
pub use crate::diagnostic::edit_distance;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod limits_tests;

/// `hadolint shell=<name>` (a comment's text after `#`): the dialect it names.
fn shell_pragma(text: &str) -> Option<shell::Dialect> {
    let rest = text.trim().strip_prefix("hadolint")?;
    let name = rest.trim_start().strip_prefix("shell=")?.trim();
    shell::Dialect::from_program(name)
}

/// The shell of a shell-form `RUN` on a base image: `cmd` on Windows (Docker's default `SHELL`
/// there), else the image's `/bin/sh` as the image table gives it (`shell`). An image whose
/// `/bin/sh` is unknown, or that has none, is read as a POSIX `sh`.
pub(crate) fn base_sh(facts: &ImageFacts) -> shell::Dialect {
    use images::{Os, Shell};
    if facts.os == Os::Windows {
        return shell::Dialect::Cmd;
    }
    match facts.shell {
        Shell::Ash => shell::Dialect::Ash,
        Shell::Dash => shell::Dialect::Dash,
        Shell::Bash => shell::Dialect::Bash,
        Shell::Cmd => shell::Dialect::Cmd,
        Shell::Sh | Shell::None | Shell::Unknown => shell::Dialect::Sh,
    }
}
