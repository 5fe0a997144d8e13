//! Google Contacts CSV, old ("Given Name", "Group Membership", "E-mail 1 -
//! Type") and new ("First Name", "Labels", "E-mail 1 - Label"): several
//! values of one label joined with " ::: " in one cell.

use super::{Row, full_name, set_day, system_label};
use crate::vcard::{Address, Contact, push_unique};

/// Google's label as a vCard TYPE: "* Work" -> "work", "Mobile" -> "cell".
fn kind(label: &str) -> String {
    let l = label.trim().trim_start_matches("* ").trim().to_lowercase();
    match l.as_str() {
        "mobile" => "cell".into(),
        "work fax" => "work,fax".into(),
        "home fax" => "home,fax".into(),
        _ => l,
    }
}

fn values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(":::").map(str::trim).filter(|v| !v.is_empty())
}

/// The label of column group "E-mail 1" (new exports: "- Label", old: "- Type").
fn label<'r>(row: &'r Row, group: &str) -> &'r str {
    match row.get(&format!("{group} - Label")) {
        "" => row.get(&format!("{group} - Type")),
        l => l,
    }
}

pub(super) fn contact(row: &Row) -> Contact {
    let mut c = Contact {
        name: match row.get("Name") {
            // Without the prefix ("Dr."), as for Outlook.
            "" => full_name(&[
                row.get("First Name"),
                row.get("Given Name"),
                row.get("Middle Name"),
                row.get("Additional Name"),
                row.get("Last Name"),
                row.get("Family Name"),
                row.get("Name Suffix"),
            ]),
            n => n.to_string(),
        },
        org: row
            .opt("Organization Name")
            .or_else(|| row.opt("Organization 1 - Name")),
        title: row
            .opt("Organization Title")
            .or_else(|| row.opt("Organization 1 - Title")),
        note: row.opt("Notes"),
        ..Contact::default()
    };
    for n in values(row.get("Nickname")) {
        push_unique(&mut c.nicknames, n.to_string());
    }
    let labels = match row.get("Labels") {
        "" => row.get("Group Membership"),
        l => l,
    };
    for l in values(labels).filter(|l| !system_label(l)) {
        push_unique(&mut c.categories, l.trim_start_matches("* ").to_string());
    }
    for n in 1.. {
        let group = format!("E-mail {n}");
        if !row.has(&format!("{group} - Value")) {
            break;
        }
        let k = kind(label(row, &group));
        for v in values(row.get(&format!("{group} - Value"))) {
            c.set_type(v, &k);
            push_unique(&mut c.emails, v.to_string());
        }
    }
    for n in 1.. {
        let group = format!("Phone {n}");
        if !row.has(&format!("{group} - Value")) {
            break;
        }
        let k = kind(label(row, &group));
        for v in values(row.get(&format!("{group} - Value"))) {
            c.set_type(v, &k);
            push_unique(&mut c.phones, v.to_string());
        }
    }
    for n in 1.. {
        let group = format!("Website {n}");
        if !row.has(&format!("{group} - Value")) {
            break;
        }
        let k = kind(label(row, &group));
        for v in values(row.get(&format!("{group} - Value"))) {
            c.set_type(v, &k);
            push_unique(&mut c.urls, v.to_string());
        }
    }
    for n in 1.. {
        let group = format!("Address {n}");
        if !row.has(&format!("{group} - Formatted")) && !row.has(&format!("{group} - Street")) {
            break;
        }
        let part = |p: &str| row.get(&format!("{group} - {p}"));
        let mut a = Address::from_parts(
            &kind(label(row, &group)),
            &[
                part("PO Box"),
                part("Extended Address"),
                part("Street"),
                part("City"),
                part("Region"),
                part("Postal Code"),
                part("Country"),
            ],
        );
        // Only the one-cell form: kept whole as the street.
        if a.is_empty() {
            a.street = part("Formatted").replace("\r\n", "\n");
        }
        if !a.is_empty() && !c.addresses.iter().any(|x| x.same(&a)) {
            c.addresses.push(a);
        }
    }
    for n in 1.. {
        let group = format!("Event {n}");
        if !row.has(&format!("{group} - Value")) {
            break;
        }
        if kind(label(row, &group)).contains("anniversary") {
            set_day(
                &mut c,
                row,
                "anniversary",
                row.get(&format!("{group} - Value")),
            );
        }
    }
    set_day(&mut c, row, "birthday", row.get("Birthday"));
    c
}
