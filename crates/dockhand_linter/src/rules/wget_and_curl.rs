//! DL4001: a stage that uses both wget and curl (opt-in, as hadolint's DL4001).
use super::hadolint_support::posix_stage;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that calls `wget` or `curl` when the stage has already called the other
    /// one. Off by default.
    ///
    /// ## Why is this off by default?
    /// Using one download tool means installing one. But the tools often come from the base
    /// image or from a vendor's install script, and switching a working download between
    /// them rarely pays; the finding is about consistency, not a defect.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget -q https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked.
    pub WgetAndCurl {
        code: "DL4001",
        name: "wget-and-curl",
        severity: Warning,
        category: Size,
        summary: "a stage downloads with both wget and curl",
        enabled_by_default: false,
        mirrors: "hadolint DL4001",
    }
}

impl Rule for WgetAndCurl {
    fn check(&self, cx: &mut Context<'_>) {
        for stage in cx.model().stages.iter().filter(|s| posix_stage(s)) {
            let mut first: [Option<Span>; 2] = [None, None];
            for run in &stage.runs {
                let mut here = [false, false];
                for c in &run.commands {
                    let i = match c.words.first().map(|w| w.value.as_str()) {
                        Some("curl") => 0,
                        Some("wget") => 1,
                        _ => continue,
                    };
                    here[i] = true;
                    if first[i].is_none() {
                        first[i] = Some(c.words[0].span);
                    }
                }
                if !(here[0] || here[1]) {
                    continue;
                }
                if let (Some(curl), Some(wget)) = (first[0], first[1]) {
                    let (other, tool, kept) = if here[1] { (curl, "wget", "curl") } else { (wget, "curl", "wget") };
                    let line = cx.line_of(other.start);
                    cx.report(
                        &Self::META,
                        run.keyword,
                        format!("this RUN uses `{tool}`, and the stage already uses `{kept}` (line {line})"),
                    )
                    .label(other, format!("`{kept}` here"))
                    .help(format!("download with `{kept}` here too and install only one of the two"));
                }
            }
        }
    }
}
