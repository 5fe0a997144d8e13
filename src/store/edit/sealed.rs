//! Sealed values in a hand edit: the copy the editor opens shows every
//! value this machine's keys open as its plain text, and on landing each
//! value whose plain text is unchanged gets its armor back byte for byte
//! (no churn in `git diff`); what changed is sealed before it is written,
//! so no plain private text ever reaches the file, git or the undo journal.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::model::{ARMOR_BEGIN, is_sealed};
use crate::store::crypt::{self, Recipients};
use crate::store::write::toml_string;
use crate::store::{Result, StoreError, Vault, parse_loaded, sealtext};

/// Where a value sits: keys and array places from the document's root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    At(usize),
}

type Visit<'a> = dyn FnMut(&[Seg], &mut Value) + 'a;

/// Calls `f` on every string value of the document, with its place.
fn each_string(doc: &mut DocumentMut, f: &mut Visit) {
    let mut path = Vec::new();
    walk_table(doc.as_table_mut(), &mut path, f);
}

fn walk_table(t: &mut dyn TableLike, path: &mut Vec<Seg>, f: &mut Visit) {
    for (k, item) in t.iter_mut() {
        path.push(Seg::Key(k.get().to_string()));
        walk_item(item, path, f);
        path.pop();
    }
}

fn walk_item(item: &mut Item, path: &mut Vec<Seg>, f: &mut Visit) {
    match item {
        Item::Value(v) => walk_value(v, path, f),
        Item::Table(t) => walk_table(t, path, f),
        Item::ArrayOfTables(a) => {
            for (i, t) in a.iter_mut().enumerate() {
                path.push(Seg::At(i));
                walk_table(t, path, f);
                path.pop();
            }
        }
        Item::None => {}
    }
}

fn walk_value(v: &mut Value, path: &mut Vec<Seg>, f: &mut Visit) {
    match v {
        Value::String(_) => f(path, v),
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                path.push(Seg::At(i));
                walk_value(x, path, f);
                path.pop();
            }
        }
        Value::InlineTable(t) => {
            for (k, x) in t.iter_mut() {
                path.push(Seg::Key(k.get().to_string()));
                walk_value(x, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `v` replaced by `by`, keeping the spacing and comments around `v`.
fn replace_keep_decor(v: &mut Value, by: Value) {
    let decor = v.decor().clone();
    *v = by;
    *v.decor_mut() = decor;
}

fn plain_value(s: &str) -> Option<Value> {
    Value::from_str(&toml_string(s)).ok()
}

/// The text the editor opens: every sealed value `keys` open written as its
/// plain text (layout and comments kept), and how many stay locked. A text
/// with no sealed value, or that is not TOML, comes back as it is.
pub(super) fn open_copy(text: &str) -> (String, usize) {
    if !text.contains(ARMOR_BEGIN) {
        return (text.to_string(), 0);
    }
    let Ok(mut doc) = DocumentMut::from_str(text) else {
        return (text.to_string(), 0);
    };
    let keys = crypt::keys();
    let mut locked = 0;
    each_string(&mut doc, &mut |_, v| {
        let s = v.as_str().unwrap_or_default();
        if !is_sealed(s) {
            return;
        }
        match keys.open(s).as_deref().and_then(plain_value) {
            Some(p) => replace_keep_decor(v, p),
            None => locked += 1,
        }
    });
    (doc.to_string(), locked)
}

/// Whether a value at `path` of the edited file is private by policy: a
/// private entry's `text` and `ask`, and any tick (`asked`, which may name
/// a sealed ask).
fn private_place(path: &[Seg], private: &HashSet<usize>) -> Option<bool> {
    match path {
        [Seg::Key(log), Seg::At(i), Seg::Key(k), ..] if log == "log" => {
            Some((private.contains(i) && (k == "text" || k == "ask")) || k == "asked")
        }
        _ => None,
    }
}

/// What an edited copy lands as.
pub(super) enum Landing {
    /// The text to write.
    Text(String),
    /// Refused: the edit changes a value no key here opens (why, for the user).
    Locked(String),
}

/// The text to write for an edited copy (`edited`, sealed values shown
/// plain) over `base` (the file as the copy was made from it): values
/// whose plain text is unchanged get their armor back, changed private
/// values are sealed. Refused when a value no key here opens was changed.
pub(super) fn land(vault: &Vault, slug: &str, base: &str, edited: &str) -> Result<Landing> {
    if !base.contains(ARMOR_BEGIN) && !edited.contains(ARMOR_BEGIN) && !crypt::enabled(vault) {
        return Ok(Landing::Text(edited.to_string()));
    }
    let keys = crypt::keys();
    let bad = |e: &dyn std::fmt::Display| StoreError::Refused(format!("{e}"));
    let mut doc = DocumentMut::from_str(edited).map_err(|e| bad(&e))?;
    // The sealed values of the base, by place and by plain text.
    let mut at_path: HashMap<Vec<Seg>, (Value, Option<String>)> = HashMap::new();
    let mut by_plain: HashMap<String, Value> = HashMap::new();
    if let Ok(mut b) = DocumentMut::from_str(base) {
        each_string(&mut b, &mut |p, v| {
            let s = v.as_str().unwrap_or_default();
            if !is_sealed(s) {
                return;
            }
            let plain = keys.open(s);
            if let Some(pl) = &plain {
                by_plain.entry(pl.clone()).or_insert_with(|| v.clone());
            }
            at_path.insert(p.to_vec(), (v.clone(), plain));
        });
    }
    let edited_person = parse_loaded(slug, edited.as_bytes())?.person;
    let private: HashSet<usize> = edited_person
        .log
        .iter()
        .filter(|e| e.private)
        .map(|e| e.pos)
        .collect();
    let mut changed_lock = false;
    let mut to_seal: Vec<Vec<Seg>> = Vec::new();
    let mut now_at: HashMap<Vec<Seg>, String> = HashMap::new();
    each_string(&mut doc, &mut |p, v| {
        let s = v.as_str().unwrap_or_default().to_string();
        now_at.insert(p.to_vec(), s.clone());
        if is_sealed(&s) {
            // An armored value is either one the base had (a locked one is
            // left as it is) or one this machine opens.
            if keys.open(&s).is_none() && !base.contains(s.trim()) {
                changed_lock = true;
            }
            return;
        }
        let here = at_path.get(p);
        let sealed_place = private_place(p, &private).unwrap_or(here.is_some());
        if !sealed_place {
            return;
        }
        let same = match here {
            Some((orig, Some(pl))) if *pl == s => Some(orig),
            _ => by_plain.get(&s),
        };
        match same {
            Some(orig) => replace_keep_decor(v, orig.clone()),
            // Outside the log (say `[about]`): sealed before, so sealed
            // again; the log's private entries are sealed below.
            None if here.is_some() && private_place(p, &private).is_none() => {
                to_seal.push(p.to_vec())
            }
            None => {}
        }
    });
    if changed_lock || locked_value_changed(&at_path, &edited_person) {
        return Ok(Landing::Locked(format!(
            "your edit of {} changes a private value no key on this machine opens; leave the armored values as they are",
            Vault::rel(slug),
        )));
    }
    let mut to: Option<Recipients> = None;
    if !to_seal.is_empty() {
        let Some(r) = crypt::recipients(vault)? else {
            return Ok(Landing::Text(doc.to_string()));
        };
        let r = to.insert(r);
        let mut failed = None;
        each_string(&mut doc, &mut |p, v| {
            if failed.is_some() || !to_seal.iter().any(|q| q == p) {
                return;
            }
            let s = v.as_str().unwrap_or_default().to_string();
            match crypt::seal(&s, r).map(|a| plain_value(&a)) {
                Ok(Some(a)) => replace_keep_decor(v, a),
                Ok(None) => {}
                Err(e) => failed = Some(e),
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
    }
    let text = doc.to_string();
    let person = parse_loaded(slug, text.as_bytes())?.person;
    let settings = super::super::settings::load(vault)?;
    if !sealtext::needs_sealing(&person, &settings) {
        return Ok(Landing::Text(text));
    }
    let to = match to {
        Some(r) => r,
        None => match crypt::recipients(vault)? {
            Some(r) => r,
            // The vault does not encrypt: private entries stay as written.
            None => return Ok(Landing::Text(text)),
        },
    };
    sealtext::seal_file(&text, &person, &to, &settings).map(Landing::Text)
}

/// Whether a value no key here opens is gone from the edit: changed, or
/// deleted with its entry or key. Words this machine cannot read cannot be
/// judged here, so they are not dropped here either (moving them, or
/// changing the entry around them, is fine).
fn locked_value_changed(
    at_path: &HashMap<Vec<Seg>, (Value, Option<String>)>,
    edited: &crate::model::Person,
) -> bool {
    let present: std::collections::HashSet<&str> = edited
        .log
        .iter()
        .flat_map(|e| {
            std::iter::once(e.text.as_str())
                .chain(e.ask.iter().map(String::as_str))
                .chain(e.asked.iter().flatten().map(String::as_str))
        })
        .chain(edited.about.iter().map(|(_, v)| v.as_str()))
        .collect();
    at_path
        .iter()
        .filter(|(_, (_, plain))| plain.is_none())
        .any(|(_, (v, _))| !present.contains(v.as_str().unwrap_or_default()))
}

/// An edited copy with its plain private text sealed again, to be kept
/// aside: None when it cannot be (it does not parse, or changes a locked
/// value), or the vault does not encrypt.
pub(super) fn armored_copy(
    vault: &Vault,
    slug: &str,
    base: &str,
    copy_text: &str,
) -> Option<String> {
    parse_loaded(slug, copy_text.as_bytes()).ok()?;
    match land(vault, slug, base, copy_text).ok()? {
        Landing::Text(t) => Some(t),
        Landing::Locked(_) => None,
    }
}

/// The whole copy sealed as one armored text, for a copy that cannot be
/// sealed value by value. None when the vault does not encrypt.
pub(super) fn sealed_whole(vault: &Vault, text: &str) -> Result<Option<String>> {
    match crypt::recipients(vault)? {
        Some(to) => crypt::seal(text, &to).map(Some),
        None => Ok(None),
    }
}
