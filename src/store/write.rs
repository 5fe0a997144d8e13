//! Every change ties makes to a person file. Each one runs under the person's
//! lock, applies to the content on disk at that moment, is checked to parse
//! before it lands, and lands atomically. New log entries and todos are text
//! appended at the end, so `git diff` shows only added lines; other edits go
//! through `toml_edit`, which keeps comments, layout and unknown keys.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::str::FromStr;

pub use super::tomlput::toml_string;
pub(crate) use super::tomlput::{nth_table_mut, set_keep_decor};

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::fsutil::{self, Land};
use super::{Loaded, Result, StoreError, Vault, parse_loaded};
use crate::model::{Person, Todo, fold_ask, is_sealed};

/// Opens a lock file under `.ties/locks/`, never through a symbolic link.
fn lock_file(vault: &Vault, name: &str) -> Result<(File, std::path::PathBuf)> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = vault.state_dir().join("locks");
    fsutil::create_private_dir(&dir)?;
    let path = dir.join(name);
    // Non-blocking: a FIFO planted there must not hang the open.
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)
        .map_err(StoreError::io("open the lock", &path))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(StoreError::Refused(format!(
            "{} is not a plain file; remove it and try again",
            path.display()
        )));
    }
    Ok((file, path))
}

/// Holds the lock on one person's file for as long as it lives, so two ties
/// processes never interleave their read-modify-write of the same file.
pub struct PersonLock {
    _file: File,
}

impl PersonLock {
    pub fn acquire(vault: &Vault, slug: &str) -> Result<PersonLock> {
        let (file, path) = lock_file(vault, &format!("{slug}.lock"))?;
        file.lock().map_err(StoreError::io("lock", &path))?;
        Ok(PersonLock { _file: file })
    }
}

/// How long a writer waits for a sync's merge to finish before giving up
/// (saying so; nothing is written). A merge is local work: seconds at most.
const MERGE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The vault-wide lock between writers and git. Every writer (and every
/// commit of a save) holds it shared while it changes working files; `ties
/// sync` holds it exclusive while git may rewrite working files (commit of
/// pending changes, merge). So git never rewrites a file a writer is in the
/// middle of changing, and a writer never lands a file under a merge.
pub struct VaultLock {
    _file: File,
}

impl VaultLock {
    /// Shared: many writers at once, none while a sync merges.
    pub fn shared(vault: &Vault) -> Result<VaultLock> {
        let (file, path) = lock_file(vault, "vault.lock")?;
        let until = std::time::Instant::now() + MERGE_WAIT;
        loop {
            match file.try_lock_shared() {
                Ok(()) => return Ok(VaultLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Refused(format!(
                        "a `ties sync` has been merging in {} for over a minute; nothing was written, try again once it is done",
                        vault.root().display()
                    )));
                }
                Err(fs::TryLockError::Error(e)) => return Err(StoreError::io("lock", &path)(e)),
            }
        }
    }

    /// Exclusive: waits for every writer in progress to finish. Programs
    /// started while it is held (git merging, its merge driver) inherit the
    /// lock, so a `ties sync` killed mid-merge leaves it held until the git
    /// it started has finished rewriting files, not a moment less.
    pub fn exclusive(vault: &Vault) -> Result<VaultLock> {
        use std::os::fd::AsRawFd;
        let (file, path) = lock_file(vault, "vault.lock")?;
        file.lock().map_err(StoreError::io("lock", &path))?;
        // SAFETY: fcntl on a descriptor this function owns; no memory shared.
        let inherit = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFD, 0) };
        if inherit != 0 {
            return Err(StoreError::io("lock", &path)(
                std::io::Error::last_os_error(),
            ));
        }
        Ok(VaultLock { _file: file })
    }

    /// One taker of `inbox.md` at a time, from its first read to its rewrite.
    pub fn inbox(vault: &Vault) -> Result<VaultLock> {
        let (file, path) = lock_file(vault, "inbox.lock")?;
        file.lock().map_err(StoreError::io("lock", &path))?;
        Ok(VaultLock { _file: file })
    }

    /// One `ties sync` at a time per vault (fetch and push included).
    pub fn sync(vault: &Vault) -> Result<VaultLock> {
        let (file, path) = lock_file(vault, "sync.lock")?;
        file.lock().map_err(StoreError::io("lock", &path))?;
        Ok(VaultLock { _file: file })
    }
}

/// A log entry to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub at: DateTime<FixedOffset>,
    pub via: String,
    pub text: String,
    pub ask: Vec<String>,
    /// The open asks this conversation covered (their text). Written as
    /// `asked = [...]` whenever the person has open asks (empty when none
    /// was covered), so the file says they stay open.
    pub asked: Vec<String>,
    pub private: bool,
    pub why: Option<String>,
    /// The others at a shared meeting (slugs), written as `with = [...]`.
    pub with: Vec<String>,
}

/// A person to add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub org: Option<String>,
    pub role: Option<String>,
    pub email: Vec<String>,
    pub phone: Vec<String>,
    pub tags: Vec<String>,
    pub cadence: Option<String>,
    /// 1980-03-14, or --03-14 (03-14) when the year is not known.
    pub birthday: Option<String>,
}

/// A field of a new person that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadField {
    /// "name", "cadence" or "birthday".
    pub field: &'static str,
    pub reason: String,
}

impl NewPerson {
    /// Checks what both faces check before adding a person; the birthday
    /// as it will be written.
    pub fn check(&self) -> std::result::Result<Option<crate::model::YearDay>, BadField> {
        let bad = |field, reason: String| Err(BadField { field, reason });
        let name = self.name.trim();
        if name.is_empty() {
            return bad("name", "the name is empty".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return bad(
                "name",
                format!("the name is longer than {MAX_NAME_CHARS} characters"),
            );
        }
        if name.chars().any(char::is_control) {
            return bad(
                "name",
                "the name contains control characters (such as a line break)".into(),
            );
        }
        if let Some(c) = &self.cadence
            && crate::model::Cadence::parse(c).is_none()
        {
            return bad(
                "cadence",
                format!("`{c}` is not a cadence (write it like 30d, 2w, 3m or 1y)"),
            );
        }
        match self.birthday.as_deref().map(str::trim) {
            Some(b) if !b.is_empty() => match crate::model::YearDay::parse(b) {
                Some(d) => Ok(Some(d)),
                None => bad(
                    "birthday",
                    format!(
                        "`{b}` is not a birthday (write it like 1980-03-14, or --03-14 without the year)"
                    ),
                ),
            },
            _ => Ok(None),
        }
    }
}

/// The longest name ties accepts for a new person.
pub const MAX_NAME_CHARS: usize = 200;

/// Adds a person, choosing a free file name (`ana-lima`, then `ana-lima-2`...).
/// Returns the slug.
pub fn add_person(vault: &Vault, p: &NewPerson) -> Result<String> {
    let birthday = p.check().map_err(|bad| StoreError::Refused(bad.reason))?;
    let name = p.name.trim();
    let mut text = format!("name = {}\n", toml_string(name));
    let mut field = |key: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            text.push_str(&format!("{key} = {}\n", toml_string(v)));
        }
    };
    field("org", &p.org);
    field("role", &p.role);
    for (key, list) in [("email", &p.email), ("phone", &p.phone), ("tags", &p.tags)] {
        if !list.is_empty() {
            text.push_str(&format!("{key} = {}\n", toml_list(list)));
        }
    }
    if let Some(c) = &p.cadence {
        text.push_str(&format!("cadence = {}\n", toml_string(c.trim())));
    }
    if let Some(b) = birthday {
        text.push_str(&format!("birthday = {}\n", toml_string(&b.to_string())));
    }
    let base = crate::fold::slugify(name);
    let _sync = VaultLock::shared(vault)?;
    let tmp = vault.state_dir().join("tmp");
    for n in 1..=1000 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        parse_loaded(&slug, text.as_bytes())?;
        let path = vault.file_of(&slug);
        if fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match fsutil::write_atomic_with(&path, text.as_bytes(), &tmp, Some(0o600), Land::CreateNew)
        {
            Ok(_) => {
                super::journal::record(vault, &slug, None, text.as_bytes());
                return Ok(slug);
            }
            Err(StoreError::Io { err, .. }) if err.kind() == io::ErrorKind::AlreadyExists => {
                continue;
            }
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Refused(format!(
        "there are already 1000 files named like {}",
        Vault::rel(&base)
    )))
}

/// Appends a log entry at the end of the person's file.
pub fn log(vault: &Vault, slug: &str, e: &NewEntry) -> Result<Person> {
    let entry = EntryFields::new(vault, e)?;
    let loaded = append_table(
        vault,
        slug,
        "log",
        |cur| entry.for_file(cur),
        |before, after| after.log.len() == before.log.len() + 1,
    )?;
    let mut person = loaded.person;
    super::crypt::open_person(&mut person);
    Ok(person)
}

/// Appends several log entries to one person in one locked write (the
/// inbox's batch). `pick` chooses, from the file as it is under the lock,
/// which of `entries` (by index, in order) to append. Returns how many were.
pub fn log_all(
    vault: &Vault,
    slug: &str,
    entries: &[NewEntry],
    pick: impl Fn(&Person) -> Vec<usize>,
) -> Result<usize> {
    let fields = entries
        .iter()
        .map(|e| EntryFields::new(vault, e))
        .collect::<Result<Vec<_>>>()?;
    // Nothing to add (a run finishing a stopped one): no write at all.
    if pick(&vault.read(slug)?.person).is_empty() {
        return Ok(0);
    }
    let added = std::cell::Cell::new(0);
    append_tables(
        vault,
        slug,
        "log",
        |cur| {
            let chosen = pick(cur);
            added.set(chosen.len());
            chosen
                .into_iter()
                .filter_map(|i| fields.get(i).map(|f| f.for_file(cur)))
                .collect()
        },
        |before, after| after.log.len() == before.log.len() + added.get(),
    )?;
    Ok(added.get())
}

/// A log entry's fields, ready to append.
struct EntryFields<'e> {
    fields: Vec<(&'static str, Value)>,
    asked: Vec<&'e str>,
    /// In a vault that encrypts, each tick's words sealed, for a tick that
    /// matches no ask left in the file: never written in the clear.
    asked_sealed: Vec<Option<String>>,
    contact: bool,
}

impl<'e> EntryFields<'e> {
    fn new(vault: &Vault, e: &'e NewEntry) -> Result<EntryFields<'e>> {
        if e.text.trim().is_empty() {
            return Err(StoreError::Refused("the note is empty".into()));
        }
        let at = toml_edit::Datetime::from_str(&e.at.to_rfc3339_opts(SecondsFormat::Secs, false))
            .map_err(|_| out_of_range(&e.at.date_naive().to_string()))?;
        // In a vault that encrypts, a private entry's words are written sealed
        // (or not at all: a broken recipients file refuses the save).
        let sealer = match e.private {
            true => super::crypt::recipients(vault)?,
            false => None,
        };
        let value = |s: &str| -> Result<Value> {
            Ok(match &sealer {
                Some(to) => Value::from(super::crypt::seal(s, to)?),
                None => Value::from(s),
            })
        };
        let mut fields: Vec<(&'static str, Value)> = vec![
            ("at", Value::from(at)),
            ("via", Value::from(e.via.trim())),
            ("text", value(&e.text)?),
        ];
        let asks: Vec<&str> = e
            .ask
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !asks.is_empty() {
            let sealed: Vec<Value> = asks.iter().map(|a| value(a)).collect::<Result<_>>()?;
            fields.push(("ask", Value::Array(sealed.into_iter().collect())));
        }
        if e.private {
            fields.push(("private", Value::from(true)));
        }
        if let Some(why) = e.why.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            fields.push(("why", Value::from(why)));
        }
        if !e.with.is_empty() {
            fields.push(("with", Value::Array(e.with.iter().collect())));
        }
        let asked: Vec<&str> = e
            .asked
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let contact = !e.via.trim().eq_ignore_ascii_case("note");
        let tick_sealer = match asked.iter().any(|a| !is_sealed(a)) {
            true => super::crypt::recipients(vault)?,
            false => None,
        };
        let asked_sealed = asked
            .iter()
            .map(|a| match &tick_sealer {
                Some(to) if !is_sealed(a) => super::crypt::seal(a, to).map(Some),
                _ => Ok(None),
            })
            .collect::<Result<_>>()?;
        Ok(EntryFields {
            fields,
            asked,
            asked_sealed,
            contact,
        })
    }

    fn for_file(&self, cur: &Person) -> Vec<(&'static str, Value)> {
        let mut f = self.fields.clone();
        // Decided on the file as it is under the lock: a contact with open
        // asks records which it covered, so the rest stay open.
        if !self.asked.is_empty() || (self.contact && !cur.pending_asks().is_empty()) {
            // An ask sealed in the file is ticked with its sealed words.
            let ticks = super::crypt::ticks_for(cur, &self.asked);
            let asks: Vec<String> = cur
                .log
                .iter()
                .flat_map(|e| &e.ask)
                .map(|a| fold_ask(a))
                .collect();
            let ticks = ticks
                .into_iter()
                .zip(&self.asked_sealed)
                .map(|(t, sealed)| {
                    match sealed {
                        // Still in the clear and no plain ask says so: sealed.
                        Some(s) if !is_sealed(&t) && !asks.contains(&fold_ask(&t)) => s.clone(),
                        _ => t,
                    }
                });
            f.push(("asked", Value::Array(ticks.collect())));
        }
        f
    }
}

/// Adds an open loop at the end of the file. Returns the new todo.
pub fn add_todo(vault: &Vault, slug: &str, text: &str, due: Option<NaiveDate>) -> Result<Todo> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Refused("the todo is empty".into()));
    }
    let mut fields: Vec<(&str, Value)> = vec![("text", Value::from(text))];
    if let Some(d) = due {
        let due = toml_edit::Datetime::from_str(&d.to_string())
            .map_err(|_| out_of_range(&d.to_string()))?;
        fields.push(("due", Value::from(due)));
    }
    fields.push(("done", Value::from(false)));
    let loaded = append_table(
        vault,
        slug,
        "todo",
        |_| fields.clone(),
        |before, after| after.todos.len() == before.todos.len() + 1,
    )?;
    loaded
        .person
        .todos
        .last()
        .cloned()
        .ok_or_else(|| StoreError::Refused("the todo was not added".into()))
}

/// TOML dates hold the years 0 to 9999; a date past them cannot be written.
pub(super) fn out_of_range(date: &str) -> StoreError {
    StoreError::Refused(format!(
        "{date} is outside the years 0 to 9999 a person file can hold"
    ))
}

/// Marks todo number `n` (1-based, file order) done.
pub fn mark_done(vault: &Vault, slug: &str, n: usize) -> Result<Todo> {
    set_done_if(vault, slug, n, true, |_| true)
}

/// Opens a done todo again: its `done` key goes, as if never set.
pub fn reopen(vault: &Vault, slug: &str, n: usize) -> Result<Todo> {
    set_done_if(vault, slug, n, false, |_| true)
}

/// Marks todo `n` done (or open again), if it is still the todo `still`
/// accepts: checked under the lock, with the file as it is then, so a sync
/// that reorders the todos meanwhile never gets the wrong one changed.
pub fn set_done_if(
    vault: &Vault,
    slug: &str,
    n: usize,
    done: bool,
    still: impl Fn(&Todo) -> bool,
) -> Result<Todo> {
    let loaded = update(vault, slug, |cur| {
        let count = cur.person.todos.len();
        let Some(todo) = n.checked_sub(1).and_then(|i| cur.person.todos.get(i)) else {
            return Err(StoreError::Refused(match count {
                0 => format!("{} has no todos", cur.person.name),
                1 => format!("{} has 1 todo; there is no todo {n}", cur.person.name),
                _ => format!(
                    "{} has {count} todos; there is no todo {n}",
                    cur.person.name
                ),
            }));
        };
        if !still(todo) {
            return Err(StoreError::Refused(format!(
                "the todos of {} changed since they were shown; nothing was changed",
                cur.person.name
            )));
        }
        if todo.done == done {
            return Err(StoreError::Refused(format!(
                "todo {n} of {} is {}: {}",
                cur.person.name,
                if done { "already done" } else { "open" },
                todo.text
            )));
        }
        let mut doc =
            DocumentMut::from_str(&cur.text).map_err(|e| StoreError::Refused(e.to_string()))?;
        let t = nth_table_mut(doc.as_table_mut(), "todo", n - 1).ok_or_else(|| {
            StoreError::Refused(format!("todo {n} of {} is not a table", cur.person.name))
        })?;
        if done {
            set_keep_decor(t, "done", Value::from(true));
        } else {
            t.remove("done");
        }
        Ok(doc.to_string())
    })?;
    loaded
        .person
        .todos
        .get(n - 1)
        .cloned()
        .ok_or_else(|| StoreError::Refused(format!("there is no todo {n}")))
}

/// Sets one `[about]` fact, creating the table when the file has none.
pub fn set_about(vault: &Vault, slug: &str, key: &str, value: &str) -> Result<Person> {
    let key = key.trim();
    if key.is_empty() {
        return Err(StoreError::Refused("the fact has no name".into()));
    }
    let loaded = update(vault, slug, |cur| {
        let mut doc =
            DocumentMut::from_str(&cur.text).map_err(|e| StoreError::Refused(e.to_string()))?;
        let root = doc.as_table_mut();
        if !root.contains_key("about") {
            root.insert("about", Item::Table(Table::new()));
        }
        let about = root["about"]
            .as_table_like_mut()
            .ok_or_else(|| StoreError::Refused("`about` is not a table".into()))?;
        set_keep_decor(about, key, Value::from(value));
        Ok(doc.to_string())
    })?;
    Ok(loaded.person)
}

/// Replaces the whole text of a person file after a hand edit, but only if
/// the file still holds `before`. The current text need not parse: a hand
/// edit is how a broken file gets fixed. `after` must parse.
pub fn replace_text(vault: &Vault, slug: &str, before: &[u8], after: &str) -> Result<()> {
    write_loop(vault, slug, true, |bytes| {
        if bytes != before {
            return Err(StoreError::ChangedMeanwhile(Vault::rel(slug)));
        }
        Ok(after.to_string())
    })
    .map(|_| ())
}

/// `replace_text` for undo: not itself remembered as a save to undo.
pub(crate) fn restore_text(vault: &Vault, slug: &str, before: &[u8], after: &str) -> Result<()> {
    write_loop(vault, slug, false, |bytes| {
        if bytes != before {
            return Err(StoreError::ChangedMeanwhile(Vault::rel(slug)));
        }
        Ok(after.to_string())
    })
    .map(|_| ())
}

/// The read-modify-write at the heart of every change: under the lock, read
/// the file as it is now, refuse it if it does not parse, apply `edit`, check
/// the result parses, and land it only if nobody changed the file meanwhile
/// (else start again from the newer content).
pub fn update(
    vault: &Vault,
    slug: &str,
    mut edit: impl FnMut(&Loaded) -> Result<String>,
) -> Result<Loaded> {
    write_loop(vault, slug, true, |bytes| {
        let current = parse_loaded(slug, bytes).map_err(|e| match e {
            StoreError::Bad(p) => StoreError::Refused(format!("{p}; ties does not write to a file that does not parse (fix it with `ties edit {slug}`)")),
            e => e,
        })?;
        Ok(in_form_of(bytes, edit(&current)?))
    })
}

/// Where the line ends of a TOML text are: every `\n` outside multi-line
/// strings (those inside are part of a value).
fn line_ends(b: &[u8]) -> Vec<usize> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Comment,
        Basic,
        Literal,
        MultiBasic,
        MultiLiteral,
    }
    let mut ends = Vec::new();
    let mut state = In::Code;
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        match state {
            In::Code if rest.starts_with(br#"""""#) => {
                state = In::MultiBasic;
                i += 3;
                continue;
            }
            In::Code if rest.starts_with(b"'''") => {
                state = In::MultiLiteral;
                i += 3;
                continue;
            }
            In::Code => match b[i] {
                b'"' => state = In::Basic,
                b'\'' => state = In::Literal,
                b'#' => state = In::Comment,
                _ => {}
            },
            In::Comment if b[i] == b'\n' => state = In::Code,
            In::Basic | In::MultiBasic if b[i] == b'\\' => {
                i += 2;
                continue;
            }
            In::Basic if b[i] == b'"' || b[i] == b'\n' => state = In::Code,
            In::Literal if b[i] == b'\'' || b[i] == b'\n' => state = In::Code,
            In::MultiBasic | In::MultiLiteral => {
                let q = if state == In::MultiBasic { b'"' } else { b'\'' };
                if rest.len() >= 3 && rest[..3].iter().all(|c| *c == q) {
                    // Up to two more quotes close it too: they are content.
                    let mut n = 3;
                    while n < 5 && rest.get(n) == Some(&q) {
                        n += 1;
                    }
                    state = In::Code;
                    i += n;
                    continue;
                }
            }
            _ => {}
        }
        if b[i] == b'\n' && !matches!(state, In::MultiBasic | In::MultiLiteral) {
            ends.push(i);
        }
        i += 1;
    }
    ends
}

/// `text` with CRLF line ends, except inside multi-line strings, whose
/// line ends are part of the value (a note's own lines stay `\n`).
fn crlf_outside_strings(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut from = 0;
    for i in line_ends(b) {
        if i == 0 || b[i - 1] != b'\r' {
            out.push_str(&text[from..i]);
            out.push_str("\r\n");
            from = i + 1;
        }
    }
    out.push_str(&text[from..]);
    out
}

/// The new text in the old file's form: a byte-order mark it began with
/// stays, and a file written with CRLF line ends keeps them on every line,
/// new ones included (toml_edit writes neither), so a change shows in
/// `git diff` as the lines it changed, not the whole file.
fn in_form_of(old: &[u8], mut new: String) -> String {
    const BOM: &str = "\u{feff}";
    if old.starts_with(BOM.as_bytes()) && !new.starts_with(BOM) {
        new.insert_str(0, BOM);
    }
    // Only a file all of whose lines end in CRLF; a mixed one is left as it is.
    let ends = line_ends(old);
    if !ends.is_empty() && ends.iter().all(|&i| i > 0 && old[i - 1] == b'\r') {
        new = crlf_outside_strings(&new);
    }
    new
}

/// Under the person's lock: read the file's bytes, let `edit` make the new
/// text, check it parses, and land it atomically unless the file changed
/// since it was read (then read again and redo). Never writes through a link.
fn write_loop(
    vault: &Vault,
    slug: &str,
    journal: bool,
    mut edit: impl FnMut(&[u8]) -> Result<String>,
) -> Result<Loaded> {
    let path = vault.file_of(slug);
    let rel = Vault::rel(slug);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(StoreError::Refused(format!(
                "{rel} is a symbolic link; ties never writes through links"
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(StoreError::NoSuchPerson(slug.to_string()));
        }
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    }
    let _sync = VaultLock::shared(vault)?;
    let _lock = PersonLock::acquire(vault, slug)?;
    let tmp = vault.state_dir().join("tmp");
    sweep(vault, &tmp);
    for _ in 0..20 {
        // The file stays open: after the rename, whatever another program
        // appended to it meanwhile (`>>`) is still there to be carried over.
        let file = fs::File::open(&path).map_err(StoreError::io("read", &path))?;
        let bytes = fsutil::read_open_limited(&file).map_err(StoreError::io("read", &path))?;
        let mut new_text = edit(&bytes)?;
        let mut new = parse_loaded(slug, new_text.as_bytes()).map_err(|e| {
            StoreError::Refused(format!("ties could not make this change to {rel} without breaking it ({e}); nothing was written"))
        })?;
        // The one place every change passes: whatever the vault encrypts
        // and the change left in the clear is sealed before it lands.
        let mut before: std::borrow::Cow<[u8]> = std::borrow::Cow::Borrowed(&bytes);
        if let Some(sealed) = super::sealtext::seal_change(vault, &new)? {
            new = parse_loaded(slug, sealed.as_bytes()).map_err(|e| {
                StoreError::Refused(format!("ties could not encrypt this change to {rel} without breaking it ({e}); nothing was written"))
            })?;
            new_text = sealed;
        }
        // Words written in the clear by hand before this save (sealed by
        // this change, or by `ties edit` before it): the undo step keeps
        // them sealed too.
        if journal
            && super::crypt::enabled(vault)
            && let Ok(old) = parse_loaded(slug, &bytes)
            && let Some(old_sealed) = super::sealtext::seal_change(vault, &old)?
        {
            before = std::borrow::Cow::Owned(old_sealed.into_bytes());
        }
        // Others lose any access git's checkout gave them.
        let mode = file
            .metadata()
            .map(|m| super::perms::private(m.permissions().mode()))
            .unwrap_or(0o600);
        let still_same =
            || Ok(fsutil::read_limited(&path).map_err(StoreError::io("read", &path))? == bytes);
        if fsutil::write_atomic_with(
            &path,
            new_text.as_bytes(),
            &tmp,
            Some(mode),
            Land::Replace {
                still_same: &still_same,
            },
        )? {
            if journal {
                super::journal::record(vault, slug, Some(&before), new_text.as_bytes());
            }
            carry_over_appends(&path, file, bytes.len() as u64, &tmp, mode)?;
            return Ok(new);
        }
    }
    Err(StoreError::Refused(format!(
        "{rel} kept changing while ties tried to save; nothing was written, try again"
    )))
}

/// Removes temporary files left by writes that were killed part-way, in
/// both places a temporary file may be.
fn sweep(vault: &Vault, tmp: &std::path::Path) {
    let age = std::time::Duration::from_secs(600);
    fsutil::sweep_stale_temps(tmp, age);
    // Temporary files go beside person files only when `.ties` is on
    // another disk; reading a folder of 10,000 names on every save is not
    // free, so look there only then.
    let people = vault.people_dir();
    if fsutil::temp_dir_for(&people, tmp) == people.as_path() {
        fsutil::sweep_stale_temps(&people, age);
    }
}

/// Closes the window between ties's last check and its rename: bytes another
/// program appended to the file ties just replaced (`old`, read up to
/// `read_len`) are appended to the new file, as that program meant them to
/// be. They are the user's words, so they land even if they do not parse.
pub(crate) fn carry_over_appends(
    path: &std::path::Path,
    mut old: File,
    mut read_len: u64,
    tmp: &std::path::Path,
    mode: u32,
) -> Result<()> {
    for _ in 0..10 {
        let tail = fsutil::read_tail(&old, read_len).map_err(StoreError::io("read", path))?;
        if tail.is_empty() {
            return Ok(());
        }
        let current = File::open(path).map_err(StoreError::io("read", path))?;
        let now = fsutil::read_open_limited(&current).map_err(StoreError::io("read", path))?;
        let mut text = now.clone();
        text.extend_from_slice(&tail);
        let still_same =
            || Ok(fsutil::read_limited(path).map_err(StoreError::io("read", path))? == now);
        let land = Land::Replace {
            still_same: &still_same,
        };
        if fsutil::write_atomic_with(path, &text, tmp, Some(mode), land)? {
            // The appended bytes are now in the new file; watch it in turn.
            old = current;
            read_len = now.len() as u64;
        }
    }
    Ok(())
}

/// Appends `[[key]]` with `fields` at the end of the file. Falls back to a
/// structural edit when plain appending would not do (e.g. the file writes
/// `log = [...]` inline). `grew` checks the result holds one more table.
fn append_table<'a>(
    vault: &Vault,
    slug: &str,
    key: &str,
    fields: impl Fn(&Person) -> Vec<(&'a str, Value)>,
    grew: impl Fn(&Person, &Person) -> bool,
) -> Result<Loaded> {
    append_tables(vault, slug, key, |cur| vec![fields(cur)], grew)
}

/// As [`append_table`], several tables in one write.
fn append_tables<'a>(
    vault: &Vault,
    slug: &str,
    key: &str,
    tables: impl Fn(&Person) -> Vec<Vec<(&'a str, Value)>>,
    grew: impl Fn(&Person, &Person) -> bool,
) -> Result<Loaded> {
    update(vault, slug, |cur| {
        let tables = tables(&cur.person);
        let mut text = cur.text.clone();
        for fields in &tables {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            if !text.ends_with("\n\n") {
                text.push('\n');
            }
            text.push_str(&format!("[[{key}]]\n"));
            for (k, v) in fields {
                text.push_str(&format!("{k} = {}\n", render_value(v)));
            }
        }
        if let Ok(after) = parse_loaded(slug, text.as_bytes())
            && grew(&cur.person, &after.person)
        {
            return Ok(text);
        }
        let mut doc =
            DocumentMut::from_str(&cur.text).map_err(|e| StoreError::Refused(e.to_string()))?;
        let root = doc.as_table_mut();
        for fields in &tables {
            match root.get_mut(key) {
                None => {
                    let mut aot = toml_edit::ArrayOfTables::new();
                    aot.push(fields_table(fields));
                    root.insert(key, Item::ArrayOfTables(aot));
                }
                Some(Item::ArrayOfTables(aot)) => aot.push(fields_table(fields)),
                Some(Item::Value(Value::Array(arr))) => {
                    let mut t = InlineTable::new();
                    for (k, v) in fields {
                        t.insert(*k, v.clone());
                    }
                    arr.push(t);
                }
                Some(_) => {
                    return Err(StoreError::Refused(format!(
                        "`{key}` in {} is not a list of tables",
                        Vault::rel(slug)
                    )));
                }
            }
        }
        Ok(doc.to_string())
    })
}

fn fields_table(fields: &[(&str, Value)]) -> Table {
    let mut t = Table::new();
    for (k, v) in fields {
        t.insert(k, Item::Value(v.clone()));
    }
    t
}

/// A value as ties writes it: multi-line text in `"""` blocks, the rest as TOML.
fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => toml_string(s.value()),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(render_value).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.clone().decorated("", "").to_string(),
    }
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_string(s.trim())).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn vault_with(slug: &str, text: &str) -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path().join("v")).unwrap();
        fs::write(vault.file_of(slug), text).unwrap();
        (dir, vault)
    }

    #[test]
    fn a_crlf_file_with_a_bom_keeps_both_and_a_note_keeps_its_words() {
        let old = "\u{feff}name = \"Bo\"\r\n\r\n[[todo]]\r\ntext = \"a\"\r\n";
        let (_d, vault) = vault_with("bo", old);
        let e = NewEntry {
            with: Vec::new(),
            at: chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00-05:00").unwrap(),
            via: "call".into(),
            text: "two\nlines".into(),
            ask: Vec::new(),
            asked: Vec::new(),
            private: false,
            why: None,
        };
        let p = log(&vault, "bo", &e).unwrap();
        // (A note of several lines is written as a block ending in a newline.)
        assert_eq!(p.log[0].text.trim_end(), "two\nlines");
        assert!(
            !p.log[0].text.contains('\r'),
            "no carriage return in the note"
        );
        mark_done(&vault, "bo", 1).unwrap();
        let bytes = fs::read(vault.file_of("bo")).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "the mark stays");
        // Every line outside the note's own block ends in CRLF.
        let ends = line_ends(&bytes);
        assert_eq!(ends.len(), 10);
        assert!(
            ends.iter().all(|&i| bytes[i - 1] == b'\r'),
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
        let again = vault.read("bo").unwrap().person;
        assert!(!again.log[0].text.contains('\r'));
        assert!(again.todos[0].done);
    }

    #[test]
    fn a_todo_no_longer_the_one_shown_is_not_marked() {
        let text = "name = \"Bo\"\n\n[[todo]]\ntext = \"a\"\n\n[[todo]]\ntext = \"b\"\n";
        let (_d, vault) = vault_with("bo", text);
        // Shown as "b" at 1; a sync has put "a" there since.
        let err = set_done_if(&vault, "bo", 1, true, |t| t.text == "b").unwrap_err();
        assert!(err.to_string().contains("changed since"), "{err}");
        assert_eq!(fs::read_to_string(vault.file_of("bo")).unwrap(), text);
        set_done_if(&vault, "bo", 2, true, |t| t.text == "b").unwrap();
        assert!(vault.read("bo").unwrap().person.todos[1].done);
    }

    #[test]
    fn crlf_is_added_outside_multi_line_strings_only() {
        let text = "a = 1\nb = \"\"\"\nx\ny\n\"\"\"\nc = '''\np\n''' # c\nd = \"#\" # \"\"\"\ne = \"\\\"\"\r\nf = 2\n";
        assert_eq!(
            crlf_outside_strings(text),
            "a = 1\r\nb = \"\"\"\nx\ny\n\"\"\"\r\nc = '''\np\n''' # c\r\nd = \"#\" # \"\"\"\r\ne = \"\\\"\"\r\nf = 2\r\n"
        );
    }

    #[test]
    fn a_change_made_by_another_program_mid_write_is_kept() {
        let (_d, vault) = vault_with("bo", "name = \"Bo\"\n");
        let path = vault.file_of("bo");
        let mut calls = 0;
        let out = update(&vault, "bo", |cur| {
            calls += 1;
            if calls == 1 {
                // Another editor saves by rename between our read and our write.
                let other = vault.root().join("other.toml");
                fs::write(&other, "name = \"Bo\"\norg = \"Acme\" # by hand\n").unwrap();
                fs::rename(&other, &path).unwrap();
            }
            Ok(format!("{}role = \"CTO\"\n", cur.text))
        })
        .unwrap();
        assert_eq!(calls, 2, "the edit is applied again to the newer content");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "name = \"Bo\"\norg = \"Acme\" # by hand\nrole = \"CTO\"\n"
        );
        assert_eq!(out.person.org.as_deref(), Some("Acme"));
    }

    #[test]
    fn bytes_appended_to_the_replaced_file_after_the_last_check_are_carried_over() {
        let (_d, vault) = vault_with("bo", "name = \"Bo\"\n");
        let path = vault.file_of("bo");
        // ties has read the file and is about to rename its new version over
        // it; another program holds it open for appending.
        let old = File::open(&path).unwrap();
        let mut appender = fs::OpenOptions::new().append(true).open(&path).unwrap();
        let tmp = vault.state_dir().join("tmp");
        fs::create_dir_all(&tmp).unwrap();
        let ours = "name = \"Bo\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"ours\"\n";
        let staged = tmp.join("new");
        fs::write(&staged, ours).unwrap();
        fs::rename(&staged, &path).unwrap();
        // The append lands in the instant after the rename, in the old file.
        use std::io::Write;
        appender.write_all(b"role = \"CTO\"\n").unwrap();
        carry_over_appends(&path, old, "name = \"Bo\"\n".len() as u64, &tmp, 0o600).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            format!("{ours}role = \"CTO\"\n")
        );
    }

    #[test]
    fn an_edit_that_would_break_the_file_is_never_written() {
        let (_d, vault) = vault_with("bo", "name = \"Bo\"\n");
        let err = update(&vault, "bo", |cur| Ok(format!("{}org = [\n", cur.text))).unwrap_err();
        assert!(err.to_string().contains("nothing was written"), "{err}");
        assert_eq!(
            fs::read_to_string(vault.file_of("bo")).unwrap(),
            "name = \"Bo\"\n"
        );
    }

    #[test]
    fn a_symlink_is_never_written_through() {
        let (d, vault) = vault_with("bo", "name = \"Bo\"\n");
        let outside = d.path().join("outside.toml");
        fs::write(&outside, "name = \"Out\"\n").unwrap();
        std::os::unix::fs::symlink(&outside, vault.file_of("link")).unwrap();
        let e = NewEntry {
            with: Vec::new(),
            at: chrono::Utc::now().fixed_offset(),
            via: "call".into(),
            text: "x".into(),
            ask: vec![],
            asked: Vec::new(),
            private: false,
            why: None,
        };
        let err = log(&vault, "link", &e).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "name = \"Out\"\n");
    }

    #[test]
    fn set_about_keeps_comments_and_adds_the_table_when_missing() {
        let (_d, vault) = vault_with(
            "bo",
            "name = \"Bo\" # hi\n\n[about]\n# family first\nkids = \"two\"   # ages 3 and 5\n",
        );
        set_about(&vault, "bo", "kids", "three").unwrap();
        set_about(&vault, "bo", "pets", "a cat").unwrap();
        assert_eq!(
            fs::read_to_string(vault.file_of("bo")).unwrap(),
            "name = \"Bo\" # hi\n\n[about]\n# family first\nkids = \"three\"   # ages 3 and 5\npets = \"a cat\"\n"
        );
        let (_d, vault) = vault_with("cy", "name = \"Cy\"\n");
        let p = set_about(&vault, "cy", "worries", "budget").unwrap();
        assert_eq!(p.about, [("worries".to_string(), "budget".to_string())]);
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_toml_string(s in "\\PC*|[\"\\\\\n\t\r\u{0}-\u{1f}a]{0,12}") {
            let doc = format!("name = \"x\"\nv = {}\n", toml_string(&s));
            let parsed = toml_edit::Document::parse(doc.clone()).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
            prop_assert_eq!(parsed["v"].as_str().unwrap(), s.as_str());
        }
    }
}
