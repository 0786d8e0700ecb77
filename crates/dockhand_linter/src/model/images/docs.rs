//! `docs/images.md`, rendered from the built-in table and the schema: every known family, its
//! facts, its tag variants and where the facts were checked. `tests/images.rs` keeps the file
//! current.

use super::schema::{language_name, maybe_bool, Place, FIELDS};
use super::{BaseFacts, CaCerts, FamilyEntry, Overrides, Text, BUILTIN};
use std::fmt::Write as _;

/// The Markdown page.
pub fn render_markdown() -> String {
    let mut out = String::from(
        "# Base images dockhand knows\n\n\
         <!-- Generated from crates/dockhand_linter/data/images/*.toml; \
         `UPDATE_DOCS=1 cargo test --test images` rewrites it. -->\n\n\
         dockhand judges a base image from the text of `FROM` alone. What it knows about common \
         images is a table of facts, each with where it was checked, kept as data in \
         [`crates/dockhand_linter/data/images/`](../crates/dockhand_linter/data/images/) and \
         compiled into dockhand. A fact that is not known stays unknown, and no rule fires on \
         it. An `[[images]]` entry in `dockhand.toml` takes the same keys as the table and is \
         looked at first, so a private image can be described, or a built-in one corrected.\n\n\
         An image matches the first entry whose `name` matches its repository (with `docker.io` \
         for Docker Hub). The facts below are those of the default tag; the first variant whose \
         `tokens` match a `-`-separated token of the tag changes the facts it lists. On top of \
         that, for every image: Windows tags (`ltsc2022`, `nanoserver`, `windowsservercore`) \
         mean Windows (whose `RUN` runs `cmd`); an `alpine` or `alpine3.20` token means musl, \
         apk, BusyBox `ash` as `/bin/sh` and the Alpine release's CA bundle; a Debian or Ubuntu \
         codename means glibc, apt and `dash`, and `al2`, `al2023`, `azurelinux`, `ubi9` mean \
         glibc, their package manager and `bash`, for what is not already known; on known \
         families `nonroot` means a non-root default user and `jre`/`jdk` \
         remove or add the Java toolchain.\n\n## Keys\n\n\
         | Key | In | Value | Meaning |\n|---|---|---|---|\n",
    );
    for f in FIELDS {
        let place = match f.place {
            Place::Entry => "entry",
            Place::Variant => "variant",
            Place::Both => "entry, variant",
        };
        let _ = writeln!(out, "| `{}` | {place} | {} | {} |", f.key, f.kind, f.doc);
    }
    out.push_str("\n## Families\n");
    let mut i = 0;
    while i < BUILTIN.len() {
        let first = &BUILTIN[i];
        let same = |e: &FamilyEntry| e.facts == first.facts && e.variants == first.variants;
        let n = BUILTIN[i..].iter().take_while(|e| same(e)).count();
        family(&mut out, &BUILTIN[i..i + n]);
        i += n;
    }
    out
}

fn family(out: &mut String, rows: &[FamilyEntry]) {
    let f = &rows[0].facts;
    let names: Vec<String> = rows
        .iter()
        .map(|e| {
            if e.registry == "docker.io" {
                format!("`{}`", e.name)
            } else {
                format!("`{}/{}`", e.registry, e.name)
            }
        })
        .collect();
    let _ = write!(
        out,
        "\n### {}\n\nImages: {}.\n\n| Fact | Value |\n|---|---|\n",
        f.family,
        names.join(", ")
    );
    for (key, value) in facts(f) {
        let _ = writeln!(out, "| {key} | {value} |");
    }
    let _ = writeln!(out, "\nSource: {}", f.source);
    if rows[0].variants.is_empty() {
        return;
    }
    out.push_str("\n| Tag token | Changes |\n|---|---|\n");
    for v in rows[0].variants.iter() {
        let tokens: Vec<String> = v.tokens.iter().map(|t| format!("`{t}`")).collect();
        let changes: Vec<String> = overrides(&v.set)
            .into_iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let _ = writeln!(out, "| {} | {} |", tokens.join(", "), changes.join("; "));
    }
}

fn ca(c: CaCerts) -> String {
    match c {
        CaCerts::Present => "yes".into(),
        CaCerts::Absent => "no".into(),
        CaCerts::Unknown => "unknown".into(),
        CaCerts::FromAlpineBase => "as the Alpine release ships (3.12 and later: yes)".into(),
    }
}

fn users(u: &[Text]) -> String {
    if u.is_empty() {
        return "none known".into();
    }
    let list: Vec<String> = u.iter().map(|u| format!("`{u}`")).collect();
    list.join(", ")
}

fn facts(f: &BaseFacts) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("OS", f.os.name().to_string()),
        ("libc", f.libc.name().to_string()),
        ("CA bundle", ca(f.ca_certificates)),
        ("non-root default user", maybe_bool(f.default_user_nonroot)),
        (
            "users",
            format!(
                "{}{}",
                users(&f.known_users),
                if f.users_exhaustive { " (all)" } else { "" }
            ),
        ),
        ("language", language_name(f.ecosystem)),
        ("toolchain", language_name(f.toolchain)),
        ("C compiler", maybe_bool(f.c_compiler)),
        ("/bin/sh", f.shell.name().to_string()),
        ("package manager", f.package_manager.name().to_string()),
    ];
    if f.tag_is_alpine_version {
        v.push(("tag", "an Alpine release".to_string()));
    }
    if f.server {
        v.push(("command", server(true)));
    }
    let t = &f.tags;
    let list = |items: &[Text]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !t.version_tags {
        v.push(("version tags", "none: only a digest pins".to_string()));
    }
    if let Some(format) = &t.version_format {
        v.push(("pinned version", format!("`{format}`")));
    }
    if !t.fix_lines.is_empty() {
        v.push(("release lines that only receive fixes", list(&t.fix_lines)));
    }
    if !t.rolling_tags.is_empty() {
        v.push(("rolling tags (no releases)", list(&t.rolling_tags)));
    }
    if t.line_in_name {
        v.push(("name", "carries the release line".to_string()));
    }
    if let (Some(first), Some(last)) = (t.alpine_releases.first(), t.alpine_releases.last()) {
        v.push((
            "Alpine release of `-alpine` tags",
            format!(
                "known for {} versions ({} … {})",
                t.alpine_releases.len(),
                first.0,
                last.0
            ),
        ));
    }
    v
}

fn overrides(o: &Overrides) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(x) = o.libc {
        v.push(("libc", x.name().to_string()));
    }
    if let Some(x) = o.ca_certificates {
        v.push(("CA bundle", ca(x)));
    }
    if let Some(x) = o.default_user_nonroot {
        v.push(("non-root default user", maybe_bool(x)));
    }
    if let Some(x) = &o.known_users {
        v.push(("users", users(x)));
    }
    if let Some(x) = o.users_exhaustive {
        v.push(("users are all", x.to_string()));
    }
    if let Some(x) = o.toolchain {
        v.push(("toolchain", language_name(x)));
    }
    if let Some(x) = o.c_compiler {
        v.push(("C compiler", maybe_bool(x)));
    }
    if let Some(x) = o.shell {
        v.push(("/bin/sh", x.name().to_string()));
    }
    if let Some(x) = o.package_manager {
        v.push(("package manager", x.name().to_string()));
    }
    if let Some(x) = o.server {
        v.push(("command", server(x)));
    }
    if let Some(x) = &o.source {
        v.push(("source", x.to_string()));
    }
    v
}

fn server(b: bool) -> String {
    if b {
        "a server of the files put in"
    } else {
        "not a server"
    }
    .to_string()
}
