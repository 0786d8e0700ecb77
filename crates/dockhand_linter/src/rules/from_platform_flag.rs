//! DL3029: `FROM --platform=` with a value other than the build's own platforms.
use super::hadolint_support::variables;
use super::prelude::*;

/// The platform ARGs BuildKit predefines: a `--platform` made of them follows the build.
const PREDEFINED: &[&str] = &[
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
    "TARGETARCH", "TARGETVARIANT",
];

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=<value>` unless the value is made of the platform arguments
    /// BuildKit predefines (`$BUILDPLATFORM`, `$TARGETPLATFORM`, `$TARGETOS/$TARGETARCH`, ...):
    /// a constant (`--platform=linux/amd64`) or a build argument of the file's own.
    ///
    /// Off by default. Of the related rules, DH503 (on, info) flags the constant platforms
    /// that break a multi-platform build, and DH505 flags a base image that is not published
    /// for the platform asked for; what this rule adds is that any other `--platform` is
    /// suspect, which holds less often: a file built for one platform on purpose, or one
    /// whose platform argument CI sets, is fine.
    ///
    /// ## Why is this bad?
    /// A stage pinned to one platform is built (and, off that platform, emulated) for it
    /// whatever `docker build --platform` asks for, so a multi-platform build silently ships
    /// the wrong architecture in that stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.22
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts a value only if it mentions `BUILDPLATFORM` or `TARGETPLATFORM`, so it
    /// flags `--platform=$TARGETOS/$TARGETARCH`, which is the target platform spelled in parts;
    /// dockhand accepts every value made of the predefined platform arguments.
    pub FromPlatformFlag {
        code: "DL3029",
        name: "from-platform-flag",
        severity: Warning,
        category: Portability,
        summary: "`FROM --platform=` with a value that is not the build's platform",
        enabled_by_default: false,
        mirrors: "hadolint DL3029",
    }
}

/// Whether the value is only predefined platform arguments and separators.
fn follows_build(value: &str) -> bool {
    let vars = variables(value);
    if vars.is_empty() || !vars.iter().all(|v| PREDEFINED.contains(v)) {
        return false;
    }
    // nothing but the variables, braces and `/`
    let mut rest = value.to_string();
    for v in &vars {
        rest = rest.replacen(&format!("${{{v}}}"), "", 1).replacen(&format!("${v}"), "", 1);
    }
    rest.chars().all(|c| c == '/')
}

impl Rule for FromPlatformFlag {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for stage in &model.stages {
            let (Some(v), Some(flag_span)) = (&stage.platform, stage.platform_flag) else {
                continue;
            };
            if v.value.is_empty() || follows_build(&v.value) {
                continue;
            }
            cx.report(
                &Self::META,
                flag_span,
                format!("`FROM --platform={}` builds this stage for that platform whatever the build's target is", v.value),
            )
            .primary_label("fixed platform")
            .help("remove the flag; for a stage that runs build tools use `--platform=$BUILDPLATFORM`")
            ;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        for v in ["$BUILDPLATFORM", "${TARGETPLATFORM}", "$TARGETOS/$TARGETARCH", "${BUILDOS}/${BUILDARCH}"] {
            assert!(follows_build(v), "{v}");
        }
        for v in ["linux/amd64", "$PLATFORM", "linux/$TARGETARCH", "$TARGETARCH-x"] {
            assert!(!follows_build(v), "{v}");
        }
    }
}
