//! `[about]` facts encrypted by the vault's settings (`vault.toml`), and
//! search of private notes only when this machine opts in
//! (`search_private = true`): the real binary, real git, an age identity
//! made by `ties encrypt` (no SSH key needed).

mod common;

use std::path::{Path, PathBuf};

use common::keys::files_holding;
use common::{Env, out};

const ANA: &str = "name = \"Ana Lima\"\n\n[about]\nhealth = \"Quorvath surgery in March\"  # she asked me not to share\nhobbies = \"cello\"\n";

/// An encrypting vault in git whose machine has the age identity
/// `ties encrypt` made.
fn encrypting(env: &Env, about: &[&str]) -> String {
    env.write("ana-lima", ANA);
    env.git(&env.vault(), &["init", "-q", "-b", "main"]);
    env.git(&env.vault(), &["add", "-A"]);
    env.git(&env.vault(), &["commit", "-q", "-m", "start"]);
    let mut args = vec!["encrypt"];
    for a in about {
        args.extend(["--about", a]);
    }
    env.ok(&args)
}

/// `ties` as a second machine that has no key.
fn keyless(env: &Env, args: &[&str]) -> (i32, String, String) {
    let mut c = env.cmd(args);
    as_keyless(env, &mut c);
    out(c.output().unwrap())
}

/// A command's HOME and config made those of a machine without the key.
fn as_keyless(env: &Env, c: &mut std::process::Command) {
    let home = env.dir.path().join("home-keyless");
    c.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"));
}

/// `ties edit ana` with `body` as the editor (a shell script given the
/// copy as `$1`), on this machine or, `keyless`, on one without the key.
fn edit_ana(env: &Env, body: &str, keyless: bool) -> (i32, String, String) {
    let script = env.dir.path().join("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut c = env.cmd(&["edit", "ana"]);
    c.env("EDITOR", &script).env("VISUAL", &script);
    if keyless {
        as_keyless(env, &mut c);
    }
    out(c.output().unwrap())
}

#[test]
fn about_facts_named_in_vault_toml_are_encrypted_and_read_back() {
    let env = Env::new();
    let said = encrypting(&env, &["health"]);
    assert!(
        said.contains("[about] facts encrypted from now on (listed in vault.toml): health"),
        "{said}"
    );
    assert!(
        said.contains("Encrypted the private entries and facts already written in 1 file"),
        "{said}"
    );
    let file = env.read("ana-lima");
    assert!(!file.contains("Quorvath"), "{file}");
    // Only the named fact: the rest stays plain, comments and all.
    assert!(file.contains("hobbies = \"cello\""), "{file}");
    assert!(file.contains("# she asked me not to share"), "{file}");
    assert!(
        file.contains("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{file}"
    );
    // The setting is in the vault, so every machine that syncs it agrees.
    let settings = std::fs::read_to_string(env.vault().join("vault.toml")).unwrap();
    assert!(settings.contains("\"health\""), "{settings}");
    let committed = env.git(&env.vault(), &["show", "--stat", "--format=", "HEAD"]);
    assert!(
        committed.contains("vault.toml") && committed.contains("people/ana-lima.toml"),
        "{committed}"
    );
    let head = env.git(&env.vault(), &["show", "HEAD:people/ana-lima.toml"]);
    assert!(!head.contains("Quorvath"), "{head}");

    // This machine reads it; discreet mode hides it; a machine without the
    // key sees it locked, never its armor.
    let prep = env.ok(&["prep", "ana"]);
    assert!(prep.contains("Quorvath surgery in March"), "{prep}");
    assert!(prep.contains("cello"), "{prep}");
    let discreet = env.ok(&["prep", "ana", "--discreet"]);
    assert!(!discreet.contains("Quorvath"), "{discreet}");
    let (code, locked, err) = keyless(&env, &["prep", "ana"]);
    assert_eq!(code, 0, "{err}");
    assert!(locked.contains("private (locked)"), "{locked}");
    assert!(!locked.contains("BEGIN AGE"), "{locked}");
    assert!(locked.contains("cello"), "{locked}");
}

#[test]
fn facts_written_later_are_encrypted_on_the_way_in_and_never_exported() {
    let env = Env::new();
    encrypting(&env, &["note"]);
    // An import writes a vCard NOTE as the `note` fact.
    let card = env.dir.path().join("bo.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nN:Chen;Bo;;;\r\nNOTE:Plinkettish divorce\\, be gentle\r\nEND:VCARD\r\n",
    )
    .unwrap();
    env.ok(&["import", card.to_str().unwrap()]);
    let bo = env.read("bo-chen");
    assert!(!bo.contains("Plinkettish"), "{bo}");
    assert!(bo.contains("-----BEGIN AGE ENCRYPTED FILE-----"), "{bo}");
    let prep = env.ok(&["prep", "bo"]);
    assert!(prep.contains("Plinkettish divorce, be gentle"), "{prep}");
    // Neither git, nor the undo journal, nor any cache holds the words.
    let log = env.git(&env.vault(), &["log", "-p", "--all", "--no-textconv"]);
    assert!(!log.contains("Plinkettish"), "{log}");
    assert_eq!(
        files_holding(&env.vault().join(".ties"), "Plinkettish"),
        Vec::<PathBuf>::new()
    );
    // Exports are discreet: the fact is left out, not decrypted.
    let vcf = env.ok(&["export", "--vcf", "bo"]);
    assert!(vcf.contains("FN:Bo Chen"), "{vcf}");
    assert!(
        !vcf.contains("Plinkettish") && !vcf.contains("BEGIN AGE"),
        "{vcf}"
    );
}

#[test]
fn a_settings_file_ties_cannot_read_refuses_private_writes_by_name() {
    let env = Env::new();
    encrypting(&env, &["health"]);
    std::fs::write(
        env.vault().join("vault.toml"),
        "[private]\nabout = \"health\"\n",
    )
    .unwrap();
    let (code, _, err) = env.run(&["log", "ana", "--private", "she is worried"]);
    assert_ne!(code, 0);
    assert!(err.contains("vault.toml") && err.contains("list"), "{err}");
}

fn config(env: &Env, text: &str) {
    let dir = env.home().join(".config/ties");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn private_notes_are_searched_only_where_the_machine_opts_in() {
    let env = Env::new();
    encrypting(&env, &[]);
    env.ok(&["log", "ana", "--private", "Marmaluxian trouble at home"]);
    env.ok(&["log", "ana", "talked about the Brindlewick budget"]);
    let ties_dir = env.vault().join(".ties");

    // Not opted in: plain notes are found, private words are not, and no
    // cache holds them.
    assert!(env.ok(&["search", "brindlewick"]).contains("Ana Lima"));
    let (code, found, _) = env.run(&["search", "marmaluxian"]);
    assert_eq!(code, 1, "{found}");
    assert_eq!(
        files_holding(&ties_dir, "marmaluxian"),
        Vec::<PathBuf>::new()
    );

    // Opted in: found, with the line that matched, from a cache of its own.
    config(&env, "search_private = true\n");
    let found = env.ok(&["search", "marmaluxian"]);
    assert!(found.contains("Ana Lima"), "{found}");
    assert!(found.contains("Marmaluxian trouble at home"), "{found}");
    let holding = files_holding(&ties_dir, "marmaluxian");
    assert!(
        holding
            .iter()
            .all(|p| p.ends_with("index-text-private.bin"))
            && !holding.is_empty(),
        "{holding:?}"
    );

    // Opted out again: the decrypted cache is gone at the next search.
    config(&env, "search_private = false\n");
    let (code, _, _) = env.run(&["search", "marmaluxian"]);
    assert_eq!(code, 1);
    assert_eq!(
        files_holding(&ties_dir, "marmaluxian"),
        Vec::<PathBuf>::new()
    );
    assert!(env.ok(&["search", "brindlewick"]).contains("Ana Lima"));
}

#[test]
fn without_encryption_about_settings_change_nothing() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    std::fs::write(
        env.vault().join("vault.toml"),
        "[private]\nabout = [\"health\"]\n",
    )
    .unwrap();
    env.ok(&["log", "ana", "called"]);
    assert!(env.read("ana-lima").contains("Quorvath"));
}

#[test]
fn check_names_a_private_fact_written_in_the_clear_by_hand() {
    let env = Env::new();
    encrypting(&env, &["family"]);
    // Written behind ties's back: nothing sealed it yet.
    let mut ana = env.read("ana-lima");
    ana.push_str("family = \"Gribbleton twins\"\n");
    env.write("ana-lima", &ana);
    let (_, stdout, stderr) = env.run(&["check"]);
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("people/ana-lima.toml: private words are written in the clear"),
        "{said}"
    );
    env.ok(&["encrypt"]);
    assert!(!env.read("ana-lima").contains("Gribbleton"));
    let (_, stdout, stderr) = env.run(&["check"]);
    assert!(!format!("{stdout}{stderr}").contains("in the clear"));
}

#[test]
fn a_private_fact_added_in_ties_edit_lands_encrypted_and_leaves_no_trace() {
    let env = Env::new();
    encrypting(&env, &["health", "family"]);
    let (code, _, err) = edit_ana(
        &env,
        "# The copy shows the fact's words, and a new one is added.\ngrep -q 'Quorvath surgery' \"$1\" || exit 3\nprintf 'family = \"Zanzibarite cousins\"\\n' >> \"$1\"",
        false,
    );
    assert_eq!(code, 0, "{err}");
    let file = env.read("ana-lima");
    assert!(
        !file.contains("Zanzibarite") && !file.contains("Quorvath"),
        "{file}"
    );
    assert!(
        env.ok(&["prep", "ana"])
            .contains("family: Zanzibarite cousins")
    );
    let log = env.git(&env.vault(), &["log", "-p", "--all", "--no-textconv"]);
    assert!(!log.contains("Zanzibarite"), "{log}");
    assert_eq!(
        files_holding(&env.vault().join(".ties"), "Zanzibarite"),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn a_fact_sealed_again_for_a_new_key_is_not_news_on_the_prep_sheet() {
    let env = Env::new();
    encrypting(&env, &["health"]);
    env.ok(&["log", "ana", "Coffee."]);
    // A second machine makes its own key; the first seals again for it.
    let (code, said, err) = keyless(&env, &["encrypt"]);
    assert_eq!(code, 0, "{err}");
    // It says how to read what was written before.
    assert!(said.contains("ties encrypt --rewrap"), "{said}");
    env.ok(&["encrypt", "--rewrap"]);
    let (code, prep, err) = keyless(&env, &["prep", "ana"]);
    assert_eq!(code, 0, "{err}");
    assert!(prep.contains("health: Quorvath surgery in March"), "{prep}");
    // Nothing changed since the coffee: the new seal is not a new fact.
    assert!(!prep.contains("Since"), "{prep}");
    assert!(!prep.contains("→"), "{prep}");
}

#[test]
fn every_shape_of_a_private_fact_and_fake_armor_are_encrypted() {
    let env = Env::new();
    env.write(
        "a",
        "name = \"A\"\n\n[about.health]\ndiet = \"Quorvath vegan\"\n\n[[log]]\nat = 2026-01-01\ntext = \"hi\"\n",
    );
    env.write(
        "b",
        "name = \"B\"\n[about]\nhobby = \"cello\"\nhealth.sleep = \"Gribbleton nights\"\n",
    );
    env.write(
        "c",
        "name = \"C\"\n[about]\n\"\\u0068ealth\" = \"Zanzibarite fever\"\n",
    );
    // Words after a look-alike of armor's first line are words.
    env.write(
        "d",
        "name = \"D\"\n[[log]]\nat = 2026-01-01\ntext = \"\"\"-----BEGIN AGE ENCRYPTED FILE-----\nPlinkettish fake\"\"\"\nprivate = true\n",
    );
    encrypting(&env, &["health"]);
    for secret in ["Quorvath", "Gribbleton", "Zanzibarite", "Plinkettish"] {
        assert_eq!(
            files_holding(&env.vault().join("people"), secret),
            Vec::<PathBuf>::new(),
            "{secret}"
        );
    }
    assert!(env.ok(&["prep", "a"]).contains("Quorvath vegan"));
    assert!(env.ok(&["prep", "b"]).contains("Gribbleton nights"));
    assert!(env.ok(&["prep", "c"]).contains("Zanzibarite fever"));
    assert!(env.ok(&["prep", "d"]).contains("Plinkettish fake"));
    assert!(env.read("b").contains("hobby = \"cello\""));
    let (_, stdout, stderr) = env.run(&["check"]);
    assert!(
        !format!("{stdout}{stderr}").contains("in the clear"),
        "{stdout}{stderr}"
    );
    // Nothing left to seal: a sync-like pass writes nothing.
    let before: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| env.read(s)).collect();
    env.ok(&["encrypt"]);
    let after: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| env.read(s)).collect();
    assert_eq!(before, after);
}

#[test]
fn the_undo_journal_never_keeps_private_words_in_the_clear() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    env.ok(&["log", "ana", "--private", "Marmaluxian news, deleted later"]);
    // Deleted by hand: no file holds it, the journal still does.
    let file = env.read("ana-lima");
    let cut = file.find("[[log]]").unwrap();
    env.write("ana-lima", &file[..cut]);
    encrypting(&env, &["health"]);
    assert_eq!(
        files_holding(&env.vault().join(".ties"), "Marmaluxian"),
        Vec::<PathBuf>::new()
    );

    // A private entry written in the clear by hand, then a save by ties:
    // the file is sealed, and so is the undo step's "before".
    let mut file = env.read("ana-lima");
    file.push_str("\n[[log]]\nat = 2026-11-20\ntext = \"Brindlewick worry\"\nprivate = true\n");
    env.write("ana-lima", &file);
    env.ok(&["log", "ana", "plain follow-up"]);
    assert!(!env.read("ana-lima").contains("Brindlewick"));
    assert_eq!(
        files_holding(&env.vault().join(".ties"), "Brindlewick"),
        Vec::<PathBuf>::new()
    );
    env.ok(&["undo"]);
    let undone = env.read("ana-lima");
    assert!(
        !undone.contains("Brindlewick") && !undone.contains("plain follow-up"),
        "{undone}"
    );
    assert!(env.ok(&["show", "ana"]).contains("Brindlewick worry"));
}

#[test]
fn a_lost_vault_toml_that_git_still_has_refuses_saves_by_name() {
    let env = Env::new();
    encrypting(&env, &["health"]);
    std::fs::remove_file(env.vault().join("vault.toml")).unwrap();
    let (code, _, err) = env.run(&["log", "ana", "called"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("vault.toml is missing but git still has it"),
        "{err}"
    );
    assert!(!env.read("ana-lima").contains("called"));
}

#[test]
fn a_second_note_an_import_keeps_aside_is_the_same_private_fact() {
    let env = Env::new();
    encrypting(&env, &["note"]);
    let card = |note: &str| {
        let p = env.dir.path().join("bo.vcf");
        std::fs::write(
            &p,
            format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nN:Chen;Bo;;;\r\nNOTE:{note}\r\nEND:VCARD\r\n"),
        )
        .unwrap();
        p
    };
    env.ok(&["import", card("Plinkettish first").to_str().unwrap()]);
    env.ok(&["import", card("Marmaluxian second").to_str().unwrap()]);
    let bo = env.read("bo-chen");
    assert!(
        !bo.contains("Plinkettish") && !bo.contains("Marmaluxian"),
        "{bo}"
    );
    let prep = env.ok(&["prep", "bo"]);
    assert!(
        prep.contains("Plinkettish first") && prep.contains("Marmaluxian second"),
        "{prep}"
    );
    let vcf = env.ok(&["export", "--vcf", "bo"]);
    assert!(
        !vcf.contains("Marmaluxian") && !vcf.contains("Plinkettish"),
        "{vcf}"
    );
}

/// Every object in a repository, as text: what a remote would hand anyone
/// who can read it.
fn every_object(env: &Env, repo: &Path) -> String {
    let out = env
        .git_cmd(repo, &["cat-file", "--batch-all-objects", "--batch"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A vault in git pushed to a bare remote, and a second clone of it made
/// before the vault encrypts (or before it names a private fact).
fn remote_and_clone(env: &Env) -> (PathBuf, PathBuf) {
    env.write("ana-lima", ANA);
    let remote = env.dir.path().join("remote.git");
    env.git(
        env.dir.path(),
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let v = env.vault();
    // As the README starts one: with the merge driver and its attributes.
    env.ok(&["init", v.to_str().unwrap(), "--git"]);
    env.git(&v, &["checkout", "-q", "-B", "main"]);
    env.git(&v, &["add", "-A"]);
    env.git(&v, &["commit", "-q", "-m", "start"]);
    env.git(&v, &["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&v, &["push", "-q", "-u", "origin", "main"]);
    let clone = env.dir.path().join("clone");
    env.git(env.dir.path(), &["clone", "-q", "remote.git", "clone"]);
    (remote, clone)
}

#[test]
fn a_clone_that_did_not_know_the_vault_encrypts_pushes_nothing_in_the_clear() {
    let env = Env::new();
    let (remote, clone) = remote_and_clone(&env);
    env.ok(&["encrypt"]);
    env.ok(&["sync"]);
    // Written and committed before this clone heard of recipients.txt.
    env.ok_in(
        &clone,
        &["log", "ana", "--private", "Marmaluxian diagnosis"],
    );
    assert!(env.git(&clone, &["log", "-p"]).contains("Marmaluxian"));
    let said = env.ok_in(&clone, &["sync"]);
    assert!(said.contains("held private words in the clear"), "{said}");
    assert!(!every_object(&env, &remote).contains("Marmaluxian"));
    assert!(
        !env.git(&clone, &["log", "-p", "--all", "--no-textconv"])
            .contains("Marmaluxian")
    );
    // Nor its undo steps, written before it knew.
    assert_eq!(
        files_holding(&clone.join(".ties"), "Marmaluxian"),
        Vec::<PathBuf>::new()
    );
    // Nothing lost: the first machine reads it after its sync.
    env.ok(&["sync"]);
    assert!(env.ok(&["show", "ana"]).contains("Marmaluxian diagnosis"));
}

#[test]
fn a_fact_made_private_elsewhere_meanwhile_is_not_pushed_in_the_clear() {
    let env = Env::new();
    let (remote, clone) = remote_and_clone(&env);
    env.ok(&["encrypt"]);
    env.ok(&["sync"]);
    env.ok_in(&clone, &["sync"]);
    // One machine starts encrypting `family`; the other, not yet synced,
    // writes one.
    env.ok(&["encrypt", "--about", "family"]);
    env.ok(&["sync"]);
    let mut ana = std::fs::read_to_string(clone.join("people/ana-lima.toml")).unwrap();
    ana.push_str("family = \"Gribbleton twins\"\n");
    std::fs::write(clone.join("people/ana-lima.toml"), ana).unwrap();
    env.git(&clone, &["commit", "-qam", "a fact by hand"]);
    let said = env.ok_in(&clone, &["sync"]);
    assert!(said.contains("held private words in the clear"), "{said}");
    assert!(!every_object(&env, &remote).contains("Gribbleton"));
    env.ok(&["sync"]);
    assert!(
        env.ok(&["prep", "ana"])
            .contains("family: Gribbleton twins")
    );
}

#[test]
fn a_machine_without_the_key_cannot_delete_a_fact_it_cannot_read() {
    let env = Env::new();
    encrypting(&env, &["health"]);
    let before = env.read("ana-lima");
    let (code, _, err) = edit_ana(
        &env,
        "sed -i '/^health = \"\"\"/,/^\"\"\"/d' \"$1\"\n! grep -q 'BEGIN AGE' \"$1\"",
        true,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("changes a private value no key on this machine opens"),
        "{err}"
    );
    assert_eq!(env.read("ana-lima"), before);
}

#[test]
fn adding_a_key_to_a_recipients_file_with_a_bad_line_changes_nothing() {
    let env = Env::new();
    encrypting(&env, &[]);
    let path = env.vault().join("recipients.txt");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("ssh-ed25519\tnot-a-key\n");
    std::fs::write(&path, &text).unwrap();
    let other = age_key();
    let (code, _, err) = env.run(&["encrypt", "--add", &other]);
    assert_ne!(code, 0);
    assert!(err.contains("recipients.txt:"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// A fresh age public key.
fn age_key() -> String {
    let dir = tempfile::tempdir().unwrap();
    common::keys::age_identity(&dir.path().join("k"))
}

#[test]
fn a_stale_clone_s_hand_written_file_with_any_name_is_replaced_and_a_cancelled_note_does_not_stick()
{
    let env = Env::new();
    let (remote, clone) = remote_and_clone(&env);
    env.ok(&["encrypt"]);
    env.ok(&["sync"]);
    // A name git quotes in its output.
    std::fs::write(
        clone.join("people/zoë.toml"),
        "name = \"Zoë\"\n\n[[log]]\nat = 2026-11-20\ntext = \"Plinkettish by hand\"\nprivate = true\n",
    )
    .unwrap();
    env.git(&clone, &["add", "-A"]);
    env.git(&clone, &["commit", "-qm", "by hand"]);
    let said = env.ok_in(&clone, &["sync"]);
    assert!(said.contains("held private words in the clear"), "{said}");
    assert!(!every_object(&env, &remote).contains("Plinkettish"));

    // Written and taken back before any sync: nothing to push, and the
    // next sync is not stuck.
    let other = env.dir.path().join("other");
    env.git(env.dir.path(), &["clone", "-q", "remote.git", "other"]);
    let before = env.git(&other, &["log", "--format=%H", "--grep=^start$"]);
    env.git(&other, &["reset", "-q", "--hard", before.trim()]);
    env.ok_in(
        &other,
        &["log", "ana", "--private", "Zanzibarite, said by mistake"],
    );
    env.git(&other, &["revert", "--no-edit", "HEAD"]);
    env.ok_in(&other, &["sync"]);
    env.ok_in(&other, &["sync"]);
    assert!(!every_object(&env, &remote).contains("Zanzibarite"));
}

#[test]
fn an_edit_that_seals_a_hand_written_private_note_keeps_no_clear_undo_step() {
    let env = Env::new();
    encrypting(&env, &[]);
    let mut ana = env.read("ana-lima");
    ana.push_str("\n[[log]]\nat = 2026-11-20\ntext = \"Brindlewick by hand\"\nprivate = true\n");
    env.write("ana-lima", &ana);
    let (code, _, err) = edit_ana(&env, "echo '# looked at it' >> \"$1\"", false);
    assert_eq!(code, 0, "{err}");
    assert!(!env.read("ana-lima").contains("Brindlewick"));
    assert_eq!(
        files_holding(&env.vault().join(".ties"), "Brindlewick"),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn sync_remembers_clean_files_but_never_misses_a_change_or_trusts_a_damaged_cache() {
    let env = Env::new();
    let (remote, _clone) = remote_and_clone(&env);
    env.ok(&["encrypt"]);
    env.ok(&["log", "ana", "--private", "sealed already"]);
    env.ok(&["sync"]);
    let cache = env.vault().join(".ties/sealed-ok.bin");
    assert!(cache.exists());
    for (round, word) in ["Zanzibarite", "Gribbleton"].iter().enumerate() {
        if round == 1 {
            // Damaged: ignored, every file looked at again.
            let mut b = std::fs::read(&cache).unwrap();
            let n = b.len();
            b[n - 1] ^= 0xff;
            std::fs::write(&cache, b).unwrap();
        }
        let mut ana = env.read("ana-lima");
        ana.push_str(&format!(
            "\n[[log]]\nat = 2026-11-2{round}\ntext = \"{word} by hand\"\nprivate = true\n"
        ));
        env.write("ana-lima", &ana);
        env.ok(&["sync"]);
        assert!(
            !env.read("ana-lima").contains(word),
            "{}",
            env.read("ana-lima")
        );
        assert!(!every_object(&env, &remote).contains(word), "{word}");
    }
}
