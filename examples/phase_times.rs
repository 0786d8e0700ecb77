//! Times the stages of linting the corpus, single-threaded and in memory (no IO, no report):
//! parse only; parse and model; the default rules; every rule; and each rule on its own.
//! It prints figures and asserts nothing.
//!
//! `cargo run --release --example phase_times -- [DIR] [--per-rule]`

use dockhand::lint::{lint_diagnostics, LintOptions};
use dockhand::model::{Model, ModelOptions};
use dockhand::parse::parse;
use dockhand::rules::{self, FileFacts};
use std::path::PathBuf;
use std::time::Instant;

// the allocator of the binary, so that the figures are the CLI's
#[global_allocator]
static GLOBAL: dockhand::alloc::Mimalloc = dockhand::alloc::Mimalloc;

fn time<F: FnMut()>(name: &str, mut f: F) -> f64 {
    // best of three, in milliseconds
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{name:<40} {best:8.1} ms");
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_rule = args.iter().any(|a| a == "--per-rule");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/real"));
    // the files the CLI would lint there, found as it finds them
    let paths = dockhand::source::discover(&[dir], &|_| false, false).files;
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} files, {} bytes", texts.len(), bytes);
    let facts = FileFacts {
        has_dockerignore: Some(true),
        dockerignore: None,
        go_mod_requires: None,
        folders: Vec::new(),
    };
    if args.iter().any(|a| a == "--model-only") {
        let mo = ModelOptions::default();
        for t in &texts {
            std::hint::black_box(Model::build(parse(t), &mo));
        }
        return;
    }
    time("parse", || {
        for t in &texts {
            std::hint::black_box(parse(t));
        }
    });
    let mo = ModelOptions::default();
    time("parse + model", || {
        for t in &texts {
            std::hint::black_box(Model::build(parse(t), &mo));
        }
    });
    let mut none = LintOptions::defaults();
    none.rules.clear();
    time("lint, no rule", || {
        for t in &texts {
            std::hint::black_box(lint_diagnostics(t, &facts, &none));
        }
    });
    let defaults = LintOptions::defaults();
    time("lint, default rules", || {
        for t in &texts {
            std::hint::black_box(lint_diagnostics(t, &facts, &defaults));
        }
    });
    let mut all = LintOptions::defaults();
    all.rules = rules::ALL.to_vec();
    time("lint, every rule", || {
        for t in &texts {
            std::hint::black_box(lint_diagnostics(t, &facts, &all));
        }
    });
    if per_rule {
        let base = time("(again) lint, no rule", || {
            for t in &texts {
                std::hint::black_box(lint_diagnostics(t, &facts, &none));
            }
        });
        let mut rows = Vec::new();
        for r in rules::ALL {
            let mut one = none.clone();
            one.rules = vec![*r];
            let mut best = f64::MAX;
            for _ in 0..3 {
                let t = Instant::now();
                for t in &texts {
                    std::hint::black_box(lint_diagnostics(t, &facts, &one));
                }
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            }
            rows.push((best - base, r.meta().code, r.meta().name));
        }
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, code, name) in rows.iter().take(30) {
            println!("  {code} {name:<36} {ms:7.1} ms");
        }
    }
}
