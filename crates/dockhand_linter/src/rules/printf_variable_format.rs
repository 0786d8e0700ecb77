//! SC2059: a variable in printf's format string.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `printf` whose format (its first argument after `-v NAME` and `--`) holds an
    /// expansion and no `%`.
    ///
    /// ## Why is this bad?
    /// printf reads `%` and `\` in the format: a value with `%s` or `\n` in it is not printed
    /// as written, and a value with `%` and no argument for it prints garbage or fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG GREETING="100% done"
    /// RUN printf "$GREETING\n" > /etc/motd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG GREETING="100% done"
    /// RUN printf '%s\n' "$GREETING" > /etc/motd
    /// ```
    ///
    /// ## Default
    /// Off: most values printed this way in builds are versions and paths without `%` or `\`.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2059. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub PrintfVariableFormat {
        code: "SC2059",
        name: "printf-variable-format",
        severity: Info,
        category: Correctness,
        summary: "a variable in `printf`'s format string is read as format",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2059",
    }
}

impl Rule for PrintfVariableFormat {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found = Vec::new();
            for c in sh.simple_commands() {
                let c = c.simple;
                if c.words.first().and_then(|w| w.literal()) != Some("printf") {
                    continue;
                }
                let mut args = c.words[1..].iter().peekable();
                if args.peek().and_then(|w| w.literal()) == Some("-v") {
                    args.next();
                    args.next();
                }
                if args.peek().and_then(|w| w.literal()) == Some("--") {
                    args.next();
                }
                let Some(format) = args.next() else { continue };
                if format.literal().is_none() && !sh.text(format.span).contains('%') {
                    found.push(format.span);
                }
            }
            for r in found {
                let shown = crate::model::shorten(sh.text(r), 40);
                cx.report(&Self::META, r, format!("`printf {shown}` reads `%` and `\\` in the value as format"))
                    .primary_label("variable format")
                    .help("give the value as an argument: `printf '%s\\n' \"$value\"`");
            }
        }
    }
}
