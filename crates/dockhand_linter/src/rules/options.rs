//! Rule options. A rule that takes options declares one typed struct in its own file with
//! `rule_options!` and names it in `declare_rule!` (`options: FloatingBaseTagOptions,`). The
//! struct is the only place an option is named: the configuration layer checks a
//! `[rules.<name>]` table against `OptionsMeta::fields`, hands it over as JSON (this crate knows
//! no file format), `RuleOptions::set` deserializes it into the struct, and the rule reads it
//! with `cx.options::<FloatingBaseTagOptions>()`. The rule page lists the fields.

use std::any::{Any, TypeId};
use std::sync::Arc;

/// The kind of value an option takes. Configuration files are checked against it, so that a
/// wrong value is reported at its place in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A non-empty array of non-blank strings (`Vec<String>`).
    Strings,
    /// `true` or `false` (`bool`).
    Bool,
    /// A non-blank string (`String`, or a type that reads one and checks it).
    Text,
}

impl OptionKind {
    /// As shown on rule pages.
    pub fn describe(self) -> &'static str {
        match self {
            OptionKind::Strings => "array of strings",
            OptionKind::Bool => "boolean",
            OptionKind::Text => "string",
        }
    }
}

/// The Rust types an option field may have, each with the kind it is read as.
pub trait OptionValue {
    const KIND: OptionKind;
}

impl OptionValue for Vec<String> {
    const KIND: OptionKind = OptionKind::Strings;
}

impl OptionValue for bool {
    const KIND: OptionKind = OptionKind::Bool;
}

impl OptionValue for String {
    const KIND: OptionKind = OptionKind::Text;
}

/// One option of a rule, as the configuration layer and the rule page see it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionField {
    /// The key in `[rules.<name>]`: the field's name in kebab-case.
    pub key: String,
    pub kind: OptionKind,
    /// The rule stays off, whatever is selected, until this option is set; once it is, the
    /// rule is on by default.
    pub required: bool,
    /// The default value (`null` for a required option).
    pub default: serde_json::Value,
    /// Markdown, from the field's doc comment.
    pub doc: String,
}

impl OptionField {
    /// The default as written in `dockhand.toml`, or `None` when there is none to write (an
    /// empty list, which the configuration cannot spell, or a required option).
    pub fn default_text(&self) -> Option<String> {
        match &self.default {
            serde_json::Value::Null => None,
            serde_json::Value::Array(a) if a.is_empty() => None,
            // JSON's spelling of strings, booleans and arrays of them is TOML's too.
            v => Some(v.to_string()),
        }
    }
}

/// A rule's options struct. Implemented by `rule_options!`, never by hand.
pub trait Options:
    serde::de::DeserializeOwned + serde::Serialize + Default + Send + Sync + 'static
{
    /// Every field, in declaration order.
    fn fields() -> Vec<OptionField>;
    /// The defaults, for files whose configuration does not set this rule's options.
    fn default_ref() -> &'static Self;
}

type Parsed = Arc<dyn Any + Send + Sync>;

/// A rule's options type behind the registry: what `RuleMeta::options` holds.
#[derive(Debug, Clone, Copy)]
pub struct OptionsMeta {
    /// The fields, for checking configuration and for the rule page.
    pub fields: fn() -> Vec<OptionField>,
    parse: fn(serde_json::Value) -> Result<Parsed, String>,
    type_id: fn() -> TypeId,
}

impl OptionsMeta {
    pub const fn of<T: Options>() -> Self {
        OptionsMeta {
            fields: T::fields,
            parse: parse_as::<T>,
            type_id: TypeId::of::<T>,
        }
    }
}

fn parse_as<T: Options>(value: serde_json::Value) -> Result<Parsed, String> {
    match serde_json::from_value::<T>(value) {
        Ok(v) => Ok(Arc::new(v)),
        Err(e) => Err(e.to_string()),
    }
}

/// The options of the rules that the configuration sets, each as its rule's typed struct.
/// Rules whose options are not set read their defaults.
#[derive(Clone, Default)]
pub struct RuleOptions {
    set: Vec<(TypeId, Parsed)>,
}

impl std::fmt::Debug for RuleOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleOptions")
            .field("set", &self.set.len())
            .finish()
    }
}

impl RuleOptions {
    /// Sets the options of the rule `code_or_name` from a JSON object with the keys of its
    /// `[rules.<name>]` table. Fails for an unknown rule, a rule without options, or a value
    /// its options struct does not accept; the message says why.
    pub fn set(&mut self, code_or_name: &str, value: serde_json::Value) -> Result<(), String> {
        let Some(rule) = super::find(code_or_name) else {
            return Err(format!("no rule `{code_or_name}`"));
        };
        let meta = rule.meta();
        let Some(opts) = meta.options else {
            return Err(format!("rule `{}` has no options", meta.name));
        };
        let parsed = (opts.parse)(value).map_err(|e| format!("`{}`: {e}", meta.name))?;
        let id = (opts.type_id)();
        self.set.retain(|(t, _)| *t != id);
        self.set.push((id, parsed));
        Ok(())
    }

    /// Sets options that several rules read and no one rule's `[rules.<name>]` table holds
    /// (the label schema of DL3049-DL3058), replacing any set before.
    pub fn set_shared<T: Options>(&mut self, value: T) {
        let id = TypeId::of::<T>();
        self.set.retain(|(t, _)| *t != id);
        self.set.push((id, Arc::new(value)));
    }

    /// The options of the rule whose options struct is `T`: as set, or the defaults.
    pub fn get<T: Options>(&self) -> &T {
        self.set
            .iter()
            .find(|(t, _)| *t == TypeId::of::<T>())
            .and_then(|(_, v)| v.downcast_ref::<T>())
            .unwrap_or_else(|| T::default_ref())
    }
}

/// Declares a rule's options struct. Each field has a doc comment (shown on the rule page), a
/// type with an `OptionValue` kind, and a default in braces, or `required` for an option the
/// rule cannot do without (the rule stays off until it is set):
///
/// ```ignore
/// rule_options! {
///     /// Options of `floating-base-tag`.
///     pub struct FloatingBaseTagOptions {
///         /// Tags accepted although they float.
///         pub accepted_tags: Vec<String> = { Vec::new() },
///     }
/// }
/// ```
macro_rules! rule_options {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $ty:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident : $fty:ty = $default:tt,
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $ty {
            $( $(#[doc = $doc])* pub $field: $fty, )*
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty { $( $field: $crate::rules::rule_options!(@default $default), )* }
            }
        }

        impl $crate::rules::options::Options for $ty {
            fn fields() -> Vec<$crate::rules::options::OptionField> {
                let defaults = <$ty as Default>::default();
                vec![$({
                    let required = $crate::rules::rule_options!(@required $default);
                    $crate::rules::options::OptionField {
                        key: stringify!($field).replace('_', "-"),
                        kind: <$fty as $crate::rules::options::OptionValue>::KIND,
                        required,
                        default: if required {
                            serde_json::Value::Null
                        } else {
                            serde_json::to_value(&defaults.$field)
                                .unwrap_or(serde_json::Value::Null)
                        },
                        doc: $crate::rules::options::strip_doc(concat!($($doc, "\n"),*)),
                    }
                },)*]
            }

            fn default_ref() -> &'static Self {
                static DEFAULT: std::sync::LazyLock<$ty> =
                    std::sync::LazyLock::new(<$ty as Default>::default);
                &DEFAULT
            }
        }
    };
    (@default required) => { Default::default() };
    (@default { $e:expr }) => { $e };
    (@required required) => { true };
    (@required { $($e:tt)* }) => { false };
}
pub(crate) use rule_options;

/// A doc comment's text with rustdoc's leading space removed from each line.
pub fn strip_doc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The "## Options" section of a rule page.
pub(crate) fn page_section(rule_name: &str, fields: &[OptionField]) -> String {
    let mut p = format!("\n## Options\n\nSet in `dockhand.toml`, under `[rules.{rule_name}]`.\n");
    for f in fields {
        let default = if f.required {
            "none: the rule stays off until this is set".to_string()
        } else {
            match f.default_text() {
                Some(t) => format!("`{t}`"),
                None => "none".to_string(),
            }
        };
        p.push_str(&format!(
            "\n### `{}`\n\n| | |\n|---|---|\n| Type | {} |\n| Default | {} |\n\n{}",
            f.key,
            f.kind.describe(),
            default,
            f.doc
        ));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{find, ALL};
    use serde_json::json;

    rule_options! {
        /// A stand-in.
        pub struct Sample {
            /// Words.
            pub some_words: Vec<String> = { vec!["a".to_string()] },
            /// A switch.
            pub on: bool = { true },
            /// Needed.
            pub needed: Vec<String> = required,
        }
    }

    #[test]
    fn the_macro_describes_the_fields() {
        let fields = Sample::fields();
        let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["some-words", "on", "needed"]);
        assert_eq!(fields[0].kind, OptionKind::Strings);
        assert_eq!(fields[0].default_text().as_deref(), Some("[\"a\"]"));
        assert_eq!(fields[1].kind, OptionKind::Bool);
        assert_eq!(fields[1].default_text().as_deref(), Some("true"));
        assert!(fields[2].required && !fields[0].required);
        assert_eq!(fields[2].default_text(), None);
        assert_eq!(fields[1].doc, "A switch.\n");
        // the struct reads kebab-case keys, fills in defaults and rejects unknown keys
        let parsed: Sample = serde_json::from_value(json!({ "needed": ["x"] })).expect("valid");
        assert_eq!(parsed.some_words, ["a"]);
        assert!(parsed.on);
        assert_eq!(parsed.needed, ["x"]);
        assert!(serde_json::from_value::<Sample>(json!({ "some_words": [] })).is_err());
        assert!(serde_json::from_value::<Sample>(json!({ "on": "yes" })).is_err());
    }

    #[test]
    fn rule_options_are_set_and_read_by_type() {
        use crate::rules::floating_base_tag::FloatingBaseTagOptions;
        let mut opts = RuleOptions::default();
        assert!(opts
            .get::<FloatingBaseTagOptions>()
            .accepted_tags
            .is_empty());
        opts.set("floating-base-tag", json!({ "accepted-tags": ["lts"] }))
            .expect("valid options");
        assert_eq!(opts.get::<FloatingBaseTagOptions>().accepted_tags, ["lts"]);
        // by code too, replacing what was set
        opts.set("DH402", json!({})).expect("valid options");
        assert!(opts
            .get::<FloatingBaseTagOptions>()
            .accepted_tags
            .is_empty());

        let err = |code: &str, v| RuleOptions::default().set(code, v).expect_err("rejected");
        assert_eq!(err("DH999", json!({})), "no rule `DH999`");
        assert_eq!(
            err("DH001", json!({})),
            "rule `syntax-error` has no options"
        );
        assert!(err("DH402", json!({ "accepted-tag": ["lts"] })).contains("unknown field"));
        assert!(err("DH402", json!({ "accepted-tags": "lts" })).contains("invalid type"));
    }

    #[test]
    fn option_fields_are_documented_on_the_rule_page() {
        for r in ALL {
            let m = r.meta();
            for f in m.option_fields() {
                assert!(
                    !f.doc.trim().is_empty(),
                    "{} `{}` has no doc",
                    m.code,
                    f.key
                );
                assert!(m.page().contains(&format!("### `{}`", f.key)), "{}", m.code);
            }
        }
        let untrusted = find("untrusted-registry").map(|r| r.meta().option_fields());
        let fields = untrusted.unwrap_or_default();
        assert!(fields.iter().any(|f| f.key == "registries" && f.required));
    }
}
