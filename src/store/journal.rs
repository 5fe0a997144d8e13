//! The journal of saves `ties undo` reads: every write through the write
//! protocol leaves the file's bytes before and after it under
//! `.ties/undo/`, newest last. A convenience, not the truth: losing it
//! loses undo, never a word. It keeps the last `KEEP` saves.

use std::path::{Path, PathBuf};

use super::Vault;
use super::fsutil;

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
    pub before: Option<Vec<u8>>,
    pub after: Vec<u8>,
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
    // 0600 like every file ties keeps: a step holds a person file whole.
    let write = |path: PathBuf, bytes: &[u8]| {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .is_ok()
    };
    let ok = write(file("after"), after)
        && match before {
            Some(b) => write(file("before"), b),
            None => true,
        };
    if ok {
        let _ = write(file("done"), b"");
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

fn remove_in(d: &Path, id: &str, slug: &str) {
    for ext in ["done", "before", "after"] {
        let _ = std::fs::remove_file(d.join(format!("{id}~{slug}.{ext}")));
    }
}

fn prune(d: &Path) {
    let all = steps(d);
    if all.len() > KEEP {
        for (id, slug) in &all[..all.len() - KEEP] {
            remove_in(d, id, slug);
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

/// Forgets a step (once undone).
pub fn forget(vault: &Vault, step: &Step) {
    remove_in(&dir(vault), &step.id, &step.slug);
}

/// Forgets every step of one person: `ties encrypt` does, once it sealed
/// their private entries, so no copy of the plain text stays in `.ties/`.
pub fn forget_person(vault: &Vault, slug: &str) {
    let d = dir(vault);
    for (id, s) in steps(&d) {
        if s == slug {
            remove_in(&d, &id, &s);
        }
    }
}

/// Forgets every step: a vault opting in to encryption, whose journal may
/// hold private words deleted since (no file holds them to seal).
pub fn forget_all(vault: &Vault) {
    let d = dir(vault);
    for (id, s) in steps(&d) {
        remove_in(&d, &id, &s);
    }
}
