//! Images a build pulls from a registry, and how precisely each is pinned: the `FROM` images
//! (not stages, not `scratch`, not unresolved) and the images named by `COPY --from=<image>`.
//! Also: how a tag moves (`latest`, a name such as `lts`, a major version only) and whether an
//! image comes from a given registry or registry path. Facts only; the reproducibility and
//! registry rules decide what to report.

use super::image_ref::{is_docker_hub_host, parse_image_ref};
use super::images::{image_facts, ImageFacts};
use super::{BaseImage, CopySource, Model, StageId};
use crate::span::{Span, Spanned};

/// Where a pulled image is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PulledBy {
    /// The `FROM` of this stage.
    From(StageId),
    /// A `COPY --from=<image>` in this stage (index into `Stage::copies`).
    CopyFrom(StageId, usize),
}

/// One registry image the build pulls, with the spans of its parts.
#[derive(Debug, Clone)]
pub struct PulledImage {
    pub by: PulledBy,
    /// The reference after ARG substitution (`golang:1.22-alpine`).
    pub text: String,
    /// Registry host as written (`gcr.io`); `None` for Docker Hub without a host.
    pub registry: Option<String>,
    /// Repository without registry; on Docker Hub without `library/` (`golang`, `bitnami/redis`).
    pub name: String,
    /// Repository path as written (`library/golang` when so written).
    pub path: String,
    pub tag: Option<Spanned<String>>,
    pub digest: Option<Spanned<String>>,
    /// The registry and repository part.
    pub name_span: Span,
    /// The whole image word.
    pub span: Span,
    /// ARG values were substituted: the part spans then cover the whole word.
    pub from_args: bool,
    /// The image word as written in the source (`${BASE}` when `from_args`).
    pub written: String,
    /// What the image table knows about the image (the stage's facts for a `FROM`).
    pub facts: ImageFacts,
}

impl PulledImage {
    /// The reference without tag and digest, as written (`gcr.io/distroless/static`).
    pub fn repository(&self) -> String {
        match &self.registry {
            Some(r) => format!("{r}/{}", self.path),
            None => self.path.clone(),
        }
    }

    /// The registry host with Docker Hub spelled `docker.io`.
    pub fn registry_host(&self) -> String {
        match self.registry.as_deref() {
            Some(h) if !is_docker_hub_host(h) => h.to_ascii_lowercase(),
            _ => "docker.io".to_string(),
        }
    }

    /// `host/path`, with Docker Hub official images under `docker.io/library/`.
    pub fn full_name(&self) -> String {
        let host = self.registry_host();
        if host == "docker.io" && !self.name.contains('/') {
            format!("docker.io/library/{}", self.name)
        } else {
            format!("{host}/{}", self.name)
        }
    }

    /// Whether the image comes from `entry`: a registry host (`gcr.io`, `docker.io` for Docker
    /// Hub, with or without a `:port`) or a host plus path prefix (`gcr.io/my-org`,
    /// `docker.io/library`), matched at `/` boundaries, case-insensitively.
    pub fn is_from_registry(&self, entry: &str) -> bool {
        let entry = entry.trim().trim_end_matches('/').to_ascii_lowercase();
        if entry.is_empty() {
            return false;
        }
        // hadolint's `trustedRegistries` patterns, on the registry host alone: `*` is any
        // registry, `*.gcr.io` a suffix, `my-company*` a prefix
        if entry.contains('*') && !entry.contains('/') {
            let host = self.registry_host().to_ascii_lowercase();
            return match (entry.strip_prefix('*'), entry.strip_suffix('*')) {
                (Some(""), _) => true,
                (Some(suffix), _) if !suffix.contains('*') => host.ends_with(suffix),
                (_, Some(prefix)) if !prefix.contains('*') => host.starts_with(prefix),
                _ => false,
            };
        }
        let (host, rest) = match entry.split_once('/') {
            Some((h, r)) => (h, Some(r)),
            None => (entry.as_str(), None),
        };
        let host = if is_docker_hub_host(host) {
            "docker.io"
        } else {
            host
        };
        let normalised = match rest {
            Some(r) => format!("{host}/{r}"),
            None => host.to_string(),
        };
        let full = self.full_name().to_ascii_lowercase();
        full == normalised || full.starts_with(&format!("{normalised}/"))
    }

    /// The stage the image belongs to.
    pub fn stage(&self) -> StageId {
        match self.by {
            PulledBy::From(s) | PulledBy::CopyFrom(s, _) => s,
        }
    }
}

impl Model {
    /// Every registry image the build pulls, in file order: each stage's `FROM` image, then
    /// its `COPY --from=<image>` images. Stages, `scratch` and unresolved images are not pulled
    /// images we can judge, so they are left out.
    pub fn pulled_images(&self) -> &[PulledImage] {
        self.pulled.get_or_init(|| self.find_pulled_images())
    }

    fn find_pulled_images(&self) -> Vec<PulledImage> {
        let mut out = Vec::new();
        for stage in &self.stages {
            if let BaseImage::Registry(img) = &stage.base {
                out.push(PulledImage {
                    by: PulledBy::From(stage.id),
                    text: img.text.clone(),
                    registry: img.registry.clone(),
                    name: img.name.clone(),
                    path: parse_image_ref(&img.text).map_or_else(|| img.name.clone(), |r| r.path),
                    tag: img.tag.clone(),
                    digest: img.digest.clone(),
                    name_span: img.name_span,
                    span: img.span,
                    from_args: img.from_args,
                    written: stage.base_word.value.clone(),
                    facts: stage.facts.clone(),
                });
            }
            for (i, c) in stage.copies.iter().enumerate() {
                let CopySource::Image(text) = &c.source else {
                    continue;
                };
                let Some(from) = &c.from else { continue };
                let Some(r) = parse_image_ref(text) else {
                    continue;
                };
                // Part spans are exact only when the text is the source text unchanged.
                let exact = from.value == *text;
                let part = |range: Option<std::ops::Range<usize>>| -> Option<Span> {
                    let range = range?;
                    Some(if exact {
                        from.span.sub(range.start, range.end)
                    } else {
                        from.span
                    })
                };
                let name_range = r
                    .registry_range
                    .clone()
                    .map_or(r.path_range.clone(), |rr| rr.start..r.path_range.end);
                out.push(PulledImage {
                    by: PulledBy::CopyFrom(stage.id, i),
                    text: text.clone(),
                    registry: r.registry.clone(),
                    name: r.name.clone(),
                    path: r.path.clone(),
                    tag: r
                        .tag
                        .clone()
                        .map(|t| Spanned::new(t, part(r.tag_range.clone()).unwrap_or(from.span))),
                    digest: r.digest.clone().map(|d| {
                        Spanned::new(d, part(r.digest_range.clone()).unwrap_or(from.span))
                    }),
                    name_span: part(Some(name_range)).unwrap_or(from.span),
                    span: from.span,
                    from_args: !exact,
                    written: from.value.clone(),
                    facts: image_facts(&r),
                });
            }
        }
        out
    }
}

/// How far a tag can move between builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagMovement {
    /// `latest`: whatever was pushed last.
    Latest,
    /// No version number at all: `lts`, `stable`, `alpine`, `bookworm`, `jammy-curl`.
    Named,
    /// Only a major version: `3`, `20-slim`, `3-alpine`, `22-jre`, `v2`.
    MajorOnly,
    /// A release line named with a number: `ltsc2022`, `centos7`, `ubi9`, `jdk17`.
    ReleaseLine,
    /// A minor or patch version, a date or a build id: `1.22-alpine3.19`, `3.20`,
    /// `noble-20240801`, `sha-1a2b3c4`.
    Pinned,
}

/// Classifies a tag by how far it moves. Tokens are the tag's `-` (and `_`) separated parts;
/// the first token that carries a digit is the image's own version.
pub fn tag_movement(tag: &str) -> TagMovement {
    if tag.eq_ignore_ascii_case("latest") {
        return TagMovement::Latest;
    }
    let tokens: Vec<&str> = tag.split(['-', '_']).filter(|t| !t.is_empty()).collect();
    // A date, a build number or a commit id anywhere pins the tag; so does a timestamp written
    // with dashes (`RELEASE.2024-01-31T08-59-40Z`).
    if tokens.iter().any(|t| is_date_or_build_id(t)) || has_dashed_date(tag) {
        return TagMovement::Pinned;
    }
    let Some(first) = tokens
        .iter()
        .find(|t| t.bytes().any(|b| b.is_ascii_digit()))
    else {
        return TagMovement::Named;
    };
    let version = first
        .strip_prefix(['v', 'V'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(first);
    if version.starts_with(|c: char| c.is_ascii_digit()) {
        if has_minor(version) {
            TagMovement::Pinned
        } else {
            TagMovement::MajorOnly
        }
    } else if tokens.iter().any(|t| has_minor_anywhere(t)) {
        // `alpine3.19`, `ubuntu22.04`: a versioned base named without the image's own version
        TagMovement::Pinned
    } else {
        // `ltsc2022`, `ubi9`, `jdk17`: a release line, not a release
        TagMovement::ReleaseLine
    }
}

/// Whether a tag names a version of the image itself, not only of the base it is built on
/// (`alpine3.19`, `ubuntu22.04`, `ltsc2022`, `al2023`): `rust:alpine3.14` pins no Rust.
pub fn names_own_version(tag: &str) -> bool {
    tag.split(['-', '_'])
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .any(|t| !is_base_token(t))
}

/// A tag token naming the distribution an image is built on, with its release.
fn is_base_token(t: &str) -> bool {
    let t = t.to_ascii_lowercase();
    [
        "alpine",
        "ubuntu",
        "debian",
        "ubi",
        "al20",
        "ltsc",
        "windowsservercore",
        "nanoserver",
    ]
    .iter()
    .any(|p| {
        t.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    }) || t == "al2"
}

/// `2024-01-31` somewhere in the tag: four digits, two, two, separated by dashes.
fn has_dashed_date(tag: &str) -> bool {
    let b = tag.as_bytes();
    let digits = |w: &[u8]| w.iter().all(u8::is_ascii_digit);
    b.windows(10).any(|w| {
        digits(&w[0..4]) && w[4] == b'-' && digits(&w[5..7]) && w[7] == b'-' && digits(&w[8..10])
    })
}

/// `1.22`, `3.20.1`, `1.22rc1` (digits, a dot, digits), or Java 8's update notation `8u502`.
fn has_minor(v: &str) -> bool {
    let b = v.as_bytes();
    let major = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if major > 0 && b.get(major) == Some(&b'u') && b.get(major + 1).is_some_and(u8::is_ascii_digit)
    {
        return true;
    }
    major > 0 && b.get(major) == Some(&b'.') && b.get(major + 1).is_some_and(u8::is_ascii_digit)
}

fn has_minor_anywhere(t: &str) -> bool {
    let b = t.as_bytes();
    b.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit())
}

/// `20240801`, `2024.08.01`, `build123456`, or a hex commit id of 7+ characters with a digit.
fn is_date_or_build_id(t: &str) -> bool {
    let longest_digit_run = t
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest_digit_run >= 6 {
        return true;
    }
    let hex = t.strip_prefix("sha").unwrap_or(t);
    hex.len() >= 7
        && hex
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && hex.chars().any(|c| c.is_ascii_digit())
        && hex.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_movement_classes() {
        use TagMovement::*;
        for (tag, want) in [
            ("latest", Latest),
            ("lts", Named),
            ("stable", Named),
            ("edge", Named),
            ("alpine", Named),
            ("slim", Named),
            ("bookworm", Named),
            ("jammy", Named),
            ("lts-alpine", Named),
            ("3", MajorOnly),
            ("20-slim", MajorOnly),
            ("3-alpine", MajorOnly),
            ("22-jre", MajorOnly),
            ("v2", MajorOnly),
            ("3-alpine3.19", MajorOnly),
            ("ltsc2022", ReleaseLine),
            ("centos7", ReleaseLine),
            ("1.22-alpine3.19", Pinned),
            ("3.20", Pinned),
            ("1.13.5-alpine3.10", Pinned),
            ("v1.2.3", Pinned),
            ("alpine3.19", Pinned),
            ("noble-20240801", Pinned),
            ("sha-1a2b3c4", Pinned),
            ("22.04", Pinned),
            ("17-jdk-jammy", MajorOnly),
            ("17.0.10_7-jdk", Pinned),
            ("8u502-b07-jre-windowsservercore-ltsc2025", Pinned),
            ("RELEASE.2024-01-31T20-20-33Z", Pinned),
        ] {
            assert_eq!(tag_movement(tag), want, "{tag}");
        }
    }

    #[test]
    fn own_version_versus_base_release() {
        for (tag, want) in [
            ("alpine3.14", false),
            ("ubuntu22.04", false),
            ("windowsservercore-ltsc2022", false),
            ("1.83-alpine3.20", true),
            ("22-alpine3.20", true),
            ("noble-20240801", true),
        ] {
            assert_eq!(names_own_version(tag), want, "{tag}");
        }
    }

    #[test]
    fn empty_tag_names_no_version() {
        assert_eq!(tag_movement(""), TagMovement::Named);
    }
}
