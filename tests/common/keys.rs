//! Machines with keys of their own, for the encryption tests: each a HOME
//! with an SSH key made by `ssh-keygen`, running the real binary on a vault
//! named by the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Env, out};

/// Whether `ssh-keygen` is here; a test without it says it was skipped
/// (and fails where `TIES_REQUIRE_SSH_KEYGEN` is set, as in CI).
pub fn have_ssh_keygen() -> bool {
    let ok = Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_ok_and(|o| !o.stderr.is_empty() || o.status.success());
    if !ok && std::env::var_os("TIES_REQUIRE_SSH_KEYGEN").is_some() {
        panic!("ssh-keygen is required here (TIES_REQUIRE_SSH_KEYGEN is set) but is not installed");
    }
    if !ok {
        eprintln!("SKIPPED: ssh-keygen is not installed; the encryption tests did not run");
    }
    ok
}

pub struct Machines {
    pub env: Env,
}

impl Machines {
    pub fn new() -> Machines {
        Machines { env: Env::new() }
    }

    pub fn root(&self) -> &Path {
        self.env.dir.path()
    }

    pub fn home(&self, who: &str) -> PathBuf {
        self.root().join(format!("home-{who}"))
    }

    /// Gives `who` an ed25519 key without a passphrase (`~/.ssh/id_ed25519`)
    /// commented `comment`; returns the public key line.
    pub fn keygen(&self, who: &str, comment: &str) -> String {
        let ssh = self.home(who).join(".ssh");
        std::fs::create_dir_all(&ssh).unwrap();
        let key = ssh.join("id_ed25519");
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
            .arg(&key)
            .output()
            .unwrap();
        assert!(made.status.success(), "{made:?}");
        std::fs::read_to_string(ssh.join("id_ed25519.pub"))
            .unwrap()
            .trim()
            .to_string()
    }

    /// `ties` as `who` on `vault`: (code, stdout, stderr).
    pub fn ties(&self, who: &str, vault: &Path, args: &[&str]) -> (i32, String, String) {
        let home = self.home(who);
        let mut c = self.env.hermetic(super::bin());
        c.args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("TIES_VAULT", vault);
        out(c.output().unwrap())
    }

    /// [`Machines::ties`], asserting success; returns stdout.
    pub fn ok(&self, who: &str, vault: &Path, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.ties(who, vault, args);
        assert_eq!(code, 0, "ties {args:?} as {who} failed: {stderr}\n{stdout}");
        stdout
    }

    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.env.git(dir, args)
    }
}

/// The armored values in a text, each whole, in order.
pub fn armored(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("-----BEGIN AGE ENCRYPTED FILE-----") {
        let from = &rest[i..];
        let end = "-----END AGE ENCRYPTED FILE-----";
        let Some(j) = from.find(end) else { break };
        out.push(from[..j + end.len()].to_string());
        rest = &from[j + end.len()..];
    }
    out
}

/// Every file under `dir` (followed into subfolders), each read as bytes:
/// its path and its lossy text.
pub fn files_in(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                let text = String::from_utf8_lossy(&b).into_owned();
                out.push((p, text));
            }
        }
    }
    out
}

/// Every file under `dir`, as one lossy string.
pub fn all_files(dir: &Path) -> String {
    files_in(dir).into_iter().map(|(_, t)| t).collect()
}

/// The files under `dir` whose bytes hold `word`, ignoring case.
pub fn files_holding(dir: &Path, word: &str) -> Vec<PathBuf> {
    let word = word.to_lowercase();
    files_in(dir)
        .into_iter()
        .filter(|(_, t)| t.to_lowercase().contains(&word))
        .map(|(p, _)| p)
        .collect()
}

/// Writes a new age identity to `path` (0600); returns its public key.
pub fn age_identity(path: &Path) -> String {
    use age::secrecy::ExposeSecret;
    use std::os::unix::fs::PermissionsExt;
    let id = age::x25519::Identity::generate();
    std::fs::write(path, format!("{}\n", id.to_string().expose_secret())).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    id.to_public().to_string()
}
