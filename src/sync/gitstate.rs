//! Git states in which a save must not be committed: a detached HEAD, or a
//! rebase, merge, cherry-pick, revert or bisect in progress. A commit made
//! then lands where the user's next ordinary step (switching back to the
//! branch, `git rebase --continue`) leaves it only in the reflog. The save
//! itself still happens: the words are in the file, and `ties sync` commits
//! them once the repository is back on its branch.

use std::path::{Path, PathBuf};

use super::git::Git;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    Detached { branch: String },
    Rebase { branch: String },
    Merge,
    CherryPick,
    Revert,
    Bisect { branch: String },
}

impl Blocker {
    /// A few words for the status line.
    pub fn short(&self) -> &'static str {
        match self {
            Blocker::Detached { .. } => "HEAD detached",
            Blocker::Rebase { .. } => "rebase in progress",
            Blocker::Merge => "merge unfinished",
            Blocker::CherryPick => "cherry-pick in progress",
            Blocker::Revert => "revert in progress",
            Blocker::Bisect { .. } => "bisect in progress",
        }
    }

    /// What is going on and what to do, in one sentence (no leading capital:
    /// it follows "saved, but not committed: " or "cannot sync: ").
    pub fn sentence(&self, vault: &Path) -> String {
        let v = vault.display();
        match self {
            Blocker::Detached { branch } => format!(
                "HEAD is detached in {v} (not on a branch), so a commit would be lost on the next checkout; go back to the branch with `git switch {branch}` (if git refuses because of local changes: `git stash`, `git switch {branch}`, `git stash pop`), then `ties sync` commits what was saved"
            ),
            Blocker::Rebase { branch } => format!(
                "a rebase of {branch} is in progress in {v}; finish it with `git rebase --continue` (or undo it with `git rebase --abort`), then `ties sync` commits what was saved"
            ),
            Blocker::Merge => format!(
                "a merge is unfinished in {v}; resolve its conflicts, then `ties sync` concludes it and commits what was saved"
            ),
            Blocker::CherryPick => format!(
                "a cherry-pick is in progress in {v}; finish it with `git cherry-pick --continue` (or `--abort`), then `ties sync` commits what was saved"
            ),
            Blocker::Revert => format!(
                "a revert is in progress in {v}; finish it with `git revert --continue` (or `--abort`), then `ties sync` commits what was saved"
            ),
            Blocker::Bisect { branch } => format!(
                "a bisect is in progress in {v}; end it with `git bisect reset` (back to {branch}), then `ties sync` commits what was saved"
            ),
        }
    }
}

/// The repository's git folder: `.git`, or where a `.git` file points
/// (worktrees, submodules).
fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot = root.join(".git");
    if dot.is_dir() {
        return Some(dot);
    }
    let text = std::fs::read_to_string(&dot).ok()?;
    let rel = text.strip_prefix("gitdir:")?.trim();
    Some(root.join(rel))
}

/// The branch to go back to, for the advice: the branch a rebase or bisect
/// started from, else the one checked out before, else the only branch.
fn branch_name(git: &Git, dir: &Path) -> String {
    for f in [
        "rebase-merge/head-name",
        "rebase-apply/head-name",
        "BISECT_START",
    ] {
        if let Ok(t) = std::fs::read_to_string(dir.join(f)) {
            let t = t.trim();
            let name = t.strip_prefix("refs/heads/").unwrap_or(t);
            if !name.is_empty() && !name.chars().all(|c| c.is_ascii_hexdigit()) {
                return name.to_string();
            }
        }
    }
    if let Ok(prev) = git.run(&["rev-parse", "--abbrev-ref", "@{-1}"]) {
        let prev = prev.trim();
        if !prev.is_empty() && prev != "HEAD" {
            return prev.to_string();
        }
    }
    let branches = git
        .run(&["for-each-ref", "--format=%(refname:short)", "refs/heads"])
        .unwrap_or_default();
    let branches: Vec<&str> = branches.lines().filter(|l| !l.is_empty()).collect();
    match branches.as_slice() {
        [one] => one.to_string(),
        _ => "BRANCH".to_string(),
    }
}

/// Why a save must not be committed now, if it must not.
pub fn blocker(git: &Git) -> Option<Blocker> {
    let dir = git_dir(&git.dir)?;
    let has = |f: &str| dir.join(f).exists();
    if has("rebase-merge") || has("rebase-apply") {
        return Some(Blocker::Rebase {
            branch: branch_name(git, &dir),
        });
    }
    if has("MERGE_HEAD") {
        return Some(Blocker::Merge);
    }
    if has("CHERRY_PICK_HEAD") {
        return Some(Blocker::CherryPick);
    }
    if has("REVERT_HEAD") {
        return Some(Blocker::Revert);
    }
    if has("BISECT_LOG") {
        return Some(Blocker::Bisect {
            branch: branch_name(git, &dir),
        });
    }
    let head = std::fs::read_to_string(dir.join("HEAD")).ok()?;
    if !head.starts_with("ref:") {
        return Some(Blocker::Detached {
            branch: branch_name(git, &dir),
        });
    }
    None
}
