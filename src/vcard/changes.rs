//! What a contact adds to a person: only values the file does not hold yet.
//! One list, so what the plan says and what the import writes agree.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::facts::{self, Facts};
use super::{Address, Contact, Kept};
use crate::fold::fold;
use crate::model::{Person, YearDay};
use crate::store::{Result, StoreError};

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

#[derive(Default)]
pub(super) struct Changes<'c> {
    emails: Vec<String>,
    phones: Vec<String>,
    aka: Vec<String>,
    tags: Vec<String>,
    urls: Vec<String>,
    addresses: Vec<Address>,
    /// (value as the file will spell it, TYPE).
    types: Vec<(String, String)>,
    org: Option<&'c str>,
    role: Option<&'c str>,
    birthday: Option<YearDay>,
    anniversary: Option<YearDay>,
    met: Option<&'c str>,
    note: Option<&'c str>,
    kept: Vec<&'c Kept>,
    about: Vec<&'c (String, String)>,
}

impl<'c> Changes<'c> {
    pub fn of(p: &Person, f: &Facts, c: &'c Contact) -> Changes<'c> {
        let has = |list: &[String], v: &str| list.iter().any(|x| fold(x) == fold(v));
        let mut ch = Changes::default();
        for e in &c.emails {
            if !has(&p.email, e) && !has(&ch.emails, e) {
                ch.emails.push(e.clone());
            }
        }
        for t in &c.phones {
            let d = digits(t);
            if !p.phone.iter().chain(&ch.phones).any(|x| digits(x) == d) {
                ch.phones.push(t.clone());
            }
        }
        for a in &c.nicknames {
            if !has(&p.aka, a) && !has(&ch.aka, a) && fold(a) != fold(&p.name) {
                ch.aka.push(a.clone());
            }
        }
        for t in &c.categories {
            if !has(&p.tags, t) && !has(&ch.tags, t) {
                ch.tags.push(t.clone());
            }
        }
        let open = |k: &str| !f.foreign.contains(&k);
        if open("url") {
            for u in &c.urls {
                if !f.has_url(u) && !has(&ch.urls, u) {
                    ch.urls.push(u.clone());
                }
            }
        }
        if open("address") {
            for a in &c.addresses {
                if !f.has_address(a) && !ch.addresses.iter().any(|x| x.same(a)) {
                    ch.addresses.push(a.clone());
                }
            }
        }
        if open("types") {
            for (v, kind) in &c.types {
                // The file's own spelling of the value, when it has it.
                let key = p
                    .email
                    .iter()
                    .find(|x| fold(x) == fold(v))
                    .or_else(|| p.phone.iter().find(|x| digits(x) == digits(v)))
                    .or_else(|| f.urls.iter().find(|x| fold(x) == fold(v)))
                    .unwrap_or(v);
                if f.type_of(key).is_none() && !ch.types.iter().any(|(k, _)| k == key) {
                    ch.types.push((key.clone(), kind.clone()));
                }
            }
        }
        if p.org.is_none() {
            ch.org = c.org.as_deref();
        }
        if p.role.is_none() {
            ch.role = c.title.as_deref();
        }
        if p.birthday.is_none() {
            ch.birthday = c.birthday;
        }
        ch.anniversary = c.anniversary.filter(|a| {
            !p.dates
                .iter()
                .any(|d| d.on.month == a.month && d.on.day == a.day)
        });
        if p.met.is_none() {
            ch.met = c.met.as_deref();
        }
        let in_about = |t: &str| p.about.iter().any(|(_, v)| v.trim() == t.trim());
        // Several notes come back from an export as one, a line apart.
        let notes: Vec<&str> = p
            .about
            .iter()
            .filter(|(k, _)| super::is_note_key(k))
            .map(|(_, v)| v.trim())
            .collect();
        ch.note = c
            .note
            .as_deref()
            .filter(|n| !in_about(n) && n.trim() != notes.join("\n"));
        ch.kept = c
            .kept
            .iter()
            .filter(|k| !in_about(&k.about_value()))
            .collect();
        ch.about = c.about.iter().filter(|(_, v)| !in_about(v)).collect();
        ch
    }

    /// The changes in words, for the summary: (what is new, what is kept as text).
    pub fn describe(&self) -> (Vec<String>, Vec<String>) {
        let mut what = Vec::new();
        let mut list = |word: &str, l: &[String]| {
            for v in l {
                what.push(format!("{word} {v}"));
            }
        };
        list("email", &self.emails);
        list("phone", &self.phones);
        list("url", &self.urls);
        list("alias", &self.aka);
        list("tag", &self.tags);
        for (word, new) in [
            ("org", self.org.is_some()),
            ("role", self.role.is_some()),
            ("birthday", self.birthday.is_some()),
            ("anniversary", self.anniversary.is_some()),
            ("met", self.met.is_some()),
            ("note", self.note.is_some()),
        ] {
            if new {
                what.push(word.into());
            }
        }
        for (key, _) in &self.about {
            what.push(key.clone());
        }
        for a in &self.addresses {
            let place = [a.street.as_str(), &a.city, &a.country]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            what.push(format!("address {place}"));
        }
        for (v, kind) in &self.types {
            what.push(format!("type {kind} of {v}"));
        }
        let kept: Vec<String> = self.kept.iter().map(|k| k.said()).collect();
        (what, kept)
    }

    /// Applies the changes to a person file's text (layout kept).
    pub fn write(&self, text: &str) -> Result<String> {
        let mut doc: DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| StoreError::Refused(e.message().to_string()))?;
        push(&mut doc, "email", &self.emails);
        push(&mut doc, "phone", &self.phones);
        push(&mut doc, "aka", &self.aka);
        push(&mut doc, "tags", &self.tags);
        for (key, v) in [("org", self.org), ("role", self.role), ("met", self.met)] {
            if let Some(v) = v {
                doc[key] = toml_edit::value(v);
            }
        }
        if let Some(b) = &self.birthday {
            doc["birthday"] = toml_edit::value(b.to_string());
        }
        let mut about: Vec<(&str, String)> = Vec::new();
        if let Some(n) = self.note {
            about.push(("note", n.to_string()));
        }
        for k in &self.kept {
            about.push((k.key.as_str(), k.about_value()));
        }
        for (k, v) in &self.about {
            about.push((k.as_str(), v.clone()));
        }
        if !about.is_empty() {
            if doc.get("about").is_none() {
                doc["about"] = Item::Table(Table::new());
            }
            let table = doc["about"]
                .as_table_like_mut()
                .ok_or_else(|| StoreError::Refused("`about` is not a table".into()))?;
            for (key, v) in about {
                // A key the user already has keeps its text: this one beside it.
                let key = (0..)
                    .map(|n| match (n, key) {
                        (0, k) => k.to_string(),
                        (1, "note") => "vcard_note".to_string(),
                        (1, k) => format!("imported_{k}"),
                        (n, k) => format!("imported_{k}_{n}"),
                    })
                    .find(|k| !table.contains_key(k))
                    .unwrap_or_default();
                table.insert(&key, toml_edit::value(v));
            }
        }
        if let Some(a) = &self.anniversary {
            let mut t = Table::new();
            t["label"] = toml_edit::value("Anniversary");
            t["on"] = toml_edit::value(a.to_string());
            match doc.get_mut("date") {
                Some(Item::ArrayOfTables(arr)) => arr.push(t),
                None => {
                    let mut arr = toml_edit::ArrayOfTables::new();
                    arr.push(t);
                    doc["date"] = Item::ArrayOfTables(arr);
                }
                _ => return Err(StoreError::Refused("`date` is not a list of tables".into())),
            }
        }
        let f = Facts::of(doc.as_table());
        facts::write(&mut doc, &f, &self.urls, &self.addresses, &self.types);
        Ok(doc.to_string())
    }
}

/// Adds values to a list key (a single string becomes a list).
fn push(doc: &mut DocumentMut, key: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    match doc.get_mut(key) {
        Some(Item::Value(Value::Array(a))) => {
            for v in values {
                a.push(v.as_str());
            }
        }
        _ => {
            let mut a = Array::new();
            if let Some(s) = doc.get(key).and_then(Item::as_str) {
                a.push(s);
            }
            for v in values {
                a.push(v.as_str());
            }
            // The one value's comment (`email = "x"  # work`) stays.
            crate::store::write::set_keep_decor(doc.as_table_mut(), key, Value::Array(a));
        }
    }
}
