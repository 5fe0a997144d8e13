//! Which person files each commit changed, for the whole vault, kept in
//! `.ties/history-log/`: so that a person's first prep reads a small table
//! instead of asking git to walk every commit's `people/` tree again.
//!
//! Built by one `git log --raw -- people/` (the one-time cost of the first
//! history read in a vault) and extended as HEAD moves on: only
//! `tip..HEAD` is read when the cached tip is an ancestor of HEAD; history
//! rewritten under it (an amend, a reset) reads again from the last point
//! still an ancestor, or from the start.
//!
//! Two sealed files, `base.bin` (the first full read, never rewritten by
//! an extension) and `tail.bin` (every commit added since, rewritten whole
//! at each extension, folded into the base past [`TAIL_MAX`]). Measured
//! after a bulk import of 100,000 people in one commit: the table is
//! 7.1 MB, and a person's first prep reading all of it costs 14 ms whole
//! process; with one file, each HEAD move would also rewrite those 7 MB
//! (and read them again) for a one-row extension, so the big part stays
//! apart and the small part is what moves.
//!
//! Rows are binary (object ids as bytes, paths with their length), about
//! 70 bytes a row: the 100,000-row commit above is 7 MB read once per
//! person's first prep, never on a warm one.

use std::collections::HashSet;

use crate::index::sealed;
use crate::store::{Vault, fsutil};
use crate::sync::git::{Git, GitError};

const MAGIC: &[u8; 8] = b"TIESVLOG";
/// Bump when the layout below changes: an old table is then rebuilt.
const VERSION: u32 = 1;
const DIR: &str = "history-log";
const BASE: &str = "history-log/base.bin";
const TAIL: &str = "history-log/tail.bin";
/// Past this, the tail (rewritten at every extension) is folded into the
/// base: about 10,000 one-file commits.
const TAIL_MAX: usize = 1 << 20;

/// One commit of one person file, as the per-person reader wants it.
pub struct Raw {
    pub id: String,
    pub at: i64,
    pub merge: bool,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A commit as git printed it, before encoding.
struct NewCommit {
    id: Vec<u8>,
    at: i64,
    merge: bool,
    rows: Vec<NewRow>,
}

struct NewRow {
    status: u8,
    old: Vec<u8>,
    new: Vec<u8>,
    path: Vec<u8>,
    /// The old path of a rename (or copy); empty otherwise.
    src: Vec<u8>,
}

/// The table, brought up to one HEAD.
pub struct Log {
    head: Vec<u8>,
    tail: Vec<u8>,
    base: Option<Vec<u8>>,
}

/// A decoded segment (base or tail), borrowing its bytes.
///
/// ```text
/// u8 oid length (20, or 32 for SHA-256 repositories)
/// u8 has_from, oid from       the tip this segment continues (tail only)
/// u32 n, n x (oid, u32 k)     marks: at HEAD oid, the segment held k commits
/// commits, oldest first:      oid, i64 author time, u8 merge, u32 rows,
///   rows:                     u8 status, oid old, oid new,
///                             u16 len + path, u16 len + old path (renames)
/// ```
struct Seg<'a> {
    oid: usize,
    from: Option<&'a [u8]>,
    marks: Vec<(&'a [u8], u32)>,
    commits: &'a [u8],
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (h, t) = (self.b.get(..n)?, self.b.get(n..)?);
        self.b = t;
        Some(h)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<usize> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?) as usize)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

fn decode(bytes: &[u8]) -> Option<Seg<'_>> {
    let mut r = Reader { b: bytes };
    let oid = r.u8()? as usize;
    if oid != 20 && oid != 32 {
        return None;
    }
    let has_from = r.u8()? == 1;
    let from = r.take(oid)?;
    let n = r.u32()?;
    let mut marks = Vec::new();
    for _ in 0..n {
        marks.push((r.take(oid)?, r.u32()?));
    }
    marks.last()?;
    Some(Seg {
        oid,
        from: has_from.then_some(from),
        marks,
        commits: r.b,
    })
}

/// One commit's row for a path, borrowed.
struct Row<'a> {
    status: u8,
    old: &'a [u8],
    new: &'a [u8],
    path: &'a [u8],
    src: &'a [u8],
}

/// Calls `f` with each commit (its index, id, time, merge) and each of its
/// rows, oldest first; `None` when the bytes are not whole.
fn walk<'a>(seg: &Seg<'a>, mut f: impl FnMut(u32, &'a [u8], i64, bool, Row<'a>)) -> Option<u32> {
    let mut r = Reader { b: seg.commits };
    let mut i = 0u32;
    while !r.b.is_empty() {
        let id = r.take(seg.oid)?;
        let at = r.i64()?;
        let merge = r.u8()? == 1;
        for _ in 0..r.u32()? {
            let status = r.u8()?;
            let old = r.take(seg.oid)?;
            let new = r.take(seg.oid)?;
            let n = r.u16()?;
            let path = r.take(n)?;
            let n = r.u16()?;
            let src = r.take(n)?;
            f(
                i,
                id,
                at,
                merge,
                Row {
                    status,
                    old,
                    new,
                    path,
                    src,
                },
            );
        }
        i += 1;
    }
    Some(i)
}

fn encode_commits(out: &mut Vec<u8>, commits: &[NewCommit]) {
    for c in commits {
        out.extend_from_slice(&c.id);
        out.extend_from_slice(&c.at.to_le_bytes());
        out.push(u8::from(c.merge));
        out.extend_from_slice(&(c.rows.len() as u32).to_le_bytes());
        for r in &c.rows {
            out.push(r.status);
            out.extend_from_slice(&r.old);
            out.extend_from_slice(&r.new);
            for p in [&r.path, &r.src] {
                out.extend_from_slice(&(p.len() as u16).to_le_bytes());
                out.extend_from_slice(p);
            }
        }
    }
}

fn encode_head(oid: usize, from: Option<&[u8]>, marks: &[(&[u8], u32)]) -> Vec<u8> {
    let mut out = vec![oid as u8, u8::from(from.is_some())];
    match from {
        Some(f) => out.extend_from_slice(f),
        None => out.resize(out.len() + oid, 0),
    }
    out.extend_from_slice(&(marks.len() as u32).to_le_bytes());
    for (m, k) in marks {
        out.extend_from_slice(m);
        out.extend_from_slice(&k.to_le_bytes());
    }
    out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

/// `git log` of `people/` over `range`, oldest first. Merges are shown
/// against their first parent, as the per-person reader always did.
fn read_git(git: &Git, range: &str) -> Result<Vec<NewCommit>, GitError> {
    let out = git.run_input_bytes(
        &[
            "log",
            "--topo-order",
            "--raw",
            "--no-abbrev",
            "-M",
            "--root",
            "--relative",
            "-z",
            "--diff-merges=first-parent",
            "--format=%x1e%H %at %P",
            range,
            "--",
            "people/",
        ],
        b"",
    )?;
    let mut commits = parse(&out);
    commits.reverse();
    Ok(commits)
}

/// Reads `git log -z --raw` output: each commit is `\x1e<id> <time>
/// <parents>\0`, then rows `:<modes> <old> <new> <status>\0<path>\0`
/// (`\0<old path>\0<path>\0` for a rename or copy). Read field by field, so
/// that no byte of a path can be taken for a separator.
fn parse(out: &[u8]) -> Vec<NewCommit> {
    let mut commits = Vec::new();
    let mut fields = out.split(|b| *b == 0).peekable();
    while let Some(f) = fields.next() {
        let f = f.strip_prefix(b"\n").unwrap_or(f);
        let Some(head) = f.strip_prefix(b"\x1e") else {
            continue;
        };
        let mut words = head.split(|b| *b == b' ').filter(|w| !w.is_empty());
        let (Some(id), Some(at)) = (words.next().and_then(unhex), words.next()) else {
            continue;
        };
        let Some(at) = std::str::from_utf8(at).ok().and_then(|a| a.parse().ok()) else {
            continue;
        };
        let merge = words.count() > 1;
        let mut rows = Vec::new();
        while let Some(meta) =
            fields.next_if(|f| f.strip_prefix(b"\n").unwrap_or(f).starts_with(b":"))
        {
            let meta = meta.strip_prefix(b"\n").unwrap_or(meta);
            let m: Vec<&[u8]> = meta.split(|b| *b == b' ').collect();
            let (Some(old), Some(new), Some(status)) = (
                m.get(2).and_then(|o| unhex(o)),
                m.get(3).and_then(|o| unhex(o)),
                m.get(4).and_then(|s| s.first().copied()),
            ) else {
                break;
            };
            let two = matches!(status, b'R' | b'C');
            let first = fields.next().unwrap_or_default().to_vec();
            let (src, path) = if two {
                (first, fields.next().unwrap_or_default().to_vec())
            } else {
                (Vec::new(), first)
            };
            if old.len() != id.len()
                || new.len() != id.len()
                || path.len() > 0xffff
                || src.len() > 0xffff
            {
                continue;
            }
            rows.push(NewRow {
                status,
                old,
                new,
                path,
                src,
            });
        }
        commits.push(NewCommit {
            id,
            at,
            merge,
            rows,
        });
    }
    commits
}

impl Log {
    /// The table brought up to `head` (a full commit id), reading from git
    /// only what it does not hold yet; written back, best effort.
    pub fn at(vault: &Vault, git: &Git, head: &str) -> Result<Log, GitError> {
        let head_b = unhex(head.as_bytes()).unwrap_or_default();
        if let Some(tail) = sealed::read(vault, TAIL, MAGIC, VERSION).content() {
            let tail = tail.to_vec();
            if let Some(seg) = decode(&tail).filter(|s| s.oid == head_b.len()) {
                let (tip, n) = *seg.marks.last().unwrap_or(&(&[][..], 0));
                if tip == head_b {
                    return Ok(Log::new(head_b, tail, None));
                }
                let is_ancestor =
                    |oid: &[u8]| git.check(&["merge-base", "--is-ancestor", &hex(oid), head]);
                if is_ancestor(tip) {
                    let new = read_git(git, &format!("{}..{head}", hex(tip)))?;
                    let mut marks = seg.marks.clone();
                    marks.push((&head_b, n + new.len() as u32));
                    let mut body = Vec::new();
                    encode_commits(&mut body, &new);
                    let front = encode_head(seg.oid, seg.from, &marks);
                    let mut all = front;
                    all.extend_from_slice(seg.commits);
                    all.extend_from_slice(&body);
                    let log = Log::new(head_b.clone(), all, None);
                    return Ok(log.saved(vault));
                }
                // Rewritten after the base was read (an amend of a recent
                // commit): only the tail is read again.
                if let Some(from) = seg.from.filter(|f| is_ancestor(f)) {
                    let new = read_git(git, &format!("{}..{head}", hex(from)))?;
                    let tail = tail_of(seg.oid, from, &head_b, &new);
                    return Ok(Log::new(head_b, tail, None).saved(vault));
                }
            }
        }
        Log::build(vault, git, head, head_b)
    }

    fn new(head: Vec<u8>, tail: Vec<u8>, base: Option<Vec<u8>>) -> Log {
        Log { head, tail, base }
    }

    /// Everything from the start: the one-time cost.
    fn build(vault: &Vault, git: &Git, head: &str, head_b: Vec<u8>) -> Result<Log, GitError> {
        let new = read_git(git, head)?;
        let oid = head_b.len();
        let mut base = encode_head(oid, None, &[(&head_b, new.len() as u32)]);
        encode_commits(&mut base, &new);
        let tail = tail_of(oid, &head_b, &head_b, &[]);
        if fsutil::create_private_dir(&vault.state_dir().join(DIR)).is_ok() {
            // The base first: a tail is only ever read with its own base's
            // tip as `from`, and a full read checks they match.
            let _ = sealed::write(vault, BASE, MAGIC, VERSION, &[&base]);
        }
        Ok(Log::new(head_b, tail, Some(base)).saved(vault))
    }

    /// Writes the tail, folding it into the base once it is big.
    fn saved(mut self, vault: &Vault) -> Log {
        if self.tail.len() > TAIL_MAX {
            self.fold(vault);
        }
        if fsutil::create_private_dir(&vault.state_dir().join(DIR)).is_ok() {
            let _ = sealed::write(vault, TAIL, MAGIC, VERSION, &[&self.tail]);
        }
        self
    }

    /// The base and the tail as one new base, and an empty tail.
    fn fold(&mut self, vault: &Vault) {
        let Some(base) = self.base_bytes(vault).map(<[u8]>::to_vec) else {
            return;
        };
        let (Some(b), Some(t)) = (decode(&base), decode(&self.tail)) else {
            return;
        };
        let count = |s: &Seg| s.marks.last().map_or(0, |m| m.1);
        if t.from != b.marks.last().map(|m| m.0) || b.oid != t.oid {
            return;
        }
        let mut folded = encode_head(b.oid, None, &[(&self.head, count(&b) + count(&t))]);
        folded.extend_from_slice(b.commits);
        folded.extend_from_slice(t.commits);
        let tail = tail_of(b.oid, &self.head, &self.head, &[]);
        if sealed::write(vault, BASE, MAGIC, VERSION, &[&folded]).is_ok() {
            self.base = Some(folded);
            self.tail = tail;
        }
    }

    fn base_bytes(&mut self, vault: &Vault) -> Option<&[u8]> {
        if self.base.is_none() {
            self.base = sealed::read(vault, BASE, MAGIC, VERSION)
                .content()
                .map(|c| c.to_vec());
        }
        self.base.as_deref()
    }

    /// The rows of `path` in commits after `since` (a HEAD this table was
    /// brought to earlier), oldest first; `None` when `since` is not one of
    /// its marks any more, or the file was renamed since (its older rows
    /// are then under another name: read them all).
    pub fn since(&self, since: &str, path: &str) -> Option<Vec<Raw>> {
        let since = unhex(since.as_bytes())?;
        let seg = decode(&self.tail)?;
        let k = if seg.from == Some(&since[..]) {
            0
        } else {
            seg.marks.iter().find(|(m, _)| *m == since)?.1
        };
        let (raws, renamed) = rows_of(&[seg], path.as_bytes(), k)?;
        (!renamed).then_some(raws)
    }

    /// Every row of `path` and of the names it had before (renames followed
    /// backwards, as `git log --follow` does), oldest first.
    pub fn all(&mut self, vault: &Vault, git: &Git, path: &str) -> Result<Vec<Raw>, GitError> {
        self.base_bytes(vault);
        let found = self.base.as_deref().and_then(|b| {
            let base = decode(b)?;
            let tail = decode(&self.tail)?;
            // A tail continues its own base, or the pair is not believed.
            let tip = base.marks.last()?.0;
            (tail.from == Some(tip) && base.oid == tail.oid)
                .then(|| rows_of(&[base, tail], path.as_bytes(), 0))
                .flatten()
        });
        match found {
            Some((raws, _)) => Ok(raws),
            None => {
                let head = hex(&self.head);
                let head_b = self.head.clone();
                *self = Log::build(vault, git, &head, head_b)?;
                let base = self.base.as_deref().and_then(decode);
                let tail = decode(&self.tail);
                Ok(base
                    .zip(tail)
                    .and_then(|(b, t)| rows_of(&[b, t], path.as_bytes(), 0))
                    .map(|(r, _)| r)
                    .unwrap_or_default())
            }
        }
    }
}

fn tail_of(oid: usize, from: &[u8], head: &[u8], new: &[NewCommit]) -> Vec<u8> {
    let mut t = encode_head(oid, Some(from), &[(head, new.len() as u32)]);
    encode_commits(&mut t, new);
    t
}

/// The rows of `path` in these segments (in order), skipping the first
/// `skip` commits of the first; whether a rename was followed. `None` when
/// a segment is not whole.
fn rows_of(segs: &[Seg<'_>], path: &[u8], skip: u32) -> Option<(Vec<Raw>, bool)> {
    let mut names: HashSet<&[u8]> = HashSet::from([path]);
    loop {
        // Every row under a name the file may have had, oldest first.
        let mut found: Vec<(&[u8], i64, bool, Row)> = Vec::new();
        for (s, seg) in segs.iter().enumerate() {
            walk(seg, |i, id, at, merge, row| {
                if (s > 0 || i >= skip) && names.contains(row.path) {
                    found.push((id, at, merge, row));
                }
            })?;
        }
        // Newest first, following the file back through its renames.
        let mut now: &[u8] = path;
        let mut mine = Vec::new();
        let mut unseen = None;
        for (id, at, merge, row) in found.iter().rev() {
            if row.path != now {
                continue;
            }
            let none = |b: &[u8]| b.iter().all(|x| *x == 0);
            mine.push(Raw {
                id: hex(id),
                at: *at,
                merge: *merge,
                old: (!none(row.old)).then(|| hex(row.old)),
                new: (!none(row.new)).then(|| hex(row.new)),
            });
            if row.status == b'R' && !row.src.is_empty() {
                now = row.src;
                if !names.contains(now) {
                    unseen = Some(now);
                    break;
                }
            }
        }
        match unseen {
            Some(n) => {
                names.insert(n);
            }
            None => {
                mine.reverse();
                let renamed = names.len() > 1;
                return Some((mine, renamed));
            }
        }
    }
}
