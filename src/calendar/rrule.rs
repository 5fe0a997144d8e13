//! Recurrence rules (RFC 5545 §3.3.10, with RFC 7529's SKIP for the
//! Gregorian scale), expanded period by period over wall-clock time.
//!
//! Each series is expanded over the asked window only: a rule without COUNT
//! jumps straight to the window, so a daily stand-up running since 2016
//! costs the same as one that started last week. A rule with COUNT must be
//! counted from its start, and stops at the window's end.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::ics::Stamp;

/// Periods one expansion may walk before it gives up (a rule every second
/// with a COUNT and a BY part, started decades ago): about a quarter of a
/// second. Rules without COUNT, or without BY parts, jump to the window.
pub const BUDGET: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Freq {
    Secondly,
    Minutely,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// RFC 7529: what a rule does with a day its month does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Omit,
    Backward,
    Forward,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u64>,
    pub until: Option<Stamp>,
    pub by_second: Vec<u32>,
    pub by_minute: Vec<u32>,
    pub by_hour: Vec<u32>,
    /// (ordinal, weekday); ordinal 0 means every such weekday.
    pub by_day: Vec<(i32, Weekday)>,
    pub by_month_day: Vec<i32>,
    pub by_year_day: Vec<i32>,
    pub by_week_no: Vec<i32>,
    pub by_month: Vec<u32>,
    pub by_set_pos: Vec<i32>,
    pub wkst: Weekday,
    pub skip: Skip,
    /// A calendar scale other than Gregorian (RFC 7529), upper case: ties
    /// does not follow those rules.
    pub rscale: Option<String>,
}

/// The expansion walked its whole budget before reaching the window's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooMany;

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn list<T>(key: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    value
        .split(',')
        .map(|v| {
            parse(v.trim()).ok_or_else(|| format!("{key}={} is not a value it can take", v.trim()))
        })
        .collect()
}

fn ranged(lo: i32, hi: i32, signed: bool) -> impl Fn(&str) -> Option<i32> {
    move |s: &str| {
        let n: i32 = s.parse().ok()?;
        let ok = if signed {
            n != 0 && n.abs() >= lo && n.abs() <= hi
        } else {
            n >= lo && n <= hi
        };
        ok.then_some(n)
    }
}

impl Rule {
    /// Reads `FREQ=WEEKLY;BYDAY=MO,WE`; the error is a short phrase for a
    /// sentence ("BYMONTHDAY=40 is not a value it can take").
    pub fn parse(text: &str) -> Result<Rule, String> {
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_second: Vec::new(),
            by_minute: Vec::new(),
            by_hour: Vec::new(),
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_year_day: Vec::new(),
            by_week_no: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
            wkst: Weekday::Mon,
            skip: Skip::Omit,
            rscale: None,
        };
        let mut freq = None;
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{}` has no value", part.trim()))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim().to_ascii_uppercase();
            let u = |r: Vec<i32>| r.into_iter().map(|n| n as u32).collect::<Vec<u32>>();
            match key.as_str() {
                "FREQ" => {
                    freq = Some(match value.as_str() {
                        "SECONDLY" => Freq::Secondly,
                        "MINUTELY" => Freq::Minutely,
                        "HOURLY" => Freq::Hourly,
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        other => return Err(format!("FREQ={other} is not a frequency")),
                    })
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| format!("INTERVAL={value} is not a positive number"))?
                }
                "COUNT" => {
                    rule.count = Some(
                        value
                            .parse::<u64>()
                            .map_err(|_| format!("COUNT={value} is not a number"))?,
                    )
                }
                "UNTIL" => {
                    rule.until = Some(
                        Stamp::parse(&value)
                            .ok_or_else(|| format!("UNTIL={value} is not a date"))?,
                    )
                }
                "BYSECOND" => rule.by_second = u(list(&key, &value, ranged(0, 60, false))?),
                "BYMINUTE" => rule.by_minute = u(list(&key, &value, ranged(0, 59, false))?),
                "BYHOUR" => rule.by_hour = u(list(&key, &value, ranged(0, 23, false))?),
                "BYMONTHDAY" => rule.by_month_day = list(&key, &value, ranged(1, 31, true))?,
                "BYYEARDAY" => rule.by_year_day = list(&key, &value, ranged(1, 366, true))?,
                "BYWEEKNO" => rule.by_week_no = list(&key, &value, ranged(1, 53, true))?,
                "BYSETPOS" => rule.by_set_pos = list(&key, &value, ranged(1, 366, true))?,
                // A leap month ("5L") only exists in other scales; it is
                // checked with RSCALE below.
                "BYMONTH" => {
                    rule.by_month = list(&key, &value, |s| {
                        let n: u32 = s.trim_end_matches('L').parse().ok()?;
                        (1..=13)
                            .contains(&n)
                            .then_some(if s.ends_with('L') { 0 } else { n })
                    })?
                }
                "BYDAY" => {
                    rule.by_day = list(&key, &value, |s| {
                        let split = s.len().checked_sub(2)?;
                        let day = weekday(s.get(split..)?)?;
                        let n = match s.get(..split)? {
                            "" => 0,
                            num => {
                                let n: i32 = num.parse().ok()?;
                                if n == 0 || n.abs() > 53 {
                                    return None;
                                }
                                n
                            }
                        };
                        Some((n, day))
                    })?
                }
                "WKST" => {
                    rule.wkst =
                        weekday(&value).ok_or_else(|| format!("WKST={value} is not a weekday"))?
                }
                "RSCALE" if value != "GREGORIAN" => rule.rscale = Some(value.clone()),
                "SKIP" => {
                    rule.skip = match value.as_str() {
                        "OMIT" => Skip::Omit,
                        "BACKWARD" => Skip::Backward,
                        "FORWARD" => Skip::Forward,
                        other => {
                            return Err(format!("SKIP={other} is not OMIT, BACKWARD or FORWARD"));
                        }
                    }
                }
                // X- parts and parts of later standards change nothing here.
                _ => {}
            }
        }
        rule.freq = freq.ok_or("it has no FREQ")?;
        if rule.rscale.is_none() && rule.by_month.iter().any(|m| *m == 0 || *m > 12) {
            return Err("BYMONTH names a month the Gregorian calendar does not have".into());
        }
        Ok(rule)
    }

    fn by_parts_absent(&self) -> bool {
        self.by_second.is_empty()
            && self.by_minute.is_empty()
            && self.by_hour.is_empty()
            && self.by_day.is_empty()
            && self.by_month_day.is_empty()
            && self.by_year_day.is_empty()
            && self.by_week_no.is_empty()
            && self.by_month.is_empty()
            && self.by_set_pos.is_empty()
    }

    /// Whether the rule can go on for ever (no COUNT and no UNTIL).
    pub fn open_ended(&self) -> bool {
        self.count.is_none() && self.until.is_none()
    }

    /// Every occurrence in `[from, to]` (wall time), in order. `start` is
    /// the first occurrence (RFC 5545: DTSTART always counts, COUNT
    /// included); `within_until` says whether an occurrence is not past
    /// UNTIL, which the caller compares as an instant in the event's zone.
    pub fn expand(
        &self,
        start: NaiveDateTime,
        from: NaiveDateTime,
        to: NaiveDateTime,
        within_until: &dyn Fn(NaiveDateTime) -> bool,
        out: &mut Vec<NaiveDateTime>,
    ) -> Result<(), TooMany> {
        self.expand_within(start, from, to, within_until, out, &mut BUDGET.clone())
    }

    /// `expand`, walking at most `budget` periods (what is left stays in it).
    pub fn expand_within(
        &self,
        start: NaiveDateTime,
        from: NaiveDateTime,
        to: NaiveDateTime,
        within_until: &dyn Fn(NaiveDateTime) -> bool,
        out: &mut Vec<NaiveDateTime>,
        budget: &mut u64,
    ) -> Result<(), TooMany> {
        if start >= from && start <= to {
            out.push(start);
        }
        let plan = Plan::new(self, start);
        let step = i64::from(self.interval);
        let first = plan.period_of(start);
        let mut p = first;
        let mut counted: u64 = 1;
        // Jump to the period before the window, on the rule's stride. With
        // COUNT, only when every period holds exactly one occurrence (no BY
        // parts): then the occurrences skipped are known without walking.
        let one_each = self.by_parts_absent()
            && matches!(
                self.freq,
                Freq::Secondly | Freq::Minutely | Freq::Hourly | Freq::Daily | Freq::Weekly
            );
        if self.count.is_none() || one_each {
            let target = plan.period_of(from) - 1;
            if target > first {
                p = first + (target - first) / step * step;
                // DTSTART's period, then one for each period after it and
                // before p.
                counted = (((p - first) / step) as u64).max(1);
            }
        }
        let mut candidates = Vec::new();
        loop {
            if *budget == 0 {
                return Err(TooMany);
            }
            *budget -= 1;
            let Some(begins) = plan.period_start(p) else {
                return Ok(());
            };
            if begins > to {
                return Ok(());
            }
            candidates.clear();
            // A period counts as much work as the candidates it makes.
            match plan.candidates(p, &mut candidates, *budget)? {
                Some(()) => *budget = budget.saturating_sub(candidates.len() as u64),
                // The day of an hourly (or finer) period is filtered out:
                // go on from the first period of the next day.
                None => {
                    p = plan.next_day_period(p, first, step);
                    continue;
                }
            }
            for &c in &candidates {
                if c <= start {
                    continue;
                }
                if !within_until(c) {
                    return Ok(());
                }
                counted += 1;
                if self.count.is_some_and(|n| counted > n) || c > to {
                    return Ok(());
                }
                if c >= from {
                    out.push(c);
                }
            }
            p = match p.checked_add(step) {
                Some(n) => n,
                None => return Ok(()),
            };
        }
    }
}

/// A rule with the defaults RFC 5545 takes from DTSTART filled in.
struct Plan<'a> {
    rule: &'a Rule,
    by_month_day: Vec<i32>,
    by_day: Vec<(i32, Weekday)>,
    by_month: Vec<u32>,
    hours: Vec<u32>,
    minutes: Vec<u32>,
    seconds: Vec<u32>,
    /// Day number (from the common era) of one week start, mod 7.
    week_phase: i64,
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    match (next, NaiveDate::from_ymd_opt(y, m, 1)) {
        (Some(n), Some(f)) => (n - f).num_days() as u32,
        _ => 30,
    }
}

fn days_in_year(y: i32) -> u32 {
    if NaiveDate::from_ymd_opt(y, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// The first day of week 1 of `year`: the first week (starting on `wkst`)
/// with at least four days in the year (RFC 5545, BYWEEKNO).
fn week_one(year: i32, wkst: Weekday) -> Option<NaiveDate> {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let offset = (7 + jan1.weekday().num_days_from_monday() - wkst.num_days_from_monday()) % 7;
    if offset <= 3 {
        jan1.checked_sub_days(Days::new(u64::from(offset)))
    } else {
        jan1.checked_add_days(Days::new(u64::from(7 - offset)))
    }
}

/// (week number, weeks in that week-year) of `d`.
fn week_of(d: NaiveDate, wkst: Weekday) -> Option<(i32, i32)> {
    let mut y = d.year();
    if d < week_one(y, wkst)? {
        y -= 1;
    } else if d >= week_one(y + 1, wkst)? {
        y += 1;
    }
    let w1 = week_one(y, wkst)?;
    let weeks = ((week_one(y + 1, wkst)? - w1).num_days() / 7) as i32;
    Some((((d - w1).num_days() / 7) as i32 + 1, weeks))
}

impl<'a> Plan<'a> {
    fn new(rule: &'a Rule, start: NaiveDateTime) -> Self {
        let date = start.date();
        let mut by_month_day = rule.by_month_day.clone();
        let mut by_day = rule.by_day.clone();
        let mut by_month = rule.by_month.clone();
        let unspecified = rule.by_week_no.is_empty()
            && rule.by_year_day.is_empty()
            && rule.by_month_day.is_empty()
            && rule.by_day.is_empty();
        if unspecified {
            match rule.freq {
                Freq::Yearly => {
                    if by_month.is_empty() {
                        by_month = vec![date.month()];
                    }
                    by_month_day = vec![date.day() as i32];
                }
                Freq::Monthly => by_month_day = vec![date.day() as i32],
                Freq::Weekly => by_day = vec![(0, date.weekday())],
                _ => {}
            }
        }
        let pick = |given: &Vec<u32>, coarser: bool, own: u32| -> Vec<u32> {
            let mut v = if given.is_empty() && coarser {
                vec![own]
            } else {
                given.clone()
            };
            v.retain(|x| *x < 60);
            v.sort_unstable();
            v.dedup();
            v
        };
        let week_start = date
            .checked_sub_days(Days::new(u64::from(
                (7 + date.weekday().num_days_from_monday() - rule.wkst.num_days_from_monday()) % 7,
            )))
            .unwrap_or(date);
        Plan {
            rule,
            by_month_day,
            by_day,
            by_month,
            hours: pick(&rule.by_hour, rule.freq > Freq::Hourly, start.hour()),
            minutes: pick(&rule.by_minute, rule.freq > Freq::Minutely, start.minute()),
            seconds: pick(&rule.by_second, rule.freq > Freq::Secondly, start.second()),
            week_phase: day_number(week_start).rem_euclid(7),
        }
    }

    fn period_of(&self, t: NaiveDateTime) -> i64 {
        let d = t.date();
        let day = day_number(d);
        let (h, m, s) = (
            i64::from(t.hour()),
            i64::from(t.minute()),
            i64::from(t.second()),
        );
        match self.rule.freq {
            Freq::Yearly => i64::from(d.year()),
            Freq::Monthly => i64::from(d.year()) * 12 + i64::from(d.month0()),
            Freq::Weekly => (day - self.week_phase).div_euclid(7),
            Freq::Daily => day,
            Freq::Hourly => day * 24 + h,
            Freq::Minutely => (day * 24 + h) * 60 + m,
            Freq::Secondly => ((day * 24 + h) * 60 + m) * 60 + s,
        }
    }

    /// Where period `p` begins; None outside the dates chrono can hold.
    fn period_start(&self, p: i64) -> Option<NaiveDateTime> {
        let at = |day: i64, secs: i64| -> Option<NaiveDateTime> {
            let t = NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(secs).ok()?, 0)?;
            Some(from_day_number(day)?.and_time(t))
        };
        match self.rule.freq {
            Freq::Yearly => Some(
                NaiveDate::from_ymd_opt(i32::try_from(p).ok()?, 1, 1)?.and_time(NaiveTime::MIN),
            ),
            Freq::Monthly => Some(
                NaiveDate::from_ymd_opt(
                    i32::try_from(p.div_euclid(12)).ok()?,
                    p.rem_euclid(12) as u32 + 1,
                    1,
                )?
                .and_time(NaiveTime::MIN),
            ),
            Freq::Weekly => at(p.checked_mul(7)?.checked_add(self.week_phase)?, 0),
            Freq::Daily => at(p, 0),
            Freq::Hourly => at(p.div_euclid(24), p.rem_euclid(24) * 3600),
            Freq::Minutely => at(p.div_euclid(1440), p.rem_euclid(1440) * 60),
            Freq::Secondly => at(p.div_euclid(86_400), p.rem_euclid(86_400)),
        }
    }

    /// The first period on the rule's stride that begins on a later day.
    fn next_day_period(&self, p: i64, first: i64, step: i64) -> i64 {
        let per_day = match self.rule.freq {
            Freq::Hourly => 24,
            Freq::Minutely => 1440,
            Freq::Secondly => 86_400,
            _ => return p.saturating_add(step),
        };
        let next_day = (p.div_euclid(per_day) + 1) * per_day;
        let k = (next_day - first + step - 1).div_euclid(step);
        (first + k * step).max(p.saturating_add(step))
    }

    /// Fills `out` with the period's occurrences, sorted; None when the
    /// period is finer than a day and its day does not match.
    fn candidates(
        &self,
        p: i64,
        out: &mut Vec<NaiveDateTime>,
        limit: u64,
    ) -> Result<Option<()>, TooMany> {
        let Some(begins) = self.period_start(p) else {
            return Ok(Some(()));
        };
        let date = begins.date();
        let mut dates = Vec::new();
        let mut times = Vec::new();
        match self.rule.freq {
            Freq::Yearly => self.dates_of_year(date.year(), &mut dates),
            Freq::Monthly => {
                if self.by_month.is_empty() || self.by_month.contains(&date.month()) {
                    self.dates_of_month(date.year(), date.month(), false, &mut dates);
                }
            }
            Freq::Weekly => {
                for i in 0..7 {
                    if let Some(d) = date.checked_add_days(Days::new(i))
                        && self.matches(d, Scope::None)
                    {
                        dates.push(d);
                    }
                }
            }
            _ => {
                if !self.matches(date, Scope::None) {
                    return Ok(if self.rule.freq == Freq::Daily {
                        Some(())
                    } else {
                        None
                    });
                }
                dates.push(date);
            }
        }
        let (h, m, s) = (begins.hour(), begins.minute(), begins.second());
        let keep = |list: &Vec<u32>, v: u32| list.is_empty() || list.contains(&v);
        match self.rule.freq {
            Freq::Hourly => {
                if keep(&self.rule.by_hour, h) {
                    for &mi in &self.minutes {
                        for &se in &self.seconds {
                            times.push((h, mi, se));
                        }
                    }
                }
            }
            Freq::Minutely => {
                if keep(&self.rule.by_hour, h) && keep(&self.rule.by_minute, m) {
                    for &se in &self.seconds {
                        times.push((h, m, se));
                    }
                }
            }
            Freq::Secondly => {
                if keep(&self.rule.by_hour, h)
                    && keep(&self.rule.by_minute, m)
                    && keep(&self.rule.by_second, s)
                {
                    times.push((h, m, s));
                }
            }
            _ => {
                for &ho in &self.hours {
                    for &mi in &self.minutes {
                        for &se in &self.seconds {
                            times.push((ho, mi, se));
                        }
                    }
                }
            }
        }
        dates.sort_unstable();
        dates.dedup();
        // Every second of a year is 31 million candidates: more than the
        // work left is not made at all.
        if (dates.len() as u64).saturating_mul(times.len() as u64) > limit {
            return Err(TooMany);
        }
        for d in &dates {
            for &(ho, mi, se) in &times {
                if let Some(t) = NaiveTime::from_hms_opt(ho, mi, se) {
                    out.push(d.and_time(t));
                }
            }
        }
        if !self.rule.by_set_pos.is_empty() {
            let all = std::mem::take(out);
            let n = all.len() as i32;
            for &pos in &self.rule.by_set_pos {
                let i = if pos > 0 { pos - 1 } else { n + pos };
                if (0..n).contains(&i) {
                    out.push(all[i as usize]);
                }
            }
            out.sort_unstable();
            out.dedup();
        }
        Ok(Some(()))
    }

    /// Whether only month days pick the days (with SKIP for days a month
    /// lacks): then dates are made directly, not filtered from every day.
    fn by_month_day_only(&self) -> bool {
        !self.by_month_day.is_empty()
            && self.by_day.is_empty()
            && self.rule.by_year_day.is_empty()
            && self.rule.by_week_no.is_empty()
    }

    fn dates_of_year(&self, y: i32, out: &mut Vec<NaiveDate>) {
        let months: Vec<u32> = if self.by_month.is_empty() {
            (1..=12).collect()
        } else {
            let mut m = self.by_month.clone();
            m.sort_unstable();
            m
        };
        if self.by_month_day_only() || self.by_week_no_or_year_day() {
            if self.by_month_day_only() {
                for m in months {
                    self.dates_of_month(y, m, true, out);
                }
                return;
            }
            // Week numbers and year days: every day of the year.
            let mut d = NaiveDate::from_ymd_opt(y, 1, 1);
            while let Some(day) = d.filter(|x| x.year() == y) {
                if self.matches(day, Scope::Year) {
                    out.push(day);
                }
                d = day.succ_opt();
            }
            return;
        }
        let scope = if self.by_month.is_empty() {
            Scope::Year
        } else {
            Scope::Month
        };
        for m in months {
            for day in 1..=days_in_month(y, m) {
                if let Some(d) = NaiveDate::from_ymd_opt(y, m, day)
                    && self.matches(d, scope)
                {
                    out.push(d);
                }
            }
        }
    }

    fn by_week_no_or_year_day(&self) -> bool {
        !self.rule.by_week_no.is_empty() || !self.rule.by_year_day.is_empty()
    }

    fn dates_of_month(&self, y: i32, m: u32, yearly: bool, out: &mut Vec<NaiveDate>) {
        let dim = days_in_month(y, m);
        if self.by_month_day_only() {
            for &md in &self.by_month_day {
                let n = if md > 0 { md } else { dim as i32 + 1 + md };
                if n >= 1 && n <= dim as i32 {
                    if let Some(d) = NaiveDate::from_ymd_opt(y, m, n as u32) {
                        out.push(d);
                    }
                    continue;
                }
                // A day the month lacks (the 30th of February).
                if md < 0 {
                    continue;
                }
                let last = NaiveDate::from_ymd_opt(y, m, dim);
                match self.rule.skip {
                    Skip::Omit => {}
                    Skip::Backward => out.extend(last),
                    Skip::Forward => out.extend(last.and_then(|d| d.succ_opt())),
                }
            }
            return;
        }
        let _ = yearly;
        for day in 1..=dim {
            if let Some(d) = NaiveDate::from_ymd_opt(y, m, day)
                && self.matches(d, Scope::Month)
            {
                out.push(d);
            }
        }
    }

    fn matches(&self, d: NaiveDate, scope: Scope) -> bool {
        let r = self.rule;
        if !self.by_month.is_empty() && !self.by_month.contains(&d.month()) {
            return false;
        }
        if !r.by_week_no.is_empty() {
            let Some((w, weeks)) = week_of(d, r.wkst) else {
                return false;
            };
            if !nth_of(&r.by_week_no, w, weeks) {
                return false;
            }
        }
        // The lengths are worked out only for a rule that needs them: this
        // runs for every day a rule looks at.
        if !r.by_year_day.is_empty()
            && !nth_of(
                &r.by_year_day,
                d.ordinal() as i32,
                days_in_year(d.year()) as i32,
            )
        {
            return false;
        }
        if !self.by_month_day.is_empty()
            && !nth_of(
                &self.by_month_day,
                d.day() as i32,
                days_in_month(d.year(), d.month()) as i32,
            )
        {
            return false;
        }
        if !self.by_day.is_empty() {
            let scope = if r.by_week_no.is_empty() {
                scope
            } else {
                Scope::None
            };
            let (nth, from_end) = match scope {
                Scope::Year => {
                    let o = d.ordinal() as i32;
                    let len = days_in_year(d.year()) as i32;
                    ((o - 1) / 7 + 1, -((len - o) / 7 + 1))
                }
                Scope::Month => {
                    let day = d.day() as i32;
                    let dim = days_in_month(d.year(), d.month()) as i32;
                    ((day - 1) / 7 + 1, -((dim - day) / 7 + 1))
                }
                Scope::None => (0, 0),
            };
            if !self.by_day.iter().any(|&(n, wd)| {
                wd == d.weekday() && (n == 0 || scope == Scope::None || n == nth || n == from_end)
            }) {
                return false;
            }
        }
        true
    }
}

/// Whether `value` (1-based, of `count`) is one of `list`, where a negative
/// entry counts from the end (-1 is the last).
fn nth_of(list: &[i32], value: i32, count: i32) -> bool {
    list.iter().any(|&n| {
        if n > 0 {
            n == value
        } else {
            count + 1 + n == value
        }
    })
}

/// What an ordinal in BYDAY counts within ("the 2nd Monday" of what).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Year,
    Month,
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        match Stamp::parse(s) {
            Some(st) => st.naive(),
            None => panic!("bad stamp {s}"),
        }
    }

    fn run(rule: &str, start: &str, from: &str, to: &str) -> Vec<String> {
        let r = Rule::parse(rule).unwrap();
        let mut out = Vec::new();
        r.expand(at(start), at(from), at(to), &|_| true, &mut out)
            .unwrap();
        out.iter()
            .map(|t| t.format("%Y%m%dT%H%M").to_string())
            .collect()
    }

    #[test]
    fn an_old_open_ended_series_reaches_the_window_directly() {
        let got = run(
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "20160104T090000",
            "20261130T000000",
            "20261206T235959",
        );
        assert_eq!(
            got,
            [
                "20261130T0900",
                "20261201T0900",
                "20261202T0900",
                "20261203T0900",
                "20261204T0900"
            ]
        );
    }

    #[test]
    fn count_counts_from_the_start_even_far_from_the_window() {
        // Daily for 10 occurrences since 2020: nothing in 2026.
        assert!(
            run(
                "FREQ=DAILY;COUNT=10",
                "20200101T090000",
                "20260101T000000",
                "20270101T000000"
            )
            .is_empty()
        );
        let got = run(
            "FREQ=DAILY;COUNT=3",
            "20200101T090000",
            "20200101T000000",
            "20270101T000000",
        );
        assert_eq!(got, ["20200101T0900", "20200102T0900", "20200103T0900"]);
    }

    #[test]
    fn leap_day_with_skip() {
        let from = "20230101T000000";
        let to = "20241231T000000";
        assert_eq!(
            run("FREQ=YEARLY", "20200229T100000", from, to),
            ["20240229T1000"]
        );
        assert_eq!(
            run(
                "RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=BACKWARD",
                "20200229T100000",
                from,
                to
            ),
            ["20230228T1000", "20240229T1000"]
        );
        assert_eq!(
            run(
                "RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=FORWARD",
                "20200229T100000",
                from,
                to
            ),
            ["20230301T1000", "20240229T1000"]
        );
    }

    #[test]
    fn hostile_rules_end() {
        // Every second since year 1, counted: reached by arithmetic.
        let r = Rule::parse("FREQ=SECONDLY;COUNT=999999999999").unwrap();
        let mut out = Vec::new();
        let got = r.expand(
            at("00010101T000000"),
            at("99990101T000000"),
            at("99990101T000100"),
            &|_| true,
            &mut out,
        );
        assert_eq!((got, out.len()), (Ok(()), 61));
        // With a BY part it must be walked, and the walk gives up.
        let r = Rule::parse("FREQ=SECONDLY;BYSECOND=0,30;COUNT=999999999999").unwrap();
        let got = r.expand(
            at("00010101T000000"),
            at("99990101T000000"),
            at("99990102T000000"),
            &|_| true,
            &mut out,
        );
        assert_eq!(got, Err(TooMany));
        // A rule that matches nothing ends at the window, with only DTSTART.
        assert_eq!(
            run(
                "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                "20200201T100000",
                "20200101T000000",
                "20300101T000000"
            ),
            ["20200201T1000"]
        );
        assert!(Rule::parse("FREQ=DAILY;BYMONTHDAY=40").is_err());
        assert!(Rule::parse("BYDAY=MO").is_err());
    }
}
