//! SC2251: `! cmd` under `set -e` never stops the script.
use super::prelude::*;
use crate::model::shell::ast::{Command, CommandKind, Pipeline};
use crate::model::shell::{Cx, Visitor};

declare_rule! {
    /// ## What it does
    /// Flags a command negated with `!` on its own (not in an `if`, `while`, `&&` or `||`)
    /// in a RUN that turns on `set -e`, unless it is the last command of the RUN.
    ///
    /// ## Why is this bad?
    /// `set -e` ignores the status of a command negated with `!`: `! grep -q secret
    /// /app/config` goes on with the build when the secret is found. The check the author
    /// meant never fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN set -e; ! grep -rq 'BEGIN PRIVATE KEY' /etc/ssl/private; rm -rf /tmp/build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN set -e; if grep -rq 'BEGIN PRIVATE KEY' /etc/ssl/private; then exit 1; fi; rm -rf /tmp/build
    /// ```
    ///
    /// ## Default
    /// On: the negated command is an assertion that cannot fail the build, which is almost
    /// always not what the author meant.
    ///
    /// ## Differences from ShellCheck
    /// ShellCheck also looks at the commands of a `case` branch; this rule does not. Stages of
    /// Windows images and PowerShell or cmd `SHELL`s are not checked.
    pub BangIgnoredByErrexit {
        code: "SC2251",
        name: "bang-ignored-by-errexit",
        severity: Warning,
        category: Correctness,
        summary: "`! cmd` under `set -e` never stops the build",
        mirrors: "ShellCheck SC2251",
    }
}

/// What the rule needs from the script outside its substitutions.
#[derive(Default)]
struct Outer<'a> {
    /// The pipeline being walked: its commands come right after it.
    current: Option<&'a Pipeline>,
    /// `!` pipelines that start an and-or list outside conditions: the pipeline and whether
    /// `&&`/`||` follows it.
    banged: Vec<(&'a Pipeline, bool)>,
    /// The spans of `case` and `( … )` commands.
    cases: Vec<Span>,
    subshells: Vec<Span>,
    /// The last simple command of the script.
    last: Option<Span>,
}

impl<'a> Visitor<'a> for Outer<'a> {
    fn pipeline(&mut self, p: &'a Pipeline, cx: &Cx) {
        if !cx.in_substitution {
            self.current = Some(p);
        }
    }

    fn command(&mut self, c: &'a Command, cx: &Cx) {
        if cx.in_substitution {
            return;
        }
        match &c.kind {
            CommandKind::Case(_) => self.cases.push(c.span),
            CommandKind::Subshell(_) => self.subshells.push(c.span),
            CommandKind::Simple(_) => self.last = Some(c.span),
            _ => {}
        }
        let Some(p) = self.current else { return };
        if cx.place.pipe_index != 0 || p.bang.is_none() || cx.in_condition {
            return;
        }
        if cx.place.after_op.is_none()
            && matches!(c.kind, CommandKind::Simple(_) | CommandKind::Brace(_))
        {
            self.banged.push((p, cx.place.before_op.is_some()));
        }
    }
}

/// The command itself when simple; for a `{ … }` group, the first simple command in it.
fn first_simple(c: &Command) -> Option<&Command> {
    let mut c = c;
    // bounded by the tree's depth guard
    loop {
        match &c.kind {
            CommandKind::Simple(_) => return Some(c),
            CommandKind::Brace(s) => c = s.items.first()?.and_or.first.commands.first()?,
            _ => return None,
        }
    }
}

fn within(spans: &[Span], s: Span) -> bool {
    spans.iter().any(|o| o.start <= s.start && s.end <= o.end)
}

impl Rule for BangIgnoredByErrexit {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            // A `!` pipeline of the outer script (the walk enters neither `sh -c` strings nor
            // substitutions here) is a `!` in the script's own text: without one there is
            // nothing to walk for (most scripts; the walk was 1.6% of a corpus run).
            if !sh.text(sh.script.script.span).contains('!') {
                continue;
            }
            let mut outer = Outer::default();
            sh.walk(&mut outer);
            // no `!` pipeline: nothing to find, and no look for `set -e` to pay for
            if outer.banged.is_empty() || !sh.sets_errexit() {
                continue;
            }
            let mut found = Vec::new();
            for (p, checked) in &outer.banged {
                let (Some(bang), Some(first)) = (p.bang, p.commands.first()) else {
                    continue;
                };
                // in `( … )` a lone negated command only sets the subshell's status
                if p.commands.len() == 1 && within(&outer.subshells, first.span) {
                    continue;
                }
                if *checked || outer.last.is_some_and(|l| within(&[p.span], l)) {
                    continue;
                }
                // a `case` branch: not looked at
                if within(&outer.cases, first.span) {
                    continue;
                }
                // `! { a | b; }` negates what the group runs: name its first command
                let Some(simple) = first_simple(first) else { continue };
                let name = match &simple.kind {
                    CommandKind::Simple(s) => s.words.first().and_then(|w| w.literal()).unwrap_or_default(),
                    _ => "",
                };
                found.push((Span::new(bang.start, simple.span.end), name.to_string()));
            }
            for (r, name) in found {
                cx.report(&Self::META, r, format!("`! {name} …` cannot fail the build: `set -e` ignores negated commands"))
                    .primary_label("status ignored")
                    .help(format!("write `if {name} …; then exit 1; fi`, or `{name} … && exit 1`"));
            }
        }
    }
}
