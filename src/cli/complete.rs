//! Shell completions: `ties completions SHELL` prints code that asks this
//! binary what fits (`TIES_COMPLETE=SHELL ties -- WORDS...`), so commands,
//! options and the people in the vault (WHO) all complete.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};

use super::args::{Cli, Shell};
use ties::config::Config;
use ties::fold::fold;
use ties::index::Index;
use ties::store::Vault;

/// The variable the shell code sets when it asks for completions; ties's
/// own, so a `COMPLETE` set for something else never changes what ties does.
const VAR: &str = "TIES_COMPLETE";

/// Answers the shell and exits when it is asking; otherwise returns at once.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(Cli::command).var(VAR).complete();
}

/// `ties completions SHELL`: the code to source in that shell.
pub fn completions(shell: Shell) -> Result<ExitCode> {
    let name = shell.name();
    let shells = Shells::builtins();
    let sh = shells
        .completer(name)
        .ok_or_else(|| anyhow!("ties cannot complete in {name}"))?;
    let mut buf = Vec::new();
    sh.write_registration(VAR, "ties", "ties", &completer(), &mut buf)
        .context("could not write the completion code")?;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(&buf).and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(anyhow!("could not write the completion code: {e}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// The program the shell runs to ask: `ties` when it was found on PATH,
/// else this binary by its full path (`./target/release/ties completions`).
fn completer() -> String {
    let arg0 = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| "ties".into()));
    if arg0.components().count() < 2 {
        return arg0.to_string_lossy().into_owned();
    }
    std::env::current_exe()
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(&arg0)))
        .unwrap_or(arg0)
        .to_string_lossy()
        .into_owned()
}

/// For clap: WHO completes to people's file names, described by their name.
pub fn who() -> ArgValueCompleter {
    ArgValueCompleter::new(people)
}

/// For clap: `--tag` completes to the tags in use.
pub fn tag() -> ArgValueCompleter {
    ArgValueCompleter::new(tags)
}

fn people(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(index) = index() else {
        return Vec::new();
    };
    let typed = fold(&current.to_string_lossy());
    let mut found: Vec<_> = index
        .people
        .iter()
        .filter(|s| {
            // A slug by its start, or a name or alias by any word's start:
            // `lima<Tab>` offers ana-lima, as WHO accepts it.
            typed.is_empty()
                || s.slug.starts_with(&typed)
                || std::iter::once(&s.name)
                    .chain(&s.aka)
                    .any(|n| fold(n).split([' ', '-']).any(|w| w.starts_with(&typed)))
        })
        .collect();
    // Archived people last; each group by file name.
    found.sort_by(|a, b| (a.archived, &a.slug).cmp(&(b.archived, &b.slug)));
    found
        .into_iter()
        .map(|s| {
            let about = match &s.org {
                Some(org) => format!("{}, {org}", s.name),
                None => s.name.clone(),
            };
            CompletionCandidate::new(&s.slug).help(Some(about.into()))
        })
        .collect()
}

fn tags(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(index) = index() else {
        return Vec::new();
    };
    let typed = current.to_string_lossy();
    let mut all: Vec<&String> = index
        .people
        .iter()
        .flat_map(|s| &s.tags)
        .filter(|t| t.starts_with(&*typed))
        .collect();
    all.sort();
    all.dedup();
    all.into_iter().map(CompletionCandidate::new).collect()
}

/// The vault's index, read the way the command being completed would find
/// the vault: its `--vault`, else `$TIES_VAULT`, else the config's. Any
/// trouble means no candidates, never an error in the middle of a prompt.
fn index() -> Option<Index> {
    let dir = vault_on_line(std::env::args_os())
        .or_else(|| std::env::var_os("TIES_VAULT").map(PathBuf::from))
        .or_else(|| Config::load().ok()?.vault)?;
    let vault = Vault::open(dir).ok()?;
    Index::load(&vault, false, None).ok()
}

/// The `--vault DIR` of the command line being completed (the words after
/// `--` in `ties -- ties --vault DIR log a`).
fn vault_on_line(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.skip_while(|a| a != "--").skip(1);
    let mut found = None;
    while let Some(a) = args.next() {
        if a == "--vault" {
            found = args.next().map(PathBuf::from);
        } else if let Some(dir) = a.to_str().and_then(|a| a.strip_prefix("--vault=")) {
            found = Some(PathBuf::from(dir));
        }
    }
    // The word being typed may be an unfinished `--vault`'s value.
    found.filter(|d| d.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_vault_named_on_the_line_being_completed() {
        let dir = std::env::temp_dir();
        let line = |words: &[&str]| {
            vault_on_line(
                words
                    .iter()
                    .map(OsString::from)
                    .collect::<Vec<_>>()
                    .into_iter(),
            )
        };
        let d = dir.to_string_lossy().into_owned();
        assert_eq!(
            line(&["ties", "--", "ties", "--vault", &d, "log", "a"]),
            Some(dir.clone())
        );
        assert_eq!(
            line(&["ties", "--", "ties", &format!("--vault={d}"), "log"]),
            Some(dir.clone())
        );
        assert_eq!(line(&["ties", "--", "ties", "log", "--vault"]), None);
        assert_eq!(line(&["ties", "--vault", &d]), None, "not on the line");
        assert_eq!(
            line(&["ties", "--", "ties", "--vault", "/no/such/dir", "log"]),
            None
        );
    }
}
