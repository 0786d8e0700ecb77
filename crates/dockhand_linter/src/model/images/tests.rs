//! Tests of the base-image lookup against references from the shared corpus, and of the table.
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
    assert_eq!(f.shell, Shell::None);

    let f = facts("gcr.io/distroless/static-debian12");
    assert_eq!(f.default_user_nonroot, Some(false));

    let f = facts("gcr.io/distroless/base:debug-nonroot");
    assert_eq!(f.shell, Shell::Ash);
    assert_eq!(f.default_user_nonroot, Some(true));

    let f = facts("scratch");
    assert!(f.known_users.is_empty() && f.users_exhaustive);
    assert_eq!(f.shell, Shell::None);

    let f = facts("node:20-alpine");
    assert!(f.has_user("node"));
    assert_eq!(f.default_user_nonroot, Some(false));
    assert_eq!(f.ecosystem, Some(Ecosystem::Node));
    assert_eq!(f.toolchain, None);

    let f = facts("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled");
    assert_eq!(f.default_user_nonroot, Some(true));
    assert!(f.has_user("app"));
    assert_eq!(f.shell, Shell::None);

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
    assert_eq!((f.libc, f.shell), (Libc::None, Shell::None));
    assert!(f.has_user("nonroot"));
    let f = facts("cgr.dev/chainguard/go:latest-dev");
    assert_eq!(f.toolchain, Some(Ecosystem::Go));
    assert_eq!(
        (f.shell, f.package_manager),
        (Shell::Ash, PackageManager::Apk)
    );
    let f = facts("cgr.dev/chainguard/go:latest");
    assert_eq!(
        (f.shell, f.package_manager),
        (Shell::Unknown, PackageManager::Unknown)
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
        (Libc::Unknown, None, Shell::Unknown)
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

/// An entry as configuration gives it, through the shared schema.
fn entry(keys: &[(&str, schema::Value)]) -> ImageEntry {
    let node = |value: schema::Value| schema::Node {
        value,
        span: (0, 0),
    };
    let table: Vec<schema::Entry> = keys
        .iter()
        .map(|(k, v)| schema::Entry {
            key: k.to_string(),
            key_span: (0, 0),
            node: node(v.clone()),
        })
        .collect();
    let (e, problems) = schema::read_entry(&table, (0, 0));
    assert!(problems.is_empty(), "{problems:?}");
    e.expect("valid entry")
}

fn text(s: &str) -> schema::Value {
    schema::Value::Str(s.to_string())
}

#[test]
fn config_entries_win() {
    let go_builder = entry(&[
        ("name", text("mycorp/go-builder")),
        ("family", text("mycorp-go-builder")),
        ("libc", text("glibc")),
        ("toolchain", text("go")),
    ]);
    let extra = FamilyEntry::from_entry(&go_builder, "configuration (test)");
    let r = parse_image_ref("mycorp/go-builder:2024").unwrap();
    let f = image_facts_with(&r, &extra);
    assert_eq!(f.family, "mycorp-go-builder");
    assert_eq!((f.libc, f.toolchain), (Libc::Glibc, Some(Ecosystem::Go)));
    assert_eq!(f.ecosystem, Some(Ecosystem::Go));
    assert_eq!(f.source, "configuration (test)");
    assert_eq!(image_facts(&r).family, "unknown");

    let own_alpine = entry(&[
        ("name", text("alpine")),
        ("family", text("patched-alpine")),
        ("alpine-version-tag", schema::Value::Bool(true)),
    ]);
    let r = parse_image_ref("alpine:3.20").unwrap();
    let f = image_facts_with(&r, &FamilyEntry::from_entry(&own_alpine, "cfg"));
    assert_eq!(f.family, "patched-alpine");
    assert_eq!(f.alpine_version.as_deref(), Some("3.20"));
    // left-out keys are unknown, not the built-in entry's
    assert_eq!(f.libc, Libc::Unknown);
}

#[test]
fn every_builtin_entry_has_a_source_and_family() {
    for e in BUILTIN {
        assert!(!e.facts.source.is_empty(), "{}", e.name);
        assert!(!e.facts.family.is_empty(), "{}", e.name);
    }
}

#[test]
fn no_builtin_entry_is_hidden_by_an_earlier_one() {
    // A literal name must reach its own row: an earlier, wider pattern would shadow it.
    for (i, e) in BUILTIN.iter().enumerate() {
        if e.name.contains('*') {
            continue;
        }
        let first = BUILTIN
            .iter()
            .position(|o| o.matches(&e.registry, &e.name))
            .expect("matches itself");
        assert_eq!(first, i, "{}/{} is shadowed", e.registry, e.name);
    }
}

#[test]
fn schema_key_lists_follow_fields() {
    use schema::{Place, ENTRY_KEYS, FIELDS, VARIANT_KEYS};
    let keys = |variant: bool| -> Vec<&str> {
        FIELDS
            .iter()
            .filter(|f| match f.place {
                Place::Entry => !variant,
                Place::Variant => variant,
                Place::Both => true,
            })
            .map(|f| f.key)
            .collect()
    };
    assert_eq!(keys(false), ENTRY_KEYS);
    assert_eq!(keys(true), VARIANT_KEYS);
}

#[test]
fn alpine_release_inferred_only_for_a_known_exact_version() {
    let f = facts("golang:1.26.6-alpine");
    assert_eq!(f.alpine_version.as_deref(), Some("3.24"));
    assert!(f.alpine_version_inferred);
    // a named release wins and is not inferred
    let f = facts("golang:1.26.6-alpine3.23");
    assert_eq!(f.alpine_version.as_deref(), Some("3.23"));
    assert!(!f.alpine_version_inferred);
    // a moving line tag has no single release
    assert_eq!(facts("golang:1.26-alpine").alpine_version, None);
    // a version the table does not list
    assert_eq!(facts("golang:1.99.1-alpine").alpine_version, None);
}

#[test]
fn tag_grammar_of_families() {
    let deb = facts("debian:bookworm-slim");
    assert!(deb.tags.is_fix_line("bookworm") && deb.tags.is_fix_line("12"));
    assert!(deb.tags.is_rolling("sid") && !deb.tags.is_fix_line("sid"));
    assert!(
        !facts("gcr.io/distroless/static-debian12:nonroot")
            .tags
            .version_tags
    );
    assert!(!facts("cgr.dev/chainguard/go").tags.version_tags);
    assert!(facts("redhat/ubi10-minimal").tags.line_in_name);
    let java = facts("eclipse-temurin:21-jre");
    assert!(java.tags.is_fix_line("21") && !java.tags.is_fix_line("jre"));
    // python publishes minor versions: a major is not a fix line
    assert!(!facts("python:3-slim").tags.is_fix_line("3"));
    assert!(facts("alpine:3.22").users_exhaustive);
}

#[test]
fn bin_sh_by_image_and_tag() {
    let cases = [
        ("alpine:3.22", Shell::Ash),
        ("busybox:1.37-glibc", Shell::Ash),
        ("debian:trixie-slim", Shell::Dash),
        ("ubuntu:24.04", Shell::Dash),
        ("golang:1.26", Shell::Dash),
        // a variant of a Debian-based image, and the generic `alpine` token on a tag the
        // table's variants do not name
        ("python:3.13-alpine3.22", Shell::Ash),
        ("nginx:1.29-alpine", Shell::Ash),
        ("centos:7", Shell::Bash),
        ("oraclelinux:9-slim", Shell::Bash),
        ("amazoncorretto:21", Shell::Bash),
        ("amazoncorretto:21-alpine", Shell::Ash),
        ("openjdk:11-jre-slim", Shell::Dash),
        ("eclipse-temurin:21-ubi9-minimal", Shell::Bash),
        (
            "mcr.microsoft.com/dotnet/sdk:8.0-azurelinux3.0",
            Shell::Bash,
        ),
        (
            "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled",
            Shell::None,
        ),
        ("gcr.io/distroless/static-debian12", Shell::None),
        ("gcr.io/distroless/base-debian12:debug", Shell::Ash),
        ("scratch", Shell::None),
        ("maven:3.9-eclipse-temurin-21", Shell::Sh),
        ("mcr.microsoft.com/windows/servercore:ltsc2022", Shell::Cmd),
        (
            "mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022",
            Shell::Cmd,
        ),
        // unknown images: only a tag token tells
        ("mycorp/app:1.0", Shell::Unknown),
        ("mycorp/app:1.0-bookworm", Shell::Dash),
        ("mycorp/app:1.0-al2023", Shell::Bash),
        ("mycorp/app:1.0-ubi9", Shell::Bash),
    ];
    for (image, sh) in cases {
        assert_eq!(facts(image).shell, sh, "{image}");
    }
}

/// The table's `/bin/sh` agrees with its package manager wherever both are given: apk images
/// run BusyBox ash, apt images dash, the rpm family, zypper and pacman bash (a row that sets
/// one and forgets the other fails here).
#[test]
fn bin_sh_agrees_with_the_package_manager() {
    let expected = |pm: PackageManager| match pm {
        PackageManager::Apk => Some(Shell::Ash),
        PackageManager::Apt => Some(Shell::Dash),
        PackageManager::Dnf
        | PackageManager::Yum
        | PackageManager::Microdnf
        | PackageManager::Tdnf
        | PackageManager::Zypper
        | PackageManager::Pacman => Some(Shell::Bash),
        PackageManager::None | PackageManager::Unknown => None,
    };
    for e in BUILTIN {
        let mut rows = vec![(
            e.facts.package_manager,
            e.facts.shell,
            "default".to_string(),
        )];
        for v in e.variants.iter() {
            // an `alpine*` token is apk by the generic tag rule
            let alpine = v.tokens.iter().any(|t| t.starts_with("alpine"));
            let pm = match v.set.package_manager {
                Some(pm) => pm,
                None if alpine => PackageManager::Apk,
                None => e.facts.package_manager,
            };
            let sh = v.set.shell.unwrap_or(e.facts.shell);
            rows.push((pm, sh, v.tokens.join(",")));
        }
        for (pm, sh, tag) in rows {
            if let Some(want) = expected(pm) {
                assert_eq!(sh, want, "{} ({tag}): {pm:?}", e.name);
            }
        }
    }
}
