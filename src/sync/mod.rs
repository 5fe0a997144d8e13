//! Sync through the user's own git: a commit per save, the merge driver for
//! person files, and `ties sync` (commit, fetch, merge, push).

pub mod driver;
pub mod git;
pub mod gitstate;
pub mod inbox;
pub mod merge;
pub mod scrub;

pub use driver::merge_driver;

use std::path::{Path, PathBuf};

use git::{Fail, Git, GitError, Prompts};

use crate::store::write::VaultLock;
use crate::store::{Vault, fsutil};

/// The line `.gitattributes` needs so git merges person files with ties.
pub const ATTRIBUTES_LINE: &str = "people/*.toml merge=ties";
/// The line that has the ties driver merge `inbox.md`.
pub const INBOX_ATTRIBUTES_LINE: &str = "inbox.md merge=ties";
/// In a vault that encrypts: `git diff` and `git log -p` show person files
/// through `ties textconv`, with the values this machine's keys open.
pub const DIFF_ATTRIBUTES_LINE: &str = "people/*.toml diff=ties";

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "{} is not a git repository; make it one with `ties init --git {}` (or `git init`), then add a remote",
        .0.display(), .0.display()
    )]
    NotARepository(PathBuf),
    #[error("{0}; run `git status` in the vault to see more")]
    Git(GitError),
    #[error("{message}; your notes are committed locally, nothing is lost. {next}")]
    Remote {
        message: String,
        next: &'static str,
        kind: Fail,
    },
    #[error("unresolved git merge in {}: {}, keep what is right, then run `ties sync` again", .0.join(", "), how_to_edit(.0))]
    Conflict(Vec<String>),
    /// The repository is in a state where ties must not commit.
    #[error("{0}")]
    Held(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl From<GitError> for SyncError {
    fn from(e: GitError) -> SyncError {
        SyncError::Git(e)
    }
}

/// How to open conflicted files: `ties edit SLUG` for people, an editor for the rest.
fn how_to_edit(files: &[String]) -> String {
    let slugs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.strip_prefix("people/").and_then(Vault::slug_of_file_name))
        .collect();
    let others = files.len() - slugs.len();
    let mut how = Vec::new();
    if !slugs.is_empty() {
        how.push(format!(
            "open it with `ties edit {}` (or `e` in ties)",
            slugs.join(" / ")
        ));
    }
    if others > 0 {
        how.push("edit the other files in your editor and remove the markers".to_string());
    }
    how.join("; ")
}

impl SyncError {
    /// True when git wanted a password it could not ask for.
    pub fn needs_prompt(&self) -> bool {
        matches!(
            self,
            SyncError::Remote {
                kind: Fail::Auth,
                ..
            }
        ) || matches!(self, SyncError::Git(e) if e.kind() == Fail::Auth)
    }
}

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

/// The vault as git sees it, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub repository: bool,
    pub upstream: Option<String>,
    /// Person files changed and not committed.
    pub uncommitted: usize,
    pub ahead: usize,
    pub behind: usize,
    /// Files with unresolved conflicts.
    pub conflicts: Vec<String>,
    /// When `ties sync` last finished, RFC 3339.
    pub last_sync: Option<String>,
    /// Why saves are not committed now (a detached HEAD, a rebase...).
    pub held: Option<&'static str>,
}

impl State {
    /// A few words: "synced", "3 changes not synced", "↑2 ↓1", "conflict".
    pub fn summary(&self) -> String {
        if !self.repository {
            return "no git".into();
        }
        if !self.conflicts.is_empty() {
            return format!("CONFLICT in {}", self.conflicts.join(", "));
        }
        if let Some(why) = self.held {
            return format!("{why}: saves not committed");
        }
        let mut parts = Vec::new();
        if self.uncommitted > 0 {
            parts.push(format!(
                "{} change{} not synced",
                self.uncommitted,
                if self.uncommitted == 1 { "" } else { "s" }
            ));
        }
        if self.upstream.is_none() {
            parts.push("no upstream".into());
        } else {
            if self.ahead > 0 {
                parts.push(format!("↑{} not pushed", self.ahead));
            }
            if self.behind > 0 {
                parts.push(format!("↓{} to pull", self.behind));
            }
        }
        if parts.is_empty() {
            "synced".into()
        } else {
            parts.join(", ")
        }
    }
}

fn last_sync_file(vault: &Vault) -> PathBuf {
    vault.state_dir().join("last-sync")
}

/// Reads the vault's git state (a few quick git commands).
pub fn state(vault: &Vault) -> State {
    let mut s = State {
        last_sync: std::fs::read_to_string(last_sync_file(vault))
            .ok()
            .map(|t| t.trim().to_string()),
        ..State::default()
    };
    if !git::in_repository(vault.root()) {
        return s;
    }
    let git = Git::new(vault.root(), Prompts::Never);
    let Ok(out) = git.run(&["status", "--porcelain=v2", "--branch", "--", "."]) else {
        return s;
    };
    s.repository = true;
    s.held = gitstate::blocker(&git).map(|b| b.short());
    for line in out.lines() {
        if let Some(up) = line.strip_prefix("# branch.upstream ") {
            s.upstream = Some(up.to_string());
        } else if let Some(ab) = line.strip_prefix("# branch.ab ") {
            let mut it = ab.split_whitespace();
            s.ahead = it
                .next()
                .and_then(|a| a.trim_start_matches('+').parse().ok())
                .unwrap_or(0);
            s.behind = it
                .next()
                .and_then(|b| b.trim_start_matches('-').parse().ok())
                .unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("u ") {
            if let Some(path) = rest.split(' ').nth(9) {
                s.conflicts.push(path.to_string());
            }
        } else if line.starts_with("1 ") || line.starts_with("2 ") || line.starts_with("? ") {
            let path = line.rsplit(' ').next().unwrap_or("");
            let path = path.split('\t').next().unwrap_or(path);
            if path.contains("people/") && path.ends_with(".toml") {
                s.uncommitted += 1;
            }
        }
    }
    s
}

/// The person's name from a file's text, else the slug.
fn name_in(text: Option<&str>, slug: &str) -> String {
    text.and_then(|t| crate::store::parse::parse(slug, t.as_bytes()).ok())
        .map(|(_, p)| p.name)
        .unwrap_or_else(|| slug.to_string())
}

/// "log call with Ana Lima", "add Ravi Patel", "edit Bo Chen": what a change
/// to one person file did, from its text before and after.
pub fn describe_change(slug: &str, before: Option<&str>, after: Option<&str>) -> String {
    let parse = |t: Option<&str>| {
        t.and_then(|t| crate::store::parse::parse(slug, t.as_bytes()).ok())
            .map(|(_, p)| p)
    };
    match (parse(before), parse(after)) {
        (_, None) if after.is_none() => format!("remove {}", name_in(before, slug)),
        (None, Some(p)) if before.is_none() => format!("add {}", p.name),
        (Some(b), Some(a)) => {
            let new_entries: Vec<&crate::model::Entry> =
                a.log.iter().filter(|e| !b.log.contains(e)).collect();
            let same_but_log = without_log(&a) == without_log(&b);
            let new_todos = a.todos.len().saturating_sub(b.todos.len());
            let done: Vec<&str> = a
                .todos
                .iter()
                .filter(|t| t.done && b.todos.iter().any(|x| x.text == t.text && !x.done))
                .map(|t| t.text.as_str())
                .collect();
            if same_but_log && new_entries.len() == 1 && b.log.iter().all(|e| a.log.contains(e)) {
                format!("log {} with {}", new_entries[0].via, a.name)
            } else if same_but_log && !new_entries.is_empty() {
                format!("log {} entries with {}", new_entries.len(), a.name)
            } else if new_entries.is_empty() && new_todos == 1 && a.log == b.log {
                format!(
                    "todo for {}: {}",
                    a.name,
                    a.todos.last().map(|t| t.text.as_str()).unwrap_or("")
                )
            } else if new_entries.is_empty() && done.len() == 1 && new_todos == 0 && a.log == b.log
            {
                format!("done for {}: {}", a.name, done[0])
            } else {
                format!("edit {}", a.name)
            }
        }
        _ => format!("edit {}", name_in(after, slug)),
    }
}

/// Everything but the timeline, to tell "only logged" from "edited".
fn without_log(p: &crate::model::Person) -> crate::model::Person {
    let mut q = p.clone();
    q.log.clear();
    q
}

/// Pathspecs, relative to the vault folder where git runs. `.ties/` (local
/// state) stays out through the `.gitignore` that `ensure_driver` checks.
/// Never what is only a passing file: ties's own temporary files (beside
/// person files when `.ties` is on another disk), editors' swap and backup
/// files (a vim swap file holds the note being typed, private or not).
const VAULT_SPEC: [&str; 6] = [
    ".",
    ":(exclude)people/.*",
    ":(exclude)*.swp",
    ":(exclude)*~",
    ":(exclude)*/.ties-write-*.tmp",
    ":(exclude).ties-write-*.tmp",
];
const PEOPLE_SPEC: &str = "people";

fn merging(git: &Git) -> bool {
    git.check(&["rev-parse", "-q", "--verify", "MERGE_HEAD"])
}

/// Commits one person's file, if the vault is a git repository and it
/// changed: the "commit as you go" of each save. Returns the message.
pub fn commit_person(vault: &Vault, slug: &str, message: &str) -> Result<Option<String>> {
    commit_people(vault, &[slug], message)
}

/// Commits several person files as one commit (a bulk import, a note for
/// several people), touching nothing else that is staged.
pub fn commit_people<S: AsRef<str>>(
    vault: &Vault,
    slugs: &[S],
    message: &str,
) -> Result<Option<String>> {
    let rels: Vec<String> = slugs
        .iter()
        .map(|s| format!("people/{}.toml", s.as_ref()))
        .collect();
    commit_files(vault, &rels, message)
}

/// Commits these files (paths in the vault) as one commit, touching nothing
/// else that is staged.
pub fn commit_files(vault: &Vault, rels: &[String], message: &str) -> Result<Option<String>> {
    if !git::in_repository(vault.root()) || rels.is_empty() {
        return Ok(None);
    }
    let git = Git::new(vault.root(), Prompts::Never);
    // No commit while git rewrites working files (a sync merging).
    let _lock = VaultLock::shared(vault)?;
    // A detached HEAD, a rebase or a merge waiting on a conflict: the save
    // is in the file; `ties sync` commits it once the repository is back.
    if let Some(b) = gitstate::blocker(&git) {
        return Err(SyncError::Held(b.sentence(vault.root())));
    }
    // One `git add` for all of them, the paths on standard input: linear in
    // the number of files, and no limit on how many (an import of 100,000).
    let list: String = rels.iter().map(|r| format!("{r}\0")).collect();
    let from_stdin = ["--pathspec-from-file=-", "--pathspec-file-nul"];
    let mut add = vec!["add", "-A"];
    add.extend(from_stdin);
    retry_locked(|| git.run_input(&add, list.as_bytes()))?;
    let staged = git.run(&["diff", "--cached", "--name-only", "--no-renames"])?;
    let staged: std::collections::HashSet<&str> = staged.lines().collect();
    let ours: Vec<&str> = rels
        .iter()
        .map(String::as_str)
        .filter(|r| staged.contains(r))
        .collect();
    if ours.is_empty() {
        return Ok(None);
    }
    let msg = format!("ties: {message}");
    if staged.len() == ours.len() {
        retry_locked(|| git.run(&["commit", "--quiet", "-m", &msg]))?;
    } else {
        // Other things are staged: commit these files alone (slower: git
        // builds a second index), leaving the rest staged as it was.
        let list: String = ours.iter().map(|r| format!("{r}\0")).collect();
        let mut args: Vec<&str> = vec!["commit", "--quiet", "-m", &msg];
        args.extend(from_stdin);
        retry_locked(|| git.run_input(&args, list.as_bytes()))?;
    }
    Ok(Some(msg))
}

/// What `ties init --git` commits: the inbox and the git settings ties
/// wrote, so a phone cloning at once has an inbox to append to. The first
/// commit of a new repository; else a commit of just those files.
pub fn commit_start(vault: &Vault) -> Result<Option<String>> {
    let git = Git::new(vault.root(), Prompts::Never);
    let fresh = git
        .run(&["rev-parse", "--verify", "--quiet", "HEAD"])
        .is_err();
    let files: Vec<String> = [crate::inbox::FILE, ".gitignore", ".gitattributes"]
        .into_iter()
        .filter(|f| vault.root().join(f).is_file())
        .map(String::from)
        .collect();
    let message = if fresh {
        "start the vault"
    } else {
        "add the inbox and the git settings"
    };
    commit_files(vault, &files, message)
}

/// Another ties (or the user's git) may hold `index.lock` for a moment:
/// wait for it, up to two seconds, rather than fail the commit.
fn retry_locked<T>(mut f: impl FnMut() -> Result<T, GitError>) -> Result<T, GitError> {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match f() {
            Err(GitError::Failed { ref stderr, .. })
                if stderr.contains("index.lock") && std::time::Instant::now() < until =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            r => return r,
        }
    }
}

/// The command git runs for the merge driver: this very binary.
fn driver_command() -> String {
    format!(
        "{} merge-driver %O %A %B %P",
        shell_words::quote(&driver_exe())
    )
}

/// This binary, as git is to run it.
fn driver_exe() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "ties".into())
}

/// Registers the merge driver in the repository's config (which git does
/// not carry between clones) and `.gitattributes` (which it does). Returns
/// true when anything was added.
pub fn ensure_driver(vault: &Vault) -> Result<bool> {
    let git = Git::new(vault.root(), Prompts::Never);
    let mut changed = false;
    let want = driver_command();
    let have = git
        .run(&["config", "--local", "--get", "merge.ties.driver"])
        .ok();
    let usable = have.as_deref().map(str::trim).is_some_and(|h| {
        h == want
            || shell_words::split(h)
                .ok()
                .and_then(|w| w.first().cloned())
                .is_some_and(|exe| Path::new(&exe).is_file() || exe == "ties")
    });
    if !usable {
        git.run(&[
            "config",
            "--local",
            "merge.ties.name",
            "ties: merge person files",
        ])?;
        git.run(&["config", "--local", "merge.ties.driver", &want])?;
        changed = true;
    }
    let ignore = vault.root().join(".gitignore");
    let text = std::fs::read_to_string(&ignore).unwrap_or_default();
    if !text
        .lines()
        .any(|l| matches!(l.trim(), ".ties" | ".ties/" | "/.ties" | "/.ties/"))
    {
        let mut new = text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(".ties/\n");
        fsutil::write_atomic(
            &ignore,
            new.as_bytes(),
            &vault.state_dir().join("tmp"),
            None,
        )?;
        changed = true;
    }
    // The textconv only where there is something to open: it runs ties
    // once per file version git shows. Never cached: git's cache of it
    // would keep the opened words in `.git`.
    let encrypts = crate::store::crypt::enabled(vault);
    if encrypts {
        let textconv = format!("{} textconv", shell_words::quote(&driver_exe()));
        let have = git
            .run(&["config", "--local", "--get", "diff.ties.textconv"])
            .ok();
        if have.as_deref().map(str::trim) != Some(textconv.as_str()) {
            git.run(&["config", "--local", "diff.ties.textconv", &textconv])?;
            changed = true;
        }
    }
    let attrs = vault.root().join(".gitattributes");
    let text = std::fs::read_to_string(&attrs).unwrap_or_default();
    let diff = encrypts.then_some(DIFF_ATTRIBUTES_LINE);
    let missing: Vec<&str> = [Some(ATTRIBUTES_LINE), Some(INBOX_ATTRIBUTES_LINE), diff]
        .into_iter()
        .flatten()
        .filter(|want| !text.lines().any(|l| l.trim() == *want))
        .collect();
    if !missing.is_empty() {
        let mut new = text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        for line in missing {
            new.push_str(line);
            new.push('\n');
        }
        fsutil::write_atomic(&attrs, new.as_bytes(), &vault.state_dir().join("tmp"), None)?;
        changed = true;
    }
    Ok(changed)
}

/// What `ties sync` did.
#[derive(Debug, Default)]
pub struct Report {
    pub committed: Option<String>,
    pub merged: usize,
    pub pushed: usize,
    pub upstream: Option<String>,
    pub driver_registered: bool,
    /// What taking the inbox after pulling did, or why it could not.
    pub inbox: Option<Result<crate::inbox::Taken, String>>,
    /// Files and folders others could read (a pull checks files out by
    /// the umask) made private again.
    pub tightened: usize,
    /// Local commits that held private words in the clear, replaced by
    /// one sealed commit before the push.
    pub scrubbed: usize,
}

impl Report {
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.committed {
            parts.push(format!("committed \"{c}\""));
        }
        match &self.upstream {
            None => parts.push(
                "there is no upstream to sync with (with a remote, `git push -u origin HEAD` in the vault sets one; without, `git remote add origin URL` first)"
                    .to_string(),
            ),
            Some(u) => {
                if self.merged > 0 {
                    parts.push(format!("took in {} commit{} from {u}", self.merged, plural(self.merged)));
                }
                if self.pushed > 0 {
                    parts.push(format!("pushed {} commit{} to {u}", self.pushed, plural(self.pushed)));
                }
                if self.merged == 0 && self.pushed == 0 {
                    parts.push(format!("up to date with {u}"));
                }
            }
        }
        match &self.inbox {
            Some(Ok(t)) => parts.extend(t.sentence().map(|s| s.trim_end_matches('.').to_string())),
            Some(Err(e)) => parts.push(format!("the inbox was not taken: {e}")),
            None => {}
        }
        if self.scrubbed > 0 {
            parts.push(format!(
                "{} local commit{} held private words in the clear, so {} replaced by one with them encrypted before the push",
                self.scrubbed,
                plural(self.scrubbed),
                if self.scrubbed == 1 { "it was" } else { "they were" }
            ));
        }
        if self.tightened > 0 {
            parts.push(format!(
                "made {} file{} private to you (others could read {})",
                self.tightened,
                plural(self.tightened),
                if self.tightened == 1 { "it" } else { "them" }
            ));
        }
        let mut s = parts.join("; ");
        if let Some(first) = s.get(0..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s + "."
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Commits what is not committed, with a message that says what changed.
fn commit_pending(vault: &Vault, git: &Git) -> Result<Option<String>> {
    let with = |args: &[&str], spec: &[&str]| -> Vec<String> {
        args.iter()
            .chain(["--"].iter())
            .chain(spec.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let run = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        retry_locked(|| git.run(&a))
    };
    run(with(&["add", "-A"], &VAULT_SPEC))?;
    let staged = run(with(&["diff", "--cached", "--name-only"], &VAULT_SPEC))?;
    if staged.trim().is_empty() {
        return Ok(None);
    }
    let names = run(with(
        &["diff", "--cached", "--name-status", "--no-renames"],
        &[PEOPLE_SPEC],
    ))?;
    let mut what: Vec<String> = Vec::new();
    for line in names.lines() {
        let mut it = line.split('\t');
        let (Some(status), Some(path)) = (it.next(), it.next()) else {
            continue;
        };
        let Some(slug) = Path::new(path)
            .file_name()
            .and_then(|f| f.to_str())
            .and_then(Vault::slug_of_file_name)
        else {
            continue;
        };
        let before = if status == "A" {
            None
        } else {
            git.run(&["show", &format!("HEAD:{path}")]).ok()
        };
        // A file that is not UTF-8 (a hand edit in Latin-1) is still there:
        // describe it from its bytes, never as removed.
        let after = if status == "D" {
            None
        } else {
            std::fs::read(vault.file_of(slug))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        what.push(describe_change(slug, before.as_deref(), after.as_deref()));
    }
    if staged.lines().any(|l| l.ends_with(".gitattributes")) {
        what.push("merge person files with ties (.gitattributes)".into());
    }
    let msg = match what.len() {
        0 => "ties: update the vault".to_string(),
        1..=4 => format!("ties: {}", what.join("; ")),
        n => format!("ties: {}; and {} more", what[..3].join("; "), n - 3),
    };
    run(with(&["commit", "--quiet", "-m", &msg], &VAULT_SPEC))?;
    Ok(Some(msg))
}

fn remote_error(e: GitError, doing: &str) -> SyncError {
    let kind = e.kind();
    let next = match kind {
        Fail::Unreachable => "Run `ties sync` again once the remote can be reached.",
        Fail::Auth => {
            "Check that git can reach the remote (`git fetch` in the vault), then run `ties sync` again."
        }
        Fail::Rejected => "Run `ties sync` again to take in what is new first.",
        Fail::Declined => {
            "The remote declined the push (see what it said above); your commits stay here until it accepts them."
        }
        Fail::Other => "Run `git status` in the vault to see more.",
    };
    SyncError::Remote {
        message: format!("could not {doing}: {e}"),
        next,
        kind,
    }
}

/// Files of the merge still holding conflict markers: every path git
/// reports unmerged (not only person files), and any person file.
fn files_with_markers(vault: &Vault, git: &Git) -> Vec<String> {
    let unmerged: Vec<String> = git
        .run(&["diff", "--name-only", "--relative", "--diff-filter=U"])
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    // An unmerged file is unresolved while it holds more marker lines than
    // either side brought: markers the merge wrote, even inside a string
    // (git's line merge knows nothing of TOML), not ones a note quotes.
    let markers = |b: &[u8]| {
        b.split(|&c| c == b'\n')
            .filter(|l| l.starts_with(b"<<<<<<< ") || l.starts_with(b">>>>>>> "))
            .count()
    };
    let side = |stage: &str, p: &str| {
        git.command(&["show", &format!(":{stage}:{p}")])
            .stderr(std::process::Stdio::null())
            .output()
            .map(|o| markers(&o.stdout))
            .unwrap_or(0)
    };
    let mut left: Vec<String> = unmerged
        .iter()
        .filter(|p| {
            std::fs::read(vault.root().join(p))
                .is_ok_and(|b| markers(&b) > side("2", p).max(side("3", p)))
        })
        .cloned()
        .collect();
    let mut paths: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = unmerged.iter().cloned().collect();
    if let Ok(files) = vault.scan() {
        for f in files {
            let rel = Vault::rel(&f.slug);
            if seen.insert(rel.clone()) {
                paths.push(rel);
            }
        }
    }
    // Other person files: markers that break the file (a merge concluded
    // by hand too early). Read leniently, since a file may not be UTF-8.
    left.extend(paths.into_iter().filter(|p| {
        std::fs::read(vault.root().join(p)).is_ok_and(|b| {
            crate::store::parse::conflict_line(&String::from_utf8_lossy(&b)).is_some()
        })
    }));
    left
}

/// `ties sync`: commit, fetch, merge the upstream (with the ties driver),
/// push. `progress` hears each step.
pub fn sync(vault: &Vault, prompts: Prompts, progress: &dyn Fn(&str)) -> Result<Report> {
    if !git::in_repository(vault.root()) {
        return Err(SyncError::NotARepository(vault.root().to_path_buf()));
    }
    let git = Git::new(vault.root(), prompts);
    // What runs under the exclusive vault lock: local work only, no gc.
    let local = Git {
        no_gc: true,
        ..git.clone()
    };
    // One sync at a time in this vault, fetch and push included.
    let _one = VaultLock::sync(vault)?;
    let mut report = Report {
        driver_registered: ensure_driver(vault)?,
        ..Report::default()
    };
    match gitstate::blocker(&git) {
        // A merge left unfinished by a conflict: finished below once resolved.
        None | Some(gitstate::Blocker::Merge) => {}
        Some(b) => {
            return Err(SyncError::Held(format!(
                "cannot sync: {}",
                b.sentence(vault.root())
            )));
        }
    }
    // A clone that has not yet seen the upstream's `recipients.txt` takes
    // it before committing anything: otherwise its private notes would be
    // committed, and then pushed, in the clear.
    if !crate::store::crypt::enabled(vault) && has_upstream(&git) {
        progress("fetching");
        // Offline, the upstream as last fetched; the loop below says why
        // the fetch failed, after committing locally.
        let _ = git.run(&["fetch", "--quiet"]);
        let spec = format!("@{{u}}:{}", crate::store::crypt::RECIPIENTS_FILE);
        if git.run(&["cat-file", "-e", &spec]).is_ok() {
            // As the upstream has it, staged: the merge then finds the
            // same file on both sides.
            local.run(&[
                "checkout",
                "@{u}",
                "--",
                crate::store::crypt::RECIPIENTS_FILE,
            ])?;
            // Undo steps written before this clone knew may hold private
            // words no file holds any more.
            crate::store::journal::forget_all(vault);
        }
    }
    // A private note written in the clear (by hand, by a machine that had
    // not yet seen `recipients.txt`) is sealed before anything is committed.
    seal_plain(vault)?;
    {
        let _merge = VaultLock::exclusive(vault)?;
        finish_merge(vault, &local, &mut report, progress)?;
        progress("committing");
        report.committed = commit_pending(vault, &local)?;
    }
    let upstream = git
        .run(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])
        .ok()
        .map(|s| s.trim().to_string());
    let Some(upstream) = upstream else {
        take_inbox(vault, &mut report);
        report.tightened = crate::store::perms::tighten(vault)?;
        record_sync(vault);
        return Ok(report);
    };
    report.upstream = Some(upstream.clone());
    for attempt in 0..3 {
        progress("fetching");
        // Fetching touches no working file: no lock held, writers go on.
        git.run(&["fetch", "--quiet"])
            .map_err(|e| remote_error(e, "fetch"))?;
        let ahead = {
            // While git may rewrite working files, no writer is in one.
            let _merge = VaultLock::exclusive(vault)?;
            // Saves made while fetching.
            if let Some(c) = commit_pending(vault, &local)? {
                report.committed = Some(c);
            }
            let counts = local.run(&["rev-list", "--left-right", "--count", "HEAD...@{u}"])?;
            let mut it = counts
                .split_whitespace()
                .map(|n| n.parse::<usize>().unwrap_or(0));
            let (ahead, behind) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
            if behind > 0 {
                progress("merging");
                merge_upstream(vault, &local)?;
                report.merged += behind;
                // Checked out by the umask: private before anything else.
                report.tightened += crate::store::perms::tighten(vault)?;
            }
            ahead
        };
        // What the pull brought in the clear (a clone that synced before
        // it saw `recipients.txt`), sealed before the push.
        let sealed = if seal_plain(vault)? {
            let _merge = VaultLock::exclusive(vault)?;
            commit_pending(vault, &local)?.is_some()
        } else {
            false
        };
        // What the pull brought into the inbox, filed before the push.
        let mut ahead = ahead + usize::from(sealed) + usize::from(take_inbox(vault, &mut report));
        if ahead == 0 {
            break;
        }
        // Nothing leaves in the clear: not even in a commit sealed since.
        {
            let _merge = VaultLock::exclusive(vault)?;
            let replaced = scrub::scrub_unpushed(vault, &local)?;
            if replaced > 0 {
                report.scrubbed += replaced;
                ahead = 1;
            }
        }
        progress("pushing");
        // To the upstream branch, whatever the local branch is called.
        match git.run(&["-c", "push.default=upstream", "push", "--quiet"]) {
            Ok(_) => {
                report.pushed += ahead;
                break;
            }
            // Someone pushed meanwhile: take it in and try again.
            Err(e) if e.kind() == Fail::Rejected && attempt < 2 => continue,
            Err(e) => return Err(remote_error(e, "push")),
        }
    }
    report.tightened += crate::store::perms::tighten(vault)?;
    record_sync(vault);
    Ok(report)
}

fn has_upstream(git: &Git) -> bool {
    git.run(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])
        .is_ok()
}

/// In a vault that encrypts, seals the private entries still in the clear;
/// whether it changed any file.
fn seal_plain(vault: &Vault) -> Result<bool> {
    if !crate::store::crypt::enabled(vault) {
        return Ok(false);
    }
    // Only files changed since a sync last found them clean.
    let under = crate::index::sealcheck::fingerprint(vault);
    let clean = crate::index::sealcheck::clean(vault, under);
    let files = vault.scan()?;
    let todo: Vec<&crate::store::FileStat> = files
        .iter()
        .filter(|f| clean.get(&f.slug) != Some(&f.stamp))
        .collect();
    let slugs: Vec<&str> = todo.iter().map(|f| f.slug.as_str()).collect();
    let found = crate::store::seal::seal_these(vault, &slugs)?;
    let sealed = found.contains(&crate::store::seal::Sealing::Sealed);
    // Remembered with the stamps they had before they were looked at: one
    // changed meanwhile is looked at again next time. A file sealed now is
    // looked at once more (its new stamp is not known here).
    let now_clean: Vec<&crate::store::FileStat> = files
        .iter()
        .filter(|f| clean.get(&f.slug) == Some(&f.stamp))
        .chain(
            todo.iter()
                .zip(&found)
                .filter(|(_, s)| **s == crate::store::seal::Sealing::Clean)
                .map(|(f, _)| *f),
        )
        .collect();
    crate::index::sealcheck::remember(vault, under, &now_clean);
    if sealed {
        // The caches still hold what was in the clear (found by the chaos
        // test); best effort, as every cache write.
        let _ = crate::index::refresh(vault);
    }
    Ok(sealed)
}

/// Takes the inbox as part of a sync, adding to what the report says;
/// a failure is said, not fatal. Returns whether it made a commit.
fn take_inbox(vault: &Vault, report: &mut Report) -> bool {
    let clock = crate::clock::Clock::system();
    match inbox::take(vault, &clock, false, true) {
        Ok(t) => {
            let committed = t.committed.is_some();
            match &mut report.inbox {
                Some(Ok(all)) => {
                    all.taken.extend(t.taken);
                    all.left = t.left;
                }
                _ => report.inbox = Some(Ok(t)),
            }
            committed
        }
        Err(e) => {
            report.inbox = Some(Err(e.to_string()));
            false
        }
    }
}

/// Concludes a merge that stopped on a conflict, once no file holds markers.
fn finish_merge(
    vault: &Vault,
    git: &Git,
    report: &mut Report,
    progress: &dyn Fn(&str),
) -> Result<()> {
    if !merging(git) {
        return Ok(());
    }
    let left = files_with_markers(vault, git);
    if !left.is_empty() {
        return Err(SyncError::Conflict(left));
    }
    progress("finishing the merge");
    let mut add = vec!["add", "-A", "--"];
    add.extend(VAULT_SPEC);
    retry_locked(|| git.run(&add))?;
    retry_locked(|| git.run(&["commit", "--quiet", "--no-edit"]))?;
    report.merged += 1;
    Ok(())
}

/// `git merge` of the upstream; a conflict leaves the merge for the user.
fn merge_upstream(vault: &Vault, git: &Git) -> Result<()> {
    let Err(e) = retry_locked(|| git.run(&["merge", "--quiet", "--no-edit", "@{u}"])) else {
        return Ok(());
    };
    let conflicted = git
        .run(&["diff", "--name-only", "--relative", "--diff-filter=U"])
        .unwrap_or_default();
    let mut files: Vec<String> = conflicted.lines().map(str::to_string).collect();
    if files.is_empty() && merging(git) {
        // The driver merged without a conflict git noticed, yet git
        // stopped: never conclude it blindly.
        files = files_with_markers(vault, git);
    }
    if !files.is_empty() {
        return Err(SyncError::Conflict(files));
    }
    if merging(git) {
        let _ = git.run(&["merge", "--abort"]);
    }
    Err(e.into())
}

fn record_sync(vault: &Vault) {
    let now = chrono::Local::now().to_rfc3339();
    // By rename: a link planted at `.ties/last-sync` is replaced, never
    // written through.
    let _ = fsutil::write_atomic(
        &last_sync_file(vault),
        now.as_bytes(),
        &vault.state_dir().join("tmp"),
        Some(0o600),
    );
}
