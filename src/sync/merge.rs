//! The three-way merge of one person file, for git's merge driver.
//!
//! The result is "ours" (the current side) with the other side's changes
//! applied, so its comments and layout stay. Log entries, dates and list
//! values (aka, email, phone, tags) merge as sets: an item added on either
//! side is kept, an item removed on one side (and untouched on the other) is
//! removed, an item on both sides appears once. Todos match by text, and one
//! marked done on either side is done. `[about]` merges key by key. A value
//! changed on one side only takes that side's value. Only a value both sides
//! changed differently is a conflict: it is left between git's markers.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// Keys whose values are lists of strings (a single string is a list of one).
const LISTS: [&str; 4] = ["aka", "email", "phone", "tags"];
/// Arrays of tables merged as sets of whole entries.
const SETS: [&str; 2] = ["log", "date"];

#[derive(Debug)]
pub struct Merged {
    pub text: String,
    /// The keys both sides changed differently (e.g. `org`, `about.family`).
    pub conflicts: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("the {side} version does not parse: {reason}")]
pub struct Unmergeable {
    pub side: &'static str,
    pub reason: String,
}

fn doc(side: &'static str, text: &str) -> Result<(DocumentMut, toml::Table), Unmergeable> {
    let err = |reason: String| Unmergeable { side, reason };
    if crate::store::parse::conflict_line(text).is_some() {
        return Err(err("it holds conflict markers".into()));
    }
    let d: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| err(e.message().to_string()))?;
    let t: toml::Table = toml::from_str(text).map_err(|e| err(e.message().to_string()))?;
    Ok((d, t))
}

/// Merges `ours` and `theirs`, both changed from `base`.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Unmergeable> {
    let (_, b) = doc("common ancestor", base)?;
    let (mut out, o) = doc("current", ours)?;
    let (theirs_doc, t) = doc("other", theirs)?;
    let mut conflicts: Vec<(String, Option<String>, Option<String>)> = Vec::new();

    // In ours' order, then theirs' new keys, then those only base had.
    let mut keys: Vec<String> = Vec::new();
    let ours_keys: Vec<String> = out.iter().map(|(k, _)| k.to_string()).collect();
    let theirs_keys: Vec<String> = theirs_doc.iter().map(|(k, _)| k.to_string()).collect();
    for k in ours_keys.iter().chain(theirs_keys.iter()).chain(b.keys()) {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    for k in &keys {
        let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
        if ov == tv {
            continue;
        }
        if LISTS.contains(&k.as_str()) {
            merge_list(&mut out, k, bv, ov, tv);
        } else if SETS.contains(&k.as_str()) {
            merge_set(&mut out, &theirs_doc, k, bv, ov, tv);
        } else if k == "todo" {
            merge_todos(&mut out, &theirs_doc, bv, ov, tv, &mut conflicts);
        } else if k == "about"
            && matches!(ov, Some(toml::Value::Table(_)) | None)
            && matches!(tv, Some(toml::Value::Table(_)) | None)
        {
            merge_about(&mut out, &theirs_doc, bv, ov, tv, &mut conflicts);
        } else if bv == ov {
            // Only theirs changed it.
            match theirs_doc.get(k) {
                Some(item) => {
                    out[k.as_str()] = item.clone();
                }
                None => {
                    out.remove(k);
                }
            }
        } else if bv == tv {
            // Only ours changed it: keep.
        } else {
            conflicts.push((k.clone(), render(ov, k), render(tv, k)));
            // A placeholder line, replaced by the conflict block below.
            out[k.as_str()] = toml_edit::value(sentinel(conflicts.len() - 1));
        }
    }
    let mut text = out.to_string();
    let names: Vec<String> = conflicts.iter().map(|c| c.0.clone()).collect();
    for (i, (_, ov, tv)) in conflicts.into_iter().enumerate() {
        text = mark_conflict(&text, &sentinel(i), ov, tv);
    }
    Ok(Merged {
        text,
        conflicts: names,
    })
}

fn sentinel(i: usize) -> String {
    format!("__ties_merge_conflict_{i}__")
}

/// `key = value` as it would be written, for one side of a conflict block.
fn render(v: Option<&toml::Value>, key: &str) -> Option<String> {
    let v = v?;
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let mut t = toml::Table::new();
    t.insert(leaf.to_string(), v.clone());
    toml::to_string(&t).ok().map(|s| s.trim_end().to_string())
}

/// Replaces the placeholder line with git's conflict markers around both sides.
fn mark_conflict(
    text: &str,
    sentinel: &str,
    ours: Option<String>,
    theirs: Option<String>,
) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if line.contains(sentinel) {
            out.push_str("<<<<<<< ours\n");
            if let Some(o) = &ours {
                out.push_str(o);
                out.push('\n');
            }
            out.push_str("=======\n");
            if let Some(t) = &theirs {
                out.push_str(t);
                out.push('\n');
            }
            out.push_str(">>>>>>> theirs\n");
        } else {
            out.push_str(line);
        }
    }
    out
}

fn as_list(v: Option<&toml::Value>) -> Vec<toml::Value> {
    match v {
        Some(toml::Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// Three-way set merge: ours' order, then theirs' additions.
fn set_merge(b: &[toml::Value], o: &[toml::Value], t: &[toml::Value]) -> Vec<toml::Value> {
    let mut out: Vec<toml::Value> = Vec::new();
    for x in o {
        // Kept unless theirs removed it (it was in base, and is not in theirs).
        let removed_by_theirs = b.contains(x) && !t.contains(x);
        if !removed_by_theirs && !out.contains(x) {
            out.push(x.clone());
        }
    }
    for x in t {
        if !o.contains(x) && !b.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

fn to_edit(v: &toml::Value) -> Value {
    // Round-trip through text: toml's value written, then read by toml_edit.
    let mut t = toml::Table::new();
    t.insert("v".into(), v.clone());
    let text = toml::to_string(&t).unwrap_or_default();
    text.parse::<DocumentMut>()
        .ok()
        .and_then(|d| d.get("v").and_then(|i| i.as_value()).cloned())
        .unwrap_or_else(|| Value::from(""))
}

fn merge_list(
    out: &mut DocumentMut,
    k: &str,
    b: Option<&toml::Value>,
    o: Option<&toml::Value>,
    t: Option<&toml::Value>,
) {
    let (bl, ol, tl) = (as_list(b), as_list(o), as_list(t));
    let merged = set_merge(&bl, &ol, &tl);
    if merged == ol {
        return;
    }
    if merged.is_empty() {
        out.remove(k);
        return;
    }
    let was_single = matches!(o, Some(v) if !v.is_array());
    let value = if merged.len() == 1
        && (was_single || o.is_none())
        && !matches!(t, Some(toml::Value::Array(_)))
    {
        to_edit(&merged[0])
    } else {
        let mut arr = toml_edit::Array::new();
        for x in &merged {
            arr.push(to_edit(x));
        }
        arr.fmt();
        Value::Array(arr)
    };
    match out.get_mut(k) {
        Some(Item::Value(v)) => {
            let decor = v.decor().clone();
            *v = value;
            *v.decor_mut() = decor;
        }
        _ => {
            out[k] = Item::Value(value);
        }
    }
}

/// Sort key for a log entry's `at`, so new entries land in time order.
fn time_key(v: &toml::Value) -> Option<chrono::NaiveDateTime> {
    let at = match v.get("at") {
        Some(toml::Value::Datetime(d)) => d.to_string(),
        Some(toml::Value::String(s)) => s.clone(),
        _ => return None,
    };
    crate::store::parse::parse_when(&at).map(|w| w.order_key())
}

/// The entries of an array of tables (or an inline array of tables).
fn entries(v: Option<&toml::Value>) -> Vec<toml::Value> {
    match v {
        Some(toml::Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    }
}

/// Tables of `theirs` as toml_edit tables, to copy their formatting over.
fn their_tables(theirs: &DocumentMut, k: &str) -> Vec<Table> {
    match theirs.get(k) {
        Some(Item::ArrayOfTables(a)) => a.iter().cloned().collect(),
        Some(Item::Value(Value::Array(a))) => a
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t.clone().into_table()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Ours' array of tables, made a real `[[k]]` array if it was inline or missing.
fn our_tables<'d>(out: &'d mut DocumentMut, k: &str) -> &'d mut ArrayOfTables {
    let convert = match out.get(k) {
        Some(Item::ArrayOfTables(_)) => None,
        Some(Item::Value(Value::Array(a))) => Some(
            a.iter()
                .filter_map(|v| v.as_inline_table().map(|t| t.clone().into_table()))
                .collect::<Vec<_>>(),
        ),
        _ => Some(Vec::new()),
    };
    if let Some(tables) = convert {
        let mut arr = ArrayOfTables::new();
        for t in tables {
            arr.push(t);
        }
        // A fresh key: the inline `log = [` key's spacing would end up inside `[[log ]]`.
        out.remove(k);
        out.insert(k, Item::ArrayOfTables(arr));
    }
    out[k].as_array_of_tables_mut().expect("just made")
}

fn table_value(t: &Table) -> Option<toml::Value> {
    toml::from_str::<toml::Table>(&t.to_string())
        .ok()
        .map(toml::Value::Table)
}

fn merge_set(
    out: &mut DocumentMut,
    theirs: &DocumentMut,
    k: &str,
    b: Option<&toml::Value>,
    o: Option<&toml::Value>,
    t: Option<&toml::Value>,
) {
    let (bl, ol, tl) = (entries(b), entries(o), entries(t));
    let their_tables = their_tables(theirs, k);
    let arr = our_tables(out, k);
    // Entries theirs removed.
    arr.retain(|tab| match table_value(tab) {
        Some(v) => !bl.contains(&v) || tl.contains(&v),
        None => true,
    });
    // Entries theirs added, in time order among ours.
    for (i, v) in tl.iter().enumerate() {
        if ol.contains(v) || bl.contains(v) {
            continue;
        }
        let Some(mut table) = their_tables.get(i).cloned() else {
            continue;
        };
        table.set_position(None);
        let key = time_key(v);
        let at = if k == "log" {
            (0..arr.len())
                .find(|&j| {
                    arr.get(j)
                        .and_then(table_value)
                        .is_some_and(|x| time_key(&x) > key)
                })
                .unwrap_or(arr.len())
        } else {
            arr.len()
        };
        arr.insert(at, table);
    }
    if arr.is_empty() {
        out.remove(k);
    }
}

fn text_of(v: &toml::Value) -> Option<&str> {
    v.get("text").and_then(|t| t.as_str())
}

type Conflicts = Vec<(String, Option<String>, Option<String>)>;

fn merge_todos(
    out: &mut DocumentMut,
    theirs: &DocumentMut,
    b: Option<&toml::Value>,
    o: Option<&toml::Value>,
    t: Option<&toml::Value>,
    conflicts: &mut Conflicts,
) {
    let (bl, ol, tl) = (entries(b), entries(o), entries(t));
    // A todo is known by its text and which occurrence of that text it is:
    // two "Send invoice" todos are two todos.
    let nth = |list: &[toml::Value], i: usize| -> usize {
        let text = text_of(&list[i]);
        list[..i].iter().filter(|x| text_of(x) == text).count()
    };
    let find = |list: &[toml::Value], text: Option<&str>, n: usize| -> Option<toml::Value> {
        list.iter().filter(|x| text_of(x) == text).nth(n).cloned()
    };
    let their_tables = their_tables(theirs, "todo");
    let arr = our_tables(out, "todo");
    let mut i = 0;
    // Position among ours as they were, for the occurrence count.
    let mut oi = 0;
    while i < arr.len() {
        let Some(ov) = arr.get(i).and_then(table_value) else {
            i += 1;
            oi += 1;
            continue;
        };
        let text = text_of(&ov);
        let n = if oi < ol.len() { nth(&ol, oi) } else { 0 };
        oi += 1;
        let bv = find(&bl, text, n);
        let tv = find(&tl, text, n);
        match tv {
            None if bv.as_ref() == Some(&ov) => {
                // Theirs removed a todo ours did not touch.
                arr.remove(i);
                continue;
            }
            None => {}
            Some(tv) => {
                let tab = arr.get_mut(i).expect("in range");
                let done =
                    |v: &toml::Value| v.get("done").and_then(|d| d.as_bool()).unwrap_or(false);
                if done(&tv) && !done(&ov) {
                    tab["done"] = toml_edit::value(true);
                }
                // Other fields (due, ...): three ways, key by key.
                let empty = toml::Value::Table(toml::Table::new());
                let bv = bv.unwrap_or(empty);
                let mut keys: Vec<String> = Vec::new();
                for x in [&ov, &tv, &bv] {
                    for k in x.as_table().into_iter().flat_map(|t| t.keys()) {
                        if k != "done" && k != "text" && !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    }
                }
                for key in keys {
                    let (b1, o1, t1) = (bv.get(&key), ov.get(&key), tv.get(&key));
                    if o1 == t1 || b1 == t1 {
                        continue;
                    }
                    if b1 == o1 {
                        match t1 {
                            Some(v) => tab[key.as_str()] = Item::Value(to_edit(v)),
                            None => {
                                tab.remove(&key);
                            }
                        }
                    } else {
                        let name = format!("todo.{key}");
                        conflicts.push((name.clone(), render(o1, &name), render(t1, &name)));
                        tab[key.as_str()] = toml_edit::value(sentinel(conflicts.len() - 1));
                    }
                }
            }
        }
        i += 1;
    }
    for (j, tv) in tl.iter().enumerate() {
        let text = text_of(tv);
        let n = nth(&tl, j);
        if find(&ol, text, n).is_some() || find(&bl, text, n).is_some() {
            continue;
        }
        if let Some(mut table) = their_tables.get(j).cloned() {
            table.set_position(None);
            arr.push(table);
        }
    }
    if arr.is_empty() {
        out.remove("todo");
    }
}

fn merge_about(
    out: &mut DocumentMut,
    theirs: &DocumentMut,
    b: Option<&toml::Value>,
    o: Option<&toml::Value>,
    t: Option<&toml::Value>,
    conflicts: &mut Conflicts,
) {
    let tab = |v: Option<&toml::Value>| v.and_then(|v| v.as_table()).cloned().unwrap_or_default();
    let (bt, ot, tt) = (tab(b), tab(o), tab(t));
    let mut keys: Vec<&String> = Vec::new();
    for k in ot.keys().chain(tt.keys()).chain(bt.keys()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    // Conflict markers need one key per line: an inline `about = {...}` or
    // dotted `about.x = ...` becomes a plain `[about]` table.
    let current = out.remove("about");
    let table = match current {
        Some(Item::Table(mut t)) => {
            t.set_dotted(false);
            t.set_implicit(false);
            t
        }
        Some(Item::Value(Value::InlineTable(t))) => t.into_table(),
        _ => Table::new(),
    };
    out.insert("about", Item::Table(table));
    let their_about = theirs.get("about").and_then(|i| i.as_table_like());
    for k in keys {
        let (bv, ov, tv) = (bt.get(k), ot.get(k), tt.get(k));
        if ov == tv || bv == tv {
            continue;
        }
        let about = out["about"].as_table_like_mut().expect("a table");
        if bv == ov {
            match their_about.and_then(|a| a.get(k)) {
                Some(item) => {
                    about.insert(k, item.clone());
                }
                None => {
                    about.remove(k);
                }
            }
        } else {
            let i = conflicts.len();
            let name = format!("about.{k}");
            conflicts.push((name.clone(), render(ov, &name), render(tv, &name)));
            about.insert(k, toml_edit::value(sentinel(i)));
        }
    }
    if out["about"].as_table_like().is_some_and(|t| t.is_empty()) && o.is_none() {
        out.remove("about");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"# Ana, from the Lisbon office
name = "Ana Lima"
org = "Example Corp"   # since 2021
tags = ["client", "old"]

[about]
family = "Partner João"

[[todo]]
text = "Send the report"
due = 2026-11-30

[[log]]
at = 2026-11-01T10:00:00-05:00
via = "call"
text = "First call."
"#;

    fn with(base: &str, extra: &str) -> String {
        format!("{base}{extra}")
    }

    fn parses(text: &str) -> crate::model::Person {
        crate::store::parse::parse("ana-lima", text.as_bytes())
            .expect("the merge parses")
            .1
    }

    #[test]
    fn notes_from_both_sides_are_kept_once_in_time_order() {
        let ours = with(
            BASE,
            "\n[[log]]\nat = 2026-11-20T09:00:00-05:00\nvia = \"call\"\ntext = \"Ours, later.\"\n",
        );
        let theirs = with(
            BASE,
            "\n[[log]]\nat = 2026-11-10T09:00:00-05:00\nvia = \"email\"\ntext = \"Theirs, earlier.\"\n",
        );
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        let p = parses(&m.text);
        let texts: Vec<&str> = p.log.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["First call.", "Theirs, earlier.", "Ours, later."]);
        // The file itself is in time order, and ours' comments stay.
        let a = m.text.find("Theirs, earlier.").unwrap();
        let b = m.text.find("Ours, later.").unwrap();
        assert!(a < b, "{}", m.text);
        assert!(
            m.text.starts_with("# Ana, from the Lisbon office\n"),
            "{}",
            m.text
        );
        assert!(
            m.text.contains("org = \"Example Corp\"   # since 2021"),
            "{}",
            m.text
        );
        // The same note on both sides appears once.
        let m = merge(BASE, &ours, &ours).unwrap();
        assert_eq!(parses(&m.text).log.len(), 2);
    }

    #[test]
    fn a_change_on_one_side_wins_and_lists_merge_as_sets() {
        let ours = BASE
            .replace("org = \"Example Corp\"", "org = \"Example Health\"")
            .replace("[\"client\", \"old\"]", "[\"client\", \"old\", \"vip\"]");
        let theirs = BASE
            .replace("[\"client\", \"old\"]", "[\"client\", \"board\"]")
            .replace(
                "family = \"Partner João\"",
                "family = \"Partner João\"\nworries = \"budget\"",
            )
            + "\n[[log]]\nat = 2026-11-21\nvia = \"note\"\ntext = \"Theirs.\"\n";
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let p = parses(&m.text);
        assert_eq!(p.org.as_deref(), Some("Example Health"));
        assert_eq!(
            p.tags,
            ["client", "vip", "board"],
            "old was removed by theirs"
        );
        assert_eq!(p.about.len(), 2);
        assert_eq!(p.log.len(), 2);
    }

    #[test]
    fn todos_match_by_text_and_done_on_either_side_is_done() {
        let ours = BASE.to_string() + "\n[[todo]]\ntext = \"Call Ravi\"\n";
        let theirs = BASE.replace("due = 2026-11-30", "due = 2026-11-30\ndone = true")
            + "\n[[todo]]\ntext = \"Book dinner\"\n";
        let m = merge(BASE, &ours, &theirs).unwrap();
        let p = parses(&m.text);
        let todos: Vec<(&str, bool)> = p.todos.iter().map(|t| (t.text.as_str(), t.done)).collect();
        assert_eq!(
            todos,
            [
                ("Send the report", true),
                ("Call Ravi", false),
                ("Book dinner", false)
            ]
        );
    }

    #[test]
    fn both_changing_one_value_is_a_conflict_that_keeps_everything_else() {
        let ours = BASE.replace("org = \"Example Corp\"", "org = \"Ours Inc\"")
            + "\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Ours note.\"\n";
        let theirs = BASE
            .replace("org = \"Example Corp\"", "org = \"Theirs Ltd\"")
            .replace("Partner João", "Husband João")
            + "\n[[log]]\nat = 2026-11-21\nvia = \"call\"\ntext = \"Theirs note.\"\n";
        let ours = ours.replace("Partner João", "Wife João");
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, ["org", "about.family"]);
        assert!(
            m.text.contains(
                "<<<<<<< ours\norg = \"Ours Inc\"\n=======\norg = \"Theirs Ltd\"\n>>>>>>> theirs\n"
            ),
            "{}",
            m.text
        );
        assert!(m.text.contains("Ours note.") && m.text.contains("Theirs note."));
        // Resolving the markers by hand gives a file that parses.
        let resolved = m
            .text
            .replace("<<<<<<< ours\norg = \"Ours Inc\"\n=======\norg = \"Theirs Ltd\"\n>>>>>>> theirs\n", "org = \"Ours Inc\"\n")
            .replace("<<<<<<< ours\nfamily = \"Wife João\"\n=======\nfamily = \"Husband João\"\n>>>>>>> theirs\n", "family = \"João\"\n");
        assert_eq!(parses(&resolved).log.len(), 3);
    }

    #[test]
    fn a_side_that_does_not_parse_is_refused() {
        assert!(merge(BASE, "name = [", BASE).is_err());
        assert!(merge(BASE, BASE, "<<<<<<< x\n").is_err());
    }

    #[test]
    fn todos_with_the_same_text_are_different_todos() {
        let base = BASE.replace("due = 2026-11-30", "due = 2026-11-30\ndone = true");
        let ours = base.clone() + "\n[[todo]]\ntext = \"Send the report\"\ndue = 2026-12-31\n";
        let theirs = base.clone() + "\n[[log]]\nat = 2026-11-21\nvia = \"call\"\ntext = \"x\"\n";
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let p = parses(&merge(&base, a, b).unwrap().text);
            let todos: Vec<bool> = p.todos.iter().map(|t| t.done).collect();
            assert_eq!(todos, [true, false], "the new todo stays open");
        }
    }

    #[test]
    fn inline_and_dotted_tables_merge_and_conflict_cleanly() {
        let base = "name = \"Ana\"\nabout = { family = \"Partner\", work = \"Budget owner\" }\nlog = [{ at = 2026-11-01, via = \"call\", text = \"a\" }]\n";
        let ours = base.replace("Partner", "Wife");
        let theirs = base.replace("Partner", "Husband").replace(
            "text = \"a\" }]",
            "text = \"a\" }, { at = 2026-11-02, via = \"call\", text = \"b\" }]",
        );
        let m = merge(base, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, ["about.family"]);
        assert!(m.text.contains("[[log]]"), "{}", m.text);
        assert!(!m.text.contains("[[log ]]"), "{}", m.text);
        let resolved: String = m
            .text
            .lines()
            .filter(|l| {
                !l.starts_with("<<<<<<<")
                    && !l.starts_with("=======")
                    && !l.starts_with(">>>>>>>")
                    && !l.contains("Husband")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let p = parses(&resolved);
        assert_eq!(
            p.about,
            [
                ("family".to_string(), "Wife".to_string()),
                ("work".to_string(), "Budget owner".to_string())
            ]
        );
        assert_eq!(p.log.len(), 2);
        // Dotted keys: the same.
        let base = "name = \"Ana\"\nabout.family = \"Partner\"\nabout.work = \"Budget\"\n";
        let m = merge(
            base,
            &base.replace("Partner", "Wife"),
            &base.replace("Partner", "Husband"),
        )
        .unwrap();
        assert!(m.text.contains("[about]"), "{}", m.text);
        assert!(m.text.contains("work = \"Budget\""), "{}", m.text);
    }

    #[test]
    fn todo_fields_merge_three_ways() {
        // Theirs drops the due date, ours leaves it: dropped.
        let theirs = BASE.replace("due = 2026-11-30\n", "");
        let m = merge(BASE, BASE, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        assert_eq!(parses(&m.text).todos[0].due, None);
        // Both move it, differently: a conflict, inside the todo.
        let ours = BASE.replace("due = 2026-11-30", "due = 2026-12-01");
        let theirs = BASE.replace("due = 2026-11-30", "due = 2026-12-05");
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, ["todo.due"]);
        assert!(
            m.text.contains(
                "<<<<<<< ours\ndue = 2026-12-01\n=======\ndue = 2026-12-05\n>>>>>>> theirs"
            ),
            "{}",
            m.text
        );
    }
}
