# syntax=docker/dockerfile:1
# dockhand's own image: a static musl binary on distroless, running as a non-root user.
#   docker build -t dockhand .
#   docker run --rm -v "$PWD:/src" -w /src dockhand .
# Base images are pinned by tag and digest; update both together. `.ci/run` lints this file
# with every rule selected (`dockhand --select ALL Dockerfile`) and expects no finding.

FROM rust:1.88.0-alpine3.22@sha256:9dfaae478ecd298b6b5a039e1f2cc4fc040fc818a2de9aa78fa714dea036574d AS build
# dockhand ignore=DL3018 -- the build stage never ships, and Alpine drops old package versions from its mirrors
RUN apk add --no-cache musl-dev
WORKDIR /src
# The sources come in through a bind mount and the registry and target folders are cache
# mounts, so a source change rebuilds only dockhand's own crates and no layer stores them.
RUN --mount=type=bind,target=/src \
    --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/cache/target \
    CARGO_TARGET_DIR=/cache/target cargo build --release --locked --bin dockhand \
    && cp /cache/target/release/dockhand /usr/local/bin/dockhand

# dockhand ignore-stage=DL3057 -- a command-line tool, not a service: there is nothing to health-check
FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639
COPY --from=build /usr/local/bin/dockhand /usr/local/bin/dockhand
# distroless's `nonroot` user, by id (65532), which a runtime can check without /etc/passwd
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/dockhand"]
