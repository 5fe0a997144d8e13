//! Forgetting the caches under `.ties/` that may hold words read from the
//! person files: when a vault opts in to encryption, what they indexed
//! before was private text in the clear. They are derived, so dropping them
//! costs one rebuild and loses nothing.

use std::io;

use crate::store::{Result, StoreError, Vault};

/// The cache files (and folders) built from what the person files say.
const CACHES: &[&str] = &[
    "index-meta.bin",
    "index-text.bin",
    "index-net.bin",
    "glimpse.bin",
    // Versions of each file from git: old commits may hold the words.
    "history",
];

/// Removes every cache built from the person files' words.
pub fn forget_word_caches(vault: &Vault) -> Result<()> {
    let state = vault.state_dir();
    for name in CACHES {
        let path = state.join(name);
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        match gone {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io("remove", &path)(e)),
        }
    }
    Ok(())
}
