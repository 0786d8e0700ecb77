//! SC2155: `export X=$(cmd)` (and `declare`, `local`, `readonly`, `typeset`) hides the status
//! of `cmd`.
use super::prelude::*;
use crate::model::shell::ast::{PartKind, WordPart};

declare_rule! {
    /// ## What it does
    /// Flags `export`, `declare`, `local`, `readonly` and `typeset` given `NAME=…` whose value
    /// runs a command (`$( … )` or backticks).
    ///
    /// ## Why is this bad?
    /// The status of `export X=$(cmd)` is the status of `export`, which succeeds, not that of
    /// `cmd`. Under `set -e` (or with `&&` after it) a failing `cmd` goes unnoticed and the
    /// build goes on with an empty `X`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN set -e; export VERSION=$(cat /etc/debian_version); echo "$VERSION"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN set -e; VERSION=$(cat /etc/debian_version); export VERSION; echo "$VERSION"
    /// ```
    ///
    /// ## Default
    /// Off: on the corpus 625 of its 750 findings are `export GNUPGHOME="$(mktemp -d)"`, a
    /// command that does not fail in practice; the finding is right about the shell but
    /// rarely worth a change. Select it with `--select SC2155`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2155, including its exception for `local -r` inside a
    /// function. Stages of Windows images and PowerShell or cmd `SHELL`s are not checked.
    pub ExportMasksExitStatus {
        code: "SC2155",
        name: "export-masks-exit-status",
        severity: Warning,
        category: Correctness,
        summary: "`export X=$(cmd)` takes the status of `export`, not of `cmd`",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2155",
    }
}

const DECLARERS: &[&str] = &["export", "declare", "local", "readonly", "typeset"];

fn runs_command(parts: &[WordPart]) -> bool {
    parts.iter().any(|p| match &p.kind {
        PartKind::CommandSubst { .. } => true,
        PartKind::DoubleQuoted(inner) => runs_command(inner),
        _ => false,
    })
}

impl Rule for ExportMasksExitStatus {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                let Some(name) = c.words.first().and_then(|w| w.literal()) else { continue };
                if !DECLARERS.contains(&name) {
                    continue;
                }
                let flags: String = c.words[1..]
                    .iter()
                    .filter_map(|w| w.literal())
                    .filter(|t| t.starts_with('-') && !t.starts_with("--"))
                    .map(|t| &t[1..])
                    .collect();
                // `local -r x=$(f)` / `readonly`: the workaround is clumsy; ShellCheck lets it be
                // inside functions only, and RUN scripts rarely define them.
                if name == "local" && flags.contains('r') {
                    continue;
                }
                for w in &c.words[1..] {
                    let Some(first) = w.parts.first() else { continue };
                    if !matches!(first.kind, PartKind::Literal(_)) {
                        continue;
                    }
                    let t = sh.text(first.span);
                    let Some(eq) = t.find('=') else { continue };
                    let var = t[..eq].trim_end_matches('+');
                    if var.is_empty() || !var.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') || var.starts_with(|ch: char| ch.is_ascii_digit()) {
                        continue;
                    }
                    if runs_command(&w.parts[1..]) {
                        found.push((w.span, name.to_string(), var.to_string()));
                    }
                }
            }
            for (r, cmd, var) in found {
                cx.report(&Self::META, r, format!("`{cmd} {var}=…` succeeds even when the command that computes `{var}` fails"))
                    .primary_label("status of the command substitution lost")
                    .help(format!("assign first, then {cmd}: `{var}=$(…); {cmd} {var}`"));
            }
        }
    }
}
