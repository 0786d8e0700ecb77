//! `docs/releases.md` is rendered from the release-line table
//! (`crates/dockhand_linter/data/releases/*.toml`); `UPDATE_DOCS=1 cargo test --test releases`
//! rewrites it. Every data file is in the table.

use dockhand::model::releases::{render_markdown, PRODUCTS};
use std::path::Path;

#[test]
fn docs_releases_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/releases.md");
    let want = render_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/releases.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/releases.md is stale: run `UPDATE_DOCS=1 cargo test --test releases`"
    );
}

#[test]
fn every_data_file_is_a_product() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/dockhand_linter/data/releases");
    let files = std::fs::read_dir(dir)
        .expect("data/releases exists")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(files, PRODUCTS.len());
    assert!(PRODUCTS.iter().all(|p| !p.lines.is_empty()));
}
