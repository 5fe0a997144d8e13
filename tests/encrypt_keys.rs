//! Changing who can read the private notes, with the real binary, the real
//! git and SSH keys made by `ssh-keygen`: adding a key encrypts everything
//! again for it, removing one says what it can still read, an emptied
//! recipients.txt lists this machine again; and what an adversarial probe
//! left: caches indexed before encryption, private words in the clear that
//! `ties check` names, ticks of a sealed ask written in the clear.

mod common;

use std::path::{Path, PathBuf};

use common::keys::{Machines, all_files, armored, have_ssh_keygen};

const WORDS: &[&str] = &["Quorvath", "Gribbleton", "Zanzibarite", "Plinkettish"];

fn no_word(what: &str, text: &str) {
    for w in WORDS {
        assert!(
            !text.contains(w),
            "{what} holds the private word {w}:\n{text}"
        );
    }
}

fn person(v: &Path, slug: &str) -> String {
    std::fs::read_to_string(v.join("people").join(format!("{slug}.toml"))).unwrap()
}

/// The files of the last commit, with its subject first.
fn last_commit(m: &Machines, v: &Path) -> String {
    m.git(v, &["log", "-1", "--stat", "--format=%s"])
}

/// Whether `git grep` finds `word` in the commit `rev`.
fn in_commit(m: &Machines, v: &Path, rev: &str, word: &str) -> bool {
    m.env
        .git_cmd(v, &["grep", "-q", "-i", word, rev, "--"])
        .output()
        .unwrap()
        .status
        .success()
}

/// A person file as `who`'s keys open it (the `diff=ties` textconv).
fn opened_by(m: &Machines, who: &str, v: &Path, file: &Path) -> String {
    m.ok(who, v, &["textconv", file.to_str().unwrap()])
}

/// A private note about Ana with a private ask, logged on machine a.
fn log_news(m: &Machines, v: &Path) {
    m.ok(
        "a",
        v,
        &[
            "log",
            "ana",
            "--private",
            "Her Quorvath news.",
            "--ask",
            "Is Gribbleton safe?",
        ],
    );
}

fn git_vault(m: &Machines, who: &str) -> PathBuf {
    let v = m.root().join("vault");
    m.ok(who, &v, &["init", v.to_str().unwrap(), "--git"]);
    v
}

#[test]
fn adding_a_key_encrypts_every_value_again_for_it_in_one_commit() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    m.keygen("a", "me@laptop");
    let desk = m.keygen("desk", "me@desk");
    let v = git_vault(&m, "a");
    let file = v.join("people/ana-lima.toml");
    std::fs::write(
        &file,
        "# Ana, from the Lisbon office\nname = \"Ana Lima\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"   # by phone\ntext = \"Her Quorvath news.\"\nask = \"Is Gribbleton safe?\"\nprivate = true\n\n[[log]]\nat = 2026-11-02\ntext = \"plain\"\nasked = [\"Is Gribbleton safe?\"]\n",
    )
    .unwrap();
    m.ok("a", &v, &["encrypt"]);
    m.ok(
        "a",
        &v,
        &["log", "ana", "--private", "Zanzibarite layoffs."],
    );
    let before = armored(&person(&v, "ana-lima"));
    assert_eq!(before.len(), 4, "text, ask, its tick, text");
    assert!(opened_by(&m, "desk", &v, &file).contains("private (locked)"));

    let said = m.ok("a", &v, &["encrypt", "--add", &desk]);
    assert!(said.contains("ssh-ed25519 key me@desk"), "{said}");
    assert!(
        said.contains("again, for everyone listed, in 1 file"),
        "{said}"
    );
    // One commit holds the new list and every file encrypted again.
    let commit = last_commit(&m, &v);
    assert!(commit.starts_with("ties: add a recipient"), "{commit}");
    assert!(
        commit.contains("recipients.txt") && commit.contains("people/ana-lima.toml"),
        "{commit}"
    );
    assert!(m.git(&v, &["status", "--porcelain"]).trim().is_empty());
    // Comments and layout stay; every value is new, the tick still the
    // ask's own value.
    let text = person(&v, "ana-lima");
    assert!(
        text.starts_with("# Ana, from the Lisbon office\nname = \"Ana Lima\"\n"),
        "{text}"
    );
    assert!(text.contains("via = \"call\"   # by phone"), "{text}");
    let after = armored(&text);
    assert_eq!(after.len(), 4, "{text}");
    assert!(after.iter().all(|v| !before.contains(v)), "{text}");
    assert_eq!(after[1], after[2], "the tick is the ask's value:\n{text}");
    // The new key alone opens every value to its words.
    let opened = opened_by(&m, "desk", &v, &file);
    assert!(!opened.contains("private (locked)"), "{opened}");
    for w in [
        "Her Quorvath news.",
        "Zanzibarite layoffs.",
        "Is Gribbleton safe?",
    ] {
        assert!(opened.contains(w), "{w}:\n{opened}");
    }
    assert_eq!(opened.matches("Is Gribbleton safe?").count(), 2, "{opened}");
    let shown = m.ok("a", &v, &["show", "ana"]);
    assert!(shown.contains("asked: Is Gribbleton safe?"), "{shown}");
    for w in WORDS {
        assert!(!in_commit(&m, &v, "HEAD", w), "git grep finds {w}");
    }
}

#[test]
fn values_this_machine_cannot_open_are_counted_and_rewrap_elsewhere_finishes() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    m.keygen("a", "me@laptop");
    let c = m.keygen("c", "me@old-laptop");
    let desk = m.keygen("desk", "me@desk");
    let v = git_vault(&m, "a");
    let file = v.join("people/ana-lima.toml");
    m.ok("a", &v, &["add", "Ana Lima"]);
    m.ok("a", &v, &["encrypt"]);
    m.ok("a", &v, &["log", "ana", "--private", "Her Quorvath news."]);
    // A note written for C's key only (C's list before A's key was in it).
    let list = std::fs::read_to_string(v.join("recipients.txt")).unwrap();
    std::fs::write(v.join("recipients.txt"), format!("{c}\n")).unwrap();
    m.ok("c", &v, &["log", "ana", "--private", "Plinkettish plans."]);
    std::fs::write(v.join("recipients.txt"), format!("{list}{c}\n")).unwrap();
    m.git(&v, &["add", "-A"]);
    m.git(&v, &["commit", "--quiet", "-m", "C's note"]);

    let said = m.ok("a", &v, &["encrypt", "--add", &desk]);
    assert!(
        said.contains(
            "1 private value in 1 file no key on this machine opens were left as they were"
        ),
        "{said}"
    );
    assert!(said.contains("`ties encrypt --rewrap`"), "{said}");
    let opened = opened_by(&m, "desk", &v, &file);
    assert!(opened.contains("Her Quorvath news."), "{opened}");
    assert_eq!(opened.matches("private (locked)").count(), 1, "{opened}");

    // On C, whose key opens that note: encrypted again for everyone listed.
    let said = m.ok("c", &v, &["encrypt", "--rewrap"]);
    assert!(
        said.contains("again, for every key in recipients.txt, in 1 file"),
        "{said}"
    );
    let commit = last_commit(&m, &v);
    assert!(commit.contains("people/ana-lima.toml"), "{commit}");
    let opened = opened_by(&m, "desk", &v, &file);
    assert!(
        opened.contains("Plinkettish plans.") && opened.contains("Her Quorvath news."),
        "{opened}"
    );
    assert!(!opened.contains("private (locked)"), "{opened}");
}

#[test]
fn removing_a_key_encrypts_again_for_the_rest_and_says_old_commits_stay_readable() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    let mine = m.keygen("a", "me@laptop");
    let old = m.keygen("old", "me@stolen-laptop");
    let desk = m.keygen("desk", "me@desk");
    let v = git_vault(&m, "a");
    let file = v.join("people/ana-lima.toml");
    m.ok("a", &v, &["add", "Ana Lima"]);
    m.ok("a", &v, &["encrypt"]);
    m.ok("a", &v, &["encrypt", "--add", &old]);
    log_news(&m, &v);
    assert!(opened_by(&m, "old", &v, &file).contains("Her Quorvath news."));

    // The same key with another comment is the same key.
    let body: Vec<&str> = old.split_whitespace().take(2).collect();
    let renamed = format!("{} renamed@elsewhere", body.join(" "));
    let said = m.ok("a", &v, &["encrypt", "--remove", &renamed]);
    assert!(
        said.contains("Removed from recipients.txt: ssh-ed25519 key me@stolen-laptop"),
        "{said}"
    );
    assert!(
        said.contains("Old commits, and every copy of the vault made before now, stay readable with ssh-ed25519 key me@stolen-laptop"),
        "{said}"
    );
    let list = std::fs::read_to_string(v.join("recipients.txt")).unwrap();
    assert!(!list.contains(body[1]) && list.contains(&mine), "{list}");
    assert!(list.starts_with("# Who can read"), "comments stay:\n{list}");
    let commit = last_commit(&m, &v);
    assert!(commit.starts_with("ties: remove a recipient"), "{commit}");
    assert!(
        commit.contains("recipients.txt") && commit.contains("people/ana-lima.toml"),
        "{commit}"
    );
    assert!(m.git(&v, &["status", "--porcelain"]).trim().is_empty());
    // The removed key opens nothing now, but still the commit before.
    let now = opened_by(&m, "old", &v, &file);
    no_word("the file as the removed key opens it", &now);
    assert_eq!(now.matches("private (locked)").count(), 2, "{now}");
    let before = m.root().join("before.toml");
    std::fs::write(&before, m.git(&v, &["show", "HEAD~1:people/ana-lima.toml"])).unwrap();
    let then = opened_by(&m, "old", &v, &before);
    assert!(
        then.contains("Her Quorvath news.") && then.contains("Is Gribbleton safe?"),
        "{then}"
    );
    assert!(
        m.ok("a", &v, &["show", "ana"])
            .contains("Her Quorvath news.")
    );

    // Never the last key; never this machine's only one without --force;
    // never a key not listed.
    let (code, _, err) = m.ties("a", &v, &["encrypt", "--remove", &mine]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("that would leave no key in recipients.txt"),
        "{err}"
    );
    let (code, _, err) = m.ties("a", &v, &["encrypt", "--remove", &old]);
    assert_eq!(code, 1);
    assert!(
        err.contains("recipients.txt does not list the key"),
        "{err}"
    );
    m.ok("a", &v, &["encrypt", "--add", &desk]);
    // Two keys, the second not listed: nothing removed at all.
    let listed = std::fs::read_to_string(v.join("recipients.txt")).unwrap();
    let (code, _, err) = m.ties("a", &v, &["encrypt", "--remove", &desk, "--remove", &old]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing was removed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(v.join("recipients.txt")).unwrap(),
        listed
    );
    let (code, _, err) = m.ties("a", &v, &["encrypt", "--remove", &mine]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("no key left in recipients.txt is one this machine has")
            && err.contains("--force"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(v.join("recipients.txt"))
            .unwrap()
            .contains(&mine)
    );
    let said = m.ok("a", &v, &["encrypt", "--remove", &mine, "--force"]);
    assert!(
        said.contains("it cannot read the private notes written from now on"),
        "{said}"
    );
    assert!(opened_by(&m, "desk", &v, &file).contains("Her Quorvath news."));
}

#[test]
fn encrypt_lists_this_machine_again_when_recipients_lists_no_key() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    let mine = m.keygen("a", "me@laptop");
    let v = git_vault(&m, "a");
    m.ok("a", &v, &["add", "Ana Lima"]);
    m.ok("a", &v, &["encrypt"]);
    std::fs::write(
        v.join("recipients.txt"),
        format!("# every key taken out by hand\n# {mine}\n"),
    )
    .unwrap();
    let (code, said, err) = m.ties("a", &v, &["encrypt"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains("recipients.txt listed no key, so this machine's are listed again:"),
        "{said}"
    );
    assert!(said.contains("ssh-ed25519 key me@laptop"), "{said}");
    let list = std::fs::read_to_string(v.join("recipients.txt")).unwrap();
    assert!(list.lines().any(|l| l == mine), "{list}");
    m.ok("a", &v, &["log", "ana", "--private", "Her Quorvath news."]);
    no_word("the file", &person(&v, "ana-lima"));
    assert!(
        m.ok("a", &v, &["show", "ana"])
            .contains("Her Quorvath news.")
    );
}

#[test]
fn encrypt_leaves_no_private_word_in_the_caches() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    m.keygen("a", "me@laptop");
    let v = m.root().join("vault");
    m.ok("a", &v, &["init", v.to_str().unwrap()]);
    m.ok("a", &v, &["add", "Ana Lima"]);
    log_news(&m, &v);
    for args in [
        &["list"][..],
        &["search", "Quorvath"],
        &["prep", "ana"],
        &["due"],
    ] {
        m.ok("a", &v, args);
    }
    let caches = all_files(&v.join(".ties"));
    assert!(
        WORDS.iter().any(|w| caches.contains(w)),
        "the caches were built with the words in the clear"
    );
    m.ok("a", &v, &["encrypt"]);
    no_word(
        "`.ties/` after `ties encrypt`",
        &all_files(&v.join(".ties")),
    );
    // Built again, they still find what is plain.
    assert!(m.ok("a", &v, &["list"]).contains("Ana Lima"));
    no_word("`.ties/` after a list", &all_files(&v.join(".ties")));
}

#[test]
fn check_names_private_words_in_the_clear_and_encrypt_seals_them() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    m.keygen("a", "me@laptop");
    let v = git_vault(&m, "a");
    m.ok("a", &v, &["add", "Ana Lima"]);
    m.ok("a", &v, &["encrypt"]);
    let said = m.ok("a", &v, &["check"]);
    assert!(!said.contains("in the clear"), "{said}");
    // A private note written by hand, and a tick in the clear of a sealed ask.
    std::fs::write(
        v.join("people/tom-brennan.toml"),
        "name = \"Tom Brennan\"\n\n[[log]]\nat = 2026-11-21\nvia = \"call\"\ntext = \"Zanzibarite divorce.\"\nprivate = true\n",
    )
    .unwrap();
    m.ok(
        "a",
        &v,
        &[
            "log",
            "ana",
            "--private",
            "Coffee.",
            "--ask",
            "Is Gribbleton safe?",
        ],
    );
    let ana = v.join("people/ana-lima.toml");
    let mut text = std::fs::read_to_string(&ana).unwrap();
    text.push_str("\n[[log]]\nat = 2026-11-23T10:00:00-05:00\nvia = \"call\"\ntext = \"Lunch.\"\nasked = [\"is gribbleton  safe?\"]\n");
    std::fs::write(&ana, text).unwrap();
    let said = m.ok("a", &v, &["check"]);
    for f in ["people/tom-brennan.toml", "people/ana-lima.toml"] {
        assert!(
            said.contains(&format!(
                "warning: {f}: private words are written in the clear though the vault encrypts; `ties encrypt` (or `ties sync`) encrypts them"
            )),
            "{said}"
        );
    }
    // Many files: one line.
    for n in ["cy", "dee", "eli"] {
        std::fs::write(
            v.join(format!("people/{n}.toml")),
            format!("name = \"{n}\"\n\n[[log]]\nat = 2026-11-21\ntext = \"Plinkettish {n}.\"\nprivate = true\n"),
        )
        .unwrap();
    }
    let said = m.ok("a", &v, &["check"]);
    assert_eq!(said.matches("in the clear").count(), 1, "{said}");
    assert!(
        said.contains("warning: 5 person files hold private words in the clear though the vault encrypts (people/"),
        "{said}"
    );
    m.ok("a", &v, &["encrypt"]);
    let said = m.ok("a", &v, &["check"]);
    assert!(!said.contains("in the clear"), "{said}");
    for slug in ["ana-lima", "tom-brennan", "cy"] {
        no_word(slug, &person(&v, slug));
    }
    // The tick is the ask's own sealed value, so the ask is still ticked.
    let values = armored(&person(&v, "ana-lima"));
    assert_eq!(values.len(), 3, "{values:?}");
    assert_eq!(values[1], values[2]);
    let prep = m.ok("a", &v, &["prep", "ana"]);
    assert!(
        !prep.contains("Is Gribbleton safe?"),
        "not open any more:\n{prep}"
    );
}

/// `ties edit` adding a tick of a sealed ask by hand: sealed on save.
#[test]
fn a_tick_of_a_sealed_ask_added_by_hand_is_sealed_on_save() {
    if !have_ssh_keygen() {
        return;
    }
    let m = Machines::new();
    m.keygen("a", "me@laptop");
    let v = git_vault(&m, "a");
    m.ok("a", &v, &["add", "Ana Lima"]);
    m.ok("a", &v, &["encrypt"]);
    m.ok(
        "a",
        &v,
        &[
            "log",
            "ana",
            "--private",
            "Coffee.",
            "--ask",
            "Is Gribbleton safe?",
        ],
    );
    let editor = m.root().join("tick.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '\\n[[log]]\\nat = 2026-11-23T10:00:00-05:00\\nvia = \"call\"\\ntext = \"Lunch.\"\\nasked = [\"Is Gribbleton safe?\"]\\n' >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let home = m.home("a");
    let mut edit = m.env.hermetic(common::bin());
    edit.args(["edit", "ana"])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("TIES_VAULT", &v)
        .env("EDITOR", &editor);
    let (code, _, err) = common::out(edit.output().unwrap());
    assert_eq!(code, 0, "{err}");
    let text = person(&v, "ana-lima");
    no_word("the file after the edit", &text);
    let values = armored(&text);
    assert_eq!(values.len(), 3, "{text}");
    assert_eq!(values[1], values[2], "{text}");
    assert!(text.contains("text = \"Lunch.\""), "{text}");
    let shown = m.ok("a", &v, &["show", "ana"]);
    assert!(shown.contains("asked: Is Gribbleton safe?"), "{shown}");
}

/// A tick written under the lock for an ask ticked meanwhile (a sync, a
/// draft kept from before) still takes the ask's sealed value.
#[test]
fn a_tick_of_a_sealed_ask_ticked_before_is_written_sealed() {
    let env = common::Env::new();
    let id = age::x25519::Identity::generate();
    let idfile = env.dir.path().join("identity.txt");
    {
        use age::secrecy::ExposeSecret;
        std::fs::write(&idfile, format!("{}\n", id.to_string().expose_secret())).unwrap();
    }
    // SAFETY: the only test of this binary that reads keys in-process; the
    // others run ties as child processes.
    unsafe { std::env::set_var("TIES_IDENTITY", &idfile) };
    std::fs::write(
        env.vault().join("recipients.txt"),
        format!("{}\n", id.to_public()),
    )
    .unwrap();
    env.write(
        "ana-lima",
        "name = \"Ana Lima\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"Coffee.\"\nask = [\"Is Gribbleton safe?\"]\nprivate = true\n",
    );
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    ties::store::seal::seal_existing(&vault).unwrap();
    let tick = |text: &str| ties::store::write::NewEntry {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-10T10:00:00-05:00").unwrap(),
        via: "call".into(),
        text: text.into(),
        ask: Vec::new(),
        asked: vec!["Is Gribbleton safe?".into()],
        private: false,
        why: None,
        with: Vec::new(),
    };
    ties::store::write::log(&vault, "ana-lima", &tick("Lunch.")).unwrap();
    ties::store::write::log(&vault, "ana-lima", &tick("Dinner.")).unwrap();
    let text = env.read("ana-lima");
    no_word("the file", &text);
    let values = armored(&text);
    assert_eq!(values.len(), 4, "{text}");
    assert!(values[2] == values[1] && values[3] == values[1], "{text}");
}
