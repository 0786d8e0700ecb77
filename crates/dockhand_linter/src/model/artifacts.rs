//! Build artifacts: the binaries a stage compiles (`go build`, `cargo build`, `gcc -o`, `make`),
//! where they are written, whether the build is static, and which `COPY --from` copies one of
//! them into another stage. Also what a stage does to have a CA bundle, and whether it starts
//! a program of its own (ENTRYPOINT or CMD).
//!
//! Facts only, computed once on first use from the RUN commands already split by the model
//! (`outputs.rs`); the libc,
//! CA and Alpine rules decide what to report. When a fact cannot be known (an output path from
//! a variable, a Makefile) the answer leans towards "not a binary" / "static", so rules built on
//! it stay quiet rather than guess.

use super::images::{Ecosystem, Libc};
use super::outputs::{static_flag, ChainFacts, OwnBuild, LINK_ARGS};
use super::{BaseImage, Command, CopyFact, CopySource, Model, Stage, StageId};
use crate::parse::Kind;
use crate::span::Span;

/// What compiled an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildTool {
    Go,
    Cargo,
    /// gcc, cc, g++, clang and friends.
    C,
    Make,
}

/// A build command in a RUN and what it writes.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// The stage whose RUN holds the command.
    pub stage: StageId,
    pub tool: BuildTool,
    /// The command name word (`go`, `cargo`, `gcc`, `make`).
    pub word: Span,
    /// The whole simple command.
    pub command: Span,
    /// The path written (`-o` value, or the name Go derives), as written (may be relative).
    pub output: Option<String>,
    /// `go install`, `cargo install`, `make`: writes into a `bin` directory.
    pub to_bin_dir: bool,
    /// How the result is linked.
    pub linking: Linking,
}

/// Whether an artifact needs the C library of the image it was built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linking {
    /// Statically linked, and why we know: `CGO_ENABLED=0`, `-extldflags -static`, a musl
    /// Rust target, ….
    Static(String),
    /// Dynamically linked against the build image's C library.
    Dynamic,
    /// Cannot be told from the Dockerfile (a Makefile decides).
    Unknown,
}

impl BuildOutput {
    /// Linked against the build image's C library, as far as the Dockerfile shows.
    pub fn is_dynamic(&self) -> bool {
        self.linking == Linking::Dynamic
    }
}

/// A `COPY --from=<stage>` that copies a build output.
#[derive(Debug, Clone)]
pub struct CopiedBinary<'m> {
    pub copy: &'m CopyFact,
    /// The stage copied from.
    pub from: StageId,
    /// The source path that names the binary (or a directory holding it).
    pub source: &'m crate::span::Spanned<String>,
    /// The binary's path in the build stage when the source is a directory holding it
    /// (`/out/api` for a copy of `/out`); `None` when the source names the binary itself or
    /// the exact file is not known.
    pub inner: Option<String>,
    pub build: BuildOutput,
}

/// Packages whose installation means a C compiler is present (Go then enables cgo).
pub(super) const C_COMPILER_PACKAGES: &[&str] = &[
    "gcc",
    "g++",
    "clang",
    "build-base",
    "build-essential",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "gcc-c++",
];

/// `go build`/`install`/`test`/`run` flags that take the next word as their value (from `go
/// help build` and `go help testflag`). The one table: the Go rules and the ecosystem reader
/// use it. Boolean flags (`-a`, `-race`, `-cover`, `-trimpath`, `-buildvcs`, `-v`…) are not
/// here: the word after them is an operand.
pub(crate) const GO_VALUE_FLAGS: &[&str] = &[
    "-o",
    "-p",
    "-C",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-tags",
    "-mod",
    "-modfile",
    "-installsuffix",
    "-pkgdir",
    "-toolexec",
    "-overlay",
    "-buildmode",
    "-compiler",
    "-pgo",
    "-coverpkg",
    "-covermode",
    "-exec",
    "-run",
    "-timeout",
];

const C_COMPILERS: &[&str] = &[
    "gcc",
    "cc",
    "g++",
    "c++",
    "clang",
    "clang++",
    "x86_64-linux-gnu-gcc",
];

impl Model {
    /// How the build `own` is linked when it is copied from stage `from` (whose chain holds
    /// `own`'s stage).
    fn linking(&self, from: StageId, own: &OwnBuild) -> Linking {
        let stage = self.stage(own.build.stage);
        let (Some(run), Some(chain)) =
            (stage.runs.get(own.run), self.artifacts().chains.get(from.0))
        else {
            return Linking::Unknown;
        };
        let Some(c) = run.commands.get(own.command) else {
            return Linking::Unknown;
        };
        // `LDFLAGS=-static`-like settings of the RUN, else of the chain's ENV
        let env_static = chain
            .env_static
            .and_then(|(s, i)| self.stage(s).env_writes.get(i))
            .map(|v| (&*v.name, &*v.value));
        let flags = run
            .commands
            .iter()
            .flat_map(|o| &o.assignments)
            .map(|(n, v)| (n.as_str(), v.value.as_str()))
            .find(static_flag)
            .or(env_static);
        match self.static_reason(from, chain, (run, c, flags), own.build.tool) {
            Some(r) => Linking::Static(r),
            // a Makefile may well link statically; we cannot see it
            None if own.build.tool == BuildTool::Make => Linking::Unknown,
            None => Linking::Dynamic,
        }
    }

    /// Why the artifact of command `c` is static, if we can tell.
    fn static_reason(
        &self,
        id: StageId,
        chain: &ChainFacts,
        (run, c, flags): (&super::RunFact, &Command, Option<(&str, &str)>),
        tool: BuildTool,
    ) -> Option<String> {
        let stage = self.stage(id);
        let var = |name: &str| -> Option<String> {
            if let Some(v) = run.assigned(name) {
                // `export NAME=value` gives the whole word
                let value = v.value.strip_prefix(name).and_then(|r| r.strip_prefix('='));
                return Some(value.unwrap_or(&v.value).to_string());
            }
            c.assignments
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.value.clone())
                .or_else(|| stage.env_var(name).map(|v| v.value.to_string()))
                .or_else(|| {
                    // the nearest ARG of the chain (`LINK_ARGS` lists the names read here)
                    let k = LINK_ARGS.iter().position(|a| *a == name)?;
                    let s = chain.args.get(k).copied().flatten()?;
                    self.stage(s).arg(name).map(|v| v.value.to_string())
                })
        };
        if var("CGO_ENABLED").as_deref() == Some("0") || chain.go_env_cgo_off {
            return Some("`CGO_ENABLED=0`".to_string());
        }
        if let Some(w) = c
            .args()
            .iter()
            .find(|w| w.value.contains("-static") || w.value.contains("crt-static"))
        {
            return Some(format!("`{}`", w.value));
        }
        if let Some(f) = var("RUSTFLAGS").filter(|f| f.contains("crt-static")) {
            return Some(format!("`RUSTFLAGS={f}`"));
        }
        // `LDFLAGS=-static make`, `LD_FLAGS=" -extldflags -static" make`, `ENV LDFLAGS …`
        let assigned_static = c
            .assignments
            .iter()
            .map(|(n, v)| (n.as_str(), v.value.as_str()))
            .find(|(n, v)| n.contains("FLAGS") && v.contains("-static"))
            .or(flags);
        if let Some((n, v)) = assigned_static {
            return Some(format!("`{n}={v}`"));
        }
        let facts = &stage.facts;
        match tool {
            BuildTool::Cargo => {
                let target = cargo_target(c).or_else(|| var("CARGO_BUILD_TARGET"));
                if let Some(t) = target.filter(|t| t.ends_with("-musl")) {
                    return Some(format!("the musl target `{t}` (static by default)"));
                }
                if facts.libc == Libc::Musl && facts.toolchain == Some(Ecosystem::Rust) {
                    return Some("Rust on musl links statically by default".to_string());
                }
            }
            BuildTool::Go | BuildTool::Make => {
                if tool == BuildTool::Go && c.args().iter().any(|w| w.value.contains("netgo")) {
                    return Some("the `netgo` build tag".to_string());
                }
                // Cross-compiling without a cross C compiler turns cgo off.
                if let Some(arch) = var("GOARCH").filter(|a| !a.contains('$') && !a.is_empty()) {
                    if arch != "amd64" {
                        return Some(format!("`GOARCH={arch}` (cross-compiling turns cgo off)"));
                    }
                }
                if let Some(os) = var("GOOS").filter(|a| !a.contains('$') && !a.is_empty()) {
                    if os != "linux" {
                        return Some(format!("`GOOS={os}` (not a Linux binary)"));
                    }
                }
                let go_image = facts.toolchain == Some(Ecosystem::Go);
                if go_image
                    && facts.c_compiler == Some(false)
                    && !chain.compiler_installed
                    && self.go_version(id).is_none_or(|v| v >= (1, 20))
                {
                    return Some(
                        "the Go image has no C compiler, so cgo is off (Go 1.20+)".to_string(),
                    );
                }
            }
            BuildTool::C => {}
        }
        None
    }

    /// The Go version a `golang` chain root pins (`1.13` from `golang:1.13.5-alpine3.10`).
    pub fn go_version(&self, id: StageId) -> Option<(u32, u32)> {
        let root = self.chain_root(id);
        if root.facts.toolchain != Some(Ecosystem::Go) {
            return None;
        }
        let BaseImage::Registry(img) = &root.base else {
            return None;
        };
        let tag = img.tag.as_ref()?.value.as_str();
        let mut parts = tag.split(|c: char| !c.is_ascii_digit());
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some((major, minor))
    }

    /// The build output a `COPY --from=<stage>` copies, if one of its sources is (or holds)
    /// a binary built in that stage's chain. Data files are never binaries.
    pub fn copied_binary<'m>(&'m self, copy: &'m CopyFact) -> Option<CopiedBinary<'m>> {
        let CopySource::Stage(from) = copy.source else {
            return None;
        };
        let art = self.artifacts();
        let found = art
            .copied
            .get(&copy.instruction)
            .filter(|f| f.from == from)?;
        let src = copy.sources.get(found.source)?;
        let own = art.builds.get(found.stage.0)?.get(found.build)?;
        let workdir = self
            .stage(from)
            .workdir
            .as_ref()
            .map_or("/", |w| w.value.as_str());
        let abs = absolute(&normalise(&src.value), "/");
        let mut build = own.build.clone();
        build.linking = self.linking(from, own);
        let inner = build
            .output
            .as_ref()
            .map(|o| absolute(&normalise(o), workdir))
            .filter(|o| *o != abs && path_holds(&abs, o) && !o.contains('$'));
        Some(CopiedBinary {
            copy,
            from,
            source: src,
            inner,
            build,
        })
    }

    /// The first COPY in the chain of stage `id` that brings in something other than data (a
    /// program, or a directory that may hold one): from a build stage or another image, and
    /// with `from_context` also from the build context.
    pub fn copied_program(&self, id: StageId, from_context: bool) -> Option<&CopyFact> {
        self.chain(id).into_iter().rev().find_map(|stage| {
            stage.copies.iter().find(|c| {
                let source_ok = match c.source {
                    CopySource::Stage(_) | CopySource::Image(_) => true,
                    CopySource::Context => from_context && !c.heredoc,
                    _ => false,
                };
                source_ok
                    && c.sources.iter().any(|s| {
                        let p = normalise(&s.value);
                        !p.is_empty() && !is_data_path(&p)
                    })
            })
        })
    }

    /// How the chain of stage `id` gets a CA bundle: an installed `ca-certificates` (or a
    /// package that depends on it), a copied bundle, `update-ca-certificates`, or
    /// `SSL_CERT_FILE`/`SSL_CERT_DIR` pointing at one. `None` when it does nothing.
    pub fn ca_bundle_provision(&self, id: StageId) -> Option<Span> {
        for stage in self.chain(id) {
            for run in &stage.runs {
                if let Some(p) = run.installs.iter().find(|p| brings_ca_bundle(&p.name)) {
                    return Some(p.span);
                }
                if let Some(c) = run.commands_named("update-ca-certificates").next() {
                    return Some(c.span);
                }
                // Packages we cannot name (`xargs apt-get install < list`, `apk add $PKGS`)
                // may include the bundle.
                if let Some(c) = run.commands.iter().find(|c| installs_unknown_packages(c)) {
                    return Some(c.span);
                }
            }
            for c in &stage.copies {
                let dest_is_ca = c.dest.as_ref().is_some_and(|d| is_ca_path(&d.value));
                let src_is_ca = c
                    .sources
                    .iter()
                    .any(|s| is_ca_path(&s.value) || normalise(&s.value).is_empty());
                if dest_is_ca || (src_is_ca && c.source != CopySource::Context) {
                    return Some(c.span);
                }
            }
            // The first stage sees the ENV of the whole chain: if none of it names a bundle,
            // neither does an ancestor's part of it, so it is looked at once.
            if stage.id == id {
                for v in self.env_writes_in_chain(id) {
                    if &*v.name == "SSL_CERT_FILE" || &*v.name == "SSL_CERT_DIR" {
                        return Some(v.span);
                    }
                }
            }
        }
        None
    }
}

/// The ENTRYPOINT or CMD (last one) of stage `id` or its ancestors: the stage starts a program
/// of its own. Stages without one are artifact exports or base images for other builds.
pub fn start_command(model: &Model, id: StageId) -> Option<Span> {
    for stage in model.chain(id) {
        let Some(instrs) = model.instructions().get(stage.instructions.clone()) else {
            continue;
        };
        if let Some(i) = instrs
            .iter()
            .rev()
            .find(|i| matches!(i.kind, Kind::Entrypoint | Kind::Cmd))
        {
            return Some(i.keyword);
        }
    }
    None
}

/// A build command: `go build`/`go install`, `cargo build`/`cargo install`, a C compiler
/// linking an executable, or `make`.
pub(super) fn build_command(stage: &Stage, c: &Command) -> Option<BuildOutput> {
    let name = c.name()?;
    let word = c.words.first()?.span;
    let mut b = BuildOutput {
        stage: stage.id,
        tool: BuildTool::Go,
        word,
        command: c.span,
        output: None,
        to_bin_dir: false,
        linking: Linking::Unknown,
    };
    match name {
        "go" => {
            let sub = c.words.get(1)?.value.as_str();
            match sub {
                "build" => {
                    let (output, packages) = go_output(c);
                    b.output = output.or_else(|| go_default_name(&packages, stage));
                }
                "install" => b.to_bin_dir = true,
                _ => return None,
            }
        }
        "cargo" => {
            b.tool = BuildTool::Cargo;
            match c.subcommand()?.value.as_str() {
                "build" | "auditable" | "zigbuild" => {}
                "install" => b.to_bin_dir = true,
                _ => return None,
            }
        }
        n if C_COMPILERS.contains(&n) => {
            b.tool = BuildTool::C;
            // `-c`, `-E`, `-S` stop before linking; `-shared` makes a library.
            if c.args().iter().any(|w| {
                matches!(
                    w.value.as_str(),
                    "-c" | "-E" | "-S" | "-shared" | "-M" | "-MM"
                )
            }) {
                return None;
            }
            b.output = Some(flag_value(c, "-o").unwrap_or_else(|| "a.out".to_string()));
        }
        "make" | "gmake" => {
            b.tool = BuildTool::Make;
            b.to_bin_dir = true;
        }
        _ => return None,
    }
    Some(b)
}

/// `-o X`, `-oX` (C) or `-o=X` (Go).
fn flag_value(c: &Command, flag: &str) -> Option<String> {
    let args = c.args();
    for (i, w) in args.iter().enumerate() {
        if w.value == flag {
            return args.get(i + 1).map(|v| v.value.clone());
        }
        if let Some(v) = w.value.strip_prefix(flag) {
            let v = v.strip_prefix('=').unwrap_or(v);
            if !v.is_empty() && flag.len() == 2 {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// The `-o` value of `go build` and its package operands.
fn go_output(c: &Command) -> (Option<String>, Vec<String>) {
    let args = c.args().get(1..).unwrap_or(&[]);
    let mut output = None;
    let mut packages = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let v = args[i].value.as_str();
        let flag = if v.starts_with("--") { &v[1..] } else { v };
        if flag.starts_with('-') {
            let (name, inline) = match flag.split_once('=') {
                Some((n, val)) => (n, Some(val)),
                None => (flag, None),
            };
            let value = match inline {
                Some(val) => Some(val.to_string()),
                None if GO_VALUE_FLAGS.contains(&name) => {
                    i += 1;
                    args.get(i).map(|w| w.value.clone())
                }
                None => None,
            };
            if name == "-o" {
                output = value;
            }
        } else {
            packages.push(v.to_string());
        }
        i += 1;
    }
    (output, packages)
}

/// The file `go build` writes without `-o`: the last element of the one package path, or the
/// first file's name without `.go`, or the directory name for `.`.
fn go_default_name(packages: &[String], stage: &Stage) -> Option<String> {
    match packages {
        [] => dir_name(stage),
        [p, ..] if p.ends_with(".go") => {
            let file = p.rsplit('/').next()?;
            Some(file.trim_end_matches(".go").to_string())
        }
        [p] => {
            let p = p.trim_end_matches('/').trim_end_matches("/...");
            if p == "." || p.is_empty() {
                return dir_name(stage);
            }
            if p.contains("...") {
                return None;
            }
            p.rsplit('/').next().map(str::to_string)
        }
        // several packages: nothing is written
        _ => None,
    }
}

fn dir_name(stage: &Stage) -> Option<String> {
    let w = stage.workdir.as_ref()?;
    let name = w.value.trim_end_matches('/').rsplit('/').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

fn cargo_target(c: &Command) -> Option<String> {
    let args = c.args();
    for (i, w) in args.iter().enumerate() {
        if w.value == "--target" {
            return args.get(i + 1).map(|v| v.value.clone());
        }
        if let Some(v) = w.value.strip_prefix("--target=") {
            return Some(v.to_string());
        }
    }
    None
}

/// `./a/b/` → `a/b`; `/` → ``; `/a/*` → `/a`.
pub(super) fn normalise(p: &str) -> String {
    let p = p.trim();
    let p = p.strip_suffix("/*").unwrap_or(p);
    let p = p.trim_end_matches('/');
    let p = p.strip_prefix("./").unwrap_or(p);
    if p == "." {
        return String::new();
    }
    p.to_string()
}

pub(super) fn absolute(p: &str, base: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{}/{p}", base.trim_end_matches('/'))
    }
}

/// `dir` is `file` or a directory above it; a component with `$` matches any component.
pub(super) fn path_holds(dir: &str, file: &str) -> bool {
    let d: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let f: Vec<&str> = file.split('/').filter(|s| !s.is_empty()).collect();
    if d.is_empty() {
        // the whole file system
        return true;
    }
    d.len() <= f.len() && d.iter().zip(&f).all(|(a, b)| component_eq(a, b))
}

fn component_eq(a: &str, b: &str) -> bool {
    a == b || a.contains('$') || b.contains('$') || a.contains('*')
}

/// A relative output (`bin/app`) matched against a copy source ending in it (`/src/bin/app`),
/// or in its directory (`/src/bin`).
pub(super) fn suffix_match(src: &str, out: &str) -> bool {
    if out.is_empty() || out.starts_with('/') || src.is_empty() {
        return false;
    }
    let s: Vec<&str> = src.split('/').filter(|x| !x.is_empty()).collect();
    let o: Vec<&str> = out.split('/').filter(|x| !x.is_empty()).collect();
    // the source is the output itself, or a directory holding it
    (1..=o.len()).rev().any(|k| {
        let prefix = &o[..k];
        s.len() >= k
            && s[s.len() - k..]
                .iter()
                .zip(prefix)
                .all(|(a, b)| component_eq(a, b))
    })
}

pub(super) fn is_cargo_target_path(p: &str) -> bool {
    let parts: Vec<&str> = p.split('/').collect();
    parts
        .iter()
        .position(|c| *c == "target")
        .is_some_and(|i| parts[i..].iter().any(|c| *c == "release" || *c == "debug"))
}

pub(super) fn in_bin_dir(p: &str) -> bool {
    let parts: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [.., last] if *last == "bin" || *last == "sbin" => true,
        [.., parent, _] => *parent == "bin" || *parent == "sbin",
        _ => false,
    }
}

/// Paths that hold data, not executables: configuration, certificates, time zones, web assets,
/// the user database.
pub fn is_data_path(p: &str) -> bool {
    const DIRS: &[&str] = &[
        "/etc/",
        "/usr/share/",
        "/usr/local/share/",
        "/var/",
        "/static",
        "/public",
        "/assets",
        "/templates",
        "/html",
        "/migrations",
        "/config",
        "/node_modules",
    ];
    const EXTS: &[&str] = &[
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".conf",
        ".cfg",
        ".ini",
        ".crt",
        ".pem",
        ".key",
        ".txt",
        ".md",
        ".html",
        ".htm",
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".svg",
        ".png",
        ".jpg",
        ".ico",
        ".sql",
        ".xml",
        ".env",
        ".properties",
        ".jar",
        ".war",
        ".py",
        ".rb",
        ".php",
        ".sh",
        ".so",
        ".a",
        ".tar",
        ".gz",
        ".tgz",
        ".zip",
        ".wasm",
        ".lock",
        ".mod",
        ".sum",
    ];
    let lower = p.to_ascii_lowercase();
    let with_slash = if lower.starts_with('/') {
        lower.clone()
    } else {
        format!("/{lower}")
    };
    DIRS.iter()
        .any(|d| with_slash.starts_with(d) || with_slash.contains(&format!("{d}/")))
        || EXTS.iter().any(|e| lower.ends_with(e))
        || lower.contains("zoneinfo")
        || lower.contains("passwd")
}

/// A package install whose package names come from elsewhere (`xargs apt-get install`,
/// `apk add $PKGS`).
fn installs_unknown_packages(c: &Command) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.value.as_str()).collect();
    let Some(pm) = words
        .iter()
        .position(|w| matches!(*w, "apt-get" | "apt" | "apk" | "dnf" | "yum" | "microdnf"))
    else {
        return false;
    };
    let rest = &words[pm + 1..];
    let installs = rest.iter().any(|w| matches!(*w, "install" | "add"));
    installs && (c.name() == Some("xargs") || rest.iter().any(|w| w.contains('$')))
}

/// Paths of CA bundles and certificate directories.
pub fn is_ca_path(p: &str) -> bool {
    let p = p.trim_end_matches('/');
    p.starts_with("/etc/ssl")
        || p.starts_with("/etc/pki")
        || p.starts_with("/etc/ca-certificates")
        || p.starts_with("/usr/share/ca-certificates")
        || p.starts_with("/usr/local/share/ca-certificates")
        || p.ends_with("ca-certificates.crt")
        || p.ends_with("cacert.pem")
        || p.ends_with("ca-bundle.crt")
}

/// Installing these puts a CA bundle in the image: `ca-certificates` itself, and packages that
/// depend on it (curl and wget on Alpine and with apt's default recommends, language runtimes
/// whose packages pull it, Java's `ca-certificates-java`).
fn brings_ca_bundle(pkg: &str) -> bool {
    const EXACT: &[&str] = &[
        "curl",
        "wget",
        "git",
        "openssl",
        "gnupg",
        "gnupg2",
        "apt-transport-https",
        "software-properties-common",
        "nodejs",
        "npm",
        "certbot",
    ];
    const PREFIXES: &[&str] = &[
        "ca-certificates",
        "python",
        "openjdk",
        "default-jre",
        "default-jdk",
        "temurin",
        "java-",
        "ruby",
        "php",
        "libcurl",
        "golang",
        "dotnet",
        "aspnetcore",
    ];
    EXACT.contains(&pkg) || PREFIXES.iter().any(|p| pkg.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert!(path_holds("/build", "/build/app"));
        assert!(path_holds("/build/app", "/build/app"));
        assert!(!path_holds("/build/app2", "/build/app"));
        assert!(path_holds("/out/$NAME", "/out/app"));
        assert!(suffix_match("/src/bin/app", "bin/app"));
        assert!(suffix_match("/src/bin", "bin/app"));
        assert!(!suffix_match("/src/lib", "bin/app"));
        assert!(is_cargo_target_path(
            "/app/target/x86_64-unknown-linux-musl/release/app"
        ));
        assert!(in_bin_dir("/go/bin/app"));
        assert!(in_bin_dir("/go/bin"));
        assert!(!in_bin_dir("/app"));
        assert!(is_data_path("/etc/passwd"));
        assert!(is_data_path("/etc/ssl/certs/ca-certificates.crt"));
        assert!(is_data_path("/usr/share/zoneinfo"));
        assert!(is_data_path("/app/config.yaml"));
        assert!(!is_data_path("/build/app"));
        assert_eq!(normalise("./bin/"), "bin");
        assert_eq!(normalise("/"), "");
    }
}
