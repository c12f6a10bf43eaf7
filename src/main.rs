//! The `kbgen` command: parse arguments, run, exit. Everything else is in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    kbgen::cli::run(kbgen::cli::Cli::parse())
}
