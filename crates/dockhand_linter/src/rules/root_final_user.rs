//! DH101: the final image runs as root.
use super::prelude::*;
use crate::model::images::{ImageFacts, Os, PackageManager};
use crate::model::role::ImageRole;
use crate::model::users::PasswdCopy;

declare_rule! {
    /// ## What it does
    /// Flags a final stage (the last stage, or the `--target` stage) that runs as root: no
    /// `USER` in the stage or the stages it is built `FROM` switches to a non-root user, or the
    /// last `USER` is `root` (`root`, `0`, `root:…`, `0:…`). A base image that already runs as
    /// a non-root user (distroless `:nonroot`, the .NET chiseled images, …) counts as non-root.
    ///
    /// Not checked, because the user is not this Dockerfile's to set:
    /// - build stages: they never run in production;
    /// - Windows images (their users are `ContainerUser`/`ContainerAdministrator`, a different
    ///   model) and WebAssembly images (`--platform=wasi/wasm`, a `.wasm` entrypoint: a WASI
    ///   module has no users);
    /// - images that only run a program that waits, prints or exits (`true`,
    ///   `sleep infinity`, `pause`, `echo`, `cat`, `printenv`: `IDLE_PROGRAMS` in
    ///   `model/role.rs`), as test fixtures do: there is no code to exploit, whatever the user;
    /// - base images, meant to be built on: a final stage that starts only a shell or a REPL
    ///   (`CMD ["bash"]`), or nothing of its own, or has `ONBUILD` triggers, and a server image
    ///   that starts a server which hosts the application put into it (`catalina.sh run`,
    ///   `php-fpm`, `apache2-foreground`, `httpd-foreground`, in exec form) and puts none in,
    ///   as docker-library/tomcat and php do; and a language runtime image that sets its
    ///   runtime's ENV (`JAVA_HOME`, `NODE_VERSION`, `PYTHON_VERSION`, …), starts only a
    ///   wrapper `ENTRYPOINT` with no `CMD`, and puts no application in (adoptium's JRE
    ///   images). A final stage that sets no command but copies an application into a
    ///   server image whose command it inherits (`nginx`, `httpd`, `php:*-fpm`:
    ///   `server = true` in the image table) is an application, and is reported with a
    ///   message of its own (the server starts as root) and help for running that server
    ///   unprivileged. With `image-role = "base"` in the configuration (for a repository of
    ///   base images, or per path in `[[overrides]]`) no final stage is reported; with
    ///   `image-role = "application"` no final stage counts as a base image;
    /// - images that start as root on purpose and drop privileges themselves: the entrypoint
    ///   or a `RUN` uses or installs `gosu`, `su-exec`, `setpriv`, `s6-setuidgid`, `chpst`,
    ///   `runuser` or `setuser`, as the official database images do to fix the ownership of a
    ///   mounted volume before starting the server. Their process starts as root, so a
    ///   Kubernetes `runAsNonRoot` policy rejects them, but the design is deliberate and moving
    ///   the `USER` into the Dockerfile breaks it: reporting them would be noise;
    /// - network appliances that install a tool which only works as root (`iptables`,
    ///   `nftables`, `ipset`, `openvpn`, `strongswan`, `ocserv`, `tinc`, `wireguard-tools`, …:
    ///   `ROOT_NETWORK_PACKAGES` in `model/role.rs`): a VPN or firewall container runs as root
    ///   with `NET_ADMIN` by design.
    ///
    /// When the stage creates a user with `adduser`/`useradd` but never switches to it, the
    /// help names that user. Otherwise the help names an unprivileged user the image table
    /// knows the base image has (`nonroot`, `app` from .NET 8 on, `node`), or how to create
    /// one.
    ///
    /// ## Why is this bad?
    /// A process running as root in a container is root on the host's kernel: a bug in the
    /// application or a container escape then has the highest privileges available. Running
    /// as an unprivileged user costs one line and removes that class of risk.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN go build -o /out/app .
    ///
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// COPY --from=builder /out/app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN go build -o /out/app .
    ///
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// COPY --from=builder /out/app /app
    /// USER app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## References
    /// - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    /// - [Docker build best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
    pub RootFinalUser {
        code: "DH101",
        name: "root-final-user",
        severity: Warning,
        category: Security,
        summary: "the final image runs as root",
        shipped_image: true,
        mirrors: "hadolint DL3002",
        aliases: ["DL3002"],
    }
}

/// Unprivileged accounts that images ship for their application, in order of preference.
const IMAGE_APP_USERS: &[&str] = &["nonroot", "app", "node", "gradle"];

impl Rule for RootFinalUser {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(fin) = model.final_stage() else {
            return;
        };
        if fin.facts.os == Os::Windows || model.runs_wasm(fin.id) || model.runs_idle_program(fin.id)
        {
            return;
        }
        let role = model.image_role();
        if matches!(role, ImageRole::Base | ImageRole::Test) {
            return;
        }
        let server = inherited_server(cx, fin.id);
        let (span, message) = match &fin.user {
            Some(u) if u.user.is_root() => (
                u.span,
                format!(
                    "the final stage `{}` runs as root: its last `USER` is `{}`",
                    fin.display_name(),
                    u.text
                ),
            ),
            // A non-root user, or a variable we cannot resolve.
            Some(_) => return,
            None if fin.facts.default_user_nonroot == Some(true) => return,
            None if drops_privileges(cx, fin.id) || model.installs_root_network_tools(fin.id) => {
                return
            }
            None if role == ImageRole::Auto && server.is_none() && model.is_base_image(fin.id) => {
                return
            }
            None if server.is_some() => (
                fin.base_word.span,
                format!(
                    "the final stage `{}` runs as root: it copies an application into `{}` and \
                     runs that image's server, which starts as root",
                    fin.display_name(),
                    server.as_deref().unwrap_or_default()
                ),
            ),
            None => (
                fin.base_word.span,
                format!(
                    "the final stage `{}` runs as root: no `USER` sets a non-root user",
                    fin.display_name()
                ),
            ),
        };

        // Users the final image has: created in its chain, or in a stage whose /etc/passwd it
        // copies.
        let chain = model.chain(fin.id);
        let mut created = chain
            .iter()
            .rev()
            .flat_map(|s| s.created_users.iter())
            .last()
            .cloned();
        if created.is_none() {
            for s in &chain {
                for c in &s.copies {
                    if let Some(PasswdCopy::FromStage(t)) = model.passwd_copy(s.id, c) {
                        if let Some(u) = model
                            .chain(t)
                            .iter()
                            .rev()
                            .flat_map(|s| s.created_users.iter())
                            .last()
                        {
                            created = Some(u.clone());
                        }
                    }
                }
            }
        }
        let explicit_root = fin.user.is_some();
        let help = match &created {
            Some(u) if explicit_root => format!(
                "switch back with `USER {}` (created at line {}) after the steps that need root",
                u.name,
                cx.line_of(u.span.start)
            ),
            Some(u) => format!(
                "add `USER {}`, created at line {}, after the steps that need root",
                u.name,
                cx.line_of(u.span.start)
            ),
            None if server.is_some() => server_suggestion(&fin.facts),
            None => suggestion(&fin.facts, matches!(fin.base, BaseImage::Scratch)),
        };
        let f = cx
            .report(&Self::META, span, message)
            .primary_label("runs as root")
            .help(help);
        if let Some(u) = &created {
            let text = if explicit_root {
                format!("`{}` is created here", u.name)
            } else {
                format!("`{}` is created here but never used", u.name)
            };
            f.label(u.span, text);
        }
    }
}

/// Programs that start the real process as another user.
const PRIVILEGE_DROPPERS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "s6-setuidgid",
    "chpst",
    "runuser",
    "setuser",
];

/// The image starts as root on purpose and switches user itself (`gosu`, `su-exec`, … are
/// installed or called), as the official database images do.
fn drops_privileges(cx: &Context<'_>, id: StageId) -> bool {
    let model = cx.model();
    let named = |w: &str| {
        let base = crate::model::paths::file_name(w);
        PRIVILEGE_DROPPERS.contains(&base)
    };
    let p = model.process(id);
    if [&p.entrypoint, &p.cmd]
        .into_iter()
        .flatten()
        .any(|c| c.words.iter().any(|w| named(w)))
    {
        return true;
    }
    model.chain(id).iter().any(|s| {
        s.runs.iter().any(|r| {
            r.installs.iter().any(|pk| named(&pk.name))
                || r.commands
                    .iter()
                    .any(|c| c.words.iter().any(|w| named(&w.value)))
        })
    })
}

/// The image a final stage with no ENTRYPOINT or CMD of its own inherits a server command
/// from (`server = true` in the image table: nginx, httpd, php-fpm), when the stage copies an
/// application into it (`Model::ships_application`, or the output of another stage, such as a
/// built web site).
fn inherited_server(cx: &Context<'_>, id: StageId) -> Option<String> {
    let model = cx.model();
    let p = model.process(id);
    if p.entrypoint.is_some() || p.cmd.is_some() {
        return None;
    }
    let root = model.chain_root(id);
    if !root.facts.server {
        return None;
    }
    let BaseImage::Registry(img) = &root.base else {
        return None;
    };
    model.copies_content(id).then(|| img.text.clone())
}

/// How to run a server image without root: its own unprivileged user on a high port.
fn server_suggestion(facts: &ImageFacts) -> String {
    let user = ["nginx", "www-data", "daemon"]
        .into_iter()
        .find(|u| facts.has_user(u));
    let mut help = match user {
        Some(u) => format!(
            "run the server as the image's unprivileged user: `USER {u}`, with the server \
             listening on a port above 1024 and writing its pid and temporary files where \
             `{u}` can"
        ),
        None => "run the server as an unprivileged user (`USER 10001:10001`), listening on a \
                 port above 1024"
            .to_string(),
    };
    if facts.family == "nginx" {
        help.push_str(", or build on `nginxinc/nginx-unprivileged`, which does this");
    }
    help
}

fn suggestion(facts: &ImageFacts, scratch: bool) -> String {
    if let Some(user) = IMAGE_APP_USERS.iter().find(|u| facts.has_user(u)) {
        return format!("switch to the image's unprivileged user: `USER {user}`");
    }
    if scratch || facts.shell.present() == Some(false) {
        return "use a numeric user, which needs no `/etc/passwd`: `USER 10001:10001`".to_string();
    }
    match facts.package_manager {
        PackageManager::Apk | PackageManager::None => {
            "create a user and switch to it: `RUN adduser -D -u 10001 app` then `USER app`"
                .to_string()
        }
        PackageManager::Unknown => {
            "switch to a non-root user, e.g. `USER 10001:10001` (or create one with `useradd`)"
                .to_string()
        }
        _ => "create a user and switch to it: `RUN useradd --create-home --uid 10001 app` then `USER app`"
            .to_string(),
    }
}
