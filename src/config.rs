//! The user's config file (`~/.config/ties/config.toml` on Linux): the default
//! vault and preferences. Edited with `toml_edit`, so the user's comments stay.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::store::{StoreError, fsutil};

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the file was looked for.
    pub path: Option<PathBuf>,
    pub vault: Option<PathBuf>,
    /// Start the TUI in discreet mode.
    pub discreet: bool,
    /// Commit each save when the vault is a git repository.
    pub autocommit: Option<bool>,
    /// Key overrides for the TUI: action name -> key names.
    pub keys: Vec<(String, Vec<String>)>,
    /// Default cadence per tag, e.g. `client = "30d"`.
    pub cadence_by_tag: Vec<(String, String)>,
    /// Calendar files or folders of `.ics` files, for `agenda` and `prep --next`.
    pub calendars: Vec<PathBuf>,
    /// How many days ahead `due` looks (14 when not set).
    pub due_days: Option<i64>,
    /// Days after an introduction to ask how it went (14 when not set).
    pub intro_follow_up: Option<i64>,
    /// Whether the TUI takes the mouse (true when not set).
    pub mouse: Option<bool>,
    /// Let `search` find words in encrypted private notes: the search
    /// cache under `.ties/` then holds them decrypted (false when not set).
    pub search_private: bool,
    /// The calendar feed `ties sync` rewrites (`feed = "PATH"`); a
    /// relative path is taken from the vault folder ([`Config::feed_in`]).
    pub feed: Option<PathBuf>,
}

pub fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "ties")
}

/// The config file's path: `$TIES_CONFIG`, else the platform's config folder.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TIES_CONFIG") {
        return Some(PathBuf::from(p));
    }
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where logs and other per-machine state go.
pub fn state_dir() -> Option<PathBuf> {
    dirs().map(|d| d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf())
}

/// Where `ties init` puts a vault when no folder is named.
pub fn default_vault_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}

#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    pub reason: String,
}

impl Config {
    pub fn load() -> Result<Config, ConfigError> {
        let Some(path) = config_path() else {
            return Ok(Config::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config {
                    path: Some(path),
                    ..Config::default()
                });
            }
            Err(e) => {
                return Err(ConfigError {
                    path,
                    reason: format!("could not read it: {}", fsutil::plain(&e)),
                });
            }
        };
        Config::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |reason: String| ConfigError {
            path: path.to_path_buf(),
            reason,
        };
        let doc = toml_edit::Document::parse(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::store::parse::line_of(text, s.start))
                .unwrap_or(1);
            err(format!(
                "line {line}: not valid TOML: {}",
                e.message().trim()
            ))
        })?;
        let mut c = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(v) = doc.get("vault") {
            let s = v
                .as_str()
                .ok_or_else(|| err("`vault` should be text (a folder path)".into()))?;
            c.vault = Some(expand_home(s));
        }
        if let Some(v) = doc.get("discreet") {
            c.discreet = v
                .as_bool()
                .ok_or_else(|| err("`discreet` should be true or false".into()))?;
        }
        if let Some(v) = doc.get("autocommit") {
            c.autocommit = Some(
                v.as_bool()
                    .ok_or_else(|| err("`autocommit` should be true or false".into()))?,
            );
        }
        if let Some(v) = doc.get("search_private") {
            c.search_private = v
                .as_bool()
                .ok_or_else(|| err("`search_private` should be true or false".into()))?;
        }
        if let Some(v) = doc.get("mouse") {
            c.mouse = Some(
                v.as_bool()
                    .ok_or_else(|| err("`mouse` should be true or false".into()))?,
            );
        }
        if let Some(keys) = doc.get("keys") {
            let t = keys
                .as_table_like()
                .ok_or_else(|| err("`[keys]` should be a table".into()))?;
            for (action, v) in t.iter() {
                // `capture.save = [...]` is a table in TOML: its keys are
                // the commands of that scope.
                let entries: Vec<(String, &toml_edit::Item)> = match v.as_table_like() {
                    Some(scope) => scope
                        .iter()
                        .map(|(cmd, v)| (format!("{action}.{cmd}"), v))
                        .collect(),
                    None => vec![(action.to_string(), v)],
                };
                for (name, v) in entries {
                    let list = string_list(v).ok_or_else(|| {
                        err(format!(
                            "`keys.{name}` should be a key name or a list of them"
                        ))
                    })?;
                    c.keys.push((name, list));
                }
            }
        }
        if let Some(v) = doc.get("due_days") {
            c.due_days = Some(
                v.as_integer()
                    .filter(|d| (0..=366).contains(d))
                    .ok_or_else(|| err("`due_days` should be a number of days, 0 to 366".into()))?,
            );
        }
        if let Some(v) = doc.get("intro_follow_up") {
            c.intro_follow_up = Some(
                v.as_integer()
                    .filter(|d| (0..=366).contains(d))
                    .ok_or_else(|| {
                        err("`intro_follow_up` should be a number of days, 0 to 366".into())
                    })?,
            );
        }
        if let Some(v) = doc.get("calendars") {
            let list = string_list(v)
                .ok_or_else(|| err("`calendars` should be a path or a list of paths".into()))?;
            c.calendars = list.iter().map(|s| expand_home(s)).collect();
        }
        if let Some(v) = doc.get("feed") {
            let s = v
                .as_str()
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| err("`feed` should be text (a file path)".into()))?;
            c.feed = Some(expand_home(s));
        }
        if let Some(t) = doc.get("cadence") {
            let t = t
                .as_table_like()
                .ok_or_else(|| err("`[cadence]` should be a table of tag = \"30d\"".into()))?;
            for (tag, v) in t.iter() {
                let s = v
                    .as_str()
                    .filter(|s| crate::model::Cadence::parse(s).is_some());
                let s = s.ok_or_else(|| {
                    err(format!("`cadence.{tag}` should be a cadence like \"30d\""))
                })?;
                c.cadence_by_tag.push((tag.to_string(), s.to_string()));
            }
        }
        Ok(c)
    }

    /// Where the calendar feed goes for `vault`, when the config names one.
    pub fn feed_in(&self, vault: &Path) -> Option<PathBuf> {
        self.feed.as_ref().map(|f| vault.join(f))
    }

    /// Records `vault` as the default vault, keeping the rest of the file as written.
    pub fn set_vault(vault: &Path) -> Result<PathBuf, StoreError> {
        let path = config_path().ok_or_else(|| {
            StoreError::Refused("there is no config folder on this system".into())
        })?;
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(StoreError::io("read", &path)(e)),
        };
        let mut doc = toml_edit::DocumentMut::from_str(&text).map_err(|e| {
            StoreError::Refused(format!(
                "{} is not valid TOML ({}); fix it first",
                path.display(),
                e.message().trim()
            ))
        })?;
        doc["vault"] = toml_edit::value(vault.display().to_string());
        let dir = path.parent().unwrap_or(Path::new("."));
        fsutil::create_private_dir(dir)?;
        fsutil::write_atomic(&path, doc.to_string().as_bytes(), dir, None)?;
        Ok(path)
    }
}

/// A string, or a list of strings, as a list (None for anything else).
fn string_list(v: &toml_edit::Item) -> Option<Vec<String>> {
    if let Some(s) = v.as_str() {
        return Some(vec![s.to_string()]);
    }
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    })
}

fn expand_home(s: &str) -> PathBuf {
    if let Some(rest) = s.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_calendars_and_due_days_read_as_written() {
        let c = Config::parse(
            Path::new("c.toml"),
            "due_days = 21\ncalendars = \"/cal\"\n[keys]\nquit = \"ctrl-q\"\ncapture = [\"c\", \"n\"]\ntext.undo = \"ctrl-z\"\n",
        )
        .unwrap();
        assert_eq!(c.due_days, Some(21));
        assert_eq!(c.calendars, [PathBuf::from("/cal")]);
        assert_eq!(
            c.keys,
            [
                ("quit".to_string(), vec!["ctrl-q".to_string()]),
                (
                    "capture".to_string(),
                    vec!["c".to_string(), "n".to_string()]
                ),
                ("text.undo".to_string(), vec!["ctrl-z".to_string()])
            ]
        );
        let e = Config::parse(Path::new("c.toml"), "calendars = 3\n").unwrap_err();
        assert!(
            e.to_string().contains("`calendars` should be a path"),
            "{e}"
        );
        let c = Config::parse(Path::new("c.toml"), "feed = \"due.ics\"\n").unwrap();
        assert_eq!(
            c.feed_in(Path::new("/v")),
            Some(PathBuf::from("/v/due.ics")),
            "relative to the vault"
        );
        let c = Config::parse(Path::new("c.toml"), "feed = \"/pub/due.ics\"\n").unwrap();
        assert_eq!(
            c.feed_in(Path::new("/v")),
            Some(PathBuf::from("/pub/due.ics"))
        );
        let e = Config::parse(Path::new("c.toml"), "feed = 3\n").unwrap_err();
        assert!(e.to_string().contains("`feed` should be text"), "{e}");
        let e = Config::parse(Path::new("c.toml"), "due_days = 999\n").unwrap_err();
        assert!(e.to_string().starts_with("c.toml: `due_days`"), "{e}");
    }
}
