//! The `dockhand` binary: parse the command line and hand over to `dockhand::cli`.

use clap::Parser;
use std::process::ExitCode;

// Linting allocates many small, short-lived strings and vectors per file (words, spans,
// commands) on every rayon thread. With glibc's malloc, allocation and freeing were about 30% of
// the instructions of a corpus run; mimalloc's thread-local free lists make that a few percent.
// Set here and not in the library, so that embedders keep their own allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match dockhand::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // help and version go to stdout with exit 0; usage errors exit 2
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    dockhand::cli::run(cli)
}
