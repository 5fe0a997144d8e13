//! `ties agenda` and `ties prep --next` on an `.ics` file written as Outlook
//! writes one: a weekly meeting with an exception date, and a meeting in
//! another time zone.

mod common;

use common::{Env, NOW};

fn demo() -> Env {
    let env = Env::new();
    ties::demo::write_demo(&env.vault(), ties::clock::Clock::fixed(NOW).today()).unwrap();
    env
}

fn ics() -> String {
    format!("{}/tests/fixtures/ics/work.ics", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn todays_meetings_with_what_to_know_about_each_attendee() {
    let env = demo();
    let out = env.ok(&["agenda", "--calendar", &ics()]);
    assert!(out.starts_with("Monday 23 November 2026\n"), "{out}");
    // The weekly meeting, expanded to today, at its New York time (the
    // clock is New York time too).
    assert!(
        out.contains("10:00–10:30  Northvale renewal weekly  (Zoom)"),
        "{out}"
    );
    // 16:00 in Lisbon is 11:00 in New York.
    assert!(
        out.contains("11:00–11:45  Lisbon translation sync"),
        "{out}"
    );
    // Known by email; by name ("Duarte, Inês" too); unknown listed; the
    // organizer (the user) not.
    assert!(
        out.contains("    Zoë Lefèvre\n      ask: How was Montreal?"),
        "{out}"
    );
    assert!(out.contains("overdue 8d"), "{out}");
    assert!(out.contains("    Inês Duarte\n"), "{out}");
    assert!(out.contains("    Priya Raman\n"), "{out}");
    assert!(out.contains("not in ties: Bill Stroud"), "{out}");
    assert!(!out.contains("Me,"), "{out}");
}

#[test]
fn an_exception_date_and_other_days() {
    let env = demo();
    let out = env.ok(&["agenda", "--calendar", &ics(), "--day", "2026-11-30"]);
    assert!(
        out.contains("No meetings."),
        "the EXDATE removes that Monday: {out}"
    );
    let out = env.ok(&["agenda", "--calendar", &ics(), "--day", "2026-12-07"]);
    assert!(
        out.contains("10:00–10:30  Northvale renewal weekly"),
        "{out}"
    );
    let out = env.ok(&["agenda", "--calendar", &ics(), "--day", "tomorrow"]);
    assert!(out.contains("all day"), "{out}");
    assert!(out.contains("Team offsite"), "{out}");
    let json = env.ok(&["agenda", "--calendar", &ics(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["meeting"]["start"], "2026-11-23T10:00:00-05:00");
}

#[test]
fn prep_next_shows_everyone_known_in_the_next_meeting() {
    let env = demo();
    let (code, out, err) = env.run(&["prep", "--next", "--calendar", &ics()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("next meeting: Northvale renewal weekly"),
        "{err}"
    );
    assert!(out.starts_with("Zoë Lefèvre\n"), "{out}");
    // A folder of .ics files works as well as a file.
    let dir = env.dir.path().join("cal");
    std::fs::create_dir_all(dir.join("work")).unwrap();
    std::fs::copy(ics(), dir.join("work/a.ics")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a calendar").unwrap();
    let out = env.ok(&["agenda", "--calendar", dir.to_str().unwrap()]);
    assert!(out.contains("Northvale renewal weekly"), "{out}");
}

#[test]
fn no_calendar_says_how_to_name_one() {
    let env = demo();
    let (code, _, err) = env.run(&["agenda"]);
    assert_eq!(code, 1);
    assert!(err.contains("--calendar"), "{err}");
    let (code, _, err) = env.run(&["agenda", "--calendar", "/nonexistent/cal.ics"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/cal.ics"), "{err}");
}
