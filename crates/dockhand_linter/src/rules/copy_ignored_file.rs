//! DH015: `COPY` / `ADD` of a path that `.dockerignore` leaves out.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` source from the build context that the `.dockerignore` (or
    /// `<Dockerfile name>.dockerignore`) beside the Dockerfile excludes: the path itself or a
    /// parent directory matches a pattern (Docker's pattern rules: anchored at the context
    /// root, `*`, `?`, `**`). As in BuildKit, nothing is checked when the ignore file has
    /// exceptions (`!pattern`), since a re-included file inside an excluded directory cannot
    /// be told apart without the files; `.` is only flagged when a pattern leaves out
    /// everything (`*`, `**`). Sources with variables, `--from` copies, URLs and heredocs are
    /// not looked at, nor files from standard input.
    ///
    /// ## Why is this bad?
    /// An ignored path is not sent to the builder, so the copy fails ("not found") or, for a
    /// wildcard, silently copies nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// # test: dockerignore=config
    /// FROM nginx:1.27
    /// COPY config/nginx.conf /etc/nginx/nginx.conf
    /// ```
    /// Use instead (and remove `config` from the `.dockerignore`, or narrow the pattern):
    /// ```dockerfile
    /// # test: dockerignore=config/*.local
    /// FROM nginx:1.27
    /// COPY config/nginx.conf /etc/nginx/nginx.conf
    /// ```
    pub CopyIgnoredFile {
        code: "DH015",
        name: "copy-ignored-file",
        severity: Warning,
        category: Correctness,
        summary: "`COPY` or `ADD` of a path that `.dockerignore` leaves out of the build context",
        aliases: ["CopyIgnoredFile"],
    }
}

impl Rule for CopyIgnoredFile {
    fn check(&self, cx: &mut Context<'_>) {
        let Some(ignore) = cx.facts.dockerignore.clone() else { return };
        if ignore.patterns.is_empty() || ignore.has_exclusions() {
            return;
        }
        let root_ignored = ignore
            .patterns
            .iter()
            .any(|p| matches!(p.text.as_str(), "*" | "**" | "**/*"));
        let model = cx.model();
        for stage in &model.stages {
            for c in &stage.copies {
                if c.source != CopySource::Context || c.heredoc {
                    continue;
                }
                for src in &c.sources {
                    let v = src.value.as_str();
                    if v.contains('$') || v.contains("://") || v.starts_with("git@") {
                        continue;
                    }
                    let cleaned = v.trim_start_matches('/').trim_start_matches("./");
                    let is_root = matches!(cleaned.trim_end_matches('/'), "" | ".");
                    if is_root && !root_ignored {
                        continue;
                    }
                    let pattern = if is_root {
                        ignore.patterns.iter().find(|p| matches!(p.text.as_str(), "*" | "**" | "**/*"))
                    } else {
                        ignore.excluded_by(cleaned)
                    };
                    let Some(p) = pattern else { continue };
                    let kw = cx.text(c.keyword).to_uppercase();
                    cx.report(
                        &Self::META,
                        src.span,
                        format!(
                            "`{kw}` source `{v}` is excluded by the pattern `{}` of `{}`",
                            p.text, ignore.file_name
                        ),
                    )
                    .primary_label("not in the build context")
                    .help(format!(
                        "remove or narrow `{}` in `{}`, or stop copying `{v}`",
                        p.text, ignore.file_name
                    ));
                }
            }
        }
    }
}
