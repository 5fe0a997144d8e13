//! The contacts list as data: per-person facts worked out once per index
//! load, the sort orders, and the filter (incremental as the query grows).

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::fold::fold;
use crate::index::Index;
use crate::search::Matcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Name,
    LastContact,
    Overdue,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::LastContact,
            Sort::LastContact => Sort::Overdue,
            Sort::Overdue => Sort::Name,
        }
    }
    /// Short, for the pane's title.
    pub fn short(self) -> &'static str {
        match self {
            Sort::Name => "by name",
            Sort::LastContact => "by last",
            Sort::Overdue => "by overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::LastContact => "last contact",
            Sort::Overdue => "most overdue",
        }
    }
}

/// What a contact line shows beside the name.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub last: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Days past the due date (positive when overdue).
    pub overdue: i64,
}

/// One visible line: a position in `Index::people` and its filter score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub at: u32,
    pub score: i64,
}

#[derive(Default)]
pub struct Contacts {
    pub facts: Vec<Facts>,
    /// For the current sort: rank[at] is the person's place in that order.
    rank: Vec<u32>,
    pub rows: Vec<Row>,
    /// The folded query that produced `rows`.
    query: String,
    /// Which people the rows are drawn from: the archived, or the others.
    pub archived: bool,
    /// How many people that is.
    pub total: usize,
}

impl Contacts {
    pub fn new(index: &Index, clock: &Clock, sort: Sort) -> Contacts {
        let today = clock.today();
        let facts = index
            .people
            .iter()
            .map(|s| {
                let due = s.due_date(clock);
                Facts {
                    last: s.last_contact.as_ref().map(|(w, _)| w.date(clock)),
                    due,
                    overdue: due.map(|d| (today - d).num_days()).unwrap_or(i64::MIN),
                }
            })
            .collect();
        let mut c = Contacts {
            facts,
            ..Contacts::default()
        };
        c.sort_by(index, sort);
        c
    }

    pub fn sort_by(&mut self, index: &Index, sort: Sort) {
        let p = &index.people;
        let mut order: Vec<u32> = (0..p.len() as u32)
            .filter(|&a| p[a as usize].archived == self.archived)
            .collect();
        self.total = order.len();
        let f = &self.facts;
        let name = |a: u32| (&p[a as usize].name_fold, &p[a as usize].slug);
        match sort {
            Sort::Name => order.sort_by(|&a, &b| name(a).cmp(&name(b))),
            Sort::LastContact => order.sort_by(|&a, &b| {
                // Most recent first; never contacted last.
                f[b as usize]
                    .last
                    .cmp(&f[a as usize].last)
                    .then_with(|| name(a).cmp(&name(b)))
            }),
            Sort::Overdue => order.sort_by(|&a, &b| {
                let key = |x: u32| f[x as usize].due.map_or((1, None), |d| (0, Some(d)));
                key(a).cmp(&key(b)).then_with(|| name(a).cmp(&name(b)))
            }),
        }
        self.rank = vec![u32::MAX; p.len()];
        for (r, &at) in order.iter().enumerate() {
            self.rank[at as usize] = r as u32;
        }
        self.query.clear();
        self.rows = order.into_iter().map(|at| Row { at, score: 0 }).collect();
    }

    /// Filters by the query, best matches first, then in the sort order.
    /// A query that extends the previous one only looks among its matches.
    pub fn filter(&mut self, index: &Index, matcher: &Matcher, query: &str) {
        let q = fold(query.trim());
        if q.is_empty() {
            if !self.query.is_empty() || self.rows.len() != self.total {
                let mut rows: Vec<Row> = (0..index.people.len() as u32)
                    .filter(|&at| index.people[at as usize].archived == self.archived)
                    .map(|at| Row { at, score: 0 })
                    .collect();
                rows.sort_unstable_by_key(|r| self.rank[r.at as usize]);
                self.rows = rows;
            }
            self.query.clear();
            return;
        }
        let narrowing = !self.query.is_empty() && q.starts_with(&self.query);
        let score = |at: u32| {
            matcher
                .score_person(&index.people[at as usize], &q)
                .map(|(score, _)| Row { at, score })
        };
        // Both cores on a big vault: scoring is most of a keystroke's cost.
        use rayon::prelude::*;
        let candidates: Vec<u32> = if narrowing {
            self.rows.iter().map(|r| r.at).collect()
        } else {
            (0..index.people.len() as u32)
                .filter(|&at| index.people[at as usize].archived == self.archived)
                .collect()
        };
        let mut rows: Vec<Row> = if candidates.len() > 20_000 {
            candidates.par_iter().filter_map(|&at| score(at)).collect()
        } else {
            candidates.into_iter().filter_map(score).collect()
        };
        rows.sort_unstable_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| self.rank[a.at as usize].cmp(&self.rank[b.at as usize]))
        });
        self.rows = rows;
        self.query = q;
    }

    pub fn position_of(&self, index: &Index, slug: &str) -> Option<usize> {
        let at = index
            .people
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()? as u32;
        self.rows.iter().position(|r| r.at == at)
    }
}
