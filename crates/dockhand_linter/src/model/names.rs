//! Finding the names close to a misspelt one ("did you mean") without comparing it against
//! every name: comparing each unknown `--from` against every stage made a file with many
//! stages quadratic.
//!
//! Two strings within edit distance 2 become equal after deleting at most two characters from
//! each (a substitution is a deletion on both sides). So each short name is filed under every
//! string its deletions of up to two characters give, and a query looks up its own deletions:
//! the candidates are then checked with the real distance. Names longer than `SHORT` (where
//! the deletion sets grow quadratically) are filed by length and only those within two of the
//! query's length are compared, since the distance is at least the difference in length.
//!
//! Each deletion string keeps only the first `PER_KEY` names filed under it, so a query costs
//! a bounded number of comparisons however many similar names a file has (`stage1` …
//! `stage9999` share thousands of deletions). In such a file a suggestion may not be the very
//! closest name, only a close one; with fewer similar names it is exact.

use std::collections::{HashMap, HashSet};

/// Names up to this many characters go into the deletion index.
const SHORT: usize = 16;
/// Names kept per deletion string (the first ones added).
const PER_KEY: usize = 16;
/// The largest distance a suggestion may have.
pub const MAX_DISTANCE: usize = 2;

/// An index of names, each with the position it was added at.
#[derive(Debug, Default)]
pub struct NearNames {
    names: Vec<String>,
    by_deletion: HashMap<String, Vec<usize>>,
    long_by_len: HashMap<usize, Vec<usize>>,
}

/// Every string `s` gives with at most `MAX_DISTANCE` characters deleted, itself included.
fn deletions(s: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    out.insert(s.to_string());
    let mut frontier = vec![s.to_string()];
    for _ in 0..MAX_DISTANCE {
        let mut next = Vec::new();
        for w in &frontier {
            let chars: Vec<char> = w.chars().collect();
            for i in 0..chars.len() {
                let d: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
                if out.insert(d.clone()) {
                    next.push(d);
                }
            }
        }
        frontier = next;
    }
    out
}

impl NearNames {
    /// Adds `name`; its position is the number of names added before it.
    pub fn add(&mut self, name: &str) {
        let pos = self.names.len();
        let len = name.chars().count();
        if len <= SHORT {
            for d in deletions(name) {
                let list = self.by_deletion.entry(d).or_default();
                if list.len() < PER_KEY {
                    list.push(pos);
                }
            }
        } else {
            let list = self.long_by_len.entry(len).or_default();
            if list.len() < PER_KEY {
                list.push(pos);
            }
        }
        self.names.push(name.to_string());
    }

    /// The name at a position.
    pub fn name(&self, pos: usize) -> Option<&str> {
        self.names.get(pos).map(String::as_str)
    }

    /// Positions of the names within `MAX_DISTANCE` of `query`, in the order they were added,
    /// each with its distance (all of them while no deletion string has more than `PER_KEY`
    /// names).
    pub fn near(&self, query: &str) -> Vec<(usize, usize)> {
        let len = query.chars().count();
        let mut candidates: Vec<usize> = Vec::new();
        if len <= SHORT + MAX_DISTANCE {
            for d in deletions(query) {
                if let Some(ps) = self.by_deletion.get(&d) {
                    candidates.extend(ps);
                }
            }
        }
        for l in len.saturating_sub(MAX_DISTANCE)..=len + MAX_DISTANCE {
            if l > SHORT {
                if let Some(ps) = self.long_by_len.get(&l) {
                    candidates.extend(ps);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter_map(|p| within(&self.names[p], query, MAX_DISTANCE).map(|d| (p, d)))
            .collect()
    }
}

/// The edit distance of `a` and `b` if it is at most `k`: the table is computed only within
/// `k` of its diagonal and given up as soon as a row is all over `k`, so a check costs
/// O(k · length) however long the names are.
pub fn within(a: &str, b: &str, k: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    let big = k + 1;
    // prev[j] is the distance of a[..i] and b[..j], for j within k of i (others are `big`)
    let mut prev: Vec<usize> = (0..=b.len())
        .map(|j| if j <= k { j } else { big })
        .collect();
    let mut cur = vec![big; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(b.len());
        cur.iter_mut().for_each(|c| *c = big);
        cur[0] = if i <= k { i } else { big };
        let mut best = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(big);
            cur[j] = v;
            best = best.min(v);
        }
        if best > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= k).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::edit_distance;

    #[test]
    fn the_banded_distance_agrees_with_the_full_one() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "build", "biuld", "builder", "bu", "xbuildx", "é",
            "éa",
        ];
        for a in words {
            for b in words {
                let d = edit_distance(a, b);
                assert_eq!(within(a, b, 2), (d <= 2).then_some(d), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn finds_exactly_the_names_a_scan_finds() {
        let names = [
            "build",
            "builder",
            "buidl",
            "test",
            "tests",
            "b",
            "",
            "runtime",
            "run",
            "a-very-long-stage-name-one",
            "a-very-long-stage-name-two",
            "a-very-long-stage-name-on",
        ];
        let mut idx = NearNames::default();
        for n in names {
            idx.add(n);
        }
        for q in
            names
                .iter()
                .copied()
                .chain(["biuld", "tset", "x", "a-very-long-stage-name-0ne", "rnu"])
        {
            let scan: Vec<(usize, usize)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (i, edit_distance(n, q)))
                .filter(|&(_, d)| d <= MAX_DISTANCE)
                .collect();
            assert_eq!(idx.near(q), scan, "query {q:?}");
        }
    }
}
