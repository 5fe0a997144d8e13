//! The inbox: `inbox.md` lines filed on people by `ties inbox`, `ties sync`
//! and the TUI, with real files and the real git.

mod common;

use std::io::Write;
use std::path::Path;

use common::Env;

const TEMPLATE_START: &str = "<!-- Inbox for ties:";

fn person(name: &str) -> String {
    format!("name = \"{name}\"\n")
}

/// A git vault made by `ties init --git`, with these people, all committed.
fn vault_with(env: &Env, people: &[(&str, &str)]) {
    let v = env.vault();
    env.ok(&["init", v.to_str().unwrap(), "--git"]);
    for (slug, name) in people {
        env.write(slug, &person(name));
    }
    env.git(&v, &["add", "-A"]);
    env.git(&v, &["commit", "--quiet", "-m", "people"]);
}

fn inbox(env: &Env) -> String {
    std::fs::read_to_string(env.vault().join("inbox.md")).unwrap()
}

fn commits(env: &Env) -> usize {
    env.git(&env.vault(), &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// The log entries of a person: (at, via, text).
fn entries(env: &Env, slug: &str) -> Vec<(String, String, String)> {
    let p = ties::store::parse::parse(slug, env.read(slug).as_bytes())
        .expect("the file parses")
        .1;
    p.log
        .iter()
        .map(|e| (e.at.to_string(), e.via.clone(), e.text.clone()))
        .collect()
}

#[test]
fn a_mixed_inbox_is_taken_once_and_a_second_run_changes_nothing() {
    let env = Env::new();
    vault_with(
        &env,
        &[
            ("ana-lima", "Ana Lima"),
            ("ana-souza", "Ana Souza"),
            ("zoe-park", "Zoë Park"),
            ("jose-nunez", "José Núñez"),
        ],
    );
    let template = inbox(&env);
    assert!(template.starts_with(TEMPLATE_START), "{template}");
    // `ties init` again never overwrites an inbox.
    std::fs::write(env.vault().join("inbox.md"), template.clone() + "kept\n").unwrap();
    env.ok(&["init", env.vault().to_str().unwrap(), "--git"]);
    assert_eq!(inbox(&env), template.clone() + "kept\n");

    let committed = [
        "# From my phone",
        "2026-11-21 14:05 zoe: sent the deck #email",
        "2026-11-21T16:30 josé: lunch at the #2 place",
        "2026-11-19 ana lima: birthday card #note",
        "",
        "ana: which one?",
        "quentin: who is this",
        "2026-02-30 zoe: no such day",
        "<!-- keep me -->",
        "josé núñez: committed without a time",
    ];
    let mut text = template.clone();
    for l in committed {
        text.push_str(l);
        text.push_str("\r\n");
    }
    std::fs::write(env.vault().join("inbox.md"), &text).unwrap();
    env.git(&env.vault(), &["add", "inbox.md"]);
    let mut c = env.git_cmd(&env.vault(), &["commit", "--quiet", "-m", "from the phone"]);
    c.env("GIT_COMMITTER_DATE", "2026-11-20T08:30:00+01:00");
    assert!(c.status().unwrap().success());
    // Not committed, and no final line end.
    text.push_str("zoë park: not committed yet");
    std::fs::write(env.vault().join("inbox.md"), &text).unwrap();
    // Left alone long enough that the last line is not half written.
    quiet(&env);
    let before = commits(&env);

    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 5 notes from inbox.md"), "{said}");
    assert!(said.contains("Left 3 lines"), "{said}");

    assert_eq!(
        entries(&env, "zoe-park"),
        vec![
            (
                "2026-11-21T14:05:00-05:00".into(),
                "email".into(),
                "sent the deck".into()
            ),
            // No time of its own, not committed: now.
            (
                "2026-11-23T09:00:00-05:00".into(),
                "call".into(),
                "not committed yet".into()
            ),
        ]
    );
    assert_eq!(
        entries(&env, "jose-nunez"),
        vec![
            // No time of its own: the time of the commit that added it.
            (
                "2026-11-20T08:30:00+01:00".into(),
                "call".into(),
                "committed without a time".into()
            ),
            (
                "2026-11-21T16:30:00-05:00".into(),
                "call".into(),
                "lunch at the #2 place".into()
            ),
        ]
    );
    assert_eq!(
        entries(&env, "ana-lima"),
        vec![(
            "2026-11-19T12:00:00-05:00".into(),
            "note".into(),
            "birthday card".into()
        )]
    );
    assert!(entries(&env, "ana-souza").is_empty());

    let after = inbox(&env);
    let expect_kept = [
        "# From my phone",
        "",
        "ana: which one?",
        "<!-- ties: `ana` could be 2 people",
        "quentin: who is this",
        "<!-- ties: no one is called `quentin`",
        "2026-02-30 zoe: no such day",
        "<!-- ties: `2026-02-30` is not a time",
        "<!-- keep me -->",
    ];
    let rest = after.strip_prefix(&template).expect("the how-to stays");
    let got: Vec<&str> = rest.split("\r\n").collect();
    assert_eq!(got.len(), expect_kept.len() + 1, "{rest:?}");
    for (g, want) in got.iter().zip(expect_kept) {
        assert!(
            g.starts_with(want),
            "{g:?} should start with {want:?}\n{rest}"
        );
    }
    assert_eq!(got.last(), Some(&""), "every line ends: {rest:?}");

    // One commit: the three person files and the inbox together.
    assert_eq!(commits(&env), before + 1);
    let files = env.git(&env.vault(), &["show", "--name-only", "--format=", "HEAD"]);
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(
        files,
        [
            "inbox.md",
            "people/ana-lima.toml",
            "people/jose-nunez.toml",
            "people/zoe-park.toml"
        ]
    );
    assert_eq!(env.git(&env.vault(), &["status", "--porcelain"]), "");

    // Twice changes nothing, byte for byte.
    let people: Vec<String> = ["ana-lima", "ana-souza", "zoe-park", "jose-nunez"]
        .iter()
        .map(|s| env.read(s))
        .collect();
    let said = env.ok(&["inbox"]);
    assert!(!said.contains("Took"), "{said}");
    assert!(said.contains("Left 3 lines"), "{said}");
    assert_eq!(inbox(&env), after);
    for (slug, was) in ["ana-lima", "ana-souza", "zoe-park", "jose-nunez"]
        .iter()
        .zip(&people)
    {
        assert_eq!(&env.read(slug), was, "{slug}");
    }
    assert_eq!(commits(&env), before + 1);

    // A line fixed is taken, and its comment goes with it.
    let fixed = after.replace("ana: which one?", "ana souza: which one?");
    std::fs::write(env.vault().join("inbox.md"), fixed).unwrap();
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert_eq!(entries(&env, "ana-souza").len(), 1);
    let now = inbox(&env);
    assert!(!now.contains("which one"), "{now}");
    assert!(!now.contains("could be 2 people"), "{now}");
    assert_eq!(now.matches("<!-- ties: ").count(), 2, "{now}");
}

#[test]
fn a_dry_run_writes_nothing_and_json_says_the_same() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima")]);
    let path = env.vault().join("inbox.md");
    let text = inbox(&env) + "ana: called\nbo: who\n";
    std::fs::write(&path, &text).unwrap();
    let said = env.ok(&["inbox", "--dry-run", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&said).unwrap();
    assert_eq!(v["taken"][0]["slug"], "ana-lima");
    assert_eq!(v["left"][0]["line"], "bo: who");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(entries(&env, "ana-lima").is_empty());
}

#[test]
fn a_run_stopped_after_writing_entries_logs_nothing_twice() {
    let env = Env::new();
    env.write("ana-lima", &person("Ana Lima"));
    env.write("zoe-park", &person("Zoe Park"));
    std::fs::write(
        env.vault().join("inbox.md"),
        "ana lima: called about the move\n2026-11-21 10:00 zoe: coffee #meal\n",
    )
    .unwrap();
    // What a run killed between the entries and the inbox's rewrite left:
    // both entries written, both lines still in the inbox.
    env.ok(&[
        "log",
        "ana-lima",
        "called about the move",
        "--at",
        common::NOW,
    ]);
    env.ok(&[
        "log",
        "zoe-park",
        "coffee",
        "--via",
        "meal",
        "--at",
        "2026-11-21 10:00",
    ]);
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 2 notes"), "{said}");
    assert_eq!(
        entries(&env, "ana-lima").len(),
        1,
        "{}",
        env.read("ana-lima")
    );
    assert_eq!(
        entries(&env, "zoe-park").len(),
        1,
        "{}",
        env.read("zoe-park")
    );
    assert_eq!(inbox(&env), "");
}

#[test]
fn lines_appended_while_ties_takes_the_inbox_are_never_lost() {
    let env = Env::new();
    env.write("ana-lima", &person("Ana Lima"));
    let path = env.vault().join("inbox.md");
    std::fs::write(&path, "").unwrap();
    const N: usize = 150;
    let appender = {
        let path = path.clone();
        std::thread::spawn(move || {
            for i in 0..N {
                // As `echo "..." >> inbox.md` does: one write, in append mode.
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(&path)
                    .unwrap();
                f.write_all(format!("ana lima: append {i}\n").as_bytes())
                    .unwrap();
                drop(f);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        })
    };
    let mut runs = 0;
    while !appender.is_finished() {
        let (code, _, stderr) = env.run(&["inbox"]);
        assert_eq!(code, 0, "{stderr}");
        runs += 1;
    }
    appender.join().unwrap();
    assert!(runs > 1, "the runs raced the appends");
    let log = entries(&env, "ana-lima");
    let left = std::fs::read_to_string(&path).unwrap();
    for i in 0..N {
        let text = format!("append {i}");
        let logged = log.iter().filter(|e| e.2 == text).count();
        let waiting = left
            .lines()
            .filter(|l| *l == format!("ana lima: {text}"))
            .count();
        assert_eq!(
            logged + waiting,
            1,
            "line {i}: logged {logged} times, {waiting} in the inbox"
        );
    }
    // And a last run takes what was left.
    env.ok(&["inbox"]);
    assert_eq!(entries(&env, "ana-lima").len(), N);
}

#[test]
fn sync_takes_a_line_committed_on_the_other_clone() {
    let env = Env::new();
    let root = env.dir.path();
    let (a, b) = (root.join("a"), root.join("b"));
    env.git(
        root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    let ties = |dir: &Path, args: &[&str]| env.ok_in(dir, args);
    ties(&a, &["init", a.to_str().unwrap(), "--git"]);
    std::fs::write(a.join("people/ana-lima.toml"), person("Ana Lima")).unwrap();
    env.git(&a, &["checkout", "--quiet", "-b", "main"]);
    env.git(&a, &["remote", "add", "origin", "../remote.git"]);
    ties(&a, &["sync"]);
    env.git(&a, &["push", "--quiet", "-u", "origin", "main"]);
    env.git(root, &["clone", "--quiet", "remote.git", "b"]);

    // The phone (clone B): a line appended, committed, pushed.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(b.join("inbox.md"))
        .unwrap();
    f.write_all(b"ana: met at the station #meeting\n").unwrap();
    env.git(&b, &["commit", "--quiet", "-am", "note"]);
    let mut c = env.git_cmd(&b, &["commit", "--quiet", "--amend", "--no-edit"]);
    c.env("GIT_COMMITTER_DATE", "2026-11-22T18:45:00-05:00");
    assert!(c.status().unwrap().success());
    env.git(&b, &["push", "--quiet"]);

    let said = ties(&a, &["sync"]);
    assert!(
        said.contains("took 1 note from inbox.md (Ana Lima)"),
        "{said}"
    );
    let ana = std::fs::read_to_string(a.join("people/ana-lima.toml")).unwrap();
    assert!(ana.contains("at = 2026-11-22T18:45:00-05:00"), "{ana}");
    assert!(ana.contains("via = \"meeting\""), "{ana}");
    let left = std::fs::read_to_string(a.join("inbox.md")).unwrap();
    assert!(!left.contains("station"), "{left}");
    // Filed and pushed in the same sync: the phone sees it on its next pull.
    env.git(&b, &["pull", "--quiet"]);
    let on_b = std::fs::read_to_string(b.join("people/ana-lima.toml")).unwrap();
    assert!(on_b.contains("met at the station"), "{on_b}");
    assert!(
        !std::fs::read_to_string(b.join("inbox.md"))
            .unwrap()
            .contains("station")
    );
}

#[test]
fn the_tui_takes_the_inbox_at_start_and_counts_the_lines_left() {
    use ties::tui::perform::settle;
    let env = Env::new();
    env.write("ana-lima", &person("Ana Lima"));
    env.write("ana-souza", &person("Ana Souza"));
    let path = env.vault().join("inbox.md");
    std::fs::write(&path, "ana lima: lunch\nana: which?\nquentin: who?\n").unwrap();
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    let mut app = common::window::app_at(common::NOW, (120, 30));
    let start = app.on_start();
    settle(&mut app, &vault, start);
    let screen = common::window::screen_of(&app);
    assert!(
        screen.contains("2 inbox lines need you: see inbox.md"),
        "{screen}"
    );
    assert_eq!(entries(&env, "ana-lima").len(), 1);

    // The file fixed; the watcher says files changed.
    let fixed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("ana: which?", "ana souza: which?");
    std::fs::write(&path, fixed).unwrap();
    let fx = app.on_msg(ties::tui::app::Msg::FilesChanged);
    settle(&mut app, &vault, fx);
    let screen = common::window::screen_of(&app);
    assert!(
        screen.contains("1 inbox line needs you: see inbox.md"),
        "{screen}"
    );
    assert_eq!(entries(&env, "ana-souza").len(), 1);
}

/// Makes the inbox look untouched for five seconds.
fn quiet(env: &Env) {
    let f = std::fs::File::options()
        .append(true)
        .open(env.vault().join("inbox.md"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(5))
        .unwrap();
}

/// Appends `text` to the inbox, as `>>` does.
fn append(env: &Env, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(env.vault().join("inbox.md"))
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// Commits the inbox with this committer date.
fn commit_inbox(env: &Env, date: &str) {
    env.git(&env.vault(), &["add", "inbox.md"]);
    let mut c = env.git_cmd(&env.vault(), &["commit", "--quiet", "-m", "note"]);
    c.env("GIT_COMMITTER_DATE", date);
    assert!(c.status().unwrap().success());
}

#[test]
fn identical_lines_are_each_logged_with_their_own_time() {
    let env = Env::new();
    vault_with(&env, &[("zoe-park", "Zoe Park"), ("tom-hale", "Tom Hale")]);
    // Twice the same line, neither committed: two notes, two entries.
    append(&env, "zoe: same\nzoe: same\n");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 2 notes"), "{said}");
    assert_eq!(
        entries(&env, "zoe-park").len(),
        2,
        "{}",
        env.read("zoe-park")
    );

    // The same line committed on Monday and again on Wednesday: two calls,
    // each at its own commit's time.
    append(&env, "tom: weekly call\n");
    commit_inbox(&env, "2026-11-16T09:00:00-05:00");
    append(&env, "tom: weekly call\n");
    commit_inbox(&env, "2026-11-18T09:00:00-05:00");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 2 notes"), "{said}");
    let at: Vec<String> = entries(&env, "tom-hale").into_iter().map(|e| e.0).collect();
    assert_eq!(
        at,
        ["2026-11-16T09:00:00-05:00", "2026-11-18T09:00:00-05:00"],
        "{}",
        env.read("tom-hale")
    );
    assert!(!inbox(&env).contains("weekly"));
}

#[test]
fn a_last_line_without_its_end_waits_until_finished_or_quiet() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima")]);
    let start = inbox(&env);
    // Half written: left as it is, byte for byte.
    append(&env, "ana lima: the first half");
    let said = env.ok(&["inbox"]);
    assert!(!said.contains("Took"), "{said}");
    assert_eq!(inbox(&env), start.clone() + "ana lima: the first half");
    append(&env, " and the second half\n");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    let log = entries(&env, "ana-lima");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].2, "the first half and the second half");

    // A phone's edit often has no final line end: taken once the file has
    // been quiet for two seconds...
    append(&env, "ana lima: from the phone");
    quiet(&env);
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert_eq!(inbox(&env), start);
    // ... or at once when git has it committed (a pull brought it).
    append(&env, "ana lima: committed");
    commit_inbox(&env, "2026-11-20T08:30:00+01:00");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert_eq!(entries(&env, "ana-lima").len(), 3);
}

#[test]
fn lines_appended_to_the_old_inbox_of_a_killed_run_are_carried_over() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima"), ("bo-reyes", "Bo Reyes")]);
    let v = env.vault();
    // What a run killed right after its rename leaves: the old inbox
    // (read up to its first line) kept as .ties/inbox-old, with a line
    // appended to it meanwhile, and the new inbox without the line taken.
    let old = v.join(".ties/inbox-old");
    std::fs::write(&old, "ana lima: taken\nbravo: x\nbo: appended meanwhile\n").unwrap();
    std::fs::write(v.join(".ties/inbox-taking"), "read\t16\n").unwrap();
    std::fs::write(v.join("inbox.md"), "").unwrap();
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert_eq!(entries(&env, "bo-reyes").len(), 1);
    assert!(
        inbox(&env).starts_with("bravo: x\n<!-- ties: no one"),
        "{}",
        inbox(&env)
    );
    assert!(!v.join(".ties/inbox-taking").exists());
    // (The run just made keeps the old inbox linked until the next.)
    std::fs::remove_file(&old).unwrap();

    // Killed before its rename: the inbox is the old file, nothing to carry.
    std::fs::write(v.join("inbox.md"), "ana lima: again\n").unwrap();
    std::fs::hard_link(v.join("inbox.md"), &old).unwrap();
    std::fs::write(v.join(".ties/inbox-taking"), "read\t0\n").unwrap();
    env.ok(&["inbox"]);
    assert_eq!(inbox(&env), "");
    assert_eq!(entries(&env, "ana-lima").len(), 1);
}

#[test]
fn a_line_from_the_desk_and_one_from_the_phone_merge_without_conflict() {
    let env = Env::new();
    let root = env.dir.path();
    let (a, b) = (root.join("a"), root.join("b"));
    env.git(
        root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    let ties = |dir: &Path, args: &[&str]| env.ok_in(dir, args);
    ties(&a, &["init", a.to_str().unwrap(), "--git"]);
    std::fs::write(a.join("people/ana-lima.toml"), person("Ana Lima")).unwrap();
    std::fs::write(a.join("people/bo-reyes.toml"), person("Bo Reyes")).unwrap();
    // A line waiting on both sides, taken on the desk below: it must not
    // come back from the phone's side.
    std::fs::write(
        a.join("inbox.md"),
        inbox_at(&a) + "ana lima: waiting since before\n",
    )
    .unwrap();
    env.git(&a, &["checkout", "--quiet", "-b", "main"]);
    env.git(&a, &["remote", "add", "origin", "../remote.git"]);
    env.git(&a, &["add", "-A"]);
    env.git(&a, &["commit", "--quiet", "-m", "start"]);
    env.git(&a, &["push", "--quiet", "-u", "origin", "main"]);
    env.git(root, &["clone", "--quiet", "remote.git", "b"]);
    let attrs = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    assert!(attrs.contains("inbox.md merge=ties"), "{attrs}");

    // The phone appends and pushes; the desk takes its inbox, then appends.
    let add = |dir: &Path, line: &str| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("inbox.md"))
            .unwrap();
        f.write_all(line.as_bytes()).unwrap();
    };
    add(&b, "ana lima: from the phone\n");
    env.git(&b, &["commit", "--quiet", "-am", "phone"]);
    env.git(&b, &["push", "--quiet"]);
    ties(&a, &["inbox"]);
    add(&a, "bo: from the desk\n");

    let said = ties(&a, &["sync"]);
    assert!(said.contains("took 2 notes"), "{said}");
    assert_eq!(env.git(&a, &["status", "--porcelain"]), "");
    let texts = |slug: &str| -> Vec<String> {
        let text = std::fs::read_to_string(a.join(format!("people/{slug}.toml"))).unwrap();
        let p = ties::store::parse::parse(slug, text.as_bytes()).unwrap().1;
        p.log.iter().map(|e| e.text.clone()).collect()
    };
    assert_eq!(
        texts("ana-lima"),
        ["waiting since before", "from the phone"]
    );
    assert_eq!(texts("bo-reyes"), ["from the desk"]);
    let left = std::fs::read_to_string(a.join("inbox.md")).unwrap();
    assert!(
        !left.contains("ana lima") && !left.contains("<<<<"),
        "{left}"
    );
}

fn inbox_at(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("inbox.md")).unwrap()
}

#[test]
fn an_inbox_with_conflict_markers_or_unmerged_is_refused() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima")]);
    let v = env.vault();
    // Merged without the inbox's merge rule (a vault from before it).
    std::fs::write(v.join(".gitattributes"), "people/*.toml merge=ties\n").unwrap();
    env.git(
        &v,
        &["commit", "--quiet", "--allow-empty", "-am", "old rules"],
    );
    env.git(&v, &["checkout", "--quiet", "-b", "phone"]);
    append(&env, "ana lima: from the phone\n");
    env.git(&v, &["commit", "--quiet", "-am", "phone"]);
    env.git(&v, &["checkout", "--quiet", "-"]);
    append(&env, "ana lima: from the desk\n");
    env.git(&v, &["commit", "--quiet", "-am", "desk"]);
    let merged = env
        .git_cmd(&v, &["merge", "--quiet", "phone"])
        .output()
        .unwrap();
    assert!(!merged.status.success());
    let before = inbox(&env);
    assert!(before.contains("<<<<<<<"), "{before}");
    let (code, _, stderr) = env.run(&["inbox"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("is not merged yet"), "{stderr}");
    // Added with its markers: still refused, and nothing filed.
    env.git(&v, &["add", "inbox.md"]);
    let (code, _, stderr) = env.run(&["inbox"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("merge conflict marker"), "{stderr}");
    assert_eq!(inbox(&env), before);
    assert!(entries(&env, "ana-lima").is_empty());
}

#[test]
fn a_comment_never_closed_is_left_alone_and_the_lines_after_it_are_taken() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima")]);
    let start = inbox(&env);
    append(&env, "<!-- a thought\nana lima: called\n");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert!(said.contains("Left 1 line"), "{said}");
    assert_eq!(entries(&env, "ana-lima").len(), 1);
    let after = inbox(&env);
    let rest = after.strip_prefix(&start).unwrap();
    assert!(
        rest.starts_with("<!-- a thought\n<!-- ties: this comment is never closed"),
        "{rest}"
    );
    assert!(!rest.contains("called"), "{rest}");
    // Stable, and still counted, on the next run; a later line still taken.
    append(&env, "ana lima: again\n");
    let said = env.ok(&["inbox"]);
    assert!(
        said.contains("Took 1 note") && said.contains("Left 1 line"),
        "{said}"
    );
    assert_eq!(inbox(&env), after);
    assert_eq!(entries(&env, "ana-lima").len(), 2);
}

#[test]
fn a_lone_carriage_return_ends_a_line() {
    let env = Env::new();
    vault_with(&env, &[("zoe-park", "Zoe Park"), ("tom-hale", "Tom Hale")]);
    append(&env, "zoe: cr1\rtom: cr2\rnobody: cr3\r");
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 2 notes"), "{said}");
    assert_eq!(entries(&env, "zoe-park")[0].2, "cr1");
    assert_eq!(entries(&env, "tom-hale")[0].2, "cr2");
    assert!(inbox(&env).ends_with("nobody: cr3\r<!-- ties: no one is called `nobody`; fix the name, or add them with `ties add` -->\n"), "{:?}", inbox(&env));
}

#[test]
fn a_line_that_is_not_utf8_stays_byte_for_byte_and_the_rest_is_taken() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima")]);
    let path = env.vault().join("inbox.md");
    let start = std::fs::read(&path).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"ana lima: caf\xe9 in Latin-1\nana lima: fine\n")
        .unwrap();
    drop(f);
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    assert!(said.contains("Left 1 line"), "{said}");
    assert_eq!(entries(&env, "ana-lima")[0].2, "fine");
    let after = std::fs::read(&path).unwrap();
    let rest = after.strip_prefix(&start[..]).unwrap();
    assert!(
        rest.starts_with(b"ana lima: caf\xe9 in Latin-1\n<!-- ties: this line is not UTF-8"),
        "{}",
        String::from_utf8_lossy(rest)
    );
    assert!(!String::from_utf8_lossy(rest).contains("fine"));
    // A second run changes nothing.
    env.ok(&["inbox"]);
    assert_eq!(std::fs::read(&path).unwrap(), after);
}

#[test]
fn a_long_inbox_is_taken_in_one_write_per_person() {
    let env = Env::new();
    env.write("ana-lima", &person("Ana Lima"));
    env.write("bo-reyes", &person("Bo Reyes"));
    let mut text = String::new();
    for i in 0..1000 {
        text.push_str(&format!("ana lima: note {i}\nbo: note {i}\n"));
    }
    std::fs::write(env.vault().join("inbox.md"), text).unwrap();
    let t = std::time::Instant::now();
    let said = env.ok(&["inbox"]);
    // One file rewrite per note took over a minute here; one per person,
    // a fraction of a second. The bound leaves room for a slow machine.
    assert!(
        t.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        t.elapsed()
    );
    assert!(said.contains("Took 2000 notes"), "{}", &said[..80]);
    for slug in ["ana-lima", "bo-reyes"] {
        let log = entries(&env, slug);
        assert_eq!(log.len(), 1000);
        assert_eq!(log[999].2, "note 999");
    }
    assert_eq!(inbox(&env), "");
}

#[test]
fn a_writer_still_holding_the_old_inbox_loses_nothing() {
    let env = Env::new();
    vault_with(&env, &[("ana-lima", "Ana Lima"), ("bo-reyes", "Bo Reyes")]);
    let path = env.vault().join("inbox.md");
    // As `exec 3>>inbox.md` does: opened once, written to over time.
    let mut slow = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    slow.write_all(b"bo: first\nana lima: the first half")
        .unwrap();
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 1 note"), "{said}");
    // Written after ties replaced the file: into the old one.
    slow.write_all(b" and the second half\nbo: third\n")
        .unwrap();
    drop(slow);
    let said = env.ok(&["inbox"]);
    assert!(said.contains("Took 2 notes"), "{said}");
    assert_eq!(
        entries(&env, "ana-lima")[0].2,
        "the first half and the second half"
    );
    let bo: Vec<String> = entries(&env, "bo-reyes").into_iter().map(|e| e.2).collect();
    assert_eq!(bo, ["first", "third"]);
    // And nothing twice on the runs after.
    env.ok(&["inbox"]);
    env.ok(&["inbox"]);
    assert_eq!(entries(&env, "bo-reyes").len(), 2);
    assert_eq!(entries(&env, "ana-lima").len(), 1);
}

#[test]
fn init_with_git_commits_the_inbox_so_a_clone_has_one_at_once() {
    let env = Env::new();
    let v = env.vault();
    let said = env.ok(&["init", v.to_str().unwrap(), "--git"]);
    assert!(
        said.contains("Committed \"ties: start the vault\""),
        "{said}"
    );
    let files = env.git(&v, &["ls-files"]);
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(files, [".gitattributes", ".gitignore", "inbox.md"]);
    assert_eq!(env.git(&v, &["status", "--porcelain"]), "");
    let clone = env.dir.path().join("phone");
    env.git(
        env.dir.path(),
        &[
            "clone",
            "--quiet",
            v.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read_to_string(clone.join("inbox.md")).unwrap(),
        inbox(&env)
    );

    // In a repository with history and other work staged: those files alone.
    let other = env.dir.path().join("other");
    env.git(
        env.dir.path(),
        &["init", "--quiet", other.to_str().unwrap()],
    );
    std::fs::write(other.join("notes.txt"), "mine\n").unwrap();
    env.git(&other, &["add", "notes.txt"]);
    env.git(&other, &["commit", "--quiet", "-m", "mine"]);
    std::fs::write(other.join("notes.txt"), "mine, staged\n").unwrap();
    env.git(&other, &["add", "notes.txt"]);
    env.ok(&["init", other.to_str().unwrap(), "--git"]);
    let last = env.git(&other, &["show", "--name-only", "--format=%s", "HEAD"]);
    assert!(last.starts_with("ties: add the inbox"), "{last}");
    assert!(!last.contains("notes.txt"), "{last}");
    assert_eq!(
        env.git(&other, &["status", "--porcelain"]),
        "M  notes.txt\n"
    );
}
