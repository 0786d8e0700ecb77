//! fix: automatic fixes as data on findings, and the engine that applies them.
//!
//! A rule attaches a `Fix` (byte-span edits plus a safety class) to what it reports; the
//! engine (`fix_text`) applies the fixes that do not overlap, parses, models and lints the
//! result again, and repeats until nothing changes. The text part lives here, without IO, so
//! the CLI and the language server share it; writing files is the CLI's job.

use crate::diagnostic::Diagnostic;
use crate::lint::{lint_model, LintOptions};
use crate::model::Model;
use crate::parse::{Dockerfile, Instruction, Kind};
use crate::rules::FileFacts;
use crate::span::Span;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How sure a fix is to be what the author meant. Ordered from least to most sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// A sketch to adapt by hand: shown, never applied.
    DisplayOnly,
    /// Probably wanted, but changes what gets built or run, or relies on facts dockhand cannot
    /// check: applied with `--unsafe-fixes`.
    Unsafe,
    /// The built image and its behaviour are what the author evidently meant: applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts, an empty replacement
/// deletes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(at), text)
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

/// A fix: what it does (`title`, imperative, naming the values), how safe it is, and its edits
/// (sorted by position, not overlapping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort();
        edits.dedup();
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_edit(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    pub fn display_only(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::DisplayOnly, edits)
    }
}

/// Which fixes the engine applies.
pub struct FixOptions<'a> {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Whether a rule's fixes may be applied (`[fix] fixable` / `unfixable`), by code.
    pub fixable: &'a dyn Fn(&str) -> bool,
}

impl FixOptions<'_> {
    /// Whether this finding's fix is one to apply.
    pub fn applies(&self, d: &Diagnostic) -> bool {
        d.fix.as_ref().is_some_and(|f| {
            !f.edits.is_empty()
                && (f.applicability == Applicability::Safe
                    || (self.unsafe_fixes && f.applicability == Applicability::Unsafe))
        }) && (self.fixable)(d.code)
    }
}

/// At most this many fix passes over one text.
pub const MAX_PASSES: usize = 10;

/// What fixing one text produced.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied).
    pub text: String,
    /// How many fixes of each rule were applied, by code.
    pub fixed: BTreeMap<&'static str, usize>,
    /// The findings of the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// Rules that still had fixes to apply after `MAX_PASSES` passes (empty when converged).
    pub not_converged: Vec<&'static str>,
    /// Rules whose fixes were undone because they made a syntax finding the input did not have.
    pub reverted: Vec<&'static str>,
}

impl FixOutcome {
    pub fn changed(&self, input: &str) -> bool {
        self.text != input
    }
}

/// Fixes `text`: applies the fixes `fo` allows, pass after pass, until none applies. Pure: no
/// IO. Suppressed findings are never fixed (they are not among the findings).
pub fn fix_text(text: &str, facts: &FileFacts, opts: &LintOptions, fo: &FixOptions) -> FixOutcome {
    let mut current = text.to_string();
    let (mut model, mut diagnostics) = lint_model(&current, facts, opts);
    let syntax_before = syntax_findings(&model);
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut reverted: BTreeSet<&'static str> = BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let todo: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| fo.applies(d) && !reverted.contains(d.code))
            .collect();
        if todo.is_empty() {
            break;
        }
        let (next, applied) = apply(&current, model.dockerfile(), &todo);
        if applied.is_empty() || next == current {
            break;
        }
        let (next_model, next_diagnostics) = lint_model(&next, facts, opts);
        if syntax_findings(&next_model) > syntax_before {
            // this pass broke the file: undo it and stop trusting these rules' fixes here
            reverted.extend(applied.iter().copied());
            continue;
        }
        for code in applied {
            *fixed.entry(code).or_default() += 1;
        }
        current = next;
        model = next_model;
        diagnostics = next_diagnostics;
    }
    // fixes left that would still change the text: the passes ran out
    let todo: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| fo.applies(d) && !reverted.contains(d.code))
        .collect();
    let mut not_converged: Vec<&'static str> = Vec::new();
    if !todo.is_empty() {
        let (next, applied) = apply(&current, model.dockerfile(), &todo);
        if next != current {
            not_converged = applied;
        }
    }
    not_converged.sort_unstable();
    not_converged.dedup();
    FixOutcome {
        text: current,
        fixed,
        remaining: diagnostics,
        not_converged,
        reverted: reverted.into_iter().collect(),
    }
}

/// What DH001 and DH002 report: parse and model errors, and unknown instructions.
fn syntax_findings(model: &Model) -> usize {
    model.syntax_errors().count()
        + model
            .dockerfile()
            .instructions
            .iter()
            .filter(|i| i.kind == Kind::Unknown)
            .count()
}

/// Applies the fixes of `todo` that neither overlap one another nor touch a heredoc body, first
/// come by position; returns the new text and the code of each fix applied (a fix whose edits
/// were all applied already by another fix counts as applied).
fn apply(text: &str, df: &Dockerfile, todo: &[&Diagnostic]) -> (String, Vec<&'static str>) {
    let bodies = heredoc_bodies(df);
    let mut fixes: Vec<(&'static str, &Fix)> = todo
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d.code, f)))
        .collect();
    fixes.sort_by_key(|(code, f)| (f.edits.first().map(|e| e.span), *code));
    let mut taken: BTreeMap<(usize, usize), &str> = BTreeMap::new();
    let mut codes = Vec::new();
    'fixes: for (code, fix) in fixes {
        let mut new: Vec<&Edit> = Vec::new();
        for e in &fix.edits {
            if !valid(text, e.span) || touches_body(&bodies, e.span) {
                continue 'fixes;
            }
            match taken.get(&(e.span.start, e.span.end)) {
                Some(r) if *r == e.replacement => continue,
                _ => {}
            }
            if conflicts(&taken, e.span) || new.iter().any(|n| overlap(n.span, e.span)) {
                continue 'fixes;
            }
            new.push(e);
        }
        for e in new {
            taken.insert((e.span.start, e.span.end), &e.replacement);
        }
        codes.push(code);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for ((start, end), replacement) in &taken {
        out.push_str(&text[at..*start]);
        out.push_str(replacement);
        at = *end;
    }
    out.push_str(&text[at..]);
    (out, codes)
}

fn valid(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// Two edits overlap when their ranges share a byte, or both insert at the same place (their
/// order would be a guess).
fn overlap(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Whether `s` overlaps an edit already taken. Taken edits do not overlap one another, so only
/// the last one starting before `s` ends and those starting inside it need checking.
fn conflicts(taken: &BTreeMap<(usize, usize), &str>, s: Span) -> bool {
    let upto = s.end.max(s.start + 1);
    taken
        .range(..(s.start, 0))
        .next_back()
        .is_some_and(|(&(a, b), _)| overlap(Span::new(a, b), s))
        || taken
            .range((s.start, 0)..(upto, 0))
            .any(|(&(a, b), _)| overlap(Span::new(a, b), s))
}

fn heredoc_bodies(df: &Dockerfile) -> Vec<Span> {
    fn collect(i: &Instruction, out: &mut Vec<Span>) {
        out.extend(i.heredocs.iter().map(|h| h.body));
        if let Some(sub) = &i.sub {
            collect(sub, out);
        }
    }
    let mut out = Vec::new();
    for i in &df.instructions {
        collect(i, &mut out);
    }
    out.sort();
    out
}

/// Whether an edit changes bytes of a heredoc body or inserts inside one.
fn touches_body(bodies: &[Span], s: Span) -> bool {
    let i = bodies.partition_point(|b| b.end <= s.start);
    bodies.get(i).is_some_and(|b| {
        if s.is_empty() {
            b.start < s.start && s.start < b.end
        } else {
            b.start < s.end && s.start < b.end
        }
    })
}

/// Text helpers for rules that build fixes.
pub mod text {
    use crate::span::Span;

    /// The file's line ending: CRLF when its first line ends so, else LF.
    pub fn line_ending(source: &str) -> &'static str {
        match source.find('\n') {
            Some(i) if i > 0 && source.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// Offset of the start of the line holding `offset`.
    pub fn line_start(source: &str, offset: usize) -> usize {
        let offset = offset.min(source.len());
        source
            .get(..offset)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1)
    }

    /// Offset just after the line ending of the line holding `offset` (the end of the text
    /// when the last line has none).
    pub fn line_end_after_newline(source: &str, offset: usize) -> usize {
        let offset = offset.min(source.len());
        source
            .get(offset..)
            .and_then(|s| s.find('\n'))
            .map_or(source.len(), |i| offset + i + 1)
    }

    /// The blanks between the start of the line and `offset`, when only blanks are there.
    pub fn indentation(source: &str, offset: usize) -> &str {
        let start = line_start(source, offset);
        let before = source.get(start..offset).unwrap_or("");
        let n = before.len() - before.trim_start_matches([' ', '\t']).len();
        &before[..n]
    }

    /// The span of whole lines covering `span`, from its line start through the line ending
    /// of its last line.
    pub fn whole_lines(source: &str, span: Span) -> Span {
        Span::new(
            line_start(source, span.start),
            line_end_after_newline(source, span.end.saturating_sub(1).max(span.start)),
        )
    }

    /// `word` plus one adjacent blank (the following one, else the preceding one), so that
    /// deleting it leaves single spacing.
    pub fn word_with_blank(source: &str, word: Span) -> Span {
        let b = source.as_bytes();
        if b.get(word.end).is_some_and(|c| *c == b' ' || *c == b'\t') {
            Span::new(word.start, word.end + 1)
        } else if word.start > 0
            && b.get(word.start - 1)
                .is_some_and(|c| *c == b' ' || *c == b'\t')
        {
            Span::new(word.start - 1, word.end)
        } else {
            word
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(code: &'static str, fix: Fix) -> Diagnostic {
        Diagnostic {
            code,
            name: "x",
            severity: crate::diagnostic::Severity::Info,
            message: String::new(),
            help: None,
            primary: crate::diagnostic::Label {
                span: Span::empty(0),
                message: None,
            },
            secondary: Vec::new(),
            fix: Some(fix),
        }
    }

    #[test]
    fn overlapping_fixes_wait_and_shared_edits_compose() {
        let text = "FROM a\nRUN b c\n";
        let df = crate::parse::parse(text);
        let one = d(
            "DH1",
            Fix::safe("t", vec![Edit::replace(Span::new(5, 6), "x")]),
        );
        let two = d(
            "DH2",
            Fix::safe("t", vec![Edit::replace(Span::new(5, 6), "y")]),
        );
        let three = d(
            "DH3",
            Fix::safe(
                "t",
                vec![
                    Edit::replace(Span::new(5, 6), "x"),
                    Edit::delete(Span::new(12, 14)),
                ],
            ),
        );
        let (out, codes) = apply(text, &df, &[&one, &two, &three]);
        assert_eq!(out, "FROM x\nRUN b\n");
        assert_eq!(codes, vec!["DH1", "DH3"]);
    }

    #[test]
    fn heredoc_bodies_are_never_edited() {
        let text = "FROM a\nRUN <<EOF\necho -a\nEOF\n";
        let df = crate::parse::parse(text);
        let at = text.find("-a").unwrap_or(0);
        let f = d(
            "DH1",
            Fix::safe("t", vec![Edit::delete(Span::new(at, at + 2))]),
        );
        let (out, codes) = apply(text, &df, &[&f]);
        assert_eq!(out, text);
        assert!(codes.is_empty());
    }

    use crate::rules::{Context, DeclaredRule, Rule, RuleMeta};

    /// Test rules: one whose fix breaks the file, one whose fix never ends.
    struct Breaks;
    struct Grows;
    const fn meta(code: &'static str) -> RuleMeta {
        RuleMeta {
            code,
            name: "test-rule",
            severity: crate::diagnostic::Severity::Info,
            category: crate::rules::Category::Correctness,
            summary: "",
            raw_docs: "",
            enabled_by_default: true,
            shipped_image: false,
            mirrors: None,
            aliases: &[],
            options: None,
        }
    }
    static BREAKS: RuleMeta = meta("DH991");
    static GROWS: RuleMeta = meta("DH992");
    impl DeclaredRule for Breaks {
        fn meta(&self) -> &'static RuleMeta {
            &BREAKS
        }
    }
    impl DeclaredRule for Grows {
        fn meta(&self) -> &'static RuleMeta {
            &GROWS
        }
    }
    impl Rule for Breaks {
        fn check(&self, cx: &mut Context<'_>) {
            if !cx.source.contains("BOGUS") {
                cx.report(&BREAKS, Span::empty(0), "m")
                    .fix(Fix::safe("t", vec![Edit::insert(0, "BOGUS x\n")]));
            }
        }
    }
    impl Rule for Grows {
        fn check(&self, cx: &mut Context<'_>) {
            let end = cx.source.len();
            cx.report(&GROWS, Span::empty(end), "m")
                .fix(Fix::safe("t", vec![Edit::insert(end, "# more\n")]));
        }
    }

    fn opts(rules: Vec<&'static dyn Rule>) -> LintOptions {
        LintOptions {
            rules,
            ..LintOptions::default()
        }
    }

    #[test]
    fn a_pass_that_breaks_the_syntax_is_undone() {
        let all = |_: &str| true;
        let fo = FixOptions {
            unsafe_fixes: false,
            fixable: &all,
        };
        let text = "FROM alpine:3.20\n";
        let out = fix_text(text, &FileFacts::default(), &opts(vec![&Breaks]), &fo);
        assert_eq!(out.text, text);
        assert_eq!(out.reverted, vec!["DH991"]);
        assert!(out.fixed.is_empty());
    }

    #[test]
    fn a_fix_that_never_ends_stops_after_the_limit_and_is_named() {
        let all = |_: &str| true;
        let fo = FixOptions {
            unsafe_fixes: false,
            fixable: &all,
        };
        let text = "FROM alpine:3.20\n";
        let out = fix_text(text, &FileFacts::default(), &opts(vec![&Grows]), &fo);
        assert_eq!(out.fixed.get("DH992"), Some(&MAX_PASSES));
        assert_eq!(out.not_converged, vec!["DH992"]);
        assert_eq!(out.text.matches("# more").count(), MAX_PASSES);
        // not fixable: nothing happens
        let none = |_: &str| false;
        let fo = FixOptions {
            unsafe_fixes: true,
            fixable: &none,
        };
        let out = fix_text(text, &FileFacts::default(), &opts(vec![&Grows]), &fo);
        assert_eq!(out.text, text);
        assert!(out.not_converged.is_empty());
    }

    #[test]
    fn real_rules_fix_and_converge() {
        let all = |_: &str| true;
        let fo = FixOptions {
            unsafe_fixes: false,
            fixable: &all,
        };
        let text = "FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -a -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n";
        let out = fix_text(text, &FileFacts::default(), &LintOptions::defaults(), &fo);
        assert_eq!(
            out.text,
            "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
        );
        assert_eq!(out.fixed.get("DH006"), Some(&1));
        assert_eq!(out.fixed.get("DH302"), Some(&1));
        assert!(out.not_converged.is_empty() && out.reverted.is_empty());
        assert!(out
            .remaining
            .iter()
            .all(|d| d.code != "DH006" && d.code != "DH302"));
    }

    #[test]
    fn text_helpers() {
        assert_eq!(text::line_ending("FROM a\r\nRUN b\n"), "\r\n");
        assert_eq!(text::line_ending("FROM a\nRUN b\r\n"), "\n");
        let s = "FROM a\n  RUN b \\\n   c\nUSER x";
        let run = s.find("RUN").unwrap_or(0);
        assert_eq!(text::indentation(s, run), "  ");
        let end = s.find("c\n").unwrap_or(0) + 1;
        let lines = text::whole_lines(s, Span::new(run, end));
        assert_eq!(&s[lines.start..lines.end], "  RUN b \\\n   c\n");
        let b = s.find('b').unwrap_or(0);
        let w = text::word_with_blank(s, Span::new(b, b + 1));
        assert_eq!(&s[w.start..w.end], "b ");
    }
}
