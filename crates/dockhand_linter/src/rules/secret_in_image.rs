//! DH104: a secret that ends up in a layer or in the image history.
use super::prelude::*;
use crate::model::secrets::{is_secret_arg, references, secret_file, SecretFile};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Flags two ways a secret ends up in what a build leaves behind:
    /// - a `COPY`/`ADD` from the build context of a file whose name says it holds a secret
    ///   (`.env`, `.env.local`, `id_rsa`/`id_ed25519`/`id_ecdsa`/`id_dsa` or a whole `.ssh`
    ///   directory, a private key such as `server.key` or `privkey.pem`, `.npmrc`, `.pypirc`,
    ///   `.netrc`, `.git-credentials`, `credentials.json`, `.docker/config.json`,
    ///   `.aws/credentials`) into a stage the final image is built from. Public keys and
    ///   certificates (`*.pub`, `*.crt`, `cert.pem`, `ca.pem`, `*signing.key`) are not
    ///   secrets; globs and paths with variables are not judged.
    /// - an `ARG` whose name says it holds a secret (`NPM_TOKEN`, `GITHUB_TOKEN`,
    ///   `*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `*_SECRET_KEY`, `*_API_KEY`) that a `RUN`
    ///   expands, in any stage. Key ids and paths (`GPG_KEY`, `*_KEY_ID`, `*_FILE`,
    ///   `*_PATH`) are not secrets.
    ///
    /// A copy into a build stage that the final image does not build on is not reported:
    /// the file stays in that stage's cache on the build machine, but not in the image that
    /// is shipped, and whether it reaches the final image depends on what is copied over.
    /// Build arguments are reported in every stage: BuildKit records the build arguments a
    /// `RUN` uses in the image history of the final stage (`docker history` shows
    /// `RUN |1 NPM_TOKEN=… /bin/sh -c …`), and in every stage's cache keys and in provenance
    /// attestations.
    ///
    /// On by default: a file with such a name, or an argument with such a name used by a
    /// command, is a secret in nearly every Dockerfile that has one, and the fix costs little.
    ///
    /// ## Why is this bad?
    /// Every layer of an image can be read by whoever can pull it, and deleting the file in a
    /// later `RUN` does not remove it from the layer that added it. Build arguments are not
    /// secret either. A secret mount (`RUN --mount=type=secret`) gives the command the secret
    /// for the length of the `RUN`, and leaves nothing in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json .npmrc ./
    /// RUN npm ci && rm -f .npmrc
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci
    /// ```
    /// built with `docker build --secret id=npmrc,src=$HOME/.npmrc .`
    pub SecretInImage {
        code: "DH104",
        name: "secret-in-image",
        severity: Error,
        category: Security,
        summary: "a secret file is copied into the image, or a secret build argument is used by a RUN",
        shipped_image: true,
    }
}

/// Where a copied file lands: the destination, or the destination directory and its name.
fn target(dest: Option<&str>, workdir: Option<&str>, source: &str) -> String {
    let trimmed = source.trim_end_matches('/');
    let name = crate::model::paths::file_name(trimmed);
    let dest = dest.unwrap_or(".");
    let dir_like = dest.ends_with('/') || dest == "." || dest == "./";
    let path = if dir_like {
        format!("{}/{name}", dest.trim_end_matches('/').trim_end_matches('.').trim_end_matches('/'))
    } else {
        dest.to_string()
    };
    if path.starts_with('/') {
        path
    } else {
        let base = workdir.unwrap_or("/").trim_end_matches('/');
        format!("{base}/{}", path.trim_start_matches("./").trim_start_matches('/'))
    }
}

/// A secret id for a file or argument name: `npmrc`, `npm_token`.
fn secret_id(name: &str) -> String {
    let id: String = name
        .trim_start_matches('.')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if id.is_empty() {
        "secret".to_string()
    } else {
        id
    }
}

impl Rule for SecretInImage {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        if let Some(final_id) = model.final_stage {
            for stage in model.chain(final_id) {
                for copy in &stage.copies {
                    if copy.source != CopySource::Context || copy.heredoc {
                        continue;
                    }
                    for src in &copy.sources {
                        let Some(kind) = secret_file(&src.value) else {
                            continue;
                        };
                        let trimmed = src.value.trim_end_matches('/');
                        let name = crate::model::paths::file_name(trimmed);
                        let into = target(
                            copy.dest.as_ref().map(|d| d.value.as_str()),
                            stage.workdir.as_ref().map(|w| w.value.as_str()),
                            &src.value,
                        );
                        let help = match kind {
                            SecretFile::SshKey => "use the build's SSH agent instead of a key file: \
                                 `RUN --mount=type=ssh git clone …`, built with `docker build --ssh default .`; \
                                 remove the COPY and add the key to `.dockerignore`"
                                .to_string(),
                            SecretFile::DotEnv => format!(
                                "give the values at run time (`docker run --env-file {name}`), or to one \
                                 command with `RUN --mount=type=secret,id=env,target={into} …`; remove \
                                 the COPY and add `{name}` to `.dockerignore`"
                            ),
                            _ => format!(
                                "mount it for the command that needs it: \
                                 `RUN --mount=type=secret,id={},target={into} …`, built with \
                                 `docker build --secret id={},src={} .`; remove it from the COPY",
                                secret_id(name),
                                secret_id(name),
                                src.value
                            ),
                        };
                        let keyword = cx.text(copy.keyword).to_ascii_uppercase();
                        cx.report(
                            &Self::META,
                            src.span,
                            format!(
                                "`{keyword}` puts `{}` ({}) into a layer of the final image; a later \
                                 `rm` does not remove it from that layer",
                                src.value,
                                kind.describe()
                            ),
                        )
                        .primary_label("stays in the image's layers")
                        .help(help);
                    }
                }
            }
        }
        let in_final: HashSet<usize> = model
            .final_stage
            .map(|f| model.chain(f).iter().map(|s| s.id.0).collect())
            .unwrap_or_default();
        for stage in &model.stages {
            let secret_args: Vec<_> = stage.args.iter().filter(|a| is_secret_arg(&a.name)).collect();
            if secret_args.is_empty() {
                continue;
            }
            let mut reported: HashSet<&str> = HashSet::new();
            for run in &stage.runs {
                let refs = references(run);
                for arg in &secret_args {
                    let name: &str = &arg.name;
                    if reported.contains(name) {
                        continue;
                    }
                    let Some(span) = refs.get(name) else { continue };
                    reported.insert(name);
                    let id = secret_id(name);
                    let line = cx.line_of(arg.span.start);
                    let where_ = if in_final.contains(&stage.id.0) {
                        "the image history (`docker history`), the build cache and provenance"
                    } else {
                        "the build cache and provenance (and the history of an image built from this stage)"
                    };
                    cx.report(
                        &Self::META,
                        *span,
                        format!(
                            "the build argument `{name}` (line {line}) is used by this `RUN`: its value is recorded in {where_}"
                        ),
                    )
                    .primary_label(format!("`{name}` is a build argument"))
                    .label(arg.span, "declared here")
                    .help(format!(
                        "pass it as a secret: `RUN --mount=type=secret,id={id},env={name} …` \
                         (Dockerfile syntax 1.10 or later; or read `/run/secrets/{id}`), built with \
                         `docker build --secret id={id},env={name} .`, and remove `ARG {name}`"
                    ));
                }
            }
        }
    }
}
