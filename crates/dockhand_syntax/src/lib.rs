//! dockhand_syntax: the Dockerfile parser, written to agree with BuildKit's on every input
//! (directives, the escape character, continuations, heredocs, JSON-vs-shell forms), with a byte
//! span on every token and errors collected rather than thrown. It depends on nothing else of
//! dockhand's.

pub mod line_index;
pub mod parse;
pub mod span;
