//! RFC 7529 (non-Gregorian recurrence rules, and SKIP for dates a month or
//! year lacks). Gregorian rules with SKIP are expanded and checked; a rule
//! in another calendar scale is not supported, so what is certain is shown
//! (its first occurrence, DTSTART) and one plain sentence says what was
//! skipped.
//!
//! The rules and start dates of sections 4.3.1 to 4.3.4 are the RFC's, as
//! collected in the icalendar project's `rfc_7529.ics` test calendar.

use chrono::DateTime;
use ties::calendar::{self, Zone};

/// The calendar for one all-day event starting on `date` ("YYYYMMDD").
fn calendar_text(date: &str, rule: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ties//RFC 7529 examples//EN\r\n\
         BEGIN:VEVENT\r\nUID:rfc7529-example@ties.test\r\nDTSTAMP:20120101T000000Z\r\n\
         DTSTART;VALUE=DATE:{date}\r\n{rule}\r\nSUMMARY:Anniversary\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// The dates ("%Y-%m-%d") of every occurrence between UTC midnights `from`
/// and `to` ("YYYY-MM-DD"), seen in UTC, and the problems parsing reported.
fn dates_and_problems(
    file: &str,
    date: &str,
    rule: &str,
    from: &str,
    to: &str,
) -> (Vec<String>, Vec<String>) {
    let (cal, problems) = calendar::parse(file, &calendar_text(date, rule));
    let utc_midnight =
        |day: &str| DateTime::parse_from_rfc3339(&format!("{day}T00:00:00Z")).expect("a test date");
    let viewer = Zone::named("UTC").expect("UTC is a known zone");
    let dates = calendar::between(&[cal], utc_midnight(from), utc_midnight(to), &viewer)
        .iter()
        .map(|m| {
            assert!(m.all_day, "a VALUE=DATE start makes an all-day event");
            m.start.format("%Y-%m-%d").to_string()
        })
        .collect();
    (dates, problems)
}

/// Gregorian rules are fully supported: no problem may be reported.
fn dates(date: &str, rule: &str, from: &str, to: &str) -> Vec<String> {
    let (dates, problems) = dates_and_problems("gregorian.ics", date, rule, from, to);
    assert!(problems.is_empty(), "{rule}: {problems:?}");
    dates
}

/// RFC 7529 §4.3.4: an anniversary on 29 February, moved to 1 March in
/// years without one.
#[test]
fn leap_day_with_skip_forward_falls_on_1_march() {
    let got = dates(
        "20120229",
        "RRULE:RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=FORWARD",
        "2012-01-01",
        "2018-01-01",
    );
    let want = [
        "2012-02-29",
        "2013-03-01",
        "2014-03-01",
        "2015-03-01",
        "2016-02-29",
        "2017-03-01",
    ];
    assert_eq!(got, want);
}

#[test]
fn leap_day_with_skip_backward_falls_on_28_february() {
    let got = dates(
        "20120229",
        "RRULE:RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=BACKWARD",
        "2012-01-01",
        "2018-01-01",
    );
    let want = [
        "2012-02-29",
        "2013-02-28",
        "2014-02-28",
        "2015-02-28",
        "2016-02-29",
        "2017-02-28",
    ];
    assert_eq!(got, want);
}

#[test]
fn leap_day_with_skip_omit_is_only_in_leap_years() {
    let got = dates(
        "20120229",
        "RRULE:RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=OMIT",
        "2012-01-01",
        "2021-01-01",
    );
    assert_eq!(got, ["2012-02-29", "2016-02-29", "2020-02-29"]);
}

/// SKIP defaults to OMIT (RFC 7529 §3.1), which is also RFC 5545's rule.
#[test]
fn leap_day_without_skip_is_only_in_leap_years() {
    for rule in ["RRULE:RSCALE=GREGORIAN;FREQ=YEARLY", "RRULE:FREQ=YEARLY"] {
        let got = dates("20120229", rule, "2012-01-01", "2021-01-01");
        assert_eq!(got, ["2012-02-29", "2016-02-29", "2020-02-29"], "{rule}");
    }
}

/// COUNT counts the moved occurrences, not the days that do not exist.
#[test]
fn leap_day_with_skip_backward_and_count() {
    let got = dates(
        "20120229",
        "RRULE:RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=BACKWARD;COUNT=3",
        "2012-01-01",
        "2030-01-01",
    );
    assert_eq!(got, ["2012-02-29", "2013-02-28", "2014-02-28"]);
}

#[test]
fn monthly_on_the_31st_with_skip_backward_falls_on_the_last_day() {
    let got = dates(
        "20250131",
        "RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;SKIP=BACKWARD",
        "2025-01-01",
        "2025-07-01",
    );
    let want = [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
        "2025-05-31",
        "2025-06-30",
    ];
    assert_eq!(got, want);
}

/// February's and April's 31st move to the 1st of the next month, so March
/// and May each hold two occurrences.
#[test]
fn monthly_on_the_31st_with_skip_forward_falls_on_the_next_1st() {
    let got = dates(
        "20250131",
        "RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;SKIP=FORWARD",
        "2025-01-01",
        "2025-07-02",
    );
    let want = [
        "2025-01-31",
        "2025-03-01",
        "2025-03-31",
        "2025-05-01",
        "2025-05-31",
        "2025-07-01",
    ];
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_31st_with_skip_omit_is_only_in_long_months() {
    let got = dates(
        "20250131",
        "RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;SKIP=OMIT",
        "2025-01-01",
        "2025-09-01",
    );
    let want = [
        "2025-01-31",
        "2025-03-31",
        "2025-05-31",
        "2025-07-31",
        "2025-08-31",
    ];
    assert_eq!(got, want);
}

/// A rule in a calendar scale ties does not expand: only DTSTART is listed
/// over several years (never the rule read as Gregorian), and exactly one
/// problem, a plain sentence naming the file and the scale, says the rest
/// was skipped.
fn only_the_first_occurrence(file: &str, date: &str, rule: &str, scale: &str) {
    let (got, problems) = dates_and_problems(file, date, rule, "2010-01-01", "2030-01-01");
    let first = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
    assert_eq!(got, [first], "{rule}");
    let naming: Vec<&String> = problems
        .iter()
        .filter(|p| p.to_lowercase().contains(&scale.to_lowercase()))
        .collect();
    assert_eq!(naming.len(), 1, "one sentence names {scale}: {problems:?}");
    let sentence = naming[0];
    assert!(sentence.contains(file), "names the file: {sentence}");
    assert!(
        !sentence.contains('{') && !sentence.contains("Some("),
        "plain words, not Debug text: {sentence}"
    );
    assert!(!sentence.trim_end().contains('\n'), "one line: {sentence}");
}

/// RFC 7529 §4.3.1.
#[test]
fn chinese_new_year_shows_only_its_first_occurrence() {
    only_the_first_occurrence(
        "chinese.ics",
        "20130210",
        "RRULE:RSCALE=CHINESE;FREQ=YEARLY",
        "CHINESE",
    );
}

/// RFC 7529 §4.3.2.
#[test]
fn ethiopic_13th_month_shows_only_its_first_occurrence() {
    only_the_first_occurrence(
        "ethiopic.ics",
        "20130906",
        "RRULE:RSCALE=ETHIOPIC;FREQ=MONTHLY;BYMONTH=13",
        "ETHIOPIC",
    );
}

/// RFC 7529 §4.3.3.
#[test]
fn hebrew_anniversary_in_a_leap_month_shows_only_its_first_occurrence() {
    only_the_first_occurrence(
        "hebrew.ics",
        "20140208",
        "RRULE:RSCALE=HEBREW;FREQ=YEARLY;BYMONTH=5L;BYMONTHDAY=8;SKIP=FORWARD",
        "HEBREW",
    );
}
