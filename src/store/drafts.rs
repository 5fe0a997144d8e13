//! Notes being typed, kept until they are saved, so a crash, a kill or a
//! failed save never loses them.
//!
//! Drafts belong to the window that typed them: each TUI is a `Window`
//! with an id, holding a lock while it runs. A window writes and removes
//! only its own drafts; a draft whose window has gone (it crashed, or was
//! closed) is offered to the next window that opens that person, and taken
//! over then, so two live windows never type into, save or delete each
//! other's text.
//!
//! A draft names its person by slug, and also by name and email, so a file
//! renamed or merged while the draft waited still finds it; a draft whose
//! person cannot be found is listed (`unplaced`), never dropped.
//!
//! Drafts live under the vault's `.ties/drafts/`. When the vault cannot
//! take them (a full or read-only disk, or the vault folder is gone: a
//! renamed folder, an unmounted drive) they go to the user's state folder,
//! and ties never creates the vault's folders again to hold them.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StoreError, Vault, fsutil};
use crate::fold::fold;

/// What a draft is the text of: a note (the capture popup), or a form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Capture,
    /// The todo form, on one person.
    Todo,
    /// The add-a-person form (its slug is [`ADD_PERSON`]).
    AddPerson,
}

/// The slug an add-a-person form's draft is kept under: it has no person yet.
pub const ADD_PERSON: &str = "person";

impl Kind {
    /// The start of its drafts' file names.
    fn prefix(self) -> &'static str {
        match self {
            Kind::Capture => "capture-",
            Kind::Todo => "todo-",
            Kind::AddPerson => "add-",
        }
    }

    /// Whether its drafts belong to a person (and so can lose them).
    pub fn has_person(self) -> bool {
        self != Kind::AddPerson
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Absent in drafts written before forms kept drafts: a note.
    #[serde(default)]
    pub kind: Kind,
    pub slug: String,
    /// The person's name and emails when the draft was written: how it is
    /// found again after the file is renamed.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub emails: Vec<String>,
    pub text: String,
    #[serde(default)]
    pub via: String,
    /// Things to ask next time, one a line.
    #[serde(default)]
    pub ask: String,
    /// The open asks ticked as covered so far (their text).
    #[serde(default)]
    pub asked: Vec<String>,
    #[serde(default)]
    pub private: bool,
    /// Why it happened (problem, request...); empty for none.
    #[serde(default)]
    pub why: String,
    /// When the note says it happened, as typed ("yesterday", "15:30");
    /// empty or "now" for the time it was written.
    #[serde(default)]
    pub at: String,
    /// The others at a shared meeting: slug and name.
    #[serde(default)]
    pub with: Vec<(String, String)>,
    /// A form's fields, in the form's order.
    #[serde(default)]
    pub fields: Vec<String>,
    /// When it was last written, RFC 3339.
    #[serde(default)]
    pub written: String,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.ask.trim().is_empty()
            && self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Where a draft was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    InVault,
    /// In the user's state folder, and why not in the vault.
    Aside {
        path: PathBuf,
        why: String,
    },
}

/// One TUI's claim on its drafts, for as long as it runs.
pub struct Window {
    vault: Vault,
    id: String,
    /// The user's state folder, for drafts the vault cannot take.
    aside: Option<PathBuf>,
    /// Held in the vault and in the state folder, so the window reads as
    /// live from either, even while the vault is away.
    _locks: Vec<File>,
}

fn window_id() -> String {
    format!(
        "{}-{}",
        // No dot in it: a person's id may have dots, and the file name
        // is split at the last one.
        chrono::Utc::now().format("%Y%m%dT%H%M%S%6f"),
        std::process::id()
    )
}

/// Locks `path`; None when another process holds it (or it cannot be
/// opened: then it is no lock of a live window either).
fn try_lock(path: &Path) -> Option<File> {
    fsutil::try_lock_file(path).ok().flatten()
}

/// Whether the vault is there to hold drafts (its folder and `people/`).
fn vault_present(vault: &Vault) -> bool {
    vault.root().is_dir() && vault.people_dir().is_dir()
}

/// `.ties/drafts/` of a present vault, made without ever making the vault
/// folder itself (each level is made only inside an existing one).
fn vault_drafts_dir(vault: &Vault) -> Result<PathBuf, StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    let missing = || {
        StoreError::Refused(format!(
            "the vault folder {} is missing",
            vault.root().display()
        ))
    };
    if !vault_present(vault) {
        return Err(missing());
    }
    let state = vault.state_dir();
    let dir = state.join("drafts");
    for d in [&state, &dir] {
        match std::fs::DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
            Err(e) => return Err(StoreError::io("create the folder", d)(e)),
        }
    }
    Ok(dir)
}

/// The file name of a draft: `capture-SLUG.WINDOW.json` (`todo-`, `add-`
/// for the forms); drafts written before windows were `capture-SLUG.json`
/// and belong to no live window.
fn file_name(kind: Kind, slug: &str, window: &str) -> String {
    format!("{}{slug}.{window}.json", kind.prefix())
}

/// (kind, slug, window) from a draft's file name.
fn parse_name(name: &str) -> Option<(Kind, String, String)> {
    let (kind, rest) = [Kind::Capture, Kind::Todo, Kind::AddPerson]
        .into_iter()
        .find_map(|k| Some((k, name.strip_prefix(k.prefix())?)))?;
    let rest = rest.strip_suffix(".json")?;
    // `SLUG.WINDOW`, where a slug may hold dots and a window never does
    // (`20261130T211705123456-99`); windows named before that had one
    // (`20261130T211705.123456-99`), and the first drafts had no window.
    let is_window = |w: &str| {
        let b = w.as_bytes();
        b.len() > 9 && b[..8].iter().all(u8::is_ascii_digit) && b[8] == b'T'
    };
    let split = rest.rsplit_once('.').and_then(|(head, tail)| {
        if is_window(tail) {
            return Some((head, tail.to_string()));
        }
        let fraction = tail.split_once('-').is_some_and(|(f, pid)| {
            f.len() == 6 && f.bytes().chain(pid.bytes()).all(|c| c.is_ascii_digit())
        });
        let (slug, when) = head.rsplit_once('.')?;
        (fraction && is_window(when)).then(|| (slug, format!("{when}.{tail}")))
    });
    Some(match split {
        Some((slug, window)) => (kind, slug.to_string(), window),
        None => (kind, rest.to_string(), String::new()),
    })
}

/// The folder in the user's state folder `aside` for `vault`'s drafts.
fn aside_dir_of(vault: &Vault, aside: Option<&Path>) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let root = std::fs::canonicalize(vault.root()).unwrap_or_else(|_| vault.root().to_path_buf());
    root.hash(&mut h);
    Some(aside?.join("drafts").join(format!("{:016x}", h.finish())))
}

/// Whether any draft of `vault` is on disk (in it, or in the state folder
/// `aside`), looked at without claiming a window.
pub fn any_on_disk(vault: &Vault, aside: Option<&Path>) -> bool {
    let dirs = std::iter::once(vault.state_dir().join("drafts")).chain(aside_dir_of(vault, aside));
    dirs.filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|rd| rd.flatten())
        .any(|e| parse_name(&e.file_name().to_string_lossy()).is_some())
}

/// A draft found on disk.
#[derive(Debug, Clone)]
pub struct Found {
    pub draft: Draft,
    pub path: PathBuf,
    window: String,
}

impl Window {
    /// Claims a new window on `vault`; `aside` is the user's state folder.
    pub fn open(vault: &Vault, aside: Option<PathBuf>) -> Window {
        let id = window_id();
        let mut w = Window {
            vault: vault.clone(),
            id,
            aside,
            _locks: Vec::new(),
        };
        w._locks = w
            .lock_dirs()
            .iter()
            .filter_map(|d| {
                fsutil::create_private_dir(d).ok()?;
                try_lock(&d.join(format!("window-{}.lock", w.id)))
            })
            .collect();
        w.sweep_dead_locks();
        w
    }

    /// Lock files of windows that are gone: nothing holds them.
    fn sweep_dead_locks(&self) {
        for dir in self.dirs() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("window-")
                    && name.ends_with(".lock")
                    && name != format!("window-{}.lock", self.id)
                    && try_lock(&e.path()).is_some()
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }

    /// Where this window's draft on a person goes in the vault.
    pub fn path_in_vault(&self, kind: Kind, slug: &str) -> PathBuf {
        self.vault
            .state_dir()
            .join("drafts")
            .join(file_name(kind, slug, &self.id))
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The folder in the user's state folder for this vault's drafts.
    fn aside_dir(&self) -> Option<PathBuf> {
        aside_dir_of(&self.vault, self.aside.as_deref())
    }

    fn lock_dirs(&self) -> Vec<PathBuf> {
        let mut v = Vec::new();
        if let Ok(d) = vault_drafts_dir(&self.vault) {
            v.push(d);
        }
        v.extend(self.aside_dir());
        v
    }

    fn dirs(&self) -> Vec<PathBuf> {
        let mut v = vec![self.vault.state_dir().join("drafts")];
        v.extend(self.aside_dir());
        v
    }

    /// Whether window `id` is still running (its lock is held).
    fn live(&self, id: &str) -> bool {
        if id == self.id {
            return true;
        }
        if id.is_empty() {
            return false;
        }
        self.dirs().iter().any(|d| {
            let p = d.join(format!("window-{id}.lock"));
            p.exists() && try_lock(&p).is_none()
        })
    }

    /// Every draft on disk, in the vault and aside.
    fn all(&self) -> Vec<Found> {
        let mut out = Vec::new();
        for dir in self.dirs() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some((kind, slug, window)) = parse_name(&name) else {
                    continue;
                };
                let path = e.path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                // A draft that is not JSON is offered as plain text. The
                // file's name says what it is, whatever its text claims.
                let mut draft = serde_json::from_str(&text).unwrap_or(Draft {
                    slug: slug.clone(),
                    via: "call".into(),
                    text,
                    ..Draft::default()
                });
                draft.kind = kind;
                if !draft.is_empty() {
                    out.push(Found {
                        draft,
                        path,
                        window,
                    });
                }
            }
        }
        out.sort_by(|a, b| b.draft.written.cmp(&a.draft.written));
        out
    }

    /// Whether a draft names this person: by slug, or (its file gone) by
    /// name or email.
    fn names(&self, d: &Draft, slug: &str, name: &str, emails: &[String]) -> bool {
        if d.slug == slug {
            return true;
        }
        if self.vault.file_of(&d.slug).exists() {
            return false;
        }
        (!d.name.is_empty() && fold(&d.name) == fold(name))
            || d.emails
                .iter()
                .any(|e| emails.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// The draft to offer on this person: this window's own, else one a
    /// closed window left (taken over by this window). Drafts another live
    /// window is typing are never taken.
    pub fn load(&self, kind: Kind, slug: &str, name: &str, emails: &[String]) -> Option<Draft> {
        let all: Vec<Found> = self
            .all()
            .into_iter()
            .filter(|f| f.draft.kind == kind)
            .collect();
        if let Some(own) = all
            .iter()
            .find(|f| f.window == self.id && self.names(&f.draft, slug, name, emails))
        {
            return Some(own.draft.clone());
        }
        let left = all
            .into_iter()
            .find(|f| !self.live(&f.window) && self.names(&f.draft, slug, name, emails))?;
        let mut d = left.draft.clone();
        d.slug = slug.to_string();
        // Taken over: written as this window's, then the old one goes.
        match self.save(&d) {
            Ok(_) => {
                let _ = std::fs::remove_file(&left.path);
            }
            Err(_) => return Some(left.draft),
        }
        Some(d)
    }

    /// Whether another running window has a draft on this person.
    pub fn typed_elsewhere(&self, slug: &str) -> bool {
        self.all().iter().any(|f| {
            f.draft.kind == Kind::Capture
                && f.draft.slug == slug
                && f.window != self.id
                && self.live(&f.window)
        })
    }

    /// Writes this window's draft: in the vault, else aside (saying why);
    /// fails only when neither can take it.
    pub fn save(&self, d: &Draft) -> Result<Kept, StoreError> {
        let json = serde_json::to_vec_pretty(d)
            .map_err(|e| StoreError::Refused(format!("could not write the draft: {e}")))?;
        let name = file_name(d.kind, &d.slug, &self.id);
        let in_vault = vault_drafts_dir(&self.vault)
            .and_then(|dir| fsutil::write_atomic(&dir.join(&name), &json, &dir, Some(0o600)));
        let why = match in_vault {
            Ok(()) => {
                // A newer draft in the vault supersedes one kept aside.
                if let Some(a) = self.aside_dir() {
                    let _ = std::fs::remove_file(a.join(&name));
                }
                return Ok(Kept::InVault);
            }
            Err(e) => e,
        };
        let Some(dir) = self.aside_dir() else {
            return Err(why);
        };
        let path = dir.join(&name);
        let said = why.to_string();
        fsutil::create_private_dir(&dir)
            .and_then(|_| fsutil::write_atomic(&path, &json, &dir, Some(0o600)))
            .map_err(|_| why)?;
        Ok(Kept::Aside { path, why: said })
    }

    /// Removes this window's draft on a person (after it was saved); other
    /// windows' drafts stay.
    pub fn remove(&self, kind: Kind, slug: &str) {
        let name = file_name(kind, slug, &self.id);
        for dir in self.dirs() {
            let _ = std::fs::remove_file(dir.join(&name));
        }
    }

    /// Drafts no person in `people` (slug, name, emails) can be found for,
    /// and that no live window is typing.
    pub fn unplaced(&self, people: &[(String, String, Vec<String>)]) -> Vec<Found> {
        self.all()
            .into_iter()
            .filter(|f| f.draft.kind.has_person())
            .filter(|f| !self.live(&f.window) || f.window == self.id)
            .filter(|f| {
                !people
                    .iter()
                    .any(|(slug, name, emails)| self.names(&f.draft, slug, name, emails))
            })
            .collect()
    }
}

impl Window {
    /// Gives an unplaced draft (a note, or a todo being written; the one at
    /// `path`) to person `slug`: kept as this window's draft of that kind on
    /// them, then the old file goes. Refused when one of that kind on them
    /// is already being written, which it would replace.
    pub fn refile(&self, path: &Path, slug: &str, name: &str) -> Result<Draft, StoreError> {
        let found = self
            .all()
            .into_iter()
            .find(|f| f.path == path && f.draft.kind.has_person())
            .ok_or_else(|| StoreError::Refused(format!("the draft {} is gone", path.display())))?;
        let kind = found.draft.kind;
        if found.window != self.id && self.live(&found.window) {
            return Err(StoreError::Refused(format!(
                "the draft {} is being typed in another window",
                path.display()
            )));
        }
        if self.load(kind, slug, name, &[]).is_some() {
            let what = if kind == Kind::Todo {
                "todo for"
            } else {
                "note about"
            };
            return Err(StoreError::Refused(format!(
                "there is already an unsaved {what} {name}; save or discard it first"
            )));
        }
        let mut d = found.draft;
        d.slug = slug.to_string();
        d.name = name.to_string();
        self.save(&d)?;
        if path != self.path_in_vault(kind, slug) {
            let _ = std::fs::remove_file(path);
        }
        Ok(d)
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        for dir in self.dirs() {
            let _ = std::fs::remove_file(dir.join(format!("window-{}.lock", self.id)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("vault");
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::write(root.join("people/ana-lima.toml"), "name = \"Ana Lima\"\n").unwrap();
        let v = Vault::open(&root).unwrap();
        (dir, v)
    }

    fn draft(slug: &str, text: &str) -> Draft {
        Draft {
            slug: slug.into(),
            name: "Ana Lima".into(),
            emails: vec!["ana@example.com".into()],
            text: text.into(),
            via: "call".into(),
            written: chrono::Utc::now().to_rfc3339(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_todo_being_written_for_someone_gone_is_filed_as_a_todo() {
        let (dir, v) = vault();
        let a = Window::open(&v, Some(dir.path().join("state")));
        a.save(&Draft {
            kind: Kind::Todo,
            slug: "gone".into(),
            name: "Gone Person".into(),
            fields: vec!["send the deck".into(), "friday".into()],
            ..Draft::default()
        })
        .unwrap();
        drop(a);
        let b = Window::open(&v, Some(dir.path().join("state")));
        let people = vec![("ana-lima".to_string(), "Ana Lima".to_string(), vec![])];
        let found = b.unplaced(&people);
        assert_eq!(found.len(), 1);
        let d = b.refile(&found[0].path, "ana-lima", "Ana Lima").unwrap();
        assert_eq!(d.kind, Kind::Todo);
        assert_eq!(
            b.load(Kind::Todo, "ana-lima", "Ana Lima", &[])
                .unwrap()
                .fields,
            ["send the deck", "friday"]
        );
        assert!(b.unplaced(&people).is_empty());
    }

    #[test]
    fn a_person_whose_id_has_dots_keeps_each_window_s_draft() {
        let (dir, v) = vault();
        std::fs::write(v.file_of("dr.no"), "name = \"Dr. No\"\n").unwrap();
        let a = Window::open(&v, Some(dir.path().join("state")));
        let b = Window::open(&v, Some(dir.path().join("state")));
        let mut d = draft("dr.no", "from window a");
        d.name = "Dr. No".into();
        a.save(&d).unwrap();
        d.text = "from window b".into();
        b.save(&d).unwrap();
        // Each window offers its own, and neither deletes the other's.
        let got = |w: &Window| {
            w.load(Kind::Capture, "dr.no", "Dr. No", &[])
                .map(|d| d.text)
        };
        assert_eq!(got(&a).as_deref(), Some("from window a"));
        assert_eq!(got(&b).as_deref(), Some("from window b"));
        assert_eq!(got(&a).as_deref(), Some("from window a"), "still on disk");
        // Names written by earlier versions still read.
        assert_eq!(
            parse_name("capture-dr.no.20261130T211705.123456-99.json"),
            Some((
                Kind::Capture,
                "dr.no".into(),
                "20261130T211705.123456-99".into()
            ))
        );
        assert_eq!(
            parse_name("capture-ana-lima.json"),
            Some((Kind::Capture, "ana-lima".into(), String::new()))
        );
        assert_eq!(
            parse_name("todo-dr.no.20261130T211705123456-7.json"),
            Some((Kind::Todo, "dr.no".into(), "20261130T211705123456-7".into()))
        );
    }

    #[test]
    fn two_live_windows_keep_their_own_drafts() {
        let (dir, v) = vault();
        let a = Window::open(&v, Some(dir.path().join("state")));
        let b = Window::open(&v, Some(dir.path().join("state")));
        a.save(&draft("ana-lima", "from window a")).unwrap();
        b.save(&draft("ana-lima", "from window b")).unwrap();
        let got = |w: &Window| {
            w.load(Kind::Capture, "ana-lima", "Ana Lima", &[])
                .map(|d| d.text)
        };
        assert_eq!(got(&a).as_deref(), Some("from window a"));
        assert_eq!(got(&b).as_deref(), Some("from window b"));
        assert!(a.typed_elsewhere("ana-lima"));
        // A save in one removes only its own.
        a.remove(Kind::Capture, "ana-lima");
        assert_eq!(got(&a), None, "b's live draft is not a's to take");
        assert_eq!(got(&b).as_deref(), Some("from window b"));
        // Once b is gone, its draft is offered to a, once.
        drop(b);
        assert_eq!(got(&a).as_deref(), Some("from window b"));
        let c = Window::open(&v, Some(dir.path().join("state")));
        assert_eq!(
            c.load(Kind::Capture, "ana-lima", "Ana Lima", &[]),
            None,
            "a took it over"
        );
    }

    #[test]
    fn a_renamed_person_finds_the_draft_and_a_lost_one_is_listed() {
        let (dir, v) = vault();
        let a = Window::open(&v, Some(dir.path().join("state")));
        a.save(&draft("ana-lima", "about the budget")).unwrap();
        drop(a);
        std::fs::rename(v.file_of("ana-lima"), v.file_of("ana-souza")).unwrap();
        let b = Window::open(&v, Some(dir.path().join("state")));
        // Nobody matches by slug, name or email: listed.
        let people = vec![("tom".to_string(), "Tom".to_string(), vec![])];
        assert_eq!(b.unplaced(&people).len(), 1);
        // Found by email under the new slug.
        let d = b
            .load(
                Kind::Capture,
                "ana-souza",
                "Ana Souza",
                &["ANA@example.com".into()],
            )
            .unwrap();
        assert_eq!(
            (d.slug.as_str(), d.text.as_str()),
            ("ana-souza", "about the budget")
        );
    }

    #[test]
    fn an_unplaced_note_is_filed_onto_a_person_once_and_a_form_draft_is_never_unplaced() {
        let (dir, v) = vault();
        let a = Window::open(&v, Some(dir.path().join("state")));
        let mut lost = draft("gone", "about the budget");
        lost.name = "Gone Person".into();
        lost.emails.clear();
        a.save(&lost).unwrap();
        let form = Draft {
            kind: Kind::AddPerson,
            slug: ADD_PERSON.into(),
            fields: vec!["Bo".into()],
            ..Draft::default()
        };
        a.save(&form).unwrap();
        drop(a);
        let b = Window::open(&v, Some(dir.path().join("state")));
        let people = vec![("ana-lima".to_string(), "Ana Lima".to_string(), vec![])];
        let found = b.unplaced(&people);
        assert_eq!(found.len(), 1, "the form draft has no person to lose");
        let d = b.refile(&found[0].path, "ana-lima", "Ana Lima").unwrap();
        assert_eq!(d.text, "about the budget");
        assert!(b.unplaced(&people).is_empty());
        assert_eq!(
            b.load(Kind::Capture, "ana-lima", "Ana Lima", &[])
                .unwrap()
                .text,
            "about the budget"
        );
        // A second note is not filed over the first.
        b.save(&Draft {
            slug: "gone".into(),
            ..lost.clone()
        })
        .unwrap();
        let again = b.unplaced(&people);
        assert!(b.refile(&again[0].path, "ana-lima", "Ana Lima").is_err());
        assert_eq!(
            b.load(Kind::AddPerson, ADD_PERSON, "", &[]).unwrap().fields,
            ["Bo"]
        );
    }

    #[test]
    fn a_missing_vault_is_never_recreated_and_the_draft_is_kept_aside() {
        let (dir, v) = vault();
        let w = Window::open(&v, Some(dir.path().join("state")));
        std::fs::rename(v.root(), dir.path().join("moved")).unwrap();
        let kept = w
            .save(&draft("ana-lima", "typed while the drive was gone"))
            .unwrap();
        let Kept::Aside { path, why } = kept else {
            panic!("kept in a vault that is gone")
        };
        assert!(why.contains("is missing"), "{why}");
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .contains("drive was gone")
        );
        assert!(!v.root().exists(), "no stub vault was made");
        // Back in place: the draft is still offered.
        std::fs::rename(dir.path().join("moved"), v.root()).unwrap();
        assert!(w.load(Kind::Capture, "ana-lima", "Ana Lima", &[]).is_some());
    }
}
