//! Inline suppressions, applied in one place after every rule has run (rules never look at
//! comments). Three forms, each optionally followed by `-- reason`:
//!
//! - `# dockhand ignore=DH101,DH301` on the line(s) before an instruction: that instruction;
//! - `# dockhand ignore-stage=DH101` before a `FROM`: that whole stage;
//! - `# dockhand ignore-file=DH101` anywhere: the whole file.
//!
//! Codes may be rule codes or names. Suppressions that match nothing, or name an unknown code,
//! are reported as DH007 `unused-suppression`. hadolint's pragmas (`# hadolint ignore=…`,
//! `global ignore=`, `stage ignore=`) are read too, with hadolint's scopes: see `hadolint`.

mod hadolint;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::fix::{text, Edit, Fix};
use crate::parse::{Dockerfile, Kind};
use crate::rules;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Instruction,
    Stage,
    File,
}

#[derive(Debug, Clone)]
pub struct Suppression {
    pub scope: Scope,
    /// Each code as written, its canonical code (`None` if unknown) and span.
    pub codes: Vec<(String, Option<&'static str>, Span)>,
    pub reason: Option<String>,
    /// The comment.
    pub span: Span,
    /// Byte range of the source the suppression covers (`None`: it covers nothing, e.g. an
    /// `ignore` with no instruction after it).
    pub covers: Option<Span>,
    /// A `# hadolint …` pragma rather than a `# dockhand …` comment.
    pub hadolint: bool,
}

/// Options for applying suppressions.
#[derive(Debug, Clone, Copy, Default)]
pub struct SuppressOptions {
    /// `--no-suppressions`: ignore every suppression comment.
    pub disabled: bool,
    /// `--require-reason`: a suppression without `-- reason` is an error.
    pub require_reason: bool,
}

/// Reads the suppression comments of a file.
pub fn parse(df: &Dockerfile, source: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    // The instructions are in source order: the one after a comment is found by binary search,
    // and the FROM after an instruction from this list (a scan per comment was quadratic).
    let froms: Vec<usize> = (0..df.instructions.len())
        .filter(|&i| df.instructions[i].kind == Kind::From)
        .collect();
    for c in &df.comments {
        if let Some(s) = hadolint::parse(c, df, source, &froms) {
            out.push(s);
            continue;
        }
        let Some(rest) = c.text.strip_prefix("dockhand") else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let body = rest.trim_start();
        let (directive, reason) = match body.split_once("--") {
            Some((d, r)) => (
                d.trim(),
                Some(r.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (body.trim(), None),
        };
        let Some((kind, list)) = directive.split_once('=') else {
            continue;
        };
        let scope = match kind.trim() {
            "ignore" => Scope::Instruction,
            "ignore-stage" => Scope::Stage,
            "ignore-file" => Scope::File,
            _ => continue,
        };
        // spans of each code inside the comment line
        let line = source.get(c.span.start..c.span.end).unwrap_or("");
        let list_at = line.find(list.trim_start()).unwrap_or(0);
        let mut codes = Vec::new();
        let mut offset = list_at;
        for part in list.split(',') {
            let code = part.trim();
            let rel = line[offset.min(line.len())..]
                .find(code)
                .map(|i| i + offset);
            let span = match rel {
                Some(i) if !code.is_empty() => {
                    offset = i + code.len();
                    Span::new(c.span.start + i, c.span.start + i + code.len())
                }
                _ => c.span,
            };
            if code.is_empty() {
                continue;
            }
            let canonical = rules::find(code).map(|r| r.meta().code);
            codes.push((code.to_string(), canonical, span));
        }
        let next = df
            .instructions
            .partition_point(|i| i.span.start <= c.span.end);
        let covers = match scope {
            Scope::File => Some(Span::new(0, source.len())),
            Scope::Instruction => df.instructions.get(next).map(|i| i.span),
            Scope::Stage => match df.instructions.get(next) {
                Some(from) if from.kind == Kind::From => {
                    let after = froms.partition_point(|&f| f <= next);
                    let end = froms
                        .get(after)
                        .map_or(source.len(), |&f| df.instructions[f].span.start);
                    Some(Span::new(from.span.start, end))
                }
                _ => None,
            },
        };
        out.push(Suppression {
            scope,
            codes,
            reason,
            span: c.span,
            covers,
            hadolint: false,
        });
    }
    out
}

/// Removes suppressed findings and adds DH007 findings for suppressions that did nothing.
/// `enabled` tells whether a rule ran (a suppression of a rule that did not run is not
/// "unused").
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    df: &Dockerfile,
    source: &str,
    opts: SuppressOptions,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    if opts.disabled {
        return diagnostics;
    }
    let sups = parse(df, source);
    if sups.is_empty() {
        return diagnostics;
    }
    let mut used: Vec<Vec<bool>> = sups.iter().map(|s| vec![false; s.codes.len()]).collect();
    let mut covers = Covers::new(&sups);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        if !covers.suppress(d.primary.span.start, d.code, &mut used) {
            kept.push(d);
        }
    }
    let meta = rules::unused_suppression_meta();
    let report_unused = enabled(meta.code);
    // the findings no suppression covered, to tell an unused suppression where its code's
    // finding is (built only when some suppression went unused)
    let any_unused = report_unused
        && sups.iter().zip(&used).any(|(s, u)| {
            s.covers.is_some() && s.codes.iter().zip(u).any(|(c, u)| c.1.is_some() && !u)
        });
    let elsewhere = any_unused.then(|| Elsewhere::new(&kept, df, source));
    for (si, s) in sups.iter().enumerate() {
        if opts.require_reason && s.reason.is_none() {
            kept.push(Diagnostic {
                code: meta.code,
                name: meta.name,
                severity: Severity::Error,
                message: "suppression without a reason".to_string(),
                help: Some(if s.hadolint {
                    "add why after a second `#`: `# hadolint ignore=DL3008 # pinned by our mirror`"
                        .to_string()
                } else {
                    "add why after `--`: `# dockhand ignore=DH401 -- pinned by our registry mirror`"
                        .to_string()
                }),
                primary: Label {
                    span: s.span,
                    message: None,
                },
                secondary: Vec::new(),
                fix: None,
            });
        }
        if !report_unused {
            continue;
        }
        if s.covers.is_none() {
            let what = match (s.scope, s.hadolint) {
                (Scope::Instruction, true) => {
                    "`# hadolint ignore=` covers only an instruction on the very next line"
                }
                (Scope::Stage, true) => "no instruction follows it in this stage",
                (Scope::Stage, false) => "`ignore-stage` must come right before a FROM",
                _ => "no instruction follows this suppression",
            };
            let mut d = unused(
                meta,
                s.span,
                format!("suppression applies to nothing: {what}"),
                None,
            );
            d.fix = remove_line(
                df,
                source,
                s,
                "remove the suppression comment that applies to nothing",
            );
            kept.push(d);
            continue;
        }
        // which codes are reported, so that a comment whose codes are all stale goes as a line
        let stale: Vec<Option<bool>> = s
            .codes
            .iter()
            .enumerate()
            .map(|(ci, (_, canonical, _))| match canonical {
                None => Some(false),
                Some(c) if !used[si][ci] && enabled(c) => Some(true),
                _ => None,
            })
            .collect();
        let all_stale = stale.iter().all(Option::is_some);
        let any_unknown = stale.contains(&Some(false));
        for (ci, (code, canonical, span)) in s.codes.iter().enumerate() {
            let Some(known) = stale[ci] else { continue };
            let fix = if all_stale {
                remove_line(
                    df,
                    source,
                    s,
                    "remove the suppression comment: it suppresses nothing",
                )
            } else {
                remove_code(source, s, ci)
            };
            // an unknown code may be a newer dockhand's: removing it is not sure to be meant
            let fix = fix.map(|mut f| {
                if !known || (all_stale && any_unknown) {
                    f.applicability = crate::fix::Applicability::Unsafe;
                }
                f
            });
            let mut d = if known {
                let hint = canonical.and_then(|c| {
                    elsewhere
                        .as_ref()
                        .filter(|_| s.scope != Scope::File)
                        .and_then(|e| e.describe(c, s.span.start))
                        .map(|h| (c, h))
                });
                let (message, help) = match hint {
                    Some((c, (at, help))) => (
                        format!("suppression of `{code}` matched no finding: {c} is reported at {at}, outside this comment's reach"),
                        help,
                    ),
                    None => (
                        format!("suppression of `{code}` matched no finding"),
                        "remove it, or the code from it".to_string(),
                    ),
                };
                unused(meta, *span, message, Some(help))
            } else {
                let _ = canonical;
                let close = rules::ALL
                    .iter()
                    .map(|r| r.meta())
                    .find(|m| {
                        // the distance is at least the difference in length
                        m.code.len().abs_diff(code.len()) <= 1
                            && crate::model::edit_distance(m.code, &code.to_ascii_uppercase()) <= 1
                    })
                    .map(|m| format!("did you mean `{}`? ", m.code))
                    .unwrap_or_default();
                unused(
                    meta,
                    *span,
                    format!("unknown rule code `{code}` in suppression"),
                    Some(format!("{close}`dockhand rules` lists every code")),
                )
            };
            d.fix = fix;
            kept.push(d);
        }
    }
    kept
}

/// The suppressions grouped by the range they cover, each group with its codes indexed, so
/// that a finding is matched against the few groups around it and not against every
/// suppression of the file (10,000 suppressions and 10,000 findings made 10^8 comparisons).
struct Covers {
    /// Groups in order of their start; ranges of one scope do not overlap, but the ranges of
    /// different scopes do (a stage holds its instructions), so each scope is searched apart.
    by_scope: [Vec<Group>; 3],
}

struct Group {
    cover: Span,
    /// Code → the (suppression, code) pairs naming it that are not yet marked used.
    codes: std::collections::HashMap<&'static str, Vec<(usize, usize)>>,
}

impl Covers {
    fn new(sups: &[Suppression]) -> Covers {
        let mut by_scope: [Vec<Group>; 3] = Default::default();
        let mut order: Vec<usize> = (0..sups.len())
            .filter(|&i| sups[i].covers.is_some())
            .collect();
        order.sort_by_key(|&i| sups[i].covers.map(|c| (c.start, c.end)));
        for si in order {
            let s = &sups[si];
            let Some(cover) = s.covers else { continue };
            let groups = &mut by_scope[s.scope as usize];
            if groups.last().is_none_or(|g| g.cover != cover) {
                groups.push(Group {
                    cover,
                    codes: Default::default(),
                });
            }
            let Some(g) = groups.last_mut() else { continue };
            for (ci, (_, canonical, _)) in s.codes.iter().enumerate() {
                if let Some(c) = canonical {
                    g.codes.entry(c).or_default().push((si, ci));
                }
            }
        }
        Covers { by_scope }
    }

    /// Whether a finding of `code` at byte `at` is suppressed; marks what suppresses it used.
    fn suppress(&mut self, at: usize, code: &str, used: &mut [Vec<bool>]) -> bool {
        let mut suppressed = false;
        for groups in &mut self.by_scope {
            // the groups that start at or before `at`, latest first, while they reach it
            let end = groups.partition_point(|g| g.cover.start <= at);
            for g in groups[..end].iter_mut().rev() {
                if g.cover.end < at {
                    break;
                }
                if let Some(list) = g.codes.get_mut(code) {
                    suppressed = true;
                    // marked once: later findings need not mark them again
                    for (si, ci) in list.drain(..) {
                        if let Some(u) = used.get_mut(si).and_then(|u| u.get_mut(ci)) {
                            *u = true;
                        }
                    }
                }
            }
        }
        suppressed
    }
}

/// Deletes the suppression's comment line. None when the comment shares its line with other
/// text, or when it sits above the first instruction and a comment follows it (deleting it could
/// turn that comment into a parser directive).
fn remove_line(df: &Dockerfile, source: &str, s: &Suppression, title: &str) -> Option<Fix> {
    let line = text::whole_lines(source, s.span);
    let before = source.get(line.start..s.span.start)?;
    if !before.trim().is_empty() {
        return None;
    }
    let first_instruction = df.instructions.first().map_or(usize::MAX, |i| i.span.start);
    let after = source.get(line.end..).unwrap_or("");
    if s.span.start < first_instruction && after.trim_start().starts_with('#') {
        return None;
    }
    Some(Fix::safe(title, vec![Edit::delete(line)]))
}

/// Deletes code `ci` of the suppression's list with the separator after it (before it, for the
/// last code).
fn remove_code(source: &str, s: &Suppression, ci: usize) -> Option<Fix> {
    let (code, _, span) = s.codes.get(ci)?;
    if source.get(span.start..span.end) != Some(code.as_str()) {
        return None;
    }
    let del = match (
        s.codes.get(ci + 1),
        ci.checked_sub(1).and_then(|p| s.codes.get(p)),
    ) {
        (Some((_, _, next)), _) => Span::new(span.start, next.start),
        (None, Some((_, _, prev))) => Span::new(prev.end, span.end),
        (None, None) => return None,
    };
    Some(Fix::safe(
        format!("remove `{code}` from the suppression"),
        vec![Edit::delete(del)],
    ))
}

/// The findings of each code that no suppression covered, by position, with what is needed to
/// say where one is and which comment would cover it.
struct Elsewhere<'a> {
    /// Code → start offsets, sorted.
    by_code: std::collections::HashMap<&'static str, Vec<usize>>,
    df: &'a Dockerfile,
    source: &'a str,
    lines: crate::line_index::LineIndex,
    /// Indices of the FROM instructions.
    froms: Vec<usize>,
}

impl<'a> Elsewhere<'a> {
    fn new(kept: &[Diagnostic], df: &'a Dockerfile, source: &'a str) -> Elsewhere<'a> {
        let mut by_code: std::collections::HashMap<&'static str, Vec<usize>> = Default::default();
        for d in kept {
            by_code
                .entry(d.code)
                .or_default()
                .push(d.primary.span.start);
        }
        for v in by_code.values_mut() {
            v.sort_unstable();
        }
        Elsewhere {
            by_code,
            df,
            source,
            lines: crate::line_index::LineIndex::new(source),
            froms: (0..df.instructions.len())
                .filter(|&i| df.instructions[i].kind == Kind::From)
                .collect(),
        }
    }

    /// For an unused suppression of `code` at byte `at`: where the nearest finding of `code`
    /// that nothing suppressed is (`line 3 (FROM python)`), and the help naming the comments
    /// that would cover it. `None` when the file has no such finding.
    fn describe(&self, code: &str, at: usize) -> Option<(String, String)> {
        let list = self.by_code.get(code)?;
        let i = list.partition_point(|&p| p < at);
        let found = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| list.get(k).copied())
            .min_by_key(|&p| p.abs_diff(at))?;
        let line = self.lines.line_of(found) + 1;
        let instrs = &self.df.instructions;
        let holder = instrs
            .partition_point(|i| i.span.start <= found)
            .checked_sub(1)
            .filter(|&k| instrs[k].span.end >= found);
        let Some(k) = holder else {
            return Some((
                format!("line {line}"),
                format!("`# dockhand ignore-file={code}` anywhere in the file covers it"),
            ));
        };
        let instr = &instrs[k];
        let where_ = format!("line {line} (`{}`)", self.first_line(k));
        let above = format!(
            "`# dockhand ignore={code}` right above line {}",
            instr.start_line
        );
        let stage_from = self.froms[..self.froms.partition_point(|&f| f <= k)]
            .last()
            .copied();
        let help = match stage_from {
            Some(f) if f == k => format!(
                "put {above} for that instruction, or `# dockhand ignore-stage={code}` there for its whole stage"
            ),
            Some(f) => format!(
                "put {above} for that instruction, or `# dockhand ignore-stage={code}` right above line {} (`{}`) for its whole stage",
                instrs[f].start_line,
                self.first_line(f)
            ),
            None => format!("put {above}"),
        };
        Some((where_, help))
    }

    /// The first line of instruction `k`, at most 40 characters.
    fn first_line(&self, k: usize) -> String {
        let span = self.df.instructions[k].span;
        let text = self.source.get(span.start..span.end).unwrap_or("");
        let first = text.lines().next().unwrap_or("").trim_end();
        let mut out: String = first.chars().take(40).collect();
        if first.chars().nth(40).is_some() {
            out.push('…');
        }
        out
    }
}

fn unused(
    meta: &'static rules::RuleMeta,
    span: Span,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        code: meta.code,
        name: meta.name,
        severity: meta.severity,
        message,
        help: help.or_else(|| Some("remove the suppression".to_string())),
        primary: Label {
            span,
            message: None,
        },
        secondary: Vec::new(),
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn parses_forms_and_spans() {
        let src = "# dockhand ignore-file=DH401\nFROM x\n# dockhand ignore=DH101, root-final-user -- reason here\nRUN a\n";
        let df = parse::parse(src);
        let s = super::parse(&df, src);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].scope, Scope::File);
        assert_eq!(s[1].scope, Scope::Instruction);
        assert_eq!(s[1].reason.as_deref(), Some("reason here"));
        let (code, canon, span) = &s[1].codes[1];
        assert_eq!(code, "root-final-user");
        assert_eq!(
            *canon,
            rules::find("root-final-user").map(|r| r.meta().code)
        );
        assert_eq!(&src[span.start..span.end], "root-final-user");
        let cover = s[1].covers.expect("covers RUN");
        assert_eq!(&src[cover.start..cover.end], "RUN a");
    }

    fn finding(code: &'static str, src: &str, at: &str) -> Diagnostic {
        let start = src.find(at).expect("in source");
        Diagnostic {
            code,
            name: "n",
            severity: Severity::Warning,
            message: "m".into(),
            help: None,
            primary: Label {
                span: Span::new(start, start + at.len()),
                message: None,
            },
            secondary: Vec::new(),
            fix: None,
        }
    }

    fn unused_messages(src: &str, found: Vec<Diagnostic>) -> Vec<(String, String)> {
        let df = parse::parse(src);
        apply(found, &df, src, SuppressOptions::default(), &|_| true)
            .into_iter()
            .filter(|d| d.code == rules::unused_suppression_meta().code)
            .map(|d| (d.message, d.help.unwrap_or_default()))
            .collect()
    }

    /// A suppression that misses says where the finding is, and the comments that cover it:
    /// above its instruction, or above its stage's FROM when that is another line.
    #[test]
    fn unused_suppression_points_at_the_finding() {
        let src = "FROM a AS build\nRUN make\nCOPPY . /app\n# dockhand ignore=DH002\nCMD x\n";
        let got = unused_messages(src, vec![finding("DH002", src, "COPPY")]);
        assert_eq!(got.len(), 1, "{got:?}");
        let (message, help) = &got[0];
        assert_eq!(
            message,
            "suppression of `DH002` matched no finding: DH002 is reported at line 3 (`COPPY . /app`), outside this comment's reach"
        );
        assert_eq!(
            help,
            "put `# dockhand ignore=DH002` right above line 3 for that instruction, or `# dockhand ignore-stage=DH002` right above line 1 (`FROM a AS build`) for its whole stage"
        );
        // covered where the help says: no DH007, the finding gone
        for fixed in [
            "FROM a AS build\nRUN make\n# dockhand ignore=DH002\nCOPPY . /app\nCMD x\n",
            "# dockhand ignore-stage=DH002\nFROM a AS build\nRUN make\nCOPPY . /app\nCMD x\n",
        ] {
            let df = parse::parse(fixed);
            let out = apply(
                vec![finding("DH002", fixed, "COPPY")],
                &df,
                fixed,
                SuppressOptions::default(),
                &|_| true,
            );
            assert!(out.is_empty(), "{fixed}: {out:?}");
        }
        // a suppressed finding elsewhere is not the one meant; none at all: the old message
        let src2 = "FROM a\n# dockhand ignore=DH002\nRUN x\n";
        let got = unused_messages(src2, vec![]);
        assert_eq!(got[0].0, "suppression of `DH002` matched no finding");
        assert_eq!(got[0].1, "remove it, or the code from it");
    }

    /// The nearest unsuppressed finding is named, with a long first line shortened.
    #[test]
    fn nearest_finding_is_named() {
        let long = format!("RUN {}", "x".repeat(60));
        let src = format!("FROM a\nFROM b\n{long}\n# dockhand ignore=DH002\nCMD y\nFROM c\n");
        let found = vec![
            finding("DH002", &src, "FROM a"),
            finding("DH002", &src, &long),
        ];
        let got = unused_messages(&src, found);
        assert!(
            got[0].0.contains(&format!("line 3 (`{}…`)", &long[..40])),
            "{got:?}"
        );
        assert!(
            got[0].1.contains("right above line 2 (`FROM b`)"),
            "{got:?}"
        );
    }
}
