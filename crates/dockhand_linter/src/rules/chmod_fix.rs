//! DH202's fix: move a `chmod -R`/`chown -R` of copied files into the COPY (`--chmod`,
//! `--chown`) and delete it from the RUN. Kept apart from the rule's check for length.

use super::prelude::*;
use super::recursive_chmod_after_copy::Change;
use crate::model::{CopyFact, RunFact};
use crate::parse::Kind;

/// Instructions that write no file: a COPY followed by these and then the RUN still hands the
/// RUN exactly what the COPY wrote.
const INERT: &[Kind] = &[
    Kind::Arg,
    Kind::Env,
    Kind::Label,
    Kind::Expose,
    Kind::Maintainer,
    Kind::Stopsignal,
];

pub(super) fn fix(cx: &Context<'_>, run: &RunFact, changes: &[Change<'_>]) -> Option<Fix> {
    if changes.is_empty() || changes.iter().any(|c| c.selective) {
        return None;
    }
    let mut safe = true;
    // what to add to each COPY, by instruction: (copy, --chmod value, --chown value)
    let mut per_copy: Vec<(&CopyFact, Option<&str>, Option<&str>)> = Vec::new();
    for ch in changes {
        // the command must be `chmod|chown [-R] VALUE PATH` with the words where their spans say
        let operands: Vec<&Spanned<String>> = ch.cmd.operands().collect();
        if operands.len() != 2 || cx.text(ch.cmd.span).is_empty() {
            return None;
        }
        if ch
            .cmd
            .args()
            .iter()
            .any(|w| w.value.starts_with('-') && !matches!(w.value.as_str(), "-R" | "--recursive"))
        {
            return None;
        }
        let numeric = ch
            .value
            .value
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':');
        if !numeric || !ch.exact || ch.more {
            safe = false;
        }
        for c in &ch.copies {
            // a `--chown` name must exist when the COPY runs: a user created later (often by
            // the very RUN being removed) would make the build fail
            if c.heredoc || (ch.tool == "chown" && !owner_known(cx, c, &ch.value.value)) {
                return None;
            }
            let slot = match per_copy
                .iter()
                .position(|(x, _, _)| x.instruction == c.instruction)
            {
                Some(i) => i,
                None => {
                    per_copy.push((c, None, None));
                    per_copy.len() - 1
                }
            };
            let entry = &mut per_copy[slot];
            let value = Some(ch.value.value.as_str());
            if ch.tool == "chmod" {
                entry.1 = value;
            } else {
                entry.2 = value;
            }
        }
    }
    let model = cx.model();
    let mut edits = Vec::new();
    for (c, chmod, chown) in &per_copy {
        let mut insert = String::new();
        for (flag, value, existing) in [("chmod", chmod, &c.chmod), ("chown", chown, &c.chown)] {
            let Some(v) = value else { continue };
            match existing {
                // replace the value of a flag the COPY has, when it is written as is
                Some(e) if cx.text(e.span) == e.value => {
                    edits.push(Edit::replace(e.span, *v));
                }
                Some(_) => return None,
                None => insert.push_str(&format!(" --{flag}={v}")),
            }
        }
        if !insert.is_empty() {
            edits.push(Edit::insert(c.keyword.end, insert));
        }
        // the files reach the RUN unchanged only when nothing between them writes files
        let between = (c.instruction + 1)..run.instruction;
        let inert = between.clone().all(|i| {
            model.instruction(i).is_some_and(|ins| {
                INERT.contains(&ins.kind) || per_copy.iter().any(|(x, _, _)| x.instruction == i)
            })
        });
        if !inert {
            safe = false;
        }
    }
    // remove the commands: the whole RUN when it holds nothing else
    let ours = |c: &crate::model::Command| changes.iter().any(|ch| std::ptr::eq(ch.cmd, c));
    let ins = model.instruction(run.instruction)?;
    if run.commands.iter().all(ours) {
        edits.push(Edit::delete(fixtext::whole_lines(cx.source, ins.span)));
    } else {
        safe = false;
        // a command's extent by its words (its span may run on to the line ending)
        let extent = |c: &crate::model::Command| -> Option<Span> {
            if !c.assignments.is_empty() {
                return None;
            }
            Some(Span::new(
                c.words.first()?.span.start,
                c.words.last()?.span.end,
            ))
        };
        for (i, c) in run.commands.iter().enumerate() {
            if !ours(c) {
                continue;
            }
            let this = extent(c)?;
            let next = run.commands.get(i + 1).and_then(extent);
            let prev = i
                .checked_sub(1)
                .and_then(|p| run.commands.get(p))
                .and_then(extent);
            let del = match (next, prev) {
                (Some(next), _) if joins(cx, this.end, next.start) => {
                    Span::new(this.start, next.start)
                }
                (_, Some(prev)) if joins(cx, prev.end, this.start) => Span::new(prev.end, this.end),
                _ => return None,
            };
            edits.push(Edit::delete(del));
        }
    }
    let flags: Vec<String> = changes
        .iter()
        .map(|ch| format!("--{}={}", ch.tool, ch.value.value))
        .collect();
    let title = format!(
        "set `{}` in the COPY and drop the `{}`",
        flags.join(" "),
        changes
            .iter()
            .map(|c| c.tool)
            .collect::<Vec<_>>()
            .join("`/`")
    );
    Some(if safe {
        Fix::safe(title, edits)
    } else {
        Fix::unsafe_edit(title, edits)
    })
}

/// Whether the text between two commands is only `&&` or `;` with blanks and line
/// continuations (so deleting one of the commands with it keeps the other's meaning).
fn joins(cx: &Context<'_>, end: usize, start: usize) -> bool {
    if end > start {
        return false;
    }
    let between = cx.text(Span::new(end, start));
    let escape = cx.escape();
    let mut rest = String::new();
    let mut chars = between.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == escape && matches!(chars.peek(), Some('\n' | '\r')) {
            continue;
        }
        if !ch.is_whitespace() {
            rest.push(ch);
        }
    }
    rest == "&&" || rest == ";"
}

/// Whether `owner` (`user[:group]`) resolves at `copy`: numeric ids, a user the base image is
/// known to have, or one a RUN earlier in the stage's chain creates. A named group must be the
/// user's own name (the group `adduser`/`useradd` create with it) or numeric.
fn owner_known(cx: &Context<'_>, copy: &CopyFact, owner: &str) -> bool {
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (user, group) = owner.split_once(':').unwrap_or((owner, ""));
    if !group.is_empty() && !numeric(group) && group != user {
        return false;
    }
    if numeric(user) {
        return group.is_empty() || numeric(group);
    }
    let model = cx.model();
    let at = model
        .stages
        .partition_point(|s| s.instructions.start <= copy.instruction);
    let Some(stage) = at.checked_sub(1).and_then(|i| model.stages.get(i)) else {
        return false;
    };
    model.chain(stage.id).iter().any(|s| {
        s.facts.has_user(user)
            || s.created_users
                .iter()
                .any(|u| u.name == user && u.instruction < copy.instruction)
    })
}
