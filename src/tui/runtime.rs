//! The loop: draw from the state, wait for one event, turn it into effects,
//! perform them. Keys come from an input thread that can be paused while
//! `$EDITOR` has the terminal; the index loads on a worker; the `people/`
//! folder is watched; SIGTERM and SIGHUP keep the draft and exit cleanly.

use std::io::stdout;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;

use super::action::Action;
use super::app::{App, Init};
use super::keymap::Keymap;
use super::logfile;
use super::msg::{Effect, LeftChoice, Msg};
use super::perform::{load_index, perform};
use super::theme::Theme;
use super::ui::View;
use crate::clock::Clock;
use crate::store::Vault;
use crate::store::edit::{EditSession, Left};
use crate::sync::git::Prompts;

pub struct Options {
    pub vault: Vault,
    pub clock: Clock,
    pub vault_label: String,
    pub discreet: bool,
    pub keys: Vec<(String, Vec<String>)>,
    /// When the process started, for the first-frame figure in the log.
    pub started: Instant,
    /// A first word in the status line.
    pub hello: Option<String>,
    /// Commit each save when the vault is a git repository.
    pub autocommit: bool,
    pub defaults: crate::due::Defaults,
    pub calendars: Vec<std::path::PathBuf>,
    pub due_days: i64,
    /// Exit once the first frame with people in it is drawn (for benchmarks).
    pub exit_after_first_frame: bool,
    /// Take the mouse: wheel and clicks (`mouse = false` in the config
    /// leaves it to the terminal, for selecting text).
    pub mouse: bool,
    /// The calendar feed to refresh after each sync (`feed =`).
    pub feed: Option<crate::feed::Refresh>,
}

/// Whether ties takes the mouse; set once at start, read wherever the
/// terminal is taken back (after the editor, a suspend, SIGCONT).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// How the TUI ended.
pub struct Ending {
    /// Something to tell the user once the terminal is back (a kept draft).
    pub farewell: Option<String>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
}

enum Event {
    Key(event::KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Mouse(event::MouseEvent),
    Msg(Box<Msg>),
    Signal(i32),
    InputFailed(String),
}

impl Event {
    fn msg(m: Msg) -> Event {
        Event::Msg(Box::new(m))
    }
}

/// Reads terminal events on its own thread; `pause` stops it touching the
/// terminal (while the editor runs) and returns once it has stopped.
struct Input {
    paused: Arc<AtomicBool>,
    parked: Arc<AtomicBool>,
}

impl Input {
    fn start(tx: Sender<Event>) -> Input {
        let paused = Arc::new(AtomicBool::new(false));
        let parked = Arc::new(AtomicBool::new(false));
        let (p, k) = (paused.clone(), parked.clone());
        std::thread::spawn(move || {
            // A tick at least once a second, even while keys keep coming, so
            // a note being typed reaches its draft file within a second.
            let mut last_tick = Instant::now();
            loop {
                if last_tick.elapsed() >= Duration::from_secs(1) {
                    last_tick = Instant::now();
                    if tx.send(Event::msg(Msg::Tick)).is_err() {
                        return;
                    }
                }
                if p.load(Ordering::SeqCst) {
                    k.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                k.store(false, Ordering::SeqCst);
                let ev = match event::poll(Duration::from_millis(250)) {
                    Ok(true) => match event::read() {
                        Ok(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => Event::Key(k),
                        Ok(TermEvent::Paste(s)) => Event::Paste(s),
                        Ok(TermEvent::Resize(w, h)) => Event::Resize(w, h),
                        // Pointer moves and drags mean nothing: not a frame each.
                        Ok(TermEvent::Mouse(m))
                            if matches!(
                                m.kind,
                                event::MouseEventKind::ScrollUp
                                    | event::MouseEventKind::ScrollDown
                                    | event::MouseEventKind::Down(event::MouseButton::Left)
                            ) =>
                        {
                            Event::Mouse(m)
                        }
                        Ok(_) => continue,
                        Err(e) => Event::InputFailed(e.to_string()),
                    },
                    Ok(false) => {
                        last_tick = Instant::now();
                        Event::msg(Msg::Tick)
                    }
                    Err(e) => Event::InputFailed(e.to_string()),
                };
                let failed = matches!(ev, Event::InputFailed(_));
                if tx.send(ev).is_err() || failed {
                    return;
                }
            }
        });
        Input { paused, parked }
    }

    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let until = Instant::now() + Duration::from_secs(2);
        while !self.parked.load(Ordering::SeqCst) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn resume(&self) {
        self.parked.store(false, Ordering::SeqCst);
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Watches `people/` for files created, changed, removed or renamed (not
/// merely opened: ties reads files too), and says so once things have been
/// quiet for 200 ms. When `people/` itself is replaced (renamed away and a
/// new one put in its place, as some sync tools do), the watch follows the
/// new folder: the vault's own folder is watched for that, and the folder
/// checked every few seconds in case an event was missed.
fn watch(vault: &Vault, tx: Sender<Event>) -> Option<Arc<Mutex<notify::RecommendedWatcher>>> {
    use notify::{EventKind, RecursiveMode, Watcher, event::ModifyKind};
    let people = vault.people_dir();
    let (raw_tx, raw_rx) = channel::<bool>();
    let folder = people.clone();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(ev) = res else { return };
        // `people/` itself came, went or was renamed: watch it again. (Not
        // read: listing the folder is an event on it too.)
        if ev.paths.iter().any(|p| p == &folder) {
            if matches!(
                ev.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Name(_))
            ) {
                let _ = raw_tx.send(true);
            }
            return;
        }
        let changes = matches!(
            ev.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any
        ) || matches!(ev.kind, EventKind::Modify(m) if !matches!(m, ModifyKind::Metadata(_)));
        // Person files, and the inbox (a line appended, a pull).
        if changes
            && ev.paths.iter().any(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    || p.file_name().is_some_and(|f| f == crate::inbox::FILE)
            })
        {
            let _ = raw_tx.send(false);
        }
    })
    .map_err(|e| logfile::write(format!("cannot watch the vault: {e}")))
    .ok()?;
    let watcher = Arc::new(Mutex::new(watcher));
    let arm = {
        let watcher = watcher.clone();
        let people = people.clone();
        let root = vault.root().to_path_buf();
        move || {
            let Ok(mut w) = watcher.lock() else { return };
            let _ = w.unwatch(&people);
            let _ = w.unwatch(&root);
            let _ = w.watch(&root, RecursiveMode::NonRecursive);
            if let Err(e) = w.watch(&people, RecursiveMode::NonRecursive) {
                logfile::write(format!("cannot watch {}: {e}", people.display()));
            }
        }
    };
    arm();
    // Which folder is being watched, to notice one put in its place.
    let identity = |p: &std::path::Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
    };
    let mut watched = identity(&people);
    // Debounce: an editor's save or a `git pull` is many events, one reload.
    std::thread::spawn(move || {
        loop {
            let got = match raw_rx.recv_timeout(Duration::from_secs(3)) {
                Ok(r) => Some(r),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            let mut rearm = got.unwrap_or(false);
            if got.is_some() {
                while let Ok(r) = raw_rx.recv_timeout(Duration::from_millis(200)) {
                    rearm |= r;
                }
            }
            let now = identity(&people);
            let replaced = now != watched;
            if rearm || replaced {
                watched = now;
                arm();
            }
            if (got.is_some() || replaced) && tx.send(Event::msg(Msg::FilesChanged)).is_err() {
                return;
            }
        }
    });
    Some(watcher)
}

/// SIGTERM and SIGHUP end ties (keeping any draft); SIGTSTP suspends it
/// the way Ctrl-Z does; SIGCONT (after `fg`, or a SIGSTOP ties could not
/// catch) takes the terminal back.
fn signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGTERM, SIGTSTP};
    match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGTSTP, SIGCONT]) {
        Ok(mut s) => {
            std::thread::spawn(move || {
                for sig in s.forever() {
                    if tx.send(Event::Signal(sig)).is_err() {
                        return;
                    }
                }
            });
        }
        Err(e) => logfile::write(format!("cannot listen for signals: {e}")),
    }
}

fn enter() -> Result<()> {
    enable_raw_mode().context("could not put the terminal in raw mode")?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)
        .context("could not switch to the alternate screen")?;
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    Ok(())
}

fn leave() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Runs the TUI until the user quits. The terminal is restored on every way
/// out: return, error, and panic (ratatui's hook).
pub fn run(opts: Options) -> Result<Ending> {
    if let Some(dir) = crate::config::state_dir() {
        logfile::open(&dir);
        super::draft::set_fallback_dir(dir);
    }
    logfile::write(format!("start, vault {}", opts.vault.root().display()));
    let mut terminal = ratatui::init();
    MOUSE.store(opts.mouse, Ordering::SeqCst);
    let _ = execute!(stdout(), EnableBracketedPaste);
    if opts.mouse {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    // ratatui's hook restores the screen and raw mode; paste mode too.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        hook(info);
    }));
    let result = run_loop(&mut terminal, opts);
    leave();
    // Not `ratatui::restore`: when the terminal has hung up (its window
    // closed) it prints the failure to that same dead terminal, and a
    // failed print panics, twice, which aborts before anything is cleaned
    // up. Nothing is left to restore then, and nowhere to say so.
    if ratatui::try_restore().is_err() {
        // Its Drop would try to show the cursor and print the same way.
        std::mem::forget(terminal);
    }
    if let Err(e) = &result {
        logfile::write(format!("ended with an error: {e:#}"));
    }
    result
}

fn run_loop(terminal: &mut DefaultTerminal, opts: Options) -> Result<Ending> {
    let (tx, rx): (Sender<Event>, Receiver<Event>) = channel();
    let (keymap, warnings) = Keymap::with_overrides(&opts.keys);
    for w in &warnings {
        logfile::write(format!("config: {w}"));
    }
    let size = terminal.size().unwrap_or_default();
    let mut app = App::new(Init {
        clock: opts.clock,
        vault_label: opts.vault_label,
        keymap,
        discreet: opts.discreet,
        warnings,
        hello: opts.hello,
        autocommit: opts.autocommit,
        defaults: opts.defaults,
        calendars: opts.calendars,
        due_days: opts.due_days,
        size: (size.width, size.height),
    });
    let theme = Theme::from_env();
    let vault = opts.vault;
    let input = Input::start(tx.clone());
    let feed = opts.feed.clone();
    let git_tx = git_worker(&vault, tx.clone(), feed.clone());
    let history = HistoryWorker::start(&vault, tx.clone());
    let _watcher = watch(&vault, tx.clone());
    signals(tx.clone());

    let draw = |terminal: &mut DefaultTerminal, app: &App| -> Result<()> {
        terminal
            .draw(|f| f.render_widget(View { app, theme }, f.area()))
            .context("could not draw on the terminal")?;
        Ok(())
    };
    // Their history (git) comes after the first frame, off the loop.
    let mut histories = Vec::new();
    // The first screen's people, read from their files, before the index.
    if let Some(m) = super::perform::glimpse(&vault, usize::from(size.height).max(24)) {
        let fx = app.on_msg(m);
        // The selected person's sheet, when the glimpse did not bring it.
        for e in fx {
            match e {
                Effect::LoadDetail(_) => {
                    if let Some(m) = perform(&vault, e, &|_| {}) {
                        histories.extend(app.on_msg(m));
                    }
                }
                Effect::LoadHistory(_) => histories.push(e),
                _ => {}
            }
        }
    }
    histories.retain(|e| matches!(e, Effect::LoadHistory(_)));
    draw(terminal, &app)?;
    let mut first_full_frame = true;
    let mut signal = None;
    let mut pending: Vec<Effect> = app.on_start();
    pending.extend(histories);
    loop {
        // Perform effects; their results may bring more.
        let mut queue: std::collections::VecDeque<Effect> = std::mem::take(&mut pending).into();
        let mut quit = false;
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Quit => quit = true,
                Effect::Reload => {
                    let (tx, vault) = (tx.clone(), vault.clone());
                    std::thread::spawn(move || {
                        let t = Instant::now();
                        let progress_tx = tx.clone();
                        let report = move |done: usize, total: usize| {
                            let _ = progress_tx.send(Event::msg(Msg::Progress(done, total)));
                        };
                        let r = load_index(&vault, Some(&report)).map(super::msg::Loaded::of);
                        logfile::write(format!("index loaded in {:?}", t.elapsed()));
                        let _ = tx.send(Event::msg(Msg::IndexLoaded(r)));
                    });
                }
                Effect::Edit(slug) => {
                    let msg = edit(terminal, &input, &vault, &slug, None);
                    queue.extend(app.on_msg(msg));
                }
                Effect::EditWith(slug, choice) => {
                    let msg = edit(terminal, &input, &vault, &slug, Some(choice));
                    queue.extend(app.on_msg(msg));
                }
                // git work, one at a time on its own thread: commits, state
                // reads and syncs never race for git's index.lock, and a slow
                // network never holds up a key.
                e @ (Effect::Commit { .. }
                | Effect::Sync
                | Effect::RefreshSync
                | Effect::TakeInbox { .. }) => {
                    let _ = git_tx.send(e);
                }
                // History runs git: off the loop, one at a time, the
                // latest selection only.
                Effect::LoadHistory(slug) => history.want(slug),
                // Calendars can be many files: read them off the loop.
                e @ Effect::LoadAgenda { .. } => {
                    let (tx, vault) = (tx.clone(), vault.clone());
                    std::thread::spawn(move || {
                        if let Some(msg) = perform(&vault, e, &|_| {}) {
                            let _ = tx.send(Event::msg(msg));
                        }
                    });
                }
                Effect::SyncInTerminal => {
                    let msg = sync_in_terminal(terminal, &input, &vault);
                    let msg = with_feed(msg, &vault, feed.as_ref());
                    queue.extend(app.on_msg(msg));
                }
                Effect::Suspend => suspend(terminal, &input),
                other => {
                    if let Effect::SaveNote { slug, .. } = &other {
                        logfile::write(format!("saving a note to {slug}"));
                    }
                    if let Some(msg) = perform(&vault, other, &|_| {}) {
                        queue.extend(app.on_msg(msg));
                    }
                }
            }
        }
        if quit || app.quit {
            break;
        }
        let people_shown = (app.loading.is_none() || app.glimpse.is_some())
            && (app.index.people.is_empty() || app.detail.is_some());
        if let Err(e) = draw(terminal, &app) {
            // The terminal is gone: keep the note being typed, then leave.
            for fx in app.update(Action::Quit) {
                if let Effect::WriteDraft(_) = fx {
                    perform(&vault, fx, &|_| {});
                }
            }
            return Err(e);
        }
        if first_full_frame && people_shown {
            first_full_frame = false;
            logfile::write(format!(
                "first frame with {} people{} after {:?}",
                app.index.people.len(),
                if app.glimpse.is_some() {
                    " (a glimpse)"
                } else {
                    ""
                },
                opts.started.elapsed()
            ));
            if opts.exit_after_first_frame {
                break;
            }
        }

        // Wait for one event, then take any others already queued, so a
        // burst of keys (or a paste) costs one frame, not one each.
        let mut ev = Some(rx.recv().context("the event channel closed")?);
        while let Some(e) = ev.take() {
            app.set_clock(Clock::system());
            let fx = match e {
                Event::Key(k) => app.on_key(k),
                Event::Paste(s) => app.on_paste(&s),
                Event::Mouse(m) => app.on_mouse(m),
                Event::Resize(w, h) => {
                    app.resize(w, h);
                    Vec::new()
                }
                Event::Msg(m) => app.on_msg(*m),
                Event::Signal(signal_hook::consts::SIGTSTP) => app.update(Action::Suspend),
                Event::Signal(signal_hook::consts::SIGCONT) => {
                    take_terminal_back(terminal);
                    Vec::new()
                }
                Event::Signal(s) => {
                    logfile::write(format!("signal {s}: keeping any draft and leaving"));
                    signal = Some(s);
                    app.update(Action::Quit)
                }
                Event::InputFailed(e) => {
                    logfile::write(format!("reading the terminal failed: {e}"));
                    app.update(Action::Quit)
                }
            };
            // Effects first: the keys after `c` belong in the popup it opens.
            let acted = !fx.is_empty();
            pending.extend(fx);
            if app.quit || acted {
                break;
            }
            ev = rx.try_recv().ok();
        }
    }
    logfile::write("quit");
    Ok(Ending {
        farewell: app.farewell(),
        signal,
    })
}

/// Reads a person's history (git) on its own thread, one at a time. Only
/// the newest request waits: moving through the list quickly starts one
/// read at most, for whoever is selected when the last one ends.
struct HistoryWorker {
    wanted: std::sync::Arc<(std::sync::Mutex<Option<String>>, std::sync::Condvar)>,
}

impl HistoryWorker {
    fn start(vault: &Vault, tx: Sender<Event>) -> HistoryWorker {
        let wanted = std::sync::Arc::new((std::sync::Mutex::new(None), std::sync::Condvar::new()));
        let (slot, vault) = (wanted.clone(), vault.clone());
        std::thread::spawn(move || {
            loop {
                let slug = {
                    let (lock, ready) = &*slot;
                    let Ok(mut next) = lock.lock() else { return };
                    loop {
                        if let Some(s) = next.take() {
                            break s;
                        }
                        match ready.wait(next) {
                            Ok(n) => next = n,
                            Err(_) => return,
                        }
                    }
                };
                if let Some(msg) = perform(&vault, Effect::LoadHistory(slug), &|_| {})
                    && tx.send(Event::msg(msg)).is_err()
                {
                    return;
                }
            }
        });
        HistoryWorker { wanted }
    }

    fn want(&self, slug: String) {
        let (lock, ready) = &*self.wanted;
        if let Ok(mut next) = lock.lock() {
            *next = Some(slug);
            ready.notify_one();
        }
    }
}

fn git_worker(
    vault: &Vault,
    tx: Sender<Event>,
    feed: Option<crate::feed::Refresh>,
) -> Sender<Effect> {
    let (git_tx, git_rx) = channel::<Effect>();
    let vault = vault.clone();
    std::thread::spawn(move || {
        while let Ok(effect) = git_rx.recv() {
            let report = |m: Msg| {
                let _ = tx.send(Event::msg(m));
            };
            let msg = perform(&vault, effect, &report).map(|m| with_feed(m, &vault, feed.as_ref()));
            if let Some(msg) = msg
                && tx.send(Event::msg(msg)).is_err()
            {
                return;
            }
        }
    });
    git_tx
}

/// After a sync that went through, the feed the config names is written
/// again (as `ties sync` does), and the sync's sentence says so.
fn with_feed(msg: Msg, vault: &Vault, feed: Option<&crate::feed::Refresh>) -> Msg {
    match (msg, feed) {
        (Msg::Synced(Ok(said)), Some(feed)) => {
            let after = feed.after_sync(vault, &Clock::system());
            logfile::write(format!("after the sync: {after}"));
            Msg::Synced(Ok(format!("{said}; {after}")))
        }
        (msg, _) => msg,
    }
}

/// Ctrl-Z or SIGTSTP: the terminal goes back to how the shell left it,
/// ties stops, and when `fg` continues it, ties takes the terminal back.
fn suspend(terminal: &mut DefaultTerminal, input: &Input) {
    logfile::write("suspended");
    input.pause();
    leave();
    // SIGSTOP, not SIGTSTP: ties listens for SIGTSTP itself, and this one
    // cannot be caught, so the process does stop here until SIGCONT.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    logfile::write("continued");
    let _ = enter();
    let _ = terminal.clear();
    input.resume();
}

/// After SIGCONT the shell may have put the terminal back in line mode
/// (keys echoed, Enter read as Ctrl-J): raw mode and the alternate screen
/// are set again, and the whole screen is drawn afresh.
fn take_terminal_back(terminal: &mut DefaultTerminal) {
    // crossterm skips enabling raw mode it believes is on: off first.
    let _ = disable_raw_mode();
    let _ = enter();
    let _ = terminal.clear();
}

/// git wants a password: hand it the terminal, as for the editor.
fn sync_in_terminal(terminal: &mut DefaultTerminal, input: &Input, vault: &Vault) -> Msg {
    input.pause();
    leave();
    println!("ties: syncing with git, which may ask for a password or passphrase…");
    let r = super::perform::sync_now(vault, Prompts::Terminal, &|step| println!("ties: {step}…"));
    let _ = enter();
    let _ = terminal.clear();
    input.resume();
    logfile::write(format!("sync in the terminal: {r:?}"));
    // A failure here is final: no second round of prompts.
    Msg::Synced(r.map_err(|(e, _)| (e, false)))
}

/// Hands the terminal to the editor on a copy of the person's file, then
/// takes it back. Keys are not read meanwhile.
fn edit(
    terminal: &mut DefaultTerminal,
    input: &Input,
    vault: &Vault,
    slug: &str,
    choice: Option<LeftChoice>,
) -> Msg {
    let failed = |e: String| Msg::Edited {
        slug: slug.to_string(),
        result: Err(e),
    };
    let left = Left::find(vault, slug);
    let stale = left.iter().find(|l| l.file_changed).cloned();
    let resumable = left.iter().any(|l| !l.file_changed);
    let started = match (choice, stale) {
        // An earlier edit over a file that changed since: the user decides.
        (None, Some(l)) if !resumable => {
            return Msg::EditLeftFound {
                slug: slug.to_string(),
                copy: l.copy.display().to_string(),
            };
        }
        (Some(LeftChoice::Merge), Some(l)) => l.merge_onto_file(vault).map(|(s, _)| s),
        (Some(LeftChoice::KeepAside), Some(l)) => l
            .keep_aside(vault)
            .and_then(|_| EditSession::fresh(vault, slug)),
        (Some(LeftChoice::Drop), Some(l)) => {
            l.drop_it();
            EditSession::fresh(vault, slug)
        }
        _ => EditSession::begin(vault, slug),
    };
    let mut session = match started {
        Ok(s) => s,
        Err(e) => return failed(e.to_string()),
    };
    input.pause();
    leave();
    // On the plain screen the editor starts from (a full-screen one covers it).
    if let Some(note) = session.locked_note() {
        println!("ties: {note}");
    }
    let ran = crate::editor::run_editor(&session.copy);
    let _ = enter();
    let _ = terminal.clear();
    input.resume();
    let result = match ran {
        Err(e) => Err(format!(
            "{e:#}; your edit is kept in {}",
            session.copy.display()
        )),
        Ok(()) => session.finish(vault).map_err(|e| e.to_string()),
    };
    logfile::write(format!("edited {slug}: {result:?}"));
    Msg::Edited {
        slug: slug.to_string(),
        result,
    }
}
