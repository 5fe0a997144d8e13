//! When the list of recipients changes: taking a key out of
//! `recipients.txt`, and encrypting again, for everyone listed now, every
//! sealed value this machine can open. Values no key here opens stay as
//! they are (ties never rewrites what it cannot read) and are counted, so
//! the user knows to run `ties encrypt --rewrap` on a machine that opens them.

use std::collections::HashMap;
use std::fs;
use std::str::FromStr;

use toml_edit::{DocumentMut, Value};

use super::crypt::{self, Keys, RECIPIENTS_FILE, Recipients};
use super::seal::key_part;
use super::write::{toml_string, update};
use super::{Result, StoreError, Vault, fsutil};
use crate::model::{ARMOR_BEGIN, is_sealed};

/// What a re-encryption did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rewrapped {
    /// The person files rewritten (slugs).
    pub files: Vec<String>,
    /// The sealed values no key here opens, left as they were.
    pub locked: usize,
    /// The files holding those values (slugs).
    pub locked_files: Vec<String>,
}

/// Takes `remove` out of `recipients.txt` (each matched whatever its SSH
/// comment), every other line, comment and line ending kept, in one write
/// once every key is known to be listed and some key is left. Returns the
/// lines removed.
pub fn remove_recipients(
    vault: &Vault,
    remove: &[String],
    keys: &Keys,
    force: bool,
) -> Result<Vec<String>> {
    let path = vault.root().join(RECIPIENTS_FILE);
    let text = fs::read_to_string(&path).map_err(StoreError::io("read", &path))?;
    let wanted: Vec<&str> = remove.iter().map(|k| key_part(k)).collect();
    fn listed(l: &str) -> Option<&str> {
        let l = l.trim();
        (!l.is_empty() && !l.starts_with('#')).then(|| key_part(l))
    }
    for want in &wanted {
        if !text.lines().any(|l| listed(l) == Some(want)) {
            return Err(StoreError::Refused(format!(
                "{RECIPIENTS_FILE} does not list the key `{}`; nothing was removed",
                want.chars().take(60).collect::<String>()
            )));
        }
    }
    let is_it = |l: &str| listed(l).is_some_and(|k| wanted.contains(&k));
    let removed: Vec<String> = text
        .lines()
        .filter(|l| is_it(l))
        .map(|l| l.trim().to_string())
        .collect();
    let kept: String = text.split_inclusive('\n').filter(|l| !is_it(l)).collect();
    let left: Vec<&str> = crypt::recipient_lines(&kept).collect();
    if left.is_empty() {
        return Err(StoreError::Refused(format!(
            "that would leave no key in {RECIPIENTS_FILE}: no one could read private notes written from then on; add the key that replaces it first (`ties encrypt --add KEY`)"
        )));
    }
    if !force && !opens_what_is_sealed_for(keys, &left) {
        return Err(StoreError::Refused(format!(
            "no key left in {RECIPIENTS_FILE} is one this machine has, so it could not read the private notes it writes from then on (nor re-encrypt them); add one of its keys first, or pass --force if that is what you want"
        )));
    }
    let tmp = vault.state_dir().join("tmp");
    fsutil::create_private_dir(&tmp)?;
    fsutil::write_atomic(&path, kept.as_bytes(), &tmp, Some(0o600))?;
    Ok(removed)
}

/// Whether this machine (`keys`) can read what it seals for the keys the
/// vault lists now.
pub fn reads_what_it_writes(vault: &Vault, keys: &Keys) -> bool {
    let text = fs::read_to_string(vault.root().join(RECIPIENTS_FILE)).unwrap_or_default();
    let lines: Vec<&str> = crypt::recipient_lines(&text).collect();
    opens_what_is_sealed_for(keys, &lines)
}

/// Whether `keys` open a value sealed for the recipients `lines`: the one
/// honest test that this machine is among them (an SSH identity does not
/// name its public key).
fn opens_what_is_sealed_for(keys: &Keys, lines: &[&str]) -> bool {
    let Ok(to) = Recipients::parse(lines) else {
        return false;
    };
    crypt::seal("ties", &to).is_ok_and(|probe| keys.open(&probe).is_some())
}

/// Encrypts again, for the recipients listed now, every sealed value of
/// every person file that `keys` open, in place (toml_edit: comments and
/// layout stay); a tick (`asked`) that is a sealed ask's armored value
/// becomes that ask's new value, so they still match. Forgets the undo
/// steps of the files rewritten (they hold the values as they were).
pub fn rewrap(vault: &Vault, keys: &Keys) -> Result<Rewrapped> {
    let Some(to) = crypt::recipients(vault)? else {
        return Ok(Rewrapped::default());
    };
    let mut done = Rewrapped::default();
    for f in vault.scan()? {
        let path = vault.file_of(&f.slug);
        let bytes = fsutil::read_limited(&path).map_err(StoreError::io("read", &path))?;
        if memchr::memmem::find(&bytes, ARMOR_BEGIN.as_bytes()).is_none() {
            continue;
        }
        // A file that does not parse is never written.
        let Ok(loaded) = super::parse_loaded(&f.slug, &bytes) else {
            continue;
        };
        let (_, seen) = rewrap_text(&loaded.text, keys, None)?;
        if seen.locked > 0 {
            done.locked += seen.locked;
            done.locked_files.push(f.slug.clone());
        }
        if seen.opened == 0 {
            continue;
        }
        update(vault, &f.slug, |cur| {
            Ok(rewrap_text(&cur.text, keys, Some(&to))?.0)
        })?;
        super::journal::forget_person(vault, &f.slug);
        done.files.push(f.slug);
    }
    Ok(done)
}

#[derive(Default)]
struct Seen {
    opened: usize,
    locked: usize,
}

/// A person file's text with its sealed values encrypted again for `to`
/// (`None`: only count what opens). One armored value found twice (an ask
/// and its tick) gets one new value.
fn rewrap_text(text: &str, keys: &Keys, to: Option<&Recipients>) -> Result<(String, Seen)> {
    let mut doc = DocumentMut::from_str(text).map_err(|e| StoreError::Refused(e.to_string()))?;
    let mut memo: HashMap<String, Option<String>> = HashMap::new();
    let mut seen = Seen::default();
    let mut err = None;
    let mut each = |v: &mut Value| {
        let Some(s) = v.as_str().filter(|s| is_sealed(s)) else {
            return;
        };
        let key = s.trim().to_string();
        let new = memo.entry(key).or_insert_with_key(|k| {
            let plain = keys.open(k)?;
            match to {
                Some(to) => crypt::seal(&plain, to).map_err(|e| err = Some(e)).ok(),
                None => Some(String::new()),
            }
        });
        match new {
            Some(new) => {
                seen.opened += 1;
                if to.is_some() {
                    let decor = v.decor().clone();
                    if let Ok(mut nv) = Value::from_str(&toml_string(new)) {
                        *nv.decor_mut() = decor;
                        *v = nv;
                    }
                }
            }
            None => seen.locked += 1,
        }
    };
    // Ticks written in the clear naming a sealed ask take its armor first,
    // so the walk below gives both the same new value.
    if to.is_some() {
        super::clear::seal_plain_ticks(&mut doc, keys);
    }
    super::tomlput::each_value_mut(&mut doc, &mut each);
    match err {
        Some(e) => Err(e),
        None => Ok((doc.to_string(), seen)),
    }
}
