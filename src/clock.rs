//! Time: an injectable "now", the flexible date forms ties accepts, and
//! human phrasing of intervals.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Weekday,
};

/// The moment ties treats as now. Tests and benchmarks fix it through
/// `TIES_NOW` (RFC 3339) so their output never depends on the day they run;
/// the zone stays the system's (`TZ`) either way, so daylight saving is the
/// same under test as in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<FixedOffset>,
    /// Whether to consult the system time zone for other dates (daylight
    /// saving); only `Clock::fixed`, for unit tests, keeps its own offset.
    local_zone: bool,
}

impl Clock {
    pub fn system() -> Self {
        let now = std::env::var("TIES_NOW")
            .ok()
            .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
            .map(|at| at.with_timezone(&Local).fixed_offset())
            .unwrap_or_else(|| Local::now().fixed_offset());
        Clock {
            now,
            local_zone: true,
        }
    }

    /// A clock stopped at `rfc3339` that keeps that offset for every date,
    /// whatever the system zone: for unit tests.
    /// Panics on a malformed time: it is only ever given a literal.
    #[allow(clippy::expect_used)]
    pub fn fixed(rfc3339: &str) -> Self {
        Clock {
            now: DateTime::parse_from_rfc3339(rfc3339).expect("valid RFC 3339 time"),
            local_zone: false,
        }
    }

    /// Whether other dates follow the system zone's daylight saving.
    pub fn follows_system_zone(&self) -> bool {
        self.local_zone
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// An instant on the viewer's wall clock: in the system zone at that
    /// instant (a July note shows July's offset in November), or in the
    /// fixed clock's offset.
    pub fn local(&self, at: &DateTime<FixedOffset>) -> NaiveDateTime {
        if self.local_zone {
            return at.with_timezone(&Local).naive_local();
        }
        at.with_timezone(self.now.offset()).naive_local()
    }

    /// Parses the `--at` forms: RFC 3339, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD`,
    /// `HH:MM` (today), `today`, `yesterday`.
    pub fn parse_at(&self, s: &str) -> Option<DateTime<FixedOffset>> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("now") {
            return Some(self.now);
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(dt);
        }
        let naive = if let Some(date) = self.parse_date(s) {
            if date == self.today() {
                Some(self.now.naive_local())
            } else {
                date.and_hms_opt(12, 0, 0)
            }
        } else if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
            Some(dt)
        } else if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
            Some(dt)
        } else if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
            Some(self.today().and_time(t))
        } else if let Some((day, time)) = s.rsplit_once(' ')
            && let Some(date) = self.parse_date(day)
            && let Ok(t) = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        {
            // "yesterday 15:00", "monday 9:30": a day word and a time.
            Some(date.and_time(t))
        } else {
            None
        }?;
        self.offset_for(naive)
    }

    /// A note's time from the `--at` words (both faces take the same), or
    /// why not, as the end of a sentence that starts with what was typed.
    pub fn parse_entry_time(&self, s: &str) -> Result<DateTime<FixedOffset>, String> {
        let at = self.parse_at(s).ok_or_else(|| {
            format!("`{s}` is not a time (write 2026-11-20T15:30:00-05:00, \"2026-11-20 15:30\", 2026-11-20, 15:30, yesterday or \"yesterday 15:30\")")
        })?;
        if !(0..=9999).contains(&at.year()) {
            return Err(format!(
                "`{s}` is too far away (ties keeps dates in the years 0 to 9999)"
            ));
        }
        Ok(at)
    }

    /// The same clock stopped at another moment: relative words in a draft
    /// ("yesterday") mean what they meant when it was typed.
    pub fn at(&self, now: DateTime<FixedOffset>) -> Clock {
        Clock { now, ..*self }
    }

    fn offset_for(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        // Use the real local zone when it knows the date (daylight saving),
        // else the clock's own offset.
        if self.local_zone
            && let Some(dt) = Local.from_local_datetime(&naive).earliest()
        {
            return Some(dt.fixed_offset());
        }
        self.now.offset().from_local_datetime(&naive).single()
    }

    /// Parses a date: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, `+3d`,
    /// `+2w`, or a weekday name (the next one).
    pub fn parse_date(&self, s: &str) -> Option<NaiveDate> {
        let s = s.trim().to_ascii_lowercase();
        let today = self.today();
        match s.as_str() {
            "today" => return Some(today),
            "tomorrow" => return today.succ_opt(),
            "yesterday" => return today.pred_opt(),
            _ => {}
        }
        if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            return Some(d);
        }
        if let Some(rest) = s.strip_prefix('+') {
            let (n, unit) = rest.split_at(rest.len().checked_sub(1)?);
            let n: i64 = n.parse().ok()?;
            let days = match unit {
                "d" => n,
                "w" => n.checked_mul(7)?,
                _ => return None,
            };
            return today.checked_add_signed(Duration::try_days(days)?);
        }
        let weekday: Weekday = s.parse().ok()?;
        let ahead = (7 + weekday.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64
            - 1)
            % 7
            + 1;
        today.checked_add_signed(Duration::days(ahead))
    }
}

/// "today", "yesterday", "23 days ago", "in 5 days".
pub fn days_phrase(days_ago: i64) -> String {
    match days_ago {
        0 => "today".into(),
        1 => "yesterday".into(),
        -1 => "tomorrow".into(),
        d if d > 1 => format!("{d} days ago"),
        d => format!("in {} days", -d),
    }
}

/// How long ago, as a person says it: "yesterday", "5 days ago", "3 weeks
/// ago", "4 months ago", "2 years ago".
pub fn ago_phrase(days_ago: i64) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match days_ago {
        d if d < 14 => days_phrase(d),
        d if d < 60 => plural(d / 7, "week"),
        d if d < 730 => plural(d / 30, "month"),
        d => plural(d / 365, "year"),
    }
}

/// "in 5 days" style for an upcoming day count.
pub fn in_days_phrase(days_ahead: i64) -> String {
    days_phrase(-days_ahead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_phrases() {
        let got: Vec<String> = [0, 1, 6, 13, 14, 21, 59, 60, 400, 730, 1500]
            .iter()
            .map(|d| ago_phrase(*d))
            .collect();
        assert_eq!(
            got,
            [
                "today",
                "yesterday",
                "6 days ago",
                "13 days ago",
                "2 weeks ago",
                "3 weeks ago",
                "8 weeks ago",
                "2 months ago",
                "13 months ago",
                "2 years ago",
                "4 years ago"
            ]
        );
    }

    #[test]
    fn parses_relative_dates() {
        let c = Clock::fixed("2026-11-23T10:00:00+00:00"); // a Monday
        assert_eq!(
            c.parse_date("tomorrow"),
            NaiveDate::from_ymd_opt(2026, 11, 24)
        );
        assert_eq!(c.parse_date("+2w"), NaiveDate::from_ymd_opt(2026, 12, 7));
        assert_eq!(
            c.parse_date("friday"),
            NaiveDate::from_ymd_opt(2026, 11, 27)
        );
        assert_eq!(
            c.parse_date("monday"),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(c.parse_date("2026-02-30"), None);
        assert_eq!(c.parse_date("+99999999999999d"), None);
    }

    #[test]
    fn parses_at_forms() {
        let c = Clock::fixed("2026-11-23T10:00:00-05:00");
        assert_eq!(
            c.parse_at("2026-11-20 15:30").unwrap().to_rfc3339(),
            "2026-11-20T15:30:00-05:00"
        );
        assert_eq!(
            c.parse_at("2026-11-20T15:30:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-20T15:30:00+01:00"
        );
        assert_eq!(
            c.parse_at("09:15").unwrap().to_rfc3339(),
            "2026-11-23T09:15:00-05:00"
        );
        assert!(c.parse_at("soon").is_none());
        // A day word and a time, as people say it.
        assert_eq!(
            c.parse_at("yesterday 15:00").unwrap().to_rfc3339(),
            "2026-11-22T15:00:00-05:00"
        );
        assert_eq!(
            c.parse_at("Friday 9:30").unwrap().to_rfc3339(),
            "2026-11-27T09:30:00-05:00"
        );
        assert!(c.parse_at("yesterday 25:00").is_none());
        assert!(c.parse_at("someday 15:00").is_none());
    }
}
