//! The disposable cache under `.ties/`: what listing, searching, resolving and
//! connections need, without parsing every file. Each entry is checked against
//! its file's size, times and inode on every load and rebuilt when they differ,
//! so a file edited by hand or by `git pull` is never shown stale. Deleting
//! `.ties/` changes nothing but speed.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fold::fold;
use crate::model::{Cadence, Person, When, YearDay};
use crate::store::{FileStat, Problem, Result, Stamp, StoreError, Vault, fsutil, parse_loaded};

/// Bump when the summary layout changes: an old index is then rebuilt.
const VERSION: u32 = 1;
const META_FILE: &str = "index-meta.bin";
const TEXT_FILE: &str = "index-text.bin";

/// What the index knows of one person.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub slug: String,
    pub name: String,
    pub aka: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub tags: Vec<String>,
    pub email: Vec<String>,
    pub cadence: Option<Cadence>,
    pub snooze: Option<NaiveDate>,
    pub birthday: Option<YearDay>,
    /// The newest entry that was contact, and its `via`.
    pub last_contact: Option<(When, String)>,
    pub entries: usize,
    pub open_todos: Vec<Option<NaiveDate>>,
    /// `@slug` links in this person's texts.
    pub links: Vec<String>,
    /// Folded name, for matching.
    pub name_fold: String,
    /// Folded aliases, org and tags, for matching.
    pub other_fold: String,
}

impl Summary {
    pub fn of(p: &Person) -> Summary {
        let mut other = String::new();
        for s in p.aka.iter().chain(p.org.iter()).chain(p.tags.iter()) {
            if !other.is_empty() {
                other.push_str(" | ");
            }
            other.push_str(&fold(s));
        }
        Summary {
            slug: p.slug.clone(),
            name: p.name.clone(),
            aka: p.aka.clone(),
            org: p.org.clone(),
            role: p.role.clone(),
            tags: p.tags.clone(),
            email: p.email.clone(),
            cadence: p.cadence,
            snooze: p.snooze,
            birthday: p.birthday,
            last_contact: p.last_contact().map(|e| (e.at, e.via.clone())),
            entries: p.log.len(),
            open_todos: p.todos.iter().filter(|t| !t.done).map(|t| t.due).collect(),
            links: p.links(),
            name_fold: fold(&p.name),
            other_fold: other,
        }
    }

    /// The same rule as [`Person::due_date`], from the summary alone.
    pub fn due_date(&self, clock: &crate::clock::Clock) -> Option<NaiveDate> {
        let cadence = self.cadence?;
        let due = match &self.last_contact {
            Some((at, _)) => cadence.after(at.date(clock)),
            None => clock.today(),
        };
        Some(match self.snooze {
            Some(s) if s > due => s,
            _ => due,
        })
    }
}

/// The folded text of everything written about a person, for note search.
pub fn note_text(p: &Person) -> String {
    let mut out = String::new();
    for t in p
        .texts()
        .chain(p.log.iter().flat_map(|e| e.ask.iter().map(String::as_str)))
    {
        out.push_str(&fold(t));
        out.push('\n');
    }
    out
}

#[derive(Serialize, Deserialize)]
struct MetaFile {
    version: u32,
    entries: Vec<(String, Stamp, std::result::Result<Summary, Problem>)>,
}

#[derive(Serialize, Deserialize)]
struct TextFile {
    version: u32,
    entries: Vec<(String, Stamp, String)>,
}

/// The vault as the index sees it: every person that parses, and a problem
/// for every file that does not.
#[derive(Debug, Default)]
pub struct Index {
    pub people: Vec<Summary>,
    pub problems: Vec<Problem>,
    /// Folded note text, parallel to `people`, when loaded with text.
    pub text: Option<Vec<String>>,
    /// How many files had to be parsed (0 when the index was warm).
    pub parsed: usize,
}

/// Called with (files parsed so far, files to parse) during a rebuild.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

impl Index {
    /// Loads the index, parsing only the files that changed since it was
    /// written, and saves it back when anything changed. With `with_text`,
    /// also the folded note text that `search` needs.
    pub fn load(vault: &Vault, with_text: bool, progress: Option<Progress<'_>>) -> Result<Index> {
        let files = vault.scan()?;
        let state = vault.state_dir();
        let meta: Option<MetaFile> =
            read_cache(&state.join(META_FILE)).filter(|m: &MetaFile| m.version == VERSION);
        let text: Option<TextFile> = if with_text {
            read_cache(&state.join(TEXT_FILE)).filter(|t: &TextFile| t.version == VERSION)
        } else {
            None
        };

        let mut meta_by: HashMap<&str, (&Stamp, &std::result::Result<Summary, Problem>)> =
            HashMap::new();
        if let Some(m) = &meta {
            for (slug, stamp, body) in &m.entries {
                meta_by.insert(slug, (stamp, body));
            }
        }
        let mut text_by: HashMap<&str, (&Stamp, &String)> = HashMap::new();
        if let Some(t) = &text {
            for (slug, stamp, body) in &t.entries {
                text_by.insert(slug, (stamp, body));
            }
        }
        let fresh_meta = |f: &FileStat| {
            meta_by
                .get(f.slug.as_str())
                .filter(|(s, _)| **s == f.stamp)
                .map(|(_, b)| *b)
        };
        let fresh_text = |f: &FileStat| {
            text_by
                .get(f.slug.as_str())
                .filter(|(s, _)| **s == f.stamp)
                .map(|(_, b)| *b)
        };
        let stale: Vec<&FileStat> = files
            .iter()
            .filter(|f| fresh_meta(f).is_none() || (with_text && fresh_text(f).is_none()))
            .collect();

        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = stale.len();
        let parsed: HashMap<&str, (std::result::Result<Summary, Problem>, String)> = stale
            .par_iter()
            .map(|f| {
                let out = summarize(vault, &f.slug);
                if let Some(p) = progress {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if n % 250 == 0 || n == total {
                        p(n, total);
                    }
                }
                (f.slug.as_str(), out)
            })
            .collect();

        let mut index = Index {
            parsed: parsed.len(),
            ..Index::default()
        };
        let mut meta_out = Vec::with_capacity(files.len());
        let mut text_out = Vec::with_capacity(if with_text { files.len() } else { 0 });
        let mut texts = Vec::new();
        for f in &files {
            let (body, note) = match parsed.get(f.slug.as_str()) {
                Some((body, note)) => (body.clone(), Some(note.as_str())),
                None => (
                    fresh_meta(f).expect("fresh when not parsed").clone(),
                    fresh_text(f).map(String::as_str),
                ),
            };
            match &body {
                Ok(s) => {
                    index.people.push(s.clone());
                    if with_text {
                        texts.push(note.unwrap_or_default().to_string());
                    }
                }
                Err(p) => index.problems.push(p.clone()),
            }
            if with_text {
                text_out.push((
                    f.slug.clone(),
                    f.stamp,
                    note.unwrap_or_default().to_string(),
                ));
            }
            meta_out.push((f.slug.clone(), f.stamp, body));
        }
        let meta_changed = meta.as_ref().is_none_or(|m| m.entries.len() != files.len())
            || files.iter().any(|f| fresh_meta(f).is_none());
        let text_changed = with_text
            && (text.as_ref().is_none_or(|t| t.entries.len() != files.len())
                || files.iter().any(|f| fresh_text(f).is_none()));
        drop(meta_by);
        drop(text_by);
        // The cache is best effort: a read-only vault still lists, just slower.
        if meta_changed {
            let _ = write_cache(
                vault,
                META_FILE,
                &MetaFile {
                    version: VERSION,
                    entries: meta_out,
                },
            );
        }
        if text_changed {
            let _ = write_cache(
                vault,
                TEXT_FILE,
                &TextFile {
                    version: VERSION,
                    entries: text_out,
                },
            );
        }
        if with_text {
            index.text = Some(texts);
        }
        Ok(index)
    }

    pub fn get(&self, slug: &str) -> Option<&Summary> {
        self.people.iter().find(|s| s.slug == slug)
    }

    pub fn problem(&self, slug: &str) -> Option<&Problem> {
        let file = Vault::rel(slug);
        self.problems.iter().find(|p| p.file == file)
    }
}

fn summarize(vault: &Vault, slug: &str) -> (std::result::Result<Summary, Problem>, String) {
    let path = vault.file_of(slug);
    let bytes = match fsutil::read_limited(&path) {
        Ok(b) => b,
        Err(e) => {
            let p = Problem {
                file: Vault::rel(slug),
                line: None,
                reason: format!("could not read it: {}", fsutil::plain(&e)),
            };
            return (Err(p), String::new());
        }
    };
    match parse_loaded(slug, &bytes) {
        Ok(l) => (Ok(Summary::of(&l.person)), note_text(&l.person)),
        Err(StoreError::Bad(p)) => (Err(p), String::new()),
        Err(e) => (
            Err(Problem {
                file: Vault::rel(slug),
                line: None,
                reason: e.to_string(),
            }),
            String::new(),
        ),
    }
}

fn read_cache<T: for<'de> Deserialize<'de>>(path: &PathBuf) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    postcard::from_bytes(&bytes).ok()
}

fn write_cache<T: Serialize>(vault: &Vault, name: &str, value: &T) -> Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(|e| StoreError::Refused(e.to_string()))?;
    let state = vault.state_dir();
    fsutil::create_private_dir(&state)?;
    fsutil::write_atomic(&state.join(name), &bytes, &state.join("tmp"), Some(0o600))
}
