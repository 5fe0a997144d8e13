//! Contacts in and out: vCard 2.1, 3.0 and 4.0 (as Google, Apple, Outlook
//! and CardDAV servers write them), parsed with `calcard`. Importing merges
//! into existing people (same email, else same name) and never duplicates;
//! exporting writes vCard 4.0.

use std::collections::{HashMap, HashSet};

use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue, VCardVersion};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

use crate::fold::fold;
use crate::index::Index;
use crate::model::{Person, YearDay};
use crate::store::write::{self, NewPerson};
use crate::store::{Problem, Result, StoreError, Vault, fsutil};

/// One contact, as ties understands it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub nicknames: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub birthday: Option<YearDay>,
    pub anniversary: Option<YearDay>,
    pub note: Option<String>,
    pub categories: Vec<String>,
}

fn text(v: &VCardValue) -> Option<String> {
    match v {
        VCardValue::Text(t) => {
            Some(t.replace("\r\n", "\n").trim().to_string()).filter(|t| !t.is_empty())
        }
        VCardValue::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn day(values: &[VCardValue]) -> Option<YearDay> {
    match values.first()? {
        VCardValue::PartialDateTime(p) => {
            let (m, d) = (u32::from(p.month?), u32::from(p.day?));
            NaiveDate::from_ymd_opt(2000, m, d)?;
            Some(YearDay {
                year: p.year.map(i32::from).filter(|y| *y > 1604),
                month: m,
                day: d,
            })
        }
        VCardValue::Text(t) => {
            let t = t.trim();
            YearDay::parse(t).or_else(|| {
                // 19860714, --0714
                let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
                match digits.len() {
                    8 => NaiveDate::parse_from_str(&digits, "%Y%m%d")
                        .ok()
                        .map(YearDay::from_date),
                    4 => YearDay::parse(&format!("--{}-{}", &digits[..2], &digits[2..])),
                    _ => None,
                }
            })
        }
        _ => None,
    }
}

fn push_unique(list: &mut Vec<String>, v: String) {
    if !list.iter().any(|x| fold(x) == fold(&v)) {
        list.push(v);
    }
}

impl Contact {
    fn of(card: &VCard) -> Option<Contact> {
        let mut c = Contact::default();
        let mut labels: Vec<(String, String)> = Vec::new();
        let mut dates: Vec<(String, Option<YearDay>)> = Vec::new();
        let mut n_name = None;
        for e in &card.entries {
            let first = e.values.first().and_then(text);
            match &e.name {
                VCardProperty::Fn => {
                    if let Some(t) = first {
                        c.name = t;
                    }
                }
                VCardProperty::N => {
                    // Family; Given; Additional; Prefix; Suffix
                    let parts: Vec<String> = e
                        .values
                        .iter()
                        .map(|v| text(v).unwrap_or_default())
                        .collect();
                    let get = |i: usize| parts.get(i).cloned().unwrap_or_default();
                    let name = [get(3), get(1), get(2), get(0), get(4)]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !name.is_empty() {
                        n_name = Some(name);
                    }
                }
                VCardProperty::Nickname => {
                    for v in e.values.iter().filter_map(text) {
                        push_unique(&mut c.nicknames, v);
                    }
                }
                VCardProperty::Org => {
                    let parts: Vec<String> = e.values.iter().filter_map(text).collect();
                    if let Some(o) = parts.first() {
                        c.org = Some(o.clone());
                    }
                }
                VCardProperty::Title => c.title = first.or(c.title.take()),
                VCardProperty::Role if c.title.is_none() => c.title = first,
                VCardProperty::Email => {
                    if let Some(t) = first {
                        push_unique(&mut c.emails, t.trim_start_matches("mailto:").to_string());
                    }
                }
                VCardProperty::Tel => {
                    if let Some(t) = first {
                        push_unique(&mut c.phones, t.trim_start_matches("tel:").to_string());
                    }
                }
                VCardProperty::Bday => c.birthday = day(&e.values),
                VCardProperty::Anniversary => c.anniversary = day(&e.values),
                VCardProperty::Note => {
                    if let Some(t) = first {
                        c.note = Some(match c.note.take() {
                            Some(n) => format!("{n}\n{t}"),
                            None => t,
                        });
                    }
                }
                VCardProperty::Categories => {
                    for v in e.values.iter().filter_map(text) {
                        // Exporters' own bookkeeping groups are not tags.
                        if !matches!(v.as_str(), "myContacts" | "starred" | "Starred in Android") {
                            push_unique(&mut c.categories, v);
                        }
                    }
                }
                VCardProperty::Other(name) => {
                    let upper = name.to_ascii_uppercase();
                    if upper == "X-ABLABEL" {
                        if let (Some(g), Some(t)) = (&e.group, first) {
                            labels.push((g.clone(), t));
                        }
                    } else if upper == "X-ABDATE" || upper == "X-ANNIVERSARY" {
                        dates.push((e.group.clone().unwrap_or(upper), day(&e.values)));
                    }
                }
                _ => {}
            }
        }
        // Apple: `item1.X-ABDATE` labelled by `item1.X-ABLabel:_$!<Anniversary>!$_`.
        for (group, d) in dates {
            let label = labels
                .iter()
                .find(|(g, _)| *g == group)
                .map(|(_, l)| l.as_str())
                .unwrap_or(group.as_str());
            if (label.to_ascii_lowercase().contains("anniversary") || group == "X-ANNIVERSARY")
                && c.anniversary.is_none()
            {
                c.anniversary = d;
            }
        }
        if c.name.is_empty() {
            c.name = n_name
                .or_else(|| c.org.clone())
                .or_else(|| c.emails.first().cloned())?;
        }
        Some(c)
    }
}

/// Google writes a yearless birthday as `--07-14` (vCard 3.0 style), which
/// the parser reads as a month alone; `--0714` (the 4.0 form) it reads whole.
fn yearless_dates(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(":--") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let name = line.split([':', ';']).next().unwrap_or("");
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        let fixed = match line.rfind(":--") {
            Some(at) if name == "BDAY" || name == "ANNIVERSARY" => {
                let v = line[at + 3..].trim_end();
                let b = v.as_bytes();
                if b.len() == 5
                    && b[2] == b'-'
                    && v.chars().filter(|c| c.is_ascii_digit()).count() == 4
                {
                    Some(format!(
                        "{}:--{}{}{}",
                        &line[..at],
                        &v[..2],
                        &v[3..],
                        &line[at + 3 + v.len()..]
                    ))
                } else {
                    None
                }
            }
            _ => None,
        };
        out.push_str(fixed.as_deref().unwrap_or(line));
    }
    out.into()
}

/// Every contact in a `.vcf` file, and the cards that could not be read.
pub fn parse(text: &str) -> (Vec<Contact>, Vec<String>) {
    let text = yearless_dates(text);
    let mut parser = calcard::Parser::new(&text);
    let mut contacts = Vec::new();
    let mut skipped = Vec::new();
    let mut n = 0;
    loop {
        match parser.entry() {
            calcard::Entry::VCard(card) => {
                n += 1;
                match Contact::of(&card) {
                    Some(c) => contacts.push(c),
                    None => skipped.push(format!("card {n}: it has no name, org or email")),
                }
            }
            calcard::Entry::Eof => break,
            calcard::Entry::ICalendar(_) => skipped.push("a calendar entry (not a contact)".into()),
            calcard::Entry::InvalidLine(l) => skipped.push(format!(
                "a line that is not vCard: {}",
                crate::prep::shorten(&l, 60)
            )),
            calcard::Entry::TooManyComponents => {
                skipped.push("the file nests too deeply; the rest was not read".into());
                break;
            }
            other => skipped.push(format!("{other:?}")),
        }
    }
    (contacts, skipped)
}

/// What importing one contact will do.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Step {
    Add {
        name: String,
        /// The new person's file, once the step is applied.
        #[serde(skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
    },
    Update {
        slug: String,
        name: String,
        what: Vec<String>,
    },
    Skip {
        name: String,
        reason: String,
    },
    /// The contact is someone ties cannot read or write: unlike a skip, a
    /// failure the user has to look at.
    Failed {
        name: String,
        reason: String,
        /// A file written before the failure (a new person partly filled in).
        #[serde(skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
    },
}

/// Who a contact may be in the vault, found in constant time per contact
/// (a file of N contacts against N people would otherwise be N² compares).
struct People<'a> {
    /// Lowercased email to (position in the index, slug): the first wins.
    by_email: HashMap<String, (usize, &'a str)>,
    by_name: HashMap<&'a str, &'a str>,
    /// Files that do not parse, by the emails they seem to hold and by slug:
    /// a contact that is one of them fails instead of becoming a duplicate.
    broken_by_email: HashMap<String, &'a Problem>,
    broken_by_slug: HashMap<&'a str, &'a Problem>,
}

enum Found<'a> {
    Person(&'a str),
    Broken(&'a Problem),
    New,
}

impl<'a> People<'a> {
    fn new(vault: &Vault, index: &'a Index) -> People<'a> {
        let mut people = People {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
            broken_by_email: HashMap::new(),
            broken_by_slug: HashMap::new(),
        };
        for (i, s) in index.people.iter().enumerate() {
            for e in &s.email {
                people
                    .by_email
                    .entry(e.to_lowercase())
                    .or_insert((i, s.slug.as_str()));
            }
            people
                .by_name
                .entry(s.name_fold.as_str())
                .or_insert(s.slug.as_str());
        }
        for p in &index.problems {
            let Some(slug) = p
                .file
                .strip_prefix("people/")
                .and_then(|f| f.strip_suffix(".toml"))
            else {
                continue;
            };
            people.broken_by_slug.insert(slug, p);
            // What looks like an email in the raw text: enough to recognise
            // the person, since the file cannot be read as one.
            let Ok(bytes) = fsutil::read_limited(&vault.file_of(slug)) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            for word in text.split(|c: char| c.is_whitespace() || "\"',[]{}=<>;:()".contains(c)) {
                if word.len() > 2 && word.contains('@') {
                    people
                        .broken_by_email
                        .entry(word.to_lowercase())
                        .or_insert(p);
                }
            }
        }
        people
    }

    /// The person a contact is: same email first, else the same full name.
    fn find(&self, c: &Contact) -> Found<'a> {
        let emails: Vec<String> = c.emails.iter().map(|e| e.to_lowercase()).collect();
        let first = emails
            .iter()
            .filter_map(|e| self.by_email.get(e))
            .min_by_key(|(i, _)| *i);
        if let Some((_, slug)) = first {
            return Found::Person(slug);
        }
        if let Some(p) = emails.iter().find_map(|e| self.broken_by_email.get(e)) {
            return Found::Broken(p);
        }
        if let Some(slug) = self.by_name.get(fold(&c.name).as_str()) {
            return Found::Person(slug);
        }
        match self
            .broken_by_slug
            .get(crate::fold::slugify(&c.name).as_str())
        {
            Some(p) => Found::Broken(p),
            None => Found::New,
        }
    }
}

/// The values a contact would add to a person (nothing already there).
fn news(p: &Person, c: &Contact) -> Vec<String> {
    let mut what = Vec::new();
    let has = |list: &[String], v: &str| list.iter().any(|x| fold(x) == fold(v));
    for e in &c.emails {
        if !has(&p.email, e) {
            what.push(format!("email {e}"));
        }
    }
    for t in &c.phones {
        let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
        if !p.phone.iter().any(|x| digits(x) == digits(t)) {
            what.push(format!("phone {t}"));
        }
    }
    for a in &c.nicknames {
        if !has(&p.aka, a) && fold(a) != fold(&p.name) {
            what.push(format!("alias {a}"));
        }
    }
    for t in &c.categories {
        if !has(&p.tags, t) {
            what.push(format!("tag {t}"));
        }
    }
    if p.org.is_none() && c.org.is_some() {
        what.push("org".into());
    }
    if p.role.is_none() && c.title.is_some() {
        what.push("role".into());
    }
    if p.birthday.is_none() && c.birthday.is_some() {
        what.push("birthday".into());
    }
    if let Some(a) = &c.anniversary
        && !p
            .dates
            .iter()
            .any(|d| d.on.month == a.month && d.on.day == a.day)
    {
        what.push("anniversary".into());
    }
    if let Some(n) = &c.note
        && !p.about.iter().any(|(_, v)| v.trim() == n.trim())
    {
        what.push("note".into());
    }
    what
}

/// A contact's step, or the person whose file decides it.
enum Pending<'a> {
    Decided(Step),
    Compare(&'a str),
}

/// The plan for a file: what would be added, updated, skipped and failed.
pub fn plan(vault: &Vault, index: &Index, contacts: &[Contact]) -> Vec<Step> {
    let people = People::new(vault, index);
    let mut adding: HashSet<String> = HashSet::new();
    // Who each contact is, in order (the first of two new cards wins)...
    let pending: Vec<Pending> = contacts
        .iter()
        .map(|c| {
            if crate::fold::slugify(&c.name).is_empty()
                || c.name.chars().count() > write::MAX_NAME_CHARS
            {
                return Pending::Decided(Step::Skip {
                    name: crate::prep::shorten(&c.name, 40),
                    reason: "the name is empty or too long".into(),
                });
            }
            Pending::Decided(match people.find(c) {
                Found::Person(slug) => return Pending::Compare(slug),
                Found::Broken(p) => Step::Failed {
                    name: c.name.clone(),
                    reason: format!(
                        "{p}; ties does not write to a file that does not parse (fix it with `ties edit {}`)",
                        p.file
                            .trim_start_matches("people/")
                            .trim_end_matches(".toml")
                    ),
                    slug: None,
                },
                Found::New if !adding.insert(fold(&c.name)) => Step::Skip {
                    name: c.name.clone(),
                    reason: "twice in this file; the first card is used".into(),
                },
                Found::New => Step::Add {
                    name: c.name.clone(),
                    slug: None,
                },
            })
        })
        .collect();
    // ...then what each known person would gain: their files read in parallel.
    pending
        .into_par_iter()
        .zip(contacts.par_iter())
        .map(|(p, c)| match p {
            Pending::Decided(step) => step,
            Pending::Compare(slug) => compare(vault, slug, c),
        })
        .collect()
}

/// What a contact would change in an existing person's file.
fn compare(vault: &Vault, slug: &str, c: &Contact) -> Step {
    match vault.read(slug) {
        Ok(l) => {
            let what = news(&l.person, c);
            if what.is_empty() {
                Step::Skip {
                    name: c.name.clone(),
                    reason: format!("already in {} with nothing new", Vault::rel(slug)),
                }
            } else {
                Step::Update {
                    slug: slug.to_string(),
                    name: l.person.name,
                    what,
                }
            }
        }
        Err(e) => Step::Failed {
            name: c.name.clone(),
            reason: e.to_string(),
            slug: None,
        },
    }
}

fn array_push_unique(doc: &mut DocumentMut, key: &str, values: &[String]) {
    let existing: Vec<String> = match doc.get(key) {
        Some(Item::Value(Value::Array(a))) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Item::Value(Value::String(s))) => vec![s.value().clone()],
        _ => Vec::new(),
    };
    let mut all = existing.clone();
    for v in values {
        if !all.iter().any(|x| fold(x) == fold(v)) {
            all.push(v.clone());
        }
    }
    if all == existing {
        return;
    }
    match doc.get_mut(key) {
        Some(Item::Value(Value::Array(a))) => {
            for v in &all[existing.len()..] {
                a.push(v.as_str());
            }
        }
        _ => {
            let mut a = Array::new();
            for v in &all {
                a.push(v.as_str());
            }
            doc[key] = toml_edit::value(a);
        }
    }
}

/// Applies a contact's new values to a person file's text (layout kept).
fn merge_into(text: &str, p: &Person, c: &Contact) -> Result<String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| StoreError::Refused(e.message().to_string()))?;
    array_push_unique(&mut doc, "email", &c.emails);
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    let phones: Vec<String> = c
        .phones
        .iter()
        .filter(|t| !p.phone.iter().any(|x| digits(x) == digits(t)))
        .cloned()
        .collect();
    array_push_unique(&mut doc, "phone", &phones);
    let aka: Vec<String> = c
        .nicknames
        .iter()
        .filter(|a| fold(a) != fold(&p.name))
        .cloned()
        .collect();
    array_push_unique(&mut doc, "aka", &aka);
    array_push_unique(&mut doc, "tags", &c.categories);
    if p.org.is_none()
        && let Some(o) = &c.org
    {
        doc["org"] = toml_edit::value(o.as_str());
    }
    if p.role.is_none()
        && let Some(t) = &c.title
    {
        doc["role"] = toml_edit::value(t.as_str());
    }
    if p.birthday.is_none()
        && let Some(b) = &c.birthday
    {
        doc["birthday"] = toml_edit::value(b.to_string());
    }
    if let Some(n) = &c.note
        && !p.about.iter().any(|(_, v)| v.trim() == n.trim())
    {
        if doc.get("about").is_none() {
            doc["about"] = Item::Table(Table::new());
        }
        let about = doc["about"]
            .as_table_like_mut()
            .ok_or_else(|| StoreError::Refused("`about` is not a table".into()))?;
        let key = if about.contains_key("note") {
            "vcard_note"
        } else {
            "note"
        };
        about.insert(key, toml_edit::value(n.as_str()));
    }
    if let Some(a) = &c.anniversary
        && !p
            .dates
            .iter()
            .any(|d| d.on.month == a.month && d.on.day == a.day)
    {
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
    Ok(doc.to_string())
}

/// Called with (contacts done, contacts in the plan) as a plan is applied.
pub type Progress<'a> = &'a dyn Fn(usize, usize);

/// Carries out a plan, each write through the store's own functions (a new
/// file created exclusively, a change under the person's lock). Returns the steps as done: an add names its new file, and a write
/// that fails becomes [`Step::Failed`].
pub fn apply(
    vault: &Vault,
    contacts: &[Contact],
    plan: Vec<Step>,
    progress: Option<Progress<'_>>,
) -> Vec<Step> {
    let total = plan.len();
    let mut done = Vec::with_capacity(total);
    for (i, (c, step)) in contacts.iter().zip(plan).enumerate() {
        done.push(match step {
            Step::Add { name, .. } => match add(vault, c) {
                Ok(slug) => Step::Add {
                    name,
                    slug: Some(slug),
                },
                Err((slug, e)) => Step::Failed {
                    name,
                    reason: match &slug {
                        Some(s) => format!("added as {}, but {e}", Vault::rel(s)),
                        None => e.to_string(),
                    },
                    slug,
                },
            },
            Step::Update { slug, name, what } => {
                match write::update(vault, &slug, |l| merge_into(&l.text, &l.person, c)) {
                    Ok(_) => Step::Update { slug, name, what },
                    Err(e) => Step::Failed {
                        name,
                        reason: e.to_string(),
                        slug: None,
                    },
                }
            }
            other => other,
        });
        if let Some(p) = progress {
            p(i + 1, total);
        }
    }
    done
}

/// Adds a contact as a new person: one write when `add_person` takes all it
/// holds (most contacts), a second for the rest. On failure, the error and
/// the file if it was already created.
fn add(vault: &Vault, c: &Contact) -> Result<String, (Option<String>, StoreError)> {
    let new = NewPerson {
        name: c.name.clone(),
        org: c.org.clone(),
        role: c.title.clone(),
        email: c.emails.clone(),
        phone: c.phones.clone(),
        tags: c.categories.clone(),
        cadence: None,
        birthday: None,
    };
    let slug = write::add_person(vault, &new).map_err(|e| (None, e))?;
    let more = c.nicknames.iter().any(|a| fold(a) != fold(&c.name))
        || c.birthday.is_some()
        || c.anniversary.is_some()
        || c.note.is_some();
    if more {
        write::update(vault, &slug, |l| merge_into(&l.text, &l.person, c))
            .map_err(|e| (Some(slug.clone()), e))?;
    }
    Ok(slug)
}

/// `urn:uuid:` made from the slug (the same slug always gives the same one).
fn uid(slug: &str) -> String {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (salt, "ties-person", slug).hash(&mut h);
        h.finish()
    };
    let (a, b) = (half(1), half(2));
    format!(
        "urn:uuid:{:08x}-{:04x}-5{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// People as vCard 4.0.
pub fn export(people: &[Person]) -> String {
    let mut out = String::new();
    for p in people {
        let mut card = VCard {
            entries: Vec::new(),
        };
        let mut add = |prop: VCardProperty, v: &str| {
            card.entries
                .push(VCardEntry::new(prop).with_value(VCardValue::Text(v.to_string())));
        };
        add(VCardProperty::Version, "4.0");
        // A stable UID: contact apps use it to recognise the card next time.
        add(VCardProperty::Uid, &uid(&p.slug));
        add(VCardProperty::Fn, &p.name);
        // N: family; given (a best guess: the last word is the family name).
        let (given, family) = match p.name.rsplit_once(' ') {
            Some((g, f)) => (g.to_string(), f.to_string()),
            None => (p.name.clone(), String::new()),
        };
        card.entries
            .push(VCardEntry::new(VCardProperty::N).with_values(vec![
                VCardValue::Text(family),
                VCardValue::Text(given),
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
            ]));
        let mut add = |prop: VCardProperty, v: &str| {
            card.entries
                .push(VCardEntry::new(prop).with_value(VCardValue::Text(v.to_string())));
        };
        for a in &p.aka {
            add(VCardProperty::Nickname, a);
        }
        if let Some(o) = &p.org {
            add(VCardProperty::Org, o);
        }
        if let Some(r) = &p.role {
            add(VCardProperty::Title, r);
        }
        for e in &p.email {
            add(VCardProperty::Email, e);
        }
        for t in &p.phone {
            add(VCardProperty::Tel, t);
        }
        if let Some(b) = &p.birthday {
            let v = match b.year {
                Some(y) => format!("{y:04}{:02}{:02}", b.month, b.day),
                None => format!("--{:02}{:02}", b.month, b.day),
            };
            add(VCardProperty::Bday, &v);
        }
        if !p.tags.is_empty() {
            card.entries.push(
                VCardEntry::new(VCardProperty::Categories)
                    .with_values(p.tags.iter().map(|t| VCardValue::Text(t.clone())).collect()),
            );
        }
        let mut s = String::new();
        let _ = card.write_to(&mut s, VCardVersion::V4_0);
        out.push_str(&s);
    }
    out
}
