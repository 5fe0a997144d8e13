//! WHO → one person: a slug, a name, an alias, or a unique match. Exact wins
//! over partial; several fits are never guessed between.

use crate::fold::{fold, is_slug, slugify};
use crate::index::{Index, Summary};
use crate::search::Matcher;
use crate::store::{Result, StoreError, Vault};

#[derive(Debug)]
pub enum Resolved {
    One(String),
    /// Several people fit: (slug, name, org), best first.
    Many(Vec<(String, String, Option<String>)>),
    None,
}

/// Resolves without the index when the WHO is a file name that exists: the
/// fast path `ties log ana-lima` takes.
pub fn fast(vault: &Vault, who: &str) -> Option<String> {
    let who = who.trim().strip_suffix(".toml").unwrap_or(who.trim());
    let who = who.strip_prefix("people/").unwrap_or(who);
    (is_slug(who) && vault.exists(who)).then(|| who.to_string())
}

/// Resolves WHO against the whole vault.
pub fn resolve(vault: &Vault, who: &str) -> Result<Resolved> {
    if let Some(slug) = fast(vault, who) {
        return Ok(Resolved::One(slug));
    }
    let index = Index::load(vault, false, None)?;
    Ok(resolve_in(&index, who))
}

pub fn resolve_in(index: &Index, who: &str) -> Resolved {
    let q = fold(who.trim());
    if q.is_empty() {
        return Resolved::None;
    }
    let as_slug = slugify(who);
    let pick = |f: &dyn Fn(&Summary) -> bool| -> Vec<&Summary> {
        index.people.iter().filter(|s| f(s)).collect()
    };

    // 1. Exact slug, name or alias.
    let exact =
        pick(&|s| s.slug == as_slug || s.name_fold == q || s.aka.iter().any(|a| fold(a) == q));
    if let Some(r) = decide(exact) {
        return r;
    }
    // 2. Every word of WHO starts a word of the name or an alias ("ana", "lima a").
    let words: Vec<&str> = q.split_whitespace().collect();
    let prefix = pick(&|s| {
        std::iter::once(s.name_fold.clone())
            .chain(s.aka.iter().map(|a| fold(a)))
            .any(|n| {
                let nw: Vec<&str> = n
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                words.iter().all(|w| nw.iter().any(|x| x.starts_with(w)))
            })
    });
    if let Some(r) = decide(prefix) {
        return r;
    }
    // 3. A fuzzy match on the name, if only one person fits.
    let m = Matcher;
    let mut fuzzy: Vec<(&Summary, i64)> = index
        .people
        .iter()
        .filter_map(|s| {
            m.score_person(s, &q)
                .filter(|(_, f)| *f == crate::search::Field::Name)
                .map(|(sc, _)| (s, sc))
        })
        .collect();
    fuzzy.sort_by_key(|f| std::cmp::Reverse(f.1));
    decide(fuzzy.into_iter().map(|(s, _)| s).collect()).unwrap_or(Resolved::None)
}

fn decide(found: Vec<&Summary>) -> Option<Resolved> {
    match found.len() {
        0 => None,
        1 => Some(Resolved::One(found[0].slug.clone())),
        _ => Some(Resolved::Many(
            found
                .into_iter()
                .map(|s| (s.slug.clone(), s.name.clone(), s.org.clone()))
                .collect(),
        )),
    }
}

/// Resolves to exactly one person or explains why not, as an error naming
/// the candidates (the CLI turns `Ambiguous` into exit status 2).
pub fn one(vault: &Vault, who: &str) -> std::result::Result<String, ResolveError> {
    match resolve(vault, who)? {
        Resolved::One(s) => Ok(s),
        Resolved::Many(c) => Err(ResolveError::Ambiguous {
            who: who.to_string(),
            candidates: c,
        }),
        Resolved::None => {
            // A broken file named like WHO: say what is wrong with it.
            let slug = slugify(who);
            if let Ok(index) = Index::load(vault, false, None)
                && let Some(p) = index.problem(&slug)
            {
                return Err(ResolveError::Store(StoreError::Bad(p.clone())));
            }
            Err(ResolveError::Store(StoreError::NoSuchPerson(
                who.to_string(),
            )))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("`{who}` could be {} people: {}", candidates.len(), list(candidates))]
    Ambiguous {
        who: String,
        candidates: Vec<(String, String, Option<String>)>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn list(c: &[(String, String, Option<String>)]) -> String {
    c.iter()
        .take(10)
        .map(|(slug, name, _)| format!("{name} ({slug})"))
        .collect::<Vec<_>>()
        .join(", ")
}
