//! Settings every machine that syncs a vault must share, so they live in
//! the vault (`vault.toml` at its root, carried by git) rather than in one
//! machine's config: today, which `[about]` keys are encrypted like
//! private notes.
//!
//! ```toml
//! [private]
//! about = ["health", "family"]
//! ```

use std::fs;
use std::io;
use std::str::FromStr;

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::{Result, StoreError, Vault, fsutil};

/// The settings file at the vault's root.
pub const SETTINGS_FILE: &str = "vault.toml";

/// The vault's shared settings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `[about]` keys whose values are encrypted (compared ignoring case).
    pub private_about: Vec<String>,
}

impl Settings {
    /// Whether the `[about]` value under `key` is to be encrypted. An
    /// import keeps a second value of a fact beside the first under a name
    /// of its own (`vcard_note`, `imported_note_2`): the same fact, so the
    /// same rule.
    pub fn is_private_about(&self, key: &str) -> bool {
        let key = fact_of(key);
        self.private_about.iter().any(|k| fact_of(k) == key)
    }
}

/// The fact a key names: ignoring case, the `vcard_`/`imported_` an import
/// puts before a second value, and the `_2` after a third.
fn fact_of(key: &str) -> String {
    let mut k = key.trim().to_ascii_lowercase();
    for prefix in ["vcard_", "imported_"] {
        if let Some(rest) = k.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            k = rest.to_string();
        }
    }
    if let Some((stem, n)) = k.rsplit_once('_')
        && !stem.is_empty()
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        k = stem.to_string();
    }
    k
}

/// Reads `vault.toml`; none is the defaults. A file that is not what ties
/// expects is an error naming it: guessing would write private facts in
/// the clear.
pub fn load(vault: &Vault) -> Result<Settings> {
    let path = vault.root().join(SETTINGS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        // Gone from the folder while git still has it: the facts it names
        // would be written in the clear, and the deletion synced to every
        // machine.
        Err(e)
            if e.kind() == io::ErrorKind::NotFound
                && super::crypt::tracked_by_git(vault, SETTINGS_FILE) =>
        {
            return Err(StoreError::Refused(format!(
                "{SETTINGS_FILE} is missing but git still has it, so ties cannot tell which [about] facts to encrypt; bring it back with `git -C {} checkout -- {SETTINGS_FILE}`",
                shell_words::quote(&vault.root().to_string_lossy())
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    parse(&text).map_err(|why| StoreError::Refused(format!("{}: {why}", path.display())))
}

fn parse(text: &str) -> std::result::Result<Settings, String> {
    let doc = DocumentMut::from_str(text).map_err(|e| {
        format!(
            "it is not valid TOML ({})",
            e.to_string().lines().next().unwrap_or("")
        )
    })?;
    let mut s = Settings::default();
    if let Some(private) = doc.get("private") {
        let t = private
            .as_table_like()
            .ok_or("`private` should be a table")?;
        if let Some(about) = t.get("about") {
            let arr = about
                .as_array()
                .ok_or("`private.about` should be a list of [about] keys, like [\"health\"]")?;
            for v in arr.iter() {
                let k = v
                    .as_str()
                    .ok_or("`private.about` should list [about] keys as strings")?;
                s.private_about.push(k.trim().to_string());
            }
        }
    }
    Ok(s)
}

/// Adds `keys` to `private.about` (made when missing, with a comment),
/// keeping the rest of the file as the user wrote it. Returns those added.
pub fn add_private_about(vault: &Vault, keys: &[String]) -> Result<Vec<String>> {
    let path = vault.root().join(SETTINGS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::from(
            "# Settings shared by every machine that syncs this vault.\n\n# [about] keys encrypted like private notes (once the vault encrypts).\n[private]\nabout = []\n",
        ),
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    let now =
        parse(&text).map_err(|why| StoreError::Refused(format!("{}: {why}", path.display())))?;
    let mut doc = DocumentMut::from_str(&text)
        .map_err(|e| StoreError::Refused(format!("{}: {e}", path.display())))?;
    let mut added = Vec::new();
    for k in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if now.is_private_about(k) || added.iter().any(|a: &String| a.eq_ignore_ascii_case(k)) {
            continue;
        }
        added.push(k.to_string());
    }
    if added.is_empty() {
        return Ok(added);
    }
    if !doc.contains_key("private") {
        doc.insert("private", Item::Table(Table::new()));
    }
    let table = doc
        .get_mut("private")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| {
            StoreError::Refused(format!("{}: `private` should be a table", path.display()))
        })?;
    if table.get("about").is_none() {
        table.insert("about", Item::Value(Value::Array(Array::new())));
    }
    let arr = table
        .get_mut("about")
        .and_then(Item::as_array_mut)
        .ok_or_else(|| {
            StoreError::Refused(format!(
                "{}: `private.about` should be a list",
                path.display()
            ))
        })?;
    for k in &added {
        arr.push(k.as_str());
    }
    let tmp = vault.state_dir().join("tmp");
    fsutil::create_private_dir(&tmp)?;
    fsutil::write_atomic(&path, doc.to_string().as_bytes(), &tmp, Some(0o600))?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_keys_are_read_and_compared_ignoring_case() {
        let s = parse("[private]\nabout = [\"Health\", \" family \"]\n").unwrap();
        assert!(s.is_private_about("health"));
        assert!(s.is_private_about("FAMILY"));
        assert!(!s.is_private_about("hobbies"));
        assert_eq!(parse("").unwrap(), Settings::default());
    }

    #[test]
    fn a_second_value_an_import_keeps_is_the_same_fact() {
        let s = parse("[private]\nabout = [\"note\"]\n").unwrap();
        for k in [
            "note",
            "vcard_note",
            "imported_note",
            "imported_note_2",
            "Note_3",
        ] {
            assert!(s.is_private_about(k), "{k}");
        }
        for k in ["notes", "footnote", "vcard_", "note_x", "keynote_2"] {
            assert!(!s.is_private_about(k), "{k}");
        }
    }

    #[test]
    fn a_setting_of_the_wrong_shape_is_refused_not_guessed() {
        assert!(
            parse("[private]\nabout = \"health\"\n")
                .unwrap_err()
                .contains("list")
        );
        assert!(parse("private = 1\n").unwrap_err().contains("table"));
        assert!(parse("[private\n").unwrap_err().contains("not valid TOML"));
    }
}
