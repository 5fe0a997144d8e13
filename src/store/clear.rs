//! Private words still written in the clear in a vault that encrypts: a
//! private entry not sealed yet (written before opting in, by hand, on a
//! clone that had not pulled `recipients.txt`), or a tick (`asked`) in the
//! clear naming an ask that is sealed. `ties check` names them; `ties
//! encrypt` and `ties sync` seal them.

use std::str::FromStr;

use toml_edit::{DocumentMut, Item, Value};

use super::crypt::Keys;
use super::tomlput::toml_string;
use crate::model::{Person, fold_ask, is_sealed};

/// The sealed asks of a person that `keys` open, folded.
fn opened_asks(p: &Person, keys: &Keys) -> Vec<String> {
    p.log
        .iter()
        .flat_map(|e| e.ask.iter())
        .filter(|a| is_sealed(a))
        .filter_map(|a| Some(fold_ask(&keys.open(a)?)))
        .collect()
}

/// How many ticks (`asked`) are written in the clear while the ask they
/// name is sealed (and opens here): the words of a private ask, in plain
/// sight. Opens nothing when the file has no plain tick.
pub fn plain_ticks(p: &Person, keys: &Keys) -> usize {
    let plain: Vec<String> = p
        .log
        .iter()
        .flat_map(|e| e.asked.iter().flatten())
        .filter(|t| !is_sealed(t))
        .map(|t| fold_ask(t))
        .collect();
    if plain.is_empty() || !p.log.iter().any(|e| e.ask.iter().any(|a| is_sealed(a))) {
        return 0;
    }
    let asks = opened_asks(p, keys);
    plain.iter().filter(|t| asks.contains(t)).count()
}

/// Replaces each tick written in the clear that names a sealed ask this
/// machine opens with that ask's armored value (as `ticks_for` writes it).
/// Returns how many it replaced.
pub fn seal_plain_ticks(doc: &mut DocumentMut, keys: &Keys) -> usize {
    let Some(log) = doc.get_mut("log").and_then(Item::as_array_of_tables_mut) else {
        return 0;
    };
    let any_plain = log.iter().any(|t| {
        ticks_of(t)
            .map(|a| a.iter().any(|v| v.as_str().is_some_and(|s| !is_sealed(s))))
            .unwrap_or(false)
    });
    if !any_plain {
        return 0;
    }
    let asks: Vec<(String, String)> = log
        .iter()
        .flat_map(|t| match t.get("ask") {
            Some(Item::Value(Value::Array(a))) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(Item::Value(Value::String(s))) => vec![s.value().clone()],
            _ => Vec::new(),
        })
        .filter(|a| is_sealed(a))
        .filter_map(|a| Some((fold_ask(&keys.open(&a)?), a.trim().to_string())))
        .collect();
    let mut n = 0;
    for t in log.iter_mut() {
        let Some(Item::Value(Value::Array(ticks))) = t.get_mut("asked") else {
            continue;
        };
        for v in ticks.iter_mut() {
            let Some(s) = v.as_str().filter(|s| !is_sealed(s)) else {
                continue;
            };
            let Some((_, armor)) = asks.iter().find(|(a, _)| *a == fold_ask(s)) else {
                continue;
            };
            let decor = v.decor().clone();
            if let Ok(mut nv) = Value::from_str(&toml_string(armor)) {
                *nv.decor_mut() = decor;
                *v = nv;
                n += 1;
            }
        }
    }
    n
}

fn ticks_of(t: &toml_edit::Table) -> Option<&toml_edit::Array> {
    t.get("asked")?.as_array()
}
