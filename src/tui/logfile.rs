//! The TUI's log: a file under the state folder, never the screen.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static LOG: Mutex<Option<File>> = Mutex::new(None);

/// Opens `ties.log` in `dir` (started afresh once it passes 1 MB).
pub fn open(dir: &Path) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("ties.log");
    let big = std::fs::metadata(&path)
        .map(|m| m.len() > 1 << 20)
        .unwrap_or(false);
    let file = OpenOptions::new()
        .create(true)
        .append(!big)
        .write(true)
        .truncate(big)
        .open(&path)
        .ok()?;
    *LOG.lock().ok()? = Some(file);
    Some(path)
}

pub fn write(msg: impl AsRef<str>) {
    if let Ok(mut guard) = LOG.lock()
        && let Some(f) = guard.as_mut()
    {
        let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f");
        let _ = writeln!(f, "{now} {}", msg.as_ref());
    }
}
