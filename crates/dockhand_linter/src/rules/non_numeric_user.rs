//! DL3066: USER with a name, not a numeric id (opt-in, as hadolint's DL3066).
use super::hadolint_support::{posix_stage, variables};
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags a `USER` given by name (`USER app`) rather than by numeric id (`USER 10001`),
    /// unless it comes from an ARG. Off by default.
    ///
    /// ## Why is this off by default?
    /// Kubernetes' `runAsNonRoot` can only verify a numeric user, and host tools that map ids
    /// cannot resolve a name from inside the image. But a name is fine for most images, and
    /// DH102 already checks that the named user exists. On the corpus a third of hadolint's
    /// findings were Windows images' `USER ContainerUser`, where numeric ids do not exist.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stages of Windows images are not checked (their users have no numeric ids).
    pub NonNumericUser {
        code: "DL3066",
        name: "non-numeric-user",
        severity: Info,
        category: Portability,
        summary: "USER names a user instead of a numeric user id",
        enabled_by_default: false,
        mirrors: "hadolint DL3066",
    }
}

impl Rule for NonNumericUser {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let mut args: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (idx, ins) in model.instructions().iter().enumerate() {
            match ins.kind {
                Kind::Arg => {
                    for w in &ins.args {
                        args.insert(w.value.split('=').next().unwrap_or(""));
                    }
                }
                Kind::User => {
                    let Some(w) = ins.args.first() else { continue };
                    let stage = model.stage_of.get(idx).copied().flatten();
                    if stage.is_some_and(|s| !posix_stage(model.stage(s))) {
                        continue;
                    }
                    let uid = w.value.split(':').next().unwrap_or("");
                    if uid.chars().all(|c| c.is_ascii_digit())
                        || variables(uid).iter().any(|v| args.contains(*v))
                    {
                        continue;
                    }
                    cx.report(
                        &Self::META,
                        w.span,
                        format!("`USER {}` names the user `{uid}`, not a numeric id", w.value),
                    )
                    .primary_label("user name")
                    .help(format!(
                        "write the user's numeric id (`USER <uid>`, the `-u` given when `{uid}` was created)"
                    ));
                }
                _ => {}
            }
        }
    }
}
