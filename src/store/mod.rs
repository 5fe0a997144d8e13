//! The vault on disk: a folder with `people/<slug>.toml`, one file per person,
//! and `.ties/` for local, disposable state.

pub mod archive;
pub mod clear;
pub mod crypt;
pub mod drafts;
pub mod edit;
pub mod entries;
pub mod fsutil;
pub mod intro;
pub mod journal;
pub mod note;
pub mod parse;
pub mod perms;
pub mod rewrap;
pub mod seal;
pub mod sealtext;
pub mod settings;
pub mod tomlput;
pub mod undo;
pub mod write;

use std::fmt;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::model::Person;

pub use parse::Flaw;

/// A file that could not be read as a person: where, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The path inside the vault, e.g. `people/ana-lima.toml`.
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // Not named `source`: the message already says the cause in plain
    // words, and a source would have `{:#}` say it a second time.
    #[error("could not {action} {}: {}", path.display(), fsutil::plain(err))]
    Io {
        action: &'static str,
        path: PathBuf,
        err: io::Error,
    },
    #[error("{0}")]
    Bad(Problem),
    #[error("{} is not a ties vault (it has no people/ folder); make one with `ties init`, or try `ties demo`", .0.display())]
    NotAVault(PathBuf),
    #[error("no one in the vault is called `{0}`")]
    NoSuchPerson(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0} changed on disk since it was read, so it was not overwritten")]
    ChangedMeanwhile(String),
}

impl StoreError {
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(io::Error) -> StoreError {
        let path = path.into();
        move |err| StoreError::Io { action, path, err }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What identifies one version of a file on disk without reading it. Editors
/// that save by rename change the inode; in-place writes change mtime/ctime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub ino: u64,
}

impl Stamp {
    pub fn of(m: &fs::Metadata) -> Stamp {
        Stamp {
            len: m.len(),
            mtime_ns: m
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.mtime_nsec()),
            ctime_ns: m
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.ctime_nsec()),
            ino: m.ino(),
        }
    }
}

/// One `people/*.toml` file found on disk.
#[derive(Debug, Clone)]
pub struct FileStat {
    pub slug: String,
    pub stamp: Stamp,
}

/// A person read from disk together with the exact text it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub person: Person,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
    /// Whether the search cache may hold decrypted private text
    /// (`search_private = true` in this machine's config).
    search_private: bool,
}

impl Vault {
    /// Opens an existing vault: a folder with a `people/` folder inside.
    pub fn open(root: impl Into<PathBuf>) -> Result<Vault> {
        let root = root.into();
        if !root.join("people").is_dir() {
            return Err(StoreError::NotAVault(root));
        }
        Ok(Vault {
            root,
            search_private: false,
        })
    }

    /// This vault with search of encrypted private notes on or off.
    pub fn with_search_private(mut self, on: bool) -> Vault {
        self.search_private = on;
        self
    }

    /// Whether search may look into encrypted private notes here.
    pub fn search_private(&self) -> bool {
        self.search_private
    }

    /// Makes a new vault (or completes one): `people/` and a `.gitignore`
    /// that keeps `.ties/` out of git. The vault folder is private (0700).
    pub fn create(root: impl Into<PathBuf>) -> Result<Vault> {
        let root = root.into();
        let fresh = !root.exists();
        fsutil::create_private_dir(&root)?;
        if fresh {
            fsutil::set_mode(&root, 0o700)?;
        }
        fsutil::create_private_dir(&root.join("people"))?;
        let gitignore = root.join(".gitignore");
        let current = match fs::read_to_string(&gitignore) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::io("read", &gitignore)(e)),
        };
        let has = current.as_deref().is_some_and(|s| {
            s.lines()
                .any(|l| matches!(l.trim(), ".ties" | ".ties/" | "/.ties/" | "/.ties"))
        });
        if !has {
            let mut text = current.unwrap_or_default();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(
                "# Local state of ties (index, drafts, locks): derived, never synced.\n.ties/\n",
            );
            fsutil::write_atomic(&gitignore, text.as_bytes(), &root.join(".ties/tmp"), None)?;
        }
        Ok(Vault {
            root,
            search_private: false,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn people_dir(&self) -> PathBuf {
        self.root.join("people")
    }

    /// `.ties/`: the index, drafts, locks and temporary files. Disposable.
    pub fn state_dir(&self) -> PathBuf {
        self.root.join(".ties")
    }

    /// The file of a person id (a file stem found in `people/`, or a slug).
    pub fn file_of(&self, slug: &str) -> PathBuf {
        debug_assert!(!slug.contains('/') && !slug.starts_with('.'));
        self.people_dir().join(format!("{slug}.toml"))
    }

    /// The path shown to the user for a person file: `people/<slug>.toml`.
    pub fn rel(slug: &str) -> String {
        format!("people/{slug}.toml")
    }

    /// Whether `id` can name a file in `people/`: what a cache says is
    /// checked with this before it becomes a path.
    pub fn is_person_id(id: &str) -> bool {
        !id.is_empty() && !id.starts_with('.') && !id.contains(['/', '\\', '\0'])
    }

    /// Whether a file name in `people/` is a person file, and its id.
    pub fn slug_of_file_name(name: &str) -> Option<&str> {
        let stem = name.strip_suffix(".toml")?;
        (!stem.is_empty() && !stem.starts_with('.')).then_some(stem)
    }

    /// Every person file, with what identifies its current version. Anything
    /// that is not `people/*.toml` is ignored.
    pub fn scan(&self) -> Result<Vec<FileStat>> {
        use rayon::prelude::*;
        let dir = self.people_dir();
        let rd = fs::read_dir(&dir).map_err(StoreError::io("read the folder", &dir))?;
        let mut entries = Vec::new();
        for ent in rd {
            let ent = ent.map_err(StoreError::io("read the folder", &dir))?;
            if ent
                .file_name()
                .to_str()
                .and_then(Vault::slug_of_file_name)
                .is_some()
            {
                entries.push(ent);
            }
        }
        // Stat calls dominate a warm scan; two threads halve it.
        let mut out: Vec<FileStat> = entries
            .par_iter()
            .filter_map(|ent| {
                // `DirEntry::metadata` stats relative to the open folder (fast);
                // a link is followed for reading, but writes never go through one.
                let is_link = ent.file_type().is_ok_and(|t| t.is_symlink());
                let meta = if is_link {
                    fs::metadata(ent.path())
                } else {
                    ent.metadata()
                }
                .ok()?;
                let name = ent.file_name();
                let slug = name.to_str().and_then(Vault::slug_of_file_name)?;
                meta.is_file().then(|| FileStat {
                    slug: slug.to_string(),
                    stamp: Stamp::of(&meta),
                })
            })
            .collect();
        out.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        Ok(out)
    }

    /// Whether a person file exists for this id.
    pub fn exists(&self, slug: &str) -> bool {
        !slug.is_empty()
            && !slug.starts_with('.')
            && !slug.contains('/')
            && self.file_of(slug).is_file()
    }

    /// Reads and parses one person, its private values decrypted with this
    /// machine's keys (those no key opens stay armored: shown as locked).
    /// A file that does not parse is an error naming the file, the line and
    /// the reason.
    pub fn read(&self, slug: &str) -> Result<Loaded> {
        let mut loaded = self.read_sealed(slug)?;
        crypt::open_person(&mut loaded.person);
        Ok(loaded)
    }

    /// Reads and parses one person as the file says: private values stay
    /// armored. What write paths and caches read.
    pub fn read_sealed(&self, slug: &str) -> Result<Loaded> {
        let path = self.file_of(slug);
        let bytes = fsutil::read_limited(&path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => StoreError::NoSuchPerson(slug.to_string()),
            _ => StoreError::io("read", &path)(e),
        })?;
        parse_loaded(slug, &bytes)
    }
}

/// Parses bytes of `people/<slug>.toml`, turning a flaw into a [`Problem`].
pub fn parse_loaded(slug: &str, bytes: &[u8]) -> Result<Loaded> {
    match parse::parse(slug, bytes) {
        Ok((doc, person)) => Ok(Loaded {
            person,
            text: doc.raw().to_string(),
        }),
        Err(f) => Err(StoreError::Bad(Problem {
            file: Vault::rel(slug),
            line: f.line,
            reason: f.reason,
        })),
    }
}
