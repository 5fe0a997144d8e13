//! Hostile and odd input: no panic, a clear message, nothing else affected.
//! Arbitrary bytes into every parser (the file loader, vCard, iCalendar, the
//! merge driver), huge and deep files, odd names and paths, and the TUI
//! under random keys at random sizes.

mod common;

use std::process::Command;

use common::{Env, NOW};
use proptest::prelude::*;

const PERSON: &str = "# Ana\nname = \"Ana Lima\"\naka = [\"Ani\"]\ntags = [\"client\"]\n\n[about]\nfamily = \"two kids\"\n\n[[todo]]\ntext = \"Send it\"\ndue = 2026-11-30\n\n[[log]]\nat = 2026-11-20T09:00:00-05:00\nvia = \"call\"\ntext = \"\"\"\nBudget freeze.\n\"\"\"\nask = [\"Recital?\"]\n";

/// Bytes that look like the format often enough to reach deep code.
fn near(valid: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        (0..valid.len(), any::<u8>(), 0usize..40).prop_map(move |(at, b, cut)| {
            let mut v = valid.as_bytes().to_vec();
            v[at] = b;
            v.truncate(v.len().saturating_sub(cut));
            String::from_utf8_lossy(&v).into_owned()
        }),
        "[\\[\\]{}=\"',.:;\\\\\nBEGINVCARDENDVCALENDAR a-z0-9-]{0,300}",
    ]
}

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nEMAIL;TYPE=INTERNET:ana@example.com\r\nitem1.X-ABDATE:2015-06-20\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\nBDAY:--07-14\r\nNOTE:a\\, b\\; c\r\n  folded\r\nEND:VCARD\r\n";
const ICS: &str = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Weekly\r\nDTSTART;TZID=Europe/Lisbon:20261102T100000\r\nDTEND;TZID=Europe/Lisbon:20261102T103000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=500\r\nEXDATE;TZID=Europe/Lisbon:20261130T100000\r\nATTENDEE;CN=\"Lima, Ana\":mailto:ana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_file_loader_never_panics(text in near(PERSON)) {
        let _ = ties::store::parse::parse("x", text.as_bytes());
    }

    #[test]
    fn the_vcard_importer_never_panics(text in near(VCARD)) {
        let (contacts, _) = ties::vcard::parse(&text);
        for c in &contacts {
            prop_assert!(!c.name.is_empty());
        }
    }

    #[test]
    fn the_calendar_reader_never_panics(text in near(ICS)) {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.ics");
        std::fs::write(&f, &text).unwrap();
        let (cals, _) = ties::calendar::load(&[f]);
        let clock = ties::clock::Clock::fixed(NOW);
        let _ = ties::calendar::on_day(&cals, clock.today(), &clock);
    }

    /// Only "no panic": these inputs almost never parse, so the merge is
    /// nearly always refused; whether a clean merge parses is tests/merge.rs's.
    #[test]
    fn the_merge_driver_never_panics_on_arbitrary_bytes(
        ours in near(PERSON),
        theirs in near(PERSON),
    ) {
        let _ = ties::sync::merge::merge(PERSON, &ours, &theirs);
    }
}

fn tui_app() -> ties::tui::App {
    ties::tui::App::new(ties::tui::Init {
        clock: ties::clock::Clock::fixed(NOW),
        vault_label: "v".into(),
        keymap: ties::tui::keymap::Keymap::default(),
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        autocommit: false,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size: (80, 24),
    })
}

// The interesting cases found while fuzzing, kept as plain tests.
#[test]
fn corpus() {
    for text in [
        "",
        "\u{feff}",
        "name = \"\"",
        "name = 1",
        "name = \"x\"\n[[log]]\n",
        "name = \"x\"\nlog = [1, 2]\n",
        "name = \"x\"\nbirthday = \"--02-30\"\n",
        "name = \"x\"\n[[log]]\nat = \"not a date\"\ntext = \"x\"\n",
        "<<<<<<< ours\nname = \"x\"\n",
    ] {
        let _ = ties::store::parse::parse("x", text.as_bytes());
    }
    for text in [
        "BEGIN:VCARD\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nFN:",
        "BEGIN:VCARD\r\nBDAY:--13-45\r\nFN:x\r\nEND:VCARD",
    ] {
        let _ = ties::vcard::parse(text);
    }
}

#[test]
fn a_huge_file_and_a_deep_one_are_reported_and_the_rest_still_load() {
    let env = Env::new();
    env.write("ana", "name = \"Ana\"\n");
    // 100 MB.
    let big = env.person("big");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 << 20).unwrap();
    // 10,000 levels deep.
    env.write(
        "deep",
        &format!(
            "name = \"x\"\na = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    let (code, out, _) = env.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("people/big.toml") && out.contains("too large"),
        "{out}"
    );
    assert!(out.contains("people/deep.toml"), "{out}");
    assert!(env.ok(&["list"]).contains("Ana"));
}

#[test]
fn a_person_with_100000_entries_and_a_name_of_10000_characters() {
    let env = Env::new();
    let mut text = String::from("name = \"Ana\"\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "[[log]]\nat = 2020-01-01T{:02}:{:02}:00Z\nvia = \"call\"\ntext = \"entry {i}\"\n",
            (i / 60) % 24,
            i % 60
        ));
    }
    env.write("ana", &text);
    env.ok(&["log", "ana", "one more"]);
    let prep = env.ok(&["prep", "ana"]);
    assert!(prep.contains("one more"), "{prep}");
    let long = "N".repeat(10_000);
    env.write("long", &format!("name = \"{long}\"\n"));
    let list = env.ok(&["list"]);
    assert!(list.contains("NNNN"));
    let (code, _, err) = env.run(&["add", &long]);
    assert_eq!(code, 1);
    assert!(err.contains("200"), "{err}");
    // The TUI draws both without trouble.
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    let mut app = tui_app();
    ties::tui::perform::settle(&mut app, &vault, vec![ties::tui::Effect::Reload]);
    for slug in ["ana", "long"] {
        let at = app.contacts.position_of(&app.index, slug).unwrap();
        app.selected = at;
        ties::tui::perform::settle(
            &mut app,
            &vault,
            vec![ties::tui::Effect::LoadDetail(slug.into())],
        );
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| {
            f.render_widget(
                ties::tui::ui::View {
                    app: &app,
                    theme: ties::tui::theme::Theme { color: false },
                },
                f.area(),
            )
        })
        .unwrap();
        if slug == "ana" {
            assert_eq!(app.timeline().len(), 100_001);
            assert_eq!(app.timeline()[0].text, "one more", "newest first");
        }
    }
}

#[test]
fn a_symlink_in_people_is_read_but_never_written_through() {
    let env = Env::new();
    let outside = env.dir.path().join("outside.toml");
    std::fs::write(&outside, "name = \"Outside\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.person("outside")).unwrap();
    let (code, _, err) = env.run(&["log", "outside", "through the link?"]);
    assert_eq!(code, 1);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "name = \"Outside\"\n"
    );
}

#[test]
fn a_vault_path_with_spaces_quotes_and_shell_characters_is_only_a_path() {
    let env = Env::new();
    let dir = env
        .dir
        .path()
        .join("My Notes é ü $(touch PWNED); `touch PWNED2` 'q'");
    let v = dir.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = env
            .bare(args)
            .env("TIES_VAULT", v)
            .env("EDITOR", "true")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let init = env.bare(&["init", v, "--git"]).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    run(&["add", "Zoë Lefèvre"]);
    run(&["log", "zoe", "Café with Zoë"]);
    run(&["edit", "zoe"]);
    assert!(run(&["prep", "zoe"]).contains("Café with Zoë"));
    let sync = env.bare(&["sync"]).env("TIES_VAULT", v).output().unwrap();
    assert!(
        sync.status.success(),
        "{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    for pwned in ["PWNED", "PWNED2"] {
        assert!(!env.dir.path().join(pwned).exists());
        assert!(!std::env::current_dir().unwrap().join(pwned).exists());
    }
    let log = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["log", "--format=%s"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&log.stdout).contains("log call with Zoë Lefèvre"));
}

/// Plain keys the TUI binds, and keys every text field handles.
const PLAIN_KEYS: [crossterm::event::KeyCode; 40] = {
    use crossterm::event::KeyCode::*;
    [
        Char('j'),
        Char('k'),
        Char('g'),
        Char('G'),
        Char('/'),
        Char('z'),
        Char('o'),
        Char('e'),
        Char('c'),
        Char('a'),
        Char('t'),
        Char('p'),
        Char('?'),
        Char('!'),
        Char('d'),
        Char('m'),
        Char('y'),
        Char('n'),
        Char('x'),
        Char(' '),
        Enter,
        Esc,
        Tab,
        BackTab,
        Backspace,
        Up,
        Down,
        Left,
        Right,
        PageUp,
        PageDown,
        Home,
        End,
        Delete,
        F(1),
        Char('l'),
        Char('h'),
        Char('q'),
        Char('s'),
        Char('w'),
    ]
};

/// Ctrl keys with a meaning somewhere: delete a word, clear, save, quit.
const CTRL_KEYS: [char; 8] = ['w', 's', 't', 'c', 'u', 'a', 'e', 'k'];

/// One key: plain three times in four, Ctrl otherwise.
fn key() -> impl Strategy<Value = crossterm::event::KeyEvent> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    prop_oneof![
        3 => (0..PLAIN_KEYS.len()).prop_map(|i| KeyEvent::new(PLAIN_KEYS[i], KeyModifiers::NONE)),
        1 => (0..CTRL_KEYS.len())
            .prop_map(|i| KeyEvent::new(KeyCode::Char(CTRL_KEYS[i]), KeyModifiers::CONTROL)),
    ]
}

fn key_steps() -> impl Strategy<Value = Vec<(crossterm::event::KeyEvent, u16, u16)>> {
    prop::collection::vec((key(), 1u16..300, 1u16..100), 1..80)
}

/// The generator really makes the Ctrl keys the TUI test claims to press:
/// over 60 sequences from a fixed seed, each Ctrl key shows up.
#[test]
fn the_random_keys_include_every_ctrl_key() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..60 {
        for (k, _, _) in key_steps().new_tree(&mut runner).unwrap().current() {
            if let (KeyCode::Char(c), true) = (k.code, k.modifiers.contains(KeyModifiers::CONTROL))
            {
                *seen.entry(c).or_insert(0) += 1;
            }
        }
    }
    for c in CTRL_KEYS {
        assert!(
            seen.get(&c).is_some_and(|n| *n >= 5),
            "ctrl-{c} pressed too rarely: {seen:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Random keys, Ctrl ones among them (ctrl-w, ctrl-s, ctrl-t, ctrl-c...),
    /// at random sizes: no panic, and the selection always names a row (or
    /// there are none).
    #[test]
    fn the_tui_survives_random_keys_at_random_sizes(steps in key_steps()) {
        let dir = tempfile::tempdir().unwrap();
        let vault = ties::demo::write_demo(dir.path(), ties::clock::Clock::fixed(NOW).today()).unwrap();
        let mut app = tui_app();
        ties::tui::perform::settle(&mut app, &vault, vec![ties::tui::Effect::Reload]);
        for (key, w, h) in steps {
            app.resize(w, h);
            let fx = app.on_key(key);
            let left = ties::tui::perform::settle(&mut app, &vault, fx);
            if left.contains(&ties::tui::Effect::Quit) {
                app.quit = false;
            }
            prop_assert!(app.contacts.rows.is_empty() || app.selected < app.contacts.rows.len());
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| f.render_widget(ties::tui::ui::View { app: &app, theme: ties::tui::theme::Theme { color: true } }, f.area())).unwrap();
        }
    }
}

/// A person file as people write them by hand: comments, odd spacing,
/// inline tables, keys ties does not know.
fn person_file() -> impl Strategy<Value = String> {
    let sp = prop_oneof![Just(""), Just(" "), Just("   "), Just("\t")];
    let comment = prop_oneof![
        Just(String::new()),
        "[a-z ]{0,12}".prop_map(|c| format!(" # {c}"))
    ];
    (
        sp.clone(),
        comment.clone(),
        prop::bool::ANY,
        // A map: a key written twice would not be valid TOML to begin with.
        prop::collection::btree_map("[a-z]{1,8}", ("[a-zA-Z ]{0,16}", comment.clone()), 0..4),
        prop::collection::vec(("[a-z ]{1,20}", prop::bool::ANY), 0..4),
        prop::collection::vec("[a-zA-Z ,.]{1,40}", 0..4),
    )
        .prop_map(|(sp, c, extra, about, todos, logs)| {
            let mut s = format!("# A person\nname{sp}={sp}\"Ana Lima\"{c}\n");
            if extra {
                s.push_str("links = { site = \"https://example.com\", x = 1 }   # mine\nfavourite_number = 7\n");
            }
            if !about.is_empty() {
                s.push_str("\n[about]   # facts\n");
                for (k, (v, c)) in &about {
                    s.push_str(&format!("{k}{sp}= \"{v}\"{c}\n"));
                }
            }
            for (t, done) in &todos {
                s.push_str(&format!("\n[[todo]]\ntext = \"{}\"\ndone = {done}{c}\n", t.trim()));
            }
            for (i, l) in logs.iter().enumerate() {
                s.push_str(&format!("\n[[log]]  # entry\nat = 2026-11-{:02}\nvia=\"call\"\ntext = \"{l}\"\nmood = \"odd key\"\n", i + 1));
            }
            s
        })
}

#[derive(Debug, Clone)]
enum Op {
    Log(String),
    Todo(String),
    Done(usize),
    About(String, String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[a-zA-Z \"\\\\\n]{1,30}".prop_map(Op::Log),
        "[a-zA-Z ]{1,20}".prop_map(Op::Todo),
        (1usize..6).prop_map(Op::Done),
        ("[a-z]{1,6}", "[a-zA-Z ]{1,12}").prop_map(|(k, v)| Op::About(k, v)),
    ]
}

/// Lines of `before` missing from `after` (as a multiset).
fn lost_lines<'a>(before: &'a str, after: &str) -> Vec<&'a str> {
    let mut pool: Vec<&str> = after.lines().collect();
    before
        .lines()
        .filter(|l| match pool.iter().position(|p| p == l) {
            Some(i) => {
                pool.remove(i);
                false
            }
            None => true,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Every byte an operation does not target stays as it was; the file
    /// parses; the typed view holds what was asked.
    #[test]
    fn operations_touch_only_what_they_target(file in person_file(), ops in prop::collection::vec(op(), 1..8)) {
        use ties::store::write;
        let dir = tempfile::tempdir().unwrap();
        let vault = ties::store::Vault::create(dir.path().join("v")).unwrap();
        std::fs::write(vault.file_of("ana"), &file).unwrap();
        let clock = ties::clock::Clock::fixed(NOW);
        for op in ops {
            let before = std::fs::read_to_string(vault.file_of("ana")).unwrap();
            let p0 = vault.read("ana").unwrap().person;
            let r = match &op {
                Op::Log(t) => write::log(&vault, "ana", &write::NewEntry {
                    with: Vec::new(),
                    at: clock.now, via: "call".into(), text: t.clone(), ask: vec![], asked: Vec::new(),
                    private: false, why: None,
                }).map(|p| {
                    assert!(p.log.iter().any(|e| e.text.trim_end() == t.trim_end()), "{t:?}");
                }),
                Op::Todo(t) => write::add_todo(&vault, "ana", t, None).map(|_| ()),
                Op::Done(n) => write::mark_done(&vault, "ana", *n).map(|_| ()),
                Op::About(k, v) => write::set_about(&vault, "ana", k, v).map(|p| {
                    assert!(p.about.iter().any(|(a, b)| a == k && b == v));
                }),
            };
            let after = std::fs::read_to_string(vault.file_of("ana")).unwrap();
            let p1 = ties::store::parse::parse("ana", after.as_bytes())
                .unwrap_or_else(|e| panic!("{op:?} broke the file: {e:?}\n{after}")).1;
            if r.is_err() {
                prop_assert_eq!(&before, &after, "a refused operation writes nothing");
                continue;
            }
            let lost = lost_lines(&before, &after);
            match &op {
                Op::Log(_) | Op::Todo(_) => prop_assert!(after.starts_with(&before), "appends only:\n{}\n---\n{}", before, after),
                Op::Done(n) => {
                    prop_assert!(lost.iter().all(|l| l.trim_start().starts_with("done")), "{:?}", lost);
                    prop_assert!(p1.todos[n - 1].done);
                }
                Op::About(k, _) => prop_assert!(lost.iter().all(|l| l.trim_start().starts_with(k.as_str())), "{:?}", lost),
            }
            prop_assert_eq!(p1.name, p0.name);
        }
    }
}
