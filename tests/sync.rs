//! Sync with the real git: a bare repository as the remote and two clones
//! as two devices, in a temporary folder with a hermetic git environment.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, out};

struct World {
    env: Env,
}

const ANA: &str = r#"# Ana, from the Lisbon office
name = "Ana Lima"
org = "Example Corp"
tags = ["client"]

[[log]]
at = 2026-11-01T10:00:00-05:00
via = "call"
text = "First call."
"#;

impl World {
    /// Device A made with `ties init --git`, pushed to a bare remote; device
    /// B a plain `git clone` of it (no merge driver configured yet).
    fn new() -> World {
        let w = World { env: Env::new() };
        let root = w.env.dir.path();
        w.git(
            root,
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        w.ties_ok(&w.a(), &["init", w.a().to_str().unwrap(), "--git"]);
        std::fs::write(w.a().join("people/ana-lima.toml"), ANA).unwrap();
        w.git(&w.a(), &["checkout", "--quiet", "-b", "main"]);
        w.git(&w.a(), &["remote", "add", "origin", "../remote.git"]);
        // No upstream yet: sync commits, and says so.
        let said = w.ties_ok(&w.a(), &["sync"]);
        assert!(said.contains("no upstream"), "{said}");
        assert!(said.contains("add Ana Lima"), "{said}");
        w.git(&w.a(), &["push", "--quiet", "-u", "origin", "main"]);
        w.git(root, &["clone", "--quiet", "remote.git", "b"]);
        w
    }

    fn a(&self) -> PathBuf {
        self.env.dir.path().join("a")
    }

    fn b(&self) -> PathBuf {
        self.env.dir.path().join("b")
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.env.git(dir, args)
    }

    fn ties(&self, vault: &Path, args: &[&str]) -> (i32, String, String) {
        let mut c = self.env.bare(args);
        c.env("TIES_VAULT", vault);
        out(c.output().unwrap())
    }

    fn ties_ok(&self, vault: &Path, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.ties(vault, args);
        assert_eq!(code, 0, "ties {args:?} failed: {stderr}\n{stdout}");
        stdout
    }

    fn ana(&self, device: &Path) -> String {
        std::fs::read_to_string(device.join("people/ana-lima.toml")).unwrap()
    }

    fn person(&self, device: &Path) -> ties::model::Person {
        ties::store::parse::parse("ana-lima", self.ana(device).as_bytes())
            .expect("the file parses")
            .1
    }

    fn clean(&self, device: &Path) -> bool {
        self.git(device, &["status", "--porcelain"])
            .trim()
            .is_empty()
    }
}

#[test]
fn notes_logged_on_two_devices_both_arrive_in_time_order() {
    let w = World::new();
    let driver = Command::new("git")
        .current_dir(w.b())
        .args(["config", "--local", "--get", "merge.ties.driver"])
        .output()
        .unwrap();
    assert!(!driver.status.success(), "a plain clone has no driver yet");
    w.ties_ok(
        &w.a(),
        &[
            "log",
            "ana",
            "From the laptop",
            "--at",
            "2026-11-20T09:00:00-05:00",
        ],
    );
    w.ties_ok(
        &w.b(),
        &[
            "log",
            "ana",
            "From the desktop",
            "--at",
            "2026-11-21T09:00:00-05:00",
            "--via",
            "meeting",
        ],
    );
    // Each save was committed on its own.
    let log = w.git(&w.a(), &["log", "--format=%s", "-1"]);
    assert_eq!(log.trim(), "ties: log call with Ana Lima");
    w.ties_ok(&w.a(), &["sync"]);
    let said = w.ties_ok(&w.b(), &["sync"]);
    assert!(
        said.contains("merge driver"),
        "the clone gets the driver: {said}"
    );
    w.ties_ok(&w.a(), &["sync"]);
    for d in [w.a(), w.b()] {
        let p = w.person(&d);
        let texts: Vec<&str> = p.log.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            ["First call.", "From the laptop", "From the desktop"]
        );
        assert!(w.clean(&d));
        assert!(w.ana(&d).starts_with("# Ana, from the Lisbon office"));
    }
    assert_eq!(w.ana(&w.a()), w.ana(&w.b()));
}

#[test]
fn an_org_change_and_a_note_on_different_devices_both_survive() {
    let w = World::new();
    let path = w.a().join("people/ana-lima.toml");
    std::fs::write(
        &path,
        w.ana(&w.a()).replace("Example Corp", "Example Health"),
    )
    .unwrap();
    w.ties_ok(&w.a(), &["sync"]);
    let msg = w.git(&w.a(), &["log", "--format=%s", "-1"]);
    assert_eq!(msg.trim(), "ties: edit Ana Lima");
    w.ties_ok(&w.b(), &["log", "ana", "Note from B"]);
    w.ties_ok(&w.b(), &["sync"]);
    w.ties_ok(&w.a(), &["sync"]);
    for d in [w.a(), w.b()] {
        let p = w.person(&d);
        assert_eq!(p.org.as_deref(), Some("Example Health"));
        assert!(p.log.iter().any(|e| e.text == "Note from B"));
    }
}

#[test]
fn both_changing_the_org_is_a_conflict_that_loses_nothing_and_can_be_resolved() {
    let w = World::new();
    let set_org = |d: &Path, org: &str| {
        let p = d.join("people/ana-lima.toml");
        let t = std::fs::read_to_string(&p)
            .unwrap()
            .replace("Example Corp", org);
        std::fs::write(p, t).unwrap();
    };
    set_org(&w.a(), "Alpha Inc");
    w.ties_ok(&w.a(), &["log", "ana", "Note A"]);
    w.ties_ok(&w.a(), &["sync"]);
    set_org(&w.b(), "Beta Ltd");
    w.ties_ok(&w.b(), &["log", "ana", "Note B"]);
    let (code, _, stderr) = w.ties(&w.b(), &["sync"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("unresolved git merge in people/ana-lima.toml"),
        "{stderr}"
    );
    let text = w.ana(&w.b());
    assert!(text.contains("<<<<<<<") && text.contains("Alpha Inc") && text.contains("Beta Ltd"));
    assert!(
        text.contains("Note A") && text.contains("Note B"),
        "no note lost:\n{text}"
    );
    let (code, check, _) = w.ties(&w.b(), &["check"]);
    assert_eq!(code, 1);
    assert!(check.contains("unresolved git merge"), "{check}");
    assert!(check.contains("both sides changed `org`"), "{check}");
    // Resolve by hand: keep Beta.
    let resolved: String = text
        .lines()
        .filter(|l| {
            !l.starts_with("<<<<<<<")
                && !l.starts_with("=======")
                && !l.starts_with(">>>>>>>")
                && !l.contains("Alpha Inc")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(w.b().join("people/ana-lima.toml"), resolved).unwrap();
    w.ties_ok(&w.b(), &["sync"]);
    assert!(w.clean(&w.b()));
    w.ties_ok(&w.a(), &["sync"]);
    let p = w.person(&w.a());
    assert_eq!(p.org.as_deref(), Some("Beta Ltd"));
    assert!(p.log.iter().any(|e| e.text == "Note A") && p.log.iter().any(|e| e.text == "Note B"));
}

#[test]
fn an_unreachable_remote_fails_clearly_with_everything_committed() {
    let w = World::new();
    w.git(
        &w.a(),
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    w.ties_ok(&w.a(), &["log", "ana", "Offline note"]);
    std::fs::write(
        w.a().join("people/ravi-patel.toml"),
        "name = \"Ravi Patel\"\n",
    )
    .unwrap();
    let (code, _, stderr) = w.ties(&w.a(), &["sync"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("could not fetch"), "{stderr}");
    assert!(stderr.contains("committed locally"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
    assert!(w.clean(&w.a()), "the working tree is clean");
    let log = w.git(&w.a(), &["log", "--format=%s", "-2"]);
    assert!(log.contains("ties: add Ravi Patel"), "{log}");
    assert!(log.contains("ties: log call with Ana Lima"), "{log}");
    assert!(
        w.person(&w.a())
            .log
            .iter()
            .any(|e| e.text == "Offline note")
    );
}

#[test]
fn not_a_repository_says_how_to_make_one() {
    let env = Env::new();
    let (code, _, stderr) = env.run(&["sync"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not a git repository"), "{stderr}");
    assert!(stderr.contains("ties init --git"), "{stderr}");
}

#[test]
fn autocommit_can_be_turned_off() {
    let w = World::new();
    let config = w.env.home().join(".config/ties/config.toml");
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    std::fs::write(&config, format!("{text}\nautocommit = false\n")).unwrap();
    w.ties_ok(&w.a(), &["log", "ana", "Not committed yet"]);
    assert!(!w.clean(&w.a()));
    let said = w.ties_ok(&w.a(), &["sync"]);
    assert!(said.contains("log call with Ana Lima"), "{said}");
}

/// A tiny deterministic generator, so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One random edit on a device, through the library (as the TUI would).
/// Each device uses its own about keys and tags, so no edit clashes for real.
#[derive(Default)]
struct Expect {
    logged: Vec<String>,
    todos: Vec<String>,
    done: Vec<String>,
}

fn random_edit(rng: &mut Rng, dir: &Path, device: &str, step: usize, expect: &mut Expect) {
    use ties::store::write;
    let vault = ties::store::Vault::open(dir).unwrap();
    let clock = ties::clock::Clock::fixed("2026-11-23T09:00:00-05:00");
    match rng.below(6) {
        0 | 1 => {
            let text = format!("{device} note {step} {}", rng.next() % 1000);
            let entry = write::NewEntry {
                with: Vec::new(),
                at: clock.now + chrono::Duration::minutes(rng.below(5000) as i64),
                via: "call".into(),
                text: text.clone(),
                ask: Vec::new(),
                asked: Vec::new(),
                private: rng.below(4) == 0,
                why: None,
            };
            write::log(&vault, "ana-lima", &entry).unwrap();
            expect.logged.push(text);
        }
        2 => {
            let text = format!("{device} todo {step}");
            write::add_todo(&vault, "ana-lima", &text, None).unwrap();
            expect.todos.push(text);
        }
        3 => {
            let p = vault.read("ana-lima").unwrap().person;
            let open: Vec<(usize, String)> = p
                .todos
                .iter()
                .filter(|t| !t.done)
                .map(|t| (t.number, t.text.clone()))
                .collect();
            if !open.is_empty() {
                let (n, text) = open[rng.below(open.len() as u64) as usize].clone();
                write::mark_done(&vault, "ana-lima", n).unwrap();
                expect.done.push(text);
            }
        }
        4 => {
            let key = format!("{device}{}", rng.below(3));
            write::set_about(&vault, "ana-lima", &key, &format!("value {step}")).unwrap();
        }
        _ => {
            // Tags: add one of this device's, or take one away.
            let tag = format!("{device}-tag{}", rng.below(4));
            let add = rng.below(2) == 0;
            write::update(&vault, "ana-lima", |loaded| {
                let mut doc: toml_edit::DocumentMut = loaded.text.parse().unwrap();
                let tags = doc["tags"].as_array_mut().expect("tags is an array");
                let at = tags.iter().position(|v| v.as_str() == Some(tag.as_str()));
                match (add, at) {
                    (true, None) => tags.push(tag.as_str()),
                    (false, Some(i)) => {
                        tags.remove(i);
                    }
                    _ => {}
                }
                Ok(doc.to_string())
            })
            .unwrap();
        }
    }
}

#[test]
fn two_hundred_random_edit_sequences_on_two_devices_lose_nothing() {
    let w = World::new();
    // Both devices use the built binary as the driver (the library's own
    // registration would name this test program).
    let exe = env!("CARGO_BIN_EXE_ties");
    for d in [w.a(), w.b()] {
        w.git(
            &d,
            &[
                "config",
                "merge.ties.driver",
                &format!("{exe} merge-driver %O %A %B %P"),
            ],
        );
    }
    w.ties_ok(&w.b(), &["sync"]);
    let mut expect = Expect {
        logged: vec!["First call.".to_string()],
        ..Expect::default()
    };
    let seed = 0x5eed_u64;
    let mut rng = Rng(seed);
    for round in 0..200 {
        for (dir, name) in [(w.a(), "a"), (w.b(), "b")] {
            for step in 0..(1 + rng.below(3) as usize) {
                random_edit(&mut rng, &dir, name, round * 10 + step, &mut expect);
            }
        }
        for dir in [w.a(), w.b(), w.a()] {
            let (code, stdout, stderr) = w.ties(&dir, &["sync"]);
            assert_eq!(
                code,
                0,
                "round {round} (seed {seed}): {stderr}{stdout}\n{}",
                w.ana(&dir)
            );
        }
        if round % 20 == 19 || round == 199 {
            for d in [w.a(), w.b()] {
                let p = w.person(&d);
                for t in &expect.logged {
                    assert!(
                        p.log.iter().any(|e| &e.text == t),
                        "round {round} (seed {seed}): `{t}` is missing on {}",
                        d.display()
                    );
                }
                assert_eq!(
                    p.log.len(),
                    expect.logged.len(),
                    "round {round}: no entry twice"
                );
                let texts: Vec<&str> = p.todos.iter().map(|t| t.text.as_str()).collect();
                for t in &expect.todos {
                    assert_eq!(
                        texts.iter().filter(|x| **x == t.as_str()).count(),
                        1,
                        "round {round} (seed {seed}): todo `{t}` once"
                    );
                }
                for t in &expect.done {
                    assert!(
                        p.todos.iter().any(|x| &x.text == t && x.done),
                        "round {round} (seed {seed}): `{t}` stays done"
                    );
                }
            }
            assert_eq!(
                w.ana(&w.a()),
                w.ana(&w.b()),
                "round {round}: the devices agree"
            );
        }
    }
}

#[test]
fn a_conflict_outside_people_is_not_committed_with_its_markers() {
    let w = World::new();
    let append = |d: &Path, what: &str| {
        let p = d.join(".gitignore");
        let t = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::write(p, format!("{t}{what}\n")).unwrap();
    };
    append(&w.a(), "foo");
    w.ties_ok(&w.a(), &["sync"]);
    append(&w.b(), "bar");
    w.ties_ok(&w.b(), &["log", "ana", "During the clash"]);
    let (code, _, stderr) = w.ties(&w.b(), &["sync"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(".gitignore"), "{stderr}");
    // Saving during the unfinished merge does not conclude it.
    w.ties_ok(&w.b(), &["log", "ana", "Still clashing"]);
    let (code, _, stderr) = w.ties(&w.b(), &["sync"]);
    assert_eq!(code, 1, "a second sync refuses too: {stderr}");
    assert!(
        stderr.contains("unresolved git merge in .gitignore"),
        "{stderr}"
    );
    assert!(stderr.contains("in your editor"), "{stderr}");
    let head = w.git(&w.b(), &["show", "HEAD:.gitignore"]);
    assert!(!head.contains("<<<<<<<"), "no markers committed: {head}");
    // Resolved by hand, sync finishes and both notes travel.
    let t = std::fs::read_to_string(w.b().join(".gitignore")).unwrap();
    let fixed: String = t
        .lines()
        .filter(|l| {
            !l.starts_with("<<<<<<<") && !l.starts_with("=======") && !l.starts_with(">>>>>>>")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(w.b().join(".gitignore"), fixed).unwrap();
    w.ties_ok(&w.b(), &["sync"]);
    w.ties_ok(&w.a(), &["sync"]);
    let p = w.person(&w.a());
    assert!(p.log.iter().any(|e| e.text == "During the clash"));
    assert!(p.log.iter().any(|e| e.text == "Still clashing"));
}

#[test]
fn local_state_is_never_committed_even_without_a_gitignore() {
    let env = Env::new();
    let v = env.vault();
    std::fs::write(v.join("people/ana-lima.toml"), ANA).unwrap();
    let w = World { env };
    w.git(&v, &["init", "--quiet"]);
    w.ties_ok(&v, &["list"]);
    assert!(v.join(".ties").exists(), "the index was written");
    w.ties_ok(&v, &["sync"]);
    let files = w.git(&v, &["ls-files"]);
    assert!(!files.contains(".ties"), "{files}");
    assert!(files.contains("people/ana-lima.toml"), "{files}");
    let ignore = std::fs::read_to_string(v.join(".gitignore")).unwrap();
    assert!(ignore.contains(".ties/"), "{ignore}");
}
