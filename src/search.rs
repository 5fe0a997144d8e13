//! Fuzzy search over names, aliases, org and tags, plus word search in note
//! text; diacritics folded on both sides, so `zoe` finds "Zoë".

use std::cell::RefCell;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Utf32Str};

use crate::fold::fold;
use crate::index::{Index, Summary};

/// Where a person matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Name,
    Other,
    Notes,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Position in `Index::people`.
    #[serde(skip)]
    pub at: usize,
    pub slug: String,
    pub score: i64,
    pub field: Field,
}

/// Fuzzy matching of folded text (nucleo's matcher). It replaced
/// fuzzy-matcher's skim matcher, whose cached score matrix is not reset
/// between calls, so one person's score depended on who was scored before
/// on that thread (and its uncached mode panics); nucleo also scores 4 to
/// 8 times faster (100,000 names: 1.4 ms against 11.6 ms for one letter,
/// 3.2 ms against 12.8 ms for three).
#[derive(Default, Clone, Copy)]
pub struct Matcher;

thread_local! {
    /// nucleo's scratch space, one per thread: the TUI scores on both cores.
    static NUCLEO: RefCell<nucleo_matcher::Matcher> =
        RefCell::new(nucleo_matcher::Matcher::new(Config::DEFAULT));
    /// The query last matched on this thread, ready to match.
    static QUERY: RefCell<Option<(String, Atom)>> = const { RefCell::new(None) };
    static CHARS: RefCell<Vec<char>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with the query as nucleo matches it (the whole query one fuzzy
/// pattern, spaces included, as typed), the matcher and a buffer.
fn with_query<T>(
    query_fold: &str,
    f: impl FnOnce(&Atom, &mut nucleo_matcher::Matcher, &mut Vec<char>) -> T,
) -> T {
    QUERY.with(|q| {
        let mut q = q.borrow_mut();
        if q.as_ref().is_some_and(|(text, _)| text != query_fold) {
            *q = None;
        }
        let (_, atom) = q.get_or_insert_with(|| {
            let atom = Atom::new(
                query_fold,
                CaseMatching::Ignore,
                Normalization::Never,
                AtomKind::Fuzzy,
                false,
            );
            (query_fold.to_string(), atom)
        });
        NUCLEO.with(|m| CHARS.with(|b| f(atom, &mut m.borrow_mut(), &mut b.borrow_mut())))
    })
}

fn fuzzy(text: &str, query_fold: &str) -> Option<i64> {
    with_query(query_fold, |atom, m, buf| {
        atom.score(Utf32Str::new(text, buf), m).map(i64::from)
    })
}

impl Matcher {
    /// Scores one person on name (weighted highest), then aliases, org and tags.
    pub fn score_person(&self, s: &Summary, query_fold: &str) -> Option<(i64, Field)> {
        if query_fold.is_empty() {
            return Some((0, Field::Name));
        }
        if let Some(score) = fuzzy(&s.name_fold, query_fold) {
            // A match at the start of the name or of a word ranks higher.
            let bonus = if s.name_fold.starts_with(query_fold) {
                60
            } else {
                0
            };
            return Some((score * 2 + bonus + 20, Field::Name));
        }
        fuzzy(&s.other_fold, query_fold).map(|score| (score, Field::Other))
    }

    /// Character positions of the match in `text` (for highlighting), with
    /// folding applied char by char so positions refer to `text` itself.
    pub fn positions(&self, text: &str, query_fold: &str) -> Vec<usize> {
        let mut folded = String::new();
        let mut owner = Vec::new();
        for (i, c) in text.chars().enumerate() {
            let before = folded.chars().count();
            crate::fold::push_folded(&mut folded, c);
            for _ in before..folded.chars().count() {
                owner.push(i);
            }
        }
        let mut pos: Vec<u32> = Vec::new();
        if with_query(query_fold, |atom, m, buf| {
            atom.indices(Utf32Str::new(&folded, buf), m, &mut pos)
        })
        .is_none()
        {
            return Vec::new();
        }
        pos.sort_unstable();
        let mut out: Vec<usize> = pos
            .into_iter()
            .filter_map(|p| owner.get(p as usize).copied())
            .collect();
        out.dedup();
        out
    }
}

/// Filters and ranks people by name, aliases, org and tags (the TUI filter).
pub fn filter(index: &Index, matcher: &Matcher, query: &str) -> Vec<Hit> {
    let q = fold(query.trim());
    let mut hits: Vec<Hit> = index
        .people
        .iter()
        .enumerate()
        .filter_map(|(at, s)| {
            matcher.score_person(s, &q).map(|(score, field)| Hit {
                at,
                slug: s.slug.clone(),
                score,
                field,
            })
        })
        .collect();
    sort_hits(index, &mut hits);
    hits
}

/// Full search: name, aliases, org and tags fuzzily, and note text by words
/// (every word of the query must appear). Needs an index loaded with text.
pub fn search(index: &Index, matcher: &Matcher, query: &str) -> Vec<Hit> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = words
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    let texts = index.text.as_ref();
    let mut hits: Vec<Hit> = index
        .people
        .iter()
        .enumerate()
        .filter_map(|(at, s)| {
            // In a full search, names match fuzzily but aliases, org and tags
            // must contain every word: scattered letters there are noise.
            if let Some((score, field)) = matcher.score_person(s, &q)
                && (field == Field::Name || words.iter().all(|w| s.other_fold.contains(w)))
            {
                return Some(Hit {
                    at,
                    slug: s.slug.clone(),
                    score: score + 1000,
                    field,
                });
            }
            let text = texts?.get(at);
            let count: usize = finders
                .iter()
                .map(|f| f.find_iter(text).take(20).count())
                .min()?;
            (count > 0).then(|| Hit {
                at,
                slug: s.slug.clone(),
                score: count as i64,
                field: Field::Notes,
            })
        })
        .collect();
    sort_hits(index, &mut hits);
    hits
}

fn sort_hits(index: &Index, hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| {
            index.people[a.at]
                .name_fold
                .cmp(&index.people[b.at].name_fold)
        })
    });
}

/// The lines of a text that contain every word of the query (folded), for
/// showing why a note matched.
pub fn matching_lines<'t>(text: &'t str, query: &str) -> Vec<&'t str> {
    let q = fold(query);
    let words: Vec<&str> = q.split_whitespace().collect();
    let folded = fold(text);
    if !words.iter().all(|w| folded.contains(w)) {
        return Vec::new();
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            let f = fold(l);
            words.iter().any(|w| f.contains(w))
        })
        .collect();
    lines
}
