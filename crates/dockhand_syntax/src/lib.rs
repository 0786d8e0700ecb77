//! dockhand_syntax: the Dockerfile parser, written to agree with BuildKit's on every input
//! (directives, the escape character, continuations, heredocs, JSON-vs-shell forms), with a byte
//! span on every token and errors collected rather than thrown. It depends on nothing else of
//! dockhand's.
//!
//! ```
//! use dockhand_syntax::parse::{parse, Kind};
//!
//! let text = "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /app .\nCOPPY . .\n";
//! let df = parse(text);
//!
//! // every instruction, with BuildKit's names and 1-based lines
//! let run = &df.instructions[1];
//! assert_eq!(run.kind, Kind::Run);
//! assert_eq!((run.start_line, run.end_line), (2, 3));
//! // each token keeps its byte span into the text
//! let flag = &run.flags[0];
//! assert_eq!(flag.name.value, "mount");
//! assert_eq!(&text[flag.span.start..flag.span.end], "--mount=type=cache,target=/root/.cache");
//!
//! // a bad instruction is kept with its keyword; parsing went on past it
//! assert_eq!(df.instructions[2].cmd, "coppy");
//! ```

pub mod line_index;
pub mod parse;
pub mod span;
