//! dockhand: a Dockerfile linter for small, fast-to-build and secure images.
//!
//! This crate is the command line: file discovery (`source`), configuration (`config`),
//! reporters (`report`) and the CLI (`cli`). It sits on two crates, each seeing only the layers
//! below it: `dockhand_syntax` (parse) and `dockhand_linter` (model, rules, suppressions,
//! diagnostics).

pub mod alloc;
pub mod cli;
pub mod config;
pub mod fixer;
pub mod report;
pub mod server;
pub mod source;
pub mod term;

pub use dockhand_linter::{diagnostic, file_report, fix, lint, model, rules, suppress};
pub use dockhand_syntax::{line_index, parse, span};
