//! End to end in a real terminal: the built binary inside tmux, driven by
//! keys, read back from the screen and from the files on disk. Skipped with
//! a printed reason when tmux is missing (`.ci/run` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Env, NOW};

struct Tmux {
    socket: PathBuf,
    env: Env,
}

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("TIES_REQUIRE_TMUX").is_some() {
        panic!("tmux is required here (TIES_REQUIRE_TMUX is set) but is not installed");
    }
    if !ok {
        eprintln!(
            "SKIPPED: tmux is not installed (.ci/run installs it); the TUI end-to-end tests did not run"
        );
    }
    ok
}

impl Tmux {
    /// Starts `ties` on a copy of the demo vault in a 100x30 tmux pane.
    fn start(extra_env: &[(&str, &str)]) -> Tmux {
        Tmux::start_with(extra_env, |_| {})
    }

    fn start_with(extra_env: &[(&str, &str)], setup: impl FnOnce(&Env)) -> Tmux {
        Tmux::start_full(extra_env, &[], setup)
    }

    /// `ties ARGS...` in the pane.
    fn start_full(extra_env: &[(&str, &str)], args: &[&str], setup: impl FnOnce(&Env)) -> Tmux {
        let env = Env::new();
        ties::demo::write_demo(&env.vault(), ties::clock::Clock::fixed(NOW).today()).unwrap();
        setup(&env);
        let socket = env.dir.path().join("tmux.sock");
        let home = env.home();
        std::fs::create_dir_all(&home).unwrap();
        let mut vars: Vec<(String, String)> = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".into(), home.display().to_string()),
            (
                "XDG_CONFIG_HOME".into(),
                home.join(".config").display().to_string(),
            ),
            (
                "XDG_STATE_HOME".into(),
                home.join(".local/state").display().to_string(),
            ),
            ("TIES_NOW".into(), NOW.into()),
            ("TIES_VAULT".into(), env.vault().display().to_string()),
            ("TZ".into(), common::ZONE.into()),
            ("TERM".into(), "xterm-256color".into()),
            ("NO_COLOR".into(), "1".into()),
            ("GIT_CONFIG_GLOBAL".into(), "/dev/null".into()),
            ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
            ("GIT_AUTHOR_NAME".into(), "Test Author".into()),
            ("GIT_AUTHOR_EMAIL".into(), "author@example.com".into()),
            ("GIT_COMMITTER_NAME".into(), "Test Author".into()),
            ("GIT_COMMITTER_EMAIL".into(), "author@example.com".into()),
        ];
        for (k, v) in extra_env {
            vars.push((k.to_string(), v.to_string()));
        }
        let mut words = vec!["env".to_string(), "-i".to_string()];
        words.extend(vars.iter().map(|(k, v)| format!("{k}={v}")));
        words.push(env!("CARGO_BIN_EXE_ties").to_string());
        words.extend(args.iter().map(|a| a.to_string()));
        let line = shell_words::join(&words);
        let t = Tmux { socket, env };
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "e2e",
        ])
        .arg(format!("{line}; echo EXITED $?; sleep 30"))
        .status()
        .expect("tmux starts");
        t
    }

    fn tmux(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket).args(args);
        c
    }

    fn keys(&self, keys: &[&str]) {
        let s = self
            .tmux(&["send-keys", "-t", "e2e"])
            .args(keys)
            .status()
            .unwrap();
        assert!(s.success());
    }

    fn text(&self, text: &str) {
        let s = self
            .tmux(&["send-keys", "-t", "e2e", "-l", text])
            .status()
            .unwrap();
        assert!(s.success());
    }

    fn screen(&self) -> String {
        let o = self
            .tmux(&["capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Waits until the screen shows `what` (10 s at most).
    fn wait_for(&self, what: &str) -> String {
        self.wait_for_all(&[what])
    }

    /// Waits until one screen shows every one of `all` (10 s at most): the
    /// parts of a screen can come from different threads, in any order.
    fn wait_for_all(&self, all: &[&str]) -> String {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if all.iter().all(|what| s.contains(what)) {
                return s;
            }
            if Instant::now() > until {
                panic!("the screen never showed all of {all:?}; it shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of `ties`: the child of the pane's shell.
    fn pid(&self) -> i32 {
        let o = self
            .tmux(&["display-message", "-p", "-t", "e2e", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&o.stdout).trim().to_string();
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
        children.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn file(&self, slug: &str) -> String {
        self.env.read(slug)
    }

    fn vault(&self) -> PathBuf {
        self.env.vault()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]).status();
    }
}

#[test]
fn filter_open_capture_save_quit() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    t.text("/");
    t.text("priya");
    t.wait_for("/ priya");
    t.keys(&["Enter"]);
    t.wait_for("CMIO at St. Brigid's");
    // Typed straight after `c`, before the popup is drawn: the words go in it.
    t.keys(&["c", "Called from a real terminal about the ROI deck."]);
    t.wait_for("Note about Priya Raman");
    t.keys(&["C-s"]);
    let s = t.wait_for("Logged call with Priya Raman");
    assert!(
        !s.contains("Note about Priya Raman"),
        "the popup closed:\n{s}"
    );
    // On the timeline at once: Tab to it.
    t.keys(&["Tab"]);
    let s = t.wait_for("Mon Nov 23, 2026 · call");
    assert!(
        s.contains("  Called from a real terminal about the ROI deck."),
        "{s}"
    );
    t.text("q");
    let s = t.wait_for("EXITED 0");
    // The terminal is back: the main screen, not the alternate one.
    assert!(!s.contains("People"), "{s}");
    let file = t.file("priya-raman");
    assert!(
        file.contains("text = \"Called from a real terminal about the ROI deck.\""),
        "{file}"
    );
    assert!(file.contains("via = \"call\""));
}

/// SIGTERM (a shutdown) or SIGHUP (the terminal closed) with a note open.
fn killed_with_a_note_open_keeps_the_draft(signal: &str, code: i32) {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    let before = t.file("dana-kowalski");
    t.text("c");
    t.wait_for("Note about Dana Kowalski");
    t.text("Half-typed when the laptop died");
    t.wait_for("Half-typed when");
    let pid = t.pid();
    let killed = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    t.wait_for(&format!("EXITED {code}"));
    // The window's own draft: `capture-SLUG.WINDOW.json`.
    let kept: Vec<_> = std::fs::read_dir(t.vault().join(".ties/drafts"))
        .expect("the drafts folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with("capture-dana-kowalski.") && n.ends_with(".json")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let draft = std::fs::read_to_string(&kept[0]).expect("the draft is kept");
    assert!(draft.contains("Half-typed when the laptop died"), "{draft}");
    assert_eq!(
        t.file("dana-kowalski"),
        before,
        "the person file is untouched"
    );
}

#[test]
fn sigterm_with_a_note_open_keeps_the_draft() {
    killed_with_a_note_open_keeps_the_draft("TERM", 143);
}

#[test]
fn sighup_with_a_note_open_keeps_the_draft() {
    killed_with_a_note_open_keeps_the_draft("HUP", 129);
}

#[test]
fn editor_suspends_the_tui_and_the_edit_is_reloaded() {
    if !have_tmux() {
        return;
    }
    // An "editor" that changes the role line and exits.
    let t = Tmux::start(&[("EDITOR", "sed -i s/CMIO/Chief-Medical-Information-Officer/")]);
    t.wait_for("12 people");
    t.text("/");
    t.text("priya");
    t.keys(&["Enter"]);
    t.wait_for("CMIO at St. Brigid's");
    t.text("e");
    t.wait_for("Saved people/priya-raman.toml");
    t.wait_for("Chief-Medical-Information-Officer at St. Brigid's");
    assert!(
        t.file("priya-raman")
            .contains("role = \"Chief-Medical-Information-Officer\"")
    );
    t.text("q");
    t.wait_for("EXITED 0");
}

#[test]
fn a_file_changed_outside_is_picked_up_while_running() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    // Reading files is not a change: idle, ties does not reload.
    std::thread::sleep(Duration::from_millis(1500));
    let log = std::fs::read_to_string(t.env.home().join(".local/state/ties/ties.log")).unwrap();
    assert_eq!(log.matches("index loaded").count(), 1, "{log}");
    let path: &Path = &t.vault().join("people/aaron-abel.toml");
    std::fs::write(path, "name = \"Aaron Abel\"\norg = \"Acme\"\n").unwrap();
    let s = t.wait_for("13 people");
    assert!(s.contains("Aaron Abel"), "{s}");
    assert!(
        s.contains("Implementation Project Manager"),
        "the selection stays on Dana:\n{s}"
    );
    t.text("q");
    t.wait_for("EXITED 0");
}

/// git with the tests' hermetic environment.
fn git(env: &Env, dir: &Path, args: &[&str]) -> String {
    let c = env.bare(&[]);
    let mut g = Command::new("git");
    g.current_dir(dir).args(args).env_clear();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            g.env(k, v);
        }
    }
    let o = g.output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The demo vault as a git repository with a remote.
fn with_remote(env: &Env) {
    let root = env.dir.path();
    git(
        env,
        root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    let v = env.vault();
    git(env, &v, &["init", "--quiet", "-b", "main"]);
    git(env, &v, &["add", "-A"]);
    git(env, &v, &["commit", "--quiet", "-m", "start"]);
    git(env, &v, &["remote", "add", "origin", "../remote.git"]);
    git(env, &v, &["push", "--quiet", "-u", "origin", "main"]);
}

/// Waits for the git worker to make the commit `subject` (10 s at most).
fn wait_for_commit(t: &Tmux, subject: &str) {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let log = git(&t.env, &t.vault(), &["log", "--format=%s", "-1"]);
        if log.trim() == subject {
            return;
        }
        assert!(
            Instant::now() < until,
            "never committed {subject:?}; the last commit is {log:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_ticked_ask_a_todo_done_and_an_undo_are_each_saved_and_committed() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start_with(&[], with_remote);
    t.wait_for_all(&["git: all committed", "12 people"]);
    t.keys(&["c", "Talked the finance review through"]);
    t.wait_for_all(&[
        "Note about Dana Kowalski",
        "[ ] a1 How did the finance review go?",
    ]);
    t.keys(&["Tab", "Tab", "Space"]);
    t.wait_for("[x] a1 How did the finance review go?");
    t.keys(&["C-s"]);
    t.wait_for("Logged call with Dana Kowalski");
    let file = t.file("dana-kowalski");
    assert!(
        file.contains("asked = [\"How did the finance review go?\"]"),
        "{file}"
    );
    wait_for_commit(&t, "ties: log call with Dana Kowalski");
    let before_done = t.file("dana-kowalski");
    t.text("x");
    t.wait_for("Mark done: Back her up");
    t.text("y");
    t.wait_for("Done: Back her up at the Milton/Quincy resourcing review with finance.");
    wait_for_commit(&t, "ties: done: todo of Dana Kowalski");
    t.text("u");
    t.wait_for("Undo the last save, to Dana Kowalski");
    t.keys(&["Enter"]);
    t.wait_for("Undid the last change to people/dana-kowalski.toml.");
    assert_eq!(t.file("dana-kowalski"), before_done, "the exact bytes");
    wait_for_commit(&t, "ties: undo the last change to Dana Kowalski");
    t.text("q");
    t.wait_for("EXITED 0");
}

#[test]
fn an_entry_edited_and_deleted_and_a_person_archived_are_each_committed() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start_with(&[], with_remote);
    t.wait_for_all(&["git: all committed", "12 people"]);
    t.keys(&["/"]);
    t.text("priya");
    t.keys(&["Enter", "Tab", "E"]);
    t.wait_for_all(&["Entry of Priya Raman", "Ctrl-S save"]);
    t.text(" Confirmed.");
    t.keys(&["C-s"]);
    t.wait_for("Saved the entry of Priya Raman");
    assert!(t.file("priya-raman").contains("Confirmed."));
    wait_for_commit(&t, "ties: edit an entry of Priya Raman");
    let before = t.file("priya-raman");
    t.keys(&["D"]);
    t.wait_for("Delete the call of Nov 20, 2026");
    t.keys(&["y"]);
    t.wait_for("Deleted the entry of Priya Raman");
    assert!(!t.file("priya-raman").contains("Confirmed."));
    wait_for_commit(&t, "ties: delete an entry of Priya Raman");
    t.keys(&["u"]);
    t.wait_for("Undo the last save, to Priya Raman");
    t.keys(&["Enter"]);
    t.wait_for("Undid the last change to people/priya-raman.toml.");
    assert_eq!(t.file("priya-raman"), before, "the exact bytes");
    t.keys(&["A"]);
    t.wait_for("Archive Priya Raman?");
    t.keys(&["y"]);
    t.wait_for("Archived Priya Raman (V lists the archived; A there undoes it).");
    wait_for_commit(&t, "ties: archive Priya Raman");
    t.keys(&["V"]);
    t.wait_for_all(&["Archived 1", "Priya Raman  St. Brigid"]);
    t.text("q");
    t.wait_for("EXITED 0");
}

#[test]
fn a_captured_note_is_committed_and_s_syncs_it_in_the_background() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start_with(&[], with_remote);
    // The git state and the people load on different threads: until the
    // people are there `c` does nothing, and the `s` typed next would sync.
    t.wait_for_all(&["git: all committed", "12 people"]);
    t.keys(&["c", "Committed as I go"]);
    t.wait_for("Note about Dana Kowalski");
    t.keys(&["C-s"]);
    t.wait_for("Logged call with Dana Kowalski");
    // The commit is made by the git worker, just after the save: poll.
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let log = git(&t.env, &t.vault(), &["log", "--format=%s", "-1"]);
        if log.trim() == "ties: log call with Dana Kowalski" {
            break;
        }
        assert!(
            Instant::now() < until,
            "the note was never committed; the last commit is {log:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.text("s");
    let s = t.wait_for("Synced: ");
    assert!(
        s.contains("pushed 2 commits"),
        "the note, and the merge set-up: {s}"
    );
    let remote = t.env.dir.path().join("remote.git");
    let pushed = git(&t.env, &remote, &["log", "--format=%s", "main"]);
    assert!(
        pushed.contains("ties: log call with Dana Kowalski\n"),
        "{pushed}"
    );
    t.text("q");
    t.wait_for("EXITED 0");
}

/// Some sync tools replace `people/` whole (a new folder renamed into
/// place): live reload follows the new folder and keeps working.
#[test]
fn live_reload_follows_a_people_folder_replaced_by_rename() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    let people = t.vault().join("people");
    let fresh = t.vault().join("people.new");
    std::fs::create_dir(&fresh).unwrap();
    for e in std::fs::read_dir(&people).unwrap().flatten() {
        std::fs::copy(e.path(), fresh.join(e.file_name())).unwrap();
    }
    std::fs::write(fresh.join("aaron-abel.toml"), "name = \"Aaron Abel\"\n").unwrap();
    std::fs::rename(&people, t.vault().join("people.old")).unwrap();
    std::fs::rename(&fresh, &people).unwrap();
    t.wait_for("13 people");
    // And a change inside the new folder is seen too.
    std::fs::write(people.join("bea-bell.toml"), "name = \"Bea Bell\"\n").unwrap();
    let s = t.wait_for("14 people");
    assert!(s.contains("Bea Bell"), "{s}");
    t.text("q");
    t.wait_for("EXITED 0");
}

impl Tmux {
    /// The process state letter of `ties` (`T` when stopped).
    fn state(&self, pid: i32) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // The state follows the command name's closing parenthesis.
        stat.rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .unwrap_or('?')
    }

    fn wait_state(&self, pid: i32, want: char) {
        let until = Instant::now() + Duration::from_secs(10);
        while self.state(pid) != want {
            assert!(
                Instant::now() < until,
                "ties never reached state {want}: {}",
                self.state(pid)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What a shell does when it takes the terminal back from a stopped
    /// job: line mode again (echo, Enter read as a newline).
    fn line_mode(&self) {
        let o = self
            .tmux(&["display-message", "-p", "-t", "e2e", "#{pane_tty}"])
            .output()
            .unwrap();
        let tty = String::from_utf8_lossy(&o.stdout).trim().to_string();
        let ok = Command::new("stty")
            .args(["-F", &tty, "sane"])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    fn cont(&self, pid: i32) {
        let ok = Command::new("kill")
            .args(["-CONT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

/// Ctrl-Z hands the terminal back and stops ties; when it is continued
/// (after the shell has put the terminal in line mode, as shells do), the
/// screen comes back and keys work: Enter is a new line in a note, and
/// Ctrl-J (what Enter sends in line mode) never removes one.
#[test]
fn ctrl_z_suspends_and_continuing_takes_the_terminal_back() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    let pid = t.pid();
    t.text("c");
    t.wait_for("Note about Dana Kowalski");
    t.text("Typed before a break");
    t.wait_for("Typed before a break");
    t.keys(&["C-z"]);
    t.wait_state(pid, 'T');
    let s = t.screen();
    assert!(
        !s.contains("Note about"),
        "the shell's screen is back:\n{s}"
    );
    // Stopped ties can be killed without another word: the note is kept.
    let drafts = std::fs::read_dir(t.vault().join(".ties/drafts")).expect("a draft");
    assert!(drafts.flatten().any(|e| {
        std::fs::read_to_string(e.path()).is_ok_and(|d| d.contains("Typed before a break"))
    }));
    t.line_mode();
    t.cont(pid);
    t.wait_for("Note about Dana Kowalski");
    t.keys(&["Enter"]);
    t.text("second line");
    t.keys(&["C-j"]);
    t.text("third line");
    t.wait_for("third line");
    t.keys(&["C-s"]);
    t.wait_for("Logged call with Dana Kowalski");
    let file = t.file("dana-kowalski");
    assert!(
        file.contains("Typed before a break\nsecond line\nthird line"),
        "{file}"
    );
}

/// A SIGSTOP ties cannot catch, then `fg`: raw mode is set again on
/// SIGCONT, so keys are commands, not echoed text.
#[test]
fn sigstop_then_continue_restores_raw_mode() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(&[]);
    t.wait_for("12 people");
    let pid = t.pid();
    let ok = Command::new("kill")
        .args(["-STOP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    t.wait_state(pid, 'T');
    t.line_mode();
    t.cont(pid);
    std::thread::sleep(Duration::from_millis(300));
    // `/` opens the filter in raw mode; in line mode it would wait for Enter.
    t.text("/");
    t.text("zo");
    let s = t.wait_for("/ zo");
    assert!(s.contains("Zoë Lefèvre"), "{s}");
    t.keys(&["Escape"]);
    t.text("q");
    t.wait_for("EXITED 0");
}

/// The demo's copy goes when ties does, even when its window is closed
/// under it (the terminal hangs up, and there is nowhere left to print).
#[test]
fn the_demo_s_copy_goes_when_its_window_is_closed() {
    if !have_tmux() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().display().to_string();
    let t = Tmux::start_full(&[("TMPDIR", &dir)], &["demo"], |_| {});
    t.wait_for("The demo: a copy");
    let copies = || std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(copies(), 1, "the demo's copy is in TMPDIR");
    let pid = t.pid();
    let _ = t.tmux(&["kill-server"]).status();
    let until = Instant::now() + Duration::from_secs(10);
    while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(copies(), 0, "the demo's copy was left behind");
}

/// `s` in the TUI refreshes the calendar feed the config names, as
/// `ties sync` does.
#[test]
fn s_refreshes_the_calendar_feed_as_ties_sync_does() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start_with(&[], |env| {
        with_remote(env);
        let config = env.home().join(".config/ties");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.toml"), "feed = \"../feed.ics\"\n").unwrap();
    });
    let feed = t.env.dir.path().join("feed.ics");
    t.wait_for_all(&["git: all committed", "12 people"]);
    assert!(!feed.exists());
    t.text("s");
    t.wait_for("Synced: ");
    let until = Instant::now() + Duration::from_secs(10);
    while !feed.exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let ics = std::fs::read_to_string(&feed).expect("the feed was written");
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("SUMMARY:"), "{ics}");
    t.text("q");
    t.wait_for("EXITED 0");
}
