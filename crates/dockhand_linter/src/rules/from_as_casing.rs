//! DH602: `FROM` and `AS` written in different cases.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags `FROM image as name` (and `from image AS name`): the `AS` keyword in another case
    /// than the `FROM` keyword. A `FROM` keyword in mixed case (`From`) is left to
    /// consistent-instruction-casing. The finding's span is the `AS` word, the text to rewrite.
    ///
    /// ## Why is this bad?
    /// Both spellings work, but mixing them reads as two styles in one line; BuildKit warns.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 as build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// ```
    ///
    /// ## Fix
    /// Rewrites the `AS` word in the case of its `FROM` (`AS` or `as`). Safe: keywords are
    /// case-insensitive, nothing else changes.
    pub FromAsCasing {
        code: "DH602",
        name: "from-as-casing",
        severity: Style,
        category: Style,
        summary: "the `AS` keyword is not in the case of its `FROM`",
        aliases: ["FromAsCasing"],
    }
}

impl Rule for FromAsCasing {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            if ins.kind != Kind::From || ins.args.len() < 3 {
                continue;
            }
            let from = cx.text(ins.keyword);
            let as_word = &ins.args[1];
            let want = if from == from.to_lowercase() {
                as_word.value.to_lowercase()
            } else if from == from.to_uppercase() {
                as_word.value.to_uppercase()
            } else {
                continue;
            };
            if as_word.value != want {
                let fix = (cx.text(as_word.span) == as_word.value).then(|| {
                    Fix::safe(
                        format!("write `{want}`"),
                        vec![Edit::replace(as_word.span, want.as_str())],
                    )
                });
                cx.report(
                    &Self::META,
                    as_word.span,
                    format!("`{}` does not match the case of `{from}`", as_word.value),
                )
                .help(format!("write `{from} … {want}`"))
                .fix_opt(fix);
            }
        }
    }
}
