//! The `dockhand` binary: parse the command line and hand over to `dockhand::cli`.

use std::io::Write;
use std::process::ExitCode;

// Linting allocates many small, short-lived strings and vectors per file (words, spans,
// commands) on every rayon thread. With glibc's malloc, allocation and freeing were about 30% of
// the instructions of a corpus run; mimalloc's thread-local free lists make that a few percent.
// Set here and not in the library, so that embedders keep their own allocator.
#[global_allocator]
static GLOBAL: dockhand::alloc::Mimalloc = dockhand::alloc::Mimalloc;

fn main() -> ExitCode {
    let cli = match dockhand::cli::Cli::parse_args(std::env::args_os()) {
        Ok(c) => c,
        Err(e) => {
            // help and version go to stdout with exit 0; usage errors exit 2. clap quotes the
            // argument it rejects, which may hold any character: the text goes through the one
            // escaping function (without clap's colours), and a closed stream is no panic.
            let text = dockhand::report::escape_lines(&e.render().to_string());
            if e.use_stderr() {
                dockhand::cli::write_stderr(&text);
                return ExitCode::from(2);
            }
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
            return ExitCode::SUCCESS;
        }
    };
    dockhand::cli::run(cli)
}
