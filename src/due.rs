//! Who needs you: cadences come due, yearly dates come round, todos fall
//! due, and ask items wait for the next conversation. One list, grouped as
//! Overdue / Today / This week / Coming up, each line saying why.

use chrono::NaiveDate;
use serde::Serialize;

use crate::clock::Clock;
use crate::index::{Index, Summary};
use crate::model::{Cadence, YearDay};

/// Vault-wide defaults from the config file.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// A cadence for people with a tag and no cadence of their own.
    pub cadence_by_tag: Vec<(String, Cadence)>,
    /// Days after an introduction its follow-up is due (`intro_follow_up`
    /// in the config; [`INTRO_FOLLOW_UP`] when not set).
    pub intro_follow_up: Option<i64>,
}

/// Days after an introduction its follow-up is due, unless the config says.
pub const INTRO_FOLLOW_UP: i64 = 14;

impl Defaults {
    pub fn from_pairs(pairs: &[(String, String)]) -> Defaults {
        Defaults {
            cadence_by_tag: pairs
                .iter()
                .filter_map(|(t, c)| Cadence::parse(c).map(|c| (t.to_lowercase(), c)))
                .collect(),
            intro_follow_up: None,
        }
    }

    /// The vault-wide defaults the config file sets.
    pub fn of(config: &crate::config::Config) -> Defaults {
        Defaults {
            intro_follow_up: config.intro_follow_up,
            ..Defaults::from_pairs(&config.cadence_by_tag)
        }
    }

    /// When the follow-up of an introduction made on `on` is due.
    pub fn follow_up_on(&self, on: NaiveDate) -> NaiveDate {
        let days = self.intro_follow_up.unwrap_or(INTRO_FOLLOW_UP).max(0);
        on.checked_add_days(chrono::Days::new(days as u64))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Gives a person without a cadence their tags' default, so every face
    /// (list, prep, TUI) sees the same cadence.
    pub fn apply(&self, cadence: &mut Option<Cadence>, tags: &[String]) {
        *cadence = self.cadence(*cadence, tags);
    }

    pub fn apply_index(&self, index: &mut Index) {
        if self.cadence_by_tag.is_empty() {
            return;
        }
        for s in &mut index.people {
            self.apply(&mut s.cadence, &s.tags);
        }
    }

    /// The person's own cadence, else the first of their tags' defaults.
    pub fn cadence(&self, own: Option<Cadence>, tags: &[String]) -> Option<Cadence> {
        own.or_else(|| {
            tags.iter().find_map(|t| {
                self.cadence_by_tag
                    .iter()
                    .find(|(tag, _)| tag == &t.to_lowercase())
                    .map(|(_, c)| *c)
            })
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Overdue,
    Today,
    ThisWeek,
    ComingUp,
}

impl Group {
    pub fn of(days_ahead: i64) -> Group {
        match days_ahead {
            i64::MIN..=-1 => Group::Overdue,
            0 => Group::Today,
            1..=7 => Group::ThisWeek,
            _ => Group::ComingUp,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue",
            Group::Today => "Today",
            Group::ThisWeek => "This week",
            Group::ComingUp => "Coming up",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Cadence,
    Birthday,
    Date,
    Todo,
    Ask,
    /// Ask how an introduction went.
    Intro,
}

/// Which of a person's reasons an item is, whatever its date or words:
/// what the calendar feed's UIDs are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Cadence,
    Birthday,
    /// The n-th `[[date]]` of the file, from 1.
    Date(usize),
    /// Todo number n (what `ties done WHO N` takes).
    Todo(usize),
    Ask,
    /// The follow-up of the introduction to this slug.
    Intro(String),
}

/// One reason to get in touch.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub slug: String,
    pub name: String,
    pub group: Group,
    pub kind: Kind,
    /// When it is due (for an ask: when it was asked).
    pub date: NaiveDate,
    /// Why, in a few words: "cadence 30d, last call 41 days ago".
    pub why: String,
    #[serde(skip)]
    pub source: Source,
}

/// "today", "tomorrow", "on Friday", "on Dec 9", "yesterday", "3 days ago".
pub fn when_phrase(date: NaiveDate, today: NaiveDate) -> String {
    match (date - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        2..=6 => format!("on {}", date.format("%A")),
        n if n < 0 => format!("{} days ago", -n),
        _ => format!("on {}", date.format("%b %-d")),
    }
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Everything due for one person within `days` (and everything overdue).
pub fn items(
    s: &Summary,
    clock: &Clock,
    days: i64,
    defaults: &Defaults,
    discreet: bool,
) -> Vec<Item> {
    let today = clock.today();
    let mut out = Vec::new();
    let mut push = |kind: Kind, source: Source, date: NaiveDate, why: String| {
        let ahead = (date - today).num_days();
        if ahead <= days {
            out.push(Item {
                slug: s.slug.clone(),
                name: s.name.clone(),
                group: Group::of(ahead),
                kind,
                date,
                why,
                source,
            });
        }
    };
    if let Some(c) = defaults.cadence(s.cadence, &s.tags) {
        let last = s
            .last_contact
            .as_ref()
            .map(|(at, via)| (at.date(clock), via));
        let due = crate::model::due_date(
            Some(c),
            s.last_contact.as_ref().map(|l| l.0),
            s.snooze,
            clock,
        );
        if let Some(due) = due {
            let why = match last {
                Some((d, via)) => format!(
                    "cadence {c}, last {via} {}",
                    crate::clock::days_phrase((today - d).num_days())
                ),
                None => format!("cadence {c}, no contact yet"),
            };
            let why = if due > today {
                format!("{why}; due {}", when_phrase(due, today))
            } else {
                why
            };
            push(Kind::Cadence, Source::Cadence, due, why);
        }
    }
    let mut yearly = |kind: Kind, source: Source, label: &str, day: &YearDay| {
        let next = day.next_on_or_after(today);
        let years = day.years_at(next);
        let why = match (&kind, years) {
            (Kind::Birthday, Some(n)) => {
                format!("birthday {}, turns {n}", when_phrase(next, today))
            }
            (Kind::Birthday, None) => format!("birthday {}", when_phrase(next, today)),
            (_, Some(n)) => format!(
                "{label} {} ({})",
                when_phrase(next, today),
                plural(n.into(), "year")
            ),
            (_, None) => format!("{label} {}", when_phrase(next, today)),
        };
        push(kind, source, next, why);
    };
    if let Some(b) = &s.birthday {
        yearly(Kind::Birthday, Source::Birthday, "birthday", b);
    }
    for (n, (label, day)) in s.dates.iter().enumerate() {
        let label = if label.is_empty() {
            "yearly date"
        } else {
            label.as_str()
        };
        yearly(Kind::Date, Source::Date(n + 1), label, day);
    }
    for (number, text, due) in &s.open_todos {
        if let Some(d) = due {
            // The timing first: when the line is cut, the text gives way.
            let why = if *d < today {
                format!("todo was due {}: {text}", when_phrase(*d, today))
            } else {
                format!("todo due {}: {text}", when_phrase(*d, today))
            };
            push(Kind::Todo, Source::Todo(*number), *d, why);
        }
    }
    // Ask items ride along with whatever brings the person up.
    if let Some(group) = out.iter().map(|i| i.group).min() {
        for (text, at, private) in &s.asks {
            if discreet && *private {
                continue;
            }
            out.push(Item {
                slug: s.slug.clone(),
                name: s.name.clone(),
                group,
                kind: Kind::Ask,
                date: at.date(clock),
                // Whole: each face fits it to its width (a pipe, to none).
                // An encrypted ask opens here, in memory, for this face only.
                why: format!("ask: {}", crate::store::crypt::reveal(text)),
                source: Source::Ask,
            });
        }
    }
    out
}

/// The whole list: by group, then date, then name. Within a group a
/// person's reasons are together (one block, at their most pressing date),
/// and their ask items follow their first block.
pub fn due(
    index: &Index,
    clock: &Clock,
    days: i64,
    defaults: &Defaults,
    discreet: bool,
) -> Vec<Item> {
    let mut dated: Vec<Item> = Vec::new();
    let mut asks: std::collections::HashMap<String, Vec<Item>> = std::collections::HashMap::new();
    // Archived people are put away: nothing of theirs is due.
    for s in index.people.iter().filter(|s| !s.archived) {
        dated.extend(intro_items(s, &index.people, clock, defaults));
        for i in items(s, clock, days, defaults, discreet) {
            if i.kind == Kind::Ask {
                asks.entry(i.slug.clone()).or_default().push(i);
            } else {
                dated.push(i);
            }
        }
    }
    dated.sort_by(|a, b| (a.group, a.date, &a.name).cmp(&(b.group, b.date, &b.name)));
    // One block per person and group, where their first reason falls.
    let mut blocks: Vec<Vec<Item>> = Vec::new();
    let mut block_of: std::collections::HashMap<(Group, String), usize> =
        std::collections::HashMap::new();
    for i in dated {
        match block_of.get(&(i.group, i.slug.clone())) {
            Some(&b) => blocks[b].push(i),
            None => {
                block_of.insert((i.group, i.slug.clone()), blocks.len());
                blocks.push(vec![i]);
            }
        }
    }
    let mut out = Vec::with_capacity(blocks.iter().map(Vec::len).sum::<usize>() + asks.len());
    for block in blocks {
        let (group, slug) = (block[0].group, block[0].slug.clone());
        out.extend(block);
        // A person's asks close their first block, once.
        for mut a in asks.remove(&slug).into_iter().flatten() {
            a.group = group;
            out.push(a);
        }
    }
    out
}

/// "ask Ana how the introduction to Tom Brennan went": under the first
/// named of the two (`ask = true`), from the day it is due, until followed.
/// Never ahead of the day: asking early is no reminder.
pub fn intro_items(
    s: &Summary,
    people: &[Summary],
    clock: &Clock,
    defaults: &Defaults,
) -> Vec<Item> {
    let today = clock.today();
    let first_name = s.name.split_whitespace().next().unwrap_or(&s.name);
    s.intros
        .iter()
        .filter(|i| i.ask && i.followed.is_none())
        .filter_map(|i| {
            let date = defaults.follow_up_on(i.on);
            if date > today {
                return None;
            }
            let other = people
                .binary_search_by(|o| o.slug.as_str().cmp(&i.with))
                .map(|at| people[at].name.as_str())
                .unwrap_or(&i.with);
            Some(Item {
                slug: s.slug.clone(),
                name: s.name.clone(),
                group: Group::of((date - today).num_days()),
                kind: Kind::Intro,
                date,
                why: format!("ask {first_name} how the introduction to {other} went"),
                source: Source::Intro(i.with.clone()),
            })
        })
        .collect()
}

/// How many people need you today (overdue or due today).
pub fn due_now(items: &[Item]) -> usize {
    let mut slugs: Vec<&str> = items
        .iter()
        .filter(|i| i.group <= Group::Today && i.kind != Kind::Ask)
        .map(|i| i.slug.as_str())
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    slugs.len()
}

/// The list as text: one section per group, in it one block per person
/// (the name once, each reason under it). Fitted to `width` when there is
/// one; `None` (a pipe) keeps every name and reason whole.
pub fn to_text(items: &[Item], width: Option<usize>) -> String {
    use crate::text::{fit_to, pad, width_of};
    if items.is_empty() {
        return "No one is due: nothing overdue, no dates or todos coming up.\n".into();
    }
    let longest = items.iter().map(|i| width_of(&i.name)).max().unwrap_or(0);
    let name_w = match width {
        Some(w) => longest.min(24).min(w / 3),
        None => longest,
    };
    let room = width.map(|w| w.saturating_sub(name_w + 4).max(20));
    let mut out = String::new();
    let mut group = None;
    let mut last_slug: Option<&str> = None;
    for i in items {
        if group != Some(i.group) {
            if group.is_some() {
                out.push('\n');
            }
            out.push_str(i.group.title());
            out.push('\n');
            group = Some(i.group);
            last_slug = None;
        }
        let name = if last_slug == Some(i.slug.as_str()) {
            String::new()
        } else {
            fit_to(&i.name, Some(name_w))
        };
        out.push_str(&format!(
            "  {}  {}\n",
            pad(&name, name_w),
            fit_to(&i.why, room)
        ));
        last_slug = Some(i.slug.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Summary {
        let (_, p) = crate::store::parse::parse("ana-lima", text.as_bytes()).unwrap();
        Summary::of(&p)
    }

    fn whys(text: &str, now: &str, days: i64) -> Vec<(Group, String)> {
        let clock = Clock::fixed(now);
        items(&summary(text), &clock, days, &Defaults::default(), false)
            .into_iter()
            .map(|i| (i.group, i.why))
            .collect()
    }

    const NOW: &str = "2026-11-23T09:00:00-05:00"; // a Monday

    #[test]
    fn cadence_counts_from_the_last_contact_not_from_notes() {
        let text = "name = \"Ana\"\ncadence = \"30d\"\n[[log]]\nat = 2026-10-13\nvia = \"call\"\ntext = \"x\"\n[[log]]\nat = 2026-11-20\nvia = \"note\"\ntext = \"about her\"\n";
        assert_eq!(
            whys(text, NOW, 14),
            [(
                Group::Overdue,
                "cadence 30d, last call 41 days ago".to_string()
            )]
        );
        // Snoozed until next week: not overdue, due then.
        let snoozed = text.replace("cadence", "snooze = 2026-11-26\ncadence");
        assert_eq!(whys(&snoozed, NOW, 14)[0].0, Group::ThisWeek);
        // Never contacted: due now.
        assert_eq!(
            whys("name = \"Bo\"\ncadence = \"2w\"\n", NOW, 14),
            [(Group::Today, "cadence 2w, no contact yet".to_string())]
        );
    }

    #[test]
    fn tag_defaults_give_a_cadence_to_those_without_one() {
        let d = Defaults::from_pairs(&[("client".into(), "30d".into())]);
        let s = summary(
            "name = \"Ana\"\ntags = [\"Client\"]\n[[log]]\nat = 2026-10-01\nvia = \"call\"\ntext = \"x\"\n",
        );
        let got = items(&s, &Clock::fixed(NOW), 14, &d, false);
        assert_eq!(got[0].why, "cadence 30d, last call 53 days ago");
        let own = summary(
            "name = \"Ana\"\ncadence = \"1y\"\ntags = [\"client\"]\n[[log]]\nat = 2026-10-01\nvia = \"call\"\ntext = \"x\"\n",
        );
        assert!(
            items(&own, &Clock::fixed(NOW), 14, &d, false).is_empty(),
            "their own cadence wins"
        );
    }

    #[test]
    fn birthdays_with_and_without_year_and_on_29_february() {
        assert_eq!(
            whys("name = \"Ana\"\nbirthday = 1986-11-27\n", NOW, 14),
            [(Group::ThisWeek, "birthday on Friday, turns 40".to_string())]
        );
        assert_eq!(
            whys("name = \"Ana\"\nbirthday = \"--11-23\"\n", NOW, 14),
            [(Group::Today, "birthday today".to_string())]
        );
        // A leap-day birthday falls on 28 February in a common year.
        assert_eq!(
            whys(
                "name = \"Ana\"\nbirthday = 1992-02-29\n",
                "2027-02-20T09:00:00+00:00",
                14
            ),
            [(Group::ComingUp, "birthday on Feb 28, turns 35".to_string())]
        );
        // Beyond the window: nothing; a wider window finds it.
        assert!(whys("name = \"Ana\"\nbirthday = \"--12-20\"\n", NOW, 14).is_empty());
        assert_eq!(
            whys("name = \"Ana\"\nbirthday = \"--12-20\"\n", NOW, 30)[0].0,
            Group::ComingUp
        );
    }

    #[test]
    fn todos_and_dates_are_grouped_and_asks_ride_along() {
        let text = "name = \"Ana\"\n[[date]]\nlabel = \"Work anniversary\"\non = 2019-11-24\n[[todo]]\ntext = \"Send the report\"\ndue = 2026-11-22\n[[todo]]\ntext = \"Later\"\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"x\"\nask = [\"How was the recital?\"]\n";
        assert_eq!(
            whys(text, NOW, 14),
            [
                (
                    Group::ThisWeek,
                    "Work anniversary tomorrow (7 years)".to_string()
                ),
                (
                    Group::Overdue,
                    "todo was due yesterday: Send the report".to_string()
                ),
                (Group::Overdue, "ask: How was the recital?".to_string()),
            ]
        );
        let index = Index {
            people: vec![summary(text)],
            ..Index::default()
        };
        let all = due(&index, &Clock::fixed(NOW), 14, &Defaults::default(), false);
        let kinds: Vec<&Kind> = all.iter().map(|i| &i.kind).collect();
        assert_eq!(kinds, [&Kind::Todo, &Kind::Ask, &Kind::Date]);
        assert_eq!(due_now(&all), 1);
        let text = to_text(&all, Some(80));
        assert!(
            text.starts_with("Overdue\n  Ana  todo was due yesterday"),
            "{text}"
        );
        assert!(text.contains("\nThis week\n"), "{text}");
    }

    #[test]
    fn on_a_terminal_lines_fit_by_display_width_and_stay_aligned() {
        let item = |slug: &str, name: &str| Item {
            slug: slug.into(),
            name: name.into(),
            group: Group::Overdue,
            kind: Kind::Todo,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            why: "todo was due 3 days ago: Send him the paper on warehouse robotics".into(),
            source: Source::Todo(1),
        };
        let all = [item("wang", "王小明"), item("bo", "Bo")];
        let text = to_text(&all, Some(40));
        let lines: Vec<&str> = text.lines().skip(1).collect();
        for l in &lines {
            assert!(crate::text::width_of(l) <= 40, "{l:?} is too wide");
            assert!(l.ends_with('…'), "{l:?}");
        }
        let at = |l: &str| crate::text::width_of(&l[..l.find("todo").unwrap()]);
        assert_eq!(at(lines[0]), at(lines[1]), "{text}");
        // Piped: whole.
        assert!(to_text(&all, None).contains("warehouse robotics\n"));
    }
}
