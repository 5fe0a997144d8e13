//! Small calendars written inline, and meetings as one comparable line.

use chrono::NaiveDate;
use ties::calendar::{Meeting, Zone};

pub fn cal(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n")
}

pub fn event(lines: &str) -> String {
    format!("BEGIN:VEVENT\r\n{lines}END:VEVENT\r\n")
}

/// `start/end title`: dates for an all-day meeting, else minutes.
pub fn line(m: &Meeting) -> String {
    let f = if m.all_day {
        "%Y-%m-%d"
    } else {
        "%Y-%m-%dT%H:%M"
    };
    format!("{}/{} {}", m.start.format(f), m.end.format(f), m.title)
}

pub fn zone(name: &str) -> Zone {
    Zone::named(name).unwrap_or_else(|| panic!("unknown zone {name}"))
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
