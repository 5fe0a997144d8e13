//! Opting a vault in to encryption: the recipients file, and sealing the
//! private entries already written, in place (toml_edit: comments, layout
//! and every other value stay as they were).

use std::fs;
use std::io;

use super::crypt::{self, RECIPIENTS_FILE, Recipients};
use super::sealtext::{self, may_need_sealing, needs_sealing, seal_file};
use super::settings::{self, Settings};
use super::write::update;
use super::{Result, StoreError, Vault, fsutil};

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

/// The person files (slugs) of a vault that encrypts holding private words
/// in the clear. Empty when the vault does not encrypt.
pub fn in_the_clear(vault: &Vault, keys: &crypt::Keys) -> Result<Vec<String>> {
    if !crypt::enabled(vault) {
        return Ok(Vec::new());
    }
    let settings = settings::load(vault)?;
    let mut found = Vec::new();
    for f in vault.scan()? {
        let path = vault.file_of(&f.slug);
        let bytes = fsutil::read_limited(&path).map_err(StoreError::io("read", &path))?;
        if !sealtext::may_need_sealing(&bytes, &settings) {
            continue;
        }
        // A file that does not parse is already reported as a problem.
        let Ok(loaded) = super::parse_loaded(&f.slug, &bytes) else {
            continue;
        };
        let p = &loaded.person;
        if sealtext::needs_sealing(p, &settings) || super::clear::plain_ticks(p, keys) > 0 {
            found.push(f.slug);
        }
    }
    Ok(found)
}

fn seal_with(vault: &Vault, slug: &str, to: &Recipients, settings: &Settings) -> Result<bool> {
    Ok(seal_file_of(vault, slug, to, settings)? == Sealing::Sealed)
}

/// What looking at one file for words in the clear found.
#[derive(Debug, PartialEq, Eq)]
pub enum Sealing {
    /// Nothing in the clear (any more than this machine can seal).
    Clean,
    /// Words in the clear, now sealed.
    Sealed,
    /// It does not parse and may hold private words: never written, so
    /// possibly still in the clear.
    Unsure,
}

fn seal_file_of(
    vault: &Vault,
    slug: &str,
    to: &Recipients,
    settings: &Settings,
) -> Result<Sealing> {
    let path = vault.file_of(slug);
    let bytes = fsutil::read_limited(&path).map_err(StoreError::io("read", &path))?;
    if !may_need_sealing(&bytes, settings) {
        return Ok(Sealing::Clean);
    }
    let Ok(loaded) = super::parse_loaded(slug, &bytes) else {
        // A file that does not parse is never written; [`unsealable`]
        // names it, since its private words may still be in the clear.
        return Ok(Sealing::Unsure);
    };
    if !needs_sealing(&loaded.person, settings)
        && super::clear::plain_ticks(&loaded.person, crypt::keys()) == 0
    {
        return Ok(Sealing::Clean);
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
        return Ok(Sealing::Sealed);
    }
    Ok(Sealing::Clean)
}

/// [`seal_existing`] for some files only (those a sync has not seen
/// clean): what each was found to be.
pub fn seal_these(vault: &Vault, slugs: &[&str]) -> Result<Vec<Sealing>> {
    let Some(to) = crypt::recipients(vault)? else {
        return Ok(slugs.iter().map(|_| Sealing::Clean).collect());
    };
    let settings = settings::load(vault)?;
    slugs
        .iter()
        .map(|slug| seal_file_of(vault, slug, &to, &settings))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
