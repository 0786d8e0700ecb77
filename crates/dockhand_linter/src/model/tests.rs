//! Model unit tests: stages, ARG resolution, inheritance, COPY edges, RUN splitting, users.
use super::*;
use crate::parse::parse;

fn model(src: &str) -> Model {
    Model::build(parse(src), &ModelOptions::default())
}

fn model_with(src: &str, opts: ModelOptions) -> Model {
    Model::build(parse(src), &opts)
}

fn registry(s: &Stage) -> &Image {
    match &s.base {
        BaseImage::Registry(i) => i,
        other => panic!("expected a registry image, got {other:?}"),
    }
}

#[test]
fn stages_aliases_and_bases() {
    let m = model(
        "FROM golang:1.22-alpine3.19 AS Builder\nRUN go build -o /app .\nFROM builder AS test\nFROM scratch\nCOPY --from=builder /app /app\n",
    );
    assert_eq!(m.stages.len(), 3);
    assert_eq!(
        m.stages[0].alias.as_ref().map(|a| a.value.as_str()),
        Some("builder")
    );
    let img = registry(&m.stages[0]);
    assert_eq!(img.name, "golang");
    assert_eq!(
        img.tag.as_ref().map(|t| t.value.as_str()),
        Some("1.22-alpine3.19")
    );
    assert!(matches!(m.stages[1].base, BaseImage::Stage(StageId(0))));
    assert!(matches!(m.stages[2].base, BaseImage::Scratch));
    assert_eq!(m.final_stage, Some(StageId(2)));
    assert_eq!(m.stages[0].facts.libc, images::Libc::Musl);
    assert_eq!(m.stages[0].facts.alpine_version.as_deref(), Some("3.19"));
    // facts follow the chain to its root image
    assert_eq!(m.stages[1].facts.family, m.stages[0].facts.family);
    assert_eq!(m.stages[0].instructions, 1..2);
}

#[test]
fn image_parts_have_exact_spans() {
    let src = "FROM gcr.io/distroless/static-debian12:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";
    let m = model(src);
    let img = registry(&m.stages[0]);
    let tag = img.tag.as_ref().expect("tag");
    assert_eq!(&src[tag.span.start..tag.span.end], "nonroot");
    let digest = img.digest.as_ref().expect("digest");
    assert!(src[digest.span.start..digest.span.end].starts_with("sha256:"));
    assert_eq!(
        &src[img.name_span.start..img.name_span.end],
        "gcr.io/distroless/static-debian12"
    );
    assert!(!img.from_args);
}

#[test]
fn global_args_resolve_from_lines_and_build_args_override() {
    let src = "ARG GO_VERSION=1.22\nARG BASE=golang\nFROM ${BASE}:${GO_VERSION}-alpine AS b\nFROM $UNSET\n";
    let m = model(src);
    let img = registry(&m.stages[0]);
    assert_eq!(img.text, "golang:1.22-alpine");
    assert!(img.from_args);
    assert!(matches!(m.stages[1].base, BaseImage::Unresolved(_)));
    let m = model_with(
        src,
        ModelOptions {
            build_args: vec![("GO_VERSION".into(), "1.23".into())],
            ..ModelOptions::default()
        },
    );
    assert_eq!(registry(&m.stages[0]).text, "golang:1.23-alpine");
}

#[test]
fn automatic_platform_args_are_known() {
    let m =
        model("FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM alpine:${TARGETARCH:-x}\n");
    assert_eq!(
        m.stages[0].platform.as_ref().map(|p| p.value.as_str()),
        Some("$BUILDPLATFORM")
    );
    assert_eq!(registry(&m.stages[1]).text, "alpine:amd64");
}

#[test]
fn stage_args_need_redeclaring_and_env_wins() {
    let src = "ARG V=1\nFROM alpine:3.20\nARG V\nENV W=${V}-x\nUSER ${NOPE}\n";
    let m = model(src);
    let s = &m.stages[0];
    assert_eq!(s.arg("V").map(|v| &*v.value), Some("1"));
    assert_eq!(s.env_var("W").map(|v| &*v.value), Some("1-x"));
    assert!(matches!(
        s.user.as_ref().map(|u| &u.user),
        Some(User::Unresolved(_))
    ));
}

#[test]
fn arg_cycle_terminates() {
    let m = model("ARG A=$B\nARG B=$A\nFROM alpine:3.20$A$B\n");
    // A is read before B exists: empty; B then copies A: empty. No recursion, no loop.
    let values: Vec<_> = m.global_args.iter().map(|v| &*v.value).collect();
    assert_eq!(values, ["", ""]);
    assert_eq!(registry(&m.stages[0]).text, "alpine:3.20");
}

#[test]
fn users_resolve_root_forms() {
    for (text, root) in [
        ("root", true),
        ("0", true),
        ("root:root", true),
        ("0:0", true),
        ("app", false),
        ("1000:1000", false),
    ] {
        let m = model(&format!("FROM alpine:3.20\nUSER {text}\n"));
        let u = m.stages[0].user.as_ref().expect("user");
        assert_eq!(u.user.is_root(), root, "{text}");
    }
    let m = model("FROM alpine:3.20\nUSER 1000:1000\n");
    assert_eq!(
        m.stages[0].user.as_ref().map(|u| u.user.clone()),
        Some(User::Uid(1000))
    );
}

#[test]
fn inheritance_of_user_env_workdir_shell() {
    let m = model(
        "FROM alpine:3.20 AS base\nUSER app\nENV A=1\nWORKDIR /srv\nSHELL [\"/bin/ash\", \"-c\"]\nFROM base AS next\nENV A=2\nWORKDIR sub\nFROM next\n",
    );
    let last = &m.stages[2];
    assert_eq!(
        last.user.as_ref().map(|u| u.user.clone()),
        Some(User::Name("app".into()))
    );
    assert_eq!(last.user.as_ref().map(|u| u.stage), Some(StageId(0)));
    assert_eq!(last.env_var("A").map(|v| &*v.value), Some("2"));
    assert_eq!(
        last.workdir.as_ref().map(|w| w.value.as_str()),
        Some("/srv/sub")
    );
    assert_eq!(
        last.shell.as_ref().map(|s| s.value.clone()),
        Some(vec!["/bin/ash".to_string(), "-c".to_string()])
    );
    assert_eq!(m.chain(StageId(2)).len(), 3);
    assert_eq!(m.chain_root(StageId(2)).id, StageId(0));
}

#[test]
fn copy_sources_resolve() {
    let m = model(
        "FROM golang:1.22 AS build\nCOPY --from=build /a /a\nFROM alpine:3.20 AS final\nCOPY --from=build /app /app\nCOPY --from=0 /x /x\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=buidler /y /y\nCOPY --from=final /z /z\nCOPY . .\nCOPY --chmod=755 [\"a b\", \"/dst/\"]\n",
    );
    let c0 = &m.stages[0].copies;
    assert_eq!(c0[0].source, CopySource::OwnStage);
    let c = &m.stages[1].copies;
    assert_eq!(c[0].source, CopySource::Stage(StageId(0)));
    assert_eq!(c[1].source, CopySource::Stage(StageId(0)));
    assert_eq!(c[2].source, CopySource::Image("nginx:1.27".into()));
    assert_eq!(c[3].source, CopySource::Unknown("buidler".into()));
    assert_eq!(c[4].source, CopySource::OwnStage);
    assert!(c[5].copies_whole_context());
    assert!(!c[0].copies_whole_context());
    assert_eq!(c[6].sources[0].value, "a b");
    assert_eq!(c[6].dest.as_ref().map(|d| d.value.as_str()), Some("/dst/"));
    assert_eq!(c[6].chmod.as_ref().map(|d| d.value.as_str()), Some("755"));
    assert_eq!(m.dependencies(StageId(1)), vec![StageId(0), StageId(1)]);
}

#[test]
fn target_selects_the_final_stage() {
    let src = "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\n";
    let m = model_with(
        src,
        ModelOptions {
            target: Some("A".into()),
            ..ModelOptions::default()
        },
    );
    assert_eq!(m.final_stage, Some(StageId(0)));
    let m = model_with(
        src,
        ModelOptions {
            target: Some("zz".into()),
            ..ModelOptions::default()
        },
    );
    assert_eq!(m.missing_target.as_deref(), Some("zz"));
}

#[test]
fn run_commands_are_split_with_spans() {
    let src = "FROM debian:bookworm\nRUN set -ex; \\\n    CGO_ENABLED=0 go build -o /app . && \\\n    apt-get install -y --no-install-recommends gcc libc6-dev=2.36 && apt-get purge -y gcc\n";
    let m = model(src);
    let run = &m.stages[0].runs[0];
    let names: Vec<_> = run.commands.iter().filter_map(|c| c.name()).collect();
    assert_eq!(names, ["set", "go", "apt-get", "apt-get"]);
    let go = &run.commands[1];
    assert_eq!(go.assignments[0].0, "CGO_ENABLED");
    assert_eq!(&src[go.words[0].span.start..go.words[0].span.end], "go");
    assert_eq!(run.assigned("CGO_ENABLED").map(|v| &*v.value), Some("0"));
    let installs: Vec<_> = run.installs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(installs, ["gcc", "libc6-dev"]);
    let removes: Vec<_> = run.removes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(removes, ["gcc"]);
    let gcc = &run.installs[0];
    assert_eq!(&src[gcc.span.start..gcc.span.end], "gcc");
}

#[test]
fn heredoc_and_exec_form_runs() {
    let src = "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nadduser -D -u 10001 app-runner\nEOF\nRUN [\"sh\", \"-c\", \"go build ./...\"]\nRUN --mount=type=cache,target=/root/.cache/go-build go build\n";
    let m = model(src);
    let s = &m.stages[0];
    let r0 = &s.runs[0];
    assert_eq!(
        r0.commands
            .iter()
            .filter_map(|c| c.name())
            .collect::<Vec<_>>(),
        ["apk", "adduser"]
    );
    assert_eq!(
        &src[r0.commands[0].words[0].span.start..r0.commands[0].words[0].span.end],
        "apk"
    );
    assert_eq!(s.created_users[0].name, "app-runner");
    let r1 = &s.runs[1];
    assert!(r1.exec_form);
    assert!(r1.commands.iter().any(|c| c.name() == Some("go")));
    let r2 = &s.runs[2];
    assert_eq!(r2.mounts[0].kind, "cache");
    assert_eq!(
        r2.mounts[0].target.as_deref(),
        Some("/root/.cache/go-build")
    );
}

#[test]
fn created_users_skip_option_values() {
    let m = model("FROM debian:bookworm\nRUN useradd -m -u 1000 -s /bin/bash -G sudo dev && adduser --system --uid 99 --home /srv svc\n");
    let names: Vec<_> = m.stages[0]
        .created_users
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names, ["dev", "svc"]);
}

#[test]
fn instruction_errors_like_buildkit() {
    let m = model("RUN x\nFROM a b\nCOPY one\nCOPY --form=x a b\nSHELL sh -c\n");
    let msgs: Vec<_> = m.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("before the first FROM")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("one or three arguments")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("at least two arguments")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("unknown flag `--form`")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("JSON form")), "{msgs:?}");
}

#[test]
fn dialect_of_each_run() {
    use crate::model::shell::{Dialect, ScriptSource};
    let src = "# hadolint shell=bash\n\
        FROM alpine:3.22 AS a\nRUN a\n\
        FROM debian:trixie\nRUN b\n# hadolint shell=zsh\nRUN c\n\
        FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN d\n\
        FROM a AS e\nRUN e\n";
    let m = model(src);
    let d = |s: usize, r: usize| {
        let run = &m.stages[s].runs[r];
        (run.dialect, run.shell_pipefail)
    };
    // The pragma before the first FROM wins over the image's /bin/sh in every stage…
    assert_eq!(d(0, 0), (Dialect::Bash, false));
    assert_eq!(d(1, 0), (Dialect::Bash, false));
    // …and one inside a stage over it, for the RUNs after it.
    assert_eq!(d(1, 1), (Dialect::Zsh, false));
    // SHELL wins, and is inherited through FROM <stage>.
    assert_eq!(d(2, 0), (Dialect::Bash, true));
    let m2 = model(
        "FROM alpine:3.22 AS a\nRUN a\nFROM debian:trixie\nRUN b\nFROM fedora:43\nRUN c\n\
         FROM example.com/x\nRUN d\nFROM a\nRUN e\n\
         FROM golang:1.26\nRUN <<EOF\n#!/bin/bash\nx\nEOF\n\
         FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | more\n",
    );
    let d2: Vec<_> = m2.stages.iter().map(|s| s.runs[0].dialect).collect();
    assert_eq!(
        d2,
        [
            Dialect::Ash,
            Dialect::Dash,
            Dialect::Bash,
            Dialect::Sh,
            Dialect::Ash,
            Dialect::Dash,
            Dialect::Cmd
        ]
    );
    // A heredoc's #! line decides its body; Windows images are not read as sh.
    let go = &m2.stages[5].runs[0];
    let body = go
        .scripts
        .iter()
        .find(|s| s.source == ScriptSource::Heredoc(0));
    assert_eq!(body.map(|b| b.dialect), Some(Dialect::Bash));
    let win = &m2.stages[6].runs[0];
    assert_eq!(win.dialect, Dialect::Cmd);
    assert!(win.scripts.is_empty());
}
