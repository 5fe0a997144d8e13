//! Contacts in and out: vCard 2.1, 3.0 and 4.0 (as Google, Apple, Outlook
//! and CardDAV servers write them), parsed with `calcard`, and the contact
//! CSVs of `crate::csvimport`. Importing merges into existing people (same
//! email, else same name) and never duplicates; exporting writes vCard 4.0
//! with everything an import kept.

mod apply;
mod changes;
mod dedupe;
mod export;
pub mod facts;
mod plan;
mod read;

pub use apply::{Progress, apply};
pub use dedupe::merge_duplicates;
pub use export::export;
pub use facts::Address;
pub use plan::{Step, plan};
pub use read::parse;

use crate::fold::fold;
use crate::model::YearDay;

/// One contact, as ties understands it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub nicknames: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub urls: Vec<String>,
    pub addresses: Vec<Address>,
    /// The vCard TYPE of an email, phone or URL, by its value
    /// (`("ana@acme.example", "work")`, `("+1 555 0100", "cell,pref")`).
    pub types: Vec<(String, String)>,
    pub birthday: Option<YearDay>,
    pub anniversary: Option<YearDay>,
    /// How you met (LinkedIn's "Connected On").
    pub met: Option<String>,
    pub note: Option<String>,
    pub categories: Vec<String>,
    /// Other facts the file held, by key, for `[about]` (a CSV's columns
    /// ties has no field for: a spouse, a department).
    pub about: Vec<(String, String)>,
    /// Values that are not what their field says (a 29 February in 1975):
    /// kept as text under `[about]` rather than dropped with the person.
    pub kept: Vec<Kept>,
}

/// A value kept as text: `[about] <key> = "<text> (as imported; <why>)"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub key: String,
    pub text: String,
    pub why: String,
}

impl Kept {
    /// What the person file says.
    pub fn about_value(&self) -> String {
        format!("{} (as imported; {})", self.text, self.why)
    }

    /// What the import's summary says.
    pub fn said(&self) -> String {
        format!("{} \"{}\"", self.key, self.text)
    }
}

impl Contact {
    /// Sets a yearly day (`birthday`, `anniversary`) from what a file
    /// holds: a day no calendar has is kept as text instead.
    pub fn set_day(&mut self, key: &str, raw: &str, day: Option<YearDay>) {
        let raw = raw.trim();
        if raw.is_empty() {
            return;
        }
        match day.filter(real) {
            Some(d) if key == "birthday" => self.birthday = Some(d),
            Some(d) if key == "anniversary" => self.anniversary = Some(d),
            _ => self.keep(key, raw, "not a valid date"),
        }
    }

    pub fn keep(&mut self, key: &str, text: &str, why: &str) {
        let k = Kept {
            key: key.to_string(),
            text: text.to_string(),
            why: why.to_string(),
        };
        if !self.kept.contains(&k) {
            self.kept.push(k);
        }
    }

    /// Adds a TYPE for a value (the first one given wins).
    pub fn set_type(&mut self, value: &str, kind: &str) {
        let kind = kind.trim();
        if !kind.is_empty() && !self.types.iter().any(|(v, _)| v == value) {
            self.types.push((value.to_string(), kind.to_string()));
        }
    }

    /// The TYPE given for a value, if any.
    pub fn type_of(&self, value: &str) -> Option<&str> {
        self.types
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, t)| t.as_str())
    }
}

/// The `[about]` keys an imported note is kept under (`note`, then
/// `vcard_note`, `imported_note_2`... beside a note of the user's own).
pub fn is_note_key(k: &str) -> bool {
    k == "note" || k == "vcard_note" || k.starts_with("imported_note")
}

/// A day that is on the calendar (29 February only in a leap year or with
/// no year, no 31 April): exactly what the person file's reader accepts.
pub fn real(d: &YearDay) -> bool {
    YearDay::parse(&d.to_string()) == Some(*d)
}

/// A name on one line: a line break or tab in an exported name (a cell
/// typed with Enter) is a space, not a reason to refuse the person; other
/// control characters (a NUL) are no part of anyone's name.
pub fn one_line(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn push_unique(list: &mut Vec<String>, v: String) {
    if !list.iter().any(|x| fold(x) == fold(&v)) {
        list.push(v);
    }
}
