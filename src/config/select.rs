//! rule selection: each layer's `select` / `extend-select` / `ignore` expanded to rule codes
//! (`Expander`), and applied in order to the on/off state of every rule (`Layer::apply`). The
//! precedence between layers is `resolve.rs`'s.

use super::error::Problem;
use super::file::Selection;
use super::{ConfigError, Origin, Selector, SelectorList};
use crate::diagnostic::Severity;
use std::collections::{BTreeMap, BTreeSet};

/// One layer's selection, expanded to codes and sorted in the order it applies.
#[derive(Debug, Clone, Default)]
pub(super) struct Layer {
    /// Set when the layer has `select`: where that `select` is.
    pub(super) reset: Option<Origin>,
    updates: Vec<Update>,
}

#[derive(Debug, Clone)]
struct Update {
    specificity: usize,
    enable: bool,
    codes: Vec<&'static str>,
    origin: Origin,
}

type RuleTable<'a> = &'a [(&'static str, Severity, bool)];

/// Knows the rule table; expands selectors.
pub(super) struct Expander<'a> {
    pub(super) all: RuleTable<'a>,
    pub(super) default_on: BTreeSet<&'static str>,
    pub(super) unavailable: &'a BTreeMap<&'static str, String>,
}

impl Expander<'_> {
    fn expand(&self, sel: &Selector, enable: bool) -> Result<Vec<&'static str>, (String, String)> {
        let codes = self.all.iter().map(|r| r.0);
        Ok(match sel {
            Selector::All => codes
                .filter(|c| !(enable && self.unavailable.contains_key(c)))
                .collect(),
            Selector::Prefix(p) => {
                let matching: Vec<&'static str> =
                    codes.filter(|c| c.starts_with(p.as_str())).collect();
                if matching.is_empty() {
                    return Err((
                        format!("no rule code starts with `{p}`"),
                        "matches no rule".to_string(),
                    ));
                }
                // A prefix turns on only rules that are on by default; rules that are off by
                // default need their exact code or name (or `ALL`).
                matching
                    .into_iter()
                    .filter(|c| !enable || self.default_on.contains(c))
                    .collect()
            }
            Selector::Rule(c) => {
                if enable {
                    if let Some(reason) = self.unavailable.get(c) {
                        return Err((
                            format!("`{c}` cannot be turned on: {reason}"),
                            reason.clone(),
                        ));
                    }
                }
                codes.filter(|x| x == c).collect()
            }
        })
    }

    pub(super) fn layer(&self, sel: &Selection) -> Result<Layer, ConfigError> {
        let mut layer = Layer {
            reset: sel.select.as_ref().map(SelectorList::origin),
            updates: Vec::new(),
        };
        let lists = [
            (&sel.select, true),
            (&sel.extend_select, true),
            (&sel.ignore, false),
        ];
        for (list, enable) in lists {
            let Some(list) = list else { continue };
            let mut problems = Vec::new();
            for item in &list.items {
                match self.expand(&item.value, enable) {
                    Ok(codes) => layer.updates.push(Update {
                        specificity: item.value.specificity(),
                        enable,
                        codes,
                        origin: list.origin_of(item),
                    }),
                    Err((message, label)) => problems.push(Problem::new(item.span, message, label)),
                }
            }
            if let Some(e) = list.src.errors(problems) {
                return Err(e);
            }
        }
        // Least specific first; at equal specificity `ignore` (enable = false) goes last and wins.
        layer.updates.sort_by_key(|u| (u.specificity, !u.enable));
        Ok(layer)
    }
}

impl Layer {
    pub(super) fn apply(&self, state: &mut BTreeMap<&'static str, (bool, Origin)>) {
        let mut updates: BTreeMap<&'static str, (bool, Origin)> = BTreeMap::new();
        for u in &self.updates {
            for &c in &u.codes {
                updates.insert(c, (u.enable, u.origin.clone()));
            }
        }
        match &self.reset {
            Some(reset) => {
                for (code, st) in state.iter_mut() {
                    *st = updates.remove(code).unwrap_or((false, reset.clone()));
                }
            }
            None => {
                for (code, st) in updates {
                    if let Some(slot) = state.get_mut(code) {
                        *slot = st;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::error::{SourceKind, SourceText};
    use crate::span::{Span, Spanned};

    const ALL: &[(&str, Severity, bool)] = &[
        ("DH101", Severity::Warning, true),
        ("DH102", Severity::Info, true),
        ("DH401", Severity::Warning, true),
        ("DH402", Severity::Error, true),
        ("DH403", Severity::Info, false),
    ];

    fn list(items: &[Selector]) -> Option<SelectorList> {
        Some(SelectorList {
            items: items
                .iter()
                .map(|s| Spanned::new(s.clone(), Span::default()))
                .collect(),
            key_span: Span::default(),
            src: SourceText::new("test", "", SourceKind::Cli("--test")),
        })
    }

    fn run(layers: &[Selection]) -> Vec<&'static str> {
        let unavailable = BTreeMap::new();
        let ex = Expander {
            all: ALL,
            default_on: ALL.iter().filter(|r| r.2).map(|r| r.0).collect(),
            unavailable: &unavailable,
        };
        let mut state: BTreeMap<_, _> = ALL.iter().map(|r| (r.0, (r.2, Origin::Default))).collect();
        for l in layers {
            ex.layer(l).expect("valid layer").apply(&mut state);
        }
        state
            .into_iter()
            .filter(|(_, (on, _))| *on)
            .map(|(c, _)| c)
            .collect()
    }

    fn prefix(p: &str) -> Selector {
        Selector::Prefix(p.into())
    }

    #[test]
    fn more_specific_selectors_win_within_a_layer() {
        let l = Selection {
            select: list(&[Selector::All]),
            ignore: list(&[prefix("DH4")]),
            extend_select: list(&[Selector::Rule("DH401")]),
            ..Selection::default()
        };
        assert_eq!(run(&[l]), ["DH101", "DH102", "DH401"]);
        // At equal specificity, ignore wins.
        let l = Selection {
            extend_select: list(&[Selector::Rule("DH101")]),
            ignore: list(&[Selector::Rule("DH101")]),
            ..Selection::default()
        };
        assert_eq!(run(&[l]), ["DH102", "DH401", "DH402"]);
    }

    #[test]
    fn select_in_a_later_layer_drops_earlier_ignores() {
        let file = Selection {
            ignore: list(&[Selector::Rule("DH401")]),
            ..Selection::default()
        };
        let cli = Selection {
            select: list(&[prefix("DH4")]),
            ..Selection::default()
        };
        assert_eq!(
            run(std::slice::from_ref(&file)),
            ["DH101", "DH102", "DH402"]
        );
        assert_eq!(run(&[file, cli]), ["DH401", "DH402"]);
    }

    #[test]
    fn off_by_default_rules_need_exact_selection_or_all() {
        let by_prefix = Selection {
            select: list(&[prefix("DH4")]),
            ..Selection::default()
        };
        assert_eq!(run(&[by_prefix]), ["DH401", "DH402"]);
        let exact = Selection {
            extend_select: list(&[Selector::Rule("DH403")]),
            ..Selection::default()
        };
        assert_eq!(run(&[exact]), ["DH101", "DH102", "DH401", "DH402", "DH403"]);
        let all = Selection {
            select: list(&[Selector::All]),
            ..Selection::default()
        };
        assert_eq!(run(&[all]), ["DH101", "DH102", "DH401", "DH402", "DH403"]);
    }
}
