//! Typed links (`[relationships]`) and introductions (`[[intro]]`): the writes that
//! touch them, each through the one locked write path ([`update`]), so
//! comments, layout and unknown keys survive.
//!
//! An introduction's follow-up is an ordinary ask, carried by a note that
//! `ties intro` writes on both files (`intro = "<other slug>"` marks it).
//! That is the simplest way to make every way of ticking an ask (`ties log
//! --asked`, `ties done WHO aN`, the TUI capture's ticks) tick the follow-up
//! too: they all end in [`log`], which, when the ticked ask is an intro's,
//! writes `followed` on both people's intro tables, and that closes the
//! mirror ask on the other sheet.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use toml_edit::{DocumentMut, Item, Table, Value};

use super::entries::{date_value, doc_of};
use super::write::{self, NewEntry, set_keep_decor, toml_string, update};
use super::{Result, StoreError, Vault};
use crate::model::{INTRO_KEY, Person, REL_KEY, fold_ask};

/// The ask a follow-up puts on a person's sheet.
pub fn follow_up_ask(other_name: &str) -> String {
    format!("How did the introduction to {other_name} go?")
}

fn must_exist(vault: &Vault, slug: &str) -> Result<()> {
    if vault.exists(slug) {
        Ok(())
    } else {
        Err(StoreError::Refused(format!(
            "there is no {} to link to",
            Vault::rel(slug)
        )))
    }
}

/// `[relationships] other = "label"` on `slug`'s file (the label says who `other` is
/// to them); the other sheet derives the inverse, so one file holds it.
pub fn link(vault: &Vault, slug: &str, other: &str, label: &str) -> Result<Person> {
    let label = label.trim();
    if label.is_empty() || label.contains(char::is_control) {
        return Err(StoreError::Refused(
            "a link needs a word such as partner, manager, mentor, sibling or friend".into(),
        ));
    }
    if slug == other {
        return Err(StoreError::Refused(
            "a person cannot be linked to themselves".into(),
        ));
    }
    must_exist(vault, other)?;
    let loaded = update(vault, slug, |cur| {
        let mut doc = doc_of(&cur.text)?;
        let root = doc.as_table_mut();
        if !root.contains_key(REL_KEY) {
            root.insert(REL_KEY, Item::Table(Table::new()));
        }
        let links = root[REL_KEY].as_table_like_mut().ok_or_else(|| {
            StoreError::Refused(format!(
                "`{REL_KEY}` in {} is not a table",
                Vault::rel(slug)
            ))
        })?;
        set_keep_decor(links, other, Value::from(label));
        let text = doc.to_string();
        // A table of the user's own under that name (not all text) is
        // theirs: refuse rather than mix a link into it.
        let read = super::parse_loaded(slug, text.as_bytes())?;
        if !read.person.relations.iter().any(|(s, _)| s == other) {
            return Err(StoreError::Refused(format!(
                "`{REL_KEY}` in {} holds more than links to people; ties left it as it is",
                Vault::rel(slug)
            )));
        }
        Ok(text)
    })?;
    Ok(loaded.person)
}

/// Takes the link between the two away, from whichever files state it.
/// Returns the slugs whose files changed (none: there was no link).
pub fn unlink(vault: &Vault, slug: &str, other: &str) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for (a, b) in [(slug, other), (other, slug)] {
        let Ok(loaded) = vault.read(a) else { continue };
        if !loaded.person.relations.iter().any(|(s, _)| s == b) {
            continue;
        }
        update(vault, a, |cur| {
            let mut doc = doc_of(&cur.text)?;
            if let Some(links) = doc
                .as_table_mut()
                .get_mut(REL_KEY)
                .and_then(Item::as_table_like_mut)
            {
                links.remove(b);
            }
            Ok(doc.to_string())
        })?;
        changed.push(a.to_string());
    }
    Ok(changed)
}

/// What `ties intro` writes on one side.
struct Side<'a> {
    slug: &'a str,
    other: &'a str,
    other_name: &'a str,
    first: bool,
}

/// Records that you introduced `a` to `b`: an `[[intro]]` table and a note
/// carrying the follow-up ask on each file. `a`, the first named, also gets
/// `ask = true`: the due list says the follow-up under them only.
pub fn introduce(
    vault: &Vault,
    a: &str,
    b: &str,
    why: Option<&str>,
    at: DateTime<FixedOffset>,
) -> Result<(Person, Person)> {
    if a == b {
        return Err(StoreError::Refused(
            "an introduction needs two different people".into(),
        ));
    }
    let pa = vault.read(a)?.person;
    let pb = vault.read(b)?.person;
    let why = why.map(str::trim).filter(|w| !w.is_empty());
    let sides = [
        Side {
            slug: a,
            other: b,
            other_name: &pb.name,
            first: true,
        },
        Side {
            slug: b,
            other: a,
            other_name: &pa.name,
            first: false,
        },
    ];
    // Both sides are tried first: one that cannot take it refuses the
    // introduction before either file is written.
    for s in &sides {
        let cur = vault.read_sealed(s.slug)?;
        with_block(s.slug, &cur.text, &cur.person, &side_block(s, why, at))?;
    }
    let mut written = Vec::new();
    for s in &sides {
        written.push(write_side(vault, s, why, at)?);
    }
    let second = written.pop().unwrap_or_default();
    let first = written.pop().unwrap_or_default();
    Ok((first, second))
}

fn write_side(
    vault: &Vault,
    s: &Side<'_>,
    why: Option<&str>,
    at: DateTime<FixedOffset>,
) -> Result<Person> {
    let block = side_block(s, why, at);
    let loaded = update(vault, s.slug, |cur| {
        with_block(s.slug, &cur.text, &cur.person, &block)
    })?;
    Ok(loaded.person)
}

/// The `[[intro]]` table and the note one side gets.
fn side_block(s: &Side<'_>, why: Option<&str>, at: DateTime<FixedOffset>) -> String {
    let on = at.date_naive();
    let mut block = format!("[[intro]]\nwith = {}\non = {on}\n", toml_string(s.other));
    if let Some(w) = why {
        block.push_str(&format!("why = {}\n", toml_string(w)));
    }
    if s.first {
        block.push_str("ask = true\n");
    }
    let text = match why {
        Some(w) => format!("Introduced to {}: {w}", s.other_name),
        None => format!("Introduced to {}.", s.other_name),
    };
    block.push_str(&format!(
        "\n[[log]]\nat = {}\nvia = \"note\"\ntext = {}\nask = [{}]\n{INTRO_KEY} = {}\n",
        at.to_rfc3339_opts(SecondsFormat::Secs, false),
        toml_string(&text),
        toml_string(&follow_up_ask(s.other_name)),
        toml_string(s.other),
    ));
    block
}

/// The file's text with the block appended, if it reads back with one
/// more intro and one more entry.
fn with_block(slug: &str, cur_text: &str, cur: &Person, block: &str) -> Result<String> {
    {
        let mut text = cur_text.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if !text.ends_with("\n\n") {
            text.push('\n');
        }
        text.push_str(block);
        // A file that writes `log = [...]` inline cannot take `[[log]]`
        // appended: say so rather than restructure it.
        match super::parse_loaded(slug, text.as_bytes()) {
            Ok(after)
                if after.person.intros.len() == cur.intros.len() + 1
                    && after.person.log.len() == cur.log.len() + 1 =>
            {
                Ok(text)
            }
            _ => Err(StoreError::Refused(format!(
                "{} writes its intros or log inline; ties could not add the introduction (write it with `ties edit {}`)",
                Vault::rel(slug),
                slug
            ))),
        }
    }
}

/// Logs an entry (as [`write::log`]) and, when it ticks an introduction's
/// follow-up, closes that introduction on both files. Returns the person
/// and the slugs of the others whose files changed too.
pub fn log(vault: &Vault, slug: &str, e: &NewEntry) -> Result<(Person, Vec<String>)> {
    let person = write::log(vault, slug, e)?;
    if e.asked.is_empty() {
        return Ok((person, Vec::new()));
    }
    let asked: Vec<String> = e.asked.iter().map(|a| fold_ask(a)).collect();
    let mut others: Vec<String> = Vec::new();
    for entry in &person.log {
        let Some((_, with)) = entry.extra.iter().find(|(k, _)| k == INTRO_KEY) else {
            continue;
        };
        if entry.ask.iter().any(|a| asked.contains(&fold_ask(a))) && !others.contains(with) {
            others.push(with.clone());
        }
    }
    let on = e.at.date_naive();
    let mut person = person;
    let mut changed = Vec::new();
    for other in others {
        if let Some(p) = set_followed(vault, slug, &other, on)? {
            person = p;
        }
        // The other file may be gone or broken: this one is closed anyway,
        // and the note is saved, so that is no error (a retry would log the
        // note twice); the other side stays open until its file reads.
        if vault.exists(&other)
            && let Ok(Some(_)) = set_followed(vault, &other, slug, on)
        {
            changed.push(other);
        }
    }
    Ok((person, changed))
}

/// `followed = on` on `slug`'s open intro tables with `with`; `None` when
/// there was none to close.
fn set_followed(vault: &Vault, slug: &str, with: &str, on: NaiveDate) -> Result<Option<Person>> {
    let open = |p: &Person| {
        p.intros
            .iter()
            .any(|i| i.with == with && i.followed.is_none())
    };
    if !open(&vault.read(slug)?.person) {
        return Ok(None);
    }
    let day = date_value(on)?;
    let loaded = update(vault, slug, |cur| {
        let mut doc: DocumentMut = doc_of(&cur.text)?;
        for (i, intro) in cur.person.intros.iter().enumerate() {
            if intro.with == with
                && intro.followed.is_none()
                && let Some(t) = write::nth_table_mut(doc.as_table_mut(), "intro", i)
            {
                set_keep_decor(t, "followed", day.clone());
            }
        }
        Ok(doc.to_string())
    })?;
    Ok(Some(loaded.person))
}
