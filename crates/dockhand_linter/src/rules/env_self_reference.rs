//! DL3044: an ENV that refers to a variable it defines itself.
use super::hadolint_support::variables;
use super::prelude::*;
use crate::parse::Kind;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Flags an `ENV` with several variables where one value refers to another variable
    /// defined by the same `ENV` and by no ARG or ENV before it (`ENV A=1 B=$A`).
    ///
    /// ## Why is this bad?
    /// All values of one ENV are expanded before any of its variables is set, so `$A` in
    /// `ENV A=1 B=$A` is the *previous* value of `A` (empty here), not `1`. Set `A` in an
    /// ENV of its own first.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    pub EnvSelfReference {
        code: "DL3044",
        name: "env-self-reference",
        severity: Error,
        category: Correctness,
        summary: "an ENV value refers to a variable the same ENV defines",
        mirrors: "hadolint DL3044",
    }
}

impl Rule for EnvSelfReference {
    fn check(&self, cx: &mut Context<'_>) {
        let mut known: HashSet<&str> = HashSet::new();
        for ins in cx.model().instructions() {
            match ins.kind {
                Kind::Arg => {
                    for w in &ins.args {
                        known.insert(w.value.split('=').next().unwrap_or(""));
                    }
                }
                Kind::Env => {
                    let pairs: Vec<(&Spanned<String>, &Spanned<String>)> =
                        ins.args.chunks(2).filter_map(|p| Some((p.first()?, p.get(1)?))).collect();
                    let names: HashSet<&str> = pairs.iter().map(|(k, _)| k.value.as_str()).collect();
                    for (i, (key, value)) in pairs.iter().enumerate() {
                        let hit = variables(&value.value).into_iter().find(|v| {
                            names.contains(v)
                                && !known.contains(v)
                                && pairs.iter().enumerate().any(|(j, (k, _))| j != i && k.value == *v)
                        });
                        if let Some(v) = hit {
                            cx.report(
                                &Self::META,
                                value.span,
                                format!("`{}` uses `${v}`, which this same ENV defines: it expands to the value before this ENV", key.value),
                            )
                            .primary_label(format!("`${v}` is not yet set"))
                            .help(format!("set `{v}` in an ENV of its own before this one"));
                        }
                    }
                    known.extend(names);
                }
                _ => {}
            }
        }
    }
}
