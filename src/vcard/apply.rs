//! Carrying out an import's plan through the store's write path.

use super::changes::Changes;
use super::facts::Facts;
use super::{Contact, Step};
use crate::fold::fold;
use crate::model::Person;
use crate::store::write::{self, NewPerson};
use crate::store::{Result, StoreError, Vault};

/// Applies a contact's new values to a person file's text (layout kept).
fn merge_into(text: &str, p: &Person, c: &Contact) -> Result<String> {
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| StoreError::Refused(e.message().to_string()))?;
    Changes::of(p, &Facts::of(doc.as_table()), c).write(text)
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
            Step::Add { name, kept, .. } => match add(vault, c) {
                Ok(slug) => Step::Add {
                    name,
                    slug: Some(slug),
                    kept,
                },
                Err((slug, e)) => Step::Failed {
                    name,
                    reason: match &slug {
                        Some(s) => format!(
                            "added as {} with its name, org, emails and phones, but the rest of its card was not: {e}",
                            Vault::rel(s)
                        ),
                        None => e.to_string(),
                    },
                    slug,
                },
            },
            Step::Update {
                slug,
                name,
                what,
                kept,
            } => match write::update(vault, &slug, |l| merge_into(&l.text, &l.person, c)) {
                Ok(_) => Step::Update {
                    slug,
                    name,
                    what,
                    kept,
                },
                Err(e) => Step::Failed {
                    name,
                    reason: e.to_string(),
                    slug: None,
                },
            },
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
    // What `add_person` does not take.
    let more = c.nicknames.iter().any(|a| fold(a) != fold(&c.name))
        || c.birthday.is_some()
        || c.anniversary.is_some()
        || c.met.is_some()
        || c.note.is_some()
        || !c.urls.is_empty()
        || !c.addresses.is_empty()
        || !c.types.is_empty()
        || !c.kept.is_empty()
        || !c.about.is_empty();
    if more {
        write::update(vault, &slug, |l| merge_into(&l.text, &l.person, c))
            .map_err(|e| (Some(slug.clone()), e))?;
    }
    Ok(slug)
}
