//! The TUI's side of drafts (`store::drafts` holds the rules): this
//! process is one window per vault, so its drafts are its own, a closed
//! window's are offered back, and another running window's are left alone.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::store::drafts::Window;
pub use crate::store::drafts::{ADD_PERSON, Draft, Kept, Kind};
use crate::store::{StoreError, Vault};

static ASIDE: OnceLock<PathBuf> = OnceLock::new();
static WINDOWS: OnceLock<Mutex<HashMap<PathBuf, Arc<Window>>>> = OnceLock::new();

/// Where drafts go when the vault cannot take them: the TUI sets this once,
/// to the user's state folder.
pub fn set_fallback_dir(dir: PathBuf) {
    let _ = ASIDE.set(dir);
}

/// This process's window on `vault`, opened on first use.
fn window(vault: &Vault) -> Arc<Window> {
    let map = WINDOWS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(vault.root().to_path_buf())
        .or_insert_with(|| Arc::new(Window::open(vault, ASIDE.get().cloned())))
        .clone()
}

/// The draft to offer on a person: this window's, else one a closed window
/// left for them (found by name too, if their file was renamed).
pub fn load_for(vault: &Vault, slug: &str, name: &str) -> Option<Draft> {
    window(vault).load(Kind::Capture, slug, name, &[])
}

/// A form's draft: the todo form's on a person (found by name too), or the
/// add form's.
pub fn load_form(vault: &Vault, kind: Kind, slug: &str, name: &str) -> Option<Draft> {
    window(vault).load(kind, slug, name, &[])
}

/// `load_for` by slug alone.
pub fn load(vault: &Vault, slug: &str) -> Option<Draft> {
    load_kind(vault, Kind::Capture, slug)
}

/// A form's draft (or a note's) by slug ([`ADD_PERSON`] for the add form).
pub fn load_kind(vault: &Vault, kind: Kind, slug: &str) -> Option<Draft> {
    window(vault).load(kind, slug, "", &[])
}

/// Where this window keeps its draft on a person, in the vault.
pub fn path(vault: &Vault, slug: &str) -> PathBuf {
    path_kind(vault, Kind::Capture, slug)
}

/// Where this window keeps a form's draft (or a note's), in the vault.
pub fn path_kind(vault: &Vault, kind: Kind, slug: &str) -> PathBuf {
    window(vault).path_in_vault(kind, slug)
}

/// Keeps this window's draft; says where when not in the vault.
pub fn save(vault: &Vault, d: &Draft) -> Result<Kept, StoreError> {
    window(vault).save(d)
}

/// Removes this window's draft on a person (after its note was saved).
pub fn remove(vault: &Vault, slug: &str) {
    remove_kind(vault, Kind::Capture, slug);
}

/// Removes this window's draft of a form (or a note).
pub fn remove_kind(vault: &Vault, kind: Kind, slug: &str) {
    window(vault).remove(kind, slug);
}

/// Gives an unplaced note (its draft file) to a person; see `Window::refile`.
pub fn refile(
    vault: &Vault,
    path: &std::path::Path,
    slug: &str,
    name: &str,
) -> Result<Draft, StoreError> {
    window(vault).refile(path, slug, name)
}

/// Drafts whose person cannot be found any more, for the problems list.
pub fn unplaced(vault: &Vault, people: &[(String, String, Vec<String>)]) -> Vec<(Draft, PathBuf)> {
    // Looking makes no window (and so no drafts folder) where none is yet.
    let open = WINDOWS
        .get()
        .and_then(|m| m.lock().ok().map(|m| m.contains_key(vault.root())))
        .unwrap_or(false);
    if !open && !crate::store::drafts::any_on_disk(vault, ASIDE.get().map(PathBuf::as_path)) {
        return Vec::new();
    }
    window(vault)
        .unplaced(people)
        .into_iter()
        .map(|f| (f.draft, f.path))
        .collect()
}
