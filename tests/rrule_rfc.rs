//! Every RRULE example of RFC 5545 §3.8.5.3, each with the occurrences the
//! RFC lists, read through `calendar::parse` and `calendar::between` as a
//! viewer in New York sees them.
//!
//! The RFC writes its lists compactly ("September 2,4,6,8...24,26,28,30");
//! a "..." inside a list continues its evident step and is spelled out here.
//! Where a list ends in "..." (a rule that runs forever), the test asks for
//! the listed prefix only, over a window ending the day after the last
//! listed occurrence, so nothing may be missing or extra inside it.
//! Rules with COUNT or UNTIL are asked over a longer window, to show they stop.

use chrono::DateTime;
use ties::calendar::{self, Zone};

/// The local start ("%Y-%m-%dT%H:%M", New York) of every occurrence, between
/// UTC midnights `from` and `to` ("YYYY-MM-DD"), of an hour-long event with
/// this New York DTSTART and these recurrence lines.
fn starts(dtstart: &str, rules: &[&str], from: &str, to: &str) -> Vec<String> {
    starts_as(dtstart, rules, from, to, "%Y-%m-%dT%H:%M")
}

fn starts_as(dtstart: &str, rules: &[&str], from: &str, to: &str, format: &str) -> Vec<String> {
    let text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ties//RFC 5545 examples//EN\r\n\
         BEGIN:VEVENT\r\nUID:rfc5545-example@ties.test\r\nDTSTAMP:19970901T000000Z\r\n\
         DTSTART;TZID=America/New_York:{dtstart}\r\nDURATION:PT1H\r\n{}\r\n\
         SUMMARY:RFC 5545 example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        rules.join("\r\n")
    );
    let (cal, problems) = calendar::parse("rfc5545.ics", &text);
    assert!(
        problems.is_empty(),
        "a valid calendar has no problems: {problems:?}"
    );
    let utc_midnight =
        |day: &str| DateTime::parse_from_rfc3339(&format!("{day}T00:00:00Z")).expect("a test date");
    let viewer = Zone::named("America/New_York").expect("New York is a known zone");
    calendar::between(&[cal], utc_midnight(from), utc_midnight(to), &viewer)
        .iter()
        .map(|m| m.start.format(format).to_string())
        .collect()
}

/// Those days of one month at 9:00, the time of nearly every RFC example.
fn at9(year: i32, month: u32, days: impl IntoIterator<Item = u32>) -> Vec<String> {
    days.into_iter()
        .map(|d| format!("{year:04}-{month:02}-{d:02}T09:00"))
        .collect()
}

/// These times of one day.
fn on(year: i32, month: u32, day: u32, times: &[&str]) -> Vec<String> {
    times
        .iter()
        .map(|t| format!("{year:04}-{month:02}-{day:02}T{t}"))
        .collect()
}

/// Every second number from `first` to `last`.
fn every_other(first: u32, last: u32) -> impl Iterator<Item = u32> {
    (first..=last).step_by(2)
}

#[test]
fn daily_for_10_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=DAILY;COUNT=10"],
        "1997-09-01",
        "1998-01-01",
    );
    assert_eq!(got, at9(1997, 9, 2..=11));
}

#[test]
fn daily_until_december_24_1997() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=DAILY;UNTIL=19971224T000000Z"],
        "1997-09-01",
        "1998-01-01",
    );
    let want = [
        at9(1997, 9, 2..=30),
        at9(1997, 10, 1..=25),
        at9(1997, 10, 26..=31),
        at9(1997, 11, 1..=30),
        at9(1997, 12, 1..=23),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_other_day_forever() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=DAILY;INTERVAL=2"],
        "1997-09-01",
        "1997-12-04",
    );
    let want = [
        at9(1997, 9, every_other(2, 30)),
        at9(1997, 10, every_other(2, 24)),
        at9(1997, 10, [26, 28, 30]),
        at9(1997, 11, every_other(1, 29)),
        at9(1997, 12, [1, 3]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_10_days_5_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5"],
        "1997-09-01",
        "1998-01-01",
    );
    assert_eq!(
        got,
        [at9(1997, 9, [2, 12, 22]), at9(1997, 10, [2, 12])].concat()
    );
}

fn every_day_in_january_for_3_years(rule: &str) {
    let got = starts("19980101T090000", &[rule], "1997-12-01", "2001-03-01");
    let want = [
        at9(1998, 1, 1..=31),
        at9(1999, 1, 1..=31),
        at9(2000, 1, 1..=31),
    ]
    .concat();
    assert_eq!(got, want, "{rule}");
}

#[test]
fn every_day_in_january_for_3_years_yearly() {
    every_day_in_january_for_3_years(
        "RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
    );
}

#[test]
fn every_day_in_january_for_3_years_daily() {
    every_day_in_january_for_3_years("RRULE:FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1");
}

#[test]
fn weekly_for_10_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=WEEKLY;COUNT=10"],
        "1997-09-01",
        "1998-01-01",
    );
    let want = [
        at9(1997, 9, [2, 9, 16, 23, 30]),
        at9(1997, 10, [7, 14, 21]),
        at9(1997, 10, [28]),
        at9(1997, 11, [4]),
    ]
    .concat();
    assert_eq!(got, want);
}

/// The RFC marks which occurrences are EDT and which EST: the same 9:00 on
/// both sides of the change, each with its own offset.
#[test]
fn weekly_for_10_occurrences_keeps_9_00_across_the_change_to_est() {
    let got = starts_as(
        "19970902T090000",
        &["RRULE:FREQ=WEEKLY;COUNT=10"],
        "1997-09-01",
        "1998-01-01",
        "%m-%d %H:%M%:z",
    );
    let edt = [
        "09-02", "09-09", "09-16", "09-23", "09-30", "10-07", "10-14", "10-21",
    ];
    let est = ["10-28", "11-04"];
    let want: Vec<String> = edt
        .iter()
        .map(|d| format!("{d} 09:00-04:00"))
        .chain(est.iter().map(|d| format!("{d} 09:00-05:00")))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn weekly_until_december_24_1997() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z"],
        "1997-09-01",
        "1998-01-01",
    );
    let want = [
        at9(1997, 9, [2, 9, 16, 23, 30]),
        at9(1997, 10, [7, 14, 21]),
        at9(1997, 10, [28]),
        at9(1997, 11, [4, 11, 18, 25]),
        at9(1997, 12, [2, 9, 16, 23]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_other_week_forever() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU"],
        "1997-09-01",
        "1998-02-18",
    );
    let want = [
        at9(1997, 9, [2, 16, 30]),
        at9(1997, 10, [14]),
        at9(1997, 10, [28]),
        at9(1997, 11, [11, 25]),
        at9(1997, 12, [9, 23]),
        at9(1998, 1, [6, 20]),
        at9(1998, 2, [3, 17]),
    ]
    .concat();
    assert_eq!(got, want);
}

fn weekly_on_tuesday_and_thursday_for_five_weeks(rule: &str) {
    let got = starts("19970902T090000", &[rule], "1997-09-01", "1998-01-01");
    let want = [
        at9(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]),
        at9(1997, 10, [2]),
    ]
    .concat();
    assert_eq!(got, want, "{rule}");
}

#[test]
fn weekly_on_tuesday_and_thursday_for_five_weeks_until() {
    weekly_on_tuesday_and_thursday_for_five_weeks(
        "RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
    );
}

#[test]
fn weekly_on_tuesday_and_thursday_for_five_weeks_count() {
    weekly_on_tuesday_and_thursday_for_five_weeks("RRULE:FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH");
}

#[test]
fn every_other_week_on_monday_wednesday_and_friday_until_december_24_1997() {
    let got = starts(
        "19970901T090000",
        &["RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"],
        "1997-08-31",
        "1998-01-01",
    );
    let want = [
        at9(1997, 9, [1, 3, 5, 15, 17, 19, 29]),
        at9(1997, 10, [1, 3, 13, 15, 17]),
        at9(1997, 10, [27, 29, 31]),
        at9(1997, 11, [10, 12, 14, 24, 26, 28]),
        at9(1997, 12, [8, 10, 12, 22]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_other_week_on_tuesday_and_thursday_for_8_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"],
        "1997-09-01",
        "1998-01-01",
    );
    let want = [at9(1997, 9, [2, 4, 16, 18, 30]), at9(1997, 10, [2, 14, 16])].concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_first_friday_for_10_occurrences() {
    let got = starts(
        "19970905T090000",
        &["RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [5]),
        at9(1997, 10, [3]),
        at9(1997, 11, [7]),
        at9(1997, 12, [5]),
        at9(1998, 1, [2]),
        at9(1998, 2, [6]),
        at9(1998, 3, [6]),
        at9(1998, 4, [3]),
        at9(1998, 5, [1]),
        at9(1998, 6, [5]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_first_friday_until_december_24_1997() {
    let got = starts(
        "19970905T090000",
        &["RRULE:FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [5]),
        at9(1997, 10, [3]),
        at9(1997, 11, [7]),
        at9(1997, 12, [5]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_other_month_on_the_first_and_last_sunday_for_10_occurrences() {
    let got = starts(
        "19970907T090000",
        &["RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [7, 28]),
        at9(1997, 11, [2, 30]),
        at9(1998, 1, [4, 25]),
        at9(1998, 3, [1, 29]),
        at9(1998, 5, [3, 31]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_second_to_last_monday_for_6_months() {
    let got = starts(
        "19970922T090000",
        &["RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [22]),
        at9(1997, 10, [20]),
        at9(1997, 11, [17]),
        at9(1997, 12, [22]),
        at9(1998, 1, [19]),
        at9(1998, 2, [16]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_third_to_the_last_day_forever() {
    let got = starts(
        "19970928T090000",
        &["RRULE:FREQ=MONTHLY;BYMONTHDAY=-3"],
        "1997-09-01",
        "1998-02-27",
    );
    let want = [
        at9(1997, 9, [28]),
        at9(1997, 10, [29]),
        at9(1997, 11, [28]),
        at9(1997, 12, [29]),
        at9(1998, 1, [29]),
        at9(1998, 2, [26]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_2nd_and_15th_for_10_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [2, 15]),
        at9(1997, 10, [2, 15]),
        at9(1997, 11, [2, 15]),
        at9(1997, 12, [2, 15]),
        at9(1998, 1, [2, 15]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn monthly_on_the_first_and_last_day_for_10_occurrences() {
    let got = starts(
        "19970930T090000",
        &["RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [
        at9(1997, 9, [30]),
        at9(1997, 10, [1]),
        at9(1997, 10, [31]),
        at9(1997, 11, [1, 30]),
        at9(1997, 12, [1, 31]),
        at9(1998, 1, [1, 31]),
        at9(1998, 2, [1]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_18_months_on_the_10th_thru_15th_for_10_occurrences() {
    let got = starts(
        "19970910T090000",
        &["RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"],
        "1997-09-01",
        "2002-01-01",
    );
    let want = [at9(1997, 9, 10..=15), at9(1999, 3, 10..=13)].concat();
    assert_eq!(got, want);
}

#[test]
fn every_tuesday_every_other_month() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"],
        "1997-09-01",
        "1998-04-01",
    );
    let want = [
        at9(1997, 9, [2, 9, 16, 23, 30]),
        at9(1997, 11, [4, 11, 18, 25]),
        at9(1998, 1, [6, 13, 20, 27]),
        at9(1998, 3, [3, 10, 17, 24, 31]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn yearly_in_june_and_july_for_10_occurrences() {
    let got = starts(
        "19970610T090000",
        &["RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7"],
        "1997-06-01",
        "2005-01-01",
    );
    let want: Vec<String> = (1997..=2001)
        .flat_map(|y| [at9(y, 6, [10]), at9(y, 7, [10])].concat())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn every_other_year_on_january_february_and_march_for_10_occurrences() {
    let got = starts(
        "19970310T090000",
        &["RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"],
        "1997-03-01",
        "2007-01-01",
    );
    let mut want = at9(1997, 3, [10]);
    for y in [1999, 2001, 2003] {
        want.extend([at9(y, 1, [10]), at9(y, 2, [10]), at9(y, 3, [10])].concat());
    }
    assert_eq!(got, want);
}

#[test]
fn every_third_year_on_the_1st_100th_and_200th_day_for_10_occurrences() {
    let got = starts(
        "19970101T090000",
        &["RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"],
        "1996-12-31",
        "2010-01-01",
    );
    let want = [
        at9(1997, 1, [1]),
        at9(1997, 4, [10]),
        at9(1997, 7, [19]),
        at9(2000, 1, [1]),
        at9(2000, 4, [9]),
        at9(2000, 7, [18]),
        at9(2003, 1, [1]),
        at9(2003, 4, [10]),
        at9(2003, 7, [19]),
        at9(2006, 1, [1]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_20th_monday_of_the_year_forever() {
    let got = starts(
        "19970519T090000",
        &["RRULE:FREQ=YEARLY;BYDAY=20MO"],
        "1997-05-01",
        "2000-01-01",
    );
    let want = [at9(1997, 5, [19]), at9(1998, 5, [18]), at9(1999, 5, [17])].concat();
    assert_eq!(got, want);
}

#[test]
fn monday_of_week_number_20_forever() {
    let got = starts(
        "19970512T090000",
        &["RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"],
        "1997-05-01",
        "2000-01-01",
    );
    let want = [at9(1997, 5, [12]), at9(1998, 5, [11]), at9(1999, 5, [17])].concat();
    assert_eq!(got, want);
}

#[test]
fn every_thursday_in_march_forever() {
    let got = starts(
        "19970313T090000",
        &["RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH"],
        "1997-03-01",
        "2000-01-01",
    );
    let want = [
        at9(1997, 3, [13, 20, 27]),
        at9(1998, 3, [5, 12, 19, 26]),
        at9(1999, 3, [4, 11, 18, 25]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_thursday_but_only_during_june_july_and_august_forever() {
    let got = starts(
        "19970605T090000",
        &["RRULE:FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"],
        "1997-06-01",
        "2000-01-01",
    );
    let want = [
        at9(1997, 6, [5, 12, 19, 26]),
        at9(1997, 7, [3, 10, 17, 24, 31]),
        at9(1997, 8, [7, 14, 21, 28]),
        at9(1998, 6, [4, 11, 18, 25]),
        at9(1998, 7, [2, 9, 16, 23, 30]),
        at9(1998, 8, [6, 13, 20, 27]),
        at9(1999, 6, [3, 10, 17, 24]),
        at9(1999, 7, [1, 8, 15, 22, 29]),
        at9(1999, 8, [5, 12, 19, 26]),
    ]
    .concat();
    assert_eq!(got, want);
}

/// DTSTART is no Friday the 13th, so the RFC removes it with an EXDATE.
#[test]
fn every_friday_the_13th_forever() {
    let got = starts(
        "19970902T090000",
        &[
            "EXDATE;TZID=America/New_York:19970902T090000",
            "RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        ],
        "1997-09-01",
        "2001-01-01",
    );
    let want = [
        at9(1998, 2, [13]),
        at9(1998, 3, [13]),
        at9(1998, 11, [13]),
        at9(1999, 8, [13]),
        at9(2000, 10, [13]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn the_first_saturday_that_follows_the_first_sunday_of_the_month_forever() {
    let got = starts(
        "19970913T090000",
        &["RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"],
        "1997-09-01",
        "1998-06-14",
    );
    let want = [
        at9(1997, 9, [13]),
        at9(1997, 10, [11]),
        at9(1997, 11, [8]),
        at9(1997, 12, [13]),
        at9(1998, 1, [10]),
        at9(1998, 2, [7]),
        at9(1998, 3, [7]),
        at9(1998, 4, [11]),
        at9(1998, 5, [9]),
        at9(1998, 6, [13]),
    ]
    .concat();
    assert_eq!(got, want);
}

#[test]
fn every_4_years_the_first_tuesday_after_a_monday_in_november_us_election_day() {
    let got = starts(
        "19961105T090000",
        &["RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"],
        "1996-11-01",
        "2008-01-01",
    );
    let want = [at9(1996, 11, [5]), at9(2000, 11, [7]), at9(2004, 11, [2])].concat();
    assert_eq!(got, want);
}

#[test]
fn the_third_instance_of_tuesday_wednesday_or_thursday_for_the_next_3_months() {
    let got = starts(
        "19970904T090000",
        &["RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"],
        "1997-09-01",
        "1999-01-01",
    );
    let want = [at9(1997, 9, [4]), at9(1997, 10, [7]), at9(1997, 11, [6])].concat();
    assert_eq!(got, want);
}

#[test]
fn the_second_to_last_weekday_of_the_month() {
    let got = starts(
        "19970929T090000",
        &["RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"],
        "1997-09-01",
        "1998-03-31",
    );
    let want = [
        at9(1997, 9, [29]),
        at9(1997, 10, [30]),
        at9(1997, 11, [27]),
        at9(1997, 12, [30]),
        at9(1998, 1, [29]),
        at9(1998, 2, [26]),
        at9(1998, 3, [30]),
    ]
    .concat();
    assert_eq!(got, want);
}

/// The RFC prints UNTIL=19970902T170000Z here, which is 13:00 in New York
/// and cannot give the listed 15:00; verified erratum 3883 corrects it to
/// 21:00Z (17:00 EDT). The list is the RFC's.
#[test]
fn every_3_hours_from_9_00_am_to_5_00_pm_on_a_specific_day() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z"],
        "1997-09-01",
        "1997-09-05",
    );
    assert_eq!(got, on(1997, 9, 2, &["09:00", "12:00", "15:00"]));
}

/// The rule as printed before erratum 3883: UTC UNTIL is an instant
/// (§3.3.10), 13:00 in New York, inclusive, so 15:00 is past it.
#[test]
fn every_3_hours_with_the_uncorrected_until_stops_at_13_00_new_york() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"],
        "1997-09-01",
        "1997-09-05",
    );
    assert_eq!(got, on(1997, 9, 2, &["09:00", "12:00"]));
}

#[test]
fn every_15_minutes_for_6_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6"],
        "1997-09-01",
        "1997-09-05",
    );
    let want = on(
        1997,
        9,
        2,
        &["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"],
    );
    assert_eq!(got, want);
}

#[test]
fn every_hour_and_a_half_for_4_occurrences() {
    let got = starts(
        "19970902T090000",
        &["RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4"],
        "1997-09-01",
        "1997-09-05",
    );
    assert_eq!(got, on(1997, 9, 2, &["09:00", "10:30", "12:00", "13:30"]));
}

/// The RFC lists 9:00 to 10:20 and 16:00 to 16:40 of each day with "..."
/// between; its title, every 20 minutes from 9:00 to 16:40, fills the gap.
fn every_20_minutes_from_9_00_am_to_4_40_pm_every_day(rule: &str) {
    let got = starts("19970902T090000", &[rule], "1997-09-02", "1997-09-04");
    let day: Vec<String> = (9..=16)
        .flat_map(|h| [0, 20, 40].map(|m| format!("{h:02}:{m:02}")))
        .collect();
    let day: Vec<&str> = day.iter().map(String::as_str).collect();
    assert_eq!(day.len(), 24);
    assert_eq!(day[..5], ["09:00", "09:20", "09:40", "10:00", "10:20"]);
    assert_eq!(day[21..], ["16:00", "16:20", "16:40"]);
    let want = [on(1997, 9, 2, &day), on(1997, 9, 3, &day)].concat();
    assert_eq!(got, want, "{rule}");
}

#[test]
fn every_20_minutes_from_9_00_am_to_4_40_pm_every_day_daily() {
    every_20_minutes_from_9_00_am_to_4_40_pm_every_day(
        "RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
    );
}

#[test]
fn every_20_minutes_from_9_00_am_to_4_40_pm_every_day_minutely() {
    every_20_minutes_from_9_00_am_to_4_40_pm_every_day(
        "RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
    );
}

#[test]
fn wkst_monday_makes_a_difference() {
    let got = starts(
        "19970805T090000",
        &["RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"],
        "1997-08-01",
        "1998-01-01",
    );
    assert_eq!(got, at9(1997, 8, [5, 10, 19, 24]));
}

#[test]
fn wkst_sunday_yields_different_results() {
    let got = starts(
        "19970805T090000",
        &["RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"],
        "1997-08-01",
        "1998-01-01",
    );
    assert_eq!(got, at9(1997, 8, [5, 17, 19, 31]));
}

#[test]
fn an_invalid_date_february_30_is_ignored() {
    let got = starts(
        "20070115T090000",
        &["RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"],
        "2007-01-01",
        "2008-01-01",
    );
    let want = [
        at9(2007, 1, [15, 30]),
        at9(2007, 2, [15]),
        at9(2007, 3, [15, 30]),
    ]
    .concat();
    assert_eq!(got, want);
}
