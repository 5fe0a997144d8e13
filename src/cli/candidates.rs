//! What WHO and `--tag` complete to: the people and tags of the vault the
//! command line being completed would use. Apart from `complete.rs` (the
//! shell side) so that the clap definition can name these without a cycle.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use ties::config::Config;
use ties::fold::fold;
use ties::index::Index;
use ties::store::Vault;

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
    // Trimmed: folding spells 王 as "wang ", with a space to part words.
    let typed = fold(&current.to_string_lossy()).trim().to_string();
    let mut found: Vec<_> = index
        .people
        .iter()
        .filter(|s| {
            // A slug by its start, or a name or alias by any word's start:
            // `lima<Tab>` offers ana-lima, as WHO accepts it.
            typed.is_empty()
                || s.slug.starts_with(&typed)
                || std::iter::once(&s.name).chain(&s.aka).any(|n| {
                    let n = fold(n);
                    n.starts_with(&typed) || n.split([' ', '-']).any(|w| w.starts_with(&typed))
                })
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
