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
    /// The person file's bytes when the copy was made.
    before: Vec<u8>,
    /// The text the copy started with (`before`, decoded).
    start: String,
    /// When the file was not UTF-8: what was read as Latin-1, for the user.
    pub recoded: Option<String>,
    /// True when an earlier, unfinished edit was picked up again.
    pub resumed: bool,
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
        let read = |p: &PathBuf| std::fs::read(p).map_err(StoreError::io("read", p));
        let resumed = copy.exists() && base.exists();
        let before = if resumed {
            read(&base)?
        } else {
            let bytes = read(&vault.file_of(slug))?;
            let tmp = vault.state_dir().join("tmp");
            fsutil::write_atomic(&base, &bytes, &tmp, Some(0o600))?;
            fsutil::write_atomic(&copy, decode(&bytes).0.as_bytes(), &tmp, Some(0o600))?;
            bytes
        };
        let (start, recoded) = decode(&before);
        Ok(EditSession {
            slug: slug.to_string(),
            copy,
            base,
            before,
            start,
            recoded,
            resumed,
        })
    }

    /// Checks the edited copy and lands it if it parses.
    pub fn finish(&self, vault: &Vault) -> Result<Outcome> {
        let after =
            std::fs::read_to_string(&self.copy).map_err(StoreError::io("read", &self.copy))?;
        if after == self.start {
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
