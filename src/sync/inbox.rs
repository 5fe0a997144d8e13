//! Taking the inbox in a git vault: a line's time is that of the commit
//! that added it (when it has none of its own), and what the taking changed
//! (the person files and `inbox.md`) is one commit.

use chrono::{DateTime, FixedOffset, TimeZone};

use super::git::{self, Git, Prompts};
use crate::clock::Clock;
use crate::inbox::{self, Taken};
use crate::store::{Result, StoreError, Vault};

/// Takes the inbox (see [`crate::inbox::take`]), then commits what changed
/// when `commit` is set and the vault is a git repository. A failed commit
/// is said in `not_committed`: the notes are filed either way.
pub fn take(vault: &Vault, clock: &Clock, dry_run: bool, commit: bool) -> Result<Taken> {
    if git::in_repository(vault.root()) {
        let git = Git::new(vault.root(), Prompts::Never);
        if git
            .run(&["ls-files", "--unmerged", "--", inbox::FILE])
            .is_ok_and(|o| !o.trim().is_empty())
        {
            return Err(StoreError::Refused(format!(
                "{} is not merged yet (git has a conflict on it); resolve it and `git add` it, then run `ties inbox` again",
                inbox::path(vault).display()
            )));
        }
    }
    let times = || commit_times(vault);
    let mut taken = inbox::take(vault, clock, &times, dry_run)?;
    if dry_run || !commit || !taken.changed() {
        return Ok(taken);
    }
    let mut files: Vec<String> = taken.files.iter().map(|s| Vault::rel(s)).collect();
    if taken.rewritten {
        files.push(inbox::FILE.to_string());
    }
    let message = taken
        .took_sentence()
        .unwrap_or_else(|| format!("say why lines stay in {}", inbox::FILE));
    match super::commit_files(vault, &files, &message) {
        Ok(c) => taken.committed = c,
        Err(e) => taken.not_committed = Some(e.to_string()),
    }
    Ok(taken)
}

/// Each line of `inbox.md` and its committer time (None when not
/// committed), from `git blame`; nothing when the vault is not a repository
/// or the inbox not committed.
fn commit_times(vault: &Vault) -> Vec<(String, Option<DateTime<FixedOffset>>)> {
    if !git::in_repository(vault.root()) {
        return Vec::new();
    }
    let git = Git::new(vault.root(), Prompts::Never);
    match git.run(&["blame", "--porcelain", "--", inbox::FILE]) {
        Ok(out) => parse_blame(&out),
        Err(_) => Vec::new(),
    }
}

/// Reads `git blame --porcelain`: a header per line (the commit first, its
/// details the first time it appears), then the line after a tab.
fn parse_blame(out: &str) -> Vec<(String, Option<DateTime<FixedOffset>>)> {
    use std::collections::HashMap;
    let mut secs: HashMap<&str, i64> = HashMap::new();
    let mut zone: HashMap<&str, i32> = HashMap::new();
    let mut commit = "";
    let mut lines = Vec::new();
    for l in out.lines() {
        if let Some(content) = l.strip_prefix('\t') {
            let uncommitted = commit.bytes().all(|b| b == b'0');
            let at = secs.get(commit).and_then(|s| {
                let offset = FixedOffset::east_opt(*zone.get(commit).unwrap_or(&0))?;
                offset.timestamp_opt(*s, 0).single()
            });
            let at = if uncommitted { None } else { at };
            lines.push((content.trim_end_matches('\r').to_string(), at));
            continue;
        }
        let mut words = l.split(' ');
        let first = words.next().unwrap_or("");
        if first.len() >= 40 && first.bytes().all(|b| b.is_ascii_hexdigit()) {
            commit = first;
        } else if first == "committer-time" {
            if let Some(s) = words.next().and_then(|w| w.parse().ok()) {
                secs.insert(commit, s);
            }
        } else if first == "committer-tz"
            && let Some(tz) = words.next()
        {
            zone.insert(commit, tz_seconds(tz));
        }
    }
    lines
}

/// `+0130` → 5400 seconds east.
fn tz_seconds(tz: &str) -> i32 {
    let (sign, digits) = match tz.split_at_checked(1) {
        Some(("-", d)) => (-1, d),
        Some(("+", d)) => (1, d),
        _ => return 0,
    };
    let h: i32 = digits.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let m: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    sign * (h * 3600 + m * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blame_gives_each_committed_line_its_commit_time() {
        let out = "\
1111111111111111111111111111111111111111 1 1 2
author A
committer-time 1795442700
committer-tz -0130
filename inbox.md
\tana: one
1111111111111111111111111111111111111111 2 2
\tbo: two\r
0000000000000000000000000000000000000000 3 3 1
committer-time 1795442800
committer-tz +0000
\tnot yet: committed
";
        let got = parse_blame(out);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "ana: one");
        assert_eq!(got[1].0, "bo: two");
        assert_eq!(
            got[1].1.map(|at| at.to_rfc3339()).as_deref(),
            Some("2026-11-23T12:35:00-01:30")
        );
        assert_eq!(got[2], ("not yet: committed".to_string(), None));
    }
}
