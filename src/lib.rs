//! dockhand: a Dockerfile linter for small, fast-to-build and secure images.
//!
//! Layers, each seeing only the one to its left:
//! source → parse → model → rules → diagnostics → reporters.

pub mod config;
pub mod diagnostic;
pub mod parse;
pub mod report;
pub mod source;
pub mod span;
