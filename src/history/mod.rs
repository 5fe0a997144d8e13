//! What changed in one person's file, learned from its git history: org and
//! role, `[about]` facts, todos and cadence, each with the date of the commit
//! that changed it. The prep sheet's "Since" section and `ties history` are
//! both read from [`History`]. Pure data here; [`read`] asks git and keeps
//! the answer in a small cache.

pub mod read;
mod vaultlog;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::model::{Entry, Person};

pub use read::{HistoryError, of, of_repository};

/// Which fact changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "fact", content = "key")]
pub enum Fact {
    Org,
    Role,
    Cadence,
    /// An `[about]` key, as written.
    About(String),
    /// A todo, by its text.
    Todo(String),
}

impl Fact {
    /// How the fact is named on a line: `org`, `family`, `todo "send deck"`.
    pub fn label(&self) -> String {
        match self {
            Fact::Org => "org".into(),
            Fact::Role => "role".into(),
            Fact::Cadence => "cadence".into(),
            Fact::About(k) => k.clone(),
            Fact::Todo(t) => format!("todo \"{t}\""),
        }
    }

    /// Whether `ties history WHO FACT` asked for this fact: its name, an
    /// `[about]` key (case aside), or `todo`/`todos` for every todo.
    pub fn matches(&self, asked: &str) -> bool {
        let asked = asked.trim().to_lowercase();
        match self {
            Fact::Org => asked == "org",
            Fact::Role => asked == "role",
            Fact::Cadence => asked == "cadence",
            Fact::About(k) => k.to_lowercase() == asked,
            Fact::Todo(t) => asked == "todo" || asked == "todos" || t.to_lowercase() == asked,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Changed,
    Removed,
    /// A todo ticked done.
    Done,
    /// A done todo opened again.
    Reopened,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Changed => "changed",
            Kind::Removed => "removed",
            Kind::Done => "done",
            Kind::Reopened => "reopened",
        }
    }
}

/// One fact changed by one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    #[serde(flatten)]
    pub fact: Fact,
    pub kind: Kind,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The commit's author time (seconds since the epoch).
    pub at: i64,
    /// Its commit's place in [`History::commits`].
    pub commit: u32,
}

/// One commit that touched the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub id: String,
    /// Author time, seconds since the epoch. The author date, not the
    /// committer date: it is when the fact was written down, and it stays
    /// when `ties sync` or a rebase replays the commit on another device
    /// (the committer date would then say "the day of the sync").
    pub at: i64,
    /// The contacts (see [`contact_key`]) this commit's version has that
    /// the one before did not: where the last contact was written.
    pub contacts: Vec<String>,
}

/// The file's committed history, oldest first. Uncommitted changes to the
/// file are not in it: a change counts from the commit that records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub commits: Vec<Commit>,
    pub changes: Vec<Change>,
}

/// How a contact is recognised across versions: its time and how.
pub fn contact_key(e: &Entry) -> String {
    format!("{}|{}", e.at, e.via)
}

/// The facts that changed from `old` (none: the file was new) to `new`.
pub fn diff(
    old: Option<&Person>,
    new: &Person,
) -> Vec<(Fact, Kind, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut single = |fact: Fact, a: Option<String>, b: Option<String>| {
        let kind = match (&a, &b) {
            (None, Some(_)) => Kind::Added,
            (Some(_), None) => Kind::Removed,
            (Some(x), Some(y)) if x != y => Kind::Changed,
            _ => return,
        };
        out.push((fact, kind, a, b));
    };
    single(Fact::Org, old.and_then(|o| o.org.clone()), new.org.clone());
    single(
        Fact::Role,
        old.and_then(|o| o.role.clone()),
        new.role.clone(),
    );
    single(
        Fact::Cadence,
        old.and_then(|o| o.cadence).map(|c| c.to_string()),
        new.cadence.map(|c| c.to_string()),
    );
    let empty = Vec::new();
    let old_about = old.map_or(&empty, |o| &o.about);
    for (k, v) in &new.about {
        let before = old_about
            .iter()
            .find(|(ok, _)| ok == k)
            .map(|(_, v)| v.clone());
        single(Fact::About(k.clone()), before, Some(v.clone()));
    }
    for (k, v) in old_about {
        if !new.about.iter().any(|(nk, _)| nk == k) {
            single(Fact::About(k.clone()), Some(v.clone()), None);
        }
    }
    // Todos are matched by text; an edited text reads as one removed and
    // one added, which is what happened to the promise.
    let mut old_todos: Vec<(&str, bool)> = old
        .map(|o| o.todos.iter().map(|t| (t.text.as_str(), t.done)).collect())
        .unwrap_or_default();
    for t in &new.todos {
        let fact = Fact::Todo(t.text.clone());
        match old_todos.iter().position(|(text, _)| *text == t.text) {
            Some(i) => {
                let (_, was_done) = old_todos.swap_remove(i);
                match (was_done, t.done) {
                    (false, true) => out.push((fact, Kind::Done, None, None)),
                    (true, false) => out.push((fact, Kind::Reopened, None, None)),
                    _ => {}
                }
            }
            None => {
                out.push((fact.clone(), Kind::Added, None, None));
                if t.done {
                    out.push((fact, Kind::Done, None, None));
                }
            }
        }
    }
    for (text, _) in old_todos {
        out.push((Fact::Todo(text.to_string()), Kind::Removed, None, None));
    }
    out
}

/// A change as the prep sheet shows it: the net change of one fact since
/// the last contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    #[serde(flatten)]
    pub fact: Fact,
    pub kind: Kind,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The day of its last commit.
    pub date: NaiveDate,
}

/// The prep sheet's "Since <last contact>" section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Since {
    /// The day of the last contact.
    pub date: NaiveDate,
    pub changes: Vec<Changed>,
}

/// The day a commit time falls on, on the viewer's clock.
pub fn day(at: i64, clock: &Clock) -> NaiveDate {
    local(at, clock).date()
}

fn local(at: i64, clock: &Clock) -> NaiveDateTime {
    DateTime::from_timestamp(at, 0)
        .map(|t| clock.local(&t.fixed_offset()))
        .unwrap_or_default()
}

/// What changed after the last contact, net per fact; `None` when there was
/// no contact or nothing changed. The last contact is the one the prep
/// sheet shows (in discreet mode, the last one not private). A change counts
/// when its commit is dated after the contact and comes after the commit
/// that wrote the contact down: a fact saved with the contact, or before a
/// contact logged late (`--at` last week), was known when it was logged.
/// A contact no commit holds yet (not committed) is compared by date
/// alone. Discreet mode leaves `[about]` out
/// entirely, as the sheet's About section does: a key alone ("health",
/// "divorce") can say what the screen should not.
pub fn since(h: &History, p: &Person, clock: &Clock, discreet: bool) -> Option<Since> {
    let last = p
        .log
        .iter()
        .rev()
        .find(|e| e.is_contact() && !(discreet && e.private))?;
    let key = contact_key(last);
    let written = h.commits.iter().position(|c| c.contacts.contains(&key));
    let contact_at = last.at.local(clock);
    // A commit after the one that wrote the contact down is news even in
    // the same second (commit times have no finer grain); without that
    // commit, only a later time says so.
    let after = |c: &Change| match written {
        Some(w) => c.commit as usize > w && local(c.at, clock) >= contact_at,
        None => local(c.at, clock) > contact_at,
    };
    // Per fact, from its first value since the contact to its last.
    let mut net: Vec<(Changed, bool)> = Vec::new();
    for c in h.changes.iter().filter(|c| after(c)) {
        if discreet && matches!(c.fact, Fact::About(_)) {
            continue;
        }
        let date = day(c.at, clock);
        match net.iter_mut().find(|(n, _)| n.fact == c.fact) {
            Some((n, added)) => {
                n.to.clone_from(&c.to);
                n.date = date;
                n.kind = c.kind;
                *added |= c.kind == Kind::Added;
            }
            None => net.push((
                Changed {
                    fact: c.fact.clone(),
                    kind: c.kind,
                    from: c.from.clone(),
                    to: c.to.clone(),
                    date,
                },
                c.kind == Kind::Added,
            )),
        }
    }
    let mut net: Vec<Changed> = net
        .into_iter()
        .filter_map(|(mut n, added)| {
            if let Fact::Todo(_) = n.fact {
                // Added and deleted since: never there to talk about.
                return (!(added && n.kind == Kind::Removed)).then_some(n);
            }
            // An encrypted fact reads as its words (or locked); sealing a
            // fact that was plain changes nothing to say.
            opened(&mut n.from);
            opened(&mut n.to);
            // Words this machine cannot read on one side (a value sealed
            // again for a new key, read here only since): nothing known to say.
            if let (Some(a), Some(b)) = (&n.from, &n.to)
                && a != b
                && (a == crate::model::LOCKED || b == crate::model::LOCKED)
            {
                return None;
            }
            // Back where it was: nothing to say.
            n.kind = match (&n.from, &n.to) {
                (a, b) if a == b => return None,
                (None, _) => Kind::Added,
                (_, None) => Kind::Removed,
                _ => Kind::Changed,
            };
            Some(n)
        })
        .collect();
    net.sort_by(|a, b| rank(&a.fact).cmp(&rank(&b.fact)).then(a.date.cmp(&b.date)));
    (!net.is_empty()).then(|| Since {
        date: last.at.date(clock),
        changes: net,
    })
}

/// An encrypted value as this machine shows it: its words, else
/// "private (locked)"; never its armor.
fn opened(v: &mut Option<String>) {
    if let Some(x) = v.as_mut().filter(|x| crate::model::is_sealed(x)) {
        *x = crate::store::crypt::reveal(x).into_owned();
    }
}

impl History {
    /// The history as shown: encrypted values opened (else "private
    /// (locked)"), and a change whose two values open to the same words
    /// (sealed for the first time, or again for other keys) left out, as
    /// nothing changed. Only for display: the cache keeps the armor.
    pub fn opened(mut self) -> History {
        self.changes.retain_mut(|c| {
            let sealed = [&c.from, &c.to]
                .into_iter()
                .flatten()
                .any(|v| crate::model::is_sealed(v));
            if !sealed {
                return true;
            }
            opened(&mut c.from);
            opened(&mut c.to);
            // Words neither side shows (no key here) may have changed.
            c.from != c.to || c.to.as_deref() == Some(crate::model::LOCKED)
        });
        self
    }
}

/// Jobs first: a new org or role is exactly when to call.
fn rank(f: &Fact) -> u8 {
    match f {
        Fact::Org => 0,
        Fact::Role => 1,
        Fact::About(_) => 2,
        Fact::Cadence => 3,
        Fact::Todo(_) => 4,
    }
}

impl Changed {
    /// "org: Acme → Initech", "family: added", "todo done: send the deck".
    pub fn sentence(&self) -> String {
        // One line: a multi-line `[about]` value is folded onto it.
        let value = |v: &Option<String>| {
            v.as_deref()
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        match (&self.fact, self.kind) {
            (Fact::Todo(t), Kind::Added) => format!("new todo: {t}"),
            (Fact::Todo(t), Kind::Done) => format!("done: {t}"),
            (Fact::Todo(t), Kind::Reopened) => format!("reopened: {t}"),
            (Fact::Todo(t), _) => format!("todo dropped: {t}"),
            (f, Kind::Added) => format!("{}: {} (new)", f.label(), value(&self.to)),
            (f, Kind::Removed) => format!("{}: removed (was {})", f.label(), value(&self.from)),
            (f, _) => format!("{}: {} → {}", f.label(), value(&self.from), value(&self.to)),
        }
    }
}

/// `ties history`: one line per fact, in the order facts were first
/// learned: "org: added 2024-01-10 (Acme), changed 2026-10-30 (Acme →
/// Initech)". `[about]` values and todo texts are not repeated on the line
/// (the JSON has them).
pub fn lines(h: &History, clock: &Clock, only: Option<&str>) -> Vec<String> {
    let mut facts: Vec<&Fact> = Vec::new();
    for c in &h.changes {
        if !facts.contains(&&c.fact) && only.is_none_or(|o| c.fact.matches(o)) {
            facts.push(&c.fact);
        }
    }
    facts
        .into_iter()
        .map(|f| {
            let steps: Vec<String> = h
                .changes
                .iter()
                .filter(|c| &c.fact == f)
                .map(|c| {
                    let when = day(c.at, clock);
                    let what = match (f, &c.from, &c.to) {
                        (Fact::Org | Fact::Role | Fact::Cadence, None, Some(t)) => {
                            format!(" ({t})")
                        }
                        (Fact::Org | Fact::Role | Fact::Cadence, Some(a), Some(b)) => {
                            format!(" ({a} → {b})")
                        }
                        (Fact::Org | Fact::Role | Fact::Cadence, Some(a), None) => {
                            format!(" (was {a})")
                        }
                        _ => String::new(),
                    };
                    format!("{} {when}{what}", c.kind.word())
                })
                .collect();
            format!("{}: {}", f.label(), steps.join(", "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(text: &str) -> Person {
        crate::store::parse::parse("ana", text.as_bytes())
            .unwrap()
            .1
    }

    fn change(fact: Fact, kind: Kind, from: &str, to: &str, day: u32, commit: u32) -> Change {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let v = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Change {
            fact,
            kind,
            from: v(from),
            to: v(to),
            at,
            commit,
        }
    }

    #[test]
    fn versions_differ_by_the_facts_a_person_would_name() {
        let old = person(
            "name = \"Ana\"\norg = \"Acme\"\ncadence = \"30d\"\n[about]\nfamily = \"two kids\"\npets = \"a cat\"\n[[todo]]\ntext = \"send deck\"\n[[todo]]\ntext = \"book lunch\"\n",
        );
        let new = person(
            "name = \"Ana\"\norg = \"Initech\"\nrole = \"CTO\"\ncadence = \"2w\"\n[about]\nfamily = \"three kids\"\nsport = \"rowing\"\n[[todo]]\ntext = \"send deck\"\ndone = true\n[[todo]]\ntext = \"call Tom\"\n",
        );
        let got: Vec<String> = diff(Some(&old), &new)
            .into_iter()
            .map(|(f, k, a, b)| format!("{} {} {a:?} {b:?}", f.label(), k.word()))
            .collect();
        assert_eq!(
            got,
            [
                "org changed Some(\"Acme\") Some(\"Initech\")",
                "role added None Some(\"CTO\")",
                "cadence changed Some(\"30d\") Some(\"2w\")",
                "family changed Some(\"two kids\") Some(\"three kids\")",
                "sport added None Some(\"rowing\")",
                "pets removed Some(\"a cat\") None",
                "todo \"send deck\" done None None",
                "todo \"call Tom\" added None None",
                "todo \"book lunch\" removed None None",
            ]
        );
        // The name, a note's wording or an email are not facts here.
        let same = person(
            "name = \"Ana L.\"\norg = \"Acme\"\ncadence = \"30d\"\n[about]\nfamily = \"two kids\"\npets = \"a cat\"\n[[todo]]\ntext = \"send deck\"\n[[todo]]\ntext = \"book lunch\"\n",
        );
        assert!(diff(Some(&old), &same).is_empty());
    }

    #[test]
    fn since_is_the_net_change_of_each_fact() {
        let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
        let p = person(
            "name = \"Ana\"\n[[log]]\nat = 2026-11-01T10:00:00-05:00\nvia = \"call\"\ntext = \"x\"\n",
        );
        let h = History {
            commits: Vec::new(),
            changes: vec![
                change(Fact::Org, Kind::Changed, "Acme", "Initech", 2, 1),
                change(Fact::Org, Kind::Changed, "Initech", "Globex", 3, 2),
                change(Fact::Role, Kind::Changed, "CTO", "CEO", 4, 3),
                change(Fact::Role, Kind::Changed, "CEO", "CTO", 5, 4),
                change(Fact::Todo("a".into()), Kind::Added, "", "", 6, 5),
                change(Fact::Todo("a".into()), Kind::Removed, "", "", 7, 6),
                change(Fact::Todo("b".into()), Kind::Added, "", "", 6, 5),
                change(Fact::Todo("b".into()), Kind::Done, "", "", 8, 7),
                // Before the contact: not news.
                change(Fact::Cadence, Kind::Changed, "2w", "1m", 1, 0),
            ],
        };
        let s = since(&h, &p, &clock, false).unwrap();
        let lines: Vec<String> = s.changes.iter().map(Changed::sentence).collect();
        assert_eq!(lines, ["org: Acme → Globex", "done: b"]);
        assert_eq!(s.changes[0].date.to_string(), "2026-11-03");
        // No contact, nothing to be "since".
        assert!(since(&h, &person("name = \"Ana\"\n"), &clock, false).is_none());
    }
}
