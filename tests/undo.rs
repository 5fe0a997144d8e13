//! `ties undo` takes back the last save, whatever it was, with the exact
//! previous bytes; when the file changed since, that save alone; in a git
//! vault as a new commit.

mod common;
use common::Env;

const ANA: &str = "# Ana, by hand\nname = \"Ana Lima\"   # aligned\norg = \"Example Corp\"\n";

#[test]
fn undo_restores_the_exact_previous_bytes_save_after_save() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.ok(&["log", "ana", "First call"]);
    let after_log = env.read("ana-lima");
    env.ok(&["todo", "ana", "Send the deck"]);
    env.ok(&["add", "Cleo Park"]);
    let said = env.ok(&["undo"]);
    assert!(
        said.contains("Undid adding people/cleo-park.toml"),
        "{said}"
    );
    assert!(!env.vault().join("people/cleo-park.toml").exists());
    let said = env.ok(&["undo"]);
    assert!(
        said.contains("Undid the last change to people/ana-lima.toml"),
        "{said}"
    );
    assert_eq!(env.read("ana-lima"), after_log);
    env.ok(&["undo"]);
    assert_eq!(
        env.read("ana-lima"),
        ANA,
        "byte for byte, comments and layout"
    );
    let (code, _, err) = env.run(&["undo"]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing to undo"), "{err}");
}

#[test]
fn undo_after_a_later_change_takes_back_only_that_save() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.ok(&["todo", "ana", "Send the deck"]);
    // Another program changes the file afterwards (a sync, a hand edit).
    let changed = env
        .read("ana-lima")
        .replace("org = \"Example Corp\"", "org = \"Acme\"");
    env.write("ana-lima", &changed);
    let said = env.ok(&["undo"]);
    assert!(said.contains("what changed there since is kept"), "{said}");
    let text = env.read("ana-lima");
    assert!(
        text.contains("org = \"Acme\"") && !text.contains("Send the deck"),
        "{text}"
    );
    // A later change in the same place: undo refuses and changes nothing.
    env.ok(&["log", "ana", "A call"]);
    let clash = env
        .read("ana-lima")
        .replace("text = \"A call\"", "text = \"A call, edited\"");
    env.write("ana-lima", &clash);
    let (code, _, err) = env.run(&["undo"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("changed since that save in the same place"),
        "{err}"
    );
    assert_eq!(env.read("ana-lima"), clash);
}

#[test]
fn undo_in_a_git_vault_is_a_new_commit() {
    let env = Env::new();
    let v = env.vault();
    env.ok(&["init", v.to_str().unwrap(), "--git"]);
    env.write("ana-lima", ANA);
    env.git(&v, &["add", "-A"]);
    env.git(&v, &["commit", "--quiet", "-m", "start"]);
    env.ok(&["log", "ana", "First call"]);
    env.ok(&["undo"]);
    let log = env.git(&v, &["log", "--format=%s"]);
    let subjects: Vec<&str> = log.lines().collect();
    // `ties init --git` made the first commit.
    assert_eq!(subjects.len(), 4, "{log}");
    assert_eq!(subjects[3], "ties: start the vault", "{log}");
    assert_eq!(
        subjects[0], "ties: undo the last change to Ana Lima",
        "{log}"
    );
    assert_eq!(env.read("ana-lima"), ANA);
    assert_eq!(env.git(&v, &["status", "--porcelain"]).trim(), "");
}
