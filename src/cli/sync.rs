//! `ties sync`, the merge driver, and committing each save as it happens.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use ties::config::Config;
use ties::store::Vault;
use ties::sync::git::Prompts;

use super::Out;

pub fn sync(out: &mut Out, vault: &Vault) -> Result<ExitCode> {
    let interactive = super::stdin_is_terminal();
    let progress = |step: &str| {
        if interactive {
            eprintln!("ties: {step}…");
        }
    };
    let prompts = if interactive {
        Prompts::Terminal
    } else {
        Prompts::Never
    };
    let report = ties::sync::sync(vault, prompts, &progress)?;
    if report.driver_registered {
        out.line("Set up the ties merge driver for this clone (.gitattributes and .git/config).");
    }
    out.line(report.sentence());
    Ok(ExitCode::SUCCESS)
}

pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, name: &str) -> Result<ExitCode> {
    use ties::sync::driver::Outcome;
    match ties::sync::merge_driver(base, ours, theirs, name).map_err(|e| anyhow!(e))? {
        Outcome::Clean => return Ok(ExitCode::SUCCESS),
        Outcome::Conflicts(conflicts) => {
            let keys: Vec<String> = conflicts.iter().map(|k| format!("`{k}`")).collect();
            eprintln!(
                "ties: both sides changed {} in {name}; the file shows both between conflict markers",
                keys.join(", ")
            );
        }
        Outcome::LineByLine(why) => eprintln!(
            "ties: could not merge {name} key by key ({why}); it was merged line by line, with both sides between conflict markers"
        ),
    }
    Ok(ExitCode::FAILURE)
}

/// Commits one save when the vault is a git repository (unless the config
/// says `autocommit = false`). A failed commit is said, not fatal: the save
/// itself is done.
pub fn commit_as_you_go(config: &Config, vault: &Vault, slug: &str, what: &str) {
    if config.autocommit == Some(false) || !ties::sync::git::in_repository(vault.root()) {
        return;
    }
    // Messages name the person, not the file.
    let what = if what.contains(slug) {
        match vault.read(slug) {
            Ok(l) => what.replace(slug, &l.person.name),
            Err(_) => what.to_string(),
        }
    } else {
        what.to_string()
    };
    commit_all_as_you_go(config, vault, &[slug], &what);
}

/// Several files saved by one command (a meeting's note) as one commit.
pub fn commit_all_as_you_go<S: AsRef<str>>(
    config: &Config,
    vault: &Vault,
    slugs: &[S],
    what: &str,
) {
    if config.autocommit == Some(false) || !ties::sync::git::in_repository(vault.root()) {
        return;
    }
    if let Err(e) = ties::sync::commit_people(vault, slugs, what) {
        eprintln!("ties: saved, but not committed to git: {e}");
    }
}
