//! DL3003: `cd` in a RUN where a WORKDIR would do (opt-in, as hadolint's DL3003).
use super::hadolint_support::posix_runs;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a RUN that changes directory with `cd`. Off by default: select it if your style
    /// is one WORKDIR per directory the build works in.
    ///
    /// ## Why is this off by default?
    /// A `cd` lasts only for its RUN, so a later instruction silently runs elsewhere; WORKDIR
    /// states the directory once for everything after it. But most `cd`s in real Dockerfiles
    /// are deliberate and local: unpacking a tarball in `/tmp`, building it and deleting it in
    /// the same RUN, where a WORKDIR would leave the image's working directory pointing at a
    /// deleted path. Replacing them is not almost always right, so the rule is opt-in.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// COPY . /src
    /// RUN cd /src && go build -o /app .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports it by default; dockhand leaves it off (see above). Stages of Windows
    /// images are not checked.
    pub CdInsteadOfWorkdir {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        severity: Warning,
        category: Correctness,
        summary: "a RUN changes directory with `cd` instead of WORKDIR",
        enabled_by_default: false,
        mirrors: "hadolint DL3003",
    }
}

impl Rule for CdInsteadOfWorkdir {
    fn check(&self, cx: &mut Context<'_>) {
        for (_, run) in posix_runs(cx.model()) {
            let Some(cd) = run.commands.iter().find(|c| c.words.first().is_some_and(|w| w.value == "cd")) else {
                continue;
            };
            let dir = cd.args().first().map_or("~", |w| w.value.as_str()).to_string();
            cx.report(
                &Self::META,
                cd.span,
                format!("`cd {dir}` changes directory for this RUN only"),
            )
            .primary_label("`cd` here")
            .help(format!(
                "put `WORKDIR {dir}` before the RUN and drop the `cd` (or ignore this if the directory is temporary)"
            ));
        }
    }
}
