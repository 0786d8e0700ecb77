//! DL3040: `dnf install` without `dnf clean all` after it.
use super::hadolint_support::{cache_mount, posix_runs, uncleaned};
use super::prelude::*;

const INSTALLS: &[&str] = &[
    "install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei",
];

declare_rule! {
    /// ## What it does
    /// Flags a RUN that installs or upgrades with `dnf` (or `microdnf`) and does not, after
    /// it, run `dnf clean all` (or `rm -rf /var/cache/libdnf5*`), unless the RUN has a cache
    /// or tmpfs mount on dnf's cache.
    ///
    /// ## Why is this bad?
    /// dnf keeps repository metadata and downloaded packages under `/var/cache/dnf` (or
    /// `libdnf5`): often a hundred megabytes that stay in the layer. Cleaning in the same
    /// RUN keeps them out of the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Appends ` && dnf clean all` (`microdnf clean all`) to the RUN, after its last command,
    /// when the RUN is a plain `&&` chain (no `;`, `||`, pipe, subshell, `if`, loop or
    /// heredoc). Safe: the same packages are installed, and a later install fetches the
    /// metadata again. No fix for any other RUN.
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub DnfCleanMissing {
        code: "DL3040",
        name: "dnf-clean-missing",
        severity: Warning,
        category: Size,
        summary: "`dnf install` without `dnf clean all` in the same RUN",
        mirrors: "hadolint DL3040",
    }
}

impl Rule for DnfCleanMissing {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            if cache_mount(run, "/var/cache/libdnf5") || cache_mount(run, ".cache/libdnf5") {
                continue;
            }
            for tool in ["dnf", "microdnf"] {
                let names = [tool];
                let Some(c) = uncleaned(run, &names, INSTALLS, |c| {
                    (c.words.first().is_some_and(|w| w.value == tool)
                        && (c.has_arg("clean") || c.has_arg("all")))
                        || (c.name() == Some("rm")
                            && (c.has_arg("-rf") || c.has_arg("/var/cache/libdnf5*")))
                }) else {
                    continue;
                };
                let fix = super::flag_fix::append_to_chain(cx, run, &format!("{tool} clean all"))
                    .map(|e| Fix::safe(format!("end the RUN with `&& {tool} clean all`"), vec![e]));
                cx.report(
                    &Self::META,
                    c.span,
                    format!("`{tool}` leaves its package cache in the layer: no `{tool} clean all` after it"),
                )
                .primary_label("cache filled here")
                .help(format!("end the same RUN with `&& {tool} clean all`"))
                .fix_opt(fix);
            }
        }
    }
}
