//! The `dockhand` binary: parse the command line and hand over to `dockhand::cli`.

use clap::Parser;
use std::process::ExitCode;

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
