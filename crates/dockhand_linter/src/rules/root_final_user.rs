//! DH101: the final image runs as root.
use super::prelude::*;
use crate::model::images::{ImageFacts, Os, PackageManager};
use crate::model::users::PasswdCopy;

declare_rule! {
    /// ## What it does
    /// Flags a final stage (the last stage, or the `--target` stage) that runs as root: no
    /// `USER` in the stage or the stages it is built `FROM` switches to a non-root user, or the
    /// last `USER` is `root` (`root`, `0`, `root:…`, `0:…`). A base image that already runs as
    /// a non-root user (distroless `:nonroot`, the .NET chiseled images, …) counts as non-root.
    ///
    /// Build stages are not checked: they never run in production. Windows images are not
    /// checked either (their users are `ContainerUser`/`ContainerAdministrator`, a different
    /// model).
    ///
    /// When the stage creates a user with `adduser`/`useradd` but never switches to it, the
    /// help names that user.
    ///
    /// ## Why is this bad?
    /// A process running as root in a container is root on the host's kernel: a bug in the
    /// application or a container escape then has the highest privileges available. Running
    /// as an unprivileged user costs one line and removes that class of risk. Images that
    /// drop privileges in their entrypoint (`gosu`, `su-exec`) are rare outside the official
    /// database images; if yours does, suppress the finding with a reason.
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
        if fin.facts.os == Os::Windows {
            return;
        }
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
            None if is_base_image(cx, fin.id) || drops_privileges(cx, fin.id) => return,
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

/// Shells and interactive interpreters: a CMD that only starts one of these belongs to a base
/// image (`CMD ["bash"]`, `CMD ["python3"]`), which is meant to be built FROM, not run.
const INTERACTIVE: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
    "fish",
    "ksh",
    "pwsh",
    "powershell",
    "cmd",
    "python",
    "python2",
    "python3",
    "pypy",
    "pypy3",
    "node",
    "irb",
    "php",
    "jshell",
    "ghci",
    "erl",
    "iex",
    "swift",
    "julia",
    "R",
    "scala",
    "groovysh",
    "lein",
    "clojure",
    "clj",
    "mvn",
    "gradle",
    "dotnet",
    "rails",
    "deno",
    "bun",
    "elixir",
    "ocaml",
    "perl",
    "ruby",
    "java",
    "repl",
    "rebar3",
];

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

/// The final stage builds an image meant to be extended: it starts nothing but a shell or a
/// REPL (or nothing at all), so the USER belongs in the Dockerfile built FROM it.
fn is_base_image(cx: &Context<'_>, id: StageId) -> bool {
    let model = cx.model();
    // ONBUILD triggers only make sense in an image that others build FROM
    let onbuild = model.chain(id).iter().any(|s| {
        s.instructions.clone().any(|i| {
            model
                .instruction(i)
                .is_some_and(|ins| ins.kind == crate::parse::Kind::Onbuild)
        })
    });
    if onbuild {
        return true;
    }
    let p = model.process(id);
    let interactive = |c: &crate::model::process::ProcessCommand| {
        let words: Vec<&str> = c
            .words
            .iter()
            .map(String::as_str)
            .skip_while(|w| *w == "exec")
            .collect();
        let Some(first) = words.first() else {
            return true;
        };
        // arguments for a wrapper entrypoint that starts a REPL: `CMD ["-M", "--repl"]`
        if words.iter().any(|w| w.contains("repl"))
            && words
                .iter()
                .all(|w| w.starts_with('-') || matches!(*w, "repl" | "shell"))
        {
            return true;
        }
        let program = first.rsplit(['/', '\\']).next().unwrap_or(first);
        let program = program.strip_suffix(".exe").unwrap_or(program);
        INTERACTIVE.contains(&program)
            && words[1..]
                .iter()
                .all(|w| w.starts_with('-') || matches!(*w, "repl" | "shell"))
    };
    let wrapper = |c: &crate::model::process::ProcessCommand| {
        c.program()
            .is_some_and(|p| p.contains("entrypoint") || matches!(p, "tini" | "dumb-init"))
    };
    match (&p.entrypoint, &p.cmd) {
        (None, None) => true,
        (None, Some(c)) => interactive(c),
        (Some(e), Some(c)) => wrapper(e) && interactive(c),
        (Some(_), None) => false,
    }
}

/// The image starts as root on purpose and switches user itself (`gosu`, `su-exec`, … are
/// installed or called), as the official database images do.
fn drops_privileges(cx: &Context<'_>, id: StageId) -> bool {
    let model = cx.model();
    let named = |w: &str| {
        let base = w.rsplit('/').next().unwrap_or(w);
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

fn suggestion(facts: &ImageFacts, scratch: bool) -> String {
    if let Some(user) = IMAGE_APP_USERS.iter().find(|u| facts.has_user(u)) {
        return format!("switch to the image's unprivileged user: `USER {user}`");
    }
    if scratch || facts.shell == Some(false) {
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
