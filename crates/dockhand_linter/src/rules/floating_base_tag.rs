//! DH402: a base image tag that moves to new releases (`lts`, `bookworm`, `3-alpine`).
use super::prelude::*;
use crate::model::pinning::{tag_movement, PulledBy, TagMovement};

declare_rule! {
    /// ## What it does
    /// Flags a registry image in `FROM` (or `COPY --from=<image>`) whose tag follows new
    /// releases: a tag with no version number at all (`lts`, `stable`, `edge`, `alpine`,
    /// `slim`, a codename such as `bookworm` or `jammy`), with only a major version (`3`,
    /// `20-slim`, `3-alpine`, `22-jre`), or naming a release line (`ltsc2022`, `centos7`).
    /// Tags with a minor version (`3.20`, `1.22-alpine3.19`), a date or a build id are pinned
    /// enough. `latest` is
    /// `unpinned-base-image` (DH401); an image with a digest never fires.
    ///
    /// ## Why is this bad?
    /// Such a tag is re-pushed with every release of its line: `node:20` moves from 20.11 to
    /// 20.12, `python:3-slim` from 3.12 to 3.13, `debian:bookworm` with every point release.
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
    /// FROM node:20.15-alpine3.20
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
        /// Accept tags that name only a major version (`node:20`, `python:3-slim`,
        /// `eclipse-temurin:21-jre`): for teams that want minor and patch releases to arrive
        /// by themselves. Tags with no version or naming a release line are still flagged. Off
        /// by default, since such a tag still changes with every minor release.
        pub accept_major_versions: bool = { false },
    }
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
            let movement = tag_movement(&tag.value);
            let flagged = match movement {
                TagMovement::Named | TagMovement::ReleaseLine => true,
                TagMovement::MajorOnly => !opts.accept_major_versions,
                _ => false,
            };
            if !flagged {
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
            let (what, label, pin) = match movement {
                TagMovement::MajorOnly => (
                    "names only a major version",
                    "moves to each new minor release",
                    format!("a tag with a minor version (`{repo}:<major>.<minor>…`)"),
                ),
                TagMovement::ReleaseLine => (
                    "names a release line, not a release",
                    "moves to each new release of the line",
                    "a tag naming one release of the line".to_string(),
                ),
                _ => (
                    "names no version",
                    "moves to each new release",
                    format!("a tag with a version (`{repo}:<major>.<minor>…`)"),
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
