//! The base-image knowledge table: what we know about common images (libc, CA bundle, users,
//! toolchain, shell, package manager) and where each fact was checked.
//!
//! Owns the data; rules only ask `image_facts(&r)`. The table is a `static` array read by a
//! linear scan (no start-up work, no regex); a lookup allocates at most the Alpine version
//! string. User configuration can add families through `image_facts_with`, whose entries win.
//!
//! How an image is classified:
//! 1. the first entry whose registry and name pattern match (config entries first, then
//!    `BUILTIN`) gives the family's default facts (those of its default tag);
//! 2. the entry's first `Variant` whose token pattern matches one of the tag's `-`-separated
//!    tokens overrides some of them (`alpine*`, `slim`, `jre`, `debug`, `chiseled`, …);
//! 3. generic tag rules apply to every image, known or not: Windows tags (`ltsc2022`,
//!    `nanoserver-*`, `windowsservercore-*`) make the OS Windows, an `alpine`/`alpineX.Y` token
//!    means musl and apk, a Debian/Ubuntu codename means glibc and apt when not already known,
//!    `nonroot`, `jre` and `jdk` adjust the user and toolchain of known families.
//!
//! Unknown facts stay unknown (`None`, `Libc::Unknown`, `PackageManager::Unknown`): a rule must
//! not fire on a guess.
//!
//! `toolchain` is `Some` only for images whose purpose is to compile an artifact that is then
//! shipped elsewhere: Go, Rust, a JDK, Maven, Gradle, the .NET SDK, gcc and full
//! `buildpack-deps`. Interpreter images (node, python, ruby, php) are runtimes: they are
//! legitimately the final image, so they only set `ecosystem`.

use std::borrow::Cow;

use super::image_ref::{is_docker_hub_host, ImageRef};

/// Text in the table: borrowed for the built-in entries, owned for entries read from config.
pub type Text = Cow<'static, str>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Libc {
    Glibc,
    Musl,
    /// No C library in the image (scratch, distroless static): only static binaries run.
    None,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    Go,
    Rust,
    Java,
    Node,
    Python,
    DotNet,
    C,
    Ruby,
    Php,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageManager {
    Apk,
    Apt,
    Dnf,
    Microdnf,
    Yum,
    /// Azure Linux / CBL-Mariner.
    Tdnf,
    Zypper,
    Pacman,
    /// The image has no package manager.
    None,
    Unknown,
}

/// How the table states the CA bundle. `FromAlpineBase` means "whatever the Alpine base image of
/// that release ships", resolved from the Alpine version when the facts are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaCerts {
    Present,
    Absent,
    Unknown,
    FromAlpineBase,
}

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
    pub shell: Option<bool>,
    pub package_manager: PackageManager,
    /// The tag's leading version is an Alpine release (the `alpine` image itself).
    pub tag_is_alpine_version: bool,
    /// Where the facts were checked.
    pub source: Text,
}

/// Changes a tag variant makes to its family's facts. `None` keeps the family's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overrides {
    pub libc: Option<Libc>,
    pub ca_certificates: Option<CaCerts>,
    pub default_user_nonroot: Option<Option<bool>>,
    pub known_users: Option<&'static [Text]>,
    pub users_exhaustive: Option<bool>,
    pub toolchain: Option<Option<Ecosystem>>,
    pub c_compiler: Option<Option<bool>>,
    pub shell: Option<Option<bool>>,
    pub package_manager: Option<PackageManager>,
    pub source: Option<&'static str>,
}

/// A tag variant: applies when one of the tag's `-`-separated tokens matches one of `tokens`
/// (exact, or a prefix when the pattern ends in `*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub tokens: &'static [&'static str],
    pub set: Overrides,
}

/// One row of the table: which images it covers and what is known about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyEntry {
    /// Registry host; `docker.io` stands for Docker Hub (however the reference spells it).
    pub registry: Text,
    /// Repository name (as `ImageRef::name`, so without `library/`), with at most one `*`
    /// standing for any text. On Docker Hub an architecture namespace such as `arm64v8/` is
    /// removed before matching.
    pub name: Text,
    pub facts: BaseFacts,
    /// Checked in order; the first that matches the tag applies. Config entries use `&[]`.
    pub variants: &'static [Variant],
}

impl FamilyEntry {
    /// A family defined at run time (user configuration), e.g. a private Go builder image.
    pub fn owned(registry: impl Into<String>, name: impl Into<String>, facts: BaseFacts) -> Self {
        FamilyEntry {
            registry: Cow::Owned(registry.into()),
            name: Cow::Owned(name.into()),
            facts,
            variants: &[],
        }
    }

    fn matches(&self, registry: &str, name: &str) -> bool {
        self.registry.eq_ignore_ascii_case(registry) && glob_match(&self.name, name)
    }
}

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
    pub shell: Option<bool>,
    pub package_manager: PackageManager,
    /// `3.19` when the reference pins an Alpine release.
    pub alpine_version: Option<String>,
    pub source: Text,
}

impl BaseFacts {
    /// A row with nothing known, to fill in from configuration.
    pub fn unknown() -> Self {
        UNKNOWN
    }
}

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
            alpine_version: None,
            source: UNKNOWN.source,
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
        entry.and_then(|e| e.variants.iter().find(|v| tag_matches(tag, v.tokens)))
    {
        apply(&mut f, &variant.set);
    }
    let mut alpine_version = if f.tag_is_alpine_version {
        leading_minor_version(tag)
    } else {
        None
    };
    apply_generic_tag_rules(&mut f, tag, entry.is_some(), &mut alpine_version);
    if entry.is_none() {
        // Unknown images often say what they are built on in their name: `zulu-openjdk-alpine`.
        let last = name.rsplit('/').next().unwrap_or(name);
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
        alpine_version,
        source: f.source,
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
    if let Some(v) = o.known_users {
        f.known_users = Cow::Borrowed(v);
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
    if let Some(v) = o.source {
        f.source = Cow::Borrowed(v);
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
            f.shell = Some(true);
        } else if let Some(version) = token.strip_prefix("alpine") {
            if f.os == Os::Linux
                && (version.is_empty() || version.starts_with(|c: char| c.is_ascii_digit()))
            {
                f.libc = Libc::Musl;
                f.package_manager = PackageManager::Apk;
                if f.ca_certificates == CaCerts::Unknown {
                    f.ca_certificates = CaCerts::FromAlpineBase;
                }
                if let Some(v) = leading_minor_version(version) {
                    *alpine_version = Some(v);
                }
            }
        } else if DEBIAN_CODENAMES.contains(&token) || UBUNTU_CODENAMES.contains(&token) {
            fill_unknown(f, Libc::Glibc, PackageManager::Apt);
        } else if token == "al2023" {
            fill_unknown(f, Libc::Glibc, PackageManager::Dnf);
        } else if token == "al2" {
            fill_unknown(f, Libc::Glibc, PackageManager::Yum);
        } else if token.starts_with("azurelinux") || token.starts_with("mariner") {
            fill_unknown(f, Libc::Glibc, PackageManager::Tdnf);
        } else if token.starts_with("ubi") && token[3..].starts_with(|c: char| c.is_ascii_digit()) {
            let pm = match tokens.peek() {
                Some(&"minimal") => PackageManager::Microdnf,
                Some(&"micro") => PackageManager::None,
                _ => PackageManager::Dnf,
            };
            fill_unknown(f, Libc::Glibc, pm);
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

fn fill_unknown(f: &mut BaseFacts, libc: Libc, pm: PackageManager) {
    if f.os != Os::Linux {
        return;
    }
    if f.libc == Libc::Unknown {
        f.libc = libc;
    }
    if f.package_manager == PackageManager::Unknown {
        f.package_manager = pm;
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

fn tag_matches(tag: &str, patterns: &[&str]) -> bool {
    tag.split('-')
        .any(|token| patterns.iter().any(|p| glob_match(p, token)))
}

/// Matches `text` against `pattern`, where a single `*` stands for any (possibly empty) text.
fn glob_match(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        Some((prefix, suffix)) => {
            text.len() >= prefix.len() + suffix.len()
                && text.starts_with(prefix)
                && text.ends_with(suffix)
        }
        None => pattern == text,
    }
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

// ---------------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------------

const fn s(text: &'static str) -> Text {
    Cow::Borrowed(text)
}

const fn linux(
    family: &'static str,
    libc: Libc,
    package_manager: PackageManager,
    users: &'static [Text],
    source: &'static str,
) -> BaseFacts {
    BaseFacts {
        family: s(family),
        os: Os::Linux,
        libc,
        ca_certificates: CaCerts::Unknown,
        default_user_nonroot: Some(false),
        known_users: Cow::Borrowed(users),
        users_exhaustive: false,
        ecosystem: None,
        toolchain: None,
        c_compiler: None,
        shell: Some(true),
        package_manager,
        tag_is_alpine_version: false,
        source: s(source),
    }
}

impl BaseFacts {
    const fn ca(mut self, ca: CaCerts) -> Self {
        self.ca_certificates = ca;
        self
    }
    const fn cc(mut self, present: bool) -> Self {
        self.c_compiler = Some(present);
        self
    }
    const fn runtime(mut self, eco: Ecosystem) -> Self {
        self.ecosystem = Some(eco);
        self
    }
    const fn toolchain(mut self, eco: Ecosystem) -> Self {
        self.ecosystem = Some(eco);
        self.toolchain = Some(eco);
        self
    }
    const fn user_nonroot(mut self, nonroot: Option<bool>) -> Self {
        self.default_user_nonroot = nonroot;
        self
    }
    const fn shell(mut self, shell: Option<bool>) -> Self {
        self.shell = shell;
        self
    }
    const fn exhaustive_users(mut self) -> Self {
        self.users_exhaustive = true;
        self
    }
    const fn alpine_versioned(mut self) -> Self {
        self.tag_is_alpine_version = true;
        self
    }
}

const KEEP: Overrides = Overrides {
    libc: None,
    ca_certificates: None,
    default_user_nonroot: None,
    known_users: None,
    users_exhaustive: None,
    toolchain: None,
    c_compiler: None,
    shell: None,
    package_manager: None,
    source: None,
};

const fn variant(tokens: &'static [&'static str], set: Overrides) -> Variant {
    Variant { tokens, set }
}

const fn hub(name: &'static str, facts: BaseFacts, variants: &'static [Variant]) -> FamilyEntry {
    at("docker.io", name, facts, variants)
}

const fn at(
    registry: &'static str,
    name: &'static str,
    facts: BaseFacts,
    variants: &'static [Variant],
) -> FamilyEntry {
    FamilyEntry {
        registry: s(registry),
        name: s(name),
        facts,
        variants,
    }
}

const UNKNOWN: BaseFacts = BaseFacts {
    family: s("unknown"),
    os: Os::Linux,
    libc: Libc::Unknown,
    ca_certificates: CaCerts::Unknown,
    default_user_nonroot: None,
    known_users: Cow::Borrowed(&[]),
    users_exhaustive: false,
    ecosystem: None,
    toolchain: None,
    c_compiler: None,
    shell: None,
    package_manager: PackageManager::Unknown,
    tag_is_alpine_version: false,
    source: s("not in the image table"),
};

// Users. Lists are lower bounds (users certainly present), not the whole /etc/passwd.

/// Debian's `base-passwd` static users (also Ubuntu's).
const DEBIAN_USERS: &[Text] = &[
    s("root"),
    s("daemon"),
    s("bin"),
    s("sys"),
    s("sync"),
    s("games"),
    s("man"),
    s("lp"),
    s("mail"),
    s("news"),
    s("uucp"),
    s("proxy"),
    s("www-data"),
    s("backup"),
    s("list"),
    s("irc"),
    s("nobody"),
];
/// Present in Debian, Ubuntu, Alpine, RHEL-family and busybox images alike.
const COMMON_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody")];
const COMMON_AND_WWW_DATA: &[Text] =
    &[s("root"), s("daemon"), s("bin"), s("nobody"), s("www-data")];
/// buildroot's `system/skeleton/etc/passwd`, which docker-library/busybox copies in.
const BUSYBOX_USERS: &[Text] = &[
    s("root"),
    s("daemon"),
    s("bin"),
    s("sys"),
    s("sync"),
    s("mail"),
    s("www-data"),
    s("operator"),
    s("nobody"),
];
/// GoogleContainerTools/distroless common/BUILD.bazel `passwd`: exactly these three.
const DISTROLESS_USERS: &[Text] = &[s("root"), s("nobody"), s("nonroot")];
const NODE_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody"), s("node")];
const NGINX_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody"), s("nginx")];
const REDIS_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody"), s("redis")];
const POSTGRES_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody"), s("postgres")];
const GRADLE_USERS: &[Text] = &[s("root"), s("daemon"), s("bin"), s("nobody"), s("gradle")];
const DOTNET_USERS: &[Text] = &[s("root"), s("nobody"), s("app")];
/// The chiseled runtime-deps image writes only the root and app lines into /etc/passwd.
const DOTNET_CHISELED_USERS: &[Text] = &[s("root"), s("app")];
const CHAINGUARD_STATIC_USERS: &[Text] = &[s("nonroot")];
const NO_USERS: &[Text] = &[];

use Libc::{Glibc, Musl};
use PackageManager as Pm;

// Sources, shared by several rows.
const SRC_DEBIAN: &str = "docker-library/buildpack-deps debian/*/curl/Dockerfile installs \
    ca-certificates on top of debian:<codename>, so the base lacks it; glibc, apt";
const SRC_UBUNTU: &str = "docker-library/buildpack-deps ubuntu/*/curl and adoptium/containers \
    ubuntu Dockerfiles install ca-certificates on top of ubuntu:<release>; glibc, apt";
const SRC_ALPINE: &str = "Alpine minirootfs: musl, busybox sh, apk; CA bundle \
    ca-certificates-bundle since 3.12 (docker-library/rabbitmq#421, docker-library/haproxy#119)";
const SRC_GOLANG: &str = "docker-library/golang Dockerfile-linux.template: FROM \
    buildpack-deps:<suite>-scm plus g++ gcc libc6-dev make pkg-config (cgo works); alpine \
    variant adds only ca-certificates, no gcc";
const SRC_GOLANG_ALPINE: &str = "docker-library/golang Dockerfile-linux.template: FROM \
    alpine:<ver> + apk add ca-certificates, no C compiler (Go 1.20+ then defaults CGO_ENABLED=0, \
    go.dev/doc/go1.20#cgo)";
const SRC_RUST: &str = "rust-lang/docker-rust: FROM buildpack-deps:<suite> (gcc); slim installs \
    ca-certificates gcc libc6-dev; alpine installs ca-certificates musl-dev gcc";
const SRC_NODE: &str = "nodejs/docker-node: FROM buildpack-deps:<suite> (gcc, CA); user node \
    uid 1000; slim FROM debian:<suite>-slim purges its build deps; alpine: no gcc";
const SRC_PYTHON: &str = "docker-library/python Dockerfile-linux.template: FROM \
    buildpack-deps:<suite>; slim and alpine install ca-certificates and purge gcc";
const SRC_TEMURIN: &str = "adoptium/containers: FROM ubuntu:<release> (or alpine, ubi9-minimal, \
    Windows) + ca-certificates p11-kit binutils, no gcc; jre tags carry no javac";
const SRC_DISTROLESS: &str = "GoogleContainerTools/distroless base/README.md, \
    common/BUILD.bazel (passwd root, nobody, nonroot=65532), base/base.bzl (nonroot tags set \
    user 65532, debug tags add busybox)";
const SRC_DOTNET: &str = "dotnet/dotnet-docker src/*: runtime-deps installs ca-certificates \
    and user app (uid 1654); 8.0 default is bookworm-slim, 10.0 default is noble; \
    chiseled/distroless run as app with no shell";
const SRC_CHAINGUARD: &str = "edu.chainguard.dev: most images have no shell or apk; -dev \
    variants add a shell and apk; Wolfi is glibc-based";
const SRC_RHEL: &str = "RHEL-family base image: glibc; CA bundle not checked";
const SRC_WINDOWS: &str = "Windows container base image (mcr.microsoft.com/windows/*)";

const DEBIAN: BaseFacts = linux("debian", Glibc, Pm::Apt, DEBIAN_USERS, SRC_DEBIAN)
    .ca(CaCerts::Absent)
    .cc(false);
const UBUNTU: BaseFacts = linux("ubuntu", Glibc, Pm::Apt, DEBIAN_USERS, SRC_UBUNTU)
    .ca(CaCerts::Absent)
    .cc(false);
const ALPINE: BaseFacts = linux("alpine", Musl, Pm::Apk, COMMON_USERS, SRC_ALPINE)
    .ca(CaCerts::FromAlpineBase)
    .cc(false)
    .alpine_versioned();
const BUSYBOX: BaseFacts = linux(
    "busybox",
    Libc::Unknown,
    Pm::None,
    BUSYBOX_USERS,
    "docker-library/busybox: `latest` is uclibc, glibc or musl depending on the architecture \
     (official-images library/busybox); no CA bundle is installed",
)
.ca(CaCerts::Absent)
.cc(false);
const BUSYBOX_VARIANTS: &[Variant] = &[
    variant(
        &["glibc"],
        Overrides {
            libc: Some(Glibc),
            source: Some("docker-library/busybox latest-1/glibc/Dockerfile.builder copies glibc and libnss into the rootfs"),
            ..KEEP
        },
    ),
    variant(
        &["musl"],
        Overrides {
            libc: Some(Libc::None),
            source: Some("docker-library/busybox latest-1/musl/Dockerfile.builder: CONFIG_STATIC=y, no libc shared objects"),
            ..KEEP
        },
    ),
];
const SCRATCH: BaseFacts = BaseFacts {
    family: s("scratch"),
    os: Os::Linux,
    libc: Libc::None,
    ca_certificates: CaCerts::Absent,
    default_user_nonroot: Some(false),
    known_users: Cow::Borrowed(NO_USERS),
    users_exhaustive: true,
    ecosystem: None,
    toolchain: None,
    c_compiler: Some(false),
    shell: Some(false),
    package_manager: Pm::None,
    tag_is_alpine_version: false,
    source: s("Docker: scratch is the empty image"),
};

const DISTROLESS_STATIC: BaseFacts = linux(
    "distroless-static",
    Libc::None,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users();
const DISTROLESS_BASE: BaseFacts = linux(
    "distroless-base",
    Glibc,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users();
const DISTROLESS_CC: BaseFacts = linux(
    "distroless-cc",
    Glibc,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users();
const DISTROLESS_JAVA: BaseFacts = linux(
    "distroless-java",
    Glibc,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users()
.runtime(Ecosystem::Java);
const DISTROLESS_PYTHON: BaseFacts = linux(
    "distroless-python",
    Glibc,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users()
.runtime(Ecosystem::Python);
const DISTROLESS_NODEJS: BaseFacts = linux(
    "distroless-nodejs",
    Glibc,
    Pm::None,
    DISTROLESS_USERS,
    SRC_DISTROLESS,
)
.ca(CaCerts::Present)
.cc(false)
.shell(Some(false))
.exhaustive_users()
.runtime(Ecosystem::Node);
/// `:debug` and `:debug-nonroot` add busybox (`/busybox/sh`).
const DISTROLESS_VARIANTS: &[Variant] = &[variant(
    &["debug"],
    Overrides {
        shell: Some(Some(true)),
        ..KEEP
    },
)];

const CHAINGUARD: BaseFacts = linux("chainguard", Glibc, Pm::Unknown, NO_USERS, SRC_CHAINGUARD)
    .user_nonroot(None)
    .shell(None);
const CHAINGUARD_DEV: &[Variant] = &[variant(
    &["dev"],
    Overrides {
        shell: Some(Some(true)),
        package_manager: Some(Pm::Apk),
        ..KEEP
    },
)];
const CHAINGUARD_STATIC: BaseFacts = linux(
    "chainguard-static",
    Libc::None,
    Pm::None,
    CHAINGUARD_STATIC_USERS,
    "edu.chainguard.dev static overview: no libc in either variant; single user nonroot \
     uid 65532",
)
.user_nonroot(None)
.cc(false)
.shell(Some(false));
const WOLFI_BASE: BaseFacts = linux(
    "wolfi-base",
    Glibc,
    Pm::Apk,
    NO_USERS,
    "edu.chainguard.dev compiled programs guide: wolfi-base has busybox and apk-tools, glibc",
)
.user_nonroot(None);
const CHAINGUARD_GO: BaseFacts = linux(
    "chainguard-go",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.toolchain(Ecosystem::Go);
const CHAINGUARD_RUST: BaseFacts = linux(
    "chainguard-rust",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.toolchain(Ecosystem::Rust);
const CHAINGUARD_JDK: BaseFacts = linux(
    "chainguard-jdk",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.toolchain(Ecosystem::Java);
const CHAINGUARD_JRE: BaseFacts = linux(
    "chainguard-jre",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.runtime(Ecosystem::Java);
const CHAINGUARD_NODE: BaseFacts = linux(
    "chainguard-node",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.runtime(Ecosystem::Node);
const CHAINGUARD_PYTHON: BaseFacts = linux(
    "chainguard-python",
    Glibc,
    Pm::Unknown,
    NO_USERS,
    SRC_CHAINGUARD,
)
.user_nonroot(None)
.shell(None)
.runtime(Ecosystem::Python);

const GOLANG: BaseFacts = linux("golang", Glibc, Pm::Apt, DEBIAN_USERS, SRC_GOLANG)
    .ca(CaCerts::Present)
    .cc(true)
    .toolchain(Ecosystem::Go);
const GOLANG_VARIANTS: &[Variant] = &[variant(
    &["alpine*"],
    Overrides {
        known_users: Some(COMMON_USERS),
        c_compiler: Some(Some(false)),
        ca_certificates: Some(CaCerts::Present),
        source: Some(SRC_GOLANG_ALPINE),
        ..KEEP
    },
)];

const RUST: BaseFacts = linux("rust", Glibc, Pm::Apt, DEBIAN_USERS, SRC_RUST)
    .ca(CaCerts::Present)
    .cc(true)
    .toolchain(Ecosystem::Rust);
const RUST_VARIANTS: &[Variant] = &[variant(
    &["alpine*"],
    Overrides {
        known_users: Some(COMMON_USERS),
        ..KEEP
    },
)];

const GCC: BaseFacts = linux(
    "gcc",
    Glibc,
    Pm::Apt,
    DEBIAN_USERS,
    "docker-library/gcc: FROM buildpack-deps:<suite> (curl layer adds ca-certificates)",
)
.ca(CaCerts::Present)
.cc(true)
.toolchain(Ecosystem::C);

const BUILDPACK_DEPS: BaseFacts = linux(
    "buildpack-deps",
    Glibc,
    Pm::Apt,
    DEBIAN_USERS,
    "docker-library/buildpack-deps: curl adds ca-certificates curl wget gnupg; scm adds VCS \
     tools; the full tag adds gcc, g++, make and -dev libraries",
)
.ca(CaCerts::Present)
.cc(true)
.toolchain(Ecosystem::C);
const BUILDPACK_DEPS_VARIANTS: &[Variant] = &[variant(
    &["curl", "scm"],
    Overrides {
        c_compiler: Some(Some(false)),
        toolchain: Some(None),
        ..KEEP
    },
)];

const NODE: BaseFacts = linux("node", Glibc, Pm::Apt, NODE_USERS, SRC_NODE)
    .ca(CaCerts::Present)
    .cc(true)
    .runtime(Ecosystem::Node);
const NODE_VARIANTS: &[Variant] = &[
    variant(
        &["slim"],
        Overrides {
            ca_certificates: Some(CaCerts::Unknown),
            c_compiler: Some(Some(false)),
            ..KEEP
        },
    ),
    variant(
        &["alpine*"],
        Overrides {
            // curl and its CA dependency are build deps, deleted again.
            ca_certificates: Some(CaCerts::FromAlpineBase),
            c_compiler: Some(Some(false)),
            ..KEEP
        },
    ),
];

const PYTHON: BaseFacts = linux("python", Glibc, Pm::Apt, DEBIAN_USERS, SRC_PYTHON)
    .ca(CaCerts::Present)
    .cc(true)
    .runtime(Ecosystem::Python);
const PYTHON_VARIANTS: &[Variant] = &[
    variant(
        &["slim"],
        Overrides {
            c_compiler: Some(Some(false)),
            ..KEEP
        },
    ),
    variant(
        &["alpine*"],
        Overrides {
            known_users: Some(COMMON_USERS),
            c_compiler: Some(Some(false)),
            ..KEEP
        },
    ),
];

const RUBY: BaseFacts = linux(
    "ruby",
    Glibc,
    Pm::Apt,
    DEBIAN_USERS,
    "docker-library/ruby: FROM buildpack-deps:<suite> (gcc, CA); slim FROM \
     debian:<suite>-slim; alpine FROM alpine:<ver>",
)
.ca(CaCerts::Present)
.cc(true)
.runtime(Ecosystem::Ruby);
const RUBY_VARIANTS: &[Variant] = &[
    variant(
        &["slim"],
        Overrides {
            ca_certificates: Some(CaCerts::Unknown),
            c_compiler: Some(None),
            ..KEEP
        },
    ),
    variant(
        &["alpine*"],
        Overrides {
            known_users: Some(COMMON_USERS),
            ca_certificates: Some(CaCerts::FromAlpineBase),
            c_compiler: Some(None),
            ..KEEP
        },
    ),
];

const PHP: BaseFacts = linux(
    "php",
    Glibc,
    Pm::Apt,
    COMMON_AND_WWW_DATA,
    "docker-library/php: FROM debian:<suite>-slim keeping $PHPIZE_DEPS (gcc, g++, make) and \
     ca-certificates; alpine deletes PHPIZE_DEPS and creates www-data (uid 82)",
)
.ca(CaCerts::Present)
.cc(true)
.runtime(Ecosystem::Php);
const PHP_VARIANTS: &[Variant] = &[variant(
    &["alpine*"],
    Overrides {
        ca_certificates: Some(CaCerts::FromAlpineBase),
        c_compiler: Some(Some(false)),
        ..KEEP
    },
)];

const OPENJDK: BaseFacts = linux(
    "openjdk",
    Glibc,
    Pm::Unknown,
    COMMON_USERS,
    "docker-library/openjdk (deprecated): oraclelinux-slim or debian-slim based; jre tags for 8 \
     and 11; alpine and Windows tags exist",
)
.toolchain(Ecosystem::Java);
const OPENJDK_VARIANTS: &[Variant] = &[
    variant(
        &[
            "slim", "buster", "bullseye", "bookworm", "stretch", "jessie",
        ],
        Overrides {
            package_manager: Some(Pm::Apt),
            ..KEEP
        },
    ),
    variant(
        &["oraclelinux*"],
        Overrides {
            package_manager: Some(Pm::Microdnf),
            ..KEEP
        },
    ),
];

const TEMURIN: BaseFacts = linux("eclipse-temurin", Glibc, Pm::Apt, COMMON_USERS, SRC_TEMURIN)
    .ca(CaCerts::Present)
    .cc(false)
    .toolchain(Ecosystem::Java);
const TEMURIN_VARIANTS: &[Variant] = &[variant(
    &["ubi*"],
    Overrides {
        package_manager: Some(Pm::Microdnf),
        ..KEEP
    },
)];

const CORRETTO: BaseFacts = linux(
    "amazoncorretto",
    Glibc,
    Pm::Unknown,
    COMMON_USERS,
    "corretto/corretto-docker: Amazon Linux based (al2, al2023 tags) or alpine; JDK unless the \
     tag says jre/headless",
)
.toolchain(Ecosystem::Java);

const MAVEN: BaseFacts = linux(
    "maven",
    Glibc,
    Pm::Unknown,
    COMMON_USERS,
    "carlossg/docker-maven: built on eclipse-temurin (Ubuntu), amazoncorretto, sapmachine, \
     zulu, … images; alpine and windowsservercore tags",
)
.toolchain(Ecosystem::Java);

const GRADLE: BaseFacts = linux(
    "gradle",
    Glibc,
    Pm::Unknown,
    GRADLE_USERS,
    "gradle/docker-gradle: adds user gradle (\"Adding gradle user and group\"); JDK base images \
     vary by tag",
)
.toolchain(Ecosystem::Java);

const DOTNET_SDK: BaseFacts = linux("dotnet-sdk", Glibc, Pm::Apt, DOTNET_USERS, SRC_DOTNET)
    .ca(CaCerts::Present)
    .cc(false)
    .toolchain(Ecosystem::DotNet);
const DOTNET_RUNTIME: BaseFacts = linux("dotnet-runtime", Glibc, Pm::Apt, DOTNET_USERS, SRC_DOTNET)
    .ca(CaCerts::Present)
    .cc(false)
    .runtime(Ecosystem::DotNet);
const DOTNET_ASPNET: BaseFacts = linux("dotnet-aspnet", Glibc, Pm::Apt, DOTNET_USERS, SRC_DOTNET)
    .ca(CaCerts::Present)
    .cc(false)
    .runtime(Ecosystem::DotNet);
const DOTNET_RUNTIME_DEPS: BaseFacts = linux(
    "dotnet-runtime-deps",
    Glibc,
    Pm::Apt,
    DOTNET_USERS,
    SRC_DOTNET,
)
.ca(CaCerts::Present)
.cc(false);
const DOTNET_VARIANTS: &[Variant] = &[
    variant(
        &["chiseled"],
        Overrides {
            default_user_nonroot: Some(Some(true)),
            known_users: Some(DOTNET_CHISELED_USERS),
            shell: Some(Some(false)),
            package_manager: Some(Pm::None),
            ..KEEP
        },
    ),
    variant(
        &["distroless"],
        Overrides {
            default_user_nonroot: Some(Some(true)),
            shell: Some(Some(false)),
            package_manager: Some(Pm::None),
            ..KEEP
        },
    ),
    variant(
        &["aot"],
        Overrides {
            c_compiler: Some(Some(true)),
            source: Some("dotnet/dotnet-docker src/sdk/*-aot: installs clang for native AOT"),
            ..KEEP
        },
    ),
    variant(
        &["azurelinux*", "cbl"],
        Overrides {
            package_manager: Some(Pm::Tdnf),
            ..KEEP
        },
    ),
];

const NGINX: BaseFacts = linux(
    "nginx",
    Glibc,
    Pm::Apt,
    NGINX_USERS,
    "nginxinc/docker-nginx: FROM debian:<suite>-slim or alpine, user nginx uid 101",
);
const REDIS: BaseFacts = linux(
    "redis",
    Glibc,
    Pm::Apt,
    REDIS_USERS,
    "docker-library/redis: FROM debian:<suite>-slim or alpine, user redis uid 999",
);
const POSTGRES: BaseFacts = linux(
    "postgres",
    Glibc,
    Pm::Apt,
    POSTGRES_USERS,
    "docker-library/postgres: FROM debian:<suite>-slim or alpine, user postgres uid 999",
);
const HTTPD: BaseFacts = linux(
    "httpd",
    Glibc,
    Pm::Apt,
    COMMON_AND_WWW_DATA,
    "docker-library/httpd: FROM debian:<suite>-slim (www-data from base-passwd) or alpine \
     (adduser www-data uid 82)",
);

const CENTOS: BaseFacts = linux("centos", Glibc, Pm::Yum, COMMON_USERS, SRC_RHEL);
const CENTOS_VARIANTS: &[Variant] = &[variant(
    &["8*", "stream*", "centos8*"],
    Overrides {
        package_manager: Some(Pm::Dnf),
        ..KEEP
    },
)];
const FEDORA: BaseFacts = linux("fedora", Glibc, Pm::Dnf, COMMON_USERS, SRC_RHEL);
const ROCKY: BaseFacts = linux("rockylinux", Glibc, Pm::Dnf, COMMON_USERS, SRC_RHEL);
const ALMA: BaseFacts = linux("almalinux", Glibc, Pm::Dnf, COMMON_USERS, SRC_RHEL);
const MINIMAL_MICRODNF: &[Variant] = &[variant(
    &["minimal"],
    Overrides {
        package_manager: Some(Pm::Microdnf),
        ..KEEP
    },
)];
const AMAZONLINUX: BaseFacts = linux(
    "amazonlinux",
    Glibc,
    Pm::Dnf,
    COMMON_USERS,
    "Amazon Linux: AL2 uses yum, AL2023 (the default tag) uses dnf",
);
const AMAZONLINUX_VARIANTS: &[Variant] = &[variant(
    &["2", "2.*", "1", "2018*"],
    Overrides {
        package_manager: Some(Pm::Yum),
        ..KEEP
    },
)];
const UBI: BaseFacts = linux("ubi", Glibc, Pm::Dnf, COMMON_USERS, SRC_RHEL);
const UBI7: BaseFacts = linux("ubi", Glibc, Pm::Yum, COMMON_USERS, SRC_RHEL);
const UBI_MINIMAL: BaseFacts = linux(
    "ubi-minimal",
    Glibc,
    Pm::Microdnf,
    COMMON_USERS,
    "Red Hat docs: UBI minimal uses microdnf",
);
const UBI_MICRO: BaseFacts = linux(
    "ubi-micro",
    Glibc,
    Pm::None,
    COMMON_USERS,
    "Red Hat docs (Understanding the UBI micro images): no package manager; CA bundle \
     unclear (openshift/managed-velero-operator#142 reports none)",
)
.shell(None);
const ARCHLINUX: BaseFacts = linux(
    "archlinux",
    Glibc,
    Pm::Pacman,
    COMMON_USERS,
    "Arch Linux: glibc, pacman",
);
const OPENSUSE: BaseFacts = linux(
    "opensuse",
    Glibc,
    Pm::Zypper,
    COMMON_USERS,
    "openSUSE: glibc, zypper",
);

const WINDOWS: BaseFacts = BaseFacts {
    family: s("windows"),
    os: Os::Windows,
    libc: Libc::Unknown,
    ca_certificates: CaCerts::Unknown,
    default_user_nonroot: None,
    known_users: Cow::Borrowed(NO_USERS),
    users_exhaustive: false,
    ecosystem: None,
    toolchain: None,
    c_compiler: None,
    shell: Some(true),
    package_manager: Pm::None,
    tag_is_alpine_version: false,
    source: s(SRC_WINDOWS),
};

const MCR: &str = "mcr.microsoft.com";
const GCR: &str = "gcr.io";
const CGR: &str = "cgr.dev";
const RH: &str = "registry.access.redhat.com";
const RH_IO: &str = "registry.redhat.io";

/// The built-in table. Order matters: the first match wins, so narrow patterns come first.
pub static BUILTIN: &[FamilyEntry] = &[
    hub("scratch", SCRATCH, &[]),
    hub("alpine", ALPINE, &[]),
    hub("debian", DEBIAN, &[]),
    hub("ubuntu", UBUNTU, &[]),
    at("ubuntu.azurecr.io", "ubuntu", UBUNTU, &[]),
    hub("busybox", BUSYBOX, BUSYBOX_VARIANTS),
    // distroless
    at(
        GCR,
        "distroless/static*",
        DISTROLESS_STATIC,
        DISTROLESS_VARIANTS,
    ),
    at(
        GCR,
        "distroless/base*",
        DISTROLESS_BASE,
        DISTROLESS_VARIANTS,
    ),
    at(GCR, "distroless/cc*", DISTROLESS_CC, DISTROLESS_VARIANTS),
    at(
        GCR,
        "distroless/java*",
        DISTROLESS_JAVA,
        DISTROLESS_VARIANTS,
    ),
    at(
        GCR,
        "distroless/python*",
        DISTROLESS_PYTHON,
        DISTROLESS_VARIANTS,
    ),
    at(
        GCR,
        "distroless/nodejs*",
        DISTROLESS_NODEJS,
        DISTROLESS_VARIANTS,
    ),
    // Chainguard, on cgr.dev and mirrored on Docker Hub
    at(CGR, "chainguard/static", CHAINGUARD_STATIC, &[]),
    hub("chainguard/static", CHAINGUARD_STATIC, &[]),
    at(CGR, "chainguard/wolfi-base", WOLFI_BASE, &[]),
    hub("chainguard/wolfi-base", WOLFI_BASE, &[]),
    at(CGR, "chainguard/go", CHAINGUARD_GO, CHAINGUARD_DEV),
    hub("chainguard/go", CHAINGUARD_GO, CHAINGUARD_DEV),
    at(CGR, "chainguard/rust", CHAINGUARD_RUST, CHAINGUARD_DEV),
    hub("chainguard/rust", CHAINGUARD_RUST, CHAINGUARD_DEV),
    at(CGR, "chainguard/jdk", CHAINGUARD_JDK, CHAINGUARD_DEV),
    hub("chainguard/jdk", CHAINGUARD_JDK, CHAINGUARD_DEV),
    at(CGR, "chainguard/jre", CHAINGUARD_JRE, CHAINGUARD_DEV),
    hub("chainguard/jre", CHAINGUARD_JRE, CHAINGUARD_DEV),
    at(CGR, "chainguard/node", CHAINGUARD_NODE, CHAINGUARD_DEV),
    hub("chainguard/node", CHAINGUARD_NODE, CHAINGUARD_DEV),
    at(CGR, "chainguard/python", CHAINGUARD_PYTHON, CHAINGUARD_DEV),
    hub("chainguard/python", CHAINGUARD_PYTHON, CHAINGUARD_DEV),
    at(CGR, "chainguard/*", CHAINGUARD, CHAINGUARD_DEV),
    hub("chainguard/*", CHAINGUARD, CHAINGUARD_DEV),
    // languages and toolchains
    hub("golang", GOLANG, GOLANG_VARIANTS),
    hub("rust", RUST, RUST_VARIANTS),
    hub("gcc", GCC, &[]),
    hub("buildpack-deps", BUILDPACK_DEPS, BUILDPACK_DEPS_VARIANTS),
    hub("node", NODE, NODE_VARIANTS),
    hub("python", PYTHON, PYTHON_VARIANTS),
    hub("ruby", RUBY, RUBY_VARIANTS),
    hub("php", PHP, PHP_VARIANTS),
    hub("openjdk", OPENJDK, OPENJDK_VARIANTS),
    hub("eclipse-temurin", TEMURIN, TEMURIN_VARIANTS),
    hub("amazoncorretto", CORRETTO, &[]),
    hub("maven", MAVEN, &[]),
    hub("gradle", GRADLE, &[]),
    at(MCR, "dotnet/sdk", DOTNET_SDK, DOTNET_VARIANTS),
    at(MCR, "dotnet/core/sdk", DOTNET_SDK, DOTNET_VARIANTS),
    at(
        MCR,
        "dotnet/runtime-deps",
        DOTNET_RUNTIME_DEPS,
        DOTNET_VARIANTS,
    ),
    at(
        MCR,
        "dotnet/core/runtime-deps",
        DOTNET_RUNTIME_DEPS,
        DOTNET_VARIANTS,
    ),
    at(MCR, "dotnet/runtime", DOTNET_RUNTIME, DOTNET_VARIANTS),
    at(MCR, "dotnet/core/runtime", DOTNET_RUNTIME, DOTNET_VARIANTS),
    at(MCR, "dotnet/aspnet", DOTNET_ASPNET, DOTNET_VARIANTS),
    at(MCR, "dotnet/core/aspnet", DOTNET_ASPNET, DOTNET_VARIANTS),
    // servers
    hub("nginx", NGINX, &[]),
    hub("redis", REDIS, &[]),
    hub("postgres", POSTGRES, &[]),
    hub("httpd", HTTPD, &[]),
    // RHEL family and other distributions
    hub("centos", CENTOS, CENTOS_VARIANTS),
    at("quay.io", "centos/centos", CENTOS, CENTOS_VARIANTS),
    hub("fedora", FEDORA, &[]),
    hub("rockylinux", ROCKY, MINIMAL_MICRODNF),
    hub("rockylinux/rockylinux", ROCKY, MINIMAL_MICRODNF),
    hub("almalinux", ALMA, MINIMAL_MICRODNF),
    hub("amazonlinux", AMAZONLINUX, AMAZONLINUX_VARIANTS),
    at(RH, "ubi*micro", UBI_MICRO, &[]),
    at(RH, "ubi*minimal", UBI_MINIMAL, &[]),
    at(RH, "ubi7*", UBI7, &[]),
    at(RH, "ubi*", UBI, &[]),
    at(RH_IO, "ubi*micro", UBI_MICRO, &[]),
    at(RH_IO, "ubi*minimal", UBI_MINIMAL, &[]),
    at(RH_IO, "ubi7*", UBI7, &[]),
    at(RH_IO, "ubi*", UBI, &[]),
    hub("redhat/ubi*micro", UBI_MICRO, &[]),
    hub("redhat/ubi*minimal", UBI_MINIMAL, &[]),
    hub("redhat/ubi7*", UBI7, &[]),
    hub("redhat/ubi*", UBI, &[]),
    hub("archlinux", ARCHLINUX, &[]),
    hub("opensuse/*", OPENSUSE, &[]),
    hub("opensuse", OPENSUSE, &[]),
    // Windows
    at(MCR, "windows*", WINDOWS, &[]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::image_ref::parse_image_ref;

    fn facts(text: &str) -> ImageFacts {
        let r = parse_image_ref(text).unwrap_or_else(|| panic!("{text} should parse"));
        image_facts(&r)
    }

    /// (reference, family, os, libc, CA bundle, toolchain, C compiler, package manager,
    /// Alpine version). Every reference appears in a FROM line of the shared corpus.
    #[allow(clippy::type_complexity)]
    const CORPUS: &[(
        &str,
        &str,
        Os,
        Libc,
        Option<bool>,
        Option<Ecosystem>,
        Option<bool>,
        PackageManager,
        Option<&str>,
    )] = {
        use Ecosystem::*;
        use Libc::{Glibc as G, Musl as M, None as NoLibc, Unknown as U};
        use Os::{Linux as L, Windows as W};
        use PackageManager as P;
        &[
            ("scratch", "scratch", L, NoLibc, Some(false), None, Some(false), P::None, None),
            ("alpine", "alpine", L, M, Some(true), None, Some(false), P::Apk, None),
            ("alpine:latest", "alpine", L, M, Some(true), None, Some(false), P::Apk, None),
            ("alpine:3.23", "alpine", L, M, Some(true), None, Some(false), P::Apk, Some("3.23")),
            ("alpine:3", "alpine", L, M, Some(true), None, Some(false), P::Apk, None),
            ("alpine:3.8", "alpine", L, M, None, None, Some(false), P::Apk, Some("3.8")),
            ("alpine:3.15", "alpine", L, M, Some(true), None, Some(false), P::Apk, Some("3.15")),
            ("alpine:3.24.1@sha256:28bd5fe8b56d1bd048e5babf5b10710ebe0bae67db86916198a6eec434943f8b", "alpine", L, M, Some(true), None, Some(false), P::Apk, Some("3.24")),
            ("debian:trixie-slim", "debian", L, G, Some(false), None, Some(false), P::Apt, None),
            ("debian:bookworm", "debian", L, G, Some(false), None, Some(false), P::Apt, None),
            ("arm64v8/debian:bookworm-slim", "debian", L, G, Some(false), None, Some(false), P::Apt, None),
            ("ubuntu:22.04", "ubuntu", L, G, Some(false), None, Some(false), P::Apt, None),
            ("ubuntu.azurecr.io/ubuntu:noble", "ubuntu", L, G, Some(false), None, Some(false), P::Apt, None),
            ("busybox", "busybox", L, U, Some(false), None, Some(false), P::None, None),
            ("busybox:1.35.0", "busybox", L, U, Some(false), None, Some(false), P::None, None),
            ("golang", "golang", L, G, Some(true), Some(Go), Some(true), P::Apt, None),
            ("golang:1.21", "golang", L, G, Some(true), Some(Go), Some(true), P::Apt, None),
            ("golang:1.26-trixie", "golang", L, G, Some(true), Some(Go), Some(true), P::Apt, None),
            ("golang:alpine", "golang", L, M, Some(true), Some(Go), Some(false), P::Apk, None),
            ("golang:1.24-alpine", "golang", L, M, Some(true), Some(Go), Some(false), P::Apk, None),
            ("golang:1.26-alpine3.23", "golang", L, M, Some(true), Some(Go), Some(false), P::Apk, Some("3.23")),
            ("golang:1.26-windowsservercore-ltsc2022", "golang", W, U, None, Some(Go), None, P::None, None),
            ("rust:1.64", "rust", L, G, Some(true), Some(Rust), Some(true), P::Apt, None),
            ("rust:1.89-slim-trixie", "rust", L, G, Some(true), Some(Rust), Some(true), P::Apt, None),
            ("rust:1.68-alpine", "rust", L, M, Some(true), Some(Rust), Some(true), P::Apk, None),
            ("node:22", "node", L, G, Some(true), None, Some(true), P::Apt, None),
            ("node:18-slim", "node", L, G, None, None, Some(false), P::Apt, None),
            ("node:lts-alpine", "node", L, M, Some(true), None, Some(false), P::Apk, None),
            ("node:14.17.3-alpine3.14", "node", L, M, Some(true), None, Some(false), P::Apk, Some("3.14")),
            ("python:3-alpine", "python", L, M, Some(true), None, Some(false), P::Apk, None),
            ("python:3.14-alpine3.23", "python", L, M, Some(true), None, Some(false), P::Apk, Some("3.23")),
            ("python:3.13.6-slim-bullseye@sha256:e98b521460ee75bca92175c16247bdf7275637a8faaeb2bcfa19d879ae5c4b9a", "python", L, G, Some(true), None, Some(false), P::Apt, None),
            ("eclipse-temurin:17-jdk-noble", "eclipse-temurin", L, G, Some(true), Some(Java), Some(false), P::Apt, None),
            ("eclipse-temurin:21-jre-jammy", "eclipse-temurin", L, G, Some(true), None, Some(false), P::Apt, None),
            ("eclipse-temurin:11-jdk-alpine", "eclipse-temurin", L, M, Some(true), Some(Java), Some(false), P::Apk, None),
            ("eclipse-temurin:25.0.3_9-jre-alpine@sha256:28db6fdf60e38945e43d840c0333aeaec66c15943070104f7586fd3c9d1665b0", "eclipse-temurin", L, M, Some(true), None, Some(false), P::Apk, None),
            ("amazoncorretto:21-al2023", "amazoncorretto", L, G, None, Some(Java), None, P::Dnf, None),
            ("amazoncorretto:17-alpine", "amazoncorretto", L, M, Some(true), Some(Java), None, P::Apk, None),
            ("arm32v7/openjdk:8-jre", "openjdk", L, G, None, None, None, P::Unknown, None),
            ("openjdk:11-jdk-slim-buster", "openjdk", L, G, None, Some(Java), None, P::Apt, None),
            ("maven:3.9.16-eclipse-temurin-17", "maven", L, G, None, Some(Java), None, P::Unknown, None),
            ("mcr.microsoft.com/dotnet/sdk:10.0", "dotnet-sdk", L, G, Some(true), Some(DotNet), Some(false), P::Apt, None),
            ("mcr.microsoft.com/dotnet/sdk:10.0-alpine", "dotnet-sdk", L, M, Some(true), Some(DotNet), Some(false), P::Apk, None),
            ("mcr.microsoft.com/dotnet/sdk:10.0-noble-aot", "dotnet-sdk", L, G, Some(true), Some(DotNet), Some(true), P::Apt, None),
            ("mcr.microsoft.com/dotnet/sdk:10.0-windowsservercore-ltsc2022", "dotnet-sdk", W, U, None, Some(DotNet), None, P::None, None),
            ("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra", "dotnet-runtime-deps", L, G, Some(true), None, Some(false), P::None, None),
            ("mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0-distroless", "dotnet-runtime-deps", L, G, Some(true), None, Some(false), P::None, None),
            ("mcr.microsoft.com/dotnet/aspnet:10.0-alpine", "dotnet-aspnet", L, M, Some(true), None, Some(false), P::Apk, None),
            ("mcr.microsoft.com/windows/servercore:ltsc2022", "windows", W, U, None, None, None, P::None, None),
            ("mcr.microsoft.com/windows/nanoserver:1809-amd64", "windows", W, U, None, None, None, P::None, None),
            ("gcr.io/distroless/static", "distroless-static", L, NoLibc, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/static:nonroot", "distroless-static", L, NoLibc, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/static-debian12", "distroless-static", L, NoLibc, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/base-debian11", "distroless-base", L, G, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/cc-debian12", "distroless-cc", L, G, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/java17-debian13", "distroless-java", L, G, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/nodejs22-debian13", "distroless-nodejs", L, G, Some(true), None, Some(false), P::None, None),
            ("gcr.io/distroless/python3", "distroless-python", L, G, Some(true), None, Some(false), P::None, None),
            ("buildpack-deps:bookworm", "buildpack-deps", L, G, Some(true), Some(C), Some(true), P::Apt, None),
            ("arm32v7/buildpack-deps:jammy-curl", "buildpack-deps", L, G, Some(true), None, Some(false), P::Apt, None),
            ("buildpack-deps:trixie-scm", "buildpack-deps", L, G, Some(true), None, Some(false), P::Apt, None),
            ("gcc:6", "gcc", L, G, Some(true), Some(C), Some(true), P::Apt, None),
            ("nginx:alpine", "nginx", L, M, Some(true), None, None, P::Apk, None),
            ("nginx:1.27.4", "nginx", L, G, None, None, None, P::Apt, None),
            ("php:8.4-fpm-alpine", "php", L, M, Some(true), None, Some(false), P::Apk, None),
            ("php:8-apache", "php", L, G, Some(true), None, Some(true), P::Apt, None),
            ("centos:7", "centos", L, G, None, None, None, P::Yum, None),
            ("centos:8", "centos", L, G, None, None, None, P::Dnf, None),
            ("quay.io/centos/centos:stream8", "centos", L, G, None, None, None, P::Dnf, None),
            ("fedora:39", "fedora", L, G, None, None, None, P::Dnf, None),
            ("amazonlinux:2", "amazonlinux", L, G, None, None, None, P::Yum, None),
            ("redhat/ubi9", "ubi", L, G, None, None, None, P::Dnf, None),
            ("redhat/ubi9-minimal", "ubi-minimal", L, G, None, None, None, P::Microdnf, None),
            ("redhat/ubi10-minimal", "ubi-minimal", L, G, None, None, None, P::Microdnf, None),
            ("registry.access.redhat.com/ubi9/ubi-micro:latest", "ubi-micro", L, G, None, None, None, P::None, None),
        ]
    };

    #[test]
    fn corpus_references_are_classified() {
        assert!(CORPUS.len() >= 40);
        for &(text, family, os, libc, ca, toolchain, cc, pm, alpine) in CORPUS {
            let f = facts(text);
            let got = (
                &*f.family,
                f.os,
                f.libc,
                f.ca_certificates,
                f.toolchain,
                f.c_compiler,
                f.package_manager,
                f.alpine_version.as_deref(),
            );
            assert_eq!(
                got,
                (family, os, libc, ca, toolchain, cc, pm, alpine),
                "{text}"
            );
        }
    }

    #[test]
    fn default_users_and_shells() {
        let f = facts("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(f.default_user_nonroot, Some(true));
        assert!(f.has_user("nonroot") && f.users_exhaustive);
        assert_eq!(f.shell, Some(false));

        let f = facts("gcr.io/distroless/static-debian12");
        assert_eq!(f.default_user_nonroot, Some(false));

        let f = facts("gcr.io/distroless/base:debug-nonroot");
        assert_eq!(f.shell, Some(true));
        assert_eq!(f.default_user_nonroot, Some(true));

        let f = facts("scratch");
        assert!(f.known_users.is_empty() && f.users_exhaustive);
        assert_eq!(f.shell, Some(false));

        let f = facts("node:20-alpine");
        assert!(f.has_user("node"));
        assert_eq!(f.default_user_nonroot, Some(false));
        assert_eq!(f.ecosystem, Some(Ecosystem::Node));
        assert_eq!(f.toolchain, None);

        let f = facts("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled");
        assert_eq!(f.default_user_nonroot, Some(true));
        assert!(f.has_user("app"));
        assert_eq!(f.shell, Some(false));

        let f = facts("mcr.microsoft.com/dotnet/sdk:8.0");
        assert_eq!(f.default_user_nonroot, Some(false));
        assert!(f.has_user("app"));

        assert!(facts("debian:bookworm-slim").has_user("www-data"));
        assert!(facts("gradle:jdk21").has_user("gradle"));
        assert!(facts("busybox:musl").has_user("nobody"));
    }

    #[test]
    fn busybox_libc_follows_the_tag() {
        assert_eq!(facts("busybox:glibc").libc, Libc::Glibc);
        assert_eq!(facts("busybox:1.36-musl").libc, Libc::None);
        assert_eq!(facts("busybox:uclibc").libc, Libc::Unknown);
        assert_eq!(facts("busybox:latest").ca_certificates, Some(false));
    }

    #[test]
    fn chainguard_images() {
        let f = facts("cgr.dev/chainguard/static:latest");
        assert_eq!((f.libc, f.shell), (Libc::None, Some(false)));
        assert!(f.has_user("nonroot"));
        let f = facts("cgr.dev/chainguard/go:latest-dev");
        assert_eq!(f.toolchain, Some(Ecosystem::Go));
        assert_eq!(
            (f.shell, f.package_manager),
            (Some(true), PackageManager::Apk)
        );
        let f = facts("cgr.dev/chainguard/go:latest");
        assert_eq!(
            (f.shell, f.package_manager),
            (None, PackageManager::Unknown)
        );
        assert_eq!(
            facts("chainguard/wolfi-base").package_manager,
            PackageManager::Apk
        );
        assert_eq!(facts("cgr.dev/chainguard/jre").toolchain, None);
        assert_eq!(facts("cgr.dev/chainguard/nginx").family, "chainguard");
    }

    #[test]
    fn alpine_ca_bundle_by_release() {
        assert_eq!(facts("alpine:3.6").ca_certificates, Some(false));
        assert_eq!(facts("alpine:3.10").ca_certificates, None);
        assert_eq!(facts("alpine:3.12").ca_certificates, Some(true));
        assert_eq!(
            facts("alpine:3.20.1").alpine_version.as_deref(),
            Some("3.20")
        );
        assert_eq!(facts("alpine:edge").alpine_version, None);
        // The seed article's builder installs its own bundle, whatever the Alpine release.
        let f = facts("golang:1.13.5-alpine3.10");
        assert_eq!(f.alpine_version.as_deref(), Some("3.10"));
        assert_eq!(f.ca_certificates, Some(true));
        assert_eq!(facts("node:12-alpine3.10").ca_certificates, None);
    }

    #[test]
    fn unknown_images_use_only_generic_tag_rules() {
        let f = facts("mycorp/app:1.0");
        assert!(!f.is_known());
        assert_eq!(
            (f.libc, f.ca_certificates, f.shell),
            (Libc::Unknown, None, None)
        );
        assert_eq!(f.default_user_nonroot, None);

        let f = facts("webdevops/php:8.4-alpine");
        assert_eq!(
            (f.libc, f.package_manager),
            (Libc::Musl, PackageManager::Apk)
        );
        let f = facts("azul/zulu-openjdk-alpine:21");
        assert_eq!(f.libc, Libc::Musl);
        let f = facts("ros:noetic-ros-base-focal");
        assert_eq!(
            (f.libc, f.package_manager),
            (Libc::Glibc, PackageManager::Apt)
        );
        let f = facts("mcr.microsoft.com/powershell:lts-windowsservercore-ltsc2022");
        assert_eq!(f.os, Os::Windows);
        // A bare `nonroot` tag on an unknown image proves nothing.
        assert_eq!(facts("mycorp/app:nonroot").default_user_nonroot, None);
    }

    #[test]
    fn docker_hub_spellings_and_arch_namespaces() {
        assert_eq!(facts("docker.io/library/golang:1.22").family, "golang");
        assert_eq!(facts("index.docker.io/library/alpine").family, "alpine");
        assert_eq!(
            facts("amd64/buildpack-deps:noble-curl").family,
            "buildpack-deps"
        );
        // A mirror of the same name on another registry is not assumed to be the same image.
        assert_eq!(facts("ghcr.io/someone/golang:1.22").family, "unknown");
        assert_eq!(
            facts("myregistry.example.com/golang:1.22").family,
            "unknown"
        );
    }

    #[test]
    fn config_entries_win() {
        let go_builder = FamilyEntry::owned(
            "docker.io",
            "mycorp/go-builder",
            BaseFacts {
                family: Cow::Owned("mycorp-go-builder".to_string()),
                source: Cow::Owned("mycorp wiki".to_string()),
                ..GOLANG
            },
        );
        let r = parse_image_ref("mycorp/go-builder:2024").unwrap();
        let f = image_facts_with(&r, std::slice::from_ref(&go_builder));
        assert_eq!(f.family, "mycorp-go-builder");
        assert_eq!((f.libc, f.toolchain), (Libc::Glibc, Some(Ecosystem::Go)));
        assert_eq!(image_facts(&r).family, "unknown");

        let own_alpine = FamilyEntry::owned(
            "docker.io",
            "alpine",
            BaseFacts {
                family: Cow::Owned("patched-alpine".to_string()),
                ..ALPINE
            },
        );
        let r = parse_image_ref("alpine:3.20").unwrap();
        let f = image_facts_with(&r, &[own_alpine]);
        assert_eq!(f.family, "patched-alpine");
        assert_eq!(f.alpine_version.as_deref(), Some("3.20"));
    }

    #[test]
    fn every_builtin_entry_has_a_source_and_family() {
        for e in BUILTIN {
            assert!(!e.facts.source.is_empty(), "{}", e.name);
            assert!(!e.facts.family.is_empty(), "{}", e.name);
            assert!(e.name.matches('*').count() <= 1, "{}", e.name);
        }
    }

    #[test]
    fn glob() {
        assert!(glob_match("ubi*minimal", "ubi9/ubi-minimal"));
        assert!(glob_match("ubi*minimal", "ubi8-minimal"));
        assert!(!glob_match("ubi*minimal", "ubi9"));
        assert!(glob_match("distroless/static*", "distroless/static"));
        assert!(!glob_match("a*a", "a"));
    }
}
