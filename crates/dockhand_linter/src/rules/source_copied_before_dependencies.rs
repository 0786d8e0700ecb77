//! DH301: a dependency install after the source (the whole build context, or a source folder)
//! was copied.
use super::prelude::*;
use crate::model::ecosystems::{self, DependencyInstall, InstallKind};
use crate::model::images::Ecosystem;
use crate::model::{CopyFact, RunFact};

declare_rule! {
    /// ## What it does
    /// Flags a dependency install (`go mod download`, `npm ci`, `pip install -r`, `cargo build`,
    /// `mvn package`, `bundle install`, `composer install`, `dotnet restore`, ...) that runs
    /// after the source is copied, when that ecosystem's manifests were not copied and
    /// installed in a layer of their own before it. The source is the whole build context
    /// (`COPY . .`, `ADD .`, `COPY * ./`) or a folder of source code from it (`COPY src ./src`,
    /// `COPY ./src-ui ./src-ui`, `COPY ./backend /app`: the folder names of
    /// `SOURCE_FOLDERS` in `model/ecosystems.rs`, such as `src`, `src-*`, `app`, `lib`,
    /// `backend`, `frontend`, `server`, `client`, `web`, `api`); config, script and patch
    /// folders do not count.
    /// A build that fetches dependencies (`go build`, `cargo build`, `mvn package`,
    /// `dotnet publish`) with no dependency step before it counts as the install.
    ///
    /// Not flagged: a Go build that needs no download (`-mod=vendor`, `GO111MODULE=off`), an
    /// install whose `RUN` has a cache mount for that package manager
    /// (`--mount=type=cache,target=/go/pkg/mod`, `/root/.npm`, `/root/.cache/pip`,
    /// `/usr/local/cargo/registry`, `/root/.m2`, ...), dependencies brought in with
    /// `COPY --from` a stage that installed them, `pip install .` (plain pip has no
    /// dependency-only step to move), and a Go build when the `go.mod` beside the Dockerfile
    /// (the usual build context) has no `require`: such a module fetches nothing.
    ///
    /// ## Why is this bad?
    /// Docker reuses a layer only while everything before it is unchanged. After `COPY . .`
    /// or `COPY src ./src`, any edit to any source file invalidates the install layer, so every build downloads
    /// and installs all dependencies again. Copying only the manifests first and installing
    /// from them gives a layer that is rebuilt only when the dependencies change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// WORKDIR /src
    /// COPY . .
    /// RUN go mod download
    /// RUN go build -o /app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// WORKDIR /src
    /// COPY go.mod go.sum ./
    /// RUN go mod download
    /// COPY . .
    /// RUN go build -o /app .
    /// ```
    ///
    /// ## Fix
    /// Go only, after a copy of the whole context: inserts `COPY go.mod go.sum ./` (when the
    /// broad COPY copies into the working directory, `.` or `./`) (just
    /// `RUN go mod download` when the manifests are already copied) and `RUN go mod download`
    /// before the broad COPY, with its indentation, and deletes the late `RUN go mod download`
    /// when it held only that. Unsafe: dockhand cannot see whether `go.sum` exists (a module
    /// without dependencies has none) or whether the download needs more of the source
    /// (`replace` directives to local paths).
    ///
    /// ## References
    /// - [Docker: optimize cache usage in builds](https://docs.docker.com/build/cache/optimize/)
    pub SourceCopiedBeforeDependencies {
        code: "DH301",
        name: "source-copied-before-dependencies",
        severity: Warning,
        category: BuildSpeed,
        summary: "dependencies are installed after the source is copied, so every source change reinstalls them",
        shipped_image: true,
    }
}

/// What a stage has done so far, instruction by instruction (ancestors first). Each list holds
/// an ecosystem at most once (the first time), so a state is small and cheap to copy to a
/// `FROM <stage>` child.
#[derive(Default, Clone)]
struct State<'m> {
    /// The first copy of the whole context.
    broad: Option<&'m CopyFact>,
    /// Ecosystems installed (or brought from another stage) before `broad`.
    prepared: Vec<Ecosystem>,
    /// Manifest copies (or bind mounts) before `broad`, with the span that copied them.
    manifests: Vec<(Ecosystem, Span)>,
    /// Ecosystems already reported (or cached) after `broad`.
    done: Vec<Ecosystem>,
}

enum Event<'m> {
    Copy(&'m CopyFact),
    Run(&'m RunFact),
}

/// A stage's COPY/ADD and RUN facts in instruction order.
fn events(stage: &Stage) -> Vec<Event<'_>> {
    let mut out: Vec<(usize, Event<'_>)> = stage
        .copies
        .iter()
        .map(|c| (c.instruction, Event::Copy(c)))
        .chain(stage.runs.iter().map(|r| (r.instruction, Event::Run(r))))
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, e)| e).collect()
}

fn add_once(list: &mut Vec<Ecosystem>, e: Ecosystem) {
    if !list.contains(&e) {
        list.push(e);
    }
}

/// The parent stage of a `FROM <stage>` (always an earlier one).
fn parent_of(stage: &Stage) -> Option<StageId> {
    match stage.base {
        BaseImage::Stage(p) if p.0 < stage.id.0 => Some(p),
        _ => None,
    }
}

/// `COPY . .` as written, without flags.
fn copy_display(cx: &Context<'_>, c: &CopyFact) -> String {
    let mut s = cx.text(c.keyword).to_string();
    for w in c.sources.iter().chain(c.dest.iter()) {
        s.push(' ');
        s.push_str(&w.value);
    }
    s
}

impl Rule for SourceCopiedBeforeDependencies {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // In stage order, each stage starts from the state its parent ended with and the
        // ecosystems its parent's chain installs: one pass over the file, where walking each
        // stage's chain again (and each `COPY --from` source's chain) was cubic for a chain.
        let mut ends: Vec<State<'_>> = Vec::with_capacity(model.stages.len());
        // Ecosystems whose dependencies each stage (or its ancestors) installs anywhere.
        let mut installed: Vec<Vec<Ecosystem>> = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let parent = parent_of(stage);
            let mut state = parent
                .and_then(|p| ends.get(p.0).cloned())
                .unwrap_or_default();
            let mut inst = parent
                .and_then(|p| installed.get(p.0).cloned())
                .unwrap_or_default();
            for r in &stage.runs {
                for c in &r.commands {
                    if let Some(d) = ecosystems::dependency_install(c) {
                        add_once(&mut inst, d.ecosystem());
                    }
                }
            }
            for ev in events(stage) {
                match ev {
                    Event::Copy(c) => {
                        if state.broad.is_some() {
                            continue;
                        }
                        if c.copies_whole_context()
                            || ecosystems::copied_source_folder(c).is_some()
                        {
                            state.broad = Some(c);
                            continue;
                        }
                        let span = c.sources.first().map_or(c.span, |s| s.span);
                        for e in ecosystems::copied_manifests(c) {
                            if !state.manifests.iter().any(|(m, _)| *m == e) {
                                state.manifests.push((e, span));
                            }
                        }
                        if let CopySource::Stage(from) = c.source {
                            for &e in installed.get(from.0).into_iter().flatten() {
                                add_once(&mut state.prepared, e);
                            }
                        }
                    }
                    Event::Run(r) => self.run(cx, stage, r, &mut state),
                }
            }
            ends.push(state);
            installed.push(inst);
        }
    }
}

impl SourceCopiedBeforeDependencies {
    fn run<'m>(
        &self,
        cx: &mut Context<'_>,
        stage: &'m Stage,
        run: &'m RunFact,
        state: &mut State<'m>,
    ) {
        let Some(broad) = state.broad else {
            for e in ecosystems::ECOSYSTEMS {
                let binds = run
                    .mounts
                    .iter()
                    .any(|m| ecosystems::mount_binds_manifest(m, e.ecosystem));
                if binds && !state.manifests.iter().any(|(m, _)| *m == e.ecosystem) {
                    state.manifests.push((e.ecosystem, run.keyword));
                }
            }
            for c in &run.commands {
                if let Some(d) = ecosystems::dependency_install(c) {
                    add_once(&mut state.prepared, d.ecosystem());
                }
            }
            return;
        };
        for c in &run.commands {
            let Some(d) = ecosystems::dependency_install(c) else {
                continue;
            };
            let e = d.ecosystem();
            if state.prepared.contains(&e) || state.done.contains(&e) {
                continue;
            }
            // the `go.mod` beside the Dockerfile requires nothing: there is nothing to fetch
            if e == Ecosystem::Go && cx.facts.go_mod_requires == Some(false) {
                continue;
            }
            if e == Ecosystem::Go
                && d.kind == InstallKind::Build
                && ecosystems::go_build_offline(cx.model(), stage, run, c)
            {
                continue;
            }
            add_once(&mut state.done, e);
            if run.mounts.iter().any(|m| ecosystems::mount_caches(m, e)) {
                continue;
            }
            self.report(cx, &d, broad, state, run);
        }
    }

    fn report(
        &self,
        cx: &mut Context<'_>,
        d: &DependencyInstall,
        broad: &CopyFact,
        state: &State,
        run: &RunFact,
    ) {
        let Some(info) = ecosystems::ecosystem_info(d.ecosystem()) else {
            return;
        };
        let broad_text = copy_display(cx, broad);
        let broad_line = cx.line_of(broad.span.start);
        let whole = broad.copies_whole_context();
        let broad_span = broad
            .sources
            .iter()
            .find(|s| {
                matches!(
                    s.value.trim_end_matches('/'),
                    "." | "" | "*" | "./*" | "./." | ".*"
                )
            })
            .or_else(|| ecosystems::copied_source_folder(broad))
            .map_or(broad.keyword, |s| s.span);
        let message = match d.kind {
            InstallKind::Dependencies => format!(
                "`{}` runs after `{broad_text}` (line {broad_line}), so every source change reinstalls all {} dependencies",
                d.text, info.label
            ),
            InstallKind::Build => format!(
                "`{}` fetches {} dependencies after `{broad_text}` (line {broad_line}) with no dependency layer before it, so every source change downloads them again",
                d.text, info.label
            ),
        };
        let manifests = state
            .manifests
            .iter()
            .find(|(e, _)| *e == d.ecosystem())
            .map(|(_, s)| *s);
        // One line: reporters escape newlines in help text.
        let help = match manifests {
            Some(m) => format!(
                "the manifests are already copied on line {}: install from them before copying the source (`{}`), then `{broad_text}`; or keep the downloads with `RUN --mount=type=cache,target={} …`",
                cx.line_of(m.start),
                d.tool.install_line,
                d.tool.cache_target
            ),
            None => format!(
                "copy the manifests and install the dependencies first (`{}`, then `{}`), then `{broad_text}`; or keep the downloads with `RUN --mount=type=cache,target={} …`",
                d.tool.copy_line, d.tool.install_line, d.tool.cache_target
            ),
        };
        let primary = match d.kind {
            InstallKind::Dependencies => "reinstalls the dependencies whenever any file changes",
            InstallKind::Build => "downloads the dependencies whenever any file changes",
        };
        // the fix copies `go.mod` from the context root, which is right only after a copy of
        // the whole context
        let fix = (d.ecosystem() == Ecosystem::Go && whole)
            .then(|| go_fix(cx, d, broad, manifests.is_some(), run))
            .flatten();
        let f = cx
            .report(&Self::META, d.span, message)
            .fix_opt(fix)
            .primary_label(primary)
            .help(help)
            .label(
                broad_span,
                if whole {
                    "copies the whole build context, source included"
                } else {
                    "copies a source folder"
                },
            );
        if let Some(m) = manifests {
            f.label(
                m,
                "manifests copied here, but not installed before the source",
            );
        }
    }
}

/// Go: the manifests copied and the modules downloaded before the broad COPY; the late
/// download deleted when its RUN held nothing else.
fn go_fix(
    cx: &Context<'_>,
    d: &DependencyInstall,
    broad: &CopyFact,
    manifests_copied: bool,
    run: &RunFact,
) -> Option<Fix> {
    let dest = broad.dest.as_ref()?;
    // only into the working directory, where the download then runs as the build does
    if !matches!(cx.text(dest.span), "." | "./") || broad.heredoc {
        return None;
    }
    let dest_text = "./";
    let model = cx.model();
    let copy_ins = model.instruction(broad.instruction)?;
    let eol = cx.line_ending();
    let indent = fixtext::indentation(cx.source, copy_ins.span.start);
    let at = fixtext::line_start(cx.source, copy_ins.span.start);
    let mut lines = String::new();
    if !manifests_copied {
        lines.push_str(&format!("{indent}COPY go.mod go.sum {dest_text}{eol}"));
    }
    lines.push_str(&format!("{indent}RUN go mod download{eol}"));
    let mut edits = vec![Edit::insert(at, lines)];
    let only_download = d.kind == InstallKind::Dependencies
        && run.commands.len() == 1
        && run.mounts.is_empty()
        && d.text == "go mod download";
    if only_download {
        let ins = model.instruction(run.instruction)?;
        edits.push(Edit::delete(fixtext::whole_lines(cx.source, ins.span)));
    }
    let title = if manifests_copied {
        "run `go mod download` before the broad COPY".to_string()
    } else {
        format!("copy `go.mod` and `go.sum` to `{dest_text}` and run `go mod download` before the broad COPY")
    };
    Some(Fix::unsafe_edit(title, edits))
}
