//! DH505: `FROM --platform=…` asks for a platform the image is not published for.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM --platform=os/arch` with a constant platform (or one that global ARG
    /// defaults make constant) when the image table knows every platform the image is
    /// published for and the requested one is not among them:
    /// `FROM --platform=linux/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022`.
    ///
    /// What cannot be known offline is left alone: the platform of a build without
    /// `--platform` (it is the builder's, or `docker build --platform`'s), `$TARGETPLATFORM` and
    /// `$BUILDPLATFORM`, and the platforms of images the table does not list (BuildKit's
    /// InvalidBaseImagePlatform compares with the manifest it pulls; dockhand pulls nothing).
    ///
    /// ## Why is this bad?
    /// The pull fails (`no match for platform in manifest`), or, where a registry serves a
    /// single-platform image anyway, the stage runs under emulation or not at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022
    /// ```
    pub InvalidBaseImagePlatform {
        code: "DH505",
        name: "invalid-base-image-platform",
        severity: Warning,
        category: Portability,
        summary: "`FROM --platform=` asks for a platform the image is not published for",
        aliases: ["InvalidBaseImagePlatform"],
    }
}

/// Whether the published platform `offered` (`windows`, `linux/arm64`, `linux/arm/v7`)
/// serves the requested `os/arch[/variant]`.
fn serves(offered: &str, os: &str, arch: Option<&str>) -> bool {
    let mut o = offered.split('/');
    if !o.next().is_some_and(|x| x.eq_ignore_ascii_case(os)) {
        return false;
    }
    match (o.next(), arch) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
    }
}

impl Rule for InvalidBaseImagePlatform {
    fn check(&self, cx: &mut Context<'_>) {
        for s in &cx.model().stages {
            let (BaseImage::Registry(_), Some(platform), Some(offered)) =
                (&s.base, &s.platform, &s.facts.platforms)
            else {
                continue;
            };
            if platform.value.contains('$') || offered.is_empty() {
                continue;
            }
            let want = platform.value.trim().to_ascii_lowercase();
            let mut parts = want.split('/');
            let Some(os) = parts.next().filter(|o| !o.is_empty()) else { continue };
            let arch = parts.next();
            if offered.iter().any(|p| serves(p, os, arch)) {
                continue;
            }
            let list: Vec<String> = offered.iter().map(|p| format!("`{p}`")).collect();
            cx.report(
                &Self::META,
                platform.span,
                format!(
                    "`{}` is published for {} only, not for `{want}`",
                    s.base_word.value,
                    list.join(", ")
                ),
            )
            .label(s.base_word.span, "the image")
            .help(format!("use `--platform={}`, or an image built for `{want}`", offered[0]));
        }
    }
}
