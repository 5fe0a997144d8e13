//! The user's own `git`, run as a program: their SSH keys, credential
//! helpers, signing and hooks all apply. Output is parsed under `LC_ALL=C`;
//! stderr is kept and turned into one sentence when a command fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What kind of failure, so callers can say what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// The remote could not be reached (offline, wrong address).
    Unreachable,
    /// The remote refused us, or a password was needed and could not be asked.
    Auth,
    /// The push was refused because the remote moved on.
    Rejected,
    /// The remote declined the push (a hook, a protected branch): git's
    /// own words say why.
    Declined,
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("could not run git ({0}); is it installed?")]
    Missing(String),
    #[error("{sentence}")]
    Failed {
        args: String,
        kind: Fail,
        sentence: String,
        stderr: String,
    },
}

impl GitError {
    pub fn kind(&self) -> Fail {
        match self {
            GitError::Missing(_) => Fail::Other,
            GitError::Failed { kind, .. } => *kind,
        }
    }
}

/// How git may talk to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompts {
    /// No prompts at all: stdin closed, no terminal (background work).
    Never,
    /// The terminal is the user's: git and ssh may ask for passwords.
    Terminal,
}

#[derive(Debug, Clone)]
pub struct Git {
    pub dir: PathBuf,
    pub prompts: Prompts,
    /// No `gc --auto`: set for the commands run under the vault lock, whose
    /// descriptor git inherits; a gc detached into the background would
    /// hold the lock for as long as it runs.
    pub no_gc: bool,
}

fn classify(stderr: &str) -> Fail {
    let s = stderr.to_ascii_lowercase();
    let any = |needles: &[&str]| needles.iter().any(|n| s.contains(n));
    // Another push updating the same branch at that instant: try again.
    let busy = any(&["failed to update ref", "cannot lock ref"]);
    if any(&["[remote rejected]", "hook declined", "protected branch"]) && !busy {
        return Fail::Declined;
    }
    if any(&[
        "[rejected]",
        "non-fast-forward",
        "fetch first",
        "failed to update ref",
        "cannot lock ref",
    ]) {
        Fail::Rejected
    } else if any(&[
        "permission denied",
        "authentication failed",
        "terminal prompts disabled",
        "could not read username",
        "could not read password",
        "host key verification failed",
        "403",
    ]) {
        Fail::Auth
    } else if any(&[
        "could not resolve host",
        "could not resolve hostname",
        "unable to access",
        "connection refused",
        "connection timed out",
        "network is unreachable",
        "does not appear to be a git repository",
        "could not read from remote repository",
        "no such file or directory",
    ]) {
        Fail::Unreachable
    } else {
        Fail::Other
    }
}

/// What the remote said when it declined a push: its `remote:` lines and
/// the reason git gives for each refused branch.
fn declined_lines(stderr: &str) -> Option<String> {
    let said: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter_map(|l| {
            l.strip_prefix("remote:")
                .map(str::trim)
                .or_else(|| l.starts_with("! [remote rejected]").then_some(l))
        })
        .filter(|l| !l.is_empty())
        .collect();
    (!said.is_empty()).then(|| said.join(" / "))
}

/// The most telling line of git's stderr: the first `fatal:`/`error:` line.
fn telling_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let pick = lines
        .iter()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:") || l.starts_with("ERROR:"))
        .or(lines.first())
        .copied()
        .unwrap_or("no message");
    let mut line = pick
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .trim_start_matches("ERROR: ")
        .to_string();
    // "...would be overwritten by merge:" is followed by what: say it.
    if line.ends_with(':')
        && let Some(at) = lines.iter().position(|l| *l == pick)
    {
        let what: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| {
                !l.starts_with("Please") && !l.starts_with("hint:") && !l.starts_with("Aborting")
            })
            .take(3)
            .copied()
            .collect();
        if !what.is_empty() {
            line = format!("{line} {}", what.join(", "));
        }
    }
    line
}

impl Git {
    pub fn new(dir: &Path, prompts: Prompts) -> Git {
        Git {
            dir: dir.to_path_buf(),
            prompts,
            no_gc: false,
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        // No optional locks: reading the state must not hold index.lock
        // against a commit running at the same time.
        c.arg("--no-optional-locks");
        if self.no_gc {
            c.args(["-c", "gc.auto=0"]);
        }
        c.arg("-C").arg(&self.dir).args(args).env("LC_ALL", "C");
        private_umask(&mut c);
        match self.prompts {
            Prompts::Never => {
                c.stdin(Stdio::null()).env("GIT_TERMINAL_PROMPT", "0");
                detach(&mut c);
            }
            Prompts::Terminal => {
                c.stdin(Stdio::inherit());
            }
        }
        c
    }

    /// Runs git; its standard output on success, one sentence on failure.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        let out = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| GitError::Missing(e.to_string()))?;
        Self::outcome(args, out)
    }

    /// [`Git::run`] with `input` on git's standard input (a list of paths
    /// for `--pathspec-from-file=-`, which no argument limit bounds).
    pub fn run_input(&self, args: &[&str], input: &[u8]) -> Result<String, GitError> {
        let out = self.output_with_input(args, input)?;
        Self::outcome(args, out)
    }

    /// [`Git::run_input`], the output as bytes: file contents (`cat-file
    /// --batch`) whose lengths count bytes, whatever their encoding.
    pub fn run_input_bytes(&self, args: &[&str], input: &[u8]) -> Result<Vec<u8>, GitError> {
        let out = self.output_with_input(args, input)?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        Self::outcome(args, out).map(String::into_bytes)
    }

    fn output_with_input(
        &self,
        args: &[&str],
        input: &[u8],
    ) -> Result<std::process::Output, GitError> {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GitError::Missing(e.to_string()))?;
        let stdin = child.stdin.take();
        // Written beside the reading: a command that answers as it reads
        // (`cat-file --batch`) would otherwise fill its output pipe and
        // wait for us while we wait for it to read.
        std::thread::scope(|s| {
            if let Some(mut stdin) = stdin {
                // git may stop reading early on failure; its exit says why.
                s.spawn(move || {
                    let _ = stdin.write_all(input);
                });
            }
            child
                .wait_with_output()
                .map_err(|e| GitError::Missing(e.to_string()))
        })
    }

    fn outcome(args: &[&str], out: std::process::Output) -> Result<String, GitError> {
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let all = format!("{stderr}\n{stdout}");
        let kind = classify(&all);
        let detail = match kind {
            Fail::Declined => declined_lines(&stderr),
            _ => None,
        };
        let detail = detail.unwrap_or_else(|| {
            telling_line(if stderr.trim().is_empty() {
                &stdout
            } else {
                &stderr
            })
        });
        let sentence = format!("`git {}` failed: {detail}", args.join(" "));
        Err(GitError::Failed {
            args: args.join(" "),
            kind,
            sentence,
            stderr: all,
        })
    }

    /// Runs git and says only whether it succeeded (for questions like "is
    /// there an upstream?").
    pub fn check(&self, args: &[&str]) -> bool {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// Background git gets no controlling terminal, so ssh cannot open /dev/tty
/// to ask for a passphrase over the TUI; it fails, and ties then suspends the
/// TUI and runs git again in the open.
#[cfg(unix)]
fn detach(c: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches no memory of ours.
    unsafe {
        c.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn detach(_: &mut Command) {}

/// What git writes in the vault (a checkout, a merge) is the owner's alone
/// from the start, whatever the user's umask: a pull then leaves no file
/// for the next sync to take others' access off (and say so every time).
#[cfg(unix)]
fn private_umask(c: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: umask is async-signal-safe and touches no memory of ours.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0o077);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn private_umask(_: &mut Command) {}

/// Whether the vault folder is itself a git repository. A repository above
/// it (dotfiles kept in git in the home folder, say) does not count: notes
/// go only where the user put them under git on purpose.
pub fn in_repository(dir: &Path) -> bool {
    dir.join(".git").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_read_as_one_sentence_of_the_right_kind() {
        let e = "Cloning...\nfatal: unable to access 'https://x/': Could not resolve host: x\n";
        assert_eq!(classify(e), Fail::Unreachable);
        assert_eq!(
            telling_line(e),
            "unable to access 'https://x/': Could not resolve host: x"
        );
        assert_eq!(
            classify(
                " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs"
            ),
            Fail::Rejected
        );
        assert_eq!(
            classify(
                "git@host: Permission denied (publickey).\nfatal: Could not read from remote repository."
            ),
            Fail::Auth
        );
        assert_eq!(classify("fatal: not a git repository"), Fail::Other);
        let hook = "remote: Pushes to main need a review.\nTo ../remote.git\n ! [remote rejected] main -> main (pre-receive hook declined)\nerror: failed to push some refs to '../remote.git'\n";
        assert_eq!(classify(hook), Fail::Declined);
        assert_eq!(
            declined_lines(hook).as_deref(),
            Some(
                "Pushes to main need a review. / ! [remote rejected] main -> main (pre-receive hook declined)"
            )
        );
    }
}
