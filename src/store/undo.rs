//! Undo of the last saves, whatever they were (a note, a todo, a hand edit,
//! a new person): every write through the write protocol leaves the file's
//! bytes before and after it under `.ties/undo/`, newest last, and `undo`
//! puts the exact previous bytes back. When the file changed since (a sync,
//! another window), only that save is taken back: the change is reversed as
//! a merge, and refused if it would touch what changed later.
//!
//! The journal is a convenience, not the truth: losing it loses undo, never
//! a word. It keeps the last `KEEP` saves.

use std::path::{Path, PathBuf};

use super::{Result, StoreError, Vault, fsutil, parse_loaded};

const KEEP: usize = 50;

fn dir(vault: &Vault) -> PathBuf {
    vault.state_dir().join("undo")
}

/// One save, as the journal holds it.
#[derive(Debug, Clone)]
pub struct Step {
    pub slug: String,
    /// `YYYYMMDDTHHMMSS...`: when it was saved, and its order.
    pub id: String,
    /// None when the save made the file.
    before: Option<Vec<u8>>,
    after: Vec<u8>,
}

/// What `undo` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undone {
    /// The file holds its previous bytes again.
    Restored(String),
    /// The file changed since; that save alone was taken back.
    Reversed(String),
    /// The save made the file; it is gone again.
    Removed(String),
}

impl Undone {
    pub fn slug(&self) -> &str {
        match self {
            Undone::Restored(s) | Undone::Reversed(s) | Undone::Removed(s) => s,
        }
    }
}

/// Notes a save; failures are ignored (undo is a convenience).
pub fn record(vault: &Vault, slug: &str, before: Option<&[u8]>, after: &[u8]) {
    let d = dir(vault);
    if fsutil::create_private_dir(&d).is_err() {
        return;
    }
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let id = format!(
        "{}-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%6f"),
        std::process::id(),
        SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let file = |ext: &str| d.join(format!("{id}~{slug}.{ext}"));
    let ok = std::fs::write(file("after"), after).is_ok()
        && match before {
            Some(b) => std::fs::write(file("before"), b).is_ok(),
            None => true,
        };
    if ok {
        let _ = std::fs::write(file("done"), b"");
    }
    prune(&d);
}

/// The journal's steps, oldest first (only complete ones).
fn steps(d: &Path) -> Vec<(String, String)> {
    let Ok(rd) = std::fs::read_dir(d) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".done")?;
            let (id, slug) = stem.split_once('~')?;
            Some((id.to_string(), slug.to_string()))
        })
        .collect();
    out.sort();
    out
}

fn remove(d: &Path, id: &str, slug: &str) {
    for ext in ["done", "before", "after"] {
        let _ = std::fs::remove_file(d.join(format!("{id}~{slug}.{ext}")));
    }
}

fn prune(d: &Path) {
    let all = steps(d);
    if all.len() > KEEP {
        for (id, slug) in &all[..all.len() - KEEP] {
            remove(d, id, slug);
        }
    }
}

/// The newest save in the journal.
pub fn last(vault: &Vault) -> Option<Step> {
    let d = dir(vault);
    let (id, slug) = steps(&d).pop()?;
    let after = std::fs::read(d.join(format!("{id}~{slug}.after"))).ok()?;
    let before = std::fs::read(d.join(format!("{id}~{slug}.before"))).ok();
    Some(Step {
        slug,
        id,
        before,
        after,
    })
}

/// Takes back the newest save. The undo itself is not journaled, so the
/// next undo takes back the save before it.
pub fn undo(vault: &Vault) -> Result<Undone> {
    let Some(step) = last(vault) else {
        return Err(StoreError::Refused(
            "there is nothing to undo: no save is remembered in this vault".into(),
        ));
    };
    let rel = Vault::rel(&step.slug);
    let path = vault.file_of(&step.slug);
    let forget = || remove(&dir(vault), &step.id, &step.slug);
    let current = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    let Some(before) = &step.before else {
        // The save made the file: remove it, if it is still as made.
        if current.as_deref() == Some(step.after.as_slice()) {
            let _lock = super::write::PersonLock::acquire(vault, &step.slug)?;
            std::fs::remove_file(&path).map_err(StoreError::io("remove", &path))?;
            forget();
            return Ok(Undone::Removed(step.slug));
        }
        return Err(StoreError::Refused(format!(
            "{rel} changed since it was made; undo would lose that, so it was left as it is"
        )));
    };
    let Some(current) = current else {
        forget();
        return Err(StoreError::Refused(format!(
            "{rel} is gone; there is nothing to undo there"
        )));
    };
    let before_text = String::from_utf8(before.clone()).map_err(|_| {
        StoreError::Refused(format!(
            "{rel} was not UTF-8 before that save; undo leaves it as it is"
        ))
    })?;
    if parse_loaded(&step.slug, before.as_slice()).is_err() {
        return Err(StoreError::Refused(format!(
            "{rel} did not parse before that save; ties does not write a file back into a state that does not parse"
        )));
    }
    if current == step.after {
        super::write::restore_text(vault, &step.slug, &current, &before_text)?;
        forget();
        return Ok(Undone::Restored(step.slug));
    }
    // Changed since: reverse that save alone, as a merge.
    let (after_text, now_text) = (
        String::from_utf8_lossy(&step.after).into_owned(),
        String::from_utf8_lossy(&current).into_owned(),
    );
    // A merge that changes nothing means the save's lines were changed
    // since: taking it back would mean taking those changes back too.
    let merged = crate::sync::merge::merge(&after_text, &now_text, &before_text)
        .ok()
        .filter(|m| m.conflicts.is_empty() && m.text != now_text)
        .ok_or_else(|| {
            StoreError::Refused(format!(
                "{rel} changed since that save in the same place; undo would lose that, so it was left as it is"
            ))
        })?;
    super::write::restore_text(vault, &step.slug, &current, &merged.text)?;
    forget();
    Ok(Undone::Reversed(step.slug))
}
