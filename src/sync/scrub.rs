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
    if git.run(&["rev-list", "--count", "HEAD..@{u}"])?.trim() != "0" {
        return Ok(0);
    }
    // The versions of person files the unpushed commits wrote, by blob id
    // (`-z`: a name git would quote, `zoë.toml`, is no different).
    let commits = git.run(&["rev-list", "--no-merges", "@{u}..HEAD"])?;
    let mut wanted = String::new();
    for c in commits.split_whitespace() {
        let diff = git.run(&[
            "diff-tree",
            "-r",
            "-z",
            "--no-commit-id",
            "--root",
            c,
            "--",
            "people/",
        ])?;
        for record in diff.split('\0').filter(|r| r.starts_with(':')) {
            // `:old-mode new-mode old-id new-id status`; a deleted file's
            // new id is all zeros.
            if let Some(id) = record
                .split(' ')
                .nth(3)
                .filter(|id| id.bytes().any(|b| b != b'0'))
            {
                wanted.push_str(id);
                wanted.push('\n');
            }
        }
    }
    if wanted.is_empty() {
        return Ok(0);
    }
    let settings = settings::load(vault).map_err(SyncError::Store)?;
    let out = git.run_input_bytes(&["cat-file", "--batch"], wanted.as_bytes())?;
    // A version that does not parse but may hold private words counts too:
    // unsure is not clean.
    let in_clear = |b: &[u8]| match parse_loaded("scrub", b) {
        Ok(l) => sealtext::needs_sealing(&l.person, &settings),
        Err(_) => sealtext::may_need_sealing(b, &settings),
    };
    if !blobs(&out).any(in_clear) {
        return Ok(0);
    }
    let count = git.run(&["rev-list", "--count", "@{u}..HEAD"])?;
    let head = git.run(&["rev-parse", "HEAD"])?;
    let (tree, upstream_tree) = (
        git.run(&["rev-parse", "HEAD^{tree}"])?,
        git.run(&["rev-parse", "@{u}^{tree}"])?,
    );
    // One commit of HEAD's tree on the upstream, made without touching
    // the index or the files; none when the commits cancel out (a note
    // written, then deleted), so the next sync is not stuck on an empty one.
    let new = if tree.trim() == upstream_tree.trim() {
        git.run(&["rev-parse", "@{u}"])?
    } else {
        git.run(&["commit-tree", tree.trim(), "-p", "@{u}", "-m", MESSAGE])?
    };
    git.run(&["update-ref", "-m", MESSAGE, "HEAD", new.trim(), head.trim()])?;
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
