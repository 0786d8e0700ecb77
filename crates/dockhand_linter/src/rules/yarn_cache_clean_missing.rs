//! DL3060: `yarn install` without `yarn cache clean` in the same RUN.
use super::hadolint_support::{cache_mount, posix_runs};
use super::prelude::*;
use crate::model::Command;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `yarn install` and not, after it, `yarn cache clean`, in a stage
    /// whose files end up in the built image (the built stage and the stages it is built
    /// `FROM`). A RUN with a cache or tmpfs mount on yarn's cache (a target with
    /// `.cache/yarn` in it), or that sets `--cache-folder`, is fine: the cache never reaches
    /// the layer or is where the author chose.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package it downloaded in its cache
    /// (`/usr/local/share/.cache/yarn` for root): often as large as `node_modules` itself,
    /// and of no use in the image. Cleaning in the same RUN keeps it out; a later RUN cannot.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-alpine
    /// RUN yarn install --frozen-lockfile
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-alpine
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint checks the last stage and stages named as the base of a later `FROM`;
    /// dockhand checks the stage that is built (`--target` or the last one) and its `FROM`
    /// ancestors, so a builder stage whose layers are thrown away is not flagged. Stages of
    /// Windows images are not checked.
    pub YarnCacheCleanMissing {
        code: "DL3060",
        name: "yarn-cache-clean-missing",
        severity: Info,
        category: Size,
        summary: "`yarn install` without `yarn cache clean` in the same RUN",
        mirrors: "hadolint DL3060",
    }
}

fn is_install(c: &Command) -> bool {
    c.name() == Some("yarn") && c.has_arg("install")
}

fn is_clean(c: &Command) -> bool {
    c.name() == Some("yarn") && c.has_arg("cache") && c.has_arg("clean")
}

impl Rule for YarnCacheCleanMissing {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(last) = model.final_stage else { return };
        let mut shipped = vec![false; model.stages.len()];
        for s in model.chain(last) {
            if let Some(x) = shipped.get_mut(s.id.0) {
                *x = true;
            }
        }
        for (stage, run) in posix_runs(model) {
            if !shipped.get(stage.id.0).copied().unwrap_or(false) {
                continue;
            }
            let Some(i) = run.commands.iter().position(is_install) else { continue };
            let cleaned = run.commands.get(i + 1..).is_some_and(|rest| rest.iter().any(is_clean));
            let own_cache = run.commands.iter().any(|c| {
                c.name() == Some("yarn") && c.args().iter().any(|a| a.value.starts_with("--cache-folder"))
            });
            if cleaned || own_cache || cache_mount(run, ".cache/yarn") {
                continue;
            }
            let Some(c) = run.commands.get(i) else { continue };
            cx.report(
                &Self::META,
                c.span,
                format!("`yarn install` leaves yarn's package cache in this layer of {}", stage.display_name()),
            )
            .primary_label("cache filled here")
            .help("end the same RUN with `&& yarn cache clean`, or mount the cache: `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`");
        }
    }
}
