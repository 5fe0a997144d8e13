//! The disposable cache under `.ties/`: what listing, searching, resolving and
//! connections need, without parsing every file. Each entry is checked against
//! its file's size, times and inode on every load and rebuilt when they differ,
//! so a file edited by hand or by `git pull` is never shown stale. Each cache
//! file carries a checksum ([`sealed`]): a damaged one is rebuilt, never
//! believed. Deleting `.ties/` changes nothing but speed.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fold::fold;
use crate::model::{Cadence, Person, When, YearDay};
use crate::store::{FileStat, Problem, Result, Stamp, StoreError, Vault, fsutil, parse_loaded};

pub mod glimpse;
pub(crate) mod netcache;
pub mod purge;
pub mod sealcheck;
pub(crate) mod sealed;

/// Bump when the summary layout changes: an old index is then rebuilt.
const VERSION: u32 = 7;
const META_FILE: &str = "index-meta.bin";
const META_MAGIC: &[u8; 8] = b"TIESMETA";
const TEXT_FILE: &str = "index-text.bin";
/// The note-text cache with decrypted private text, kept only while the
/// config says `search_private = true`, and removed as soon as it does not.
const PRIVATE_TEXT_FILE: &str = "index-text-private.bin";

/// The note-text cache this vault uses, and the one it must not keep.
fn text_files(vault: &Vault) -> (&'static str, &'static str) {
    if vault.search_private() {
        (PRIVATE_TEXT_FILE, TEXT_FILE)
    } else {
        (TEXT_FILE, PRIVATE_TEXT_FILE)
    }
}

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
    /// Archived: left out of the list, the due list and the agenda.
    pub archived: bool,
    /// The newest entry that was contact, and its `via`.
    pub last_contact: Option<(When, String)>,
    pub entries: usize,
    /// Todos not done: number, text, due date.
    pub open_todos: Vec<(usize, String, Option<NaiveDate>)>,
    /// Yearly dates: label, day.
    pub dates: Vec<(String, YearDay)>,
    /// Ask items waiting for the next contact (not introductions'
    /// follow-ups, which the due list says on their own): text, when
    /// asked, private.
    pub asks: Vec<(String, When, bool)>,
    /// `@slug` links in this person's texts.
    pub links: Vec<String>,
    /// Typed links from `[relationships]`: (slug, label as written).
    pub relations: Vec<(String, String)>,
    /// Who introduced you to them (`met = "introduced by @ravi"`).
    pub introduced_by: Option<String>,
    /// Introductions you made for them.
    pub intros: Vec<crate::model::Intro>,
    /// Folded name, for matching.
    pub name_fold: String,
    /// Folded org, for "same org" connections.
    pub org_fold: String,
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
            archived: p.archived.is_some(),
            last_contact: p.last_contact().map(|e| (e.at, e.via.clone())),
            entries: p.log.len(),
            open_todos: p
                .todos
                .iter()
                .filter(|t| !t.done)
                .map(|t| (t.number, t.text.clone(), t.due))
                .collect(),
            dates: p.dates.iter().map(|d| (d.label.clone(), d.on)).collect(),
            // An introduction's follow-up has its own line in the due
            // list: not said again among the asks that ride along.
            asks: p
                .pending_asks()
                .into_iter()
                .filter(|(e, _)| !e.extra.iter().any(|(k, _)| k == crate::model::INTRO_KEY))
                .map(|(e, a)| (a.to_string(), e.at, e.private))
                .collect(),
            links: p.links(),
            relations: p.relations.clone(),
            introduced_by: p.introduced_by().map(str::to_string),
            intros: p.intros.clone(),
            name_fold: fold(&p.name),
            org_fold: p
                .org
                .as_deref()
                .map(fold)
                .unwrap_or_default()
                .trim()
                .to_string(),
            other_fold: other,
        }
    }

    /// The same rule as [`Person::due_date`], from the summary alone.
    pub fn due_date(&self, clock: &crate::clock::Clock) -> Option<NaiveDate> {
        crate::model::due_date(
            self.cadence,
            self.last_contact.as_ref().map(|(at, _)| *at),
            self.snooze,
            clock,
        )
    }
}

/// The folded text of everything written about a person, for note search.
/// Encrypted values are left out: the cache never holds private text, and
/// their armor is nothing to search.
pub fn note_text(p: &Person) -> String {
    let mut out = String::new();
    for t in p
        .texts()
        .chain(p.log.iter().flat_map(|e| e.ask.iter().map(String::as_str)))
        .filter(|t| !crate::model::is_sealed(t))
    {
        out.push_str(&fold(t));
        out.push('\n');
    }
    out
}

type Body = std::result::Result<Summary, Problem>;
type Entry<T> = (String, Stamp, T);

/// The note-text cache, inside its [`sealed`] header: the table's length
/// (u64 LE), the table (postcard: slug, stamp, start, length), then the
/// folded text itself, which `Notes` keeps in the buffer it was read into.
const TEXT_MAGIC: &[u8; 8] = b"TIESTEXT";

/// Folded note text per person, parallel to `Index::people`.
#[derive(Debug)]
pub struct Notes {
    buf: NotesBuf,
    ranges: Vec<(usize, usize)>,
}

#[derive(Debug)]
enum NotesBuf {
    /// The text cache as read, and where its text starts.
    Read(sealed::Content, usize),
    Owned(Vec<u8>),
}

impl Notes {
    pub fn get(&self, i: usize) -> &[u8] {
        let (start, len) = self.ranges.get(i).copied().unwrap_or((0, 0));
        let blob = match &self.buf {
            NotesBuf::Read(c, at) => c.get(*at..).unwrap_or_default(),
            NotesBuf::Owned(v) => &v[..],
        };
        blob.get(start..start + len).unwrap_or_default()
    }
}

/// The text cache read whole, where its text starts, and its table.
type TextCache = (sealed::Content, usize, Vec<Entry<(u64, u64)>>);

/// Reads the text cache; `Err(damaged)` when there is none to use.
fn read_text_cache(vault: &Vault) -> std::result::Result<TextCache, bool> {
    let (file, other) = text_files(vault);
    if !vault.search_private() {
        // Opted out: decrypted words do not stay on disk a moment longer.
        match std::fs::remove_file(vault.state_dir().join(other)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => sealed::log(
                vault,
                other,
                &format!("could not remove it: {}", fsutil::plain(&e)),
            ),
            _ => {}
        }
    }
    let loaded = sealed::read(vault, file, TEXT_MAGIC, VERSION);
    let damaged = loaded.damaged();
    let content = loaded.content().ok_or(damaged)?;
    // Checksummed, so this can fail only if a bug wrote it wrong.
    let parse = |c: &[u8]| {
        let table_len = usize::try_from(u64::from_le_bytes(c.get(..8)?.try_into().ok()?)).ok()?;
        let blob_at = 8usize.checked_add(table_len)?;
        let table: Vec<Entry<(u64, u64)>> = postcard::from_bytes(c.get(8..blob_at)?).ok()?;
        let blob_len = (c.len() - blob_at) as u64;
        let fits =
            |(_, _, (s, l)): &Entry<(u64, u64)>| s.checked_add(*l).is_some_and(|e| e <= blob_len);
        table.iter().all(fits).then_some((blob_at, table))
    };
    let (at, table) = parse(&content).ok_or(true)?;
    Ok((content, at, table))
}

fn write_text_cache(vault: &Vault, entries: Vec<Entry<(u64, u64)>>, blob: &[u8]) -> Result<()> {
    let table = postcard::to_stdvec(&entries).map_err(|e| StoreError::Refused(e.to_string()))?;
    let len = (table.len() as u64).to_le_bytes();
    sealed::write(
        vault,
        text_files(vault).0,
        TEXT_MAGIC,
        VERSION,
        &[&len, &table, blob],
    )
}

/// Lines cached entries up with the files on disk: `Some` where the file is
/// unchanged since the entry was made. Both lists are sorted by slug (the
/// cache is written in scan order), so this is a merge, not a hash lookup.
fn fresh<T>(mut cached: Vec<Entry<T>>, files: &[FileStat]) -> Vec<Option<T>> {
    if !cached.is_sorted_by(|a, b| a.0 < b.0) {
        cached.sort_by(|a, b| a.0.cmp(&b.0));
        cached.dedup_by(|a, b| a.0 == b.0);
    }
    let mut out = Vec::with_capacity(files.len());
    let mut it = cached.into_iter().peekable();
    for f in files {
        while it
            .next_if(|(slug, _, _)| slug.as_str() < f.slug.as_str())
            .is_some()
        {}
        out.push(
            it.next_if(|(slug, _, _)| *slug == f.slug)
                .filter(|(_, stamp, _)| *stamp == f.stamp)
                .map(|(_, _, b)| b),
        );
    }
    out
}

/// The vault as the index sees it: every person that parses, and a problem
/// for every file that does not.
#[derive(Debug, Default)]
pub struct Index {
    pub people: Vec<Summary>,
    pub problems: Vec<Problem>,
    /// Folded note text, parallel to `people`, when loaded with text.
    pub text: Option<Notes>,
    /// How many files had to be parsed (0 when the index was warm).
    pub parsed: usize,
}

/// Called with (files parsed so far, files to parse) during a rebuild.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Brings the caches up to the files as now written. After private entries
/// were sealed in place (`ties encrypt`, a sync that took `recipients.txt`),
/// the cached summaries (asks) and note text of those files would otherwise
/// keep their words in the clear until the next command that lists.
pub fn refresh(vault: &Vault) -> Result<()> {
    let with_text = vault.state_dir().join(TEXT_FILE).exists();
    Index::load(vault, with_text, None).map(|_| ())
}

impl Index {
    /// Loads the index, parsing only the files that changed since it was
    /// written, and saves it back when anything changed. With `with_text`,
    /// also the folded note text that `search` needs.
    pub fn load(vault: &Vault, with_text: bool, progress: Option<Progress<'_>>) -> Result<Index> {
        // The folder's stamp first: a change made while we list it then
        // shows as a changed folder next time.
        let folder = netcache::folder_stamp(vault)?;
        Index::load_scanned(vault, folder, vault.scan()?, with_text, progress)
    }

    fn load_scanned(
        vault: &Vault,
        (folder, taken_ns): (Stamp, i64),
        files: Vec<FileStat>,
        with_text: bool,
        progress: Option<Progress<'_>>,
    ) -> Result<Index> {
        // A damaged cache is rebuilt from the files, and then written again
        // even where nothing else changed (an empty vault).
        let loaded = sealed::read(vault, META_FILE, META_MAGIC, VERSION);
        let mut meta_damaged = loaded.damaged();
        let meta: Vec<Entry<Body>> = match loaded.content().map(|c| postcard::from_bytes(&c[..])) {
            Some(Ok(m)) => m,
            Some(Err(_)) => {
                meta_damaged = true;
                Vec::new()
            }
            None => Vec::new(),
        };
        let (text_read, text_entries, text_damaged) =
            match with_text.then(|| read_text_cache(vault)) {
                Some(Ok((content, at, entries))) => (Some((content, at)), entries, false),
                Some(Err(damaged)) => (None, Vec::new(), damaged),
                None => (None, Vec::new(), false),
            };
        let (meta_len, text_len) = (meta.len(), text_entries.len());
        // Take cached entries whose file is unchanged; the rest are parsed again.
        let mut meta = fresh(meta, &files);
        let text = fresh(text_entries, &files);
        let stale: Vec<usize> = (0..files.len())
            .filter(|&i| meta[i].is_none() || (with_text && text[i].is_none()))
            .collect();

        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = stale.len();
        let parsed: Vec<(usize, Body, String)> = stale
            .par_iter()
            .map(|&i| {
                let (body, note) = summarize(vault, &files[i].slug);
                if let Some(p) = progress {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if n.is_multiple_of(250) || n == total {
                        p(n, total);
                    }
                }
                (i, body, note)
            })
            .collect();
        let mut new_notes: Vec<Option<String>> =
            vec![None; if with_text { files.len() } else { 0 }];
        for (i, body, note) in parsed {
            meta[i] = Some(body);
            if with_text {
                new_notes[i] = Some(note);
            }
        }
        let meta_changed = meta_damaged || meta_len != files.len() || total > 0;
        let text_changed = with_text && (text_damaged || text_len != files.len() || total > 0);
        // Every slot was filled above, from the cache or by parsing.
        #[allow(clippy::expect_used)]
        let entries: Vec<Entry<Body>> = files
            .iter()
            .zip(meta)
            .map(|(f, b)| (f.slug.clone(), f.stamp, b.expect("every entry filled")))
            .collect();
        // The cache is best effort: a read-only vault still lists, just slower.
        if meta_changed || netcache::needs_write(vault, &folder) {
            let _ = netcache::write(vault, folder, taken_ns, &entries);
        }
        if meta_changed {
            let _ = postcard::to_stdvec(&entries)
                .map_err(|e| StoreError::Refused(e.to_string()))
                .and_then(|b| sealed::write(vault, META_FILE, META_MAGIC, VERSION, &[&b]));
        }

        // Note text: the cache as read, or a new blob when anything changed.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let notes = if !with_text {
            None
        } else if !text_changed && let Some((read, at)) = text_read {
            ranges = text
                .iter()
                .map(|r| r.map(|(s, l)| (s as usize, l as usize)).unwrap_or((0, 0)))
                .collect();
            Some(NotesBuf::Read(read, at))
        } else {
            let old = |r: (u64, u64)| {
                let (c, at) = text_read.as_ref()?;
                c.get(at + r.0 as usize..at + (r.0 + r.1) as usize)
            };
            let size: u64 = (0..files.len())
                .map(|i| match (&new_notes[i], text[i]) {
                    (Some(n), _) => n.len() as u64,
                    (None, Some((_, l))) => l,
                    (None, None) => 0,
                })
                .sum();
            let mut blob = Vec::with_capacity(size as usize);
            let mut table = Vec::with_capacity(files.len());
            for (i, f) in files.iter().enumerate() {
                let start = blob.len();
                // Each note is dropped once copied, so the text is held once, not twice.
                match (new_notes[i].take(), text[i]) {
                    (Some(n), _) => blob.extend_from_slice(n.as_bytes()),
                    (None, Some(r)) => blob.extend_from_slice(old(r).unwrap_or_default()),
                    (None, None) => {}
                }
                let len = blob.len() - start;
                ranges.push((start, len));
                table.push((f.slug.clone(), f.stamp, (start as u64, len as u64)));
            }
            let _ = write_text_cache(vault, table, &blob);
            Some(NotesBuf::Owned(blob))
        };

        let mut index = Index {
            parsed: total,
            ..Index::default()
        };
        let mut kept = Vec::new();
        for (i, (_, _, body)) in entries.into_iter().enumerate() {
            match body {
                Ok(s) => {
                    index.people.push(s);
                    if with_text {
                        kept.push(ranges[i]);
                    }
                }
                Err(p) => index.problems.push(p),
            }
        }
        index.text = notes.map(|buf| Notes { buf, ranges: kept });
        Ok(index)
    }

    /// People are kept sorted by slug, so this is a binary search.
    pub fn get(&self, slug: &str) -> Option<&Summary> {
        self.people
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.people[i])
    }

    pub fn problem(&self, slug: &str) -> Option<&Problem> {
        let file = Vault::rel(slug);
        self.problems.iter().find(|p| p.file == file)
    }
}

fn summarize(vault: &Vault, slug: &str) -> (Body, String) {
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
        Ok(mut l) => {
            let summary = Summary::of(&l.person);
            if vault.search_private() {
                // Opted in: the words of private notes this machine can
                // open are searchable (and so kept in the cache).
                crate::store::crypt::open_person(&mut l.person);
            }
            (Ok(summary), note_text(&l.person))
        }
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
