//! Merges and history in an encrypting vault compare encrypted values by
//! their words, not their armor (two seals of the same words differ): the
//! real binary, real git, a bare remote, and two machines sharing one age
//! identity (the one `ties encrypt` made on the first, copied).

mod common;

use std::path::PathBuf;

use common::keys::{Machines, armored};

const ANA: &str = r#"name = "Ana Lima"

[about]
health = "Quorvath surgery in March"
family = "Partner Gribbleton"
hobbies = "cello"

[[log]]
at = 2026-11-01T10:00:00-05:00
via = "call"
text = "First call."

[[log]]
at = 2026-11-05T10:00:00-05:00
via = "meal"
text = "Worried about Zanzibarite layoffs."
private = true
ask = ["How did the Plinkettish interview go?"]
"#;

struct Two {
    m: Machines,
}

impl Two {
    /// Machine `a` made the vault, encrypts `health` and `family` and
    /// pushed; machine `b` cloned it and has `a`'s identity.
    fn new() -> Two {
        let t = Two { m: Machines::new() };
        let root = t.m.root().to_path_buf();
        t.m.git(
            &root,
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        let a = t.vault("a");
        t.m.ok("a", &a, &["init", a.to_str().unwrap(), "--git"]);
        std::fs::write(a.join("people/ana-lima.toml"), ANA).unwrap();
        t.m.git(&a, &["checkout", "--quiet", "-b", "main"]);
        t.m.git(&a, &["remote", "add", "origin", "../remote.git"]);
        t.m.ok("a", &a, &["sync"]);
        t.m.ok(
            "a",
            &a,
            &["encrypt", "--about", "health", "--about", "family"],
        );
        t.m.git(&a, &["push", "--quiet", "-u", "origin", "main"]);
        let id = t.m.home("a").join(".config/ties/identity.txt");
        let to = t.m.home("b").join(".config/ties");
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(&id, to.join("identity.txt")).expect("ties encrypt made an identity");
        t.m.git(&root, &["clone", "--quiet", "remote.git", "b"]);
        let b = t.vault("b");
        t.m.ok("b", &b, &["init", b.to_str().unwrap()]);
        t.m.ok("b", &b, &["sync"]);
        assert_eq!(t.file("a"), t.file("b"));
        let file = t.file("a");
        assert_eq!(armored(&file).len(), 4, "{file}");
        t
    }

    fn vault(&self, who: &str) -> PathBuf {
        self.m.root().join(who)
    }

    fn file(&self, who: &str) -> String {
        std::fs::read_to_string(self.vault(who).join("people/ana-lima.toml")).unwrap()
    }

    fn ok(&self, who: &str, args: &[&str]) -> String {
        self.m.ok(who, &self.vault(who), args)
    }

    fn ties(&self, who: &str, args: &[&str]) -> (i32, String, String) {
        self.m.ties(who, &self.vault(who), args)
    }

    /// Replaces the `health` fact with `words`, in the clear, by hand (the
    /// next `ties sync` encrypts it).
    fn set_health(&self, who: &str, words: &str) {
        let file = self.file(who);
        let start = file.find("health = \"\"\"").expect("health is encrypted");
        let end_armor = start + file[start..].find("-----END AGE").unwrap();
        let end = end_armor + file[end_armor..].find("\"\"\"").unwrap() + 3;
        let text = format!("{}health = \"{words}\"{}", &file[..start], &file[end..]);
        std::fs::write(self.vault(who).join("people/ana-lima.toml"), text).unwrap();
    }

    /// Both machines hold the same bytes, no secret is in the file, and
    /// each reads once on each machine (entries on `show`, facts on `prep`).
    fn converged(&self, notes: &[&str], facts: &[&str]) {
        let (a, b) = (self.file("a"), self.file("b"));
        assert_eq!(a, b, "both machines end with the same file");
        assert!(!a.contains("<<<<<<<"), "{a}");
        for who in ["a", "b"] {
            for (cmd, words) in [("show", notes), ("prep", facts)] {
                let shown = self.ok(who, &[cmd, "ana"]);
                for s in words {
                    assert!(!a.contains(s), "{s} is in the clear:\n{a}");
                    assert_eq!(shown.matches(s).count(), 1, "{s} once on {who}:\n{shown}");
                }
            }
        }
    }
}

/// The private entries' words, and the encrypted facts'.
const NOTES: [&str; 2] = [
    "Worried about Zanzibarite layoffs.",
    "How did the Plinkettish interview go?",
];
const FACTS: [&str; 2] = ["Quorvath surgery in March", "Partner Gribbleton"];

/// How many log entries a file holds.
fn entries(file: &str) -> usize {
    file.lines().filter(|l| l.trim() == "[[log]]").count()
}

#[test]
fn a_clear_private_entry_sealed_on_both_machines_is_kept_once() {
    let t = Two::new();
    // A third clone, plain git, writes a private entry in the clear.
    let root = t.m.root().to_path_buf();
    t.m.git(&root, &["clone", "--quiet", "remote.git", "c"]);
    let c = t.vault("c");
    let mut file = std::fs::read_to_string(c.join("people/ana-lima.toml")).unwrap();
    file.push_str("\n[[log]]\nat = 2026-11-10T10:00:00-05:00\nvia = \"call\"\ntext = \"Marmaluxian news from the phone.\"\nprivate = true\n");
    std::fs::write(c.join("people/ana-lima.toml"), file).unwrap();
    t.m.git(&c, &["commit", "--quiet", "-am", "from the phone"]);
    t.m.git(&c, &["push", "--quiet"]);
    // Both machines have it before either seals it.
    for who in ["a", "b"] {
        t.m.git(&t.vault(who), &["pull", "--quiet", "--ff-only"]);
    }
    t.ok("a", &["sync"]);
    t.ok("b", &["sync"]);
    t.ok("a", &["sync"]);
    t.converged(
        &[NOTES[0], NOTES[1], "Marmaluxian news from the phone."],
        &FACTS,
    );
    let file = t.file("a");
    assert_eq!(entries(&file), 3, "the entry once:\n{file}");
    assert_eq!(file.matches("2026-11-10T10:00:00-05:00").count(), 1);
}

#[test]
fn both_machines_encrypting_again_merge_without_conflict_or_duplicate() {
    let t = Two::new();
    let before = t.file("a");
    for who in ["a", "b"] {
        t.ok(who, &["encrypt", "--rewrap"]);
        let after = armored(&t.file(who));
        assert_eq!(after.len(), 4);
        assert!(
            after.iter().all(|x| !before.contains(x.as_str())),
            "every value has new armor on {who}"
        );
    }
    for who in ["a", "b", "a"] {
        let (code, out, err) = t.ties(who, &["sync"]);
        assert_eq!(code, 0, "sync on {who}: {err}\n{out}");
    }
    t.converged(&NOTES, &FACTS);
    assert_eq!(entries(&t.file("a")), 2, "{}", t.file("a"));
    assert_eq!(armored(&t.file("a")).len(), 4);
}

#[test]
fn history_shows_words_and_no_change_for_a_new_encryption() {
    let t = Two::new();
    t.set_health("a", "Quorvath surgery moved to May");
    t.ok("a", &["sync"]);
    t.ok("a", &["encrypt", "--rewrap"]);
    t.ok("a", &["sync"]);
    t.ok("b", &["sync"]);
    for who in ["a", "b"] {
        let json = t.ok(who, &["history", "ana", "--format", "json"]);
        assert!(
            !json.contains("BEGIN AGE"),
            "no armor in the history:\n{json}"
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let health: Vec<(&str, Option<&str>, Option<&str>)> = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["key"] == "health")
            .map(|c| {
                (
                    c["kind"].as_str().unwrap(),
                    c["from"].as_str(),
                    c["to"].as_str(),
                )
            })
            .collect();
        // Encrypted by `ties encrypt`, then again by `--rewrap`: the same
        // words, so no change; the new words are one.
        assert_eq!(
            health,
            [
                ("added", None, Some("Quorvath surgery in March")),
                (
                    "changed",
                    Some("Quorvath surgery in March"),
                    Some("Quorvath surgery moved to May")
                )
            ],
            "{json}"
        );
        let text = t.ok(who, &["history", "ana", "health"]);
        assert_eq!(text, "health: added 2026-11-23, changed 2026-11-23\n");
        // The cache keeps the armor: words only ever encrypted are not in it.
        let cache = common::keys::all_files(&t.vault(who).join(".ties/history"));
        assert!(cache.contains("BEGIN AGE"), "{cache}");
        assert!(!cache.contains("moved to May"), "{cache}");
    }
    // Without the key: locked, never armor.
    let root = t.m.root().to_path_buf();
    t.m.git(&root, &["clone", "--quiet", "remote.git", "c"]);
    let json = t.m.ok(
        "c",
        &root.join("c"),
        &["history", "ana", "--format", "json"],
    );
    assert!(!json.contains("BEGIN AGE"), "{json}");
    assert!(json.contains("private (locked)"), "{json}");
}

#[test]
fn both_changing_a_private_fact_is_still_a_conflict_and_nothing_else_is() {
    let t = Two::new();
    // Both machines encrypt again and change the words of `health`.
    t.ok("a", &["encrypt", "--rewrap"]);
    t.set_health("a", "Quorvath surgery moved to May");
    t.ok("a", &["sync"]);
    t.ok("b", &["encrypt", "--rewrap"]);
    t.set_health("b", "Quorvath surgery cancelled");
    let (code, _, err) = t.ties("b", &["sync"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("unresolved git merge in people/ana-lima.toml"),
        "{err}"
    );
    let file = t.file("b");
    assert!(!file.contains("Quorvath"), "{file}");
    assert_eq!(file.matches("<<<<<<<").count(), 1, "health only:\n{file}");
    assert_eq!(entries(&file), 2, "no entry twice:\n{file}");
    let (code, check, _) = t.ties("b", &["check"]);
    assert_eq!(code, 1);
    assert!(
        check.contains("both sides changed `about.health`"),
        "{check}"
    );
    assert!(!check.contains("about.family"), "{check}");
}
