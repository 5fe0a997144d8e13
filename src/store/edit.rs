//! A hand edit of one person file, shared by `ties edit` and the TUI's `e`:
//! the user edits a copy under `.ties/edit/`; it lands only once it parses,
//! and only over the text the copy was made from, however later it is resumed.

use std::path::PathBuf;

use super::{Problem, Result, StoreError, Vault, fsutil, parse_loaded, write::replace_text};

pub struct EditSession {
    pub slug: String,
    /// The file the editor opens.
    pub copy: PathBuf,
    base: PathBuf,
    /// The person file's text when the copy was made.
    before: String,
    /// True when an earlier, unfinished edit was picked up again.
    pub resumed: bool,
}

/// What became of an edit once the editor closed.
#[derive(Debug)]
pub enum Outcome {
    Unchanged,
    Saved,
    /// The copy does not parse; it is kept so the user can edit it again.
    Bad(Problem),
    /// The person file changed since the copy was made; the copy is kept.
    ChangedMeanwhile,
}

impl EditSession {
    /// Starts an edit, or resumes one left unfinished.
    pub fn begin(vault: &Vault, slug: &str) -> Result<EditSession> {
        let dir = vault.state_dir().join("edit");
        fsutil::create_private_dir(&dir)?;
        let copy = dir.join(format!("{slug}.toml"));
        let base = dir.join(format!("{slug}.toml.base"));
        let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(StoreError::io("read", p));
        let resumed = copy.exists() && base.exists();
        let before = if resumed {
            read(&base)?
        } else {
            let text = read(&vault.file_of(slug))?;
            let tmp = vault.state_dir().join("tmp");
            fsutil::write_atomic(&base, text.as_bytes(), &tmp, Some(0o600))?;
            fsutil::write_atomic(&copy, text.as_bytes(), &tmp, Some(0o600))?;
            text
        };
        Ok(EditSession {
            slug: slug.to_string(),
            copy,
            base,
            before,
            resumed,
        })
    }

    /// Checks the edited copy and lands it if it parses.
    pub fn finish(&self, vault: &Vault) -> Result<Outcome> {
        let after =
            std::fs::read_to_string(&self.copy).map_err(StoreError::io("read", &self.copy))?;
        if after == self.before {
            self.discard();
            return Ok(Outcome::Unchanged);
        }
        match parse_loaded(&self.slug, after.as_bytes()) {
            Ok(_) => {}
            Err(StoreError::Bad(p)) => return Ok(Outcome::Bad(p)),
            Err(e) => return Err(e),
        }
        match replace_text(vault, &self.slug, &self.before, &after) {
            Ok(()) => {
                self.discard();
                Ok(Outcome::Saved)
            }
            Err(StoreError::ChangedMeanwhile(_)) => Ok(Outcome::ChangedMeanwhile),
            Err(e) => Err(e),
        }
    }

    /// Drops the copy: the person file keeps its previous text.
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.copy);
        let _ = std::fs::remove_file(&self.base);
    }
}
