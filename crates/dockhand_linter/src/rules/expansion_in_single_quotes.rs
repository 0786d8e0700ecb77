//! SC2016: `$var`, `$( … )` or backticks inside single quotes stay literal.
use super::prelude::*;
use crate::model::shell::ast::{CommandKind, PartKind, SimpleCommand, Word};

declare_rule! {
    /// ## What it does
    /// Flags a single-quoted string holding what looks like an expansion (`'$HOME'`,
    /// `'${VERSION}'`, `'$(date)'`, `` '`pwd`' ``) given to a command that does not expand
    /// it itself.
    ///
    /// ## Why is this bad?
    /// Nothing inside single quotes is expanded: `echo 'version $VERSION'` prints the dollar
    /// sign and the name. When the value is wanted, the quotes should be double.
    ///
    /// Not flagged, as in ShellCheck: strings given to programs that expand them themselves
    /// (`sh -c`, `bash -c`, `eval`, `ssh`, `awk`, `perl`, `jq`, `trap`, `docker`, `sudo`,
    /// `find -exec sh …`, `git filter-branch`, …) and `sed` scripts whose `$` is an
    /// address or an anchor (`sed '$d'`, `sed 's/x$//'`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG VERSION=1.0
    /// RUN echo 'version $VERSION' > /etc/app-version
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ARG VERSION=1.0
    /// RUN echo "version $VERSION" > /etc/app-version
    /// ```
    ///
    /// ## Default
    /// Off: in Dockerfiles most such strings are written on purpose for a later shell (a
    /// line appended to `.bashrc`, a `CMD` template, a `sed` replacement), which a linter
    /// cannot tell from a mistake.
    ///
    /// ## Differences from ShellCheck
    /// Same conditions as ShellCheck's SC2016. Stages of Windows images and PowerShell or
    /// cmd `SHELL`s are not checked.
    pub ExpansionInSingleQuotes {
        code: "SC2016",
        name: "expansion-in-single-quotes",
        severity: Info,
        category: Correctness,
        summary: "`$var` inside single quotes is not expanded",
        enabled_by_default: false,
        mirrors: "ShellCheck SC2016",
    }
}

const EXPANDS_ITSELF: &[&str] = &[
    "trap", "sh", "bash", "ksh", "zsh", "ssh", "eval", "xprop", "alias", "sudo", "doas", "run0", "docker", "podman",
    "oc", "dpkg-query", "jq", "rename", "rg", "unset", "git filter-branch", "mumps -run %XCMD", "mumps -run LOOP%XCMD",
];

/// `$` followed by a name, a digit, `{` or `(`; or a backtick pair with something inside.
fn looks_expanded(s: &str) -> bool {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'$' && b.get(i + 1).is_some_and(|&c| c == b'{' || c == b'(' || c == b'_' || c.is_ascii_alphanumeric()) {
            return true;
        }
        if b[i] == b'`' {
            if let Some(j) = b[i + 1..].iter().position(|&c| c == b'`') {
                if j > 0 {
                    return true;
                }
            }
        }
    }
    false
}

/// `sed` uses `$` for the last line and as an anchor: `$d`, `$p`, `${`, … not followed by a
/// letter.
fn sed_dollar(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'$'
            && b.get(i + 1).is_some_and(|c| b"{dpsaic".contains(c))
            && b.get(i + 2).is_none_or(|c| !c.is_ascii_alphabetic())
    })
}

/// The command ShellCheck names for a word of `c`: the program after `find -exec`, `git
/// filter-branch`, or the basename of the command.
fn command_name(c: &SimpleCommand) -> String {
    let words: Vec<Option<String>> = c.words.iter().map(|w| w.literal().map(str::to_string)).collect();
    let Some(Some(first)) = words.first() else { return String::new() };
    let name = crate::model::paths::file_name(first).to_string();
    match name.as_str() {
        "find" => {
            let pos = words.iter().position(|w| matches!(w.as_deref(), Some("-exec" | "-execdir" | "-ok" | "-okdir")));
            match pos.and_then(|p| words.get(p + 1)) {
                Some(Some(cmd)) => cmd.clone(),
                Some(None) => "find".into(),
                None => "find".into(),
            }
        }
        "git" if words.get(1).and_then(|w| w.as_deref()) == Some("filter-branch") => "git filter-branch".into(),
        "mumps" if words.get(1).and_then(|w| w.as_deref()) == Some("-run") => match words.get(2).and_then(|w| w.as_deref()) {
            Some("%XCMD") => "mumps -run %XCMD".into(),
            Some("LOOP%XCMD") => "mumps -run LOOP%XCMD".into(),
            _ => name,
        },
        _ => name,
    }
}

fn ok_for(name: &str) -> bool {
    EXPANDS_ITSELF.contains(&name) || name.ends_with("awk") || name.starts_with("perl")
}

impl Rule for ExpansionInSingleQuotes {
    fn check(&self, cx: &mut Context<'_>) {
        for sh in cx.sh_runs().iter() {
            let mut found: Vec<Span> = Vec::new();
            let check_word = |w: &Word, name: &str, found: &mut Vec<Span>| {
                w.each_part(&mut |p| {
                    let PartKind::SingleQuoted(_) = p.kind else { return };
                    let t = sh.text(p.span);
                    if !looks_expanded(t) {
                        return;
                    }
                    let flag = if name == "sed" { !sed_dollar(t) } else { !ok_for(name) };
                    if flag {
                        found.push(p.span);
                    }
                });
            };
            for &(c, _) in &sh.nodes().commands {
                match &c.kind {
                    CommandKind::Simple(s) => {
                        let name = command_name(s);
                        for w in &s.words {
                            check_word(w, &name, &mut found);
                        }
                        for r in &c.redirects {
                            if let crate::model::shell::ast::RedirTarget::Word(w) = &r.target {
                                check_word(w, &name, &mut found);
                            }
                        }
                        for a in &s.assignments {
                            if matches!(a.name.as_str(), "PS1" | "PS2" | "PS3" | "PS4" | "PROMPT_COMMAND") {
                                continue;
                            }
                            check_word(&a.value, &name, &mut found);
                            for w in a.array.iter().flatten() {
                                check_word(w, &name, &mut found);
                            }
                        }
                    }
                    CommandKind::For(f) => f.words.iter().flatten().for_each(|w| check_word(w, "", &mut found)),
                    CommandKind::Case(k) => {
                        check_word(&k.word, "", &mut found);
                        for arm in &k.arms {
                            arm.patterns.iter().for_each(|w| check_word(w, "", &mut found));
                        }
                    }
                    CommandKind::Cond(ws) if ws.first().is_none_or(|w| sh.text(w.span) != "-v") => {
                        ws.iter().for_each(|w| check_word(w, "", &mut found))
                    }
                    _ => {}
                }
            }
            found.sort_by_key(|r| r.start);
            found.dedup();
            for r in found {
                let shown = crate::model::shorten(sh.text(r), 40);
                cx.report(&Self::META, r, format!("{shown} is in single quotes, so nothing in it is expanded"))
                    .primary_label("not expanded")
                    .help("use double quotes where the value should be substituted; if the text is meant literally, ignore this finding");
            }
        }
    }
}
