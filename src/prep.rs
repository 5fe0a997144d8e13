//! The prep sheet: what to read in the ten seconds before a meeting. One
//! struct built by one function; text, markdown, JSON and the TUI pane are
//! renderings of it, so they can never disagree.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::clock::{Clock, days_phrase, in_days_phrase};
use crate::model::{Person, YearDay};

/// How far ahead "coming up" looks.
pub const COMING_DAYS: i64 = 30;
/// How many recent entries the sheet condenses.
pub const RECENT: usize = 3;
/// Open asks older than this many days fold into one line of the sheet.
pub const ASK_DAYS: i64 = 90;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrepSheet {
    pub slug: String,
    pub name: String,
    pub aka: Vec<String>,
    /// "Head of Oncology IT at Siemens Healthineers".
    pub headline: Option<String>,
    pub reach: Vec<String>,
    pub met: Option<String>,
    pub last_contact: Option<LastContact>,
    pub cadence: Option<CadenceState>,
    /// Open asks of the last `ASK_DAYS` days, oldest first.
    pub ask_about: Vec<Ask>,
    /// Open asks older than that: one line on the sheet.
    pub older_asks: Vec<Ask>,
    pub coming: Vec<Coming>,
    pub open_loops: Vec<OpenLoop>,
    pub about: Vec<(String, String)>,
    pub recently: Vec<Recent>,
    pub connections: Vec<Connection>,
    pub introductions: Introductions,
    /// Why the last ten contacts happened, when any say so.
    pub balance: Option<Balance>,
    /// Whether private entries and `[about]` were left out (discreet mode).
    pub discreet: bool,
    /// What changed in the file's git history since the last contact; set
    /// by [`PrepSheet::with_since`] (reading git is not this module's job).
    pub since: Option<crate::history::Since>,
}

/// Reactive or proactive: the `why` of the last ten contacts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub contacts: usize,
    pub checkin: usize,
    pub social: usize,
    pub problem: usize,
    pub request: usize,
    /// Only problems and requests: you talk when something is wrong.
    pub reactive_only: bool,
}

impl Balance {
    pub fn of<'a>(contacts: impl Iterator<Item = &'a crate::model::Entry>) -> Option<Balance> {
        let mut b = Balance::default();
        for e in contacts.take(10) {
            b.contacts += 1;
            match e.why.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("checkin" | "check-in") => b.checkin += 1,
                Some("social") => b.social += 1,
                Some("problem") => b.problem += 1,
                Some("request") => b.request += 1,
                _ => {}
            }
        }
        let said = b.checkin + b.social + b.problem + b.request;
        if said == 0 {
            return None;
        }
        b.reactive_only = b.problem + b.request >= 3 && b.checkin + b.social == 0;
        Some(b)
    }

    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.checkin, "check-in", "check-ins"),
            (self.social, "social", "social"),
            (self.problem, "problem", "problems"),
            (self.request, "request", "requests"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        format!("Last {} contacts: {}", self.contacts, parts.join(", "))
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LastContact {
    pub date: NaiveDate,
    pub days_ago: i64,
    pub via: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CadenceState {
    pub every: String,
    pub due: NaiveDate,
    /// Positive: days overdue; negative: days left.
    pub overdue_days: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ask {
    /// `a1`, `a2`...: what `ties done WHO a1` and `ties log --asked a1` take.
    pub number: usize,
    pub text: String,
    pub from: NaiveDate,
    pub via: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coming {
    pub what: String,
    pub date: NaiveDate,
    pub in_days: i64,
    /// `what` is a note's own words, which say the date already.
    #[serde(skip)]
    pub in_text: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenLoop {
    pub number: usize,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub overdue_days: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recent {
    pub date: NaiveDate,
    pub via: String,
    pub text: String,
    pub private: bool,
    /// The others at a shared meeting, by name.
    pub with: Vec<String>,
}

/// "with Tom Brennan, Priya Raman" (empty when alone): how a shared
/// meeting is said on the sheet, the timeline and `ties show`.
pub fn with_phrase(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("with {}", names.join(", "))
    }
}

/// The names of the people in `with`, from the connections (which hold
/// everyone met together); a slug whose file is gone stays as written.
pub fn names_in(with: &[String], connections: &[Connection]) -> Vec<String> {
    with.iter()
        .map(|w| {
            connections
                .iter()
                .find(|c| &c.slug == w)
                .map_or_else(|| w.clone(), |c| c.name.clone())
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Connection {
    pub slug: String,
    pub name: String,
    pub why: String,
    /// A typed link, as seen from this person: "partner", "report".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// A connection's reason when you introduced this person to them.
pub const INTRO_MADE: &str = "you introduced them";
/// A connection's reason when this person introduced you to them.
pub const INTRO_RECEIVED: &str = "they introduced you";

/// The sheet's "Introductions" line: names, from the connections.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Introductions {
    /// You introduced this person to them.
    pub made: Vec<String>,
    /// This person introduced you to them.
    pub received: Vec<String>,
}

/// At most this many lines of connections on the sheet; the rest are "and N more".
pub const CONNECTION_LINES: usize = 5;

/// Builds the sheet. `connections` come from [`crate::network`];
/// `discreet` leaves out private entries and `[about]`.
pub fn prep(p: &Person, connections: Vec<Connection>, clock: &Clock, discreet: bool) -> PrepSheet {
    let today = clock.today();
    let visible = |private: bool| !(discreet && private);
    let headline = match (&p.role, &p.org) {
        (Some(r), Some(o)) => Some(format!("{r} at {o}")),
        (Some(r), None) => Some(r.clone()),
        (None, Some(o)) => Some(o.clone()),
        (None, None) => None,
    };
    let last = p
        .log
        .iter()
        .rev()
        .find(|e| e.is_contact() && visible(e.private));
    let last_contact = last.map(|e| {
        let date = e.at.date(clock);
        LastContact {
            date,
            days_ago: (today - date).num_days(),
            via: e.via.clone(),
        }
    });
    let cadence = p.cadence.and_then(|c| {
        let due = p.due_date(clock)?;
        Some(CadenceState {
            every: c.to_string(),
            due,
            overdue_days: (today - due).num_days(),
        })
    });

    // Asks stay until ticked; numbered among all of them, so a number
    // means the same ask in discreet mode.
    let (ask_about, older_asks): (Vec<Ask>, Vec<Ask>) = p
        .pending_asks()
        .into_iter()
        .enumerate()
        .filter(|(_, (e, _))| visible(e.private))
        .map(|(i, (e, a))| Ask {
            number: i + 1,
            text: crate::model::shown(a).to_string(),
            from: e.at.date(clock),
            via: e.via.clone(),
        })
        .partition(|a| (today - a.from).num_days() <= ASK_DAYS);

    let mut coming = Vec::new();
    let mut yearly = |what: String, day: &YearDay| {
        let next = day.next_on_or_after(today);
        let in_days = (next - today).num_days();
        if in_days <= COMING_DAYS {
            let what = match day.years_at(next) {
                Some(n) if what == "Birthday" => format!("Birthday, turns {n}"),
                Some(n) => format!("{what} ({n} years)"),
                None => what,
            };
            coming.push(Coming {
                what,
                date: next,
                in_days,
                in_text: false,
            });
        }
    };
    if let Some(b) = &p.birthday {
        yearly("Birthday".into(), b);
    }
    for d in &p.dates {
        yearly(
            if d.label.is_empty() {
                "Yearly date".into()
            } else {
                d.label.clone()
            },
            &d.on,
        );
    }
    // Dates mentioned in recent notes ("recital on Dec 5").
    for e in p.log.iter().filter(|e| visible(e.private)) {
        let written = e.at.date(clock);
        if (today - written).num_days() > 120 {
            continue;
        }
        for (date, what) in dates_in_text(e.shown_text(), written) {
            let in_days = (date - today).num_days();
            if (0..=COMING_DAYS).contains(&in_days)
                && !coming.iter().any(|c| c.date == date && c.what == what)
            {
                coming.push(Coming {
                    what,
                    date,
                    in_days,
                    in_text: true,
                });
            }
        }
    }
    coming.sort_by_key(|c| c.date);

    let mut open_loops: Vec<OpenLoop> = p
        .todos
        .iter()
        .filter(|t| !t.done)
        .map(|t| OpenLoop {
            number: t.number,
            text: t.text.clone(),
            due: t.due,
            overdue_days: t.due.map(|d| (today - d).num_days()),
        })
        .collect();
    // Overdue first (most overdue on top), then by due date, undated last.
    open_loops.sort_by_key(|l| match l.due {
        Some(d) => (0, d),
        None => (1, NaiveDate::MAX),
    });

    // Discreet: neither `[about]` nor the user's own keys (an imported
    // home address is one) are shown to whoever shares the screen.
    let mut about = Vec::new();
    if !discreet {
        // A fact no key here opens shows as locked, never as its armor.
        about.extend(
            p.about
                .iter()
                .map(|(k, v)| (k.clone(), crate::model::shown(v).to_string())),
        );
        about.extend(p.extra.iter().filter_map(|(k, v)| crate::extra::fact(k, v)));
    }

    let recently = p
        .log
        .iter()
        .rev()
        .filter(|e| visible(e.private))
        .take(RECENT)
        .map(|e| Recent {
            date: e.at.date(clock),
            via: e.via.clone(),
            text: condense(e.shown_text()),
            private: e.private,
            with: names_in(&e.with, &connections),
        })
        .collect();

    let names = |why: &str| {
        connections
            .iter()
            .filter(|c| c.why.split("; ").any(|w| w == why))
            .map(|c| c.name.clone())
            .collect()
    };
    let introductions = Introductions {
        made: names(INTRO_MADE),
        received: names(INTRO_RECEIVED),
    };

    PrepSheet {
        introductions,
        slug: p.slug.clone(),
        name: p.name.clone(),
        aka: p.aka.clone(),
        headline,
        reach: p
            .email
            .iter()
            .take(1)
            .chain(p.phone.iter().take(1))
            .cloned()
            .collect(),
        met: p.met.clone(),
        last_contact,
        cadence,
        ask_about,
        older_asks,
        coming,
        open_loops,
        about,
        recently,
        connections,
        balance: Balance::of(
            p.log
                .iter()
                .rev()
                .filter(|e| e.is_contact() && visible(e.private)),
        ),
        discreet,
        since: None,
    }
}

/// One line from a note: whitespace folded.
pub fn condense(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Dates written in a note as "Dec 5", "December 5th" or "5 Dec", taken as
/// the first such day on or after the note was written, with the clause
/// around them as the label.
pub fn dates_in_text(text: &str, written: NaiveDate) -> Vec<(NaiveDate, String)> {
    let words: Vec<(usize, &str)> = text
        .split_inclusive(|c: char| c.is_whitespace())
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len();
            Some((start, w))
        })
        .collect();
    let clean = |w: &str| {
        w.trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase()
    };
    let month_of = |w: &str| {
        let w = clean(w);
        (w.len() >= 3)
            .then(|| {
                MONTHS
                    .iter()
                    .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(&w)))
            })
            .flatten()
    };
    let day_of = |w: &str| {
        let w = clean(w);
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        if digits.is_empty() || digits.len() > 2 || !matches!(rest, "" | "st" | "nd" | "rd" | "th")
        {
            return None;
        }
        digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    let mut out = Vec::new();
    for i in 0..words.len() {
        let Some(m) = month_of(words[i].1) else {
            continue;
        };
        let (day, span_start, span_end) =
            if let Some(d) = words.get(i + 1).and_then(|w| day_of(w.1)) {
                (d, i, i + 1)
            } else if let Some(d) = i.checked_sub(1).and_then(|j| day_of(words[j].1)) {
                (d, i - 1, i)
            } else {
                continue;
            };
        let mut date = None;
        for year in [written.year(), written.year() + 1] {
            if let Some(d) = NaiveDate::from_ymd_opt(year, m as u32 + 1, day)
                && d >= written
            {
                date = Some(d);
                break;
            }
        }
        let Some(date) = date else { continue };
        let last = words[span_end]
            .1
            .trim_end()
            .trim_end_matches(|c: char| !c.is_alphanumeric());
        out.push((
            date,
            clause(text, words[span_start].0, words[span_end].0 + last.len()),
        ));
    }
    out
}

fn full_month(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "sept",
        "october",
        "november",
        "december",
    ]
    .contains(&w)
}

/// The sentence around bytes `start..end` of `text`, shortened.
/// The date itself always stays in: a long sentence loses words before
/// it rather than the date (the prep sheet does not repeat the date).
fn clause(text: &str, start: usize, end: usize) -> String {
    let is_stop = |c: char| matches!(c, '.' | '!' | '?' | ';' | '\n');
    let mut from = text[..start].rfind(is_stop).map(|i| i + 1).unwrap_or(0);
    let to = text[end..]
        .find(is_stop)
        .map(|i| end + i)
        .unwrap_or(text.len());
    let mut lead = "";
    while condense(&text[from..end]).chars().count() > 50 && from < start {
        // The next word boundary after `from`, never past the date.
        let next = text[from..start]
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_whitespace())
            .map_or(start, |(i, _)| from + i);
        from = next;
        lead = "…";
    }
    let s = format!("{lead}{}", condense(&text[from..to]));
    shorten(&s, 60)
}

/// A width no line reaches: the sheet whole, for markdown and pipes (and
/// room for the `width * 2` of the About lines).
const UNCUT: usize = usize::MAX / 4;

/// Cuts `s` to at most `max` display columns, with an ellipsis when cut
/// (never inside a character: see [`crate::text::fit`]).
pub fn shorten(s: &str, max: usize) -> String {
    crate::text::fit(s, max)
}

impl PrepSheet {
    /// The sheet with its "Since <last contact>" section: from
    /// [`crate::history::since`], computed where git may be read.
    pub fn with_since(mut self, since: Option<crate::history::Since>) -> PrepSheet {
        self.since = since;
        self
    }

    /// Plain text, at most `width` columns wide where it can be; with no
    /// width (output to a pipe), nothing is cut.
    /// A line wider than the terminal wraps under itself, indented, rather
    /// than being cut: every fact on the sheet may matter.
    pub fn to_text(&self, width: Option<usize>) -> String {
        let mut out = Vec::new();
        for l in self.lines(width.unwrap_or(UNCUT)) {
            match width {
                Some(w) if crate::text::width_of(&l.text) > w => {
                    let body = l.text.trim_start();
                    let lead = &l.text[..l.text.len() - body.len()];
                    let rest = format!("{lead}  ");
                    out.extend(crate::text::wrap_hanging(body, w.max(20), lead, &rest));
                }
                _ => out.push(l.text),
            }
        }
        out.join("\n") + "\n"
    }

    /// The sheet as styled lines, for both the CLI and the TUI.
    pub fn lines(&self, width: usize) -> Vec<Line> {
        let width = width.max(20);
        let mut out = Vec::new();
        let mut title = self.name.clone();
        if !self.aka.is_empty() {
            title.push_str(&format!(" ({})", self.aka.join(", ")));
        }
        if self.discreet {
            title.push_str("  [discreet]");
        }
        out.push(Line::new(Kind::Title, title));
        if let Some(h) = &self.headline {
            out.push(Line::new(Kind::Plain, h.clone()));
        }
        if let Some(m) = &self.met {
            out.push(Line::new(Kind::Plain, format!("Met: {m}")));
        }
        let mut contact = match &self.last_contact {
            Some(l) => format!("Last contact: {}, {}", days_phrase(l.days_ago), l.via),
            None => "Last contact: none yet".to_string(),
        };
        let mut overdue = false;
        if let Some(c) = &self.cadence {
            if c.overdue_days > 0 {
                overdue = true;
                contact.push_str(&format!(
                    " · OVERDUE by {} (every {})",
                    plural(c.overdue_days, "day"),
                    c.every
                ));
            } else if c.overdue_days == 0 {
                contact.push_str(&format!(" · due today (every {})", c.every));
            } else {
                contact.push_str(&format!(
                    " · next {} (every {})",
                    in_days_phrase(-c.overdue_days),
                    c.every
                ));
            }
        }
        out.push(Line::new(
            if overdue { Kind::Warn } else { Kind::Plain },
            contact,
        ));
        if !self.reach.is_empty() {
            out.push(Line::new(Kind::Dim, self.reach.join(" · ")));
        }
        if let Some(b) = &self.balance {
            out.push(Line::new(Kind::Dim, b.sentence()));
            if b.reactive_only {
                out.push(Line::new(
                    Kind::Warn,
                    "You only talk when something is wrong: call just to check in.".into(),
                ));
            }
        }

        if let Some(s) = &self.since {
            // Dates with their year once the contact is that far back.
            let long = self.last_contact.as_ref().is_some_and(|l| l.days_ago > 300);
            let day = |d: NaiveDate| match long {
                true => d.format("%b %-d, %Y").to_string(),
                false => short_date(d),
            };
            out.push(Line::blank());
            out.push(Line::new(Kind::Heading, format!("Since {}", day(s.date))));
            for c in &s.changes {
                out.push(Line::new(
                    Kind::Item,
                    format!("• {} ({})", c.sentence(), day(c.date)),
                ));
            }
        }
        if !self.ask_about.is_empty() || !self.older_asks.is_empty() || !self.coming.is_empty() {
            out.push(Line::blank());
            out.push(Line::new(Kind::Heading, "Ask about".into()));
            for a in &self.ask_about {
                out.push(Line::new(
                    Kind::Item,
                    format!(
                        "• a{} {} ({} {})",
                        a.number,
                        a.text,
                        a.via,
                        short_date(a.from)
                    ),
                ));
            }
            if !self.older_asks.is_empty() {
                let n = self.older_asks.len();
                let numbers: Vec<String> = self
                    .older_asks
                    .iter()
                    .map(|a| format!("a{}", a.number))
                    .collect();
                out.push(Line::new(
                    Kind::Dim,
                    format!(
                        "• {n} older ask{} ({}), still open",
                        if n == 1 { "" } else { "s" },
                        numbers.join(", ")
                    ),
                ));
            }
            for c in &self.coming {
                // "recital on Dec 5 (in 3 days)", not "… Dec 5 — Dec 5".
                let line = if c.in_text {
                    format!("• {} ({})", c.what, in_days_phrase(c.in_days))
                } else {
                    format!(
                        "• {} — {} ({})",
                        c.what,
                        short_date(c.date),
                        in_days_phrase(c.in_days)
                    )
                };
                out.push(Line::new(Kind::Item, line));
            }
        }
        if !self.open_loops.is_empty() {
            out.push(Line::blank());
            out.push(Line::new(Kind::Heading, "Open loops".into()));
            for l in &self.open_loops {
                let (kind, when) = match (l.due, l.overdue_days) {
                    (Some(d), Some(o)) if o > 0 => {
                        (Kind::Warn, format!(" — OVERDUE, was due {}", short_date(d)))
                    }
                    (Some(d), Some(0)) => (Kind::Warn, format!(" — due today {}", short_date(d))),
                    (Some(d), _) => (Kind::Item, format!(" — due {}", short_date(d))),
                    _ => (Kind::Item, String::new()),
                };
                out.push(Line::new(kind, format!("[{}] {}{when}", l.number, l.text)));
            }
        }
        if !self.about.is_empty() {
            out.push(Line::blank());
            out.push(Line::new(Kind::Heading, "About".into()));
            for (k, v) in &self.about {
                out.push(Line::new(
                    Kind::Item,
                    shorten(&format!("{k}: {}", condense(v)), width * 2),
                ));
            }
        }
        if !self.recently.is_empty() {
            out.push(Line::blank());
            out.push(Line::new(Kind::Heading, "Recently".into()));
            for r in &self.recently {
                let lock = if r.private { " (private)" } else { "" };
                let with = match with_phrase(&r.with) {
                    w if w.is_empty() => w,
                    w => format!(" {w}"),
                };
                let head = format!("{} {}{with}{lock}: ", short_date(r.date), r.via);
                let room = width.saturating_sub(crate::text::width_of(&head)).max(10);
                out.push(Line::new(
                    Kind::Item,
                    format!("{head}{}", shorten(&r.text, room)),
                ));
            }
        }
        let intros = &self.introductions;
        if !intros.made.is_empty() || !intros.received.is_empty() {
            let mut parts = Vec::new();
            if !intros.made.is_empty() {
                parts.push(format!("you introduced them to {}", intros.made.join(", ")));
            }
            if !intros.received.is_empty() {
                parts.push(format!(
                    "they introduced you to {}",
                    intros.received.join(", ")
                ));
            }
            out.push(Line::blank());
            out.push(Line::new(
                Kind::Item,
                format!("Introductions: {}", parts.join("; ")),
            ));
        }
        // Introductions say who on their own line; the rest, grouped
        // (typed links, then the same org, then mentions), one a line.
        let shown: Vec<&Connection> = self
            .connections
            .iter()
            .filter(|c| {
                c.relation.is_some()
                    || c.why
                        .split("; ")
                        .any(|w| w != INTRO_MADE && w != INTRO_RECEIVED)
            })
            .collect();
        if !shown.is_empty() {
            // No heading line, so the sheet still fits 24 rows: the first
            // on the "Connections:" line, the others indented under it.
            out.push(Line::blank());
            let room = if shown.len() > CONNECTION_LINES {
                CONNECTION_LINES - 1
            } else {
                shown.len()
            };
            for (n, c) in shown[..room].iter().enumerate() {
                let why: Vec<&str> = c
                    .why
                    .split("; ")
                    .filter(|w| *w != INTRO_MADE && *w != INTRO_RECEIVED)
                    .collect();
                let text = match &c.relation {
                    Some(r) => format!("{r}: {}", c.name),
                    None => format!("{} ({})", c.name, why.join("; ")),
                };
                let lead = if n == 0 { "Connections: " } else { "  " };
                out.push(Line::new(
                    Kind::Item,
                    shorten(&format!("{lead}{text}"), width),
                ));
            }
            if shown.len() > room {
                out.push(Line::new(
                    Kind::Dim,
                    format!("  and {} more", shown.len() - room),
                ));
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut s = format!("# {}\n", self.name);
        for l in self.lines(UNCUT).into_iter().skip(1) {
            // Connections under the first are indented in text, not here.
            let text = l.text.trim_start();
            let text = text.strip_prefix("• ").unwrap_or(text);
            match l.kind {
                Kind::Heading => s.push_str(&format!("## {text}\n\n")),
                Kind::Blank => s.push('\n'),
                Kind::Item | Kind::Warn => s.push_str(&format!("- {text}\n")),
                _ => s.push_str(&format!("{text}  \n")),
            }
        }
        s
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// "Nov 20".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%b %-d").to_string()
}

/// How a line of the sheet should look; the faces choose the styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Title,
    Heading,
    Plain,
    Dim,
    Item,
    Warn,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: Kind,
    pub text: String,
}

impl Line {
    fn new(kind: Kind, text: String) -> Line {
        Line { kind, text }
    }
    fn blank() -> Line {
        Line {
            kind: Kind::Blank,
            text: String::new(),
        }
    }
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn finds_dates_in_notes() {
        let found = dates_in_text(
            "Bia's cello recital is on Dec 5. Budget freeze worries her.",
            d("2026-11-20"),
        );
        assert_eq!(
            found,
            [(
                d("2026-12-05"),
                "Bia's cello recital is on Dec 5".to_string()
            )]
        );
        let found = dates_in_text("Offsite 3rd March, then leave", d("2026-11-20"));
        assert_eq!(found[0].0, d("2027-03-03"));
        assert!(dates_in_text("May I call you on 40 Jan?", d("2026-11-20")).is_empty());
        assert!(dates_in_text("Marching on", d("2026-11-20")).is_empty());
        // A long sentence keeps its date, losing words before it instead.
        let found = dates_in_text(
            "We went through the whole onboarding plan, the training schedule and the budget, and she presents it to finance on Dec 4 after the board",
            d("2026-11-20"),
        );
        assert!(found[0].1.contains("on Dec 4"), "{:?}", found[0].1);
        assert!(found[0].1.starts_with('…'), "{:?}", found[0].1);
    }

    #[test]
    fn a_date_from_a_note_is_not_said_twice() {
        let p = crate::store::parse_loaded(
            "dana",
            b"name = \"Dana\"\n[[log]]\nat = 2026-11-20T10:00:00-05:00\nvia = \"call\"\ntext = \"She presents to finance on Dec 4.\"\n",
        )
        .unwrap()
        .person;
        let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
        let text = prep(&p, Vec::new(), &clock, false).to_text(Some(80));
        assert!(
            text.contains("She presents to finance on Dec 4 (in 11 days)"),
            "{text}"
        );
        assert!(!text.contains("Dec 4 — Dec 4"), "{text}");
    }

    #[test]
    fn flags_a_person_you_only_talk_to_when_something_is_wrong() {
        let mut text = String::from("name = \"Ana\"\n");
        for (i, why) in ["problem", "request", "problem", "problem"]
            .iter()
            .enumerate()
        {
            text.push_str(&format!(
                "[[log]]\nat = 2026-11-{:02}\nvia = \"call\"\ntext = \"x\"\nwhy = \"{why}\"\n",
                i + 1
            ));
        }
        let (_, p) = crate::store::parse::parse("ana", text.as_bytes()).unwrap();
        let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
        let sheet = prep(&p, Vec::new(), &clock, false);
        let b = sheet.balance.clone().unwrap();
        assert_eq!((b.contacts, b.problem, b.request, b.checkin), (4, 3, 1, 0));
        assert!(b.reactive_only);
        let lines = sheet.to_text(Some(80));
        assert!(
            lines.contains("Last 4 contacts: 3 problems, 1 request"),
            "{lines}"
        );
        assert!(
            lines.contains("only talk when something is wrong"),
            "{lines}"
        );
        // One check-in among them lifts the flag.
        let text = text.replace("why = \"request\"", "why = \"checkin\"");
        let (_, p) = crate::store::parse::parse("ana", text.as_bytes()).unwrap();
        assert!(
            !prep(&p, Vec::new(), &clock, false)
                .balance
                .unwrap()
                .reactive_only
        );
    }
}
