//! A hermetic environment for running the real `ties` binary: its own HOME,
//! config folder and vault in a temporary folder, a fixed clock and zone.

#![allow(dead_code)]

pub mod ical;
pub mod keys;
pub mod window;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const NOW: &str = "2026-11-23T09:00:00-05:00";

/// The zone the tests run in: NOW's offset, -05:00, with no daylight saving
/// (POSIX spelling, so no tz database is needed).
pub const ZONE: &str = "EST5";

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// An environment with an empty vault at `<tmp>/vault`, recorded nowhere:
    /// commands get it through `TIES_VAULT`.
    pub fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(env.vault().join("people")).unwrap();
        env
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    pub fn person(&self, slug: &str) -> PathBuf {
        self.vault().join("people").join(format!("{slug}.toml"))
    }

    pub fn write(&self, slug: &str, text: &str) {
        std::fs::write(self.person(slug), text).unwrap();
    }

    pub fn read(&self, slug: &str) -> String {
        std::fs::read_to_string(self.person(slug)).unwrap()
    }

    /// A command with no vault chosen (no TIES_VAULT, empty config).
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut c = self.hermetic(bin());
        c.args(args);
        c
    }

    /// `ties` on another vault (a second clone), output captured.
    pub fn ties_in(&self, vault: &Path, args: &[&str]) -> Command {
        let mut c = self.bare(args);
        c.env("TIES_VAULT", vault)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// `ties` on another vault (a second clone), asserting success;
    /// returns stdout.
    pub fn ok_in(&self, vault: &Path, args: &[&str]) -> String {
        let (code, stdout, stderr) = out(self.ties_in(vault, args).output().expect("ties runs"));
        assert_eq!(code, 0, "ties {args:?} in {}: {stderr}", vault.display());
        stdout
    }

    /// `git` in `dir`, with the same environment as ties gets.
    pub fn git_cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut g = self.hermetic("git");
        g.current_dir(dir).args(args);
        g
    }

    /// Runs git in `dir`, asserting success; returns stdout.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let (code, stdout, stderr) = out(self.git_cmd(dir, args).output().expect("git runs"));
        assert_eq!(
            code,
            0,
            "git {args:?} failed in {}: {stderr}",
            dir.display()
        );
        stdout
    }

    /// `program` with the environment of every test process: its own HOME
    /// and XDG folders, a fixed clock and zone, a hermetic git.
    pub fn hermetic(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("XDG_STATE_HOME", self.home().join(".local/state"))
            .env("TIES_NOW", NOW)
            // NOW's own offset, all year: ties honours the zone even under
            // TIES_NOW, and the expected output is written in this one.
            .env("TZ", ZONE)
            .env("LC_ALL", "C")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test Author")
            .env("GIT_AUTHOR_EMAIL", "author@example.com")
            .env("GIT_COMMITTER_NAME", "Test Author")
            .env("GIT_COMMITTER_EMAIL", "author@example.com")
            .env("GIT_AUTHOR_DATE", "2026-11-23T09:00:00-05:00")
            .env("GIT_COMMITTER_DATE", "2026-11-23T09:00:00-05:00")
            .stdin(Stdio::null());
        c
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.bare(args);
        c.env("TIES_VAULT", self.vault());
        c
    }

    /// Runs and returns (status code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        out(self.cmd(args).output().expect("ties runs"))
    }

    /// Runs, asserting success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.run(args);
        assert_eq!(
            code, 0,
            "ties {args:?} failed\nstdout: {stdout}\nstderr: {stderr}"
        );
        stdout
    }
}

/// The binary under test; `TIES_BIN` names another (a copy that outlives
/// rebuilds for a long chaos run, or an older build to see a test fail).
pub fn bin() -> std::ffi::OsString {
    std::env::var_os("TIES_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_ties").into())
}

pub fn out(o: Output) -> (i32, String, String) {
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}
