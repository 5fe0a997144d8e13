//! LinkedIn's `Connections.csv`: First Name, Last Name, URL, Email Address,
//! Company, Position, Connected On ("12 Mar 2021", the `met` date).

use super::{Row, date, full_name};
use crate::vcard::Contact;

pub(super) fn contact(row: &Row) -> Contact {
    let mut c = Contact {
        name: full_name(&[row.get("First Name"), row.get("Last Name")]),
        org: row.opt("Company"),
        title: row.opt("Position"),
        ..Contact::default()
    };
    // Most connections hide their email: the cell is empty.
    if let Some(e) = row.opt("Email Address") {
        c.emails.push(e);
    }
    if let Some(u) = row.opt("URL") {
        c.urls.push(u);
    }
    let on = row.get("Connected On");
    if !on.is_empty() {
        match date(on, row.day_first).filter(|d| d.year.is_some()) {
            Some(d) => c.met = Some(format!("connected on LinkedIn {d}")),
            None => c.keep("connected_on", on, "not a valid date"),
        }
    }
    c
}
