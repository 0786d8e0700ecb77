//! What the package-manager rules' fixes share: inserting an option right after a word of a
//! RUN command (`apt-get install` → `apt-get install --no-install-recommends`). Not a rule.

use super::prelude::*;
use crate::model::RunFact;
use crate::parse::Instruction;

/// Whether `span` lies in the text of `ins` outside its heredoc bodies (and those of the
/// instruction an `ONBUILD` wraps).
fn on_instruction_lines(ins: &Instruction, span: Span) -> bool {
    let in_body = |i: &Instruction| {
        i.heredocs
            .iter()
            .any(|h| h.body.start < span.end && span.start < h.body.end)
    };
    ins.span.start <= span.start
        && span.end <= ins.span.end
        && !in_body(ins)
        && !ins.sub.as_deref().is_some_and(in_body)
}

/// A safe fix inserting ` option` right after `word` of a command of `run`, when the word's
/// span is its text as written on the RUN's own lines (an `sh -c` string's words qualify when
/// written without escapes; heredoc bodies never do).
pub(crate) fn insert_after(
    cx: &Context<'_>,
    run: &RunFact,
    word: &Spanned<String>,
    option: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let ins = cx.model().instruction(run.instruction)?;
    if cx.text(word.span) != word.value || !on_instruction_lines(ins, word.span) {
        return None;
    }
    Some(Fix::new(
        format!("write `{} {option}`", word.value),
        applicability,
        vec![Edit::insert(word.span.end, format!(" {option}"))],
    ))
}

/// An edit appending ` && command` after the last command of a shell-form RUN whose script is a
/// plain `&&` chain at top level (no `;`, `||`, pipe, background job, subshell, group, `if`,
/// loop or heredoc), so that `command` runs only when everything before it succeeded. `None`
/// for any other RUN.
pub(crate) fn append_to_chain(cx: &Context<'_>, run: &RunFact, command: &str) -> Option<Edit> {
    let ins = cx.model().instruction(run.instruction)?;
    let ins = match (ins.kind, ins.sub.as_deref()) {
        (crate::parse::Kind::Onbuild, Some(sub)) => sub,
        _ => ins,
    };
    if run.exec_form || !ins.heredocs.is_empty() || ins.form != crate::parse::ArgForm::Shell {
        return None;
    }
    // the command line's script, from the model (spans are the Dockerfile's)
    let [script] = run.scripts.as_slice() else {
        return None;
    };
    if script.source != crate::model::shell::ScriptSource::Line {
        return None;
    }
    let commands = script.flat();
    let last = commands.last()?;
    let plain = script.errors.is_empty()
        && commands.iter().enumerate().all(|(i, c)| {
            c.depth == 0
                && c.connector
                    == if i == 0 {
                        crate::model::shell::Connector::Start
                    } else {
                        crate::model::shell::Connector::And
                    }
        });
    // nothing after the last command but blanks, line continuations or a comment: a trailing
    // `&` or `;` would make the chain something else
    let end = last.range.end;
    if !plain || end > ins.span.end {
        return None;
    }
    let escape = cx.escape();
    let tail = cx.text(Span::new(end, ins.span.end));
    let mut after = String::new();
    let mut chars = tail.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == escape && matches!(chars.peek(), Some('\n' | '\r')) {
            continue;
        }
        after.push(ch);
    }
    let after = after.trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    Some(Edit::insert(end, format!(" && {command}")))
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint_model, LintOptions};
    use crate::rules::{FileFacts, Rule};

    /// How many findings of `rule` there are in `text`, and how many carry a fix.
    fn counts(rule: &'static dyn Rule, text: &str) -> (usize, usize) {
        let opts = LintOptions {
            rules: vec![rule],
            ..LintOptions::default()
        };
        let (_, d) = lint_model(text, &FileFacts::default(), &opts);
        (d.len(), d.iter().filter(|d| d.fix.is_some()).count())
    }

    #[test]
    fn options_go_only_where_the_word_is_written() {
        let rule = &super::super::apk_without_no_cache::ApkWithoutNoCache;
        let f = |run: &str| counts(rule, &format!("FROM alpine:3.22\n{run}\n"));
        assert_eq!(f("RUN apk add curl"), (1, 1));
        assert_eq!(f("ONBUILD RUN apk add curl"), (1, 1));
        // inside an `sh -c` string the shell layer gives each word its exact span in the
        // string, so the option goes there; in a heredoc body: reported, not fixed
        assert_eq!(f("RUN sh -c \"apk add curl\""), (1, 1));
        assert_eq!(f("RUN sh -c 'apk add curl'"), (1, 1));
        assert_eq!(f("RUN <<EOF\napk add curl\nEOF"), (1, 0));
    }

    #[test]
    fn clean_ups_only_end_plain_chains() {
        let rule = &super::super::yum_clean_missing::YumCleanMissing;
        let f = |run: &str| counts(rule, &format!("FROM rockylinux:9\n{run}\n"));
        assert_eq!(f("RUN yum install -y httpd"), (1, 1));
        assert_eq!(f("RUN yum install -y httpd && echo ok # note"), (1, 1));
        for run in [
            "RUN yum install -y httpd; echo ok",
            "RUN yum install -y httpd || true",
            "RUN yum install -y httpd | tee /log",
            "RUN yum install -y httpd &",
            "RUN if true; then yum install -y httpd; fi",
            "RUN (yum install -y httpd)",
        ] {
            assert_eq!(f(run), (1, 0), "{run}");
        }
    }
}
