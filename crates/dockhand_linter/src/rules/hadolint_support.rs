//! What the rules ported from hadolint share: the RUNs they look at, and one way to report an
//! install that pins no version. Not a rule.

use super::prelude::*;
use crate::model::images::Os;
use crate::model::invocations::{Invocation, Manager};
use crate::model::RunFact;

/// Whether a stage runs a POSIX shell: not a Windows image, and no `SHELL` naming PowerShell or
/// cmd. hadolint reads RUN as POSIX shell everywhere and so misreads Windows stages.
pub(crate) fn posix_stage(stage: &Stage) -> bool {
    if stage.facts.os == Os::Windows {
        return false;
    }
    match &stage.shell {
        Some(sh) => !sh.value.first().is_some_and(|s| {
            let s = s.to_ascii_lowercase();
            s.contains("pwsh") || s.contains("powershell") || s.contains("cmd")
        }),
        None => true,
    }
}

/// Every RUN of every stage that runs a POSIX shell, with its stage; `ONBUILD RUN`s too (as
/// hadolint checks them), after the stage's own.
pub(crate) fn posix_runs(model: &Model) -> impl Iterator<Item = (&Stage, &RunFact)> {
    model
        .stages
        .iter()
        .filter(|s| posix_stage(s))
        .flat_map(|s| s.runs.iter().chain(&s.onbuild_runs).map(move |r| (s, r)))
}

/// The shell-form RUN scripts of the POSIX stages (ONBUILD ones too), as ShellCheck reads
/// them: what the SC rules check.
pub(crate) fn sh_runs(model: &Model) -> Vec<crate::model::run_scripts::RunScript<'_>> {
    posix_runs(model)
        .filter_map(|(s, r)| model.run_script(s, r))
        .collect()
}

/// Every install call of `managers` in POSIX stages.
pub(crate) fn installs<'m>(
    model: &'m Model,
    managers: &'m [Manager],
) -> impl Iterator<Item = (&'m Stage, &'m RunFact, &'m Invocation)> + 'm {
    posix_runs(model).flat_map(move |(s, r)| {
        r.invocations()
            .iter()
            .filter(move |i| managers.contains(&i.manager) && i.install.is_some())
            .map(move |i| (s, r, i))
    })
}

/// `a`, `b` and `c` (and 2 more) — for messages naming several values.
pub(crate) fn list(values: &[&str]) -> String {
    let shown: Vec<String> = values.iter().take(3).map(|v| format!("`{v}`")).collect();
    let mut s = shown.join(", ");
    if values.len() > 3 {
        s.push_str(&format!(" and {} more", values.len() - 3));
    }
    s
}

/// Reports one install call whose packages in `unpinned` pin no version: at the first of them,
/// naming them all. `example` is how the first is pinned (`curl=<version>`).
pub(crate) fn report_unpinned(
    cx: &mut Context<'_>,
    meta: &'static RuleMeta,
    inv: &Invocation,
    unpinned: &[&Spanned<String>],
    example: impl Fn(&str) -> String,
) {
    let Some(first) = unpinned.first() else {
        return;
    };
    let names: Vec<&str> = unpinned.iter().map(|p| p.value.as_str()).collect();
    let action = inv.install.as_ref().map_or("install", |w| w.value.as_str());
    let plural = if names.len() == 1 { "" } else { "s" };
    cx.report(
        meta,
        first.span,
        format!(
            "`{} {action}` pins no version of {}",
            inv.manager.command(),
            list(&names)
        ),
    )
    .primary_label(format!("unpinned package{plural}"))
    .help(format!(
        "pin each package, e.g. `{}`; or leave this rule off (pinned versions disappear from the mirrors and break the build)",
        example(&first.value)
    ));
}

/// The names in `${NAME}` and `$NAME` of a word.
pub(crate) fn variables(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let start = if b.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let mut end = start;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                end += 1;
            }
            if end > start {
                out.push(&word[start..end]);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a variable is declared by an ARG (global or of the stage) or an ENV of the stage.
pub(crate) fn declared(model: &Model, stage: &Stage, name: &str) -> bool {
    stage.arg(name).is_some()
        || stage.env_var(name).is_some()
        || model.global_args.iter().any(|a| &*a.name == name)
}

/// The rpm pinning rules (DL3033 for yum, DL3041 for dnf and microdnf): one finding per
/// install naming its packages without a version; for `module install`, its modules without a
/// `:stream`. With `skip_groups` (dnf), `group install` is not checked, nor an install whose
/// command is not known.
pub(crate) fn report_unpinned_rpm(
    cx: &mut Context<'_>,
    meta: &'static RuleMeta,
    managers: &[Manager],
    skip_groups: bool,
) {
    let model = cx.model();
    for (stage, run, inv) in installs(model, managers) {
        let command = run.command_of(inv);
        if skip_groups && command.is_none_or(|c| c.has_arg("group")) {
            continue;
        }
        let module = command.is_some_and(|c| c.has_arg("module"));
        let unpinned: Vec<&Spanned<String>> = inv
            .packages
            .iter()
            .filter(|p| {
                if module {
                    !p.value.contains(':')
                } else {
                    !rpm_version_fixed(model, stage, &p.value)
                }
            })
            .collect();
        report_unpinned(cx, meta, inv, &unpinned, |p| {
            if module {
                format!("{p}:<stream>")
            } else {
                format!("{p}-<version>")
            }
        });
    }
}

/// An rpm package word (`yum`/`dnf install`) carries a version: `name-1.2.3`, a `.rpm` file,
/// or a variable the Dockerfile declares (hadolint's reading).
pub(crate) fn rpm_version_fixed(model: &Model, stage: &Stage, package: &str) -> bool {
    // a package file carries its version (hadolint misses `./local.rpm`, which has no `-`)
    if package.ends_with(".rpm") {
        return true;
    }
    let mut parts = package.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    if package.contains('$') {
        return variables(package).iter().any(|v| declared(model, stage, v));
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || ".~^_:+".contains(c);
    rest.iter().all(|p| p.chars().all(valid))
        && rest
            .iter()
            .any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
}

/// The commands of a RUN named one of `names` with one of `args` among their arguments
/// (hadolint's "command has argument" test), in order.
pub(crate) fn commands_with<'r>(
    run: &'r RunFact,
    names: &'r [&'r str],
    args: &'r [&'r str],
) -> impl Iterator<Item = (usize, &'r crate::model::Command)> + 'r {
    run.commands.iter().enumerate().filter(move |(_, c)| {
        c.words
            .first()
            .is_some_and(|w| names.contains(&w.value.as_str()))
            && c.args().iter().any(|a| args.contains(&a.value.as_str()))
    })
}

/// Whether the RUN has a cache or tmpfs mount whose target contains `frag`.
pub(crate) fn cache_mount(run: &RunFact, frag: &str) -> bool {
    run.mounts.iter().any(|m| {
        matches!(m.kind.as_str(), "cache" | "tmpfs")
            && m.target.as_deref().is_some_and(|t| t.contains(frag))
    })
}

/// The first install-like command (`names` with one of `installs`) that no cleaning command
/// (`is_clean`) follows in the same RUN.
pub(crate) fn uncleaned<'r>(
    run: &'r RunFact,
    names: &'r [&'r str],
    installs: &'r [&'r str],
    is_clean: impl Fn(&crate::model::Command) -> bool,
) -> Option<&'r crate::model::Command> {
    let (i, c) = commands_with(run, names, installs).next()?;
    let cleaned = run.commands[i + 1..].iter().any(is_clean);
    (!cleaned).then_some(c)
}
