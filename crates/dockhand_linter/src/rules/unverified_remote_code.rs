//! DH105: code fetched at build time and run or installed without verification.
use super::prelude::*;
use crate::model::remote::{unverified_remote_code, RemoteUse};

declare_rule! {
    /// ## What it does
    /// Flags code fetched from the network during the build and run or installed with
    /// nothing checking it:
    /// - a download piped into a shell or interpreter: `curl … | sh`, `wget -qO- … | bash`,
    ///   `curl … | sudo -E bash -s -- -y`, `curl … | python3 -`;
    /// - a shell whose script is a download: `sh -c "$(curl …)"`, `bash <(curl …)`,
    ///   `eval "$(wget -qO- …)"`;
    /// - a download piped into `tar x`;
    /// - a file downloaded with `curl -o`/`-O` or `wget` that the same stage extracts
    ///   (`tar x`, `unzip`), makes executable (`chmod +x`, `chmod 755`), runs (`./tool`,
    ///   `sh setup.sh`) or installs (`dpkg -i`, `rpm -i`, `apt-get install ./pkg.deb`,
    ///   `install`), when the stage runs no checksum or signature check (`sha256sum -c`,
    ///   `echo "<hash>  file" | sha256sum -c`, `gpg --verify`, `gpgv`, `cosign verify`,
    ///   `minisign -V`);
    /// - `ADD <url>` of an archive, package or script (`.tar.gz`, `.zip`, `.jar`, `.deb`,
    ///   `.sh`, …) without `--checksum`.
    ///
    /// An installer that checks what it installs next (rustup, nvm, the Poetry installer) is
    /// still a script taken from the network unchecked. Package managers (`apt-get`, `apk`,
    /// `pip`, `npm`) verify their own downloads and are not this rule. Any checksum or
    /// signature command in the stage counts as verifying every download of the stage, since
    /// which file a check file covers is often not visible.
    ///
    /// Off by default: fetching an installer script is how many projects document their
    /// install, and pinning a hash of a script that changes upstream is a policy choice
    /// (select it with `--select unverified-remote-code` or in `dockhand.toml`).
    ///
    /// ## Why is this bad?
    /// Whoever controls the server, the DNS name or a proxy on the way controls what the build
    /// runs, as root, in an image that is then shipped. The build also changes when upstream
    /// changes the file, with no change in the Dockerfile. A checksum or a signature ties the
    /// build to the bytes that were reviewed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.tgz \
    ///  && tar -xzf /tmp/tool.tgz -C /usr/local/bin
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.tgz \
    ///  && echo "4f2d…c0de  /tmp/tool.tgz" | sha256sum -c - \
    ///  && tar -xzf /tmp/tool.tgz -C /usr/local/bin
    /// ```
    pub UnverifiedRemoteCode {
        code: "DH105",
        name: "unverified-remote-code",
        severity: Warning,
        category: Security,
        summary: "code fetched at build time is run or installed without a checksum or signature check",
        enabled_by_default: false,
    }
}

impl Rule for UnverifiedRemoteCode {
    fn check(&self, cx: &mut Context<'_>) {
        for stage in &cx.model().stages {
            for r in unverified_remote_code(stage) {
                let url = crate::model::shorten(&r.url, 96);
                let file = crate::model::remote::basename(&r.url).to_string();
                let file = if file.is_empty() { "file".to_string() } else { file };
                let (message, label, help) = match &r.how {
                    RemoteUse::PipedTo(runner) => (
                        format!("`{url}` is downloaded by `{}` and piped into `{runner}` unchecked", r.tool),
                        format!("runs whatever `{url}` serves"),
                        format!(
                            "download to a file, check it against a known hash \
                             (`echo \"<sha256>  {file}\" | sha256sum -c -`), then run it with `{runner} {file}`"
                        ),
                    ),
                    RemoteUse::Substituted(runner) => (
                        format!("`{runner}` runs the script downloaded from `{url}` unchecked"),
                        format!("runs whatever `{url}` serves"),
                        format!(
                            "download to a file, check it against a known hash \
                             (`echo \"<sha256>  {file}\" | sha256sum -c -`), then run the file"
                        ),
                    ),
                    RemoteUse::PipedToTar => (
                        format!("`{url}` is downloaded by `{}` and extracted by `tar` unchecked", r.tool),
                        "extracted without a checksum".to_string(),
                        format!(
                            "download to a file, check it (`echo \"<sha256>  {file}\" | sha256sum -c -`), \
                             then extract it"
                        ),
                    ),
                    RemoteUse::Downloaded { file, by, at } => {
                        let line = cx.line_of(at.start);
                        (
                            format!(
                                "`{file}` is downloaded from `{url}` and {by} on line {line}, with no checksum or signature check in the stage"
                            ),
                            format!("no `sha256sum -c` or `gpg --verify` of `{file}`"),
                            format!(
                                "check it before use: `echo \"<sha256>  {file}\" | sha256sum -c -` \
                                 (or verify a signature with `gpg --verify`)"
                            ),
                        )
                    }
                    RemoteUse::Added => (
                        format!("`ADD {url}` has no `--checksum`"),
                        "added without a checksum".to_string(),
                        format!(
                            "pin the content: `ADD --checksum=sha256:<sha256> {url} …` \
                             (Dockerfile syntax 1.6 or later)"
                        ),
                    ),
                };
                cx.report(&Self::META, r.span, message)
                    .primary_label(label)
                    .help(help);
            }
        }
    }
}
