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

/// What a language ecosystem's dependency managers read and write.
#[derive(Debug)]
pub struct EcosystemInfo {
    pub ecosystem: Ecosystem,
    /// Display name (`Go`, `Node.js`).
    pub label: &'static str,
    /// Manifest and lock file names, or globs over file names (`requirements*.txt`).
    pub manifests: &'static [&'static str],
    /// Fragments of the paths package managers download to or build in; a cache mount whose
    /// target contains one keeps the downloads across builds.
    pub cache_dirs: &'static [&'static str],
    /// Local build output and dependency folders that do not belong in the build context.
    pub ignore: &'static [&'static str],
}

pub static ECOSYSTEMS: &[EcosystemInfo] = &[
    EcosystemInfo {
        ecosystem: Ecosystem::Go,
        label: "Go",
        manifests: &["go.mod", "go.sum", "go.work", "go.work.sum"],
        cache_dirs: &["pkg/mod", "go-build", "gocache", "gomodcache", ".cache/go"],
        ignore: &["bin/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Node,
        label: "Node.js",
        manifests: &[
            "package.json",
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "pnpm-workspace.yaml",
            "bun.lockb",
            "bun.lock",
            ".npmrc",
            ".yarnrc",
            ".yarnrc.yml",
            ".yarn",
        ],
        cache_dirs: &[
            ".npm",
            "npm-cache",
            "/npm",
            "yarn",
            "pnpm",
            ".bun",
            "node_modules",
        ],
        ignore: &["node_modules/", "dist/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Python,
        label: "Python",
        manifests: &[
            "requirements*.txt",
            "requirements",
            "constraints*.txt",
            "Pipfile",
            "Pipfile.lock",
            "pyproject.toml",
            "poetry.lock",
            "poetry.toml",
            "uv.lock",
            "pdm.lock",
            "setup.py",
            "setup.cfg",
            "environment*.yml",
            "environment*.yaml",
        ],
        cache_dirs: &[
            "/pip",
            ".cache/pip",
            "pypoetry",
            "/uv",
            ".cache/uv",
            "pipenv",
            "/pdm",
            "conda/pkgs",
            "/opt/conda/pkgs",
        ],
        ignore: &["__pycache__/", ".venv/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Rust,
        label: "Rust",
        manifests: &["Cargo.toml", "Cargo.lock", "recipe.json", "rust-toolchain*"],
        cache_dirs: &["cargo/registry", "cargo/git", ".cargo", "/target"],
        ignore: &["target/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Java,
        label: "Java",
        manifests: &[
            "pom.xml",
            ".mvn",
            "mvnw",
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "gradle.properties",
            "gradle",
            "gradlew",
            "libs.versions.toml",
        ],
        cache_dirs: &[".m2", ".gradle", "maven", "gradle"],
        ignore: &["target/", "build/", ".gradle/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Ruby,
        label: "Ruby",
        manifests: &["Gemfile", "Gemfile.lock", "*.gemspec", ".ruby-version"],
        cache_dirs: &["bundle", "/gems", ".gem"],
        ignore: &["vendor/bundle/", "log/", "tmp/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Php,
        label: "PHP",
        manifests: &["composer.json", "composer.lock", "auth.json"],
        cache_dirs: &["composer"],
        ignore: &["vendor/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::DotNet,
        label: ".NET",
        manifests: &[
            "*.csproj",
            "*.fsproj",
            "*.vbproj",
            "*.sln",
            "*.slnx",
            "nuget.config",
            "NuGet.Config",
            "Directory.Build.props",
            "Directory.Build.targets",
            "Directory.Packages.props",
            "packages.config",
            "global.json",
            "packages.lock.json",
        ],
        cache_dirs: &["nuget"],
        ignore: &["bin/", "obj/"],
    },
];

/// A dependency manager and the dependency layer to suggest for it.
#[derive(Debug)]
pub struct Tool {
    /// As the user types it (`npm`, `./gradlew` is `gradle`).
    pub name: &'static str,
    pub ecosystem: Ecosystem,
    /// The COPY of the manifests this tool reads.
    pub copy_line: &'static str,
    /// The RUN that installs only the dependencies.
    pub install_line: &'static str,
    /// Where the tool keeps its downloads by default (as root in the official images).
    pub cache_target: &'static str,
}

pub static TOOLS: &[Tool] = &[
    Tool {
        name: "go",
        ecosystem: Ecosystem::Go,
        copy_line: "COPY go.mod go.sum ./",
        install_line: "RUN go mod download",
        cache_target: "/go/pkg/mod",
    },
    Tool {
        name: "npm",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json package-lock.json ./",
        install_line: "RUN npm ci",
        cache_target: "/root/.npm",
    },
    Tool {
        name: "yarn",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json yarn.lock ./",
        install_line: "RUN yarn install --frozen-lockfile",
        cache_target: "/usr/local/share/.cache/yarn",
    },
    Tool {
        name: "pnpm",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json pnpm-lock.yaml ./",
        install_line: "RUN pnpm install --frozen-lockfile",
        cache_target: "/root/.local/share/pnpm/store",
    },
    Tool {
        name: "bun",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json bun.lock* ./",
        install_line: "RUN bun install --frozen-lockfile",
        cache_target: "/root/.bun/install/cache",
    },
    Tool {
        name: "pip",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY requirements.txt ./",
        install_line: "RUN pip install -r requirements.txt",
        cache_target: "/root/.cache/pip",
    },
    Tool {
        name: "poetry",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml poetry.lock ./",
        install_line: "RUN poetry install --no-root",
        cache_target: "/root/.cache/pypoetry",
    },
    Tool {
        name: "pipenv",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY Pipfile Pipfile.lock ./",
        install_line: "RUN pipenv install --deploy",
        cache_target: "/root/.cache/pipenv",
    },
    Tool {
        name: "uv",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml uv.lock ./",
        install_line: "RUN uv sync --frozen --no-install-project",
        cache_target: "/root/.cache/uv",
    },
    Tool {
        name: "pdm",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml pdm.lock ./",
        install_line: "RUN pdm install --prod --no-self",
        cache_target: "/root/.cache/pdm",
    },
    Tool {
        name: "conda",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY environment.yml ./",
        install_line: "RUN conda env create -f environment.yml",
        cache_target: "/opt/conda/pkgs",
    },
    Tool {
        name: "cargo",
        ecosystem: Ecosystem::Rust,
        copy_line: "COPY Cargo.toml Cargo.lock ./",
        install_line:
            "RUN mkdir src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src",
        cache_target: "/usr/local/cargo/registry",
    },
    Tool {
        name: "mvn",
        ecosystem: Ecosystem::Java,
        copy_line: "COPY pom.xml ./",
        install_line: "RUN mvn dependency:go-offline",
        cache_target: "/root/.m2",
    },
    Tool {
        name: "gradle",
        ecosystem: Ecosystem::Java,
        copy_line: "COPY build.gradle settings.gradle ./",
        install_line: "RUN gradle dependencies",
        cache_target: "/root/.gradle",
    },
    Tool {
        name: "bundle",
        ecosystem: Ecosystem::Ruby,
        copy_line: "COPY Gemfile Gemfile.lock ./",
        install_line: "RUN bundle install",
        cache_target: "/usr/local/bundle/cache",
    },
    Tool {
        name: "composer",
        ecosystem: Ecosystem::Php,
        copy_line: "COPY composer.json composer.lock ./",
        install_line: "RUN composer install --no-scripts --no-autoloader",
        cache_target: "/root/.cache/composer",
    },
    Tool {
        name: "dotnet",
        ecosystem: Ecosystem::DotNet,
        copy_line: "COPY *.csproj ./",
        install_line: "RUN dotnet restore",
        cache_target: "/root/.nuget/packages",
    },
];

/// The table row of an ecosystem (only those with a dependency manager have one).
pub fn ecosystem_info(e: Ecosystem) -> Option<&'static EcosystemInfo> {
    ECOSYSTEMS.iter().find(|i| i.ecosystem == e)
}

pub fn tool(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

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
    // go build
    "-o",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-mod",
    "-modfile",
    "-installsuffix",
    "-pkgdir",
    "-toolexec",
    "-overlay",
    "-buildmode",
    "-compiler",
    "-gccgoflags",
    "-pgo",
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
            skip = VALUE_OPTIONS.contains(&v);
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
    let base = base.rsplit('/').next().unwrap_or(base);
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
        let before = |v: &&super::stage::Var| v.name == name && v.instruction < run.instruction;
        let env = stage.env.iter().rev().find(before);
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
mod tests {
    use super::*;

    fn cmd(text: &str) -> Command {
        let script = super::super::shell::split(text);
        let c = script.commands.into_iter().next().expect("one command");
        let w = |w: &super::super::shell::Word| {
            Spanned::new(w.text.clone(), Span::new(w.range.start, w.range.end))
        };
        Command {
            words: c.words.iter().map(w).collect(),
            assignments: c
                .assignments
                .iter()
                .map(|a| (a.name.clone(), w(&a.value)))
                .collect(),
            span: Span::new(c.range.start, c.range.end),
        }
    }

    fn class(text: &str) -> Option<(&'static str, InstallKind, String)> {
        dependency_install(&cmd(text)).map(|d| (d.tool.name, d.kind, d.text))
    }

    #[test]
    fn classifies_installs() {
        use InstallKind::*;
        assert_eq!(
            class("go mod download"),
            Some(("go", Dependencies, "go mod download".into()))
        );
        assert_eq!(
            class("go build -a -o app ."),
            Some(("go", Build, "go build".into()))
        );
        assert_eq!(class("go install golang.org/x/tools/gopls@latest"), None);
        assert_eq!(class("go get github.com/foo/bar"), None);
        assert_eq!(
            class("npm ci"),
            Some(("npm", Dependencies, "npm ci".into()))
        );
        assert_eq!(
            class("npm install --production"),
            Some(("npm", Dependencies, "npm install".into()))
        );
        assert_eq!(class("npm install -g pnpm"), None);
        assert_eq!(class("npm install express"), None);
        assert_eq!(class("npm run build"), None);
        assert_eq!(class("yarn"), Some(("yarn", Dependencies, "yarn".into())));
        assert_eq!(
            class("yarn --frozen-lockfile"),
            Some(("yarn", Dependencies, "yarn".into()))
        );
        assert_eq!(class("yarn build"), None);
        assert_eq!(class("yarn add left-pad"), None);
        assert_eq!(
            class("pip install --no-cache-dir -r requirements.txt"),
            Some(("pip", Dependencies, "pip install".into()))
        );
        assert_eq!(
            class("python3 -m pip install -r req.txt"),
            Some(("pip", Dependencies, "python3 -m pip install".into()))
        );
        assert_eq!(class("pip install ."), None);
        assert_eq!(class("pip install flask"), None);
        assert_eq!(
            class("poetry install --no-root"),
            Some(("poetry", Dependencies, "poetry install".into()))
        );
        assert_eq!(
            class("uv sync"),
            Some(("uv", Dependencies, "uv sync".into()))
        );
        assert_eq!(
            class("cargo build --release"),
            Some(("cargo", Build, "cargo build".into()))
        );
        assert_eq!(
            class("mvn -B -f pom.xml clean package"),
            Some(("mvn", Build, "mvn clean package".into()))
        );
        assert_eq!(
            class("mvn dependency:go-offline"),
            Some(("mvn", Dependencies, "mvn dependency:go-offline".into()))
        );
        assert_eq!(
            class("./gradlew build -x test"),
            Some(("gradle", Build, "./gradlew build".into()))
        );
        assert_eq!(class("./gradlew --version"), None);
        assert_eq!(
            class("bundle install"),
            Some(("bundle", Dependencies, "bundle install".into()))
        );
        assert_eq!(class("bundle exec rake"), None);
        assert_eq!(
            class("composer install --no-dev"),
            Some(("composer", Dependencies, "composer install".into()))
        );
        assert_eq!(
            class("dotnet publish -c Release -o out"),
            Some(("dotnet", Build, "dotnet publish".into()))
        );
        assert_eq!(class("dotnet publish --no-restore"), None);
    }

    #[test]
    fn cache_mounts() {
        let m = |t: &str| Mount {
            kind: "cache".into(),
            target: Some(t.into()),
            ..Mount::default()
        };
        assert!(mount_caches(&m("/root/.cache"), Ecosystem::Python));
        assert!(mount_caches(&m("/root/.cache/"), Ecosystem::Go));
        assert!(mount_caches(&m("/go/pkg/mod"), Ecosystem::Go));
        assert!(mount_caches(&m("/root/.npm"), Ecosystem::Node));
        assert!(!mount_caches(&m("/var/cache/apt"), Ecosystem::Node));
        assert!(!mount_caches(&m("/root/.cach"), Ecosystem::Python));
    }

    #[test]
    fn globs() {
        assert!(glob_match("requirements*.txt", "requirements-dev.txt"));
        assert!(glob_match("*.csproj", "App.csproj"));
        assert!(glob_match("package*.json", "package.json"));
        assert!(glob_match("go.[ms]*", "go.mod"));
        assert!(!glob_match("*.csproj", "App.fsproj"));
        assert!(!glob_match("go.mod", "go.sum"));
        let info = ecosystem_info(Ecosystem::Node).expect("node row");
        assert!(names_manifest(info, "package*.json"));
        assert!(names_manifest(info, "./app/package.json"));
        assert!(!names_manifest(info, "src/"));
        let net = ecosystem_info(Ecosystem::DotNet).expect(".NET row");
        assert!(names_manifest(net, "*.csproj"));
        assert!(names_manifest(net, "src/Api/Api.csproj"));
        let go = ecosystem_info(Ecosystem::Go).expect("go row");
        assert!(names_manifest(go, "go.*"));
    }
}
