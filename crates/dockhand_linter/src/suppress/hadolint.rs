//! hadolint's pragmas, read as hadolint 2.15 reads them, so that a file written for hadolint
//! keeps its suppressions under dockhand:
//!
//! - `# hadolint ignore=DL3008,SC2086 # why`: the instruction that starts on the very next line.
//!   Only the line right above counts: a blank line or another comment in between breaks it.
//! - `# hadolint global ignore=DL3059`: the whole file.
//! - `# hadolint stage ignore=DL3008`: hadolint keys it to the line after the comment and covers
//!   the lines after that one, up to the next `FROM`. Above a `FROM`, that is the stage's body
//!   without the `FROM` line itself (a finding on the `FROM` stays reported, as in hadolint).
//!
//! The grammar (hadolint's `Pragma.hs`): `hadolint`, spaces, an optional `global` or `stage`,
//! `ignore`, `=`, then codes made of the characters `DLSC0-9` separated by commas, then
//! optionally `#` and free text (taken as the reason for `--require-reason`). Anything else
//! after the codes makes hadolint ignore the whole pragma, and so does dockhand.
//!
//! Codes map to dockhand's rules through `rules::find`, which knows the DL codes dockhand
//! implements or answers to. A code dockhand has no rule for (a ShellCheck code before the shell
//! rules, say) is left out: it suppresses nothing here, and is not reported as unused either,
//! since whether it would have matched cannot be known.

use super::{Scope, Suppression};
use crate::parse::{Comment, Dockerfile, Kind};
use crate::rules;
use crate::span::Span;

/// The pragma in `c`, if it is one of hadolint's ignore forms.
pub(super) fn parse(
    c: &Comment,
    df: &Dockerfile,
    source: &str,
    froms: &[usize],
) -> Option<Suppression> {
    let rest = c.text.strip_prefix("hadolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let (scope, rest) = if let Some(r) = word(rest, "global") {
        (Scope::File, r)
    } else if let Some(r) = word(rest, "stage") {
        (Scope::Stage, r)
    } else {
        (Scope::Instruction, rest)
    };
    let rest = rest.strip_prefix("ignore")?;
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix('=')?;
    let (list, reason) = match rest.split_once('#') {
        Some((l, r)) => (l, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let is_code_char = |ch: char| matches!(ch, 'D' | 'L' | 'S' | 'C' | '0'..='9');
    let parts: Vec<&str> = list
        .split(',')
        .map(|p| p.trim_matches([' ', '\t']))
        .collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(is_code_char))
    {
        return None;
    }
    let line = source.get(c.span.start..c.span.end).unwrap_or("");
    let mut codes = Vec::new();
    let mut offset = line.find('=').map_or(0, |i| i + 1);
    for code in parts {
        let Some(i) = line
            .get(offset..)
            .and_then(|l| l.find(code))
            .map(|i| i + offset)
        else {
            continue;
        };
        offset = i + code.len();
        let span = Span::new(c.span.start + i, c.span.start + i + code.len());
        if let Some(rule) = rules::find(code) {
            codes.push((code.to_string(), Some(rule.meta().code), span));
        }
    }
    let next = df
        .instructions
        .partition_point(|i| i.span.start <= c.span.end);
    let covers = match scope {
        Scope::File => Some(Span::new(0, source.len())),
        Scope::Instruction => df
            .instructions
            .get(next)
            .filter(|i| on_next_line(source, c.span.end, i.span.start))
            .map(|i| i.span),
        Scope::Stage => {
            // from the end of the line after the comment (hadolint's key line) to the next FROM
            let key_line_end = source
                .get(c.span.end..)
                .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
                .map(|r| source.len() - r.len() + r.find('\n').unwrap_or(r.len()))
                .unwrap_or(source.len());
            let start = df
                .instructions
                .get(next)
                .filter(|i| i.span.start <= key_line_end)
                .map_or(key_line_end, |i| i.span.end.max(key_line_end));
            let after = froms.partition_point(|&f| {
                df.instructions
                    .get(f)
                    .is_some_and(|i| i.kind == Kind::From && i.span.start < start)
            });
            let end = froms
                .get(after)
                .and_then(|&f| df.instructions.get(f))
                .map_or(source.len(), |i| i.span.start);
            (start < end).then(|| Span::new(start, end))
        }
    };
    Some(Suppression {
        scope,
        codes,
        reason,
        span: c.span,
        covers,
        hadolint: true,
    })
}

/// `rest` after `w` and at least one space.
fn word<'a>(rest: &'a str, w: &str) -> Option<&'a str> {
    let r = rest.strip_prefix(w)?;
    r.starts_with([' ', '\t'])
        .then(|| r.trim_start_matches([' ', '\t']))
}

/// Whether `at` is on the line right after the one that ends at `line_end`.
fn on_next_line(source: &str, line_end: usize, at: usize) -> bool {
    source
        .get(line_end..at)
        .is_some_and(|gap| gap.matches('\n').count() == 1 && gap.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::super::{parse as parse_all, Scope};
    use crate::parse;

    fn covered(src: &str, i: usize) -> Option<&str> {
        let df = parse::parse(src);
        let s = parse_all(&df, src);
        s.get(i)
            .and_then(|s| s.covers)
            .map(|c| &src[c.start..c.end])
    }

    #[test]
    fn ignore_covers_only_the_instruction_on_the_next_line() {
        let src = "FROM alpine:3.20\n# hadolint ignore=DL3006 # reason\nRUN a\n";
        assert_eq!(covered(src, 0), Some("RUN a"));
        let df = parse::parse(src);
        let s = parse_all(&df, src);
        assert_eq!(s[0].scope, Scope::Instruction);
        assert_eq!(s[0].reason.as_deref(), Some("reason"));
        let (code, canonical, span) = &s[0].codes[0];
        assert_eq!(&src[span.start..span.end], "DL3006");
        assert_eq!(code, "DL3006");
        assert_eq!(*canonical, Some("DH401"), "DL3006 is an alias of DH401");
        // a blank line breaks it, and so does a second comment
        assert_eq!(
            covered("FROM a\n# hadolint ignore=DL3006\n\nRUN a\n", 0),
            None
        );
        assert_eq!(
            covered("FROM a\n# hadolint ignore=DL3006\n# other\nRUN a\n", 0),
            None
        );
    }

    #[test]
    fn global_and_stage_forms() {
        let src = "# hadolint global ignore=DL3006\nFROM a\n";
        assert_eq!(covered(src, 0), Some(src));
        let src = "# hadolint stage ignore=DL3006\nFROM a AS one\nRUN x\nRUN y\nFROM b\nRUN z\n";
        // the FROM line itself is not covered; the rest of its stage is
        assert_eq!(covered(src, 0), Some("\nRUN x\nRUN y\n"));
    }

    #[test]
    fn malformed_pragmas_are_not_pragmas() {
        for text in [
            "# hadolint ignore=DL3006 extra\nFROM a\n",
            "# hadolint ignore=dl3006\nFROM a\n",
            "# hadolint ignore=\nFROM a\n",
            "# hadolintignore=DL3006\nFROM a\n",
            "# hadolint shell=powershell\nFROM a\n",
        ] {
            let df = parse::parse(text);
            assert!(parse_all(&df, text).is_empty(), "{text}");
        }
    }
}
