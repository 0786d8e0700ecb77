//! DL3064: an `ARG` or `ENV` name on hadolint's list of sensitive names.
use super::prelude::*;
use crate::parse::{Instruction, Kind};

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` or `ENV` (global, in a stage, or under `ONBUILD`) whose name is on
    /// hadolint's list of well-known secret variables (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`,
    /// `NPM_TOKEN`, `POSTGRES_PASSWORD`, ...; any case), or contains `api_key`, `client_key`,
    /// `password`, `private`, `secret`, `token` or `username` (any case): hadolint's DL3064.
    ///
    /// Off by default: DH103 (BuildKit's SecretsUsedInArgOrEnv) is the precise check and is
    /// on. This rule matches parts of words, so it flags names that hold no secret
    /// (`TOKENIZERS_PARALLELISM`, `POSTGRES_USERNAME`, `PRIVATE_REGISTRY`, `*_PASSWORD_FILE`)
    /// and misses names DH103 finds (`AUTH`, `CREDENTIALS`, `DB_KEY`, `ADMIN_PASSWD`). Not an
    /// alias of DH103: the two read names differently.
    ///
    /// ## Why is this bad?
    /// Build arguments and `ENV` values are stored in the image: `docker history` and
    /// `docker inspect` show them to anyone who can pull it. A secret belongs in a secret
    /// mount (`RUN --mount=type=secret,id=token …`), which is never written to a layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-alpine
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-alpine
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    pub SensitiveArgOrEnv {
        code: "DL3064",
        name: "sensitive-arg-or-env",
        severity: Warning,
        category: Security,
        summary: "an `ARG` or `ENV` name is on hadolint's list of sensitive names",
        enabled_by_default: false,
        mirrors: "hadolint DL3064",
    }
}

/// Names of secrets well-known services use (upper case).
const KNOWN: &[&str] = &[
    "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD",
    "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN",
    "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN",
    "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN",
    "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN",
];
/// Parts of names that suggest a secret (lower case).
const SUSPICIOUS: &[&str] = &["api_key", "client_key", "password", "private", "secret", "token", "username"];

fn sensitive(name: &str) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    if KNOWN.contains(&upper.as_str()) {
        return Some(format!("`{upper}` is a well-known secret's name"));
    }
    let lower = name.to_ascii_lowercase();
    SUSPICIOUS
        .iter()
        .find(|s| lower.contains(*s))
        .map(|s| format!("the name contains `{s}`"))
}

/// The names an `ARG` or `ENV` sets, with their spans.
fn names(ins: &Instruction) -> Vec<(String, Span)> {
    match ins.kind {
        Kind::Arg => ins
            .args
            .iter()
            .map(|w| {
                let name = w.value.split_once('=').map_or(w.value.as_str(), |(n, _)| n);
                let end = w.span.start + name.len().min(w.span.len());
                (name.to_string(), Span::new(w.span.start, end))
            })
            .collect(),
        Kind::Env => ins
            .args
            .chunks(2)
            .filter_map(|p| p.first())
            .map(|k| (k.value.clone(), k.span))
            .collect(),
        _ => Vec::new(),
    }
}

impl Rule for SensitiveArgOrEnv {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            let target = match (ins.kind, ins.sub.as_deref()) {
                (Kind::Onbuild, Some(sub)) => sub,
                _ => ins,
            };
            let kw = target.kind.as_str();
            for (name, span) in names(target) {
                let Some(why) = sensitive(&name) else { continue };
                cx.report(
                    &Self::META,
                    span,
                    format!("`{kw} {name}` may hold sensitive data, which the image keeps: {why}"),
                )
                .primary_label("sensitive name")
                .help(format!(
                    "pass the value with a secret mount (`RUN --mount=type=secret,id={},env={name} …`); if `{name}` holds no secret, suppress this finding with a reason",
                    name.to_ascii_lowercase()
                ));
            }
        }
    }
}
