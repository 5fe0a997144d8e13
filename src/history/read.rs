//! One file's history from the user's own git, and its cache
//! `.ties/history/<slug>.bin`.
//!
//! Which commits changed the file comes from the vault-wide table of
//! [`super::vaultlog`] (one git pass for every person, kept up to HEAD);
//! its versions from one `git cat-file --batch`. The answer is kept per
//! person with the HEAD it was read at: while HEAD has not moved, a prep
//! costs one `git rev-parse` and one small file read; when HEAD has moved
//! on (a save elsewhere commits), only the commits since are added. A cache
//! that is damaged, of another file, or whose HEAD the table no longer
//! holds (a rewritten history) is ignored and rebuilt.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::vaultlog::{Log, Raw};
use super::{Change, Commit, History, contact_key, diff};
use crate::index::sealed;
use crate::model::Person;
use crate::store::{Vault, fsutil};
use crate::sync::git::{Git, GitError, Prompts, in_repository};

const MAGIC: &[u8; 8] = b"TIESHIST";
/// Bump when [`Cached`] changes: an old cache is then ignored and rewritten.
const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "the vault {} is not a git repository, so ties has no history of its files (a vault made with `ties init --git` keeps one)",
        .0.display()
    )]
    NoGit(PathBuf),
    #[error("could not read the history of {file}: {source}")]
    Git {
        file: String,
        #[source]
        source: GitError,
    },
}

/// What `.ties/history/<slug>.bin` holds, inside its sealed header.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    /// `people/<slug>.toml`: a cache is only believed for its own file.
    path: String,
    /// HEAD when it was read: the history holds every commit up to it.
    head: String,
    /// The last version that parsed, for the next commit to be diffed against.
    last_good: Option<String>,
    history: History,
}

/// The file's history, or `None` when the vault is not a git repository.
pub fn of(vault: &Vault, slug: &str) -> Result<Option<History>, HistoryError> {
    if !in_repository(vault.root()) {
        return Ok(None);
    }
    of_repository(vault, slug).map(Some)
}

/// The file's history; an error when the vault is not a git repository.
/// Uncommitted changes to the file are not part of it.
pub fn of_repository(vault: &Vault, slug: &str) -> Result<History, HistoryError> {
    if !in_repository(vault.root()) {
        return Err(HistoryError::NoGit(vault.root().to_path_buf()));
    }
    let path = Vault::rel(slug);
    let fail = |source| HistoryError::Git {
        file: path.clone(),
        source,
    };
    let git = Git::new(vault.root(), Prompts::Never);
    let head = match git.run(&["rev-parse", "--verify", "-q", "HEAD^{commit}"]) {
        Ok(h) => h,
        // Quietly false: a repository with no commit yet has no history.
        Err(GitError::Failed { stderr, .. }) if stderr.trim().is_empty() => {
            return Ok(History::default());
        }
        Err(e) => return Err(fail(e)),
    };
    let head = head.trim().to_string();
    let name = cache_name(slug);
    let cached = load(vault, &name, &path);
    if let Some(c) = cached.as_ref().filter(|c| c.head == head) {
        return Ok(c.history.clone());
    }
    let mut log = Log::at(vault, &git, &head).map_err(fail)?;
    // The commits since the cached HEAD when the table still holds it
    // (it is then an ancestor of HEAD); otherwise the whole file again.
    let (mut c, raws) = match cached.and_then(|c| Some((log.since(&c.head, &path)?, c))) {
        Some((raws, c)) => (c, raws),
        None => (
            Cached {
                path: path.clone(),
                head: head.clone(),
                last_good: None,
                history: History::default(),
            },
            log.all(vault, &git, &path).map_err(fail)?,
        ),
    };
    add_commits(&git, slug, raws, &mut c).map_err(fail)?;
    c.head = head;
    save(vault, &name, &c);
    Ok(c.history)
}

fn cache_name(slug: &str) -> String {
    format!("history/{slug}.bin")
}

fn load(vault: &Vault, name: &str, path: &str) -> Option<Cached> {
    let content = sealed::read(vault, name, MAGIC, VERSION).content()?;
    let c: Cached = serde_json::from_slice(&content).ok()?;
    (c.path == path).then_some(c)
}

/// Best effort: a cache that cannot be written only makes the next prep
/// read git again.
fn save(vault: &Vault, name: &str, c: &Cached) {
    let Ok(bytes) = serde_json::to_vec(c) else {
        return;
    };
    if fsutil::create_private_dir(&vault.state_dir().join("history")).is_ok() {
        let _ = sealed::write(vault, name, MAGIC, VERSION, &[&bytes]);
    }
}

/// The contents of these blobs, by id, in one `git cat-file --batch`.
fn blobs(git: &Git, ids: &[&str]) -> Result<HashMap<String, Vec<u8>>, GitError> {
    let mut found = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let input: String = ids.iter().map(|i| format!("{i}\n")).collect();
    let out = git.run_input_bytes(&["cat-file", "--batch", "--buffer"], input.as_bytes())?;
    let mut rest = &out[..];
    // Each answer: "<id> blob <size>\n<content>\n", or "<id> missing\n".
    while let Some(nl) = rest.iter().position(|b| *b == b'\n') {
        let head = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let f: Vec<&str> = head.split(' ').collect();
        let [id, "blob", size] = f[..] else {
            continue;
        };
        let Some(body) = size.parse::<usize>().ok().and_then(|n| rest.get(..n)) else {
            break;
        };
        found.insert(id.to_string(), body.to_vec());
        rest = rest.get(body.len() + 1..).unwrap_or_default();
    }
    Ok(found)
}

/// Adds what each of these commits of the file (oldest first) changed to
/// `c`.
fn add_commits(git: &Git, slug: &str, raws: Vec<Raw>, c: &mut Cached) -> Result<(), GitError> {
    if raws.is_empty() {
        return Ok(());
    }
    let mut ids: Vec<&str> = raws
        .iter()
        .flat_map(|r| [r.old.as_deref(), r.new.as_deref()])
        .flatten()
        .chain(c.last_good.as_deref())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let contents = blobs(git, &ids)?;
    // A version that does not parse is skipped: the next good one is
    // compared with the last good one.
    // Every version parsed once, on every core: parsing is most of a first
    // read (200 versions of a file with 200 notes: 50 ms on one core).
    let parsed: HashMap<&str, Person> = contents
        .par_iter()
        .filter_map(|(id, bytes)| {
            let (_, p) = crate::store::parse::parse(slug, bytes).ok()?;
            Some((id.as_str(), p))
        })
        .collect();
    let parse = |id: &str| parsed.get(id);
    let mut last: Option<(String, &Person)> = c
        .last_good
        .as_deref()
        .and_then(|id| Some((id.to_string(), parse(id)?)));
    let h = &mut c.history;
    for r in raws {
        let Some(new_id) = r.new else { continue };
        let Some(new) = parse(&new_id) else { continue };
        let parsed_old = match (&r.old, &last) {
            (Some(o), Some((l, _))) if o == l => None,
            (Some(o), _) => parse(o),
            (None, _) => None,
        };
        let old = parsed_old.or(last.as_ref().map(|(_, p)| *p));
        // Keyed once per version: comparing entry by entry made a file with
        // hundreds of contacts quadratic in them at every commit.
        let seen: HashSet<String> = old
            .map(|o| o.log.iter().map(contact_key).collect())
            .unwrap_or_default();
        let contacts: Vec<String> = new
            .log
            .iter()
            .filter(|e| e.is_contact())
            .map(contact_key)
            .filter(|k| !seen.contains(k))
            .filter(|k| !(r.merge && h.commits.iter().any(|c| c.contacts.contains(k))))
            .collect();
        let commit = h.commits.len() as u32;
        let mut changes: Vec<Change> = diff(old, new)
            .into_iter()
            .map(|(fact, kind, from, to)| Change {
                fact,
                kind,
                from,
                to,
                at: r.at,
                commit,
            })
            .collect();
        // A merge repeats what its other side's commits already said.
        if r.merge {
            changes.retain(|n| {
                !h.changes
                    .iter()
                    .any(|o| (&o.fact, o.kind, &o.from, &o.to) == (&n.fact, n.kind, &n.from, &n.to))
            });
        }
        if !changes.is_empty() || !contacts.is_empty() {
            h.commits.push(Commit {
                id: r.id,
                at: r.at,
                contacts,
            });
            h.changes.extend(changes);
        }
        last = Some((new_id, new));
    }
    c.last_good = last.map(|(id, _)| id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_of_another_file_is_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        let c = Cached {
            path: "people/ana.toml".into(),
            head: "abc".into(),
            last_good: None,
            history: History::default(),
        };
        save(&vault, &cache_name("ana"), &c);
        assert!(load(&vault, &cache_name("ana"), "people/ana.toml").is_some());
        std::fs::copy(
            vault.state_dir().join("history/ana.bin"),
            vault.state_dir().join("history/tom.bin"),
        )
        .unwrap();
        assert!(load(&vault, &cache_name("tom"), "people/tom.toml").is_none());
    }
}
