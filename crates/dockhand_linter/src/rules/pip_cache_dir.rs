//! DL3042: `pip install` keeping its download cache in the image.
use super::hadolint_support::{cache_mount, installs};
use super::prelude::*;
use crate::model::invocations::Manager;

const TRUTHY: &[&str] = &["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"];

declare_rule! {
    /// ## What it does
    /// Flags `pip install` without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a
    /// true value (by ENV in the stage or its `FROM` ancestors, or in the RUN itself) or the
    /// RUN has a cache or tmpfs mount on `.cache/pip`.
    ///
    /// ## Why is this bad?
    /// pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an image that cache
    /// is never used again, and it stays in the layer: often as large as the packages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install -r requirements.txt
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Fix
    /// Inserts `--no-cache-dir` right after `install`. Safe: the same packages are installed,
    /// only pip's cache is not written. Inside an `sh -c` string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// `PIP_NO_CACHE_DIR` is followed through `FROM <stage>` chains by stage, not by name.
    /// Stages of Windows images are not checked.
    pub PipCacheDir {
        code: "DL3042",
        name: "pip-cache-dir",
        severity: Warning,
        category: Size,
        summary: "`pip install` without `--no-cache-dir` keeps pip's cache in the image",
        mirrors: "hadolint DL3042",
    }
}

impl Rule for PipCacheDir {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for (stage, run, inv) in installs(model, &[Manager::Pip]) {
            let Some(c) = run.command_of(inv) else { continue };
            if c.has_arg("--no-cache-dir") || cache_mount(run, ".cache/pip") {
                continue;
            }
            let set_in_run = run
                .assigned("PIP_NO_CACHE_DIR")
                .is_some_and(|v| TRUTHY.contains(&v.value.as_str()));
            let set_by_env = model.env_writes_in_chain(stage.id).any(|v| {
                &*v.name == "PIP_NO_CACHE_DIR"
                    && v.instruction < run.instruction
                    && TRUTHY.contains(&&*v.value)
            });
            if set_in_run || set_by_env {
                continue;
            }
            let at = inv.install.as_ref().map_or(c.span, |w| w.span);
            let fix = inv.install.as_ref().and_then(|w| {
                super::flag_fix::insert_after(cx, run, w, "--no-cache-dir", Applicability::Safe)
            });
            cx.report(&Self::META, at, format!("`{}` keeps pip's download cache in the layer", c.words.iter().take(3).map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")))
                .primary_label("no `--no-cache-dir`")
                .help("add `--no-cache-dir`, or set `ENV PIP_NO_CACHE_DIR=1` once in the stage")
                .fix_opt(fix);
        }
    }
}
