//! DL3057: the built image has no HEALTHCHECK (opt-in, as in hadolint where it defaults to ignore).
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags the stage that is built (`--target` or the last one) when neither it nor the
    /// stages it is built `FROM` has a `HEALTHCHECK`. Off by default, as in hadolint (where
    /// its default severity is *ignore*).
    ///
    /// ## Why is this off by default?
    /// A HEALTHCHECK lets Docker and Swarm restart a container that is up but not working.
    /// But Kubernetes ignores it (it has its own probes), many images are tools or bases that
    /// serve nothing, and the base image may define one the Dockerfile cannot see.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports every stage without a HEALTHCHECK; dockhand reports only the image
    /// that is built, since the other stages never run as containers.
    pub MissingHealthcheck {
        code: "DL3057",
        name: "missing-healthcheck",
        severity: Info,
        category: Correctness,
        summary: "the built image has no HEALTHCHECK",
        enabled_by_default: false,
        mirrors: "hadolint DL3057",
    }
}

impl Rule for MissingHealthcheck {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(last) = model.final_stage else { return };
        let has = model.chain(last).iter().any(|s| {
            s.instructions
                .clone()
                .any(|i| model.instruction(i).is_some_and(|ins| ins.kind == Kind::Healthcheck))
        });
        if has {
            return;
        }
        let stage = model.stage(last);
        let Some(from) = model.instruction(stage.from_instruction) else { return };
        cx.report(&Self::META, from.keyword, format!("the image built from {} has no HEALTHCHECK", stage.display_name()))
            .primary_label("no HEALTHCHECK in this stage or its bases")
            .help("add `HEALTHCHECK CMD <a command that fails when the service is down>` (or `HEALTHCHECK NONE` to say there is none)");
    }
}
