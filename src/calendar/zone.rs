//! Time zones: the viewer's, IANA names (chrono-tz), and the VTIMEZONE
//! blocks calendars define for themselves (Outlook, Exchange, Evolution),
//! with the daylight-saving rules written in them.

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Days, FixedOffset, Local, NaiveDateTime, Offset, TimeZone, Utc};

use super::ics::{Component, Stamp};
use super::rrule::{Freq, Rule};

#[derive(Debug, Clone)]
pub enum Zone {
    Utc,
    Fixed(FixedOffset),
    Iana(chrono_tz::Tz),
    /// The system's zone (`TZ`, else /etc/localtime).
    Local,
    Defined(Arc<Defined>),
}

impl Zone {
    /// An IANA zone by name (`Europe/Vienna`), any case.
    pub fn named(name: &str) -> Option<Zone> {
        let name = name.trim();
        chrono_tz::Tz::from_str(name)
            .or_else(|_| chrono_tz::Tz::from_str_insensitive(name))
            .ok()
            .map(Zone::Iana)
    }

    pub fn local() -> Zone {
        Zone::Local
    }

    pub fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Utc => Utc.fix(),
            Zone::Fixed(o) => *o,
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix(),
            Zone::Local => Local.offset_from_utc_datetime(&utc),
            Zone::Defined(d) => d.offset_at(utc),
        }
    }

    /// The instant a wall time names here, per RFC 5545 §3.3.5: a time in a
    /// spring-forward gap is read with the offset before the gap (02:30
    /// becomes 03:30), and a time that happens twice is the first.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let near = |days: i64| {
            let moved = if days < 0 {
                local.checked_sub_days(Days::new(days.unsigned_abs()))
            } else {
                local.checked_add_days(Days::new(days as u64))
            };
            self.offset_at(moved.unwrap_or(local))
        };
        let before = near(-1);
        let after = near(1);
        // Checked: a wall time at the very end of chrono's range stays put.
        let shift = |off: FixedOffset| {
            local
                .checked_sub_signed(chrono::Duration::seconds(i64::from(off.local_minus_utc())))
                .unwrap_or(local)
        };
        let valid = |off: FixedOffset| {
            let utc = shift(off);
            (self.offset_at(utc) == off).then_some(utc)
        };
        let at = match (valid(before), valid(after)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => shift(before),
        };
        at.and_utc()
    }

    /// An instant as this zone's wall time, with the offset it has then.
    pub fn show(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at.naive_utc()))
    }

    pub fn wall(&self, at: DateTime<Utc>) -> NaiveDateTime {
        self.show(at).naive_local()
    }
}

/// A VTIMEZONE: its STANDARD and DAYLIGHT observances.
#[derive(Debug)]
pub struct Defined {
    pub tzid: String,
    observances: Vec<Observance>,
}

#[derive(Debug)]
struct Observance {
    /// First onset, as wall time in the `from` offset.
    start: NaiveDateTime,
    from: FixedOffset,
    to: FixedOffset,
    rule: Option<Rule>,
    /// Onsets as UTC instants (DTSTART and every RDATE), sorted.
    onsets: Vec<NaiveDateTime>,
}

fn offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, s),
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<i32>().ok());
    let secs = n(0..2)? * 3600 + n(2..4)? * 60 + n(4..6).unwrap_or(0);
    FixedOffset::east_opt(sign * secs)
}

impl Defined {
    /// None when the block has no observance ties can use.
    pub fn from_component(c: &Component) -> Option<Defined> {
        let tzid = c.prop("TZID")?.value.trim().to_string();
        let mut observances = Vec::new();
        for o in c
            .children
            .iter()
            .filter(|o| o.kind == "STANDARD" || o.kind == "DAYLIGHT")
        {
            let Some(to) = o.prop("TZOFFSETTO").and_then(|p| offset(&p.value)) else {
                continue;
            };
            let from = o
                .prop("TZOFFSETFROM")
                .and_then(|p| offset(&p.value))
                .unwrap_or(to);
            let Some(start) = o
                .prop("DTSTART")
                .and_then(|p| Stamp::parse(&p.value))
                .map(|s| s.naive())
            else {
                continue;
            };
            let utc = |t: NaiveDateTime| {
                t.checked_sub_signed(chrono::Duration::seconds(i64::from(from.local_minus_utc())))
                    .unwrap_or(t)
            };
            let mut onsets = vec![utc(start)];
            for p in o.all("RDATE") {
                onsets.extend(
                    p.value
                        .split(',')
                        .filter_map(Stamp::parse)
                        .map(|s| utc(s.naive())),
                );
            }
            // Real zones change once or twice a year: a finer rule is not
            // a zone (and would be slow to follow), so it is left out.
            let mut rule = o
                .prop("RRULE")
                .and_then(|p| Rule::parse(&p.value).ok())
                .filter(|r| r.freq >= Freq::Monthly);
            // A rule that ends is listed once, here, not on every lookup.
            if let Some(r) = rule.take_if(|r| !r.open_ended()) {
                let until = |t: NaiveDateTime| match r.until {
                    None => true,
                    Some(Stamp::DateTime { at, utc: true }) => utc(t) <= at,
                    Some(u) => t <= u.naive(),
                };
                // Far enough for any calendar; a rule that would run past it
                // (a huge COUNT) is cut there, and within a fixed effort.
                let end = chrono::NaiveDate::from_ymd_opt(2200, 1, 1)
                    .map(|d| d.and_time(chrono::NaiveTime::MIN))
                    .unwrap_or(NaiveDateTime::MAX);
                let mut all = Vec::new();
                let _ = r.expand_within(start, start, end, &until, &mut all, &mut 200_000);
                onsets.extend(all.into_iter().map(utc));
            }
            onsets.sort_unstable();
            observances.push(Observance {
                start,
                from,
                to,
                rule,
                onsets,
            });
        }
        if observances.is_empty() {
            return None;
        }
        observances.sort_by_key(|o| o.onsets.first().copied());
        Some(Defined { tzid, observances })
    }

    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        let mut best: Option<(NaiveDateTime, FixedOffset)> = None;
        let mut consider = |onset: NaiveDateTime, to: FixedOffset| {
            if onset <= utc && best.is_none_or(|(b, _)| onset >= b) {
                best = Some((onset, to));
            }
        };
        for o in &self.observances {
            let i = o.onsets.partition_point(|t| *t <= utc);
            if i > 0 {
                consider(o.onsets[i - 1], o.to);
            }
            if let Some(rule) = &o.rule
                && let Some(onset) = o.latest_rule_onset(rule, utc)
            {
                consider(onset, o.to);
            }
        }
        match best {
            Some((_, to)) => to,
            // Before the first onset: the offset that onset changed from.
            None => self
                .observances
                .first()
                .map(|o| o.from)
                .unwrap_or(Utc.fix()),
        }
    }
}

impl Observance {
    fn to_utc(&self, wall: NaiveDateTime) -> NaiveDateTime {
        wall.checked_sub_signed(chrono::Duration::seconds(i64::from(
            self.from.local_minus_utc(),
        )))
        .unwrap_or(wall)
    }

    /// The latest onset of the rule at or before `utc`.
    fn latest_rule_onset(&self, rule: &Rule, utc: NaiveDateTime) -> Option<NaiveDateTime> {
        let wall = utc
            .checked_add_signed(chrono::Duration::seconds(i64::from(
                self.from.local_minus_utc(),
            )))
            .unwrap_or(utc);
        let until = |t: NaiveDateTime| match rule.until {
            None => true,
            Some(Stamp::DateTime { at, utc: true }) => self.to_utc(t) <= at,
            Some(u) => t <= u.naive(),
        };
        let mut found = Vec::new();
        // A year back holds the last onset of any yearly rule still in force.
        let from = wall.checked_sub_days(Days::new(400)).unwrap_or(wall);
        let _ = rule.expand(self.start, from, wall, &until, &mut found);
        if found.is_empty() && !rule.open_ended() {
            // The rule ended earlier: its very last onset.
            let _ = rule.expand(self.start, self.start, wall, &until, &mut found);
        }
        found
            .into_iter()
            .map(|t| self.to_utc(t))
            .filter(|t| *t <= utc)
            .max()
    }
}

/// How a TZID was understood.
#[derive(Debug, Clone)]
pub enum Found {
    /// Its VTIMEZONE, its IANA name, or a well-known alias of one.
    Known(Zone),
    /// A fixed offset read from its name: daylight saving is not followed.
    Guessed(Zone, String),
    Unknown,
}

/// The zone a TZID names: the calendar's own VTIMEZONE first, then an
/// IANA name, a Windows name, a vendor prefix around an IANA name
/// (`/freeassociation.sourceforge.net/Tzfile/Europe/Berlin`,
/// `custom_America/New_York`), and last an offset in the name (`UTC+11`).
pub fn find(tzid: &str, defined: &[Arc<Defined>]) -> Found {
    let tzid = tzid.trim().trim_matches('"');
    if let Some(d) = defined.iter().find(|d| d.tzid == tzid) {
        return Found::Known(Zone::Defined(d.clone()));
    }
    // Outlook.com: `tzone://Microsoft/Utc`, `tzone://Microsoft/Custom`...
    if let Some(rest) = tzid.strip_prefix("tzone://Microsoft/") {
        if rest.eq_ignore_ascii_case("utc") {
            return Found::Known(Zone::Utc);
        }
        return find(rest, defined);
    }
    if let Some(z) = Zone::named(tzid) {
        return Found::Known(z);
    }
    if let Some(z) = super::windows::iana_for_windows(tzid).and_then(Zone::named) {
        return Found::Known(z);
    }
    let starts = tzid
        .char_indices()
        .filter(|(_, c)| matches!(c, '/' | '_' | ' ' | '-' | ':'))
        .map(|(i, c)| i + c.len_utf8());
    for i in starts {
        let tail = &tzid[i..];
        if tail.contains('/')
            && let Some(z) = Zone::named(tail)
        {
            return Found::Known(z);
        }
    }
    if let Some(off) = offset_in_name(tzid) {
        return Found::Guessed(Zone::Fixed(off), off.to_string());
    }
    Found::Unknown
}

/// `UTC+11`, `GMT +0100 (Standard) / GMT +0200 (Daylight)`, `(UTC-05:00) Eastern`.
fn offset_in_name(name: &str) -> Option<FixedOffset> {
    let upper = name.to_ascii_uppercase();
    let at = upper.find("UTC").or_else(|| upper.find("GMT"))?;
    let rest = upper[at + 3..].trim_start();
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = rest[1..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .filter(|c| *c != ':')
        .collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(s: &str) -> NaiveDateTime {
        match Stamp::parse(s) {
            Some(x) => x.naive(),
            None => panic!("bad stamp {s}"),
        }
    }

    #[test]
    fn gaps_move_forward_and_folds_take_the_first() {
        let ny = Zone::named("America/New_York").unwrap();
        // 02:30 does not exist on 8 March 2026: it is 03:30 EDT (07:30Z).
        assert_eq!(
            ny.instant(wall("20260308T023000")).to_rfc3339(),
            "2026-03-08T07:30:00+00:00"
        );
        // 01:30 happens twice on 1 November 2026: the first is EDT (05:30Z).
        assert_eq!(
            ny.instant(wall("20261101T013000")).to_rfc3339(),
            "2026-11-01T05:30:00+00:00"
        );
    }

    #[test]
    fn names_aliases_and_guesses() {
        assert!(matches!(
            find("Europe/Vienna", &[]),
            Found::Known(Zone::Iana(_))
        ));
        assert!(matches!(
            find("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin", &[]),
            Found::Known(Zone::Iana(chrono_tz::Tz::Europe__Berlin))
        ));
        assert!(matches!(
            find("custom_America/New_York", &[]),
            Found::Known(Zone::Iana(chrono_tz::Tz::America__New_York))
        ));
        assert!(
            matches!(find("UTC+11", &[]), Found::Guessed(Zone::Fixed(o), _) if o.local_minus_utc() == 11 * 3600)
        );
        assert!(
            matches!(find("GMT +0100 (Standard) / GMT +0200 (Daylight)", &[]), Found::Guessed(Zone::Fixed(o), _) if o.local_minus_utc() == 3600)
        );
        assert!(matches!(find("Mars/Olympus", &[]), Found::Unknown));
    }

    #[test]
    fn a_vtimezone_with_its_own_rules() {
        let text = "BEGIN:VTIMEZONE\r\nTZID:MyTimezone\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
        let (top, _) = super::super::ics::parse(text);
        let d = Defined::from_component(&top[0]).unwrap();
        let z = Zone::Defined(Arc::new(d));
        assert_eq!(
            z.instant(wall("20260615T100000")).to_rfc3339(),
            "2026-06-15T08:00:00+00:00"
        );
        assert_eq!(
            z.instant(wall("20261130T100000")).to_rfc3339(),
            "2026-11-30T09:00:00+00:00"
        );
        // The changes happen on the right days: 29 March and 25 October 2026.
        assert_eq!(
            z.instant(wall("20260329T030000")).to_rfc3339(),
            "2026-03-29T01:00:00+00:00"
        );
        assert_eq!(
            z.instant(wall("20261025T033000")).to_rfc3339(),
            "2026-10-25T02:30:00+00:00"
        );
    }
}
