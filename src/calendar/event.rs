//! Events read from a calendar's components, grouped into series (a master
//! and the occurrences moved or changed by RECURRENCE-ID), and the
//! occurrences of a series over a window.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};

use super::Attendee;
use super::ics::{Component, Duration, Prop, Stamp};
use super::rrule::{Rule, TooMany};
use super::zone::{Defined, Found, Zone, find};

/// A DATE or DATE-TIME with the zone it is written in.
#[derive(Debug, Clone)]
pub struct Time {
    pub stamp: Stamp,
    /// None: floating (the calendar's X-WR-TIMEZONE, else the viewer's).
    pub zone: Option<Zone>,
}

impl Time {
    pub fn is_date(&self) -> bool {
        matches!(self.stamp, Stamp::Date(_))
    }
}

#[derive(Debug, Clone)]
pub enum End {
    At(Time),
    For(Duration),
    /// RFC 5545 §3.6.1: a date lasts its day, a date-time ends as it starts.
    Default,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub title: String,
    pub location: Option<String>,
    pub cancelled: bool,
    pub attendees: Vec<Attendee>,
    pub start: Time,
    pub end: End,
    pub rules: Vec<Rule>,
    pub rdates: Vec<(Time, Option<End>)>,
    pub exdates: Vec<Time>,
    /// EXRULE (RFC 2445, dropped by RFC 5545 but still written): its
    /// occurrences are taken out, as python's readers do.
    pub exrules: Vec<Rule>,
    pub recurrence_id: Option<Time>,
    /// RECURRENCE-ID;RANGE=THISANDFUTURE: the change applies to every later
    /// occurrence too.
    pub this_and_future: bool,
    pub sequence: i64,
    /// The calendar's X-WR-TIMEZONE, for floating times.
    pub floating: Option<Zone>,
    /// The file it was read from, for messages.
    pub file: Arc<str>,
}

/// A series: its master (or a changed occurrence standing alone) and the
/// occurrences changed by RECURRENCE-ID, from any of the calendars read.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    pub uid: Option<&'a str>,
    pub master: &'a Event,
    pub overrides: Vec<&'a Event>,
    /// A changed occurrence whose series is missing: its own dates only.
    pub lone: bool,
}

/// The zones and defaults one VCALENDAR gives its events.
pub struct Context<'a> {
    pub name: &'a str,
    pub file: Arc<str>,
    pub defined: &'a [Arc<Defined>],
    pub floating: Option<Zone>,
    pub notes: &'a mut Vec<String>,
    /// TZIDs already reported, so each is said once.
    pub said: &'a mut HashSet<String>,
}

impl Context<'_> {
    fn zone(&mut self, prop: &Prop, stamp: &Stamp) -> Option<Zone> {
        match stamp {
            Stamp::Date(_) => None,
            Stamp::DateTime { utc: true, .. } => Some(Zone::Utc),
            Stamp::DateTime { .. } => {
                let tzid = prop.param("TZID").filter(|t| !t.trim().is_empty())?;
                let shown = super::plain(tzid, 60);
                match find(tzid, self.defined) {
                    Found::Known(z) => Some(z),
                    Found::Guessed(z, what) => {
                        if self.said.insert(tzid.to_string()) {
                            self.notes.push(format!(
                                "{}: time zone `{shown}` is not defined in the file; its times were read as UTC{what} all year",
                                self.name
                            ));
                        }
                        Some(z)
                    }
                    Found::Unknown => {
                        if self.said.insert(tzid.to_string()) {
                            self.notes.push(format!(
                                "{}: time zone `{shown}` is unknown, so its times were read as local time",
                                self.name
                            ));
                        }
                        None
                    }
                }
            }
        }
    }

    fn time(&mut self, prop: &Prop) -> Option<Time> {
        let stamp = Stamp::parse(prop.value.split(',').next()?)?;
        let zone = self.zone(prop, &stamp);
        Some(Time { stamp, zone })
    }

    fn times(&mut self, prop: &Prop) -> Vec<(Time, Option<End>)> {
        let mut out = Vec::new();
        for v in prop.value.split(',') {
            let (at, end) = match v.split_once('/') {
                Some((a, e)) => (a, Some(e)),
                None => (v, None),
            };
            let Some(stamp) = Stamp::parse(at) else {
                continue;
            };
            let zone = self.zone(prop, &stamp);
            let end = end.and_then(|e| {
                if let Some(d) = Duration::parse(e) {
                    return Some(End::For(d));
                }
                let s = Stamp::parse(e)?;
                let zone = self.zone(prop, &s);
                Some(End::At(Time { stamp: s, zone }))
            });
            out.push((Time { stamp, zone }, end));
        }
        out
    }

    /// None (with a note) for an event ties cannot place in time.
    pub fn event(&mut self, c: &Component) -> Option<Event> {
        let text = |name: &str| {
            c.prop(name)
                .map(|p| super::plain(&p.text(), 500))
                .filter(|s| !s.is_empty())
        };
        let title = text("SUMMARY").unwrap_or_else(|| "(no title)".into());
        let Some(start) = c.prop("DTSTART").and_then(|p| self.time(p)) else {
            self.notes.push(format!(
                "{}: `{title}` has no start ties can read, so it was skipped",
                self.name
            ));
            return None;
        };
        let end = if let Some(e) = c.prop("DTEND").and_then(|p| self.time(p)) {
            End::At(e)
        } else if let Some(p) = c.prop("DURATION") {
            match Duration::parse(&p.value) {
                Some(d) => End::For(d),
                None => {
                    self.notes.push(format!(
                        "{}: the length of `{title}` ({}) could not be read, so it is shown without one",
                        self.name,
                        p.value.trim()
                    ));
                    End::Default
                }
            }
        } else {
            End::Default
        };
        let mut rules = Vec::new();
        for p in c.all("RRULE") {
            match Rule::parse(&p.value) {
                Ok(r) if r.rscale.is_some() => {
                    self.notes.push(format!(
                        "{}: `{title}` repeats by the {} calendar, which ties does not follow; only its first occurrence is shown",
                        self.name,
                        scale_name(r.rscale.as_deref().unwrap_or_default())
                    ));
                }
                Ok(r) => rules.push(r),
                Err(why) => self.notes.push(format!(
                    "{}: the repeat rule of `{title}` could not be read ({why}); only its first occurrence is shown",
                    self.name
                )),
            }
        }
        let mut rdates = Vec::new();
        for p in c.all("RDATE") {
            rdates.extend(self.times(p));
        }
        let mut exdates = Vec::new();
        for p in c.all("EXDATE") {
            exdates.extend(self.times(p).into_iter().map(|(t, _)| t));
        }
        let recurrence_id = c.prop("RECURRENCE-ID").and_then(|p| self.time(p));
        let this_and_future = c.prop("RECURRENCE-ID").is_some_and(|p| {
            p.param("RANGE")
                .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"))
        });
        let exrules = c
            .all("EXRULE")
            .filter_map(|p| Rule::parse(&p.value).ok())
            .filter(|r| r.rscale.is_none())
            .collect();
        let location = c
            .prop("LOCATION")
            .map(|p| {
                // A multi-line address reads as one line.
                p.text()
                    .lines()
                    .map(|l| super::plain(l, 200))
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|s| !s.is_empty());
        Some(Event {
            title,
            location,
            cancelled: c
                .prop("STATUS")
                .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED")),
            attendees: attendees(c),
            start,
            end,
            rules,
            rdates,
            exdates,
            exrules,
            recurrence_id,
            this_and_future,
            floating: self.floating.clone(),
            file: self.file.clone(),
            sequence: c
                .prop("SEQUENCE")
                .and_then(|p| p.value.trim().parse().ok())
                .unwrap_or(0),
        })
    }
}

/// `CHINESE` as "Chinese", for a sentence.
fn scale_name(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => lower,
    }
}

fn attendees(c: &Component) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    for p in c
        .props
        .iter()
        .filter(|p| p.name == "ATTENDEE" || p.name == "ORGANIZER")
    {
        // Rooms and equipment are booked as attendees; they are not people
        // (RFC 5545 §3.2.3).
        if p.param("CUTYPE")
            .is_some_and(|t| t.eq_ignore_ascii_case("ROOM") || t.eq_ignore_ascii_case("RESOURCE"))
        {
            continue;
        }
        let v = p.value.trim();
        let mailto = v
            .get(..7)
            .filter(|s| s.eq_ignore_ascii_case("mailto:"))
            .map(|_| v[7..].trim().to_string());
        // Not a mailto: URI (`urn:uuid:…`): the address is in EMAIL (RFC 7986 §6.2).
        let email = mailto
            .or_else(|| p.param("EMAIL").map(|e| e.trim().to_string()))
            .or_else(|| Some(v.to_string()))
            .map(|e| super::plain(&e, 200))
            .filter(|s| s.contains('@'));
        let name = p
            .param("CN")
            .map(|s| super::plain(s, 200))
            .filter(|s| !s.is_empty());
        let a = Attendee {
            name,
            email,
            slug: None,
            organizer: p.name == "ORGANIZER",
        };
        if !out.iter().any(|x| x.email.is_some() && x.email == a.email) {
            out.push(a);
        }
    }
    out
}

/// Groups events by UID, across every calendar read: the master of each
/// series (the highest SEQUENCE when a UID is there twice; several when
/// they tie, as a non-conforming exporter writes two events under one UID)
/// and its changed occurrences (the highest SEQUENCE of each). A changed
/// occurrence whose series is missing stands alone.
pub fn series<'a>(events: impl Iterator<Item = &'a (Option<String>, Event)>) -> Vec<Series<'a>> {
    let mut masters: BTreeMap<&'a str, Vec<&'a Event>> = BTreeMap::new();
    let mut changed: BTreeMap<&'a str, Vec<&'a Event>> = BTreeMap::new();
    let mut out = Vec::new();
    for (uid, ev) in events {
        let Some(uid) = uid.as_deref() else {
            out.push(Series {
                uid: None,
                master: ev,
                overrides: Vec::new(),
                lone: false,
            });
            continue;
        };
        if ev.recurrence_id.is_some() {
            changed.entry(uid).or_default().push(ev);
            continue;
        }
        let list = masters.entry(uid).or_default();
        match list.first().map(|m| m.sequence) {
            Some(s) if ev.sequence < s => {}
            Some(s) if ev.sequence > s => *list = vec![ev],
            _ => list.push(ev),
        }
    }
    // Of two versions of one changed occurrence, the later one.
    let newest = |list: Vec<&'a Event>| {
        let mut kept: Vec<&'a Event> = Vec::new();
        for ev in list {
            let rid = ev.recurrence_id.as_ref().map(|r| r.stamp);
            match kept
                .iter_mut()
                .find(|k| k.recurrence_id.as_ref().map(|r| r.stamp) == rid)
            {
                Some(k) if ev.sequence >= k.sequence => *k = ev,
                Some(_) => {}
                None => kept.push(ev),
            }
        }
        kept
    };
    for (uid, list) in masters {
        let overrides = newest(changed.remove(uid).unwrap_or_default());
        for master in list {
            out.push(Series {
                uid: Some(uid),
                master,
                overrides: overrides.clone(),
                lone: false,
            });
        }
    }
    for (uid, lone) in changed {
        // Without its series, a changed occurrence keeps only its own
        // dates: its RDATEs too, which is how Exchange writes the rest of a
        // series changed "this and future" (khal issue 152).
        for ev in newest(lone) {
            out.push(Series {
                uid: Some(uid),
                master: ev,
                overrides: Vec::new(),
                lone: true,
            });
        }
    }
    out
}

/// One occurrence: its instants and the event that describes it.
pub struct Occurrence<'a> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub event: &'a Event,
}

/// How an event's times become instants: its own zone, else the
/// calendar's floating zone; a date is the viewer's midnight.
pub struct Zones<'a> {
    pub floating: &'a Zone,
    pub viewer: &'a Zone,
}

impl Zones<'_> {
    fn of<'z>(&'z self, t: &'z Time) -> &'z Zone {
        if t.is_date() {
            return self.viewer;
        }
        t.zone.as_ref().unwrap_or(self.floating)
    }

    fn instant(&self, t: &Time) -> DateTime<Utc> {
        self.of(t).instant(t.stamp.naive())
    }
}

fn add_days(t: NaiveDateTime, days: i64) -> Option<NaiveDateTime> {
    if days < 0 {
        t.checked_sub_days(Days::new(days.unsigned_abs()))
    } else {
        t.checked_add_days(Days::new(days as u64))
    }
}

/// The end of an occurrence starting at wall time `wall` in `zone`.
fn end_of(
    ev: &Event,
    end: &End,
    wall: NaiveDateTime,
    start: DateTime<Utc>,
    zones: &Zones,
    own_period: bool,
) -> DateTime<Utc> {
    let zone = zones.of(&ev.start);
    let at = match end {
        End::Default if ev.start.is_date() => add_days(wall, 1).map(|w| zone.instant(w)),
        End::Default => Some(start),
        End::For(d) => add_days(wall, d.days)
            .map(|w| zone.instant(w))
            .and_then(|t| t.checked_add_signed(chrono::Duration::seconds(d.seconds))),
        // An RDATE period ends where it says (RFC 5545 §3.3.9).
        // A date there (not valid, but written) is in the series' zone.
        End::At(e) if own_period && e.is_date() => Some(zone.instant(e.stamp.naive())),
        End::At(e) if own_period => Some(zones.instant(e)),
        // Whole days stay whole days.
        End::At(e) if e.is_date() && ev.start.is_date() => {
            add_days(wall, (e.stamp.date() - ev.start.stamp.date()).num_days())
                .map(|w| zone.instant(w))
        }
        // DTEND gives every occurrence the same exact length (§3.8.5.3):
        // a 02:30–03:00 series is 03:30–04:00 on the spring-forward day.
        End::At(e) => start.checked_add_signed(zones.instant(e) - zones.instant(&ev.start)),
    };
    at.filter(|e| *e >= start).unwrap_or(start)
}

/// The key an occurrence is matched by (EXDATE, RECURRENCE-ID): its
/// instant, or its date for a date (or a date that names a whole day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

impl<'a> Series<'a> {
    /// Every occurrence overlapping `[from, to)`, pushed to `out`; Err when
    /// a rule repeats too often to follow within `budget` (what was found
    /// is kept).
    pub fn occurrences(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        zones: &Zones,
        out: &mut Vec<Occurrence<'a>>,
        budget: &mut u64,
    ) -> Result<(), TooMany> {
        let m: &'a Event = self.master;
        let zone = zones.of(&m.start);
        // A time written without a zone in a zoned series is read in the
        // series' zone (RFC 5545 wants DTSTART's type; this is the lenient
        // reading that agrees with how UNTIL is read).
        let like_start = |t: &Time| -> DateTime<Utc> {
            if t.zone.is_none() && !t.is_date() && m.start.zone.is_some() {
                zone.instant(t.stamp.naive())
            } else {
                zones.instant(t)
            }
        };
        let overlaps =
            |s: DateTime<Utc>, e: DateTime<Utc>| s < to && (e > from || (e == s && s >= from));
        let rules: &[Rule] = if self.lone { &[] } else { &m.rules };
        if rules.is_empty() && m.rdates.is_empty() && self.overrides.is_empty() {
            // A one-off far from the window needs no zone at all: no offset
            // is more than a day, so wall times two days off cannot meet it.
            let wall = m.start.stamp.naive();
            let until = match &m.end {
                End::At(e) => e.stamp.naive(),
                End::For(d) => add_days(wall, d.days.saturating_add(d.seconds / 86_400 + 1))
                    .unwrap_or(NaiveDateTime::MAX),
                End::Default => wall,
            }
            .max(wall);
            let near = |t: DateTime<Utc>, days: i64| add_days(t.naive_utc(), days);
            if near(to, 2).is_some_and(|hi| wall > hi)
                || near(from, -3).is_some_and(|lo| until < lo)
            {
                return Ok(());
            }
        }
        let first_start = zones.instant(&m.start);
        let first_end = end_of(m, &m.end, m.start.stamp.naive(), first_start, zones, false);
        let mut result = Ok(());
        let mut walls: Vec<(NaiveDateTime, Option<&End>)> = Vec::new();
        // The window in the series' wall time, widened by the event's
        // length and a day each side for the zones in between; and for a
        // change "this and future", by how far it moved occurrences.
        let shift = self
            .overrides
            .iter()
            .filter(|o| o.this_and_future)
            .filter_map(|o| {
                let rid = o.recurrence_id.as_ref()?;
                Some((zones.instant(&o.start) - like_start(rid)).num_days().abs())
            })
            .max()
            .unwrap_or(0);
        let span = (first_end - first_start).num_days() + 2 + shift;
        let lo = add_days(zone.wall(from), -span).unwrap_or(NaiveDateTime::MIN);
        let hi = add_days(zone.wall(to), 2 + shift).unwrap_or(NaiveDateTime::MAX);
        if rules.is_empty() && m.rdates.is_empty() {
            walls.push((m.start.stamp.naive(), None));
        } else {
            let mut found = Vec::new();
            if rules.is_empty() && m.start.stamp.naive() >= lo && m.start.stamp.naive() <= hi {
                found.push(m.start.stamp.naive());
            }
            for rule in rules {
                let until = |t: NaiveDateTime| match rule.until {
                    None => true,
                    // UNTIL in UTC is an instant, and inclusive.
                    Some(Stamp::DateTime { at, utc: true }) if !m.start.is_date() => {
                        zone.instant(t).naive_utc() <= at
                    }
                    // A date UNTIL takes in its whole day.
                    Some(Stamp::Date(d)) => t.date() <= d,
                    Some(u) => t <= u.naive(),
                };
                if rule
                    .expand_within(m.start.stamp.naive(), lo, hi, &until, &mut found, budget)
                    .is_err()
                {
                    result = Err(TooMany);
                }
            }
            walls.extend(found.into_iter().map(|w| (w, None)));
            for (t, end) in &m.rdates {
                // An RDATE in another zone is placed at its instant.
                let w = if t.is_date() || m.start.is_date() {
                    t.stamp.naive()
                } else {
                    zone.wall(like_start(t))
                };
                if w >= lo && w <= hi {
                    walls.push((w, end.as_ref()));
                }
            }
        }
        let key = |w: NaiveDateTime, s: DateTime<Utc>| {
            if m.start.is_date() {
                Key::Day(w.date())
            } else {
                Key::At(s)
            }
        };
        let key_of = |t: &Time| {
            if t.is_date() || m.start.is_date() {
                Key::Day(t.stamp.date())
            } else {
                Key::At(like_start(t))
            }
        };
        let mut gone: HashSet<Key> = m.exdates.iter().map(key_of).collect();
        let whole_days: HashSet<NaiveDate> = m
            .exdates
            .iter()
            .filter(|x| x.is_date() && !m.start.is_date())
            .map(|x| x.stamp.date())
            .collect();
        for rule in &m.exrules {
            let mut off = Vec::new();
            let until = |t: NaiveDateTime| match rule.until {
                None => true,
                Some(Stamp::DateTime { at, utc: true }) => zone.instant(t).naive_utc() <= at,
                Some(u) => t <= u.naive(),
            };
            if rule
                .expand_within(m.start.stamp.naive(), lo, hi, &until, &mut off, budget)
                .is_err()
            {
                result = Err(TooMany);
            }
            gone.extend(off.into_iter().map(|w| key(w, zone.instant(w))));
        }
        for o in &self.overrides {
            if let Some(r) = &o.recurrence_id {
                gone.insert(key_of(r));
            }
        }
        // "This and future" changes, latest first: each moves the later
        // occurrences by as much as it moved its own, and describes them.
        let mut future: Vec<(DateTime<Utc>, chrono::Duration, &'a Event)> = self
            .overrides
            .iter()
            .filter(|o| o.this_and_future)
            .filter_map(|o| {
                let rid = like_start(o.recurrence_id.as_ref()?);
                Some((rid, zones.instant(&o.start) - rid, *o))
            })
            .collect();
        future.sort_by_key(|(rid, _, _)| std::cmp::Reverse(*rid));
        let mut seen: HashSet<DateTime<Utc>> = HashSet::new();
        walls.sort_by_key(|(w, _)| *w);
        for (w, end) in walls {
            let s = zone.instant(w);
            if !seen.insert(s) || gone.contains(&key(w, s)) || whole_days.contains(&w.date()) {
                continue;
            }
            let e = match end {
                Some(own) => end_of(m, own, w, s, zones, true),
                None => end_of(m, &m.end, w, s, zones, false),
            };
            let (s, e, event) = match future.iter().find(|(rid, _, _)| *rid < s) {
                Some((_, moved, ov)) => {
                    let ns = s + *moved;
                    let len = end_of(
                        ov,
                        &ov.end,
                        ov.start.stamp.naive(),
                        zones.instant(&ov.start),
                        zones,
                        false,
                    ) - zones.instant(&ov.start);
                    (ns, ns + len, *ov)
                }
                None => (s, e, m),
            };
            if overlaps(s, e) {
                out.push(Occurrence {
                    start: s,
                    end: e,
                    event,
                });
            }
        }
        for o in &self.overrides {
            let s = zones.instant(&o.start);
            let e = end_of(o, &o.end, o.start.stamp.naive(), s, zones, false);
            if overlaps(s, e) {
                out.push(Occurrence {
                    start: s,
                    end: e,
                    event: o,
                });
            }
        }
        result
    }
}
