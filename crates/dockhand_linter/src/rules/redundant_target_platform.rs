//! DH607: `FROM --platform=$TARGETPLATFORM`, which is the default.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`). The finding's span is
    /// the flag, the text to remove.
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform unless told otherwise, so the flag changes
    /// nothing and suggests to readers that something is special about the stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Coming from hadolint
    /// This rule answers to `DL3065`: hadolint checks the same two spellings. hadolint
    /// reports it as a warning; dockhand as style, since the build is the same with or without
    /// the flag (`preset = "hadolint"` gives it hadolint's severity).
    pub RedundantTargetPlatform {
        code: "DH607",
        name: "redundant-target-platform",
        severity: Style,
        category: Style,
        summary: "`FROM --platform=$TARGETPLATFORM` says what is the default",
        aliases: ["RedundantTargetPlatform", "DL3065"],
    }
}

impl Rule for RedundantTargetPlatform {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            let (Some(v), Some(flag_span)) = (&stage.platform, stage.platform_flag) else {
                continue;
            };
            if matches!(v.value.as_str(), "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
                cx.report(
                    &Self::META,
                    flag_span,
                    format!("`--platform={}` is the default platform of a stage", v.value),
                )
                .help("remove the flag");
            }
        }
    }
}
