//! Encrypted values compared by their words, before the merge compares
//! raw values. Two seals of the same words differ (age is randomized): two
//! machines that seal one clear entry, or both re-encrypt (`--rewrap`),
//! would otherwise each look like a change, and a merge of whole entries
//! would keep the entry twice. Where this machine's keys open two sealed
//! values that sit in the same place (the same `[about]` key, or entries
//! alike in everything else) to the same words, every side gets one armor,
//! chosen the same way whichever side merges, so both machines end with
//! the same bytes. Only armor is ever written: the words stay in memory.

use std::collections::{HashMap, HashSet};

use toml_edit::{DocumentMut, Value};

use crate::model::{ARMOR_BEGIN, is_sealed};
use crate::store::tomlput::{each_value, each_value_mut};

/// Opens a sealed value with this machine's keys, or `None`.
pub type Open<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Which of the sides holds a sealed value that is not on both ours and
/// theirs (a value on both needs no choosing).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Ours,
    Theirs,
    /// Only the common ancestor: the other sides removed or replaced it.
    Base,
}

/// Stands for every sealed value when entries are compared by the rest.
const MASK: &str = "\u{0}sealed";

/// The three texts with each set of sealed values that open to the same
/// words given one armor, or `None` when nothing needed it (or a side is
/// not TOML: the merge reports that).
pub fn same_words(
    base: &str,
    ours: &str,
    theirs: &str,
    open: Open,
) -> Option<(String, String, String)> {
    // Two armors to compare need two sides holding armor.
    let holding = [base, ours, theirs]
        .iter()
        .filter(|s| s.contains(ARMOR_BEGIN))
        .count();
    if holding < 2 || !(ours.contains(ARMOR_BEGIN) || theirs.contains(ARMOR_BEGIN)) {
        return None;
    }
    let sides: Vec<toml::Table> = [base, ours, theirs]
        .iter()
        .map(|s| toml::from_str(s).ok())
        .collect::<Option<_>>()?;
    let found: Vec<Vec<(String, String)>> = sides.iter().map(sealed_in).collect();
    let set = |i: usize| -> HashSet<&str> { found[i].iter().map(|(_, s)| s.as_str()).collect() };
    let (bs, os, ts) = (set(0), set(1), set(2));
    let side = |s: &str| match (os.contains(s), ts.contains(s)) {
        (true, true) => None,
        (true, false) => Some(Side::Ours),
        (false, true) => Some(Side::Theirs),
        (false, false) => Some(Side::Base),
    };
    // Where each value not on both sides sits: values in one place, from
    // two sides, may be the same words under two armors.
    let mut places: HashMap<&str, HashMap<&str, Side>> = HashMap::new();
    for (place, s) in found.iter().flatten() {
        if let Some(side) = side(s) {
            places.entry(place).or_default().insert(s, side);
        }
    }
    // The entries the ancestor had in the clear, by place and words: two
    // sides that each sealed one of them hold the same entry.
    let plain_before = plain_in(&sides[0]);
    let mut words: HashMap<&str, Option<String>> = HashMap::new();
    let mut union = Union::default();
    for (place, members) in &places {
        let kinds: HashSet<Side> = members.values().copied().collect();
        if kinds.len() < 2 {
            continue;
        }
        // Opened only here: two sides, one place, different armor.
        let mut by_words: HashMap<String, Vec<(&str, Side)>> = HashMap::new();
        for (&s, &side) in members {
            let w = words.entry(s).or_insert_with(|| open(s));
            if let Some(w) = w {
                by_words.entry(w.clone()).or_default().push((s, side));
            }
        }
        for same in by_words.values() {
            // One armor of a side is one entry: two of one side with the
            // same words are two entries (a note said twice), never one.
            // So each is paired with at most one of every other side, in
            // an order that does not depend on which side is ours.
            let mut per: HashMap<Side, Vec<&str>> = HashMap::new();
            for &(s, side) in same {
                per.entry(side).or_default().push(s);
            }
            if per.len() < 2 {
                continue;
            }
            per.values_mut().for_each(|v| v.sort_unstable());
            // Only as many as the ancestor had: each kept or sealed again
            // (a re-encryption: its old armor), or sealed on both sides
            // (it was in the clear). Entries both sides added are theirs each,
            // even with the same words at the same time.
            let Some(w) = same.first().and_then(|(s, _)| words.get(s)?.as_ref()) else {
                continue;
            };
            let had = same.iter().filter(|(s, _)| bs.contains(s)).count()
                + plain_before
                    .get(&(place.to_string(), w.clone()))
                    .copied()
                    .unwrap_or(0);
            let n = per.values().map(Vec::len).max().unwrap_or(0).min(had);
            for i in 0..n {
                let at: Vec<&str> = [Side::Ours, Side::Theirs, Side::Base]
                    .iter()
                    .filter_map(|k| per.get(k)?.get(i).copied())
                    .collect();
                for pair in at.windows(2) {
                    union.join(pair[0], pair[1]);
                }
            }
        }
    }
    let map = union.chosen(
        |s| match (bs.contains(s), os.contains(s) || ts.contains(s)) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => 2,
        },
    );
    if map.is_empty() {
        return None;
    }
    // The chosen armor as one side wrote it, so every machine writes the
    // same bytes: ours' spelling, else theirs', else base's.
    let docs: Vec<DocumentMut> = [ours, theirs, base]
        .iter()
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let chosen: HashSet<&str> = map.values().map(String::as_str).collect();
    let mut spelled: HashMap<&str, Value> = HashMap::new();
    for d in &docs {
        each_value(d, &mut |v| {
            if let Some(s) = v.as_str()
                && !spelled.contains_key(s)
                && let Some(&c) = chosen.get(s)
            {
                let mut v = v.clone();
                v.decor_mut().clear();
                spelled.insert(c, v);
            }
        });
    }
    let rewrite = |text: &str| -> Option<String> {
        let mut d: DocumentMut = text.parse().ok()?;
        each_value_mut(&mut d, &mut |v| rewrite_value(v, &map, &spelled));
        Some(d.to_string())
    };
    Some((rewrite(base)?, rewrite(ours)?, rewrite(theirs)?))
}

/// Every sealed string in a side, with its place: the keys down to it
/// (array positions left out) and, inside an array of tables, the entry
/// with its sealed values masked, so only entries alike in the rest meet.
fn sealed_in(t: &toml::Table) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, v) in t {
        walk(v, k, &mut out);
    }
    out
}

fn walk(v: &toml::Value, place: &str, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::String(s) if is_sealed(s) => out.push((place.to_string(), s.clone())),
        toml::Value::Table(t) => {
            for (k, x) in t {
                walk(x, &format!("{place}.{k}"), out);
            }
        }
        toml::Value::Array(a) => {
            for x in a {
                match x {
                    // An entry without sealed values is not shaped at all.
                    toml::Value::Table(_) if !holds_sealed(x) => {}
                    toml::Value::Table(_) => {
                        let shape = super::inline(&masked(x));
                        walk(x, &format!("{place}[{shape}]"), out);
                    }
                    _ => walk(x, place, out),
                }
            }
        }
        _ => {}
    }
}

/// The words written in the clear where a private entry's values go
/// (`text`, `ask`, `asked`), counted by the place the same entry has once
/// sealed: its shape with those values masked.
fn plain_in(t: &toml::Table) -> HashMap<(String, String), usize> {
    const SEALABLE: [&str; 3] = ["text", "ask", "asked"];
    let mut out = HashMap::new();
    for (k, v) in t {
        let toml::Value::Array(a) = v else { continue };
        for x in a {
            let toml::Value::Table(e) = x else { continue };
            let shape: toml::Table = e
                .iter()
                .map(|(k, v)| {
                    let v = if SEALABLE.contains(&k.as_str()) {
                        mask_strings(v)
                    } else {
                        masked(v)
                    };
                    (k.clone(), v)
                })
                .collect();
            let shape = super::inline(&toml::Value::Table(shape));
            for key in SEALABLE {
                let plain: Vec<&str> = match e.get(key) {
                    Some(toml::Value::String(s)) => vec![s.as_str()],
                    Some(toml::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => Vec::new(),
                };
                for s in plain.into_iter().filter(|s| !is_sealed(s)) {
                    *out.entry((format!("{k}[{shape}].{key}"), s.to_string()))
                        .or_insert(0) += 1;
                }
            }
        }
    }
    out
}

fn mask_strings(v: &toml::Value) -> toml::Value {
    match v {
        toml::Value::String(_) => toml::Value::String(MASK.into()),
        toml::Value::Array(a) => toml::Value::Array(a.iter().map(mask_strings).collect()),
        other => masked(other),
    }
}

fn holds_sealed(v: &toml::Value) -> bool {
    match v {
        toml::Value::String(s) => is_sealed(s),
        toml::Value::Table(t) => t.values().any(holds_sealed),
        toml::Value::Array(a) => a.iter().any(holds_sealed),
        _ => false,
    }
}

fn masked(v: &toml::Value) -> toml::Value {
    match v {
        toml::Value::String(s) if is_sealed(s) => toml::Value::String(MASK.into()),
        toml::Value::Table(t) => {
            toml::Value::Table(t.iter().map(|(k, x)| (k.clone(), masked(x))).collect())
        }
        toml::Value::Array(a) => toml::Value::Array(a.iter().map(masked).collect()),
        other => other.clone(),
    }
}

/// Sets of armors found to hold the same words.
#[derive(Default)]
struct Union<'a> {
    parent: HashMap<&'a str, &'a str>,
}

impl<'a> Union<'a> {
    fn root(&self, mut s: &'a str) -> &'a str {
        while let Some(&p) = self.parent.get(s).filter(|p| **p != s) {
            s = p;
        }
        s
    }

    fn join(&mut self, a: &'a str, b: &'a str) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent.insert(ra.max(rb), ra.min(rb));
        }
        self.parent.entry(a).or_insert(a);
        self.parent.entry(b).or_insert(b);
    }

    /// Each armor that is not its set's chosen one, and the chosen one: a
    /// new armor over one the common ancestor had (a re-encryption is the
    /// change), one a side still holds over one only the ancestor had, then
    /// the smallest, so the choice does not depend on which side is ours.
    fn chosen(&self, rank: impl Fn(&str) -> u8) -> HashMap<String, String> {
        let mut sets: HashMap<&str, Vec<&str>> = HashMap::new();
        for &s in self.parent.keys() {
            sets.entry(self.root(s)).or_default().push(s);
        }
        let mut map = HashMap::new();
        for members in sets.values() {
            let Some(chosen) = members.iter().min_by_key(|s| (rank(s), **s)) else {
                continue;
            };
            for s in members {
                if s != chosen {
                    map.insert(s.to_string(), chosen.to_string());
                }
            }
        }
        map
    }
}

/// An armor that is not its set's chosen one, replaced by the chosen one
/// as it is spelled, keeping the value's place and comments.
fn rewrite_value(v: &mut Value, map: &HashMap<String, String>, spelled: &HashMap<&str, Value>) {
    let Some(chosen) = v.as_str().and_then(|s| map.get(s)) else {
        return;
    };
    let decor = v.decor().clone();
    *v = spelled
        .get(chosen.as_str())
        .cloned()
        .unwrap_or_else(|| Value::from(chosen.as_str()));
    *v.decor_mut() = decor;
}

#[cfg(test)]
mod tests {
    use super::super::{merge, merge_opened};

    /// A stand-in armor: `open` below reads its words from the table.
    fn armor(id: &str) -> String {
        format!(
            "\"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----\n{id}\n-----END AGE ENCRYPTED FILE-----\n\"\"\""
        )
    }

    /// Armors `a*` hold "worried", `b*` "ill", `c*` "fine".
    fn open(s: &str) -> Option<String> {
        let id = s.lines().nth(1)?;
        Some(
            match &id[..1] {
                "a" => "worried",
                "b" => "ill",
                _ => "fine",
            }
            .to_string(),
        )
    }

    fn file(health: &str, entries: &[(&str, &str)]) -> String {
        let mut s = format!("name = \"Ana\"\n\n[about]\nhealth = {}\n", armor(health));
        for (via, id) in entries {
            s.push_str(&format!(
                "\n[[log]]\nat = 2026-11-20T09:00:00-05:00\nvia = \"{via}\"\ntext = {}\nprivate = true\n",
                armor(id)
            ));
        }
        s
    }

    #[test]
    fn two_armors_of_the_same_words_merge_as_one_whichever_side_merges() {
        // Both machines re-encrypted everything: new armor, same words.
        let base = file("b0", &[("call", "a0")]);
        let ours = file("b1", &[("call", "a1")]);
        let theirs = file("b2", &[("call", "a2")]);
        let one = merge_opened(&base, &ours, &theirs, &open).unwrap();
        let other = merge_opened(&base, &theirs, &ours, &open).unwrap();
        assert!(one.conflicts.is_empty(), "{}", one.text);
        assert_eq!(one.text, other.text, "both machines write the same bytes");
        assert_eq!(one.text, file("b1", &[("call", "a1")]), "the smaller armor");
        // Without keys: as before, two entries and a conflict, nothing lost.
        let locked = merge_opened(&base, &ours, &theirs, &|_| None).unwrap();
        assert_eq!(locked.text, merge(&base, &ours, &theirs).unwrap().text);
        assert_eq!(locked.conflicts, ["about.health"]);
        assert_eq!(locked.text.matches("[[log]]").count(), 2);
    }

    #[test]
    fn a_change_on_one_side_and_a_rewrap_on_the_other_keep_both() {
        // A keyless machine changed `via`; another re-encrypted the entry.
        let base = file("b0", &[("call", "a0")]);
        let ours = file("b0", &[("meal", "a0")]);
        let theirs = file("b2", &[("call", "a2")]);
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let m = merge_opened(&base, o, t, &open).unwrap();
            assert!(m.conflicts.is_empty(), "{}", m.text);
            assert_eq!(m.text, file("b2", &[("meal", "a2")]));
        }
        // Removed on one side, re-encrypted on the other: removed.
        let gone = "name = \"Ana\"\n\n[about]\nhealth = ".to_string() + &armor("b0") + "\n";
        let m = merge_opened(&base, &gone, &theirs, &open).unwrap();
        assert!(!m.text.contains("[[log]]"), "{}", m.text);
        // Even when the side that removed it holds no armor any more.
        let none = "name = \"Ana\"\n";
        let m = merge_opened(&base, &theirs, none, &open).unwrap();
        assert_eq!(m.text, none, "{}", m.text);
    }

    #[test]
    fn notes_with_the_same_words_added_on_both_sides_are_all_kept() {
        // The same words at the same time, written on each machine (three
        // ticks of one ask, say): three notes, not one.
        let base = file("b0", &[]);
        let ours = file("b0", &[("call", "a1")]);
        let theirs = file("b0", &[("call", "a2"), ("call", "a3")]);
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let m = merge_opened(&base, o, t, &open).unwrap();
            assert!(m.conflicts.is_empty(), "{}", m.text);
            assert_eq!(m.text.matches("[[log]]").count(), 3, "{}", m.text);
        }
        // One the ancestor had, sealed again on both sides, beside a note
        // each side added with the same words: three, not four, not one.
        let base = file("b0", &[("call", "a0")]);
        let ours = file("b0", &[("call", "a1"), ("call", "a4")]);
        let theirs = file("b0", &[("call", "a2"), ("call", "a3")]);
        let one = merge_opened(&base, &ours, &theirs, &open).unwrap();
        let other = merge_opened(&base, &theirs, &ours, &open).unwrap();
        for m in [&one, &other] {
            assert_eq!(m.text.matches("[[log]]").count(), 3, "{}", m.text);
            assert!(
                !m.text.contains("a2") && !m.text.contains("a0"),
                "{}",
                m.text
            );
        }
    }

    #[test]
    fn different_words_on_both_sides_are_still_a_conflict() {
        let base = file("a0", &[]);
        let m = merge_opened(&base, &file("b1", &[]), &file("c1", &[]), &open).unwrap();
        assert_eq!(m.conflicts, ["about.health"]);
        assert!(m.text.contains("b1") && m.text.contains("c1"), "{}", m.text);
        // Re-encrypted on one side, new words on the other: the new words.
        let m = merge_opened(&base, &file("a1", &[]), &file("c1", &[]), &open).unwrap();
        assert!(m.conflicts.is_empty(), "{}", m.text);
        assert_eq!(m.text, file("c1", &[]));
    }
}
