//! Outlook's CSV export: one column per kind of phone, "E-mail Address",
//! "E-mail 2 Address"..., addresses in "Business"/"Home"/"Other" columns,
//! "Categories" separated by ";".

use super::{Row, full_name, set_day, system_label};
use crate::vcard::{Address, Contact, push_unique};

/// Phone columns and the vCard TYPE each stands for.
const PHONES: [(&str, &str); 14] = [
    ("Primary Phone", "pref"),
    ("Mobile Phone", "cell"),
    ("Business Phone", "work"),
    ("Business Phone 2", "work"),
    ("Company Main Phone", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Other Phone", "other"),
    ("Car Phone", "car"),
    ("Pager", "pager"),
    ("Business Fax", "work,fax"),
    ("Home Fax", "home,fax"),
    ("Other Fax", "fax"),
    ("Assistant's Phone", "assistant"),
];

pub(super) fn contact(row: &Row) -> Contact {
    let mut c = Contact {
        // "Title" is the honorific ("Dr."): not part of the name ties
        // matches and makes a file name from.
        name: full_name(&[
            row.get("First Name"),
            row.get("Middle Name"),
            row.get("Last Name"),
            row.get("Suffix"),
        ]),
        org: row.opt("Company"),
        title: row.opt("Job Title"),
        note: row.opt("Notes"),
        ..Contact::default()
    };
    if let Some(n) = row.opt("Nickname") {
        c.nicknames.push(n);
    }
    for (col, kind, shown) in [
        ("E-mail Address", "E-mail Type", "E-mail Display Name"),
        ("E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name"),
        ("E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name"),
    ] {
        let Some(e) = row.opt(col) else { continue };
        // An Exchange address ("/o=ExchangeLabs/ou=…", type EX) reaches no
        // one outside that Exchange: its display name may hold the SMTP one.
        let exchange = row.get(kind).eq_ignore_ascii_case("EX")
            || e.starts_with("/o=")
            || e.starts_with("/O=");
        if !exchange {
            push_unique(&mut c.emails, e);
        } else if let Some(smtp) = row
            .get(shown)
            .rsplit_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .filter(|a| a.contains('@') && !a.contains(' '))
        {
            push_unique(&mut c.emails, smtp.to_string());
        }
    }
    for (col, kind) in PHONES {
        if let Some(t) = row.opt(col) {
            c.set_type(&t, kind);
            push_unique(&mut c.phones, t);
        }
    }
    if let Some(u) = row.opt("Web Page") {
        c.urls.push(u);
    }
    for (prefix, kind) in [("Business", "work"), ("Home", "home"), ("Other", "")] {
        let get = |p: &str| row.get(&format!("{prefix} {p}"));
        let street = [get("Street"), get("Street 2"), get("Street 3")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let a = Address::from_parts(
            kind,
            &[
                get("Address PO Box"),
                "",
                &street,
                get("City"),
                get("State"),
                get("Postal Code"),
                get("Country/Region"),
            ],
        );
        if !a.is_empty() {
            c.addresses.push(a);
        }
    }
    for t in row.get("Categories").split(';').map(str::trim) {
        if !t.is_empty() && !system_label(t) {
            push_unique(&mut c.categories, t.to_string());
        }
    }
    set_day(&mut c, row, "birthday", row.get("Birthday"));
    set_day(&mut c, row, "anniversary", row.get("Anniversary"));
    c
}
