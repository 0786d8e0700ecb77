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
//! Each deletion string keeps only the first `PER_KEY` names filed under it, and a query
//! checks only the first `CHECKED` names its deletions find, so a query costs a bounded number
//! of comparisons however many similar names a file has (`stage1` … `stage9999` share
//! thousands of deletions). In such a file a suggestion may not be the very
//! closest name, only a close one; with fewer similar names it is exact.
//!
//! The deletion strings are never built: each is filed under a hash of its characters, computed
//! by skipping the deleted positions. Two different strings may share a hash; that only adds a
//! candidate, which the distance check then drops.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Names up to this many characters go into the deletion index.
const SHORT: usize = 16;
/// Names kept per deletion string (the first ones added).
const PER_KEY: usize = 16;
/// Candidates a query checks with the real distance (the first added): the keys of a
/// ten-character query can name hundreds of candidates in a file of similar names.
const CHECKED: usize = 64;
/// The largest distance a suggestion may have.
pub const MAX_DISTANCE: usize = 2;

/// foldhash's fixed-seed hasher: fast on short keys and the same from run to run (the keys are
/// already hashes, so the maps hash them again cheaply).
type Fold = foldhash::fast::FixedState;

/// An index of names, each with the position it was added at.
#[derive(Debug, Default)]
pub struct NearNames {
    names: Vec<String>,
    by_deletion: HashMap<u64, Vec<usize>, Fold>,
    long_by_len: HashMap<usize, Vec<usize>, Fold>,
}

/// The hash of `chars` with the positions `skip` (ascending, or `usize::MAX` for none) left out.
fn hash_without(chars: &[char], skip: [usize; MAX_DISTANCE]) -> u64 {
    let mut h = Fold::default().build_hasher();
    let mut kept = 0u64;
    for (i, &c) in chars.iter().enumerate() {
        if !skip.contains(&i) {
            h.write_u32(u32::from(c));
            kept += 1;
        }
    }
    h.write_u64(kept);
    h.finish()
}

/// The hashes of every string `chars` gives with at most `MAX_DISTANCE` characters deleted,
/// itself included (a string reached by two ways of deleting appears twice).
fn deletions(chars: &[char], out: &mut Vec<u64>) {
    const NONE: usize = usize::MAX;
    out.clear();
    out.push(hash_without(chars, [NONE; MAX_DISTANCE]));
    for i in 0..chars.len() {
        out.push(hash_without(chars, [i, NONE]));
        for j in i + 1..chars.len() {
            out.push(hash_without(chars, [i, j]));
        }
    }
    out.sort_unstable();
    out.dedup();
}

impl NearNames {
    /// Adds `name`; its position is the number of names added before it.
    pub fn add(&mut self, name: &str) {
        let pos = self.names.len();
        let chars: Vec<char> = name.chars().collect();
        if chars.len() <= SHORT {
            let mut keys = Vec::new();
            deletions(&chars, &mut keys);
            for d in keys {
                let list = self.by_deletion.entry(d).or_default();
                if list.len() < PER_KEY {
                    list.push(pos);
                }
            }
        } else {
            let list = self.long_by_len.entry(chars.len()).or_default();
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
    /// names and the deletions find no more than `CHECKED`).
    pub fn near(&self, query: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = query.chars().collect();
        let len = chars.len();
        let mut candidates: Vec<usize> = Vec::new();
        if len <= SHORT + MAX_DISTANCE {
            let mut keys = Vec::new();
            deletions(&chars, &mut keys);
            for d in keys {
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
        candidates.truncate(CHECKED);
        candidates
            .into_iter()
            .filter_map(|p| within(&self.names[p], query, MAX_DISTANCE).map(|d| (p, d)))
            .collect()
    }
}

/// The edit distance of `a` and `b` if it is at most `k` (which may not exceed
/// `MAX_DISTANCE`): the table is computed only within `k` of its diagonal and given up as soon
/// as a row is all over `k`, so a check costs O(k · length) however long the names are. ASCII
/// names are compared as bytes, without allocating.
pub fn within(a: &str, b: &str, k: usize) -> Option<usize> {
    let k = k.min(MAX_DISTANCE);
    if a.is_ascii() && b.is_ascii() {
        banded(a.as_bytes(), b.as_bytes(), k)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        banded(&a, &b, k)
    }
}

/// Width of the band: the diagonals `j - i` from `-MAX_DISTANCE` to `MAX_DISTANCE`.
const BAND: usize = 2 * MAX_DISTANCE + 1;

/// `within` on sequences. `row[d]` holds the distance of `a[..i]` and `b[..i + d - k]` for
/// the diagonals the band covers; cells outside the table, or further than `k`, are `k + 1`.
fn banded<T: PartialEq>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    let big = k + 1;
    let width = 2 * k + 1;
    let mut prev = [big; BAND];
    // row 0: the distance of "" and b[..j] is j
    for (d, cell) in prev.iter_mut().enumerate().take(width).skip(k) {
        let j = d - k;
        if j <= b.len() {
            *cell = j.min(big);
        }
    }
    for i in 1..=a.len() {
        let mut cur = [big; BAND];
        let mut best = big;
        for d in 0..width {
            // column j = i + d - k, skipped when outside 0..=b.len()
            let Some(j) = (i + d).checked_sub(k).filter(|&j| j <= b.len()) else {
                continue;
            };
            let v = if j == 0 {
                i.min(big)
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let diag = prev[d] + cost;
                let up = if d + 1 < width { prev[d + 1] + 1 } else { big };
                let left = if d > 0 { cur[d - 1] + 1 } else { big };
                diag.min(up).min(left).min(big)
            };
            cur[d] = v;
            best = best.min(v);
        }
        if best > k {
            return None;
        }
        prev = cur;
    }
    // the last cell: i = a.len(), j = b.len(), on diagonal b.len() - a.len()
    let d = (b.len() + k).checked_sub(a.len())?;
    let dist = *prev.get(d)?;
    (dist <= k).then_some(dist)
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

    proptest::proptest! {
        #[test]
        fn the_banded_distance_agrees_on_random_strings(
            a in "[abé]{0,7}",
            b in "[abé]{0,7}",
            k in 0usize..=MAX_DISTANCE,
        ) {
            let d = edit_distance(&a, &b);
            proptest::prop_assert_eq!(within(&a, &b, k), (d <= k).then_some(d));
            let (a, b) = (a.replace('é', "c"), b.replace('é', "c"));
            proptest::prop_assert_eq!(within(&a, &b, k), (d <= k).then_some(d));
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
