//! DL3020: ADD of local files, where COPY says the same.
use super::prelude::*;
use crate::parse::Kind;

/// File endings ADD unpacks (as hadolint lists them).
const ARCHIVES: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

declare_rule! {
    /// ## What it does
    /// Flags an `ADD` whose sources are all local files or directories: none is a URL
    /// (`http://`, `https://`, a git address) and none is an archive that ADD would unpack.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it fetches URLs and unpacks local tar archives. Used for
    /// plain files, a reader must check each source to know which it does, and renaming a file
    /// to end in `.tar.gz` later changes what the instruction does. `COPY` only copies.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD app.conf /etc/app/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.conf /etc/app/
    /// ```
    ///
    /// ## Differences from hadolint
    /// A git source (`git@…`, `….git`) counts as remote too; hadolint flags it.
    pub AddInsteadOfCopy {
        code: "DL3020",
        name: "add-instead-of-copy",
        severity: Error,
        category: Correctness,
        summary: "ADD copies local files, which COPY does without ADD's extra behaviours",
        mirrors: "hadolint DL3020",
    }
}

fn remote_or_archive(src: &str) -> bool {
    let s = src.trim_matches(['"', '\'']);
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("git@")
        || s.starts_with("git://")
        || s.ends_with(".git")
        || ARCHIVES.iter().any(|e| s.ends_with(e))
}

impl Rule for AddInsteadOfCopy {
    fn check(&self, cx: &mut Context<'_>) {
        for stage in &cx.model().stages {
            for c in stage.copies.iter().filter(|c| c.kind == Kind::Add && !c.heredoc) {
                if c.sources.is_empty() || c.sources.iter().any(|s| remote_or_archive(&s.value)) {
                    continue;
                }
                let names: Vec<&str> = c.sources.iter().map(|s| s.value.as_str()).collect();
                cx.report(
                    &Self::META,
                    c.keyword,
                    format!("`ADD` of local {} only copies", super::hadolint_support::list(&names)),
                )
                .primary_label("use COPY")
                .help("write `COPY` instead of `ADD` (same arguments)");
            }
        }
    }
}
