//! Whether a user name resolves in a stage's image: created by `adduser`/`useradd` in the
//! stage's chain, present in the base image, or brought in with a copied `/etc/passwd`.
//! Model layer: answers with `Unknown` whenever the Dockerfile does not let us tell.

use super::images::Os;
use super::paths::{is_within, normalize};
use super::{BaseImage, CopyFact, CopySource, Model, StageId};

/// How far `COPY --from` chains of `/etc/passwd` are followed.
const MAX_DEPTH: usize = 8;

/// The answer to "does user `name` exist in this stage's `/etc/passwd`?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserLookup {
    Found,
    /// Certainly absent: the base image's user list is exhaustive, nothing creates the user
    /// and nothing replaces `/etc/passwd`.
    Missing,
    Unknown,
}

/// What a COPY/ADD does to `/etc/passwd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswdCopy {
    /// It copies `/etc/passwd` (or `/etc`) from this stage.
    FromStage(StageId),
    /// It may write `/etc/passwd` with content we cannot judge (build context, an image, a
    /// whole directory tree copied to `/`).
    Unknown,
}

impl Model {
    /// Whether user `name` resolves in the image of stage `id`.
    pub fn lookup_user(&self, id: StageId, name: &str) -> UserLookup {
        self.lookup_user_at(id, name, 0)
    }

    fn lookup_user_at(&self, id: StageId, name: &str, depth: usize) -> UserLookup {
        if depth > MAX_DEPTH {
            return UserLookup::Unknown;
        }
        let chain = self.chain(id);
        if chain
            .iter()
            .any(|s| s.created_users.iter().any(|u| u.name == name))
        {
            return UserLookup::Found;
        }
        let facts = &self.stage(id).facts;
        if facts.os == Os::Windows {
            return UserLookup::Unknown;
        }
        if facts.has_user(name) {
            return UserLookup::Found;
        }
        let mut unknown = false;
        for s in &chain {
            for c in &s.copies {
                match self.passwd_copy(s.id, c) {
                    None => {}
                    Some(PasswdCopy::FromStage(t)) if t.0 < s.id.0 => {
                        match self.lookup_user_at(t, name, depth + 1) {
                            UserLookup::Found => return UserLookup::Found,
                            UserLookup::Missing => {}
                            UserLookup::Unknown => unknown = true,
                        }
                    }
                    Some(_) => unknown = true,
                }
            }
            // `useradd $NAME`, `echo … >> /etc/passwd`, `newusers`: accounts we cannot name
            let opaque = s.runs.iter().any(|r| {
                r.commands.iter().any(|c| {
                    let adds = matches!(c.name(), Some("adduser" | "useradd" | "newusers"));
                    c.words
                        .iter()
                        .any(|w| w.value.contains("passwd") || (adds && w.value.contains('$')))
                })
            });
            unknown |= opaque;
            // With an exhaustive base list, anything that may create accounts (a package's
            // install script, a script of the project) leaves the answer open.
            if facts.users_exhaustive {
                unknown |= s.runs.iter().any(|r| !account_safe(r));
            }
        }
        if unknown {
            return UserLookup::Unknown;
        }
        let root = chain.last().copied().unwrap_or_else(|| self.stage(id));
        match root.base {
            BaseImage::Unresolved(_) => UserLookup::Unknown,
            _ if !facts.users_exhaustive => UserLookup::Unknown,
            _ => UserLookup::Missing,
        }
    }

    /// Whether the COPY/ADD `c` of stage `id` writes `/etc/passwd`, and from where.
    pub fn passwd_copy(&self, id: StageId, c: &CopyFact) -> Option<PasswdCopy> {
        let Some(dest) = c.dest_path(self, id) else {
            // a destination we cannot resolve could be anything
            return c
                .dest
                .as_ref()
                .filter(|d| d.value.contains('$'))
                .map(|_| PasswdCopy::Unknown);
        };
        if !is_within("/etc/passwd", &dest) {
            return None;
        }
        // The destination is `/etc/passwd`, `/etc` or `/`.
        let names_passwd = dest == "/etc/passwd"
            || c.sources.iter().any(|s| {
                let p = normalize(&s.value);
                s.value.contains("passwd") || (p == "/etc" && dest == "/etc")
            });
        match (&c.source, names_passwd) {
            (CopySource::Stage(t), true) => Some(PasswdCopy::FromStage(*t)),
            _ => Some(PasswdCopy::Unknown),
        }
    }
}

/// Commands that never create accounts (package managers are judged by their packages).
const SAFE_COMMANDS: &[&str] = &[
    "apk",
    "apt-get",
    "apt",
    "mkdir",
    "chmod",
    "chown",
    "chgrp",
    "ln",
    "rm",
    "cp",
    "mv",
    "touch",
    "echo",
    "printf",
    "cd",
    "set",
    "true",
    "test",
    "[",
    "update-ca-certificates",
    "tar",
    "unzip",
    "gzip",
    "gunzip",
    "curl",
    "wget",
    "ls",
    "export",
    "sleep",
    "ldconfig",
    "setcap",
    "sha256sum",
    "install",
    "find",
    "xargs",
    "tee",
    "sed",
    "cat",
    "which",
    "command",
];

/// Packages whose install creates no account (`*` stands for any text).
const SAFE_PACKAGES: &[&str] = &[
    "ca-certificates",
    "ca-certificates-bundle",
    "tzdata",
    "curl",
    "wget",
    "bash",
    "libc6-compat",
    "gcompat",
    "openssl",
    "git",
    "jq",
    "tini",
    "dumb-init",
    "su-exec",
    "gosu",
    "unzip",
    "zip",
    "tar",
    "gzip",
    "xz",
    "xz-utils",
    "coreutils",
    "findutils",
    "grep",
    "sed",
    "gawk",
    "procps",
    "iproute2",
    "iputils",
    "netcat-openbsd",
    "bind-tools",
    "dnsutils",
    "less",
    "file",
    "musl",
    "zlib",
    "lib*",
    "*-libs",
    "*-dev",
    "font-*",
    "fonts-*",
    "ttf-*",
    "bzip2",
    "make",
    "gcc",
    "g++",
    "build-base",
    "build-essential",
    "pkgconf",
    "pkg-config",
    "python3",
    "nodejs",
    "npm",
    "openjdk*",
    "icu",
    "gettext",
    "ncurses",
    "vim",
    "nano",
    "busybox-extras",
    "shadow",
    "util-linux",
    "bash-completion",
    "binutils",
    "upx",
    "tini-static",
    "apk-tools",
];

/// A RUN that cannot create accounts: only commands known not to, installing only packages
/// known not to.
fn account_safe(r: &super::stage::RunFact) -> bool {
    if r.exec_form && r.commands.is_empty() {
        return false;
    }
    let commands_safe = r
        .commands
        .iter()
        .all(|c| c.name().is_some_and(|n| SAFE_COMMANDS.contains(&n)));
    let packages_safe = r.installs.iter().all(|p| {
        let name = p.name.split(['=', '~', '<', '>']).next().unwrap_or(&p.name);
        SAFE_PACKAGES
            .iter()
            .any(|pat| super::glob::glob_match(pat, name))
    });
    commands_safe && packages_safe
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelOptions;
    use crate::parse::parse;

    fn lookup(src: &str, name: &str) -> UserLookup {
        let m = Model::build(parse(src), &ModelOptions::default());
        let id = m.final_stage.expect("a stage");
        m.lookup_user(id, name)
    }

    #[test]
    fn alpine_users_are_known_until_something_may_add_one() {
        let base = "FROM alpine:3.22\n";
        assert_eq!(
            lookup(&format!("{base}USER app\n"), "app"),
            UserLookup::Missing
        );
        assert_eq!(
            lookup(&format!("{base}USER nobody\n"), "nobody"),
            UserLookup::Found
        );
        let safe = format!("{base}RUN apk add --no-cache ca-certificates tzdata\nUSER app\n");
        assert_eq!(lookup(&safe, "app"), UserLookup::Missing);
        // nginx's install script adds `nginx`; a project script may add anything
        let pkg = format!("{base}RUN apk add --no-cache nginx\nUSER nginx\n");
        assert_eq!(lookup(&pkg, "nginx"), UserLookup::Unknown);
        let script = format!("{base}COPY setup.sh /\nRUN /setup.sh\nUSER app\n");
        assert_eq!(lookup(&script, "app"), UserLookup::Unknown);
    }

    #[test]
    fn scratch_has_no_users() {
        assert_eq!(
            lookup("FROM scratch\nUSER app\n", "app"),
            UserLookup::Missing
        );
        assert_eq!(
            lookup("FROM node:24-alpine\nUSER app\n", "app"),
            UserLookup::Unknown
        );
        assert_eq!(
            lookup("FROM alpine\nUSER nobody\n", "nobody"),
            UserLookup::Found
        );
    }

    #[test]
    fn passwd_copied_from_builder() {
        let src = "FROM alpine AS b\nRUN adduser -D app\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd\n";
        assert_eq!(lookup(src, "app"), UserLookup::Found);
        let src = "FROM scratch AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd\n";
        assert_eq!(lookup(src, "app"), UserLookup::Missing);
        let src = "FROM scratch\nCOPY passwd /etc/passwd\n";
        assert_eq!(lookup(src, "app"), UserLookup::Unknown);
        let src = "FROM scratch\nCOPY rootfs/ /\n";
        assert_eq!(lookup(src, "app"), UserLookup::Unknown);
        // Alpine's own /etc/passwd is known: it has no `app`
        let src = "FROM alpine AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd\n";
        assert_eq!(lookup(src, "app"), UserLookup::Missing);
        let src = "FROM node:24-alpine AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd\n";
        assert_eq!(lookup(src, "app"), UserLookup::Unknown);
    }
}
