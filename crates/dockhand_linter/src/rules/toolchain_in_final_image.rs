//! DH201: the final image carries a compiler or SDK.
use super::prelude::*;
use crate::model::images::Ecosystem;
use crate::model::Command;

declare_rule! {
    /// ## What it does
    /// Flags a final stage (the last stage, or the `--target` stage) that ships a build
    /// toolchain: it is built from a toolchain or SDK image (`golang`, `rust`, `maven`,
    /// `gradle`, a JDK, the .NET SDK, `gcc`, `buildpack-deps`, …), or it compiles
    /// (`go build`, `cargo build`, `mvn package`, `gradle build`, `dotnet publish`, `javac`,
    /// `gcc`, …), or it installs compilers and `-dev`/`-devel` packages without removing them
    /// in the same `RUN`. One finding per file, on the strongest evidence, with the other
    /// evidence labelled.
    ///
    /// Images that are toolchains *by design* are not flagged: when the final stage neither
    /// compiles anything, nor copies an application in (the build context `COPY . .`, a
    /// source folder such as `COPY ./backend /app`, a `.jar`/`.war`, also one named by an
    /// `ARG` as in `COPY ${JAR_FILE} app.jar`, or the output of a stage that compiles), it
    /// builds an environment (an SDK, a CI or dev-container image, an official language image
    /// such as `golang` or `buildpack-deps`), not an application, and shipping the compiler is
    /// its purpose. A compile whose `-o` output the same `RUN` deletes (a compiler image's
    /// smoke test, `gcc -o /tmp/true true.c && /tmp/true && rm /tmp/true*`) is not a build.
    /// Nor are base images, meant to be built on: a final stage that starts only a shell or
    /// a REPL (`CMD ["ghci"]`, the official Haskell image, which installs its compiler with
    /// `make install`), or nothing of its own (moby's `contrib/syscall-test`, whose test
    /// programs are run by name), as `root-final-user` (DH101) decides it; `image-role` in the
    /// configuration overrides that decision (`"base"`: the rule does not run;
    /// `"application"`: every final stage is checked).
    ///
    /// `make`, `cmake` and `ninja` count as compiling C only in a stage whose chain installs a
    /// C toolchain (`build-essential`, `build-base`, `gcc`, `clang`); elsewhere they also run
    /// tests, install files and generate code.
    ///
    /// ## Why is this bad?
    /// Compilers, headers and SDKs are hundreds of megabytes the application never uses at
    /// run time. They slow every pull, and every tool in them is attack surface and a source
    /// of CVE reports. A multi-stage build compiles in a builder stage and copies only the
    /// artifact into a small runtime image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=builder /app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix
    /// None applied: turning one stage into a builder and a runtime stage needs choices only
    /// the author can make (the runtime image, what to copy). The help sketches the change.
    ///
    /// ## References
    /// - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    pub ToolchainInFinalImage {
        code: "DH201",
        name: "toolchain-in-final-image",
        severity: Warning,
        category: Size,
        summary: "the final image ships a compiler, SDK or build headers",
        shipped_image: true,
    }
}

/// At most this many pieces of secondary evidence are labelled.
const MAX_LABELS: usize = 5;

struct Evidence {
    span: Span,
    label: String,
    ecosystem: Ecosystem,
}

impl Rule for ToolchainInFinalImage {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(fin) = model.final_stage() else {
            return;
        };
        let base_image = match model.image_role() {
            crate::model::role::ImageRole::Base | crate::model::role::ImageRole::Test => true,
            crate::model::role::ImageRole::Application => false,
            crate::model::role::ImageRole::Auto => model.is_base_image(fin.id),
        };
        if base_image {
            // an image meant to be built on (it starts only a shell or a REPL, or nothing):
            // its toolchain is what it offers, or the business of the image built on it
            return;
        }
        let chain = model.chain(fin.id);
        let root = model.chain_root(fin.id);
        let root_image = match &root.base {
            BaseImage::Registry(img) => img.text.as_str(),
            _ => root.base_word.value.as_str(),
        };

        let mut base = None;
        if let Some(eco) = fin.facts.toolchain {
            let span = match &root.base {
                BaseImage::Registry(img) => img.name_span,
                _ => root.base_word.span,
            };
            base = Some(Evidence {
                span,
                label: format!("`{root_image}` is a {} image", toolchain_kind(eco)),
                ecosystem: eco,
            });
        }
        let mut compiles = Vec::new();
        let mut installs = Vec::new();
        // chain order: root stage first, so evidence reads top to bottom
        for s in chain.iter().rev() {
            for r in &s.runs {
                let kept = r.kept_installs();
                // The RUN installs a toolchain, compiles and removes it again: the best a
                // single-stage build can do, and nothing of the toolchain is left.
                let cleaned = r
                    .installs
                    .iter()
                    .any(|p| package_ecosystem(&p.name).is_some())
                    && !kept.iter().any(|p| package_ecosystem(&p.name).is_some());
                for c in r.commands.iter().filter(|_| !cleaned) {
                    if let Some(eco) = model.compiles_in(s, r, c) {
                        let span = command_span(c);
                        compiles.push(Evidence {
                            span,
                            label: format!("`{}` compiles here", cx.text(span)),
                            ecosystem: eco,
                        });
                    }
                }
                for p in kept {
                    if let Some(eco) = package_ecosystem(&p.name) {
                        installs.push(Evidence {
                            span: p.span,
                            label: format!("`{}` is installed and never removed", p.name),
                            ecosystem: eco,
                        });
                    }
                }
            }
        }
        if base.is_none() && compiles.is_empty() && installs.is_empty() {
            return;
        }
        if fin
            .alias
            .as_ref()
            .is_some_and(|a| is_dev_stage_name(&a.value))
        {
            // `dev`, `test`, `ci`, … stages are development environments on purpose
            return;
        }
        if compiles.is_empty() && !model.ships_application(fin.id) {
            // An SDK, CI or official language image: the toolchain is the product.
            return;
        }

        let install_only = base.is_none() && compiles.is_empty();
        let mut all: Vec<Evidence> = base.into_iter().chain(compiles).chain(installs).collect();
        let primary = all.remove(0);
        let ecosystem = primary.ecosystem;
        let message = if fin.facts.toolchain.is_some() {
            format!(
                "the final stage `{}` is built from the {} image `{}`",
                fin.display_name(),
                toolchain_kind(primary.ecosystem),
                root_image
            )
        } else if install_only {
            format!(
                "the final stage `{}` keeps build tools: `{}` stays installed",
                fin.display_name(),
                cx.text(primary.span)
            )
        } else {
            format!(
                "the final stage `{}` compiles its own code, so it ships the toolchain",
                fin.display_name()
            )
        };
        let mut help = fix(ecosystem, fin.facts.ecosystem);
        if install_only {
            help.push_str(
                "; or remove the build packages in the same `RUN` that uses them \
                 (`apk add --virtual .build-deps …` then `apk del .build-deps`, or \
                 `apt-get purge -y --auto-remove …`)",
            );
        }
        let mut f = cx
            .report(&Self::META, primary.span, message)
            .primary_label(primary.label)
            .help(help);
        for e in all.into_iter().take(MAX_LABELS) {
            f = f.label(e.span, e.label);
        }
    }
}

/// Stage names that say the stage is a development or test environment.
fn is_dev_stage_name(name: &str) -> bool {
    [
        "dev",
        "test",
        "ci",
        "debug",
        "lint",
        "validate",
        "integration",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// From the command word to its subcommand (`go build`), or the command word alone.
fn command_span(c: &Command) -> Span {
    let Some(first) = c.words.first() else {
        return c.span;
    };
    match c.subcommand() {
        Some(sub) if sub.span.start >= first.span.end => first.span.cover(sub.span),
        _ => first.span,
    }
}

/// The toolchain a system package brings, if it is a compiler, SDK or headers package.
fn package_ecosystem(name: &str) -> Option<Ecosystem> {
    let n = name.to_ascii_lowercase();
    let n = n.as_str();
    let eco = match n {
        "golang" | "golang-go" | "go" => Ecosystem::Go,
        "rustc" | "cargo" | "rust" => Ecosystem::Rust,
        "default-jdk" | "default-jdk-headless" | "maven" | "gradle" => Ecosystem::Java,
        "gcc" | "g++" | "gcc-c++" | "clang" | "build-essential" | "build-base" | "alpine-sdk"
        | "musl-dev" | "libc6-dev" | "libc-dev" | "glibc-devel" | "gfortran" => Ecosystem::C,
        _ if n.starts_with("openjdk") && (n.ends_with("-jdk") || n.ends_with("-jdk-headless")) => {
            Ecosystem::Java
        }
        _ if n.starts_with("java-") && n.ends_with("-openjdk-devel") => Ecosystem::Java,
        _ if n.starts_with("dotnet-sdk") => Ecosystem::DotNet,
        _ if versioned(n, "gcc-") || versioned(n, "g++-") || versioned(n, "clang-") => Ecosystem::C,
        _ if n.ends_with("-dev") || n.ends_with("-devel") => Ecosystem::C,
        _ => return None,
    };
    Some(eco)
}

/// `gcc-12`, `clang-17`: the prefix followed by a version number.
fn versioned(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
}

fn toolchain_kind(eco: Ecosystem) -> &'static str {
    match eco {
        Ecosystem::Go => "Go toolchain",
        Ecosystem::Rust => "Rust toolchain",
        Ecosystem::Java => "JDK",
        Ecosystem::DotNet => ".NET SDK",
        _ => "compiler",
    }
}

/// The multi-stage fix for an ecosystem; `runtime` is the final image's language, which
/// decides the fix for C compilers used to build native modules.
fn fix(eco: Ecosystem, runtime: Option<Ecosystem>) -> String {
    let eco = match (eco, runtime) {
        (Ecosystem::C, Some(rt)) => rt,
        _ => eco,
    };
    match eco {
        Ecosystem::Go => "build in a `golang` builder stage and `COPY --from=builder` only the binary into `scratch` \
             or `gcr.io/distroless/static-debian12` (build with `CGO_ENABLED=0`)",
        Ecosystem::Rust => "build in a `rust` builder stage and `COPY --from=builder` only the binary into \
             `debian:bookworm-slim` or `gcr.io/distroless/cc-debian12`",
        Ecosystem::Java => "build the jar in a builder stage and `COPY --from=builder` only the jar into a JRE image \
             such as `eclipse-temurin:21-jre`",
        Ecosystem::DotNet => "`dotnet publish` in an `mcr.microsoft.com/dotnet/sdk` builder stage and `COPY --from` \
             the output into `mcr.microsoft.com/dotnet/runtime` or `mcr.microsoft.com/dotnet/aspnet`",
        Ecosystem::Node => "install and build native modules in a builder stage, then `COPY --from` `node_modules` \
             and the build output into the `node:<version>-slim` image",
        Ecosystem::Python => "build wheels in a builder stage (`pip wheel -w /wheels`), then install them into the \
             `python:<version>-slim` image, which needs no compiler",
        _ => "compile in a builder stage and `COPY --from=builder` only the result into a runtime image \
             (`debian:bookworm-slim`, `gcr.io/distroless/cc-debian12`, or the `-slim` image of your language)",
    }
    .to_string()
}
