//! `ties encrypt`: opt a vault in to encrypted private notes, add or remove
//! a recipient (encrypting again what this machine opens, in one commit),
//! or encrypt again for the keys listed (`--rewrap`).

use std::process::ExitCode;

use anyhow::Result;

use super::Out;
use ties::config::Config;
use ties::store::Vault;
use ties::store::crypt::{self, RECIPIENTS_FILE};
use ties::store::rewrap::{self, Rewrapped};
use ties::store::seal;
use ties::store::settings::{self, SETTINGS_FILE};

/// A key as said on screen: its kind and comment, or its start.
fn key_name(k: &str) -> String {
    let parts: Vec<&str> = k.split_whitespace().collect();
    match parts.as_slice() {
        [kind, _, comment, ..] => format!("{kind} key {comment}"),
        [kind, body] => format!("{kind} key {}…", body.chars().take(16).collect::<String>()),
        _ => format!("{}…", k.chars().take(20).collect::<String>()),
    }
}

/// Whether the vault has a recipients file that lists no key (every line
/// deleted or commented out): `ties encrypt` then lists this machine's own.
fn lists_no_key(vault: &Vault) -> bool {
    std::fs::read_to_string(vault.root().join(RECIPIENTS_FILE))
        .is_ok_and(|t| crypt::recipient_lines(&t).next().is_none())
}

pub fn encrypt(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    add: &[String],
    about: &[String],
) -> Result<ExitCode> {
    let opted_in = crypt::enabled(vault);
    // Named before sealing, so the facts already written are sealed too.
    let facts = settings::add_private_about(vault, about)?;
    let emptied = opted_in && lists_no_key(vault);
    // An emptied list is taken as a first time: this machine's keys go in.
    let first = !opted_in || emptied;
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
    // A key added to a list in use: what is sealed already is sealed
    // again for everyone listed now (the keys read again: one may be new).
    let rewrapped = if opted_in && !added.is_empty() {
        rewrap::rewrap(vault, &crypt::Keys::load(&crypt::identity_files()))?
    } else {
        Rewrapped::default()
    };
    let sealed = seal::seal_existing(vault)?;
    if !sealed.is_empty() {
        // The caches held those words in the clear: built again from the
        // sealed files now, not at the next listing.
        let _ = ties::index::refresh(vault);
    }
    let unsealed = seal::unsealable(vault)?;
    // Indexed before: private words in the clear, under `.ties/`.
    ties::index::purge::forget_word_caches(vault)?;
    if !opted_in || !facts.is_empty() {
        // Undo steps from before may hold private words no file holds
        // any more (a note or fact deleted since), so nothing would seal
        // them.
        ties::store::journal::forget_all(vault);
    }
    let what = if !opted_in {
        "encrypt private notes"
    } else if emptied {
        "list this machine's keys for private notes"
    } else if !facts.is_empty() && added.is_empty() {
        "encrypt more [about] facts"
    } else {
        "add a recipient for private notes"
    };
    commit(config, vault, &sealed, &rewrapped, what)?;
    if emptied {
        out.line(format!(
            "{RECIPIENTS_FILE} listed no key, so this machine's are listed again:"
        ));
    } else if first {
        out.line(format!(
            "Private notes in this vault are now encrypted with age, for the keys in {}:",
            vault.root().join(RECIPIENTS_FILE).display()
        ));
    } else if added.is_empty() && about.is_empty() {
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
    if !facts.is_empty() {
        out.line(format!(
            "[about] facts encrypted from now on (listed in {SETTINGS_FILE}): {}",
            settings::load(vault)?.private_about.join(", ")
        ));
    } else if !about.is_empty() {
        out.line(format!(
            "{SETTINGS_FILE} already lists {}",
            about.join(", ")
        ));
    }
    if !sealed.is_empty() {
        out.line(format!(
            "Encrypted the private entries {}already written in {} file{}",
            if settings::load(vault)?.private_about.is_empty() {
                ""
            } else {
                "and facts "
            },
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
            "Private notes written from now on can be read here. For those written before: sync, then run `ties encrypt --rewrap` on a machine that reads them (or copy a key that opens them to this machine).",
        );
    } else if !first && !added.is_empty() {
        say_rewrapped(out, &rewrapped, "everyone listed");
        say_locked(out, &rewrapped, None);
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

/// One commit: recipients.txt, `.gitattributes` when the textconv was just
/// set up, and every person file rewritten.
fn commit(
    config: &Config,
    vault: &Vault,
    sealed: &[String],
    rewrapped: &Rewrapped,
    what: &str,
) -> Result<()> {
    if !ties::sync::git::in_repository(vault.root()) {
        return Ok(());
    }
    // `git diff` through the textconv from now on (`.gitattributes` too).
    let attributes = ties::sync::ensure_driver(vault)?;
    if config.autocommit == Some(false) {
        return Ok(());
    }
    let mut files = vec![RECIPIENTS_FILE.to_string()];
    if attributes {
        files.push(".gitattributes".to_string());
    }
    // The facts the vault encrypts, when it names any (`--about`).
    if vault.root().join(SETTINGS_FILE).is_file() {
        files.push(SETTINGS_FILE.to_string());
    }
    for slug in rewrapped.files.iter().chain(sealed) {
        let rel = Vault::rel(slug);
        if !files.contains(&rel) {
            files.push(rel);
        }
    }
    if let Err(e) = ties::sync::commit_files(vault, &files, what) {
        eprintln!("ties: saved, but not committed to git: {e}");
    }
    Ok(())
}

fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

fn say_rewrapped(out: &mut Out, r: &Rewrapped, whom: &str) {
    if !r.files.is_empty() {
        out.line(format!(
            "Encrypted the private values this machine can open again, for {whom}, in {}.",
            files(r.files.len())
        ));
    }
}

/// The values no key here opens, and where to run `--rewrap`. `removed`:
/// the key taken out, which can still read them.
fn say_locked(out: &mut Out, r: &Rewrapped, removed: Option<&str>) {
    if r.locked == 0 {
        return;
    }
    let who = match removed {
        Some(k) => format!("so {k} can still read them"),
        None => "so they stay readable only by the keys they were written for".into(),
    };
    out.line(format!(
        "{} private value{} in {} no key on this machine opens were left as they were, {who}; run `ties encrypt --rewrap` on a machine whose key opens them.",
        r.locked,
        if r.locked == 1 { "" } else { "s" },
        files(r.locked_files.len()),
    ));
}

fn not_encrypting(vault: &Vault) -> anyhow::Error {
    anyhow::anyhow!(
        "{} has no {RECIPIENTS_FILE}, so it does not encrypt private notes; `ties encrypt` opts it in",
        vault.root().display()
    )
}

/// Everything this machine opens encrypted again for the keys listed now,
/// anything still in the clear sealed, all in one commit named `what`.
fn reseal(config: &Config, vault: &Vault, keys: &crypt::Keys, what: &str) -> Result<Rewrapped> {
    let rewrapped = rewrap::rewrap(vault, keys)?;
    let sealed = seal::seal_existing(vault)?;
    commit(config, vault, &sealed, &rewrapped, what)?;
    Ok(rewrapped)
}

/// `ties encrypt --rewrap`: encrypt again, for every key listed, what this
/// machine opens (after a change of keys made on a machine that could not).
pub fn rewrap(out: &mut Out, config: &Config, vault: &Vault) -> Result<ExitCode> {
    if !crypt::enabled(vault) {
        return Err(not_encrypting(vault));
    }
    let keys = crypt::Keys::load(&crypt::identity_files());
    let rewrapped = reseal(
        config,
        vault,
        &keys,
        "encrypt private notes again for the keys in recipients.txt",
    )?;
    if rewrapped.files.is_empty() && rewrapped.locked == 0 {
        out.line("No private value is encrypted in this vault yet; nothing to do.");
    }
    say_rewrapped(out, &rewrapped, "every key in recipients.txt");
    say_locked(out, &rewrapped, None);
    Ok(ExitCode::SUCCESS)
}

/// `ties encrypt --remove KEY`: the key leaves recipients.txt and what this
/// machine opens is encrypted again for the keys left, in one commit.
pub fn remove(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    remove: &[String],
    force: bool,
) -> Result<ExitCode> {
    if !crypt::enabled(vault) {
        return Err(not_encrypting(vault));
    }
    let keys = crypt::Keys::load(&crypt::identity_files());
    let removed = rewrap::remove_recipients(vault, remove, &keys, force)?;
    let rewrapped = reseal(config, vault, &keys, "remove a recipient of private notes")?;
    let names: Vec<String> = removed.iter().map(|k| key_name(k)).collect();
    let names = names.join(", ");
    out.line(format!("Removed from {RECIPIENTS_FILE}: {names}"));
    say_rewrapped(out, &rewrapped, "the keys left");
    say_locked(out, &rewrapped, Some(&names));
    out.line(format!(
        "Old commits, and every copy of the vault made before now, stay readable with {names}: git keeps every version, and encrypting again cannot take back what that key could already read."
    ));
    if !rewrap::reads_what_it_writes(vault, &keys) {
        out.line(
            "No key left is one this machine has: it cannot read the private notes written from now on.",
        );
    }
    Ok(ExitCode::SUCCESS)
}
