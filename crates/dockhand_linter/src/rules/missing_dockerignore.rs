//! DH303: the whole build context is copied and there is no `.dockerignore`.
use super::prelude::*;
use crate::model::ecosystems;

declare_rule! {
    /// ## What it does
    /// Flags the first `COPY . .` (or `ADD .`, `COPY * ./`) of the whole build context in a
    /// file that has no `.dockerignore` (nor `<Dockerfile name>.dockerignore`) beside it.
    /// Only stages that the build needs are looked at, and nothing is reported when the
    /// Dockerfile comes from standard input, or when a folder above it within the same git
    /// repository has a `.dockerignore`: the build context is then often that folder
    /// (`docker build -f services/api/Dockerfile .`), and which ignore file applies is
    /// decided on the command line, not in the Dockerfile.
    ///
    /// The corpus this rule was measured on stores Dockerfiles only, without their
    /// `.dockerignore` files, so its findings there cannot be judged (`bench/`).
    ///
    /// ## Why is this bad?
    /// Without a `.dockerignore`, everything in the build directory is sent to the builder and
    /// copied: `.git`, local build output (`node_modules`, `target`, `bin`), editor files and
    /// secrets such as `.env`. Any change to them busts the cache of the `COPY` and every
    /// layer after it, the context upload gets slow, and the files can end up in the image.
    ///
    /// ## Why is it off by default?
    /// Whether an ignore file matters depends on what the build context holds, and that is
    /// outside the Dockerfile. Judged against the upstream repositories of a seeded sample of
    /// corpus findings (seed 22, `bench/results-precision-final.md`), 5 of 10 are silenced
    /// by a `.dockerignore` at the repository root, and of the 5 left, 3 are noise: a folder
    /// of two or three small files (an example with its `README.md`), or a vendored
    /// Dockerfile nobody builds. 3 of 5 is over the bar for a default rule. Turn it on
    /// (`--extend-select DH303`) in a repository whose build contexts hold a `.git`, local
    /// build output or `.env` files.
    ///
    /// ## Example
    /// ```dockerfile
    /// # test: no-dockerignore
    /// FROM golang:1.22-alpine
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// ```
    /// Use instead (with a `.dockerignore` listing `.git`, `bin/`, `.env`), or copy only what
    /// the build needs:
    /// ```dockerfile
    /// # test: no-dockerignore
    /// FROM golang:1.22-alpine
    /// WORKDIR /src
    /// COPY go.mod go.sum ./
    /// COPY cmd/ cmd/
    /// RUN go build -o /app ./cmd/app
    /// ```
    ///
    /// ## References
    /// - [Docker: `.dockerignore` files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub MissingDockerignore {
        code: "DH303",
        name: "missing-dockerignore",
        severity: Info,
        category: BuildSpeed,
        summary: "the whole build context is copied and there is no `.dockerignore`",
        enabled_by_default: false,
        shipped_image: true,
    }
}

impl Rule for MissingDockerignore {
    fn check(&self, cx: &mut Context<'_>) {
        // `None`: unknown (standard input), say nothing
        if cx.facts.has_dockerignore != Some(false) {
            return;
        }
        let model = cx.model();
        let built: Vec<StageId> = match model.final_stage {
            Some(f) => model.dependencies(f),
            None => model.stages.iter().map(|s| s.id).collect(),
        };
        let first = built
            .iter()
            .map(|&id| model.stage(id))
            .flat_map(|s| s.copies.iter().map(move |c| (s, c)))
            .filter(|(_, c)| c.copies_whole_context())
            .min_by_key(|(_, c)| c.instruction);
        let Some((stage, copy)) = first else { return };
        let span = copy
            .sources
            .iter()
            .find(|s| {
                matches!(
                    s.value.trim_end_matches('/'),
                    "." | "" | "*" | "./*" | "./." | ".*"
                )
            })
            .map_or(copy.keyword, |s| s.span);
        // Suggest the build output of the languages this stage uses.
        let mut entries: Vec<&str> = vec![".git"];
        let mut langs: Vec<_> = stage.facts.ecosystem.into_iter().collect();
        for run in &stage.runs {
            for c in &run.commands {
                if let Some(d) = ecosystems::dependency_install(c) {
                    langs.push(d.ecosystem());
                }
            }
        }
        for e in langs {
            if let Some(info) = ecosystems::ecosystem_info(e) {
                for i in info.ignore {
                    if !entries.contains(i) {
                        entries.push(i);
                    }
                }
            }
        }
        entries.extend([".env", "*.pem"]);
        let list = entries
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut shown = cx.text(copy.keyword).to_string();
        for w in copy.sources.iter().chain(copy.dest.iter()) {
            shown.push(' ');
            shown.push_str(&w.value);
        }
        cx.report(
            &Self::META,
            span,
            format!("`{shown}` copies the whole build context, and there is no `.dockerignore`"),
        )
        .primary_label("sends and copies every file in the build directory")
        .help(format!(
            "add a `.dockerignore` beside the Dockerfile that leaves out version control, build output and secrets, e.g. {list}"
        ));
    }
}
