//! The calendar feed and the notification, through the real binary: the feed
//! parsed back with calcard, as a phone's calendar would read it.

mod common;

use std::path::Path;

use calcard::common::timezone::Tz;
use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarValue};
use common::{Env, out};

const ANA: &str = r#"name = "Ana Lima"
org = "Example Corp"
role = "Head of Platforms"
birthday = 1986-11-27
cadence = "30d"

[about]
hobby = "Collects Zanzibarite stamps"

[[date]]
label = "Work anniversary"
on = 2019-11-24

[[todo]]
text = "Send the report"
due = 2026-11-22

[[todo]]
text = "Book the venue"
due = 2026-12-10

[[intro]]
with = "tom-brennan"
on = 2026-11-01
ask = true
why = "both building Quillfeather pipelines"

[[log]]
at = 2026-10-13
via = "call"
text = "Talked about the Marmalux migration."
ask = ["Did the Plinkett launch go well?"]

[[log]]
at = 2026-11-02
via = "note"
text = "Her Vorpalian diagnosis is private."
private = true
ask = ["How is the Gribbleton treatment?"]
"#;

const TOM: &str = "name = \"Tom Brennan\"\nbirthday = \"--03-14\"\n";
const LEAP: &str = "name = \"Lea Pham\"\nbirthday = 1992-02-29\n";
const PLAIN: &str = "name = \"Cy Nobody\"\n";

/// Words that appear only in private notes, `[about]`, log text, asks and
/// an introduction's reason: none may reach the default feed.
const SECRETS: &[&str] = &[
    "Zanzibarite",
    "Marmalux",
    "Plinkett",
    "Vorpalian",
    "Gribbleton",
    "Quillfeather",
];
const PRIVATE: &[&str] = &["Zanzibarite", "Vorpalian", "Gribbleton"];

fn env() -> Env {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.write("tom-brennan", TOM);
    env.write("lea-pham", LEAP);
    env.write("cy-nobody", PLAIN);
    env
}

struct Event {
    uid: String,
    summary: String,
    description: String,
    /// Occurrences from 2026-01-01 to 2028-12-31, as dates.
    dates: Vec<String>,
}

/// The feed as a calendar app reads it: each event with its occurrences.
fn parse(ics: &str) -> Vec<Event> {
    let cal = ICalendar::parse(ics).unwrap_or_else(|e| panic!("calcard: {e:?}\n{ics}"));
    // One event at a time: the expansion's limit is shared.
    let occurrences = |c: &calcard::icalendar::ICalendarComponent| {
        let one = ICalendar {
            components: vec![c.clone()],
        };
        let expanded = one.expand_dates(Tz::Floating, 200);
        assert!(expanded.errors.is_empty(), "{:?}", expanded.errors);
        expanded
            .events
            .iter()
            .map(|e| e.start.format("%Y-%m-%d").to_string())
            .filter(|d| ("2026-01-01".."2029-01-01").contains(&d.as_str()))
            .collect()
    };
    let text = |c: &calcard::icalendar::ICalendarComponent, name: &str| {
        c.entries
            .iter()
            .find(|e| e.name.as_str() == name)
            .and_then(|e| match e.values.first() {
                Some(ICalendarValue::Text(t)) => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    cal.components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .map(|c| Event {
            uid: text(c, "UID"),
            summary: text(c, "SUMMARY"),
            description: text(c, "DESCRIPTION"),
            dates: occurrences(c),
        })
        .collect()
}

fn event<'a>(events: &'a [Event], uid: &str) -> &'a Event {
    events
        .iter()
        .find(|e| e.uid == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

fn uids(events: &[Event]) -> Vec<String> {
    let mut u: Vec<String> = events.iter().map(|e| e.uid.clone()).collect();
    u.sort();
    u
}

#[test]
fn every_due_reason_is_an_event_on_its_day() {
    let env = env();
    let ics = env.ok(&["due", "--ics"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{l:?} is longer than 75 octets");
    }
    let events = parse(&ics);
    assert_eq!(
        uids(&events),
        [
            "ana-lima/birthday@ties",
            "ana-lima/checkin@ties",
            "ana-lima/date-1@ties",
            "ana-lima/intro/tom-brennan@ties",
            "ana-lima/todo-1@ties",
            "ana-lima/todo-2@ties",
            "lea-pham/birthday@ties",
            "tom-brennan/birthday@ties",
        ]
    );
    // Everything `ties due` lists, whatever the window, is in the feed
    // (asks ride along with other reasons; they are not dated).
    let json = env.ok(&["due", "--days", "366", "--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    for i in items.iter().filter(|i| i["kind"] != "ask") {
        let slug = i["slug"].as_str().unwrap();
        let date = i["date"].as_str().unwrap();
        let on_its_day = events.iter().any(|e| {
            e.uid.starts_with(&format!("{slug}/"))
                && (e.dates.iter().any(|d| d == date)
                    || (date < "2026-11-23" && e.dates == ["2026-11-23"]))
        });
        assert!(on_its_day, "{i} is not in the feed");
    }

    let birthday = event(&events, "ana-lima/birthday@ties");
    assert_eq!(birthday.summary, "Ana Lima: birthday");
    assert_eq!(birthday.dates, ["2026-11-27", "2027-11-27", "2028-11-27"]);
    assert_eq!(
        event(&events, "ana-lima/date-1@ties").summary,
        "Ana Lima: Work anniversary"
    );
    // Overdue: on today, where it is seen, saying when it was due.
    let todo = event(&events, "ana-lima/todo-1@ties");
    assert_eq!(todo.dates, ["2026-11-23"]);
    assert_eq!(todo.summary, "Ana Lima: Send the report");
    assert_eq!(todo.description, "Todo for Ana Lima, was due Nov 22, 2026");
    assert_eq!(event(&events, "ana-lima/todo-2@ties").dates, ["2026-12-10"]);
    // Last contact Oct 13 + 30 days: overdue since Nov 12.
    let checkin = event(&events, "ana-lima/checkin@ties");
    assert_eq!(checkin.dates, ["2026-11-23"]);
    assert_eq!(
        checkin.description,
        "Check in with Ana Lima (every 30d); was due Nov 12, 2026"
    );
    let intro = event(&events, "ana-lima/intro/tom-brennan@ties");
    assert_eq!(
        intro.summary,
        "Ana Lima: ask how the introduction to Tom Brennan went"
    );
    assert_eq!(intro.dates, ["2026-11-23"], "Nov 1 + 14 days has passed");
}

#[test]
fn yearless_and_leap_day_birthdays() {
    let events = parse(&env().ok(&["due", "--ics"]));
    let tom = event(&events, "tom-brennan/birthday@ties");
    assert_eq!(tom.dates, ["2026-03-14", "2027-03-14", "2028-03-14"]);
    assert_eq!(tom.description, "Tom Brennan's birthday", "no year, no age");
    // 29 February: 28 February in a common year, as `ties due` says.
    let lea = event(&events, "lea-pham/birthday@ties");
    assert_eq!(lea.dates, ["2026-02-28", "2027-02-28", "2028-02-29"]);
    let env = Env::new();
    env.write("lea-pham", LEAP);
    let mut c = env.cmd(&["due", "--days", "366"]);
    c.env("TIES_NOW", "2027-02-20T09:00:00-05:00");
    let (_, said, _) = out(c.output().unwrap());
    assert!(said.contains("birthday on Feb 28, turns 35"), "{said}");
}

#[test]
fn uids_stay_when_the_text_or_the_last_contact_changes() {
    let env = env();
    let first = env.ok(&["due", "--ics"]);
    assert_eq!(
        env.ok(&["due", "--ics"]),
        first,
        "the same moment, the same bytes"
    );
    env.ok(&["todo", "ana", "--edit", "1", "Send the final report"]);
    env.ok(&["log", "ana", "Caught up", "--via", "call"]);
    let second = env.ok(&["due", "--ics"]);
    assert_ne!(second, first);
    let (a, b) = (parse(&first), parse(&second));
    assert_eq!(uids(&a), uids(&b));
    let todo = event(&b, "ana-lima/todo-1@ties");
    assert_eq!(todo.summary, "Ana Lima: Send the final report");
    // Called today: the next check-in moved 30 days on, same event.
    assert_eq!(event(&b, "ana-lima/checkin@ties").dates, ["2026-12-23"]);
}

#[test]
fn the_default_feed_is_discreet_and_full_adds_the_sheet_but_no_private_text() {
    let env = env();
    let feed = env.ok(&["due", "--ics"]);
    // Unfolded and unescaped too: a word split by a fold still counts.
    let whole: String = parse(&feed)
        .iter()
        .map(|e| format!("{}\n{}\n", e.summary, e.description))
        .collect();
    for word in SECRETS {
        assert!(
            !feed.contains(word) && !whole.contains(word),
            "{word} leaked"
        );
    }
    assert!(!whole.contains("Example Corp"), "no prep without --full");

    let full = env.ok(&["due", "--ics", "--full"]);
    let events = parse(&full);
    let ana = event(&events, "ana-lima/birthday@ties");
    assert!(
        ana.description
            .starts_with("Ana Lima's birthday, born in 1986\n\n"),
        "{}",
        ana.description
    );
    assert!(
        ana.description
            .contains("Head of Platforms at Example Corp"),
        "{}",
        ana.description
    );
    assert!(
        ana.description.contains("Open loops"),
        "{}",
        ana.description
    );
    let whole: String = events.iter().map(|e| e.description.clone()).collect();
    for word in PRIVATE {
        assert!(!whole.contains(word), "{word} leaked into --full");
    }
}

#[test]
fn out_writes_the_whole_feed_atomically_and_a_bad_path_is_named() {
    let env = env();
    let printed = env.ok(&["due", "--ics"]);
    let dir = env.dir.path().join("pub");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("due.ics");
    std::fs::write(&file, "BEGIN:VCALENDAR\r\nan older feed").unwrap();
    let said = env.ok(&["due", "--ics", "--out", file.to_str().unwrap()]);
    assert_eq!(said, "", "nothing on stdout when piped");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), printed);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");

    let bad = env.dir.path().join("no-such-folder/due.ics");
    let (code, stdout, stderr) = env.run(&["due", "--ics", "--out", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "ties: could not write the calendar feed to {}: the folder {} does not exist\n",
            bad.display(),
            bad.parent().unwrap().display()
        )
    );
    assert!(!bad.parent().unwrap().exists(), "no folder made for a typo");
}

#[test]
fn sync_refreshes_the_feed_the_config_names() {
    let env = Env::new();
    let root = env.dir.path();
    let (a, b) = (root.join("a"), root.join("b"));
    let ties = |vault: &Path, args: &[&str]| {
        let mut c = env.bare(args);
        c.env("TIES_VAULT", vault);
        let (code, stdout, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "ties {args:?}: {stderr}");
        (stdout, stderr)
    };
    env.git(
        root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    ties(&a, &["init", a.to_str().unwrap(), "--git"]);
    std::fs::write(a.join("people/ana-lima.toml"), "name = \"Ana Lima\"\n").unwrap();
    env.git(&a, &["checkout", "--quiet", "-b", "main"]);
    env.git(&a, &["remote", "add", "origin", "../remote.git"]);
    ties(&a, &["sync"]);
    env.git(&a, &["push", "--quiet", "-u", "origin", "main"]);
    env.git(root, &["clone", "--quiet", "remote.git", "b"]);

    // Device A adds a todo; device B, whose config names a feed, syncs.
    ties(
        &a,
        &["todo", "ana", "Send the contract", "--due", "2026-11-30"],
    );
    ties(&a, &["sync"]);
    let feed = root.join("due.ics");
    let config = env.home().join(".config/ties");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "feed = \"../due.ics\"\n").unwrap();
    let (said, _) = ties(&b, &["sync"]);
    assert!(
        said.ends_with(&format!(
            "Refreshed the calendar feed {}.\n",
            b.join("../due.ics").display()
        )),
        "{said}"
    );
    let events = parse(&std::fs::read_to_string(&feed).unwrap());
    let todo = event(&events, "ana-lima/todo-1@ties");
    assert_eq!(todo.summary, "Ana Lima: Send the contract");
    assert_eq!(todo.dates, ["2026-11-30"]);

    // A feed that cannot be written is said; the sync still succeeds.
    std::fs::write(
        config.join("config.toml"),
        "feed = \"/no/such/folder/due.ics\"\n",
    )
    .unwrap();
    let (_, stderr) = ties(&b, &["sync"]);
    assert_eq!(
        stderr,
        "ties: synced, but could not write the calendar feed to /no/such/folder/due.ics: the folder /no/such/folder does not exist\n"
    );
}

#[test]
fn notify_without_a_notification_service_says_so_and_exits_0() {
    let env = env();
    let mut c = env.cmd(&["due", "--notify"]);
    c.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/ties-test-bus",
    );
    let (code, stdout, stderr) = out(c.output().unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "ties: could not show a desktop notification, no notification service answered ("
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("/nonexistent/ties-test-bus"),
        "why: {stderr}"
    );
    // Who is due today, discreetly: the kind of reason, not the todo's words.
    assert!(
        stderr.ends_with("; 1 person today: Ana Lima (check-in, introduction, todo)\n"),
        "{stderr}"
    );

    // Nobody due: nothing shown, and nothing said to a pipe.
    let quiet = Env::new();
    quiet.write("tom-brennan", TOM);
    let mut c = quiet.cmd(&["due", "--notify"]);
    c.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/ties-test-bus",
    );
    assert_eq!(out(c.output().unwrap()), (0, String::new(), String::new()));
}

/// The feed is written over nothing but a feed: a person file, the inbox or
/// a file of another kind is refused and left as it was; a device is
/// refused; a link is followed, so the file it points to is updated.
#[test]
fn the_feed_never_replaces_anything_but_a_feed() {
    let env = env();
    let ana = env.read("ana-lima");
    let refused = |target: &std::path::Path, why: &str| {
        let (code, _, stderr) = env.run(&["due", "--ics", "--out", target.to_str().unwrap()]);
        assert_eq!(code, 1, "{}: {stderr}", target.display());
        assert!(stderr.contains(why), "{}: {stderr}", target.display());
    };
    refused(&env.person("ana-lima"), "the vault's own files");
    assert_eq!(env.read("ana-lima"), ana);
    let inbox = env.vault().join("inbox.md");
    std::fs::write(&inbox, "zoe: sent the deck\n").unwrap();
    refused(&inbox, "the vault's own files");
    assert_eq!(
        std::fs::read_to_string(&inbox).unwrap(),
        "zoe: sent the deck\n"
    );
    let notes = env.dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes\n").unwrap();
    refused(&notes, "something other than a calendar feed");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
    let fifo = env.dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(&fifo, "not a regular file");

    // In a synced folder, by a link: the file behind the link changes.
    let synced = env.dir.path().join("synced");
    std::fs::create_dir_all(&synced).unwrap();
    let real = synced.join("due.ics");
    let link = env.dir.path().join("due.ics");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    env.ok(&["due", "--ics", "--out", link.to_str().unwrap()]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
    // And again, over the feed it wrote.
    env.ok(&["due", "--ics", "--out", link.to_str().unwrap()]);
}

/// A session bus that takes the connection and never answers does not hold
/// a cron job for ever: a few seconds, one line, exit 0.
#[test]
fn notify_gives_up_on_a_bus_that_never_answers() {
    let env = env();
    let sock = env.dir.path().join("silent-bus");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let mut c = env.cmd(&["due", "--notify"]);
    c.env(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", sock.display()),
    );
    let started = std::time::Instant::now();
    let (code, _, stderr) = out(c.output().unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "it waited {:?}",
        started.elapsed()
    );
    assert!(stderr.contains("did not answer"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Two introductions of the same two people are two events, each its own UID.
#[test]
fn every_uid_in_the_feed_is_unique() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    env.write("tom-brennan", TOM);
    env.ok(&["intro", "ana", "tom", "--why", "both in oncology IT"]);
    env.ok(&["intro", "ana", "tom", "--why", "again, for the pilot"]);
    let mut c = env.cmd(&["due", "--ics"]);
    c.env("TIES_NOW", "2026-12-20T10:00:00-05:00");
    let (code, ics, stderr) = out(c.output().unwrap());
    assert_eq!(code, 0, "{stderr}");
    let mut all = uids(&parse(&ics));
    assert_eq!(
        all.iter().filter(|u| u.contains("/intro/")).count(),
        2,
        "{all:?}"
    );
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "a UID twice: {all:?}");
}

/// A feed whose events did not change is left as it is: a synced folder or
/// the vault's git sees no change for a new DTSTAMP alone.
#[test]
fn an_unchanged_feed_is_not_rewritten() {
    let env = env();
    let file = env.dir.path().join("due.ics");
    let f = file.to_str().unwrap();
    env.ok(&["due", "--ics", "--out", f]);
    let before = std::fs::read(&file).unwrap();
    let mut later = env.cmd(&["due", "--ics", "--out", f]);
    later.env("TIES_NOW", "2026-11-23T10:30:00-05:00");
    let (code, _, stderr) = out(later.output().unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "rewritten for its DTSTAMP"
    );
    // A change in what is due is written.
    env.ok(&["todo", "ana", "Send the deck", "--due", "2026-11-30"]);
    env.ok(&["due", "--ics", "--out", f]);
    assert_ne!(std::fs::read(&file).unwrap(), before);
}
