//! DL3019: `apk add` without `--no-cache`.
use super::hadolint_support::{cache_mount, installs, list};
use super::prelude::*;
use crate::model::invocations::{has_flag, Manager};

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache`, unless the RUN has a cache or tmpfs mount on
    /// `/var/cache/apk`.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, `apk add` needs a package index (`apk update`, or `--update`)
    /// and leaves it in `/var/cache/apk`, where it stays in the layer unless deleted in the
    /// same RUN. `--no-cache` fetches the index for this call only and keeps nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Inserts `--no-cache` right after `add`. Safe: the same packages are installed from a
    /// freshly fetched index, and no index is left in the layer (an `apk update` before it is
    /// left in place, harmless). Inside an `sh -c` string the option goes into the string; no fix in a heredoc body.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub ApkWithoutNoCache {
        code: "DL3019",
        name: "apk-without-no-cache",
        severity: Info,
        category: Size,
        summary: "`apk add` without `--no-cache` leaves the package index in the image",
        mirrors: "hadolint DL3019",
    }
}

impl Rule for ApkWithoutNoCache {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run, inv) in installs(cx.model(), &[Manager::Apk]) {
            let Some(c) = run.command_of(inv) else { continue };
            let mounted = cache_mount(run, "/var/cache/apk");
            if has_flag(c, "no-cache") || mounted {
                continue;
            }
            let Some(action) = &inv.install else { continue };
            let fix = super::flag_fix::insert_after(cx, run, action, "--no-cache", Applicability::Safe);
            let names: Vec<&str> = inv.packages.iter().map(|p| p.value.as_str()).collect();
            let what = if names.is_empty() { String::new() } else { format!(" {}", list(&names)) };
            cx.report(
                &Self::META,
                action.span,
                format!("`apk add`{what} without `--no-cache` keeps the package index in the layer"),
            )
            .primary_label("no `--no-cache`")
            .help("write `apk add --no-cache …` and drop `apk update` / `--update`")
            .fix_opt(fix);
        }
    }
}
