//! The calendar feed: what `ties due` says, as an iCalendar (RFC 5545) file a
//! phone's calendar can subscribe to, and the one-line "who is due today" a
//! desktop notification shows. Built from [`crate::due::due`] itself, so the
//! feed and the due list never disagree.
//!
//! Discreet by design: names and the reason only. No `[about]` facts, no
//! notes, no log text, no asks; [`with_sheets`] adds what the caller chooses
//! (the discreet prep sheet, for `--full`).
//!
//! What lands where:
//! - birthdays and `[[date]]` entries: yearly all-day events from their year
//!   (this year when none is known); 29 February falls on 28 February in
//!   common years, as in the due list (`BYMONTH=2;BYMONTHDAY=-1`);
//! - todos with a due date, cadence check-ins, introduction follow-ups: one
//!   all-day event on their date, or on today when it has passed (an
//!   overdue reminder in the past is one nobody sees); the description
//!   keeps the date it was due.

use chrono::{Datelike, NaiveDate};

use crate::clock::Clock;
use crate::due::{Defaults, Group, Item, Kind, Source};
use crate::index::{Index, Summary};
use crate::model::YearDay;

/// One all-day event of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The person's slug and which of their reasons this is, never its
    /// date or words: a calendar app updates the event rather than adding
    /// another when the date or the text changes.
    pub uid: String,
    pub slug: String,
    pub start: NaiveDate,
    /// `Some(rule)` for a yearly event.
    pub rrule: Option<&'static str>,
    /// "Ana Lima: birthday": what a lock screen shows.
    pub summary: String,
    /// One line, with the dates spelled out; [`with_sheets`] adds more.
    pub description: String,
}

const YEARLY: &str = "FREQ=YEARLY";
/// The last day of February: the 29th in leap years, the 28th otherwise.
const YEARLY_LAST_OF_FEBRUARY: &str = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1";

/// Every event of the feed: everything `ties due` would ever list (no
/// window), without asks (they are not dated and are log text). Sorted by
/// UID, so a feed rewritten after small changes differs in small places.
pub fn events(index: &Index, clock: &Clock, defaults: &Defaults) -> Vec<Event> {
    let today = clock.today();
    let items = crate::due::due(index, clock, i64::MAX, defaults, true);
    let mut out: Vec<Event> = items
        .iter()
        .filter_map(|i| {
            let s = person(index, &i.slug)?;
            event(i, s, index, defaults, today)
        })
        .collect();
    // Two introductions of the same two people: the later ones `-2`,
    // `-3` in the order the due list gives them (the file's).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for e in &mut out {
        let n = seen.entry(e.uid.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.uid = match e.uid.rsplit_once('@') {
                Some((id, host)) => format!("{id}-{n}@{host}"),
                None => format!("{}-{n}", e.uid),
            };
        }
    }
    out.sort_by(|a, b| a.uid.cmp(&b.uid));
    out
}

/// The summary of `slug` (people are sorted by slug).
fn person<'a>(index: &'a Index, slug: &str) -> Option<&'a Summary> {
    index
        .people
        .binary_search_by(|p| p.slug.as_str().cmp(slug))
        .ok()
        .and_then(|at| index.people.get(at))
}

fn event(
    i: &Item,
    s: &Summary,
    index: &Index,
    defaults: &Defaults,
    today: NaiveDate,
) -> Option<Event> {
    let name = one_line(&s.name);
    // Passed: today, where it will be seen; the description keeps the date.
    let start = i.date.max(today);
    let was = if i.group == Group::Overdue {
        format!("was due {}", long_date(i.date))
    } else {
        format!("due {}", long_date(i.date))
    };
    let (what, summary, description, rrule) = match &i.source {
        Source::Ask => return None,
        Source::Birthday => {
            let day = s.birthday?;
            let born = day
                .year
                .map(|y| format!(", born in {y}"))
                .unwrap_or_default();
            (
                "birthday".to_string(),
                format!("{name}: birthday"),
                format!("{name}'s birthday{born}"),
                Some(day),
            )
        }
        Source::Date(n) => {
            let (label, day) = s.dates.get(n.checked_sub(1)?)?;
            let label = if label.trim().is_empty() {
                "yearly date".to_string()
            } else {
                one_line(label)
            };
            let since = day.year.map(|y| format!(", since {y}")).unwrap_or_default();
            (
                format!("date-{n}"),
                format!("{name}: {label}"),
                format!("{label} ({name}){since}"),
                Some(*day),
            )
        }
        Source::Cadence => {
            // Not when or how you last spoke: that contact may be private.
            let c = defaults.cadence(s.cadence, &s.tags)?;
            (
                "checkin".to_string(),
                format!("{name}: check in"),
                format!("Check in with {name} (every {c}); {was}"),
                None,
            )
        }
        Source::Todo(n) => {
            let (_, text, _) = s.open_todos.iter().find(|(k, _, _)| k == n)?;
            (
                format!("todo-{n}"),
                format!("{name}: {}", one_line(text)),
                format!("Todo for {name}, {was}"),
                None,
            )
        }
        Source::Intro(with) => {
            let other = person(index, with).map_or_else(|| with.clone(), |o| one_line(&o.name));
            (
                format!("intro/{with}"),
                format!("{name}: ask how the introduction to {other} went"),
                format!("Follow up the introduction of {name} to {other}; {was}"),
                None,
            )
        }
    };
    let (start, rrule) = match rrule {
        Some(day) => first_of(&day, today),
        None => (start, None),
    };
    Some(Event {
        uid: format!("{}/{what}@ties", s.slug),
        slug: s.slug.clone(),
        start,
        rrule,
        summary,
        description,
    })
}

/// A yearly day's first occurrence and rule: from its year (never later
/// than this year, so it has come by the time the due list says it comes
/// round), else from this year.
fn first_of(day: &YearDay, today: NaiveDate) -> (NaiveDate, Option<&'static str>) {
    let year = day.year.unwrap_or(today.year()).min(today.year()).max(1);
    // The same rule as the due list: the day, else the last of its month.
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let start = day.next_on_or_after(jan1);
    let rule = if (day.month, day.day) == (2, 29) {
        YEARLY_LAST_OF_FEBRUARY
    } else {
        YEARLY
    };
    (start, Some(rule))
}

/// "Oct 13, 2026".
fn long_date(d: NaiveDate) -> String {
    d.format("%b %-d, %Y").to_string()
}

/// Text for one line: line breaks (and other control characters) become
/// spaces, so a name or a todo never breaks a lock screen's line.
pub fn one_line(s: &str) -> String {
    let s = s.replace("\r\n", " ");
    s.chars()
        .map(|c| match c {
            c if c.is_control() => ' ',
            // Bidirectional overrides would reorder a lock screen's line.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => ' ',
            c => c,
        })
        .collect()
}

/// Adds to each event's description the text `sheet` gives for its person
/// (`--full`: the discreet prep sheet), after a blank line.
pub fn with_sheets(events: &mut [Event], mut sheet: impl FnMut(&str) -> Option<String>) {
    let mut cache: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    for e in events {
        let text = cache
            .entry(e.slug.clone())
            .or_insert_with(|| sheet(&e.slug));
        if let Some(t) = text {
            e.description = format!("{}\n\n{}", e.description, t.trim_end());
        }
    }
}

/// The feed as iCalendar text: CRLF line ends, lines folded at 75 octets,
/// text escaped. DTSTAMP is the clock's now, so the same vault at the same
/// moment gives the same bytes.
pub fn to_ics(events: &[Event], clock: &Clock) -> String {
    let stamp = clock
        .now
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut out = String::new();
    let mut line = |l: &str| fold_into(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//ties//due feed//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line("X-WR-CALNAME:ties");
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&e.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", ics_date(e.start)));
        let end = e.start.succ_opt().unwrap_or(e.start);
        line(&format!("DTEND;VALUE=DATE:{}", ics_date(end)));
        if let Some(rule) = e.rrule {
            line(&format!("RRULE:{rule}"));
        }
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        line(&format!("DESCRIPTION:{}", escape(&e.description)));
        // A reminder, not a meeting: the day stays free.
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, and line
/// breaks as `\n`; other control characters, which TEXT may not hold, as
/// spaces.
fn escape(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so no line is longer than 75 octets (a
/// continuation starts with a space), never inside a UTF-8 sequence.
fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The feed could not be written; says which file and why, in one sentence.
#[derive(Debug, thiserror::Error)]
#[error("could not write the calendar feed to {}: {reason}", path.display())]
pub struct WriteError {
    pub path: std::path::PathBuf,
    pub reason: String,
}

/// Writes the feed to `path` atomically (a temporary file in the same
/// folder, then a rename): a calendar app reading it meanwhile gets the
/// old feed or the new one, never half. A missing folder is not created:
/// it is more likely a typo than a wish. The file keeps its permissions
/// when it exists (so a `chmod` to publish it sticks), else `0600`.
///
/// A link is followed, so a feed linked into a synced folder is updated
/// there. ties writes over nothing but a feed: not a file of the vault's
/// own (a person file, the inbox, anything under `.ties/` or `.git/`), not
/// a device, and not a file that holds something other than a calendar.
pub fn write(
    path: &std::path::Path,
    ics: &str,
    vault: Option<&crate::store::Vault>,
) -> Result<(), WriteError> {
    use std::path::Path;
    let err = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    // The link's target, when it is one; the path as given otherwise.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(t) => t,
            // A link to a feed not written yet: where it points.
            Err(_) => {
                let t =
                    std::fs::read_link(path).map_err(|e| err(crate::store::fsutil::plain(&e)))?;
                path.parent().map_or(t.clone(), |p| p.join(&t))
            }
        },
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(err(format!("the folder {} does not exist", dir.display())));
    }
    if let Some(v) = vault {
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let (root, here) = (
            real(v.root()),
            real(dir).join(target.file_name().unwrap_or_default()),
        );
        let own = [
            "people",
            ".ties",
            ".git",
            "inbox.md",
            ".gitignore",
            ".gitattributes",
            "recipients.txt",
        ]
        .iter()
        .any(|o| here.starts_with(root.join(o)));
        if own {
            return Err(err(
                "it is one of the vault's own files, which a feed must never replace".into(),
            ));
        }
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => return Err(err("that is a folder".into())),
        Ok(m) if !m.is_file() => return Err(err("it is not a regular file".into())),
        Ok(m) if m.len() > 0 => {
            let mut head = [0u8; 15];
            let n = std::fs::File::open(&target)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .map_err(|e| err(crate::store::fsutil::plain(&e)))?;
            if n < head.len() || !head.eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
                return Err(err(
                    "it holds something other than a calendar feed, which ties will not write over"
                        .into(),
                ));
            }
        }
        _ => {}
    }
    // The same events as the file holds: left as it is, so a feed kept in
    // a synced folder or in the vault's git is not rewritten (and
    // committed) for a new DTSTAMP alone.
    if let Ok(old) = std::fs::read_to_string(&target)
        && unstamped(&old) == unstamped(ics)
    {
        return Ok(());
    }
    crate::store::fsutil::write_atomic(&target, ics.as_bytes(), dir, None).map_err(|e| match e {
        crate::store::StoreError::Io { err: io, .. } => err(crate::store::fsutil::plain(&io)),
        other => err(other.to_string()),
    })
}

/// A feed without its DTSTAMP lines (the moment it was made).
fn unstamped(ics: &str) -> Vec<&str> {
    ics.split("\r\n")
        .filter(|l| !l.starts_with("DTSTAMP:"))
        .collect()
}

/// The feed the config names (`feed = "PATH"`), refreshed after every sync
/// by both faces: `ties sync` and the TUI's `s`.
#[derive(Debug, Clone)]
pub struct Refresh {
    pub path: std::path::PathBuf,
    pub defaults: crate::due::Defaults,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Index(#[from] crate::store::StoreError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Refresh {
    /// Writes the discreet feed from the vault as it is now.
    pub fn run(&self, vault: &crate::store::Vault, clock: &Clock) -> Result<(), RefreshError> {
        let index = Index::load(vault, false, None)?;
        let ics = to_ics(&events(&index, clock, &self.defaults), clock);
        Ok(write(&self.path, &ics, Some(vault))?)
    }

    /// What a sync says after it: the feed refreshed, or why not.
    pub fn after_sync(&self, vault: &crate::store::Vault, clock: &Clock) -> String {
        match self.run(vault, clock) {
            Ok(()) => format!("refreshed the calendar feed {}", self.path.display()),
            Err(e) => format!("but {e}"),
        }
    }
}

/// What a desktop notification says of who is due today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// "3 people today".
    pub title: String,
    /// "Ana Lima (birthday), Tom Brennan (todo), Bo Li (check-in)".
    pub body: String,
}

impl Note {
    /// Title and body on one line, for a terminal or a log.
    pub fn line(&self) -> String {
        format!("{}: {}", self.title, self.body)
    }
}

/// At most this many people are named; the rest are "and N more".
pub const NOTE_PEOPLE: usize = 5;

/// Who is due today (or overdue) from the due list, each with the kind of
/// their reasons, discreetly: no todo text, no asks. `None` when nobody is.
pub fn today_note(items: &[Item], index: &Index) -> Option<Note> {
    let mut people: Vec<(&str, String, Vec<String>)> = Vec::new();
    for i in items
        .iter()
        .filter(|i| i.group <= Group::Today && i.kind != Kind::Ask)
    {
        let reason = match &i.source {
            Source::Cadence => "check-in".to_string(),
            Source::Birthday => "birthday".to_string(),
            Source::Date(n) => person(index, &i.slug)
                .and_then(|s| s.dates.get(n.checked_sub(1)?))
                .map(|(l, _)| one_line(l))
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| "yearly date".into()),
            Source::Todo(_) => "todo".to_string(),
            Source::Intro(_) => "introduction".to_string(),
            Source::Ask => continue,
        };
        match people.iter_mut().find(|(slug, _, _)| *slug == i.slug) {
            Some((_, _, reasons)) => {
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            None => people.push((&i.slug, one_line(&i.name), vec![reason])),
        }
    }
    if people.is_empty() {
        return None;
    }
    let n = people.len();
    let mut named: Vec<String> = people
        .iter()
        .take(NOTE_PEOPLE)
        .map(|(_, name, reasons)| format!("{name} ({})", reasons.join(", ")))
        .collect();
    if n > NOTE_PEOPLE {
        named.push(format!("and {} more", n - NOTE_PEOPLE));
    }
    Some(Note {
        title: if n == 1 {
            "1 person today".into()
        } else {
            format!("{n} people today")
        },
        body: named.join(", "),
    })
}

#[cfg(test)]
mod tests;
