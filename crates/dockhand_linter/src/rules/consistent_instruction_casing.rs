//! DH603: instruction keywords in more than one case.
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an instruction keyword whose case differs from that of most keywords in the file
    /// (`run` in a file of upper-case keywords), and any keyword in mixed case (`Run`). Ties go
    /// to upper case, as in BuildKit. The finding's span is the keyword, the text to rewrite.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so mixing cases only makes the file harder to read and
    /// to search; BuildKit warns.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add --no-cache curl
    /// CMD ["curl", "--version"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// CMD ["curl", "--version"]
    /// ```
    ///
    /// ## Fix
    /// Rewrites the keyword in the file's majority case. Safe: keywords are case-insensitive,
    /// nothing else changes.
    pub ConsistentInstructionCasing {
        code: "DH603",
        name: "consistent-instruction-casing",
        severity: Style,
        category: Style,
        summary: "an instruction keyword is not in the case most keywords of the file use",
        aliases: ["ConsistentInstructionCasing"],
    }
}

impl Rule for ConsistentInstructionCasing {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        // BuildKit counts the instructions of stages only (from the first FROM on)
        let first = model.stages.first().map_or(usize::MAX, |s| s.from_instruction);
        let keywords: Vec<Span> = model
            .instructions()
            .iter()
            .skip(first)
            .map(|i| i.keyword)
            // a keyword split by a line continuation has no one spelling to check
            .filter(|k| !cx.text(*k).contains('\n'))
            .collect();
        let (mut lower, mut upper) = (0usize, 0usize);
        for k in &keywords {
            let w = cx.text(*k);
            if is_lower(w) {
                lower += 1;
            } else if is_upper(w) {
                upper += 1;
            }
        }
        let majority_lower = lower > upper;
        for k in keywords {
            let w = cx.text(k);
            if (majority_lower && is_lower(w)) || (!majority_lower && is_upper(w)) {
                continue;
            }
            let (want, case) = if majority_lower {
                (w.to_lowercase(), "lower")
            } else {
                (w.to_uppercase(), "upper")
            };
            let (n, total) = if majority_lower { (lower, lower + upper) } else { (upper, lower + upper) };
            cx.report(
                &Self::META,
                k,
                format!("`{w}` is not in {case} case, like {n} of the {total} consistently written keywords"),
            )
            .help(format!("write `{want}`"))
            .fix(Fix::safe(format!("write `{want}`"), vec![Edit::replace(k, want.as_str())]));
        }
    }
}

/// `w` is its own lower case. An ASCII keyword (nearly all) is checked byte by byte, without
/// building the lower-case copy: this rule ran on every instruction of every file.
fn is_lower(w: &str) -> bool {
    if w.is_ascii() {
        !w.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        w == w.to_lowercase()
    }
}

/// `w` is its own upper case (see [`is_lower`]).
fn is_upper(w: &str) -> bool {
    if w.is_ascii() {
        !w.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        w == w.to_uppercase()
    }
}
