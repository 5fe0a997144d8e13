//! The three-way merge of one person file, for git's merge driver.
//!
//! The result is "ours" (the current side) with the other side's changes
//! applied, so its comments and layout stay. Log entries, dates, intros and list
//! values (aka, email, phone, tags) merge as sets: an item added on either
//! side is kept, an item removed on one side (and untouched on the other) is
//! removed, an item on both sides appears once. Todos match by text, and one
//! marked done on either side is done. Tables (`[about]`, `[social]`, their
//! subtables and dotted keys) merge key by key, down to single values. A
//! value changed on one side only takes that side's value. Only a value both
//! sides changed differently is a conflict: its key line alone, in its own
//! table and spelled as the file spells it, is left between git's markers,
//! so keeping either half (and deleting the other and the markers) leaves a
//! file that parses with every other change in place.
//!
//! Linear in the size of the files: entries are matched through hash sets.
//!
//! Encrypted values are compared by their words where this machine's keys
//! open them ([`merge_opened`], see `armor`): two seals of the same words
//! are one value, written with one armor.

mod armor;

use std::collections::{HashMap, HashSet};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

/// Keys whose values are lists of strings (a single string is a list of one).
const LISTS: [&str; 4] = ["aka", "email", "phone", "tags"];
/// Keys an import writes (`url = [...]`): merged as lists when every side
/// holds text or a list of text, else as the user's own value.
const TEXT_LISTS: [&str; 1] = ["url"];
/// Arrays of tables merged as sets of whole entries.
const SETS: [&str; 4] = ["log", "date", "intro", "address"];

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

fn table(side: &'static str, text: &str) -> Result<toml::Table, Unmergeable> {
    toml::from_str(text).map_err(|e: toml::de::Error| Unmergeable {
        side,
        reason: e.message().to_string(),
    })
}

fn doc(side: &'static str, text: &str) -> Result<(DocumentMut, toml::Table), Unmergeable> {
    let d: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Unmergeable {
            side,
            reason: e.message().to_string(),
        })?;
    Ok((d, table(side, text)?))
}

/// [`merge`], with sealed values that `open` opens to the same words in the
/// same place taken as one value (written as one armor, never as words).
/// Without keys (`open` opens nothing) it is [`merge`].
pub fn merge_opened(
    base: &str,
    ours: &str,
    theirs: &str,
    open: armor::Open,
) -> Result<Merged, Unmergeable> {
    match armor::same_words(base, ours, theirs, open) {
        Some((b, o, t)) => merge(&b, &o, &t),
        None => merge(base, ours, theirs),
    }
}

/// Merges `ours` and `theirs`, both changed from `base`. A side that is not
/// TOML (conflict markers outside strings included) is refused.
/// The merge by lines, when git's own kind of merge is clean and means
/// exactly what the merge by values found: it keeps what a merge by values
/// cannot see, a comment or a blank line one side added (a comment is the
/// user's words too). Anything else, a conflict included, stays as merged.
fn keep_both_layouts(base: &str, ours: &str, theirs: &str, merged: Merged) -> Merged {
    // A line diff costs the product of a file's length and how much of it
    // changed (a re-encryption changes every armored line): beyond a few
    // thousand lines the merge by values alone, which stays linear.
    const MOST_LINES: usize = 5_000;
    if !merged.conflicts.is_empty()
        || [base, ours, theirs]
            .iter()
            .any(|t| memchr::memchr_iter(b'\n', t.as_bytes()).count() > MOST_LINES)
    {
        return merged;
    }
    let lines = match diffy::merge(base, ours, theirs) {
        Ok(lines) => lines,
        // Both sides added lines at the same place (most often both at the
        // end): both, ours first, as the merge by values orders entries.
        Err(conflicted) => match both_insertions(&conflicted, [base, ours, theirs]) {
            Some(lines) => lines,
            None => return merged,
        },
    };
    let same = match (
        toml::from_str::<toml::Table>(&lines),
        toml::from_str::<toml::Table>(&merged.text),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        Merged {
            text: lines,
            conflicts: Vec::new(),
        }
    } else {
        merged
    }
}

/// A line merge's conflicts resolved where each is only lines both sides
/// inserted at one place (nothing of the ancestor's replaced): ours, then
/// theirs. `None` when a conflict replaced lines, or an input holds a line
/// that looks like a marker (the markers could not be told apart).
fn both_insertions(conflicted: &str, inputs: [&str; 3]) -> Option<String> {
    const MARKS: [&str; 4] = ["<<<<<<<", "|||||||", "=======", ">>>>>>>"];
    if inputs
        .iter()
        .any(|t| t.lines().any(|l| MARKS.iter().any(|m| l.starts_with(m))))
    {
        return None;
    }
    let mut out = String::with_capacity(conflicted.len());
    let (mut ours, mut original, mut theirs) = (String::new(), String::new(), String::new());
    #[derive(PartialEq)]
    enum In {
        Text,
        Ours,
        Original,
        Theirs,
    }
    let mut at = In::Text;
    for line in conflicted.split_inclusive('\n') {
        let mark = MARKS.iter().position(|m| line.starts_with(m));
        match (&at, mark) {
            (In::Text, Some(0)) => at = In::Ours,
            (In::Ours, Some(1)) => at = In::Original,
            (In::Ours | In::Original, Some(2)) => at = In::Theirs,
            (In::Theirs, Some(3)) => {
                if !original.trim().is_empty() {
                    return None;
                }
                out.push_str(&ours);
                if !ours.is_empty() && !ours.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&theirs);
                (ours, original, theirs) = (String::new(), String::new(), String::new());
                at = In::Text;
            }
            (_, Some(_)) => return None,
            (In::Text, None) => out.push_str(line),
            (In::Ours, None) => ours.push_str(line),
            (In::Original, None) => original.push_str(line),
            (In::Theirs, None) => theirs.push_str(line),
        }
    }
    (at == In::Text).then_some(out)
}

pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Unmergeable> {
    let b = table("common ancestor", base)?;
    let (ours_doc, o) = doc("current", ours)?;
    let (theirs_doc, t) = doc("other", theirs)?;
    let mut fresh = Some(ours_doc);
    // Placeholders are a token no input holds, so no user text can be taken
    // for one; checked again on the result, where strings may be re-escaped.
    for n in 0..64 {
        let prefix = format!("__ties_merge_conflict_{n}_");
        if [base, ours, theirs].iter().any(|s| s.contains(&prefix)) {
            continue;
        }
        let mut out = match fresh.take() {
            Some(d) => d,
            None => doc("current", ours)?.0,
        };
        let mut m = Merger {
            prefix,
            conflicts: Vec::new(),
            broken: None,
        };
        m.root(&mut out, &theirs_doc, &b, &o, &t);
        if let Some(reason) = m.broken {
            return Err(Unmergeable {
                side: "current",
                reason,
            });
        }
        let text = out.to_string();
        if text.matches(&m.prefix).count() == m.conflicts.len() {
            return Ok(keep_both_layouts(base, ours, theirs, m.finish(&text)));
        }
    }
    Err(Unmergeable {
        side: "current",
        reason: "no conflict placeholder is free in these files".into(),
    })
}

/// One key both sides changed differently: each side's value as written.
struct Conflict {
    name: String,
    ours: Option<String>,
    theirs: Option<String>,
    /// Comments at the end of either side's line, kept above the block.
    comments: Vec<String>,
}

struct Merger {
    prefix: String,
    conflicts: Vec<Conflict>,
    /// Set when ours' document and values disagree: merge line by line.
    broken: Option<String>,
}

/// Whether an `archived` value says archived (a date, or `true`).
fn archived(v: Option<&toml::Value>) -> bool {
    v.is_some_and(|v| v.as_bool() != Some(false))
}

fn is_table_or_none(v: Option<&toml::Value>) -> bool {
    v.is_none_or(|v| v.is_table())
}

/// An array of tables (`[[log]]` or `log = [{...}]`), or nothing.
fn is_tables_or_none(v: Option<&toml::Value>) -> bool {
    match v {
        None => true,
        Some(toml::Value::Array(a)) => a.iter().all(|x| x.is_table()),
        _ => false,
    }
}

/// Keys of ours in ours' order, then theirs' new keys.
fn keys_of(ours: &dyn TableLike, theirs: Option<&dyn TableLike>, skip: &[&str]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut keys = Vec::new();
    let theirs_keys = theirs.into_iter().flat_map(|t| t.iter().map(|(k, _)| k));
    for k in ours.iter().map(|(k, _)| k).chain(theirs_keys) {
        if !skip.contains(&k) && seen.insert(k.to_string()) {
            keys.push(k.to_string());
        }
    }
    keys
}

/// Tables copied from theirs follow the tables before them in ours, rather
/// than keep positions that number theirs' file.
fn detach(item: &mut Item) {
    match item {
        Item::Table(t) => {
            t.set_position(None);
            for (_, v) in t.iter_mut() {
                detach(v);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(None);
                for (_, v) in t.iter_mut() {
                    detach(v);
                }
            }
        }
        _ => {}
    }
}

impl Merger {
    fn token(&self, i: usize) -> String {
        format!("{}{i}__", self.prefix)
    }

    fn root(
        &mut self,
        out: &mut DocumentMut,
        theirs: &DocumentMut,
        b: &toml::Table,
        o: &toml::Table,
        t: &toml::Table,
    ) {
        for k in keys_of(out.as_table(), Some(theirs.as_table()), &[]) {
            let (bv, ov, tv) = (b.get(&k), o.get(&k), t.get(&k));
            if ov == tv {
                continue;
            }
            let tables = [bv, ov, tv].into_iter().all(is_tables_or_none);
            let text = |v: Option<&toml::Value>| match v {
                Some(toml::Value::Array(a)) => a.iter().all(toml::Value::is_str),
                Some(v) => v.is_str(),
                None => true,
            };
            let text_list = TEXT_LISTS.contains(&k.as_str()) && [bv, ov, tv].into_iter().all(text);
            if LISTS.contains(&k.as_str()) || text_list {
                merge_list(out, &k, bv, ov, tv);
            } else if SETS.contains(&k.as_str()) && tables {
                self.merge_set(out, theirs, &k, bv, ov, tv);
            } else if k == "todo" && tables {
                self.merge_todos(out, theirs, bv, ov, tv);
            } else if k == "archived" && bv != ov && bv != tv && archived(ov) && archived(tv) {
                // Archived on both machines, on different days: archived,
                // since the earlier day (a date over a bare `true`). When
                // only one side changed it, that change is taken as usual.
                let day = |v: Option<&toml::Value>| {
                    v.and_then(|v| {
                        // Written by hand as text ("2026-11-20") too, as read.
                        v.as_datetime()
                            .map(|d| d.to_string())
                            .or_else(|| v.as_str().map(|s| s.trim().to_string()))
                    })
                };
                let theirs_first = match (day(ov), day(tv)) {
                    (Some(o), Some(t)) => t < o,
                    (None, t) => t.is_some(),
                    (Some(_), None) => false,
                };
                if theirs_first {
                    take_theirs(out.as_table_mut(), Some(theirs.as_table()), &k);
                }
            } else {
                if k == "about"
                    && bv != ov
                    && bv != tv
                    && [bv, ov, tv].into_iter().all(is_table_or_none)
                {
                    plain_about(out);
                }
                let theirs: &dyn TableLike = theirs.as_table();
                self.merge_key(out.as_table_mut(), Some(theirs), &k, bv, ov, tv, &k);
            }
        }
    }

    /// The three-way merge of one key of a table.
    #[allow(clippy::too_many_arguments)]
    fn merge_key(
        &mut self,
        out: &mut Table,
        theirs: Option<&dyn TableLike>,
        k: &str,
        bv: Option<&toml::Value>,
        ov: Option<&toml::Value>,
        tv: Option<&toml::Value>,
        name: &str,
    ) {
        if ov == tv || bv == tv {
            return;
        }
        if bv == ov {
            take_theirs(out, theirs, k);
            return;
        }
        if [bv, ov, tv].into_iter().all(is_table_or_none) {
            // Both changed the table: key by key, inside it.
            let sub_theirs = theirs
                .and_then(|t| t.get(k))
                .and_then(|i| i.as_table_like());
            let empty = toml::Table::new();
            let tab = |v| table_or(v, &empty);
            if let Some(sub) = table_at(out, theirs, k) {
                self.merge_table(sub, sub_theirs, tab(bv), tab(ov), tab(tv), name, &[]);
                if ov.is_none() && sub.is_empty() {
                    out.remove(k);
                }
                return;
            }
        }
        self.conflict(out, theirs, k, ov, tv, name);
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_table(
        &mut self,
        out: &mut Table,
        theirs: Option<&dyn TableLike>,
        b: &toml::Table,
        o: &toml::Table,
        t: &toml::Table,
        path: &str,
        skip: &[&str],
    ) {
        for k in keys_of(&*out, theirs, skip) {
            let name = format!("{path}.{k}");
            self.merge_key(out, theirs, &k, b.get(&k), o.get(&k), t.get(&k), &name);
        }
    }

    /// Puts a placeholder where the key's line goes, replaced by the block.
    fn conflict(
        &mut self,
        out: &mut Table,
        theirs: Option<&dyn TableLike>,
        k: &str,
        ov: Option<&toml::Value>,
        tv: Option<&toml::Value>,
        name: &str,
    ) {
        let their_item = theirs.and_then(|t| t.get(k));
        let mut comments = Vec::new();
        for item in [out.get(k), their_item] {
            if let Some(c) = item.and_then(trailing_comment)
                && !comments.contains(&c)
            {
                comments.push(c);
            }
        }
        let conflict = Conflict {
            name: name.to_string(),
            ours: ov.map(|v| half(out.get(k), v)),
            theirs: tv.map(|v| half(their_item, v)),
            comments,
        };
        let placeholder = Item::Value(Value::from(self.token(self.conflicts.len())));
        self.conflicts.push(conflict);
        match out.get_mut(k) {
            Some(slot) => *slot = placeholder,
            None => match theirs.and_then(|t| t.get_key_value(k)) {
                Some((key, _)) => {
                    out.insert_formatted(&tidy_key(key), placeholder);
                }
                None => {
                    out.insert(k, placeholder);
                }
            },
        }
    }

    /// The text with each placeholder line replaced by a conflict block.
    fn finish(self, text: &str) -> Merged {
        let mut out = String::with_capacity(text.len() + 200 * self.conflicts.len());
        for line in text.split_inclusive('\n') {
            let Some(at) = line.find(&self.prefix) else {
                out.push_str(line);
                continue;
            };
            let rest = &line[at + self.prefix.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let Some(c) = rest[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|i| self.conflicts.get(i))
            else {
                out.push_str(line);
                continue;
            };
            // `key = "token"`: what precedes the opening quote is the key.
            let start = if line[..at].ends_with('"') {
                at - 1
            } else {
                at
            };
            let mut end = at + self.prefix.len() + digits + "__".len();
            if line[end..].starts_with('"') {
                end += 1;
            }
            let before = &line[..start];
            let after = line[end..].trim_end_matches(['\n', '\r']);
            let indent = &before[..before.len() - before.trim_start().len()];
            for comment in &c.comments {
                out.push_str(indent);
                out.push_str(comment);
                out.push('\n');
            }
            out.push_str("<<<<<<< ours\n");
            for (half, marker) in [(&c.ours, "=======\n"), (&c.theirs, ">>>>>>> theirs\n")] {
                if let Some(v) = half {
                    out.push_str(before);
                    out.push_str(v);
                    out.push_str(after);
                    out.push('\n');
                }
                out.push_str(marker);
            }
        }
        Merged {
            text: out,
            conflicts: self.conflicts.into_iter().map(|c| c.name).collect(),
        }
    }
}

/// `about` written as a plain `[about]` table, as it always was on a
/// conflict in it (an inline or dotted `about` becomes one).
fn plain_about(out: &mut DocumentMut) {
    let table = match out.remove("about") {
        Some(Item::Table(mut t)) => {
            t.set_dotted(false);
            t.set_implicit(false);
            t
        }
        Some(Item::Value(Value::InlineTable(t))) => unfold(t),
        Some(other) => {
            out.insert("about", other);
            return;
        }
        None => Table::new(),
    };
    out.insert("about", Item::Table(table));
}

/// An inline table as a table with one key per line (an inline table holds
/// no comments, so laying it out anew loses nothing).
fn unfold(t: toml_edit::InlineTable) -> Table {
    let mut t = t.into_table();
    t.fmt();
    t
}

/// Ours' table at `k`, made a table with one key per line when it was
/// inline, or made at all when ours had none.
fn table_at<'o>(
    out: &'o mut Table,
    theirs: Option<&dyn TableLike>,
    k: &str,
) -> Option<&'o mut Table> {
    match out.get_mut(k) {
        Some(Item::Table(_)) => {}
        Some(slot @ Item::Value(Value::InlineTable(_))) => {
            if let Item::Value(Value::InlineTable(t)) = std::mem::take(slot) {
                *slot = Item::Table(unfold(t));
            }
            // The key's spacing (`kids = {`) would end up inside `[about.kids ]`;
            // a comment above it goes above the header.
            if let Some(mut key) = out.key_mut(k) {
                let above = key.leaf_decor().prefix().and_then(|p| p.as_str());
                let above = above.filter(|p| p.contains('#')).map(str::to_string);
                key.leaf_decor_mut().clear();
                if let (Some(above), Some(Item::Table(t))) = (above, out.get_mut(k)) {
                    t.decor_mut().set_prefix(above);
                }
            }
        }
        Some(_) => return None,
        None => {
            let item = Item::Table(Table::new());
            match theirs.and_then(|t| t.get_key_value(k)) {
                Some((key, _)) => out.insert_formatted(&tidy_header_key(key), item),
                None => out.insert(k, item),
            };
        }
    }
    out.get_mut(k).and_then(Item::as_table_mut)
}

/// Theirs' value of `k` (or its absence) into ours.
fn take_theirs(out: &mut Table, theirs: Option<&dyn TableLike>, k: &str) {
    match theirs.and_then(|t| t.get_key_value(k)) {
        None => {
            out.remove(k);
        }
        Some((key, item)) => {
            let mut item = item.clone();
            detach(&mut item);
            if let Item::Value(v) = &mut item {
                tidy(v.decor_mut(), " ", "");
            }
            let key = &match item {
                Item::Table(_) | Item::ArrayOfTables(_) => tidy_header_key(key),
                _ => tidy_key(key),
            };
            match out.get_mut(k) {
                Some(slot) => {
                    if let (Item::Table(old), Item::Table(new)) = (&*slot, &mut item) {
                        new.set_position(old.position());
                    }
                    *slot = item;
                }
                None => {
                    out.insert_formatted(key, item);
                }
            }
        }
    }
}

/// Spacing copied from theirs' inline table (`{ a = "x" }`) would leave
/// stray spaces on a line of its own: plain spacing is laid out anew,
/// comments stay.
fn tidy(decor: &mut toml_edit::Decor, prefix: &str, suffix: &str) {
    let blank = |r: Option<&toml_edit::RawString>| {
        r.and_then(|r| r.as_str())
            .is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'))
    };
    if blank(decor.prefix()) {
        decor.set_prefix(prefix);
    }
    if blank(decor.suffix()) {
        decor.set_suffix(suffix);
    }
}

fn tidy_key(key: &toml_edit::Key) -> toml_edit::Key {
    let mut key = key.clone();
    tidy(key.leaf_decor_mut(), "", " ");
    key
}

/// [`tidy_key`] for a table's header: no space after the name, which
/// would be inside the brackets (`[about ]`: a copy an editor script or
/// a reader looking for `[about]` would not find).
fn tidy_header_key(key: &toml_edit::Key) -> toml_edit::Key {
    let mut key = key.clone();
    tidy(key.leaf_decor_mut(), "", "");
    key
}

fn trailing_comment(item: &Item) -> Option<String> {
    let suffix = item.as_value()?.decor().suffix()?.as_str()?;
    let c = suffix.trim();
    c.starts_with('#').then(|| c.to_string())
}

/// A line that git or a reader would take for a conflict marker.
fn marker_like(line: &str) -> bool {
    ["<<<<<<<", "=======", ">>>>>>>"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// One side's value for its half of a block: as that side wrote it, unless
/// it is not a plain value or spans a line that looks like a marker.
fn half(item: Option<&Item>, v: &toml::Value) -> String {
    if let Some(Item::Value(val)) = item {
        let s = val.clone().decorated("", "").to_string();
        if !s.lines().skip(1).any(marker_like) {
            return s;
        }
    }
    inline(v)
}

/// A value on one line, tables inline, keys sorted: also the identity of a
/// value for the set merges.
pub(crate) fn inline(v: &toml::Value) -> String {
    let mut s = String::new();
    write_inline(&mut s, v);
    s
}

fn write_inline(s: &mut String, v: &toml::Value) {
    match v {
        toml::Value::String(x) => basic_string(s, x),
        toml::Value::Integer(i) => s.push_str(&i.to_string()),
        toml::Value::Float(f) => s.push_str(&Value::from(*f).to_string()),
        toml::Value::Boolean(b) => s.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => s.push_str(&d.to_string()),
        toml::Value::Array(a) => {
            s.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_inline(s, x);
            }
            s.push(']');
        }
        toml::Value::Table(t) => {
            let mut kv: Vec<(&String, &toml::Value)> = t.iter().collect();
            kv.sort_by(|a, b| a.0.cmp(b.0));
            s.push('{');
            for (i, (k, x)) in kv.into_iter().enumerate() {
                s.push_str(if i > 0 { ", " } else { " " });
                s.push_str(&toml_edit::Key::new(k.as_str()).display_repr());
                s.push_str(" = ");
                write_inline(s, x);
            }
            s.push_str(if t.is_empty() { "}" } else { " }" });
        }
    }
}

/// A basic string on one line: newlines and control characters escaped.
fn basic_string(s: &mut String, x: &str) {
    s.push('"');
    for c in x.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
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
    let ids = |l: &[toml::Value]| l.iter().map(inline).collect::<HashSet<String>>();
    let (bs, os, ts) = (ids(b), ids(o), ids(t));
    let mut seen = HashSet::new();
    let mut out: Vec<toml::Value> = Vec::new();
    for x in o {
        let id = inline(x);
        // Kept unless theirs removed it (it was in base, and is not in theirs).
        let removed_by_theirs = bs.contains(&id) && !ts.contains(&id);
        if !removed_by_theirs && seen.insert(id) {
            out.push(x.clone());
        }
    }
    for x in t {
        let id = inline(x);
        if !os.contains(&id) && !bs.contains(&id) && seen.insert(id) {
            out.push(x.clone());
        }
    }
    out
}

fn to_edit(v: &toml::Value) -> Value {
    format!("v = {}", inline(v))
        .parse::<DocumentMut>()
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
    crate::model::When::parse(&at).map(|w| w.order_key())
}

/// The entries of an array of tables (or an inline array of tables).
fn entries(v: Option<&toml::Value>) -> &[toml::Value] {
    match v {
        Some(toml::Value::Array(a)) => a,
        _ => &[],
    }
}

/// Theirs' `j`th table of `k`, as it is written there.
fn their_table<'d>(theirs: &'d DocumentMut, k: &str, j: usize) -> Option<&'d dyn TableLike> {
    match theirs.get(k)? {
        Item::ArrayOfTables(a) => a.get(j).map(|t| t as &dyn TableLike),
        Item::Value(Value::Array(a)) => a.get(j)?.as_inline_table().map(|t| t as &dyn TableLike),
        _ => None,
    }
}

/// A copy of theirs' `j`th table of `k`, to add to ours.
fn their_table_copy(theirs: &DocumentMut, k: &str, j: usize) -> Option<Table> {
    let mut t = match theirs.get(k)? {
        Item::ArrayOfTables(a) => a.get(j)?.clone(),
        Item::Value(Value::Array(a)) => a.get(j)?.as_inline_table()?.clone().into_table(),
        _ => return None,
    };
    let mut item = Item::Table(std::mem::take(&mut t));
    detach(&mut item);
    match item {
        Item::Table(t) => Some(t),
        _ => None,
    }
}

/// Ours' array of tables, made a real `[[k]]` array if it was inline or missing.
fn our_tables<'d>(out: &'d mut DocumentMut, k: &str) -> Option<&'d mut ArrayOfTables> {
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
    out.get_mut(k).and_then(Item::as_array_of_tables_mut)
}

fn table_or<'a>(v: Option<&'a toml::Value>, empty: &'a toml::Table) -> &'a toml::Table {
    v.and_then(|v| v.as_table()).unwrap_or(empty)
}

fn str_set(l: &[String]) -> HashSet<&str> {
    l.iter().map(String::as_str).collect()
}

fn index_of<'a>(ids: &[(Option<&'a str>, usize)]) -> HashMap<(Option<&'a str>, usize), usize> {
    ids.iter().enumerate().map(|(i, id)| (*id, i)).collect()
}

fn text_of(v: &toml::Value) -> Option<&str> {
    v.get("text").and_then(|t| t.as_str())
}

/// A todo is known by its text and which occurrence of that text it is:
/// two "Send invoice" todos are two todos.
fn todo_ids(list: &[toml::Value]) -> Vec<(Option<&str>, usize)> {
    let mut seen: HashMap<Option<&str>, usize> = HashMap::new();
    list.iter()
        .map(|v| {
            let text = text_of(v);
            let n = seen.entry(text).or_insert(0);
            *n += 1;
            (text, *n - 1)
        })
        .collect()
}

impl Merger {
    fn merge_set(
        &mut self,
        out: &mut DocumentMut,
        theirs: &DocumentMut,
        k: &str,
        b: Option<&toml::Value>,
        o: Option<&toml::Value>,
        t: Option<&toml::Value>,
    ) {
        let (bl, ol, tl) = (entries(b), entries(o), entries(t));
        let ids = |l: &[toml::Value]| l.iter().map(inline).collect::<Vec<String>>();
        let (bi, oi, ti) = (ids(bl), ids(ol), ids(tl));
        let (bs, os, ts) = (str_set(&bi), str_set(&oi), str_set(&ti));
        let Some(arr) = our_tables(out, k) else {
            self.broken = Some(format!("`{k}` could not be read as a list of tables"));
            return;
        };
        if arr.len() != ol.len() {
            self.broken = Some(format!("`{k}` holds something other than tables"));
            return;
        }
        // Ours' entries, but those theirs removed.
        let mut kept: Vec<(Table, Option<chrono::NaiveDateTime>)> = Vec::new();
        for ((tab, v), id) in std::mem::take(arr).into_iter().zip(ol).zip(&oi) {
            let removed_by_theirs = bs.contains(id.as_str()) && !ts.contains(id.as_str());
            if !removed_by_theirs {
                kept.push((tab, time_key(v)));
            }
        }
        // Entries theirs added, each before the first of ours that is later.
        let mut before: Vec<Vec<(Table, Option<chrono::NaiveDateTime>)>> =
            (0..=kept.len()).map(|_| Vec::new()).collect();
        let mut latest: Vec<Option<chrono::NaiveDateTime>> = Vec::with_capacity(kept.len());
        for (_, key) in &kept {
            // The latest so far: ours need not be in order (hand edits).
            latest.push(latest.last().copied().flatten().max(*key));
        }
        for (j, (v, id)) in tl.iter().zip(&ti).enumerate() {
            if os.contains(id.as_str()) || bs.contains(id.as_str()) {
                continue;
            }
            let Some(table) = their_table_copy(theirs, k, j) else {
                continue;
            };
            let key = time_key(v);
            let at = if k == "log" {
                latest.partition_point(|m| *m <= key)
            } else {
                kept.len()
            };
            before[at].push((table, key));
        }
        let mut merged = ArrayOfTables::new();
        let mut kept = kept.into_iter();
        for mut group in before {
            group.sort_by_key(|(_, key)| *key);
            for (table, _) in group {
                merged.push(table);
            }
            if let Some((table, _)) = kept.next() {
                merged.push(table);
            }
        }
        *arr = merged;
        if arr.is_empty() {
            out.remove(k);
        }
    }

    fn merge_todos(
        &mut self,
        out: &mut DocumentMut,
        theirs: &DocumentMut,
        b: Option<&toml::Value>,
        o: Option<&toml::Value>,
        t: Option<&toml::Value>,
    ) {
        let (bl, ol, tl) = (entries(b), entries(o), entries(t));
        let (bi, oi, ti) = (todo_ids(bl), todo_ids(ol), todo_ids(tl));
        let (bm, om, tm) = (index_of(&bi), index_of(&oi), index_of(&ti));
        let Some(arr) = our_tables(out, "todo") else {
            self.broken = Some("`todo` could not be read as a list of tables".into());
            return;
        };
        if arr.len() != ol.len() {
            self.broken = Some("`todo` holds something other than tables".into());
            return;
        }
        let empty = toml::Table::new();
        let tab = |v| table_or(v, &empty);
        let done = |v: &toml::Value| v.get("done").and_then(|d| d.as_bool()).unwrap_or(false);
        let mut keep = vec![true; ol.len()];
        for (i, (ov, id)) in ol.iter().zip(&oi).enumerate() {
            let bv = bm.get(id).map(|&j| &bl[j]);
            let Some(&j) = tm.get(id) else {
                // Theirs removed a todo ours did not touch.
                keep[i] = bv != Some(ov);
                continue;
            };
            let tv = &tl[j];
            let Some(table) = arr.get_mut(i) else {
                continue;
            };
            if done(tv) && !done(ov) {
                table["done"] = toml_edit::value(true);
            }
            // Other fields (due, ...): three ways, key by key.
            let their = their_table(theirs, "todo", j);
            self.merge_table(
                table,
                their,
                tab(bv),
                tab(Some(ov)),
                tab(Some(tv)),
                "todo",
                &["text", "done"],
            );
        }
        let mut keep = keep.into_iter();
        arr.retain(|_| keep.next().unwrap_or(true));
        for (j, (tv, id)) in tl.iter().zip(&ti).enumerate() {
            if om.contains_key(id) {
                continue;
            }
            // Removed by ours, and theirs left it as it was.
            if bm.get(id).is_some_and(|&i| bl[i] == *tv) {
                continue;
            }
            if let Some(table) = their_table_copy(theirs, "todo", j) {
                arr.push(table);
            }
        }
        if arr.is_empty() {
            out.remove("todo");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_one_side_added_keeps_its_header_as_written() {
        // Tags changed on both sides (a line conflict, merged by value) and
        // `[about]` added on one: `[about]`, not `[about ]`.
        let base = "name = \"Cy\"\ntags = [\"a\"]\n\n[[log]]\nat = 2026-11-20\ntext = \"one\"\n";
        let ours = base.replace("[\"a\"]", "[\"a\", \"b\"]");
        let theirs = base
            .replace("[\"a\"]", "[\"a\", \"c\"]")
            .replace("\n[[log]]", "\n[about]\nedit = \"by hand\"\n\n[[log]]");
        for (o, t) in [
            (ours.as_str(), theirs.as_str()),
            (theirs.as_str(), ours.as_str()),
        ] {
            let m = merge(base, o, t).unwrap();
            assert!(m.conflicts.is_empty(), "{}", m.text);
            assert!(
                m.text.contains("\n[about]\nedit = \"by hand\""),
                "{}",
                m.text
            );
            assert!(
                m.text.contains("\"b\"") && m.text.contains("\"c\""),
                "{}",
                m.text
            );
        }
    }

    #[test]
    fn a_comment_one_side_added_survives_the_other_sides_new_entry() {
        let base = "name = \"Cy\"\n\n[[log]]\nat = 2026-11-20\ntext = \"one\"\n";
        let ours = format!("{base}\n[[log]]\nat = 2026-11-21\ntext = \"two\"\n");
        let theirs = format!("{base}# she prefers mornings\n");
        for (o, t) in [
            (ours.as_str(), theirs.as_str()),
            (theirs.as_str(), ours.as_str()),
        ] {
            let m = merge(base, o, t).unwrap();
            assert!(m.conflicts.is_empty());
            assert!(m.text.contains("# she prefers mornings"), "{}", m.text);
            assert!(m.text.contains("text = \"two\""), "{}", m.text);
        }
        // A comment above a value one side changed, the other side adding
        // an entry: both.
        let base = "name = \"Cy\"\norg = \"A\"\n\n[[log]]\nat = 2026-11-20\ntext = \"one\"\n";
        let ours = base.replace("org = \"A\"", "# moved in May\norg = \"B\"");
        let theirs = format!("{base}\n[[log]]\nat = 2026-11-21\ntext = \"two\"\n");
        let m = merge(base, &ours, &theirs).unwrap();
        assert!(m.text.contains("# moved in May\norg = \"B\""), "{}", m.text);
        assert!(m.text.contains("text = \"two\""), "{}", m.text);
    }

    #[test]
    fn a_line_merge_is_taken_only_when_it_means_what_the_value_merge_means() {
        // Both sides set `org`: a conflict, reported as before.
        let base = "name = \"Cy\"\norg = \"A\"\n";
        let m = merge(
            base,
            "name = \"Cy\"\norg = \"B\"\n",
            "name = \"Cy\"\norg = \"C\"\n",
        )
        .unwrap();
        assert_eq!(m.conflicts, ["org"]);
        // Lines that look like markers in a note: the value merge alone.
        let base = "name = \"Cy\"\n\n[[log]]\nat = 2026-11-20\ntext = \"\"\"\n=======\n\"\"\"\n";
        let ours = format!("{base}# a\n");
        let theirs = format!("{base}# b\n");
        let m = merge(base, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty(), "{}", m.text);
        assert!(toml::from_str::<toml::Table>(&m.text).is_ok(), "{}", m.text);
    }

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
    fn archived_on_both_sides_keeps_the_earlier_day_and_every_note() {
        let arch = |day: &str| BASE.replacen("\n\n", &format!("\narchived = {day}\n\n"), 1);
        let ours = arch("2026-11-22");
        let theirs = with(
            &arch("2026-11-20"),
            "\n[[log]]\nat = 2026-11-21T09:00:00-05:00\nvia = \"call\"\ntext = \"Theirs.\"\n",
        );
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty(), "{}", m.text);
        assert!(m.text.contains("archived = 2026-11-20\n"), "{}", m.text);
        assert_eq!(parses(&m.text).log.len(), 2);
        let m = merge(BASE, &theirs, &ours).unwrap();
        assert!(m.text.contains("archived = 2026-11-20\n"), "{}", m.text);
        // Archived on one side only: it is taken, like any one-sided change.
        let m = merge(BASE, BASE, &ours).unwrap();
        assert!(m.conflicts.is_empty() && m.text.contains("archived = 2026-11-22"));
        // A day written by hand as text counts as a day: the earlier wins.
        let text = arch("\"2026-11-18\"");
        let m = merge(BASE, &text, &arch("2026-11-25")).unwrap();
        assert!(m.conflicts.is_empty(), "{}", m.text);
        assert!(m.text.contains("archived = \"2026-11-18\""), "{}", m.text);
        // Only one side changed an archived value: that change is taken.
        let m = merge(&arch("2026-11-20"), &arch("2026-11-20"), &arch("true")).unwrap();
        assert!(
            m.conflicts.is_empty() && m.text.contains("archived = true"),
            "{}",
            m.text
        );
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
    fn imported_urls_addresses_and_types_from_both_sides_are_all_kept() {
        let base = "name = \"Ana\"\nurl = [\"https://a.example\"]\n";
        let ours = "name = \"Ana\"\nurl = [\"https://a.example\", \"https://o.example\"]\n\n[types]\n\"https://o.example\" = \"work\"\n\n[[address]]\ncity = \"Lisboa\"\n";
        let theirs = "name = \"Ana\"\nurl = [\"https://a.example\", \"https://t.example\"]\n\n[types]\n\"https://t.example\" = \"home\"\n\n[[address]]\ncity = \"Porto\"\n";
        let m = merge(base, ours, theirs).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let doc: toml::Table = toml::from_str(&m.text).unwrap();
        let url: Vec<&str> = doc["url"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            url,
            [
                "https://a.example",
                "https://o.example",
                "https://t.example"
            ]
        );
        assert_eq!(doc["types"].as_table().unwrap().len(), 2);
        assert_eq!(doc["address"].as_array().unwrap().len(), 2);
        parses(&m.text);
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
