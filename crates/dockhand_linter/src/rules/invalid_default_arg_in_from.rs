//! DH010: with its ARGs' defaults, a `FROM` names no valid image.
use super::prelude::*;
use crate::model::image_ref::parse_image_ref;

declare_rule! {
    /// ## What it does
    /// Expands a `FROM` image that uses global ARGs with their default values alone (no
    /// `--build-arg`) and flags it when the result is not a valid image reference
    /// (`ARG TAG=` then `FROM alpine:$TAG` gives `alpine:`). BuildKit's InvalidDefaultArgInFrom
    /// also flags ARGs that have no default at all; this rule does not, because an `ARG`
    /// without a default says the build must pass the value (a file meant to build only
    /// with `--build-arg` is a frequent complaint about BuildKit's check).
    ///
    /// ## Why is this bad?
    /// A plain `docker build .` fails with an invalid reference, though the file looks
    /// complete; a default that builds makes the file work out of the box.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG PYTHON_TAG=
    /// FROM python:$PYTHON_TAG
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG PYTHON_TAG=3.12-slim
    /// FROM python:$PYTHON_TAG
    /// ```
    pub InvalidDefaultArgInFrom {
        code: "DH010",
        name: "invalid-default-arg-in-from",
        severity: Warning,
        category: Correctness,
        summary: "with the global ARGs' defaults, a `FROM` names no valid image",
        aliases: ["InvalidDefaultArgInFrom"],
    }
}

impl Rule for InvalidDefaultArgInFrom {
    fn check(&self, cx: &mut Context<'_>) {
        for s in &cx.model().stages {
            let v = &s.from_vars;
            let Some(text) = &v.default_image else { continue };
            if v.uses_arg_without_default {
                continue;
            }
            let t = text.trim();
            // a stage name is valid too (and looks like a repository name)
            if parse_image_ref(t).is_some() {
                continue;
            }
            cx.report(
                &Self::META,
                s.base_word.span,
                format!(
                    "`FROM {}` gives `{t}` with the ARG defaults, which is no valid image reference",
                    s.base_word.value
                ),
            )
            .help("give the ARGs defaults that form a valid image, e.g. `ARG TAG=latest`");
        }
    }
}
