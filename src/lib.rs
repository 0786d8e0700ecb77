//! dockhand: a Dockerfile linter for small, fast-to-build and secure images.
//!
//! Layers, each seeing only the one to its left:
//! source → parse → model → rules → diagnostics → reporters.

pub mod diagnostic;
pub mod model;
pub mod report;
pub mod source;
pub mod span;
