//! SC2166: `[ p -a q ]` / `[ p -o q ]` is not well defined
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `-a` and `-o` used to join two tests inside one `[ … ]`.
    ///
    /// ## Why is this bad?
    /// POSIX marks the binary `-a` and `-o` obsolescent: with operands that look like
    /// operators (`!`, `(`, `-f`) the shell can read the expression another way. Two tests
    /// joined with `&&` or `||` mean one thing in every shell.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN if [ -f /a -o -f /b ]; then echo found; fi
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN if [ -f /a ] || [ -f /b ]; then echo found; fi
    /// ```
    ///
    /// ## Default
    /// Off: one corpus finding; with the plain operands builds use it works as meant.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2166 (for `[`, not `test`). Stages of Windows images
    /// and PowerShell or cmd `SHELL`s are not checked.
    pub TestAndOrFlags {
        code: "SC2166",
        name: "test-and-or-flags",
        severity: Warning,
        category: Portability,
        summary: "`[ p -a q ]` / `[ p -o q ]` is not well defined",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2166",
    }
}

impl Rule for TestAndOrFlags {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                if c.words.first().and_then(|w| w.literal()) != Some("[") {
                    continue;
                }
                let words: Vec<Option<&str>> = c.words.iter().map(|w| w.literal()).collect();
                for i in 2..words.len() {
                    let Some(op) = words[i] else { continue };
                    if op != "-a" && op != "-o" {
                        continue;
                    }
                    // binary: an operand before it, and one after it
                    if matches!(words[i - 1], Some("!" | "(" | "-a" | "-o")) || i + 2 > words.len() - 1 {
                        continue;
                    }
                    found.push((c.words[i].span, op.to_string()));
                }
            }
            for (r, op) in found {
                let joined = if op == "-a" { "&&" } else { "||" };
                cx.report(&Self::META, r, format!("`{op}` joining two tests in `[ … ]` is not well defined"))
                    .primary_label("obsolescent operator")
                    .help(format!("write two tests: `[ p ] {joined} [ q ]`"));
            }
        }
    }
}
