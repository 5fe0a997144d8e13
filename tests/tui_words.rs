//! The TUI never loses a word (issue 13 §0), as a property: random keys
//! (words starting with y, n, q and d among them, Esc, Ctrl-D, Ctrl-S,
//! Tab, `c`, `/`, j/k…), drafts written on ticks, files changed behind the
//! app's back (a note appended by the library, a hand edit, a file emptied
//! then put back), a second window on the same vault, and kills (the app
//! dropped without quitting, a new one started, `c` pressed on the same
//! person). After every case:
//!
//! - every piece of text typed into a capture's note is in a `[[log]]`
//!   entry of that person's file, or in the draft `c` offers back on that
//!   person in that window, unless it was dropped on purpose (Esc then
//!   Ctrl-D, or `u` answered yes), or typed after the last draft write of
//!   a window that was then killed (drafts are written on ticks);
//! - no piece is filed under another person, or filed twice;
//! - whenever `c` opens a capture, it is on the selected person, it offers
//!   back what this window left on them, and nothing the other window typed.
//!
//! Between steps, a change to the files never moves the selection off a
//! person who is still listed.
//!
//! The drafts module keeps one window per vault path in this process, so
//! the second window opens the vault through a symlink: it is a window of
//! its own, as a second process would be. A kill drops the `App` but its
//! window stays claimed (the process lives on), so a killed window's
//! drafts come back to the same window, never to the other one; that a
//! dead window's drafts pass to another is tested in `store::drafts`.
//!
//! The pieces of text are tracked per capture session and compared by
//! substring; each typed word ends in a number unique in the case, so a
//! piece names the one place it may be.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ties::clock::Clock;
use ties::store::Vault;
use ties::tui::app::{Effect, Msg, Popup};
use ties::tui::keymap::Keymap;
use ties::tui::perform::settle;
use ties::tui::popup::capture::CaptureField;
use ties::tui::theme::Theme;
use ties::tui::ui::View;
use ties::tui::{App, Init};

const NOW: &str = "2026-11-23T09:00:00-05:00";

fn clock() -> Clock {
    Clock::fixed(NOW)
}

/// Words a user types, first letters that are commands on the main screen
/// and answers to questions among them.
const WORDS: &[&str] = &[
    "yesterday",
    "yes",
    "no",
    "nothing",
    "quick",
    "quiet",
    "done",
    "dinner",
    "called",
    "kids",
    "just",
    "tomorrow",
    "asked",
    "undo",
    "exit",
    "hello",
    "met",
];

/// What a `/` filter types after the slash.
const QUERIES: &[&str] = &["dan", "zo", "mar", "pri", "tom", "nad", "a", "e", "zzz"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Enter,
    Tab,
    BackTab,
    Esc,
    CtrlS,
    CtrlD,
    CtrlT,
    J,
    Kk,
    C,
}

impl K {
    fn event(self) -> KeyEvent {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let plain = |c| KeyEvent::new(c, KeyModifiers::NONE);
        match self {
            K::Enter => plain(KeyCode::Enter),
            K::Tab => plain(KeyCode::Tab),
            K::BackTab => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            K::Esc => plain(KeyCode::Esc),
            K::CtrlS => ctrl('s'),
            K::CtrlD => ctrl('d'),
            K::CtrlT => ctrl('t'),
            K::J => plain(KeyCode::Char('j')),
            K::Kk => plain(KeyCode::Char('k')),
            K::C => plain(KeyCode::Char('c')),
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// A word (and a space) typed in window `w`.
    Word(usize, usize),
    Key(K, usize),
    /// `/` and a query, typed.
    Filter(usize, usize),
    Tick(usize),
    /// The library appends a note to person `p` (another ties, a script).
    Append(usize),
    /// An editor rewrites person `p`'s file (in place, or by rename).
    HandEdit(usize, bool),
    /// Person `p`'s file is briefly empty (git, an editor truncating).
    Empty(usize),
    /// The emptied files get their text back.
    Restore,
    /// Window `w` is killed and started again; `c` on the same person.
    Kill(usize),
    /// Esc then Ctrl-D in window `w`: a note dropped on purpose.
    Discard(usize),
}

fn window() -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(0usize), 1 => Just(1usize)]
}

fn step() -> impl Strategy<Value = Step> {
    let key = prop_oneof![
        1 => Just(K::Enter),
        1 => Just(K::Tab),
        1 => Just(K::BackTab),
        1 => Just(K::Esc),
        1 => Just(K::CtrlS),
        1 => Just(K::CtrlD),
        1 => Just(K::CtrlT),
        1 => Just(K::J),
        1 => Just(K::Kk),
        3 => Just(K::C),
    ];
    prop_oneof![
        8 => (0..WORDS.len(), window()).prop_map(|(i, w)| Step::Word(i, w)),
        10 => (key, window()).prop_map(|(k, w)| Step::Key(k, w)),
        2 => (0..QUERIES.len(), window()).prop_map(|(q, w)| Step::Filter(q, w)),
        4 => window().prop_map(Step::Tick),
        1 => (0..16usize).prop_map(Step::Append),
        1 => (0..16usize, any::<bool>()).prop_map(|(p, r)| Step::HandEdit(p, r)),
        1 => (0..16usize).prop_map(Step::Empty),
        1 => Just(Step::Restore),
        1 => window().prop_map(Step::Kill),
        1 => window().prop_map(Step::Discard),
    ]
}

/// A piece of text typed into a capture's note without another key between.
#[derive(Debug)]
struct Piece {
    win: usize,
    slug: String,
    text: String,
    /// On disk since (a tick, a save or a quit wrote the draft after it).
    safe: bool,
    /// Why it may be gone: dropped on purpose, or typed just before a kill.
    excused: Option<&'static str>,
}

impl Piece {
    /// What to look for: a save trims the note's ends.
    fn needle(&self) -> &str {
        self.text.trim()
    }
}

/// One capture popup, from `c` to its close.
#[derive(Debug)]
struct Session {
    /// Pieces typed in it, and those of earlier sessions its draft brought back.
    pieces: Vec<usize>,
}

struct Win {
    vault: Vault,
    app: App,
    /// The open capture's session.
    open: Option<usize>,
    /// The piece being typed (no other key since its last character).
    typing: Option<usize>,
    /// Who the user means to have selected.
    intended: Option<String>,
    /// Changed since the last frame.
    stale: bool,
}

struct World {
    _dir: tempfile::TempDir,
    size: (u16, u16),
    wins: Vec<Win>,
    slugs: Vec<String>,
    pieces: Vec<Piece>,
    sessions: Vec<Session>,
    /// Files emptied, with the text to put back.
    emptied: HashMap<String, Vec<u8>>,
    words: usize,
    log: Vec<String>,
}

fn new_app(size: (u16, u16)) -> App {
    App::new(Init {
        clock: clock(),
        vault_label: "~/words".into(),
        keymap: Keymap::default(),
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        // No git here: commits are tested elsewhere.
        autocommit: false,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size,
    })
}

fn draw(app: &App) {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    t.draw(|f| {
        f.render_widget(
            View {
                app,
                theme: Theme { color: false },
            },
            f.area(),
        )
    })
    .expect("drawn");
}

/// The texts of a person file's log entries (none when it does not read).
fn log_texts(vault: &Vault, slug: &str) -> Vec<String> {
    vault
        .read(slug)
        .map(|l| l.person.log.iter().map(|e| e.text.clone()).collect())
        .unwrap_or_default()
}

fn people(vault: &Vault) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(vault.people_dir())
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.strip_suffix(".toml").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn in_rows(app: &App, slug: &str) -> bool {
    app.contacts
        .rows
        .iter()
        .any(|r| app.index.people.get(r.at as usize).map(|s| s.slug.as_str()) == Some(slug))
}

fn capture(app: &App) -> Option<&ties::tui::popup::Capture> {
    match &app.popup {
        Some(Popup::Capture(c)) => Some(c),
        _ => None,
    }
}

type Check = Result<(), String>;

/// How often each kind of event happened over the run, to see the cases
/// reach what they are meant to.
static STATS: std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

impl World {
    fn new(size: (u16, u16)) -> World {
        let dir = tempfile::tempdir().expect("a temp folder");
        let root = dir.path().join("vault");
        let vault = ties::demo::write_demo(&root, clock().today()).expect("the demo vault");
        let alias = dir.path().join("alias");
        std::os::unix::fs::symlink(&root, &alias).expect("a symlink");
        let slugs = people(&vault);
        let mut w = World {
            _dir: dir,
            size,
            wins: Vec::new(),
            slugs,
            pieces: Vec::new(),
            sessions: Vec::new(),
            emptied: HashMap::new(),
            words: 0,
            log: Vec::new(),
        };
        for path in [root, alias] {
            let vault = Vault::open(&path).expect("the vault opens");
            let app = new_app(size);
            let mut win = Win {
                vault,
                app,
                open: None,
                typing: None,
                intended: None,
                stale: false,
            };
            let left = settle(&mut win.app, &win.vault, vec![Effect::Reload]);
            assert!(left.is_empty());
            draw(&win.app);
            win.intended = win.app.selected_slug().map(str::to_string);
            w.wins.push(win);
        }
        w
    }

    /// Performs the effects, restarts a window that quit.
    fn run(&mut self, w: usize, fx: Vec<Effect>) {
        let win = &mut self.wins[w];
        let left = settle(&mut win.app, &win.vault, fx);
        win.stale = true;
        if left.contains(&Effect::Quit) {
            // A quit writes the draft first: what was typed is on disk.
            if let Some(s) = win.open.take() {
                for &p in &self.sessions[s].pieces {
                    self.pieces[p].safe = true;
                }
            }
            self.note("quit and restarted", format!("window {w} quit"));
            self.restart(w);
        }
        // Edit and a sync in the terminal need the runtime: as if the
        // editor closed at once, or git asked for nothing.
    }

    fn restart(&mut self, w: usize) {
        let size = self.size;
        let win = &mut self.wins[w];
        win.typing = None;
        win.app = new_app(size);
        let left = settle(&mut win.app, &win.vault, vec![Effect::Reload]);
        debug_assert!(left.is_empty());
        draw(&win.app);
        win.intended = win.app.selected_slug().map(str::to_string);
    }

    /// One key in window `w`, with the model kept beside it.
    fn press(&mut self, w: usize, key: KeyEvent) -> Check {
        let typed_char = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
            _ => None,
        };
        let win = &self.wins[w];
        let selected = win.app.selected_slug().map(str::to_string);
        let cap = capture(&win.app).map(|c| {
            (
                c.field == CaptureField::Note && !c.saving,
                c.confirm_discard,
                c.is_empty() && c.restored.is_none(),
            )
        });
        if typed_char.is_some() && cap.is_some_and(|c| c.1) {
            self.note("characters typed at \"Discard?\"", String::new());
        }
        // Into the note: the model notes it.
        match (typed_char, cap, self.wins[w].open) {
            (Some(ch), Some((true, _, _)), Some(s)) => {
                let p = match self.wins[w].typing {
                    Some(p) => p,
                    None => {
                        self.pieces.push(Piece {
                            win: w,
                            slug: self.wins[w].app_capture_slug(),
                            text: String::new(),
                            safe: false,
                            excused: None,
                        });
                        let p = self.pieces.len() - 1;
                        self.sessions[s].pieces.push(p);
                        self.wins[w].typing = Some(p);
                        p
                    }
                };
                self.pieces[p].text.push(ch);
            }
            _ => self.wins[w].typing = None,
        }
        // `u` answered yes: what it takes back was taken back on purpose.
        let undoing = matches!(&self.wins[w].app.popup, Some(Popup::Confirm(c)) if matches!(c.yes, Effect::Undo(_)))
            && matches!(key.code, KeyCode::Char('y') | KeyCode::Enter);
        let before = undoing.then(|| self.all_logs());

        let fx = self.wins[w].app.on_key(key);
        self.run(w, fx);

        if let Some(before) = before {
            let after = self.all_logs();
            for p in self.pieces.iter_mut().filter(|p| p.excused.is_none()) {
                let had = before.iter().any(|(_, t)| t.contains(p.needle()));
                let has = after.iter().any(|(_, t)| t.contains(p.needle()));
                if had && !has {
                    p.excused = Some("undone with u");
                }
            }
            self.note("undone with u", format!("window {w} undid a save"));
        }

        let win = &self.wins[w];
        let now = capture(&win.app).map(|c| (c.slug.clone(), c.note.lines().join("\n")));
        match (win.open, now) {
            (None, Some((slug, text))) => {
                // `c` opened a capture: on the selected person, with what
                // this window left on them, and nothing of the other's.
                if selected.as_deref() != Some(slug.as_str()) {
                    return Err(format!(
                        "window {w}: the capture opened on {slug}, but {selected:?} was selected"
                    ));
                }
                let file = log_texts(&win.vault, &slug).join("\n");
                let mut brought = Vec::new();
                for (i, p) in self.pieces.iter().enumerate() {
                    if p.needle().is_empty() || p.excused.is_some() {
                        continue;
                    }
                    if p.win == w && p.slug == slug && p.safe && !file.contains(p.needle()) {
                        if !text.contains(p.needle()) {
                            return Err(format!(
                                "window {w}: c on {slug} did not offer back {:?} (offered {text:?})",
                                p.text
                            ));
                        }
                        brought.push(i);
                    }
                    if p.win != w && has_word(&p.text) && text.contains(p.needle()) {
                        return Err(format!(
                            "window {w}: c on {slug} offered {:?}, typed in the other window",
                            p.text
                        ));
                    }
                }
                self.sessions.push(Session { pieces: brought });
                self.wins[w].open = Some(self.sessions.len() - 1);
                self.note("captures opened", format!("window {w} capture on {slug}"));
                if !self.sessions[self.sessions.len() - 1].pieces.is_empty() {
                    self.note("drafts offered back and checked", String::new());
                }
                if w == 1 {
                    self.note("captures in the second window", String::new());
                }
            }
            (Some(s), None) => {
                let (_, confirming, _) = cap.unwrap_or_default();
                if key == K::CtrlD.event() && confirming {
                    for &p in &self.sessions[s].pieces {
                        self.pieces[p].excused = Some("discarded with Esc, Ctrl-D");
                    }
                    self.note(
                        "discarded with Esc, Ctrl-D",
                        format!("window {w} discarded"),
                    );
                } else if key == K::CtrlS.event() {
                    // The draft is written before the save: on disk either way.
                    for &p in &self.sessions[s].pieces {
                        self.pieces[p].safe = true;
                    }
                    self.note("notes saved", format!("window {w} saved"));
                } else if key == K::Esc.event() && cap.is_some_and(|c| c.2) {
                    self.note(
                        "empty captures closed",
                        format!("window {w} empty capture closed"),
                    );
                } else {
                    self.note(
                        "captures closed otherwise",
                        format!("window {w} capture closed by {key:?}"),
                    );
                }
                self.wins[w].open = None;
            }
            (Some(_), Some(_)) if key == K::CtrlS.event() => {
                // A save that failed keeps the popup and writes the draft.
                let s = self.wins[w].open.unwrap_or_default();
                for &p in &self.sessions[s].pieces {
                    self.pieces[p].safe = true;
                }
                self.note(
                    "saves refused, popup kept",
                    format!("window {w} save kept open"),
                );
            }
            _ => {}
        }
        let app = &self.wins[w].app;
        self.wins[w].intended = app
            .selected_slug()
            .map(str::to_string)
            .or_else(|| app.held.clone());
        Ok(())
    }

    /// A line of the case's story, and a count of its kind over the run.
    fn note(&mut self, kind: &'static str, line: String) {
        if !line.is_empty() {
            self.log.push(line);
        }
        let mut stats = STATS.lock().unwrap_or_else(|p| p.into_inner());
        *stats.entry(kind).or_default() += 1;
    }

    fn tick(&mut self, w: usize) {
        self.wins[w].typing = None;
        let fx = self.wins[w].app.on_msg(Msg::Tick);
        self.run(w, fx);
        if let Some(s) = self.wins[w].open {
            for &p in &self.sessions[s].pieces {
                self.pieces[p].safe = true;
            }
        }
    }

    /// The watcher's message to both windows, then: the selection stayed.
    fn files_changed(&mut self) -> Check {
        for w in 0..self.wins.len() {
            let fx = self.wins[w].app.on_msg(Msg::FilesChanged);
            self.run(w, fx);
            let win = &self.wins[w];
            let Some(s) = win.intended.clone() else {
                continue;
            };
            if !in_rows(&win.app, &s) {
                continue;
            }
            if win.app.selected_slug() != Some(s.as_str()) {
                return Err(format!(
                    "window {w}: {s} is listed but {:?} is selected after a change to the files",
                    win.app.selected_slug()
                ));
            }
            self.note(
                "selections checked after a change to the files",
                String::new(),
            );
        }
        Ok(())
    }

    fn kill(&mut self, w: usize) -> Check {
        let win = &mut self.wins[w];
        let person = capture(&win.app)
            .map(|c| c.slug.clone())
            .or_else(|| win.app.selected_slug().map(str::to_string));
        let killed_open = win.open.is_some();
        if let Some(s) = win.open.take() {
            for &p in &self.sessions[s].pieces {
                if !self.pieces[p].safe {
                    self.pieces[p].excused = Some("typed after the last tick, then killed");
                }
            }
        }
        self.note(
            if killed_open {
                "kills with a capture open"
            } else {
                "kills"
            },
            format!("window {w} killed"),
        );
        self.restart(w);
        // Back on the same person, and `c`.
        let Some(slug) = person else { return Ok(()) };
        let app = &self.wins[w].app;
        let Some(at) = app.contacts.rows.iter().position(|r| {
            app.index.people.get(r.at as usize).map(|s| s.slug.as_str()) == Some(slug.as_str())
        }) else {
            return Ok(());
        };
        for _ in 0..at {
            self.press(w, K::J.event())?;
        }
        self.press(w, K::C.event())
    }

    /// One step, then a frame of each window it changed (a burst of keys
    /// is drawn once, as the runtime does when they come faster than frames).
    fn step(&mut self, s: &Step) -> Check {
        let r = self.step_only(s);
        for win in &mut self.wins {
            if std::mem::take(&mut win.stale) {
                draw(&win.app);
            }
        }
        r
    }

    fn step_only(&mut self, s: &Step) -> Check {
        match *s {
            Step::Word(i, w) => {
                self.words += 1;
                let word = format!("{}{:03} ", WORDS[i], self.words);
                for c in word.chars() {
                    self.press(w, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))?;
                }
            }
            Step::Key(k, w) => self.press(w, k.event())?,
            Step::Filter(q, w) => {
                for c in std::iter::once('/').chain(QUERIES[q].chars()) {
                    self.press(w, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))?;
                }
            }
            Step::Tick(w) => self.tick(w),
            Step::Append(p) => {
                let slug = self.slugs[p % self.slugs.len()].clone();
                let entry = ties::store::write::NewEntry {
                    with: Vec::new(),
                    at: clock().now,
                    via: "email".into(),
                    text: "Wrote from another machine.".into(),
                    ask: Vec::new(),
                    asked: Vec::new(),
                    private: false,
                    why: None,
                };
                // Refused while the file is empty: that is its business.
                let _ = ties::store::write::log(&self.wins[0].vault, &slug, &entry);
                self.files_changed()?;
            }
            Step::HandEdit(p, rename) => {
                let slug = self.slugs[p % self.slugs.len()].clone();
                let path = self.wins[0].vault.file_of(&slug);
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !text.is_empty() {
                    let edited = format!("# looked over by hand\n{text}");
                    if rename {
                        let tmp = path.with_extension("toml.swp");
                        std::fs::write(&tmp, &edited).map_err(|e| e.to_string())?;
                        std::fs::rename(&tmp, &path).map_err(|e| e.to_string())?;
                    } else {
                        std::fs::write(&path, &edited).map_err(|e| e.to_string())?;
                    }
                }
                self.files_changed()?;
            }
            Step::Empty(p) => {
                let slug = self.slugs[p % self.slugs.len()].clone();
                let path = self.wins[0].vault.file_of(&slug);
                if !self.emptied.contains_key(&slug)
                    && let Ok(text) = std::fs::read(&path)
                {
                    std::fs::write(&path, "").map_err(|e| e.to_string())?;
                    if self
                        .wins
                        .iter()
                        .any(|w| w.intended.as_deref() == Some(slug.as_str()))
                    {
                        self.note("selected files emptied", String::new());
                    }
                    self.emptied.insert(slug, text);
                }
                self.files_changed()?;
            }
            Step::Restore => {
                self.restore()?;
                self.files_changed()?;
            }
            Step::Kill(w) => self.kill(w)?,
            Step::Discard(w) => {
                self.press(w, K::Esc.event())?;
                self.press(w, K::CtrlD.event())?;
            }
        }
        Ok(())
    }

    /// Puts back the emptied files; one that ties wrote into meanwhile is
    /// a file it should not have written.
    fn restore(&mut self) -> Check {
        for (slug, text) in std::mem::take(&mut self.emptied) {
            let path = self.wins[0].vault.file_of(&slug);
            let now = std::fs::read(&path).unwrap_or_default();
            if !now.is_empty() {
                return Err(format!(
                    "{slug}.toml was written while empty: {:?}",
                    String::from_utf8_lossy(&now)
                ));
            }
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Every log text of every person file, with its person.
    fn all_logs(&self) -> Vec<(String, String)> {
        let vault = &self.wins[0].vault;
        people(vault)
            .into_iter()
            .flat_map(|s| {
                log_texts(vault, &s)
                    .into_iter()
                    .map(move |t| (s.clone(), t))
            })
            .collect()
    }

    /// The end of a case: the user waits a second in each window, the
    /// emptied files come back; then each piece is where it belongs.
    fn check(&mut self) -> Check {
        self.restore()?;
        self.files_changed()?;
        for w in 0..self.wins.len() {
            self.tick(w);
        }
        let logs = self.all_logs();
        let slugs = people(&self.wins[0].vault);
        for p in &self.pieces {
            if p.excused.is_some() || p.needle().is_empty() {
                continue;
            }
            let filed: Vec<&String> = logs
                .iter()
                .filter(|(_, t)| t.contains(p.needle()))
                .map(|(s, _)| s)
                .collect();
            if has_word(&p.text) {
                if let Some(other) = filed.iter().find(|s| **s != &p.slug) {
                    return Err(format!(
                        "{:?}, typed about {}, is filed under {other}",
                        p.text, p.slug
                    ));
                }
                if filed.len() > 1 {
                    return Err(format!("{:?} is filed {} times", p.text, filed.len()));
                }
                // Nor waiting in a draft on someone else.
                for s in slugs.iter().filter(|s| **s != p.slug) {
                    for win in &self.wins {
                        if let Some(d) = ties::tui::draft::load(&win.vault, s)
                            && d.text.contains(p.needle())
                        {
                            return Err(format!(
                                "{:?}, typed about {}, is in a draft on {s}",
                                p.text, p.slug
                            ));
                        }
                    }
                }
            }
            if !filed.is_empty() {
                continue;
            }
            let win = &self.wins[p.win];
            let name = win
                .app
                .index
                .get(&p.slug)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let draft = ties::tui::draft::load_for(&win.vault, &p.slug, &name);
            if !draft.as_ref().is_some_and(|d| d.text.contains(p.needle())) {
                return Err(format!(
                    "{:?}, typed about {} in window {}, is in no file and no draft (draft: {:?})",
                    p.text,
                    p.slug,
                    p.win,
                    draft.map(|d| d.text)
                ));
            }
        }
        Ok(())
    }
}

impl Win {
    fn app_capture_slug(&self) -> String {
        capture(&self.app)
            .map(|c| c.slug.clone())
            .unwrap_or_default()
    }
}

/// Whether a piece holds a typed word's number, which makes it unique.
fn has_word(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

fn sizes() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![Just((120, 40)), Just((80, 24)), Just((70, 11))]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

#[test]
fn no_word_typed_into_a_capture_is_lost_or_misfiled() {
    let config = ProptestConfig {
        cases: cases(),
        // One new file only: a failure prints its minimal case instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = (sizes(), prop::collection::vec(step(), 1..60));
    let result = runner.run(&strategy, |(size, steps)| {
        let mut world = World::new(size);
        for (i, s) in steps.iter().enumerate() {
            if let Err(e) = world.step(s) {
                prop_assert!(false, "step {i} {s:?}: {e}\n{}", world.log.join("\n"));
            }
        }
        if let Err(e) = world.check() {
            prop_assert!(false, "at the end: {e}\n{}", world.log.join("\n"));
        }
        Ok(())
    });
    let stats = STATS.lock().unwrap_or_else(|p| p.into_inner());
    eprintln!("{} cases; {stats:#?}", cases());
    if let Err(e) = result {
        panic!("{e}");
    }
}
