//! iCalendar text (RFC 5545 §3.1): unfolded content lines grouped into
//! components, and the value types ties reads (dates, date-times,
//! durations). Lenient like the calendars people actually have: a bad line
//! is skipped and counted, never the whole file.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Components nest a few levels (VCALENDAR > VEVENT > VALARM); deeper is hostile.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone)]
pub struct Prop {
    /// Upper case.
    pub name: String,
    /// Names upper case; values unquoted.
    pub params: Vec<(String, String)>,
    /// As written (escapes kept); see `text`.
    pub value: String,
}

impl Prop {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value as TEXT (RFC 5545 §3.3.11), escapes resolved.
    pub fn text(&self) -> String {
        unescape(&self.value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Component {
    /// Upper case: VCALENDAR, VEVENT, VTIMEZONE, STANDARD...
    pub kind: String,
    pub props: Vec<Prop>,
    pub children: Vec<Component>,
}

impl Component {
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// What could not be read, for one plain sentence per kind of trouble.
#[derive(Debug, Default)]
pub struct Trouble {
    /// Lines that are not `NAME:value`: count and the first line number.
    pub bad_lines: (usize, usize),
    /// Components still open at the end of the file.
    pub unclosed: Vec<String>,
    /// END lines that close nothing open.
    pub stray_ends: usize,
    /// Lines skipped inside components nested deeper than `MAX_DEPTH`.
    pub too_deep: usize,
}

/// Every top-level component of `text` (normally VCALENDARs). Lines outside
/// any component (a stray line after `END:VCALENDAR`) are ignored: they
/// carry nothing a calendar needs.
pub fn parse(text: &str) -> (Vec<Component>, Trouble) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut trouble = Trouble::default();
    let mut stack: Vec<Component> = Vec::new();
    let mut top = Vec::new();
    // Inside components nested too deep: how many levels are being skipped.
    let mut skipping = 0usize;
    for (number, line) in unfold(text) {
        if line.trim().is_empty() {
            continue;
        }
        let Some(prop) = content_line(&line) else {
            if !stack.is_empty() && skipping == 0 {
                if trouble.bad_lines.0 == 0 {
                    trouble.bad_lines.1 = number;
                }
                trouble.bad_lines.0 += 1;
            }
            continue;
        };
        if skipping > 0 {
            trouble.too_deep += 1;
            match prop.name.as_str() {
                "BEGIN" => skipping += 1,
                "END" => skipping -= 1,
                _ => {}
            }
            continue;
        }
        match prop.name.as_str() {
            "BEGIN" => {
                if stack.len() >= MAX_DEPTH {
                    trouble.too_deep += 1;
                    skipping = 1;
                    continue;
                }
                stack.push(Component {
                    kind: prop.value.trim().to_ascii_uppercase(),
                    ..Component::default()
                });
            }
            "END" => {
                let kind = prop.value.trim().to_ascii_uppercase();
                // Close up to the matching BEGIN: a missing END inside
                // (an unclosed VALARM) must not swallow the event.
                match stack.iter().rposition(|c| c.kind == kind) {
                    Some(at) => {
                        while stack.len() > at + 1 {
                            if let Some(c) = stack.pop() {
                                trouble.unclosed.push(c.kind.clone());
                                attach(&mut stack, &mut top, c);
                            }
                        }
                        if let Some(c) = stack.pop() {
                            attach(&mut stack, &mut top, c);
                        }
                    }
                    None => trouble.stray_ends += 1,
                }
            }
            _ => {
                if let Some(c) = stack.last_mut() {
                    c.props.push(prop);
                }
            }
        }
    }
    while let Some(c) = stack.pop() {
        trouble.unclosed.push(c.kind.clone());
        attach(&mut stack, &mut top, c);
    }
    (top, trouble)
}

fn attach(stack: &mut [Component], top: &mut Vec<Component>, c: Component) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(c),
        None => top.push(c),
    }
}

/// Physical lines joined where a line starts with a space or tab
/// (RFC 5545 §3.1), each with the number of its first physical line.
fn unfold(text: &str) -> Vec<(usize, Cow<'_, str>)> {
    let mut out: Vec<(usize, Cow<'_, str>)> = Vec::new();
    for (i, raw) in physical_lines(text).enumerate() {
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some(last) = out.last_mut()
        {
            last.1.to_mut().push_str(rest);
            continue;
        }
        out.push((i + 1, Cow::Borrowed(raw)));
    }
    out
}

/// Lines ended by CRLF, LF, or a lone CR (old Mac exports).
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\r', '\n']) {
            Some(i) => {
                let skip = if r[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&r[i + skip..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `NAME;PARAM=v;PARAM="q:v":value`; None when there is no name or colon.
fn content_line(line: &str) -> Option<Prop> {
    let name_end = line.find([';', ':'])?;
    let name = line[..name_end].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(r) = rest.strip_prefix(';') {
        let eq = r.find('=')?;
        let pname = r[..eq].trim().to_ascii_uppercase();
        let mut r = &r[eq + 1..];
        let mut values = Vec::new();
        loop {
            if let Some(q) = r.strip_prefix('"') {
                let close = q.find('"')?;
                values.push(q[..close].to_string());
                r = &q[close + 1..];
            } else {
                let end = r.find([',', ';', ':']).unwrap_or(r.len());
                values.push(r[..end].to_string());
                r = &r[end..];
            }
            match r.strip_prefix(',') {
                Some(more) => r = more,
                None => break,
            }
        }
        params.push((pname, values.join(",")));
        rest = r;
    }
    let value = rest.strip_prefix(':')?;
    Some(Prop {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A DATE or DATE-TIME as written, before its zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stamp {
    Date(NaiveDate),
    /// Local wall time; `utc` when written with a trailing `Z`.
    DateTime {
        at: NaiveDateTime,
        utc: bool,
    },
}

impl Stamp {
    pub fn parse(s: &str) -> Option<Stamp> {
        let s = s.trim();
        let (date, time) = match s.split_once(['T', 't']) {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let date = parse_date(date)?;
        let Some(t) = time else {
            return Some(Stamp::Date(date));
        };
        let (t, utc) = match t.strip_suffix(['Z', 'z']) {
            Some(t) => (t, true),
            None => (t, false),
        };
        if t.len() < 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<u32>().ok());
        let h = num(0..2)?;
        let m = num(2..4)?;
        // A leap second (60) is read as 59: the occurrence is the same minute.
        let sec = if t.len() >= 6 { num(4..6)?.min(59) } else { 0 };
        let time = NaiveTime::from_hms_opt(h, m, sec)?;
        Some(Stamp::DateTime {
            at: date.and_time(time),
            utc,
        })
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            Stamp::Date(d) => *d,
            Stamp::DateTime { at, .. } => at.date(),
        }
    }

    /// Wall time; a date is its midnight.
    pub fn naive(&self) -> NaiveDateTime {
        match self {
            Stamp::Date(d) => d.and_time(NaiveTime::MIN),
            Stamp::DateTime { at, .. } => *at,
        }
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // Some writers use the extended form (2026-11-30).
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = digits[0..4].parse().ok()?;
    let m = digits[4..6].parse().ok()?;
    let d = digits[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A DURATION (RFC 5545 §3.3.6): days and weeks are nominal (they follow
/// the wall clock across daylight saving), hours to seconds are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Duration {
    pub days: i64,
    pub seconds: i64,
}

impl Duration {
    /// None for malformed text or a length no calendar means (more than
    /// 10,000 years): the value is then ignored, never a panic.
    pub fn parse(s: &str) -> Option<Duration> {
        const MAX_DAYS: i64 = 3_660_000;
        let s = s.trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let s = s.strip_prefix(['P', 'p'])?;
        let mut days: i64 = 0;
        let mut seconds: i64 = 0;
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        for c in s.chars() {
            match c.to_ascii_uppercase() {
                'T' => in_time = true,
                d if d.is_ascii_digit() => number.push(d),
                unit => {
                    let n: i64 = number.parse().ok()?;
                    number.clear();
                    any = true;
                    match (unit, in_time) {
                        ('W', false) => days = days.checked_add(n.checked_mul(7)?)?,
                        ('D', false) => days = days.checked_add(n)?,
                        ('H', true) => seconds = seconds.checked_add(n.checked_mul(3600)?)?,
                        ('M', true) => seconds = seconds.checked_add(n.checked_mul(60)?)?,
                        ('S', true) => seconds = seconds.checked_add(n)?,
                        _ => return None,
                    }
                }
            }
        }
        if !any || !number.is_empty() || days > MAX_DAYS || seconds / 86_400 > MAX_DAYS {
            return None;
        }
        Some(if neg {
            Duration {
                days: -days,
                seconds: -seconds,
            }
        } else {
            Duration { days, seconds }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_quoted_params_and_escapes() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Lunch\\, then \r\n a walk\r\nATTENDEE;CN=\"Lima; Ana\":mailto:ana@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nstray\r\n";
        let (cals, trouble) = parse(text);
        assert_eq!(cals.len(), 1);
        let ev = &cals[0].children[0];
        assert_eq!(
            ev.prop("SUMMARY").map(Prop::text).as_deref(),
            Some("Lunch, then a walk")
        );
        let a = ev.prop("ATTENDEE").map(|p| p.param("CN"));
        assert_eq!(a, Some(Some("Lima; Ana")));
        assert_eq!(
            trouble.bad_lines.0, 0,
            "a stray line after the calendar is no trouble"
        );
    }

    #[test]
    fn durations_nominal_days_exact_seconds_and_no_overflow() {
        assert_eq!(
            Duration::parse("P1DT2H30M"),
            Some(Duration {
                days: 1,
                seconds: 9000
            })
        );
        assert_eq!(Duration::parse("-PT15M").map(|d| d.seconds), Some(-900));
        assert_eq!(Duration::parse("P2W").map(|d| d.days), Some(14));
        assert_eq!(Duration::parse("P999999999999999999W"), None);
        assert_eq!(Duration::parse("P"), None);
        assert_eq!(Duration::parse("PT1H5"), None);
    }

    #[test]
    fn stamps() {
        assert_eq!(
            Stamp::parse("20261130"),
            NaiveDate::from_ymd_opt(2026, 11, 30).map(Stamp::Date)
        );
        assert!(matches!(
            Stamp::parse("20261130T090000Z"),
            Some(Stamp::DateTime { utc: true, .. })
        ));
        assert_eq!(Stamp::parse("20260230"), None);
        assert_eq!(Stamp::parse("2026113"), None);
    }
}
