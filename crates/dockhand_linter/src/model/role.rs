//! What the final image is for: an application that is run as it is, or a base image that
//! others build on, and what it runs. Built from the Dockerfile, the image table and the
//! `image-role` setting; the final-image rules (DH101, DH201) read it. No findings here.
//!
//! - [`ImageRole`]: the `image-role` setting (`base`: every final image of the file is meant
//!   to be built on; `application`: none is; `auto`: decide from the Dockerfile).
//! - [`Model::ships_application`]: the chain copies an application in (the whole build
//!   context, a source folder, a jar, or the output of a stage that compiles).
//! - [`compile_ecosystem`] / [`Model::compiles_in`]: a command compiles code, and whether a
//!   compile is only a smoke test whose output the same `RUN` deletes.
//! - [`Model::runs_wasm`]: the image is a WebAssembly (WASI) module, which has no users.
//! - [`Model::never_connects`]: the image's program is known never to open a TLS connection.

use super::glob::glob_match;
use super::images::Ecosystem;
use super::stage::{BaseImage, Command, CopyFact, CopySource, RunFact, Stage, StageId};
use super::Model;
use crate::parse::Kind;

/// What the configuration says the final image is for (`image-role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageRole {
    /// Decide from the Dockerfile: a final stage that starts only a shell or nothing, or has
    /// `ONBUILD` triggers, is a base image.
    #[default]
    Auto,
    /// The image is meant to be built on (an official image, a team's base image): the
    /// final-image rules about what it runs do not apply.
    Base,
    /// The image is run as it is, whatever it starts.
    Application,
    /// The Dockerfile builds a test fixture (test data of a tool, an end-to-end test's
    /// service): no image is shipped, so the rules about the shipped image (`shipped_image`
    /// in their declaration) do not run. Set in the configuration, or inferred from the path
    /// under `auto` ([`ImageRole::of_path`]).
    Test,
}

/// Folder names whose whole tree is test data.
const FIXTURE_FOLDERS: &[&str] = &["testdata", "__fixtures__"];

/// Folder names of test trees, inside which a `fixtures` folder holds test data.
const TEST_TREES: &[&str] = &["test", "tests", "e2e", "spec", "integration", "__tests__"];

impl ImageRole {
    pub const NAMES: &'static [&'static str] = &["auto", "base", "application", "test"];

    pub fn from_name(s: &str) -> Option<ImageRole> {
        match s {
            "auto" => Some(ImageRole::Auto),
            "base" => Some(ImageRole::Base),
            "application" => Some(ImageRole::Application),
            "test" => Some(ImageRole::Test),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ImageRole::Auto => "auto",
            ImageRole::Base => "base",
            ImageRole::Application => "application",
            ImageRole::Test => "test",
        }
    }

    /// The role a Dockerfile's path gives it: `Test` when a folder of the path is test data
    /// (`testdata`, `__fixtures__`, or `fixtures` inside a `test`/`tests`/`e2e`/`spec`/
    /// `integration`/`__tests__` folder), else `Auto`. Folder names are compared exactly
    /// (in any case); the file name itself is not a folder. The path should be relative to
    /// the project (the CLI passes it relative to the working directory when it can), so that
    /// a checkout under `~/tests/` is not taken for test data.
    pub fn of_path(path: &std::path::Path) -> ImageRole {
        let mut in_test_tree = false;
        let mut parts: Vec<&std::ffi::OsStr> = path
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s),
                _ => None,
            })
            .collect();
        // the last component is the file
        parts.pop();
        for part in parts {
            let Some(name) = part.to_str() else { continue };
            let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
            if is(FIXTURE_FOLDERS) || (in_test_tree && name.eq_ignore_ascii_case("fixtures")) {
                return ImageRole::Test;
            }
            in_test_tree |= is(TEST_TREES);
        }
        ImageRole::Auto
    }

    /// The role for a file at `path`: the configured one, or under `auto` the one its path
    /// gives ([`ImageRole::of_path`]). An explicit `base`, `application` or `test` wins.
    pub fn for_path(self, path: &std::path::Path) -> ImageRole {
        match self {
            ImageRole::Auto => ImageRole::of_path(path),
            r => r,
        }
    }
}

/// Servers that host an application put into their image (`server = true` images run them):
/// a final stage that starts one alone (exec form) and puts no application in builds the
/// image applications are built on (docker-library/tomcat, php, httpd). `nginx` is not here:
/// an nginx with its own configuration is often the application (a proxy, an OpenResty app).
pub const HOSTING_SERVERS: &[&str] = &[
    "catalina.sh",
    "php-fpm",
    "php-fpm[0-9]*",
    "apache2-foreground",
    "httpd-foreground",
    "jetty.sh",
];

/// ENV names that language runtime images set where they install the runtime
/// (`JAVA_HOME` in eclipse-temurin, `NODE_VERSION` in node, `PYTHON_VERSION` in python).
pub const RUNTIME_VARS: &[&str] = &[
    "JAVA_HOME",
    "JAVA_VERSION",
    "NODE_VERSION",
    "PYTHON_VERSION",
    "RUBY_VERSION",
    "GOLANG_VERSION",
    "DOTNET_VERSION",
    "PHP_VERSION",
];

/// Packages that install a C compiler: with one in the chain, `make`/`cmake` compile.
pub const C_TOOLCHAIN_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "alpine-sdk",
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
];

/// Packages whose programs only work with root privileges in the container: they configure
/// the kernel's network stack (firewall rules, tunnels, VPN interfaces). An image that
/// installs one is a network appliance, run as root with `NET_ADMIN` on purpose.
pub const ROOT_NETWORK_PACKAGES: &[&str] = &[
    "iptables",
    "ip6tables",
    "nftables",
    "ipset",
    "openvpn",
    "strongswan",
    "libreswan",
    "ocserv",
    "pptpd",
    "xl2tpd",
    "tinc",
    "wireguard-tools",
];

/// Programs that do nothing but wait, print or exit (`true`, `sleep infinity`, the Kubernetes
/// `pause` container, `cat /tmp/file` in a test fixture): they open no connection, so an image that only runs one needs no CA
/// bundle, and they have no code an attacker could use, so their user does not matter. Data,
/// not a guess: each does one local thing.
pub const IDLE_PROGRAMS: &[&str] = &[
    "true",
    "false",
    "sleep",
    "pause",
    "sleeping-beauty",
    "nologin",
    "echo",
    "cat",
    "printenv",
];

/// The label a BuildKit frontend image sets when it needs no network
/// (`moby.buildkit.frontend.network.none="true"`): BuildKit runs it without one.
pub const NO_NETWORK_LABEL: &str = "moby.buildkit.frontend.network.none";

/// Files without an extension that are files, not folders, when copied from the context.
const EXTENSIONLESS_FILES: &[&str] = &[
    "makefile",
    "dockerfile",
    "license",
    "gemfile",
    "procfile",
    "rakefile",
    "jenkinsfile",
    "vagrantfile",
    "brewfile",
    "pipfile",
    "readme",
    "version",
    "entrypoint",
    "docker-entrypoint",
    "start",
    "run",
    "healthcheck",
    "gradlew",
    "mvnw",
    "go.mod",
    "go.sum",
];

/// Shells and interactive interpreters: a CMD that only starts one of these belongs to a base
/// image (`CMD ["bash"]`, `CMD ["python3"]`), which is meant to be built FROM, not run.
const INTERACTIVE: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
    "fish",
    "ksh",
    "pwsh",
    "powershell",
    "cmd",
    "python",
    "python2",
    "python3",
    "pypy",
    "pypy3",
    "node",
    "irb",
    "php",
    "jshell",
    "ghci",
    "erl",
    "iex",
    "swift",
    "julia",
    "R",
    "scala",
    "groovysh",
    "lein",
    "clojure",
    "clj",
    "mvn",
    "gradle",
    "dotnet",
    "rails",
    "deno",
    "bun",
    "elixir",
    "ocaml",
    "perl",
    "ruby",
    "java",
    "repl",
    "rebar3",
];

impl Model {
    /// The final stage builds an image meant to be extended: it starts nothing but a shell or a
    /// REPL (or nothing at all), so the USER belongs in the Dockerfile built FROM it.
    pub fn is_base_image(&self, id: StageId) -> bool {
        let model = self;
        // ONBUILD triggers only make sense in an image that others build FROM
        let onbuild = model.chain(id).iter().any(|s| {
            s.instructions.clone().any(|i| {
                model
                    .instruction(i)
                    .is_some_and(|ins| ins.kind == Kind::Onbuild)
            })
        });
        if onbuild {
            return true;
        }
        let p = model.process(id);
        let interactive = |c: &super::process::ProcessCommand| {
            let words: Vec<&str> = c
                .words
                .iter()
                .map(String::as_str)
                .skip_while(|w| *w == "exec")
                .collect();
            let Some(first) = words.first() else {
                return true;
            };
            // arguments for a wrapper entrypoint that starts a REPL: `CMD ["-M", "--repl"]`
            if words.iter().any(|w| w.contains("repl"))
                && words
                    .iter()
                    .all(|w| w.starts_with('-') || matches!(*w, "repl" | "shell"))
            {
                return true;
            }
            let program = first.rsplit(['/', '\\']).next().unwrap_or(first);
            let program = program.strip_suffix(".exe").unwrap_or(program);
            INTERACTIVE.contains(&program)
                && words[1..]
                    .iter()
                    .all(|w| w.starts_with('-') || matches!(*w, "repl" | "shell"))
        };
        let wrapper = |c: &super::process::ProcessCommand| {
            c.program()
                .is_some_and(|p| p.contains("entrypoint") || matches!(p, "tini" | "dumb-init"))
        };
        // A server that hosts the application put into the image (`catalina.sh run`,
        // `php-fpm`), in an image that puts none in: the image the application is built on.
        let hosting = |c: &super::process::ProcessCommand| {
            // the official images start the server alone, in exec form; `php-fpm && nginx`
            // in a shell is an application's own start script
            !c.shell_form
                && c.program().is_some_and(|p| {
                    HOSTING_SERVERS
                        .iter()
                        .any(|h| super::glob::glob_match(h, p))
                })
                && !model.copies_content(id)
        };
        match (&p.entrypoint, &p.cmd) {
            (None, None) => true,
            (None, Some(c)) => interactive(c) || hosting(c),
            (Some(e), Some(c)) => wrapper(e) && (interactive(c) || hosting(c)),
            // An entrypoint script with no CMD usually starts the application itself; in a
            // language runtime image that puts no application in (adoptium's JRE images:
            // `ENV JAVA_HOME`, `ENTRYPOINT ["/__cacert_entrypoint.sh"]`) it only prepares
            // the command of the image built on it.
            (Some(e), None) => {
                wrapper(e)
                    && !model.copies_content(id)
                    && model
                        .env_writes_in_chain(id)
                        .any(|v| RUNTIME_VARS.contains(&&*v.name))
            }
        }
    }

    /// Whether the chain of stage `id` copies content in that an application is made of:
    /// [`Model::ships_application`], a folder from the context (`COPY static /usr/share/…`),
    /// or anything from another stage (a built web site, a binary).
    pub fn copies_content(&self, id: StageId) -> bool {
        self.ships_application(id)
            || self.chain(id).iter().any(|s| {
                s.copies.iter().any(|c| match c.source {
                    CopySource::Stage(_) => true,
                    CopySource::Context => copies_folder(c),
                    _ => false,
                })
            })
    }

    /// The role the configuration gives the final image.
    pub fn image_role(&self) -> ImageRole {
        self.role
    }

    /// Whether the chain of stage `id` copies an application in: the whole build context, a
    /// source folder of it (`COPY ./backend /app`, `COPY src ./src`, the names of
    /// `ecosystems::SOURCE_FOLDERS`), a `.jar`/`.war` (also
    /// under an ARG: `COPY ${JAR_FILE} app.jar`), or the output of a stage that compiles.
    pub fn ships_application(&self, id: StageId) -> bool {
        // Whether each stage's chain compiles, in one pass in stage order (each stage builds
        // only on earlier ones), so that a long chain stays linear.
        let mut compiles: Vec<bool> = Vec::with_capacity(self.stages.len());
        for st in &self.stages {
            let own = st.runs.iter().any(|r| {
                r.commands
                    .iter()
                    .any(|c| self.compiles_in(st, r, c).is_some())
            });
            let parent = match st.base {
                BaseImage::Stage(p) if p.0 < st.id.0 => compiles.get(p.0).copied().unwrap_or(false),
                _ => false,
            };
            compiles.push(own || parent);
        }
        self.chain(id).iter().any(|s| {
            s.copies.iter().any(|c| match c.source {
                CopySource::Context => copies_application_files(c),
                CopySource::Stage(t) => compiles.get(t.0).copied().unwrap_or(false),
                _ => false,
            })
        })
    }

    /// The ecosystem command `c` of RUN `run` in `stage` compiles for, when it compiles an
    /// artifact: [`compile_ecosystem`], plus `make`/`cmake` in a chain that installs a C
    /// toolchain (`build-essential`, `build-base`, `gcc`). A compile whose `-o` output the
    /// same RUN deletes is a smoke test of the compiler, not a build (`None`).
    pub fn compiles_in(&self, stage: &Stage, run: &RunFact, c: &Command) -> Option<Ecosystem> {
        let eco = match compile_ecosystem(c) {
            Some(e) => e,
            None if is_make(c) && self.installs_c_toolchain(stage.id) => Ecosystem::C,
            None => return None,
        };
        if output_deleted(run, c) {
            return None;
        }
        Some(eco)
    }

    fn installs_c_toolchain(&self, id: StageId) -> bool {
        // one pass in stage order (each stage builds only on earlier ones), so that a `make`
        // in every stage of a long chain does not walk the chain each time
        let per_stage = self.c_toolchain.get_or_init(|| {
            let mut out: Vec<bool> = Vec::with_capacity(self.stages.len());
            for st in &self.stages {
                let own = st.runs.iter().any(|r| {
                    r.installs
                        .iter()
                        .any(|p| C_TOOLCHAIN_PACKAGES.contains(&p.name.as_str()))
                });
                let parent = match st.base {
                    BaseImage::Stage(p) if p.0 < st.id.0 => out.get(p.0).copied().unwrap_or(false),
                    _ => false,
                };
                out.push(own || parent);
            }
            out
        });
        per_stage.get(id.0).copied().unwrap_or(false)
    }

    /// Whether the image stage `id` builds is a WebAssembly module: its chain is built for a
    /// `wasi`/`wasm` platform, or it starts a `.wasm` file.
    pub fn runs_wasm(&self, id: StageId) -> bool {
        let wasm = |s: &str| {
            let s = s.to_ascii_lowercase();
            s.contains("wasi") || s.contains("wasm")
        };
        if self
            .chain(id)
            .iter()
            .any(|s| s.platform.as_ref().is_some_and(|p| wasm(&p.value)))
        {
            return true;
        }
        let p = self.process(id);
        p.entrypoint
            .as_ref()
            .or(p.cmd.as_ref())
            .and_then(|c| c.words.first())
            .is_some_and(|w| w.to_ascii_lowercase().ends_with(".wasm"))
    }

    /// Whether the image stage `id` builds runs a program known never to open a connection
    /// (an [`IDLE_PROGRAMS`] one), or is a BuildKit frontend labelled to run without a network
    /// ([`NO_NETWORK_LABEL`]).
    pub fn never_connects(&self, id: StageId) -> bool {
        let labelled = self.chain(id).iter().any(|s| {
            s.instructions.clone().any(|i| {
                self.instruction(i).is_some_and(|ins| {
                    ins.kind == Kind::Label
                        && ins.args.iter().any(|a| {
                            let (k, v) = a.value.split_once('=').unwrap_or((&a.value, ""));
                            k.trim_matches('"') == NO_NETWORK_LABEL
                                && !v.trim_matches('"').eq_ignore_ascii_case("false")
                        })
                })
            })
        });
        labelled || self.runs_idle_program(id)
    }

    /// Whether the chain of stage `id` installs a package whose programs need root
    /// ([`ROOT_NETWORK_PACKAGES`]).
    pub fn installs_root_network_tools(&self, id: StageId) -> bool {
        self.chain(id).iter().any(|s| {
            s.runs.iter().any(|r| {
                r.installs
                    .iter()
                    .any(|p| ROOT_NETWORK_PACKAGES.contains(&p.name.as_str()))
            })
        })
    }

    /// Whether the image stage `id` builds only runs a program that waits or exits
    /// ([`IDLE_PROGRAMS`]): its ENTRYPOINT's, else its CMD's.
    pub fn runs_idle_program(&self, id: StageId) -> bool {
        let p = self.process(id);
        // The program that runs: the ENTRYPOINT's, else the CMD's.
        let Some(program) = p.entrypoint.as_ref().or(p.cmd.as_ref()).and_then(|c| {
            c.words
                .iter()
                .map(String::as_str)
                .find(|w| *w != "exec")
                .map(|w| w.rsplit(['/', '\\']).next().unwrap_or(w))
        }) else {
            return false;
        };
        IDLE_PROGRAMS.contains(&program)
    }
}

/// A context copy of an application: the whole context, a source folder (`SOURCE_FOLDERS`:
/// `src`, `backend`, `app`, …), or a jar.
fn copies_application_files(c: &CopyFact) -> bool {
    if c.heredoc {
        return false;
    }
    if c.copies_whole_context() {
        return true;
    }
    let jar = |v: &str| {
        let v = v.to_ascii_lowercase();
        v.ends_with(".jar") || v.ends_with(".war")
    };
    c.sources.iter().any(|s| jar(&s.value))
        || c.dest.as_ref().is_some_and(|d| jar(&d.value))
        || super::ecosystems::copied_source_folder(c).is_some()
}

/// Whether a COPY copies a folder: a source [`looks_like_folder`], into a destination that
/// is not a directory of programs (`COPY docker-php-source /usr/local/bin/` copies a script).
pub fn copies_folder(c: &CopyFact) -> bool {
    if c.heredoc {
        return false;
    }
    let into_bin = c.dest.as_ref().is_some_and(|d| {
        let d = d.value.trim_end_matches('/');
        d.ends_with("/bin") || d.ends_with("/sbin") || d == "bin" || d == "sbin"
    });
    !into_bin && c.sources.iter().any(|s| looks_like_folder(&s.value))
}

/// A context source path that names a folder: it ends with `/`, or its last component has no
/// extension and is not a well-known extensionless file (`Makefile`, `entrypoint`). A variable
/// (`${JAR_FILE}`), a glob or a dotfile (`.env`) is not taken for a folder.
pub fn looks_like_folder(path: &str) -> bool {
    if path.contains(['$', '*', '?', '[']) {
        return false;
    }
    if path.ends_with('/') && !path.trim_matches(['.', '/']).is_empty() {
        return true;
    }
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    if last.is_empty() || last == "." || last == ".." || last.starts_with('.') {
        return false;
    }
    let lower = last.to_ascii_lowercase();
    // `Caddyfile`, `Justfile`, `Taskfile`: the `…file` convention names a file
    !last.contains('.')
        && !lower.ends_with("file")
        && !EXTENSIONLESS_FILES.contains(&lower.as_str())
}

/// `make …`, `cmake --build …`, `cmake <dir>`, `ninja` (not `cmake --install`, which copies
/// what was built).
fn is_make(c: &Command) -> bool {
    match c.name() {
        Some("make" | "gmake" | "ninja") => true,
        Some("cmake") => {
            !c.has_arg("--install") && (c.operands().next().is_some() || c.has_arg("--build"))
        }
        _ => false,
    }
}

/// How many commands after a compile are searched for the `rm` of its output: a smoke test
/// deletes it right away (compile, run, `rm`), and the bound keeps a RUN of many compiles
/// linear.
const SMOKE_TEST_WINDOW: usize = 16;

/// The `-o` output of a compile that an `rm` in the next few commands of the same RUN
/// deletes (`gcc -o /tmp/true true.c; /tmp/true; rm -f /tmp/true*`).
fn output_deleted(run: &RunFact, c: &Command) -> bool {
    let args = c.args();
    let Some(out) = args
        .iter()
        .position(|w| w.value == "-o")
        .and_then(|i| args.get(i + 1))
        .map(|w| w.value.as_str())
    else {
        return false;
    };
    // `c` is one of `run.commands`: its index from its address, without a scan
    let size = std::mem::size_of::<Command>().max(1);
    let Some(index) = std::ptr::from_ref(c)
        .addr()
        .checked_sub(run.commands.as_ptr().addr())
        .map(|d| d / size)
    else {
        return false;
    };
    let after = run
        .commands
        .get(index + 1..)
        .unwrap_or_default()
        .iter()
        .take(SMOKE_TEST_WINDOW);
    after
        .filter(|x| x.name() == Some("rm"))
        .flat_map(|x| x.operands())
        .any(|o| o.value == out || glob_match(&o.value, out))
}

/// The ecosystem a command compiles for, if it compiles an artifact: `go build`, `cargo build`,
/// `mvn package`, `gradle build`, `javac`, `dotnet publish`, a C compiler with operands.
/// `go install tool@version` and `cargo install tool` install a tool, not the application.
pub fn compile_ecosystem(c: &Command) -> Option<Ecosystem> {
    let sub = c.subcommand().map(|s| s.value.as_str());
    let has_operand = sub.is_some();
    match c.name()? {
        "go" => match sub {
            Some("build") => Some(Ecosystem::Go),
            Some("install") => {
                (!c.operands().any(|o| o.value.contains('@'))).then_some(Ecosystem::Go)
            }
            _ => None,
        },
        "cargo" => match sub {
            Some("build" | "rustc") => Some(Ecosystem::Rust),
            Some("install") => c.has_arg("--path").then_some(Ecosystem::Rust),
            _ => None,
        },
        "rustc" if has_operand => Some(Ecosystem::Rust),
        "mvn" | "mvnw" => c
            .operands()
            .any(|o| {
                matches!(
                    o.value.as_str(),
                    "package" | "install" | "verify" | "compile" | "deploy"
                ) || o.value.ends_with(":repackage")
            })
            .then_some(Ecosystem::Java),
        "gradle" | "gradlew" => c
            .operands()
            .any(|o| {
                let v = o.value.rsplit(':').next().unwrap_or(&o.value);
                matches!(
                    v,
                    "build" | "assemble" | "installDist" | "distTar" | "distZip"
                ) || v.ends_with("Jar")
                    || v == "jar"
                    || v.starts_with("compile")
            })
            .then_some(Ecosystem::Java),
        "javac" if has_operand => Some(Ecosystem::Java),
        "dotnet" => matches!(sub, Some("publish" | "build")).then_some(Ecosystem::DotNet),
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" if has_operand => Some(Ecosystem::C),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, ModelOptions};
    use crate::parse::parse;

    fn model(src: &str) -> Model {
        Model::build(parse(src), &ModelOptions::default())
    }

    #[test]
    fn test_role_from_path() {
        use std::path::Path;
        for p in [
            "pkg/testdata/Dockerfile",
            "a/__fixtures__/b/Dockerfile",
            "tests/fixtures/app/Dockerfile",
            "e2e/x/fixtures/Dockerfile",
            "Spec/Fixtures/Dockerfile",
        ] {
            assert_eq!(ImageRole::of_path(Path::new(p)), ImageRole::Test, "{p}");
        }
        for p in [
            "Dockerfile",
            "fixtures/Dockerfile",
            "tests/Dockerfile",
            "docker/testdata",
            "app/fixtures/Dockerfile",
        ] {
            assert_eq!(ImageRole::of_path(Path::new(p)), ImageRole::Auto, "{p}");
        }
        let p = Path::new("pkg/testdata/Dockerfile");
        assert_eq!(ImageRole::Application.for_path(p), ImageRole::Application);
        assert_eq!(ImageRole::Auto.for_path(p), ImageRole::Test);
    }

    #[test]
    fn folders_and_files() {
        for p in ["./backend", "src", "app/", "./src-ui", "lib/"] {
            assert!(looks_like_folder(p), "{p}");
        }
        for p in [
            "requirements.txt",
            ".env",
            "Makefile",
            "${JAR_FILE}",
            "*.py",
            ".",
            "./",
            "entrypoint",
            "Caddyfile",
        ] {
            assert!(!looks_like_folder(p), "{p}");
        }
    }

    #[test]
    fn application_copies() {
        let m = model("FROM python:3.12\nCOPY ./backend /app\n");
        assert!(m.ships_application(m.stages[0].id));
        let m = model("FROM eclipse-temurin:21\nARG JAR_FILE\nCOPY ${JAR_FILE} app.jar\n");
        assert!(m.ships_application(m.stages[0].id));
        let m = model("FROM python:3.12\nCOPY requirements.txt /app/\n");
        assert!(!m.ships_application(m.stages[0].id));
    }

    #[test]
    fn smoke_test_compile_is_not_a_build() {
        let m = model(
            "FROM debian:bookworm-slim\nRUN gcc -o /tmp/true /tmp/true.c && /tmp/true && rm -f /tmp/true*\n",
        );
        let s = &m.stages[0];
        let r = &s.runs[0];
        assert!(r.commands.iter().all(|c| m.compiles_in(s, r, c).is_none()));
        let m =
            model("FROM debian:bookworm-slim\nRUN apt-get install -y build-essential\nRUN make\n");
        let s = &m.stages[0];
        let r = &s.runs[1];
        assert_eq!(m.compiles_in(s, r, &r.commands[0]), Some(Ecosystem::C));
    }

    #[test]
    fn wasm_and_quiet_programs() {
        let m = model("FROM scratch\nCOPY app.wasm /app.wasm\nENTRYPOINT [\"/app.wasm\"]\n");
        assert!(m.runs_wasm(m.stages[0].id));
        let m = model("FROM --platform=wasi/wasm scratch\nCOPY app /app\n");
        assert!(m.runs_wasm(m.stages[0].id));
        let m = model("FROM scratch\nCOPY true /true\nCMD [\"/true\"]\n");
        assert!(m.never_connects(m.stages[0].id));
        let m = model(
            "FROM scratch\nLABEL moby.buildkit.frontend.network.none=\"true\"\nCOPY f /f\nENTRYPOINT [\"/f\"]\n",
        );
        assert!(m.never_connects(m.stages[0].id));
        let m = model("FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n");
        assert!(!m.never_connects(m.stages[0].id));
    }
}
