//! Language package managers, as data: which commands install a project's dependencies, which
//! files are their manifests, where they keep their download cache, and what a dependency-only
//! layer looks like. Rules (DH301, DH303, ...) read this; no findings are produced here.
//!
//! The knowledge lives in two tables, `ECOSYSTEMS` (manifests, caches, local build output) and
//! `TOOLS` (the lines a dependency layer is made of), plus [`dependency_install`], which
//! classifies one split [`Command`].

use super::glob::glob_match;
use super::images::Ecosystem;
use super::stage::{BaseImage, Command, CopyFact, CopySource, Image, Mount, RunFact, Stage};
use super::Model;
use crate::span::{Span, Spanned};

mod table;
pub use table::{ecosystem_info, tool, EcosystemInfo, Tool, ECOSYSTEMS, TOOLS};

/// What an install command does with the dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallKind {
    /// Fetches or installs the dependencies only (`go mod download`, `npm ci`, `dotnet restore`).
    Dependencies,
    /// Builds the project and fetches whatever dependencies are missing on the way
    /// (`go build`, `cargo build`, `mvn package`, `dotnet publish`).
    Build,
}

/// A command that installs a project's dependencies from its manifests.
#[derive(Debug, Clone)]
pub struct DependencyInstall {
    pub tool: &'static Tool,
    pub kind: InstallKind,
    /// From the command name to the subcommand (`npm ci`, `python -m pip install`).
    pub span: Span,
    /// The words that span covers, joined (`npm ci`).
    pub text: String,
}

impl DependencyInstall {
    pub fn ecosystem(&self) -> Ecosystem {
        self.tool.ecosystem
    }
}

/// Options of these tools that take a separate value (so that the value is no operand).
const VALUE_OPTIONS: &[&str] = &[
    // npm, yarn, pnpm, bun
    "--prefix",
    "--registry",
    "--cache",
    "--loglevel",
    "--only",
    "--omit",
    "--include",
    "-w",
    "--workspace",
    "--userconfig",
    "--cwd",
    "--modules-folder",
    "--cache-folder",
    "--network-timeout",
    "--mutex",
    "--filter",
    "-F",
    "--dir",
    "-C",
    "--store-dir",
    // pip, uv
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--root",
    "--cache-dir",
    "--trusted-host",
    "--python",
    "-p",
    // maven, gradle
    "-s",
    "--settings",
    "-pl",
    "--projects",
    "-x",
    "--exclude-task",
    "-P",
    "-T",
    "--threads",
    "-b",
    "--build-file",
    "--project-dir",
    "-g",
    "--gradle-user-home",
    // dotnet
    "--runtime",
    "--configuration",
    "--output",
    "--framework",
    "--source",
    "--packages",
    "--verbosity",
    "--arch",
    "--os",
    "-v",
];

/// Non-option words after `from` (skipping the values of `VALUE_OPTIONS`).
fn operands(words: &[Spanned<String>]) -> Vec<&Spanned<String>> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        if skip {
            skip = false;
            continue;
        }
        let v = w.value.as_str();
        if v.starts_with('-') {
            skip = VALUE_OPTIONS.contains(&v) || super::artifacts::GO_VALUE_FLAGS.contains(&v);
            continue;
        }
        out.push(w);
    }
    out
}

fn has_option(words: &[Spanned<String>], names: &[&str]) -> bool {
    words.iter().any(|w| {
        names.iter().any(|n| {
            w.value == *n
                || w.value
                    .strip_prefix(n)
                    .is_some_and(|r| r.starts_with('=') && n.starts_with("--"))
        })
    })
}

/// The tools [`dependency_install`] knows (after `python -m pip` and the aliases are mapped):
/// the names of its `match` arms, which a new arm must be added to (its tests in
/// `ecosystems/tests.rs` fail otherwise).
const DEPENDENCY_TOOLS: &[&str] = &[
    "go", "npm", "yarn", "pnpm", "bun", "pip", "pip-sync", "poetry", "pdm", "pipenv", "uv",
    "conda", "cargo", "mvn", "gradle", "bundle", "composer", "dotnet",
];

/// Classifies one command as a dependency install, if it is one.
///
/// Not counted: installing named packages (`npm install -g pnpm`, `pip install flask`,
/// `go install golang.org/x/tools/gopls@latest`), and `pip install .` (the project itself:
/// plain pip has no dependency-only step to move before the source copy).
pub fn dependency_install(cmd: &Command) -> Option<DependencyInstall> {
    let words = &cmd.words;
    let first = words.first()?;
    let mut name = cmd.name()?;
    // `python -m pip install`, `uv pip install`, `php composer.phar install`
    let mut rest: &[Spanned<String>] = cmd.args();
    if name.starts_with("python") && rest.first().is_some_and(|w| w.value == "-m") {
        let module = rest.get(1)?;
        name = match module.value.as_str() {
            "pip" | "pip3" => "pip",
            "poetry" => "poetry",
            "pipenv" => "pipenv",
            "uv" => "uv",
            _ => return None,
        };
        rest = rest.get(2..).unwrap_or(&[]);
    } else if name == "uv" && rest.first().is_some_and(|w| w.value == "pip") {
        name = "pip";
        rest = rest.get(1..).unwrap_or(&[]);
    } else if name == "php"
        && rest
            .first()
            .is_some_and(|w| w.value.ends_with("composer.phar") || w.value.ends_with("composer"))
    {
        name = "composer";
        rest = rest.get(1..).unwrap_or(&[]);
    }
    let name = match name {
        "pip3" | "pip2" => "pip",
        n if n.starts_with("pip3.") => "pip",
        "gradlew" | "gradle" => "gradle",
        "mvn" | "mvnw" => "mvn",
        "bundle" | "bundler" => "bundle",
        "composer" | "composer.phar" => "composer",
        "mamba" | "micromamba" | "conda" => "conda",
        n => n,
    };
    // most commands are none of these: skip them before collecting operands
    if !DEPENDENCY_TOOLS.contains(&name) {
        return None;
    }
    let ops = operands(rest);
    let sub = ops.first().map(|w| w.value.as_str());
    let (kind, last): (InstallKind, Option<&Spanned<String>>) = match name {
        "go" => {
            let s = ops.first().copied();
            match sub? {
                "mod" if ops.get(1).is_some_and(|w| w.value == "download") => {
                    (InstallKind::Dependencies, ops.get(1).copied())
                }
                // module mode `go get` with no package, or `go get ./...`: the module's deps
                "get"
                    if ops.len() == 1
                        || ops[1..]
                            .iter()
                            .all(|w| w.value.starts_with("./") || w.value == ".") =>
                {
                    (InstallKind::Dependencies, s)
                }
                "build" | "test" => (InstallKind::Build, s),
                "install" if !ops.iter().any(|w| w.value.contains('@')) => (InstallKind::Build, s),
                _ => return None,
            }
        }
        "npm" => match sub {
            Some("ci" | "clean-install" | "install-clean") => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            Some("install" | "i" | "add" | "isntall")
                if ops.len() == 1 && !has_option(rest, &["-g", "--global"]) =>
            {
                (InstallKind::Dependencies, ops.first().copied())
            }
            _ => return None,
        },
        "yarn" => match sub {
            None if !has_option(rest, &["-v", "--version", "-h", "--help"]) => {
                (InstallKind::Dependencies, None)
            }
            Some("install") => (InstallKind::Dependencies, ops.first().copied()),
            Some("workspaces") if ops.get(1).is_some_and(|w| w.value == "focus") => {
                (InstallKind::Dependencies, ops.get(1).copied())
            }
            _ => return None,
        },
        "pnpm" => match sub {
            Some("install" | "i" | "fetch") if ops.len() == 1 => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            _ => return None,
        },
        "bun" => match sub {
            Some("install" | "i") if ops.len() == 1 => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            _ => return None,
        },
        "pip" => match sub {
            Some("install") if has_option(rest, &["-r", "--requirement"]) => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            Some("sync") => (InstallKind::Dependencies, ops.first().copied()),
            _ => return None,
        },
        "pip-sync" => (InstallKind::Dependencies, None),
        "poetry" | "pdm" => match sub {
            Some("install" | "sync") => (InstallKind::Dependencies, ops.first().copied()),
            _ => return None,
        },
        "pipenv" => match sub {
            Some("install") if ops.len() == 1 => (InstallKind::Dependencies, ops.first().copied()),
            Some("sync") => (InstallKind::Dependencies, ops.first().copied()),
            _ => return None,
        },
        "uv" => match sub {
            Some("sync") => (InstallKind::Dependencies, ops.first().copied()),
            _ => return None,
        },
        "conda" => match sub {
            Some("env")
                if matches!(
                    ops.get(1).map(|w| w.value.as_str()),
                    Some("create" | "update")
                ) =>
            {
                (InstallKind::Dependencies, ops.get(1).copied())
            }
            Some("install") if has_option(rest, &["-f", "--file"]) => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            _ => return None,
        },
        "cargo" => match sub {
            Some("fetch" | "vendor") => (InstallKind::Dependencies, ops.first().copied()),
            Some("chef") if ops.get(1).is_some_and(|w| w.value == "cook") => {
                (InstallKind::Dependencies, ops.get(1).copied())
            }
            Some("build" | "b" | "test" | "t" | "zigbuild" | "auditable") => {
                (InstallKind::Build, ops.first().copied())
            }
            Some("install") if has_option(rest, &["--path"]) => {
                (InstallKind::Build, ops.first().copied())
            }
            _ => return None,
        },
        "mvn" => {
            let goal = ops.iter().find_map(|w| {
                let g = w.value.as_str();
                if g.starts_with("dependency:") || g.contains("go-offline") {
                    Some((InstallKind::Dependencies, *w))
                } else if matches!(
                    g,
                    "compile" | "test" | "package" | "verify" | "install" | "deploy"
                ) || (g.contains(':')
                    && !g.starts_with("help:")
                    && !g.starts_with("versions:"))
                {
                    Some((InstallKind::Build, *w))
                } else {
                    None
                }
            })?;
            (goal.0, Some(goal.1))
        }
        "gradle" => {
            let tasks: Vec<&&Spanned<String>> = ops
                .iter()
                .filter(|w| {
                    !matches!(
                        w.value.as_str(),
                        "wrapper" | "help" | "tasks" | "properties"
                    )
                })
                .collect();
            let first_task = **tasks.first()?;
            let deps_only = tasks.iter().all(|w| {
                let t = w.value.to_ascii_lowercase();
                t.contains("dependencies") || t == "clean"
            });
            let kind = if deps_only {
                InstallKind::Dependencies
            } else {
                InstallKind::Build
            };
            (kind, Some(first_task))
        }
        "bundle" => match sub {
            None if rest.is_empty() || rest.iter().all(|w| w.value.starts_with("--")) => {
                (InstallKind::Dependencies, None)
            }
            Some("install") if ops.len() == 1 => (InstallKind::Dependencies, ops.first().copied()),
            _ => return None,
        },
        "composer" => match sub {
            Some("install" | "i" | "update" | "u") if ops.len() == 1 => {
                (InstallKind::Dependencies, ops.first().copied())
            }
            _ => return None,
        },
        "dotnet" => match sub {
            Some("restore") => (InstallKind::Dependencies, ops.first().copied()),
            Some("build" | "publish" | "test" | "pack" | "run")
                if !has_option(rest, &["--no-restore"]) =>
            {
                (InstallKind::Build, ops.first().copied())
            }
            _ => return None,
        },
        _ => return None,
    };
    let tool = tool(name)?;
    let end = last.map_or(first.span, |w| w.span);
    let span = first.span.cover(end);
    // The command as the user knows it: the words before `rest` (`python3 -m pip`), then the
    // operands up to the one that made it an install (`mvn clean package`, without options).
    let head = words.len().saturating_sub(rest.len());
    let mut text: Vec<&str> = words.iter().take(head).map(|w| w.value.as_str()).collect();
    if let Some(last) = last {
        for w in ops.iter().take_while(|w| w.span.start <= last.span.start) {
            text.push(&w.value);
        }
    }
    let text = text.join(" ");
    Some(DependencyInstall {
        tool,
        kind,
        span,
        text,
    })
}

/// Whether a COPY source path (possibly a glob) names a manifest of `info`.
fn names_manifest(info: &EcosystemInfo, path: &str) -> bool {
    let base = path.trim_end_matches('/');
    let base = super::paths::file_name(base);
    if base.is_empty() {
        return false;
    }
    let is_glob = base.contains(['*', '?', '[']);
    info.manifests.iter().any(|m| {
        if glob_match(m, base) {
            return true;
        }
        // `COPY package*.json ./` names `package.json`; `COPY *.csproj` names `*.csproj`
        is_glob && glob_match(base, &m.replace('*', ""))
    })
}

/// The ecosystems whose manifests a COPY from the build context names (by file name or glob).
/// A copy of the whole context names none: it is not a manifest-only layer.
pub fn copied_manifests(copy: &CopyFact) -> Vec<Ecosystem> {
    if copy.source != CopySource::Context || copy.copies_whole_context() || copy.heredoc {
        return Vec::new();
    }
    ECOSYSTEMS
        .iter()
        .filter(|info| copy.sources.iter().any(|s| names_manifest(info, &s.value)))
        .map(|info| info.ecosystem)
        .collect()
}

/// Whether a RUN mount bind-mounts a manifest of `e` from the context.
pub fn mount_binds_manifest(m: &Mount, e: Ecosystem) -> bool {
    let Some(info) = ecosystem_info(e) else {
        return false;
    };
    m.kind == "bind"
        && m.from.is_none()
        && [m.source.as_deref(), m.target.as_deref()]
            .into_iter()
            .flatten()
            .any(|p| names_manifest(info, p))
}

/// Whether a RUN mount is a cache mount for `e`'s downloads or build cache.
///
/// A mount of a parent folder counts too (`target=/root/.cache` holds `/root/.cache/pip`).
pub fn mount_caches(m: &Mount, e: Ecosystem) -> bool {
    let Some(info) = ecosystem_info(e) else {
        return false;
    };
    let Some(target) = m.target.as_deref() else {
        return false;
    };
    if m.kind != "cache" {
        return false;
    }
    let target = target.to_ascii_lowercase();
    let parent = target.trim_end_matches('/');
    let holds = |path: &str| {
        !parent.is_empty()
            && path
                .strip_prefix(parent)
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    };
    info.cache_dirs.iter().any(|d| target.contains(d))
        || TOOLS
            .iter()
            .filter(|t| t.ecosystem == e)
            .any(|t| holds(t.cache_target))
        || (e == Ecosystem::Go && holds("/root/.cache/go-build"))
}

/// Folder names that hold a project's source code (`src`, `src-ui`, `backend`, `app`): a
/// `COPY` of one from the build context brings in source files, which change with every edit.
/// Data, matched against the source path's last component; config, script and patch folders
/// are not in it.
pub const SOURCE_FOLDERS: &[&str] = &[
    "src",
    "source",
    "sources",
    "app",
    "apps",
    "lib",
    "pkg",
    "cmd",
    "internal",
    "backend",
    "frontend",
    "server",
    "client",
    "web",
    "webapp",
    "api",
    "ui",
    "components",
    "pages",
    "src-*",
    "*-src",
    "*_src",
    "src_*",
];

/// The source of a context `COPY` that is a folder of source code ([`SOURCE_FOLDERS`]):
/// `COPY src ./src`, `COPY ./backend /app`, `COPY ./src-ui ./src-ui`.
pub fn copied_source_folder(copy: &CopyFact) -> Option<&Spanned<String>> {
    if copy.source != CopySource::Context || copy.heredoc {
        return None;
    }
    copy.sources.iter().find(|s| {
        let v = s.value.trim_end_matches('/');
        if v.contains(['$', '*', '?', '[']) {
            return false;
        }
        let last = super::paths::file_name(v).to_ascii_lowercase();
        SOURCE_FOLDERS.iter().any(|p| glob_match(p, &last))
    })
}

/// The Go release of a `golang` image from its tag (`1.12-alpine3.9` → `(1, 12)`).
pub fn golang_image_version(image: &Image) -> Option<(u32, u32)> {
    if image.name != "golang" {
        return None;
    }
    let tag = image.tag.as_ref()?;
    let mut parts = tag.value.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Whether a Go build in this RUN works without downloading modules: `-mod=vendor` on the
/// command, `GO111MODULE=off` / `GOFLAGS=-mod=vendor` from ENV, ARG or the RUN itself, or a
/// Go release whose default is GOPATH mode here (before 1.11; 1.11 and 1.12 inside
/// `/go/src`).
pub fn go_build_offline(model: &Model, stage: &Stage, run: &RunFact, cmd: &Command) -> bool {
    if let BaseImage::Registry(img) = &model.chain_root(stage.id).base {
        let in_gopath = stage
            .workdir
            .as_ref()
            .is_some_and(|w| w.value.starts_with("/go/src/"));
        match golang_image_version(img) {
            Some((1, m)) if m < 11 => return true,
            Some((1, 11 | 12)) if in_gopath => return true,
            _ => {}
        }
    }
    let words = cmd.args();
    let mod_vendor = words.iter().enumerate().any(|(i, w)| {
        w.value == "-mod=vendor"
            || w.value == "--mod=vendor"
            || (matches!(w.value.as_str(), "-mod" | "--mod")
                && words.get(i + 1).is_some_and(|v| v.value == "vendor"))
    });
    if mod_vendor {
        return true;
    }
    let off = |name: &str, value: &str| match name {
        "GO111MODULE" => value.eq_ignore_ascii_case("off"),
        "GOFLAGS" => value.contains("-mod=vendor"),
        _ => false,
    };
    for name in ["GO111MODULE", "GOFLAGS"] {
        if let Some(v) = run.assigned(name) {
            if off(name, &v.value) {
                return true;
            }
            continue;
        }
        let before = |v: &&super::stage::Var| &*v.name == name && v.instruction < run.instruction;
        // the last ENV before the RUN: this stage's own, else what it inherits
        let env = stage
            .env_writes
            .iter()
            .rev()
            .find(before)
            .or_else(|| match stage.base {
                super::stage::BaseImage::Stage(p) => model.stage(p).env_var(name),
                _ => None,
            });
        let arg = stage.args.iter().rev().find(before);
        let latest = match (env, arg) {
            (Some(e), Some(a)) => Some(if e.instruction > a.instruction { e } else { a }),
            (e, a) => e.or(a),
        };
        if latest.is_some_and(|v| off(name, &v.value)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
