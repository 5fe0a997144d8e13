//! `ties encrypt`: opt a vault in to encrypted private notes, or add a
//! recipient to one that is.

use std::process::ExitCode;

use anyhow::Result;

use super::Out;
use ties::config::Config;
use ties::store::Vault;
use ties::store::crypt::{self, RECIPIENTS_FILE};
use ties::store::seal;

/// A key as said on screen: its kind and comment, or its start.
fn key_name(k: &str) -> String {
    let parts: Vec<&str> = k.split_whitespace().collect();
    match parts.as_slice() {
        [kind, _, comment, ..] => format!("{kind} key {comment}"),
        [kind, body] => format!("{kind} key {}…", body.chars().take(16).collect::<String>()),
        _ => format!("{}…", k.chars().take(20).collect::<String>()),
    }
}

pub fn encrypt(out: &mut Out, config: &Config, vault: &Vault, add: &[String]) -> Result<ExitCode> {
    let first = !crypt::enabled(vault);
    let mut keys: Vec<String> = add.iter().map(|k| k.trim().to_string()).collect();
    let mut made = None;
    // A second machine with no key that opens the vault's notes (a
    // passphrase SSH key, none at all) gets an age identity of its own.
    let locked_out = !first && add.is_empty() && crypt::keys().is_empty();
    if locked_out && crypt::own_age_recipient().is_none() {
        let (path, public) = crypt::make_identity()?;
        keys.push(public);
        made = Some(path);
    }
    if first {
        // This machine's own keys come first, so what it writes it can read.
        keys.extend(crypt::usable_ssh_keys());
        keys.extend(crypt::own_age_recipient());
        if keys.len() == add.len() {
            let (path, public) = crypt::make_identity()?;
            keys.push(public);
            made = Some(path);
        }
    }
    let added = seal::add_recipients(vault, &keys)?;
    let sealed = seal::seal_existing(vault)?;
    if !sealed.is_empty() {
        // The caches held those words in the clear: built again from the
        // sealed files now, not at the next listing.
        let _ = ties::index::refresh(vault);
    }
    let unsealed = seal::unsealable(vault)?;
    let git = ties::sync::git::in_repository(vault.root());
    // `git diff` through the textconv from now on (`.gitattributes` too).
    let attributes = git && ties::sync::ensure_driver(vault)?;
    if config.autocommit != Some(false) && git {
        let mut files = vec![RECIPIENTS_FILE.to_string()];
        if attributes {
            files.push(".gitattributes".to_string());
        }
        files.extend(sealed.iter().map(|s| Vault::rel(s)));
        let what = if first {
            "encrypt private notes"
        } else {
            "add a recipient for private notes"
        };
        if let Err(e) = ties::sync::commit_files(vault, &files, what) {
            eprintln!("ties: saved, but not committed to git: {e}");
        }
    }
    if first {
        out.line(format!(
            "Private notes in this vault are now encrypted with age, for the keys in {}:",
            vault.root().join(RECIPIENTS_FILE).display()
        ));
    } else if added.is_empty() {
        out.line(format!(
            "{} already lists {}",
            RECIPIENTS_FILE,
            if keys.len() == 1 {
                "that key"
            } else {
                "those keys"
            }
        ));
    }
    for k in &added {
        out.line(format!("  {}", key_name(k)));
    }
    if !sealed.is_empty() {
        out.line(format!(
            "Encrypted the private entries already written in {} file{}",
            sealed.len(),
            if sealed.len() == 1 { "" } else { "s" }
        ));
    }
    for slug in &unsealed {
        eprintln!(
            "ties: {} does not parse, so its private entries are still in the clear; fix it with `ties edit {slug}`, then run `ties encrypt` again",
            Vault::rel(slug)
        );
    }
    if let Some(path) = &made {
        out.line(format!(
            "You had no SSH key ties can use, so it made an age identity: {}",
            path.display()
        ));
        out.line(
            "Copy that file to the same place on every machine that should read private notes; without it they show as \"private (locked)\".",
        );
    }
    if locked_out && made.is_some() {
        out.line(
            "Private notes written from now on can be read here; those written before stay locked here unless you copy a key that opens them to this machine.",
        );
    } else if !first && !added.is_empty() {
        out.line(
            "Entries written from now on are encrypted for them too; those written before stay readable only by the keys they were written for.",
        );
    }
    // Read again: the identity made above is not in the keys read before.
    let now = crypt::Keys::load(&crypt::identity_files());
    if now.is_empty() {
        let hint = now.hint().unwrap_or_else(|| {
            "no key on this machine opens them: copy the age identity here, or name one in $TIES_IDENTITY".into()
        });
        out.line(format!("This machine cannot read private notes: {hint}"));
    }
    // A file left in the clear is a failure a script must see.
    Ok(if unsealed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
