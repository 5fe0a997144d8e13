//! Adversarial probes of the calendar reader: each test is a calendar a user
//! (or a hostile file) could hand ties, and what the user should then see.
//! Every test here failed on the reader as of commit da1ca9b. Tests named
//! `judgment_*` are cases where the standard leaves room; how ties decided
//! them is in the README ("Calendars"). The others were plain bugs.

use std::sync::mpsc;
use std::time::Duration;

use ties::calendar;

use common::ical::{cal, date, event, line, zone};

/// The day's meetings over several files, as `start/end title`, and the notes.
fn day_in_files(files: &[(&str, &str)], day: &str, viewer: &str) -> (Vec<String>, Vec<String>) {
    let mut cals = Vec::new();
    let mut notes = Vec::new();
    for (name, text) in files {
        let (c, n) = calendar::parse(name, text);
        cals.push(c);
        notes.extend(n);
    }
    let (ms, more) = calendar::on_day_noting(&cals, date(day), &zone(viewer));
    notes.extend(more);
    (ms.iter().map(line).collect(), notes)
}

fn day_with_notes(text: &str, day: &str, viewer: &str) -> (Vec<String>, Vec<String>) {
    day_in_files(&[("test.ics", text)], day, viewer)
}

fn day(text: &str, day: &str, viewer: &str) -> Vec<String> {
    day_with_notes(text, day, viewer).0
}

/// Runs `f` on another thread; None when it has not finished in `secs`
/// (the thread is left behind: the test binary ends it on exit).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs)).ok()
}

const VIENNA: &str = "Europe/Vienna";

// ---- Plain bugs -------------------------------------------------------

// User sees a week-long event (DURATION:PT200H) vanish from its last days;
// RFC 5545 §3.3.6/§3.8.2.5: hours are exact, so it lasts until 30 Nov 18:00.
#[test]
fn a_one_off_with_a_duration_in_hours_is_shown_on_its_last_days() {
    let text = cal(&event(
        "UID:a\r\nDTSTART:20261122T090000Z\r\nDURATION:PT200H\r\nSUMMARY:Conference\r\n",
    ));
    let (c, _) = calendar::parse("test.ics", &text);
    let ms = calendar::on_day_in(&[c], date("2026-11-30"), &zone(VIENNA));
    assert_eq!(
        ms.iter().map(line).collect::<Vec<_>>(),
        ["2026-11-22T10:00/2026-11-30T18:00 Conference"]
    );
    assert_eq!(ms[0].part, Some((9, 9)));
}

// User sees one moved meeting twice (11:00 and 14:00) after it was moved
// twice; RFC 5545 §3.8.7.4 / RFC 5546 §2.1.5: the higher SEQUENCE of the
// same UID + RECURRENCE-ID supersedes (issue 12, class 5).
#[test]
fn two_versions_of_one_changed_occurrence_show_only_the_latest() {
    let text = cal(&format!(
        "{}{}{}",
        event(
            "UID:a\r\nDTSTART;TZID=Europe/Vienna:20261130T090000\r\nDTEND;TZID=Europe/Vienna:20261130T100000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Daily\r\n"
        ),
        event(
            "UID:a\r\nSEQUENCE:1\r\nRECURRENCE-ID;TZID=Europe/Vienna:20261202T090000\r\nDTSTART;TZID=Europe/Vienna:20261202T110000\r\nDTEND;TZID=Europe/Vienna:20261202T120000\r\nSUMMARY:Moved once\r\n"
        ),
        event(
            "UID:a\r\nSEQUENCE:2\r\nRECURRENCE-ID;TZID=Europe/Vienna:20261202T090000\r\nDTSTART;TZID=Europe/Vienna:20261202T140000\r\nDTEND;TZID=Europe/Vienna:20261202T150000\r\nSUMMARY:Moved twice\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-12-02", VIENNA),
        ["2026-12-02T14:00/2026-12-02T15:00 Moved twice"]
    );
}

// User in Vienna sees an Outlook.com meeting at 12:00 instead of 13:00 (and a
// warning); Outlook.com writes `TZID="tzone://Microsoft/Utc"` with no
// VTIMEZONE (python-recurring-ical-events issue 126 reads it as UTC).
#[test]
fn outlook_com_tzone_utc_is_utc() {
    let text = cal(&event(
        "UID:a\r\nDTSTART;TZID=\"tzone://Microsoft/Utc\":20261130T120000\r\nDTEND;TZID=\"tzone://Microsoft/Utc\":20261130T123000\r\nSUMMARY:Vendor call\r\n",
    ));
    let (got, notes) = day_with_notes(&text, "2026-11-30", VIENNA);
    assert_eq!(got, ["2026-11-30T13:00/2026-11-30T13:30 Vendor call"]);
    assert!(notes.is_empty(), "{notes:?}");
}

// User's `ties agenda` hangs (killed by `timeout 10`) on a 600-byte file:
// the walk budget counts periods, but BY parts make each yearly period 31
// million candidates. "Never hangs" (issue 12, README "Calendars").
#[test]
fn a_rule_that_explodes_inside_each_period_does_not_hang() {
    let list = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let text = cal(&event(&format!(
        "UID:x\r\nDTSTART:19000101T000000Z\r\nSUMMARY:Every second, counted\r\nRRULE:FREQ=YEARLY;COUNT=4000000000;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={};BYMINUTE={};BYSECOND={}\r\n",
        list(24),
        list(60),
        list(60)
    )));
    let done = within(20, move || {
        let (c, _) = calendar::parse("test.ics", &text);
        calendar::on_day_noting(&[c], date("2026-11-30"), &zone(VIENNA)).1
    });
    let notes = done.expect("a 600-byte calendar kept ties busy for more than 20 s");
    assert!(
        notes.iter().any(|n| n.contains("repeats too often")),
        "{notes:?}"
    );
}

// User's `ties agenda` takes 30 s (debug) on a 500-byte file whose
// VTIMEZONE rule has a huge COUNT: an ended zone rule is listed once from
// 1601 up to chrono's year 262143. RFC 5545 §3.6.5 zones change a few
// times a year; nothing beyond the calendar's own dates is needed.
#[test]
fn a_zone_rule_with_a_huge_count_does_not_hang() {
    let text = cal(&format!(
        "BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYWEEKNO=43;BYDAY=SU;COUNT=4000000000\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n{}",
        event("UID:x\r\nDTSTART;TZID=Odd:20261130T090000\r\nSUMMARY:In an odd zone\r\n")
    ));
    let done = within(20, move || {
        let (c, _) = calendar::parse("test.ics", &text);
        calendar::on_day_in(&[c], date("2026-11-30"), &zone(VIENNA)).len()
    });
    assert_eq!(
        done,
        Some(1),
        "a 500-byte calendar kept ties busy for more than 20 s"
    );
}

// User sees a warning that quotes the whole file, upper-cased, with raw
// carriage returns that garble the terminal, and claims "what it holds was
// read" while nothing was. Errors are one plain sentence (issue 12, class 10).
#[test]
fn cr_only_line_ends_give_a_plain_short_sentence() {
    let text = "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rUID:a\rDTSTART:20261130T090000Z\rSUMMARY:Old Mac export\rEND:VEVENT\rEND:VCALENDAR\r";
    let (got, notes) = day_with_notes(text, "2026-11-30", VIENNA);
    for n in &notes {
        assert!(
            !n.contains('\r') && n.chars().count() < 200,
            "not a plain sentence: {n:?}"
        );
    }
    assert!(
        !got.is_empty() || !notes.iter().any(|n| n.contains("what it holds was read")),
        "says the file was read while no meeting came out of it: {notes:?}"
    );
}

// User who saved a calendar URL's sign-in page as `work.ics` sees "No
// meetings." and no warning; README: what ties cannot follow is said in one
// sentence naming the file (RFC 5545 §3.4: a calendar is a VCALENDAR).
#[test]
fn a_file_that_holds_no_calendar_says_so() {
    let (_, notes) = calendar::parse(
        "work.ics",
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body>Please sign in to see this calendar.</body></html>\n",
    );
    assert!(
        notes.iter().any(|n| n.starts_with("work.ics: ")),
        "no word about a file with no calendar in it: {notes:?}"
    );
}

// User is told "the file ends inside a X-NEST that is never closed" about a
// file where every BEGIN has its END (only the depth limit stopped reading);
// the sentence must be true (issue 12, class 10).
#[test]
fn too_deep_nesting_does_not_claim_an_unclosed_component() {
    let mut nest = String::new();
    for _ in 0..20 {
        nest.push_str("BEGIN:X-NEST\r\n");
    }
    for _ in 0..20 {
        nest.push_str("END:X-NEST\r\n");
    }
    let text = cal(&format!(
        "{nest}{}",
        event("UID:a\r\nDTSTART:20261130T090000Z\r\nSUMMARY:After the nest\r\n")
    ));
    let (_, notes) = day_with_notes(&text, "2026-11-30", VIENNA);
    assert!(
        !notes.iter().any(|n| n.contains("never closed")),
        "{notes:?}"
    );
}

// ---- Judgment calls ---------------------------------------------------

// User sees a meeting the organizer removed: EXDATE written without TZID for
// a TZID series is read in the viewer's zone, while a floating UNTIL in the
// same series is read in the series' zone. RFC 5545 §3.8.5.1 wants EXDATE of
// DTSTART's type; the lenient reading consistent with UNTIL is the series' zone.
#[test]
fn judgment_a_floating_exdate_in_a_zoned_series_is_read_in_its_zone() {
    let text = cal(&event(
        "UID:a\r\nDTSTART;TZID=America/New_York:20261130T090000\r\nDTEND;TZID=America/New_York:20261130T100000\r\nRRULE:FREQ=DAILY\r\nEXDATE:20261201T090000\r\nSUMMARY:NY daily\r\n",
    ));
    assert!(day(&text, "2026-12-01", VIENNA).is_empty());
}

// User sees both the original (15:00) and the moved (17:00) occurrence when
// RECURRENCE-ID is written without TZID for a TZID series; RFC 5545 §3.8.4.4
// wants DTSTART's type, and read in the series' zone it names the 09:00 one.
#[test]
fn judgment_a_floating_recurrence_id_in_a_zoned_series_replaces_it() {
    let text = cal(&format!(
        "{}{}",
        event(
            "UID:a\r\nDTSTART;TZID=America/New_York:20261130T090000\r\nDTEND;TZID=America/New_York:20261130T100000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:NY daily\r\n"
        ),
        event(
            "UID:a\r\nRECURRENCE-ID:20261202T090000\r\nDTSTART;TZID=America/New_York:20261202T110000\r\nDTEND;TZID=America/New_York:20261202T120000\r\nSUMMARY:Moved\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-12-02", VIENNA),
        ["2026-12-02T17:00/2026-12-02T18:00 Moved"]
    );
}

// User sees one meeting twice (14:00 and 16:00) when the same invitation is
// in two of their calendar files at two SEQUENCEs (an old download and the
// synced calendar); RFC 5545 §3.8.4.7: UID is global, the higher SEQUENCE wins.
#[test]
fn judgment_one_invitation_in_two_files_is_listed_once() {
    let old = cal(&event(
        "UID:meeting-42@example.com\r\nSEQUENCE:0\r\nDTSTART:20261130T130000Z\r\nDTEND:20261130T140000Z\r\nSUMMARY:Budget review\r\n",
    ));
    let new = cal(&event(
        "UID:meeting-42@example.com\r\nSEQUENCE:2\r\nDTSTART:20261130T150000Z\r\nDTEND:20261130T160000Z\r\nSUMMARY:Budget review\r\n",
    ));
    let (got, _) = day_in_files(
        &[
            ("Downloads/invite.ics", &old),
            ("work/meeting-42.ics", &new),
        ],
        "2026-11-30",
        VIENNA,
    );
    assert_eq!(got, ["2026-11-30T16:00/2026-11-30T17:00 Budget review"]);
}

// User sees the weekly sync at 10:00 and at 15:00 when the moved occurrence
// is in another file of the folder; overrides match by UID and
// RECURRENCE-ID (issue 12, class 5) — though CalDAV (RFC 4791 §4.1) keeps
// one UID per file, so this layout is unusual.
#[test]
fn judgment_a_change_in_another_file_of_the_folder_replaces_its_occurrence() {
    let series = cal(&event(
        "UID:weekly-1\r\nDTSTART;TZID=Europe/Vienna:20261102T100000\r\nDTEND;TZID=Europe/Vienna:20261102T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nSUMMARY:Weekly sync\r\n",
    ));
    let moved = cal(&event(
        "UID:weekly-1\r\nRECURRENCE-ID;TZID=Europe/Vienna:20261130T100000\r\nDTSTART;TZID=Europe/Vienna:20261130T150000\r\nDTEND;TZID=Europe/Vienna:20261130T160000\r\nSUMMARY:Weekly sync (moved)\r\nSEQUENCE:1\r\n",
    ));
    let (got, _) = day_in_files(
        &[("cal/a.ics", &series), ("cal/b.ics", &moved)],
        "2026-11-30",
        VIENNA,
    );
    assert_eq!(
        got,
        ["2026-11-30T15:00/2026-11-30T16:00 Weekly sync (moved)"]
    );
}

// User loses the 14:00 meeting without a word when a (non-conforming)
// exporter reuses one UID for two events with no RECURRENCE-ID; RFC 5545
// §3.8.4.7 says UIDs are unique, but "none missing" means show both or say so.
#[test]
fn judgment_two_events_sharing_a_uid_are_both_shown_or_reported() {
    let text = cal(&format!(
        "{}{}",
        event("UID:same\r\nDTSTART:20261130T090000Z\r\nSUMMARY:First\r\n"),
        event("UID:same\r\nDTSTART:20261130T130000Z\r\nSUMMARY:Second\r\n"),
    ));
    let (got, notes) = day_with_notes(&text, "2026-11-30", VIENNA);
    assert!(got.len() == 2 || !notes.is_empty(), "{got:?} {notes:?}");
}

// User sees the old 09:00 time on later days after a "this and all future"
// change; RFC 5545 §3.8.4.4: RANGE=THISANDFUTURE applies the change (here
// +2 h) to every later occurrence (written by Lotus Notes/Domino, Oracle).
#[test]
fn judgment_this_and_future_moves_later_occurrences() {
    let text = cal(&format!(
        "{}{}",
        event(
            "UID:a\r\nDTSTART;TZID=Europe/Vienna:20261130T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Daily\r\n"
        ),
        event(
            "UID:a\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Vienna:20261201T090000\r\nDTSTART;TZID=Europe/Vienna:20261201T110000\r\nDURATION:PT1H\r\nSUMMARY:Daily\r\n"
        ),
    ));
    assert_eq!(
        day(&text, "2026-12-02", VIENNA),
        ["2026-12-02T11:00/2026-12-02T12:00 Daily"]
    );
}

// User with an old Mac export (CR-only line ends) sees "No meetings.";
// RFC 5545 §3.1 requires CRLF, but LF-only is already accepted and the
// file is otherwise plain iCalendar.
#[test]
fn judgment_cr_only_line_ends_are_read() {
    let text = "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rUID:a\rDTSTART:20261130T090000Z\rSUMMARY:Old Mac export\rEND:VEVENT\rEND:VCALENDAR\r";
    assert_eq!(
        day(text, "2026-11-30", VIENNA),
        ["2026-11-30T10:00/2026-11-30T10:00 Old Mac export"]
    );
}

// User loses (or misreads) whoever an iCloud/CalendarServer invitation lists
// as `ATTENDEE;EMAIL=ana@x.org:urn:uuid:…`: RFC 7986 §6.2 gives the address
// in the EMAIL parameter when the value is not a mailto: URI.
#[test]
fn judgment_an_attendee_email_parameter_gives_the_address() {
    let text = cal(&event(
        "UID:u\r\nDTSTART:20261130T140000Z\r\nDTEND:20261130T150000Z\r\nSUMMARY:Sync\r\nATTENDEE;CN=Ana Lima;EMAIL=ana@x.org;PARTSTAT=ACCEPTED:urn:uuid:6f1a-22\r\n",
    ));
    let (c, _) = calendar::parse("test.ics", &text);
    let ms = calendar::on_day_in(&[c], date("2026-11-30"), &zone(VIENNA));
    let emails: Vec<_> = ms[0].attendees.iter().map(|a| a.email.clone()).collect();
    assert_eq!(emails, [Some("ana@x.org".to_string())]);
}

// User sees "not in ties: Room 3.OG" under a solo focus block, and that block
// counts as a meeting with attendees for `prep --next`; RFC 5545 §3.2.3:
// CUTYPE=ROOM/RESOURCE attendees are not people (Outlook, Google book rooms so).
#[test]
fn judgment_rooms_and_resources_are_not_people() {
    let text = cal(&event(
        "UID:r\r\nDTSTART:20261130T120000Z\r\nDTEND:20261130T130000Z\r\nSUMMARY:Focus time\r\nATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;CN=Room 3.OG:mailto:room3@x.org\r\nATTENDEE;CUTYPE=ROOM;CN=Beamer:mailto:beamer@x.org\r\n",
    ));
    let (c, _) = calendar::parse("test.ics", &text);
    let ms = calendar::on_day_in(&[c], date("2026-11-30"), &zone(VIENNA));
    let names: Vec<_> = ms[0].attendees.iter().map(|a| a.name.clone()).collect();
    assert!(names.is_empty(), "{names:?}");
}

// User sees occurrences the calendar excludes, with no word: EXRULE (RFC 2445,
// deprecated by RFC 5545 Appendix A.3, still read by python's
// recurring-ical-events) is dropped silently; follow it or say it was skipped.
#[test]
fn judgment_an_exrule_is_followed_or_reported() {
    let text = cal(&event(
        "UID:x\r\nDTSTART;TZID=Europe/Vienna:20261123T170000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\nEXRULE:FREQ=WEEKLY;INTERVAL=2\r\nSUMMARY:Every other week off\r\n",
    ));
    let (got, notes) = day_with_notes(&text, "2026-12-07", VIENNA);
    assert!(got.is_empty() || !notes.is_empty(), "{got:?} {notes:?}");
}

// ---- Through the command line -----------------------------------------

mod common;

/// A calendar whose titles carry terminal escapes: clear screen, colour,
/// window title (OSC 0) and clipboard write (OSC 52). Anyone can send an
/// invitation with such a title.
fn escapes_calendar(env: &common::Env) -> String {
    let path = env.dir.path().join("invites.ics");
    let text = cal(&format!(
        "{}{}",
        event(
            "UID:e1\r\nDTSTART:20261123T150000Z\r\nDTEND:20261123T160000Z\r\nSUMMARY:Sync \u{1b}[2J\u{1b}]0;owned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7} done\r\nATTENDEE;CN=Ana:mailto:ana@x.org\r\n"
        ),
        event("UID:e2\r\nDTSTART:garbage\r\nSUMMARY:Bad \u{1b}]52;c;ZWNobyBoaQ==\u{7} start\r\n"),
    ));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

// User's terminal is cleared, retitled and its clipboard overwritten by a
// calendar title: `ties agenda` prints the reader's warnings to stderr raw
// (stdout is cleaned by cli/output.rs clean_line; stderr is not).
#[test]
fn agenda_warnings_carry_no_terminal_escapes() {
    let env = common::Env::new();
    let ics = escapes_calendar(&env);
    let (code, stdout, stderr) = env.run(&["agenda", "--calendar", &ics]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}

// Same through `ties prep --next`: src/cli/agenda.rs prints "ties: next
// meeting: {title}" with eprintln!, escapes and all.
#[test]
fn prep_next_prints_no_terminal_escapes() {
    let env = common::Env::new();
    let ics = escapes_calendar(&env);
    let (_, stdout, stderr) = env.run(&["prep", "--next", "--calendar", &ics]);
    assert!(stderr.contains("next meeting"), "{stderr:?}");
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}
