//! A meeting with several people: one note in each person's file, each
//! naming the others, as one commit; from `ties log --with`, from the
//! capture's `@` picker, and from a meeting of the day's agenda (with its
//! attendees ties does not know added first).

mod common;

use common::{Env, NOW};
use crossterm::event::KeyCode;
use ties::tui::app::Popup;

use common::window::Window as H;

const ANA: &str = "name = \"Ana Lima\"\nemail = [\"ana@example.com\"]\n";
const TOM: &str = "name = \"Tom Brennan\"\n";
const PRIYA: &str = "name = \"Priya Raman\"\ncadence = \"30d\"\n\n[[log]]\nat = 2026-10-01\nvia = \"call\"\ntext = \"First call\"\n";

fn three() -> Env {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.write("tom-brennan", TOM);
    env.write("priya-raman", PRIYA);
    env
}

fn git_vault(env: &Env) {
    let v = env.vault();
    env.git(&v, &["init", "-q", "-b", "main"]);
    env.git(&v, &["add", "-A"]);
    env.git(&v, &["commit", "-qm", "start"]);
}

/// The last log table of a file, as written.
fn last_entry(text: &str) -> String {
    let at = text.rfind("[[log]]").expect("an entry");
    text[at..].to_string()
}

/// The files the last commit changed, and its message.
fn last_commit(env: &Env) -> (Vec<String>, String) {
    let v = env.vault();
    let files = env.git(&v, &["show", "--name-only", "--format=", "HEAD"]);
    let msg = env.git(&v, &["log", "-1", "--format=%s"]);
    (
        files.lines().map(str::to_string).collect(),
        msg.trim().to_string(),
    )
}

#[test]
fn log_with_writes_one_note_in_each_file_naming_the_others_as_one_commit() {
    let env = three();
    git_vault(&env);
    let out = env.ok(&[
        "log",
        "ana",
        "--with",
        "tom",
        "--with",
        "priya",
        "--with",
        "ana",
        "--via",
        "meal",
        "--ask",
        "How did the board take it?",
        "Lunch at Trillium; Tom talked budget",
    ]);
    assert!(
        out.contains("Logged meal with Ana Lima, Tom Brennan, Priya Raman"),
        "{out}"
    );
    let ana = last_entry(&env.read("ana-lima"));
    let tom = last_entry(&env.read("tom-brennan"));
    let priya = last_entry(&env.read("priya-raman"));
    assert!(
        ana.contains(r#"with = ["tom-brennan", "priya-raman"]"#),
        "{ana}"
    );
    assert!(
        tom.contains(r#"with = ["ana-lima", "priya-raman"]"#),
        "{tom}"
    );
    assert!(
        priya.contains(r#"with = ["ana-lima", "tom-brennan"]"#),
        "{priya}"
    );
    // Same time, same text in each; the ask is Ana's alone.
    let at = |e: &str| {
        e.lines()
            .find(|l| l.starts_with("at = "))
            .unwrap()
            .to_string()
    };
    assert_eq!(at(&ana), at(&tom));
    assert_eq!(at(&ana), at(&priya));
    for e in [&ana, &tom, &priya] {
        assert!(e.contains("Lunch at Trillium; Tom talked budget"), "{e}");
    }
    assert!(ana.contains("How did the board take it?"));
    assert!(!tom.contains("board") && !priya.contains("board"));

    let (files, msg) = last_commit(&env);
    assert_eq!(
        files,
        [
            "people/ana-lima.toml",
            "people/priya-raman.toml",
            "people/tom-brennan.toml"
        ]
    );
    assert!(msg.contains("Ana Lima, Tom Brennan, Priya Raman"), "{msg}");
    let commits = env.git(&env.vault(), &["rev-list", "--count", "HEAD"]);
    assert_eq!(commits.trim(), "2", "one commit for the meeting");

    // Each face says who else was there.
    let show = env.ok(&["show", "tom"]);
    assert!(show.contains("meal with Ana Lima, Priya Raman"), "{show}");
    let prep = env.ok(&["prep", "priya"]);
    assert!(
        prep.contains("meal with Ana Lima, Tom Brennan: Lunch"),
        "{prep}"
    );
    assert!(prep.contains("Tom Brennan (met together)"), "{prep}");
    let json = env.ok(&["prep", "priya", "--format", "json"]);
    assert!(json.contains("\"Tom Brennan\""), "{json}");
}

#[test]
fn a_shared_meeting_counts_as_contact_for_each_person_in_it() {
    let env = three();
    // Priya is due: every 30 days, last call Oct 1.
    let due = env.ok(&["due"]);
    assert!(due.contains("Priya Raman"), "{due}");
    env.ok(&[
        "log",
        "tom",
        "--with",
        "priya",
        "--via",
        "meeting",
        "Weekly review",
    ]);
    let due = env.ok(&["due"]);
    assert!(!due.contains("Priya Raman"), "{due}");
    let prep = env.ok(&["prep", "priya"]);
    assert!(prep.contains("Last contact: today, meeting"), "{prep}");
}

#[test]
fn a_meeting_with_a_file_that_does_not_parse_writes_nothing() {
    let env = three();
    let broken = "name = \"Tom Brennan\"\norg = \n";
    env.write("tom-brennan", broken);
    let (code, _, err) = env.run(&["log", "ana", "--with", "tom-brennan", "Lunch"]);
    assert_ne!(code, 0);
    assert!(err.contains("people/tom-brennan.toml"), "{err}");
    assert_eq!(env.read("ana-lima"), ANA, "nothing written for Ana either");
    assert_eq!(env.read("tom-brennan"), broken);
    // Someone who is not in the vault: refused before anything is written.
    let (code, _, err) = env.run(&["log", "ana", "--with", "nobody-here", "Lunch"]);
    assert_ne!(code, 0);
    assert!(err.contains("nobody-here"), "{err}");
    assert_eq!(env.read("ana-lima"), ANA);
}

#[test]
fn a_hand_written_with_shows_names_and_never_reads_outside_the_vault() {
    let env = three();
    env.write(
        "ana-lima",
        &format!(
            "{ANA}\n[[log]]\nat = 2026-11-20\nvia = \"meal\"\ntext = \"Dinner\"\nwith = [\"@tom-brennan\", \"tom-brennan\", \"../../etc/passwd\"]\n"
        ),
    );
    let show = env.ok(&["show", "ana"]);
    assert!(
        show.contains("meal with Tom Brennan, ../../etc/passwd"),
        "{show}"
    );
}

fn capture(h: &H) -> &ties::tui::popup::Capture {
    match &h.app.popup {
        Some(Popup::Capture(c)) => c,
        _ => panic!("no capture popup:\n{}", h.screen()),
    }
}

#[test]
fn at_in_the_capture_picks_someone_else_who_was_there() {
    let env = three();
    git_vault(&env);
    let mut h = H::on(&env.vault(), NOW, (80, 24));
    h.app.settings.autocommit = true;
    h.pick("ana lima").key(KeyCode::Char('c'));
    h.chars("Lunch with ");
    h.key(KeyCode::Char('@'));
    let screen = h.screen();
    assert!(screen.contains("Who else was there?"), "{screen}");
    h.chars("tom");
    assert!(h.screen().contains("Tom Brennan"));
    h.key(KeyCode::Enter);
    assert_eq!(
        capture(&h).with,
        [("tom-brennan".to_string(), "Tom Brennan".to_string())]
    );
    let screen = h.screen();
    assert!(screen.contains("with Tom Brennan"), "{screen}");
    // Esc gives back what was typed: `@` starts a mention as before.
    h.key(KeyCode::Char('@')).chars("pri").key(KeyCode::Esc);
    h.chars(" and the budget");
    assert_eq!(
        ties::tui::field::text_of(&capture(&h).note),
        "Lunch with @pri and the budget"
    );
    // Tab writes the chosen person as a mention.
    h.chars(" ")
        .key(KeyCode::Char('@'))
        .chars("priya")
        .key(KeyCode::Tab);
    assert!(ties::tui::field::text_of(&capture(&h).note).ends_with("@priya-raman "));
    // The draft keeps who was there: a kill loses no one.
    h.tick();
    let d = ties::tui::draft::load_for(&h.vault, "ana-lima", "Ana Lima").expect("a draft");
    assert_eq!(
        d.with,
        [("tom-brennan".to_string(), "Tom Brennan".to_string())]
    );
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved:\n{}", h.screen());
    assert!(
        h.status().contains("Ana Lima, Tom Brennan"),
        "{}",
        h.status()
    );
    let tom = last_entry(&env.read("tom-brennan"));
    assert!(tom.contains("with = [\"ana-lima\"]"), "{tom}");
    assert!(tom.contains("@priya-raman"), "{tom}");
    let (files, _) = last_commit(&env);
    assert_eq!(files, ["people/ana-lima.toml", "people/tom-brennan.toml"]);
    // Picking the same person again takes them out.
    h.pick("ana lima").key(KeyCode::Char('c'));
    h.key(KeyCode::Char('@')).chars("tom").key(KeyCode::Enter);
    h.key(KeyCode::Char('@')).chars("tom").key(KeyCode::Enter);
    assert!(capture(&h).with.is_empty());
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:budget-review@example.org\r
SUMMARY:Budget review\r
DTSTART:20261123T150000Z\r
DTEND:20261123T160000Z\r
ORGANIZER;CN=Me:mailto:me@example.com\r
ATTENDEE;CN=Ana Lima:mailto:ana@example.com\r
ATTENDEE;CN=Jane Doe:mailto:jane.doe@partner.example\r
ATTENDEE:mailto:ravi.k@partner.example\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn c_on_a_meeting_adds_the_attendees_ties_does_not_know_and_writes_one_note() {
    let env = three();
    git_vault(&env);
    let cal = env.dir.path().join("work.ics");
    std::fs::write(&cal, CALENDAR).unwrap();
    let mut h = H::on(&env.vault(), NOW, (80, 24));
    h.app.settings.autocommit = true;
    h.app.settings.calendars = vec![cal];
    h.key(KeyCode::Char('m'));
    assert_eq!(h.app.agenda.len(), 1);
    h.key(KeyCode::Char('c'));
    let screen = h.screen();
    assert!(screen.contains("People ties does not know"), "{screen}");
    assert!(
        screen.contains("Jane Doe <jane.doe@partner.example>"),
        "{screen}"
    );
    // A name from the address when the calendar gives none.
    assert!(
        screen.contains("Ravi K <ravi.k@partner.example>"),
        "{screen}"
    );
    assert!(
        !screen.contains("Me"),
        "the organizer is the user:\n{screen}"
    );
    // Ravi is left out; Jane is added.
    h.key(KeyCode::Down)
        .key(KeyCode::Char(' '))
        .key(KeyCode::Enter);
    let c = capture(&h);
    assert_eq!(c.slug, "ana-lima");
    assert_eq!(c.via(), "meeting", "a note from a meeting is a meeting's");
    assert_eq!(c.with, [("jane-doe".to_string(), "Jane Doe".to_string())]);
    let jane = env.read("jane-doe");
    assert!(jane.contains("jane.doe@partner.example"), "{jane}");
    assert!(!env.person("ravi-k").exists());
    let (files, msg) = last_commit(&env);
    assert_eq!(files, ["people/jane-doe.toml"], "the new person committed");
    assert!(msg.contains("add Jane Doe"), "{msg}");
    h.chars("Budget review: Jane owns the numbers");
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved:\n{}", h.screen());
    assert!(last_entry(&env.read("jane-doe")).contains("with = [\"ana-lima\"]"));
    assert!(last_entry(&env.read("ana-lima")).contains("with = [\"jane-doe\"]"));
    let (files, _) = last_commit(&env);
    assert_eq!(files, ["people/ana-lima.toml", "people/jane-doe.toml"]);
}

#[test]
fn someone_picked_who_leaves_the_vault_is_taken_out_and_the_note_saved_for_the_rest() {
    let env = three();
    let mut h = H::on(&env.vault(), NOW, (80, 24));
    h.pick("ana lima").key(KeyCode::Char('c'));
    h.chars("Lunch ");
    h.key(KeyCode::Char('@')).chars("tom").key(KeyCode::Enter);
    h.key(KeyCode::Char('@')).chars("priya").key(KeyCode::Enter);
    // Tom's file goes (another machine deleted him; a sync brought it).
    std::fs::remove_file(env.person("tom-brennan")).unwrap();
    h.msg(ties::tui::app::Msg::FilesChanged);
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("Tom Brennan is no longer in ties"),
        "{screen}"
    );
    assert_eq!(
        capture(&h).with,
        [("priya-raman".to_string(), "Priya Raman".to_string())]
    );
    assert!(!env.read("ana-lima").contains("Lunch"), "not saved yet");
    // Someone already in the meeting is listed first, to take out.
    h.key(KeyCode::Char('@'));
    let screen = h.screen();
    assert!(screen.contains("✓ Priya Raman"), "{screen}");
    let first = screen.lines().position(|l| l.contains("✓ Priya Raman"));
    let tom_row = screen.lines().position(|l| l.contains("  Ana Lima"));
    assert!(first < tom_row || tom_row.is_none(), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Backspace);
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved:\n{}", h.screen());
    assert!(last_entry(&env.read("ana-lima")).contains("with = [\"priya-raman\"]"));
    assert!(last_entry(&env.read("priya-raman")).contains("with = [\"ana-lima\"]"));
}

#[test]
fn an_at_inside_a_word_or_before_a_space_is_text_not_the_picker() {
    let env = three();
    let mut h = H::on(&env.vault(), NOW, (80, 24));
    h.pick("ana lima").key(KeyCode::Char('c'));
    h.chars("Send the deck to tom@acme")
        .key(KeyCode::Enter)
        .chars("meet @ 3pm, @zzz")
        .key(KeyCode::Enter)
        .chars("end");
    let c = capture(&h);
    assert_eq!(
        ties::tui::field::text_of(&c.note),
        "Send the deck to tom@acme\nmeet @ 3pm, @zzz\nend"
    );
    assert!(c.with.is_empty(), "no one added: {:?}", c.with);
}

#[test]
fn a_with_of_another_shape_is_the_users_own_key() {
    let env = three();
    let text =
        format!("{ANA}\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Call\"\nwith = 42\n");
    env.write("ana-lima", &text);
    env.ok(&["check"]);
    let show = env.ok(&["show", "ana"]);
    assert!(show.contains("with: 42"), "{show}");
    env.ok(&["log", "ana", "Another call"]);
    assert!(env.read("ana-lima").starts_with(&text));
}

#[test]
fn the_picker_lists_the_first_people_by_name_before_anything_is_typed() {
    let env = Env::new();
    // File names in the opposite order of the names.
    for i in 0..60 {
        env.write(
            &format!("p{:02}", 59 - i),
            &format!("name = \"Person {i:02}\"\n"),
        );
    }
    let mut h = H::on(&env.vault(), NOW, (80, 24));
    h.pick("person 59").key(KeyCode::Char('c'));
    assert_eq!(capture(&h).slug, "p00");
    h.key(KeyCode::Char('@'));
    let screen = h.screen();
    let shown: Vec<String> = screen
        .lines()
        .skip_while(|l| !l.contains("Who else was there?"))
        .filter_map(|l| l.split("Person ").nth(1).map(|n| n[..2].to_string()))
        .collect();
    assert!(
        shown.starts_with(&["00".to_string(), "01".into(), "02".into()]),
        "{shown:?}"
    );
    h.key(KeyCode::Up).key(KeyCode::Enter);
    assert_eq!(capture(&h).with[0].0, "p59", "Person 00's file");
}
