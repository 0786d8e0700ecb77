//! The resolved `[fix]` settings: the set of rules whose fixes may be applied, and whether
//! unsafe fixes are, each with where it came from.

use super::file::FileConfig;
use super::{Origin, Selector, SelectorList, Setting};
use crate::diagnostic::Severity;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Which fixes `--fix` applies.
#[derive(Debug, Clone)]
pub struct FixSettings {
    /// Codes whose fixes may be applied (`fixable` minus `unfixable`; every rule by default).
    pub fixable: BTreeSet<&'static str>,
    /// `fixable` as written, with its origin (`ALL` by default).
    pub fixable_shown: Setting<String>,
    /// `unfixable` as written, with its origin (none by default).
    pub unfixable_shown: Setting<String>,
    pub unsafe_fixes: Setting<bool>,
}

fn codes(list: &SelectorList, all: &[(&'static str, Severity, bool)]) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for s in &list.items {
        match &s.value {
            Selector::All => out.extend(all.iter().map(|r| r.0)),
            Selector::Prefix(p) => out.extend(
                all.iter()
                    .map(|r| r.0)
                    .filter(|c| c.starts_with(p.as_str())),
            ),
            Selector::Rule(c) => {
                out.insert(*c);
            }
        }
    }
    out
}

fn shown(list: &SelectorList) -> String {
    let items: Vec<String> = list.items.iter().map(|s| s.value.to_string()).collect();
    items.join(", ")
}

impl FixSettings {
    pub(super) fn new(file: Option<&FileConfig>, all: &[(&'static str, Severity, bool)]) -> Self {
        let fix = file.map(|f| &f.fix);
        let mut fixable: BTreeSet<&'static str> = match fix.and_then(|f| f.fixable.as_ref()) {
            Some(l) => codes(l, all),
            None => all.iter().map(|r| r.0).collect(),
        };
        if let Some(l) = fix.and_then(|f| f.unfixable.as_ref()) {
            for c in codes(l, all) {
                fixable.remove(c);
            }
        }
        let fixable_shown = match fix.and_then(|f| f.fixable.as_ref()) {
            Some(l) => Setting::new(shown(l), l.origin()),
            None => Setting::new("ALL".to_string(), Origin::Default),
        };
        let unfixable_shown = match fix.and_then(|f| f.unfixable.as_ref()) {
            Some(l) => Setting::new(shown(l), l.origin()),
            None => Setting::new("none".to_string(), Origin::Default),
        };
        let unsafe_fixes = match (file, fix.and_then(|f| f.unsafe_fixes.as_ref())) {
            (Some(f), Some(b)) => Setting::new(b.value, f.origin(b.span)),
            _ => Setting::new(false, Origin::Default),
        };
        FixSettings {
            fixable,
            fixable_shown,
            unfixable_shown,
            unsafe_fixes,
        }
    }

    /// The lines `dockhand config` prints.
    pub fn describe(&self, out: &mut String) {
        let _ = writeln!(out, "fix:");
        let _ = writeln!(
            out,
            "  fixable: {}  ({})",
            self.fixable_shown.value, self.fixable_shown.origin
        );
        let _ = writeln!(
            out,
            "  unfixable: {}  ({})",
            self.unfixable_shown.value, self.unfixable_shown.origin
        );
        let _ = writeln!(
            out,
            "  unsafe-fixes: {}  ({})",
            self.unsafe_fixes.value, self.unsafe_fixes.origin
        );
    }
}
