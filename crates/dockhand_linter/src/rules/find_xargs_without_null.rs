//! SC2038: `find | xargs` without `-print0` / `-0`.
use super::prelude::*;
use crate::model::shell::ast::{Command, CommandKind, Pipeline};
use crate::model::shell::{Cx, Visitor};

declare_rule! {
    /// ## What it does
    /// Flags `find … | xargs …` where neither side separates names with NUL (`find -print0`
    /// with `xargs -0`, `--null`, or `find -printf`).
    ///
    /// ## Why is this bad?
    /// xargs splits its input at spaces and newlines and reads quotes and backslashes in it,
    /// so a file name with a space, a quote or a newline becomes the wrong arguments (or makes
    /// xargs stop with "unmatched quote").
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN find /usr/share/doc -name '*.gz' | xargs rm -f
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN find /usr/share/doc -name '*.gz' -print0 | xargs -0 rm -f
    /// ```
    /// (or `find /usr/share/doc -name '*.gz' -exec rm -f {} +`).
    ///
    /// ## Default
    /// Off: the file names an image build walks (package and toolchain trees) almost never
    /// hold spaces or quotes.
    ///
    /// ## Differences from ShellCheck
    /// Same check as ShellCheck's SC2038. Stages of Windows images and PowerShell or cmd
    /// `SHELL`s are not checked.
    pub FindXargsWithoutNull {
        code: "SC2038",
        name: "find-xargs-without-null",
        severity: Warning,
        category: Correctness,
        summary: "`find` piped to `xargs` breaks on file names with spaces or quotes",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2038",
    }
}

fn nul_safe(args: &[String]) -> bool {
    args.iter().any(|a| {
        (a.starts_with('-') && !a.starts_with("--") && a.contains('0'))
            || matches!(a.as_str(), "-null" | "--null" | "-print0" | "--print0" | "-printf" | "--printf")
    })
}

/// The `find | xargs` pairs of every pipeline: the `find` command's span.
struct Pairs(Vec<Span>);

impl<'a> Visitor<'a> for Pairs {
    fn pipeline(&mut self, p: &'a Pipeline, _cx: &Cx) {
        let simple = |c: &'a Command| match &c.kind {
            CommandKind::Simple(s) => Some(s),
            _ => None,
        };
        for w in p.commands.windows(2) {
            let (Some(a), Some(b)) = (simple(&w[0]), simple(&w[1])) else { continue };
            let base = |c: &'a crate::model::shell::ast::SimpleCommand| {
                c.words.first().and_then(|w| w.literal()).map(crate::model::paths::file_name)
            };
            if base(a) == Some("find") && base(b) == Some("xargs") {
                let args: Vec<String> = a.words.iter().chain(&b.words).filter_map(|w| w.literal()).map(str::to_string).collect();
                if !nul_safe(&args) {
                    self.0.push(w[0].span);
                }
            }
        }
    }
}

impl Rule for FindXargsWithoutNull {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut pairs = Pairs(Vec::new());
            sh.walk(&mut pairs);
            let mut found = pairs.0;
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                cx.report(&Self::META, r, "`find | xargs` splits file names at spaces and reads quotes in them")
                    .primary_label("names separated by newlines")
                    .help("add `-print0` to find and `-0` to xargs, or use `find … -exec cmd {} +`");
            }
        }
    }
}
