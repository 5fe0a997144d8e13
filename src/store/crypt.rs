//! Private text encrypted with age: the `text` and `ask` of `private = true`
//! entries are written as ASCII-armored age values once the vault lists
//! recipients in `recipients.txt` (git carries it). Everything else in a
//! person file stays plain. Parsing never decrypts (so the index and every
//! cache under `.ties/` only ever see the armored value); readers that show
//! a person open it with [`open_person`], using identities parsed once per
//! process.

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::model::{Person, is_sealed};

use super::{Result, StoreError, Vault, fsutil};

/// The file at the vault's root listing who can read private text.
pub const RECIPIENTS_FILE: &str = "recipients.txt";
/// The age identity ties makes when the user has no usable key, next to config.toml.
pub const IDENTITY_FILE: &str = "identity.txt";

type BoxedRecipient = Box<dyn age::Recipient + Send>;
type BoxedIdentity = Box<dyn age::Identity + Send + Sync>;

/// Parses one recipient: an age key (`age1…`) or an SSH public key
/// (`ssh-ed25519 …`, `ssh-rsa …`).
pub fn parse_recipient(line: &str) -> std::result::Result<BoxedRecipient, String> {
    let line = line.trim();
    if line.starts_with("age1") {
        return line
            .parse::<age::x25519::Recipient>()
            .map(|r| Box::new(r) as BoxedRecipient)
            .map_err(|e| format!("`{}` is not an age key ({e})", short(line)));
    }
    if line.starts_with("ssh-") {
        return line
            .parse::<age::ssh::Recipient>()
            .map(|r| Box::new(r) as BoxedRecipient)
            .map_err(|e| {
                format!(
                    "`{}` is not an SSH key age can use ({e:?}); use ssh-ed25519 or ssh-rsa",
                    short(line)
                )
            });
    }
    Err(format!(
        "`{}` is neither an age key (age1…) nor an SSH public key (ssh-ed25519 …, ssh-rsa …)",
        short(line)
    ))
}

fn short(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    s
}

/// The recipients a vault encrypts to.
pub struct Recipients {
    list: Vec<BoxedRecipient>,
}

impl Recipients {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Recipients from key lines (as [`recipient_lines`] gives them).
    pub fn parse(lines: &[&str]) -> std::result::Result<Recipients, String> {
        let list = lines
            .iter()
            .map(|l| parse_recipient(l))
            .collect::<std::result::Result<_, _>>()?;
        Ok(Recipients { list })
    }
}

/// The lines of a recipients file that name a key (no comments, no blanks).
pub fn recipient_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether the vault has opted in to encryption (it has `recipients.txt`).
pub fn enabled(vault: &Vault) -> bool {
    vault.root().join(RECIPIENTS_FILE).is_file()
}

/// The vault's recipients: `None` when it has not opted in. A file that
/// lists none, or a line that is no key, is an error naming the file: ties
/// never falls back to writing private text in the clear.
pub fn recipients(vault: &Vault) -> Result<Option<Recipients>> {
    let path = vault.root().join(RECIPIENTS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        // Gone from the folder while git still has it (deleted by hand, a
        // checkout gone wrong): the vault encrypts, and a private note
        // written now would go out in the clear.
        Err(e) if e.kind() == io::ErrorKind::NotFound && tracked_by_git(vault, RECIPIENTS_FILE) => {
            return Err(StoreError::Refused(format!(
                "{RECIPIENTS_FILE} is missing but git still has it, so private text cannot be encrypted; bring it back with `git -C {} checkout -- {RECIPIENTS_FILE}`",
                shell_words::quote(&vault.root().to_string_lossy())
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io("read", &path)(e)),
    };
    let mut list = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        list.push(
            parse_recipient(l).map_err(|why| {
                StoreError::Refused(format!("{RECIPIENTS_FILE}:{}: {why}", i + 1))
            })?,
        );
    }
    if list.is_empty() {
        return Err(StoreError::Refused(format!(
            "{RECIPIENTS_FILE} lists no key, so private text cannot be encrypted; `ties encrypt` lists this machine's keys again, `ties encrypt --add KEY` another"
        )));
    }
    Ok(Some(Recipients { list }))
}

/// Whether the vault's git knows `file` (at HEAD or staged): asked only
/// when the file is missing, before writing private words.
pub(super) fn tracked_by_git(vault: &Vault, file: &str) -> bool {
    // Git's index names every tracked path in the clear: a file it does
    // not name is not tracked, without starting git on every save.
    // (A `.git` file, a worktree's, points elsewhere: git is asked.)
    let git = vault.root().join(".git");
    let named = !git.is_dir()
        || fs::read(git.join("index"))
            .is_ok_and(|b| memchr::memmem::find(&b, file.as_bytes()).is_some());
    git.exists()
        && named
        && std::process::Command::new("git")
            .arg("-C")
            .arg(vault.root())
            .args(["ls-files", "--error-unmatch", "--", file])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Encrypts `plain` to every recipient, as an ASCII-armored string.
pub fn seal(plain: &str, to: &Recipients) -> Result<String> {
    use std::io::Write;
    let failed = |e: &dyn std::fmt::Display| {
        StoreError::Refused(format!("could not encrypt the private text: {e}"))
    };
    let enc = age::Encryptor::with_recipients(to.list.iter().map(|r| r.as_ref() as _))
        .map_err(|e| failed(&e))?;
    let mut out = Vec::with_capacity(plain.len() * 2 + 400);
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .map_err(|e| failed(&e))?;
    let mut w = enc.wrap_output(armor).map_err(|e| failed(&e))?;
    w.write_all(plain.as_bytes()).map_err(|e| failed(&e))?;
    w.finish()
        .and_then(|a| a.finish())
        .map_err(|e| failed(&e))?;
    String::from_utf8(out).map_err(|e| failed(&e))
}

/// The identities this machine can decrypt with, and the keys it found but
/// cannot use (a passphrase-protected SSH key), for a plain-words hint.
pub struct Keys {
    ids: Vec<BoxedIdentity>,
    /// Each key file that could not be used, and why.
    pub unusable: Vec<(PathBuf, String)>,
    /// The files whose identities were read.
    pub used: Vec<PathBuf>,
}

/// The identity ties makes and reads in the config folder, next to config.toml.
pub fn identity_path() -> Option<PathBuf> {
    crate::config::config_path().and_then(|c| c.parent().map(|d| d.join(IDENTITY_FILE)))
}

/// The key files ties looks at: `$TIES_IDENTITY`, the age identity in the
/// config folder, `~/.ssh/id_ed25519` and `~/.ssh/id_rsa`.
pub fn identity_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(p) = std::env::var_os("TIES_IDENTITY").filter(|p| !p.is_empty()) {
        out.push(PathBuf::from(p));
    }
    out.extend(identity_path());
    if let Some(home) = std::env::var_os("HOME") {
        let ssh = Path::new(&home).join(".ssh");
        out.push(ssh.join("id_ed25519"));
        out.push(ssh.join("id_rsa"));
    }
    out
}

impl Keys {
    /// Reads the identities in `files` (missing ones are skipped).
    pub fn load(files: &[PathBuf]) -> Keys {
        let mut keys = Keys {
            ids: Vec::new(),
            unusable: Vec::new(),
            used: Vec::new(),
        };
        for f in files {
            let Ok(text) = fs::read_to_string(f) else {
                continue;
            };
            match identities_in(f, &text) {
                Ok(ids) if !ids.is_empty() => {
                    keys.ids.extend(ids);
                    keys.used.push(f.clone());
                }
                Ok(_) => {}
                Err(why) => keys.unusable.push((f.clone(), why)),
            }
        }
        keys
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The plaintext of an armored value, when one of these keys opens it.
    pub fn open(&self, armored: &str) -> Option<String> {
        use std::io::Read;
        if self.ids.is_empty() {
            return None;
        }
        let reader = age::armor::ArmoredReader::new(armored.trim().as_bytes());
        let dec = age::Decryptor::new_buffered(reader).ok()?;
        // A passphrase (scrypt) value would cost a deliberate second per
        // value: ties never writes one, and never tries one.
        if dec.is_scrypt() {
            return None;
        }
        let mut r = dec.decrypt(self.ids.iter().map(|i| i.as_ref() as _)).ok()?;
        let mut out = String::new();
        r.read_to_string(&mut out).ok()?;
        Some(out)
    }

    /// One sentence on keys found that cannot be used, if any.
    pub fn hint(&self) -> Option<String> {
        let (path, why) = self.unusable.first()?;
        Some(format!(
            "{} {why}; make a plain age identity with `ties encrypt` (it goes in {}) or name one in $TIES_IDENTITY",
            path.display(),
            identity_path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "the config folder".into())
        ))
    }
}

fn identities_in(path: &Path, text: &str) -> std::result::Result<Vec<BoxedIdentity>, String> {
    if text.contains("AGE-SECRET-KEY-") {
        let file = age::IdentityFile::from_buffer(text.as_bytes())
            .map_err(|e| format!("is not an age identity file ({e})"))?;
        return file
            .into_identities()
            .map_err(|e| format!("is not an age identity file ({e})"));
    }
    let name = path.display().to_string();
    match age::ssh::Identity::from_buffer(text.as_bytes(), Some(name)) {
        Ok(age::ssh::Identity::Unencrypted(k)) => Ok(vec![Box::new(age::ssh::Identity::from(k))]),
        Ok(age::ssh::Identity::Encrypted(_)) => Err(
            "is protected by a passphrase, so ties cannot use it (asking for it on every read would be slow by design)"
                .into(),
        ),
        Ok(age::ssh::Identity::Unsupported(_)) => Err("is a kind of SSH key age cannot use".into()),
        Err(_) => Ok(Vec::new()),
    }
}

/// This machine's identities, read once per process and only when a value
/// needs them.
pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys::load(&identity_files()))
}

/// Decrypts the sealed values of a person's entries in place, with this
/// machine's keys; values no key opens stay armored (shown as locked).
pub fn open_person(p: &mut Person) {
    open_person_with(p, keys_if_needed(p));
}

fn keys_if_needed(p: &Person) -> Option<&'static Keys> {
    (p.log.iter().any(|e| e.has_sealed()) || p.about.iter().any(|(_, v)| is_sealed(v))).then(keys)
}

/// [`open_person`] with explicit keys (`None`: nothing to open).
pub fn open_person_with(p: &mut Person, keys: Option<&Keys>) {
    let Some(keys) = keys else { return };
    for (_, v) in p.about.iter_mut().filter(|(_, v)| is_sealed(v)) {
        if let Some(t) = keys.open(v) {
            *v = t;
        }
    }
    for e in p.log.iter_mut().filter(|e| e.has_sealed()) {
        if is_sealed(&e.text)
            && let Some(t) = keys.open(&e.text)
        {
            e.text = t;
        }
        for a in e.ask.iter_mut().chain(e.asked.iter_mut().flatten()) {
            if is_sealed(a)
                && let Some(t) = keys.open(a)
            {
                *a = t;
            }
        }
    }
}

/// The `asked` values a new entry writes: a tick of an encrypted ask is
/// that ask's own armored value, so the tick says nothing in the clear,
/// and ticks and asks match as written on a machine without the key too.
/// `cur` is the person as the file says (asks still armored).
pub fn ticks_for(cur: &Person, asked: &[&str]) -> Vec<String> {
    // The open asks first, then every other: another process may have
    // ticked the ask since its number was read (found by the chaos test),
    // and a second tick is harmless where its words in the clear are not.
    let mut sealed: Vec<&str> = cur
        .pending_asks()
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| is_sealed(a))
        .collect();
    for a in cur.log.iter().flat_map(|e| e.ask.iter()) {
        let a = a.trim();
        if is_sealed(a) && !sealed.contains(&a) {
            sealed.push(a);
        }
    }
    let mut opened: Option<Vec<(String, &str)>> = None;
    asked
        .iter()
        .map(|t| {
            if sealed.is_empty() || is_sealed(t) {
                return t.to_string();
            }
            let opened = opened.get_or_insert_with(|| {
                sealed
                    .iter()
                    .filter_map(|a| Some((crate::model::fold_ask(&keys().open(a)?), *a)))
                    .collect()
            });
            let want = crate::model::fold_ask(t);
            opened
                .iter()
                .find(|(plain, _)| *plain == want)
                .map_or_else(|| t.to_string(), |(_, a)| a.to_string())
        })
        .collect()
}

/// A value as it can be shown: plain as written, sealed decrypted with
/// this machine's keys, else "private (locked)".
pub fn reveal(s: &str) -> Cow<'_, str> {
    if !is_sealed(s) {
        return Cow::Borrowed(s);
    }
    match keys().open(s) {
        Some(t) => Cow::Owned(t),
        None => Cow::Borrowed(crate::model::LOCKED),
    }
}

/// Makes an age identity in the config folder (0600) and returns its path
/// and public key. Refused when one is already there.
pub fn make_identity() -> Result<(PathBuf, String)> {
    use age::secrecy::ExposeSecret;
    let path = identity_path()
        .ok_or_else(|| StoreError::Refused("there is no config folder on this system".into()))?;
    if path.exists() {
        return Err(StoreError::Refused(format!(
            "{} already exists; ties does not overwrite a key",
            path.display()
        )));
    }
    let id = age::x25519::Identity::generate();
    let public = id.to_public().to_string();
    let text = format!(
        "# The age identity ties made to open the vault's private notes.\n# Copy this file to the same place on every machine that should read them.\n# public key: {public}\n{}\n",
        id.to_string().expose_secret()
    );
    let dir = path.parent().unwrap_or(Path::new("."));
    fsutil::create_private_dir(dir)?;
    fsutil::write_atomic(&path, text.as_bytes(), dir, Some(0o600))?;
    Ok((path, public))
}

/// The public key of the age identity in the config folder, if there is one.
pub fn own_age_recipient() -> Option<String> {
    let text = fs::read_to_string(identity_path()?).ok()?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("# public key: "))
        .map(|s| s.trim().to_string())
        .or_else(|| {
            let l = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-"))?;
            let id: age::x25519::Identity = l.trim().parse().ok()?;
            Some(id.to_public().to_string())
        })
}

/// The SSH public keys in `~/.ssh/*.pub` whose private key is here and
/// usable without a passphrase (ssh-ed25519, ssh-rsa).
pub fn usable_ssh_keys() -> Vec<String> {
    let Some(home) = std::env::var_os("HOME") else {
        return Vec::new();
    };
    let dir = Path::new(&home).join(".ssh");
    let Ok(rd) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pub"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for pubf in names {
        let Ok(public) = fs::read_to_string(&pubf) else {
            continue;
        };
        let public = public.trim();
        if !(public.starts_with("ssh-ed25519 ") || public.starts_with("ssh-rsa ")) {
            continue;
        }
        let private = pubf.with_extension("");
        let usable = fs::read_to_string(&private)
            .ok()
            .and_then(|t| identities_in(&private, &t).ok())
            .is_some_and(|ids| !ids.is_empty());
        if usable && parse_recipient(public).is_ok() {
            out.push(public.to_string());
        }
    }
    out
}

/// A person file's text with every sealed value opened by this machine's
/// keys (else "private (locked)"), for `git diff` through the `diff=ties`
/// textconv: the history reads as what was written, on the screen only.
/// A text that is not TOML comes back as it is.
pub fn opened_text(text: &str) -> String {
    if !text.contains(crate::model::ARMOR_BEGIN) {
        return text.to_string();
    }
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return text.to_string();
    };
    super::tomlput::each_value_mut(&mut doc, &mut |v| {
        if let Some(s) = v.as_str().filter(|s| is_sealed(s)) {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(reveal(s).into_owned());
            *v.decor_mut() = decor;
        }
    });
    doc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age_pair() -> (Keys, Recipients) {
        let id = age::x25519::Identity::generate();
        let r = Recipients {
            list: vec![Box::new(id.to_public())],
        };
        let keys = Keys {
            ids: vec![Box::new(id)],
            unusable: Vec::new(),
            used: Vec::new(),
        };
        (keys, r)
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key() {
        let (keys, to) = age_pair();
        let (other, _) = age_pair();
        let sealed = seal("Divorce; be gentle.\nTwo lines.", &to).unwrap();
        assert!(is_sealed(&sealed));
        assert!(sealed.contains('\n') && !sealed.contains("Divorce"));
        assert_eq!(
            keys.open(&sealed).as_deref(),
            Some("Divorce; be gentle.\nTwo lines.")
        );
        assert_eq!(other.open(&sealed), None);
        // Two seals of one text differ: a value is rewritten only when
        // its plaintext changes, or git would see churn.
        assert_ne!(seal("x", &to).unwrap(), seal("x", &to).unwrap());
    }

    #[test]
    fn recipients_accept_age_and_ssh_keys_and_name_a_bad_line() {
        let (_, _) = age_pair();
        let id = age::x25519::Identity::generate();
        assert!(parse_recipient(&id.to_public().to_string()).is_ok());
        assert!(parse_recipient("ssh-dss AAAA").is_err());
        let e = parse_recipient("hello").err().unwrap();
        assert!(e.contains("neither an age key"), "{e}");
    }
}
