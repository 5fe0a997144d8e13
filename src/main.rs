//! The `ties` binary: parse the command line and hand over to `cli`.

// No unwrap or expect on anything a user or a file can influence; the few
// that cannot fail say why with `#[allow]` where they stand.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

// Loading the index is allocation-bound; mimalloc cuts list and search by a
// third (figures in Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc commits a whole arena as soon as it makes one; without that it
/// commits memory as it is used. For the TUI, which runs for hours, that
/// keeps it under 100 MB at 10,000 people even when every file is
/// rewritten while it runs (103 -> 84 MB; a session of work 47 -> 30 MB).
/// The command line keeps the default: there it costs `list` 11 ms and
/// `search` 23 ms more system time (figures in the README). The option
/// must be set before the first allocation, so it is set from the binary's
/// constructors, which glibc hands the command line.
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_AS_USED: extern "C" fn(
    std::ffi::c_int,
    *const *const std::ffi::c_char,
    *const *const std::ffi::c_char,
) = commit_as_used;

extern "C" fn commit_as_used(
    argc: std::ffi::c_int,
    argv: *const *const std::ffi::c_char,
    _env: *const *const std::ffi::c_char,
) {
    // mimalloc 2's `mi_option_arena_eager_commit`, by its place in the
    // `mi_option_e` enum (the crate does not name it).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    if argv.is_null() || argc < 1 {
        return;
    }
    // SAFETY: glibc passes the process's own argc and argv, NUL-terminated
    // strings that live for the whole process; nothing allocates here.
    let arg = |i: std::ffi::c_int| unsafe {
        let p = *argv.add(i as usize);
        (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_bytes())
    };
    if opens_tui((1..argc).map_while(arg)) {
        // SAFETY: runs once, before main and before any thread exists.
        unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
    }
}

/// Whether these arguments (after the program's name) open the TUI: no
/// command (only `--vault DIR`), or `demo`.
fn opens_tui<'a>(mut args: impl Iterator<Item = &'a [u8]>) -> bool {
    while let Some(a) = args.next() {
        match a {
            b"--vault" => {
                args.next();
            }
            a if a.starts_with(b"--vault=") => {}
            b"demo" => return true,
            _ => return false,
        }
    }
    true
}

fn main() -> ExitCode {
    // A shell asking for completions gets its answer and nothing else.
    cli::complete::answer_if_asked();
    let matches = cli::args::Cli::command().get_matches();
    let mut args = match cli::args::Cli::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    args.vault_on_line =
        matches.value_source("vault") == Some(clap::parser::ValueSource::CommandLine);
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => cli::report(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::opens_tui;

    #[test]
    fn only_the_tui_takes_the_tui_s_memory_setting() {
        let tui = |args: &[&str]| opens_tui(args.iter().map(|a| a.as_bytes()));
        assert!(tui(&[]));
        assert!(tui(&["--vault", "list"]), "a vault folder named list");
        assert!(tui(&["--vault=~/v"]));
        assert!(tui(&["demo"]));
        assert!(!tui(&["list"]));
        assert!(!tui(&["--vault", "~/v", "search", "budget"]));
        assert!(!tui(&["--help"]));
    }
}
