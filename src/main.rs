//! The `ties` binary: parse the command line and hand over to `cli`.

// No unwrap or expect on anything a user or a file can influence; the few
// that cannot fail say why with `#[allow]` where they stand.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

// Loading the index is allocation-bound; mimalloc cuts list and search by a
// third (figures in Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => cli::report(&e),
    }
}
