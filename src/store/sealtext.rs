//! Sealing a person file's text: the private words a vault encrypts that
//! are still in the clear (the text and asks of private entries, ticks of
//! their asks, the `[about]` facts `vault.toml` names) become age armor,
//! everything else in the file as it was. Pure text in, text out: the write
//! path calls it on every change ([`seal_change`]), `ties encrypt` and
//! `ties sync` on whole files.

use std::str::FromStr;

use toml_edit::{DocumentMut, Item, Value};

use super::crypt::{self, Recipients};
use super::settings::{self, Settings};
use super::tomlput::{nth_table_mut, set_keep_decor, toml_string};
use super::{Loaded, Result, StoreError, Vault};
use crate::model::{Person, fold_ask, is_sealed};

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
pub fn may_need_sealing(bytes: &[u8], settings: &Settings) -> bool {
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

pub fn seal_file(text: &str, p: &Person, to: &Recipients, settings: &Settings) -> Result<String> {
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
}
