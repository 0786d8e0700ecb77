//! Package-manager invocations of a RUN, as typed facts: which manager, which action, which
//! flags, which package operands (with the values of value-taking options dropped). Built once
//! per RUN from its simple commands, linear in their words. Model layer: no findings here.
//!
//! Options are read the way hadolint reads them: a long option `--name` or `--name=value` is
//! the flag `name`; a short option `-abc` is the flags `a`, `b` and `c`; `-` and `--` are no
//! flags. An option listed as taking a value drops the word after it (unless written
//! `--name=value`).

use super::stage::{Command, RunFact};
use crate::span::{Span, Spanned};

/// A package manager (or language installer) that rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    Npm,
    Gem,
    Go,
    Yarn,
}

impl Manager {
    /// The command as the user types it.
    pub fn command(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Yarn => "yarn",
        }
    }

    fn of(c: &Command) -> Option<Manager> {
        let name = c.name()?;
        Some(match name {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "aptitude" => Manager::Aptitude,
            "apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "zypper" => Manager::Zypper,
            "npm" => Manager::Npm,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            "yarn" => Manager::Yarn,
            n if n.starts_with("pip") && !n.starts_with("pipenv") && !n.starts_with("pipx") => {
                Manager::Pip
            }
            n if n.starts_with("python") && python_m_pip(c).is_some() => Manager::Pip,
            _ => return None,
        })
    }

    /// The actions after which the operands are packages.
    fn install_actions(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &["install"],
            Manager::Apk => &["add"],
            Manager::Yum | Manager::Dnf | Manager::Microdnf => &["install"],
            Manager::Zypper => &["install", "in"],
            Manager::Pip | Manager::Npm | Manager::Yarn => &["install"],
            Manager::Gem => &["install", "i"],
            Manager::Go => &["install", "get"],
        }
    }

    /// Options that take the next word as their value (long names and short letters).
    fn value_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &["t", "target-release"],
            Manager::Apk => &["t", "virtual", "repository", "X"],
            Manager::Pip => &[
                "abi",
                "b",
                "build",
                "e",
                "editable",
                "extra-index-url",
                "f",
                "find-links",
                "i",
                "index-url",
                "implementation",
                "no-binary",
                "only-binary",
                "platform",
                "prefix",
                "progress-bar",
                "proxy",
                "python",
                "python-version",
                "root",
                "root-user-action",
                "src",
                "t",
                "target",
                "trusted-host",
                "upgrade-strategy",
            ],
            Manager::Npm => &["loglevel", "registry"],
            Manager::Gem => &[
                "v",
                "version",
                "source",
                "s",
                "install-dir",
                "i",
                "bindir",
                "n",
                "platform",
            ],
            _ => &[],
        }
    }
}

/// `python -m pip …`: the index of `pip` among the command's arguments.
fn python_m_pip(c: &Command) -> Option<usize> {
    let args = c.args();
    args.windows(2)
        .position(|w| w[0].value == "-m" && w[1].value == "pip")
        .map(|i| i + 1)
}

/// One call of a package manager.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub manager: Manager,
    /// Index into `RunFact::commands`.
    pub command: usize,
    /// The install action word when the call installs (`install`, `add`, `in`, `get`).
    pub install: Option<Spanned<String>>,
    /// The operands after the install action that name packages (flag values dropped).
    pub packages: Vec<Spanned<String>>,
    /// The whole command.
    pub span: Span,
}

/// A command's options as hadolint reads them (see the module docs).
pub fn flags(c: &Command) -> impl Iterator<Item = (&str, usize)> {
    c.args().iter().enumerate().flat_map(|(i, w)| {
        let v = w.value.as_str();
        let out: Vec<(&str, usize)> = if v == "-" || v == "--" {
            Vec::new()
        } else if let Some(long) = v.strip_prefix("--") {
            vec![(long.split('=').next().unwrap_or(long), i)]
        } else if let Some(short) = v.strip_prefix('-') {
            short
                .char_indices()
                .map(|(k, ch)| (&short[k..k + ch.len_utf8()], i))
                .collect()
        } else {
            Vec::new()
        };
        out
    })
}

/// Whether the command has the option `name` (a long name or a short letter).
pub fn has_flag(c: &Command, name: &str) -> bool {
    flags(c).any(|(f, _)| f == name)
}

/// The arguments that are not options, without the values of the options in `value_options`.
pub fn operands<'a>(c: &'a Command, value_options: &[&str]) -> Vec<&'a Spanned<String>> {
    let args = c.args();
    let mut dropped = vec![false; args.len()];
    for (i, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if !v.starts_with('-') || v == "-" || v == "--" || v.contains('=') {
            continue;
        }
        let takes_value = if let Some(long) = v.strip_prefix("--") {
            value_options.contains(&long)
        } else {
            v[1..]
                .char_indices()
                .any(|(k, ch)| value_options.contains(&&v[1 + k..1 + k + ch.len_utf8()]))
        };
        if takes_value {
            // the value is the next word that is not itself an option
            if let Some(j) = (i + 1..args.len()).find(|&j| !args[j].value.starts_with('-')) {
                dropped[j] = true;
            }
        }
    }
    args.iter()
        .enumerate()
        .filter(|(i, w)| !dropped[*i] && !w.value.starts_with('-'))
        .map(|(_, w)| w)
        .collect()
}

pub(crate) fn invocations(commands: &[Command]) -> Vec<Invocation> {
    let mut out = Vec::new();
    for (ci, c) in commands.iter().enumerate() {
        let Some(manager) = Manager::of(c) else {
            continue;
        };
        let mut ops = operands(c, manager.value_options());
        if manager == Manager::Pip && c.name().is_some_and(|n| n.starts_with("python")) {
            // `python -m pip install …`: skip the module name
            if let Some(p) = python_m_pip(c).and_then(|i| c.args().get(i)) {
                ops.retain(|w| !std::ptr::eq(*w, p));
            }
        }
        let actions = manager.install_actions();
        let install = ops.iter().position(|w| actions.contains(&w.value.as_str()));
        let (install, packages) = match install {
            Some(i) => {
                let rest = ops[i + 1..]
                    .iter()
                    .filter(|w| !actions.contains(&w.value.as_str()) && w.value != "module")
                    .map(|w| (*w).clone())
                    .collect();
                (Some(ops[i].clone()), rest)
            }
            None => (None, Vec::new()),
        };
        out.push(Invocation {
            manager,
            command: ci,
            install,
            packages,
            span: c.span,
        });
    }
    out
}

impl RunFact {
    /// The package-manager calls of this RUN, in order.
    pub fn invocations(&self) -> &[Invocation] {
        &self.invocations
    }

    /// The calls of one manager.
    pub fn invocations_of(&self, m: Manager) -> impl Iterator<Item = &Invocation> {
        self.invocations.iter().filter(move |i| i.manager == m)
    }

    /// The command an invocation is.
    pub fn command_of(&self, inv: &Invocation) -> Option<&Command> {
        self.commands.get(inv.command)
    }

    /// Whether any command is named `name` with the argument `arg` (anywhere after the name).
    pub fn any_command_with(&self, name: &str, arg: &str) -> bool {
        self.commands_named(name).any(|c| c.has_arg(arg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, ModelOptions};
    use crate::parse::parse;

    fn first(src: &str) -> Vec<(Manager, Option<String>, Vec<String>)> {
        let m = Model::build(parse(src), &ModelOptions::default());
        m.stages[0].runs[0]
            .invocations()
            .iter()
            .map(|i| {
                (
                    i.manager,
                    i.install.as_ref().map(|w| w.value.clone()),
                    i.packages.iter().map(|p| p.value.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn packages_drop_flag_values() {
        let got = first("FROM debian\nRUN apt-get update && apt-get install -y -t bookworm-backports curl git=1:2.39\n");
        assert_eq!(got[0], (Manager::AptGet, None, vec![]));
        assert_eq!(
            got[1],
            (
                Manager::AptGet,
                Some("install".into()),
                vec!["curl".into(), "git=1:2.39".into()]
            )
        );
        let got = first(
            "FROM alpine\nRUN apk add --no-cache --virtual .deps gcc --repository=x musl-dev\n",
        );
        assert_eq!(got[0].2, ["gcc", "musl-dev"]);
        let got = first("FROM python\nRUN python3 -m pip install -i https://x flask\n");
        assert_eq!(
            got[0],
            (Manager::Pip, Some("install".into()), vec!["flask".into()])
        );
    }

    #[test]
    fn flags_read_like_hadolint() {
        let m = Model::build(
            parse("FROM debian\nRUN wget -qO- --progress=dot:giga x\n"),
            &ModelOptions::default(),
        );
        let c = &m.stages[0].runs[0].commands[0];
        assert!(has_flag(c, "q") && has_flag(c, "O") && has_flag(c, "progress"));
        assert!(!has_flag(c, "dot:giga"));
    }
}
