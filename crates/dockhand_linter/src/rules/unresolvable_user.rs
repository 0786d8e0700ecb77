//! DH102: the final stage's USER names an account the image does not have.
use super::prelude::*;
use crate::model::images::Os;
use crate::model::users::UserLookup;

declare_rule! {
    /// ## What it does
    /// Flags a `USER name` in the final stage (the last stage, or the `--target` stage) when
    /// the final image certainly has no such account: the stage is built from an image whose
    /// user list is known exactly (`scratch`, distroless, and the official `alpine`, `debian`,
    /// `ubuntu` and `busybox` images, whose lists the image table holds, the union over their
    /// releases), no `adduser`/`useradd` in its chain creates the user, no `/etc/passwd` in
    /// which the user exists is copied in, and every `RUN` of the chain is known not to create
    /// accounts (only commands such as `mkdir`, `chown`, `apk add` of packages such as
    /// `ca-certificates`; a package with an install script that adds a user, such as `nginx`
    /// or `postgresql`, or a script of the project, leaves the answer open).
    ///
    /// A numeric `USER 10001` or `USER 10001:10001` needs no `/etc/passwd` and is never
    /// flagged. When the base image's user list is not known completely (`node`, `python`,
    /// most images), or `/etc/passwd` comes from the build context, another image or a stage
    /// we cannot judge, the rule stays silent.
    ///
    /// ## Why is this bad?
    /// The image builds, but every container fails at start with
    /// `unable to find user app: no matching entries in passwd file`. The usual cause is a
    /// user created in the builder stage whose `/etc/passwd` is not copied into the final
    /// `scratch` or distroless stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN adduser -D -u 10001 app
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    ///
    /// FROM scratch
    /// COPY --from=builder /out/app /app
    /// USER app
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN adduser -D -u 10001 app
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    ///
    /// FROM scratch
    /// COPY --from=builder /etc/passwd /etc/passwd
    /// COPY --from=builder /out/app /app
    /// USER app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix
    /// When an earlier stage creates the user: inserts
    /// `COPY --from=<that stage> /etc/passwd /etc/passwd` (and `/etc/group` when the USER names
    /// a group) before the USER line. Unsafe: the copied files replace the final image's own
    /// account files.
    ///
    /// ## References
    /// - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    pub UnresolvableUser {
        code: "DH102",
        name: "unresolvable-user",
        severity: Error,
        category: Correctness,
        summary: "the final stage's `USER` names an account the image does not have",
    }
}

impl Rule for UnresolvableUser {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(fin) = model.final_stage() else {
            return;
        };
        if fin.facts.os == Os::Windows {
            return;
        }
        let Some(setting) = &fin.user else { return };
        let User::Name(name) = &setting.user else {
            return;
        };
        if model.lookup_user(fin.id, name) != UserLookup::Missing {
            return;
        }
        let root = model.chain_root(fin.id);
        let root_image = match &root.base {
            BaseImage::Registry(img) => img.text.as_str(),
            _ => root.base_word.value.as_str(),
        };
        let root_label = match &root.base {
            BaseImage::Scratch => "`scratch` is empty: it has no `/etc/passwd`".to_string(),
            _ if fin.facts.known_users.is_empty() => {
                format!("`{root_image}` has no `/etc/passwd` entries")
            }
            _ if fin.facts.known_users.len() > 6 => format!(
                "`{root_image}` only has its system accounts ({}, … {} in all)",
                fin.facts
                    .known_users
                    .iter()
                    .take(4)
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                fin.facts.known_users.len()
            ),
            _ => format!(
                "`{root_image}` only has {}",
                fin.facts
                    .known_users
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // The user may exist in another stage whose /etc/passwd is not copied.
        let elsewhere = model.stages.iter().find_map(|s| {
            s.created_users
                .iter()
                .find(|u| &u.name == name)
                .map(|u| (s, u))
        });
        let help = match elsewhere {
            // A final image with a shell can create the account itself.
            Some((s, _)) if fin.facts.shell.present() == Some(true) => format!(
                "create the account in the final stage (`RUN {} {name}`), copy it from stage \
                 `{}` (`COPY --from={} /etc/passwd /etc/passwd`), or use a numeric id \
                 (`USER 10001:10001`)",
                if fin.facts.package_manager == crate::model::images::PackageManager::Apt {
                    "useradd -r"
                } else {
                    "adduser -D"
                },
                s.display_name(),
                s.display_name()
            ),
            Some((s, _)) => format!(
                "copy the account from stage `{}`: `COPY --from={} /etc/passwd /etc/passwd`, \
                 or use a numeric id (`USER 10001:10001`)",
                s.display_name(),
                s.display_name()
            ),
            None if fin.facts.has_user("nonroot") => {
                "use the image's unprivileged user, `USER nonroot` (uid 65532)".to_string()
            }
            None => format!(
                "use a numeric id, which needs no `/etc/passwd` (`USER 10001:10001`), or create \
                 `{name}` in a builder stage and `COPY --from=<builder> /etc/passwd /etc/passwd`"
            ),
        };
        let fix = elsewhere.and_then(|(s, _)| passwd_fix(cx, s, fin, setting));
        let f = cx
            .report(
                &Self::META,
                setting.span,
                format!(
                    "user `{name}` does not exist in the final image: the container will fail \
                     to start"
                ),
            )
            .primary_label(format!("no `{name}` in `/etc/passwd`"))
            .help(help)
            .label(root.base_word.span, root_label)
            .fix_opt(fix);
        if let Some((s, u)) = elsewhere {
            f.label(
                u.span,
                format!(
                    "`{name}` is created in stage `{}`, whose `/etc/passwd` is not copied",
                    s.display_name()
                ),
            );
        }
    }
}

/// `COPY --from=<stage> /etc/passwd /etc/passwd` (and `/etc/group` when the USER names a
/// group that is not a number) inserted before the USER line, when the stage that creates the
/// user comes before the final stage's USER.
fn passwd_fix(
    cx: &Context<'_>,
    creator: &Stage,
    fin: &Stage,
    setting: &crate::model::UserSetting,
) -> Option<Fix> {
    if creator.id.0 >= setting.stage.0 || creator.id == fin.id {
        return None;
    }
    let user_ins = cx.model().instruction(setting.instruction)?;
    let from = match &creator.alias {
        Some(a) => cx.text(a.span).to_string(),
        None => creator.id.0.to_string(),
    };
    if from.is_empty() {
        return None;
    }
    let eol = cx.line_ending();
    let indent = fixtext::indentation(cx.source, user_ins.span.start);
    let mut lines = format!("{indent}COPY --from={from} /etc/passwd /etc/passwd{eol}");
    let named_group = setting
        .group
        .as_ref()
        .is_some_and(|g| !g.chars().all(|c| c.is_ascii_digit()));
    if named_group {
        lines.push_str(&format!("{indent}COPY --from={from} /etc/group /etc/group{eol}"));
    }
    Some(Fix::unsafe_edit(
        format!(
            "copy `/etc/passwd`{} from stage `{from}` before `USER {}`",
            if named_group { " and `/etc/group`" } else { "" },
            setting.text
        ),
        vec![Edit::insert(
            fixtext::line_start(cx.source, user_ins.span.start),
            lines,
        )],
    ))
}
