//! The `[fix]` table: which rules' fixes may be applied (`fixable`, `unfixable`, with the
//! selector syntax of `select`/`ignore`) and whether unsafe fixes are (`unsafe-fixes`).

use super::{entries, span_of, Reader, TSpanned};
use crate::config::SelectorList;
use crate::span::Spanned;
use toml::de::{DeString, DeValue};

const FIX_KEYS: &[&str] = &["fixable", "unfixable", "unsafe-fixes"];

/// `[fix]` as written.
#[derive(Debug, Clone, Default)]
pub struct FixConfig {
    pub fixable: Option<SelectorList>,
    pub unfixable: Option<SelectorList>,
    pub unsafe_fixes: Option<Spanned<bool>>,
}

impl Reader<'_> {
    pub(super) fn fix_table(
        &mut self,
        key: &TSpanned<DeString<'_>>,
        value: &TSpanned<DeValue<'_>>,
    ) -> FixConfig {
        let mut out = FixConfig::default();
        let Some(table) = self.table(key.get_ref(), value) else {
            return out;
        };
        for (k, v) in entries(table) {
            match &**k.get_ref() {
                "fixable" => out.fixable = self.selectors(k, v),
                "unfixable" => out.unfixable = self.selectors(k, v),
                "unsafe-fixes" => match v.get_ref() {
                    DeValue::Boolean(b) => out.unsafe_fixes = Some(Spanned::new(*b, span_of(v))),
                    _ => self.wrong_type("fix.unsafe-fixes", v, "true or false"),
                },
                _ => self.unknown_key(k, "fix", FIX_KEYS),
            }
        }
        out
    }
}
