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
    /// Everyone in the current sort (what an empty query shows).
    order: Vec<u32>,
    pub rows: Vec<Row>,
    /// The folded query that produced `rows`.
    query: String,
    /// The rows of the shorter queries typed on the way to this one, so
    /// a backspace is a lookup, not a new search of everyone.
    earlier: Vec<(String, Vec<Row>)>,
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
        self.earlier.clear();
        self.rows = order.iter().map(|&at| Row { at, score: 0 }).collect();
        self.order = order;
    }

    /// Filters by the query, best matches first, then in the sort order.
    /// A query that extends the previous one only looks among its matches;
    /// one that goes back to an earlier query takes its rows again.
    pub fn filter(&mut self, index: &Index, matcher: &Matcher, query: &str) {
        let q = fold(query.trim());
        if q.is_empty() {
            if !self.query.is_empty() || self.rows.len() != self.total {
                self.rows = self.order.iter().map(|&at| Row { at, score: 0 }).collect();
            }
            self.query.clear();
            self.earlier.clear();
            return;
        }
        if q == self.query {
            return;
        }
        let narrowing = !self.query.is_empty() && q.starts_with(&self.query);
        if narrowing {
            let rows = std::mem::take(&mut self.rows);
            self.earlier.push((std::mem::take(&mut self.query), rows));
        } else {
            // Back to a query typed on the way here (a backspace)?
            while let Some((earlier, _)) = self.earlier.last() {
                if q.starts_with(earlier.as_str()) {
                    break;
                }
                self.earlier.pop();
            }
            if let Some((earlier, _)) = self.earlier.last()
                && *earlier == q
                && let Some((earlier, rows)) = self.earlier.pop()
            {
                self.rows = rows;
                self.query = earlier;
                return;
            }
        }
        let score = |at: u32| {
            matcher
                .score_person(&index.people[at as usize], &q)
                .map(|(score, _)| Row { at, score })
        };
        // Both cores on a big vault: scoring is most of a keystroke's cost.
        use rayon::prelude::*;
        let candidates: Vec<u32> = match self.earlier.last() {
            Some((_, rows)) if narrowing => rows.iter().map(|r| r.at).collect(),
            // Everyone in the view, in the current sort.
            _ => self.order.clone(),
        };
        let rows: Vec<Row> = if candidates.len() > 20_000 {
            candidates.par_iter().filter_map(|&at| score(at)).collect()
        } else {
            candidates.into_iter().filter_map(score).collect()
        };
        // Sorted by one packed key (best score, then place in the sort),
        // worked out once per row rather than at every comparison.
        let mut keyed: Vec<(u64, Row)> = rows
            .into_iter()
            .map(|r| {
                let worse = (i64::from(u32::MAX) - r.score).clamp(0, i64::from(u32::MAX)) as u64;
                ((worse << 32) | u64::from(self.rank[r.at as usize]), r)
            })
            .collect();
        keyed.sort_unstable_by_key(|(k, _)| *k);
        self.rows = keyed.into_iter().map(|(_, r)| r).collect();
        self.query = q;
    }

    /// Rows chosen otherwise (the due list, a meeting): no query made them.
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        self.rows = rows;
        self.query.clear();
        self.earlier.clear();
    }

    pub fn position_of(&self, index: &Index, slug: &str) -> Option<usize> {
        let at = index
            .people
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()? as u32;
        self.rows.iter().position(|r| r.at == at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Summary;
    use crate::model::Person;
    use proptest::prelude::*;

    fn index_of(names: &[String]) -> Index {
        let mut people: Vec<Summary> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                Summary::of(&Person {
                    slug: format!("p{i:03}"),
                    name: n.clone(),
                    tags: vec![format!("t{}", i % 3)],
                    ..Default::default()
                })
            })
            .collect();
        people.sort_by(|a, b| a.slug.cmp(&b.slug));
        Index {
            people,
            ..Index::default()
        }
    }

    proptest! {
        /// Typing and deleting in any order gives exactly the rows a fresh
        /// search of everyone for the same query gives: the rows kept from
        /// earlier queries are never stale.
        #[test]
        fn any_typing_gives_the_rows_of_a_fresh_search(
            names in proptest::collection::vec("[abmrt ]{1,8}", 1..40),
            keys in proptest::collection::vec(prop_oneof![
                "[abmrt ]".prop_map(Some),
                Just(None),
            ], 1..30),
            sort in 0..3u8,
        ) {
            let index = index_of(&names);
            let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
            let sort = [Sort::Name, Sort::LastContact, Sort::Overdue][sort as usize];
            let matcher = Matcher;
            let mut live = Contacts::new(&index, &clock, sort);
            let mut query = String::new();
            for k in keys {
                match k {
                    Some(c) => query.push_str(&c),
                    None => {
                        query.pop();
                    }
                }
                live.filter(&index, &matcher, &query);
                let mut fresh = Contacts::new(&index, &clock, sort);
                fresh.filter(&index, &matcher, &query);
                prop_assert_eq!(&live.rows, &fresh.rows, "query {:?}", query);
            }
        }
    }
}
