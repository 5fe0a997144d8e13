//! The merge driver git runs for person files (and `inbox.md`, merged by
//! `inbox::merge`): `ties merge-driver %O %A %B %P`. It never leaves %A as our side alone: what it cannot merge key by
//! key (a side that is not UTF-8, is not TOML, holds markers, or a result
//! that would not read as a person) is merged line by line, with both
//! sides' text between conflict markers, and reported as a conflict.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::store::fsutil;

/// What the driver did to %A.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Merged key by key with nothing left to decide.
    Clean,
    /// Merged key by key; these keys are between markers (`org`, `about.family`).
    Conflicts(Vec<String>),
    /// Merged line by line, marked, for this reason.
    LineByLine(String),
}

impl Outcome {
    /// True when git may take the result as it is.
    pub fn is_clean(&self) -> bool {
        matches!(self, Outcome::Clean)
    }
}

/// Merges `theirs` into `ours` (%A, rewritten in place) from `base`.
/// `name` is the file's path in the repository, for messages.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: &str,
) -> Result<Outcome, String> {
    let read = |p: &Path| {
        std::fs::read(p)
            .map_err(|e| format!("could not read {}: {}", p.display(), fsutil::plain(&e)))
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let write = |bytes: &[u8]| {
        std::fs::write(ours, bytes)
            .map_err(|e| format!("could not write {}: {}", ours.display(), fsutil::plain(&e)))
    };
    if name == crate::inbox::FILE {
        // Notes appended on both sides all kept, lines taken stay taken.
        write(&crate::inbox::merge::merge(&b, &o, &t))?;
        return Ok(Outcome::Clean);
    }
    // Merged by keys as plain text, then given back our side's layout
    // (a byte-order mark, CRLF line ends), so no line changes for nothing.
    let style = Style::of(&o);
    let why = match by_keys(&plain(&b), &plain(&o), &plain(&t)) {
        Ok(m) if !m.conflicts.is_empty() => {
            write(&style.apply(&m.text))?;
            return Ok(Outcome::Conflicts(m.conflicts));
        }
        Ok(m) => match crate::store::parse::parse("merged", m.text.as_bytes()) {
            Ok(_) => {
                write(&style.apply(&m.text))?;
                return Ok(Outcome::Clean);
            }
            Err(flaw) => format!("the merged file would not read: {}", flaw.reason),
        },
        Err(why) => why,
    };
    let merged = by_lines(base, ours, theirs, &o, &t);
    write(&merged)?;
    if merged == o {
        // The other side's changes were all ours already.
        return Ok(Outcome::Clean);
    }
    Ok(Outcome::LineByLine(format!("{name}: {why}")))
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The layout of a file that a merge by keys does not keep by itself.
struct Style {
    bom: bool,
    crlf: bool,
}

impl Style {
    fn of(bytes: &[u8]) -> Style {
        let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let first_end = body.iter().position(|&c| c == b'\n');
        Style {
            bom: bytes.starts_with(BOM),
            crlf: first_end.is_some_and(|i| i > 0 && body[i - 1] == b'\r'),
        }
    }

    fn apply(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + text.len() / 32 + 3);
        if self.bom {
            out.extend_from_slice(BOM);
        }
        if self.crlf {
            for line in text.split_inclusive('\n') {
                match line.strip_suffix('\n') {
                    Some(l) => {
                        out.extend_from_slice(l.strip_suffix('\r').unwrap_or(l).as_bytes());
                        out.extend_from_slice(b"\r\n");
                    }
                    None => out.extend_from_slice(line.as_bytes()),
                }
            }
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

/// A side without its byte-order mark and with LF line ends.
fn plain(bytes: &[u8]) -> Vec<u8> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\r' && body.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

fn text<'a>(side: &str, bytes: &'a [u8]) -> Result<&'a str, String> {
    std::str::from_utf8(bytes).map_err(|_| format!("the {side} version is not UTF-8 text"))
}

fn by_keys(b: &[u8], o: &[u8], t: &[u8]) -> Result<super::merge::Merged, String> {
    let (b, o, t) = (
        text("common ancestor", b)?,
        text("current", o)?,
        text("other", t)?,
    );
    // Keys are read only when both sides hold sealed values that differ.
    let open = |s: &str| crate::store::crypt::keys().open(s);
    super::merge::merge_opened(b, o, t, &open).map_err(|e| e.to_string())
}

/// `git merge-file` on the three files: conflicting lines between markers.
/// A merge it finds clean is still marked, as our side against the merged
/// result (what the other side brought, keep the lower half to take it),
/// since whatever made the key-by-key merge fail must be looked at.
fn by_lines(base: &Path, ours: &Path, theirs: &Path, o: &[u8], t: &[u8]) -> Vec<u8> {
    let Some((merged, conflicts)) = merge_file(ours, base, theirs) else {
        return whole(o, t);
    };
    if conflicts || merged == o {
        return merged;
    }
    // Our side against the clean merge, from nothing: each difference marked.
    let marked = tempfile::tempdir().ok().and_then(|dir| {
        let empty = dir.path().join("empty");
        let result = dir.path().join("merged");
        std::fs::write(&empty, b"").ok()?;
        std::fs::write(&result, &merged).ok()?;
        merge_file(ours, &empty, &result).map(|(m, _)| m)
    });
    match marked {
        Some(m) if has_marker(&m) => m,
        _ => whole(o, &merged),
    }
}

/// Runs `git merge-file -p`: the result, and whether it holds conflicts.
fn merge_file(ours: &Path, base: &Path, theirs: &Path) -> Option<(Vec<u8>, bool)> {
    let out = Command::new("git")
        .args([
            "merge-file",
            "-p",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
        ])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    // 0: clean; 1 to 127: that many conflicts; otherwise an error (binary...).
    match out.status.code()? {
        0 => Some((out.stdout, false)),
        1..=127 => Some((out.stdout, true)),
        _ => None,
    }
}

fn has_marker(bytes: &[u8]) -> bool {
    bytes.starts_with(b"<<<<<<< ") || bytes.windows(9).any(|w| w == b"\n<<<<<<< ")
}

/// Both whole files between markers: what is left when git cannot help.
fn whole(o: &[u8], t: &[u8]) -> Vec<u8> {
    let mut out = b"<<<<<<< ours\n".to_vec();
    for (side, marker) in [(o, &b"=======\n"[..]), (t, &b">>>>>>> theirs\n"[..])] {
        out.extend_from_slice(side);
        if !side.is_empty() && !side.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(marker);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crlf_file_with_a_byte_order_mark_keeps_both_through_a_merge() {
        let dir = tempfile::tempdir().unwrap();
        let crlf = |s: &str| s.replace('\n', "\r\n");
        let base = "name = \"Ana\"\norg = \"A\" # kept\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"First.\"\n";
        let entry = "\n[[log]]\nat = 2026-11-02\nvia = \"call\"\ntext = \"Theirs.\"\n";
        let ours = [BOM, crlf(&base.replace("\"A\"", "\"B\"")).as_bytes()].concat();
        let theirs = crlf(&format!("{base}{entry}"));
        let (b, o, t) = (
            dir.path().join("b"),
            dir.path().join("o"),
            dir.path().join("t"),
        );
        std::fs::write(&b, crlf(base)).unwrap();
        std::fs::write(&o, &ours).unwrap();
        std::fs::write(&t, theirs).unwrap();
        let outcome = merge_driver(&b, &o, &t, "people/ana.toml").unwrap();
        assert_eq!(outcome, Outcome::Clean);
        let merged = std::fs::read(&o).unwrap();
        assert!(merged.starts_with(BOM), "the byte-order mark stays");
        let text = String::from_utf8(merged[BOM.len()..].to_vec()).unwrap();
        assert!(text.contains("Theirs."), "{text:?}");
        assert!(
            text.starts_with("name = \"Ana\"\r\norg = \"B\" # kept\r\n"),
            "{text:?}"
        );
        assert_eq!(
            text.matches('\n').count(),
            text.matches("\r\n").count(),
            "every line ends in CRLF: {text:?}"
        );
    }

    #[test]
    fn without_git_both_whole_sides_are_marked() {
        let w = whole(b"a = 1", b"a = 2\n");
        assert_eq!(w, b"<<<<<<< ours\na = 1\n=======\na = 2\n>>>>>>> theirs\n");
        assert!(has_marker(&w));
    }
}
