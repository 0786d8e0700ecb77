//! DH503: a literal target architecture where a build argument belongs.
use super::prelude::*;
use crate::model::images::Os;
use crate::model::platform::{canonical_arch, platform_parts, rust_target_parts};
use crate::model::Var;

declare_rule! {
    /// ## What it does
    /// Flags a literal target architecture: `GOARCH=amd64` in `ENV`, an `ARG` default or a
    /// `RUN` (`GOARCH=arm64 go build`, `export GOARCH=amd64`), a literal
    /// `FROM --platform=linux/amd64`, and a literal Rust target
    /// (`cargo build --target x86_64-unknown-linux-musl`, `rustup target add …`). A `GOOS=linux`
    /// next to a flagged `GOARCH` is labelled too. One finding per instruction.
    ///
    /// Not flagged: values from variables (`GOARCH=$TARGETARCH`,
    /// `--platform=$BUILDPLATFORM`); `GOOS=linux` alone (every Linux platform shares it);
    /// builds for another OS (`GOOS=windows`, `GOOS=darwin`, `*-apple-darwin`) or for wasm,
    /// which produce artifacts rather than the image's own binary; Windows images; and files
    /// that name two or more architectures, which build for several on purpose.
    ///
    /// ## Why is this bad?
    /// `docker buildx build --platform linux/amd64,linux/arm64` builds the file once per
    /// platform and sets `TARGETOS`/`TARGETARCH` for each. A hard-coded `GOARCH=amd64` puts an
    /// amd64 binary into the arm64 image too, which fails with `exec format error`, and a
    /// literal `--platform` makes every build use that platform (under emulation on other
    /// machines). Some images only exist for one architecture; then the literal is deliberate,
    /// and a suppression comment says so.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS builder
    /// ARG TARGETOS TARGETARCH
    /// RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
    /// ```
    ///
    /// ## Fix
    /// `GOARCH=`/`GOOS=` values (ENV, a stage ARG default, a RUN assignment) become
    /// `$TARGETARCH`/`$TARGETOS`, and `ARG TARGETOS TARGETARCH` (what the stage does not declare)
    /// is inserted after the stage's FROM. Unsafe: some images are single-architecture on
    /// purpose, and cross-compiling also needs `FROM --platform=$BUILDPLATFORM`. None for
    /// `--platform=` and Rust targets.
    ///
    /// ## References
    /// - [Docker: multi-platform builds, cross-compilation](https://docs.docker.com/build/building/multi-platform/#cross-compilation)
    /// - [Automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
    pub HardcodedTargetArch {
        code: "DH503",
        name: "hardcoded-target-arch",
        severity: Info,
        category: Portability,
        summary: "a literal target architecture (`GOARCH=amd64`, `--platform=linux/amd64`) where a build argument belongs",
        shipped_image: true,
        aliases: ["FromPlatformFlagConstDisallowed"],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    GoArch,
    GoOs,
    Platform,
    RustTarget,
}

struct Literal {
    kind: Kind,
    /// As shown in the message (`GOARCH=amd64`).
    text: String,
    span: Span,
    /// Canonical architecture (none for `GOOS`).
    arch: Option<&'static str>,
    /// An ARG default (overridable, but `--platform` does not set it).
    arg_default: bool,
}

/// The literals of one instruction.
struct Group {
    instruction: usize,
    literals: Vec<Literal>,
}

impl Group {
    fn push(&mut self, l: Literal) {
        if !self
            .literals
            .iter()
            .any(|x| x.span == l.span && x.text == l.text)
        {
            self.literals.push(l);
        }
    }
}

/// The groups in the order they were first seen, with an index by instruction so that finding
/// an instruction's group costs O(1) (a scan made 100,000 RUNs quadratic).
#[derive(Default)]
struct Groups {
    list: Vec<Group>,
    index: std::collections::HashMap<usize, usize>,
}

fn group_for(groups: &mut Groups, instruction: usize) -> &mut Group {
    let pos = *groups.index.entry(instruction).or_insert_with(|| {
        groups.list.push(Group {
            instruction,
            literals: Vec::new(),
        });
        groups.list.len() - 1
    });
    &mut groups.list[pos]
}

/// A literal from a variable value (no `$` in it).
fn var_literal(name: &str, value: &str, span: Span) -> Option<Literal> {
    if value.is_empty() || value.contains('$') {
        return None;
    }
    let (kind, arch) = match name {
        "GOARCH" => (Kind::GoArch, Some(canonical_arch(value)?)),
        "GOOS" => (Kind::GoOs, None),
        "CARGO_BUILD_TARGET" => {
            let (os, arch) = rust_target_parts(value)?;
            if os != "linux" {
                return None;
            }
            (Kind::RustTarget, Some(arch))
        }
        _ => return None,
    };
    Some(Literal {
        kind,
        text: format!("{name}={value}"),
        span,
        arch,
        arg_default: false,
    })
}

const VARS: &[&str] = &["GOARCH", "GOOS", "CARGO_BUILD_TARGET"];

fn vars_into(
    cx: &Context<'_>,
    vars: &[Var],
    own: Option<StageId>,
    is_arg: bool,
    groups: &mut Groups,
) {
    for v in vars {
        if v.stage != own || !VARS.contains(&&*v.name) || v.no_default {
            continue;
        }
        // the value as written must be literal, not `${TARGETARCH}` resolved
        if cx.text(v.span).contains('$') {
            continue;
        }
        if let Some(mut l) = var_literal(&v.name, &v.value, v.span) {
            l.arg_default = is_arg;
            group_for(groups, v.instruction).push(l);
        }
    }
}

impl Rule for HardcodedTargetArch {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let mut groups = Groups::default();
        vars_into(cx, &model.global_args, None, true, &mut groups);
        for stage in &model.stages {
            // Windows images: one architecture in practice, and GOOS/GOARCH there are deliberate
            if stage.facts.os == Os::Windows {
                continue;
            }
            if let Some(p) = &stage.platform {
                if !p.value.contains('$') {
                    if let Some((os, arch)) = platform_parts(&p.value) {
                        if os == "linux" {
                            group_for(&mut groups, stage.from_instruction).push(Literal {
                                kind: Kind::Platform,
                                text: format!("--platform={}", p.value),
                                span: p.span,
                                arch: Some(arch),
                                arg_default: false,
                            });
                        }
                    }
                }
            }
            vars_into(cx, &stage.args, Some(stage.id), true, &mut groups);
            vars_into(cx, &stage.env_writes, Some(stage.id), false, &mut groups);
            for run in &stage.runs {
                let g = group_for(&mut groups, run.instruction);
                for name in ["GOARCH", "GOOS"] {
                    for a in run.assignments_of(name) {
                        if let Some(l) = var_literal(name, a.value, a.span) {
                            g.push(l);
                        }
                    }
                }
                for c in &run.commands {
                    for (word, span) in rust_targets(c) {
                        let Some((os, arch)) = rust_target_parts(&word) else {
                            continue;
                        };
                        if os == "linux" {
                            g.push(Literal {
                                kind: Kind::RustTarget,
                                text: word,
                                span,
                                arch: Some(arch),
                                arg_default: false,
                            });
                        }
                    }
                }
            }
        }
        let mut groups = groups.list;
        // A GOOS other than linux means artifacts for another OS, not the image's binary.
        groups.retain(|g| {
            !g.literals
                .iter()
                .any(|l| l.kind == Kind::GoOs && !l.text.eq_ignore_ascii_case("GOOS=linux"))
        });
        let mut arches: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.literals.iter().filter_map(|l| l.arch))
            .collect();
        arches.sort_unstable();
        arches.dedup();
        // Several architectures named: the file builds for each on purpose.
        if arches.len() != 1 {
            return;
        }
        groups.sort_by_key(|g| g.instruction);
        for g in &groups {
            let Some(primary) = g.literals.iter().find(|l| l.kind != Kind::GoOs) else {
                continue;
            };
            let (message, help) = match primary.kind {
                Kind::Platform => (
                    format!(
                        "`{}` pins this stage to one platform",
                        primary.text
                    ),
                    "on a builder that cross-compiles, use `FROM --platform=$BUILDPLATFORM`; otherwise drop `--platform` and choose the platform with `docker build --platform`; if the image only exists for this platform, suppress this finding with a reason".to_string(),
                ),
                Kind::RustTarget => (
                    format!(
                        "`{}` builds for one architecture whatever platform the image is built for",
                        primary.text
                    ),
                    "declare `ARG TARGETARCH` and map it to the Rust target in the RUN (`amd64` → `x86_64-unknown-linux-musl`, `arm64` → `aarch64-unknown-linux-musl`), with `FROM --platform=$BUILDPLATFORM` on the builder".to_string(),
                ),
                _ if primary.arg_default => (
                    format!(
                        "`ARG {}` defaults the build to one architecture, and `--platform` does not change it",
                        primary.text
                    ),
                    "use the automatic `ARG TARGETARCH` (and `TARGETOS`), which `docker buildx build --platform` sets for each platform: `GOOS=$TARGETOS GOARCH=$TARGETARCH`".to_string(),
                ),
                Kind::GoArch | Kind::GoOs => (
                    format!(
                        "`{}` builds for one architecture whatever platform the image is built for",
                        primary.text
                    ),
                    "declare `ARG TARGETOS TARGETARCH` in the stage and use `GOOS=$TARGETOS GOARCH=$TARGETARCH`, with `FROM --platform=$BUILDPLATFORM` on the builder so Go cross-compiles for each `--platform`".to_string(),
                ),
            };
            let label = if primary.kind == Kind::Platform {
                "hard-coded platform"
            } else {
                "hard-coded architecture"
            };
            let fix = target_arch_fix(cx, g);
            let mut f = cx
                .report(&Self::META, primary.span, message)
                .primary_label(label)
                .help(help);
            for l in &g.literals {
                if l.span != primary.span || l.text != primary.text {
                    let what = if l.kind == Kind::GoOs {
                        "hard-coded OS"
                    } else {
                        "hard-coded architecture"
                    };
                    f = f.label(l.span, what);
                }
            }
            f.fix_opt(fix);
        }
    }
}

/// For a group of `GOARCH=`/`GOOS=` literals in a stage: the values replaced with
/// `$TARGETARCH`/`$TARGETOS`, and `ARG TARGETOS TARGETARCH` (what is not declared yet) inserted
/// after the stage's FROM. None for platforms, Rust targets, global ARGs, and literals whose
/// value is not written as is (quoted, or inside an `sh -c` script).
fn target_arch_fix(cx: &Context<'_>, g: &Group) -> Option<Fix> {
    let model = cx.model();
    let at = model
        .stages
        .partition_point(|s| s.instructions.start <= g.instruction);
    let stage = model.stages.get(at.checked_sub(1)?)?;
    if !stage.instructions.contains(&g.instruction) || g.instruction == stage.from_instruction {
        return None;
    }
    let mut edits = Vec::new();
    let mut needed: Vec<&str> = Vec::new();
    for l in &g.literals {
        let (name, var) = match l.kind {
            Kind::GoArch => ("GOARCH", "TARGETARCH"),
            Kind::GoOs => ("GOOS", "TARGETOS"),
            _ => return None,
        };
        // the span is the value's, as written (a quoted value is left alone)
        let value = l.text.strip_prefix(name)?.strip_prefix('=')?;
        if cx.text(l.span) != value {
            return None;
        }
        edits.push(Edit::replace(l.span, format!("${var}")));
        if stage.arg(var).is_none() && !needed.contains(&var) {
            needed.push(var);
        }
    }
    let replaced: Vec<String> = g
        .literals
        .iter()
        .map(|l| match l.kind {
            Kind::GoOs => "`GOOS=$TARGETOS`".to_string(),
            _ => "`GOARCH=$TARGETARCH`".to_string(),
        })
        .collect();
    let mut title = format!("use {}", replaced.join(" and "));
    if !needed.is_empty() {
        // the order BuildKit documents: OS, then architecture
        needed.sort_by_key(|v| *v != "TARGETOS");
        let from = model.instruction(stage.from_instruction)?;
        let eol = cx.line_ending();
        let indent = fixtext::indentation(cx.source, from.span.start);
        let after = fixtext::line_end_after_newline(cx.source, from.span.end);
        let line = format!("{indent}ARG {}", needed.join(" "));
        title.push_str(&format!(" and declare `ARG {}` in the stage", needed.join(" ")));
        edits.push(if cx.source.get(..after).is_some_and(|s| s.ends_with('\n')) {
            Edit::insert(after, format!("{line}{eol}"))
        } else {
            Edit::insert(after, format!("{eol}{line}"))
        });
    }
    Some(Fix::unsafe_edit(title, edits))
}

/// Rust target triples named on a `cargo … --target X` or `rustup target add X` command.
fn rust_targets(c: &crate::model::Command) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    match c.name() {
        Some("cargo" | "cross") => {
            let args = c.args();
            for (i, w) in args.iter().enumerate() {
                if w.value == "--target" {
                    if let Some(v) = args.get(i + 1) {
                        out.push((v.value.clone(), v.span));
                    }
                } else if let Some(v) = w.value.strip_prefix("--target=") {
                    out.push((v.to_string(), w.span));
                }
            }
        }
        Some("rustup") => {
            let ops: Vec<_> = c.operands().filter(|w| !w.value.starts_with('+')).collect();
            if ops.len() > 2 && ops[0].value == "target" && ops[1].value == "add" {
                for w in &ops[2..] {
                    out.push((w.value.clone(), w.span));
                }
            }
        }
        _ => {}
    }
    out.retain(|(v, _)| !v.contains('$'));
    out
}
