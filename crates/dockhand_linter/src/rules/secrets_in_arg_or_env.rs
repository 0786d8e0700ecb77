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
    /// mount (`/run/secrets/…`). An `ARG` without a value (or with an empty one) is judged by
    /// its name alone: the build passes the secret.
    ///
    /// Values that hold no secret are not flagged either: an empty `ENV` value (the secret is
    /// given at run time), a placeholder (`changeme`, `change_me`, `<token>`, `your-api-key`,
    /// `your_password`, a value of one or two repeated characters such as `xxxx`, `0000…`,
    /// `00000000-0000-…`, `FFFF…0000…`), a reference to a variable no `ARG` or `ENV` of the
    /// file defines (it expands to nothing), and a path to the secret rather than the secret
    /// (`/etc/app/token`, `./certs/server.key`, `assets/tls/root.key`, any `*.pem`, `*.key`,
    /// `*.crt`, `*.p12`, `*.jks`): the file it names is DH104's business. Measured on the
    /// project's corpus: 56 findings before these exceptions and the test-fixture role, 5
    /// after (a license key, three default passwords, a default FTP password).
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
        shipped_image: true,
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

/// A value that is not a secret whatever the name: hex key fingerprints, a secret mount, a
/// placeholder, a path to a key file.
fn is_harmless_value(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    if v.contains("/run/secrets/") || is_placeholder(v) || is_key_path(v) {
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

/// Words that stand for "put the secret here".
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "replaceme",
    "replace_me",
    "replace-me",
    "placeholder",
    "todo",
    "none",
    "null",
];

/// A value that stands for a secret someone still has to give: a placeholder word, `<…>`,
/// `your-…`/`your_…`, or one or two characters repeated (`xxxx`, `0000…`, `FFFF…0000…`, a
/// zero UUID).
fn is_placeholder(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return true;
    }
    if v.len() > 2 && v.starts_with('<') && v.ends_with('>') {
        return true;
    }
    if lower.starts_with("your-") || lower.starts_with("your_") {
        return true;
    }
    let mut distinct: Vec<u8> = Vec::new();
    let mut len = 0;
    for b in lower.bytes().filter(|b| !matches!(b, b'-' | b'_')) {
        len += 1;
        if !distinct.contains(&b) {
            distinct.push(b);
            if distinct.len() > 2 {
                return false;
            }
        }
    }
    len >= 4
}

/// Extensions of files that hold keys and certificates.
const KEY_FILE_EXTENSIONS: &[&str] = &[
    ".pem", ".key", ".crt", ".cert", ".der", ".p12", ".pfx", ".jks", ".keystore",
];

/// A value that names a file (where the secret is) rather than the secret: an absolute or
/// `./`/`~/` path, or a relative path to a key file (`assets/tls/root.key`).
fn is_key_path(v: &str) -> bool {
    if v.is_empty() || v.contains(char::is_whitespace) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let key_file = KEY_FILE_EXTENSIONS.iter().any(|e| lower.ends_with(e));
    let rooted = v.starts_with("./") || v.starts_with("~/") || v.starts_with("../");
    // `/etc/app/token`: an absolute path of two or more folders (a base64 secret may start
    // with `/` but has no run of path-like folder names)
    let absolute = v.starts_with('/')
        && v[1..].split('/').filter(|p| !p.is_empty()).count() >= 2
        && v[1..]
            .split('/')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')));
    key_file || rooted || absolute
}

/// A value that is only a reference to a variable (`$NAME`, `${NAME}`), and the name.
fn lone_reference(v: &str) -> Option<&str> {
    let rest = v.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(r) => r.strip_suffix('}')?,
        None => rest,
    };
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(name)
}

impl Rule for SecretsInArgOrEnv {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let defined: std::cell::OnceCell<std::collections::HashSet<String>> =
            std::cell::OnceCell::new();
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
                let v = value.trim_matches(|c| c == '"' || c == '\'');
                // an empty ENV value keeps nothing (the secret comes at run time); an empty
                // ARG default is an ARG the build passes
                if ins.kind == Kind::Env && v.is_empty() {
                    continue;
                }
                // `${NAME}` with no ARG or ENV `NAME` in the file expands to nothing
                if lone_reference(v).is_some_and(|r| {
                    !defined.get_or_init(|| defined_names(model)).contains(r)
                        && !crate::model::PROXY_ARGS.iter().any(|p| p.eq_ignore_ascii_case(r))
                }) {
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

/// The names every `ARG` and `ENV` of the file defines.
fn defined_names(model: &crate::model::Model) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for ins in model.instructions() {
        match ins.kind {
            Kind::Arg => {
                for w in &ins.args {
                    let name = w.value.split_once('=').map_or(&*w.value, |(n, _)| n);
                    out.insert(name.to_string());
                }
            }
            Kind::Env => {
                for pair in ins.args.chunks(2) {
                    if let [k, _] = pair {
                        out.insert(k.value.clone());
                    }
                }
            }
            _ => {}
        }
    }
    out
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
        for v in [
            "changeme", "<token>", "your-api-key", "XXXXXXXX", "00000000-0000-0000-0000-000000000000",
            "FFFFFFFFFFFFFFFF0000000000000000", "assets/client/tls/ngrokroot.key", "./certs/key",
            "/etc/app/token", "server.pem",
        ] {
            assert!(is_harmless_value(v), "{v}");
        }
        for v in ["password", "lgNvGyhnUKpa5PJi", "application", "s3cr3t/with+slash==", "/abc+def=="] {
            assert!(!is_harmless_value(v), "{v}");
        }
        assert_eq!(lone_reference("${DB_PASSWORD}"), Some("DB_PASSWORD"));
        assert_eq!(lone_reference("$TOKEN"), Some("TOKEN"));
        assert_eq!(lone_reference("${A}x"), None);
    }
}
