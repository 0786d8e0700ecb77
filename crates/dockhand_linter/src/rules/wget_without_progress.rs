//! DL3047: `wget` printing its full progress output into the build log.
use super::hadolint_support::posix_runs;
use super::prelude::*;
use crate::model::invocations::has_flag;

declare_rule! {
    /// ## What it does
    /// Flags `wget` without `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-verbose`, or
    /// `-o`/`-a` (a log file).
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget falls back to its "dot" progress display: one line per 50 KiB
    /// downloaded. A 100 MB download writes about 2,000 lines to the build log, which makes
    /// logs slow to load in CI and hides the output that matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget https://example.com/tool.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget --progress=dot:giga https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub WgetWithoutProgress {
        code: "DL3047",
        name: "wget-without-progress",
        severity: Info,
        category: BuildSpeed,
        summary: "`wget` without `--progress` or `-q` fills the build log with progress lines",
        mirrors: "hadolint DL3047",
    }
}

impl Rule for WgetWithoutProgress {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            for c in run.commands.iter().filter(|c| c.words.first().is_some_and(|w| w.value == "wget")) {
                let quiet = ["progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose"]
                    .iter()
                    .any(|f| has_flag(c, f))
                    || c.has_arg("-nv");
                if quiet {
                    continue;
                }
                let url = c
                    .args()
                    .iter()
                    .find(|w| !w.value.starts_with('-'))
                    .map_or(String::new(), |w| format!(" {}", w.value));
                cx.report(
                    &Self::META,
                    c.words[0].span,
                    format!("`wget{url}` writes a progress line per 50 KiB to the build log"),
                )
                .primary_label("no `--progress` or `-q`")
                .help("add `--progress=dot:giga` (or `-q` to print nothing but errors)");
            }
        }
    }
}
