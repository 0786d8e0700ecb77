//! DL3001: commands that make no sense in a build (ssh, vim, service, …).
use super::hadolint_support::posix_runs;
use super::prelude::*;

const POINTLESS: &[&str] = &["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

declare_rule! {
    /// ## What it does
    /// Flags a RUN that calls `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, `ssh`,
    /// `top` or `vim`.
    ///
    /// ## Why is this bad?
    /// A RUN executes once, at build time, in a throw-away container with no init system, no
    /// terminal and no user: starting a service there does not start it in the image,
    /// `shutdown` and `kill` act on the build container, and an editor waits forever. What the
    /// command was meant to do belongs in the image's ENTRYPOINT or CMD, or in a script.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y nginx && service nginx start
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y nginx
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub PointlessCommand {
        code: "DL3001",
        name: "pointless-command",
        severity: Info,
        category: Correctness,
        summary: "a RUN calls a command that makes no sense at build time (service, ssh, vim, …)",
        mirrors: "hadolint DL3001",
    }
}

impl Rule for PointlessCommand {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for c in &run.commands {
                let Some(w) = c.words.first() else { continue };
                if !POINTLESS.contains(&w.value.as_str()) {
                    continue;
                }
                cx.report(&Self::META, w.span, format!("`{}` in a RUN acts on the throw-away build container", w.value))
                    .primary_label("runs once, at build time")
                    .help(format!("remove `{}` from the RUN; start services from ENTRYPOINT or CMD", w.value));
            }
        }
    }
}
