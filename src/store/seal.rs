//! Opting a vault in to encryption: the recipients file, and sealing the
//! private entries already written, in place (toml_edit: comments, layout
//! and every other value stay as they were).

use std::fs;
use std::io;
use std::str::FromStr;

use toml_edit::{DocumentMut, Item, Value};

use super::crypt::{self, RECIPIENTS_FILE, Recipients};
use super::settings::{self, Settings};
use super::write::{nth_table_mut, set_keep_decor, toml_string, update};
use super::{Loaded, Result, StoreError, Vault, fsutil};
use crate::model::{Person, fold_ask, is_sealed};

/// Adds recipients to `recipients.txt` (made when missing, with a comment
/// saying what it is). Keys already listed are skipped. Returns the keys added.
pub fn add_recipients(vault: &Vault, keys: &[String]) -> Result<Vec<String>> {
    for k in keys {
        crypt::parse_recipient(k).map_err(StoreError::Refused)?;
    }
    let path = vault.root().join(RECIPIENTS_FILE);
    let mut text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::from(
            "# Who can read the private notes in this vault: one age key (age1...)\n# or SSH public key (ssh-ed25519, ssh-rsa) per line. Private entries\n# are encrypted to every key listed here when they are written.\n",
        ),
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    let listed: Vec<String> = crypt::recipient_lines(&text)
        .map(|l| key_part(l).to_string())
        .collect();
    let mut added = Vec::new();
    for k in keys {
        let k = k.trim();
        if listed.iter().any(|l| l == key_part(k)) || added.iter().any(|a: &String| a == k) {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(k);
        text.push('\n');
        added.push(k.to_string());
    }
    // A line already there that is no key would stop every seal after
    // this: refused now, before the file changes.
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if !l.is_empty() && !l.starts_with('#') {
            crypt::parse_recipient(l).map_err(|why| {
                StoreError::Refused(format!(
                    "{RECIPIENTS_FILE}:{}: {why}; fix that line first",
                    i + 1
                ))
            })?;
        }
    }
    if !added.is_empty() || !path.exists() {
        let tmp = vault.state_dir().join("tmp");
        fsutil::create_private_dir(&tmp)?;
        fsutil::write_atomic(&path, text.as_bytes(), &tmp, Some(0o600))?;
    }
    Ok(added)
}

/// An SSH key without its comment (`ssh-ed25519 AAAA... me@host`), so the
/// same key with another comment is not listed twice.
pub(super) fn key_part(line: &str) -> &str {
    let mut it = line.split_whitespace();
    match (it.next(), it.next()) {
        (Some(kind), Some(_)) if kind.starts_with("ssh-") => {
            let end = line.find(kind).unwrap_or(0) + kind.len();
            let rest = &line[end..];
            let body = rest.trim_start();
            let len = body.find(char::is_whitespace).unwrap_or(body.len());
            &line[..end + (rest.len() - body.len()) + len]
        }
        _ => line.trim(),
    }
}

/// Seals the text and asks of every private entry still written in the
/// clear, the ticks (`asked`) that name those asks, and the `[about]` facts
/// the vault's settings name, and forgets the undo steps of those files
/// (they hold the plain text). Returns the slugs of the files changed.
pub fn seal_existing(vault: &Vault) -> Result<Vec<String>> {
    let Some(to) = crypt::recipients(vault)? else {
        return Ok(Vec::new());
    };
    let settings = settings::load(vault)?;
    let mut changed = Vec::new();
    for f in vault.scan()? {
        if seal_with(vault, &f.slug, &to, &settings)? {
            changed.push(f.slug);
        }
    }
    Ok(changed)
}

/// The person files that may hold private words and do not parse, which
/// [`seal_existing`] could not look into: `ties encrypt` names them.
pub fn unsealable(vault: &Vault) -> Result<Vec<String>> {
    let settings = settings::load(vault)?;
    let mut found = Vec::new();
    for f in vault.scan()? {
        let path = vault.file_of(&f.slug);
        let Ok(bytes) = fsutil::read_limited(&path) else {
            continue;
        };
        if may_need_sealing(&bytes, &settings) && super::parse_loaded(&f.slug, &bytes).is_err() {
            found.push(f.slug);
        }
    }
    Ok(found)
}

/// [`seal_existing`] for one person (after `ties edit`): whether it
/// sealed anything.
pub fn seal_one(vault: &Vault, slug: &str) -> Result<bool> {
    match crypt::recipients(vault)? {
        Some(to) => seal_with(vault, slug, &to, &settings::load(vault)?),
        None => Ok(false),
    }
}

/// For the write path: a change about to land, sealed where the vault
/// encrypts and the change left words in the clear (`None`: nothing to
/// seal, or the vault does not encrypt).
pub(super) fn seal_change(vault: &Vault, new: &Loaded) -> Result<Option<String>> {
    if !crypt::enabled(vault) {
        return Ok(None);
    }
    let settings = settings::load(vault)?;
    if !needs_sealing(&new.person, &settings) {
        return Ok(None);
    }
    let Some(to) = crypt::recipients(vault)? else {
        return Ok(None);
    };
    let sealed = seal_file(&new.text, &new.person, &to, &settings)?;
    Ok((sealed != new.text).then_some(sealed))
}

/// Whether a file's bytes can hold anything to seal, without parsing it:
/// most files have no private entry and no private fact.
pub(super) fn may_need_sealing(bytes: &[u8], settings: &Settings) -> bool {
    // `\u0070rivate` is `private` too: a file with escapes is parsed.
    if memchr::memmem::find(bytes, b"private").is_some()
        || memchr::memmem::find(bytes, b"\\u").is_some()
        || memchr::memmem::find(bytes, b"\\U").is_some()
    {
        return true;
    }
    if settings.private_about.is_empty() || memchr::memmem::find(bytes, b"about").is_none() {
        return false;
    }
    // Facts are common; a file is parsed only if it names a private one.
    let lower = bytes.to_ascii_lowercase();
    settings
        .private_about
        .iter()
        .any(|k| memchr::memmem::find(&lower, k.trim().to_ascii_lowercase().as_bytes()).is_some())
}

fn seal_with(vault: &Vault, slug: &str, to: &Recipients, settings: &Settings) -> Result<bool> {
    let path = vault.file_of(slug);
    let bytes = fsutil::read_limited(&path).map_err(StoreError::io("read", &path))?;
    if !may_need_sealing(&bytes, settings) {
        return Ok(false);
    }
    let Ok(loaded) = super::parse_loaded(slug, &bytes) else {
        // A file that does not parse is never written; [`unsealable`]
        // names it, since its private words may still be in the clear.
        return Ok(false);
    };
    if !needs_sealing(&loaded.person, settings)
        && super::clear::plain_ticks(&loaded.person, crypt::keys()) == 0
    {
        return Ok(false);
    }
    let mut changed = false;
    update(vault, slug, |cur| {
        let text = seal_file(&cur.text, &cur.person, to, settings)?;
        changed = text != cur.text;
        Ok(text)
    })?;
    if changed {
        // The undo journal holds the file as it was: plain private text.
        super::journal::forget_person(vault, slug);
    }
    Ok(changed)
}

/// Whether anything the vault encrypts is still in the clear in `p`.
pub fn needs_sealing(p: &Person, settings: &Settings) -> bool {
    p.log.iter().any(|e| e.private && entry_needs_sealing(e))
        || p.about
            .iter()
            .any(|(k, v)| about_needs_sealing(k, v, settings))
}

fn about_needs_sealing(key: &str, value: &str, settings: &Settings) -> bool {
    settings.is_private_about(key) && !value.trim().is_empty() && !is_sealed(value)
}

fn entry_needs_sealing(e: &crate::model::Entry) -> bool {
    !is_sealed(&e.text) || e.ask.iter().any(|a| !is_sealed(a))
}

fn sealed_value(s: &str, to: &Recipients) -> Result<Value> {
    let mut v = Value::from_str(&toml_string(&crypt::seal(s, to)?))
        .map_err(|e| StoreError::Refused(format!("could not write the text: {e}")))?;
    v.decor_mut().clear();
    Ok(v)
}

pub(crate) fn seal_file(
    text: &str,
    p: &Person,
    to: &Recipients,
    settings: &Settings,
) -> Result<String> {
    let mut doc = DocumentMut::from_str(text).map_err(|e| StoreError::Refused(e.to_string()))?;
    // Plain ask -> its sealed value, so ticks of it can be sealed the same.
    let mut ticks: Vec<(String, String)> = Vec::new();
    for e in p.log.iter().filter(|e| e.private && entry_needs_sealing(e)) {
        let t = nth_table_mut(doc.as_table_mut(), "log", e.pos).ok_or_else(|| {
            StoreError::Refused(format!("log entry {} is not a table", e.pos + 1))
        })?;
        if !is_sealed(&e.text) {
            set_keep_decor(t, "text", sealed_value(&e.text, to)?);
        }
        if e.ask.iter().any(|a| !is_sealed(a)) {
            let mut arr = toml_edit::Array::new();
            for a in &e.ask {
                if is_sealed(a) {
                    arr.push(a.as_str());
                } else {
                    let v = sealed_value(a, to)?;
                    if let Some(s) = v.as_str() {
                        ticks.push((fold_ask(a), s.to_string()));
                    }
                    arr.push(v);
                }
            }
            // A single-string `ask = "..."` becomes a list of one.
            match t.get_mut("ask") {
                Some(Item::Value(old)) => {
                    let decor = old.decor().clone();
                    *old = Value::Array(arr);
                    *old.decor_mut() = decor;
                }
                _ => set_keep_decor(t, "ask", Value::Array(arr)),
            }
        }
    }
    if !ticks.is_empty() {
        for e in p.log.iter() {
            let Some(asked) = &e.asked else { continue };
            if !asked
                .iter()
                .any(|a| ticks.iter().any(|(plain, _)| *plain == fold_ask(a)))
            {
                continue;
            }
            let Some(t) = nth_table_mut(doc.as_table_mut(), "log", e.pos) else {
                continue;
            };
            let mut arr = toml_edit::Array::new();
            for a in asked {
                match ticks.iter().find(|(plain, _)| *plain == fold_ask(a)) {
                    Some((_, sealed)) => arr.push(sealed.as_str()),
                    None => arr.push(a.as_str()),
                }
            }
            set_keep_decor(t, "asked", Value::Array(arr));
        }
    }
    seal_about(&mut doc, p, to, settings)?;
    // A tick in the clear of an ask sealed before (ticked by hand).
    super::clear::seal_plain_ticks(&mut doc, crypt::keys());
    Ok(doc.to_string())
}

/// Seals the `[about]` facts the settings name. A fact written as a table
/// of its own (`[about.family]`, `family.kids = ...`) is sealed whole, as
/// the text ties shows for it: its words matter more than its shape.
fn seal_about(
    doc: &mut DocumentMut,
    p: &Person,
    to: &Recipients,
    settings: &Settings,
) -> Result<()> {
    let todo: Vec<(&str, &str)> = p
        .about
        .iter()
        .filter(|(k, v)| about_needs_sealing(k, v, settings))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    // `[about.family]` alone leaves `[about]` implicit: it must be written
    // out to hold the sealed value.
    if let Some(Item::Table(t)) = doc.get_mut("about") {
        t.set_implicit(false);
    }
    let Some(about) = doc.get_mut("about").and_then(Item::as_table_like_mut) else {
        return Ok(());
    };
    for (k, v) in todo {
        match about.get(k) {
            Some(Item::Value(_)) => set_keep_decor(about, k, sealed_value(v, to)?),
            Some(_) => {
                about.insert(k, Item::Value(sealed_value(v, to)?));
            }
            None => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_naming_something_private_are_parsed_to_seal() {
        let s = Settings {
            private_about: vec!["Health".into()],
        };
        assert!(may_need_sealing(b"[about]\nhealth = \"x\"\n", &s));
        assert!(may_need_sealing(b"[[log]]\nprivate = true\n", &s));
        assert!(!may_need_sealing(b"[about]\nhobbies = \"x\"\n", &s));
        assert!(!may_need_sealing(
            b"[about]\nhealth = \"x\"\n",
            &Settings::default()
        ));
    }

    #[test]
    fn an_ssh_key_is_the_same_key_whatever_its_comment() {
        assert_eq!(
            key_part("ssh-ed25519 AAAAC3Nza me@laptop"),
            "ssh-ed25519 AAAAC3Nza"
        );
        assert_eq!(key_part("ssh-ed25519 AAAAC3Nza"), "ssh-ed25519 AAAAC3Nza");
        assert_eq!(key_part(" age1xyz "), "age1xyz");
    }
}
