use super::*;
use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarValue};

const NOW: &str = "2026-11-23T09:00:00-05:00"; // a Monday

fn index(files: &[(&str, &str)]) -> Index {
    let mut people: Vec<Summary> = files
        .iter()
        .map(|(slug, text)| {
            let (_, p) = crate::store::parse::parse(slug, text.as_bytes()).unwrap();
            Summary::of(&p)
        })
        .collect();
    people.sort_by(|a, b| a.slug.cmp(&b.slug));
    Index {
        people,
        ..Index::default()
    }
}

/// Each VEVENT's (property name, text) pairs, as calcard reads them.
fn parsed(ics: &str) -> Vec<Vec<(String, String)>> {
    let cal = ICalendar::parse(ics).unwrap_or_else(|e| panic!("{e:?}\n{ics}"));
    cal.components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .map(|c| {
            c.entries
                .iter()
                .map(|e| {
                    let v = match e.values.first() {
                        Some(ICalendarValue::Text(t)) => t.clone(),
                        Some(other) => format!("{other:?}"),
                        None => String::new(),
                    };
                    (e.name.as_str().to_string(), v)
                })
                .collect()
        })
        .collect()
}

fn prop<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {event:?}"))
}

const ANA: &str = "name = \"Ana Lima\"\nbirthday = 1986-11-27\ncadence = \"30d\"\n[[date]]\nlabel = \"Work anniversary\"\non = 2019-11-24\n[[todo]]\ntext = \"Send the report\"\ndue = 2026-11-22\n[[todo]]\ntext = \"Undated\"\n[[todo]]\ntext = \"Book the venue\"\ndue = 2027-01-10\n[[log]]\nat = 2026-10-13\nvia = \"call\"\ntext = \"x\"\nask = [\"How was the recital?\"]\n";

#[test]
fn every_dated_reason_of_the_due_list_is_one_event() {
    let clock = Clock::fixed(NOW);
    let idx = index(&[("ana-lima", ANA)]);
    let got = events(&idx, &clock, &Defaults::default());
    let mut uids: Vec<&str> = got.iter().map(|e| e.uid.as_str()).collect();
    uids.sort_unstable();
    assert_eq!(
        uids,
        [
            "ana-lima/birthday@ties",
            "ana-lima/checkin@ties",
            "ana-lima/date-1@ties",
            "ana-lima/todo-1@ties",
            "ana-lima/todo-3@ties",
        ]
    );
    let by = |uid: &str| got.iter().find(|e| e.uid.starts_with(uid)).unwrap();
    // Yearly from the year they began.
    let b = by("ana-lima/birthday");
    assert_eq!(
        (b.start.to_string(), b.rrule),
        ("1986-11-27".into(), Some(YEARLY))
    );
    assert_eq!(b.summary, "Ana Lima: birthday");
    assert_eq!(b.description, "Ana Lima's birthday, born in 1986");
    assert_eq!(by("ana-lima/date-1").start.to_string(), "2019-11-24");
    // Overdue: today, saying when it was due.
    let t = by("ana-lima/todo-1");
    assert_eq!((t.start.to_string(), t.rrule), ("2026-11-23".into(), None));
    assert_eq!(t.summary, "Ana Lima: Send the report");
    assert_eq!(t.description, "Todo for Ana Lima, was due Nov 22, 2026");
    assert_eq!(by("ana-lima/todo-3").start.to_string(), "2027-01-10");
    let c = by("ana-lima/checkin");
    assert_eq!(c.start.to_string(), "2026-11-23");
    assert_eq!(
        c.description,
        "Check in with Ana Lima (every 30d); was due Nov 12, 2026"
    );
    // The ask rides along in the due list, never in the feed.
    let text = to_ics(&got, &clock);
    assert!(!text.contains("recital"), "{text}");
}

#[test]
fn the_feed_and_the_due_list_agree_on_every_date() {
    let clock = Clock::fixed(NOW);
    let idx = index(&[
        ("ana-lima", ANA),
        (
            "bo",
            "name = \"Bo\"\nbirthday = \"--02-29\"\n[[date]]\non = \"--12-01\"\n",
        ),
        (
            "cy",
            "name = \"Cy\"\ncadence = \"2w\"\nsnooze = 2026-12-02\narchived = true\n",
        ),
    ]);
    let feed = events(&idx, &clock, &Defaults::default());
    let today = clock.today();
    let due = crate::due::due(&idx, &clock, i64::MAX, &Defaults::default(), true);
    let dated: Vec<_> = due.iter().filter(|i| i.kind != Kind::Ask).collect();
    assert_eq!(dated.len(), feed.len());
    for i in dated {
        let found = feed.iter().any(|e| {
            e.slug == i.slug
                && e.rrule.is_some() == matches!(i.kind, Kind::Birthday | Kind::Date)
                && occurs_on(e, i.date, today)
        });
        assert!(found, "no event for {i:?} in {feed:#?}");
    }
}

/// Whether the event happens on `date` (one that has passed: on today).
fn occurs_on(e: &Event, date: NaiveDate, today: NaiveDate) -> bool {
    if e.rrule.is_none() {
        return e.start == date.max(today);
    }
    // Year by year, by the due list's own rule for each year.
    let mut d = e.start;
    while d < date {
        let next_jan1 = NaiveDate::from_ymd_opt(d.year() + 1, 1, 1).unwrap();
        d = YearDay::from_date(e.start).next_on_or_after(next_jan1);
    }
    d == date
}

#[test]
fn lines_are_folded_at_75_octets_and_text_is_escaped() {
    let clock = Clock::fixed(NOW);
    let name = "Zoë \"Zed\" O'Brien, Jr; the 2nd \\ 🎉🎉🎉 with a very long name that goes on and on past the fold";
    let toml_name = toml::Value::String(name.into()).to_string();
    let idx = index(&[(
        "zoe",
        &format!("name = {toml_name}\nbirthday = \"--03-14\"\n"),
    )]);
    let text = to_ics(&events(&idx, &clock, &Defaults::default()), &clock);
    for l in text.split("\r\n") {
        assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
    }
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "bare LF in {text:?}"
    );
    assert!(text.contains("O'Brien\\, Jr\\; the 2nd \\\\ "), "{text}");
    let ev = &parsed(&text)[0];
    assert_eq!(prop(ev, "SUMMARY"), format!("{name}: birthday"));
    // A yearless birthday: from this year, and no age said.
    assert_eq!(prop(ev, "DESCRIPTION"), format!("{name}'s birthday"));
    assert!(text.contains("DTSTART;VALUE=DATE:20260314\r\n"), "{text}");
    assert!(text.contains("DTSTAMP:20261123T140000Z\r\n"), "{text}");
}

#[test]
fn a_full_feed_adds_the_sheet_on_its_own_lines() {
    let clock = Clock::fixed(NOW);
    let idx = index(&[("ana-lima", ANA)]);
    let mut evs = events(&idx, &clock, &Defaults::default());
    with_sheets(&mut evs, |slug| {
        Some(format!("Sheet of {slug}\nsecond line\n"))
    });
    let ev = &parsed(&to_ics(&evs, &clock))[0];
    assert!(
        prop(ev, "DESCRIPTION").ends_with("\n\nSheet of ana-lima\nsecond line"),
        "{ev:?}"
    );
}

#[test]
fn the_note_names_who_is_due_today_and_why_without_todo_text() {
    let clock = Clock::fixed(NOW);
    let idx = index(&[
        ("ana-lima", ANA),
        ("bo", "name = \"Bo\"\nbirthday = \"--11-23\"\n"),
        ("cy", "name = \"Cy\"\nbirthday = \"--11-30\"\n"),
    ]);
    let items = crate::due::due(&idx, &clock, 0, &Defaults::default(), true);
    let note = today_note(&items, &idx).unwrap();
    assert_eq!(
        note.line(),
        "2 people today: Ana Lima (check-in, todo), Bo (birthday)"
    );
    let nobody = index(&[("cy", "name = \"Cy\"\nbirthday = \"--11-30\"\n")]);
    let items = crate::due::due(&nobody, &clock, 0, &Defaults::default(), true);
    assert_eq!(today_note(&items, &nobody), None);
}

proptest::proptest! {
    #[test]
    fn any_name_reads_back_as_the_same_summary(
        name in "[a-zA-Z ,;:\\\\\"'\n🎉é王]{1,120}",
    ) {
        proptest::prop_assume!(!name.trim().is_empty());
        let clock = Clock::fixed(NOW);
        let toml_name = toml::Value::String(name.clone()).to_string();
        let idx = index(&[("p", &format!("name = {toml_name}\nbirthday = 1990-02-28\n"))]);
        let text = to_ics(&events(&idx, &clock, &Defaults::default()), &clock);
        let evs = parsed(&text);
        proptest::prop_assert_eq!(evs.len(), 1);
        let want = format!("{}: birthday", name.replace('\n', " "));
        proptest::prop_assert_eq!(prop(&evs[0], "SUMMARY"), want.as_str());
    }
}
