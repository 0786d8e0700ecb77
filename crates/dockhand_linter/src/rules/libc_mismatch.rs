//! DH501: a dynamically linked binary copied into a final image with another C library.
use super::prelude::*;
use crate::model::artifacts::BuildTool;
use crate::model::images::{Libc, Os};

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=<stage>` into the final image of a binary built in that stage
    /// (`go build`, `cargo build`, `gcc -o`, `make`, …) when the build stage and the final
    /// image use different C libraries (glibc, musl, or none at all in `scratch` and
    /// distroless `static`) and nothing shows that the binary is statically linked.
    ///
    /// Static evidence is any of: `CGO_ENABLED=0` (ENV, ARG, or in the RUN), `-static` in the
    /// link flags (`-ldflags '-extldflags -static'`, `gcc -static`), a musl Rust target or
    /// `+crt-static`, cross-compiling Go, or a Go 1.20+ image without a C compiler
    /// (`golang:*-alpine`), where cgo is off. Copies of data (`/etc/passwd`, certificates,
    /// time zones, configuration, web assets) are not binaries; images whose C library is not
    /// known are not judged.
    ///
    /// ## Why is this bad?
    /// A dynamically linked binary names its loader (`/lib64/ld-linux-x86-64.so.2` for glibc,
    /// `/lib/ld-musl-x86_64.so.1` for musl). In an image with the other C library the loader
    /// is missing and the container dies at start with the puzzling `exec /app: no such file or
    /// directory` or `sh: /app: not found`, although the file is there. Go enables cgo by
    /// default when a C compiler is present (the Debian-based `golang` images), and a binary
    /// that uses `net` or `os/user` is then linked against glibc.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// WORKDIR /build
    /// COPY . .
    /// RUN go build -o app .
    /// FROM alpine:3.20
    /// COPY --from=builder /build/app /app/
    /// ENTRYPOINT ["/app/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// WORKDIR /build
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o app .
    /// FROM alpine:3.20
    /// COPY --from=builder /build/app /app/
    /// ENTRYPOINT ["/app/app"]
    /// ```
    ///
    /// ## Fix
    /// Go: inserts `CGO_ENABLED=0 ` before the `go build` command. Unsafe: a program that uses
    /// cgo (`import "C"`, or packages such as `net` with the cgo resolver) then builds
    /// differently or not at all. None for Rust and C (a musl target or `-static` needs more).
    ///
    /// ## References
    /// - go.dev/doc/go1.20#cgo: without a C compiler, cgo is now off by default.
    /// - The seed article's "not found" error for a `golang:1.13` binary run on `alpine`.
    pub LibcMismatch {
        code: "DH501",
        name: "libc-mismatch",
        severity: Error,
        category: Correctness,
        summary: "a dynamically linked binary is copied into a final image with another C library",
    }
}

fn libc_name(l: Libc) -> &'static str {
    match l {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::None => "no C library",
        Libc::Unknown => "unknown C library",
    }
}

/// The image a stage's chain is built from, as shown in messages, and its FROM word span.
pub(crate) fn root_image(model: &Model, id: StageId) -> (String, Span) {
    let root = model.chain_root(id);
    let name = match &root.base {
        BaseImage::Registry(img) => img.text.clone(),
        BaseImage::Scratch => "scratch".to_string(),
        _ => root.base_word.value.clone(),
    };
    (name, root.base_word.span)
}

/// Packages that let a binary for the other C library start: glibc compatibility layers on
/// Alpine, musl on glibc distributions.
fn compat_installed(model: &Model, id: StageId, binary_libc: Libc) -> bool {
    let wanted: &[&str] = match binary_libc {
        Libc::Glibc => &["gcompat", "libc6-compat", "glibc", "glibc-compat"],
        Libc::Musl => &["musl"],
        _ => &[],
    };
    model
        .chain(id)
        .iter()
        .flat_map(|s| &s.runs)
        .flat_map(|r| &r.installs)
        .any(|p| wanted.contains(&p.name.as_str()))
}

impl Rule for LibcMismatch {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(final_id) = model.final_stage else {
            return;
        };
        let final_facts = &model.stage(final_id).facts;
        if final_facts.os != Os::Linux || final_facts.libc == Libc::Unknown {
            return;
        }
        let final_libc = final_facts.libc;
        let (final_image, final_span) = root_image(model, final_id);
        // whether the final chain installs a compatibility layer, per C library: looked up once
        let mut compat: Vec<(Libc, bool)> = Vec::new();
        for stage in model.chain(final_id) {
            for copy in &stage.copies {
                let Some(bin) = model.copied_binary(copy) else {
                    continue;
                };
                if !bin.build.is_dynamic() {
                    continue;
                }
                let build_facts = &model.stage(bin.build.stage).facts;
                let build_libc = build_facts.libc;
                if build_facts.os != Os::Linux
                    || matches!(build_libc, Libc::Unknown | Libc::None)
                    || build_libc == final_libc
                {
                    continue;
                }
                let has_compat = match compat.iter().find(|(l, _)| *l == build_libc) {
                    Some(&(_, c)) => c,
                    None => {
                        let c = compat_installed(model, final_id, build_libc);
                        compat.push((build_libc, c));
                        c
                    }
                };
                if has_compat {
                    continue;
                }
                let (build_image, build_span) = root_image(model, bin.build.stage);
                let path = match &bin.inner {
                    Some(inner) => format!("`{}` holds `{inner}`, which", bin.source.value),
                    None => format!("`{}`", bin.source.value),
                };
                let builder = model.stage(bin.from).display_name();
                let tool = bin.build.tool;
                let command_label = match tool {
                    BuildTool::Go => "built here with cgo on (no `CGO_ENABLED=0`)".to_string(),
                    BuildTool::Cargo => format!("built here for {}", libc_name(build_libc)),
                    BuildTool::C | BuildTool::Make => {
                        format!("linked dynamically against {}", libc_name(build_libc))
                    }
                };
                let final_label = match final_libc {
                    Libc::None => "no C library here: only static binaries start".to_string(),
                    l => format!(
                        "{} here: the {} loader is missing",
                        libc_name(l),
                        libc_name(build_libc)
                    ),
                };
                let help = match (tool, final_libc) {
                    (BuildTool::Go, Libc::Musl) => format!(
                        "build with `CGO_ENABLED=0` for a static binary, or build on an Alpine \
                         image (`golang:<version>-alpine`) to match `{final_image}`"
                    ),
                    (BuildTool::Go, _) => format!(
                        "build with `CGO_ENABLED=0` for a static binary that runs on `{final_image}`"
                    ),
                    (BuildTool::Cargo, _) => format!(
                        "build a static binary (`--target x86_64-unknown-linux-musl`, or \
                         `RUSTFLAGS='-C target-feature=+crt-static'`), or build on an image with \
                         the same C library as `{final_image}`"
                    ),
                    _ => format!(
                        "link statically (`-static`), or build on an image with the same C \
                         library as `{final_image}`"
                    ),
                };
                // `CGO_ENABLED=0 ` before the `go` word, when the word is where its span says
                // (not inside an `sh -c` script) and the command sets no CGO_ENABLED itself
                let fix = (tool == BuildTool::Go
                    && cx.text(bin.build.word) == "go"
                    && !cx.text(bin.build.command).contains("CGO_ENABLED"))
                .then(|| {
                    Fix::unsafe_edit(
                        format!("build with `CGO_ENABLED=0` in stage `{builder}`"),
                        vec![Edit::insert(bin.build.word.start, "CGO_ENABLED=0 ")],
                    )
                });
                cx.report(
                    &Self::META,
                    bin.source.span,
                    format!(
                        "{path} is built on `{build_image}` ({}) and copied into \
                             `{final_image}` ({})",
                        libc_name(build_libc),
                        libc_name(final_libc)
                    ),
                )
                .primary_label(format!("dynamically linked binary from stage `{builder}`"))
                .help(help)
                .label(build_span, format!("{} here", libc_name(build_libc)))
                .label(bin.build.word, command_label)
                .label(final_span, final_label)
                .fix_opt(fix);
            }
        }
    }
}
