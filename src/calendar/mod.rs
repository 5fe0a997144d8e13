//! Meetings from the user's own calendar files (`.ics`, or folders of them as
//! vdirsyncer, khal or Evolution keep them). No network.
//!
//! ties reads iCalendar itself: `ics` turns text into components, `zone`
//! knows IANA names, Windows names and the VTIMEZONE blocks files define,
//! `rrule` expands repeat rules over the asked window only, and `event`
//! groups a series with its moved occurrences. Checked against python's
//! `icalendar` + `recurring-ical-events` by `scripts/calendar-oracle.sh`.

mod event;
pub mod ics;
pub mod rrule;
mod windows;
pub mod zone;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::clock::Clock;
use crate::fold::fold;
use crate::index::Index;

pub use zone::Zone;

/// Text from a calendar made fit for a message: control characters (a
/// terminal escape in an invitation's title) dropped, and at most `max`
/// characters.
pub(crate) fn plain(s: &str, max: usize) -> String {
    // Most text needs nothing done: one pass to check.
    let tidy = s.len() <= max
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.chars().any(|c| c.is_control());
    if tidy {
        return s.to_string();
    }
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    crate::prep::shorten(&clean, max)
}

/// Files larger than this are not calendars a person keeps by hand.
const MAX_FILE: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub name: Option<String>,
    pub email: Option<String>,
    /// The person in the vault, when ties knows them.
    pub slug: Option<String>,
    /// The organizer (often the user): not listed when ties does not know them.
    pub organizer: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub title: String,
    /// In the viewer's zone, with its offset at that instant. All day: the
    /// viewer's midnight of the first day.
    pub start: DateTime<FixedOffset>,
    /// Never before `start`; all day: midnight after the last day.
    pub end: DateTime<FixedOffset>,
    pub all_day: bool,
    /// STATUS:CANCELLED: still listed, marked, and never "next".
    pub cancelled: bool,
    pub location: Option<String>,
    pub attendees: Vec<Attendee>,
    /// For an event over several days, on `on_day`: (day k, of n).
    pub part: Option<(u32, u32)>,
}

impl Meeting {
    /// The time column, 11 characters wide: `09:00–10:00`, `all day`, and
    /// for a meeting over several days `09:00–…` then `…–11:00`.
    pub fn when(&self) -> String {
        let hm = |t: &DateTime<FixedOffset>| t.format("%H:%M").to_string();
        let text = match (self.all_day, self.part) {
            (true, _) => "all day".to_string(),
            (false, Some((k, n))) if k == 1 && n > 1 => format!("{}–…", hm(&self.start)),
            (false, Some((k, n))) if k == n => format!("…–{}", hm(&self.end)),
            (false, Some(_)) => "all day".to_string(),
            (false, None) if self.end == self.start => hm(&self.start),
            (false, None) => format!("{}–{}", hm(&self.start), hm(&self.end)),
        };
        format!("{text:<11}")
    }

    /// What to say after the title: `(continues, day 2 of 3)`, `(cancelled)`.
    pub fn remark(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.cancelled {
            parts.push("cancelled".to_string());
        }
        match self.part {
            Some((1, n)) => parts.push(format!("day 1 of {n}")),
            Some((k, n)) => parts.push(format!("continues, day {k} of {n}")),
            None => {}
        }
        (!parts.is_empty()).then(|| format!("({})", parts.join("; ")))
    }
}

/// One calendar file: its events, by UID. Series are put together when
/// asked, across every calendar read, so a change in another file of a
/// folder still finds its series.
#[derive(Debug, Clone)]
pub struct Calendar {
    events: Vec<(Option<String>, event::Event)>,
}

/// Reads calendar text; problems are plain sentences naming `name`.
pub fn parse(name: &str, text: &str) -> (Calendar, Vec<String>) {
    let (top, trouble) = ics::parse(text);
    let mut notes = Vec::new();
    let mut said = HashSet::new();
    let mut events = Vec::new();
    let file: Arc<str> = Arc::from(name);
    // A file may hold several VCALENDARs, or bare VEVENTs.
    let mut calendars: Vec<&ics::Component> =
        top.iter().filter(|c| c.kind == "VCALENDAR").collect();
    let bare = ics::Component {
        kind: "VCALENDAR".into(),
        props: Vec::new(),
        children: top.iter().filter(|c| c.kind == "VEVENT").cloned().collect(),
    };
    if !bare.children.is_empty() {
        calendars.push(&bare);
    }
    for cal in calendars {
        let defined: Vec<Arc<zone::Defined>> = cal
            .children
            .iter()
            .filter(|c| c.kind == "VTIMEZONE")
            .filter_map(zone::Defined::from_component)
            .map(Arc::new)
            .collect();
        let mut floating = None;
        if let Some(p) = cal.prop("X-WR-TIMEZONE") {
            match zone::find(&p.value, &defined) {
                zone::Found::Known(z) => floating = Some(z),
                _ => notes.push(format!(
                    "{name}: the calendar's time zone `{}` is unknown, so its floating times were read as local time",
                    plain(&p.value, 60)
                )),
            }
        }
        let mut cx = event::Context {
            name,
            file: file.clone(),
            floating,
            defined: &defined,
            notes: &mut notes,
            said: &mut said,
        };
        for c in cal.children.iter().filter(|c| c.kind == "VEVENT") {
            if let Some(ev) = cx.event(c) {
                let uid = c
                    .prop("UID")
                    .map(|p| p.value.trim().to_string())
                    .filter(|u| !u.is_empty());
                events.push((uid, ev));
            }
        }
    }
    let (bad, first) = trouble.bad_lines;
    if bad > 0 {
        notes.push(format!(
            "{name}: {bad} line{} that {} not calendar properties {} skipped (the first is line {first})",
            if bad == 1 { "" } else { "s" },
            if bad == 1 { "is" } else { "are" },
            if bad == 1 { "was" } else { "were" },
        ));
    }
    if let Some(kind) = trouble.unclosed.first() {
        notes.push(format!(
            "{name}: the file ends inside a {} that is never closed; what it holds was read",
            plain(kind, 30)
        ));
    }
    if trouble.too_deep > 0 {
        notes.push(format!(
            "{name}: components nest more than 16 deep; the {} lines inside them were skipped",
            trouble.too_deep
        ));
    }
    if top
        .iter()
        .all(|c| c.kind != "VCALENDAR" && c.kind != "VEVENT")
    {
        notes.push(format!(
            "{name}: there is no calendar in this file (no BEGIN:VCALENDAR)"
        ));
    }
    (Calendar { events }, notes)
}

/// The calendars found under the given files and folders, and what could not
/// be read (one plain sentence each, naming the file).
pub fn load(sources: &[PathBuf]) -> (Vec<Calendar>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for s in sources {
        collect(s, &mut files, &mut problems, 0);
    }
    let mut cals = Vec::new();
    for f in files {
        match std::fs::metadata(&f) {
            Ok(m) if m.len() > MAX_FILE => {
                problems.push(format!("{}: too large for a calendar file", f.display()));
                continue;
            }
            _ => {}
        }
        let text = match std::fs::read(&f) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                problems.push(format!(
                    "{}: {}",
                    f.display(),
                    crate::store::fsutil::plain(&e)
                ));
                continue;
            }
        };
        let (cal, notes) = parse(&f.display().to_string(), &text);
        problems.extend(notes);
        cals.push(cal);
    }
    (cals, problems)
}

fn collect(p: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(p) {
            Ok(rd) => {
                let mut entries: Vec<PathBuf> =
                    rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                entries.sort();
                for e in entries {
                    if e.is_dir() || e.extension().is_some_and(|x| x.eq_ignore_ascii_case("ics")) {
                        collect(&e, files, problems, depth + 1);
                    }
                }
            }
            Err(e) => problems.push(format!(
                "{}: {}",
                p.display(),
                crate::store::fsutil::plain(&e)
            )),
        },
        Ok(_) => files.push(p.to_path_buf()),
        Err(e) => problems.push(format!(
            "{}: {}",
            p.display(),
            crate::store::fsutil::plain(&e)
        )),
    }
}

/// Every meeting overlapping `[from, to)` (one of no length counts when it
/// starts inside), sorted by start, in the viewer's zone.
pub fn between(
    cals: &[Calendar],
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
    viewer: &Zone,
) -> Vec<Meeting> {
    between_noting(cals, from, to, viewer).0
}

/// `between`, and what could not be followed in full (one sentence each).
pub fn between_noting(
    cals: &[Calendar],
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
    viewer: &Zone,
) -> (Vec<Meeting>, Vec<String>) {
    let (from, to) = (from.with_timezone(&Utc), to.with_timezone(&Utc));
    let mut out = Vec::new();
    let mut notes = Vec::new();
    // Walking a rule period by period is only needed for a COUNT with BY
    // parts; a file full of absurd ones shares one large allowance, and
    // each series still gets a floor (a daily rule walked for 250 years).
    let mut shared = 20 * rrule::BUDGET;
    // Per file, the series that repeat too often to follow.
    let mut too_often: Vec<(Arc<str>, Vec<String>)> = Vec::new();
    let mut seen: HashSet<(DateTime<Utc>, DateTime<Utc>, String, &str)> = HashSet::new();
    for s in event::series(cals.iter().flat_map(|c| c.events.iter())) {
        let zones = event::Zones {
            floating: s.master.floating.as_ref().unwrap_or(viewer),
            viewer,
        };
        let mut found = Vec::new();
        let mut budget = if shared > 0 { rrule::BUDGET } else { 90_000 };
        let given = budget;
        let walked = s.occurrences(from, to, &zones, &mut found, &mut budget);
        shared = shared.saturating_sub(given - budget);
        if walked.is_err() {
            let file = &s.master.file;
            match too_often.iter_mut().find(|(f, _)| f == file) {
                Some((_, list)) => list.push(s.master.title.clone()),
                None => too_often.push((file.clone(), vec![s.master.title.clone()])),
            }
        }
        for o in found {
            let ev = o.event;
            // The same meeting twice under one UID (one invitation in two
            // files, or written twice) is listed once.
            if let Some(uid) = s.uid
                && !seen.insert((o.start, o.end, ev.title.clone(), uid))
            {
                continue;
            }
            out.push(Meeting {
                title: ev.title.clone(),
                start: viewer.show(o.start),
                end: viewer.show(o.end),
                all_day: ev.start.is_date(),
                cancelled: ev.cancelled,
                location: ev.location.clone(),
                attendees: ev.attendees.clone(),
                part: None,
            });
        }
    }
    // One sentence per file, however many series.
    for (file, titles) in too_often {
        match titles.as_slice() {
            [] => {}
            [one] => notes.push(format!(
                "{file}: `{one}` repeats too often to follow this far; some of its occurrences may be missing"
            )),
            [first, rest @ ..] => notes.push(format!(
                "{file}: `{first}` and {} other series repeat too often to follow this far; some of their occurrences may be missing",
                rest.len()
            )),
        }
    }
    out.sort_by(|a, b| (a.start, !a.all_day, &a.title).cmp(&(b.start, !b.all_day, &b.title)));
    (out, notes)
}

/// Midnight to midnight of `day` in the viewer's zone (a midnight that does
/// not exist on a DST change is the first instant of the day).
pub fn day_bounds(day: NaiveDate, viewer: &Zone) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let at = |d: NaiveDate| viewer.show(viewer.instant(d.and_time(NaiveTime::MIN)));
    (at(day), at(day.succ_opt().unwrap_or(day)))
}

/// The day's meetings, with the day of a multi-day one marked.
pub fn on_day_in(cals: &[Calendar], day: NaiveDate, viewer: &Zone) -> Vec<Meeting> {
    on_day_noting(cals, day, viewer).0
}

pub fn on_day_noting(
    cals: &[Calendar],
    day: NaiveDate,
    viewer: &Zone,
) -> (Vec<Meeting>, Vec<String>) {
    let (from, to) = day_bounds(day, viewer);
    let (mut meetings, notes) = between_noting(cals, from, to, viewer);
    for m in &mut meetings {
        let first = m.start.date_naive();
        let last = if m.all_day {
            m.end.date_naive().pred_opt().unwrap_or(first)
        } else if m.end > m.start {
            (m.end - chrono::Duration::seconds(1)).date_naive()
        } else {
            first
        };
        let n = (last - first).num_days() + 1;
        if n > 1 {
            let k = (day - first).num_days() + 1;
            m.part = Some((k.clamp(1, n) as u32, n.min(u32::MAX as i64) as u32));
        }
    }
    (meetings, notes)
}

/// The zone a clock shows times in: the system's, or a test clock's offset.
pub fn zone_of(clock: &Clock) -> Zone {
    if clock.follows_system_zone() {
        Zone::local()
    } else {
        Zone::Fixed(*clock.now.offset())
    }
}

/// The day's meetings, midnight to midnight in the viewer's zone.
pub fn on_day(cals: &[Calendar], day: NaiveDate, clock: &Clock) -> (Vec<Meeting>, Vec<String>) {
    on_day_noting(cals, day, &zone_of(clock))
}

/// The next meeting with attendees that starts from now on (within 14 days);
/// a meeting under way counts as next until it ends.
pub fn next(cals: &[Calendar], clock: &Clock) -> Option<Meeting> {
    let from = clock.now - chrono::Duration::hours(12);
    between(
        cals,
        from,
        clock.now + chrono::Duration::days(14),
        &zone_of(clock),
    )
    .into_iter()
    .filter(|m| !m.all_day && !m.cancelled && !m.attendees.is_empty())
    .find(|m| m.end > clock.now || (m.end == m.start && m.start >= clock.now))
}

/// Fills in who ties knows: by email first, then by name.
pub fn match_people(index: &Index, meeting: &mut Meeting) {
    // Archived people are left out: the agenda is about who is current.
    let people = || index.people.iter().filter(|s| !s.archived);
    for a in &mut meeting.attendees {
        let by_email = a.email.as_ref().and_then(|e| {
            let e = e.to_lowercase();
            people().find(|s| s.email.iter().any(|x| x.to_lowercase() == e))
        });
        // "Duarte, Inês" is how some address books write "Inês Duarte".
        let by_name = || {
            a.name.as_ref().and_then(|n| {
                let mut forms = vec![fold(n)];
                if let Some((last, first)) = n.split_once(',') {
                    forms.push(fold(&format!("{} {}", first.trim(), last.trim())));
                }
                people().find(|s| forms.contains(&s.name_fold))
            })
        };
        a.slug = by_email.or_else(by_name).map(|s| s.slug.clone());
    }
}

/// The two or three lines of a prep sheet that matter most before a
/// meeting: an ask item, an overdue loop, a date this week.
pub fn highlights(sheet: &crate::prep::PrepSheet) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = sheet.ask_about.first() {
        out.push(format!("ask: {}", a.text));
    }
    if let Some(l) = sheet
        .open_loops
        .iter()
        .find(|l| l.overdue_days.is_some_and(|d| d >= 0))
        .or(sheet.open_loops.first())
    {
        let when = match l.overdue_days {
            Some(d) if d > 0 => format!(" (overdue {d}d)"),
            Some(0) => " (due today)".into(),
            _ => String::new(),
        };
        out.push(format!("loop: {}{when}", l.text));
    }
    if let Some(c) = sheet.coming.iter().find(|c| c.in_days <= 7) {
        out.push(format!("{}: {}", c.what, crate::prep::short_date(c.date)));
    }
    if out.is_empty()
        && let Some(r) = sheet.recently.first()
    {
        out.push(format!(
            "last: {} {}",
            crate::prep::short_date(r.date),
            r.text
        ));
    }
    out.truncate(3);
    out
}
