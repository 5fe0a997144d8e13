//! People as vCard 4.0, with everything an import kept.

use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardValueType, VCardVersion,
};

use super::facts::Facts;
use crate::model::YearDay;
use crate::store::Loaded;

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

/// vCard's basic date form: `19860714`, or `--0714` with no year.
fn basic(d: &YearDay) -> String {
    match d.year {
        Some(y) => format!("{y:04}{:02}{:02}", d.month, d.day),
        None => format!("--{:02}{:02}", d.month, d.day),
    }
}

/// One TYPE parameter per word of "work,voice".
fn typed(mut e: VCardEntry, kind: Option<&str>) -> VCardEntry {
    for t in kind.unwrap_or("").split(',').map(str::trim) {
        if !t.is_empty() {
            e.params.push(VCardParameter {
                name: VCardParameterName::Type,
                value: VCardParameterValue::Text(t.to_string()),
            });
        }
    }
    e
}

/// People as vCard 4.0: a person file that is not TOML (it cannot be one
/// read as a person) gives its `Person` fields alone.
pub fn export(people: &[Loaded]) -> String {
    let mut out = String::new();
    for l in people {
        let p = &l.person;
        let facts = l
            .text
            .parse::<toml_edit::DocumentMut>()
            .map(|d| Facts::of(d.as_table()))
            .unwrap_or_default();
        let text = |v: &str| VCardValue::Text(v.to_string());
        let mut entries: Vec<VCardEntry> = Vec::new();
        let mut add = |prop: VCardProperty, v: &str, kind: Option<&str>| {
            entries.push(typed(VCardEntry::new(prop).with_value(text(v)), kind));
        };
        add(VCardProperty::Version, "4.0", None);
        // A stable UID: contact apps use it to recognise the card next time.
        add(VCardProperty::Uid, &uid(&p.slug), None);
        add(VCardProperty::Fn, &p.name, None);
        for a in &p.aka {
            add(VCardProperty::Nickname, a, None);
        }
        if let Some(o) = &p.org {
            add(VCardProperty::Org, o, None);
        }
        if let Some(r) = &p.role {
            add(VCardProperty::Title, r, None);
        }
        for e in &p.email {
            add(VCardProperty::Email, e, facts.type_of(e));
        }
        for t in &p.phone {
            add(VCardProperty::Tel, t, facts.type_of(t));
        }
        for u in &facts.urls {
            add(VCardProperty::Url, u, facts.type_of(u));
        }
        if let Some(b) = &p.birthday {
            add(VCardProperty::Bday, &basic(b), None);
        }
        let anniversary = p
            .dates
            .iter()
            .find(|d| d.label.to_lowercase().contains("anniversary"));
        if let Some(d) = anniversary {
            add(VCardProperty::Anniversary, &basic(&d.on), None);
        }
        for (k, v) in &p.about {
            // Exports are discreet: an encrypted fact never leaves the vault.
            if super::is_note_key(k) && !crate::model::is_sealed(v) {
                add(VCardProperty::Note, v, None);
            }
        }
        // A day kept as text on import goes back as the text it was.
        for (key, prop, known) in [
            ("birthday", VCardProperty::Bday, p.birthday.is_some()),
            (
                "anniversary",
                VCardProperty::Anniversary,
                anniversary.is_some(),
            ),
        ] {
            let kept = p
                .about
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.split_once(" (as imported; "));
            if let (false, Some((raw, _))) = (known, kept) {
                // VALUE=text: not a date, so no reader drops what it
                // cannot make one of.
                let mut e = VCardEntry::new(prop).with_value(text(raw));
                e.params.push(VCardParameter {
                    name: VCardParameterName::Value,
                    value: VCardParameterValue::ValueType(VCardValueType::Text),
                });
                entries.push(e);
            }
        }
        let (family, given, suffix) = structured_name(&p.name);
        entries.insert(
            3,
            VCardEntry::new(VCardProperty::N).with_values(
                [family, given, String::new(), String::new(), suffix]
                    .into_iter()
                    .map(VCardValue::Text)
                    .collect(),
            ),
        );
        for a in &facts.addresses {
            let parts = a.parts().into_iter().map(text).collect();
            let adr = VCardEntry::new(VCardProperty::Adr).with_values(parts);
            entries.push(typed(adr, Some(&a.kind)));
        }
        if !p.tags.is_empty() {
            entries.push(
                VCardEntry::new(VCardProperty::Categories)
                    .with_values(p.tags.iter().map(|t| text(t)).collect()),
            );
        }
        let mut s = String::new();
        let _ = VCard { entries }.write_to(&mut s, VCardVersion::V4_0);
        out.push_str(&s);
    }
    out
}

/// N's family, given and suffix parts from a full name, a best guess:
/// the last word is the family name, after any suffix ("Jr.", ", MD").
fn structured_name(name: &str) -> (String, String, String) {
    const SUFFIXES: [&str; 12] = [
        "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "md", "phd", "ph.d.", "esq", "esq.",
    ];
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let mut suffix = Vec::new();
    while words.len() > 1 {
        let last = words[words.len() - 1].trim_start_matches(',');
        if !SUFFIXES.contains(&last.to_lowercase().as_str()) {
            break;
        }
        suffix.insert(0, last.to_string());
        words.pop();
    }
    // "Priya Raman, MD": the comma belongs to the suffix.
    if let Some(w) = words.last_mut() {
        *w = w.trim_end_matches(',');
    }
    let (given, family) = match words.split_last() {
        Some((f, g)) if !g.is_empty() => (g.join(" "), f.to_string()),
        _ => (words.join(" "), String::new()),
    };
    (family, given, suffix.join(" "))
}

#[cfg(test)]
mod name_tests {
    use super::structured_name;

    #[test]
    fn suffixes_are_not_family_names() {
        let n = |s: &str| structured_name(s);
        assert_eq!(n("Ana Lima"), ("Lima".into(), "Ana".into(), "".into()));
        assert_eq!(
            n("Björn O'Reilly-Šimić Jr."),
            ("O'Reilly-Šimić".into(), "Björn".into(), "Jr.".into())
        );
        assert_eq!(
            n("Priya Raman, MD"),
            ("Raman".into(), "Priya".into(), "MD".into())
        );
        assert_eq!(n("Cher"), ("".into(), "Cher".into(), "".into()));
    }
}
