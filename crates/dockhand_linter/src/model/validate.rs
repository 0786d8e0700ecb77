//! Instruction validation: the errors BuildKit raises after parsing (an unknown flag, a wrong
//! number of arguments, an instruction before the first FROM, SHELL not in JSON form). This is
//! the only place that raises them (the model is built from the same tree without judging it),
//! and it raises at most one per instruction: the first of its checks that fails, and none for
//! an instruction the parser has already reported.

use crate::diagnostic::edit_distance;
use crate::parse::{ArgForm, Dockerfile, Instruction, Kind, ParseError};
use crate::span::Span;

/// Flags each instruction accepts (BuildKit's `instructions.Parse`).
fn allowed_flags(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::From => &["platform"],
        Kind::Run => &["mount", "network", "security", "device"],
        Kind::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Kind::Add => &[
            "chown",
            "chmod",
            "link",
            "keep-git-dir",
            "checksum",
            "exclude",
            "unpack",
            "parents",
        ],
        Kind::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

/// The instruction errors of a file, in instruction order, at most one per instruction.
pub(super) fn validate(df: &Dockerfile) -> Vec<ParseError> {
    // Where the parser's errors start, in order, to find the instructions it reported.
    let mut parsed: Vec<usize> = df.errors.iter().map(|e| e.span.start).collect();
    parsed.sort_unstable();
    let mut next_parsed = 0;
    let mut in_stage = false;
    let mut out = Vec::new();
    for ins in &df.instructions {
        in_stage |= ins.kind == Kind::From;
        while parsed.get(next_parsed).is_some_and(|&s| s < ins.span.start) {
            next_parsed += 1;
        }
        if parsed.get(next_parsed).is_some_and(|&s| s <= ins.span.end) {
            continue;
        }
        if let Some(e) = check(ins, in_stage) {
            out.push(e);
        }
    }
    out
}

fn error(span: Span, message: impl Into<String>, help: Option<&str>) -> Option<ParseError> {
    Some(ParseError {
        message: message.into(),
        span,
        help: help.map(str::to_string),
    })
}

/// The first error of one instruction. `in_stage`: a FROM came before it (or it is one).
fn check(ins: &Instruction, in_stage: bool) -> Option<ParseError> {
    if let Some(e) = unknown_flag(ins) {
        return Some(e);
    }
    if let Some(e) = no_arguments(ins) {
        return Some(e);
    }
    if !in_stage {
        if ins.kind == Kind::Arg {
            return None;
        }
        return error(
            ins.keyword,
            format!(
                "{} before the first FROM: only ARG may come before FROM",
                ins.cmd.to_uppercase()
            ),
            Some("move it into a stage, after a FROM"),
        );
    }
    let kind = ins.kind.as_str();
    match ins.kind {
        Kind::From => from(ins),
        Kind::Env if ins.args.is_empty() => {
            error(ins.span, "ENV requires at least one argument", None)
        }
        Kind::User if ins.args.is_empty() => error(ins.span, "USER requires a user name", None),
        Kind::Workdir if ins.args.is_empty() => error(ins.span, "WORKDIR requires a path", None),
        Kind::Shell if ins.form != ArgForm::Json => error(
            ins.span,
            "SHELL requires the arguments to be in JSON form",
            Some("write `SHELL [\"/bin/bash\", \"-c\"]`"),
        ),
        Kind::Copy | Kind::Add if !has_destination(ins) => error(
            ins.span,
            format!("{kind} requires at least two arguments, but only one was provided"),
            Some("give a source and a destination"),
        ),
        Kind::Run if ins.args.is_empty() && ins.heredocs.is_empty() => {
            error(ins.span, "RUN requires at least one argument", None)
        }
        Kind::Expose
        | Kind::Volume
        | Kind::Label
        | Kind::Stopsignal
        | Kind::Maintainer
        | Kind::Healthcheck
        | Kind::Onbuild
            if ins.args.is_empty() && ins.sub.is_none() =>
        {
            error(
                ins.span,
                format!("{kind} requires at least one argument"),
                None,
            )
        }
        _ => None,
    }
}

/// A flag the instruction does not take.
fn unknown_flag(ins: &Instruction) -> Option<ParseError> {
    if ins.kind == Kind::Unknown {
        return None;
    }
    let allowed = allowed_flags(ins.kind);
    let kind = ins.kind.as_str();
    let f = ins
        .flags
        .iter()
        .find(|f| !allowed.contains(&f.name.value.as_str()))?;
    let help = if allowed.is_empty() {
        format!("{kind} takes no flags")
    } else {
        let close = allowed
            .iter()
            .find(|a| edit_distance(a, &f.name.value) <= 2)
            .map(|a| format!("did you mean `--{a}`? "))
            .unwrap_or_default();
        let all: Vec<String> = allowed.iter().map(|a| format!("`--{a}`")).collect();
        format!("{close}{kind} accepts {}", all.join(", "))
    };
    error(
        f.name.span,
        format!("unknown flag `--{}` for {kind}", f.name.value),
        Some(&help),
    )
}

/// BuildKit's arity errors for instructions with nothing at all after the keyword and flags
/// (malformed arguments, such as `ENV NOVALUE`, are the parser's errors).
fn no_arguments(ins: &Instruction) -> Option<ParseError> {
    if !ins.args.is_empty() || ins.sub.is_some() || !ins.rest.value.trim().is_empty() {
        return None;
    }
    match ins.kind {
        Kind::Env | Kind::Arg | Kind::Onbuild | Kind::Healthcheck => error(
            ins.span,
            format!("{} requires at least one argument", ins.kind.as_str()),
            None,
        ),
        Kind::Workdir => error(ins.span, "WORKDIR requires exactly one argument", None),
        _ => None,
    }
}

fn from(ins: &Instruction) -> Option<ParseError> {
    let args = &ins.args;
    if args.len() != 1 && args.len() != 3 {
        return error(
            ins.span,
            format!(
                "FROM requires either one or three arguments, got {}",
                args.len()
            ),
            Some("write `FROM image[:tag] [AS name]`"),
        );
    }
    match args.get(1) {
        Some(a) if !a.value.eq_ignore_ascii_case("as") => error(
            a.span,
            format!("expected `AS` after the image, found `{}`", a.value),
            Some("write `FROM image AS name`"),
        ),
        _ => None,
    }
}

/// COPY and ADD need a destination after their sources; heredoc markers are sources.
fn has_destination(ins: &Instruction) -> bool {
    let heredoc = !ins.heredocs.is_empty();
    let words = ins
        .args
        .iter()
        .filter(|w| !ins.heredocs.iter().any(|h| h.marker == w.span))
        .count();
    words >= 2 || (heredoc && words > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn messages(src: &str) -> Vec<String> {
        validate(&parse(src))
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn one_error_per_instruction() {
        // two unknown flags: the first is reported
        assert_eq!(
            messages("FROM alpine\nRUN --foo --bar echo\n"),
            ["unknown flag `--foo` for RUN"]
        );
        // an unknown flag before the first FROM: the flag, not also the position
        assert_eq!(
            messages("ENV --x=1 A=b\nFROM alpine\n"),
            ["unknown flag `--x` for ENV"]
        );
        // FROM with four arguments: the count, not also the missing AS
        assert_eq!(
            messages("FROM a b c d\n"),
            ["FROM requires either one or three arguments, got 4"]
        );
        // each instruction still gets its own
        assert_eq!(
            messages("RUN echo\nFROM a\nUSER\nCOPY x\n"),
            [
                "RUN before the first FROM: only ARG may come before FROM",
                "USER requires a user name",
                "COPY requires at least two arguments, but only one was provided",
            ]
        );
    }

    #[test]
    fn instructions_the_parser_reported_get_none() {
        let df = parse("FROM alpine\nRUN --foo <<EOF\necho\n");
        assert!(
            !df.errors.is_empty(),
            "an unterminated heredoc is a parse error"
        );
        // the unknown flag alone would be reported
        assert!(check(&df.instructions[1], true).is_some());
        assert!(validate(&df).is_empty());
    }

    #[test]
    fn heredoc_markers_are_sources() {
        assert!(messages("FROM a\nCOPY <<EOF /x\nhi\nEOF\n").is_empty());
        assert_eq!(
            messages("FROM a\nCOPY <<EOF\nhi\nEOF\n"),
            ["COPY requires at least two arguments, but only one was provided"]
        );
    }
}
