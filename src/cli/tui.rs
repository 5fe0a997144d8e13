//! Opening the TUI from the command line.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use ties::clock::Clock;
use ties::config::Config;
use ties::store::Vault;
use ties::tui::runtime::{Options, run};

/// The vault's path as the status line shows it: `~` for the home folder.
fn label(vault: &Vault) -> String {
    let root = std::fs::canonicalize(vault.root()).unwrap_or_else(|_| vault.root().to_path_buf());
    if let Some(home) = std::env::var_os("HOME").map(std::path::PathBuf::from)
        && let Ok(rest) = root.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    root.display().to_string()
}

/// mimalloc's `mi_option_purge_delay` (its place in the `mi_option_e`
/// enum of mimalloc 2's `mimalloc.h`; the crate does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The TUI lives for hours and reloads the index as files change: memory
/// freed by a reload goes back to the system at once instead of after a
/// delay, which is what kept the peak above 100 MB at 10,000 people.
fn release_memory_promptly() {
    // SAFETY: sets one of mimalloc's options before the TUI's threads
    // start; mimalloc reads it on its next purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

pub fn open(
    vault: Vault,
    clock: Clock,
    config: &Config,
    started: Instant,
    hello: Option<String>,
) -> Result<ExitCode> {
    release_memory_promptly();
    let feed = super::remind::feed_of(config, &vault);
    let ending = run(Options {
        vault_label: label(&vault),
        vault,
        clock,
        discreet: config.discreet,
        keys: config.keys.clone(),
        started,
        hello,
        autocommit: config.autocommit != Some(false),
        defaults: ties::due::Defaults::of(config),
        calendars: config.calendars.clone(),
        due_days: config.due_days.unwrap_or(14),
        exit_after_first_frame: std::env::var_os("TIES_EXIT_AFTER_FIRST_FRAME").is_some(),
        mouse: config.mouse != Some(false),
        feed,
    })?;
    if let Some(f) = ending.farewell {
        // The terminal may be gone (its window closed): no panic over it.
        let _ = writeln!(std::io::stderr(), "ties: {f}");
    }
    Ok(match ending.signal {
        Some(s) => ExitCode::from(128u8.saturating_add(s as u8)),
        None => ExitCode::SUCCESS,
    })
}

/// The TUI needs a terminal on both sides; without one, ties prints instead.
pub fn can_open() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}
