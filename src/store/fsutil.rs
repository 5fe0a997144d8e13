//! File-system helpers: every error names its path; writes are atomic and
//! durable (temp file, fsync, rename, fsync the folder).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use super::{Result, StoreError};
use crate::store::parse::MAX_FILE_BYTES;

/// An I/O error in plain words, without Rust's "(os error 13)".
pub fn plain(e: &io::Error) -> String {
    let s = e.to_string();
    let s = match s.find(" (os error") {
        Some(i) => &s[..i],
        None => &s,
    };
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => s.to_string(),
    }
}

/// Opens a lock file (never through a link, never waiting on a FIFO) and
/// takes its lock; None when another process holds it.
pub fn try_lock_file(path: &Path) -> Result<Option<File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(StoreError::io("open the lock", path))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(StoreError::io("lock", path)(e)),
    }
}

/// Creates a folder and its parents; new folders are private (0700).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(StoreError::io("create the folder", dir))
}

pub fn set_mode(path: &Path, mode: u32) -> Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(StoreError::io("set permissions on", path))
}

/// Reads a file, refusing to load more than a person file may hold.
pub fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    read_open_limited(&File::open(path)?)
}

/// [`read_limited`] from a file already open (read from its start).
pub fn read_open_limited(f: &File) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut f = f;
    f.seek(SeekFrom::Start(0))?;
    let mut buf = Vec::new();
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// What an open file holds past `from`: bytes another program appended to
/// it after it was read.
pub fn read_tail(f: &File, from: u64) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut f = f;
    if f.metadata()?.len() <= from {
        return Ok(Vec::new());
    }
    f.seek(SeekFrom::Start(from))?;
    let mut buf = Vec::new();
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The prefix of every temporary file ties writes, so a sweep removes only
/// its own leftovers.
const TEMP_PREFIX: &str = ".ties-write-";

/// Where the temporary file for `dest` goes: `tmp_dir` (out of the user's
/// sight) when it is on the destination's file system, else the
/// destination's own folder, since a rename cannot cross file systems (a
/// `.ties` or `people/` that is a link to another disk).
pub fn temp_dir_for<'a>(dest_dir: &'a Path, tmp_dir: &'a Path) -> &'a Path {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(dest_dir), fs::metadata(tmp_dir)) {
        (Ok(d), Ok(t)) if d.dev() == t.dev() => tmp_dir,
        _ => dest_dir,
    }
}

/// How an atomic write may land.
pub enum Land<'a> {
    /// Replace the file, but only if `still_same()` says nobody changed it
    /// since it was read; otherwise return `Ok(false)` without writing.
    Replace {
        still_same: &'a dyn Fn() -> Result<bool>,
    },
    /// Create a new file; fail if one appeared meanwhile.
    CreateNew,
}

/// Writes `bytes` to `path` atomically: a temporary file under `tmp_dir`
/// (same file system, out of the user's sight), fsync, rename, fsync the
/// folder. Returns `Ok(false)` when a `Replace` precondition failed.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    tmp_dir: &Path,
    mode: Option<u32>,
    land: Land<'_>,
) -> Result<bool> {
    write_parts_atomic(path, &[bytes], tmp_dir, mode, land)
}

/// [`write_atomic_with`] for content in several pieces, so a large file
/// need not be put together in memory first.
pub fn write_parts_atomic(
    path: &Path,
    parts: &[&[u8]],
    tmp_dir: &Path,
    mode: Option<u32>,
    land: Land<'_>,
) -> Result<bool> {
    write_parts(path, parts, tmp_dir, mode, land, true)
}

/// Replaces a derived file (an index cache) atomically but without fsync:
/// readers never see half of one, and one lost or torn by a power cut fails
/// its own checks and is rebuilt. Two fsyncs per cache write were most of
/// what the first command after a change paid. Mode `0600`.
pub fn write_cache_atomic(path: &Path, parts: &[&[u8]], tmp_dir: &Path) -> Result<()> {
    let land = Land::Replace {
        still_same: &|| Ok(true),
    };
    write_parts(path, parts, tmp_dir, Some(0o600), land, false).map(|_| ())
}

fn write_parts(
    path: &Path,
    parts: &[&[u8]],
    tmp_dir: &Path,
    mode: Option<u32>,
    land: Land<'_>,
    durable: bool,
) -> Result<bool> {
    create_private_dir(tmp_dir)?;
    let dest_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp_dir = temp_dir_for(dest_dir, tmp_dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(tmp_dir)
        .map_err(StoreError::io("create a temporary file in", tmp_dir))?;
    let write = |tmp: &mut tempfile::NamedTempFile| -> io::Result<()> {
        if let Some(mode) = mode {
            tmp.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))?;
        }
        for part in parts {
            tmp.write_all(part)?;
        }
        if durable {
            tmp.as_file().sync_all()?;
        }
        Ok(())
    };
    write(&mut tmp).map_err(StoreError::io("write", path))?;
    match land {
        Land::Replace { still_same } => {
            if !still_same()? {
                return Ok(false);
            }
            tmp.persist(path)
                .map_err(|e| StoreError::io("replace", path)(e.error))?;
        }
        Land::CreateNew => {
            tmp.persist_noclobber(path)
                .map_err(|e| StoreError::io("create", path)(e.error))?;
        }
    }
    if durable {
        sync_dir(dest_dir)?;
    }
    Ok(true)
}

/// Atomically replaces (or creates) a file with no precondition.
pub fn write_atomic(path: &Path, bytes: &[u8], tmp_dir: &Path, mode: Option<u32>) -> Result<()> {
    let mode = mode
        .or_else(|| {
            fs::metadata(path)
                .ok()
                .map(|m| m.permissions().mode() & 0o7777)
        })
        .or(Some(0o600));
    write_atomic_with(
        path,
        bytes,
        tmp_dir,
        mode,
        Land::Replace {
            still_same: &|| Ok(true),
        },
    )
    .map(|_| ())
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(StoreError::io("sync the folder", dir))
}

/// Removes temporary files left by writes that were killed part-way.
pub fn sweep_stale_temps(tmp_dir: &Path, older_than: std::time::Duration) {
    let Ok(rd) = fs::read_dir(tmp_dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for ent in rd.flatten() {
        let name = ent.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(TEMP_PREFIX) || name.starts_with("write-");
        if !ours || !name.ends_with(".tmp") {
            continue;
        }
        let old = ent
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > older_than));
        if old {
            let _ = fs::remove_file(ent.path());
        }
    }
}
