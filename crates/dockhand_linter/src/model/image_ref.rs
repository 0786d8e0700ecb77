//! Parsing of Docker image references (`[registry/]path[:tag][@digest]`).
//!
//! Owns the grammar of `distribution/reference` (the one `docker pull` uses) and nothing else: no
//! network, no knowledge of particular images (that is `model::images`). Every part keeps its byte
//! range relative to the parsed text so the caller can turn it into a source span.

use std::ops::Range;

/// Longest repository name (registry included) that Docker accepts.
const NAME_TOTAL_LENGTH_MAX: usize = 255;
/// Longest tag Docker accepts.
const TAG_LENGTH_MAX: usize = 128;

/// A parsed image reference. Text is kept as written; `name` is the one normalised field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host with optional port, e.g. `gcr.io`, `localhost:5000`. `None` means Docker Hub.
    pub registry: Option<String>,
    /// Repository path as written, e.g. `golang`, `library/golang`, `distroless/static-debian12`.
    pub path: String,
    /// Repository without the registry and, on Docker Hub, without the `library/` prefix:
    /// `golang`, `distroless/static-debian12`, `bitnami/redis`.
    pub name: String,
    pub tag: Option<String>,
    /// Full digest text after `@`, e.g. `sha256:0123…`.
    pub digest: Option<String>,
    pub registry_range: Option<Range<usize>>,
    pub path_range: Range<usize>,
    pub tag_range: Option<Range<usize>>,
    pub digest_range: Option<Range<usize>>,
}

impl ImageRef {
    /// True when the image lives on Docker Hub (no registry, or one of Hub's host names).
    pub fn is_docker_hub(&self) -> bool {
        self.registry.as_deref().is_none_or(is_docker_hub_host)
    }
}

/// Host names that all mean Docker Hub.
pub fn is_docker_hub_host(host: &str) -> bool {
    ["docker.io", "index.docker.io", "registry-1.docker.io"]
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
}

/// Parses `text` as an image reference. Returns `None` when it is not one Docker would accept:
/// empty, whitespace, unexpanded `$VAR`, uppercase repository, bad tag or digest, and so on.
pub fn parse_image_ref(text: &str) -> Option<ImageRef> {
    if text.is_empty() {
        return None;
    }

    let (name_and_tag_end, digest_range) = match text.find('@') {
        Some(at) => {
            let range = at + 1..text.len();
            if !is_valid_digest(&text[range.clone()]) {
                return None;
            }
            (at, Some(range))
        }
        None => (text.len(), None),
    };
    let name_and_tag = &text[..name_and_tag_end];

    // The tag separator is the last ':' after the last '/'; a ':' before it belongs to a port.
    let last_slash = name_and_tag.rfind('/');
    let tag_colon = name_and_tag
        .rfind(':')
        .filter(|&c| last_slash.is_none_or(|s| c > s));
    let (name_end, tag_range) = match tag_colon {
        Some(c) => {
            let range = c + 1..name_and_tag_end;
            if !is_valid_tag(&text[range.clone()]) {
                return None;
            }
            (c, Some(range))
        }
        None => (name_and_tag_end, None),
    };
    let full_name = &text[..name_end];
    if full_name.is_empty() || full_name.len() > NAME_TOTAL_LENGTH_MAX {
        return None;
    }

    // Docker's rule (splitDockerDomain): the first component is a registry host when there is a
    // '/' and it contains '.' or ':', is `localhost`, or has an uppercase letter.
    let (registry_range, path_start) = match full_name.find('/') {
        Some(slash) if looks_like_host(&full_name[..slash]) => (Some(0..slash), slash + 1),
        _ => (None, 0),
    };
    if let Some(range) = &registry_range {
        if !is_valid_host(&text[range.clone()]) {
            return None;
        }
    }
    let path_range = path_start..name_end;
    let path = &text[path_range.clone()];
    if !is_valid_path(path) {
        return None;
    }

    let registry = registry_range.clone().map(|r| text[r].to_string());
    let on_hub = registry.as_deref().is_none_or(is_docker_hub_host);
    let name = match path.strip_prefix("library/") {
        Some(rest) if on_hub => rest,
        _ => path,
    };

    Some(ImageRef {
        registry,
        path: path.to_string(),
        name: name.to_string(),
        tag: tag_range.clone().map(|r| text[r].to_string()),
        digest: digest_range.clone().map(|r| text[r].to_string()),
        registry_range,
        path_range,
        tag_range,
        digest_range,
    })
}

fn looks_like_host(first: &str) -> bool {
    first.contains(['.', ':'])
        || first == "localhost"
        || first.bytes().any(|b| b.is_ascii_uppercase())
}

/// `host[:port]` where host is a dotted domain name or a bracketed IPv6 address.
fn is_valid_host(text: &str) -> bool {
    let (host_ok, rest) = if let Some(inner) = text.strip_prefix('[') {
        match inner.split_once(']') {
            Some((ipv6, rest)) => (
                !ipv6.is_empty() && ipv6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
                rest,
            ),
            None => return false,
        }
    } else {
        let end = text.find(':').unwrap_or(text.len());
        let host = &text[..end];
        (
            !host.is_empty() && host.split('.').all(is_valid_domain_component),
            &text[end..],
        )
    };
    let port_ok = rest.is_empty()
        || rest
            .strip_prefix(':')
            .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

/// `[a-zA-Z0-9]` or `[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_valid_domain_component(c: &str) -> bool {
    let bytes = c.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// One or more `/`-separated components, each `[a-z0-9]+(separator[a-z0-9]+)*` where a
/// separator is `.`, `_`, `__` or a run of `-`.
fn is_valid_path(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(is_valid_path_component)
}

fn is_valid_path_component(c: &str) -> bool {
    let bytes = c.as_bytes();
    let lower_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        // An alphanumeric run is required here.
        let start = i;
        while i < bytes.len() && lower_alnum(bytes[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == bytes.len() {
            return true;
        }
        match bytes[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if bytes.get(i) == Some(&b'_') {
                    i += 1;
                }
            }
            b'-' => {
                while bytes.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

/// `[\w][\w.-]{0,127}`.
fn is_valid_tag(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match bytes.first() {
        Some(&first) if word(first) => {
            bytes.len() <= TAG_LENGTH_MAX
                && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
        }
        _ => false,
    }
}

/// `algorithm:hex`, algorithm components `[A-Za-z][A-Za-z0-9]*` joined by `+ . _ -`; the hex
/// part has the exact length for the SHA-2 algorithms and at least 32 digits otherwise.
fn is_valid_digest(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.split(['+', '.', '_', '-']).all(|part| {
            let mut bytes = part.bytes();
            bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
                && bytes.all(|b| b.is_ascii_alphanumeric())
        });
    let hex_ok = encoded.bytes().all(|b| b.is_ascii_hexdigit());
    let length_ok = match algorithm {
        "sha256" => encoded.len() == 64,
        "sha384" => encoded.len() == 96,
        "sha512" => encoded.len() == 128,
        _ => encoded.len() >= 32,
    };
    algorithm_ok && hex_ok && length_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SHA: &str = "sha256:26730869004e2b9c4b9ad09cab8625e81d256d1ce97e72df5520e806b1709f92";

    fn parts(
        text: &str,
    ) -> (
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
    ) {
        let r = parse_image_ref(text).unwrap_or_else(|| panic!("{text} should parse"));
        (r.registry, r.path, r.name, r.tag, r.digest)
    }

    #[test]
    fn docker_hub_official_images() {
        assert_eq!(
            parts("golang:1.22-alpine3.19"),
            (
                None,
                "golang".into(),
                "golang".into(),
                Some("1.22-alpine3.19".into()),
                None
            )
        );
        assert_eq!(
            parts("library/golang"),
            (None, "library/golang".into(), "golang".into(), None, None)
        );
        assert_eq!(
            parts("docker.io/library/alpine:3.20"),
            (
                Some("docker.io".into()),
                "library/alpine".into(),
                "alpine".into(),
                Some("3.20".into()),
                None
            )
        );
        assert_eq!(parts("scratch").2, "scratch");
        assert_eq!(parts("bitnami/redis:7.2").2, "bitnami/redis");
    }

    #[test]
    fn registries_ports_and_paths() {
        let r = parse_image_ref("gcr.io/distroless/static-debian12:nonroot").unwrap();
        assert_eq!(r.registry.as_deref(), Some("gcr.io"));
        assert_eq!(r.name, "distroless/static-debian12");
        assert_eq!(r.tag.as_deref(), Some("nonroot"));
        assert!(!r.is_docker_hub());

        let r = parse_image_ref("localhost:5000/team/app:1.0").unwrap();
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.path, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));

        let r = parse_image_ref("localhost/app").unwrap();
        assert_eq!(r.registry.as_deref(), Some("localhost"));
        assert_eq!(r.name, "app");

        // "library/" is only special on Docker Hub.
        let r = parse_image_ref("quay.io/library/app").unwrap();
        assert_eq!(r.name, "library/app");

        let r = parse_image_ref("[::1]:5000/app:v1").unwrap();
        assert_eq!(r.registry.as_deref(), Some("[::1]:5000"));
        assert_eq!(r.name, "app");

        let r = parse_image_ref("mcr.microsoft.com/windows/servercore:ltsc2022").unwrap();
        assert_eq!(r.name, "windows/servercore");
        assert_eq!(r.tag.as_deref(), Some("ltsc2022"));
    }

    #[test]
    fn ranges_point_at_the_parts() {
        let text = format!("registry.example.com:443/team/app:1.2-alpine@{SHA}");
        let r = parse_image_ref(&text).unwrap();
        assert_eq!(
            &text[r.registry_range.clone().unwrap()],
            "registry.example.com:443"
        );
        assert_eq!(&text[r.path_range.clone()], "team/app");
        assert_eq!(&text[r.tag_range.clone().unwrap()], "1.2-alpine");
        assert_eq!(&text[r.digest_range.clone().unwrap()], SHA);
    }

    #[test]
    fn digests() {
        let r = parse_image_ref(&format!("python:3.14.6-alpine@{SHA}")).unwrap();
        assert_eq!(r.tag.as_deref(), Some("3.14.6-alpine"));
        assert_eq!(r.digest.as_deref(), Some(SHA));
        let r = parse_image_ref(&format!("debian@{SHA}")).unwrap();
        assert_eq!(r.tag, None);
        assert!(r.digest.is_some());
        assert!(parse_image_ref("debian@sha256:abc").is_none());
        assert!(parse_image_ref("debian@").is_none());
        assert!(parse_image_ref(&format!("debian@{SHA}zz")).is_none());
    }

    #[test]
    fn rejects_invalid_references() {
        for bad in [
            "",
            " ",
            "golang 1.22",
            "Golang:1.22",
            "team/App",
            "$BASE_IMAGE",
            "alpine:${ALPINE_VERSION}",
            "golang:${GO_VERSION}-alpine",
            "base-$TARGETARCH",
            "alpine:",
            ":latest",
            "alpine:-x",
            "alpine:.x",
            "a//b",
            "/alpine",
            "alpine/",
            "a..b",
            "a-",
            "_a",
            "a___b",
            "a_.b",
            "gcr.io:/x",
            "gcr.io:abc/x",
            "-bad.io/x",
            "[zz]/x",
            "[::1/x",
        ] {
            assert!(parse_image_ref(bad).is_none(), "{bad:?} should be rejected");
        }
        let long_tag = format!("alpine:{}", "a".repeat(129));
        assert!(parse_image_ref(&long_tag).is_none());
        let long_name = "a".repeat(256);
        assert!(parse_image_ref(&long_name).is_none());
    }

    #[test]
    fn accepts_separators() {
        for good in [
            "a__b",
            "a_b",
            "a.b",
            "a---b",
            "a-b/c.d_e",
            "x/y/z:TAG_1.0-rc",
        ] {
            assert!(parse_image_ref(good).is_some(), "{good:?} should parse");
        }
    }

    #[test]
    fn uppercase_first_component_is_a_host_like_docker() {
        let r = parse_image_ref("MyHost/app").unwrap();
        assert_eq!(r.registry.as_deref(), Some("MyHost"));
        assert_eq!(r.name, "app");
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_in_bounds(s in "\\PC{0,80}") {
            if let Some(r) = parse_image_ref(&s) {
                prop_assert!(r.path_range.end <= s.len());
                prop_assert_eq!(&s[r.path_range.clone()], r.path.as_str());
                if let Some(t) = r.tag_range.clone() {
                    prop_assert_eq!(&s[t], r.tag.as_deref().unwrap_or(""));
                }
                if let Some(d) = r.digest_range.clone() {
                    prop_assert_eq!(&s[d], r.digest.as_deref().unwrap_or(""));
                }
            }
        }

        #[test]
        fn reference_like_strings_never_panic(s in "[a-zA-Z0-9:/@._\\-\\[\\]$]{0,60}") {
            let _ = parse_image_ref(&s);
        }
    }
}
