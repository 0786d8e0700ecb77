//! SC2251: `! cmd` under `set -e` never stops the script.
use super::prelude::*;
use super::sc_support::{has_set_e, Conn, Item};

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

impl Rule for BangIgnoredByErrexit {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_scripts() {
            // no `!` or no `set` in the text: nothing to find, and no parse to pay for
            if !sh.src.contains('!') || !sh.src.contains("set") || !has_set_e(sh.script(), sh.src) {
                continue;
            }
            let mut found = Vec::new();
            let items = &sh.script().items;
            let mut in_case = 0usize;
            for (i, it) in items.iter().enumerate() {
                match it {
                    Item::Case(_) => in_case += 1,
                    Item::Esac => in_case = in_case.saturating_sub(1),
                    _ => {}
                }
                let Item::Cmd(c) = it else { continue };
                let Some(bang) = &c.bang else { continue };
                if c.before != Conn::Sep || c.in_condition || c.subshell && c.after != Conn::Pipe {
                    continue;
                }
                // the end of the pipeline `!` applies to
                let mut end = c;
                let mut j = i;
                while end.after == Conn::Pipe {
                    match items.get(j + 1) {
                        Some(Item::Cmd(n)) => {
                            end = n;
                            j += 1;
                        }
                        _ => break,
                    }
                }
                if end.after != Conn::Sep || end.last_in_script {
                    continue;
                }
                // a `case` branch: not looked at
                if in_case > 0 {
                    continue;
                }
                found.push((bang.start..c.range.end, c.name(sh.src).unwrap_or_default()));
            }
            for (r, name) in found {
                cx.report(&Self::META, sh.span(&r), format!("`! {name} …` cannot fail the build: `set -e` ignores negated commands"))
                    .primary_label("status ignored")
                    .help(format!("write `if {name} …; then exit 1; fi`, or `{name} … && exit 1`"));
            }
        }
    }
}
