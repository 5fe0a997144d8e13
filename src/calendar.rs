//! Meetings from the user's own calendar files (`.ics`, or folders of them as
//! vdirsyncer, Thunderbird or Evolution keep them), parsed and expanded
//! (recurrences, exceptions, time zones) with `calcard`. No network.

use std::path::{Path, PathBuf};

use calcard::icalendar::{
    ICalendar, ICalendarComponentType, ICalendarParameterName, ICalendarProperty,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::clock::Clock;
use crate::fold::fold;
use crate::index::Index;

pub use calcard::icalendar::ICalendar as Calendar;

/// Occurrences to expand per recurring event: a weekly meeting for 40 years.
const EXPAND_LIMIT: usize = 2_000;
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
    /// In the viewer's time zone.
    pub start: DateTime<FixedOffset>,
    pub end: Option<DateTime<FixedOffset>>,
    pub all_day: bool,
    pub location: Option<String>,
    pub attendees: Vec<Attendee>,
}

/// The calendars found under the given files and folders, and what could not
/// be read (path and reason).
pub fn load(sources: &[PathBuf]) -> (Vec<ICalendar>, Vec<String>) {
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
        let mut parser = calcard::Parser::new(&text);
        loop {
            match parser.entry() {
                calcard::Entry::ICalendar(c) => cals.push(c),
                calcard::Entry::Eof => break,
                calcard::Entry::VCard(_) => {}
                calcard::Entry::TooManyComponents => {
                    problems.push(format!(
                        "{}: too many components; the rest was skipped",
                        f.display()
                    ));
                    break;
                }
                other => {
                    problems.push(format!("{}: {}", f.display(), short(&format!("{other:?}"))));
                }
            }
        }
    }
    (cals, problems)
}

fn short(s: &str) -> String {
    crate::prep::shorten(s, 80)
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

fn param_text(
    params: &[calcard::icalendar::ICalendarParameter],
    name: &ICalendarParameterName,
) -> Option<String> {
    params
        .iter()
        .find(|p| &p.name == name)
        .and_then(|p| p.value.as_text().map(str::to_string))
}

/// Every meeting that starts within [from, to), in the viewer's zone.
pub fn meetings(
    cals: &[ICalendar],
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
) -> Vec<Meeting> {
    let zone = *from.offset();
    let mut out = Vec::new();
    for cal in cals {
        let expanded = cal.expand_dates(calcard::common::timezone::Tz::Fixed(zone), EXPAND_LIMIT);
        for ev in expanded.events {
            let start = ev.start.with_timezone(&zone);
            if start < from || start >= to {
                continue;
            }
            let Some(comp) = cal.components.get(ev.comp_id as usize) else {
                continue;
            };
            if comp.component_type != ICalendarComponentType::VEvent {
                continue;
            }
            let text = |prop: &ICalendarProperty| {
                comp.property(prop)
                    .and_then(|e| e.values.first())
                    .and_then(|v| v.as_text())
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let all_day = comp
                .property(&ICalendarProperty::Dtstart)
                .is_some_and(|e| {
                    e.values.first().is_some_and(|v| {
                        matches!(v, calcard::icalendar::ICalendarValue::PartialDateTime(p) if p.hour.is_none())
                    })
                });
            let mut attendees = Vec::new();
            for e in comp.entries.iter().filter(|e| {
                matches!(
                    e.name,
                    ICalendarProperty::Attendee | ICalendarProperty::Organizer
                )
            }) {
                let email = e
                    .values
                    .first()
                    .and_then(|v| v.as_text())
                    .map(|s| {
                        let s = s.trim();
                        s.strip_prefix("mailto:")
                            .or_else(|| s.strip_prefix("MAILTO:"))
                            .unwrap_or(s)
                            .to_string()
                    })
                    .filter(|s| s.contains('@'));
                let name = param_text(&e.params, &ICalendarParameterName::Cn);
                let a = Attendee {
                    name,
                    email,
                    slug: None,
                    organizer: e.name == ICalendarProperty::Organizer,
                };
                if !attendees
                    .iter()
                    .any(|x: &Attendee| x.email.is_some() && x.email == a.email)
                {
                    attendees.push(a);
                }
            }
            let end = match ev.end {
                calcard::icalendar::dates::TimeOrDelta::Time(t) => Some(t.with_timezone(&zone)),
                calcard::icalendar::dates::TimeOrDelta::Delta(d) => Some(start + d),
            };
            out.push(Meeting {
                title: text(&ICalendarProperty::Summary).unwrap_or_else(|| "(no title)".into()),
                start,
                end,
                all_day,
                location: text(&ICalendarProperty::Location),
                attendees,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The day's meetings, midnight to midnight in the viewer's zone.
pub fn on_day(cals: &[ICalendar], day: NaiveDate, clock: &Clock) -> Vec<Meeting> {
    let zone = *clock.now.offset();
    let at = |d: NaiveDate| {
        // A fixed offset has exactly one instant for every local time.
        d.and_time(chrono::NaiveTime::MIN)
            .and_local_timezone(zone)
            .earliest()
            .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset())
    };
    meetings(cals, at(day), at(day.succ_opt().unwrap_or(day)))
}

/// The next meeting with attendees that starts from now on (within 14 days);
/// a meeting under way counts as next until it ends.
pub fn next(cals: &[ICalendar], clock: &Clock) -> Option<Meeting> {
    let from = clock.now - chrono::Duration::hours(12);
    meetings(cals, from, clock.now + chrono::Duration::days(14))
        .into_iter()
        .filter(|m| !m.all_day && !m.attendees.is_empty())
        .find(|m| m.end.unwrap_or(m.start) > clock.now)
}

/// Fills in who ties knows: by email first, then by name.
pub fn match_people(index: &Index, meeting: &mut Meeting) {
    for a in &mut meeting.attendees {
        let by_email = a.email.as_ref().and_then(|e| {
            let e = e.to_lowercase();
            index
                .people
                .iter()
                .find(|s| s.email.iter().any(|x| x.to_lowercase() == e))
        });
        // "Duarte, Inês" is how some address books write "Inês Duarte".
        let by_name = || {
            a.name.as_ref().and_then(|n| {
                let mut forms = vec![fold(n)];
                if let Some((last, first)) = n.split_once(',') {
                    forms.push(fold(&format!("{} {}", first.trim(), last.trim())));
                }
                index.people.iter().find(|s| forms.contains(&s.name_fold))
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
