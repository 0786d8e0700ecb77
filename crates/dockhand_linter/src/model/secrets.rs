//! Secrets that end up in an image: files copied from the build context whose names say they
//! hold credentials, and build arguments whose names say they hold a token or password. Rules
//! ask `secret_file`, `is_secret_arg` and `references`; no rule looks at names itself.

use super::stage::RunFact;
use crate::span::Span;
use std::collections::HashMap;

/// What a copied file holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretFile {
    /// `.env`, `.env.local`: environment variables, by convention the secret ones.
    DotEnv,
    /// `id_rsa`, `id_ed25519`, `id_ecdsa`, `id_dsa`, or a whole `.ssh` directory.
    SshKey,
    /// A private key (`server.key`, `privkey.pem`, `key.pem`).
    PrivateKey,
    /// `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.docker/config.json`,
    /// `credentials.json`, `.aws/credentials`: credentials of a registry or service.
    Credentials,
}

impl SecretFile {
    pub fn describe(self) -> &'static str {
        match self {
            SecretFile::DotEnv => "an environment file, by convention holding secrets",
            SecretFile::SshKey => "an SSH private key",
            SecretFile::PrivateKey => "a private key",
            SecretFile::Credentials => "credentials",
        }
    }
}

/// Names of public keys and signing keys, which are not secrets (`nginx_signing.key`,
/// `Release.key`, `repo.key`, `public.pem`).
fn looks_public(lower: &str) -> bool {
    [
        "pub", "sign", "gpg", "release", "repo", "apt", "archive", "cert", "ca.", "ca-", "chain",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// What a COPY/ADD source path holds, when its name says it is a secret. Globs, URLs and
/// paths with variables are not judged.
pub fn secret_file(path: &str) -> Option<SecretFile> {
    if path.contains(['*', '?', '[', '$']) || path.contains("://") {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    let base = super::paths::file_name(trimmed);
    let lower = base.to_ascii_lowercase();
    match lower.as_str() {
        ".env" | ".env.local" => return Some(SecretFile::DotEnv),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | ".ssh" => {
            return Some(SecretFile::SshKey)
        }
        ".npmrc" | ".pypirc" | ".netrc" | "_netrc" | ".git-credentials" | "credentials.json" => {
            return Some(SecretFile::Credentials)
        }
        _ => {}
    }
    if lower.starts_with(".env.") && lower.ends_with(".local") {
        return Some(SecretFile::DotEnv);
    }
    let lower_path = trimmed.to_ascii_lowercase();
    if lower_path.ends_with(".docker/config.json") || lower_path.ends_with(".aws/credentials") {
        return Some(SecretFile::Credentials);
    }
    if looks_public(&lower) {
        return None;
    }
    if lower.ends_with(".key")
        || (lower.ends_with(".pem") && (lower.contains("key") || lower.contains("priv")))
    {
        return Some(SecretFile::PrivateKey);
    }
    None
}

/// Whether a build argument's name says it holds a secret: `*_TOKEN`, `*_PASSWORD`,
/// `*_SECRET`, `*_SECRET_KEY`, `*_API_KEY`, `*_PRIVATE_KEY`, `NPM_TOKEN`, `GITHUB_TOKEN`, … Key
/// ids, paths and file names (`GPG_KEY`, `*_KEY_ID`, `*_FILE`, `*_PATH`) are not secrets.
pub fn is_secret_arg(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper.split(['_', '-']).filter(|p| !p.is_empty()).collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if matches!(
        *last,
        "FILE" | "PATH" | "DIR" | "ID" | "NAME" | "URL" | "HOST" | "USER" | "USERNAME" | "LENGTH"
    ) {
        return false;
    }
    let tail2 = parts.len() >= 2 && {
        let two = format!("{}_{}", parts[parts.len() - 2], last);
        matches!(
            two.as_str(),
            "SECRET_KEY" | "API_KEY" | "PRIVATE_KEY" | "ACCESS_KEY" | "AUTH_KEY" | "AUTH_TOKEN"
        )
    };
    tail2
        || matches!(
            *last,
            "TOKEN" | "PASSWORD" | "PASSWD" | "SECRET" | "PAT" | "APIKEY"
        )
}

/// The variables a RUN expands (`$NAME`, `${NAME}`, `${NAME:-x}`) in its commands' words and
/// assignment values, each with the span of the first word that names it. One pass over the
/// words.
pub fn references(run: &RunFact) -> HashMap<String, Span> {
    let mut out: HashMap<String, Span> = HashMap::new();
    let words = run
        .commands
        .iter()
        .flat_map(|c| c.words.iter().chain(c.assignments.iter().map(|(_, v)| v)));
    for w in words {
        let b = w.value.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'$' {
                i += 1;
                continue;
            }
            let start = if b.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let len = b[start.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            if len > 0 {
                let name = &w.value[start..start + len];
                out.entry(name.to_string()).or_insert(w.span);
            }
            i = start + len.max(1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_by_name() {
        assert_eq!(secret_file(".env"), Some(SecretFile::DotEnv));
        assert_eq!(
            secret_file("config/.env.production.local"),
            Some(SecretFile::DotEnv)
        );
        assert_eq!(secret_file(".env.example"), None);
        assert_eq!(secret_file("keys/id_rsa"), Some(SecretFile::SshKey));
        assert_eq!(secret_file("id_rsa.pub"), None);
        assert_eq!(secret_file(".ssh/"), Some(SecretFile::SshKey));
        assert_eq!(secret_file("tls/server.key"), Some(SecretFile::PrivateKey));
        assert_eq!(secret_file("privkey.pem"), Some(SecretFile::PrivateKey));
        assert_eq!(secret_file("cert.pem"), None);
        assert_eq!(secret_file("rds-ca-2019-root.pem"), None);
        assert_eq!(secret_file("nginx_signing.key"), None);
        assert_eq!(secret_file("server.crt"), None);
        assert_eq!(secret_file(".npmrc"), Some(SecretFile::Credentials));
        assert_eq!(
            secret_file("home/.docker/config.json"),
            Some(SecretFile::Credentials)
        );
        assert_eq!(secret_file("config.json"), None);
        assert_eq!(secret_file("*.key"), None);
    }

    #[test]
    fn secret_args_by_name() {
        for yes in [
            "NPM_TOKEN",
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "APP_SECRET",
            "AWS_SECRET_ACCESS_KEY",
            "STRIPE_API_KEY",
            "token",
        ] {
            assert!(is_secret_arg(yes), "{yes}");
        }
        for no in [
            "GPG_KEY",
            "SWIFT_SIGNING_KEY",
            "PASSWORD_FILE",
            "GITHUB_TOKEN_PATH",
            "AWS_ACCESS_KEY_ID",
            "NODE_VERSION",
            "MAX_TOKENS",
        ] {
            assert!(!is_secret_arg(no), "{no}");
        }
    }
}
