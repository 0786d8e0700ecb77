//! dockhand: a Dockerfile linter for small, fast-to-build and secure images.
//!
//! Layers, each seeing only the one to its left:
//! source → parse → model → rules → diagnostics → reporters.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod lint;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod source;
pub mod span;
pub mod suppress;
