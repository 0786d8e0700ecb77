//! DH005: a stage copying from itself.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=name` inside the stage called `name` (or `--from=N` inside stage
    /// number N).
    ///
    /// ## Why is this bad?
    /// A stage cannot read its own result while it is being built: Docker fails with a
    /// circular dependency. Copy within the stage with `RUN cp`, or from an earlier stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// COPY --from=build /src /src
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// COPY . /src
    /// ```
    pub CopyFromOwnStage {
        code: "DH005",
        name: "copy-from-own-stage",
        severity: Error,
        category: Correctness,
        summary: "`COPY --from` names the stage it is in",
        mirrors: "hadolint DL3023",
        aliases: ["DL3023"],
    }
}

impl Rule for CopyFromOwnStage {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            for c in &stage.copies {
                if c.source != CopySource::OwnStage {
                    continue;
                }
                let Some(from) = &c.from else { continue };
                let f = cx
                    .report(
                        &Self::META,
                        from.span,
                        format!(
                            "`--from={}` copies from stage `{}`, the stage it is in",
                            from.value,
                            stage.display_name()
                        ),
                    )
                    .help("copy from an earlier stage, or from the build context");
                if let Some(a) = &stage.alias {
                    f.label(a.span, "this stage");
                }
            }
        }
    }
}
