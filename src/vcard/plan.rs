//! The plan of an import: who each contact is in the vault, and what it
//! would add.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::changes::Changes;
use super::facts::Facts;
use super::{Contact, Kept};
use crate::fold::fold;
use crate::index::Index;
use crate::store::write;
use crate::store::{Problem, Vault, fsutil};

/// What importing one contact will do.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Step {
    Add {
        name: String,
        /// The new person's file, once the step is applied.
        #[serde(skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
        /// Values kept as text under `[about]` (a day no calendar has).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        kept: Vec<String>,
    },
    Update {
        slug: String,
        name: String,
        what: Vec<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        kept: Vec<String>,
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
            // The checks `add_person` makes, so a dry run says what the
            // import will do.
            let bad_name = write::NewPerson {
                name: c.name.clone(),
                ..Default::default()
            }
            .check()
            .err()
            .map(|b| b.reason)
            .or_else(|| {
                crate::fold::slugify(&c.name)
                    .is_empty()
                    .then(|| "the name has no letter or digit to name a file by".to_string())
            });
            if let Some(reason) = bad_name {
                return Pending::Decided(Step::Skip {
                    name: crate::prep::shorten(&c.name, 40),
                    reason,
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
                    kept: c.kept.iter().map(Kept::said).collect(),
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
            let facts = match l.text.parse::<toml_edit::DocumentMut>() {
                Ok(doc) => Facts::of(doc.as_table()),
                Err(e) => {
                    return Step::Failed {
                        name: c.name.clone(),
                        reason: e.message().to_string(),
                        slug: None,
                    };
                }
            };
            let (what, kept) = Changes::of(&l.person, &facts, c).describe();
            if what.is_empty() && kept.is_empty() {
                Step::Skip {
                    name: c.name.clone(),
                    reason: format!("already in {} with nothing new", Vault::rel(slug)),
                }
            } else {
                Step::Update {
                    slug: slug.to_string(),
                    name: l.person.name,
                    what,
                    kept,
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
