//! DL3009: `apt-get update` leaves the package lists in the image.
use super::hadolint_support::{cache_mount, posix_runs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `apt-get update` (or `apt update`, `aptitude update`) and does
    /// not delete the package lists with `rm -rf /var/lib/apt/lists/*`, in a stage whose
    /// files end up in the built image (the final stage and the stages it is built `FROM`).
    /// A RUN with a cache or tmpfs mount on `/var/lib/apt/lists` (or on both `/var/lib/apt`
    /// and `/var/cache/apt`) is fine: the lists never reach the layer.
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads the index of every package in the configured repositories,
    /// tens of megabytes that stay in the layer although nothing in the running container
    /// needs them. Deleting them in the same RUN keeps them out of the image; deleting them
    /// in a later RUN does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Appends ` && rm -rf /var/lib/apt/lists/*` to the RUN, after its last command, when the
    /// RUN is a plain `&&` chain (no `;`, `||`, pipe, subshell, `if`, loop or heredoc): the
    /// lists are deleted once everything before succeeded. Safe, unless a later RUN calls
    /// `apt-get`/`apt` without its own `update` (it would find no lists): then unsafe. No fix
    /// for any other RUN.
    ///
    /// ## Differences from hadolint
    /// hadolint checks the last stage and stages named as the base of a later `FROM`;
    /// dockhand checks the stage that is built (`--target` or the last one) and its `FROM`
    /// ancestors, so a builder stage whose layers are thrown away is not flagged. hadolint
    /// takes any `rm -rf …` for the cleanup; dockhand wants an `rm` of
    /// `/var/lib/apt/lists` (and accepts `rm -r`, and `apt-get dist-clean` of apt 2.9+). Stages of
    /// Windows images are not checked.
    pub AptListsNotDeleted {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        severity: Info,
        category: Size,
        summary: "`apt-get update` without deleting `/var/lib/apt/lists` in the same RUN",
        mirrors: "hadolint DL3009",
    }
}

impl Rule for AptListsNotDeleted {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(last) = model.final_stage else { return };
        let shipped: Vec<StageId> = model.chain(last).iter().map(|s| s.id).collect();
        // the last RUN (by instruction) that calls apt without an `update` of its own: the
        // lists deleted before it would be missed there
        let apt = |c: &crate::model::Command| matches!(c.name(), Some("apt-get" | "apt" | "aptitude"));
        let last_needing_lists = posix_runs(model)
            .filter(|(_, r)| {
                r.commands.iter().any(|c| apt(c) && !c.has_arg("update"))
                    && !r.commands.iter().any(|c| apt(c) && c.has_arg("update"))
            })
            .map(|(_, r)| r.instruction)
            .max();
        for (stage, run) in posix_runs(model) {
            if !shipped.contains(&stage.id) {
                continue;
            }
            let Some(update) = run.commands.iter().find(|c| {
                matches!(c.name(), Some("apt-get" | "apt" | "aptitude")) && c.has_arg("update")
            }) else {
                continue;
            };
            let cleaned = run
                .commands_named("rm")
                .any(|c| c.operands().any(|w| w.value.starts_with("/var/lib/apt/lists")))
                || run.commands.iter().any(|c| {
                    matches!(c.name(), Some("apt-get" | "apt")) && c.has_arg("dist-clean")
                });
            if cleaned
                || cache_mount(run, "/var/lib/apt/lists")
                || (cache_mount(run, "/var/lib/apt") && cache_mount(run, "/var/cache/apt"))
            {
                continue;
            }
            let tool = update.name().unwrap_or("apt-get").to_string();
            let fix = super::flag_fix::append_to_chain(cx, run, "rm -rf /var/lib/apt/lists/*").map(|e| {
                let title = "end the RUN with `&& rm -rf /var/lib/apt/lists/*`";
                if last_needing_lists.is_some_and(|i| i > run.instruction) {
                    Fix::unsafe_edit(title, vec![e])
                } else {
                    Fix::safe(title, vec![e])
                }
            });
            cx.report(
                &Self::META,
                update.span,
                format!("`{tool} update` leaves the package lists in this layer of {}", stage.display_name()),
            )
            .primary_label("lists downloaded here")
            .help("end the same RUN with `&& rm -rf /var/lib/apt/lists/*`")
            .fix_opt(fix);
        }
    }
}
