//! Adversarial probes of issue 13's features: in-place entry/todo edits,
//! archive, the start glimpse, the capture's new fields and drafts, the
//! filter. A passing test is an attack ties held against; a failing one is
//! a finding.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, NOW, out};
use crossterm::event::KeyCode;
use ties::index::glimpse::Glimpse;
use ties::store::Vault;
use ties::tui::App;
use ties::tui::app::{Effect, Msg, Popup};
use ties::tui::field::text_of;
use ties::tui::perform::settle;

// ----- harness: common::window, at 120x40 -----

use common::window::{Window as H, app_at, screen_of};

fn new_app(size: (u16, u16)) -> App {
    app_at(NOW, size)
}

impl H {
    fn new(env: &Env) -> H {
        H::on(&env.vault(), NOW, (120, 40))
    }
}

/// Everything on screen and in the vault's files and drafts (and the state
/// folder's drafts): where a user's words may still be.
fn words_somewhere(env: &Env, app: &App, words: &str) -> bool {
    fn walk(dir: &Path, words: &str) -> bool {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return false;
        };
        rd.flatten().any(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p, words)
            } else {
                std::fs::read_to_string(&p)
                    .map(|t| t.contains(words) || t.contains(&words.replace('"', "\\\"")))
                    .unwrap_or(false)
            }
        })
    }
    walk(&env.vault(), words) || walk(&env.home(), words) || screen_of(app).contains(words)
}

// ----- 1. in-place entry and todo edits -----

/// A comment written under an entry (no blank line, as one annotates the
/// entry just above) belongs, for toml_edit, to the next table's header.
/// Deleting that next entry deletes the user's line about the other one.
#[test]
fn deleting_an_entry_keeps_a_comment_written_under_the_entry_above_it() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"Call about the budget\"\n# she also said the board meets on the 12th\n\n[[log]]\nat = 2026-11-05\nvia = \"email\"\ntext = \"Sent the deck\"\n",
    );
    let mut h = H::new(&env);
    h.pick("bo").timeline();
    assert_eq!(h.app.timeline()[0].text, "Sent the deck");
    h.key(KeyCode::Char('D'));
    let screen = h.screen();
    assert!(screen.contains("Sent the deck"), "{screen}");
    h.key(KeyCode::Char('y'));
    let after = env.read("bo");
    assert!(!after.contains("Sent the deck"), "deleted: {after}");
    assert!(
        after.contains("board meets on the 12th"),
        "the line written under the budget call went with the deck entry:\n{after}"
    );
}

/// Two entries with identical time and text: D on either removes exactly
/// one, and u brings the bytes back.
#[test]
fn identical_entries_delete_one_and_undo_restores() {
    let env = Env::new();
    let text = "name = \"Bo\"\n\n[[log]]\nat = 2026-11-01\ntext = \"Same\"\n\n[[log]]\nat = 2026-11-01\ntext = \"Same\"\n";
    env.write("bo", text);
    let mut h = H::new(&env);
    h.pick("bo").timeline().key(KeyCode::Char('j'));
    h.key(KeyCode::Char('D')).key(KeyCode::Char('y'));
    let p = h.vault.read("bo").unwrap().person;
    assert_eq!(p.log.len(), 1);
    h.key(KeyCode::Esc); // back to contacts
    h.key(KeyCode::Char('u')).key(KeyCode::Enter);
    assert_eq!(env.read("bo"), text);
}

/// A file with a byte-order mark (Windows editors write one) reads; a todo
/// edit on it must work and keep the rest of the bytes.
#[test]
fn a_todo_edit_on_a_file_with_a_bom_works_and_keeps_it() {
    let env = Env::new();
    let text = "\u{feff}name = \"Bo\"\n\n[[todo]]\ntext = \"send the deck\"\n";
    env.write("bo", text);
    let (code, _, err) = env.run(&["show", "bo"]);
    assert_eq!(code, 0, "the file reads: {err}");
    let (code, o, err) = env.run(&["todo", "bo", "--edit", "1", "send the new deck"]);
    assert_eq!(code, 0, "{o}{err}");
    assert_eq!(
        env.read("bo"),
        text.replace("send the deck", "send the new deck")
    );
    env.ok(&["undo"]);
    assert_eq!(env.read("bo"), text);
}

/// CRLF file: toggling only `private` in the TUI editor must leave the
/// (multi-line) text and every other line as they were, CRLF included.
#[test]
fn an_entry_edit_in_a_crlf_file_changes_only_what_changed() {
    let env = Env::new();
    let text = "name = \"Bo\"\r\n\r\n[[log]]\r\nat = 2026-11-01\r\nvia = \"call\"\r\ntext = \"\"\"\r\nLunch.\r\nKids: two.\r\n\"\"\"\r\n";
    env.write("bo", text);
    let mut h = H::new(&env);
    h.pick("bo").timeline().key(KeyCode::Char('E'));
    assert!(
        matches!(h.app.popup, Some(Popup::Entry(_))),
        "{}",
        h.screen()
    );
    // to `private`: the editor opens in the note; Tab to asks, Tab to private
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    h.key(KeyCode::Char(' ')).ctrl('s');
    assert!(h.app.popup.is_none(), "{}", h.status());
    let after = env.read("bo");
    let p = h.vault.read("bo").unwrap().person;
    assert!(p.log[0].private, "{after:?}");
    assert!(
        after.starts_with("name = \"Bo\"\r\n\r\n[[log]]\r\nat = 2026-11-01\r\nvia = \"call\"\r\ntext = \"\"\"\r\nLunch.\r\nKids: two.\r\n\"\"\"\r\n"),
        "the text and line endings untouched: {after:?}"
    );
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "no bare LF mixed into a CRLF file: {after:?}"
    );
}

/// Toggling only `private` must not touch the note or the asks: an ask
/// written by hand over two lines, a note with a tab and trailing spaces.
#[test]
fn toggling_private_leaves_a_two_line_ask_and_an_odd_note_alone() {
    let env = Env::new();
    let text = "name = \"Bo\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"Budget:\\tQ3  \"\nask = [\"\"\"\nHow did the move go?\nAnd the new school?\"\"\"]\n";
    env.write("bo", text);
    let before = h_person(&env, "bo");
    assert_eq!(before.log[0].ask.len(), 1, "{:?}", before.log[0].ask);
    let mut h = H::new(&env);
    h.pick("bo").timeline().key(KeyCode::Char('E'));
    h.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Char(' '))
        .ctrl('s');
    assert!(h.app.popup.is_none(), "{}", h.status());
    let after = h_person(&env, "bo");
    assert!(after.log[0].private);
    assert_eq!(after.log[0].text, before.log[0].text, "{}", env.read("bo"));
    assert_eq!(
        after.log[0].ask,
        before.log[0].ask,
        "one ask became several:\n{}",
        env.read("bo")
    );
    assert_eq!(
        env.read("bo"),
        format!("{text}private = true\n"),
        "only private was added"
    );
}

fn h_person(env: &Env, slug: &str) -> ties::model::Person {
    Vault::open(env.vault()).unwrap().read(slug).unwrap().person
}

/// Inline tables for log entries, with odd spacing and a comment: E edits
/// the chosen one; u restores the bytes.
#[test]
fn inline_table_entries_edit_in_the_tui_and_undo() {
    let env = Env::new();
    let text = "name = \"Cy\"\nlog = [ { at = 2026-01-01, text = \"alpha\" },   # first\n  { at = 2026-02-01, text = \"beta\", via = \"call\" } ]\n";
    env.write("cy", text);
    let mut h = H::new(&env);
    h.pick("cy").timeline().key(KeyCode::Char('j'));
    assert_eq!(h.app.timeline()[1].text, "alpha");
    h.key(KeyCode::Char('E'));
    assert!(
        matches!(h.app.popup, Some(Popup::Entry(_))),
        "{}",
        h.screen()
    );
    // the note field: Tab from When? The editor opens in the note.
    h.chars(" gamma").ctrl('s');
    assert!(h.app.popup.is_none(), "{}", h.status());
    let p = h.vault.read("cy").unwrap().person;
    let texts: Vec<&str> = p.log.iter().map(|e| e.text.as_str()).collect();
    assert!(
        texts.contains(&"alpha gamma") && texts.contains(&"beta"),
        "{texts:?}\n{}",
        env.read("cy")
    );
    assert!(env.read("cy").contains("# first"));
    h.key(KeyCode::Esc)
        .key(KeyCode::Char('u'))
        .key(KeyCode::Enter);
    assert_eq!(env.read("cy"), text);
}

/// The person's file is renamed (a pull) while the entry editor is open:
/// the save fails, and the words typed stay in the open editor.
#[test]
fn an_entry_edit_whose_file_was_renamed_meanwhile_keeps_the_words() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"Talked\"\n",
    );
    let mut h = H::new(&env);
    h.pick("bo").timeline().key(KeyCode::Char('E'));
    h.chars(" about the merger timeline");
    std::fs::rename(env.person("bo"), env.person("bo-chen")).unwrap();
    h.ctrl('s');
    assert!(
        words_somewhere(&env, &h.app, "about the merger timeline"),
        "status: {}\n{}",
        h.status(),
        h.screen()
    );
}

/// The todo list `T` shown, then a sync reorders the todos (the other
/// machine's todo lands first): `D` must not delete the other todo.
#[test]
fn a_todo_delete_after_the_todos_moved_removes_nothing_else() {
    let env = Env::new();
    let text = "name = \"Bo\"\n\n[[todo]]\ntext = \"first\"\n\n[[todo]]\ntext = \"second\"\n";
    env.write("bo", text);
    let mut h = H::new(&env);
    h.pick("bo").key(KeyCode::Char('T')).key(KeyCode::Char('j'));
    h.key(KeyCode::Char('D'));
    assert!(h.screen().contains("second"), "{}", h.screen());
    let moved = "name = \"Bo\"\n\n[[todo]]\ntext = \"from the laptop\"\n\n[[todo]]\ntext = \"first\"\n\n[[todo]]\ntext = \"second\"\n";
    env.write("bo", moved);
    h.key(KeyCode::Enter);
    let after = env.read("bo");
    assert!(
        after.contains("from the laptop") && after.contains("first"),
        "{after}"
    );
}

/// CLI: `--edit N` names the todo as the file says it now; with an inline
/// array of todos and a comment inside, the edit keeps the comment.
#[test]
fn cli_todo_edit_on_an_inline_array_keeps_the_comment() {
    let env = Env::new();
    let text = "name = \"Bo\"\ntodo = [\n  { text = \"one\" }, # keep me\n  { text = \"two\", due = 2026-12-01 },\n]\n";
    env.write("bo", text);
    env.ok(&["todo", "bo", "--edit", "2", "two and a half", "--no-due"]);
    let after = env.read("bo");
    assert!(after.contains("# keep me"), "{after}");
    assert!(
        after.contains("two and a half") && !after.contains("due"),
        "{after}"
    );
    env.ok(&["todo", "bo", "--delete", "1"]);
    let after = env.read("bo");
    assert!(!after.contains("\"one\""), "{after}");
    assert!(after.contains("two and a half"), "{after}");
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.read("bo"), text);
}

// ----- 2. edits, deletes and archives across two clones -----

struct Two {
    env: Env,
}

const ANA: &str = "# Ana\nname = \"Ana Lima\"\norg = \"Example Corp\"\n\n[[todo]]\ntext = \"Send the deck\"\n\n[[log]]\nat = 2026-11-01T10:00:00-05:00\nvia = \"call\"\ntext = \"First call.\"\n\n[[log]]\nat = 2026-11-05T10:00:00-05:00\nvia = \"call\"\ntext = \"Second call, about a sensitive matter.\"\n";

impl Two {
    fn new() -> Two {
        let t = Two { env: Env::new() };
        let root = t.env.dir.path().to_path_buf();
        t.env.git(
            &root,
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        t.ok(&t.a(), &["init", t.a().to_str().unwrap(), "--git"]);
        std::fs::write(t.a().join("people/ana-lima.toml"), ANA).unwrap();
        t.env.git(&t.a(), &["checkout", "--quiet", "-b", "main"]);
        t.env
            .git(&t.a(), &["remote", "add", "origin", "../remote.git"]);
        t.ok(&t.a(), &["sync"]);
        t.env
            .git(&t.a(), &["push", "--quiet", "-u", "origin", "main"]);
        t.env.git(&root, &["clone", "--quiet", "remote.git", "b"]);
        t
    }

    fn a(&self) -> PathBuf {
        self.env.dir.path().join("a")
    }

    fn b(&self) -> PathBuf {
        self.env.dir.path().join("b")
    }

    fn ok(&self, vault: &Path, args: &[&str]) -> String {
        let mut c = self.env.bare(args);
        c.env("TIES_VAULT", vault);
        let (code, stdout, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "ties {args:?} failed: {stderr}\n{stdout}");
        stdout
    }

    fn file(&self, device: &Path, slug: &str) -> String {
        std::fs::read_to_string(device.join(format!("people/{slug}.toml"))).unwrap()
    }

    fn sync_all(&self) {
        self.ok(&self.b(), &["sync"]);
        self.ok(&self.a(), &["sync"]);
        self.ok(&self.b(), &["sync"]);
    }
}

/// An entry deleted on B (a private matter), a note logged on A: after the
/// sync the deleted entry must not come back.
#[test]
fn an_entry_deleted_on_one_clone_stays_deleted_after_a_note_on_the_other() {
    let t = Two::new();
    let vb = Vault::open(t.b()).unwrap();
    let p = vb.read("ana-lima").unwrap().person;
    let shown = p.log.iter().find(|e| e.text.contains("sensitive")).unwrap();
    ties::store::entries::delete_entry(&vb, "ana-lima", shown).unwrap();
    t.ok(&t.b(), &["sync"]);
    t.ok(
        &t.a(),
        &[
            "log",
            "ana",
            "From the laptop",
            "--at",
            "2026-11-20T09:00:00-05:00",
        ],
    );
    t.sync_all();
    for d in [t.a(), t.b()] {
        let f = t.file(&d, "ana-lima");
        assert!(f.contains("From the laptop"), "{f}");
        assert!(
            !f.contains("sensitive"),
            "the deleted entry came back:\n{f}"
        );
    }
}

/// An entry's text edited on B while A logs: one entry with the new text,
/// not the old and the new side by side.
#[test]
fn an_entry_edited_on_one_clone_is_not_doubled_by_a_note_on_the_other() {
    let t = Two::new();
    let vb = Vault::open(t.b()).unwrap();
    let p = vb.read("ana-lima").unwrap().person;
    let shown = p.log.iter().find(|e| e.text == "First call.").unwrap();
    let mut c = ties::store::entries::EntryChange::of(shown);
    c.text = "First call, corrected.".into();
    ties::store::entries::edit_entry(&vb, "ana-lima", shown, &c).unwrap();
    t.ok(&t.b(), &["sync"]);
    t.ok(
        &t.a(),
        &[
            "log",
            "ana",
            "From the laptop",
            "--at",
            "2026-11-20T09:00:00-05:00",
        ],
    );
    t.sync_all();
    for d in [t.a(), t.b()] {
        let f = t.file(&d, "ana-lima");
        assert!(f.contains("From the laptop"), "{f}");
        assert!(f.contains("First call, corrected."), "{f}");
        assert!(
            !f.contains("text = \"First call.\""),
            "old text came back:\n{f}"
        );
    }
}

/// A todo deleted on B while A adds one: the deleted todo stays deleted.
#[test]
fn a_todo_deleted_on_one_clone_stays_deleted_after_a_todo_on_the_other() {
    let t = Two::new();
    t.ok(&t.b(), &["todo", "ana", "--delete", "1"]);
    t.ok(&t.b(), &["sync"]);
    t.ok(&t.a(), &["todo", "ana", "Book the dinner"]);
    t.sync_all();
    for d in [t.a(), t.b()] {
        let f = t.file(&d, "ana-lima");
        assert!(f.contains("Book the dinner"), "{f}");
        assert!(
            !f.contains("Send the deck"),
            "the deleted todo came back:\n{f}"
        );
    }
}

/// Archived on A, renamed (git mv, new name) and a note logged on B: one
/// file, archived, with the note, and not listed.
#[test]
fn archived_on_one_clone_renamed_on_the_other() {
    let t = Two::new();
    t.ok(&t.a(), &["archive", "ana"]);
    t.ok(&t.a(), &["sync"]);
    t.env.git(
        &t.b(),
        &["mv", "people/ana-lima.toml", "people/ana-souza.toml"],
    );
    let renamed = t.file(&t.b(), "ana-souza").replace("Ana Lima", "Ana Souza");
    std::fs::write(t.b().join("people/ana-souza.toml"), renamed).unwrap();
    t.ok(
        &t.b(),
        &[
            "log",
            "ana",
            "After the wedding",
            "--at",
            "2026-11-20T09:00:00-05:00",
        ],
    );
    t.sync_all();
    for d in [t.a(), t.b()] {
        let people: Vec<String> = std::fs::read_dir(d.join("people"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(people.len(), 1, "{people:?}");
        let list = t.ok(&d, &["list"]);
        assert!(!list.contains("Ana"), "archived, yet listed: {list}");
        let f = std::fs::read_to_string(d.join("people").join(&people[0])).unwrap();
        assert!(
            f.contains("After the wedding") && f.contains("archived"),
            "{f}"
        );
    }
}

/// Hand-written `archived` values: a person is never hidden from `list`,
/// `list --archived` and `search` at once without a word on stderr naming
/// the file.
#[test]
fn hand_written_archived_values_never_hide_a_person_silently() {
    for v in [
        "\"2026-11-01\"",
        "0",
        "[]",
        "\"\"",
        "\"no\"",
        "2026-11-01T10:00:00Z",
    ] {
        let env = Env::new();
        env.write("bo", &format!("name = \"Bo Chen\"\narchived = {v}\n"));
        for args in [&["list"][..], &["list", "--archived"], &["search", "bo"]] {
            let (_, o, e) = env.run(args);
            let (_, o2, _) = env.run(&[&["list", "--archived"][..], &args[..0]].concat());
            let (_, o3, _) = env.run(&["list"]);
            assert!(
                o.contains("Bo Chen")
                    || o2.contains("Bo Chen")
                    || o3.contains("Bo Chen")
                    || e.contains("people/bo.toml"),
                "archived = {v}, {args:?}: hidden silently\n{o}\n{e}"
            );
        }
    }
}

/// Archiving with a note open in the capture popup: the note still saves.
#[test]
fn archiving_a_person_with_a_capture_open_elsewhere_keeps_the_note() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\n");
    let mut h = H::new(&env);
    h.pick("bo")
        .key(KeyCode::Char('c'))
        .chars("Met at the fair");
    env.ok(&["archive", "bo"]);
    h.msg(Msg::FilesChanged);
    h.ctrl('s');
    assert!(env.read("bo").contains("Met at the fair"), "{}", h.status());
    assert!(env.read("bo").contains("archived"));
}

// ----- 3. the glimpse -----

fn glimpse_app(vault: &Vault) -> App {
    let mut app = new_app((120, 40));
    if let Some(m) = ties::tui::perform::glimpse(vault, 40) {
        let fx = app.on_msg(m);
        for e in fx {
            if let Effect::LoadDetail(_) = e {
                settle(&mut app, vault, vec![e]);
            }
        }
    }
    app
}

/// A glimpse.bin (sealed correctly: a copied-in or crafted one) naming a
/// slug that leaves `people/`: the first frame must not read or show a
/// file from outside the vault (nor panic).
#[test]
fn a_glimpse_naming_a_path_outside_the_vault_shows_no_one_from_there() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let vault = Vault::open(env.vault()).unwrap();
    let outside = env.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("mallory.toml"), "name = \"Mallory Outside\"\n").unwrap();
    Glimpse {
        slugs: vec!["../../outside/mallory".into(), "ana-lima".into()],
        total: 2,
        listed: 2,
    }
    .write(&vault)
    .unwrap();
    let got = std::panic::catch_unwind(|| screen_of(&glimpse_app(&vault)));
    let screen = got.expect("the glimpse panicked on a slug with '/'");
    assert!(!screen.contains("Mallory"), "{screen}");
}

/// Archived on another machine (pulled while ties was closed): the first
/// frame must not list them.
#[test]
fn a_glimpse_does_not_list_a_person_archived_since() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    env.write("bo-chen", "name = \"Bo Chen\"\n");
    let vault = Vault::open(env.vault()).unwrap();
    let index = ties::index::Index::load(&vault, false, None).unwrap();
    Glimpse::of(&index).write(&vault).unwrap();
    env.write("ana-lima", "name = \"Ana Lima\"\narchived = 2026-11-20\n");
    let screen = screen_of(&glimpse_app(&vault));
    assert!(screen.contains("Bo Chen"), "{screen}");
    assert!(
        !screen.contains("Ana Lima"),
        "archived, yet listed first:\n{screen}"
    );
}

/// Files the glimpse names that are now empty, invalid, deleted or a
/// symlink out of the vault: the first frame shows only who the files say.
#[test]
fn a_glimpse_over_broken_files_shows_only_what_the_files_say() {
    let env = Env::new();
    for (s, n) in [
        ("a-a", "A A"),
        ("b-b", "B B"),
        ("c-c", "C C"),
        ("d-d", "D D"),
        ("e-e", "E E"),
    ] {
        env.write(s, &format!("name = \"{n}\"\n"));
    }
    let vault = Vault::open(env.vault()).unwrap();
    let index = ties::index::Index::load(&vault, false, None).unwrap();
    Glimpse::of(&index).write(&vault).unwrap();
    env.write("a-a", "");
    env.write("b-b", "name = \"B B\n");
    std::fs::remove_file(env.person("c-c")).unwrap();
    let outside = env.dir.path().join("secret.toml");
    std::fs::write(&outside, "name = \"Secret Person\"\n").unwrap();
    std::fs::remove_file(env.person("d-d")).unwrap();
    std::os::unix::fs::symlink(&outside, env.person("d-d")).unwrap();
    let screen = screen_of(&glimpse_app(&vault));
    for gone in ["A A", "B B", "C C"] {
        assert!(!screen.contains(gone), "{gone}: {screen}");
    }
    assert!(screen.contains("E E"), "{screen}");
    // What the full index then says about the symlink, the glimpse says too.
    let mut full = new_app((120, 40));
    settle(&mut full, &vault, vec![Effect::Reload]);
    let full_screen = screen_of(&full);
    assert_eq!(
        screen.contains("Secret Person"),
        full_screen.contains("Secret Person"),
        "glimpse:\n{screen}\nindex:\n{full_screen}"
    );
}

fn sealed(magic: &[u8; 8], version: u32, body: &[u8]) -> Vec<u8> {
    let len = body.len() as u64;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&version.to_le_bytes());
    h.update(&len.to_le_bytes());
    h.update(body);
    let mut out = Vec::new();
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&h.digest().to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// A correctly sealed glimpse whose postcard lengths are absurd (a vector
/// of 2^62 slugs, a string of 2^62 bytes): no panic, no huge allocation.
#[test]
fn a_sealed_glimpse_with_absurd_lengths_is_refused_quietly() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let vault = Vault::open(env.vault()).unwrap();
    let path = vault.state_dir().join("glimpse.bin");
    std::fs::create_dir_all(vault.state_dir()).unwrap();
    let huge = [0xffu8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f];
    let mut one_huge_string = vec![1u8];
    one_huge_string.extend_from_slice(&huge);
    for body in [huge.to_vec(), one_huge_string, vec![0x80; 20], vec![]] {
        std::fs::write(&path, sealed(b"TIESGLIM", 2, &body)).unwrap();
        assert_eq!(Glimpse::read(&vault), None);
        let screen = screen_of(&glimpse_app(&vault));
        assert!(!screen.contains("panicked"), "{screen}");
    }
    // A glimpse that names a million slugs of nothing: read only `rows`.
    let g = Glimpse {
        slugs: vec!["nobody".into(); 100_000],
        total: usize::MAX,
        listed: usize::MAX,
    };
    g.write(&vault).unwrap();
    let app = glimpse_app(&vault);
    let _ = screen_of(&app);
}

/// A glimpse from another vault copied in (the same `.ties/` synced by a
/// file-sync tool): the count it shows is its own, not this vault's.
#[test]
fn a_glimpse_from_another_vault_never_shows_its_counts_after_the_index() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let vault = Vault::open(env.vault()).unwrap();
    Glimpse {
        slugs: vec!["ana-lima".into()],
        total: 5000,
        listed: 4999,
    }
    .write(&vault)
    .unwrap();
    let mut app = glimpse_app(&vault);
    settle(&mut app, &vault, vec![Effect::Reload]);
    let screen = screen_of(&app);
    assert!(
        !screen.contains("4999") && !screen.contains("5000"),
        "{screen}"
    );
}

// ----- 4. capture fields and drafts -----

/// Absurd When values: either refused with the note kept in the popup, or
/// saved at exactly the day typed.
#[test]
fn absurd_when_values_are_refused_or_saved_as_typed() {
    for when in [
        "0000-01-01",
        "99999-01-01",
        "2026-02-30",
        "2026-13-01",
        "-0001-01-01",
        "2026-11-20 25:00",
        "2026-11-20 15:30 +99:00",
        "9999-12-31 23:59",
    ] {
        let env = Env::new();
        env.write("ana-lima", "name = \"Ana Lima\"\n");
        let mut h = H::new(&env);
        h.pick("ana").key(KeyCode::Char('c')).chars("Long talk");
        h.key(KeyCode::Tab).key(KeyCode::Tab).chars(when).ctrl('s');
        let file = env.read("ana-lima");
        match &h.app.popup {
            Some(Popup::Capture(c)) => {
                assert_eq!(text_of(&c.note), "Long talk", "{when}");
                assert!(!file.contains("Long talk"), "{when}: saved and still open");
            }
            _ => {
                assert!(
                    file.contains("Long talk"),
                    "{when}: lost\n{file}\n{}",
                    h.status()
                );
                let p = h.vault.read("ana-lima");
                assert!(p.is_ok(), "{when}: the file no longer reads: {file}");
                let at = p.unwrap().person.log[0].at.to_string();
                assert!(at.starts_with(&when[..10]), "{when}: saved as {at}\n{file}");
            }
        }
    }
}

/// A todo draft that is not JSON (a future version's, or one cut short):
/// its words are offered back on `t`, and survive the form being closed.
#[test]
fn a_corrupt_todo_draft_keeps_its_words() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("todo-ana-lima.19700101T000000.000000-1.json"),
        "{\"kind\":\"todo\",\"slug\":\"ana-lima\",\"fields\":[\"Send the contract to the notary before Friday",
    )
    .unwrap();
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('t'));
    let screen = h.screen();
    // Whatever the form shows, closing it must not lose the words.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('t')).chars("x").key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    assert!(
        words_somewhere(&env, &h.app, "Send the contract to the notary"),
        "first screen:\n{screen}"
    );
}

/// A todo draft from a future version: valid JSON with its words under a
/// key this version does not know. They are not deleted.
#[test]
fn a_future_version_form_draft_is_never_deleted() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let path = drafts.join("todo-ana-lima.19700101T000000.000000-1.json");
    std::fs::write(
        &path,
        r#"{"version":9,"kind":"todo","slug":"ana-lima","text":"","values":{"text":"Renew the passport","due":"friday"}}"#,
    )
    .unwrap();
    let mut h = H::new(&env);
    h.pick("ana")
        .key(KeyCode::Char('t'))
        .chars("Other")
        .key(KeyCode::Enter);
    assert!(words_somewhere(&env, &h.app, "Renew the passport"));
}

/// A huge add-person draft (50 MB): no hang, no panic; a is usable.
#[test]
fn a_huge_add_draft_does_not_break_the_form() {
    let env = Env::new();
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let big = "x".repeat(5 << 20);
    std::fs::write(
        drafts.join("add-person.19700101T000000.000000-1.json"),
        format!(r#"{{"kind":"add-person","slug":"person","text":"","fields":["{big}"]}}"#),
    )
    .unwrap();
    let mut h = H::new(&env);
    let t = std::time::Instant::now();
    h.key(KeyCode::Char('a'));
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

/// An unplaced note filed onto the selected person whose file was deleted
/// meanwhile (not yet reloaded): the note's words are not lost.
#[test]
fn refiling_onto_a_person_deleted_meanwhile_keeps_the_note() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("capture-gone-person.json"),
        r#"{"slug":"gone-person","name":"Gone Person","text":"About the merger and the new board","via":"call","written":"2026-11-21T16:00:00-05:00"}"#,
    )
    .unwrap();
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('!'));
    std::fs::remove_file(env.person("ana-lima")).unwrap();
    h.key(KeyCode::Enter);
    h.ctrl('s');
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    h.msg(Msg::FilesChanged);
    assert!(
        words_somewhere(&env, &h.app, "About the merger and the new board"),
        "{}\n{}",
        h.status(),
        h.screen()
    );
}

/// Refiled onto a person archived meanwhile: saved into their file, and
/// the status says where it went.
#[test]
fn refiling_onto_a_person_archived_meanwhile_saves_into_their_file() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let drafts = env.vault().join(".ties/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("capture-gone-person.json"),
        r#"{"slug":"gone-person","name":"Gone Person","text":"About the merger and the new board","via":"call","written":"2026-11-21T16:00:00-05:00"}"#,
    )
    .unwrap();
    let mut h = H::new(&env);
    h.pick("ana").key(KeyCode::Char('!'));
    env.ok(&["archive", "ana"]);
    h.msg(Msg::FilesChanged);
    h.key(KeyCode::Enter);
    if matches!(h.app.popup, Some(Popup::Capture(_))) {
        h.ctrl('s');
    }
    assert!(
        words_somewhere(&env, &h.app, "About the merger and the new board"),
        "{}",
        h.status()
    );
}

// ----- 5. the filter -----

/// Rows are positions into the index: a query typed, files change (a new
/// person sorts before everyone, shifting every position), then backspace.
/// Every row shown must still match the query, and Enter opens a person
/// whose name matches.
#[test]
fn the_filter_across_an_index_reload_never_points_at_the_wrong_person() {
    let env = Env::new();
    for (s, n) in [
        ("mara-x", "Mara X"),
        ("mark-y", "Mark Y"),
        ("zed-z", "Zed Z"),
        ("quinn-q", "Quinn Q"),
    ] {
        env.write(s, &format!("name = \"{n}\"\n"));
    }
    let mut h = H::new(&env);
    h.key(KeyCode::Char('/')).chars("mar");
    h.chars("k");
    // Between keystrokes: people added that sort before them by slug.
    env.write("aaron-a", "name = \"Aaron A\"\n");
    env.write("abe-b", "name = \"Abe B\"\n");
    std::fs::remove_file(env.person("mark-y")).unwrap();
    h.msg(Msg::FilesChanged);
    h.key(KeyCode::Backspace);
    let names: Vec<String> = h
        .app
        .contacts
        .rows
        .iter()
        .map(|r| h.app.index.people[r.at as usize].name.clone())
        .collect();
    assert_eq!(names, ["Mara X"], "{}", h.screen());
    h.key(KeyCode::Backspace).key(KeyCode::Backspace);
    let names: Vec<String> = h
        .app
        .contacts
        .rows
        .iter()
        .map(|r| h.app.index.people[r.at as usize].name.clone())
        .collect();
    assert!(
        names.iter().all(|n| n.to_lowercase().contains('m')),
        "{names:?}"
    );
    h.key(KeyCode::Enter);
    assert_eq!(h.app.selected_slug(), Some("mara-x"));
}

/// A paste of a huge string, control characters, combining marks: no
/// panic, and the filter still works after Esc.
#[test]
fn the_filter_takes_huge_pastes_control_chars_and_combining_marks() {
    let env = Env::new();
    env.write("zoe-l", "name = \"Zoë Lefèvre\"\n");
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let mut h = H::new(&env);
    h.key(KeyCode::Char('/'));
    let huge = "zo\u{308}e\u{0}\u{1b}[2J\r\n\t".repeat(20_000);
    let fx = h.app.on_paste(&huge);
    settle(&mut h.app, &h.vault, fx);
    let _ = h.screen();
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('/')).chars("zoe\u{308}");
    let names: Vec<String> = h
        .app
        .contacts
        .rows
        .iter()
        .map(|r| h.app.index.people[r.at as usize].name.clone())
        .collect();
    assert_eq!(names, ["Zoë Lefèvre"], "{}", h.screen());
    let screen = h.screen();
    assert!(!screen.contains('\u{1b}'), "an escape reached the screen");
}

/// `ties archive` on a file written on Windows (BOM, CRLF): one line is
/// added, every other byte stays (as `ties log` keeps them).
#[test]
fn archiving_a_crlf_file_with_a_bom_adds_one_line_only() {
    let env = Env::new();
    let text = "\u{feff}name = \"Bo\"\r\norg = \"Acme\"\r\n\r\n[[log]]\r\nat = 2026-11-01\r\ntext = \"hi\"\r\n";
    env.write("bo", text);
    env.ok(&["archive", "bo"]);
    let after = env.read("bo");
    assert!(after.starts_with('\u{feff}'), "BOM dropped: {after:?}");
    assert!(
        after.contains("name = \"Bo\"\r\norg = \"Acme\"\r\n")
            && after.contains("text = \"hi\"\r\n"),
        "every line rewritten: {after:?}"
    );
    env.ok(&["undo"]);
    assert_eq!(env.read("bo"), text, "undo gives the bytes back");
}
