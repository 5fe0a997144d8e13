//! The typed view of a person file: plain data and pure helpers. The file
//! itself (kept by `store`) stays the truth; this is what ties reads from it.

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;

/// One person, as read from `people/<slug>.toml`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Person {
    pub slug: String,
    pub name: String,
    pub aka: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub email: Vec<String>,
    pub phone: Vec<String>,
    pub tags: Vec<String>,
    pub met: Option<String>,
    pub cadence: Option<Cadence>,
    pub birthday: Option<YearDay>,
    pub snooze: Option<NaiveDate>,
    /// Put away (`archived = 2026-11-30`, or `true`): kept in the vault and
    /// in git, left out of the list, the due list and the agenda.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<Archived>,
    /// `[about]` facts in file order.
    pub about: Vec<(String, String)>,
    pub dates: Vec<YearlyDate>,
    pub todos: Vec<Todo>,
    /// Typed links from `[relationships]`: (slug, label), the label saying who the
    /// other is to this person (`joao-silva = "partner"`), in file order.
    pub relations: Vec<(String, String)>,
    /// Introductions you made between this person and another (`[[intro]]`).
    pub intros: Vec<Intro>,
    /// The timeline, oldest first (sorted by time; ties keeps file order for equal times).
    pub log: Vec<Entry>,
    /// Keys ties does not know, kept in the file and shown as written.
    pub extra: Vec<(String, String)>,
}

/// A moment as written in a file: a date, a local date-time, or an offset date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Zoned(DateTime<FixedOffset>),
}

impl When {
    /// Parses the forms a moment can take: offset date-time, local date-time, date.
    pub fn parse(s: &str) -> Option<When> {
        let s = s.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(When::Zoned(dt));
        }
        for f in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
                return Some(When::Local(dt));
            }
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(When::Date)
    }

    /// The moment on the viewer's wall clock (dates count as their start).
    pub fn local(&self, clock: &Clock) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(chrono::NaiveTime::MIN),
            When::Local(dt) => *dt,
            When::Zoned(dt) => clock.local(dt),
        }
    }

    pub fn date(&self, clock: &Clock) -> NaiveDate {
        self.local(clock).date()
    }

    /// The order of the timeline: offset times by their UTC instant, local
    /// times and dates as written (dates at their start).
    pub fn order_key(&self) -> NaiveDateTime {
        match self {
            When::Zoned(dt) => dt.naive_utc(),
            When::Local(dt) => *dt,
            When::Date(d) => d.and_time(chrono::NaiveTime::MIN),
        }
    }

    /// Whether the time of day is known.
    pub fn has_time(&self) -> bool {
        !matches!(self, When::Date(_))
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Date(d) => write!(f, "{d}"),
            When::Local(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S")),
            When::Zoned(dt) => write!(f, "{}", dt.to_rfc3339()),
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        When::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

/// How often to keep in touch: every N days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub n: u32,
    pub unit: CadenceUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CadenceUnit {
    Day,
    Week,
    Month,
    Year,
}

impl Cadence {
    /// Accepts `30d`, `2w`, `3m`, `1y`, and spelled-out forms like `2 weeks`.
    pub fn parse(s: &str) -> Option<Cadence> {
        let s = s.trim().to_ascii_lowercase();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let n: u32 = s[..digits].parse().ok().filter(|&n| n > 0 && n <= 10_000)?;
        let unit = match s[digits..].trim() {
            "d" | "day" | "days" => CadenceUnit::Day,
            "w" | "week" | "weeks" => CadenceUnit::Week,
            "m" | "month" | "months" => CadenceUnit::Month,
            "y" | "year" | "years" => CadenceUnit::Year,
            _ => return None,
        };
        Some(Cadence { n, unit })
    }

    /// The date one cadence after `from`.
    pub fn after(&self, from: NaiveDate) -> NaiveDate {
        let far = NaiveDate::MAX;
        match self.unit {
            CadenceUnit::Day => from
                .checked_add_days(Days::new(self.n.into()))
                .unwrap_or(far),
            CadenceUnit::Week => from
                .checked_add_days(Days::new(u64::from(self.n) * 7))
                .unwrap_or(far),
            CadenceUnit::Month => from.checked_add_months(Months::new(self.n)).unwrap_or(far),
            CadenceUnit::Year => from
                .checked_add_months(Months::new(self.n.saturating_mul(12)))
                .unwrap_or(far),
        }
    }
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let u = match self.unit {
            CadenceUnit::Day => 'd',
            CadenceUnit::Week => 'w',
            CadenceUnit::Month => 'm',
            CadenceUnit::Year => 'y',
        };
        write!(f, "{}{u}", self.n)
    }
}

impl Serialize for Cadence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cadence::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a cadence: {s}")))
    }
}

/// A day that comes back every year (a birthday, an anniversary); the year is
/// optional (vCard's `--07-14`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearDay {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl YearDay {
    /// Accepts `--MM-DD`, `MM-DD` and `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<YearDay> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(YearDay::from_date(d));
        }
        let md = s.strip_prefix("--").unwrap_or(s);
        let (m, d) = md.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        // 2000 is a leap year, so 29 February is accepted.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        Some(YearDay {
            year: None,
            month,
            day,
        })
    }

    pub fn from_date(d: NaiveDate) -> YearDay {
        YearDay {
            year: Some(d.year()),
            month: d.month(),
            day: d.day(),
        }
    }

    /// The next time this day comes, on or after `today`. 29 February falls
    /// on 28 February in common years.
    pub fn next_on_or_after(&self, today: NaiveDate) -> NaiveDate {
        let in_year = |y: i32| {
            // The day itself, else the last day of that month before it
            // (29 February in a common year); a date no calendar has (a
            // hand-written month 13) falls on today rather than panicking.
            (1..=self.day.min(31))
                .rev()
                .find_map(|d| NaiveDate::from_ymd_opt(y, self.month, d))
                .unwrap_or(today)
        };
        let this = in_year(today.year());
        if this >= today {
            this
        } else {
            in_year(today.year() + 1)
        }
    }

    /// Years completed on the given occurrence, when the year is known.
    pub fn years_at(&self, occurrence: NaiveDate) -> Option<i32> {
        self.year.map(|y| occurrence.year() - y).filter(|&n| n > 0)
    }
}

impl std::fmt::Display for YearDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl Serialize for YearDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        YearDay::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a day: {s}")))
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct YearlyDate {
    pub label: String,
    pub on: YearDay,
}

/// An open loop: a promise made, a thing to send.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Todo {
    /// 1-based position among the file's todos: what `ties done WHO N` takes.
    pub number: usize,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// That a person is archived, and since when if the file says.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Archived {
    pub on: Option<NaiveDate>,
}

/// An introduction you made between this person and `with`; the other
/// person's file holds the mirror.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Intro {
    pub with: String,
    pub on: NaiveDate,
    pub why: Option<String>,
    /// The follow-up is listed under this person (the first named), so the
    /// due list says it once.
    pub ask: bool,
    /// When the follow-up was done (written on both files).
    pub followed: Option<NaiveDate>,
}

/// The table of typed links. Not `links`: people already keep their own
/// `links = {...}` (web pages) in person files, and that must stay theirs.
pub const REL_KEY: &str = "relationships";

/// The key on the `[[log]]` note `ties intro` writes, naming the other
/// person: its ask is the intro's follow-up.
pub const INTRO_KEY: &str = "intro";

/// The label a typed link shows on the other person's sheet: "manager" on
/// Ana's file is "report" on Tom's; symmetric words and words ties does not
/// know stay as written.
pub fn inverse_label(label: &str) -> String {
    let pairs = [
        ("parent", "child"),
        ("manager", "report"),
        ("mentor", "mentee"),
    ];
    let l = label.trim();
    for (a, b) in pairs {
        if l.eq_ignore_ascii_case(a) {
            return b.to_string();
        }
        if l.eq_ignore_ascii_case(b) {
            return a.to_string();
        }
    }
    l.to_string()
}

/// One interaction on the timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    /// 0-based place among the file's `[[log]]` tables (the timeline is
    /// sorted by time, so it can differ from the place on the timeline):
    /// what an edit or a delete of this entry looks for.
    #[serde(skip)]
    pub pos: usize,
    pub at: When,
    pub via: String,
    pub text: String,
    pub ask: Vec<String>,
    /// Asks this conversation covered (their text). Present, even empty,
    /// on entries written since asks stay open until ticked.
    pub asked: Option<Vec<String>>,
    pub private: bool,
    pub why: Option<String>,
    /// The others in a shared meeting (their slugs): the same note is in
    /// each of their files, each naming the rest.
    pub with: Vec<String>,
    pub extra: Vec<(String, String)>,
}

/// How asks are matched to ticks: case and spacing aside.
pub fn fold_ask(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a private value no key here opens shows as.
pub const LOCKED: &str = "private (locked)";

/// The first line of an ASCII-armored age value.
pub const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";

/// The last line of an ASCII-armored age value.
pub const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";

/// Whether a value is still an encrypted (armored) one: the armor whole,
/// nothing before or after it. Words that only start like armor (typed by
/// hand, or after an armor's end) are words, and are encrypted as such.
pub fn is_sealed(s: &str) -> bool {
    let Some(body) = s
        .trim()
        .strip_prefix(ARMOR_BEGIN)
        .and_then(|r| r.strip_suffix(ARMOR_END))
    else {
        return false;
    };
    body.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r' | b' ' | b'\t')
    })
}

/// A value as shown: "private (locked)" while it is still encrypted.
pub fn shown(s: &str) -> &str {
    if is_sealed(s) { LOCKED } else { s }
}

impl Entry {
    /// Whether any of its values is encrypted (as read, before opening).
    pub fn has_sealed(&self) -> bool {
        is_sealed(&self.text)
            || self
                .ask
                .iter()
                .chain(self.asked.iter().flatten())
                .any(|a| is_sealed(a))
    }

    /// Whether its text or asks are encrypted and no key here opened them.
    pub fn is_locked(&self) -> bool {
        is_sealed(&self.text) || self.ask.iter().any(|a| is_sealed(a))
    }

    /// The text as shown: "private (locked)" when no key here opens it.
    pub fn shown_text(&self) -> &str {
        shown(&self.text)
    }

    /// A note written about someone is not contact with them.
    pub fn is_contact(&self) -> bool {
        !self.via.eq_ignore_ascii_case("note")
    }
}

impl Person {
    /// Asks still open, oldest first, numbered a1, a2... as the prep sheet
    /// and `ties done WHO a1` number them. An ask stays open until a later
    /// entry ticks it (`asked = ["..."]`). Files written before ticking
    /// existed read as they did then: until the first entry that carries
    /// `asked`, any later contact covers the asks before it.
    pub fn pending_asks(&self) -> Vec<(&Entry, &str)> {
        let mut open: Vec<(&Entry, &str)> = Vec::new();
        let mut ticking = false;
        for e in &self.log {
            match &e.asked {
                Some(done) => {
                    ticking = true;
                    let done: Vec<String> = done.iter().map(|d| fold_ask(d)).collect();
                    open.retain(|(_, a)| !done.contains(&fold_ask(a)));
                }
                None if !ticking && e.is_contact() => open.clear(),
                None => {}
            }
            for a in &e.ask {
                let a = a.trim();
                if !a.is_empty() {
                    open.push((e, a));
                }
            }
        }
        // An intro's follow-up closes on both files at once (`followed`),
        // whichever person it was ticked on.
        open.retain(|(e, _)| !self.intro_followed(e));
        open
    }

    /// Whether `e` is the note of an introduction whose follow-up is done.
    fn intro_followed(&self, e: &Entry) -> bool {
        let Some((_, with)) = e.extra.iter().find(|(k, _)| k == INTRO_KEY) else {
            return false;
        };
        let on = e.at.order_key().date();
        self.intros
            .iter()
            .any(|i| &i.with == with && i.followed.is_some() && i.on >= on.pred_opt().unwrap_or(on))
    }

    /// Who introduced you to this person: `met = "introduced by @ravi"`.
    pub fn introduced_by(&self) -> Option<&str> {
        introduced_by(self.met.as_deref()?)
    }

    /// The newest entry that was contact (any `via` but `note`).
    pub fn last_contact(&self) -> Option<&Entry> {
        self.log.iter().rev().find(|e| e.is_contact())
    }

    /// When the next contact is due under the cadence, if there is one. With
    /// no contact yet it is due today; `snooze` holds it until that date.
    pub fn due_date(&self, clock: &Clock) -> Option<NaiveDate> {
        due_date(
            self.cadence,
            self.last_contact().map(|e| e.at),
            self.snooze,
            clock,
        )
    }

    /// Every text a person wrote about this person, for `@slug` links.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.met
            .as_deref()
            .into_iter()
            .chain(self.about.iter().map(|(_, v)| v.as_str()))
            .chain(self.log.iter().map(|e| e.text.as_str()))
            .chain(self.todos.iter().map(|t| t.text.as_str()))
    }

    /// The people this person's texts link to with `@slug`, each once, in order.
    pub fn links(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in self.texts() {
            for l in mentions(t) {
                if l != self.slug && !out.iter().any(|o| o == l) {
                    out.push(l.to_string());
                }
            }
        }
        out
    }
}

/// When the next contact is due: one cadence after the last contact, today
/// when there was none, and never before `snooze`.
pub fn due_date(
    cadence: Option<Cadence>,
    last_contact: Option<When>,
    snooze: Option<NaiveDate>,
    clock: &Clock,
) -> Option<NaiveDate> {
    let cadence = cadence?;
    let due = last_contact.map_or(clock.today(), |at| cadence.after(at.date(clock)));
    Some(snooze.filter(|s| *s > due).unwrap_or(due))
}

/// The slug in "introduced by @ravi" (any case, anywhere in the text).
pub fn introduced_by(met: &str) -> Option<&str> {
    let lower = met.to_ascii_lowercase();
    let at = lower.find("introduced by @")? + "introduced by ".len();
    mentions(&met[at..]).next()
}

/// The `@slug` mentions in a text.
pub fn mentions(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    text.match_indices('@').filter_map(move |(i, _)| {
        // An @ inside a word is an email address, not a link.
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.') {
            return None;
        }
        let rest = &text[i + 1..];
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            .count();
        let slug = rest[..len].trim_end_matches('-');
        crate::fold::is_slug(slug).then_some(slug)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cadence_forms() {
        assert_eq!(
            Cadence::parse("30d").unwrap().after(d("2026-01-01")),
            d("2026-01-31")
        );
        assert_eq!(
            Cadence::parse("2w").unwrap().after(d("2026-01-01")),
            d("2026-01-15")
        );
        assert_eq!(
            Cadence::parse("1m").unwrap().after(d("2026-01-31")),
            d("2026-02-28")
        );
        assert_eq!(
            Cadence::parse("1 year").unwrap().after(d("2024-02-29")),
            d("2025-02-28")
        );
        assert_eq!(Cadence::parse("0d"), None);
        assert_eq!(Cadence::parse("often"), None);
        assert_eq!(
            Cadence::parse("9999y")
                .unwrap()
                .after(d("2026-01-01"))
                .year(),
            2026 + 9999
        );
    }

    #[test]
    fn yearly_days_and_leap_birthdays() {
        let b = YearDay::parse("--02-29").unwrap();
        assert_eq!(b.next_on_or_after(d("2026-01-10")), d("2026-02-28"));
        assert_eq!(b.next_on_or_after(d("2028-01-10")), d("2028-02-29"));
        let b = YearDay::parse("1986-07-14").unwrap();
        let next = b.next_on_or_after(d("2026-07-15"));
        assert_eq!(next, d("2027-07-14"));
        assert_eq!(b.years_at(next), Some(41));
        assert_eq!(YearDay::parse("--13-01"), None);
        assert_eq!(YearDay::parse("--02-30"), None);
        assert_eq!(YearDay::parse("--7-14"), None);
    }

    #[test]
    fn due_dates_follow_cadence_contact_and_snooze() {
        let clock = Clock::fixed("2026-11-23T09:00:00+00:00");
        let c = Cadence::parse("30d");
        let last = Some(When::Date(d("2026-10-01")));
        assert_eq!(due_date(c, last, None, &clock), Some(d("2026-10-31")));
        assert_eq!(
            due_date(c, None, None, &clock),
            Some(d("2026-11-23")),
            "never contacted: due today"
        );
        assert_eq!(
            due_date(c, last, Some(d("2026-12-01")), &clock),
            Some(d("2026-12-01"))
        );
        assert_eq!(
            due_date(c, last, Some(d("2026-10-05")), &clock),
            Some(d("2026-10-31")),
            "an old snooze does nothing"
        );
        assert_eq!(due_date(None, last, None, &clock), None);
    }

    #[test]
    fn inverse_labels_and_introduced_by() {
        assert_eq!(inverse_label("manager"), "report");
        assert_eq!(inverse_label("Report"), "manager");
        assert_eq!(inverse_label("child"), "parent");
        assert_eq!(inverse_label("mentee"), "mentor");
        assert_eq!(inverse_label("partner"), "partner");
        assert_eq!(inverse_label("climbing buddy"), "climbing buddy");
        assert_eq!(
            introduced_by("HIMSS 2024, Introduced by @ravi-patel."),
            Some("ravi-patel")
        );
        assert_eq!(introduced_by("lunch with @ravi"), None);
        assert_eq!(introduced_by("introduced by Ravi"), None);
    }

    #[test]
    fn mentions_skip_email_addresses() {
        let m: Vec<_> = mentions("Ask @ravi-patel, cc ana@example.com and @zoe-lefevre.").collect();
        assert_eq!(m, ["ravi-patel", "zoe-lefevre"]);
    }
}
