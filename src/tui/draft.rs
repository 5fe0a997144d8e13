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

/// The draft for a person, if one was left. A draft that cannot be read as
/// JSON is offered as plain text rather than dropped.
pub fn load(vault: &Vault, slug: &str) -> Option<Draft> {
    let text = std::fs::read_to_string(path(vault, slug)).ok()?;
    let draft = serde_json::from_str(&text).unwrap_or(Draft {
        slug: slug.to_string(),
        text,
        via: "call".into(),
        ask: String::new(),
        written: String::new(),
    });
    Some(draft).filter(|d: &Draft| !d.is_empty())
}

pub fn save(vault: &Vault, d: &Draft) -> Result<(), StoreError> {
    let p = path(vault, &d.slug);
    fsutil::create_private_dir(p.parent().expect("has a parent"))?;
    let json = serde_json::to_vec_pretty(d).expect("a draft serialises");
    fsutil::write_atomic(&p, &json, &vault.state_dir().join("tmp"), Some(0o600))
}

pub fn remove(vault: &Vault, slug: &str) {
    let _ = std::fs::remove_file(path(vault, slug));
}
