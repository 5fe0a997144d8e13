//! The forms never lose a word (issue 13 §0), as a property: random steps
//! over the todo and add-person forms (typing in any field, Tab, Enter
//! saving or refused, Esc, drafts written on ticks, ties quit or killed
//! and started again). After every case, each word typed is in exactly
//! one place a user finds it: a person's file (the todo or the new person
//! saved), or the form that `t` on that person or `a` offers back. A word
//! typed after the last draft write of a window that was then killed may
//! be gone (drafts are written on ticks); nothing else may.

use std::collections::HashSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ties::clock::Clock;
use ties::store::Vault;
use ties::tui::app::{Effect, Msg, Popup};
use ties::tui::keymap::Keymap;
use ties::tui::perform::settle;
use ties::tui::{App, Init};

const NOW: &str = "2026-11-23T09:00:00-05:00";

fn start(vault: &Vault) -> App {
    let mut app = App::new(Init {
        clock: Clock::fixed(NOW),
        vault_label: "~/demo".into(),
        keymap: Keymap::default(),
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        autocommit: false,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size: (80, 24),
    });
    settle(&mut app, vault, vec![Effect::Reload]);
    app
}

#[derive(Debug, Clone)]
enum Step {
    /// A new word, typed in the open form's field.
    Word,
    Key(KeyCode),
    Tick,
    /// ties killed (the app dropped), then started again.
    Kill,
    /// `q` (a popup's Esc first), then started again.
    Quit,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => Just(Step::Word),
        2 => Just(Step::Key(KeyCode::Char('t'))),
        1 => Just(Step::Key(KeyCode::Char('a'))),
        1 => Just(Step::Key(KeyCode::Char('j'))),
        3 => Just(Step::Key(KeyCode::Tab)),
        2 => Just(Step::Key(KeyCode::Enter)),
        2 => Just(Step::Key(KeyCode::Esc)),
        3 => Just(Step::Tick),
        1 => Just(Step::Kill),
        1 => Just(Step::Quit),
    ]
}

fn key(app: &mut App, vault: &Vault, code: KeyCode) {
    let fx = app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    settle(app, vault, fx);
}

fn form_text(app: &App) -> Option<String> {
    match &app.popup {
        Some(Popup::Form(f)) => Some(
            (0..f.fields.len())
                .map(|i| f.value(i))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}

/// Every word a user can find: the people's files, and what `a` and `t`
/// on each person offer back (each closed again with Esc, which keeps it).
fn findable(vault: &Vault) -> (String, String) {
    let mut files = String::new();
    for e in std::fs::read_dir(vault.people_dir()).unwrap().flatten() {
        files.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
        files.push('\n');
    }
    let mut app = start(vault);
    let mut offered = String::new();
    key(&mut app, vault, KeyCode::Char('a'));
    offered.push_str(&form_text(&app).unwrap_or_default());
    key(&mut app, vault, KeyCode::Esc);
    let people = app.contacts.rows.len();
    for _ in 0..people {
        key(&mut app, vault, KeyCode::Char('t'));
        offered.push(' ');
        offered.push_str(&form_text(&app).unwrap_or_default());
        key(&mut app, vault, KeyCode::Esc);
        key(&mut app, vault, KeyCode::Char('j'));
    }
    (files, offered)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_word_typed_in_a_form_is_saved_or_offered_back(
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let vault = ties::demo::write_demo(dir.path(), Clock::fixed(NOW).today()).unwrap();
        let mut app = start(&vault);
        let mut n = 0;
        let mut typed: Vec<String> = Vec::new();
        // Typed since the open form's draft was last written.
        let mut unsaved: Vec<String> = Vec::new();
        let mut excused: HashSet<String> = HashSet::new();
        for s in steps {
            match s {
                Step::Word => {
                    if form_text(&app).is_none() {
                        continue;
                    }
                    n += 1;
                    let w = format!("w{n}x");
                    for c in w.chars().chain([' ']) {
                        key(&mut app, &vault, KeyCode::Char(c));
                    }
                    typed.push(w.clone());
                    unsaved.push(w);
                }
                Step::Key(code) => {
                    let open = form_text(&app).is_some();
                    key(&mut app, &vault, code);
                    // Esc keeps the text as a draft; Enter saves it (the
                    // draft goes first). A refused Enter writes nothing:
                    // the next tick does.
                    let closed = open && form_text(&app).is_none();
                    if closed && matches!(code, KeyCode::Enter | KeyCode::Esc) {
                        unsaved.clear();
                    }
                }
                Step::Tick => {
                    let fx = app.on_msg(Msg::Tick);
                    settle(&mut app, &vault, fx);
                    unsaved.clear();
                }
                Step::Kill => {
                    excused.extend(unsaved.drain(..));
                    app = start(&vault);
                }
                Step::Quit => {
                    if app.popup.is_some() {
                        // q types into a form: Ctrl-C quits from anywhere.
                        let fx = app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
                        settle(&mut app, &vault, fx);
                    } else {
                        key(&mut app, &vault, KeyCode::Char('q'));
                    }
                    prop_assert!(app.quit);
                    unsaved.clear();
                    app = start(&vault);
                }
            }
        }
        // The day ends with a quit (Ctrl-C, from anywhere).
        let fx = app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        settle(&mut app, &vault, fx);
        drop(app);
        let (files, offered) = findable(&vault);
        for w in typed.iter().filter(|w| !excused.contains(*w)) {
            let in_file = files.contains(w.as_str());
            let back = offered.contains(w.as_str());
            prop_assert!(in_file || back, "`{}` is lost (typed {:?})", w, typed);
            prop_assert!(!(in_file && back), "`{}` is saved and offered again", w);
            prop_assert_eq!(
                files.matches(w.as_str()).count() + offered.matches(w.as_str()).count(),
                1,
                "`{}` is in more than one place", w
            );
        }
    }
}
