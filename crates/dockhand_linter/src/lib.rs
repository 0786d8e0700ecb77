//! dockhand_linter: the model of a Dockerfile and the rules that read it.
//!
//! Layers, each seeing only the ones to its left (the first two are `dockhand_syntax`'s):
//! parse → model → rules → suppressions → diagnostics and file reports.

pub mod checks;
pub mod diagnostic;
pub mod file_report;
pub mod fix;
pub mod lint;
pub mod model;
pub mod rules;
pub mod suppress;

/// The syntax layer, re-exported so that `crate::parse` and `crate::span` read as the layer
/// below.
pub use dockhand_syntax::{line_index, parse, span};
