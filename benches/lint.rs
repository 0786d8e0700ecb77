//! Micro-benchmarks of the three stages of linting one file: parse, model build, and the whole
//! lint (parse, model, every default rule, suppressions). `cargo bench` runs them; they print
//! figures and assert nothing.
//!
//! Inputs, all built here so that the benches run from a clean clone:
//! - `typical`: a two-stage Dockerfile of about 50 lines and 1.5 kB (ARGs, a build stage with
//!   long `apt-get` and `go build` RUNs with continuations, `COPY --from`, a non-root final
//!   stage), between the median (1.2 kB) and the mean (2.0 kB) corpus file;
//! - `large`: about 1 MB, the typical file repeated with distinct stage names;
//! - `corpus-median`: when `../shared/corpus/real` exists, its file of median size.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::model::{Model, ModelOptions};
use dockhand::parse::parse;
use dockhand::rules::FileFacts;
use std::hint::black_box;
use std::path::Path;

/// One build stage and one final stage; `n` makes the stage names unique.
fn stage_pair(n: usize) -> String {
    format!(
        r#"FROM golang:${{GO_VERSION}}-bookworm AS build{n}
ARG TARGETOS
ARG TARGETARCH
ENV CGO_ENABLED=0 \
    GOFLAGS=-trimpath
WORKDIR /src
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        git \
        make \
    && rm -rf /var/lib/apt/lists/*
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/.cache/go-build \
    go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags="-s -w -X main.version=${{VERSION}}" \
        -o /out/app ./cmd/app \
    && strip /out/app || true
# a comment between stages
FROM debian:bookworm-slim AS runtime{n}
LABEL org.opencontainers.image.source="https://example.com/app" \
      org.opencontainers.image.licenses="MIT"
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends tzdata curl; \
    groupadd --system --gid 10001 app; \
    useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app; \
    rm -rf /var/lib/apt/lists/*
COPY --from=build{n} --chown=app:app /out/app /usr/local/bin/app
COPY docker-entrypoint.sh /usr/local/bin/
ENV APP_HOME=/app PATH=/usr/local/bin:$PATH
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/healthz || exit 1
USER app
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["app", "serve", "--port", "8080"]
"#
    )
}

fn typical() -> String {
    let mut s =
        String::from("# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\nARG VERSION=dev\n");
    s.push_str(&stage_pair(0));
    s
}

fn large() -> String {
    let mut s = String::from("ARG GO_VERSION=1.22\nARG VERSION=dev\n");
    let mut n = 0;
    while s.len() < 1 << 20 {
        s.push_str(&stage_pair(n));
        n += 1;
    }
    s
}

/// The corpus file of median size, when the corpus is checked out beside the repository.
fn corpus_median() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let mut files = Vec::new();
    let mut todo = vec![root];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                todo.push(e.path());
            } else if dockhand::source::is_dockerfile_name(&e.file_name().to_string_lossy()) {
                let len = e.metadata().map_or(0, |m| m.len());
                files.push((len, e.path()));
            }
        }
    }
    files.sort();
    let (_, path) = files.get(files.len() / 2)?;
    std::fs::read_to_string(path).ok()
}

fn stages(c: &mut Criterion) {
    let mut inputs = vec![("typical", typical()), ("large", large())];
    if let Some(text) = corpus_median() {
        inputs.push(("corpus-median", text));
    }
    let opts = LintOptions::defaults();
    let model_opts = ModelOptions::default();
    let facts = FileFacts::default();
    for (name, text) in &inputs {
        let mut group = c.benchmark_group(*name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        if *name == "large" {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::new("parse", text.len()), text, |b, t| {
            b.iter(|| parse(black_box(t)))
        });
        let df = parse(text);
        group.bench_with_input(BenchmarkId::new("model", text.len()), &df, |b, df| {
            // the model takes the tree it is built from: each run gets its own copy, made
            // outside the measurement
            b.iter_batched(
                || df.clone(),
                |df| Model::build(black_box(df), &model_opts),
                BatchSize::SmallInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("lint", text.len()), text, |b, t| {
            b.iter(|| lint_diagnostics(black_box(t), &facts, &opts))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
