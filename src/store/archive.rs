//! Archiving a person: `archived = 2026-11-30` at the top of their own
//! file. A key in the file rather than a move to another folder, so it
//! syncs and merges like any other change (a note logged on another
//! machine meanwhile is kept: the merge driver takes a key added on one
//! side), reads plainly in `git diff`, and is undone by deleting a line.
//! The file stays where it is, so links, history and `ties show` still
//! find the person; the list, the due list and the agenda leave them out.

use super::entries::{date_value, doc_of};
use super::write::{set_keep_decor, update};
use super::{Result, StoreError, Vault};
use crate::model::Person;
use chrono::NaiveDate;

/// Archives a person as of `on`. Refused when they already are.
pub fn archive(vault: &Vault, slug: &str, on: NaiveDate) -> Result<Person> {
    let date = date_value(on)?;
    let loaded = update(vault, slug, |cur| {
        if let Some(a) = cur.person.archived {
            return Err(StoreError::Refused(format!(
                "{} is already archived{}",
                cur.person.name,
                a.on.map(|d| format!(" (since {d})")).unwrap_or_default()
            )));
        }
        let mut doc = doc_of(&cur.text)?;
        // `archived = false` written by hand is replaced in place.
        set_keep_decor(doc.as_table_mut(), "archived", date.clone());
        Ok(doc.to_string())
    })?;
    Ok(loaded.person)
}

/// Brings an archived person back: the `archived` key goes.
pub fn unarchive(vault: &Vault, slug: &str) -> Result<Person> {
    let loaded = update(vault, slug, |cur| {
        if cur.person.archived.is_none() {
            return Err(StoreError::Refused(format!(
                "{} is not archived",
                cur.person.name
            )));
        }
        let mut doc = doc_of(&cur.text)?;
        super::entries::remove_key(&mut doc, None, "archived");
        Ok(doc.to_string())
    })?;
    Ok(loaded.person)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const FILE: &str = "# Bo\nname = \"Bo\"  # short for Bohdan\ncadence = \"30d\"\n\n# the first call\n[[log]]\nat = 2026-11-10\ntext = \"hi\"\n";

    #[test]
    fn bringing_back_keeps_the_comments_written_about_it() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path().join("v")).unwrap();
        let text = "name = \"Bo\"\n# left Acme; ping in a year\narchived = 2026-11-30 # back in spring\n\n[[log]]\nat = 2026-11-10\ntext = \"hi\"\n";
        fs::write(v.file_of("bo"), text).unwrap();
        unarchive(&v, "bo").unwrap();
        let now = fs::read_to_string(v.file_of("bo")).unwrap();
        assert!(now.contains("# left Acme; ping in a year\n"), "{now}");
        assert!(now.contains("# back in spring\n"), "{now}");
        assert!(!now.contains("archived"), "{now}");
        assert_eq!(v.read("bo").unwrap().person.log.len(), 1);
    }

    #[test]
    fn archiving_adds_one_line_and_unarchiving_takes_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path().join("v")).unwrap();
        fs::write(v.file_of("bo"), FILE).unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let p = archive(&v, "bo", on).unwrap();
        assert_eq!(p.archived.and_then(|a| a.on), Some(on));
        assert_eq!(
            fs::read_to_string(v.file_of("bo")).unwrap(),
            FILE.replace("\"30d\"\n", "\"30d\"\narchived = 2026-11-30\n")
        );
        let err = archive(&v, "bo", on).unwrap_err();
        assert!(
            err.to_string()
                .contains("already archived (since 2026-11-30)"),
            "{err}"
        );
        let p = unarchive(&v, "bo").unwrap();
        assert_eq!(p.archived, None);
        assert_eq!(fs::read_to_string(v.file_of("bo")).unwrap(), FILE);
        assert!(
            unarchive(&v, "bo")
                .unwrap_err()
                .to_string()
                .contains("not archived")
        );
    }

    #[test]
    fn hand_written_forms_read_sensibly() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path().join("v")).unwrap();
        fs::write(v.file_of("bo"), "name = \"Bo\"\narchived = true\n").unwrap();
        assert!(v.read("bo").unwrap().person.archived.is_some());
        fs::write(v.file_of("bo"), "name = \"Bo\"\narchived = false # back\n").unwrap();
        assert!(v.read("bo").unwrap().person.archived.is_none());
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        archive(&v, "bo", on).unwrap();
        assert_eq!(
            fs::read_to_string(v.file_of("bo")).unwrap(),
            "name = \"Bo\"\narchived = 2026-11-30 # back\n"
        );
        fs::write(v.file_of("bo"), "name = \"Bo\"\narchived = \"soon\"\n").unwrap();
        let err = v.read("bo").unwrap_err().to_string();
        assert!(err.contains("archived"), "{err}");
    }
}
