//! What a person file keeps of a contact beyond `Person`'s own fields, in
//! shapes a user can read and edit by hand (ties's reader keeps them as
//! the user's own keys, so older versions of ties leave them alone too):
//!
//! ```toml
//! url = ["https://ana.example"]
//!
//! [types]                        # the vCard TYPE of an email, phone or URL
//! "ana.lima@acme.example" = "work"
//! "+1 555 0100" = "cell,pref"
//!
//! [[address]]
//! type = "home"
//! street = "Rua das Flores 12"
//! city = "Lisboa"
//! code = "1200-195"
//! country = "Portugal"
//! ```
//!
//! A key holding another shape (`url = 3`, `types = "x"`) is the user's
//! own: read as nothing, never written into.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use crate::fold::fold;

/// A postal address (vCard ADR); an empty part is left out of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// Its TYPE ("home", "work"), or empty.
    pub kind: String,
    pub pobox: String,
    pub extended: String,
    pub street: String,
    pub city: String,
    pub region: String,
    pub code: String,
    pub country: String,
}

/// The keys of an `[[address]]` table, in ADR's order after `type`.
pub const ADDRESS_KEYS: [&str; 7] = [
    "pobox", "extended", "street", "city", "region", "code", "country",
];

impl Address {
    /// ADR's seven parts in order: PO box, extended, street, locality,
    /// region, postal code, country.
    pub fn parts(&self) -> [&str; 7] {
        [
            &self.pobox,
            &self.extended,
            &self.street,
            &self.city,
            &self.region,
            &self.code,
            &self.country,
        ]
    }

    pub fn from_parts(kind: &str, parts: &[&str]) -> Address {
        let get = |i: usize| {
            parts
                .get(i)
                .map(|s| s.replace("\r\n", "\n").trim().to_string())
                .unwrap_or_default()
        };
        Address {
            kind: kind.trim().to_string(),
            pobox: get(0),
            extended: get(1),
            street: get(2),
            city: get(3),
            region: get(4),
            code: get(5),
            country: get(6),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|p| p.is_empty())
    }

    /// The same place, whatever its TYPE and letter case.
    pub fn same(&self, other: &Address) -> bool {
        self.parts()
            .iter()
            .zip(other.parts())
            .all(|(a, b)| fold(a) == fold(b))
    }

    fn table(&self) -> Table {
        let mut t = Table::new();
        if !self.kind.is_empty() {
            t["type"] = toml_edit::value(self.kind.as_str());
        }
        for (k, v) in ADDRESS_KEYS.iter().zip(self.parts()) {
            if !v.is_empty() {
                t[k] = toml_edit::value(v);
            }
        }
        t
    }

    fn of_table(t: &dyn TableLike) -> Address {
        let get = |k: &str| t.get(k).and_then(Item::as_str).unwrap_or("");
        let parts: Vec<&str> = ADDRESS_KEYS.iter().map(|k| get(k)).collect();
        Address::from_parts(get("type"), &parts)
    }
}

/// A person file's URLs, addresses and TYPEs.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub urls: Vec<String>,
    pub addresses: Vec<Address>,
    /// (value, TYPE) in file order.
    pub types: Vec<(String, String)>,
    /// Keys in a shape of the user's own: nothing is added to them.
    pub foreign: Vec<&'static str>,
}

impl Facts {
    pub fn of(doc: &Table) -> Facts {
        let mut f = Facts::default();
        match doc.get("url") {
            None => {}
            Some(item) => match strings(item) {
                Some(list) => f.urls = list,
                None => f.foreign.push("url"),
            },
        }
        match doc.get("address") {
            None => {}
            Some(Item::ArrayOfTables(a)) => {
                f.addresses = a.iter().map(|t| Address::of_table(t)).collect();
            }
            Some(Item::Value(Value::Array(a))) if a.iter().all(|v| v.is_inline_table()) => {
                f.addresses = a
                    .iter()
                    .filter_map(Value::as_inline_table)
                    .map(|t| Address::of_table(t))
                    .collect();
                // Read, but a new one is not mixed into an inline array.
                f.foreign.push("address");
            }
            Some(_) => f.foreign.push("address"),
        }
        match doc.get("types").map(|i| i.as_table_like()) {
            None => {}
            Some(Some(t)) => {
                for (k, v) in t.iter() {
                    if let Some(s) = v.as_str() {
                        f.types.push((k.to_string(), s.to_string()));
                    }
                }
            }
            Some(None) => f.foreign.push("types"),
        }
        f
    }

    /// The TYPE written for a value (its spelling in the file).
    pub fn type_of(&self, value: &str) -> Option<&str> {
        self.types
            .iter()
            .find(|(v, _)| fold(v) == fold(value))
            .map(|(_, t)| t.as_str())
    }

    pub fn has_url(&self, url: &str) -> bool {
        self.urls.iter().any(|u| fold(u) == fold(url))
    }

    pub fn has_address(&self, a: &Address) -> bool {
        self.addresses.iter().any(|x| x.same(a))
    }
}

fn strings(item: &Item) -> Option<Vec<String>> {
    if let Some(s) = item.as_str() {
        return Some(vec![s.to_string()]);
    }
    item.as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Adds new URLs, addresses and TYPEs to a document (layout kept).
pub fn write(
    doc: &mut DocumentMut,
    facts: &Facts,
    urls: &[String],
    addresses: &[Address],
    types: &[(String, String)],
) {
    let open = |k: &str| !facts.foreign.contains(&k);
    if open("url") && !urls.is_empty() {
        match doc.get_mut("url") {
            Some(Item::Value(Value::Array(a))) => {
                for u in urls {
                    a.push(u.as_str());
                }
            }
            _ => {
                let mut a: Array = facts.urls.iter().map(String::as_str).collect();
                for u in urls {
                    a.push(u.as_str());
                }
                // The one value's comment (`url = "x"  # blog`) stays.
                crate::store::write::set_keep_decor(doc.as_table_mut(), "url", Value::Array(a));
            }
        }
    }
    if open("address") && !addresses.is_empty() {
        if !matches!(doc.get("address"), Some(Item::ArrayOfTables(_))) {
            doc["address"] = Item::ArrayOfTables(ArrayOfTables::new());
        }
        if let Some(Item::ArrayOfTables(arr)) = doc.get_mut("address") {
            for a in addresses {
                arr.push(a.table());
            }
        }
    }
    if open("types") && !types.is_empty() {
        if doc.get("types").is_none() {
            doc["types"] = Item::Table(Table::new());
        }
        if let Some(t) = doc["types"].as_table_like_mut() {
            for (v, kind) in types {
                t.insert(v, toml_edit::value(kind.as_str()));
            }
        }
    }
}
