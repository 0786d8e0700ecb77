//! The base-image table and `[[images]]` share one schema:
//! - every built-in data file (`crates/dockhand_linter/data/images/*.toml`) is a valid
//!   `dockhand.toml`, and its entries, read as configuration, give the same facts as the
//!   built-in table, for the default tag and for every variant;
//! - every key of the schema is used by the table and, set in `[[images]]`, reaches the facts
//!   of a stage `FROM` that image;
//! - `docs/images.md` is rendered from the table (`UPDATE_DOCS=1 cargo test --test images`
//!   rewrites it).

use dockhand::config::{load_str, FileConfig};
use dockhand::model::image_ref::parse_image_ref;
use dockhand::model::images::schema::{ENTRY_KEYS, VARIANT_KEYS};
use dockhand::model::images::{
    docs, image_facts, image_facts_with, CaCerts, Ecosystem, FamilyEntry, ImageFacts, Libc, Os,
    PackageManager, Shell,
};
use dockhand::model::{Model, ModelOptions};
use dockhand::parse;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data_files() -> Vec<PathBuf> {
    let dir = root().join("crates/dockhand_linter/data/images");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("data/images exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn no_rules(_: &str) -> Option<&'static str> {
    None
}

fn config(name: &str, text: &str) -> FileConfig {
    load_str(name, text.to_string(), &no_rules)
        .unwrap_or_else(|e| panic!("{name} is not a valid config: {e:?}"))
}

/// A tag for a token pattern: `alpine*` → `alpine3.20`, `2.*` → `2.0`.
fn token(pattern: &str) -> String {
    match pattern.split_once('*') {
        Some((a, b)) if a.ends_with('.') => format!("{a}0{b}"),
        Some((a, b)) => format!("{a}3.20{b}"),
        None => pattern.to_string(),
    }
}

/// A repository for a name pattern: `distroless/static*` → `distroless/staticx`.
fn repository(pattern: &str) -> String {
    pattern.replacen('*', "x", 1)
}

#[test]
fn data_files_read_as_config_give_the_builtin_facts() {
    let files = data_files();
    assert!(files.len() >= 10, "{files:?}");
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read data file");
        let cfg = config(&path.display().to_string(), &text);
        assert!(!cfg.images.is_empty(), "{}", path.display());
        for img in &cfg.images {
            // Mark the copies so that a match is known to come from configuration.
            let mut entry = img.entry.clone();
            let family = entry.resolved().family;
            entry.family = Some(format!("{family}-from-config"));
            let extra = FamilyEntry::from_entry(&entry, "unused: the data gives a source");
            let mut tags = vec![String::new(), "latest".to_string()];
            tags.extend(
                entry
                    .variants
                    .iter()
                    .flat_map(|v| v.tokens.iter().map(|t| format!("1.0-{}", token(t)))),
            );
            for name in &entry.names {
                for tag in &tags {
                    let reference = if tag.is_empty() {
                        repository(name)
                    } else {
                        format!("{}:{tag}", repository(name))
                    };
                    let r =
                        parse_image_ref(&reference).unwrap_or_else(|| panic!("{reference} parses"));
                    let builtin = image_facts(&r);
                    let user = image_facts_with(&r, &extra);
                    assert_eq!(user.family, format!("{}-from-config", builtin.family));
                    let user = ImageFacts {
                        family: builtin.family.clone(),
                        ..user
                    };
                    assert_eq!(user, builtin, "{reference} ({})", path.display());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn the_table_uses_every_key_of_the_schema() {
    let mut used: Vec<String> = Vec::new();
    for path in data_files() {
        let text = std::fs::read_to_string(&path).expect("read data file");
        let doc: toml::Table = text.parse().expect("valid TOML");
        for entry in doc["images"].as_array().expect("[[images]]") {
            let entry = entry.as_table().expect("table");
            used.extend(entry.keys().cloned());
            for v in entry
                .get("variants")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                let v = v.as_table().expect("variant table");
                used.extend(v.keys().map(|k| format!("variants.{k}")));
            }
        }
    }
    for key in ENTRY_KEYS {
        assert!(used.iter().any(|u| u == key), "no entry sets `{key}`");
    }
    // `users-exhaustive` is set only on whole entries; every other variant key is used.
    for key in VARIANT_KEYS.iter().filter(|k| **k != "users-exhaustive") {
        let k = format!("variants.{key}");
        assert!(used.contains(&k), "no variant sets `{key}`");
    }
}

/// The facts of the first stage, with `text` as `dockhand.toml`.
fn stage_facts(text: &str, dockerfile: &str) -> ImageFacts {
    let cfg = config("dockhand.toml", text);
    let extra_images = cfg
        .images
        .iter()
        .flat_map(|i| FamilyEntry::from_entry(&i.entry, &format!("configuration ({})", i.origin)))
        .collect();
    let opts = ModelOptions {
        extra_images,
        ..ModelOptions::default()
    };
    let df = parse::parse(dockerfile);
    let model = Model::build(df, &opts);
    model.stages[0].facts.clone()
}

#[test]
fn every_key_set_in_config_reaches_the_stage_facts() {
    let text = r#"
[[images]]
name = ["ghcr.io/acme/base", "acme/base-*"]
family = "acme-base"
os = "linux"
libc = "musl"
toolchain = "rust"
ecosystem = "python"
ca-certificates = "from-alpine-base"
nonroot = true
users = ["root", "app"]
users-exhaustive = true
shell = false
c-compiler = true
package-manager = "apk"
alpine-version-tag = true
source = "acme wiki"

[[images.variants]]
tokens = ["slim*"]
libc = "glibc"
toolchain = "none"
ca-certificates = false
nonroot = "unknown"
users = ["app"]
users-exhaustive = false
shell = "dash"
c-compiler = "unknown"
package-manager = "apt"
source = "acme wiki, slim page"
"#;
    let f = stage_facts(text, "FROM ghcr.io/acme/base:3.11\n");
    assert_eq!(f.family, "acme-base");
    assert_eq!(f.os, Os::Linux);
    assert_eq!(f.libc, Libc::Musl);
    assert_eq!(f.toolchain, Some(Ecosystem::Rust));
    assert_eq!(f.ecosystem, Some(Ecosystem::Python));
    // from the Alpine base, and the tag is an Alpine release: 3.11 has no full bundle
    assert_eq!(f.alpine_version.as_deref(), Some("3.11"));
    assert_eq!(f.ca_certificates, None);
    assert_eq!(f.default_user_nonroot, Some(true));
    assert!(f.has_user("app") && f.users_exhaustive);
    assert_eq!(f.shell, Shell::None);
    assert_eq!(f.c_compiler, Some(true));
    assert_eq!(f.package_manager, PackageManager::Apk);
    assert_eq!(f.source, "acme wiki");
    assert_eq!(
        stage_facts(text, "FROM ghcr.io/acme/base:3.20\n").ca_certificates,
        Some(true)
    );

    // the second name, a pattern on Docker Hub, and the variant
    let v = stage_facts(text, "FROM acme/base-builder:2-slimmer\n");
    assert_eq!(v.family, "acme-base");
    assert_eq!(v.libc, Libc::Glibc);
    assert_eq!(v.toolchain, None);
    assert_eq!(v.ecosystem, Some(Ecosystem::Python));
    assert_eq!(v.ca_certificates, Some(false));
    assert_eq!(v.default_user_nonroot, None);
    assert!(v.has_user("app") && !v.has_user("root") && !v.users_exhaustive);
    assert_eq!(v.shell, Shell::Dash);
    assert_eq!(v.c_compiler, None);
    assert_eq!(v.package_manager, PackageManager::Apt);
    assert_eq!(v.source, "acme wiki, slim page");

    // `os`, and the defaults of a bare entry: unknown, with the config file as the source
    let w = stage_facts(
        "[[images]]\nname = \"acme/win\"\nos = \"windows\"\n",
        "FROM acme/win\n",
    );
    assert_eq!(w.os, Os::Windows);
    let bare = stage_facts("[[images]]\nname = \"acme/bare\"\n", "FROM acme/bare\n");
    assert_eq!(bare.family, "acme/bare");
    assert_eq!(
        (
            bare.libc,
            bare.package_manager,
            bare.shell,
            bare.ca_certificates
        ),
        (Libc::Unknown, PackageManager::Unknown, Shell::Unknown, None)
    );
    assert_eq!(bare.source, "configuration (dockhand.toml:1)");
    let _ = CaCerts::Unknown;
}

#[test]
fn config_keys_of_before_keep_their_meaning() {
    let f = stage_facts(
        "[[images]]\nname = \"mycorp/go-builder\"\nlibc = \"glibc\"\ntoolchain = \"golang\"\n\
         ca-certificates = true\nnonroot = false\nusers = [\"app\"]\nshell = true\n",
        "FROM mycorp/go-builder:1\n",
    );
    assert_eq!(f.family, "mycorp/go-builder");
    assert_eq!((f.libc, f.toolchain), (Libc::Glibc, Some(Ecosystem::Go)));
    assert_eq!(f.ecosystem, Some(Ecosystem::Go));
    assert_eq!(
        (f.ca_certificates, f.default_user_nonroot, f.shell),
        (Some(true), Some(false), Shell::Sh)
    );
    assert!(f.has_user("app"));
    // any other word is a toolchain of another language
    let f = stage_facts(
        "[[images]]\nname = \"mycorp/fortran\"\ntoolchain = \"Fortran\"\n",
        "FROM mycorp/fortran\n",
    );
    assert_eq!(f.toolchain, Some(Ecosystem::Other));
}

#[test]
fn bad_keys_in_images_point_at_themselves() {
    let err = |text: &str| {
        load_str("dockhand.toml", text.to_string(), &no_rules)
            .expect_err("invalid")
            .message()
            .to_string()
    };
    let e = load_str(
        "dockhand.toml",
        "[[images]]\nname = \"a/b\"\n[[images.variants]]\ntokens = [\"slim\"]\nshel = true\n"
            .to_string(),
        &no_rules,
    )
    .expect_err("unknown variant key");
    assert_eq!(e.message(), "unknown key `shel` in `[[images.variants]]`");
    assert_eq!(e.help_text(), Some("did you mean `shell`?"));
    assert_eq!(
        err("[[images]]\nname = \"a/b\"\npackage-manager = \"brew\"\n"),
        "unknown package manager `brew`"
    );
    assert_eq!(
        err("[[images]]\nname = \"a/b\"\n[[images.variants]]\nlibc = \"musl\"\n"),
        "variant without `tokens`"
    );
    assert_eq!(
        err("[[images]]\nname = [\"a/b\", \"c/d\"]\n[[images]]\nname = \"c/d\"\n"),
        "image family `c/d` is defined twice"
    );
}

#[test]
fn images_page_is_current() {
    let path = root().join("docs/images.md");
    let page = docs::render_markdown();
    if std::fs::read_to_string(&path).ok().as_deref() == Some(page.as_str()) {
        return;
    }
    if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(root().join("docs")).expect("create docs/");
        std::fs::write(&path, &page).expect("write docs/images.md");
    } else {
        panic!("docs/images.md is stale (run `UPDATE_DOCS=1 cargo test --test images`)");
    }
}

#[test]
fn images_page_lists_every_family_and_source() {
    let page = docs::render_markdown();
    for e in dockhand::model::images::BUILTIN {
        assert!(
            page.contains(&format!("### {}\n", e.facts.family)),
            "{}",
            e.facts.family
        );
        assert!(page.contains(&*e.facts.source), "{}", e.facts.source);
        assert!(page.contains(&format!("`{}`", e.name)) || page.contains(&format!("{}`", e.name)));
    }
    for key in ENTRY_KEYS.iter().chain(VARIANT_KEYS) {
        assert!(page.contains(&format!("| `{key}` |")), "{key}");
    }
}
