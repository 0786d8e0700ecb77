//! The build commands of every stage, what each stage's `FROM <stage>` chain holds that their
//! linking depends on, and which build each `COPY --from=<stage>` copies: computed once per
//! file, on first use, in time linear in the file.
//!
//! A copy from stage S may copy a build of S or of any of its ancestors, the nearest first.
//! Recomputing the outputs of S's whole chain for every S cost the chain's length per stage, so
//! a long `FROM` chain was quadratic. Here each stage's own builds are read once, the chain
//! facts are folded from the parent's, and the copies are answered during one walk of the
//! `FROM` forest that keeps the builds of the current chain indexed (pushed when a stage is
//! entered, popped when it is left).

use super::artifacts::{
    absolute, build_command, in_bin_dir, is_cargo_target_path, is_data_path, normalise, path_holds,
    suffix_match, BuildOutput, BuildTool, C_COMPILER_PACKAGES,
};
use super::{BaseImage, CopyFact, CopySource, Model, Stage, StageId};
use std::collections::HashMap;

/// A build command of a stage and where it is. Its `linking` is left `Unknown`: it depends on
/// the stage a binary is copied from (`Model::copied_binary`).
#[derive(Debug, Clone)]
pub(super) struct OwnBuild {
    /// Index in the stage's `runs`.
    pub run: usize,
    /// Index in that RUN's `commands`.
    pub command: usize,
    pub build: BuildOutput,
    /// The output path normalised (`normalise`), if there is one.
    norm: Option<String>,
}

/// ARGs the linking of a build reads; `ChainFacts::args` has one entry per name.
pub(super) const LINK_ARGS: &[&str] = &[
    "CGO_ENABLED",
    "RUSTFLAGS",
    "CARGO_BUILD_TARGET",
    "GOARCH",
    "GOOS",
];

/// What a stage's chain (the stage and its `FROM <stage>` ancestors) holds that decides how a
/// build is linked, folded from the parent's.
#[derive(Debug, Clone, Default)]
pub(super) struct ChainFacts {
    /// A package that brings a C compiler is installed in the chain.
    pub compiler_installed: bool,
    /// `go env -w CGO_ENABLED=0` runs in the chain.
    pub go_env_cgo_off: bool,
    /// The first ENV of the chain (root first) giving a `…FLAGS…` variable a value with
    /// `-static`: the stage and the index in its `env_writes`.
    pub env_static: Option<(StageId, usize)>,
    /// For each of `LINK_ARGS`, the nearest stage of the chain (the stage itself first) that
    /// declares it.
    pub args: [Option<StageId>; LINK_ARGS.len()],
}

/// The build a `COPY --from` copies.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    /// The stage copied from.
    pub from: StageId,
    /// The index of the source in `CopyFact::sources`.
    pub source: usize,
    /// The stage that runs the build and its index in that stage's builds.
    pub stage: StageId,
    pub build: usize,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Artifacts {
    /// Per stage, its own build commands in source order.
    pub builds: Vec<Vec<OwnBuild>>,
    /// Per stage, its chain's facts.
    pub chains: Vec<ChainFacts>,
    /// The build each copy copies, by the COPY's instruction index.
    pub copied: HashMap<usize, Found>,
}

/// `…FLAGS=…-static…`
pub(super) fn static_flag((n, v): &(&str, &str)) -> bool {
    n.contains("FLAGS") && v.contains("-static")
}

fn own_builds(stage: &Stage) -> Vec<OwnBuild> {
    let mut out = Vec::new();
    for (ri, run) in stage.runs.iter().enumerate() {
        for (ci, c) in run.commands.iter().enumerate() {
            if let Some(build) = build_command(stage, c) {
                let norm = build.output.as_deref().map(normalise);
                out.push(OwnBuild {
                    run: ri,
                    command: ci,
                    build,
                    norm,
                });
            }
        }
    }
    out
}

fn own_chain_facts(stage: &Stage, parent: Option<&ChainFacts>) -> ChainFacts {
    let mut f = parent.cloned().unwrap_or_default();
    f.compiler_installed |= stage
        .runs
        .iter()
        .flat_map(|r| &r.installs)
        .any(|p| C_COMPILER_PACKAGES.contains(&p.name.as_str()));
    f.go_env_cgo_off |= stage.runs.iter().any(|r| {
        r.commands_named("go")
            .any(|c| c.word_is(1, "env") && c.args().iter().any(|w| w.value == "CGO_ENABLED=0"))
    });
    if f.env_static.is_none() {
        f.env_static = stage
            .env_writes
            .iter()
            .position(|v| static_flag(&(&*v.name, &*v.value)))
            .map(|i| (stage.id, i));
    }
    for (slot, name) in f.args.iter_mut().zip(LINK_ARGS) {
        if stage.arg(name).is_some() {
            *slot = Some(stage.id);
        }
    }
    f
}

fn is_wild(component: &str) -> bool {
    component.contains(['$', '*'])
}

fn components(p: &str) -> Vec<&str> {
    p.split('/').filter(|s| !s.is_empty()).collect()
}

/// A build of the current chain: the depth of its stage in the walk, the stage, the index in
/// its builds. Chain order (the order `find` prefers) is the deepest stage first, then the
/// stage's own order.
type Entry = (usize, StageId, usize);

fn chain_order(e: &Entry) -> (std::cmp::Reverse<usize>, usize) {
    (std::cmp::Reverse(e.0), e.2)
}

/// The builds of the chain being walked, indexed.
#[derive(Default)]
struct ChainIndex<'a> {
    /// A trie of the plain absolute outputs (no `$`, no `*`) by path component: (parent node,
    /// component) → node; node 0 is `/`.
    nodes: HashMap<(usize, &'a str), usize>,
    /// Per node (`nodes` value − 1): the first build of each stage of the chain whose output
    /// is at or below that path, the nearest stage on top.
    at: Vec<Vec<Entry>>,
    /// Builds whose output must be compared one by one (relative, or with `$`/`*`), the first
    /// in chain order on top.
    special: Vec<Entry>,
    /// The first Cargo build of each stage, nearest on top.
    cargo: Vec<Entry>,
    /// The first build of each stage that installs into a `bin` directory, nearest on top.
    bin_dir: Vec<Entry>,
    /// The stages of the chain with builds, nearest on top.
    with_builds: Vec<(usize, StageId)>,
    /// The nodes whose `at` each stage of the chain pushed to, in order (popped on leaving).
    pushed: Vec<usize>,
}

/// How much of each stack a stage pushed, to pop it on leaving.
struct Mark {
    pushed: usize,
    special: usize,
    cargo: usize,
    bin_dir: usize,
    with_builds: usize,
}

impl<'a> ChainIndex<'a> {
    fn enter(&mut self, depth: usize, id: StageId, builds: &'a [OwnBuild]) -> Mark {
        let mark = Mark {
            pushed: self.pushed.len(),
            special: self.special.len(),
            cargo: self.cargo.len(),
            bin_dir: self.bin_dir.len(),
            with_builds: self.with_builds.len(),
        };
        let mut special = Vec::new();
        for (i, b) in builds.iter().enumerate() {
            let entry = (depth, id, i);
            if b.build.tool == BuildTool::Cargo && self.cargo.len() == mark.cargo {
                self.cargo.push(entry);
            }
            if b.build.to_bin_dir && self.bin_dir.len() == mark.bin_dir {
                self.bin_dir.push(entry);
            }
            let Some(rel) = &b.norm else { continue };
            let comps = components(rel);
            if !rel.starts_with('/') || comps.iter().any(|c| is_wild(c)) {
                special.push(entry);
                continue;
            }
            let mut node = 0;
            for comp in comps {
                let next = self.at.len() + 1;
                node = *self.nodes.entry((node, comp)).or_insert(next);
                if node == next {
                    self.at.push(Vec::new());
                }
                let stack = &mut self.at[node - 1];
                // the first build of this stage at this path wins
                if stack.last().is_none_or(|e| e.0 != depth) {
                    stack.push(entry);
                    self.pushed.push(node);
                }
            }
        }
        self.special.extend(special.into_iter().rev());
        if !builds.is_empty() {
            self.with_builds.push((depth, id));
        }
        mark
    }

    fn leave(&mut self, mark: Mark) {
        for node in self.pushed.drain(mark.pushed..) {
            self.at[node - 1].pop();
        }
        self.special.truncate(mark.special);
        self.cargo.truncate(mark.cargo);
        self.bin_dir.truncate(mark.bin_dir);
        self.with_builds.truncate(mark.with_builds);
    }

    /// The build a copy source `path` (normalised, `abs` its absolute form) copies: the first
    /// build of the chain whose output it is or holds (or a Cargo target path), else the first
    /// that installs into a `bin` directory when `abs` is one.
    fn find(
        &self,
        builds: &[Vec<OwnBuild>],
        path: &str,
        abs: &str,
        workdir: &str,
    ) -> Option<Entry> {
        let matches = |e: &Entry| {
            let b = &builds[e.1 .0][e.2];
            if let Some(out) = &b.norm {
                let out_abs = absolute(out, workdir);
                if path_holds(abs, &out_abs) || suffix_match(path, out) {
                    return true;
                }
            }
            b.build.tool == BuildTool::Cargo && is_cargo_target_path(path)
        };
        let comps = components(abs);
        let named = if comps.is_empty() || comps.iter().any(|c| is_wild(c)) {
            // the whole file system, or a pattern: compare with each
            self.with_builds.iter().rev().find_map(|&(depth, id)| {
                let own = builds.get(id.0)?;
                (0..own.len()).map(|i| (depth, id, i)).find(|e| matches(e))
            })
        } else {
            let mut node = Some(0);
            for comp in &comps {
                node = node.and_then(|n| self.nodes.get(&(n, *comp)).copied());
            }
            let plain = node
                .and_then(|n| self.at.get(n.checked_sub(1)?))
                .and_then(|s| s.last().copied());
            let cargo = self
                .cargo
                .last()
                .copied()
                .filter(|_| is_cargo_target_path(path));
            let best = plain.into_iter().chain(cargo).min_by_key(chain_order);
            // a special build can only come first from a stage at least as near
            let special = self
                .special
                .iter()
                .rev()
                .take_while(|e| best.is_none_or(|b| e.0 >= b.0))
                .find(|e| matches(e))
                .copied();
            best.into_iter().chain(special).min_by_key(chain_order)
        };
        named.or_else(|| self.bin_dir.last().copied().filter(|_| in_bin_dir(abs)))
    }
}

impl Artifacts {
    pub(super) fn new(model: &Model) -> Artifacts {
        let n = model.stages.len();
        let parent = |s: &Stage| match s.base {
            // stages only refer to earlier ones (as `Model::chain`)
            BaseImage::Stage(p) if p.0 < s.id.0 => Some(p),
            _ => None,
        };
        let builds: Vec<Vec<OwnBuild>> = model.stages.iter().map(own_builds).collect();
        let mut chains: Vec<ChainFacts> = Vec::with_capacity(n);
        for s in &model.stages {
            let f = own_chain_facts(s, parent(s).and_then(|p| chains.get(p.0)));
            chains.push(f);
        }
        // the copies from each stage, and the FROM forest
        let mut copies_from: Vec<Vec<&CopyFact>> = vec![Vec::new(); n];
        let mut children: Vec<Vec<StageId>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for s in &model.stages {
            for c in &s.copies {
                if let CopySource::Stage(from) = c.source {
                    if let Some(list) = copies_from.get_mut(from.0) {
                        list.push(c);
                    }
                }
            }
            match parent(s) {
                Some(p) => children[p.0].push(s.id),
                None => roots.push(s.id),
            }
        }
        let mut copied = HashMap::new();
        let mut index = ChainIndex::default();
        // depth-first: `Some(stage)` enters it, `None` leaves the last entered
        let mut todo: Vec<Option<StageId>> = roots.into_iter().rev().map(Some).collect();
        let mut marks: Vec<Mark> = Vec::new();
        while let Some(step) = todo.pop() {
            let Some(id) = step else {
                if let Some(mark) = marks.pop() {
                    index.leave(mark);
                }
                continue;
            };
            let depth = marks.len();
            marks.push(index.enter(depth, id, &builds[id.0]));
            if !index.with_builds.is_empty() {
                let workdir = model
                    .stage(id)
                    .workdir
                    .as_ref()
                    .map_or("/", |w| w.value.as_str());
                for copy in &copies_from[id.0] {
                    for (si, src) in copy.sources.iter().enumerate() {
                        let path = normalise(&src.value);
                        if path.is_empty() || is_data_path(&path) {
                            continue;
                        }
                        let abs = absolute(&path, "/");
                        if let Some((_, stage, build)) = index.find(&builds, &path, &abs, workdir) {
                            copied.insert(
                                copy.instruction,
                                Found {
                                    from: id,
                                    source: si,
                                    stage,
                                    build,
                                },
                            );
                            break;
                        }
                    }
                }
            }
            todo.push(None);
            todo.extend(children[id.0].iter().rev().map(|&c| Some(c)));
        }
        Artifacts {
            builds,
            chains,
            copied,
        }
    }
}
