//! Fuzzy search over names, aliases, org and tags, plus word search in note
//! text; diacritics folded on both sides, so `zoe` finds "Zoë".

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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

/// A reusable matcher: building one costs an allocation, so the TUI keeps one.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }
}

impl Matcher {
    /// Scores one person on name (weighted highest), then aliases, org and tags.
    pub fn score_person(&self, s: &Summary, query_fold: &str) -> Option<(i64, Field)> {
        if query_fold.is_empty() {
            return Some((0, Field::Name));
        }
        if let Some(score) = self.skim.fuzzy_match(&s.name_fold, query_fold) {
            // A match at the start of the name or of a word ranks higher.
            let bonus = if s.name_fold.starts_with(query_fold) {
                60
            } else {
                0
            };
            return Some((score * 2 + bonus + 20, Field::Name));
        }
        self.skim
            .fuzzy_match(&s.other_fold, query_fold)
            .map(|score| (score, Field::Other))
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
        let Some((_, pos)) = self.skim.fuzzy_indices(&folded, query_fold) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = pos
            .into_iter()
            .filter_map(|p| owner.get(p).copied())
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
