//! What changed since the last contact, and `ties history`: real files in a
//! real git repository, each commit dated on purpose.

mod common;

use common::Env;
use common::window::Window;

/// A git vault with nothing in it yet.
fn git_vault() -> Env {
    let env = Env::new();
    env.git(&env.vault(), &["init", "-q"]);
    env
}

/// Writes Ana's file and commits it as if on `when`.
fn commit(env: &Env, text: &str, when: &str, msg: &str) {
    env.write("ana", text);
    commit_all(env, when, msg);
}

const V1: &str =
    "name = \"Ana Lima\"\norg = \"Acme\"\nrole = \"Engineer\"\n\n[about]\nfamily = \"two kids\"\n";
const LUNCH: &str =
    "\n[[log]]\nat = 2026-11-01T12:00:00-05:00\nvia = \"meal\"\ntext = \"Lunch at Trillium.\"\n";

/// Known since January; lunch on Nov 1; on Nov 10 she changed jobs, a
/// third child, and a promise.
fn changed_after_lunch() -> Env {
    let env = git_vault();
    commit(&env, V1, "2026-01-10T10:00:00-05:00", "add Ana");
    let lunch = format!("{V1}{LUNCH}");
    commit(&env, &lunch, "2026-11-01T13:00:00-05:00", "lunch");
    let news = lunch
        .replace("Acme", "Initech")
        .replace("two kids", "three kids")
        + "\n[[todo]]\ntext = \"send the deck\"\n";
    commit(&env, &news, "2026-11-10T09:00:00-05:00", "news");
    env
}

/// The "Since" section of a text sheet: its heading to the next blank line.
fn since_section(sheet: &str) -> String {
    match sheet.find("\nSince ") {
        Some(at) => sheet[at + 1..].split("\n\n").next().unwrap().to_string(),
        None => String::new(),
    }
}

#[test]
fn an_org_and_an_about_change_after_the_last_contact_show_since_it() {
    let env = changed_after_lunch();
    let sheet = env.ok(&["prep", "ana"]);
    assert_eq!(
        since_section(&sheet),
        "Since Nov 1\n\
         • org: Acme → Initech (Nov 10)\n\
         • family: two kids → three kids (Nov 10)\n\
         • new todo: send the deck (Nov 10)",
        "{sheet}"
    );
    // The role did not change: it is not said.
    assert!(!since_section(&sheet).contains("role"), "{sheet}");

    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["prep", "ana", "--format", "json"])).unwrap();
    assert_eq!(json["since"]["date"], "2026-11-01");
    let changes = json["since"]["changes"].as_array().unwrap();
    assert_eq!(
        changes[0],
        serde_json::json!({"fact": "org", "kind": "changed", "from": "Acme", "to": "Initech", "date": "2026-11-10"})
    );
    assert_eq!(
        changes[1],
        serde_json::json!({"fact": "about", "key": "family", "kind": "changed", "from": "two kids", "to": "three kids", "date": "2026-11-10"})
    );

    // Markdown is the same section.
    let md = env.ok(&["prep", "ana", "--format", "markdown"]);
    assert!(
        md.contains("## Since Nov 1\n\n- org: Acme → Initech (Nov 10)\n"),
        "{md}"
    );

    // Discreet mode leaves [about] out, keys and all; the job stays.
    let discreet = env.ok(&["prep", "ana", "--discreet"]);
    let section = since_section(&discreet);
    assert!(section.contains("org: Acme → Initech"), "{discreet}");
    assert!(!section.contains("family"), "{discreet}");
    assert!(!discreet.contains("kids"), "{discreet}");
}

#[test]
fn nothing_is_said_when_nothing_changed_after_the_last_contact() {
    let env = git_vault();
    commit(&env, V1, "2026-01-10T10:00:00-05:00", "add Ana");
    // The new job was written down in the same save as the lunch: it was
    // known at the lunch.
    let lunch = format!("{V1}{LUNCH}").replace("Acme", "Initech");
    commit(&env, &lunch, "2026-11-01T13:00:00-05:00", "lunch, new job");
    // Later saves that change no fact (a note's wording) say nothing either.
    let reworded = lunch.replace("Lunch at Trillium.", "Lunch at Trillium, her treat.");
    commit(&env, &reworded, "2026-11-05T09:00:00-05:00", "wording");
    let sheet = env.ok(&["prep", "ana"]);
    assert!(!sheet.contains("Since"), "{sheet}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["prep", "ana", "--format", "json"])).unwrap();
    assert!(json["since"].is_null(), "{json}");

    // A role changed on Nov 15, then a call on Nov 12 logged late (on Nov
    // 20): the change was already written when the call was, so it is not
    // news since it.
    let role = reworded.replace("Engineer", "Architect");
    commit(&env, &role, "2026-11-15T09:00:00-05:00", "role");
    let late = format!(
        "{role}\n[[log]]\nat = 2026-11-12T10:00:00-05:00\nvia = \"call\"\ntext = \"Quick call.\"\n"
    );
    commit(&env, &late, "2026-11-20T09:00:00-05:00", "call logged late");
    let sheet = env.ok(&["prep", "ana"]);
    assert!(!sheet.contains("Since"), "{sheet}");
    // ...but `ties history` knows when it changed.
    assert_eq!(
        env.ok(&["history", "ana", "role"]),
        "role: added 2026-01-10 (Engineer), changed 2026-11-15 (Engineer → Architect)\n"
    );
}

#[test]
fn a_vault_without_git_has_no_section_and_history_says_why() {
    let env = Env::new();
    env.write("ana", &format!("{V1}{LUNCH}"));
    let (code, sheet, stderr) = env.run(&["prep", "ana"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(sheet.contains("Ana Lima"), "{sheet}");
    assert!(!sheet.contains("Since"), "{sheet}");
    assert_eq!(stderr, "");
    assert!(!env.vault().join(".ties/history").exists());

    let (code, stdout, stderr) = env.run(&["history", "ana"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("is not a git repository"), "{stderr}");
    assert!(
        stderr.contains(&env.vault().display().to_string()),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn history_says_when_each_fact_was_learned_and_changed() {
    let env = changed_after_lunch();
    assert_eq!(
        env.ok(&["history", "ana"]),
        "org: added 2026-01-10 (Acme), changed 2026-11-10 (Acme → Initech)\n\
         role: added 2026-01-10 (Engineer)\n\
         family: added 2026-01-10, changed 2026-11-10\n\
         todo \"send the deck\": added 2026-11-10\n"
    );
    assert_eq!(
        env.ok(&["history", "ana", "Family"]),
        "family: added 2026-01-10, changed 2026-11-10\n"
    );
    assert_eq!(
        env.ok(&["history", "ana", "todos"]),
        "todo \"send the deck\": added 2026-11-10\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "ana", "org", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["from"], "Acme");
    assert_eq!(rows[1]["to"], "Initech");
    assert_eq!(rows[1]["date"], "2026-11-10");
    let head = env.git(&env.vault(), &["rev-parse", "HEAD"]);
    assert_eq!(rows[1]["id"], head.trim());

    // A fact she never had: one sentence naming the file and what it has.
    let (code, _, stderr) = env.run(&["history", "ana", "pets"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("people/ana.toml has no history of `pets`"),
        "{stderr}"
    );
    assert!(stderr.contains("org, role, family, todos"), "{stderr}");
}

#[test]
fn a_damaged_or_stale_cache_is_never_believed() {
    let env = changed_after_lunch();
    env.ok(&["prep", "ana"]);
    let cache = env.vault().join(".ties/history/ana.bin");
    let good = std::fs::read(&cache).unwrap();
    // Flip bits inside "Initech": believed, it would show another name.
    let at = good.windows(7).position(|w| w == b"Initech").unwrap();
    let mut bad = good.clone();
    bad[at + 2] ^= 0x01;
    std::fs::write(&cache, &bad).unwrap();
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        since_section(&sheet).contains("org: Acme → Initech (Nov 10)"),
        "{sheet}"
    );
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        good,
        "the cache is written again"
    );
    let log = std::fs::read_to_string(env.vault().join(".ties/cache.log")).unwrap();
    assert!(
        log.contains("history/ana.bin: checksum does not match"),
        "{log}"
    );

    // A cut file, too.
    std::fs::write(&cache, &good[..good.len() / 2]).unwrap();
    assert_eq!(env.ok(&["prep", "ana"]), sheet);

    // A commit since the cache was written: added to it.
    let now = env.read("ana").replace("Engineer", "Architect");
    commit(&env, &now, "2026-11-12T09:00:00-05:00", "role");
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        since_section(&sheet).contains("role: Engineer → Architect (Nov 12)"),
        "{sheet}"
    );

    // History rewritten under it (the last commit amended): read again
    // from the start, so the role it never had is gone.
    let now = env.read("ana").replace("Architect", "Director");
    env.write("ana", &now);
    env.git(
        &env.vault(),
        &["commit", "-q", "-a", "--amend", "--no-edit"],
    );
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        since_section(&sheet).contains("role: Engineer → Director"),
        "{sheet}"
    );
    // The amend keeps the author date (Nov 12), which is the one shown.
    assert_eq!(
        env.ok(&["history", "ana", "role"]),
        "role: added 2026-01-10 (Engineer), changed 2026-11-12 (Engineer → Director)\n"
    );
}

#[test]
fn a_version_that_does_not_parse_is_skipped() {
    let env = git_vault();
    commit(&env, V1, "2026-01-10T10:00:00-05:00", "add Ana");
    let lunch = format!("{V1}{LUNCH}");
    commit(&env, &lunch, "2026-11-01T13:00:00-05:00", "lunch");
    // A half-edited file was committed, then fixed.
    let broken = lunch.replace("org = \"Acme\"", "org = \"Initech");
    commit(&env, &broken, "2026-11-05T09:00:00-05:00", "oops");
    let fixed = lunch.replace("Acme", "Initech");
    commit(&env, &fixed, "2026-11-06T09:00:00-05:00", "fixed");
    assert_eq!(
        env.ok(&["history", "ana", "org"]),
        "org: added 2026-01-10 (Acme), changed 2026-11-06 (Acme → Initech)\n"
    );
    let sheet = env.ok(&["prep", "ana"]);
    assert_eq!(
        since_section(&sheet),
        "Since Nov 1\n• org: Acme → Initech (Nov 6)",
        "{sheet}"
    );
}

#[test]
fn the_tui_prep_pane_shows_what_changed_since() {
    let env = changed_after_lunch();
    let mut w = Window::on(&env.vault(), common::NOW, (120, 40));
    w.pick("ana");
    let screen = w.screen();
    assert!(screen.contains("Since Nov 1"), "{screen}");
    assert!(screen.contains("org: Acme → Initech (Nov 10)"), "{screen}");
    assert!(
        screen.contains("family: two kids → three kids (Nov 10)"),
        "{screen}"
    );
    // Discreet mode (p) drops the [about] line and keeps the job.
    w.key(crossterm::event::KeyCode::Char('p'));
    let screen = w.screen();
    assert!(screen.contains("org: Acme → Initech (Nov 10)"), "{screen}");
    assert!(!screen.contains("three kids"), "{screen}");
}

#[test]
fn a_merge_does_not_say_again_what_its_branch_said() {
    let env = git_vault();
    let lunch = format!("{V1}{LUNCH}");
    commit(&env, &lunch, "2026-01-10T10:00:00-05:00", "add Ana");
    env.git(&env.vault(), &["branch", "side"]);
    // This device: a third child, on Nov 6.
    commit(
        &env,
        &lunch.replace("two kids", "three kids"),
        "2026-11-06T09:00:00-05:00",
        "kids",
    );
    // The other device: her new job, on Nov 5.
    env.git(&env.vault(), &["checkout", "-q", "side"]);
    commit(
        &env,
        &lunch.replace("Acme", "Initech"),
        "2026-11-05T09:00:00-05:00",
        "job",
    );
    env.git(&env.vault(), &["checkout", "-q", "-"]);
    let o = env
        .git_cmd(
            &env.vault(),
            &["merge", "-q", "--no-ff", "side", "-m", "merge"],
        )
        .env("GIT_AUTHOR_DATE", "2026-11-07T09:00:00-05:00")
        .env("GIT_COMMITTER_DATE", "2026-11-07T09:00:00-05:00")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(env.read("ana").contains("Initech") && env.read("ana").contains("three kids"));
    assert_eq!(
        env.ok(&["history", "ana"]),
        "org: added 2026-01-10 (Acme), changed 2026-11-05 (Acme → Initech)\n\
         role: added 2026-01-10 (Engineer)\n\
         family: added 2026-01-10, changed 2026-11-06\n"
    );
    let section = since_section(&env.ok(&["prep", "ana"]));
    assert_eq!(
        section,
        "Since Nov 1\n• org: Acme → Initech (Nov 5)\n• family: two kids → three kids (Nov 6)"
    );
}

#[test]
fn a_change_committed_in_the_same_second_as_the_contact_after_it_is_news() {
    let env = git_vault();
    commit(&env, V1, "2026-01-10T10:00:00-05:00", "add Ana");
    // The call at 12:00:00, committed then; the job change committed in
    // that same second, after it (a script, or a fast hand).
    let call = format!(
        "{V1}\n[[log]]\nat = 2026-11-20T12:00:00-05:00\nvia = \"call\"\ntext = \"Call.\"\n"
    );
    commit(&env, &call, "2026-11-20T12:00:00-05:00", "call");
    commit(
        &env,
        &call.replace("Acme", "Globex"),
        "2026-11-20T12:00:00-05:00",
        "moved",
    );
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        since_section(&sheet).contains("org: Acme → Globex"),
        "{sheet}"
    );
}

/// Commits whatever is in `people/` now, as if on `when`.
fn commit_all(env: &Env, when: &str, msg: &str) {
    env.git(&env.vault(), &["add", "-A", "people"]);
    let o = env
        .git_cmd(&env.vault(), &["commit", "-q", "-m", msg])
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

const ORG_LINE: &str = "org: added 2026-01-10 (Acme), changed 2026-11-10 (Acme → Initech)\n";

#[test]
fn a_renamed_person_file_keeps_its_earlier_history() {
    let env = changed_after_lunch();
    // Her file gets a new name (a new slug), and the job changes again.
    let text = env.read("ana");
    env.git(
        &env.vault(),
        &["mv", "people/ana.toml", "people/ana-lima.toml"],
    );
    commit_all(&env, "2026-11-12T09:00:00-05:00", "rename");
    env.write("ana-lima", &text.replace("Initech", "Globex"));
    commit_all(&env, "2026-11-14T09:00:00-05:00", "globex");
    assert_eq!(
        env.ok(&["history", "ana-lima", "org"]),
        "org: added 2026-01-10 (Acme), changed 2026-11-10 (Acme → Initech), changed 2026-11-14 (Initech → Globex)\n"
    );
    let sheet = env.ok(&["prep", "ana-lima"]);
    assert!(
        since_section(&sheet).contains("org: Acme → Globex (Nov 14)"),
        "{sheet}"
    );
}

#[test]
fn a_damaged_vault_wide_cache_is_ignored_and_rebuilt() {
    let env = changed_after_lunch();
    assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE);
    let base = env.vault().join(".ties/history-log/base.bin");
    let good = std::fs::read(&base).unwrap();
    let person = env.vault().join(".ties/history/ana.bin");
    // A flipped bit anywhere in the table: never believed.
    for at in [10, good.len() / 2, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        std::fs::write(&base, &bad).unwrap();
        std::fs::remove_file(&person).unwrap();
        assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE, "flip at {at}");
        assert_eq!(std::fs::read(&base).unwrap(), good, "rebuilt");
    }
    // Cut short, and the tail too.
    std::fs::write(&base, &good[..good.len() / 2]).unwrap();
    std::fs::remove_file(&person).unwrap();
    assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE);
    assert_eq!(std::fs::read(&base).unwrap(), good);
    let tail = env.vault().join(".ties/history-log/tail.bin");
    std::fs::write(&tail, b"TIESVLOG").unwrap();
    std::fs::remove_file(&person).unwrap();
    assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE);
    let log = std::fs::read_to_string(env.vault().join(".ties/cache.log")).unwrap();
    assert!(log.contains("history-log/base.bin: checksum"), "{log}");
    assert!(log.contains("history-log/tail.bin"), "{log}");
}

#[test]
fn a_vault_wide_cache_from_before_a_rewritten_history_is_not_believed() {
    let env = changed_after_lunch();
    env.write("tom", "name = \"Tom\"\norg = \"Acme\"\n");
    commit_all(&env, "2026-11-11T09:00:00-05:00", "add Tom");
    env.ok(&["history", "ana"]);
    // The last commit amended: Ana's org changes in it too. Tom has no
    // cache of his own yet, so his read is the table's alone.
    let now = env.read("ana").replace("Initech", "Globex");
    env.write("ana", &now);
    env.write("tom", "name = \"Tom\"\norg = \"Umbrella\"\n");
    env.git(&env.vault(), &["add", "-A", "people"]);
    let o = env
        .git_cmd(&env.vault(), &["commit", "-q", "--amend", "--no-edit"])
        .env("GIT_COMMITTER_DATE", "2026-11-11T09:00:00-05:00")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        env.ok(&["history", "ana", "org"]),
        "org: added 2026-01-10 (Acme), changed 2026-11-10 (Acme → Initech), changed 2026-11-11 (Initech → Globex)\n"
    );
    assert_eq!(
        env.ok(&["history", "tom", "org"]),
        "org: added 2026-11-11 (Umbrella)\n"
    );

    // Reset to another branch, where Ana never left Acme and Tom never was.
    env.git(&env.vault(), &["checkout", "-q", "-b", "other", "HEAD~3"]);
    env.write("ana", &format!("{V1}{LUNCH}").replace("Engineer", "Lead"));
    commit_all(&env, "2026-11-15T09:00:00-05:00", "lead");
    assert_eq!(
        env.ok(&["history", "ana"]),
        "org: added 2026-01-10 (Acme)\n\
         role: added 2026-01-10 (Engineer), changed 2026-11-15 (Engineer → Lead)\n\
         family: added 2026-01-10\n"
    );
    let (code, _, stderr) = env.run(&["history", "tom"]);
    assert_eq!(code, 1, "Tom is not on this branch: {stderr}");
}

#[test]
fn a_second_persons_first_read_uses_the_vault_wide_cache() {
    let env = changed_after_lunch();
    env.write("tom", "name = \"Tom\"\norg = \"Acme\"\n");
    commit_all(&env, "2026-11-11T09:00:00-05:00", "add Tom");
    env.write("tom", "name = \"Tom\"\norg = \"Initech\"\n");
    commit_all(&env, "2026-11-12T09:00:00-05:00", "Tom moves");
    assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE);
    let base = env.vault().join(".ties/history-log/base.bin");
    let tail = env.vault().join(".ties/history-log/tail.bin");
    let before = (std::fs::read(&base).unwrap(), std::fs::read(&tail).unwrap());
    assert!(!env.vault().join(".ties/history/tom.bin").exists());
    // Tom's first read: his answer, from the table as it was (HEAD has not
    // moved, so it is neither rebuilt nor extended).
    assert_eq!(
        env.ok(&["history", "tom", "org"]),
        "org: added 2026-11-11 (Acme), changed 2026-11-12 (Acme → Initech)\n"
    );
    assert!(env.vault().join(".ties/history/tom.bin").exists());
    assert_eq!(
        (std::fs::read(&base).unwrap(), std::fs::read(&tail).unwrap()),
        before
    );
    // HEAD moves on: the table is extended, not rebuilt (its base stays),
    // and Tom's cache takes the new commit.
    env.write("tom", "name = \"Tom\"\norg = \"Globex\"\n");
    commit_all(&env, "2026-11-13T09:00:00-05:00", "Tom again");
    assert_eq!(
        env.ok(&["history", "tom", "org"]),
        "org: added 2026-11-11 (Acme), changed 2026-11-12 (Acme → Initech), changed 2026-11-13 (Initech → Globex)\n"
    );
    assert_eq!(std::fs::read(&base).unwrap(), before.0);
    assert_ne!(std::fs::read(&tail).unwrap(), before.1);
    assert_eq!(env.ok(&["history", "ana", "org"]), ORG_LINE);
}
