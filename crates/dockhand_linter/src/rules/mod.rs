//! rules: pure checks over the model. Each rule lives in its own file with its metadata,
//! documentation and options (declared with `declare_rule!` and `rule_options!`), and is listed
//! once, in `registry!`. Rules read the model only; they never open files, print, or look at
//! suppression comments.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::file_report::RuleInfo;
use crate::model::Model;
use crate::span::Span;

mod chmod_fix;
mod flag_fix;
mod hadolint_support;
pub mod label_schema;
pub mod options;
pub mod presets;
pub(crate) use options::rule_options;
pub use options::{OptionField, OptionKind, Options, OptionsMeta, RuleOptions};

/// What a rule is about, for grouping in docs and SARIF tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Syntax,
    Correctness,
    Security,
    Size,
    BuildSpeed,
    Reproducibility,
    Portability,
    /// How the file is written, not what it builds (casing, deprecated spellings): BuildKit's
    /// style checks, DH6xx.
    Style,
    Suppression,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Size => "size",
            Category::BuildSpeed => "build-speed",
            Category::Reproducibility => "reproducibility",
            Category::Portability => "portability",
            Category::Style => "style",
            Category::Suppression => "suppression",
        }
    }
}

/// A rule's metadata and documentation, as data.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// Markdown, from the rule's doc comment (each line with the one leading space rustdoc
    /// leaves; see `docs()`).
    pub raw_docs: &'static str,
    /// Off unless selected (policy rules such as DH403).
    pub enabled_by_default: bool,
    /// The rule judges the image that is shipped (its user, its secrets, its base, what it
    /// runs, how fast it rebuilds): it does not run on files whose image role is `test` (a
    /// Dockerfile that builds a test fixture, see `ImageRole::of_path`).
    pub shipped_image: bool,
    /// The upstream rule this one follows, for users coming from other linters.
    pub mirrors: Option<&'static str>,
    /// The rule's options struct, read from `[rules.<name>]`; `None` for a rule without options.
    pub options: Option<OptionsMeta>,
    /// Other names the rule answers to wherever a code or name is accepted (selection,
    /// configuration, suppression comments, `# check=skip=`, `dockhand explain`): the names
    /// BuildKit's checks and hadolint give the same check (`JSONArgsRecommended`, `DL3025`).
    /// Matched case-insensitively, like codes.
    pub aliases: &'static [&'static str],
}

impl RuleMeta {
    /// The documentation text, with rustdoc's leading space removed from each line.
    pub fn docs(&self) -> String {
        options::strip_doc(self.raw_docs)
    }

    /// The rule's options, in declaration order (none for most rules).
    pub fn option_fields(&self) -> Vec<OptionField> {
        self.options.map(|o| (o.fields)()).unwrap_or_default()
    }

    /// The full page printed by `dockhand explain` and written to `rules/CODE.md`.
    pub fn page(&self) -> String {
        let mut p = format!(
            "# {} {}\n\n{}\n\n| | |\n|---|---|\n| Code | `{}` |\n| Name | `{}` |\n| Default severity | {} |\n| Category | {} |\n| Enabled by default | {} |\n",
            self.code,
            self.name,
            self.summary,
            self.code,
            self.name,
            self.severity,
            self.category.as_str(),
            if self.enabled_by_default { "yes" } else { "no (select it to use it)" },
        );
        if self.shipped_image {
            p.push_str("| Test fixtures | not checked (`image-role = \"test\"`) |\n");
        }
        if let Some(m) = self.mirrors {
            p.push_str(&format!("| Similar to | {m} |\n"));
        }
        if !self.aliases.is_empty() {
            let list: Vec<String> = self.aliases.iter().map(|a| format!("`{a}`")).collect();
            p.push_str(&format!("| Also answers to | {} |\n", list.join(", ")));
        }
        p.push('\n');
        p.push_str(&self.docs());
        let fields = self.option_fields();
        if !fields.is_empty() {
            p.push_str(&options::page_section(self.name, &fields));
        }
        p.push_str(&format!(
            "\n## Suppressing\n\nPut `# dockhand ignore={} -- reason` on the line before the instruction, or \
             `# dockhand ignore-file={}` anywhere in the file.\n",
            self.code, self.code
        ));
        p
    }

    /// Whether `s` is one of the rule's aliases (in any case).
    pub fn is_alias(&self, s: &str) -> bool {
        self.aliases.iter().any(|a| a.eq_ignore_ascii_case(s))
    }

    pub fn info(&'static self) -> RuleInfo {
        RuleInfo {
            code: self.code,
            name: self.name,
            severity: self.severity,
            category: self.category.as_str(),
            summary: self.summary,
            docs: self.raw_docs,
        }
    }
}

/// Declares a rule: a unit struct, its `RuleMeta` with the doc comment as documentation (the
/// way clippy's `declare_clippy_lint!` turns doc comments into data), and its `DeclaredRule`
/// impl. `options: SomeOptions,` names the struct `rule_options!` declared for it.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $ty:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $sev:ident,
            category: $cat:ident,
            summary: $summary:literal,
            $(enabled_by_default: $enabled:literal,)?
            $(shipped_image: $shipped:literal,)?
            $(mirrors: $mirrors:literal,)?
            $(options: $opts:ty,)?
            $(aliases: [$($alias:literal),* $(,)?],)?
        }
    ) => {
        pub struct $ty;
        impl $ty {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$sev,
                category: $crate::rules::Category::$cat,
                summary: $summary,
                raw_docs: concat!($($doc, "\n"),*),
                enabled_by_default: $crate::rules::declare_rule!(@enabled $($enabled)?),
                shipped_image: $crate::rules::declare_rule!(@shipped $($shipped)?),
                mirrors: $crate::rules::declare_rule!(@mirrors $($mirrors)?),
                options: $crate::rules::declare_rule!(@options $($opts)?),
                aliases: &[$($($alias),*)?],
            };
        }
        impl $crate::rules::DeclaredRule for $ty {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
    (@enabled) => { true };
    (@enabled $e:literal) => { $e };
    (@shipped) => { false };
    (@shipped $s:literal) => { $s };
    (@mirrors) => { None };
    (@mirrors $m:literal) => { Some($m) };
    (@options) => { None };
    (@options $o:ty) => { Some($crate::rules::OptionsMeta::of::<$o>()) };
}
pub(crate) use declare_rule;

/// What `declare_rule!` implements for a rule.
pub trait DeclaredRule {
    fn meta(&self) -> &'static RuleMeta;
}

/// A check over one file's model.
pub trait Rule: DeclaredRule + Sync {
    fn check(&self, cx: &mut Context<'_>);
}

/// Facts about the file's surroundings, gathered by the source layer (rules do no IO).
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Whether a `.dockerignore` (or `<name>.dockerignore`) sits beside the Dockerfile;
    /// `None` when unknown (standard input without a file name, or none beside it but one in
    /// a folder above, within the same git repository: the context may be that folder).
    pub has_dockerignore: Option<bool>,
    /// The patterns of the ignore file that applies (`<name>.dockerignore` beside the
    /// Dockerfile, else `.dockerignore`), read by the source layer; `None` without one.
    pub dockerignore: Option<std::sync::Arc<crate::model::dockerignore::DockerIgnore>>,
    /// Whether the `go.mod` beside the Dockerfile has a `require`; `None` without a readable
    /// `go.mod` there (or for standard input).
    pub go_mod_requires: Option<bool>,
    /// The folder names of the file's path as it was given (relative to the working
    /// directory when discovered there), outermost first; empty for standard input.
    pub folders: Vec<String>,
}

/// What a rule sees, and where it reports.
pub struct Context<'a> {
    pub source: &'a str,
    pub model: &'a Model,
    options: &'a RuleOptions,
    pub facts: &'a FileFacts,
    diagnostics: Vec<Diagnostic>,
    /// Built on the first `line_of`, so that naming many related lines stays linear.
    lines: std::cell::OnceCell<crate::line_index::LineIndex>,
    /// The RUN scripts the SC rules check, found once per file (see [`Context::sh_runs`]).
    sh_runs: std::cell::OnceCell<std::rc::Rc<[crate::model::run_scripts::ShRun<'a>]>>,
}

impl<'a> Context<'a> {
    pub fn new(
        source: &'a str,
        model: &'a Model,
        options: &'a RuleOptions,
        facts: &'a FileFacts,
    ) -> Self {
        Context {
            source,
            model,
            options,
            facts,
            diagnostics: Vec::new(),
            lines: std::cell::OnceCell::new(),
            sh_runs: std::cell::OnceCell::new(),
        }
    }

    /// The shell-form RUN scripts of the POSIX stages (ONBUILD ones too), as ShellCheck reads
    /// them: what the SC rules check. Found on the first call and shared by every rule after
    /// it, with the nodes of each script walked once ([`ShRun`](crate::model::run_scripts::ShRun));
    /// a shared handle, so that a rule can report while it goes through them.
    pub fn sh_runs(&self) -> std::rc::Rc<[crate::model::run_scripts::ShRun<'a>]> {
        self.sh_runs
            .get_or_init(|| {
                hadolint_support::sh_runs(self.model)
                    .into_iter()
                    .map(crate::model::run_scripts::ShRun::new)
                    .collect()
            })
            .clone()
    }

    pub fn model(&self) -> &'a Model {
        self.model
    }

    /// The options of the rule whose options struct is `T`, from the configuration or the
    /// defaults.
    pub fn options<T: Options>(&self) -> &'a T {
        self.options.get::<T>()
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// The escape character in force (`\` or a backtick from `# escape=`).
    pub fn escape(&self) -> char {
        self.model.dockerfile().escape
    }

    /// The file's line ending (`\r\n` for a CRLF file), for edits that insert lines.
    pub fn line_ending(&self) -> &'static str {
        crate::fix::text::line_ending(self.source)
    }

    /// 1-based line of a byte offset (for messages that name a related line).
    pub fn line_of(&self, offset: usize) -> usize {
        let lines = self
            .lines
            .get_or_init(|| crate::line_index::LineIndex::new(self.source));
        lines.line_of(offset.min(self.source.len())) + 1
    }

    /// Starts a finding of `meta` at `span`.
    pub fn report(
        &mut self,
        meta: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Finding<'_> {
        self.diagnostics.push(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message: message.into(),
            help: None,
            primary: Label {
                span,
                message: None,
            },
            secondary: Vec::new(),
            fix: None,
        });
        let d = self
            .diagnostics
            .last_mut()
            .expect("a diagnostic was just pushed");
        Finding(d)
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Adds detail to a finding just reported.
pub struct Finding<'a>(&'a mut Diagnostic);

impl Finding<'_> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// The label text under the primary span.
    pub fn primary_label(self, text: impl Into<String>) -> Self {
        self.0.primary.message = Some(text.into());
        self
    }

    /// An automatic fix for this finding (see `crate::fix`; the rule's page says what it does
    /// and its class).
    pub fn fix(self, fix: crate::fix::Fix) -> Self {
        self.0.fix = Some(fix);
        self
    }

    /// The fix, when there is one.
    pub fn fix_opt(self, fix: Option<crate::fix::Fix>) -> Self {
        self.0.fix = fix;
        self
    }

    /// A secondary label on a related span.
    pub fn label(self, span: Span, text: impl Into<String>) -> Self {
        self.0.secondary.push(Label {
            span,
            message: Some(text.into()),
        });
        self
    }
}

/// Common imports for rule files.
pub mod prelude {
    pub(crate) use super::rule_options;
    pub use super::{Context, DeclaredRule, Rule, RuleMeta};
    pub use crate::fix::{text as fixtext, Applicability, Edit, Fix};
    pub use crate::model::{BaseImage, CopySource, Model, Stage, StageId, User};
    pub use crate::span::{Span, Spanned};
}

/// Declares each rule's module and lists the rule in `ALL`: one line per rule.
macro_rules! registry {
    ($($module:ident :: $rule:ident,)*) => {
        $(mod $module;)*

        /// Every rule, in code order. Selection, docs, `dockhand rules` and the README table
        /// all derive from this list.
        pub static ALL: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

registry! {
    syntax_error::SyntaxError,
    unknown_instruction::UnknownInstruction,
    duplicate_stage_name::DuplicateStageName,
    copy_from_unknown_stage::CopyFromUnknownStage,
    copy_from_own_stage::CopyFromOwnStage,
    stage_referenced_by_index::StageReferencedByIndex,
    unused_suppression::UnusedSuppression,
    reserved_stage_name::ReservedStageName,
    undefined_arg_in_from::UndefinedArgInFrom,
    invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    undefined_var::UndefinedVar,
    multiple_instructions::MultipleInstructions,
    workdir_relative_path::WorkdirRelativePath,
    empty_continuation_line::EmptyContinuationLine,
    copy_ignored_file::CopyIgnoredFile,
    expose_invalid_format::ExposeInvalidFormat,
    json_args_recommended::JsonArgsRecommended,
    root_final_user::RootFinalUser,
    unresolvable_user::UnresolvableUser,
    secrets_in_arg_or_env::SecretsInArgOrEnv,
    secret_in_image::SecretInImage,
    unverified_remote_code::UnverifiedRemoteCode,
    toolchain_in_final_image::ToolchainInFinalImage,
    recursive_chmod_after_copy::RecursiveChmodAfterCopy,
    source_copied_before_dependencies::SourceCopiedBeforeDependencies,
    go_build_force_rebuild::GoBuildForceRebuild,
    missing_dockerignore::MissingDockerignore,
    unpinned_base_image::UnpinnedBaseImage,
    floating_base_tag::FloatingBaseTag,
    base_image_without_digest::BaseImageWithoutDigest,
    untrusted_registry::UntrustedRegistry,
    end_of_life_base_image::EndOfLifeBaseImage,
    libc_mismatch::LibcMismatch,
    missing_ca_certificates::MissingCaCertificates,
    hardcoded_target_arch::HardcodedTargetArch,
    alpine_version_mismatch::AlpineVersionMismatch,
    invalid_base_image_platform::InvalidBaseImagePlatform,
    glibc_version_mismatch::GlibcVersionMismatch,
    stage_name_casing::StageNameCasing,
    from_as_casing::FromAsCasing,
    consistent_instruction_casing::ConsistentInstructionCasing,
    legacy_key_value_format::LegacyKeyValueFormat,
    maintainer_deprecated::MaintainerDeprecated,
    expose_proto_casing::ExposeProtoCasing,
    redundant_target_platform::RedundantTargetPlatform,
    invalid_definition_description::InvalidDefinitionDescription,
    hadolint_pragma::HadolintPragma,
    absolute_workdir::AbsoluteWorkdir,
    pointless_command::PointlessCommand,
    cd_instead_of_workdir::CdInsteadOfWorkdir,
    sudo_in_run::SudoInRun,
    apt_get_unpinned_package::AptGetUnpinnedPackage,
    apt_lists_not_deleted::AptListsNotDeleted,
    copy_then_extract::CopyThenExtract,
    expose_invalid_port::ExposeInvalidPort,
    pip_unpinned_package::PipUnpinnedPackage,
    apt_get_without_yes::AptGetWithoutYes,
    apt_get_install_recommends::AptGetInstallRecommends,
    npm_unpinned_package::NpmUnpinnedPackage,
    apk_unpinned_package::ApkUnpinnedPackage,
    apk_without_no_cache::ApkWithoutNoCache,
    add_instead_of_copy::AddInsteadOfCopy,
    copy_multiple_to_file::CopyMultipleToFile,
    apt_instead_of_apt_get::AptInsteadOfAptGet,
    gem_unpinned_package::GemUnpinnedPackage,
    from_platform_flag::FromPlatformFlag,
    yum_without_yes::YumWithoutYes,
    yum_clean_missing::YumCleanMissing,
    yum_unpinned_package::YumUnpinnedPackage,
    zypper_without_yes::ZypperWithoutYes,
    zypper_dist_upgrade::ZypperDistUpgrade,
    zypper_clean_missing::ZypperCleanMissing,
    zypper_unpinned_package::ZypperUnpinnedPackage,
    dnf_without_yes::DnfWithoutYes,
    dnf_clean_missing::DnfCleanMissing,
    dnf_unpinned_package::DnfUnpinnedPackage,
    pip_cache_dir::PipCacheDir,
    env_self_reference::EnvSelfReference,
    copy_relative_without_workdir::CopyRelativeWithoutWorkdir,
    useradd_without_no_log_init::UseraddWithoutNoLogInit,
    wget_without_progress::WgetWithoutProgress,
    invalid_label_key::InvalidLabelKey,
    label_missing::LabelMissing,
    superfluous_label::SuperfluousLabel,
    label_empty::LabelEmpty,
    label_not_url::LabelNotUrl,
    label_not_rfc3339::LabelNotRfc3339,
    label_not_spdx::LabelNotSpdx,
    label_not_git_hash::LabelNotGitHash,
    label_not_semver::LabelNotSemver,
    missing_healthcheck::MissingHealthcheck,
    label_not_email::LabelNotEmail,
    consecutive_run::ConsecutiveRun,
    yarn_cache_clean_missing::YarnCacheCleanMissing,
    go_install_unpinned::GoInstallUnpinned,
    sensitive_arg_or_env::SensitiveArgOrEnv,
    non_numeric_user::NonNumericUser,
    copy_entire_filesystem::CopyEntireFilesystem,
    wget_and_curl::WgetAndCurl,
    ln_bin_sh::LnBinSh,
    pipe_without_pipefail::PipeWithoutPipefail,
    legacy_backticks::LegacyBackticks,
    expansion_in_single_quotes::ExpansionInSingleQuotes,
    echo_backslash_escapes::EchoBackslashEscapes,
    glob_taken_as_option::GlobTakenAsOption,
    find_xargs_without_null::FindXargsWithoutNull,
    loop_runs_once::LoopRunsOnce,
    unquoted_command_substitution::UnquotedCommandSubstitution,
    printf_variable_format::PrintfVariableFormat,
    unquoted_variable::UnquotedVariable,
    export_masks_exit_status::ExportMasksExitStatus,
    cd_without_exit::CdWithoutExit,
    test_and_or_flags::TestAndOrFlags,
    mkdir_parents_mode::MkdirParentsMode,
    bang_ignored_by_errexit::BangIgnoredByErrexit,
    brace_expansion_in_sh::BraceExpansionInSh,
    double_bracket_in_sh::DoubleBracketInSh,
    ampersand_redirect_in_sh::AmpersandRedirectInSh,
    echo_flags_in_dash::EchoFlagsInDash,
    echo_flags_in_sh::EchoFlagsInSh,
    set_option_in_sh::SetOptionInSh,
    string_replacement_in_sh::StringReplacementInSh,
}

/// A rule by code (`DH401`), name (`unpinned-base-image`) or alias (`DL3006`,
/// `JSONArgsRecommended`); codes and aliases match in any case, names exactly.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| {
        let m = r.meta();
        m.code.eq_ignore_ascii_case(code_or_name)
            || m.name == code_or_name
            || m.is_alias(code_or_name)
    })
}

/// The alias of a rule as the rule spells it, when `code_or_name` is an alias rather than the
/// rule's code or name (`jsonargsrecommended` → `JSONArgsRecommended`).
pub fn alias_spelling(code_or_name: &str) -> Option<&'static str> {
    ALL.iter().find_map(|r| {
        r.meta()
            .aliases
            .iter()
            .copied()
            .find(|a| a.eq_ignore_ascii_case(code_or_name))
    })
}

/// DH007's metadata, for the suppression layer that reports it.
pub fn unused_suppression_meta() -> &'static RuleMeta {
    &unused_suppression::UnusedSuppression::META
}

/// Metadata of every rule, for reporters.
pub fn infos() -> Vec<RuleInfo> {
    ALL.iter().map(|r| r.meta().info()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in ALL {
            let m = r.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(
                (m.code.starts_with("DH") && m.code.len() == 5)
                    || (m.code.starts_with("DL") && m.code.len() == 6)
                    || (m.code.starts_with("SC") && m.code.len() == 6),
                "{}",
                m.code
            );
            if m.code.starts_with("SC") {
                assert_eq!(
                    m.mirrors,
                    Some(format!("ShellCheck {}", m.code)).as_deref(),
                    "a ShellCheck check names its ShellCheck code"
                );
            }
            if m.code.starts_with("DL") {
                assert_eq!(
                    m.mirrors,
                    Some(format!("hadolint {}", m.code)).as_deref(),
                    "a ported rule names its hadolint code"
                );
            }
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            assert!(
                m.docs().contains("## What it does"),
                "{} lacks docs",
                m.code
            );
            assert!(
                m.docs().contains("## Example"),
                "{} lacks an example",
                m.code
            );
        }
        let sorted: Vec<_> = ALL.iter().map(|r| r.meta().code).collect();
        let mut s2 = sorted.clone();
        s2.sort();
        assert_eq!(sorted, s2, "ALL is in code order");
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("DH001").map(|r| r.meta().name), Some("syntax-error"));
        assert_eq!(find("dh001").map(|r| r.meta().code), Some("DH001"));
        assert_eq!(find("syntax-error").map(|r| r.meta().code), Some("DH001"));
        assert!(find("DH999").is_none());
        assert_eq!(
            find("DuplicateStageName").map(|r| r.meta().code),
            Some("DH003")
        );
        assert_eq!(find("dl3006").map(|r| r.meta().code), Some("DH401"));
        assert_eq!(alias_spelling("dl3007"), Some("DL3007"));
        assert_eq!(alias_spelling("DH003"), None);
    }

    #[test]
    fn aliases_are_unique_and_shadow_no_code_or_name() {
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            for a in r.meta().aliases {
                assert!(seen.insert(a.to_ascii_uppercase()), "alias {a} twice");
                let owner = find(a).map(|o| o.meta().code);
                assert_eq!(owner, Some(r.meta().code), "{a} finds another rule first");
            }
        }
    }
}
