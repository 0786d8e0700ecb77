//! DH017: `CMD` / `ENTRYPOINT` in shell form.
use super::prelude::*;
use crate::parse::{ArgForm, Kind};

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`) in a stage
    /// where no `SHELL` instruction is in effect (in the stage, or in the stages it is built
    /// `FROM`), as BuildKit does. The finding's span is the command text, the part to write as
    /// a JSON array.
    ///
    /// ## Why is this bad?
    /// Shell form runs the command as `/bin/sh -c "…"`, so the shell is PID 1: `docker stop`'s
    /// SIGTERM goes to the shell, which does not pass it on, and the container is killed after
    /// the timeout instead of shutting down cleanly. Exec form (a JSON array) runs the program
    /// itself. Where shell features are wanted on purpose, an explicit
    /// `SHELL ["/bin/sh", "-c"]` before the instruction says so and silences this check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// CMD node server.js
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-alpine
    /// CMD ["node", "server.js"]
    /// ```
    pub JsonArgsRecommended {
        code: "DH017",
        name: "json-args-recommended",
        severity: Warning,
        category: Correctness,
        summary: "`CMD` or `ENTRYPOINT` in shell form: signals go to the shell, not the program",
        aliases: ["JSONArgsRecommended", "DL3025"],
    }
}

/// The exec form of a shell-form command: its words, or, when it uses shell syntax (quotes,
/// operators, variables), `sh -c` (with `exec` for a single command, so that the program
/// becomes PID 1).
fn exec_form(name: &str, cmd: &str) -> String {
    let quote = |w: &str| format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
    const SHELL_SYNTAX: &str = "&|;<>$`*?(){}[]'\"\\~#";
    if cmd.contains(|c: char| SHELL_SYNTAX.contains(c)) {
        // `exec` only for one command: with `&&`, `|` or `;` the rest would never run
        let script = if cmd.contains(['&', '|', ';', '\n']) {
            cmd.to_string()
        } else {
            format!("exec {cmd}")
        };
        format!("{name} [\"/bin/sh\", \"-c\", {}]", quote(&script))
    } else {
        let words: Vec<String> = cmd.split_whitespace().map(quote).collect();
        format!("{name} [{}]", words.join(", "))
    }
}

impl Rule for JsonArgsRecommended {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // whether a SHELL is in effect at the end of each stage, stages in order (a stage is
        // only built FROM an earlier one)
        let mut shell_at_end = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut shell = match stage.base {
                BaseImage::Stage(p) => shell_at_end.get(p.0).copied().unwrap_or(false),
                _ => false,
            };
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                match ins.kind {
                    Kind::Shell => shell = true,
                    Kind::Cmd | Kind::Entrypoint if ins.form == ArgForm::Shell && !shell => {
                        let name = ins.kind.as_str();
                        let cmd = ins.rest.value.trim();
                        let example = exec_form(name, cmd);
                        cx.report(
                            &Self::META,
                            ins.rest.span,
                            format!("`{name} {cmd}` is in shell form: `/bin/sh -c` runs it and gets the signals"),
                        )
                        .help(format!(
                            "write it as a JSON array, e.g. `{example}`, or put `SHELL [\"/bin/sh\", \"-c\"]` before it if the shell is wanted"
                        ));
                    }
                    _ => {}
                }
            }
            shell_at_end.push(shell);
        }
    }
}
