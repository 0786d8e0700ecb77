//! DH009: `FROM` names a variable that no global `ARG` declares.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image or `--platform` uses a variable (`FROM node:$NODE_VERSION`)
    /// that no `ARG` before the first `FROM` declares. The automatic platform ARGs
    /// (`TARGETPLATFORM`, `BUILDPLATFORM`, `TARGETARCH`, ...) count as declared.
    ///
    /// ## Why is this bad?
    /// Only global ARGs (those before the first `FROM`) are visible in `FROM` lines; an `ARG`
    /// inside a stage or an `ENV` is not. The variable is empty, so the image is not the one
    /// meant, or the build fails, and a `--build-arg` cannot set it either.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG NODE_VERSION=20
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    pub UndefinedArgInFrom {
        code: "DH009",
        name: "undefined-arg-in-from",
        severity: Warning,
        category: Correctness,
        summary: "`FROM` uses a variable that no global `ARG` declares",
        aliases: ["UndefinedArgInFrom"],
    }
}

impl Rule for UndefinedArgInFrom {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // the global ARG names, for "did you mean"
        let globals: Vec<&str> = model.global_args.iter().map(|v| &*v.name).collect();
        for s in &model.stages {
            for name in &s.from_vars.undeclared {
                let word = match &s.platform {
                    Some(p) if p.value.contains(name.as_str()) && !s.base_word.value.contains(name.as_str()) => p,
                    _ => &s.base_word,
                };
                let close = globals
                    .iter()
                    .find(|g| g.eq_ignore_ascii_case(name) || crate::diagnostic::edit_distance(g, name) <= 2);
                let help = match close {
                    Some(g) => format!("did you mean `{g}`? Otherwise declare `ARG {name}=<default>` before the first `FROM`"),
                    None => format!("declare `ARG {name}=<default>` before the first `FROM`"),
                };
                cx.report(
                    &Self::META,
                    word.span,
                    format!("`{name}` in `{}` is not declared by a global `ARG`", word.value),
                )
                .help(help);
            }
        }
    }
}
