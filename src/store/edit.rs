//! A hand edit of one person file, shared by `ties edit` and the TUI's `e`:
//! the user edits a copy under `.ties/edit/`; it lands only once it parses,
//! and only over the text the copy was made from. When the file changed
//! meanwhile (a sync merged, a note was logged), the edit is merged onto
//! it, never dropped and never written over the change.
//!
//! Each edit has its own copy (`SLUG~STAMP.toml`, its `.base`, and a
//! `.lock` held while the edit is live), so two windows editing the same
//! person never share or replace each other's copy. A copy left by an edit
//! that ended without landing is offered back: resume it, merge it onto the
//! file, keep it aside, or drop it.
//!
//! In a vault that encrypts, the copy shows the private values this
//! machine's keys open as plain text (`sealed`); what lands is sealed
//! again, unchanged values keeping their armor byte for byte. The copy is
//! the only place that plain text is written, 0600 inside the 0700
//! `.ties/`, and it is gone once the edit lands or is dropped.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{Problem, Result, StoreError, Vault, fsutil, parse_loaded, write::replace_text};

mod sealed;

pub struct EditSession {
    pub slug: String,
    /// The file the editor opens.
    pub copy: PathBuf,
    base: PathBuf,
    /// Held while the edit is live, so no other process offers it as left.
    _live: Option<File>,
    /// The person file's bytes when the copy was made.
    before: Vec<u8>,
    /// The text the copy started with (`before`, decoded).
    start: String,
    /// When the file was not UTF-8: what was read as Latin-1, for the user.
    pub recoded: Option<String>,
    /// True when an earlier, unfinished edit was picked up again.
    pub resumed: bool,
    /// How many sealed values no key here opens: they stay armored in the
    /// copy and must be left as they are.
    pub locked: usize,
}

/// A file's text for editing: UTF-8 as it is; any byte that is not part of
/// valid UTF-8 read as Latin-1 (what a hand edit in an old editor writes),
/// so nothing is dropped and the edit saves as UTF-8. The second value says
/// what was read that way, for a warning.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut recoded = 0usize;
    let mut first_line = None;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                first_line.get_or_insert_with(|| out.matches('\n').count() + 1);
                for &b in &bad[..n] {
                    out.push(char::from(b));
                }
                recoded += n;
                rest = &bad[n..];
            }
        }
    }
    let what = format!(
        "it is not UTF-8: {recoded} byte{} (first on line {}) {} read as Latin-1 and will be saved as UTF-8",
        if recoded == 1 { "" } else { "s" },
        first_line.unwrap_or(1),
        if recoded == 1 { "was" } else { "were" }
    );
    (out, Some(what))
}

/// What became of an edit once the editor closed.
#[derive(Debug)]
pub enum Outcome {
    Unchanged,
    Saved,
    /// The file changed while the edit was open; both changes were kept.
    SavedMerged,
    /// The copy does not parse; it is kept so the user can edit it again.
    Bad(Problem),
    /// The copy changes a private value no key here opens (why); it is kept
    /// so the user can edit it again.
    Locked(String),
    /// The file changed meanwhile and both changed these keys differently:
    /// the copy now holds the merge with markers around them, based on the
    /// file as it is now, to be edited again.
    Conflicts(Vec<String>),
}

/// A copy left by an edit that ended without landing.
#[derive(Debug, Clone)]
pub struct Left {
    pub slug: String,
    pub copy: PathBuf,
    base: PathBuf,
    lock: PathBuf,
    /// When the edit began (from the copy's name), for the user.
    pub began: String,
    /// Whether the person file changed since the copy was made.
    pub file_changed: bool,
}

fn edit_dir(vault: &Vault) -> PathBuf {
    vault.state_dir().join("edit")
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(StoreError::io("read", p))
}

fn read_text(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(StoreError::io("read", p))
}

impl Left {
    /// Every copy left for `slug`, newest first. Copies of edits still open
    /// in another window are not listed; a copy identical to its base holds
    /// nothing and is removed.
    pub fn find(vault: &Vault, slug: &str) -> Vec<Left> {
        let dir = edit_dir(vault);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let current = std::fs::read(vault.file_of(slug)).ok();
        let mut out = Vec::new();
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            // `SLUG~STAMP`, or `SLUG` as versions before this one named it.
            let (who, began) = match stem.split_once('~') {
                Some((w, b)) => (w, b.to_string()),
                None => (stem, String::new()),
            };
            if who != slug {
                continue;
            }
            let copy = dir.join(&name);
            let base = if began.is_empty() {
                dir.join(format!("{stem}.toml.base"))
            } else {
                dir.join(format!("{stem}.base"))
            };
            let lock = dir.join(format!("{stem}.lock"));
            // Held by a live edit: not left. The probe's lock is released
            // when it drops here.
            if !base.exists() || !matches!(fsutil::try_lock_file(&lock), Ok(Some(_))) {
                continue;
            }
            let (Ok(before), Ok(text)) = (std::fs::read(&base), std::fs::read(&copy)) else {
                continue;
            };
            if sealed::open_copy(&decode(&before).0).0.as_bytes() == text.as_slice() {
                for p in [&copy, &base, &lock] {
                    let _ = std::fs::remove_file(p);
                }
                continue;
            }
            out.push(Left {
                slug: slug.to_string(),
                file_changed: current.as_deref() != Some(before.as_slice()),
                copy,
                base,
                lock,
                began,
            });
        }
        out.sort_by(|a, b| b.began.cmp(&a.began));
        out
    }

    /// Picks the edit up again, as it is (it lands only over its base).
    pub fn resume(self) -> Result<EditSession> {
        let live = fsutil::try_lock_file(&self.lock)?;
        let before = read(&self.base)?;
        let (text, recoded) = decode(&before);
        let (start, locked) = sealed::open_copy(&text);
        Ok(EditSession {
            slug: self.slug,
            copy: self.copy,
            base: self.base,
            _live: live,
            before,
            start,
            recoded,
            resumed: true,
            locked,
        })
    }

    /// Merges the edit onto the file as it is now and resumes it: the copy
    /// then holds both changes (with markers around any key both changed),
    /// for the user to check and save. Returns the keys in conflict, or
    /// None when the copy does not parse yet: it is resumed as it is, and
    /// merged when it is saved.
    pub fn merge_onto_file(self, vault: &Vault) -> Result<(EditSession, Option<Vec<String>>)> {
        let mut session = self.resume()?;
        let mine = read_text(&session.copy)?;
        if parse_loaded(&session.slug, mine.as_bytes()).is_err() {
            return Ok((session, None));
        }
        let conflicts = session.rebase(vault)?;
        Ok((session, Some(conflicts)))
    }

    /// Moves the copy to `.ties/edit/kept/`, out of the way; returns where.
    /// In a vault that encrypts, its private text is sealed first (as a
    /// whole, `.toml.age`, when it cannot be value by value): no plain
    /// copy is kept.
    pub fn keep_aside(self, vault: &Vault) -> Result<PathBuf> {
        let dir = edit_dir(vault).join("kept");
        fsutil::create_private_dir(&dir)?;
        let name = self
            .copy
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.toml", self.slug));
        let to = dir.join(&name);
        let base = decode(&read(&self.base)?).0;
        if base.contains(crate::model::ARMOR_BEGIN) || super::crypt::enabled(vault) {
            let (text, _) = decode(&read(&self.copy)?);
            let tmp = vault.state_dir().join("tmp");
            let sealed = match sealed::armored_copy(vault, &self.slug, &base, &text) {
                Some(t) => Some((to.clone(), t)),
                None => sealed::sealed_whole(vault, &text)?
                    .map(|t| (dir.join(format!("{name}.age")), t)),
            };
            if let Some((to, t)) = sealed {
                fsutil::write_atomic(&to, t.as_bytes(), &tmp, Some(0o600))?;
                self.drop_it();
                return Ok(to);
            }
        }
        std::fs::rename(&self.copy, &to).map_err(StoreError::io("move", &self.copy))?;
        let _ = std::fs::remove_file(&self.base);
        let _ = std::fs::remove_file(&self.lock);
        Ok(to)
    }

    pub fn drop_it(self) {
        for p in [&self.copy, &self.base, &self.lock] {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl EditSession {
    /// A new edit with its own copy of the file as it is now.
    pub fn fresh(vault: &Vault, slug: &str) -> Result<EditSession> {
        let dir = edit_dir(vault);
        fsutil::create_private_dir(&dir)?;
        let stamp = format!(
            "{}-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
            std::process::id()
        );
        let copy = dir.join(format!("{slug}~{stamp}.toml"));
        let base = dir.join(format!("{slug}~{stamp}.base"));
        let live = fsutil::try_lock_file(&dir.join(format!("{slug}~{stamp}.lock")))?;
        let bytes = read(&vault.file_of(slug))?;
        let tmp = vault.state_dir().join("tmp");
        fsutil::write_atomic(&base, &bytes, &tmp, Some(0o600))?;
        let (text, recoded) = decode(&bytes);
        let (start, locked) = sealed::open_copy(&text);
        fsutil::write_atomic(&copy, start.as_bytes(), &tmp, Some(0o600))?;
        Ok(EditSession {
            slug: slug.to_string(),
            copy,
            base,
            _live: live,
            before: bytes,
            start,
            recoded,
            resumed: false,
            locked,
        })
    }

    /// Resumes the newest left copy when the file has not changed since it
    /// was made (nothing to decide), else starts afresh; a left copy over a
    /// changed file stays where it is, to be offered (`Left::find`).
    pub fn begin(vault: &Vault, slug: &str) -> Result<EditSession> {
        match Left::find(vault, slug)
            .into_iter()
            .find(|l| !l.file_changed)
        {
            Some(l) => l.resume(),
            None => EditSession::fresh(vault, slug),
        }
    }

    /// Checks the edited copy and lands it if it parses; when the file
    /// changed meanwhile, lands the merge of both changes instead.
    pub fn finish(&mut self, vault: &Vault) -> Result<Outcome> {
        let after = read_text(&self.copy)?;
        if after == self.start {
            self.discard();
            return Ok(Outcome::Unchanged);
        }
        match parse_loaded(&self.slug, after.as_bytes()) {
            Ok(_) => {}
            Err(StoreError::Bad(p)) => return Ok(Outcome::Bad(p)),
            Err(e) => return Err(e),
        }
        let landed = match self.sealed(vault, &after)? {
            sealed::Landing::Text(t) => t,
            sealed::Landing::Locked(why) => return Ok(Outcome::Locked(why)),
        };
        match replace_text(vault, &self.slug, &self.before, &landed) {
            Ok(()) => {
                self.discard();
                return Ok(Outcome::Saved);
            }
            Err(StoreError::ChangedMeanwhile(_)) => {}
            Err(e) => return Err(e),
        }
        let conflicts = self.rebase(vault)?;
        if !conflicts.is_empty() {
            return Ok(Outcome::Conflicts(conflicts));
        }
        let merged = read_text(&self.copy)?;
        let landed = match self.sealed(vault, &merged)? {
            sealed::Landing::Text(t) => t,
            sealed::Landing::Locked(why) => return Ok(Outcome::Locked(why)),
        };
        match replace_text(vault, &self.slug, &self.before, &landed) {
            Ok(()) => {
                self.discard();
                Ok(Outcome::SavedMerged)
            }
            // Changed yet again in between: the copy is based on the newer
            // text and kept; saving again tries once more.
            Err(StoreError::ChangedMeanwhile(_)) => Ok(Outcome::Conflicts(Vec::new())),
            Err(e) => Err(e),
        }
    }

    /// The text to write for `edited`: sealed again where the file is
    /// sealed (see `sealed::land`).
    fn sealed(&self, vault: &Vault, edited: &str) -> Result<sealed::Landing> {
        sealed::land(vault, &self.slug, &decode(&self.before).0, edited)
    }

    /// Re-bases the copy on the file as it is now: the copy becomes the
    /// three-way merge of the copy and the file over the copy's base. The
    /// three are compared as the copy shows them (sealed values opened),
    /// so a private value nobody changed is the same in all three.
    fn rebase(&mut self, vault: &Vault) -> Result<Vec<String>> {
        let now = read(&vault.file_of(&self.slug))?;
        let mine = read_text(&self.copy)?;
        let base_text = self.start.clone();
        let (theirs, _) = decode(&now);
        let (theirs, locked) = sealed::open_copy(&theirs);
        self.locked = locked;
        let merged = crate::sync::merge::merge(&base_text, &mine, &theirs).map_err(|e| {
            StoreError::Refused(format!(
                "your edit in {} could not be merged with {} as it is now ({e}); it is kept",
                self.copy.display(),
                Vault::rel(&self.slug)
            ))
        })?;
        let tmp = vault.state_dir().join("tmp");
        fsutil::write_atomic(&self.copy, merged.text.as_bytes(), &tmp, Some(0o600))?;
        fsutil::write_atomic(&self.base, &now, &tmp, Some(0o600))?;
        self.start = theirs;
        self.before = now;
        Ok(merged.conflicts)
    }

    /// One sentence on the values the copy keeps armored, if any.
    pub fn locked_note(&self) -> Option<String> {
        let (n, verb, them) = match self.locked {
            0 => return None,
            1 => ("1 private value".to_string(), "stays", "it as it is"),
            n => (format!("{n} private values"), "stay", "them as they are"),
        };
        Some(format!(
            "{n} in {} no key on this machine opens {verb} armored in the copy; leave {them}.",
            Vault::rel(&self.slug)
        ))
    }

    /// Drops the copy: the person file keeps its previous text.
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.copy);
        let _ = std::fs::remove_file(&self.base);
        if let Some(stem) = self.copy.file_stem() {
            let lock = self
                .copy
                .with_file_name(format!("{}.lock", stem.to_string_lossy()));
            let _ = std::fs::remove_file(lock);
        }
    }
}
