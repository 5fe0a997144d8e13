//! How ties writes a TOML value into a person file: strings as a reader
//! expects them (one line, or a `"""` block), a value replaced keeping its
//! spacing and comment, the n-th table of a list. Shared by every module
//! that edits a file, the write path and sealing alike.

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

pub(crate) fn nth_table_mut<'a>(
    root: &'a mut Table,
    key: &str,
    i: usize,
) -> Option<&'a mut dyn TableLike> {
    match root.get_mut(key)? {
        Item::ArrayOfTables(a) => a.get_mut(i).map(|t| t as &mut dyn TableLike),
        Item::Value(Value::Array(a)) => a
            .get_mut(i)?
            .as_inline_table_mut()
            .map(|t| t as &mut dyn TableLike),
        _ => None,
    }
}

/// Sets a value, keeping the spacing and trailing comment of the old one.
pub(crate) fn set_keep_decor(t: &mut dyn TableLike, key: &str, mut v: Value) {
    if let Some(Item::Value(old)) = t.get_mut(key) {
        *v.decor_mut() = old.decor().clone();
        *old = v;
    } else {
        t.insert(key, Item::Value(v));
    }
}

/// A TOML basic string: `"..."` for one line, a `"""` block for several, so a
/// note stays readable (and diffable) in the file.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    if !s.contains('\n') {
        out.push('"');
        for c in s.chars() {
            escape_into(&mut out, c, false);
        }
        out.push('"');
        return out;
    }
    out.push_str("\"\"\"\n");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // Break up any run of quotes so it can never close the block.
        if c == '"' && (chars.get(i + 1) == Some(&'"') || i + 1 == chars.len()) {
            out.push_str("\\\"");
        } else {
            escape_into(&mut out, c, true);
        }
    }
    // The closing quotes go on a line of their own (so a diff that adds a
    // line stays one line), after a line-ending backslash when the text
    // has no final newline: the backslash takes the newline out again, so
    // "a\nb" reads back as "a\nb", not "a\nb\n".
    if !s.ends_with('\n') {
        out.push_str("\\\n");
    }
    out.push_str("\"\"\"");
    out
}

fn escape_into(out: &mut String, c: char, multiline: bool) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' if !multiline => out.push_str("\\\""),
        '\n' if multiline => out.push('\n'),
        '\n' => out.push_str("\\n"),
        '\t' => out.push('\t'),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
        c => out.push(c),
    }
}

/// Calls `f` on every value of a document that is not a list or an inline
/// table (those are walked into), wherever it sits.
pub fn each_value(doc: &DocumentMut, f: &mut dyn FnMut(&Value)) {
    fn item(i: &Item, f: &mut dyn FnMut(&Value)) {
        match i {
            Item::Value(v) => value(v, f),
            Item::Table(t) => t.iter().for_each(|(_, i)| item(i, f)),
            Item::ArrayOfTables(a) => a
                .iter()
                .for_each(|t| t.iter().for_each(|(_, i)| item(i, f))),
            Item::None => {}
        }
    }
    fn value(v: &Value, f: &mut dyn FnMut(&Value)) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| value(x, f)),
            Value::InlineTable(t) => t.iter().for_each(|(_, x)| value(x, f)),
            v => f(v),
        }
    }
    doc.iter().for_each(|(_, i)| item(i, f));
}

/// [`each_value`], each value given to change in place.
pub fn each_value_mut(doc: &mut DocumentMut, f: &mut dyn FnMut(&mut Value)) {
    fn item(i: &mut Item, f: &mut dyn FnMut(&mut Value)) {
        match i {
            Item::Value(v) => value(v, f),
            Item::Table(t) => t.iter_mut().for_each(|(_, i)| item(i, f)),
            Item::ArrayOfTables(a) => a
                .iter_mut()
                .for_each(|t| t.iter_mut().for_each(|(_, i)| item(i, f))),
            Item::None => {}
        }
    }
    fn value(v: &mut Value, f: &mut dyn FnMut(&mut Value)) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(|x| value(x, f)),
            Value::InlineTable(t) => t.iter_mut().for_each(|(_, x)| value(x, f)),
            v => f(v),
        }
    }
    doc.iter_mut().for_each(|(_, i)| item(i, f));
}
