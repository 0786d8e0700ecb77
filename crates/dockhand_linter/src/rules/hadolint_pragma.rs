//! DL1001: an inline `# hadolint ignore=` pragma (opt-in, as in hadolint where it defaults to ignore).
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags every `# hadolint ignore=…` comment. Off by default, as in hadolint (where its
    /// default severity is *ignore*): select it when your policy is to keep exceptions in the
    /// configuration file, not in Dockerfiles.
    ///
    /// ## Why is this off by default?
    /// An inline pragma is the most precise way to accept one finding, and it sits beside
    /// the code it excuses; most teams want them. dockhand's own `# dockhand ignore=` comments
    /// can require a reason (`--require-reason`) and DH007 reports those that suppress nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    /// Use instead (with `ignore = ["DL3008"]` in `dockhand.toml`):
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    pub HadolintPragma {
        code: "DL1001",
        name: "hadolint-pragma",
        severity: Info,
        category: Suppression,
        summary: "an inline `# hadolint ignore=` pragma",
        enabled_by_default: false,
        mirrors: "hadolint DL1001",
    }
}

impl Rule for HadolintPragma {
    fn check(&self, cx: &mut Context<'_>) {
        for c in &cx.model().dockerfile().comments {
            let t = c.text.trim();
            let Some(rest) = t.strip_prefix("hadolint") else { continue };
            let Some(codes) = rest.trim_start().strip_prefix("ignore=") else { continue };
            let codes = codes.split_whitespace().next().unwrap_or("").to_string();
            cx.report(&Self::META, c.span, format!("inline pragma `# hadolint ignore={codes}`"))
                .primary_label("inline suppression")
                .help(format!("remove the comment and add {codes} to `ignore` in the configuration file"));
        }
    }
}
