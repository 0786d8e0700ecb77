//! DH302: `go build -a`.
use super::prelude::*;
use crate::model::ecosystems::mount_caches;
use crate::model::images::Ecosystem;

declare_rule! {
    /// ## What it does
    /// Flags `go build -a` and `go install -a` (and `go test -a`) where the flag costs build
    /// time:
    /// - on Go before 1.20 (a `golang` image whose tag says so, such as `golang:1.13.5`),
    ///   whose GOROOT ships the standard library precompiled, so `-a` recompiles all of it;
    /// - in a `RUN` with a cache mount for Go's build cache
    ///   (`--mount=type=cache,target=/root/.cache/go-build`, or the `GOCACHE` an `ENV`/`ARG`
    ///   sets), or after a `COPY --from` into that `GOCACHE`: a cache kept on purpose that
    ///   `-a` then ignores (a `GOCACHE` pointing at a new, empty folder costs nothing);
    /// - after an earlier `go build`/`go install`/`go test` in the same stage chain, whose
    ///   cached packages `-a` throws away.
    ///
    /// `go build -a std` is not reported: precompiling the standard library is what `-a` is
    /// for. On Go 1.20 and later in a fresh stage the build cache starts empty and the standard
    /// library is no longer precompiled, so `-a` compiles nothing more than the build does
    /// anyway: not reported. A Go release that cannot be read (`golang:latest`, an unresolved
    /// `ARG`, Go installed by a package manager) is taken as a current one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26-alpine AS builder
    /// RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -a -o /app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.26-alpine AS builder
    /// RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .
    /// ```
    ///
    /// ## Fix
    /// Deletes the `-a` word. Safe: the binary is the same, only the build cache is used.
    ///
    /// ## References
    /// - [`go help build`: `-a` force rebuilding of packages that are already up-to-date](https://pkg.go.dev/cmd/go#hdr-Compile_packages_and_dependencies)
    /// - [Go 1.10 release notes: build cache](https://go.dev/doc/go1.10#build)
    pub GoBuildForceRebuild {
        code: "DH302",
        name: "go-build-force-rebuild",
        severity: Info,
        category: BuildSpeed,
        summary: "`go build -a` rebuilds every package and defeats Go's build cache",
        shipped_image: true,
    }
}

impl Rule for GoBuildForceRebuild {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let mut seen: std::collections::HashSet<(usize, usize)> = Default::default();
        // whether each stage's chain has run a Go build by its end (stages only build on
        // earlier ones), so that a warm cache is known without walking every chain
        let mut built: Vec<bool> = Vec::with_capacity(model.stages.len());
        // per stage, at its end: the `GOCACHE` an ENV or ARG sets (inherited through
        // `FROM <stage>`), and whether a cache was copied into it; one pass in stage order
        let mut caches: Vec<(Option<String>, bool)> = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let parent = match stage.base {
                BaseImage::Stage(p) if p.0 < stage.id.0 => Some(p.0),
                _ => None,
            };
            let mut warm = parent.and_then(|p| built.get(p).copied()).unwrap_or(false);
            let (inherited, inherited_copied) = parent
                .and_then(|p| caches.get(p).cloned())
                .unwrap_or((None, false));
            let version = model.go_version(stage.id);
            // `GOCACHE` from ENV or ARG: where the cache is kept across instructions
            let own = stage
                .env_writes
                .iter()
                .chain(stage.args.iter())
                .filter(|v| &*v.name == "GOCACHE")
                .max_by_key(|v| v.instruction)
                .map(|v| v.value.trim_end_matches('/').to_string());
            let gocache = own.or(inherited.clone());
            // the first COPY of a cache from another stage or image into that `GOCACHE`
            let first_copy = gocache.as_deref().and_then(|g| {
                stage
                    .copies
                    .iter()
                    .filter(|c| c.source != CopySource::Context)
                    // an absolute destination, compared as written: resolving a relative one
                    // against the WORKDIR would walk the chain for every stage
                    .find(|c| {
                        c.dest.as_ref().is_some_and(|d| {
                            d.value.starts_with('/')
                                && crate::model::paths::normalize(&d.value).trim_end_matches('/')
                                    == g
                        })
                    })
                    .map(|c| c.instruction)
            });
            let copied_into = |before: usize| first_copy.is_some_and(|i| i < before);
            let inherited_copied = inherited_copied && gocache == inherited;
            for run in &stage.runs {
                let cache_mount = run.mounts.iter().find(|m| {
                    m.kind == "cache"
                        && (mount_caches(m, Ecosystem::Go)
                            || m.target.as_deref().is_some_and(|t| {
                                gocache.as_deref() == Some(t.trim_end_matches('/'))
                            }))
                });
                // a cache directory copied in from another stage or image
                let copied_cache = inherited_copied || copied_into(run.instruction);
                for c in run.commands_named("go") {
                    let Some(sub) = c.subcommand() else { continue };
                    if !matches!(sub.value.as_str(), "build" | "install" | "test") {
                        continue;
                    }
                    let was_warm = warm;
                    warm = true;
                    let cost = match version {
                        Some(v) if v < (1, 20) => Some(format!(
                            "on Go {}.{} it recompiles the precompiled standard library and every package",
                            v.0, v.1
                        )),
                        _ if cache_mount.is_some() => {
                            Some("it ignores the build cache mounted for this `RUN`".to_string())
                        }
                        _ if copied_cache => Some(
                            "it ignores the build cache copied into `GOCACHE`".to_string(),
                        ),
                        _ if was_warm => Some(
                            "it ignores the packages an earlier Go build in this stage cached"
                                .to_string(),
                        ),
                        _ => None,
                    };
                    let Some(cost) = cost else { continue };
                    let mut skip = false;
                    let mut flag = None;
                    for w in c.args().iter().filter(|w| w.span.start > sub.span.start) {
                        if skip {
                            skip = false;
                            continue;
                        }
                        let v = w.value.as_str();
                        // flags end at the first package argument
                        if !v.starts_with('-') {
                            break;
                        }
                        if v == "-a" || v == "--a" || v == "-a=true" {
                            flag = Some(w);
                            break;
                        }
                        skip = crate::model::artifacts::GO_VALUE_FLAGS.contains(&v);
                    }
                    let Some(flag) = flag else { continue };
                    // `go build -a std` precompiles the standard library on purpose (for a
                    // GOOS/GOARCH the image then builds for): that is what `-a` is for
                    let packages: Vec<&str> = c
                        .operands()
                        .filter(|o| o.span.start > flag.span.start && !o.value.starts_with('-'))
                        .map(|o| o.value.as_str())
                        .collect();
                    if !packages.is_empty() && packages.iter().all(|p| matches!(*p, "std" | "cmd")) {
                        continue;
                    }
                    // `sh -c` scripts give every inner word the span of the script
                    if !seen.insert((flag.span.start, flag.span.end)) {
                        continue;
                    }
                    let fix = (cx.text(flag.span) == flag.value).then(|| {
                        Fix::safe(
                            format!("remove `{}` from `go {}`", flag.value, sub.value),
                            vec![Edit::delete(fixtext::word_with_blank(cx.source, flag.span))],
                        )
                    });
                    cx.report(
                        &Self::META,
                        flag.span,
                        format!("`go {} -a` forces a full rebuild: {cost}", sub.value),
                    )
                    .primary_label("forces a full rebuild")
                    .help("drop `-a`: the build cache already rebuilds exactly what changed (`CGO_ENABLED=0` alone gives a static binary)")
                    .fix_opt(fix);
                }
            }
            built.push(warm);
            let copied = inherited_copied || copied_into(usize::MAX);
            caches.push((gocache, copied));
        }
    }
}
