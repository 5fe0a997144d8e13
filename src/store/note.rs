//! Saving a note, for one person or a meeting with several: what `ties log`
//! and the TUI's capture both call, so they write the same files.

use super::intro;
use super::write::NewEntry;
use super::{Result, StoreError, Vault};
use crate::model::Person;

/// What a note's save did.
#[derive(Debug)]
pub struct Saved {
    /// Each person it was saved for, the first named first.
    pub saved: Vec<Person>,
    /// Those at the meeting whose file could not take it, and why.
    pub failed: Vec<(String, StoreError)>,
    /// Other files the save changed: the other side of an introduction
    /// whose follow-up a ticked ask closed.
    pub also: Vec<String>,
}

impl Saved {
    /// Every file the save changed, the first person's first.
    pub fn files(&self) -> Vec<String> {
        let mut out: Vec<String> = self.saved.iter().map(|p| p.slug.clone()).collect();
        for a in &self.also {
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
        out
    }

    /// "Ana Lima, Tom Brennan".
    pub fn names(&self) -> String {
        self.saved
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Saves a note about `slugs[0]`, and when there are others, a meeting:
/// the same time and text appended to each file, each naming the others in
/// `with`. Asks and ticked asks are the first person's (ask numbers mean
/// something on one sheet only). Every file is read first, so one that does
/// not parse (or is gone) refuses the whole meeting before anything is
/// written; a file that fails after that (a race) is in `failed`, and the
/// others keep the note.
pub fn save(vault: &Vault, slugs: &[String], e: &NewEntry) -> Result<Saved> {
    let mut people: Vec<&str> = Vec::new();
    for s in slugs {
        if !people.contains(&s.as_str()) {
            people.push(s);
        }
    }
    let Some((first, rest)) = people.split_first() else {
        return Err(StoreError::Refused(
            "a note needs someone it is about".into(),
        ));
    };
    if rest.is_empty() {
        let (person, also) = intro::log(vault, first, e)?;
        return Ok(Saved {
            saved: vec![person],
            failed: Vec::new(),
            also,
        });
    }
    if e.text.trim().is_empty() {
        return Err(StoreError::Refused("the note is empty".into()));
    }
    for s in &people {
        vault.read_sealed(s)?;
    }
    let mut out = Saved {
        saved: Vec::new(),
        failed: Vec::new(),
        also: Vec::new(),
    };
    for s in &people {
        let with = people
            .iter()
            .filter(|o| *o != s)
            .map(|o| o.to_string())
            .collect();
        let result = if s == first {
            let own = NewEntry { with, ..e.clone() };
            intro::log(vault, s, &own).map(|(p, also)| {
                out.also.extend(also);
                p
            })
        } else {
            let own = NewEntry {
                with,
                ask: Vec::new(),
                asked: Vec::new(),
                ..e.clone()
            };
            super::write::log(vault, s, &own)
        };
        match result {
            Ok(p) => out.saved.push(p),
            Err(err) => out.failed.push((s.to_string(), err)),
        }
    }
    Ok(out)
}
