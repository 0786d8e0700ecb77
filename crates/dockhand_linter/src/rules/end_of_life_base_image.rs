//! DH405: a base image on a release line past its end of life.
use super::prelude::*;
use crate::model::releases::{
    configured_line_matches, oldest_supported, repository, valid_date, version_on_line,
    ReleaseFact, Via, DATA_AS_OF,
};
use crate::rules::options::OptionValue;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image is on a release line that has reached its end of life:
    /// a language (`python:3.7`, `node:14-alpine`, `golang:1.13`, `ruby:2.7`, `php:7.4`,
    /// `.NET 6.0` on `mcr.microsoft.com/dotnet/*`), a distribution (`alpine:3.10`,
    /// `debian:buster` or `debian:10`, `ubuntu:18.04`, `centos:7`, `amazonlinux:2`, UBI 7) or
    /// a distribution named by a suite token of another image's tag (`python:3.11-slim-buster`
    /// is on Debian 10, `ruby:3.3-alpine3.15` on Alpine 3.15). The message names the date and
    /// the oldest line still supported.
    ///
    /// The dates come from the release-line table built into dockhand
    /// (`crates/dockhand_linter/data/releases/`, from endoflife.date and each project's own
    /// policy; see docs/releases.md). The table's data is as of 2026-12-01, and lines are
    /// judged against that date, not the clock: the same Dockerfile gives the same findings on
    /// every day, and a new dockhand release moves the date. The `as-of` option judges against
    /// another date, and `end-of-life` adds or corrects lines.
    ///
    /// Nothing fires for a tag that names no line (`python:3`, `node:lts`, `latest`), for an
    /// image the table does not know, or for a `FROM ${BASE}` whose ARG has no value. ARGs with
    /// defaults are resolved first.
    ///
    /// A file in a folder that names a version (`centos6/`, `8.0/`, `20/slim/`,
    /// `nightly-5.7/`, `v2/`) or a word of the tag it builds on (`bionic/` for
    /// `ros:melodic-ros-base-bionic`) is not judged: it is one Dockerfile of a version matrix,
    /// which an image publisher (or an archive of old releases) builds at that line on purpose.
    /// On the project's corpus, 9 of a sample of 10 findings (seed 21) were such files
    /// (CentOS, ROS, .NET, Erlang and Swift version trees); this fact removed
    /// 811 of the 1,076 findings (265 left).
    ///
    /// ## Why is this bad?
    /// After its end of life a line gets no security fixes: the image, or the interpreter and
    /// libraries in it, keeps every vulnerability found since. The official images stop being
    /// rebuilt, so even rebuilding the Dockerfile brings no fix. Moving to a supported line is
    /// almost always possible and is the only fix.
    ///
    /// On by default: the facts are dates, and a line past its end of life is a finding worth
    /// acting on wherever it appears, build stages included (an old compiler or package
    /// manager fetches and builds with known holes).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.7-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Configuration
    /// Lines of your own images, or corrections, as `image:line=YYYY-MM-DD`, where `image` is
    /// a repository (with its registry, `*` for any text) and `line` the leading version of
    /// the tag; they are looked at before the built-in table:
    ///
    /// ```toml
    /// [rules.end-of-life-base-image]
    /// end-of-life = ["registry.example.com/base/python:3.9=2026-06-30"]
    /// ```
    pub EndOfLifeBaseImage {
        code: "DH405",
        name: "end-of-life-base-image",
        severity: Warning,
        category: Reproducibility,
        summary: "a base image is on a release line past its end of life",
        shipped_image: true,
        options: EndOfLifeBaseImageOptions,
    }
}

/// A `YYYY-MM-DD` date, checked when the configuration is read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct AsOf(pub String);

impl Default for AsOf {
    fn default() -> Self {
        AsOf(DATA_AS_OF.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for AsOf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if valid_date(&s) {
            Ok(AsOf(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "`as-of` must be a date YYYY-MM-DD, not `{s}`"
            )))
        }
    }
}

impl OptionValue for AsOf {
    const KIND: crate::rules::OptionKind = crate::rules::OptionKind::Text;
}

/// A configured line: `image:line=YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfiguredLine {
    pub text: String,
    pub image: String,
    pub line: String,
    pub eol: String,
}

impl ConfiguredLine {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{text}` is not `image:line=YYYY-MM-DD` (for example `python:3.9=2025-10-31`)"
            )
        };
        let (left, eol) = text.rsplit_once('=').ok_or_else(bad)?;
        let (image, line) = left.rsplit_once(':').ok_or_else(bad)?;
        let (image, line, eol) = (image.trim(), line.trim(), eol.trim());
        if image.is_empty() || line.is_empty() || line.contains('/') || !valid_date(eol) {
            return Err(bad());
        }
        Ok(ConfiguredLine {
            text: text.to_string(),
            image: image.to_string(),
            line: line.to_string(),
            eol: eol.to_string(),
        })
    }
}

impl serde::Serialize for ConfiguredLine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for ConfiguredLine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ConfiguredLine::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl OptionValue for Vec<ConfiguredLine> {
    const KIND: crate::rules::OptionKind = crate::rules::OptionKind::Strings;
}

rule_options! {
    /// Options of `end-of-life-base-image`.
    pub struct EndOfLifeBaseImageOptions {
        /// The date lines are judged against, `YYYY-MM-DD`. By default the date the built-in
        /// table was last checked, so that findings do not change from one day to the next;
        /// a later date flags lines whose end of life the table already knows to be coming.
        pub as_of: AsOf = { AsOf::default() },
        /// More lines, or corrections of built-in ones, as `image:line=YYYY-MM-DD`:
        /// `image` is a repository pattern (`python`, `registry.example.com/base/*`), `line`
        /// the tag's leading version (`3.9`) or a whole tag token. Looked at before the
        /// built-in table: an entry that matches an image decides its line's date.
        pub end_of_life: Vec<ConfiguredLine> = { Vec::new() },
    }
}

/// One line a base image is on, and its end of life.
/// Whether the file sits in a folder that names a version (`centos6`, `8.0`, `20`,
/// `nightly-5.7`, `v2`) or a word of the tag it builds on (`bionic` for
/// `ros:melodic-ros-base-bionic`): one Dockerfile of a version matrix, which builds that
/// line on purpose (an image publisher's tree of versions, an archive of old releases).
fn builds_version_matrix(folders: &[String], tag: &str) -> bool {
    let tag_words: Vec<&str> = tag
        .split(['-', '_'])
        .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .collect();
    folders.iter().any(|f| {
        let f = f.to_ascii_lowercase();
        tag_words.iter().any(|w| w.eq_ignore_ascii_case(&f)) || names_version(&f)
    })
}

/// A folder name that is a version, after an optional word (`6`, `8.0`, `centos6`,
/// `nightly-5.7`, `v2`, `py3.12`).
fn names_version(f: &str) -> bool {
    let rest = f.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let rest = rest.strip_prefix(['-', '_']).unwrap_or(rest);
    !rest.is_empty()
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

struct Ended {
    what: String,
    eol: String,
    /// The oldest supported line of the same product, when the table has one.
    supported: Option<String>,
}

fn describe_fact(f: &ReleaseFact, as_of: &str) -> Option<Ended> {
    let eol = f.ended_by(as_of)?;
    Some(Ended {
        what: f.display(),
        eol: eol.to_string(),
        supported: oldest_supported(f.product, as_of).map(|n| n.line.to_string()),
    })
}

/// Rewrites the tag tokens that name `f`'s line to name the oldest supported line of its
/// product (`3.7` to `3.11`, `buster` to `bookworm`, `alpine3.10` to `alpine3.22`); false
/// when there is none to name or the line is named by the image name.
fn apply_fix(f: &ReleaseFact, as_of: &str, tokens: &mut [String]) -> bool {
    let Some(next) = oldest_supported(f.product, as_of) else {
        return false;
    };
    let mut changed = false;
    for (i, t) in tokens.iter_mut().enumerate() {
        let new = match f.via {
            Via::Tag if i == 0 && version_on_line(t, f.line.line) => Some(next.line.to_string()),
            Via::Tag | Via::Suite if f.line.aliases.contains(&t.as_str()) => {
                next.aliases.first().map(|a| a.to_string())
            }
            Via::Suite => f.product.suite_prefix.and_then(|p| {
                let v = t.strip_prefix(p)?;
                version_on_line(v, f.line.line).then(|| format!("{p}{}", next.line))
            }),
            _ => None,
        };
        if let Some(new) = new {
            *t = new;
            changed = true;
        }
    }
    changed
}

impl Rule for EndOfLifeBaseImage {
    fn check(&self, cx: &mut Context<'_>) {
        let opts = cx.options::<EndOfLifeBaseImageOptions>();
        let as_of = opts.as_of.0.as_str();
        let model = cx.model();
        for stage in &model.stages {
            let BaseImage::Registry(img) = &stage.base else {
                continue;
            };
            if img.digest.is_some() && img.tag.is_none() {
                // a digest alone names no line
                continue;
            }
            let repo = repository(img.registry.as_deref(), &img.name);
            let tag = img.tag.as_ref().map_or("", |t| t.value.as_str());
            let configured = opts
                .end_of_life
                .iter()
                .find(|c| configured_line_matches(&c.image, &c.line, &repo, tag));
            let mut ended: Vec<Ended> = Vec::new();
            let mut tokens: Vec<String> = tag.split('-').map(str::to_string).collect();
            let mut fixed = false;
            if let Some(c) = configured {
                if c.eol.as_str() <= as_of {
                    ended.push(Ended {
                        what: format!("{} {} (from the configuration)", c.image, c.line),
                        eol: c.eol.clone(),
                        supported: None,
                    });
                }
            }
            for f in &stage.releases {
                // a configured line replaces the table's line for the image itself
                if f.via == Via::BasedOn || (configured.is_some() && f.via == Via::Tag) {
                    continue;
                }
                if let Some(e) = describe_fact(f, as_of) {
                    fixed |= apply_fix(f, as_of, &mut tokens);
                    ended.push(e);
                }
            }
            let Some(first) = ended.first() else {
                continue;
            };
            if builds_version_matrix(&cx.facts.folders, tag) {
                continue;
            }
            let data = if as_of == DATA_AS_OF {
                format!("data as of {DATA_AS_OF}")
            } else {
                format!("judged as of {as_of}; data as of {DATA_AS_OF}")
            };
            let mut message = format!(
                "`{}`: {} reached end of life on {} ({data})",
                img.text, first.what, first.eol
            );
            match &first.supported {
                Some(s) => message.push_str(&format!("; the oldest supported line is {s}")),
                None if configured.is_none() => {
                    message.push_str("; no line of it is supported any more")
                }
                None => {}
            }
            for other in &ended[1..] {
                message.push_str(&format!(
                    "; {} also reached end of life on {}",
                    other.what, other.eol
                ));
            }
            let span = img.tag.as_ref().map_or(img.span, |t| t.span);
            // The fixes of every ended line, applied together (`3.7-slim-buster` becomes
            // `3.11-slim-bookworm`).
            let fix = fixed.then(|| format!("{repo}:{}", tokens.join("-")));
            let help = match (&fix, &first.supported) {
                (Some(f), _) => format!(
                    "move to a supported line, for example `{f}` (check that the tag exists)"
                ),
                (None, Some(s)) => format!("move to an image on a supported line ({s} or later)"),
                (None, None) => "move to a base image on a supported release line".to_string(),
            };
            cx.report(&Self::META, span, message)
                .primary_label(format!("end of life since {}", first.eol))
                .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_the_table_date() {
        assert!(EndOfLifeBaseImage::META.docs().contains(DATA_AS_OF));
    }

    #[test]
    fn configured_lines_parse() {
        let c = ConfiguredLine::parse("registry.example.com:5000/base:3.9=2026-06-30")
            .expect("valid");
        assert_eq!(
            (c.image.as_str(), c.line.as_str(), c.eol.as_str()),
            ("registry.example.com:5000/base", "3.9", "2026-06-30")
        );
        assert!(ConfiguredLine::parse("python=2026-06-30").is_err());
        assert!(ConfiguredLine::parse("python:3.9=soon").is_err());
        assert!(ConfiguredLine::parse("python:3.9").is_err());
    }

}
