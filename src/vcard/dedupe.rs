//! Several cards for one person in one file (common in Google and LinkedIn
//! exports): taken as one contact, by the same rule that matches a contact
//! to someone already in the vault (an email in common, else the name).
//! Otherwise the first card would win and a second import would add what
//! the others held, and importing twice would not be a no-op.

use std::collections::HashMap;

use super::{Contact, push_unique};
use crate::fold::fold;

/// The contacts with each group of duplicates merged into its first card,
/// in the file's order; and, for the summary, the name of each contact
/// that absorbed others with how many cards it was made of.
pub fn merge_duplicates(contacts: Vec<Contact>) -> (Vec<Contact>, Vec<(String, usize)>) {
    let mut out: Vec<Contact> = Vec::with_capacity(contacts.len());
    let mut cards: Vec<usize> = Vec::with_capacity(contacts.len());
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for c in contacts {
        let name = fold(&c.name);
        let first = c
            .emails
            .iter()
            .find_map(|e| by_email.get(&e.to_lowercase()).copied())
            .or_else(|| {
                by_name
                    .get(&name)
                    .copied()
                    .filter(|_| !name.trim().is_empty())
            });
        let at = match first {
            Some(i) => {
                out[i].absorb(c);
                cards[i] += 1;
                i
            }
            None => {
                out.push(c);
                cards.push(1);
                out.len() - 1
            }
        };
        by_name.entry(name).or_insert(at);
        for e in &out[at].emails {
            by_email.entry(e.to_lowercase()).or_insert(at);
        }
    }
    let merged = out
        .iter()
        .zip(&cards)
        .filter(|(_, n)| **n > 1)
        .map(|(c, n)| (c.name.clone(), *n))
        .collect();
    (out, merged)
}

impl Contact {
    /// Takes in another card of the same person: every value this one does
    /// not have yet; where both have one value (an org), this card's stays
    /// and a different note is added after this one's.
    fn absorb(&mut self, other: Contact) {
        let Contact {
            name: _,
            nicknames,
            org,
            title,
            emails,
            phones,
            urls,
            addresses,
            types,
            birthday,
            anniversary,
            met,
            note,
            categories,
            about,
            kept,
        } = other;
        for (mine, theirs) in [
            (&mut self.nicknames, nicknames),
            (&mut self.emails, emails),
            (&mut self.phones, phones),
            (&mut self.urls, urls),
            (&mut self.categories, categories),
        ] {
            for v in theirs {
                push_unique(mine, v);
            }
        }
        for a in addresses {
            if !self.addresses.contains(&a) {
                self.addresses.push(a);
            }
        }
        for (value, kind) in types {
            self.set_type(&value, &kind);
        }
        self.org = self.org.take().or(org);
        self.title = self.title.take().or(title);
        self.birthday = self.birthday.or(birthday);
        self.anniversary = self.anniversary.or(anniversary);
        self.met = self.met.take().or(met);
        self.note = match (self.note.take(), note) {
            (Some(a), Some(b)) if !a.contains(b.trim()) => Some(format!("{a}\n\n{b}")),
            (a, b) => a.or(b),
        };
        for (k, v) in about {
            if !self.about.iter().any(|(mine, _)| *mine == k) {
                self.about.push((k, v));
            }
        }
        for k in kept {
            self.keep(&k.key, &k.text, &k.why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, email: &str, phone: &str) -> Contact {
        Contact {
            name: name.into(),
            emails: (!email.is_empty())
                .then(|| email.to_string())
                .into_iter()
                .collect(),
            phones: (!phone.is_empty())
                .then(|| phone.to_string())
                .into_iter()
                .collect(),
            ..Contact::default()
        }
    }

    #[test]
    fn cards_of_one_person_become_one_contact() {
        let (out, merged) = merge_duplicates(vec![
            card("Jo Park", "jo@work.example", "+1 555 1111"),
            card("Ana Lima", "ana@x.example", ""),
            card("jo park", "jo@home.example", "+1 555 2222"),
            // Another name, an email in common: the same person.
            card("Joanna Park", "JO@HOME.example", "+1 555 3333"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].name, "Jo Park");
        assert_eq!(out[0].emails, ["jo@work.example", "jo@home.example"]);
        assert_eq!(out[0].phones, ["+1 555 1111", "+1 555 2222", "+1 555 3333"]);
        assert_eq!(merged, [("Jo Park".to_string(), 3)]);
        assert_eq!(out[1].name, "Ana Lima");
    }

    #[test]
    fn different_notes_are_both_kept() {
        let mut a = card("Bo", "", "");
        a.note = Some("Met at the conference.".into());
        let mut b = card("Bo", "", "");
        b.note = Some("Plays cello.".into());
        let (out, _) = merge_duplicates(vec![a, b]);
        assert_eq!(
            out[0].note.as_deref(),
            Some("Met at the conference.\n\nPlays cello.")
        );
    }
}
