//! DH012: two `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in one stage.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the same kind in the
    /// same stage replaces. The earlier instruction is reported (it is the one without
    /// effect), with the later one labelled.
    ///
    /// ## Why is this bad?
    /// Only the last of each is kept in the image; the earlier one does nothing and misleads
    /// readers into thinking it runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// CMD ["gunicorn", "app:app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:app"]
    /// ```
    pub MultipleInstructions {
        code: "DH012",
        name: "multiple-instructions",
        severity: Warning,
        category: Correctness,
        summary: "a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one in the stage replaces",
        aliases: ["MultipleInstructionsDisallowed", "DL4003", "DL4004", "DL3012"],
    }
}

impl Rule for MultipleInstructions {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            // the last CMD, ENTRYPOINT and HEALTHCHECK seen in this stage
            let mut last: [Option<usize>; 3] = [None; 3];
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                let slot = match ins.kind {
                    Kind::Cmd => 0,
                    Kind::Entrypoint => 1,
                    Kind::Healthcheck => 2,
                    _ => continue,
                };
                if let Some(prev) = last[slot].and_then(|p| model.instruction(p)) {
                    let name = ins.kind.as_str();
                    let line = ins.start_line;
                    cx.report(
                        &Self::META,
                        prev.keyword,
                        format!("this `{name}` has no effect: the `{name}` at line {line} replaces it"),
                    )
                    .label(ins.keyword, "replaces the earlier one")
                    .help(format!("remove the earlier `{name}` or merge it into the last one"));
                }
                last[slot] = Some(idx);
            }
        }
    }
}
