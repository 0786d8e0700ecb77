//! The build outputs of a stage indexed by path, computed once per stage: finding the build a
//! `COPY --from` copies used to recompute the stage's outputs and compare the copy against each
//! of them, so many outputs copied one by one cost outputs × copies.

use super::artifacts::{
    absolute, in_bin_dir, is_cargo_target_path, normalise, path_holds, suffix_match, BuildOutput,
    BuildTool,
};
use std::collections::HashMap;

/// The outputs of one stage's chain, in the order `Model::build_outputs` gives them.
#[derive(Debug, Clone, Default)]
pub struct OutputIndex {
    pub builds: Vec<BuildOutput>,
    /// For outputs with a plain absolute path (no `$`, no `*`): each path at or above the
    /// output → the first such build.
    by_prefix: HashMap<String, usize>,
    /// Builds whose output must be compared one by one (relative, or with `$`/`*`).
    special: Vec<usize>,
    first_cargo: Option<usize>,
    first_to_bin_dir: Option<usize>,
}

fn is_wild(component: &str) -> bool {
    component.contains(['$', '*'])
}

fn components(p: &str) -> Vec<&str> {
    p.split('/').filter(|s| !s.is_empty()).collect()
}

impl OutputIndex {
    pub fn new(builds: Vec<BuildOutput>, workdir: &str) -> OutputIndex {
        let mut ix = OutputIndex::default();
        for (i, b) in builds.iter().enumerate() {
            if b.tool == BuildTool::Cargo && ix.first_cargo.is_none() {
                ix.first_cargo = Some(i);
            }
            if b.to_bin_dir && ix.first_to_bin_dir.is_none() {
                ix.first_to_bin_dir = Some(i);
            }
            let Some(out) = &b.output else { continue };
            let rel = normalise(out);
            let abs = absolute(&rel, workdir);
            let comps = components(&abs);
            if !rel.starts_with('/') || comps.iter().any(|c| is_wild(c)) {
                ix.special.push(i);
                continue;
            }
            for k in 1..=comps.len() {
                ix.by_prefix.entry(comps[..k].join("/")).or_insert(i);
            }
        }
        ix.builds = builds;
        ix
    }

    /// The build a copy source `path` (normalised, `abs` its absolute form) copies: the first
    /// build whose output it is or holds (or a Cargo target path), else the first that
    /// installs into a `bin` directory when `abs` is one.
    pub fn find(&self, path: &str, abs: &str, workdir: &str) -> Option<usize> {
        let matches = |b: &BuildOutput| {
            if let Some(out) = &b.output {
                let out_abs = absolute(&normalise(out), workdir);
                if path_holds(abs, &out_abs) || suffix_match(path, &normalise(out)) {
                    return true;
                }
            }
            b.tool == BuildTool::Cargo && is_cargo_target_path(path)
        };
        let comps = components(abs);
        let named = if comps.is_empty() || comps.iter().any(|c| is_wild(c)) {
            // the whole file system, or a pattern: compare with each
            self.builds.iter().position(matches)
        } else {
            let plain = self.by_prefix.get(&comps.join("/")).copied();
            let special = self
                .special
                .iter()
                .copied()
                .find(|&i| self.builds.get(i).is_some_and(matches));
            let cargo = self.first_cargo.filter(|_| is_cargo_target_path(path));
            [plain, special, cargo].into_iter().flatten().min()
        };
        named.or_else(|| self.first_to_bin_dir.filter(|_| in_bin_dir(abs)))
    }
}
