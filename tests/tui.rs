//! The TUI without a terminal: the state machine driven by keys and
//! messages (effects performed on a real vault in a temporary folder), and
//! the screen drawn on ratatui's TestBackend, snapshotted with insta.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ties::clock::Clock;
use ties::store::Vault;
use ties::tui::app::{Effect, Msg, Pane, Popup};
use ties::tui::keymap::Keymap;
use ties::tui::perform::settle;
use ties::tui::theme::Theme;
use ties::tui::ui::View;
use ties::tui::{App, Init};

const NOW: &str = "2026-11-23T09:00:00-05:00";

struct H {
    _dir: tempfile::TempDir,
    vault: Vault,
    app: App,
    /// Effects only the runtime can perform (Edit, Quit), as returned.
    left: Vec<Effect>,
}

fn clock() -> Clock {
    Clock::fixed(NOW)
}

fn app(size: (u16, u16), keymap: Keymap) -> App {
    App::new(Init {
        clock: clock(),
        vault_label: "~/demo".into(),
        keymap,
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        autocommit: true,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size,
    })
}

impl H {
    fn demo(w: u16, h: u16) -> H {
        let dir = tempfile::tempdir().unwrap();
        let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
        H::on(dir, vault, app((w, h), Keymap::default()))
    }

    fn on(dir: tempfile::TempDir, vault: Vault, mut app: App) -> H {
        let left = settle(&mut app, &vault, vec![Effect::Reload]);
        buffer_of(&app, app.size.0, app.size.1);
        H {
            _dir: dir,
            vault,
            app,
            left,
        }
    }

    /// Performs the effects, then draws, as the runtime does between
    /// events (the panes record their scroll limits as they draw).
    fn run(&mut self, fx: Vec<Effect>) {
        let left = settle(&mut self.app, &self.vault, fx);
        self.left.extend(left);
        let (w, h) = self.app.size;
        buffer_of(&self.app, w, h);
    }

    fn key(&mut self, code: KeyCode) -> &mut H {
        self.key_mod(code, KeyModifiers::NONE)
    }

    fn ctrl(&mut self, c: char) -> &mut H {
        self.key_mod(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut H {
        let fx = self.app.on_key(KeyEvent::new(code, mods));
        self.run(fx);
        self
    }

    fn chars(&mut self, s: &str) -> &mut H {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn msg(&mut self, m: Msg) -> &mut H {
        let fx = self.app.on_msg(m);
        self.run(fx);
        self
    }

    fn selected(&self) -> String {
        self.app.selected_slug().unwrap_or_default().to_string()
    }

    fn file(&self, slug: &str) -> String {
        std::fs::read_to_string(self.vault.file_of(slug)).unwrap()
    }

    fn capture(&self) -> Option<&ties::tui::popup::Capture> {
        match &self.app.popup {
            Some(Popup::Capture(c)) => Some(c),
            _ => None,
        }
    }

    /// Selects someone through the filter, as a user would.
    fn pick(&mut self, who: &str) -> &mut H {
        self.key(KeyCode::Char('/')).chars(who).key(KeyCode::Enter)
    }

    fn screen(&mut self, w: u16, h: u16) -> String {
        self.app.resize(w, h);
        screen_of(&self.app, w, h)
    }
}

/// The screen as drawn without colour (NO_COLOR).
fn buffer_of(app: &App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| {
        f.render_widget(
            View {
                app,
                theme: Theme { color: false },
            },
            f.area(),
        )
    })
    .unwrap();
    t.backend().buffer().clone()
}

fn screen_of(app: &App, w: u16, h: u16) -> String {
    let buf = &buffer_of(app, w, h);
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ----- behaviour -----

#[test]
fn loads_every_person_and_selects_the_first_by_name() {
    let h = H::demo(120, 40);
    assert_eq!(h.app.index.people.len(), 12);
    assert_eq!(h.app.contacts.rows.len(), 12);
    assert_eq!(h.selected(), "dana-kowalski");
    let d = h.app.current_detail().expect("the first person is loaded");
    assert_eq!(d.person.name, "Dana Kowalski");
    assert!(h.app.loading.is_none());
}

#[test]
fn filter_folds_accents_ranks_best_first_and_esc_clears() {
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('/')).chars("zoe");
    assert!(h.app.people.filtering);
    assert_eq!(h.selected(), "zoe-lefevre");
    assert_eq!(h.app.current_detail().unwrap().person.name, "Zoë Lefèvre");
    // Org and tags match too: "brigid" finds the two people at St. Brigid's.
    h.key(KeyCode::Esc).key(KeyCode::Char('/')).chars("brigid");
    let slugs: Vec<&str> = h
        .app
        .contacts
        .rows
        .iter()
        .map(|r| h.app.index.people[r.at as usize].slug.as_str())
        .collect();
    assert_eq!(slugs, ["marcus-okafor", "priya-raman"]);
    // A query that matches no one, then Backspace widens again.
    h.chars("zzz");
    assert!(h.app.contacts.rows.is_empty());
    h.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace);
    assert_eq!(h.app.contacts.rows.len(), 2);
    h.key(KeyCode::Down);
    assert_eq!(h.selected(), "priya-raman");
    h.key(KeyCode::Esc);
    assert!(!h.app.people.filtering);
    assert!(h.app.people.filter.is_empty());
    assert_eq!(h.app.contacts.rows.len(), 12);
    assert_eq!(
        h.selected(),
        "priya-raman",
        "clearing the filter keeps the person"
    );
}

#[test]
fn moving_the_selection_loads_that_person() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('j'));
    assert_eq!(h.selected(), "greg-halvorsen");
    assert_eq!(h.app.current_detail().unwrap().slug, "greg-halvorsen");
    h.key(KeyCode::Char('G'));
    assert_eq!(h.selected(), "zoe-lefevre");
    h.key(KeyCode::Char('j'));
    assert_eq!(h.selected(), "zoe-lefevre", "stops at the end");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.selected(), "dana-kowalski");
    h.key(KeyCode::PageDown);
    assert!(h.app.selected > 5, "a page is most of the list");
    h.key(KeyCode::Up);
    h.key(KeyCode::PageUp);
    assert_eq!(h.app.selected, 0);
}

#[test]
fn tab_and_enter_move_focus_and_scroll_the_focused_pane() {
    let mut h = H::demo(80, 24);
    h.pick("priya");
    assert_eq!(h.app.focus, Pane::Prep);
    h.key(KeyCode::Char('j')).key(KeyCode::Char('j'));
    assert_eq!(h.app.prep.scroll.top(), 2, "j scrolls the prep sheet");
    assert_eq!(
        h.selected(),
        "priya-raman",
        "and does not move the selection"
    );
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Pane::Timeline);
    assert_eq!(h.app.tab, Pane::Timeline);
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app.history.cursor(), 1, "j chooses the next entry");
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Pane::Contacts);
    h.key_mod(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(h.app.focus, Pane::Timeline);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.focus, Pane::Contacts);
}

#[test]
fn timeline_is_newest_first_and_marks_private_entries() {
    let mut h = H::demo(120, 40);
    h.pick("priya");
    let t = h.app.timeline();
    assert!(
        t.windows(2)
            .all(|w| w[0].at.date(&clock()) >= w[1].at.date(&clock()))
    );
    let private = t.iter().position(|e| e.private).expect("a private entry");
    h.app.history.scroll.set(private);
    let screen = h.screen(200, 50);
    assert!(screen.contains("[private]"), "{screen}");
    // An ask a later talk covered says so; it is not shown as open.
    assert!(
        screen.contains("✓ asked since: How was Chennai?"),
        "{screen}"
    );
    assert!(
        !screen.contains("? ask next time: How was Chennai?"),
        "{screen}"
    );
    // At 80 and 120 columns too, the mark is never what gets cut.
    for (w, ht) in [(80, 24), (120, 40)] {
        h.key(KeyCode::Tab);
        while h.app.focus != Pane::Timeline {
            h.key(KeyCode::Tab);
        }
        h.app.history.choose(private);
        let screen = h.screen(w, ht);
        assert!(screen.contains("2026 [private]"), "{screen}");
        h.key(KeyCode::Esc);
    }
    // The newest entry's asks are open.
    h.app.history.reset();
    let screen = h.screen(200, 50);
    assert!(
        screen.contains("? ask next time: How was Kabir's party?"),
        "{screen}"
    );
}

// ----- one entry or todo edited or deleted in place, people archived -----

#[test]
fn e_on_the_timeline_edits_the_chosen_entry_in_place_and_u_restores_the_bytes() {
    let mut h = H::demo(80, 24);
    h.pick("priya");
    let before = h.file("priya-raman");
    // E away from the timeline moves there first: an entry is chosen on purpose.
    h.key(KeyCode::Char('E'));
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.focus, Pane::Timeline);
    assert!(
        status(&h).contains("Choose the entry with j/k"),
        "{}",
        status(&h)
    );
    h.key(KeyCode::Char('j'));
    let old = h.app.timeline()[1].text.clone();
    assert!(!old.contains('\n') && before.contains(&old), "{old}");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("entry 2 of"),
        "the chosen entry is named: {screen}"
    );
    h.key(KeyCode::Char('E'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Entry of Priya Raman"), "{screen}");
    assert!(screen.contains("Ctrl-S save"), "{screen}");
    snap("entry_edit", &mut h, 80, 24);
    assert!(popup_text(&screen).contains(&old[..30]), "{screen}");
    h.chars(" Confirmed.").ctrl('s');
    assert!(h.app.popup.is_none(), "closed once saved");
    let after = h.file("priya-raman");
    assert_eq!(
        after,
        before.replacen(&old, &format!("{old} Confirmed."), 1),
        "only that text changed"
    );
    assert!(
        status(&h).starts_with("Saved the entry of Priya Raman"),
        "{}",
        status(&h)
    );
    assert_eq!(h.app.history.cursor(), 1, "the timeline keeps its place");
    assert_eq!(h.app.timeline()[1].text, format!("{old} Confirmed."));
    h.key(KeyCode::Char('u')).key(KeyCode::Enter);
    assert_eq!(h.file("priya-raman"), before, "the exact previous bytes");
}

#[test]
fn the_entry_editor_changes_via_time_and_private_and_keeps_a_failed_save_open() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Tab);
    let shown = h.app.timeline()[0].clone();
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.popup, Some(Popup::Entry(_))),
        "Enter on the timeline edits too"
    );
    // When: a time that is not one keeps the editor open with the reason.
    h.key_mod(KeyCode::BackTab, KeyModifiers::SHIFT)
        .key_mod(KeyCode::BackTab, KeyModifiers::SHIFT)
        .ctrl('u');
    h.ctrl('a').ctrl('k').chars("someday").ctrl('s');
    let screen = h.screen(120, 40);
    assert!(screen.contains("When: `someday` is not a time"), "{screen}");
    assert!(matches!(h.app.popup, Some(Popup::Entry(_))));
    h.ctrl('a').ctrl('k').chars("2026-11-20");
    h.key(KeyCode::Tab).ctrl('a').ctrl('k').chars("meal");
    // Tab past the note and the asks to "private", Space switches it.
    h.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Char(' '));
    assert!(h.screen(120, 40).contains("[x] private") != shown.private);
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "{:?}", status(&h));
    let p = h.vault.read("priya-raman").unwrap().person;
    let e = p.log.iter().find(|e| e.pos == shown.pos).unwrap();
    assert_eq!((e.via.as_str(), e.private), ("meal", !shown.private));
    assert_eq!(e.at.to_string(), "2026-11-20");
    assert_eq!(e.text, shown.text);
}

#[test]
fn d_deletes_the_chosen_entry_after_naming_it_and_never_a_moved_one() {
    let mut h = H::demo(80, 24);
    h.pick("priya").key(KeyCode::Tab);
    let before = h.file("priya-raman");
    let count = h.app.timeline().len();
    let newest = h.app.timeline()[0].clone();
    h.key(KeyCode::Char('D'));
    let screen = h.screen(80, 24);
    let first = ties::store::entries::first_words(&newest.text, 50);
    assert!(
        popup_text(&screen).contains(&format!(
            "\"{}\"?",
            first.split_whitespace().collect::<Vec<_>>().join(" ")
        )),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.file("priya-raman"), before, "Esc leaves the file");
    // Asked, then the file changes under it (a sync): nothing is deleted.
    h.key(KeyCode::Char('D'));
    let moved = before.replacen(
        "[[log]]",
        "[[log]]\nat = 2026-11-22\nvia = \"call\"\ntext = \"From the laptop\"\n\n[[log]]",
        1,
    );
    std::fs::write(h.vault.file_of("priya-raman"), &moved).unwrap();
    h.key(KeyCode::Char('y'));
    assert_eq!(h.file("priya-raman"), moved);
    assert!(status(&h).contains("changed"), "{}", status(&h));
    std::fs::write(h.vault.file_of("priya-raman"), &before).unwrap();
    h.msg(Msg::FilesChanged);
    h.key(KeyCode::Char('D')).key(KeyCode::Char('y'));
    let after = h.file("priya-raman");
    assert!(!after.contains(&newest.text), "{after}");
    assert_eq!(h.app.timeline().len(), count - 1);
    assert!(
        status(&h).contains("Deleted the entry of Priya Raman"),
        "{}",
        status(&h)
    );
    h.key(KeyCode::Char('u')).key(KeyCode::Enter);
    assert_eq!(h.file("priya-raman"), before);
}

#[test]
fn t_lists_every_todo_to_reopen_edit_or_delete() {
    let mut h = H::demo(80, 24);
    h.pick("priya");
    let before = h.file("priya-raman");
    h.key(KeyCode::Char('T'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Todos of Priya Raman"), "{screen}");
    assert!(
        screen.contains("✓ [1] Mar 1 · Intro Priya"),
        "the done one, marked: {screen}"
    );
    assert!(screen.contains("e edit · D delete"), "{screen}");
    snap("todos_all", &mut h, 80, 24);
    // Enter on a done todo asks before reopening it.
    h.key(KeyCode::Enter);
    let flat = popup_text(&h.screen(80, 24));
    assert!(
        flat.contains("Reopen: Intro Priya to @keiko-tanaka re: the pharmacy cabinet feed?"),
        "{flat}"
    );
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.file("priya-raman"),
        before.replacen("\ndone = true\n", "\n", 1)
    );
    assert!(
        status(&h).starts_with("Open again: Intro Priya"),
        "{}",
        status(&h)
    );
    // e: the todo's own form, filled in; only the text changes.
    h.key(KeyCode::Char('T'))
        .key(KeyCode::Char('j'))
        .key(KeyCode::Char('e'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Todo 2 of Priya Raman"), "{screen}");
    let due = h.vault.read("priya-raman").unwrap().person.todos[1].due;
    assert!(screen.contains(&due.unwrap().to_string()), "{screen}");
    let reopened = h.file("priya-raman");
    h.chars(" (v2)").key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", status(&h));
    assert_eq!(
        h.file("priya-raman"),
        reopened.replacen("for the board\"", "for the board (v2)\"", 1)
    );
    // D asks, naming it, then deletes it.
    h.key(KeyCode::Char('T'))
        .key(KeyCode::Char('G'))
        .key(KeyCode::Char('j'))
        .key(KeyCode::Char('j'));
    h.key(KeyCode::Char('D'));
    let flat = popup_text(&h.screen(80, 24));
    assert!(
        flat.contains(
            "Delete the todo \"Book dinner with Priya and Arjun when back from the holidays\"?"
        ),
        "{flat}"
    );
    h.key(KeyCode::Enter);
    let p = h.vault.read("priya-raman").unwrap().person;
    assert_eq!(p.todos.len(), 2);
    assert!(!h.file("priya-raman").contains("Book dinner"));
    for _ in 0..3 {
        h.key(KeyCode::Char('u')).key(KeyCode::Enter);
    }
    assert_eq!(
        h.file("priya-raman"),
        before,
        "three undos, the exact bytes"
    );
}

#[test]
fn a_archives_the_selected_person_and_v_shows_the_archived_to_bring_back() {
    let mut h = H::demo(80, 24);
    assert_eq!(h.selected(), "dana-kowalski");
    let before = h.file("dana-kowalski");
    let people = h.app.contacts.rows.len();
    h.key(KeyCode::Char('A'));
    let flat = popup_text(&h.screen(80, 24));
    assert!(flat.contains("Archive Dana Kowalski?"), "{flat}");
    h.key(KeyCode::Char('y'));
    assert_eq!(h.file("dana-kowalski"), ties_archived(&before));
    assert_eq!(h.app.contacts.rows.len(), people - 1, "out of the list");
    assert_ne!(h.selected(), "dana-kowalski");
    assert_eq!(h.selected(), "greg-halvorsen", "the next one is selected");
    let screen = h.screen(80, 24);
    assert!(!screen.lines().any(|l| l.starts_with("┃Dana")), "{screen}");
    assert!(
        status(&h).contains("Archived Dana Kowalski"),
        "{}",
        status(&h)
    );
    // The due list leaves her out too.
    assert!(h.app.due.iter().all(|i| i.slug != "dana-kowalski"));
    h.key(KeyCode::Char('V'));
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Archived 1"),
        "the view says what it is: {screen}"
    );
    assert_eq!(h.selected(), "dana-kowalski");
    snap("archived", &mut h, 80, 24);
    h.key(KeyCode::Char('A'));
    assert!(popup_text(&h.screen(80, 24)).contains("Bring Dana Kowalski back into the list?"));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.file("dana-kowalski"), before, "every byte back");
    assert!(h.app.contacts.rows.is_empty(), "no one is archived now");
    h.key(KeyCode::Esc);
    assert!(!h.app.people.archived_view, "Esc leaves the view");
    assert_eq!(h.app.contacts.rows.len(), people);
}

/// The file as `ties archive` writes it on the test's day: one line after
/// the last top-level key.
fn ties_archived(text: &str) -> String {
    let end = text.find("\n\n[").map(|i| i + 1).unwrap_or(text.len());
    format!("{}archived = 2026-11-23\n{}", &text[..end], &text[end..])
}

#[test]
fn capture_saves_through_the_store_and_shows_on_the_timeline_at_once() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Char('c'));
    let c = h.capture().expect("the capture popup is open");
    assert_eq!(c.slug, "priya-raman");
    assert_eq!(c.via(), "call", "call by default");
    h.chars("Budget approved for Q1.");
    h.key(KeyCode::Enter)
        .chars("She wants the ROI deck by Friday.");
    h.key(KeyCode::Tab).chars("How did the board take it?");
    h.ctrl('t');
    assert_eq!(h.capture().unwrap().via(), "meeting");
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "the popup closes once saved");
    let file = h.file("priya-raman");
    assert!(
        file.contains("Budget approved for Q1.\nShe wants the ROI deck by Friday."),
        "{file}"
    );
    assert!(file.contains("via = \"meeting\""), "{file}");
    assert!(file.contains("How did the board take it?"), "{file}");
    let newest = h.app.timeline()[0];
    assert!(newest.text.starts_with("Budget approved"), "{newest:?}");
    let (status, error) = h.app.status.message.clone().unwrap();
    assert!(!error);
    assert!(
        status.contains("Logged meeting with Priya Raman"),
        "{status}"
    );
    assert!(!ties::tui::draft::path(&h.vault, "priya-raman").exists());
    // The person is now the most recent contact in the index as well.
    assert_eq!(
        h.app
            .index
            .get("priya-raman")
            .unwrap()
            .last_contact
            .as_ref()
            .unwrap()
            .0
            .date(&clock()),
        clock().today()
    );
}

#[test]
fn empty_note_is_not_saved_and_esc_on_typed_text_asks_first() {
    let mut h = H::demo(120, 40);
    let before = h.file("dana-kowalski");
    h.key(KeyCode::Char('c')).ctrl('s');
    assert!(
        h.capture().unwrap().error.is_some(),
        "an empty note is refused"
    );
    h.chars("Half a thought");
    h.key(KeyCode::Esc);
    assert!(h.capture().unwrap().confirm_discard);
    h.key(KeyCode::Esc);
    let c = h.capture().expect("still open");
    assert!(!c.confirm_discard);
    assert_eq!(ties::tui::field::text_of(&c.note), "Half a thought");
    h.key(KeyCode::Esc).ctrl('d');
    assert!(h.app.popup.is_none());
    assert_eq!(h.file("dana-kowalski"), before, "nothing written");
    // An untouched popup closes at once.
    h.key(KeyCode::Char('c')).key(KeyCode::Esc);
    assert!(h.app.popup.is_none());
}

#[test]
fn a_note_being_typed_is_kept_as_a_draft_and_offered_back() {
    let mut h = H::demo(120, 40);
    h.pick("zoe")
        .key(KeyCode::Char('c'))
        .chars("Zoë said the pilot");
    h.ctrl('t');
    h.msg(Msg::Tick);
    let path = ties::tui::draft::path(&h.vault, "zoe-lefevre");
    let draft = ties::tui::draft::load(&h.vault, "zoe-lefevre").expect("draft written on tick");
    assert_eq!(draft.text, "Zoë said the pilot");
    assert_eq!(draft.via, "meeting");
    // Quitting with the note open writes it too (and says where it went).
    h.chars(" slipped");
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(fx.is_empty(), "q is text inside the note, not quit");
    let fx = h.app.update(ties::tui::action::Action::Quit);
    assert!(matches!(fx.last(), Some(Effect::Quit)));
    h.run(fx);
    assert!(h.app.farewell().unwrap().contains("Zoë Lefèvre"));
    assert!(path.exists());

    // A new session: c on the same person brings the note back.
    let mut h2 = H::on(
        tempfile::tempdir().unwrap(),
        h.vault.clone(),
        app((120, 40), Keymap::default()),
    );
    h2.pick("zoe").key(KeyCode::Char('c'));
    let c = h2.capture().unwrap();
    assert_eq!(
        ties::tui::field::text_of(&c.note),
        "Zoë said the pilot slippedq"
    );
    assert_eq!(c.via(), "meeting");
    assert!(
        h2.app
            .status
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("is back")
    );
    h2.ctrl('s');
    assert!(
        h2.file("zoe-lefevre")
            .contains("Zoë said the pilot slippedq")
    );
    assert!(!path.exists(), "the draft goes once the note is saved");
}

#[test]
fn a_failed_save_keeps_the_popup_and_the_draft() {
    let mut h = H::demo(120, 40);
    h.pick("tom")
        .key(KeyCode::Char('c'))
        .chars("Renewal looks likely");
    // Someone breaks the file meanwhile: ties will not write to it.
    let broken = "name = \"Tom Brennan\"\n[[log]\n";
    std::fs::write(h.vault.file_of("tom-brennan"), broken).unwrap();
    h.ctrl('s');
    let c = h.capture().expect("the popup stays open");
    assert!(
        c.error.as_ref().unwrap().contains("kept as a draft"),
        "{:?}",
        c.error
    );
    assert!(!c.saving);
    assert_eq!(
        h.file("tom-brennan"),
        broken,
        "the broken file is not touched"
    );
    let d = ties::tui::draft::load(&h.vault, "tom-brennan").unwrap();
    assert_eq!(d.text, "Renewal looks likely");
    assert!(
        h.app.status.message.as_ref().unwrap().1,
        "an error in the status line"
    );
}

#[test]
fn external_changes_are_picked_up_and_the_selection_stays() {
    let mut h = H::demo(120, 40);
    h.pick("priya");
    h.key(KeyCode::Esc);
    // Another program adds a person who sorts first, and edits Priya's org.
    std::fs::write(h.vault.file_of("aaron-abel"), "name = \"Aaron Abel\"\n").unwrap();
    let text = h.file("priya-raman").replace(
        "org = \"St. Brigid's University Hospital\"",
        "org = \"Brigid Health\"",
    );
    std::fs::write(h.vault.file_of("priya-raman"), text).unwrap();
    h.msg(Msg::FilesChanged);
    assert_eq!(h.app.index.people.len(), 13);
    assert_eq!(
        h.selected(),
        "priya-raman",
        "the selection stays on the person"
    );
    assert_eq!(
        h.app.current_detail().unwrap().person.org.as_deref(),
        Some("Brigid Health")
    );
    // A file that stops parsing shows in the status line and the list.
    std::fs::write(h.vault.file_of("aaron-abel"), "name = [\n").unwrap();
    h.msg(Msg::FilesChanged);
    assert_eq!(h.app.index.problems.len(), 1);
    assert!(h.screen(120, 40).contains("! 1 unreadable (press !)"));
    h.key(KeyCode::Char('!'));
    assert!(matches!(h.app.popup, Some(Popup::Problems(_))));
    h.key(KeyCode::Char('e'));
    assert_eq!(h.left.pop(), Some(Effect::Edit("aaron-abel".into())));
}

#[test]
fn discreet_mode_hides_private_entries_and_about() {
    let mut h = H::demo(120, 40);
    h.pick("priya");
    let all = h.app.timeline().len();
    h.key(KeyCode::Char('p'));
    assert!(h.app.discreet);
    let shown = h.app.timeline();
    assert!(shown.len() < all);
    assert!(shown.iter().all(|e| !e.private));
    let sheet = &h.app.current_detail().unwrap().sheet;
    assert!(sheet.about.is_empty());
    let screen = h.screen(120, 40);
    assert!(screen.contains("DISCREET"), "{screen}");
    assert!(!screen.contains("kidney"), "{screen}");
    assert!(!screen.contains("cardiologist"), "{screen}");
    h.key(KeyCode::Char('p'));
    assert!(h.screen(200, 50).contains("cardiologist"));
    // The config can start in discreet mode.
    let mut a = app((120, 40), Keymap::default());
    a.discreet = true;
    let h2 = H::on(tempfile::tempdir().unwrap(), h.vault.clone(), a);
    assert!(h2.app.current_detail().unwrap().sheet.about.is_empty());
}

#[test]
fn add_a_person_then_a_todo() {
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('a')).key(KeyCode::Enter);
    match &h.app.popup {
        Some(Popup::Form(f)) => assert!(f.error.is_some(), "a name is required"),
        _ => panic!("the form stays open"),
    }
    h.chars("Ana Lima")
        .key(KeyCode::Tab)
        .chars("Example Corp")
        .key(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    assert_eq!(h.selected(), "ana-lima", "the new person is selected");
    assert!(h.file("ana-lima").contains("org = \"Example Corp\""));
    h.key(KeyCode::Char('t')).chars("Send the report");
    h.key(KeyCode::Tab).chars("someday").key(KeyCode::Enter);
    assert!(
        matches!(h.app.popup, Some(Popup::Form(_))),
        "a bad date is refused"
    );
    for _ in 0..7 {
        h.key(KeyCode::Backspace);
    }
    h.chars("+3d").key(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    let file = h.file("ana-lima");
    assert!(file.contains("Send the report"), "{file}");
    assert!(file.contains("2026-11-26"), "{file}");
    let sheet = &h.app.current_detail().unwrap().sheet;
    assert_eq!(sheet.open_loops.len(), 1);
}

#[test]
fn sort_cycles_name_last_contact_most_overdue() {
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('o'));
    let first = |h: &H| {
        h.app.index.people[h.app.contacts.rows[0].at as usize]
            .slug
            .clone()
    };
    let last_of = |h: &H, slug: &str| {
        h.app
            .index
            .get(slug)
            .unwrap()
            .last_contact
            .as_ref()
            .map(|l| l.0.date(&clock()))
    };
    let newest = h
        .app
        .index
        .people
        .iter()
        .filter_map(|s| s.last_contact.as_ref().map(|l| l.0.date(&clock())))
        .max();
    assert_eq!(last_of(&h, &first(&h)), newest);
    h.key(KeyCode::Char('o'));
    let f = &h.app.contacts.facts;
    let top = h.app.contacts.rows[0].at as usize;
    assert!(f.iter().all(|x| x.overdue <= f[top].overdue));
    assert!(f[top].overdue > 0, "someone in the demo is overdue");
    h.key(KeyCode::Char('o'));
    assert_eq!(first(&h), "dana-kowalski");
}

#[test]
fn keys_follow_the_config() {
    let (km, _) = Keymap::with_overrides(&[("capture".into(), vec!["n".into()])]);
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
    let mut h = H::on(dir, vault, app((120, 40), km));
    h.key(KeyCode::Char('c'));
    assert!(h.app.popup.is_none());
    h.key(KeyCode::Char('n'));
    assert!(h.capture().is_some());
    h.key(KeyCode::Esc).key(KeyCode::Char('?'));
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("n                 capture a note"),
        "{screen}"
    );
}

#[test]
fn edit_that_does_not_parse_offers_edit_again_or_restore() {
    let mut h = H::demo(120, 40);
    h.pick("nadia").key(KeyCode::Char('e'));
    assert_eq!(h.left.pop(), Some(Effect::Edit("nadia-haddad".into())));
    // What the runtime does around the editor: a copy, edited badly.
    let before = h.file("nadia-haddad");
    let mut session = ties::store::edit::EditSession::begin(&h.vault, "nadia-haddad").unwrap();
    std::fs::write(&session.copy, "name = \"Nadia\n").unwrap();
    let outcome = session.finish(&h.vault);
    h.msg(Msg::Edited {
        slug: "nadia-haddad".into(),
        result: outcome.map_err(|e| e.to_string()),
    });
    assert!(matches!(h.app.popup, Some(Popup::EditFailed(_))));
    let screen = h.screen(80, 24);
    assert!(screen.contains("edit again"), "{screen}");
    h.key(KeyCode::Char('e'));
    assert_eq!(h.left.pop(), Some(Effect::Edit("nadia-haddad".into())));
    // Second try still bad: restore drops the copy, the file is unchanged.
    h.msg(Msg::Edited {
        slug: "nadia-haddad".into(),
        result: session.finish(&h.vault).map_err(|e| e.to_string()),
    });
    // The runtime's edit ends (and lets go of its copy) before the answer.
    let copy = session.copy.clone();
    drop(session);
    h.key(KeyCode::Char('r'));
    assert!(h.app.popup.is_none());
    assert!(!copy.exists());
    assert_eq!(h.file("nadia-haddad"), before);
}

#[test]
fn draws_at_every_small_size_without_panicking() {
    let mut h = H::demo(120, 40);
    h.pick("priya");
    for popup in 0..3 {
        match popup {
            1 => {
                h.key(KeyCode::Char('c')).chars("a note");
            }
            2 => {
                h.key(KeyCode::Esc).ctrl('d').key(KeyCode::Char('?'));
            }
            _ => {}
        }
        for w in 1..=90 {
            for ht in [1, 2, 3, 5, 6, 7, 10, 24] {
                h.screen(w, ht);
            }
        }
        for ht in 1..=40 {
            h.screen(61, ht);
            h.screen(121, ht);
        }
    }
}

#[test]
fn selection_is_visible_without_colour() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('j'));
    let buf = buffer_of(&h.app, 80, 24);
    // Row 3 is the second person (border, filter line, first person).
    let cell = &buf[(3, 3)];
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "{cell:?}"
    );
    assert_eq!(
        cell.fg,
        ratatui::style::Color::Reset,
        "no colour under NO_COLOR"
    );
    // Overdue is marked by a character, not colour alone.
    let screen = h.screen(80, 24);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Greg Halvorsen") && l.contains('!'))
    );
}

// ----- snapshots -----

fn snap(name: &str, h: &mut H, w: u16, ht: u16) {
    let screen = h.screen(w, ht);
    insta::assert_snapshot!(format!("{name}_{w}x{ht}"), screen);
}

#[test]
fn snapshot_main_screen() {
    let mut h = H::demo(80, 24);
    // Priya, the ninth by name.
    for _ in 0..8 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.selected(), "priya-raman");
    for (w, ht) in [(80, 24), (120, 40), (200, 50)] {
        snap("main", &mut h, w, ht);
    }
}

#[test]
fn snapshot_filter() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('/')).chars("zoe");
    snap("filter", &mut h, 80, 24);
    h.key(KeyCode::Esc).key(KeyCode::Char('/')).chars("health");
    snap("filter_org", &mut h, 120, 40);
}

#[test]
fn snapshot_prep_and_timeline_tabs() {
    let mut h = H::demo(80, 24);
    h.pick("priya");
    snap("prep", &mut h, 80, 24);
    h.key(KeyCode::Tab);
    snap("timeline", &mut h, 80, 24);
    snap("timeline", &mut h, 120, 40);
    // Narrower than 60: one pane at a time.
    snap("timeline", &mut h, 50, 20);
}

#[test]
fn snapshot_help() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('?'));
    snap("help", &mut h, 80, 24);
    snap("help", &mut h, 120, 40);
    snap("help", &mut h, 200, 50);
}

#[test]
fn snapshot_capture() {
    let mut h = H::demo(80, 24);
    h.pick("priya").key(KeyCode::Char('c'));
    h.chars("Budget approved for Q1. She wants the ROI deck by Friday, and asked about Kabir's train museum trip.");
    h.key(KeyCode::Tab).chars("How did the board take it?");
    for (w, ht) in [(80, 24), (120, 40), (200, 50)] {
        snap("capture", &mut h, w, ht);
    }
    h.key(KeyCode::Esc);
    snap("capture_discard", &mut h, 80, 24);
}

#[test]
fn snapshot_discreet() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Char('p'));
    snap("discreet", &mut h, 120, 40);
    snap("discreet", &mut h, 80, 24);
}

#[test]
fn snapshot_problems() {
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
    std::fs::write(
        vault.file_of("broken"),
        "name = \"Broken\"\n[[log]\nat = 1\n",
    )
    .unwrap();
    std::fs::write(
        vault.file_of("merged"),
        "name = \"Merged\"\n<<<<<<< HEAD\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> other\n",
    )
    .unwrap();
    let mut h = H::on(dir, vault, app((120, 40), Keymap::default()));
    snap("problems_status", &mut h, 80, 24);
    h.key(KeyCode::Char('!'));
    snap("problems", &mut h, 120, 40);
    snap("problems", &mut h, 80, 24);
    // The whole reason, with what to do, even at 80 columns.
    assert!(h.screen(80, 24).contains("file to keep one)"));
}

#[test]
fn snapshot_forms() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('a')).chars("Ana Lima");
    snap("add_person", &mut h, 80, 24);
    h.key(KeyCode::Esc)
        .pick("priya")
        .key(KeyCode::Char('t'))
        .chars("Send the ROI deck");
    snap("todo", &mut h, 80, 24);
}

#[test]
fn notes_are_stamped_with_the_time_they_are_saved_and_days_move_on() {
    let mut h = H::demo(120, 40);
    let days = |h: &H| {
        let at = h.app.contacts.rows[h.app.selected].at as usize;
        h.app.contacts.facts[at].overdue
    };
    h.pick("priya").key(KeyCode::Esc).key(KeyCode::Esc);
    let before = days(&h);
    assert!(before > i64::MIN, "Priya has a cadence");
    // Two days later, with ties still open.
    h.app.set_clock(Clock::fixed("2026-11-25T16:45:00-05:00"));
    assert_eq!(days(&h), before + 2);
    h.key(KeyCode::Char('c')).chars("Late call").ctrl('s');
    let file = h.file("priya-raman");
    assert!(file.contains("at = 2026-11-25T16:45:00-05:00"), "{file}");
}

#[test]
fn matched_letters_are_highlighted_in_the_name_or_else_the_org() {
    use ratatui::style::Modifier;
    let styled = |h: &mut H, w: u16, row: u16| -> Vec<(String, bool)> {
        h.app.resize(w, 50);
        let buf = buffer_of(&h.app, w, 50);
        (1..49)
            .map(|x| {
                let c = &buf[(x, row)];
                (
                    c.symbol().to_string(),
                    c.modifier.contains(Modifier::UNDERLINED),
                )
            })
            .collect()
    };
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('/')).chars("zoe");
    let marked: String = styled(&mut h, 80, 2)
        .into_iter()
        .filter(|c| c.1)
        .map(|c| c.0)
        .collect();
    assert_eq!(marked, "Zoë");
    // "atlan" is in no name, but in the org of two people.
    h.key(KeyCode::Esc).key(KeyCode::Char('/')).chars("atlan");
    // (Wide enough for the whole org to show.)
    let row: Vec<(String, bool)> = styled(&mut h, 200, 2);
    let text: String = row.iter().map(|c| c.0.as_str()).collect();
    let marked: String = row.into_iter().filter(|c| c.1).map(|c| c.0).collect();
    assert!(text.contains("Clínica"), "{text}");
    assert_eq!(marked, "Atlân", "{text}");
}

#[test]
fn the_prep_sheet_scrolls_to_its_last_line_at_80x24() {
    let mut h = H::demo(80, 24);
    h.pick("helen");
    h.key(KeyCode::Char('G'));
    let d = h.app.current_detail().unwrap();
    let width = ties::tui::layout::Panes::of(
        ratatui::layout::Rect::new(0, 0, 80, 24),
        h.app.focus,
        false,
        1,
    )
    .prep
    .width as usize;
    let rows = ties::tui::pane::prep::rows(&d.sheet, width);
    let last = rows
        .iter()
        .rev()
        .find(|r| !r.1.trim().is_empty())
        .unwrap()
        .1
        .clone();
    assert!(rows.len() > 22, "the sheet is longer than the pane");
    let screen = h.screen(80, 24);
    assert!(screen.contains(last.trim()), "{last:?} not on:\n{screen}");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app.prep.scroll.top(), 0);
}

#[test]
fn an_emptied_draft_is_not_deleted_and_esc_asks_first() {
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('c')).chars("Keep me");
    h.msg(Msg::Tick);
    h.key(KeyCode::Esc).ctrl('d');
    // Discarded on purpose: gone. Now a draft left by a quit.
    assert!(ties::tui::draft::load(&h.vault, "dana-kowalski").is_none());
    h.key(KeyCode::Char('c')).chars("Keep me");
    h.msg(Msg::Tick);
    let fx = h.app.update(ties::tui::action::Action::Quit);
    h.run(fx);
    let mut h2 = H::on(
        tempfile::tempdir().unwrap(),
        h.vault.clone(),
        app((120, 40), Keymap::default()),
    );
    h2.key(KeyCode::Char('c'));
    // Undo cannot take the restored text away, and emptying it by hand
    // does not delete the draft.
    h2.ctrl('u');
    assert_eq!(
        ties::tui::field::text_of(&h2.capture().unwrap().note),
        "Keep me"
    );
    for _ in 0..7 {
        h2.key(KeyCode::Backspace);
    }
    assert!(h2.capture().unwrap().is_empty());
    h2.msg(Msg::Tick);
    assert!(ties::tui::draft::load(&h2.vault, "dana-kowalski").is_some());
    h2.key(KeyCode::Esc);
    assert!(
        h2.capture().unwrap().confirm_discard,
        "a restored draft is not dropped silently"
    );
}

#[test]
fn a_draft_that_cannot_be_written_is_said_and_the_text_given_back_on_quit() {
    let mut h = H::demo(120, 40);
    std::fs::create_dir_all(h.vault.state_dir()).unwrap();
    // Where the drafts folder should be, a file: no draft can be written.
    std::fs::write(h.vault.state_dir().join("drafts"), "not a folder").unwrap();
    h.key(KeyCode::Char('c')).chars("Only copy of this");
    h.msg(Msg::Tick);
    let (status, error) = h.app.status.message.clone().unwrap();
    assert!(
        error && status.contains("Could not keep a draft"),
        "{status}"
    );
    let fx = h.app.update(ties::tui::action::Action::Quit);
    h.run(fx);
    let bye = h.app.farewell().unwrap();
    assert!(bye.contains("could not keep your note"), "{bye}");
    assert!(bye.contains("Only copy of this"), "{bye}");
}

#[test]
fn small_screens_keep_tab_on_the_visible_field() {
    let mut h = H::demo(80, 10);
    h.key(KeyCode::Char('c')).key(KeyCode::Tab).chars("typed");
    let c = h.capture().unwrap();
    assert_eq!(ties::tui::field::text_of(&c.note), "typed");
    assert!(c.ask.is_empty());
}

#[test]
fn an_edit_overtaken_by_a_clashing_change_on_disk_says_how_to_finish_it() {
    let mut h = H::demo(120, 40);
    h.msg(Msg::Edited {
        slug: "dana-kowalski".into(),
        result: Ok(ties::store::edit::Outcome::Conflicts(vec!["org".into()])),
    });
    assert!(matches!(h.app.popup, Some(Popup::EditClash(_))));
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("you both changed org") && screen.contains("finish the edit"),
        "{screen}"
    );
    h.key(KeyCode::Char('e'));
    assert!(h.app.popup.is_none());
    assert_eq!(h.left.pop(), Some(Effect::Edit("dana-kowalski".into())));
}

#[test]
fn help_scrolls_to_its_end_and_no_further_and_messages_fade() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('?')).key(KeyCode::Char('G'));
    let Some(Popup::Help(help)) = &h.app.popup else {
        panic!("help is open")
    };
    let scroll = help.scroll.top();
    assert!(scroll > 0);
    h.key(KeyCode::Char('j'));
    assert!(matches!(&h.app.popup, Some(Popup::Help(p)) if p.scroll.top() == scroll));
    assert!(h.screen(80, 24).contains("Keys can be changed"));
    h.key(KeyCode::Esc).key(KeyCode::Char('o'));
    assert!(h.app.status.message.is_some());
    h.app.set_clock(Clock::fixed("2026-11-23T09:00:11-05:00"));
    h.msg(Msg::Tick);
    assert!(
        h.app.status.message.is_none(),
        "information fades after 10 s"
    );
}

#[test]
fn d_switches_the_contacts_pane_to_who_is_due() {
    let mut h = H::demo(120, 40);
    let now = ties::due::due_now(&h.app.due);
    assert!(now > 0, "someone in the demo is overdue");
    assert!(h.screen(120, 40).contains(&format!("{now} due now (d)")));
    h.key(KeyCode::Char('d'));
    assert!(h.app.people.due_view);
    let first = &h.app.due[0];
    assert_eq!(first.group, ties::due::Group::Overdue);
    assert_eq!(h.selected(), first.slug, "the most urgent is selected");
    assert_eq!(h.app.current_detail().unwrap().slug, first.slug);
    let screen = h.screen(120, 40);
    assert!(screen.contains("Due "), "{screen}");
    assert!(screen.contains("late "), "{screen}");
    // The chosen reason whole under the list, even at 80 columns.
    let small = h.screen(80, 24);
    assert!(
        small.contains("a meeting with our VP Product about the PM track"),
        "{small}"
    );
    // Moving walks the reasons; Esc (or d) goes back to everyone.
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Esc);
    assert!(!h.app.people.due_view);
    assert_eq!(h.app.contacts.rows.len(), 12);
    h.key(KeyCode::Char('d'));
    // At 80 columns the reasons can be read: the list takes most of the width.
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Sam Whitaker todo was due 54 days ago"),
        "{screen}"
    );
    snap("due", &mut h, 80, 24);
    snap("due", &mut h, 120, 40);
}

#[test]
fn filtering_from_the_bottom_of_a_long_due_list_keeps_a_valid_selection() {
    // The due list has a row per thing due, so it can be longer than the
    // list of everyone: `/` from its last row must still select someone.
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('d')).key(KeyCode::Char('G'));
    let due_rows = h.app.contacts.rows.len();
    let last = h.selected();
    h.key(KeyCode::Char('/'));
    assert!(!h.app.people.due_view);
    assert!(
        due_rows > h.app.contacts.rows.len(),
        "the demo's due list is the longer one ({due_rows} rows)"
    );
    assert!(h.app.selected < h.app.contacts.rows.len());
    assert_eq!(h.selected(), last, "the same person stays selected");
    assert_eq!(h.app.current_detail().unwrap().slug, last);
}

#[test]
fn m_lists_todays_meetings_and_enter_shows_who_is_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
    let mut a = app((80, 24), Keymap::default());
    a.settings.calendars =
        vec![format!("{}/tests/fixtures/ics/work.ics", env!("CARGO_MANIFEST_DIR")).into()];
    let mut h = H::on(dir, vault, a);
    h.key(KeyCode::Char('m'));
    assert_eq!(h.app.agenda.len(), 2);
    assert!(matches!(h.app.popup, Some(Popup::Agenda(_))));
    snap("agenda", &mut h, 80, 24);
    h.key(KeyCode::Down).key(KeyCode::Enter);
    // The Lisbon sync: Inês (by "Duarte, Inês") and Priya (by name).
    let slugs: Vec<&str> = h
        .app
        .contacts
        .rows
        .iter()
        .map(|r| h.app.index.people[r.at as usize].slug.as_str())
        .collect();
    assert_eq!(slugs, ["ines-duarte", "priya-raman"]);
    assert_eq!(h.app.current_detail().unwrap().slug, "ines-duarte");
    assert!(h.screen(80, 24).contains("Lisbon translation sync"));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.contacts.rows.len(), 12);
    // Without calendars, m says how to add one.
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('m'));
    assert!(
        h.app
            .status
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("calendars")
    );
}

#[test]
fn a_file_changed_by_another_program_while_open_keeps_both_changes() {
    let mut h = H::demo(120, 40);
    h.pick("priya")
        .key(KeyCode::Char('c'))
        .chars("Saved from ties");
    // Meanwhile another program rewrites the file in place...
    let path = h.vault.file_of("priya-raman");
    let other = h.file("priya-raman")
        + "\n[[log]]\nat = 2026-11-22\nvia = \"email\"\ntext = \"Written elsewhere\"\n";
    std::fs::write(&path, &other).unwrap();
    h.ctrl('s');
    let text = h.file("priya-raman");
    assert!(
        text.contains("Written elsewhere") && text.contains("Saved from ties"),
        "{text}"
    );
    // ...and an editor replaces it by rename.
    h.key(KeyCode::Char('c')).chars("Second from ties");
    let tmp = h.vault.root().join("editor-swap.toml");
    std::fs::write(
        &tmp,
        h.file("priya-raman").replace(
            "role = \"CMIO\"",
            "role = \"Chief Medical Information Officer\"",
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    h.ctrl('s');
    let p = ties::store::parse::parse("priya-raman", h.file("priya-raman").as_bytes())
        .unwrap()
        .1;
    assert_eq!(p.role.as_deref(), Some("Chief Medical Information Officer"));
    for t in ["Written elsewhere", "Saved from ties", "Second from ties"] {
        assert!(p.log.iter().any(|e| e.text == t), "{t}");
    }
}

#[test]
fn control_and_bidi_characters_are_drawn_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::store::Vault::create(dir.path().join("v")).unwrap();
    let hostile = "name = \"Eve\\u001b[31mRED\\u001b[2J\\u202eevil\"\norg = \"Tab\\there\\rCR\"\n[[log]]\nat = 2026-11-20\nvia = \"call\\u001b]0;title\\u0007\"\ntext = \"bell\\u0007 and \\u2066isolate\\u2069\"\n";
    std::fs::write(vault.file_of("eve"), hostile).unwrap();
    let mut h = H::on(dir, vault, app((120, 40), Keymap::default()));
    assert_eq!(h.app.index.people.len(), 1);
    let buf = buffer_of(&h.app, 120, 40);
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "a harmful character reached the screen: {:?}",
            cell.symbol()
        );
    }
    let screen = h.screen(120, 40);
    assert!(screen.contains("Eve"), "{screen}");
    // Pasted text with escapes is kept in the note, but drawn harmless too.
    h.key(KeyCode::Char('c'));
    let _ = h.app.on_paste("pasted \u{1b}[2J text");
    let buf = buffer_of(&h.app, 120, 40);
    assert!(buf.content().iter().all(|c| !c.symbol().contains('\u{1b}')));
}

// ----- §0: the TUI never loses a word -----

#[test]
fn after_esc_in_a_capture_a_typed_word_is_not_an_answer_nor_a_command() {
    let mut h = H::demo(120, 40);
    let before = h.file("dana-kowalski");
    h.key(KeyCode::Char('c')).chars("Met at the fair ");
    h.msg(Msg::Tick);
    h.key(KeyCode::Esc);
    assert!(h.screen(120, 40).contains("Discard this note?"));
    // "yesterday" once deleted the note at `y` and ran "esterday" as keys
    // (e: edit the file, s: sync, t: a todo form...).
    h.chars("yesterday");
    let c = h.capture().expect("the note is still open");
    assert_eq!(
        ties::tui::field::text_of(&c.note),
        "Met at the fair yesterday",
        "the keys went back into the note"
    );
    assert!(h.left.is_empty(), "no command ran: {:?}", h.left);
    assert!(ties::tui::draft::load(&h.vault, "dana-kowalski").is_some());
    assert_eq!(h.selected(), "dana-kowalski");
    // Esc asks, Esc again goes back to the text; Ctrl-D is the deliberate answer.
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    assert!(!h.capture().expect("still open").confirm_discard);
    h.key(KeyCode::Esc).ctrl('d');
    assert!(h.app.popup.is_none(), "Ctrl-D discards");
    assert!(ties::tui::draft::load(&h.vault, "dana-kowalski").is_none());
    assert_eq!(h.file("dana-kowalski"), before, "nothing written");
}

#[test]
fn a_todo_form_whose_save_fails_stays_open_with_its_text_and_the_error() {
    let mut h = H::demo(120, 40);
    h.pick("tom").key(KeyCode::Esc);
    h.key(KeyCode::Char('t')).chars("Send the renewal terms");
    // The file breaks meanwhile (an editor, a bad merge): ties will not write it.
    let broken = "name = \"Tom Brennan\"\n[[log]\n";
    std::fs::write(h.vault.file_of("tom-brennan"), broken).unwrap();
    h.key(KeyCode::Enter);
    let Some(Popup::Form(f)) = &h.app.popup else {
        panic!("the form closed and its text is gone");
    };
    assert_eq!(f.value(0), "Send the renewal terms");
    assert!(f.error.is_some(), "the form says why");
    let screen = h.screen(120, 40);
    assert!(screen.contains("Send the renewal terms"), "{screen}");
    assert_eq!(h.file("tom-brennan"), broken);
}

#[test]
fn an_add_person_form_whose_save_fails_stays_open_with_its_text_and_the_error() {
    let mut h = H::demo(120, 40);
    let long = "N".repeat(201);
    h.key(KeyCode::Char('a')).chars(&long).key(KeyCode::Enter);
    let Some(Popup::Form(f)) = &h.app.popup else {
        panic!("the form closed and its text is gone");
    };
    assert_eq!(f.value(0), long);
    let e = f.error.clone().expect("the form says why");
    assert!(e.contains("200"), "{e}");
}

#[test]
fn the_selection_waits_for_a_file_briefly_emptied_and_does_not_stay_on_another_person() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Esc);
    assert_eq!(h.selected(), "priya-raman");
    let text = h.file("priya-raman");
    // An editor or git rewrites the file: for a moment it is empty.
    std::fs::write(h.vault.file_of("priya-raman"), "").unwrap();
    h.msg(Msg::FilesChanged);
    // Meanwhile `c` must not open a note about someone else.
    h.key(KeyCode::Char('c'));
    if let Some(c) = h.capture() {
        assert_eq!(c.slug, "priya-raman", "a note about the wrong person");
    }
    h.key(KeyCode::Esc);
    std::fs::write(h.vault.file_of("priya-raman"), &text).unwrap();
    h.msg(Msg::FilesChanged);
    assert_eq!(
        h.selected(),
        "priya-raman",
        "the selection follows the slug"
    );
    assert_eq!(h.app.current_detail().unwrap().slug, "priya-raman");
}

#[test]
fn a_remapping_reaches_the_filter_line_the_capture_and_text_editing() {
    let (km, complaints) = Keymap::with_overrides(&[
        ("filter.down".into(), vec!["ctrl-j".into()]),
        ("capture.save".into(), vec!["ctrl-o".into()]),
        ("text.delete_word".into(), vec!["alt-w".into()]),
        ("discard.discard".into(), vec!["ctrl-x".into()]),
    ]);
    assert!(complaints.is_empty(), "{complaints:?}");
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
    let mut h = H::on(dir, vault, app((120, 40), km));
    // The filter line: ctrl-j moves down the matches, Down no longer does.
    h.key(KeyCode::Char('/')).chars("brigid");
    assert_eq!(h.selected(), "marcus-okafor");
    h.key(KeyCode::Down);
    assert_eq!(h.selected(), "marcus-okafor");
    h.ctrl('j');
    assert_eq!(h.selected(), "priya-raman");
    h.key(KeyCode::Enter).key(KeyCode::Esc);
    // Text editing: alt-w deletes a word, and ctrl-w is no longer bound.
    h.key(KeyCode::Char('c')).chars("Budget approved today");
    h.ctrl('w');
    h.key_mod(KeyCode::Char('w'), KeyModifiers::ALT);
    let c = h.capture().unwrap();
    assert_eq!(ties::tui::field::text_of(&c.note), "Budget approved ");
    // The capture: ctrl-s no longer saves; ctrl-o does.
    h.ctrl('s');
    assert!(!h.file("priya-raman").contains("Budget approved"));
    h.ctrl('o');
    assert!(h.capture().is_none(), "saved and closed");
    assert!(h.file("priya-raman").contains("Budget approved"));
    // The discard question takes its remapped chord.
    h.key(KeyCode::Char('c')).chars("draft");
    h.key(KeyCode::Esc).ctrl('d');
    assert!(h.capture().is_some(), "ctrl-d is no longer the answer");
    h.key(KeyCode::Esc).ctrl('x');
    assert!(h.capture().is_none());
}

#[test]
fn an_earlier_unsaved_edit_over_a_changed_file_is_offered_not_replaced() {
    let mut h = H::demo(120, 40);
    h.msg(Msg::EditLeftFound {
        slug: "dana-kowalski".into(),
        copy: "/v/.ties/edit/dana-kowalski~1.toml".into(),
    });
    let screen = h.screen(80, 24);
    for choice in ["merge it onto the file", "keep it aside", "drop it"] {
        assert!(screen.contains(choice), "{screen}");
    }
    h.key(KeyCode::Char('m'));
    assert!(h.app.popup.is_none());
    assert_eq!(
        h.left.pop(),
        Some(Effect::EditWith(
            "dana-kowalski".into(),
            ties::tui::msg::LeftChoice::Merge
        ))
    );
}

#[test]
fn a_vault_that_disappears_is_said_and_never_recreated_by_a_draft() {
    let mut h = H::demo(120, 40);
    h.pick("dana")
        .key(KeyCode::Char('c'))
        .chars("Typed while the drive went away");
    // The vault folder is renamed away (an unmounted drive, a rename).
    // Beside the vault and named after it: no other test's folder.
    let away = h.vault.root().with_extension("moved-away");
    std::fs::rename(h.vault.root(), &away).unwrap();
    h.msg(Msg::Tick);
    assert!(
        !h.vault.root().exists(),
        "no stub vault is made where the old one was"
    );
    let (status, error) = h.app.status.message.clone().unwrap();
    assert!(error && status.contains("is missing"), "{status}");
    // The message is longer than the line: it wraps, nothing cut off.
    let screen = h.screen(80, 24);
    assert!(screen.contains("is missing"), "{screen}");
    assert!(!screen.lines().last().unwrap().contains('…'), "{screen}");
    // The text is still in the popup, and lands once the vault is back.
    std::fs::rename(&away, h.vault.root()).unwrap();
    h.ctrl('s');
    assert!(
        h.file("dana-kowalski")
            .contains("Typed while the drive went away")
    );
}

// ----- a working day: asks, todos, undo -----

/// Gives Dana two open asks, from a call two days ago.
fn with_two_asks(h: &mut H) {
    let entry = ties::store::write::NewEntry {
        with: Vec::new(),
        at: clock().now - chrono::Duration::days(2),
        via: "call".into(),
        text: "Call about the tracker.".into(),
        ask: vec![
            "How was the marathon?".into(),
            "Did the tracker ship?".into(),
        ],
        asked: Vec::new(),
        private: false,
        why: None,
    };
    ties::store::write::log(&h.vault, "dana-kowalski", &entry).unwrap();
    h.msg(Msg::FilesChanged);
}

fn open_asks(h: &H, slug: &str) -> Vec<String> {
    let p = h.vault.read(slug).unwrap().person;
    p.pending_asks()
        .into_iter()
        .map(|(_, a)| a.to_string())
        .collect()
}

#[test]
fn the_capture_lists_open_asks_and_space_ticks_the_ones_covered() {
    let mut h = H::demo(120, 40);
    with_two_asks(&mut h);
    assert_eq!(h.selected(), "dana-kowalski");
    let before = open_asks(&h, "dana-kowalski");
    assert!(before.len() >= 2, "{before:?}");
    let n = before.len();
    h.key(KeyCode::Char('c'));
    for (w, ht) in [(80, 24), (120, 40)] {
        let screen = h.screen(w, ht);
        assert!(
            screen.contains(&format!("[ ] a{} Did the tracker ship?", n)),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("[ ] a{} How was the marathon?", n - 1)),
            "{screen}"
        );
    }
    // Space in the note is a space; Tab: ask line, then the asks.
    h.chars("Quick call about go-live.");
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..n {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Char(' '));
    let screen = h.screen(80, 24);
    assert!(
        screen.contains(&format!("[x] a{n} Did the tracker ship?")),
        "{screen}"
    );
    snap("capture_asks", &mut h, 80, 24);
    snap("capture_asks", &mut h, 120, 40);
    // Twice unticks; three times ticks again.
    h.key(KeyCode::Char(' ')).key(KeyCode::Char(' '));
    // Tab goes round, by the When line at the top, to the note.
    h.key(KeyCode::Tab).key(KeyCode::Tab).chars(" Done.");
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved");
    let file = h.file("dana-kowalski");
    assert!(
        file.contains("text = \"Quick call about go-live. Done.\""),
        "{file}"
    );
    assert!(
        file.contains("asked = [\"Did the tracker ship?\"]"),
        "{file}"
    );
    let after = open_asks(&h, "dana-kowalski");
    assert_eq!(after, before[..n - 1], "the rest stay open");
}

fn status(h: &H) -> String {
    h.app
        .status
        .message
        .clone()
        .map(|m| m.0)
        .unwrap_or_default()
}

/// The words inside a popup's thick frame, its lines joined by spaces.
fn popup_text(screen: &str) -> String {
    let words: Vec<&str> = screen
        .lines()
        .filter_map(|l| {
            let (a, b) = (l.find('┃')?, l.rfind('┃')?);
            (b > a).then(|| l[a + '┃'.len_utf8()..b].trim())
        })
        .collect();
    words
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn todos(h: &H, slug: &str) -> Vec<(String, bool)> {
    let p = h.vault.read(slug).unwrap().person;
    p.todos.into_iter().map(|t| (t.text, t.done)).collect()
}

#[test]
fn x_asks_before_marking_the_one_open_todo_done() {
    let mut h = H::demo(120, 40);
    assert_eq!(h.selected(), "dana-kowalski");
    let before = h.file("dana-kowalski");
    let todo = "Back her up at the Milton/Quincy resourcing review with finance";
    h.key(KeyCode::Char('x'));
    for (w, ht) in [(80, 24), (120, 40)] {
        let screen = h.screen(w, ht);
        let flat = popup_text(&screen);
        assert!(
            flat.contains(&format!("Mark done: {todo}? (y/Enter / Esc)")),
            "{screen}"
        );
    }
    snap("done_one", &mut h, 80, 24);
    // A key that is no answer leaves the question; Esc leaves the file.
    h.key(KeyCode::Char('j'));
    assert!(matches!(h.app.popup, Some(Popup::Confirm(_))));
    h.key(KeyCode::Esc);
    assert!(h.app.popup.is_none());
    assert_eq!(h.file("dana-kowalski"), before);
    h.key(KeyCode::Char('x')).key(KeyCode::Char('y'));
    assert!(h.app.popup.is_none());
    assert_eq!(todos(&h, "dana-kowalski")[1], (todo.to_string(), true));
    assert_eq!(status(&h), format!("Done: {todo}."));
    let sheet = &h.app.current_detail().expect("read again").sheet;
    assert!(sheet.open_loops.is_empty(), "{:?}", sheet.open_loops);
    h.key(KeyCode::Char('x'));
    assert!(h.app.popup.is_none());
    assert!(
        status(&h).contains("Dana Kowalski has no open todos"),
        "{}",
        status(&h)
    );
}

#[test]
fn x_with_several_open_todos_lets_you_choose_which() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Char('x'));
    for (w, ht) in [(80, 24), (120, 40)] {
        let screen = h.screen(w, ht);
        assert!(
            screen.contains("Which todo of Priya Raman is done?"),
            "{screen}"
        );
        assert!(
            screen.contains("Send the 6 East error-rate benchmark deck for the board"),
            "{screen}"
        );
        assert!(
            screen.contains("Book dinner with Priya and Arjun when back from the holidays"),
            "{screen}"
        );
    }
    snap("done_choose", &mut h, 80, 24);
    snap("done_choose", &mut h, 120, 40);
    h.key(KeyCode::Char('j')).key(KeyCode::Enter);
    let t = todos(&h, "priya-raman");
    assert!(t[0].1, "done before");
    assert!(!t[1].1, "the other stays open: {t:?}");
    assert!(t[2].1, "the chosen one is done: {t:?}");
    assert!(
        status(&h).starts_with("Done: Book dinner"),
        "{}",
        status(&h)
    );
}

#[test]
fn the_todo_form_takes_the_clis_due_words_and_says_clearly_when_it_is_not_a_date() {
    let mut h = H::demo(120, 40);
    for word in ["today", "friday", "+3d", "2026-12-01"] {
        h.key(KeyCode::Char('t'))
            .chars(&format!("Call {word}"))
            .key(KeyCode::Tab)
            .chars(word)
            .key(KeyCode::Enter);
        assert!(h.app.popup.is_none(), "{word} is a date");
        let p = h.vault.read("dana-kowalski").unwrap().person;
        let t = p.todos.last().unwrap();
        assert_eq!(t.text, format!("Call {word}"));
        assert_eq!(t.due, clock().parse_date(word), "{word}");
    }
    h.key(KeyCode::Char('t'))
        .chars("Call back")
        .key(KeyCode::Tab)
        .chars("someday")
        .key(KeyCode::Enter);
    let Some(Popup::Form(f)) = &h.app.popup else {
        panic!("the form stays open");
    };
    assert_eq!(f.value(0), "Call back", "the text is kept");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Due: try today, friday, +3d or 2026-12-01; `someday` is not a date."),
        "{screen}"
    );
}

#[test]
fn u_undoes_the_last_save_after_asking_and_says_what_it_undid() {
    let mut h = H::demo(120, 40);
    let before = h.file("dana-kowalski");
    h.key(KeyCode::Char('c'))
        .chars("A note to take back")
        .ctrl('s');
    assert!(h.file("dana-kowalski").contains("A note to take back"));
    h.key(KeyCode::Char('u'));
    let screen = h.screen(80, 24);
    let flat = popup_text(&screen);
    assert!(
        flat.contains(
            "Undo the last save, to Dana Kowalski (people/dana-kowalski.toml)? (y/Enter / Esc)"
        ),
        "{screen}"
    );
    snap("undo", &mut h, 80, 24);
    h.key(KeyCode::Enter);
    assert_eq!(h.file("dana-kowalski"), before, "the exact previous bytes");
    assert_eq!(
        status(&h),
        "Undid the last change to people/dana-kowalski.toml."
    );
    assert!(
        !h.app.timeline()[0].text.contains("A note to take back"),
        "the timeline shows the file as it is"
    );
    // Adding a person, undone: the file is gone and someone else selected.
    h.key(KeyCode::Char('a'))
        .chars("Ana Lima")
        .key(KeyCode::Enter);
    assert_eq!(h.selected(), "ana-lima");
    h.key(KeyCode::Char('u')).key(KeyCode::Char('y'));
    assert!(!h.vault.file_of("ana-lima").exists());
    assert_eq!(
        status(&h),
        "Undid adding people/ana-lima.toml: the file is gone again."
    );
    assert!(h.app.index.get("ana-lima").is_none());
    assert!(!h.selected().is_empty(), "someone is selected");
}

#[test]
fn help_lists_x_u_and_ticking_asks() {
    let mut h = H::demo(80, 24);
    h.key(KeyCode::Char('?'));
    let mut seen = String::new();
    for _ in 0..60 {
        seen.push_str(&h.screen(80, 24));
        h.key(KeyCode::Char('j'));
    }
    for want in [
        "x                 mark a todo of the selected person done (asks which)",
        "u                 undo the last save, whatever it was (asks first)",
        "Space             in the open asks: tick the ones this talk covered",
        "j k Enter         choose which todo is done",
    ] {
        assert!(seen.contains(want), "{want}\n{seen}");
    }
}

#[test]
fn a_ticked_ask_is_kept_in_the_draft_and_ticked_again_when_offered_back() {
    let mut h = H::demo(120, 40);
    with_two_asks(&mut h);
    let n = open_asks(&h, "dana-kowalski").len();
    h.key(KeyCode::Char('c')).chars("Went over the tracker");
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..n {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Char(' '));
    h.msg(Msg::Tick);
    let d = ties::tui::draft::load(&h.vault, "dana-kowalski").expect("a draft");
    assert_eq!(d.asked, ["Did the tracker ship?"]);
    // Quit with it open; the next capture on Dana has the tick back.
    let fx = h.app.update(ties::tui::action::Action::Quit);
    h.run(fx);
    let mut h2 = H::on(
        tempfile::tempdir().unwrap(),
        h.vault.clone(),
        app((120, 40), Keymap::default()),
    );
    h2.key(KeyCode::Char('c'));
    let screen = h2.screen(120, 40);
    assert!(
        screen.contains(&format!("[x] a{n} Did the tracker ship?")),
        "{screen}"
    );
}

#[test]
fn discreet_mode_shows_the_prep_sheet_from_its_top() {
    let mut h = H::demo(80, 24);
    h.pick("helen");
    h.key(KeyCode::Char('G'));
    assert!(h.app.prep.scroll.top() > 0, "scrolled down first");
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.prep.scroll.top(), 0);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Helen Achterberg"), "{screen}");
}

#[test]
fn a_long_message_wraps_onto_the_status_lines_with_its_instruction_whole() {
    let mut h = H::demo(80, 24);
    let msg = "people/dana-kowalski.toml changed on disk while you edited it, and you both changed org and role: press e to finish your edit.";
    h.app.status.say(msg, true, clock().now);
    let screen = h.screen(80, 24);
    let tail: String = screen.lines().rev().take(2).collect::<Vec<_>>().join(" ");
    assert!(tail.contains("press e to finish your edit."), "{screen}");
}

#[test]
fn u_never_undoes_a_save_made_after_its_question() {
    let mut h = H::demo(120, 40);
    h.key(KeyCode::Char('c'))
        .chars("Asked about this one")
        .ctrl('s');
    h.key(KeyCode::Char('u'));
    // While the question is open, another window saves to someone else.
    let entry = ties::store::write::NewEntry {
        with: Vec::new(),
        at: clock().now,
        via: "call".into(),
        text: "Logged elsewhere meanwhile".into(),
        ask: Vec::new(),
        asked: Vec::new(),
        private: false,
        why: None,
    };
    ties::store::write::log(&h.vault, "tom-brennan", &entry).unwrap();
    h.key(KeyCode::Char('y'));
    assert!(status(&h).contains("nothing was undone"), "{}", status(&h));
    assert!(h.file("tom-brennan").contains("Logged elsewhere meanwhile"));
    assert!(h.file("dana-kowalski").contains("Asked about this one"));
}

/// Everything the help says, read off the screen by scrolling it to the
/// end one line at a time, at a given size.
fn help_text(w: u16, ht: u16) -> String {
    let mut h = H::demo(w, ht);
    h.key(KeyCode::Char('?'));
    let inside = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .filter_map(|l| {
                let a = l.find('┃')?;
                let b = l.rfind('┃')?;
                (b > a).then(|| l[a + '┃'.len_utf8()..b].trim_end().to_string())
            })
            .collect()
    };
    let mut lines = inside(&h.screen(w, ht));
    let mut last = lines.clone();
    for _ in 0..200 {
        h.key(KeyCode::Char('j'));
        let now = inside(&h.screen(w, ht));
        if now == last {
            break;
        }
        lines.push(now.last().cloned().unwrap_or_default());
        last = now;
    }
    lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn help_wraps_every_description_whole_at_any_width() {
    for (w, ht) in [(80, 24), (50, 20), (30, 16)] {
        let text = help_text(w, ht);
        for a in ties::tui::action::Action::ALL {
            assert!(
                text.contains(a.describe()),
                "at {w}x{ht} the help cuts `{}`:\n{text}",
                a.describe()
            );
        }
        assert!(text.contains("e.g. capture = [\"c\", \"n\"]."), "{text}");
    }
}

fn mouse(h: &mut H, kind: crossterm::event::MouseEventKind, column: u16, row: u16) {
    let fx = h.app.on_mouse(crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
    h.run(fx);
}

/// Where `text` is on the screen: (column, row) of its first character.
fn find_on(screen: &str, text: &str) -> (u16, u16) {
    for (y, line) in screen.lines().enumerate() {
        if let Some(i) = line.find(text) {
            return (line[..i].chars().count() as u16, y as u16);
        }
    }
    panic!("`{text}` is not on the screen:\n{screen}")
}

#[test]
fn a_click_selects_the_person_under_it_and_the_wheel_scrolls_the_pane_under_it() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let mut h = H::demo(80, 24);
    let screen = h.screen(80, 24);
    let (x, y) = find_on(&screen, "Priya Raman");
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), x + 2, y);
    assert_eq!(h.selected(), "priya-raman");
    let screen = h.screen(80, 24);
    assert!(screen.contains("CMIO at St. Brigid's"), "{screen}");
    // The wheel over the prep sheet scrolls it, whichever pane has the keys.
    assert_eq!(h.app.focus, Pane::Contacts);
    let (px, py) = find_on(&screen, "Prep sheet");
    let before = h.app.prep.scroll.top();
    mouse(&mut h, MouseEventKind::ScrollDown, px, py + 5);
    assert!(h.app.prep.scroll.top() > before, "the prep sheet scrolled");
    assert_eq!(h.selected(), "priya-raman", "the selection stayed");
    let scrolled = h.screen(80, 24);
    assert_ne!(scrolled, screen);
    mouse(&mut h, MouseEventKind::ScrollUp, px, py + 5);
    assert_eq!(h.app.prep.scroll.top(), before);
    // The wheel over the list moves the selection.
    mouse(&mut h, MouseEventKind::ScrollDown, x + 2, y);
    assert_ne!(h.selected(), "priya-raman");
    // A click below the last person selects no one new.
    let was = h.selected().to_string();
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), 3, 21);
    assert_eq!(h.selected(), was);
    // With a popup open the mouse does nothing.
    h.key(KeyCode::Char('?'));
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), x + 2, y);
    assert_eq!(h.selected(), was);
}

/// A start draws the first screen from the people's own files before the
/// index is read (the glimpse names who they are), then the index takes
/// over without the selection moving.
#[test]
fn the_first_screen_is_drawn_from_the_files_before_the_index_comes() {
    let h = H::demo(80, 24);
    assert!(
        h.vault.state_dir().join("glimpse.bin").exists(),
        "the index remembered the first screen"
    );
    // Changed since, by another program: the glimpse reads the file now.
    let dana = h
        .file("dana-kowalski")
        .replace("Halcyon Clinical", "Harbor Labs");
    std::fs::write(h.vault.file_of("dana-kowalski"), dana).unwrap();
    let mut next = app((80, 24), Keymap::default());
    let glimpse = ties::tui::perform::glimpse(&h.vault, 24).expect("a glimpse");
    let fx = next.on_msg(glimpse);
    settle(&mut next, &h.vault, fx);
    assert!(next.glimpse.is_some());
    assert!(next.index.people.len() <= 24);
    let first = screen_of(&next, 80, 24);
    assert!(first.contains("Dana Kowalski  Harbor La"), "{first}");
    assert!(
        first.contains("People 12"),
        "the count is the vault's:\n{first}"
    );
    assert!(first.contains("reading"), "{first}");
    assert!(
        !first.contains("due now"),
        "nothing counted from part of the vault:\n{first}"
    );
    // The selected person's sheet is there in the first frame.
    assert_eq!(next.selected_slug(), Some("dana-kowalski"));
    assert!(next.current_detail().is_some());
    assert!(first.contains("Harbor Labs"), "{first}");
    // Then the whole index: same person selected, the counts back.
    settle(&mut next, &h.vault, vec![Effect::Reload]);
    assert!(next.glimpse.is_none());
    assert_eq!(next.selected_slug(), Some("dana-kowalski"));
    let whole = screen_of(&next, 80, 24);
    assert!(whole.contains("People 12"), "{whole}");
    assert!(whole.contains("due now"), "{whole}");
}

#[test]
fn a_damaged_or_missing_glimpse_only_means_waiting_for_the_index() {
    let h = H::demo(80, 24);
    let path = h.vault.state_dir().join("glimpse.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n - 3] ^= 0x55;
    std::fs::write(&path, bytes).unwrap();
    assert!(ties::tui::perform::glimpse(&h.vault, 24).is_none());
    std::fs::remove_file(&path).unwrap();
    assert!(ties::tui::perform::glimpse(&h.vault, 24).is_none());
}

/// A message exactly as wide as the screen, or one column narrower, is
/// shown whole: not wrapped, and not cut before its last words.
#[test]
fn a_status_message_as_wide_as_the_screen_is_shown_whole() {
    for w in [80u16, 79, 78] {
        let mut h = H::demo(80, 24);
        let mut msg = String::from("Archived Dana Kowalski: V lists the archived");
        while msg.chars().count() < w as usize - 4 {
            msg.push_str(" x");
        }
        msg.push_str(" end");
        h.app.status.message = Some((msg.clone(), false));
        let screen = h.screen(80, 24);
        assert!(
            screen.contains(&msg),
            "a message of {} columns is cut:\n{screen}",
            msg.chars().count()
        );
    }
}

/// Letters typed while the open asks have the keyboard do not vanish
/// silently: the popup says where typing goes.
#[test]
fn typing_in_the_open_asks_says_where_typing_goes() {
    let mut h = H::demo(80, 24);
    h.pick("priya").key(KeyCode::Char('c')).chars("Quick call");
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    assert_eq!(
        h.capture().unwrap().field,
        ties::tui::popup::capture::CaptureField::Asks
    );
    h.chars("2027");
    let c = h.capture().unwrap();
    assert!(c.asks.covered().is_empty(), "nothing ticked by typing");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("The open asks take Space (tick)"),
        "{screen}"
    );
}

/// The capture's switches each show their own key, whatever is set, and
/// the user's remapped key when there is one.
#[test]
fn the_capture_header_names_each_switch_s_key() {
    let (keys, warnings) = Keymap::with_overrides(&[("capture.why".into(), vec!["alt-w".into()])]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let dir = tempfile::tempdir().unwrap();
    let vault = ties::demo::write_demo(dir.path(), clock().today()).unwrap();
    let mut h = H::on(dir, vault, app((80, 24), keys));
    h.pick("priya").key(KeyCode::Char('c'));
    // Why set: the keys are still there.
    h.key_mod(KeyCode::Char('w'), KeyModifiers::ALT);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Ctrl-T via"), "{screen}");
    assert!(screen.contains("Ctrl-X not private"), "{screen}");
    assert!(screen.contains("Alt-w why  problem"), "{screen}");
}

/// A Ctrl-S refused for its time still puts the note on disk: killed right
/// after, ties offers it back.
#[test]
fn a_save_refused_for_its_time_still_keeps_the_draft() {
    let mut h = H::demo(120, 40);
    h.pick("dana").key(KeyCode::Char('c')).chars("Budget talk ");
    h.key_mod(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        h.capture().unwrap().field,
        ties::tui::popup::capture::CaptureField::When
    );
    h.chars("someday").ctrl('s');
    assert!(h.capture().is_some(), "refused: the popup stays");
    let drafts: Vec<String> = std::fs::read_dir(h.vault.state_dir().join("drafts"))
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    assert!(
        drafts.iter().any(|d| d.contains("Budget talk")),
        "{drafts:?}"
    );
}

/// Esc in the entry editor after a change asks before dropping it, as the
/// capture does; only Ctrl-D drops it, and a letter goes back into the text.
#[test]
fn esc_in_the_entry_editor_asks_before_dropping_changes() {
    let mut h = H::demo(120, 40);
    h.pick("priya").key(KeyCode::Tab).key(KeyCode::Char('E'));
    let before = h.file("priya-raman");
    h.ctrl('e').chars(" More to add").key(KeyCode::Esc);
    assert!(
        matches!(h.app.popup, Some(Popup::Entry(_))),
        "Esc asks first"
    );
    assert!(h.screen(120, 40).contains("Drop your changes? Ctrl-D"));
    // A letter is not an answer: it goes back into the note.
    h.chars("!").key(KeyCode::Esc).ctrl('d');
    assert!(h.app.popup.is_none());
    assert_eq!(h.file("priya-raman"), before, "nothing written");
    // Unchanged, Esc simply closes.
    h.key(KeyCode::Char('E')).key(KeyCode::Esc);
    assert!(h.app.popup.is_none());
}
