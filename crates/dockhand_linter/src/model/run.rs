//! RUN instructions split once: simple commands with source spans, `--mount` flags, packages
//! installed and removed by system package managers, and user accounts created.

use super::shell;
use super::stage::{Command, CreatedUser, Mount, Package, RunFact};
use crate::parse::{ArgForm, Instruction};
use crate::span::{Span, Spanned};

/// Shells whose heredoc body is a script (`RUN <<EOF`, `RUN bash <<EOF`).
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];

/// What decides how a RUN's script is read: the dialect of the shell that runs it, from the
/// stage's SHELL, the base image's `/bin/sh` or a `# hadolint shell=` pragma.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ShellCtx {
    pub dialect: shell::Dialect,
    /// The stage's SHELL passes `-o pipefail` (or `-eo pipefail`…).
    pub pipefail: bool,
}

pub(crate) fn run_fact(idx: usize, ins: &Instruction, _escape: char, cx: ShellCtx) -> RunFact {
    let mut commands = Vec::new();
    let mut scripts = Vec::new();
    let exec_form = ins.form == ArgForm::Json;
    if exec_form {
        let words: Vec<Spanned<String>> = ins.args.clone();
        if !words.is_empty() {
            let span = words[0].span.cover(words[words.len() - 1].span);
            commands.push(Command {
                words,
                assignments: Vec::new(),
                span,
                piped: false,
            });
        }
        // `["sh", "-c", "…"]` runs its argument as a script too.
        if let Some((i, dialect)) = exec_sh_c(&ins.args, cx.dialect) {
            let script = &ins.args[i];
            let span = script.span;
            let parsed = shell::parse(
                &script.value,
                &|_, _| span,
                dialect,
                shell::ScriptSource::ExecForm,
            );
            push_flat(&parsed, &mut commands);
            scripts.push(parsed);
        }
    } else if let Some(script) = ins.args.first() {
        let text = &script.value;
        let hint = std::cell::Cell::new(0);
        let line = shell::parse(
            text,
            &|s, e| ins.rest_span_hinted(s, e, &hint),
            cx.dialect,
            shell::ScriptSource::Line,
        );
        push_flat(&line, &mut commands);
        // A heredoc whose body is run by a shell: `RUN <<EOF` or `RUN bash <<EOF`.
        let line_is_shell = commands.is_empty()
            || commands
                .iter()
                .all(|c| c.name().is_none_or(|n| SHELLS.contains(&n)));
        let line_shell = commands
            .iter()
            .find_map(|c| c.name())
            .and_then(shell::Dialect::from_program);
        scripts.push(line);
        if line_is_shell {
            for (k, h) in ins.heredocs.iter().enumerate() {
                let base = h.body.start;
                // `#!/bin/bash` on the body's first line, else the program on the RUN line
                // (`RUN bash <<EOF`), else the stage's shell.
                let dialect = shebang(&h.content)
                    .or(line_shell.map(|d| {
                        if d == shell::Dialect::Sh {
                            cx.dialect
                        } else {
                            d
                        }
                    }))
                    .unwrap_or(cx.dialect);
                let body = shell::parse(
                    &h.content,
                    &|s, e| Span::new(base + s, base + e),
                    dialect,
                    shell::ScriptSource::Heredoc(k),
                );
                push_flat(&body, &mut commands);
                scripts.push(body);
            }
        }
    }
    // PowerShell and cmd scripts are not sh: no AST for them (their commands, split as words,
    // stay for the rules that read only names).
    scripts.retain(|s| s.dialect.is_sh());
    let mounts = ins
        .flags
        .iter()
        .filter(|f| f.name.value == "mount")
        .filter_map(|f| f.value.as_ref().map(|v| parse_mount(&v.value, f.span)))
        .collect();
    let (installs, removes) = packages(&commands);
    let invocations = super::invocations::invocations(&commands);
    RunFact {
        instruction: idx,
        commands,
        scripts,
        dialect: cx.dialect,
        shell_pipefail: cx.pipefail,
        mounts,
        exec_form,
        installs,
        removes,
        invocations,
        span: ins.span,
        keyword: ins.keyword,
        assigned_index: Default::default(),
    }
}

/// The program of a `#!` first line (`#!/bin/bash`, `#!/usr/bin/env bash`).
pub(crate) fn shebang(body: &str) -> Option<shell::Dialect> {
    let first = body.lines().next()?.strip_prefix("#!")?;
    let mut words = first.split_whitespace();
    let prog = words.next()?;
    let prog = if prog.ends_with("/env") {
        words.find(|w| !w.starts_with('-'))?
    } else {
        prog
    };
    shell::Dialect::from_program(prog)
}

/// `["sh", "-c", "script", …]`: the index of the script and the shell's dialect.
fn exec_sh_c(args: &[Spanned<String>], sh: shell::Dialect) -> Option<(usize, shell::Dialect)> {
    let first = args.first()?;
    let base = super::paths::file_name(&first.value);
    if !SHELLS.contains(&base) {
        return None;
    }
    let dialect = match shell::Dialect::from_program(base)? {
        shell::Dialect::Sh => sh,
        d => d,
    };
    let pos = args[1..].iter().position(|w| {
        w.value == "-c"
            || w.value.ends_with('c') && w.value.starts_with('-') && !w.value.starts_with("--")
    })?;
    let i = pos + 2;
    (i < args.len()).then_some((i, dialect))
}

/// The flat command list of a parsed script, as [`Command`]s (spans are already the
/// Dockerfile's).
fn push_flat(script: &shell::ShellScript, out: &mut Vec<Command>) {
    // Straight from the tree: each text is copied once, into a Vec of the right size.
    script.each_flat(|c| {
        let mut words = Vec::with_capacity(c.word_count());
        c.each_word(|t, s, e| words.push(Spanned::new(t.to_string(), Span::new(s, e))));
        let assignments = c
            .assignments()
            .iter()
            .map(|a| {
                let v = &a.value;
                (a.name.clone(), Spanned::new(v.text.clone(), v.span))
            })
            .collect();
        out.push(Command {
            span: c.span,
            piped: c.connector == shell::Connector::Pipe,
            words,
            assignments,
        });
    });
}

/// `type=cache,target=/root/.cache,from=builder` into a `Mount`.
fn parse_mount(value: &str, span: Span) -> Mount {
    let mut m = Mount {
        kind: "bind".to_string(),
        span,
        ..Mount::default()
    };
    for part in value.split(',') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let v = v.trim_matches('"').to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "type" => m.kind = v,
            "target" | "dst" | "destination" => m.target = Some(v),
            "source" | "src" => m.source = Some(v),
            "from" => m.from = Some(v),
            _ => {}
        }
    }
    m
}

/// Packages installed and removed by apt, apk, dnf/yum/microdnf, zypper and pacman.
fn packages(commands: &[Command]) -> (Vec<Package>, Vec<Package>) {
    let mut installs = Vec::new();
    let mut removes = Vec::new();
    for c in commands {
        let Some(name) = c.name() else { continue };
        let sub = c.subcommand().map(|s| s.value.as_str());
        let target = match (name, sub) {
            ("apt-get" | "apt" | "aptitude", Some("install")) => Some(true),
            ("apt-get" | "apt" | "aptitude", Some("purge" | "remove" | "autoremove")) => {
                Some(false)
            }
            ("apk", Some("add")) => Some(true),
            ("apk", Some("del")) => Some(false),
            ("dnf" | "yum" | "microdnf" | "tdnf", Some("install")) => Some(true),
            ("dnf" | "yum" | "microdnf" | "tdnf", Some("remove" | "erase" | "autoremove")) => {
                Some(false)
            }
            ("zypper", Some("install" | "in")) => Some(true),
            ("zypper", Some("remove" | "rm")) => Some(false),
            _ => None,
        };
        let Some(install) = target else { continue };
        // Options that take a value in these tools (`-t`/`--virtual` name a group for apk).
        let mut skip_next = false;
        let mut seen_sub = false;
        for w in c.args() {
            if skip_next {
                skip_next = false;
                // apk's virtual package name is itself installed (and can be removed)
                if install && name == "apk" {
                    installs.push(Package {
                        name: w.value.clone(),
                        span: w.span,
                    });
                }
                continue;
            }
            let v = w.value.as_str();
            if v.starts_with('-') {
                if matches!(
                    v,
                    "-t" | "--virtual"
                        | "-o"
                        | "--option"
                        | "-c"
                        | "--repository"
                        | "-X"
                        | "--setopt"
                        | "--enablerepo"
                        | "--disablerepo"
                        | "--root"
                        | "-p"
                ) {
                    skip_next = true;
                }
                continue;
            }
            if !seen_sub {
                seen_sub = true;
                continue;
            }
            if v.contains('$') || v.is_empty() {
                continue;
            }
            // strip version pins: gcc=12.2.0-14, gcc~12, musl-dev>1.2
            let name = v
                .split(['=', '~', '<', '>'])
                .next()
                .unwrap_or(v)
                .to_string();
            let p = Package { name, span: w.span };
            if install {
                installs.push(p);
            } else {
                removes.push(p);
            }
        }
    }
    (installs, removes)
}

/// Options of adduser/useradd that take a value (short letters, long names).
const USER_OPT_SHORT: &str = "ugGdsckefKpbZh";
const USER_OPT_LONG: &[&str] = &[
    "uid",
    "gid",
    "home",
    "shell",
    "gecos",
    "ingroup",
    "comment",
    "home-dir",
    "groups",
    "expiredate",
    "inactive",
    "key",
    "password",
    "base-dir",
    "skel",
    "firstuid",
    "lastuid",
    "root",
    "prefix",
    "selinux-user",
    "extrausers",
    "conf",
];

/// Accounts created by `adduser NAME` / `useradd NAME` in this RUN.
pub(crate) fn created_users(run: &RunFact) -> Vec<CreatedUser> {
    let mut out = Vec::new();
    for c in &run.commands {
        if !matches!(c.name(), Some("adduser" | "useradd")) {
            continue;
        }
        let mut skip = false;
        for w in c.args() {
            if skip {
                skip = false;
                continue;
            }
            let v = w.value.as_str();
            if let Some(long) = v.strip_prefix("--") {
                if !long.contains('=') && USER_OPT_LONG.contains(&long) {
                    skip = true;
                }
                continue;
            }
            if let Some(short) = v.strip_prefix('-') {
                if short.len() == 1 && USER_OPT_SHORT.contains(short) {
                    skip = true;
                } else if let Some(last) = short.chars().last() {
                    // `-Du` then a value; `-u1000` carries its value inline
                    if short.len() > 1
                        && USER_OPT_SHORT.contains(last)
                        && short.chars().all(|ch| ch.is_ascii_alphabetic())
                    {
                        skip = true;
                    }
                }
                continue;
            }
            if !v.contains('$') && !v.is_empty() {
                out.push(CreatedUser {
                    name: v.to_string(),
                    span: w.span,
                    instruction: run.instruction,
                });
            }
            break;
        }
    }
    out
}
