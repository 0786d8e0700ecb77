//! DL3059: short RUN instructions one after another (opt-in, as hadolint's DL3059).
use super::hadolint_support::posix_stage;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that directly follows another RUN (only comments between them) when both
    /// run a single command (an `sh -c "…"` counts as one) and have the same flags
    /// (`--mount`, `--network`, …). RUNs that already chain several commands are taken as
    /// split on purpose. Off by default.
    ///
    /// ## Why is this off by default?
    /// Each RUN adds a layer, and merging small ones can make the image smaller when a later
    /// one deletes what an earlier one wrote. But separate RUNs are also how authors keep the
    /// build cache useful (a slow, stable step before a changing one) and logs readable; with
    /// BuildKit, extra layers cost little. Merging is a judgement call, not a fix.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN mkdir /app
    /// RUN chown nobody /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN mkdir /app && chown nobody /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub ConsecutiveRun {
        code: "DL3059",
        name: "consecutive-run",
        severity: Info,
        category: Size,
        summary: "short RUN instructions follow each other and could be one",
        enabled_by_default: false,
        mirrors: "hadolint DL3059",
    }
}

impl Rule for ConsecutiveRun {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let flags = |idx: usize| -> Vec<(&str, Option<&str>)> {
            model.instruction(idx).map_or(Vec::new(), |i| {
                i.flags
                    .iter()
                    .map(|f| (f.name.value.as_str(), f.value.as_ref().map(|v| v.value.as_str())))
                    .collect()
            })
        };
        for stage in model.stages.iter().filter(|s| posix_stage(s)) {
            for pair in stage.runs.windows(2) {
                let (prev, run) = (&pair[0], &pair[1]);
                if run.instruction != prev.instruction + 1
                    || simple_commands(prev) != 1
                    || simple_commands(run) != 1
                    || flags(prev.instruction) != flags(run.instruction)
                {
                    continue;
                }
                let line = cx.line_of(prev.span.start);
                cx.report(
                    &Self::META,
                    run.keyword,
                    format!("this RUN directly follows the RUN on line {line}"),
                )
                .label(prev.keyword, "previous RUN")
                .help("join the two commands with `&&` in one RUN, or keep them apart if the split helps the build cache");
            }
        }
    }
}

/// The commands of a RUN as written, not counting those of an `sh -c` script (they share the
/// span of the script word inside the `sh` command).
fn simple_commands(run: &crate::model::RunFact) -> usize {
    let mut count = 0;
    let mut top: Option<Span> = None;
    for c in &run.commands {
        if top.is_some_and(|t| t.start <= c.span.start && c.span.end <= t.end) {
            continue;
        }
        top = Some(c.span);
        count += 1;
    }
    count
}
