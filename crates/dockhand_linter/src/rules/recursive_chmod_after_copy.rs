//! DH202: a RUN re-owns or re-modes files a COPY wrote, storing them twice.
use super::prelude::*;
use crate::model::{Command, CopyFact};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` in the final stage (or a stage it is built `FROM`) that changes the mode
    /// or owner of files an earlier `COPY`/`ADD` wrote: `chmod -R`/`chown -R` (or
    /// `find … -exec chmod`) on the copy's destination, a directory above it or one inside
    /// it, or a glob such as `chmod +x /app/*` over copied files. Relative paths are resolved
    /// against the `WORKDIR`.
    ///
    /// Only copies of a directory tree count: the whole build context, or a source that names
    /// a folder (`COPY dist/ /app`, `COPY ./backend /app`, `COPY --from=build /out/site …`).
    /// A `chown -R app /etc/app` over one copied config file or script, like a non-recursive
    /// `chmod +x /entrypoint.sh`, duplicates a few kilobytes and is not flagged. Build stages
    /// are not checked: their layers are not shipped.
    ///
    /// ## Why is this bad?
    /// Each instruction is a layer, and a layer stores every file whose metadata changed in
    /// full. Changing the mode or owner of copied files in a later `RUN` therefore stores
    /// every one of them a second time: a 200 MB application becomes 400 MB of image. `COPY`
    /// sets both in the same layer with `--chmod` and `--chown`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// COPY dist/ /app
    /// RUN chmod -R 755 /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// COPY --chmod=755 dist/ /app
    /// ```
    ///
    /// ## Fix
    /// Adds `--chmod=`/`--chown=` with the RUN's value to each COPY that wrote the files
    /// (replacing a `--chmod`/`--chown` it has), and deletes the RUN when it holds only these
    /// commands, or else the commands with their `&&`/`;`. Safe when the RUN holds only these
    /// commands, each path is exactly a COPY's destination, the COPY comes right before the RUN
    /// (only ARG, ENV, LABEL, EXPOSE or other such COPYs between), the mode is numeric and the
    /// owner is numeric; otherwise unsafe. No fix for `find … -exec` (it picks files or
    /// directories only), nor for a `chown` to a name that does not exist yet at the COPY (a
    /// user the base image is not known to have and no earlier RUN creates).
    ///
    /// ## References
    /// - [Dockerfile reference: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chmod)
    /// - [Dockerfile reference: COPY --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
    pub RecursiveChmodAfterCopy {
        code: "DH202",
        name: "recursive-chmod-after-copy",
        severity: Warning,
        category: Size,
        summary: "a `RUN` changes the mode or owner of copied files, storing them twice",
        shipped_image: true,
    }
}

/// At most this many related COPY instructions are labelled.
const MAX_LABELS: usize = 3;
/// At most this many copies are named in the message (a file with a thousand COPYs and a
/// thousand `chmod -R` would otherwise write a million line numbers).
const LISTED: usize = 10;

/// The copies of a chain by destination, so that the copies a `chmod -R` touches are looked up
/// by its path and not by scanning every earlier COPY for every RUN.
struct DestIndex {
    /// Copies (positions in file order) whose destination is this path or lies below it,
    /// for every path above each destination (`/` left out).
    under: std::collections::HashMap<String, Vec<usize>>,
    /// Copies by their exact destination.
    exact: std::collections::HashMap<String, Vec<usize>>,
}

impl DestIndex {
    fn new(copies: &[(&CopyFact, String)]) -> DestIndex {
        let mut under: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let mut exact: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, (_, dest)) in copies.iter().enumerate() {
            exact.entry(dest.clone()).or_default().push(i);
            let mut p = dest.as_str();
            while p != "/" && !p.is_empty() {
                under.entry(p.to_string()).or_default().push(i);
                p = match p.rfind('/') {
                    Some(0) | None => "/",
                    Some(k) => &p[..k],
                };
            }
        }
        DestIndex { under, exact }
    }

    /// The first (at most `LISTED`) copies among the first `earlier` that a change of `abs`
    /// touches, in file order, and how many it touches in all. A glob (`dir/*`) touches the
    /// copies to `dir` itself; a recursive change the copies at or below `abs`, and those to a
    /// directory above it (below a COPY to `/` is anything at all: not evidence).
    fn hits(&self, abs: &str, glob: bool, earlier: usize) -> (Vec<usize>, usize) {
        fn before(list: Option<&Vec<usize>>, earlier: usize) -> &[usize] {
            let list = list.map_or(&[][..], |l| l.as_slice());
            &list[..list.partition_point(|&i| i < earlier)]
        }
        let mut lists: Vec<&[usize]> = Vec::new();
        let all: Vec<usize>;
        if glob {
            lists.push(before(self.exact.get(abs), earlier));
        } else if abs == "/" {
            all = (0..earlier).collect();
            lists.push(&all);
        } else {
            lists.push(before(self.under.get(abs), earlier));
            let mut p = abs;
            while let Some(k) = p.rfind('/') {
                if k == 0 {
                    break;
                }
                p = &p[..k];
                lists.push(before(self.exact.get(p), earlier));
            }
        }
        let total = lists.iter().map(|l| l.len()).sum();
        let mut first: Vec<usize> = lists
            .iter()
            .flat_map(|l| l.iter().take(LISTED).copied())
            .collect();
        first.sort_unstable();
        first.truncate(LISTED);
        (first, total)
    }
}

/// One `chmod`/`chown` over copied files.
pub(super) struct Change<'a> {
    /// The path is exactly the destination of each copy it touches.
    pub(super) exact: bool,
    /// The command itself.
    pub(super) cmd: &'a Command,
    /// The change touches more copies than `copies` holds.
    pub(super) more: bool,
    /// A `find … -exec`, which can pick files or directories only.
    pub(super) selective: bool,
    /// The command as written, shortened.
    pub(super) command: String,
    pub(super) tool: &'static str,
    /// The mode or owner, as written.
    pub(super) value: &'a Spanned<String>,
    pub(super) path: &'a Spanned<String>,
    pub(super) copies: Vec<&'a CopyFact>,
}

impl Rule for RecursiveChmodAfterCopy {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(fin) = model.final_stage() else {
            return;
        };
        let chain = model.chain(fin.id);
        // COPY/ADD of the chain with their absolute destinations, in file order
        let mut copies: Vec<(&CopyFact, String)> = Vec::new();
        for s in chain.iter().rev() {
            for c in &s.copies {
                if let Some(d) = c.dest_path(model, s.id) {
                    copies.push((c, d));
                }
            }
        }
        if copies.is_empty() {
            return;
        }
        let index = DestIndex::new(&copies);
        for s in chain.iter().rev() {
            for r in &s.runs {
                // the copies before this RUN are a prefix of `copies` (file order)
                let earlier = copies.partition_point(|(c, _)| c.instruction < r.instruction);
                if earlier == 0 {
                    continue;
                }
                let mut changes: Vec<Change<'_>> = Vec::new();
                for c in &r.commands {
                    let Some(op) = operation(c) else { continue };
                    for path in op.paths {
                        // `dir/*` touches every entry of a directory a COPY wrote; narrower
                        // globs (`/usr/bin/*.sh`) pick a few files, like a single chmod
                        let (target, recursive, glob) = match path.value.strip_suffix("/*") {
                            Some(dir) if !dir.contains(['*', '?', '[']) => {
                                (dir.to_string(), false, true)
                            }
                            _ if path.value == "*" => (String::new(), false, true),
                            _ if path.value.contains(['*', '?', '[']) => continue,
                            _ => (path.value.clone(), op.recursive, false),
                        };
                        if !recursive && !glob {
                            continue;
                        }
                        let target_text = if target.is_empty() { "." } else { &target };
                        let Some(abs) = model.image_path(s.id, r.instruction, target_text) else {
                            continue;
                        };
                        let (first_hits, total) = index.hits(&abs, glob, earlier);
                        let hit: Vec<&CopyFact> = first_hits.iter().map(|&i| copies[i].0).collect();
                        // One config file or script rewritten costs a few kilobytes; a copied
                        // tree (the context, a folder, a stage's output folder) is what doubles
                        // the layer.
                        if hit.iter().any(|c| copies_tree(c)) {
                            let exact = !glob && first_hits.iter().all(|&i| copies[i].1 == abs);
                            changes.push(Change {
                                exact,
                                cmd: c,
                                selective: op.selective,
                                command: command_text(c),
                                tool: op.tool,
                                value: op.value,
                                path,
                                more: total > hit.len(),
                                copies: hit,
                            });
                            break;
                        }
                    }
                }
                let Some(first) = changes.first() else {
                    continue;
                };
                let mut lines: Vec<usize> = changes
                    .iter()
                    .flat_map(|ch| ch.copies.iter())
                    .map(|c| cx.line_of(c.span.start))
                    .collect();
                lines.sort_unstable();
                lines.dedup();
                let more = changes.iter().any(|ch| ch.more) || lines.len() > LISTED;
                lines.truncate(LISTED);
                let copy_lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let message = format!(
                    "`{}` rewrites files copied at line{} {}{}: each is stored twice",
                    first.command,
                    if copy_lines.len() == 1 && !more {
                        ""
                    } else {
                        "s"
                    },
                    copy_lines.join(", "),
                    if more { " and more" } else { "" }
                );
                let flags: Vec<String> = {
                    let mut f: Vec<String> = Vec::new();
                    for ch in &changes {
                        let flag = format!(
                            "--{}={}",
                            if ch.tool == "chmod" { "chmod" } else { "chown" },
                            ch.value.value
                        );
                        if !f.contains(&flag) {
                            f.push(flag);
                        }
                    }
                    f
                };
                let symbolic = changes.iter().any(|ch| {
                    ch.tool == "chmod" && !ch.value.value.chars().all(|c| c.is_ascii_digit())
                });
                let mut help = format!(
                    "set {} in the `COPY` itself: `COPY {} …`, and drop the `{}`",
                    if flags.len() == 1 { "it" } else { "them" },
                    flags.join(" "),
                    changes
                        .iter()
                        .map(|c| c.tool)
                        .collect::<Vec<_>>()
                        .join("`/`")
                );
                if changes.iter().any(|c| c.selective) {
                    help = "fix the modes where the files come from (the build context or the \
                            builder stage): `COPY --chmod`/`--chown` set one value for files and \
                            directories alike, so a `find -type f` cannot move into the `COPY`"
                        .to_string();
                } else if symbolic {
                    help.push_str(
                        " (a symbolic `--chmod` needs `# syntax=docker/dockerfile:1.14` or later)",
                    );
                }
                let fix = super::chmod_fix::fix(cx, r, &changes);
                let mut labelled: Vec<usize> = Vec::new();
                let mut f = cx
                    .report(&Self::META, first.path.span, message)
                    .primary_label(format!("`{}` of copied files", first.tool))
                    .help(help)
                    .fix_opt(fix);
                for ch in &changes {
                    if ch.path.span != first.path.span {
                        f = f.label(ch.path.span, format!("`{}` of copied files", ch.tool));
                    }
                    for c in &ch.copies {
                        if labelled.len() >= MAX_LABELS || labelled.contains(&c.instruction) {
                            continue;
                        }
                        labelled.push(c.instruction);
                        let span = c.dest.as_ref().map_or(c.keyword, |d| d.span);
                        f = f.label(span, format!("{} writes these files", c.kind.as_str()));
                    }
                }
            }
        }
    }
}

/// Whether a COPY writes a directory tree: the whole context, or a source that names a
/// folder (`app/`, `./backend`, `--from=build /app/dist`).
fn copies_tree(c: &CopyFact) -> bool {
    !c.heredoc
        && (c.copies_whole_context()
            || crate::model::role::copies_folder(c)
            || c.sources.iter().any(|s| s.value == "/"))
}

/// The words of a command, shortened to about 60 characters.
fn command_text(c: &Command) -> String {
    let mut out = String::new();
    for w in &c.words {
        if !out.is_empty() {
            out.push(' ');
        }
        if out.len() + w.value.len() > 60 {
            out.push('…');
            break;
        }
        out.push_str(&w.value);
    }
    out
}

struct Operation<'a> {
    selective: bool,
    tool: &'static str,
    value: &'a Spanned<String>,
    paths: Vec<&'a Spanned<String>>,
    recursive: bool,
}

/// `chmod [-R] MODE PATH…`, `chown [-R] OWNER PATH…`, `find PATH… -exec chmod MODE {} …`.
fn operation(c: &Command) -> Option<Operation<'_>> {
    let name = c.name()?;
    match name {
        "chmod" | "chown" => {
            let mut operands = c.operands();
            let value = operands.next()?;
            let tool = if name == "chmod" { "chmod" } else { "chown" };
            Some(Operation {
                selective: false,
                tool,
                value,
                paths: operands.collect(),
                recursive: c.has_short('R') || c.has_arg("--recursive"),
            })
        }
        "find" => {
            let args = c.args();
            let exec = args
                .iter()
                .position(|w| matches!(w.value.as_str(), "-exec" | "-execdir"))?;
            let tool = match args.get(exec + 1)?.value.as_str() {
                "chmod" => "chmod",
                "chown" => "chown",
                _ => return None,
            };
            let value = args
                .get(exec + 2..)?
                .iter()
                .find(|w| !w.value.starts_with('-'))?;
            let paths = args
                .iter()
                .take_while(|w| !w.value.starts_with('-') && !w.value.starts_with('('))
                .collect();
            Some(Operation {
                selective: true,
                tool,
                value,
                paths,
                recursive: true,
            })
        }
        _ => None,
    }
}
