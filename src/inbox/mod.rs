//! The inbox: `inbox.md` at the vault's root, one note a line, that anything
//! can append to (a phone's git client, `echo "ana: called" >> inbox.md`).
//! Taking it files each line it can place as a log entry on that person and
//! leaves the rest, each with a comment saying why. A last line without its
//! line end may be half written: it waits until it is finished, until the
//! file has been quiet for [`QUIET`], or until git has it committed.
//!
//! The protocol, so no line is lost and none is logged twice:
//! 1. One taker at a time (`.ties/locks/inbox.lock`). The inbox stays open
//!    from the first read to the end.
//! 2. The time chosen for each line is recorded in `.ties/inbox-taking`
//!    before any entry is written, and used again by the next run (the n-th
//!    copy of a line gets the n-th time recorded for it, as it gets the n-th
//!    commit time from git blame).
//! 3. Entries are written first, through the person's locked write path; k
//!    copies of a line with the same time, via and text want k entries, and
//!    only those missing from the file are written: a run that stopped after
//!    writing entries and before rewriting the inbox is finished by the next
//!    one, with nothing twice.
//! 4. The new inbox (what was not taken) lands by temporary file and rename
//!    under the vault lock (so `ties sync` is not merging meanwhile), only if
//!    `inbox.md` is still the file read (else, a `git pull` replaced it: read
//!    again from 1). Just before the rename, the old file is hard-linked as
//!    `.ties/inbox-old` (and the length read is in `.ties/inbox-taking`).
//! 5. After it, whole lines another program appended to the old file
//!    meanwhile are appended to the new one (one `O_APPEND` write, as that
//!    program meant), until quiet. The link stays, with how far it was
//!    carried (`.ties/inbox-old-read`): the next run first carries what a
//!    slow writer still holding the old file wrote after that (a line still
//!    half written there makes it wait, as a half line in `inbox.md` does),
//!    or, when this run was killed before its carry-over, everything after
//!    the length read. A kill between a carry and its record would carry
//!    those lines twice (never lose them).

pub mod line;
pub mod merge;

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, SecondsFormat, Timelike};

use crate::clock::Clock;
use crate::index::Index;
use crate::model::When;
use crate::resolve::{Resolved, resolve_in};
use crate::store::fsutil::{self, Land};
use crate::store::write::{self, NewEntry, VaultLock};
use crate::store::{Result, StoreError, Vault};
use line::{Line, OURS_END, OURS_START};

/// The inbox's file name, at the vault's root.
pub const FILE: &str = "inbox.md";

/// What `ties init` puts in a new inbox.
pub const TEMPLATE: &str = "<!-- Inbox for ties: one note a line, `WHO: TEXT`, e.g. `ana: sent the deck #email` or `2026-11-23 14:05 zoe: coffee`. -->\n<!-- `ties inbox` or `ties sync` files each line on that person's log and takes it out of this file. -->\n";

/// How a note without a `#tag` is logged, as with `ties log`.
pub const DEFAULT_VIA: &str = "call";

/// What taking the inbox did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Taken {
    /// Lines filed (or found already filed), in inbox order.
    pub taken: Vec<Took>,
    /// Lines that stay, and why.
    pub left: Vec<Left>,
    /// The person files changed (slugs).
    #[serde(skip)]
    pub files: Vec<String>,
    /// Whether `inbox.md` was rewritten.
    #[serde(skip)]
    pub rewritten: bool,
    /// The commit made, when the vault is a git repository.
    pub committed: Option<String>,
    /// Why the change was not committed, when it was not.
    pub not_committed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Took {
    pub line: String,
    pub slug: String,
    pub name: String,
    /// RFC 3339.
    pub at: String,
    pub via: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Left {
    pub line: String,
    pub why: String,
}

impl Taken {
    /// Whether anything changed on disk.
    pub fn changed(&self) -> bool {
        self.rewritten || !self.files.is_empty()
    }

    /// "took 2 notes from inbox.md (Ana Lima, Zoe Park)", with the lines
    /// left; None when there was nothing to say.
    pub fn sentence(&self) -> Option<String> {
        let parts: Vec<String> = self
            .took_sentence()
            .into_iter()
            .chain(self.left_sentence())
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// "took 2 notes from inbox.md (Ana Lima, Zoe Park)".
    pub fn took_sentence(&self) -> Option<String> {
        if self.taken.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = Vec::new();
        for t in &self.taken {
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
        let n = self.taken.len();
        Some(format!(
            "took {n} note{} from {FILE} ({})",
            if n == 1 { "" } else { "s" },
            names.join(", ")
        ))
    }

    /// "2 inbox lines need you: see inbox.md".
    pub fn left_sentence(&self) -> Option<String> {
        left_sentence(self.left.len())
    }
}

/// "2 inbox lines need you: see inbox.md", for a count of lines left.
pub fn left_sentence(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 inbox line needs you: see {FILE}")),
        n => Some(format!("{n} inbox lines need you: see {FILE}")),
    }
}

/// The inbox's path.
pub fn path(vault: &Vault) -> PathBuf {
    vault.root().join(FILE)
}

/// Creates the inbox with its how-to comment, unless there is one (or
/// anything else by that name). Returns whether it was created.
pub fn create(vault: &Vault) -> Result<bool> {
    let path = path(vault);
    if fs::symlink_metadata(&path).is_ok() {
        return Ok(false);
    }
    match fsutil::write_atomic_with(
        &path,
        TEMPLATE.as_bytes(),
        &vault.state_dir().join("tmp"),
        Some(0o600),
        Land::CreateNew,
    ) {
        Ok(_) => Ok(true),
        Err(StoreError::Io { err, .. }) if err.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Lines of the inbox (as written, without line ends), in order, and the
/// time of the commit that added each (None for a line not committed), as
/// far as git knows: asked only when a note has no time of its own.
pub type CommitTimes<'a> = &'a dyn Fn() -> Vec<(String, Option<DateTime<FixedOffset>>)>;

/// Takes the inbox (see the module's comment for how). A dry run writes
/// nothing. A line that cannot be placed is never an error: it stays.
pub fn take(
    vault: &Vault,
    clock: &Clock,
    commit_times: CommitTimes<'_>,
    dry_run: bool,
) -> Result<Taken> {
    let path = path(vault);
    let _one = if dry_run {
        None
    } else {
        Some(VaultLock::inbox(vault)?)
    };
    let tmp = vault.state_dir().join("tmp");
    if !dry_run && !recover(vault, &path)? {
        // The old inbox ends in a line still being written: not now.
        return Ok(Taken::default());
    }
    let mut files: Vec<String> = Vec::new();
    for _ in 0..20 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(StoreError::Refused(format!(
                    "{} is a symbolic link; ties never writes through links",
                    path.display()
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Taken::default()),
            Err(e) => return Err(StoreError::io("read", &path)(e)),
        }
        let file = File::open(&path).map_err(StoreError::io("read", &path))?;
        let bytes = fsutil::read_open_limited(&file).map_err(StoreError::io("read", &path))?;
        if bytes.len() as u64 > crate::store::parse::MAX_FILE_BYTES {
            return Err(StoreError::Refused(format!(
                "{} is too large to read; nothing was taken",
                path.display()
            )));
        }
        let text = Text::of(&bytes);
        if let Some(n) = conflict_marker(&text) {
            return Err(StoreError::Refused(format!(
                "{} has a merge conflict marker on line {n}; keep the lines you want, delete the markers, then run `ties inbox` again",
                path.display()
            )));
        }
        let pending = if dry_run {
            Pending::default()
        } else {
            read_pending(vault)
        };
        let quiet = file
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(quiet_since);
        let plan = plan(vault, clock, &text, quiet, &pending, commit_times)?;
        let mut taken = Taken {
            left: plan.left.clone(),
            ..Taken::default()
        };
        if dry_run {
            taken.taken = plan.notes.into_iter().map(|n| n.took).collect();
            return Ok(taken);
        }
        if plan.new_text == bytes {
            return Ok(taken);
        }
        write_pending(vault, &plan.notes, bytes.len() as u64)?;
        let mut not_placed: Vec<(usize, String)> = Vec::new();
        // One locked write per person, all its notes at once.
        let mut by_person: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, n) in plan.notes.iter().enumerate() {
            match by_person.iter_mut().find(|(s, _)| *s == n.took.slug) {
                Some((_, notes)) => notes.push(i),
                None => by_person.push((&n.took.slug, vec![i])),
            }
        }
        for (slug, notes) in by_person {
            let entries: Vec<NewEntry> =
                notes.iter().map(|&i| plan.notes[i].entry.clone()).collect();
            match write::log_all(vault, slug, &entries, |p| missing(p, &entries)) {
                Ok(0) => {}
                Ok(_) => files.push(slug.to_string()),
                Err(e) => not_placed.extend(notes.iter().map(|&i| (i, e.to_string()))),
            }
        }
        let refused: HashSet<usize> = not_placed.iter().map(|(i, _)| *i).collect();
        taken.taken = (plan.notes.iter().enumerate())
            .filter(|(i, _)| !refused.contains(i))
            .map(|(_, n)| n.took.clone())
            .collect();
        // A file that refused its entry (it does not parse): the line stays.
        let new_text = if not_placed.is_empty() {
            plan.new_text
        } else {
            let (mut placed, mut why) = (plan.placed, plan.why);
            for (i, reason) in not_placed {
                let n = &plan.notes[i];
                placed.remove(&n.at_line);
                why.insert(n.at_line, reason.clone());
                taken.left.push(Left {
                    line: n.took.line.clone(),
                    why: reason,
                });
            }
            rebuild(&text, &placed, &why)
        };
        let mode = file
            .metadata()
            .map(|m| crate::store::perms::private(m.permissions().mode()))
            .unwrap_or(0o600);
        let ino = file
            .metadata()
            .map_err(StoreError::io("read", &path))?
            .ino();
        let still_same =
            || {
                Ok(fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.file_type().is_file() && m.ino() == ino))
            };
        let link = old_link(vault);
        let landed = {
            // No merge rewrites the inbox between the check and the rename.
            let _vault = VaultLock::shared(vault)?;
            // The old file stays reachable until its tail is carried over,
            // even if this run is killed right after the rename.
            // (Where no link can be made, `.ties` on another disk, the run
            // goes on without.)
            remove_old_link(vault);
            let linked = match fs::hard_link(&path, &link) {
                Ok(()) => fs::symlink_metadata(&link).is_ok_and(|m| m.ino() == ino),
                Err(_) => true,
            };
            let land = Land::Replace {
                still_same: &still_same,
            };
            linked && fsutil::write_atomic_with(&path, &new_text, &tmp, Some(mode), land)?
        };
        if landed {
            let mut upto = bytes.len() as u64;
            for _ in 0..100 {
                match carry(vault, &path, &file, upto, false)? {
                    n if n == upto => break,
                    n => upto = n,
                }
            }
            // Recorded before the pending file goes: a kill in between
            // leaves the length read, never nothing.
            fsutil::write_atomic(
                &old_read_file(vault),
                upto.to_string().as_bytes(),
                &tmp,
                Some(0o600),
            )?;
            clear_pending(vault);
            taken.files = files;
            taken.rewritten = true;
            return Ok(taken);
        }
        // Replaced meanwhile (a `git pull`): take the new file; what is
        // already logged is found in its file and not logged again.
        remove_old_link(vault);
    }
    Err(StoreError::Refused(format!(
        "{} kept changing while ties took it; try again",
        path.display()
    )))
}

/// Which of a person's entries to write (by index): k copies of an entry
/// (same time, via and text) want k in the file, and only those missing
/// are written, so a run finishing a stopped one writes nothing twice.
fn missing(person: &crate::model::Person, entries: &[NewEntry]) -> Vec<usize> {
    type Key<'a> = (DateTime<FixedOffset>, &'a str, &'a str);
    let mut there: HashMap<Key<'_>, usize> = HashMap::new();
    for e in &person.log {
        if let When::Zoned(at) = e.at {
            *there.entry((at, &e.via, &e.text)).or_default() += 1;
        }
    }
    let mut wanted: HashMap<Key<'_>, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let key = (e.at, e.via.as_str(), e.text.as_str());
        let nth = wanted.entry(key).or_default();
        *nth += 1;
        if *nth > there.get(&key).copied().unwrap_or(0) {
            out.push(i);
        }
    }
    out
}

/// A note placed: its line (0-based), what is reported, the entry to write.
struct Planned {
    at_line: usize,
    took: Took,
    entry: NewEntry,
}

/// What a run will do with the inbox's text.
struct Plan {
    notes: Vec<Planned>,
    left: Vec<Left>,
    /// Lines placed (by number), to drop from the inbox.
    placed: HashSet<usize>,
    /// Why each line left stays, by number.
    why: HashMap<usize, String>,
    /// The inbox once the placed lines are out.
    new_text: Vec<u8>,
}

/// How long the inbox must have been left alone before a last line without
/// its line end is taken: until then it may be half written.
pub const QUIET: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether a file last changed at `mtime` has been quiet long enough.
fn quiet_since(mtime: std::time::SystemTime) -> bool {
    match std::time::SystemTime::now().duration_since(mtime) {
        Ok(d) => d >= QUIET,
        // In the future by more than a clock's wobble: it will never quiet.
        Err(e) => e.duration() > QUIET,
    }
}

/// `quiet`: whether the file has been left alone for [`QUIET`]; if not, a
/// last line without its line end is left as it is (it may be half
/// written), unless git has it committed.
fn plan(
    vault: &Vault,
    clock: &Clock,
    text: &Text<'_>,
    quiet: bool,
    pending: &Pending,
    commit_times: CommitTimes<'_>,
) -> Result<Plan> {
    let mut index: Option<Index> = None;
    let mut blame = Blame {
        asked: commit_times,
        by_line: None,
    };
    let mut names: HashMap<String, String> = HashMap::new();
    let mut notes = Vec::new();
    let mut left = Vec::new();
    let mut placed = HashSet::new();
    let mut why_not: HashMap<usize, String> = HashMap::new();
    // Copies of a line seen so far: the n-th copy gets the n-th time.
    let mut copies: HashMap<&str, usize> = HashMap::new();
    let mut pending_copies: HashMap<&str, usize> = HashMap::new();
    for (i, kind) in text.kinds().into_iter().enumerate() {
        let (raw, l) = (text.raws[i], &*text.shown[i]);
        let copy = {
            let c = copies.entry(l.trim()).or_default();
            *c += 1;
            *c - 1
        };
        if !quiet && !ends_line(raw) && blame.at(l, copy).is_none() {
            // Maybe half written: taken once finished, or once quiet.
            continue;
        }
        let note = match kind {
            // Never rewritten, never guessed at: the bytes stay as they are.
            Line::Note(_) if text.not_utf8(i) => {
                why_not.insert(
                    i,
                    "this line is not UTF-8 text; retype it (it stays as it is)".into(),
                );
                continue;
            }
            Line::Note(n) => n,
            Line::Bad(why) => {
                why_not.insert(i, why);
                continue;
            }
            _ => continue,
        };
        // Where it goes.
        let slug = match crate::resolve::fast(vault, note.who) {
            Some(s) => Ok(s),
            None => {
                if index.is_none() {
                    index = Some(Index::load(vault, false, None)?);
                }
                match index.as_ref().map(|i| resolve_in(i, note.who)) {
                    Some(Resolved::One(s)) => Ok(s),
                    Some(Resolved::Many(c)) => {
                        let shown: Vec<String> = c
                            .iter()
                            .take(4)
                            .map(|(s, n, _)| format!("{n} ({s})"))
                            .collect();
                        Err(format!(
                            "`{}` could be {} people: {}; write more of the name",
                            note.who,
                            c.len(),
                            shown.join(", ")
                        ))
                    }
                    _ => Err(format!(
                        "no one is called `{}`; fix the name, or add them with `ties add`",
                        note.who
                    )),
                }
            }
        };
        let slug = match slug {
            Ok(s) => s,
            Err(why) => {
                why_not.insert(i, why);
                continue;
            }
        };
        // When.
        let pending_copy = {
            let c = pending_copies.entry(l).or_default();
            *c += 1;
            *c - 1
        };
        let at = if let Some(at) = pending.times.get(l).and_then(|t| t.get(pending_copy)) {
            *at
        } else if let Some(t) = &note.time {
            match clock.parse_entry_time(t) {
                Ok(at) => at,
                Err(_) => {
                    why_not.insert(
                        i,
                        format!(
                            "`{t}` is not a time; write it like 2026-11-23 14:05 or 2026-11-23"
                        ),
                    );
                    continue;
                }
            }
        } else {
            blame.at(l, copy).unwrap_or(clock.now)
        };
        // Whole seconds: what a person file keeps, so a second run compares equal.
        let at = at.with_nanosecond(0).unwrap_or(at);
        let name = match names.get(&slug) {
            Some(n) => n.clone(),
            None => match vault.read(&slug) {
                Ok(loaded) => {
                    names.insert(slug.clone(), loaded.person.name.clone());
                    loaded.person.name
                }
                Err(e) => {
                    why_not.insert(i, e.to_string());
                    continue;
                }
            },
        };
        let via = note.via.unwrap_or(DEFAULT_VIA).to_lowercase();
        let entry = NewEntry {
            at,
            via: via.clone(),
            text: note.text.to_string(),
            ask: Vec::new(),
            asked: Vec::new(),
            private: false,
            why: None,
            with: Vec::new(),
        };
        placed.insert(i);
        notes.push(Planned {
            at_line: i,
            took: Took {
                line: l.to_string(),
                slug,
                name,
                at: at.to_rfc3339_opts(SecondsFormat::Secs, false),
                via,
                text: note.text.to_string(),
            },
            entry,
        });
    }
    for (i, shown) in text.shown.iter().enumerate() {
        if let Some(why) = why_not.get(&i) {
            left.push(Left {
                line: shown.to_string(),
                why: why.clone(),
            });
        }
    }
    let new_text = rebuild(text, &placed, &why_not);
    Ok(Plan {
        notes,
        left,
        placed,
        why: why_not,
        new_text,
    })
}

/// The commit times of the inbox's lines, asked of git once, when needed.
struct Blame<'a> {
    asked: CommitTimes<'a>,
    by_line: Option<HashMap<String, Vec<Option<DateTime<FixedOffset>>>>>,
}

impl Blame<'_> {
    /// When the `copy`-th copy (from 0) of this line was committed.
    fn at(&mut self, line: &str, copy: usize) -> Option<DateTime<FixedOffset>> {
        let asked = self.asked;
        let by_line = self.by_line.get_or_insert_with(|| {
            let mut by_line: HashMap<String, Vec<_>> = HashMap::new();
            for (line, at) in asked() {
                by_line.entry(line.trim().to_string()).or_default().push(at);
            }
            by_line
        });
        by_line.get(line.trim())?.get(copy).copied().flatten()
    }
}

/// The inbox as read: its lines as bytes, and as text to read them by.
struct Text<'a> {
    bytes: &'a [u8],
    /// Each line with its line end (the last may have none).
    raws: Vec<&'a [u8]>,
    /// Each line without its line end, as text; a line that is not UTF-8
    /// is decoded lossily here, only to be read and shown, never written.
    shown: Vec<std::borrow::Cow<'a, str>>,
}

impl<'a> Text<'a> {
    fn of(bytes: &'a [u8]) -> Text<'a> {
        let raws: Vec<&[u8]> = lines(bytes).collect();
        let shown = raws
            .iter()
            .map(|r| String::from_utf8_lossy(body(r)))
            .collect();
        Text { bytes, raws, shown }
    }

    fn kinds(&self) -> Vec<Line<'_>> {
        line::read_all(&self.shown.iter().map(|s| &**s).collect::<Vec<_>>())
    }

    fn not_utf8(&self, i: usize) -> bool {
        matches!(self.shown[i], std::borrow::Cow::Owned(_))
    }

    fn contains(&self, needle: &[u8]) -> bool {
        self.bytes.windows(needle.len()).any(|w| w == needle)
    }
}

/// A line without its line end.
fn body(raw: &[u8]) -> &[u8] {
    let mut b = raw;
    while let Some(rest) = b.strip_suffix(b"\n").or_else(|| b.strip_suffix(b"\r")) {
        b = rest;
    }
    b
}

/// The lines of a text, each with its line end (the last may have none).
/// A line ends at LF, CRLF, or a lone CR (old Mac style, some phone apps).
fn lines(b: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let from = start;
        let mut i = from;
        while i < b.len() {
            match b[i] {
                b'\n' => break,
                b'\r' if b.get(i + 1) != Some(&b'\n') => break,
                _ => i += 1,
            }
        }
        start = (i + 1).min(b.len());
        b.get(from..start)
    })
}

/// Whether a line has its line end.
fn ends_line(raw: &[u8]) -> bool {
    raw.ends_with(b"\n") || raw.ends_with(b"\r")
}

/// The inbox without the placed lines (by number), each line left followed
/// by a comment saying why, and none of ties's older comments. The very
/// same text when there is nothing to change, so a second run writes nothing.
fn rebuild(text: &Text<'_>, placed: &HashSet<usize>, why: &HashMap<usize, String>) -> Vec<u8> {
    let eol: &[u8] = if text.contains(b"\r\n") {
        b"\r\n"
    } else if text.contains(b"\r") && !text.contains(b"\n") {
        b"\r"
    } else {
        b"\n"
    };
    let mut out = Vec::with_capacity(text.bytes.len());
    let mut dirty = false;
    for (i, kind) in text.kinds().into_iter().enumerate() {
        let raw = text.raws[i];
        if kind == Line::Ours {
            dirty = true;
            continue;
        }
        if matches!(kind, Line::Note(_)) && placed.contains(&i) {
            dirty = true;
            continue;
        }
        out.extend_from_slice(raw);
        if let Some(why) = why.get(&i) {
            if !ends_line(raw) {
                out.extend_from_slice(eol);
            }
            // A comment that cannot end early, on one line.
            let why = why.replace("--", "-").replace(['\n', '\r'], " ");
            out.extend_from_slice(format!("{OURS_START}{why}{OURS_END}").as_bytes());
            out.extend_from_slice(eol);
            dirty = true;
        }
    }
    if !dirty {
        return text.bytes.to_vec();
    }
    // Blank lines left at the end by lines taken from there go too.
    let two = [eol, eol].concat();
    while out.ends_with(&two) {
        out.truncate(out.len() - eol.len());
    }
    if out.iter().all(u8::is_ascii_whitespace) {
        out.clear();
    }
    out
}

/// The line (1-based) of the first git conflict marker, when the text holds
/// both an opening and a closing one (a lone `=======` may be a heading).
fn conflict_marker(text: &Text<'_>) -> Option<usize> {
    let at = |m: &str| text.shown.iter().position(|l| l.starts_with(m));
    let open = at("<<<<<<<")?;
    at(">>>>>>>")?;
    Some(open + 1)
}

/// The old inbox, kept by a run between its rename and the carry-over.
fn old_link(vault: &Vault) -> PathBuf {
    vault.state_dir().join("inbox-old")
}

/// How far the last run carried the old inbox over.
fn old_read_file(vault: &Vault) -> PathBuf {
    vault.state_dir().join("inbox-old-read")
}

fn remove_old_link(vault: &Vault) {
    let _ = fs::remove_file(old_link(vault));
    let _ = fs::remove_file(old_read_file(vault));
}

/// What was written to the old inbox after the last run carried it over
/// (a slow writer), or after it was read (a run killed before its
/// carry-over), goes into the inbox. False when the old inbox ends in a
/// line still being written: it is left for a later run.
fn recover(vault: &Vault, path: &std::path::Path) -> Result<bool> {
    let Ok(old) = File::open(old_link(vault)) else {
        return Ok(true);
    };
    let old_ino = old.metadata().map(|m| m.ino()).ok();
    if fs::symlink_metadata(path).ok().map(|m| m.ino()) == old_ino {
        // Killed before the rename: the inbox is the old file, whole.
        remove_old_link(vault);
        return Ok(true);
    }
    let carried = fs::read_to_string(old_read_file(vault))
        .ok()
        .and_then(|s| s.trim().parse().ok());
    if let Some(from) = carried.or(read_pending(vault).read) {
        let quiet = old
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(quiet_since);
        let upto = carry(vault, path, &old, from, quiet)?;
        let len = old.metadata().map_err(StoreError::io("read", path))?.len();
        if upto < len {
            fsutil::write_atomic(
                &old_read_file(vault),
                upto.to_string().as_bytes(),
                &vault.state_dir().join("tmp"),
                Some(0o600),
            )?;
            clear_pending(vault);
            return Ok(false);
        }
    }
    remove_old_link(vault);
    // The run's rename landed: its lines are out of the inbox.
    clear_pending(vault);
    Ok(true)
}

/// Appends to the inbox the whole lines written to `old` after `from`, as
/// the program that wrote them meant, in one `O_APPEND` write (so no other
/// appender's line is cut; the end of a line the inbox kept half written
/// joins its start). A last line without its end is carried only
/// when `quiet`, with a line end. Returns how far `old` is carried.
fn carry(vault: &Vault, path: &std::path::Path, old: &File, from: u64, quiet: bool) -> Result<u64> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let tail = fsutil::read_tail(old, from).map_err(StoreError::io("read", path))?;
    let whole = tail
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let mut add = tail[..whole].to_vec();
    if quiet && whole < tail.len() {
        add.extend_from_slice(&tail[whole..]);
        add.push(b'\n');
    }
    if add.is_empty() {
        return Ok(from);
    }
    // No merge replaces the inbox meanwhile.
    let _vault = VaultLock::shared(vault)?;
    let mut inbox = fs::OpenOptions::new()
        .append(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(StoreError::io("write", path))?;
    inbox
        .write_all(&add)
        .map_err(StoreError::io("write", path))?;
    Ok(from
        + whole as u64
        + if quiet {
            (tail.len() - whole) as u64
        } else {
            0
        })
}

fn pending_file(vault: &Vault) -> PathBuf {
    vault.state_dir().join("inbox-taking")
}

/// What a run that did not finish recorded.
#[derive(Default)]
struct Pending {
    /// The times it chose, by line: the n-th copy of a line, the n-th time.
    times: HashMap<String, Vec<DateTime<FixedOffset>>>,
    /// How much of the inbox it read.
    read: Option<u64>,
}

fn read_pending(vault: &Vault) -> Pending {
    let mut pending = Pending::default();
    let Ok(text) = fs::read_to_string(pending_file(vault)) else {
        return pending;
    };
    for l in text.lines() {
        let Some((at, line)) = l.split_once('\t') else {
            continue;
        };
        if at == "read" {
            pending.read = line.parse().ok();
        } else if let Ok(at) = DateTime::parse_from_rfc3339(at) {
            pending.times.entry(line.to_string()).or_default().push(at);
        }
    }
    pending
}

fn write_pending(vault: &Vault, notes: &[Planned], read: u64) -> Result<()> {
    let mut text = format!("read\t{read}\n");
    for n in notes {
        text.push_str(&format!(
            "{}\t{}\n",
            n.entry.at.to_rfc3339_opts(SecondsFormat::Secs, false),
            n.took.line
        ));
    }
    fsutil::write_atomic(
        &pending_file(vault),
        text.as_bytes(),
        &vault.state_dir().join("tmp"),
        Some(0o600),
    )
}

fn clear_pending(vault: &Vault) {
    let _ = fs::remove_file(pending_file(vault));
}
