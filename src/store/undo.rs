//! Undo of the last saves, whatever they were (a note, a todo, a hand edit,
//! a new person), from the journal (`journal.rs`): `undo` puts the exact
//! previous bytes back. When the file changed since (a sync, another
//! window), only that save is taken back: the change is reversed as a
//! merge, and refused if it would touch what changed later.

use super::journal::{forget, last};
use super::{Result, StoreError, Vault, parse_loaded};

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
    /// What was undone, in one sentence (the CLI and the TUI say the same).
    pub fn sentence(&self) -> String {
        match self {
            Undone::Restored(s) => format!("Undid the last change to {}.", Vault::rel(s)),
            Undone::Reversed(s) => format!(
                "Undid the last change to {}; what changed there since is kept.",
                Vault::rel(s)
            ),
            Undone::Removed(s) => {
                format!("Undid adding {}: the file is gone again.", Vault::rel(s))
            }
        }
    }

    pub fn slug(&self) -> &str {
        match self {
            Undone::Restored(s) | Undone::Reversed(s) | Undone::Removed(s) => s,
        }
    }
}

/// Takes back the newest save. The undo itself is not journaled, so the
/// next undo takes back the save before it.
pub fn undo(vault: &Vault) -> Result<Undone> {
    undo_step(vault, None)
}

/// `undo`, but only of the save `expected` names (its journal id, as
/// `journal::last` gave it when the user was asked): a save made in
/// between is not taken back in its place.
pub fn undo_step(vault: &Vault, expected: Option<&str>) -> Result<Undone> {
    let Some(step) = last(vault) else {
        return Err(StoreError::Refused(
            "there is nothing to undo: no save is remembered in this vault".into(),
        ));
    };
    if expected.is_some_and(|id| id != step.id) {
        return Err(StoreError::Refused(format!(
            "another save, to {}, came first; nothing was undone",
            Vault::rel(&step.slug)
        )));
    }
    let rel = Vault::rel(&step.slug);
    let path = vault.file_of(&step.slug);
    let forget = || forget(vault, &step);
    let current = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    let Some(before) = &step.before else {
        // The save made the file: remove it, if it is still as made, under
        // the same locks as any write (never while a sync merges).
        let _sync = super::write::VaultLock::shared(vault)?;
        let _lock = super::write::PersonLock::acquire(vault, &step.slug)?;
        let still = std::fs::read(&path).ok();
        if still.as_deref() == Some(step.after.as_slice()) {
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
