//! The calendar reader, one rule at a time: each test is a small calendar
//! a user could have, and the meetings a person would expect to see.

use ties::calendar;

mod common;

use common::ical::{cal, date, event, line, zone};

/// The day's meetings as `start/end title`, and the reader's notes.
fn day_with_notes(text: &str, day: &str, viewer: &str) -> (Vec<String>, Vec<String>) {
    let (c, mut notes) = calendar::parse("test.ics", text);
    let (ms, more) = calendar::on_day_noting(&[c], date(day), &zone(viewer));
    notes.extend(more);
    (ms.iter().map(line).collect(), notes)
}

fn day(text: &str, day: &str, viewer: &str) -> Vec<String> {
    day_with_notes(text, day, viewer).0
}

#[test]
fn every_series_is_expanded_over_the_asked_day_however_old() {
    let text = cal(&format!(
        "{}{}{}{}",
        // A recurring to-do first in the file must not use anything up.
        "BEGIN:VTODO\r\nUID:t\r\nDTSTART:20000101T090000Z\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:Chore\r\nEND:VTODO\r\n",
        event(
            "UID:a\r\nDTSTART;TZID=Europe/Vienna:20160104T090000\r\nDTEND;TZID=Europe/Vienna:20160104T093000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nSUMMARY:Weekday check-in\r\n"
        ),
        event(
            "UID:b\r\nDTSTART;TZID=Europe/Vienna:20200101T100000\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Stand-up\r\n"
        ),
        event(
            "UID:c\r\nDTSTART;TZID=Europe/Vienna:20261130T140000\r\nDTEND;TZID=Europe/Vienna:20261130T150000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Second series\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-11-30", "Europe/Vienna"),
        [
            "2026-11-30T09:00/2026-11-30T09:30 Weekday check-in",
            "2026-11-30T10:00/2026-11-30T10:15 Stand-up",
            "2026-11-30T14:00/2026-11-30T15:00 Second series",
        ]
    );
    // Far ahead, too (a Monday: all three).
    assert_eq!(day(&text, "2031-06-02", "Europe/Vienna").len(), 3);
}

#[test]
fn each_day_has_its_own_offset() {
    let text = cal(&event(
        "UID:v\r\nDTSTART;TZID=Europe/Vienna:20260105T100000\r\nDTEND;TZID=Europe/Vienna:20260105T110000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Vienna weekly\r\n",
    ));
    // In New York: 04:00 in winter, but 04:00 again in June only because
    // both sides keep summer time; on 16 March (New York already on summer
    // time, Vienna not yet) it is 05:00.
    assert_eq!(
        day(&text, "2026-06-15", "Europe/Vienna"),
        ["2026-06-15T10:00/2026-06-15T11:00 Vienna weekly"]
    );
    assert_eq!(
        day(&text, "2026-11-30", "America/New_York"),
        ["2026-11-30T04:00/2026-11-30T05:00 Vienna weekly"]
    );
    assert_eq!(
        day(&text, "2026-03-16", "America/New_York"),
        ["2026-03-16T05:00/2026-03-16T06:00 Vienna weekly"]
    );
}

#[test]
fn the_viewers_system_zone_follows_daylight_saving_on_the_asked_day() {
    // Asked in November for a June day, through the command line and the
    // system zone (a POSIX TZ rule, so no zone files are needed).
    let env = common::Env::new();
    let f = env.dir.path().join("vienna.ics");
    std::fs::write(
        &f,
        cal(&event(
            "UID:v\r\nDTSTART;TZID=Europe/Vienna:20260105T100000\r\nDTEND;TZID=Europe/Vienna:20260105T110000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Vienna weekly\r\n",
        )),
    )
    .unwrap();
    let f = f.to_string_lossy().into_owned();
    let out = env
        .cmd(&["agenda", "--calendar", &f, "--day", "2026-06-15"])
        .env("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
        .env("TIES_NOW", "2026-11-30T12:00:00+01:00")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("10:00–11:00  Vienna weekly"), "{text}");
}

const MY_ZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:MyTimezone\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0630\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0630\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

#[test]
fn zones_defined_in_the_file_and_known_aliases() {
    let text = cal(&format!(
        "{MY_ZONE}{}{}{}",
        event(
            "UID:1\r\nDTSTART;TZID=MyTimezone:20260615T120000\r\nDTEND;TZID=MyTimezone:20260615T130000\r\nSUMMARY:Own rules summer\r\n"
        ),
        event(
            "UID:2\r\nDTSTART;TZID=W. Europe Standard Time:20260615T100000\r\nDTEND;TZID=W. Europe Standard Time:20260615T103000\r\nSUMMARY:Windows name\r\n"
        ),
        event(
            "UID:3\r\nDTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Berlin:20260615T140000\r\nDTEND;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Berlin:20260615T150000\r\nSUMMARY:Evolution name\r\n"
        ),
    ));
    let (got, notes) = day_with_notes(&text, "2026-06-15", "UTC");
    assert_eq!(
        got,
        [
            // 12:00 at +06:30 is 05:30 UTC.
            "2026-06-15T05:30/2026-06-15T06:30 Own rules summer",
            "2026-06-15T08:00/2026-06-15T08:30 Windows name",
            "2026-06-15T12:00/2026-06-15T13:00 Evolution name",
        ]
    );
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn a_zone_only_guessed_from_its_name_is_said() {
    let text = cal(&event(
        "UID:1\r\nDTSTART;TZID=UTC+11:20260615T100000\r\nSUMMARY:Sydney-ish\r\n",
    ));
    let (got, notes) = day_with_notes(&text, "2026-06-14", "UTC");
    assert_eq!(got, ["2026-06-14T23:00/2026-06-14T23:00 Sydney-ish"]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("`UTC+11`") && notes[0].contains("+11:00"),
        "{notes:?}"
    );
    let (_, notes) = day_with_notes(
        &cal(&event(
            "UID:1\r\nDTSTART;TZID=Mars/Olympus:20260615T100000\r\nSUMMARY:x\r\n",
        )),
        "2026-06-15",
        "UTC",
    );
    assert!(notes[0].contains("`Mars/Olympus` is unknown"), "{notes:?}");
}

#[test]
fn until_is_an_instant_and_inclusive() {
    // East of UTC: the last meeting at 09:00 Tokyo is 00:00Z.
    let east = cal(&event(
        "UID:e\r\nDTSTART;TZID=Asia/Tokyo:20261123T090000\r\nRRULE:FREQ=DAILY;UNTIL=20261126T000000Z\r\nSUMMARY:Tokyo\r\n",
    ));
    assert_eq!(day(&east, "2026-11-26", "Asia/Tokyo").len(), 1);
    assert_eq!(day(&east, "2026-11-27", "Asia/Tokyo").len(), 0);
    // West of UTC: 18:00 in Los Angeles on the 25th is 02:00Z on the 26th,
    // after an UNTIL of 00:00Z: the 25th is not listed.
    let west = cal(&event(
        "UID:w\r\nDTSTART;TZID=America/Los_Angeles:20261123T180000\r\nRRULE:FREQ=DAILY;UNTIL=20261126T000000Z\r\nSUMMARY:LA\r\n",
    ));
    assert_eq!(day(&west, "2026-11-24", "America/Los_Angeles").len(), 1);
    assert_eq!(day(&west, "2026-11-25", "America/Los_Angeles").len(), 0);
}

#[test]
fn a_moved_occurrence_is_listed_once_at_its_new_time() {
    let text = cal(&format!(
        "{}{}",
        event(
            "UID:s\r\nSEQUENCE:0\r\nDTSTART;TZID=Europe/Vienna:20261102T100000\r\nDTEND;TZID=Europe/Vienna:20261102T110000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Review\r\n"
        ),
        event(
            "UID:s\r\nSEQUENCE:3\r\nRECURRENCE-ID;TZID=Europe/Vienna:20261130T100000\r\nDTSTART;TZID=Europe/Vienna:20261130T150000\r\nDTEND;TZID=Europe/Vienna:20261130T160000\r\nSUMMARY:Review (moved)\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-11-30", "Europe/Vienna"),
        ["2026-11-30T15:00/2026-11-30T16:00 Review (moved)"]
    );
    assert_eq!(
        day(&text, "2026-12-07", "Europe/Vienna"),
        ["2026-12-07T10:00/2026-12-07T11:00 Review"]
    );
    // Moved to another day: gone from its own, there on the new one.
    let text = text
        .replace(
            "DTSTART;TZID=Europe/Vienna:20261130T150000",
            "DTSTART;TZID=Europe/Vienna:20261201T150000",
        )
        .replace(
            "DTEND;TZID=Europe/Vienna:20261130T160000",
            "DTEND;TZID=Europe/Vienna:20261201T160000",
        );
    assert!(day(&text, "2026-11-30", "Europe/Vienna").is_empty());
    assert_eq!(day(&text, "2026-12-01", "Europe/Vienna").len(), 1);
}

#[test]
fn rdates_and_exdates_together() {
    let text = cal(&event(
        "UID:r\r\nDTSTART;TZID=Europe/Vienna:20261102T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nRDATE;TZID=Europe/Vienna:20261104T100000,20261109T100000\r\nEXDATE;TZID=Europe/Vienna:20261104T100000\r\nSUMMARY:Extra\r\n",
    ));
    // The RDATE removed by EXDATE is gone; the one equal to a rule day is once.
    assert!(day(&text, "2026-11-04", "Europe/Vienna").is_empty());
    assert_eq!(day(&text, "2026-11-09", "Europe/Vienna").len(), 1);
}

#[test]
fn times_that_do_not_exist_or_exist_twice() {
    let text = cal(&format!(
        "{}{}{}",
        event("UID:g\r\nDTSTART;TZID=America/New_York:20260308T023000\r\nSUMMARY:In the gap\r\n"),
        event(
            "UID:s\r\nDTSTART;TZID=America/New_York:20260301T023000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Series in the gap\r\n"
        ),
        event(
            "UID:f\r\nDTSTART;TZID=America/New_York:20261101T013000\r\nDTEND;TZID=America/New_York:20261101T020000\r\nSUMMARY:In the fold\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-03-08", "America/New_York"),
        [
            "2026-03-08T03:30/2026-03-08T03:30 In the gap",
            "2026-03-08T03:30/2026-03-08T03:30 Series in the gap",
        ]
    );
    // The first 01:30 (summer time) is 05:30Z.
    assert_eq!(
        day(&text, "2026-11-01", "UTC"),
        [
            "2026-11-01T05:30/2026-11-01T07:00 In the fold",
            "2026-11-01T07:30/2026-11-01T07:30 Series in the gap",
        ]
    );
}

#[test]
fn absurd_durations_do_not_panic_and_are_said() {
    let text = cal(&event(
        "UID:d\r\nDTSTART:20261130T100000Z\r\nDURATION:P999999999999999999W\r\nSUMMARY:Forever\r\n",
    ));
    let (got, notes) = day_with_notes(&text, "2026-11-30", "UTC");
    assert_eq!(got, ["2026-11-30T10:00/2026-11-30T10:00 Forever"]);
    assert!(notes[0].contains("length of `Forever`"), "{notes:?}");
}

#[test]
fn ends_when_none_is_written() {
    let text = cal(&format!(
        "{}{}",
        event("UID:t\r\nDTSTART:20261130T100000Z\r\nSUMMARY:Timed\r\n"),
        event("UID:d\r\nDTSTART;VALUE=DATE:20261130\r\nSUMMARY:Dated\r\n"),
    ));
    assert_eq!(
        day(&text, "2026-11-30", "UTC"),
        [
            "2026-11-30/2026-12-01 Dated",
            "2026-11-30T10:00/2026-11-30T10:00 Timed",
        ]
    );
}

#[test]
fn multi_day_events_show_on_each_day() {
    let text = cal(&format!(
        "{}{}",
        event(
            "UID:o\r\nDTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261203\r\nSUMMARY:Offsite\r\n"
        ),
        event(
            "UID:f\r\nDTSTART:20261130T220000Z\r\nDTEND:20261201T060000Z\r\nSUMMARY:Night flight\r\n"
        ),
    ));
    let (c, _) = calendar::parse("t.ics", &text);
    let utc = zone("UTC");
    let second: Vec<(String, Option<String>, String)> =
        calendar::on_day_in(std::slice::from_ref(&c), date("2026-12-01"), &utc)
            .iter()
            .map(|m| (m.title.clone(), m.remark(), m.when()))
            .collect();
    assert_eq!(
        second,
        [
            (
                "Offsite".to_string(),
                Some("(continues, day 2 of 3)".to_string()),
                "all day    ".to_string()
            ),
            (
                "Night flight".to_string(),
                Some("(continues, day 2 of 2)".to_string()),
                "…–06:00    ".to_string()
            ),
        ]
    );
    assert_eq!(calendar::on_day_in(&[c], date("2026-12-03"), &utc).len(), 0);
}

#[test]
fn messages_are_plain_sentences_and_layout_survives() {
    let text = format!(
        "{}stray line after the calendar\r\n",
        cal(&format!(
            "this line is broken\r\n{}",
            event(
                "UID:l\r\nDTSTART:20261130T100000Z\r\nLOCATION:Trillium\\nTower B\\n\r\nSUMMARY:Lunch\r\nRRULE:RSCALE=CHINESE;FREQ=YEARLY\r\n"
            )
        ))
    );
    let (c, notes) = calendar::parse("work.ics", &text);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes
            .iter()
            .all(|n| n.starts_with("work.ics: ") && !n.contains('{') && !n.contains("\\u")),
        "{notes:?}"
    );
    assert!(notes[0].contains("the Chinese calendar"), "{notes:?}");
    assert!(notes[1].contains("1 line that is not"), "{notes:?}");
    let ms = calendar::on_day_in(std::slice::from_ref(&c), date("2026-11-30"), &zone("UTC"));
    assert_eq!(ms[0].location.as_deref(), Some("Trillium, Tower B"));
    // What is certain is shown: the first occurrence, and no other.
    let year = calendar::between(
        &[c],
        ms[0].start,
        ms[0].start + chrono::Duration::days(800),
        &zone("UTC"),
    );
    assert_eq!(year.len(), 1);
}

#[test]
fn a_cancelled_occurrence_is_marked() {
    let text = cal(&format!(
        "{}{}",
        event("UID:s\r\nDTSTART:20261123T100000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Sync\r\n"),
        event(
            "UID:s\r\nRECURRENCE-ID:20261130T100000Z\r\nDTSTART:20261130T100000Z\r\nSTATUS:CANCELLED\r\nSUMMARY:Sync\r\n"
        ),
    ));
    let (c, _) = calendar::parse("t.ics", &text);
    let ms = calendar::on_day_in(&[c], date("2026-11-30"), &zone("UTC"));
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].remark().as_deref(), Some("(cancelled)"));
}

mod jump {
    //! Expanding over a window jumps straight to it; that must list exactly
    //! what walking every period from DTSTART lists.
    use chrono::{Duration, NaiveDate, NaiveDateTime};
    use proptest::prelude::*;
    use ties::calendar::rrule::Rule;

    fn rule() -> impl Strategy<Value = String> {
        let freq = prop::sample::select(vec!["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]);
        let part = prop::sample::select(vec![
            "",
            ";INTERVAL=2",
            ";INTERVAL=3",
            ";BYDAY=MO,WE,FR",
            ";BYDAY=1MO,-1FR",
            ";BYDAY=SU;BYSETPOS=-1",
            ";BYMONTHDAY=31",
            ";BYMONTHDAY=-1,15",
            ";BYMONTH=2,3;BYMONTHDAY=29",
            ";BYWEEKNO=1,-1;BYDAY=TH",
            ";BYYEARDAY=100,-1",
            ";BYHOUR=9,17",
            ";WKST=SU;BYDAY=TU,SU",
            ";RSCALE=GREGORIAN;SKIP=FORWARD;BYMONTHDAY=30",
            ";UNTIL=20280101T000000Z",
        ]);
        (freq, part, part_again()).prop_map(|(f, a, b)| format!("FREQ={f}{a}{b}"))
    }

    fn part_again() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            ";INTERVAL=2",
            ";BYMONTH=1,6,12",
            ";BYDAY=TU",
            ";COUNT=1",
            ";COUNT=30",
            ";COUNT=700",
        ])
    }

    fn at(days: i64, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2016, 1, 1)
            .unwrap()
            .and_hms_opt(hour, 30, 0)
            .unwrap()
            + Duration::days(days)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn a_window_lists_what_a_walk_from_the_start_lists(
            text in rule(),
            start in 0i64..3000,
            hour in 0u32..24,
            from in -30i64..1000,
            len in 0i64..120,
        ) {
            let r = Rule::parse(&text).unwrap();
            let start = at(start, hour);
            // Windows near the start, where COUNT ends.
            let (from, to) = (start + Duration::days(from), start + Duration::days(from + len));
            let until = |_t: NaiveDateTime| true;
            let mut jumped = Vec::new();
            let _ = r.expand(start, from, to, &until, &mut jumped);
            let mut walked = Vec::new();
            let _ = r.expand(start, start.min(from), to, &until, &mut walked);
            walked.retain(|t| *t >= from);
            prop_assert_eq!(jumped, walked, "{}", text);
        }
    }
}

#[test]
fn rules_too_costly_to_follow_are_said_once_and_the_rest_is_listed() {
    let hostile = |i: usize| {
        event(&format!(
            "UID:h{i}\r\nDTSTART:19000101T000000Z\r\nRRULE:FREQ=SECONDLY;BYSECOND=0,30;COUNT=999999999999\r\nSUMMARY:Hostile {i}\r\n"
        ))
    };
    let text = cal(&format!(
        "{}{}{}",
        hostile(0),
        hostile(1),
        event(
            "UID:ok\r\nDTSTART:20260105T100000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=100\r\nSUMMARY:Real weekly\r\n"
        ),
    ));
    let (got, notes) = day_with_notes(&text, "2026-11-30", "UTC");
    assert_eq!(got, ["2026-11-30T10:00/2026-11-30T10:00 Real weekly"]);
    assert_eq!(
        notes,
        [
            "test.ics: `Hostile 0` and 1 other series repeat too often to follow this far; some of their occurrences may be missing"
        ]
    );
}
