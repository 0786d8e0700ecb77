//! DH302: `go build -a`.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `go build -a` and `go install -a` (and `go test -a`).
    ///
    /// ## Why is this bad?
    /// `-a` forces a rebuild of every package, the standard library included, and so
    /// defeats Go's build cache: each build compiles everything from scratch. It was once
    /// needed, with `-installsuffix cgo`, to get a static binary; since Go 1.10 the build cache
    /// tracks `CGO_ENABLED` and build flags, so `CGO_ENABLED=0 go build` is enough.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN CGO_ENABLED=0 go build -a -o /app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN CGO_ENABLED=0 go build -o /app .
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
    }
}

impl Rule for GoBuildForceRebuild {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let mut seen: std::collections::HashSet<(usize, usize)> = Default::default();
        for stage in &model.stages {
            for run in &stage.runs {
                for c in run.commands_named("go") {
                    let Some(sub) = c.subcommand() else { continue };
                    if !matches!(sub.value.as_str(), "build" | "install" | "test") {
                        continue;
                    }
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
                        format!(
                            "`go {} -a` rebuilds every package and ignores Go's build cache",
                            sub.value
                        ),
                    )
                    .primary_label("forces a full rebuild")
                    .help("drop `-a`: the build cache already rebuilds exactly what changed (`CGO_ENABLED=0` alone gives a static binary)")
                    .fix_opt(fix);
                }
            }
        }
    }
}
