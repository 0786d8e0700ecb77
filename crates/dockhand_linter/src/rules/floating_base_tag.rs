//! DH402: a base image tag that moves to new releases (`lts`, `bookworm`, `3-alpine`).
use super::prelude::*;
use crate::model::image_ref::parse_image_ref;
use crate::model::pinning::{names_own_version, tag_movement, PulledBy, TagMovement};
use crate::model::releases::{release_facts, Via, DATA_AS_OF};

declare_rule! {
    /// ## What it does
    /// Flags a registry image in `FROM` (or `COPY --from=<image>`) whose tag follows new
    /// releases: a tag with no version number at all (`lts`, `stable`, `edge`, `alpine`,
    /// `slim`, a codename such as `bookworm` or `jammy`), with only a major version (`3`,
    /// `20-slim`, `3-alpine`, `22-jre`), or naming a release line (`ltsc2022`, `centos7`).
    /// Tags with a minor version (`3.20`, `1.22-alpine3.19`), a date or a build id are pinned
    /// enough. A tag that names only the release of the base an image is built on
    /// (`rust:alpine3.14`, `golang:alpine3.22`) pins no version of the image and is flagged.
    /// `latest` is `unpinned-base-image` (DH401); an image with a digest never fires.
    ///
    /// What the image table (docs/images.md) knows about a family's tags decides the rest:
    /// - an image that publishes no version tags (distroless `nonroot`, `debug`; ros;
    ///   Chainguard's free images) and a tag that follows development with no releases
    ///   (`debian:sid`, `alpine:edge`, `fedora:rawhide`) are not flagged: only a digest pins
    ///   them, which is `base-image-without-digest` (DH403);
    /// - a release line that only receives fixes is pinned as far as a minor version is: a
    ///   Debian or Ubuntu release (`bookworm-slim`, `12`, `noble`, `buildpack-deps:noble-curl`),
    ///   a Windows `ltsc2022`, a Java feature release (`eclipse-temurin:21-jre`, whose
    ///   releases are updates of 21.0), a Fedora or Amazon Linux release;
    /// - a line that has reached its end of life (`centos:7`, `node:14`, `rust:buster`, a
    ///   `jessie` suite) no longer moves: `end-of-life-base-image` (DH405) reports it;
    /// - the suggested tag follows the family's own version format
    ///   (`python:3.<minor>-slim`, `buildpack-deps:<codename>-curl`).
    ///
    /// A tag that comes from a build argument (`FROM node:${NODE_VERSION}-alpine`) is not
    /// checked unless `check-arg-defaults` is set: the build passes it, and the pin lives there.
    ///
    /// ## Why is this bad?
    /// Such a tag is re-pushed with every release of its line: `node:22` moves from 22.11 to
    /// 22.12, `python:3-slim` from 3.12 to 3.13, `alpine:3` from 3.21 to 3.22.
    /// The same Dockerfile then builds different images on different days, and a change of
    /// behaviour arrives without a change in the file. A tag with a minor version only takes
    /// patch releases.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:lts-alpine
    /// FROM python:3-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22.11-alpine3.22
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Configuration
    /// Tags your team accepts although they float, by tag (`lts`) or by image and tag
    /// (`node:lts`), in `dockhand.toml`:
    ///
    /// ```toml
    /// [rules.floating-base-tag]
    /// accepted-tags = ["lts", "debian:bookworm-slim"]
    /// ```
    pub FloatingBaseTag {
        code: "DH402",
        name: "floating-base-tag",
        severity: Info,
        category: Reproducibility,
        summary: "a base image tag follows new releases (no version, or a major version only)",
        shipped_image: true,
        options: FloatingBaseTagOptions,
    }
}

rule_options! {
    /// Options of `floating-base-tag`.
    pub struct FloatingBaseTagOptions {
        /// Tags accepted although they float: a tag (`lts`) for every image, or an image and
        /// tag (`node:lts`, `debian:bookworm-slim`) for one image. Compared without case. None
        /// by default: which floating tags are acceptable is each team's decision.
        pub accepted_tags: Vec<String> = { Vec::new() },
        /// Accept tags that name only a major version (`node:22`, `python:3-slim`,
        /// `eclipse-temurin:21-jre`): for teams that want minor and patch releases to arrive
        /// by themselves. Tags with no version or naming a release line are still flagged. Off
        /// by default, since such a tag still changes with every minor release.
        pub accept_major_versions: bool = { false },
        /// Also check a tag that comes from a build argument's default (`FROM
        /// node:${NODE_VERSION}-alpine`, `FROM ${BASE_IMAGE}`). Off by default: a tag made a
        /// build argument is meant to be passed by the build (CI, a bake file,
        /// `devcontainer.json`), where the pin then lives; the default is a fallback.
        pub check_arg_defaults: bool = { false },
    }
}

/// Words that stand for a channel rather than a version (`node:lts-alpine`): a suggested tag
/// puts the version in their place.
const CHANNELS: &[&str] = &["lts", "stable", "current", "mainline", "release", "latest"];

/// A tag that exists for the family and pins what `tag` leaves floating: the first version
/// token (or the channel word) replaced by the family's version format with the major filled
/// in, or the format put in front (`golang:alpine` → `golang:<major>.<minor>-alpine`).
fn suggested_tag(repo: &str, tag: &str, format: &str) -> String {
    let mut tokens: Vec<String> = tag.split('-').map(str::to_string).collect();
    // `2019-latest`: the version takes the channel's place
    if tokens.len() > 1 {
        tokens.retain(|t| !t.eq_ignore_ascii_case("latest"));
    }
    let versioned = tokens.iter().position(|t| {
        let v = t.strip_prefix(['v', 'V']).unwrap_or(t);
        v.starts_with(|c: char| c.is_ascii_digit())
    });
    match versioned {
        Some(i) => {
            let v = tokens[i].trim_start_matches(['v', 'V']);
            let major: String = v.chars().take_while(char::is_ascii_digit).collect();
            tokens[i] = format.replacen("<major>", &major, 1);
        }
        None => match tokens
            .iter()
            .position(|t| CHANNELS.contains(&t.to_ascii_lowercase().as_str()))
        {
            Some(i) => tokens[i] = format.to_string(),
            None => tokens.insert(0, format.to_string()),
        },
    }
    format!("{repo}:{}", tokens.join("-"))
}

/// The image's own release line has ended: the tag no longer moves (end-of-life-base-image
/// reports it).
/// A suite token on an ended line (`rust:buster`, `buildpack-deps-x32:jessie`) counts too: a
/// publisher stops building a suite when it ends, and end-of-life-base-image reports it.
fn own_line_ended(text: &str) -> bool {
    let Some(r) = parse_image_ref(text) else {
        return false;
    };
    release_facts(&r).iter().any(|f| {
        matches!(f.via, Via::Tag | Via::Name | Via::Suite) && f.ended_by(DATA_AS_OF).is_some()
    })
}

impl Rule for FloatingBaseTag {
    fn check(&self, cx: &mut Context<'_>) {
        let opts = cx.options::<FloatingBaseTagOptions>();
        let accepted = &opts.accepted_tags;
        for img in cx.model().pulled_images() {
            if img.digest.is_some() {
                continue;
            }
            let Some(tag) = &img.tag else { continue };
            if img.from_args && !opts.check_arg_defaults {
                continue;
            }
            let facts = &img.facts;
            let grammar = &facts.tags;
            // No version tag to move to: only a digest pins (base-image-without-digest).
            if !grammar.version_tags {
                continue;
            }
            let tokens: Vec<&str> = tag
                .value
                .split(['-', '_'])
                .filter(|t| !t.is_empty())
                .collect();
            if tokens.iter().any(|t| grammar.is_rolling(t)) {
                continue;
            }
            let mut movement = tag_movement(&tag.value);
            // `rust:alpine3.14` pins the Alpine base, not the image's own version.
            let base_only = facts.is_known()
                && movement == TagMovement::Pinned
                && !names_own_version(&tag.value);
            if base_only {
                movement = TagMovement::Named;
            }
            let flagged = match movement {
                TagMovement::Named | TagMovement::ReleaseLine => true,
                TagMovement::MajorOnly => !opts.accept_major_versions,
                _ => false,
            };
            if !flagged {
                continue;
            }
            // A stable release line that only receives fixes is pinned enough.
            if tokens.iter().any(|t| grammar.is_fix_line(t)) {
                continue;
            }
            if own_line_ended(&img.text) {
                continue;
            }
            let repo = img.repository();
            let is_accepted = accepted.iter().any(|a| {
                a.eq_ignore_ascii_case(&tag.value)
                    || a.eq_ignore_ascii_case(&format!("{repo}:{}", tag.value))
            });
            if is_accepted {
                continue;
            }
            let of = match img.by {
                PulledBy::From(_) if img.from_args => {
                    format!("`{}` (from `{}`)", img.text, img.written)
                }
                PulledBy::From(_) => format!("`{}`", img.text),
                PulledBy::CopyFrom(..) => format!("`--from={}`", img.text),
            };
            let format = grammar.version_format.as_deref().unwrap_or("<major>.<minor>");
            let (what, label, pin) = match movement {
                TagMovement::MajorOnly => (
                    "names only a major version".to_string(),
                    "moves to each new minor release",
                    format!(
                        "{} (`{}`)",
                        if grammar.version_format.is_some() {
                            "a tag of one release"
                        } else {
                            "a tag with a minor version"
                        },
                        suggested_tag(&repo, &tag.value, format)
                    ),
                ),
                TagMovement::ReleaseLine => (
                    "names a release line, not a release".to_string(),
                    "moves to each new release of the line",
                    "a tag naming one release of the line".to_string(),
                ),
                _ if base_only => (
                    format!(
                        "names only the release of its base, no version of `{}`",
                        facts.family
                    ),
                    "moves to each new release of the image",
                    format!(
                        "a tag with the image's version (`{}`)",
                        suggested_tag(&repo, &tag.value, format)
                    ),
                ),
                _ => (
                    "names no version".to_string(),
                    "moves to each new release",
                    format!(
                        "a tag with a version (`{}`)",
                        suggested_tag(&repo, &tag.value, format)
                    ),
                ),
            };
            let message = format!("the tag `{}` of {of} {what}", tag.value);
            cx.report(&Self::META, tag.span, message)
                .primary_label(label)
                .help(format!(
                    "pin {pin} or a digest; to accept `{}`, list it in `accepted-tags`",
                    tag.value
                ));
        }
    }
}
