//! The person files a sync found with nothing left to seal, by stamp, and
//! under which `recipients.txt` and `vault.toml`: the next sync looks only
//! at files that changed since (at 10,000 people, reading and parsing
//! every file with a private note took a second on every sync). Derived,
//! checksummed and disposable like every cache: a damaged or missing one
//! only means every file is looked at again.

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3;

use super::sealed;
use crate::store::{FileStat, Stamp, Vault, crypt::RECIPIENTS_FILE, settings::SETTINGS_FILE};

const FILE: &str = "sealed-ok.bin";
const MAGIC: &[u8; 8] = b"TIESSEAL";
const VERSION: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
struct Seen {
    /// What the files were found clean under (see [`fingerprint`]).
    under: u64,
    files: Vec<(String, Stamp)>,
}

/// The recipients and settings as they are now: a change to either (a key
/// added, a fact named) makes every file worth a look again.
pub fn fingerprint(vault: &Vault) -> u64 {
    let mut h = Xxh3::new();
    for name in [RECIPIENTS_FILE, SETTINGS_FILE] {
        let bytes = std::fs::read(vault.root().join(name)).unwrap_or_default();
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    h.digest()
}

/// The files last found clean under `under`, by slug.
pub fn clean(vault: &Vault, under: u64) -> HashMap<String, Stamp> {
    let Some(content) = sealed::read(vault, FILE, MAGIC, VERSION).content() else {
        return HashMap::new();
    };
    match postcard::from_bytes::<Seen>(&content[..]) {
        Ok(seen) if seen.under == under => seen.files.into_iter().collect(),
        _ => HashMap::new(),
    }
}

/// Remembers `files` (with the stamps they had when they were looked at)
/// as clean under `under`; best effort, as every cache write.
pub fn remember(vault: &Vault, under: u64, files: &[&FileStat]) {
    let seen = Seen {
        under,
        files: files.iter().map(|f| (f.slug.clone(), f.stamp)).collect(),
    };
    if let Ok(bytes) = postcard::to_stdvec(&seen) {
        let _ = sealed::write(vault, FILE, MAGIC, VERSION, &[&bytes]);
    }
}
