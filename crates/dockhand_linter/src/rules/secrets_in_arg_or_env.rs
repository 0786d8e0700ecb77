//! DH103: an `ARG` or `ENV` whose name says it holds a secret.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` or `ENV` (in a stage) whose name has a secret word as one of its
    /// `_`-separated parts: `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`,
    /// `passwd`, `secret`, `token` (any case), as BuildKit's SecretsUsedInArgOrEnv does.
    ///
    /// Not flagged, where BuildKit's users report false positives: names with a part that says
    /// the value is public or a reference (`public`, `pub`, `pubkey`, `file`, `path`, `dir`,
    /// `version`), key ids and signing keys (`gpg`, `pgp`, `signing`, `fingerprint`,
    /// `keyring`, `keyserver`: `GPG_KEY`, `SWIFT_SIGNING_KEY`, `NODE_GPG_KEYS`), names that end
    /// in a setting word after the secret word (`AUTH_MODE`, `TOKEN_URL`, `*_ENDPOINT`,
    /// `*_TYPE`, `*_METHOD`, `*_HOST`, `*_PORT`, `*_ENABLED`, `*_HEADER`, `*_TTL`,
    /// `*_TIMEOUT`, `*_REGION`, `*_NAME`, ...), paths into hierarchical configuration
    /// (`Logging__Filters__0__Key`), values that are an OpenPGP fingerprint (40 hex digits,
    /// `ARG GHC_RELEASE_KEY=…`) or a list of hex key ids, and values that point into a secret
    /// mount (`/run/secrets/…`). An `ARG` without a value is judged by its name alone.
    ///
    /// ## Why is this bad?
    /// Build arguments and `ENV` values are stored in the image: `docker history` and
    /// `docker inspect` show them to anyone who can pull it. A secret belongs in a secret
    /// mount (`RUN --mount=type=secret,id=token …`), which is never written to a layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## References
    /// - [Docker: build secrets](https://docs.docker.com/build/building/secrets/)
    pub SecretsInArgOrEnv {
        code: "DH103",
        name: "secrets-in-arg-or-env",
        severity: Warning,
        category: Security,
        summary: "an `ARG` or `ENV` name says it holds a secret, which the image would keep",
        aliases: ["SecretsUsedInArgOrEnv"],
    }
}

const SECRET: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
/// Parts that say the value is not the secret itself (BuildKit allows the first three).
const NOT_SECRET: &[&str] = &[
    "public",
    "file",
    "version",
    "pub",
    "pubkey",
    "path",
    "dir",
    "gpg",
    "pgp",
    "signing",
    "fingerprint",
    "keyring",
    "keyserver",
];
/// A last part after the secret word that makes the name a setting about the secret.
const SETTING: &[&str] = &[
    "mode", "url", "uri", "endpoint", "type", "method", "host", "port", "enabled", "enable",
    "header", "ttl", "timeout", "expiry", "expires", "length", "size", "region", "name",
    "alias", "algorithm", "scope", "audience", "issuer",
];

fn is_secret_name(name: &str) -> bool {
    // `Section__Key`: a path into hierarchical (.NET) configuration, whose last part names
    // a setting, not a secret
    if name.contains("__") {
        return false;
    }
    let parts: Vec<String> = name.split('_').map(str::to_ascii_lowercase).collect();
    let Some(at) = parts.iter().position(|p| SECRET.contains(&p.as_str())) else {
        return false;
    };
    if parts.iter().any(|p| NOT_SECRET.contains(&p.as_str())) {
        return false;
    }
    let last = parts.len() - 1;
    !(last > at && SETTING.contains(&parts[last].as_str()))
}

/// A value that is not a secret whatever the name: hex key fingerprints, or a secret mount.
fn is_harmless_value(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    if v.contains("/run/secrets/") {
        return true;
    }
    // one OpenPGP v4 fingerprint (40 hex digits), as in `ARG GHC_RELEASE_KEY=…`
    let hex = v.strip_prefix("0x").unwrap_or(v);
    if hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return true;
    }
    let items: Vec<&str> = v.split_whitespace().collect();
    items.len() >= 2
        && items
            .iter()
            .all(|i| i.len() >= 16 && i.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Rule for SecretsInArgOrEnv {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        for (idx, ins) in model.instructions().iter().enumerate() {
            if model.stage_of.get(idx).copied().flatten().is_none() {
                continue; // BuildKit checks the ARGs of stages, not the global ones
            }
            let mut found: Vec<(Span, String, String)> = Vec::new();
            match ins.kind {
                Kind::Arg => {
                    for w in &ins.args {
                        let (name, value) = w.value.split_once('=').unwrap_or((&w.value, ""));
                        let span = Span::new(w.span.start, w.span.start + name.len().min(w.span.len()));
                        found.push((span, name.to_string(), value.to_string()));
                    }
                }
                Kind::Env => {
                    for pair in ins.args.chunks(2) {
                        if let [k, v] = pair {
                            found.push((k.span, k.value.clone(), v.value.clone()));
                        }
                    }
                }
                _ => continue,
            }
            let kw = ins.kind.as_str();
            for (span, name, value) in found {
                if !is_secret_name(&name) || is_harmless_value(&value) {
                    continue;
                }
                cx.report(
                    &Self::META,
                    span,
                    format!("`{kw} {name}` looks like a secret, and the image keeps its value"),
                )
                .help(format!(
                    "pass the secret with a secret mount (`RUN --mount=type=secret,id={},env={name} …`); if `{name}` holds no secret, suppress this finding with a reason",
                    name.to_ascii_lowercase()
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for s in ["GITHUB_TOKEN", "api_key", "DB_PASSWORD", "AUTH", "secret_MESSAGE", "AWS_SECRET_ACCESS_KEY"] {
            assert!(is_secret_name(s), "{s}");
        }
        for s in [
            "GPG_KEY", "GPG_KEYS", "SWIFT_SIGNING_KEY", "SSH_PUBLIC_KEY", "DEPLOY_PUB_KEY",
            "TOKEN_FILE", "NODE_AUTH_MODE", "OAUTH_TOKEN_URL", "KEYCLOAK_VERSION", "MONKEY",
            "TOKENIZER", "PATH",
        ] {
            assert!(!is_secret_name(s), "{s}");
        }
        assert!(is_harmless_value("B42F6819007F00F88E364FD4036A9C25BF357DD4 7937DFD2AB06298B2293C3187D33FF9D0246406D"));
        assert!(is_harmless_value("/run/secrets/db_password"));
        assert!(!is_harmless_value("hunter2"));
        assert!(is_harmless_value("C5705533DA4F78D8664B5DC0575159689BEFB442"));
        assert!(!is_secret_name("DefaultProcess__Filters__0__Key"));
        assert!(!is_harmless_value("deadbeefdeadbeefdeadbeef"));
    }
}
