//! Notes being typed, kept under `.ties/drafts/` until they are saved, so a
//! crash, a kill or a failed save never loses them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::store::{StoreError, Vault, fsutil};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub slug: String,
    pub text: String,
    pub via: String,
    #[serde(default)]
    pub ask: String,
    /// When it was last written, RFC 3339.
    #[serde(default)]
    pub written: String,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.ask.trim().is_empty()
    }
}

pub fn path(vault: &Vault, slug: &str) -> PathBuf {
    vault
        .state_dir()
        .join("drafts")
        .join(format!("capture-{slug}.json"))
}

static FALLBACK: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Where drafts go when the vault cannot take them (a full or read-only
/// disk): the TUI sets this once, to the user's state folder.
pub fn set_fallback_dir(dir: PathBuf) {
    let _ = FALLBACK.set(dir);
}

/// A draft's place in the fallback folder, named after the vault too.
pub fn fallback_path(vault: &Vault, slug: &str) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let root = std::fs::canonicalize(vault.root()).unwrap_or_else(|_| vault.root().to_path_buf());
    root.hash(&mut h);
    let dir = FALLBACK.get()?.join("drafts");
    Some(dir.join(format!("{:016x}-capture-{slug}.json", h.finish())))
}

/// The draft for a person, if one was left. A draft that cannot be read as
/// JSON is offered as plain text rather than dropped.
pub fn load(vault: &Vault, slug: &str) -> Option<Draft> {
    let text = std::fs::read_to_string(path(vault, slug))
        .ok()
        .or_else(|| std::fs::read_to_string(fallback_path(vault, slug)?).ok())?;
    let draft = serde_json::from_str(&text).unwrap_or(Draft {
        slug: slug.to_string(),
        text,
        via: "call".into(),
        ask: String::new(),
        written: String::new(),
    });
    Some(draft).filter(|d: &Draft| !d.is_empty())
}

/// Writes the draft under the vault's `.ties/`, else (full or read-only
/// disk) under the user's state folder; fails only when neither can take it.
pub fn save(vault: &Vault, d: &Draft) -> Result<(), StoreError> {
    let json = serde_json::to_vec_pretty(d)
        .map_err(|e| StoreError::Refused(format!("could not write the draft: {e}")))?;
    let p = path(vault, &d.slug);
    let in_vault = fsutil::create_private_dir(&vault.state_dir().join("drafts"))
        .and_then(|_| fsutil::write_atomic(&p, &json, &vault.state_dir().join("tmp"), Some(0o600)));
    let Err(e) = in_vault else {
        // A newer draft in the vault supersedes one kept aside.
        if let Some(f) = fallback_path(vault, &d.slug) {
            let _ = std::fs::remove_file(f);
        }
        return Ok(());
    };
    let Some(f) = fallback_path(vault, &d.slug) else {
        return Err(e);
    };
    let Some(dir) = f.parent() else {
        return Err(e);
    };
    fsutil::create_private_dir(dir)
        .and_then(|_| fsutil::write_atomic(&f, &json, dir, Some(0o600)))
        .map_err(|_| e)
}

pub fn remove(vault: &Vault, slug: &str) {
    let _ = std::fs::remove_file(path(vault, slug));
    if let Some(f) = fallback_path(vault, slug) {
        let _ = std::fs::remove_file(f);
    }
}
