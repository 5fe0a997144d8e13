//! A journal of what people told you in confidence is yours alone on every
//! machine: the vault 0700, person files and everything ties keeps 0600.
//! git checks files out by the umask (0644 in a fresh clone), and the
//! vault's own folder may come from anywhere, so `ties init` and every sync
//! tighten what is looser, and `ties check` names it.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::{Result, StoreError, Vault};

/// The bits that let others in.
const OTHERS: u32 = 0o077;

/// What is looser than it should be: the vault and its folders (others may
/// look inside), and the files under `people/` and `.ties/` and beside them
/// (the inbox, .gitignore: others may read them). Links are not followed: a link's target is not
/// the vault's to change.
pub fn loose(vault: &Vault) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let root = vault.root();
    let mut check = |p: &Path| {
        if let Ok(m) = fs::symlink_metadata(p)
            && !m.file_type().is_symlink()
            && m.permissions().mode() & OTHERS != 0
        {
            found.push(p.to_path_buf());
        }
    };
    check(root);
    // The files beside `people/`: the inbox, .gitignore, .gitattributes.
    if let Ok(entries) = fs::read_dir(root) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_file()) {
                check(&e.path());
            }
        }
    }
    for dir in [vault.people_dir(), vault.state_dir()] {
        walk(&dir, &mut check);
    }
    found
}

fn walk(dir: &Path, check: &mut dyn FnMut(&Path)) {
    check(dir);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, check),
            Ok(t) if t.is_file() => check(&p),
            _ => {}
        }
    }
}

/// Takes the others' bits off everything [`loose`] finds; returns how many
/// it changed, so the caller can say so (once: the next time finds none).
pub fn tighten(vault: &Vault) -> Result<usize> {
    let loose = loose(vault);
    for p in &loose {
        let mode = fs::symlink_metadata(p)
            .map_err(StoreError::io("look at", p))?
            .permissions()
            .mode();
        super::fsutil::set_mode(p, mode & 0o7777 & !OTHERS)?;
    }
    Ok(loose.len())
}

/// The mode for a vault file ties rewrites: the owner's bits as they were
/// (an executable hook stays executable), and nobody else's.
pub fn private(existing: u32) -> u32 {
    (existing & 0o7700) | 0o600
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tightens_what_others_could_read_and_says_how_many() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path().join("v")).unwrap();
        let file = vault.people_dir().join("ana.toml");
        fs::write(&file, "name = \"Ana\"\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(vault.root(), fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(loose(&vault), [vault.root().to_path_buf(), file.clone()]);
        assert_eq!(tighten(&vault).unwrap(), 2);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(vault.root()), 0o700);
        assert_eq!(tighten(&vault).unwrap(), 0, "said once");
    }

    #[test]
    fn a_rewritten_file_keeps_only_its_owner_s_bits() {
        assert_eq!(private(0o644), 0o600);
        assert_eq!(private(0o755), 0o700);
        assert_eq!(private(0o400), 0o600);
    }
}
