//! How every cache file under `.ties/` is laid out, so that a damaged one is
//! never believed:
//!
//! ```text
//! 0..8    magic, one per cache file
//! 8..12   format version (u32 LE)
//! 12..20  content length (u64 LE)
//! 20..28  xxh3-64 of bytes 8..20 followed by the content
//! 28..    content
//! ```
//!
//! Caches are renamed into place without fsync (they are derived), so a power
//! cut can leave one torn or zeroed; another program can cut or overwrite one
//! in place. Such a file fails these checks, is logged to `.ties/cache.log`,
//! and the caller rebuilds from the plain files. Files are read, never
//! mapped: a mapping of a file that another program shrinks dies by SIGBUS.

use std::io::Write;

use xxhash_rust::xxh3::Xxh3;

use crate::store::{Result, Vault, fsutil};

const HEADER: usize = 28;
const LOG: &str = "cache.log";
/// Past this size the log starts over: it is for a person wondering why a
/// command was slow once, not a history.
const LOG_MAX: u64 = 64 * 1024;

/// A cache file's content, checked; the header is kept in front of it so
/// that reading costs one buffer and no copy.
#[derive(Debug)]
pub struct Content(Vec<u8>);

impl std::ops::Deref for Content {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0.get(HEADER..).unwrap_or_default()
    }
}

/// What a load found.
#[derive(Debug)]
pub enum Loaded {
    Missing,
    /// Present but not to be believed: logged; the caller rebuilds and
    /// writes it again.
    Damaged,
    Fine(Content),
}

impl Loaded {
    pub fn damaged(&self) -> bool {
        matches!(self, Loaded::Damaged)
    }

    pub fn content(self) -> Option<Content> {
        match self {
            Loaded::Fine(c) => Some(c),
            _ => None,
        }
    }
}

fn checksum(version: u32, parts: &[&[u8]]) -> (u64, u64) {
    let len: u64 = parts.iter().map(|p| p.len() as u64).sum();
    let mut h = Xxh3::new();
    h.update(&version.to_le_bytes());
    h.update(&len.to_le_bytes());
    for p in parts {
        h.update(p);
    }
    (len, h.digest())
}

/// Why these bytes are not a valid cache with this magic and version.
fn fault(bytes: &[u8], magic: &[u8; 8], version: u32) -> Option<String> {
    let (Some(head), Some(body)) = (bytes.get(..HEADER), bytes.get(HEADER..)) else {
        return Some(format!("{} bytes, shorter than its header", bytes.len()));
    };
    let word = |at: usize| head.get(at..at + 8).and_then(|b| b.try_into().ok());
    if &head[..8] != magic {
        return Some("not a ties cache of this kind (wrong magic)".into());
    }
    let found = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if found != version {
        return Some(format!("format version {found}, not {version}"));
    }
    let len = word(12).map(u64::from_le_bytes).unwrap_or(0);
    if len != body.len() as u64 {
        return Some(format!(
            "{} bytes of content where its header says {len} (torn or cut)",
            body.len()
        ));
    }
    let sum = word(20).map(u64::from_le_bytes).unwrap_or(0);
    (checksum(version, &[body]).1 != sum).then(|| "checksum does not match (damaged)".into())
}

/// Reads and checks the cache `name` under the vault's `.ties/`.
pub fn read(vault: &Vault, name: &str, magic: &[u8; 8], version: u32) -> Loaded {
    let path = vault.state_dir().join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => {
            log(
                vault,
                name,
                &format!("could not read it: {}", fsutil::plain(&e)),
            );
            return Loaded::Damaged;
        }
    };
    match fault(&bytes, magic, version) {
        None => Loaded::Fine(Content(bytes)),
        Some(why) => {
            log(vault, name, &why);
            Loaded::Damaged
        }
    }
}

/// Writes the cache `name` from its content in parts, atomically (by rename).
pub fn write(
    vault: &Vault,
    name: &str,
    magic: &[u8; 8],
    version: u32,
    parts: &[&[u8]],
) -> Result<()> {
    let (len, sum) = checksum(version, parts);
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(magic);
    head.extend_from_slice(&version.to_le_bytes());
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&sum.to_le_bytes());
    let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
    all.push(&head);
    all.extend_from_slice(parts);
    let state = vault.state_dir();
    fsutil::create_private_dir(&state)?;
    fsutil::write_cache_atomic(&state.join(name), &all, &state.join("tmp"))
}

/// One line in `.ties/cache.log`: best effort, never through a symlink.
pub(crate) fn log(vault: &Vault, name: &str, why: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    let path = vault.state_dir().join(LOG);
    let Ok(mut f) = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
    else {
        return;
    };
    if f.metadata().is_ok_and(|m| m.len() > LOG_MAX) {
        let _ = f.set_len(0);
    }
    let when = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let _ = writeln!(
        f,
        "{when} .ties/{name}: {why}; ignored and rebuilt from people/"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"TIESTEST";

    fn sealed(parts: &[&[u8]]) -> Vec<u8> {
        let (len, sum) = checksum(7, parts);
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&7u32.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&sum.to_le_bytes());
        for p in parts {
            out.extend_from_slice(p);
        }
        out
    }

    #[test]
    fn a_sealed_file_checks_and_every_damage_is_caught() {
        let good = sealed(&[b"hello ", b"world"]);
        assert_eq!(fault(&good, MAGIC, 7), None);
        assert_eq!(&good[HEADER..], b"hello world");
        assert!(fault(&good, MAGIC, 8).unwrap().contains("version 7"));
        assert!(fault(&good, b"TIESELSE", 7).unwrap().contains("magic"));
        assert!(
            fault(&good[..good.len() - 1], MAGIC, 7)
                .unwrap()
                .contains("torn")
        );
        assert!(fault(&good[..10], MAGIC, 7).unwrap().contains("header"));
        for i in 8..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 1;
            assert!(fault(&bad, MAGIC, 7).is_some(), "a flip at byte {i} passed");
        }
    }
}
