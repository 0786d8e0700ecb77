//! DL3027: `apt` in a RUN, where `apt-get` is the stable interface.
use super::hadolint_support::posix_runs;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that calls `apt`.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and behaviour may change between
    /// releases, and it warns "apt does not have a stable CLI interface. Use with caution in
    /// scripts." `apt-get` and `apt-cache` are the interfaces meant for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt update && apt install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub AptInsteadOfAptGet {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        severity: Warning,
        category: Correctness,
        summary: "`apt` is the interactive front end; scripts should call apt-get",
        mirrors: "hadolint DL3027",
    }
}

impl Rule for AptInsteadOfAptGet {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            let Some(c) = run.commands.iter().find(|c| c.words.first().is_some_and(|w| w.value == "apt")) else {
                continue;
            };
            let sub = c.subcommand().map_or(String::new(), |s| format!(" {}", s.value));
            let tool = if matches!(sub.trim(), "search" | "show" | "policy") { "apt-cache" } else { "apt-get" };
            cx.report(&Self::META, c.words[0].span, format!("`apt{sub}` uses apt's interactive interface"))
                .primary_label("`apt`")
                .help(format!("write `{tool}{sub}` instead"));
        }
    }
}
