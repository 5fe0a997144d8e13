//! Changing or removing one log entry or one todo in place. Each goes
//! through [`update`] (the lock, the undo journal), edits only the
//! values that changed with `toml_edit`, so comments, layout, unknown keys
//! and every other entry stay as they were, and first checks that the
//! entry at that place in the file is still the one the user was shown: a
//! sync or an editor may have reordered the file meanwhile, and the wrong
//! entry must never be changed.

use std::str::FromStr;

use chrono::NaiveDate;
use toml_edit::{DocumentMut, Item, Value};

use super::write::{nth_table_mut, out_of_range, set_keep_decor, toml_string, update};
use super::{Result, StoreError, Vault};
use crate::model::{Entry, Person, Todo, When, is_sealed};

/// What an entry becomes: the fields the small editor shows.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryChange {
    pub at: When,
    pub via: String,
    pub text: String,
    pub ask: Vec<String>,
    pub private: bool,
}

impl EntryChange {
    /// The entry as it is: a change that changes nothing.
    pub fn of(e: &Entry) -> EntryChange {
        EntryChange {
            at: e.at,
            via: e.via.clone(),
            text: e.text.clone(),
            ask: e.ask.clone(),
            private: e.private,
        }
    }
}

/// The first words of a text, to name an entry or a todo in a question.
pub fn first_words(text: &str, max_chars: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max_chars {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max_chars).collect();
    if let Some(space) = cut.rfind(' ').filter(|&i| i > max_chars / 2) {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end())
}

fn changed_meanwhile(p: &Person, what: &str) -> StoreError {
    StoreError::Refused(format!(
        "the {what} of {} changed in {} since they were shown; nothing was changed",
        p.name,
        Vault::rel(&p.slug)
    ))
}

pub(super) fn doc_of(text: &str) -> Result<DocumentMut> {
    DocumentMut::from_str(text).map_err(|e| StoreError::Refused(e.to_string()))
}

/// A value written the way ties writes new ones (`"""` blocks for several lines).
fn text_value(s: &str) -> Result<Value> {
    let mut v = Value::from_str(&toml_string(s))
        .map_err(|e| StoreError::Refused(format!("could not write the text: {e}")))?;
    v.decor_mut().clear();
    Ok(v)
}

fn list_value(items: &[String]) -> Result<Value> {
    let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    let mut v = Value::from_str(&format!("[{}]", items.join(", ")))
        .map_err(|e| StoreError::Refused(format!("could not write the list: {e}")))?;
    v.decor_mut().clear();
    Ok(v)
}

pub(super) fn date_value(d: NaiveDate) -> Result<Value> {
    toml_edit::Datetime::from_str(&d.to_string())
        .map(Value::from)
        .map_err(|_| out_of_range(&d.to_string()))
}

fn clean_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A text as its lines, without line-end characters or trailing space.
fn same_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A list of asks as the lines they show as, one per line.
fn lines_of(items: &[String]) -> Vec<&str> {
    items
        .iter()
        .flat_map(|s| s.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The entry at `shown.pos` in the file as it is now, if it is still
/// `shown`: as the file says it, and opened as it was shown (`shown` was
/// read with this machine's keys).
fn still_there(cur: &Person, shown: &Entry) -> Result<(Entry, Entry)> {
    let raw = cur
        .log
        .iter()
        .find(|e| e.pos == shown.pos)
        .ok_or_else(|| changed_meanwhile(cur, "log entries"))?;
    let mut opened = raw.clone();
    if raw.has_sealed() {
        let mut one = Person {
            log: vec![opened],
            ..Person::default()
        };
        super::crypt::open_person(&mut one);
        opened = one.log.pop().unwrap_or_else(|| raw.clone());
    }
    if opened != *shown {
        return Err(changed_meanwhile(cur, "log entries"));
    }
    Ok((raw.clone(), opened))
}

/// Refused: a change to words this machine cannot read.
fn locked_refusal(cur: &Person) -> StoreError {
    StoreError::Refused(format!(
        "this entry of {} is encrypted and no key on this machine opens it, so ties will not rewrite its words (other changes are fine)",
        cur.name
    ))
}

/// Changes one log entry to `change`: only the values that differ are
/// written. Refused when that entry changed or moved since it was shown.
pub fn edit_entry(
    vault: &Vault,
    slug: &str,
    shown: &Entry,
    change: &EntryChange,
) -> Result<Person> {
    if change.text.trim().is_empty() {
        return Err(StoreError::Refused(
            "the note is empty (to remove the entry, delete it)".into(),
        ));
    }
    let via = change.via.trim();
    if via.is_empty() || via.contains(char::is_control) {
        return Err(StoreError::Refused(
            "`via` needs a word such as call, meeting, email, message, meal or note".into(),
        ));
    }
    let at = toml_edit::Datetime::from_str(&change.at.to_string())
        .map_err(|_| out_of_range(&change.at.to_string()))?;
    let ask = clean_list(&change.ask);
    let enabled = super::crypt::enabled(vault);
    let sealer = match change.private {
        true => super::crypt::recipients(vault)?,
        false => None,
    };
    let value = |s: &str| match &sealer {
        Some(to) => text_value(&super::crypt::seal(s, to)?),
        None => text_value(s),
    };
    let loaded = update(vault, slug, |cur| {
        let (raw, before) = still_there(&cur.person, shown)?;
        let locked_text = is_sealed(&before.text);
        let locked_ask = before.ask.iter().any(|a| is_sealed(a));
        // Sealed in the file but to be plain, or the other way round: the
        // words are rewritten even when they read the same.
        // (Only in a vault that encrypts: without recipients, sealed words
        // stay as they are until they change.)
        let want = sealer.is_some();
        let reseal_text = enabled && is_sealed(&raw.text) != want;
        let reseal_ask = enabled && raw.ask.iter().any(|a| is_sealed(a) != want);
        let mut doc = doc_of(&cur.text)?;
        let t = nth_table_mut(doc.as_table_mut(), "log", before.pos)
            .ok_or_else(|| changed_meanwhile(&cur.person, "log entries"))?;
        if change.at != before.at {
            set_keep_decor(t, "at", Value::from(at));
        }
        if via != before.via {
            set_keep_decor(t, "via", text_value(via)?);
        }
        // What an editor shows of a value is its lines: a CRLF file's
        // `\r`, a block's last newline and an ask that runs over two
        // lines are not changes, and the file keeps them as they are.
        let text_changed = same_lines(&change.text) != same_lines(&before.text);
        let ask_changed = lines_of(&ask) != lines_of(&before.ask);
        if (locked_text && (text_changed || reseal_text))
            || (locked_ask && (ask_changed || reseal_ask))
        {
            return Err(locked_refusal(&cur.person));
        }
        if text_changed || reseal_text {
            set_keep_decor(t, "text", value(&change.text)?);
        }
        let mut gone = Vec::new();
        if ask_changed || reseal_ask {
            if ask.is_empty() {
                gone.push("ask");
            } else if sealer.is_some() {
                let sealed: Vec<Value> = ask.iter().map(|a| value(a)).collect::<Result<_>>()?;
                let mut arr = toml_edit::Array::new();
                arr.extend(sealed);
                set_keep_decor(t, "ask", Value::Array(arr));
            } else {
                set_keep_decor(t, "ask", list_value(&ask)?);
            }
        }
        if change.private != before.private {
            if change.private {
                set_keep_decor(t, "private", Value::from(true));
            } else {
                gone.push("private");
            }
        }
        for key in gone {
            remove_key(&mut doc, Some(("log", before.pos)), key);
        }
        Ok(doc.to_string())
    })?;
    let mut person = loaded.person;
    super::crypt::open_person(&mut person);
    Ok(person)
}

/// Removes one log entry; comments written above it stay in the file.
/// Refused when that entry changed or moved since it was shown.
pub fn delete_entry(vault: &Vault, slug: &str, shown: &Entry) -> Result<Person> {
    let loaded = update(vault, slug, |cur| {
        let (before, _) = still_there(&cur.person, shown)?;
        let mut doc = doc_of(&cur.text)?;
        remove_nth(&mut doc, "log", before.pos)
            .ok_or_else(|| changed_meanwhile(&cur.person, "log entries"))?;
        Ok(doc.to_string())
    })?;
    let mut person = loaded.person;
    super::crypt::open_person(&mut person);
    Ok(person)
}

/// The todo numbered `shown.number`, if it is still `shown`.
fn todo_still_there<'a>(cur: &'a Person, shown: &Todo) -> Result<&'a Todo> {
    cur.todos
        .get(shown.number.wrapping_sub(1))
        .filter(|t| *t == shown)
        .ok_or_else(|| changed_meanwhile(cur, "todos"))
}

/// Changes a todo's text and due date. Refused when that todo changed or
/// moved since it was shown.
pub fn edit_todo(
    vault: &Vault,
    slug: &str,
    shown: &Todo,
    text: &str,
    due: Option<NaiveDate>,
) -> Result<Todo> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Refused(
            "the todo is empty (to remove it, delete it)".into(),
        ));
    }
    let due_value = due.map(date_value).transpose()?;
    let loaded = update(vault, slug, |cur| {
        let before = todo_still_there(&cur.person, shown)?;
        let mut doc = doc_of(&cur.text)?;
        let t = nth_table_mut(doc.as_table_mut(), "todo", before.number - 1)
            .ok_or_else(|| changed_meanwhile(&cur.person, "todos"))?;
        // The form shows a todo on one line: a hand-written block or
        // spacing that reads the same is not a change, and stays as it is.
        if text.split_whitespace().ne(before.text.split_whitespace()) {
            set_keep_decor(t, "text", text_value(text)?);
        }
        if due != before.due {
            match &due_value {
                Some(v) => set_keep_decor(t, "due", v.clone()),
                None => remove_key(&mut doc, Some(("todo", before.number - 1)), "due"),
            }
        }
        Ok(doc.to_string())
    })?;
    loaded
        .person
        .todos
        .get(shown.number - 1)
        .cloned()
        .ok_or_else(|| StoreError::Refused("the todo was not changed".into()))
}

/// Removes a todo; the todos after it move up one number. Refused when
/// that todo changed or moved since it was shown.
pub fn delete_todo(vault: &Vault, slug: &str, shown: &Todo) -> Result<Person> {
    let loaded = update(vault, slug, |cur| {
        let before = todo_still_there(&cur.person, shown)?;
        let mut doc = doc_of(&cur.text)?;
        remove_nth(&mut doc, "todo", before.number - 1)
            .ok_or_else(|| changed_meanwhile(&cur.person, "todos"))?;
        Ok(doc.to_string())
    })?;
    Ok(loaded.person)
}

/// The todo numbered `n` of a person as the file says now: what the CLI
/// names before it edits or deletes one.
pub fn todo_numbered(vault: &Vault, slug: &str, n: usize) -> Result<Todo> {
    let p = vault.read(slug)?.person;
    let count = p.todos.len();
    p.todos.get(n.wrapping_sub(1)).cloned().ok_or_else(|| {
        StoreError::Refused(match count {
            0 => format!("{} has no todos", p.name),
            1 => format!("{} has 1 todo; there is no todo {n}", p.name),
            _ => format!("{} has {count} todos; there is no todo {n}", p.name),
        })
    })
}

/// Removes entry `i` of `key`. Comment lines written just above its
/// header stay: toml_edit files them with the table below them, but they
/// may as well be about the entry above, and ties never drops a user's
/// words it was not asked to. They go to whatever follows in the file.
fn remove_nth(doc: &mut DocumentMut, key: &str, i: usize) -> Option<()> {
    let root = doc.as_table_mut();
    let mut left: Option<(String, Option<isize>)> = None;
    match root.get_mut(key)? {
        Item::ArrayOfTables(a) if i < a.len() => {
            let gone = a.get(i)?;
            let prefix = gone
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            let at = gone.position();
            a.remove(i);
            if prefix.contains('#') {
                match a.get_mut(i) {
                    Some(next) => prepend(next.decor_mut(), &prefix),
                    None => left = Some((prefix, at)),
                }
            }
            if a.is_empty() {
                root.remove(key);
            }
        }
        Item::Value(Value::Array(a)) if i < a.len() => {
            a.remove(i);
        }
        _ => return None,
    }
    if let Some((prefix, at)) = left {
        match next_table_after(doc.as_table_mut(), at) {
            Some(t) => prepend(t.decor_mut(), &prefix),
            None => {
                let end = doc.trailing().as_str().unwrap_or("").to_string();
                doc.set_trailing(format!("{prefix}{end}"));
            }
        }
    }
    Some(())
}

/// Removes `key` from a table of `doc` (the root, or entry `n` of the
/// array of tables `array`). A comment written on its line or above it
/// stays: above the key that followed, else above what follows the table,
/// else at the end of the file.
pub(super) fn remove_key(doc: &mut DocumentMut, at: Option<(&str, usize)>, key: &str) {
    // Where the table's header is in the file (inline tables have none).
    let pos = match at {
        None => Some(-1),
        Some((array, n)) => doc
            .get(array)
            .and_then(Item::as_array_of_tables)
            .and_then(|a| a.get(n))
            .and_then(toml_edit::Table::position),
    };
    let table = match at {
        None => Some(doc.as_table_mut() as &mut dyn toml_edit::TableLike),
        Some((array, n)) => nth_table_mut(doc.as_table_mut(), array, n),
    };
    let Some(t) = table else { return };
    let Some(i) = t.iter().position(|(k, _)| k == key) else {
        return;
    };
    let mut comments = String::new();
    let above = t.key(key).and_then(|k| k.leaf_decor().prefix());
    for line in above.and_then(|p| p.as_str()).unwrap_or("").lines() {
        if line.trim_start().starts_with('#') {
            comments.push_str(line.trim());
            comments.push('\n');
        }
    }
    let after = t
        .get(key)
        .and_then(|v| v.as_value())
        .and_then(|v| v.decor().suffix());
    if let Some(c) = after
        .and_then(|s| s.as_str())
        .and_then(|s| s.find('#').map(|at| &s[at..]))
    {
        comments.push_str(c.trim());
        comments.push('\n');
    }
    t.remove(key);
    if comments.is_empty() {
        return;
    }
    if let Some((mut next, _)) = t.iter_mut().nth(i) {
        prepend(next.leaf_decor_mut(), &comments);
        return;
    }
    match next_table_after(doc.as_table_mut(), pos) {
        Some(next) => prepend(next.decor_mut(), &comments),
        None => {
            let end = doc.trailing().as_str().unwrap_or("").to_string();
            doc.set_trailing(format!("{end}{comments}"));
        }
    }
}

/// Puts `text` before what a table's header already has above it.
fn prepend(decor: &mut toml_edit::Decor, text: &str) {
    let had = decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    decor.set_prefix(format!("{text}{had}"));
}

/// The table whose header comes first after position `at` in the file.
fn next_table_after(
    root: &mut toml_edit::Table,
    at: Option<isize>,
) -> Option<&mut toml_edit::Table> {
    let at = at?;
    root.iter_mut()
        .flat_map(|(_, item)| match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(a) => a.iter_mut().collect(),
            _ => Vec::new(),
        })
        .filter(|t| t.position().is_some_and(|p| p > at))
        .min_by_key(|t| t.position())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A file written by hand: comments everywhere, odd spacing, unknown
    /// keys, entries out of time order.
    const FILE: &str = r#"# Bo, met at the 2024 offsite
name = "Bo"   # goes by Bo
org = "Acme"

[[todo]]   # from the offsite
text = "send the deck"
due = 2026-12-01  # before the board
done = false

[[todo]]
text = "intro to @cy"

# the first call
[[log]]
at = 2026-11-10T09:00:00Z
via   = "call"     # on the phone
text  = "Talked budgets."
mood = "good"      # my own key

# an older meeting, added later
[[log]]
at = 2026-10-01
via = "meeting"
text = """
Lunch.
Kids: two.
"""
ask = ["how was the trip"]   # for next time
private = true

[[log]]
at = 2026-11-20
via = "email"
text = "Sent notes"
# trailing comment
"#;

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path().join("v")).unwrap();
        fs::write(vault.file_of("bo"), FILE).unwrap();
        (dir, vault)
    }

    fn on_disk(v: &Vault) -> String {
        fs::read_to_string(v.file_of("bo")).unwrap()
    }

    fn entry_at(v: &Vault, pos: usize) -> Entry {
        let p = v.read("bo").unwrap().person;
        p.log.into_iter().find(|e| e.pos == pos).unwrap()
    }

    #[test]
    fn editing_an_entry_changes_only_its_changed_values() {
        let (_d, v) = vault();
        let shown = entry_at(&v, 0);
        let mut change = EntryChange::of(&shown);
        change.text = "Talked budgets and hiring.".into();
        change.private = true;
        edit_entry(&v, "bo", &shown, &change).unwrap();
        let want = FILE
            .replace(
                "text  = \"Talked budgets.\"",
                "text  = \"Talked budgets and hiring.\"",
            )
            .replace(
                "mood = \"good\"      # my own key\n",
                "mood = \"good\"      # my own key\nprivate = true\n",
            );
        assert_eq!(on_disk(&v), want);
    }

    #[test]
    fn an_entry_edit_moves_it_in_time_and_drops_asks_keeping_their_comment() {
        let (_d, v) = vault();
        let shown = entry_at(&v, 1);
        let mut change = EntryChange::of(&shown);
        change.ask.clear();
        change.private = false;
        change.via = "meal".into();
        change.at = When::parse("2026-10-02").unwrap();
        edit_entry(&v, "bo", &shown, &change).unwrap();
        let want = FILE
            .replace(
                "at = 2026-10-01\nvia = \"meeting\"",
                "at = 2026-10-02\nvia = \"meal\"",
            )
            // The values go; the comment written on the ask's line stays.
            .replace(
                "ask = [\"how was the trip\"]   # for next time\nprivate = true\n",
                "# for next time\n",
            );
        assert_eq!(on_disk(&v), want);
        let e = entry_at(&v, 1);
        assert_eq!(
            e.text, "Lunch.\nKids: two.\n",
            "the block text is untouched"
        );
    }

    #[test]
    fn an_unchanged_edit_leaves_every_byte() {
        let (_d, v) = vault();
        let shown = entry_at(&v, 2);
        edit_entry(&v, "bo", &shown, &EntryChange::of(&shown)).unwrap();
        assert_eq!(on_disk(&v), FILE);
    }

    #[test]
    fn deleting_an_entry_removes_it_and_keeps_every_comment() {
        let (_d, v) = vault();
        let shown = entry_at(&v, 1);
        let p = delete_entry(&v, "bo", &shown).unwrap();
        assert_eq!(p.log.len(), 2);
        // The entry's lines go; the comment written above it stays (it may
        // be about the entry before), with the blank line that was there.
        let start = FILE.find("[[log]]\nat = 2026-10-01").unwrap();
        let end = FILE.find("[[log]]\nat = 2026-11-20").unwrap();
        let want = format!("{}\n{}", &FILE[..start], &FILE[end..]);
        assert_eq!(on_disk(&v), want);
    }

    #[test]
    fn a_stale_entry_is_refused_and_nothing_is_written() {
        let (_d, v) = vault();
        let shown = entry_at(&v, 0);
        // A sync puts another entry first in the file meanwhile.
        let moved = FILE.replacen(
            "# the first call",
            "[[log]]\nat = 2026-09-01\nvia = \"call\"\ntext = \"from the laptop\"\n\n# the first call",
            1,
        );
        fs::write(v.file_of("bo"), &moved).unwrap();
        let err = delete_entry(&v, "bo", &shown).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        let mut change = EntryChange::of(&shown);
        change.text = "x".into();
        assert!(edit_entry(&v, "bo", &shown, &change).is_err());
        assert_eq!(on_disk(&v), moved);
    }

    #[test]
    fn a_due_date_changed_alone_leaves_a_hand_written_todo_text_as_it_is() {
        let text = "name = \"Bo\"\n\n[[todo]]\ntext = \"\"\"\nsend deck\nto Ana\n\"\"\"\n";
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path().join("v")).unwrap();
        fs::write(v.file_of("bo"), text).unwrap();
        let shown = v.read("bo").unwrap().person.todos[0].clone();
        // The form shows it on one line, trimmed.
        let d = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        edit_todo(&v, "bo", &shown, "send deck to Ana", Some(d)).unwrap();
        assert_eq!(on_disk(&v), format!("{text}due = 2026-12-24\n"));
    }

    #[test]
    fn editing_and_deleting_todos_keep_the_rest() {
        let (_d, v) = vault();
        let p = v.read("bo").unwrap().person;
        let t = edit_todo(&v, "bo", &p.todos[0], "send the new deck", None).unwrap();
        assert_eq!((t.text.as_str(), t.due), ("send the new deck", None));
        // The due date goes; the comment on its line stays.
        let want = FILE.replace(
            "text = \"send the deck\"\ndue = 2026-12-01  # before the board\n",
            "text = \"send the new deck\"\n# before the board\n",
        );
        assert_eq!(on_disk(&v), want);
        let p = v.read("bo").unwrap().person;
        let d = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        edit_todo(&v, "bo", &p.todos[1], "intro to @cy", Some(d)).unwrap();
        let want = want.replace(
            "text = \"intro to @cy\"\n",
            "text = \"intro to @cy\"\ndue = 2026-12-24\n",
        );
        assert_eq!(on_disk(&v), want);
        let p = v.read("bo").unwrap().person;
        let left = delete_todo(&v, "bo", &p.todos[0]).unwrap();
        assert_eq!(left.todos.len(), 1);
        assert_eq!(
            (left.todos[0].number, left.todos[0].text.as_str()),
            (1, "intro to @cy")
        );
        let start = want.find("[[todo]]   #").unwrap();
        let end = want.find("[[todo]]\ntext = \"intro").unwrap();
        assert_eq!(on_disk(&v), format!("{}{}", &want[..start], &want[end..]));
    }

    #[test]
    fn a_stale_todo_is_refused() {
        let (_d, v) = vault();
        let p = v.read("bo").unwrap().person;
        // Someone marks it done by hand meanwhile.
        let changed = FILE.replacen("done = false", "done = true", 1);
        fs::write(v.file_of("bo"), &changed).unwrap();
        assert!(delete_todo(&v, "bo", &p.todos[0]).is_err());
        assert!(edit_todo(&v, "bo", &p.todos[0], "x", None).is_err());
        assert_eq!(on_disk(&v), changed);
    }

    #[test]
    fn inline_lists_of_entries_are_edited_too() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path().join("v")).unwrap();
        let text = "name = \"Cy\"\nlog = [{ at = 2026-01-01, text = \"a\" }, { at = 2026-02-01, text = \"b\" }] # both\n";
        fs::write(v.file_of("cy"), text).unwrap();
        let p = v.read("cy").unwrap().person;
        delete_entry(&v, "cy", &p.log[0]).unwrap();
        let p = v.read("cy").unwrap().person;
        assert_eq!(p.log.len(), 1);
        assert_eq!(p.log[0].text, "b");
        let mut c = EntryChange::of(&p.log[0]);
        c.text = "bee".into();
        edit_entry(&v, "cy", &p.log[0], &c).unwrap();
        assert_eq!(v.read("cy").unwrap().person.log[0].text, "bee");
        assert!(
            fs::read_to_string(v.file_of("cy"))
                .unwrap()
                .ends_with("] # both\n")
        );
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(
            first_words("Talked  budgets\nand more", 40),
            "Talked budgets and more"
        );
        assert_eq!(
            first_words("Talked budgets and hiring plans", 20),
            "Talked budgets and…"
        );
    }

    /// A vault that encrypts for a key no machine here holds: its private
    /// entries are locked wherever this test runs.
    fn locked_vault() -> (tempfile::TempDir, Vault) {
        let (dir, v) = vault();
        let nobody = age::x25519::Identity::generate().to_public().to_string();
        fs::write(v.root().join("recipients.txt"), format!("{nobody}\n")).unwrap();
        assert_eq!(super::super::seal::seal_existing(&v).unwrap(), ["bo"]);
        (dir, v)
    }

    #[test]
    fn a_locked_entry_keeps_its_sealed_words_through_other_changes_and_refuses_new_ones() {
        let (_d, v) = locked_vault();
        let sealed = on_disk(&v);
        assert!(!sealed.contains("Kids: two") && !sealed.contains("how was the trip"));
        let shown = entry_at(&v, 1);
        assert!(shown.is_locked());
        assert_eq!(shown.shown_text(), crate::model::LOCKED);
        // Another value changes; the armored ones stay byte for byte.
        let mut change = EntryChange::of(&shown);
        change.via = "lunch".into();
        edit_entry(&v, "bo", &shown, &change).unwrap();
        let after = on_disk(&v);
        assert_eq!(
            after,
            sealed.replace("via = \"meeting\"", "via = \"lunch\"")
        );
        // New words for a value no key here opens: refused, file untouched.
        let shown = entry_at(&v, 1);
        let mut change = EntryChange::of(&shown);
        change.text = "guessed".into();
        let err = edit_entry(&v, "bo", &shown, &change)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no key on this machine opens it"), "{err}");
        assert_eq!(on_disk(&v), after);
        // Made not private: that would write its words plain, so refused too.
        let mut change = EntryChange::of(&shown);
        change.private = false;
        assert!(edit_entry(&v, "bo", &shown, &change).is_err());
        assert_eq!(on_disk(&v), after);
    }
}
