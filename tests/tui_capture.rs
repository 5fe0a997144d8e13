//! The capture popup says all `ties log` can, the add form all `ties add`
//! can, and what is typed in either survives a kill: the TUI driven by keys
//! on a real vault, its files compared with the CLI's.

mod common;

use common::{Env, NOW};
use crossterm::event::KeyCode;
use ties::tui::app::Popup;
use ties::tui::draft::{self, Kind};
use ties::tui::field::text_of;

const ANA: &str = "name = \"Ana Lima\"\norg = \"Example Corp\"\n";

use common::window::Window as H;

/// This file's windows: 80x24 unless said, the clock at `now`.
impl H {
    fn at(env: &Env, now: &str, size: (u16, u16)) -> H {
        H::on(&env.vault(), now, size)
    }

    fn new(env: &Env) -> H {
        H::at(env, NOW, (80, 24))
    }

    fn capture(&self) -> &ties::tui::popup::Capture {
        match &self.app.popup {
            Some(Popup::Capture(c)) => c,
            _ => panic!("no capture popup:\n{}", self.screen()),
        }
    }

    fn form(&self) -> &ties::tui::popup::Form {
        match &self.app.popup {
            Some(Popup::Form(f)) => f,
            _ => panic!("no form:\n{}", self.screen()),
        }
    }
}

/// The file with its first line (the name) left out.
fn after_name(text: &str) -> String {
    text.lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_capture_with_two_asks_private_and_why_writes_what_ties_log_writes() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.write("ana-twin", &ANA.replace("Ana Lima", "Ana Twin"));
    let mut h = H::new(&env);
    h.pick("ana lima").key(KeyCode::Char('c'));
    h.chars("Talked about the budget");
    // Tab to the ask lines: Enter starts another ask; an empty line is dropped.
    h.key(KeyCode::Tab)
        .chars("Did the board sign?")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .chars("How is Kabir?");
    h.ctrl('x').ctrl('y').ctrl('y');
    let c = h.capture();
    assert!(c.private);
    assert_eq!(c.why(), Some("request"));
    let screen = h.screen();
    assert!(screen.contains(" private "), "{screen}");
    assert!(screen.contains("why  request"), "{screen}");
    assert!(screen.contains("Did the board sign?"), "{screen}");
    assert!(screen.contains("How is Kabir?"), "{screen}");
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved:\n{}", h.screen());

    env.ok(&[
        "log",
        "ana-twin",
        "Talked about the budget",
        "--ask",
        "Did the board sign?",
        "--ask",
        "How is Kabir?",
        "--private",
        "--why",
        "request",
    ]);
    let tui = env.read("ana-lima");
    assert!(tui.contains("private = true"), "{tui}");
    assert_eq!(after_name(&tui), after_name(&env.read("ana-twin")));
}

#[test]
fn a_restored_draft_keeps_its_time_and_its_words_mean_what_they_meant() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.write("bo-chen", "name = \"Bo Chen\"\n");
    {
        let mut h = H::new(&env);
        h.pick("ana")
            .key(KeyCode::Char('c'))
            .chars("Coffee at nine");
        h.tick();
        // Bo's note says when: yesterday (the 22nd, as typed on the 23rd).
        let mut h2 = H::new(&env);
        h2.pick("bo")
            .key(KeyCode::Char('c'))
            .chars("Lunch")
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .chars("yesterday")
            .ctrl('x');
        h2.tick();
        // Both windows are killed: nothing saved, the drafts left.
    }
    let mut h = H::at(&env, "2026-11-25T17:30:00-05:00", (80, 24));
    h.pick("ana").key(KeyCode::Char('c'));
    assert_eq!(text_of(&h.capture().when), "2026-11-23 09:00");
    assert!(
        h.screen().contains("When 2026-11-23 09:00"),
        "{}",
        h.screen()
    );
    h.ctrl('s');
    assert!(
        env.read("ana-lima")
            .contains("at = 2026-11-23T09:00:00-05:00"),
        "{}",
        env.read("ana-lima")
    );
    h.pick("bo").key(KeyCode::Char('c'));
    let c = h.capture();
    assert_eq!(text_of(&c.note), "Lunch", "{}", h.screen());
    assert_eq!(text_of(&c.when), "2026-11-22 12:00");
    assert!(c.private, "the private switch is kept in the draft");
    h.ctrl('s');
    let bo = env.read("bo-chen");
    assert!(bo.contains("at = 2026-11-22T12:00:00-05:00"), "{bo}");
    assert!(bo.contains("private = true"), "{bo}");
}

#[test]
fn a_draft_written_before_these_fields_still_reads_with_its_time() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("capture-ana-lima.json"),
        r#"{"slug":"ana-lima","text":"Old words","via":"meeting","ask":"Old ask","written":"2026-11-20T10:15:00-05:00"}"#,
    )
    .unwrap();
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('c'));
    let c = h.capture();
    assert_eq!(text_of(&c.note), "Old words");
    assert_eq!(c.asks_typed(), ["Old ask"]);
    assert_eq!((c.via(), c.private, c.why()), ("meeting", false, None));
    h.ctrl('s');
    let file = env.read("ana-lima");
    assert!(file.contains("at = 2026-11-20T10:15:00-05:00"), "{file}");
    assert!(file.contains("ask = [\"Old ask\"]"), "{file}");
}

#[test]
fn a_bad_time_is_refused_in_a_sentence_and_the_text_kept() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let before = env.read("ana-lima");
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('c')).chars("Long talk");
    h.key(KeyCode::Tab).key(KeyCode::Tab).chars("someday");
    // Back in the note when saving: the refusal takes the keyboard to When.
    h.key(KeyCode::Tab).ctrl('s');
    let c = h.capture();
    assert_eq!(text_of(&c.note), "Long talk");
    assert_eq!(text_of(&c.when), "someday");
    assert_eq!(c.field, ties::tui::popup::capture::CaptureField::When);
    let screen = h.screen();
    // The whole sentence, over two lines: nothing cut.
    assert!(
        screen.contains(
            "When: try now, 15:30, yesterday 15:30 or 2026-11-20 15:30; `someday` is not a"
        ),
        "{screen}"
    );
    assert!(screen.contains("┃time.  "), "{screen}");
    assert_eq!(env.read("ana-lima"), before, "nothing written");
    // Mended, it saves at that time.
    for _ in 0.."someday".len() {
        h.key(KeyCode::Backspace);
    }
    h.chars("2026-11-20 15:30").ctrl('s');
    assert!(h.app.popup.is_none());
    assert!(
        env.read("ana-lima")
            .contains("at = 2026-11-20T15:30:00-05:00")
    );
}

#[test]
fn small_screens_never_leave_the_keyboard_in_a_hidden_field_nor_hide_what_was_typed() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let mut h = H::at(&env, NOW, (80, 24));
    h.pick("ana").key(KeyCode::Char('c')).chars("Note");
    h.key(KeyCode::Tab)
        .chars("An ask")
        .key(KeyCode::Tab)
        .chars("15:30");
    for rows in [11u16, 9, 7, 6] {
        h.app.resize(80, rows);
        let screen = h.screen();
        // The When line and the ask box are gone: the header says what
        // they hold.
        assert!(screen.contains("at 15:30"), "{rows} rows:\n{screen}");
        assert!(screen.contains("+1 ask"), "{rows} rows:\n{screen}");
        h.chars("!");
        assert_eq!(
            h.capture().field,
            ties::tui::popup::capture::CaptureField::Note,
            "{rows} rows"
        );
        h.key(KeyCode::Tab);
        assert_eq!(
            h.capture().field,
            ties::tui::popup::capture::CaptureField::Note,
            "Tab stays on the one field drawn at {rows} rows"
        );
    }
    assert_eq!(text_of(&h.capture().note), "Note!!!!");
    assert_eq!(text_of(&h.capture().when), "15:30");
}

/// The add form's fields, in order, for Ana with every field.
const EVERY_FIELD: [&str; 8] = [
    "Ana Lima",
    "Example Corp",
    "CTO",
    "ana@example.com, ana@home.example",
    "+1 555 0100",
    "client, friend",
    "30d",
    "--03-14",
];

fn fill(h: &mut H, values: &[&str]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            h.key(KeyCode::Tab);
        }
        h.chars(v);
    }
}

#[test]
fn the_add_form_with_every_field_writes_what_ties_add_writes() {
    let tui = Env::new();
    let mut h = H::new(&tui);
    h.key(KeyCode::Char('a'));
    // At 80x24 every field is on the screen, the one typed in marked.
    let screen = h.screen();
    for label in [
        "Name", "Org", "Role", "Email", "Phone", "Tags", "Cadence", "Birthday",
    ] {
        assert!(screen.contains(label), "{label}:\n{screen}");
    }
    fill(&mut h, &EVERY_FIELD);
    assert!(h.screen().contains("›Birthday"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", h.screen());

    let cli = Env::new();
    cli.ok(&[
        "add",
        "Ana Lima",
        "--org",
        "Example Corp",
        "--role",
        "CTO",
        "--email",
        "ana@example.com",
        "--email",
        "ana@home.example",
        "--phone",
        "+1 555 0100",
        "--tag",
        "client",
        "--tag",
        "friend",
        "--cadence",
        "30d",
        "--birthday",
        "--03-14",
    ]);
    let file = tui.read("ana-lima");
    assert!(file.contains("birthday = \"--03-14\""), "{file}");
    assert_eq!(file, cli.read("ana-lima"));
    // Both faces read it back alike.
    let shown = tui.ok(&["show", "ana", "--format", "json"]);
    assert_eq!(shown, cli.ok(&["show", "ana", "--format", "json"]));
}

#[test]
fn each_invalid_field_is_named_refused_and_given_the_keyboard() {
    let env = Env::new();
    let mut h = H::new(&env);
    h.key(KeyCode::Char('a'));
    // (field, what is typed, its position, the start of the error)
    let cases = [
        (6, "often", "Cadence: `often` is not a cadence"),
        (7, "14/03", "Birthday: `14/03` is not a birthday"),
    ];
    let mut values = EVERY_FIELD;
    for (at, bad, said) in cases {
        values[at] = bad;
        let mut h = H::new(&env);
        h.key(KeyCode::Char('a'));
        fill(&mut h, &values);
        // From the first field, so the refusal has to move the keyboard.
        h.key(KeyCode::Tab).key(KeyCode::Enter);
        let f = h.form();
        assert_eq!(f.focus, at, "{said}");
        assert!(
            f.error.as_deref().unwrap_or("").starts_with(said),
            "{:?}",
            f.error
        );
        let screen = h.screen();
        assert!(screen.contains(said), "{screen}");
        values = EVERY_FIELD;
        // The CLI refuses it with the same reason.
        let flag = if at == 6 { "--cadence" } else { "--birthday" };
        let (code, _, err) = env.run(&["add", "Ana Lima", flag, bad]);
        assert_ne!(code, 0);
        assert!(err.contains(&said[said.find('`').unwrap()..]), "{err}");
    }
    // No name: the name field says so.
    h.key(KeyCode::Tab).chars("CTO").key(KeyCode::Enter);
    assert_eq!(h.form().focus, 0);
    assert!(
        h.screen().contains("Name: the name is empty."),
        "{}",
        h.screen()
    );
    assert!(!env.vault().join("people/ana-lima.toml").exists());
    // Yearless birthdays are accepted as the file writes them.
    let mut h = H::new(&env);
    h.key(KeyCode::Char('a'));
    fill(&mut h, &["Bo Chen", "", "", "", "", "", "", "03-14"]);
    h.key(KeyCode::Enter);
    assert!(env.read("bo-chen").contains("birthday = \"--03-14\""));
}

#[test]
fn form_drafts_survive_a_kill_and_are_offered_back_until_saved() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    {
        let mut h = H::new(&env);
        h.pick("ana")
            .key(KeyCode::Char('t'))
            .chars("Send the deck")
            .key(KeyCode::Tab)
            .chars("friday");
        h.tick();
        // Killed with the form open.
    }
    {
        let mut h = H::new(&env);
        h.key(KeyCode::Char('a')).chars("Bo Ch");
        h.tick();
    }
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('t'));
    let f = h.form();
    assert_eq!(
        (f.value(0), f.value(1)),
        ("Send the deck".into(), "friday".into())
    );
    assert!(h.status().contains("is back"), "{}", h.status());
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", h.screen());
    assert!(env.read("ana-lima").contains("Send the deck"));
    assert!(draft::load_kind(&h.vault, Kind::Todo, "ana-lima").is_none());
    // The add form's draft is still there, its own.
    h.key(KeyCode::Char('a'));
    assert_eq!(h.form().value(0), "Bo Ch");
    // Esc keeps it, and says so; emptied, Esc drops it.
    h.chars("en").key(KeyCode::Esc);
    assert!(h.status().contains("kept as a draft"), "{}", h.status());
    h.key(KeyCode::Char('a'));
    assert_eq!(h.form().value(0), "Bo Chen");
    for _ in 0.."Bo Chen".len() {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Esc).key(KeyCode::Char('a'));
    assert_eq!(h.form().value(0), "", "an emptied form leaves no draft");
}

#[test]
fn notes_whose_person_is_gone_are_listed_and_filed_onto_the_person_chosen() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let lost = drafts.join("capture-gone-person.json");
    std::fs::write(
        &lost,
        r#"{"slug":"gone-person","name":"Gone Person","text":"About the merger and the new board","via":"call","written":"2026-11-21T16:00:00-05:00"}"#,
    )
    .unwrap();
    let mut h = H::new(&env);
    let screen = h.screen();
    assert!(screen.contains("1 note without a person (!)"), "{screen}");
    h.pick("ana").key(KeyCode::Char('!'));
    let screen = h.screen();
    assert!(
        screen.contains("note about Gone Person, Nov 21 16:00"),
        "{screen}"
    );
    assert!(
        screen.contains("About the merger and the new board"),
        "{screen}"
    );
    assert!(screen.contains("capture-gone-person.json"), "{screen}");
    assert!(
        screen.contains("Enter files this note onto Ana Lima"),
        "{screen}"
    );
    h.key(KeyCode::Enter);
    assert_eq!(
        text_of(&h.capture().note),
        "About the merger and the new board"
    );
    assert!(!lost.exists(), "filed: the old file goes");
    h.ctrl('s');
    assert!(env.read("ana-lima").contains("About the merger"));
    assert!(h.app.unplaced.is_empty());
    assert!(!h.screen().contains("without a person"));
}
