//! SC2038: `find | xargs` without `-print0` / `-0`.
use super::prelude::*;
use super::sc_support::{all_words, each_part, Cmd, Conn, Item, Part, Script};

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

/// The `find | xargs` pairs of the script and of every substitution in it.
fn pairs(script: &Script, src: &str, out: &mut Vec<std::ops::Range<usize>>) {
    pairs_shallow(script, src, out);
    let mut inner = Vec::new();
    for w in all_words(script) {
        each_part(&w.parts, false, &mut |p, _| {
            if let Part::Subst(s) = p {
                inner.push(&s.script);
            }
        });
    }
    for s in inner {
        pairs_shallow(s, src, out);
    }
}

fn pairs_shallow(script: &Script, src: &str, out: &mut Vec<std::ops::Range<usize>>) {
    let cmds: Vec<&Cmd> = script.items.iter().filter_map(|i| match i {
        Item::Cmd(c) => Some(c),
        _ => None,
    }).collect();
    for w in cmds.windows(2) {
        let (a, b) = (w[0], w[1]);
        let base = |c: &Cmd| c.name(src).map(|n| n.rsplit('/').next().unwrap_or("").to_string());
        if a.after == Conn::Pipe && base(a).as_deref() == Some("find") && base(b).as_deref() == Some("xargs") {
            let args: Vec<String> = a.words.iter().chain(&b.words).filter_map(|w| w.literal(src)).collect();
            if !nul_safe(&args) {
                out.push(a.range.clone());
            }
        }
    }
}

impl Rule for FindXargsWithoutNull {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_scripts() {
            let mut found = Vec::new();
            pairs(sh.script(), sh.src, &mut found);
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                cx.report(&Self::META, sh.span(&r), "`find | xargs` splits file names at spaces and reads quotes in them")
                    .primary_label("names separated by newlines")
                    .help("add `-print0` to find and `-0` to xargs, or use `find … -exec cmd {} +`");
            }
        }
    }
}
