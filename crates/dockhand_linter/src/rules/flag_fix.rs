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
/// span is its text as written on the RUN's own lines (not inside an `sh -c` string, whose
/// words all carry the string's span, nor in a heredoc body).
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
