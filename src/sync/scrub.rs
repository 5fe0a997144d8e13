//! Before a push: local commits not pushed yet that hold private words in
//! the clear (written before this clone knew the vault encrypts, or a fact
//! the vault began to encrypt meanwhile) are replaced by one commit of the
//! same tree, whose private words the sync has sealed. They never left the
//! machine, so no one else has them; and no word is lost, since the tree is
//! HEAD's as it is.

use super::git::Git;
use super::{Result, SyncError};
use crate::store::{Vault, crypt, parse_loaded, sealtext, settings};

/// The message of the commit that replaces them.
pub const MESSAGE: &str = "ties: notes from this machine, encrypted before they left it";

/// Replaces the unpushed commits when one of them holds private words in
/// the clear; how many it replaced (0: none needed it).
pub(super) fn scrub_unpushed(vault: &Vault, git: &Git) -> Result<usize> {
    if !crypt::enabled(vault) {
        return Ok(0);
    }
    // Only over the upstream as it is: a HEAD that has not taken it in
    // is not pushed anyway.
    if git
        .run(&["merge-base", "--is-ancestor", "@{u}", "HEAD"])
        .is_err()
    {
        return Ok(0);
    }
    let log = git.run(&[
        "log",
        "--no-merges",
        "--format=%x00%H",
        "--name-only",
        "@{u}..HEAD",
        "--",
        "people/",
    ])?;
    let mut wanted = String::new();
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(hash) = lines.next() else { continue };
        for path in lines.filter(|p| p.ends_with(".toml")) {
            wanted.push_str(&format!("{hash}:{path}\n"));
        }
    }
    if wanted.is_empty() {
        return Ok(0);
    }
    let settings = settings::load(vault).map_err(SyncError::Store)?;
    let out = git.run_input_bytes(&["cat-file", "--batch"], wanted.as_bytes())?;
    if !blobs(&out).any(|b| {
        parse_loaded("scrub", b).is_ok_and(|l| sealtext::needs_sealing(&l.person, &settings))
    }) {
        return Ok(0);
    }
    let count = git.run(&["rev-list", "--count", "@{u}..HEAD"])?;
    let head = git.run(&["rev-parse", "HEAD"])?;
    git.run(&["reset", "--quiet", "--soft", "@{u}"])?;
    if let Err(e) = git.run(&["commit", "--quiet", "--no-verify", "-m", MESSAGE]) {
        // The branch goes back where it was: nothing pushed, nothing lost.
        let _ = git.run(&["reset", "--quiet", "--soft", head.trim()]);
        return Err(e.into());
    }
    Ok(count.trim().parse().unwrap_or(1))
}

/// The contents in `git cat-file --batch` output (`OID blob SIZE\n...\n`);
/// a missing object (`SPEC missing`) is skipped.
fn blobs(mut out: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        loop {
            let nl = out.iter().position(|&b| b == b'\n')?;
            let head = std::str::from_utf8(&out[..nl]).unwrap_or("");
            out = &out[nl + 1..];
            let mut parts = head.split(' ');
            let (_, kind, size) = (parts.next(), parts.next(), parts.next());
            let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
                continue;
            };
            let body = out.get(..size)?;
            out = out.get(size + 1..).unwrap_or_default();
            if kind == Some("blob") {
                return Some(body);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_is_read_blob_by_blob() {
        let out = b"abc blob 3\nfoo\nx:y missing\ndef blob 0\n\nghi blob 2\nhi\n";
        let got: Vec<&[u8]> = blobs(out).collect();
        assert_eq!(got, [&b"foo"[..], b"", b"hi"]);
    }
}
