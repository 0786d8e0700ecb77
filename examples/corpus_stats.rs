//! Lints every Dockerfile under a directory (default `../shared/corpus/real`) with every rule
//! on, and prints how many findings each rule makes, with a few samples per rule.
//!
//! `cargo run --release --example corpus_stats -- [DIR] [--samples N] [--rule CODE]`

use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::rules::{self, FileFacts};
use dockhand::source::LineIndex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/real"
    ));
    let mut samples = 5usize;
    let mut only: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--samples" => {
                samples = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(5);
                i += 1;
            }
            "--rule" => {
                only = args.get(i + 1).cloned();
                i += 1;
            }
            d => dir = PathBuf::from(d),
        }
        i += 1;
    }
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    let mut opts = LintOptions::defaults();
    opts.rules = rules::ALL.to_vec();
    let facts = FileFacts {
        has_dockerignore: Some(true),
        dockerignore: None,
        go_mod_requires: None,
        folders: Vec::new(),
    };
    let mut counts: BTreeMap<&'static str, (usize, usize, Vec<String>)> = BTreeMap::new();
    let start = std::time::Instant::now();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let diags = lint_diagnostics(&text, &facts, &opts);
        let idx = LineIndex::new(&text);
        let mut seen = std::collections::HashSet::new();
        for d in diags {
            let e = counts.entry(d.code).or_default();
            e.0 += 1;
            if seen.insert(d.code) {
                e.1 += 1;
            }
            if e.2.len() < samples && only.as_deref().is_none_or(|o| o == d.code) {
                let lc = idx.line_col(&text, d.primary.span.start);
                e.2.push(format!(
                    "{}:{}:{}: {}",
                    f.strip_prefix(&dir).unwrap_or(f).display(),
                    lc.line,
                    lc.column,
                    d.message
                ));
            }
        }
    }
    println!("{} files in {:?}", files.len(), start.elapsed());
    for (code, (n, nfiles, s)) in &counts {
        if only.as_deref().is_some_and(|o| o != *code) {
            continue;
        }
        println!("{code}: {n} findings in {nfiles} files");
        for x in s {
            println!("    {x}");
        }
    }
}
