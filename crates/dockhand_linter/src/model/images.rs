//! The base-image knowledge table: what we know about common images (libc, CA bundle, users,
//! toolchain, shell, package manager) and where each fact was checked.
//!
//! The facts are data: `data/images/*.toml`, one file per family or publisher, read by
//! `build.rs` into the `static` table `BUILTIN` (no start-up work, no regex). Those files and
//! the `[[images]]` entries of `dockhand.toml` share one schema (`schema`), so configuration
//! can say everything the table says; its entries are looked at first (`image_facts_with`).
//! `docs/images.md` is rendered from the table (`docs`). Rules only ask `image_facts(&r)`; a
//! lookup is a linear scan and allocates at most the Alpine version string.
//!
//! How an image is classified:
//! 1. the first entry whose registry and name pattern match (config entries first, then
//!    `BUILTIN` in file-name order) gives the family's default facts (those of its default tag);
//! 2. the entry's first variant whose token pattern matches one of the tag's `-`-separated
//!    tokens overrides some of them (`alpine*`, `slim`, `jre`, `debug`, `chiseled`, …);
//! 3. generic tag rules apply to every image, known or not: Windows tags (`ltsc2022`,
//!    `nanoserver-*`, `windowsservercore-*`) make the OS Windows (and the shell `cmd`), an
//!    `alpine`/`alpineX.Y` token means musl, apk and BusyBox `ash`, a Debian/Ubuntu codename
//!    means glibc, apt and `dash` when not already known (`al2`, `al2023`, `azurelinux`, `ubiN`:
//!    glibc, their package manager and `bash`), `nonroot`, `jre` and `jdk` adjust the user and
//!    toolchain of known families.
//!
//! `shell` is the image's `/bin/sh`, which the model reads as the dialect of every RUN the
//! stage's `SHELL` does not decide (`model::base_sh`).
//!
//! Unknown facts stay unknown (`None`, `Libc::Unknown`, `PackageManager::Unknown`): a rule must
//! not fire on a guess.
//!
//! `toolchain` is `Some` only for images whose purpose is to compile an artifact that is then
//! shipped elsewhere: Go, Rust, a JDK, Maven, Gradle, the .NET SDK, gcc and full
//! `buildpack-deps`. Interpreter images (node, python, ruby, php) are runtimes: they are
//! legitimately the final image, so they only set `ecosystem`.

pub mod docs;
pub mod schema;

use std::borrow::Cow;

use super::glob::glob_match;
use super::image_ref::{is_docker_hub_host, ImageRef};
pub use schema::{CaCerts, Ecosystem, ImageEntry, Libc, Os, PackageManager, Shell};

/// Text in the table: borrowed for the built-in entries, owned for entries read from config.
pub type Text = Cow<'static, str>;

/// Facts of a family's default tag, as stored in a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseFacts {
    pub family: Text,
    pub os: Os,
    pub libc: Libc,
    pub ca_certificates: CaCerts,
    pub default_user_nonroot: Option<bool>,
    /// Users known to be in the image's `/etc/passwd`. A lower bound unless `users_exhaustive`.
    pub known_users: Cow<'static, [Text]>,
    pub users_exhaustive: bool,
    /// The language the image is for, runtime or toolchain.
    pub ecosystem: Option<Ecosystem>,
    pub toolchain: Option<Ecosystem>,
    /// A C compiler (`gcc`/`cc`) is on the PATH. With one, Go defaults to `CGO_ENABLED=1`
    /// (dynamically linked binaries); without one Go 1.20+ defaults to `CGO_ENABLED=0`.
    pub c_compiler: Option<bool>,
    /// The image's `/bin/sh` (the shell of shell-form `RUN`; `cmd` on Windows).
    pub shell: Shell,
    pub package_manager: PackageManager,
    /// The tag's leading version is an Alpine release (the `alpine` image itself).
    pub tag_is_alpine_version: bool,
    /// The image's command is a server that runs the files put into it (nginx, php-fpm).
    pub server: bool,
    /// Where the facts were checked.
    pub source: Text,
    /// Every ENV name of the image's configuration; `None`: unknown.
    pub env: Option<Cow<'static, [Text]>>,
    /// Every platform the image is published for; `None`: unknown.
    pub platforms: Option<Cow<'static, [Text]>>,
    /// The tags the image publishes.
    pub tags: Tags,
}

/// What the table knows about the tags an image publishes (`version-tags`, `fix-lines`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tags {
    /// The image publishes tags with its own version; `false`: the only pin is a digest.
    pub version_tags: bool,
    /// How a pinned version is written (`<major>.<minor>`); `None`: not known.
    pub version_format: Option<Text>,
    /// Tag tokens naming a release line that only receives fixes; `<major>`: a bare number.
    pub fix_lines: Cow<'static, [Text]>,
    /// Tag tokens that follow a development branch with no releases.
    pub rolling_tags: Cow<'static, [Text]>,
    /// The repository name carries its release line (`ubi10-minimal`).
    pub line_in_name: bool,
    /// `(version, alpine release)`: the Alpine release a plain `-alpine` tag of that version
    /// was built on.
    pub alpine_releases: Cow<'static, [(Text, Text)]>,
}

impl Tags {
    /// Nothing known: version tags assumed, no lines.
    pub const DEFAULT: Tags = Tags {
        version_tags: true,
        version_format: None,
        fix_lines: Cow::Borrowed(&[]),
        rolling_tags: Cow::Borrowed(&[]),
        line_in_name: false,
        alpine_releases: Cow::Borrowed(&[]),
    };

    fn from_grammar(g: &schema::TagGrammar) -> Tags {
        let texts = |v: &[String]| -> Cow<'static, [Text]> {
            v.iter()
                .map(|s| Cow::Owned(s.clone()))
                .collect::<Vec<Text>>()
                .into()
        };
        Tags {
            version_tags: g.version_tags.unwrap_or(true),
            version_format: g.version_format.clone().map(Cow::Owned),
            fix_lines: texts(&g.fix_lines),
            rolling_tags: texts(&g.rolling_tags),
            line_in_name: g.line_in_name,
            alpine_releases: g
                .alpine_releases
                .iter()
                .map(|(v, a)| (Cow::Owned(v.clone()), Cow::Owned(a.clone())))
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// The tag token names a release line that only receives fixes.
    pub fn is_fix_line(&self, token: &str) -> bool {
        self.fix_lines.iter().any(|p| {
            if p == "<major>" {
                !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
            } else {
                glob_match(&p.to_ascii_lowercase(), &token.to_ascii_lowercase())
            }
        })
    }

    /// The tag token follows a development branch with no releases.
    pub fn is_rolling(&self, token: &str) -> bool {
        self.rolling_tags
            .iter()
            .any(|p| glob_match(&p.to_ascii_lowercase(), &token.to_ascii_lowercase()))
    }

    /// The Alpine release the `-alpine` tag of exactly `version` was built on.
    pub fn alpine_release_of(&self, version: &str) -> Option<&str> {
        self.alpine_releases
            .iter()
            .find(|(v, _)| v == version)
            .map(|(_, a)| a.as_ref())
    }
}

/// Changes a tag variant makes to its family's facts. `None` keeps the family's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overrides {
    pub libc: Option<Libc>,
    pub ca_certificates: Option<CaCerts>,
    pub default_user_nonroot: Option<Option<bool>>,
    pub known_users: Option<Cow<'static, [Text]>>,
    pub users_exhaustive: Option<bool>,
    pub toolchain: Option<Option<Ecosystem>>,
    pub c_compiler: Option<Option<bool>>,
    pub shell: Option<Shell>,
    pub package_manager: Option<PackageManager>,
    pub server: Option<bool>,
    pub source: Option<Text>,
}

/// A tag variant: applies when one of the tag's `-`-separated tokens matches one of `tokens`
/// (exact, or a pattern with `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub tokens: Cow<'static, [Text]>,
    pub set: Overrides,
}

/// One row of the table: which images it covers and what is known about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyEntry {
    /// Registry host; `docker.io` stands for Docker Hub (however the reference spells it).
    pub registry: Text,
    /// Repository name (as `ImageRef::name`, so without `library/`), where `*` stands for any
    /// text. On Docker Hub an architecture namespace such as `arm64v8/` is removed before
    /// matching.
    pub name: Text,
    pub facts: BaseFacts,
    /// Checked in order; the first that matches the tag applies.
    pub variants: Cow<'static, [Variant]>,
}

impl FamilyEntry {
    /// The rows of an entry read at run time (user configuration), one per `name`. `source`
    /// stands in when the entry gives none.
    pub fn from_entry(entry: &ImageEntry, source: &str) -> Vec<FamilyEntry> {
        let r = entry.resolved();
        let texts = |v: &[String]| -> Cow<'static, [Text]> {
            v.iter()
                .map(|s| Cow::Owned(s.clone()))
                .collect::<Vec<Text>>()
                .into()
        };
        let facts = BaseFacts {
            family: r.family.into(),
            os: r.os,
            libc: r.libc,
            ca_certificates: r.ca_certificates,
            default_user_nonroot: r.nonroot,
            known_users: texts(&r.users),
            users_exhaustive: r.users_exhaustive,
            ecosystem: r.ecosystem,
            toolchain: r.toolchain,
            c_compiler: r.c_compiler,
            shell: r.shell,
            package_manager: r.package_manager,
            tag_is_alpine_version: r.alpine_version_tag,
            server: r.server,
            source: r.source.unwrap_or_else(|| source.to_string()).into(),
            env: r.env.as_deref().map(texts),
            platforms: r.platforms.as_deref().map(texts),
            tags: Tags::from_grammar(&entry.tags),
        };
        let variants: Vec<Variant> = entry
            .variants
            .iter()
            .map(|v| Variant {
                tokens: texts(&v.tokens),
                set: Overrides {
                    libc: v.set.libc,
                    ca_certificates: v.set.ca_certificates,
                    default_user_nonroot: v.set.nonroot,
                    known_users: v.set.users.as_deref().map(texts),
                    users_exhaustive: v.set.users_exhaustive,
                    toolchain: v.set.toolchain,
                    c_compiler: v.set.c_compiler,
                    shell: v.set.shell,
                    package_manager: v.set.package_manager,
                    server: v.set.server,
                    source: v.set.source.clone().map(Cow::Owned),
                },
            })
            .collect();
        let variants: Cow<'static, [Variant]> = variants.into();
        entry
            .registry_names()
            .into_iter()
            .map(|(registry, name)| FamilyEntry {
                registry: registry.into(),
                name: name.into(),
                facts: facts.clone(),
                variants: variants.clone(),
            })
            .collect()
    }

    fn matches(&self, registry: &str, name: &str) -> bool {
        self.registry.eq_ignore_ascii_case(registry) && glob_match(&self.name, name)
    }
}

// The built-in table, generated by build.rs from data/images/*.toml:
// `pub static BUILTIN: &[FamilyEntry]`, in file-name order, then entry order in each file.
include!(concat!(env!("OUT_DIR"), "/images.rs"));

/// What is known about one image reference, after tag variants are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// `golang`, `alpine`, `distroless-static`, … or `unknown`.
    pub family: Text,
    pub os: Os,
    pub libc: Libc,
    /// `Some(true)`: a CA bundle is present; `Some(false)`: absent; `None`: unknown.
    pub ca_certificates: Option<bool>,
    pub default_user_nonroot: Option<bool>,
    pub known_users: Cow<'static, [Text]>,
    pub users_exhaustive: bool,
    pub ecosystem: Option<Ecosystem>,
    pub toolchain: Option<Ecosystem>,
    pub c_compiler: Option<bool>,
    /// The image's `/bin/sh` (the shell of shell-form `RUN`; `cmd` on Windows).
    pub shell: Shell,
    pub package_manager: PackageManager,
    /// The image's command is a server that runs the files put into it (nginx, php-fpm).
    pub server: bool,
    /// `3.19` when the reference pins an Alpine release.
    pub alpine_version: Option<String>,
    /// `alpine_version` is inferred from the image version (`golang:1.22.5-alpine`: the
    /// table's `alpine-releases`), not written in the tag: "probably".
    pub alpine_version_inferred: bool,
    pub source: Text,
    /// Every ENV name of the image; `None`: unknown.
    pub env: Option<Cow<'static, [Text]>>,
    /// Every platform the image is published for; `None`: unknown.
    pub platforms: Option<Cow<'static, [Text]>>,
    /// The tags the image publishes.
    pub tags: Tags,
}

/// Facts of an image not in the table.
const UNKNOWN: BaseFacts = BaseFacts {
    family: Cow::Borrowed("unknown"),
    os: Os::Linux,
    libc: Libc::Unknown,
    ca_certificates: CaCerts::Unknown,
    default_user_nonroot: None,
    known_users: Cow::Borrowed(&[]),
    users_exhaustive: false,
    ecosystem: None,
    toolchain: None,
    c_compiler: None,
    shell: Shell::Unknown,
    package_manager: PackageManager::Unknown,
    tag_is_alpine_version: false,
    server: false,
    source: Cow::Borrowed("not in the image table"),
    env: None,
    platforms: None,
    tags: Tags::DEFAULT,
};

impl ImageFacts {
    /// Nothing known: an unresolved `FROM ${BASE}` or an unparsable reference.
    pub fn unknown() -> Self {
        ImageFacts {
            family: UNKNOWN.family,
            os: UNKNOWN.os,
            libc: UNKNOWN.libc,
            ca_certificates: None,
            default_user_nonroot: UNKNOWN.default_user_nonroot,
            known_users: UNKNOWN.known_users,
            users_exhaustive: UNKNOWN.users_exhaustive,
            ecosystem: UNKNOWN.ecosystem,
            toolchain: UNKNOWN.toolchain,
            c_compiler: UNKNOWN.c_compiler,
            shell: UNKNOWN.shell,
            package_manager: UNKNOWN.package_manager,
            server: false,
            alpine_version: None,
            alpine_version_inferred: false,
            source: UNKNOWN.source,
            env: None,
            platforms: None,
            tags: Tags::DEFAULT,
        }
    }

    pub fn is_known(&self) -> bool {
        self.family != "unknown"
    }

    /// True when `user` is known to exist in the image.
    pub fn has_user(&self, user: &str) -> bool {
        self.known_users.iter().any(|u| u == user)
    }
}

/// Facts for `r` from the built-in table.
pub fn image_facts(r: &ImageRef) -> ImageFacts {
    image_facts_with(r, &[])
}

/// Facts for `r`, looking in `extra` (user configuration) before the built-in table.
pub fn image_facts_with(r: &ImageRef, extra: &[FamilyEntry]) -> ImageFacts {
    let registry = match r.registry.as_deref() {
        Some(host) if !is_docker_hub_host(host) => host,
        _ => "docker.io",
    };
    let name = if registry == "docker.io" {
        strip_arch_namespace(&r.name)
    } else {
        r.name.as_str()
    };
    let tag = r.tag.as_deref().unwrap_or("");
    let entry = extra
        .iter()
        .chain(BUILTIN.iter())
        .find(|e| e.matches(registry, name));

    let mut f = match entry {
        Some(e) => e.facts.clone(),
        None => UNKNOWN,
    };
    if let Some(variant) =
        entry.and_then(|e| e.variants.iter().find(|v| tag_matches(tag, &v.tokens)))
    {
        apply(&mut f, &variant.set);
    }
    let mut alpine_version = if f.tag_is_alpine_version {
        leading_minor_version(tag)
    } else {
        None
    };
    apply_generic_tag_rules(&mut f, tag, entry.is_some(), &mut alpine_version);
    // `golang:1.22.5-alpine`: the tag names no Alpine release, the table may know it.
    let mut alpine_version_inferred = false;
    if alpine_version.is_none() && tag.split('-').any(|t| t == "alpine") {
        let version = tag.split('-').next().unwrap_or("");
        if let Some(a) = f.tags.alpine_release_of(version) {
            alpine_version = Some(a.to_string());
            alpine_version_inferred = true;
        }
    }
    if entry.is_none() {
        // Unknown images often say what they are built on in their name: `zulu-openjdk-alpine`.
        let last = super::paths::file_name(name);
        apply_generic_tag_rules(&mut f, last, false, &mut alpine_version);
    }

    let ca_certificates = match f.ca_certificates {
        CaCerts::Present => Some(true),
        CaCerts::Absent => Some(false),
        CaCerts::Unknown => None,
        CaCerts::FromAlpineBase => alpine_ca_bundle(alpine_version.as_deref()),
    };
    ImageFacts {
        family: f.family,
        os: f.os,
        libc: f.libc,
        ca_certificates,
        default_user_nonroot: f.default_user_nonroot,
        known_users: f.known_users,
        users_exhaustive: f.users_exhaustive,
        ecosystem: f.ecosystem,
        toolchain: f.toolchain,
        c_compiler: f.c_compiler,
        shell: f.shell,
        package_manager: f.package_manager,
        server: f.server,
        alpine_version,
        alpine_version_inferred,
        source: f.source,
        env: f.env,
        platforms: f.platforms,
        tags: f.tags,
    }
}

fn apply(f: &mut BaseFacts, o: &Overrides) {
    if let Some(v) = o.libc {
        f.libc = v;
    }
    if let Some(v) = o.ca_certificates {
        f.ca_certificates = v;
    }
    if let Some(v) = o.default_user_nonroot {
        f.default_user_nonroot = v;
    }
    if let Some(v) = &o.known_users {
        f.known_users = v.clone();
    }
    if let Some(v) = o.users_exhaustive {
        f.users_exhaustive = v;
    }
    if let Some(v) = o.toolchain {
        f.toolchain = v;
    }
    if let Some(v) = o.c_compiler {
        f.c_compiler = v;
    }
    if let Some(v) = o.shell {
        f.shell = v;
    }
    if let Some(v) = o.package_manager {
        f.package_manager = v;
    }
    if let Some(v) = o.server {
        f.server = v;
    }
    if let Some(v) = &o.source {
        f.source = v.clone();
    }
}

const DEBIAN_CODENAMES: &[&str] = &[
    "wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "sid",
];
const UBUNTU_CODENAMES: &[&str] = &[
    "precise", "trusty", "xenial", "yakkety", "zesty", "artful", "bionic", "cosmic", "disco",
    "eoan", "focal", "groovy", "hirsute", "impish", "jammy", "kinetic", "lunar", "mantic", "noble",
    "oracular", "plucky", "questing", "resolute",
];

fn apply_generic_tag_rules(
    f: &mut BaseFacts,
    tag: &str,
    known_family: bool,
    alpine_version: &mut Option<String>,
) {
    let mut tokens = tag.split('-').peekable();
    while let Some(token) = tokens.next() {
        if is_windows_token(token) {
            f.os = Os::Windows;
            f.libc = Libc::Unknown;
            f.ca_certificates = CaCerts::Unknown;
            f.package_manager = PackageManager::None;
            f.default_user_nonroot = None;
            f.known_users = Cow::Borrowed(&[]);
            f.users_exhaustive = false;
            f.c_compiler = None;
            f.shell = Shell::Cmd;
        } else if let Some(version) = token.strip_prefix("alpine") {
            if f.os == Os::Linux
                && (version.is_empty() || version.starts_with(|c: char| c.is_ascii_digit()))
            {
                f.libc = Libc::Musl;
                f.package_manager = PackageManager::Apk;
                f.shell = Shell::Ash;
                if f.ca_certificates == CaCerts::Unknown {
                    f.ca_certificates = CaCerts::FromAlpineBase;
                }
                if let Some(v) = leading_minor_version(version) {
                    *alpine_version = Some(v);
                }
            }
        } else if DEBIAN_CODENAMES.contains(&token) || UBUNTU_CODENAMES.contains(&token) {
            fill_unknown(f, Libc::Glibc, PackageManager::Apt, Shell::Dash);
        } else if token == "al2023" {
            fill_unknown(f, Libc::Glibc, PackageManager::Dnf, Shell::Bash);
        } else if token == "al2" {
            fill_unknown(f, Libc::Glibc, PackageManager::Yum, Shell::Bash);
        } else if token.starts_with("azurelinux") || token.starts_with("mariner") {
            fill_unknown(f, Libc::Glibc, PackageManager::Tdnf, Shell::Bash);
        } else if token.starts_with("ubi") && token[3..].starts_with(|c: char| c.is_ascii_digit()) {
            let (pm, sh) = match tokens.peek() {
                Some(&"minimal") => (PackageManager::Microdnf, Shell::Bash),
                Some(&"micro") => (PackageManager::None, Shell::Unknown),
                _ => (PackageManager::Dnf, Shell::Bash),
            };
            fill_unknown(f, Libc::Glibc, pm, sh);
        } else if known_family {
            match token {
                "nonroot" => f.default_user_nonroot = Some(true),
                "jre" if f.ecosystem == Some(Ecosystem::Java) => f.toolchain = None,
                "jdk" if f.ecosystem == Some(Ecosystem::Java) => {
                    f.toolchain = Some(Ecosystem::Java)
                }
                _ => {}
            }
        }
    }
}

/// A tag token names the distribution (`bookworm`, `al2023`, `ubi9`): its libc, package manager
/// and `/bin/sh`, for the facts the table leaves unknown.
fn fill_unknown(f: &mut BaseFacts, libc: Libc, pm: PackageManager, sh: Shell) {
    if f.os != Os::Linux {
        return;
    }
    if f.libc == Libc::Unknown {
        f.libc = libc;
    }
    if f.package_manager == PackageManager::Unknown {
        f.package_manager = pm;
    }
    if f.shell.kind_unknown() && sh != Shell::Unknown {
        f.shell = sh;
    }
}

fn is_windows_token(token: &str) -> bool {
    [
        "windowsservercore",
        "nanoserver",
        "servercore",
        "ltsc20",
        "windows",
    ]
    .iter()
    .any(|p| token.starts_with(p))
}

/// The Alpine base image's CA bundle by release.
/// - 3.12 and later ship `ca-certificates-bundle` (docker-library/rabbitmq#421: "Alpine includes
///   /etc/ssl/cert.pem bundle, so ca-certificates is unnecessary"; docker-library/haproxy#119).
/// - 3.7 to 3.11 ship `/etc/ssl/cert.pem` from libressl/ca-certificates-cacert
///   (docker-library/python#307) but not `/etc/ssl/certs/ca-certificates.crt`, which many
///   programs look for: unknown.
/// - Before 3.7 there is none (docker-library/python#109).
///
/// An unpinned Alpine (`latest`, `3`, `edge`) is 3.12 or later today.
fn alpine_ca_bundle(version: Option<&str>) -> Option<bool> {
    let Some((major, minor)) = version.and_then(parse_major_minor) else {
        return Some(true);
    };
    match (major, minor) {
        (3, m) if m >= 12 => Some(true),
        (3, 7..=11) => None,
        (3, _) | (0..=2, _) => Some(false),
        _ => Some(true),
    }
}

fn parse_major_minor(v: &str) -> Option<(u32, u32)> {
    let (major, minor) = v.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// `3.20.1-foo` → `3.20`; `3.20` → `3.20`; `3`, `latest`, `edge` → `None`.
fn leading_minor_version(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let major = digits(0);
    if major == 0 || bytes.get(major) != Some(&b'.') {
        return None;
    }
    let minor = digits(major + 1);
    if minor == 0 {
        return None;
    }
    Some(text[..major + 1 + minor].to_string())
}

fn tag_matches(tag: &str, patterns: &[Text]) -> bool {
    tag.split('-')
        .any(|token| patterns.iter().any(|p| glob_match(p, token)))
}

/// Docker Hub publishes official images per architecture under these namespaces
/// (`arm64v8/debian`, `amd64/buildpack-deps`); they are the same images.
fn strip_arch_namespace(name: &str) -> &str {
    const ARCHES: &[&str] = &[
        "amd64/",
        "arm32v5/",
        "arm32v6/",
        "arm32v7/",
        "arm64v8/",
        "i386/",
        "ppc64le/",
        "s390x/",
        "riscv64/",
        "mips64le/",
        "armhf/",
        "aarch64/",
        "winamd64/",
    ];
    ARCHES
        .iter()
        .find_map(|a| name.strip_prefix(a))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name)
}

#[cfg(test)]
mod tests;
