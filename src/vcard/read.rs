//! Reading vCards into contacts.

use calcard::common::IanaString;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use chrono::NaiveDate;

use super::{Address, Contact, push_unique};
use crate::model::YearDay;

fn text(v: &VCardValue) -> Option<String> {
    match v {
        VCardValue::Text(t) => {
            Some(t.replace("\r\n", "\n").trim().to_string()).filter(|t| !t.is_empty())
        }
        VCardValue::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A BDAY or ANNIVERSARY: the value as written, and the day it names.
fn day(values: &[VCardValue]) -> Option<(String, Option<YearDay>)> {
    match values.first()? {
        VCardValue::PartialDateTime(p) => {
            let two = |n: Option<u8>| n.map(|n| format!("{n:02}")).unwrap_or("??".into());
            let raw = format!(
                "{}-{}-{}",
                p.year.map(|y| format!("{y:04}")).unwrap_or("-".into()),
                two(p.month),
                two(p.day)
            );
            let day = match (p.month, p.day) {
                (Some(m), Some(d)) => Some(YearDay {
                    // Apple writes 1604 for "no year".
                    year: p.year.map(i32::from).filter(|y| *y > 1604),
                    month: u32::from(m),
                    day: u32::from(d),
                }),
                _ => None,
            };
            Some((raw, day))
        }
        VCardValue::Text(t) => {
            let t = t.trim();
            let day = YearDay::parse(t).or_else(|| {
                // 19860714, --0714
                let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
                match digits.len() {
                    8 => NaiveDate::parse_from_str(&digits, "%Y%m%d")
                        .ok()
                        .map(YearDay::from_date),
                    4 => YearDay::parse(&format!("--{}-{}", &digits[..2], &digits[2..])),
                    _ => None,
                }
            });
            Some((t.to_string(), day))
        }
        _ => None,
    }
}

/// An entry's TYPEs as one lowercase word list ("work,voice"); vCard 3.0's
/// INTERNET (every email is one) left out.
fn types(e: &VCardEntry) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in &e.params {
        if p.name != VCardParameterName::Type {
            continue;
        }
        let t = match &p.value {
            VCardParameterValue::Type(t) => t.as_str().to_ascii_lowercase(),
            VCardParameterValue::Text(t) => t.trim().to_ascii_lowercase(),
            _ => continue,
        };
        for t in t.split(',') {
            let t = t.trim();
            if !t.is_empty() && t != "internet" && !out.iter().any(|x| x == t) {
                out.push(t.to_string());
            }
        }
    }
    out.join(",")
}

impl Contact {
    fn of(card: &VCard) -> Option<Contact> {
        let mut c = Contact::default();
        let mut labels: Vec<(String, String)> = Vec::new();
        let mut dates: Vec<(String, (String, Option<YearDay>))> = Vec::new();
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
                        let t = t.trim_start_matches("mailto:").to_string();
                        c.set_type(&t, &types(e));
                        push_unique(&mut c.emails, t);
                    }
                }
                VCardProperty::Tel => {
                    if let Some(t) = first {
                        let t = t.trim_start_matches("tel:").to_string();
                        c.set_type(&t, &types(e));
                        push_unique(&mut c.phones, t);
                    }
                }
                VCardProperty::Url => {
                    if let Some(t) = first {
                        c.set_type(&t, &types(e));
                        push_unique(&mut c.urls, t);
                    }
                }
                VCardProperty::Adr => {
                    let parts: Vec<String> = e
                        .values
                        .iter()
                        .map(|v| text(v).unwrap_or_default())
                        .collect();
                    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
                    let a = Address::from_parts(&types(e), &parts);
                    if !a.is_empty() && !c.addresses.iter().any(|x| x.same(&a)) {
                        c.addresses.push(a);
                    }
                }
                VCardProperty::Bday => {
                    if let Some((raw, d)) = day(&e.values) {
                        c.set_day("birthday", &raw, d);
                    }
                }
                VCardProperty::Anniversary => {
                    if let Some((raw, d)) = day(&e.values) {
                        c.set_day("anniversary", &raw, d);
                    }
                }
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
                    } else if (upper == "X-ABDATE" || upper == "X-ANNIVERSARY")
                        && let Some(d) = day(&e.values)
                    {
                        dates.push((e.group.clone().unwrap_or(upper), d));
                    }
                }
                _ => {}
            }
        }
        // Apple: `item1.X-ABDATE` labelled by `item1.X-ABLabel:_$!<Anniversary>!$_`.
        for (group, (raw, d)) in dates {
            let label = labels
                .iter()
                .find(|(g, _)| *g == group)
                .map(|(_, l)| l.as_str())
                .unwrap_or(group.as_str());
            if (label.to_ascii_lowercase().contains("anniversary") || group == "X-ANNIVERSARY")
                && c.anniversary.is_none()
            {
                c.set_day("anniversary", &raw, d);
            }
        }
        c.name = super::one_line(&c.name);
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
