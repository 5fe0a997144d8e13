//! The command line, run as a user runs it: the real binary on real files.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use common::{Env, fixture, out};

#[test]
fn log_appends_and_keeps_every_byte_of_a_hand_written_file() {
    let env = Env::new();
    let original = fixture("ana-lima.toml");
    env.write("ana-lima", &original);
    let stdout = env.ok(&[
        "log",
        "ana",
        "Called about the pilot. She wants \"numbers\" first.",
        "--ask",
        "Pilot sites?",
    ]);
    assert!(stdout.contains("Logged call with Ana Lima"), "{stdout}");
    let after = env.read("ana-lima");
    assert!(
        after.starts_with(&original),
        "the original text must stay byte for byte:\n{after}"
    );
    let added = &after[original.len()..];
    assert_eq!(
        added,
        // `asked = []`: she had an open ask, and this call did not cover it.
        "\n[[log]]\nat = 2026-11-23T09:00:00-05:00\nvia = \"call\"\ntext = \"Called about the pilot. She wants \\\"numbers\\\" first.\"\nask = [\"Pilot sites?\"]\nasked = []\n"
    );
    // The entry reads back as written.
    let show = env.ok(&["show", "ana-lima"]);
    assert!(
        show.contains("Called about the pilot. She wants \"numbers\" first."),
        "{show}"
    );
    assert!(show.contains("ask next time: Pilot sites?"), "{show}");
}

#[test]
fn multi_line_notes_from_stdin_land_as_a_text_block() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\n");
    let mut child = env
        .cmd(&[
            "log",
            "bo",
            "--via",
            "meeting",
            "--private",
            "--at",
            "2026-11-20 15:30",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Line one with a \\ backslash.\nLine \"\"\"two\"\"\".\n".as_bytes())
        .unwrap();
    let (code, _, stderr) = out(child.wait_with_output().unwrap());
    assert_eq!(code, 0, "{stderr}");
    let text = env.read("bo");
    assert!(text.contains("text = \"\"\"\nLine one"), "{text}");
    let json = env.ok(&["show", "bo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // As typed, less the final newline standard input ends with; none
    // added back by the text block.
    assert_eq!(
        v["log"][0]["text"],
        "Line one with a \\ backslash.\nLine \"\"\"two\"\"\"."
    );
    assert_eq!(v["log"][0]["private"], true);
    assert_eq!(v["log"][0]["at"], "2026-11-20T15:30:00-05:00");
}

#[test]
fn done_changes_one_line_only() {
    let env = Env::new();
    let original = fixture("ana-lima.toml");
    env.write("ana-lima", &original);
    env.ok(&["todo", "ana", "Send", "the", "deck", "--due", "friday"]);
    let with_todo = env.read("ana-lima");
    assert!(with_todo.starts_with(&original));
    assert!(
        with_todo.ends_with("[[todo]]\ntext = \"Send the deck\"\ndue = 2026-11-27\ndone = false\n"),
        "{with_todo}"
    );
    env.ok(&["done", "ana", "1"]);
    let after = env.read("ana-lima");
    let changed: Vec<(&str, &str)> = with_todo
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("done = false", "done = true")]);
    assert_eq!(with_todo.lines().count(), after.lines().count());
    let (code, _, stderr) = env.run(&["done", "ana", "1"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already done"), "{stderr}");
    let (code, _, stderr) = env.run(&["done", "ana", "9"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("2 todos; there is no todo 9"), "{stderr}");
}

#[test]
fn a_comment_after_a_value_survives_a_structural_edit() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo\"\n\n[[todo]]\ntext = \"x\"\ndone   =   false   # still open\n",
    );
    env.ok(&["done", "bo", "1"]);
    assert_eq!(
        env.read("bo"),
        "name = \"Bo\"\n\n[[todo]]\ntext = \"x\"\ndone   =   true   # still open\n"
    );
}

#[test]
fn an_inline_log_array_is_extended_in_place() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo\"\nlog = [{ at = 2026-01-01, text = \"first\" }]\n",
    );
    env.ok(&["log", "bo", "second"]);
    let json = env.ok(&["show", "bo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["log"].as_array().unwrap().len(), 2);
    assert_eq!(v["log"][1]["text"], "second");
}

#[test]
fn bad_files_are_reported_and_the_rest_still_loads() {
    let env = Env::new();
    env.write("good", "name = \"Good Person\"\norg = \"Acme\"\n");
    env.write("syntax", "name = \"Broken\"\norg = \"Acme\n");
    env.write("wrongtype", "name = \"Wrong\"\ntags = 3\n");
    env.write(
        "conflict",
        "name = \"C\"\n<<<<<<< HEAD\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> theirs\n",
    );
    env.write("empty", "");
    std::fs::write(env.person("latin1"), b"name = \"Jos\xe9\"\n").unwrap();
    std::fs::write(env.vault().join("people/notes.txt"), "not a person").unwrap();
    std::fs::write(env.vault().join("README.md"), "# my vault").unwrap();
    std::fs::create_dir_all(env.vault().join("people/archive.toml")).unwrap();

    let (code, stdout, stderr) = env.run(&["list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Good Person"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stderr.contains("5 files could not be read"), "{stderr}");

    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("people/syntax.toml:2: not valid TOML"),
        "{stdout}"
    );
    assert!(
        stdout.contains("people/wrongtype.toml:2: `tags` should be text or a list of text"),
        "{stdout}"
    );
    assert!(
        stdout.contains("people/conflict.toml:2: unresolved git merge"),
        "{stdout}"
    );
    assert!(
        stdout.contains("people/empty.toml: the file is empty"),
        "{stdout}"
    );
    assert!(
        stdout.contains("people/latin1.toml:1: not UTF-8 text"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 people read; 5 files have problems."),
        "{stdout}"
    );
    assert!(
        !stdout.contains("notes.txt") && !stdout.contains("archive"),
        "{stdout}"
    );

    // A WHO naming a broken file is refused with that file's problem, and nothing is written.
    let before = env.read("conflict");
    let (code, _, stderr) = env.run(&["log", "conflict", "hello"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("people/conflict.toml:2: unresolved git merge"),
        "{stderr}"
    );
    assert_eq!(env.read("conflict"), before);
    let (code, _, stderr) = env.run(&["prep", "syntax"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("people/syntax.toml:2"), "{stderr}");
}

#[test]
fn names_never_lead_outside_people() {
    let env = Env::new();
    for (name, slug) in [
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("!!!", "person"),
        ("Zoë Lefèvre", "zoe-lefevre"),
    ] {
        let stdout = env.ok(&["add", name]);
        assert!(
            stdout.trim().ends_with(&format!("people/{slug}.toml")),
            "{name}: {stdout}"
        );
        assert!(env.person(slug).exists());
    }
    let stdout = env.ok(&["add", "Zoe Lefevre"]);
    assert!(stdout.contains("people/zoe-lefevre-2.toml"), "{stdout}");
    let (code, _, stderr) = env.run(&["add", &"a".repeat(300)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("longer than 200 characters"), "{stderr}");
    let (code, _, stderr) = env.run(&["add", "two\nlines"]);
    assert_eq!(code, 1, "{stderr}");
    let long = format!("{} Smith", "Bartholomew ".repeat(12));
    let stdout = env.ok(&["add", &long]);
    let file = stdout.trim().rsplit('/').next().unwrap().to_string();
    assert!(file.len() <= 65, "{file}");
    // A WHO is never a path.
    for who in ["../../x", "/etc/passwd", "people/../../x", ".hidden"] {
        let _ = env.run(&["log", who, "note"]);
    }
    let outside: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        outside.len(),
        1,
        "nothing written beside the vault: {outside:?}"
    );
    let vault_top: Vec<_> = std::fs::read_dir(env.vault())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        vault_top.iter().all(|n| n == "people" || n == ".ties"),
        "{vault_top:?}"
    );
}

#[test]
fn who_resolves_carefully() {
    let env = Env::new();
    env.ok(&["add", "Ana Lima", "--org", "Siemens"]);
    env.ok(&["add", "Ana Souza"]);
    env.ok(&["add", "Zoë Lefèvre"]);
    env.ok(&["add", "Ana"]);
    env.write("ravi-patel", "name = \"Ravi Patel\"\naka = [\"Rav\"]\n");

    env.ok(&["log", "zoe", "hello"]);
    assert!(env.read("zoe-lefevre").contains("hello"));
    env.ok(&["log", "RAV", "via alias"]);
    assert!(env.read("ravi-patel").contains("via alias"));
    env.ok(&["log", "ana lima", "exact name"]);
    assert!(env.read("ana-lima").contains("exact name"));
    // "ana" is exactly someone's name: exact wins over the two partial matches.
    env.ok(&["log", "ana", "exact short name"]);
    assert!(env.read("ana").contains("exact short name"));

    let before: Vec<String> = ["ana-lima", "ana-souza"]
        .iter()
        .map(|s| env.read(s))
        .collect();
    let (code, _, stderr) = env.run(&["log", "an", "guess"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("ana-lima") && stderr.contains("ana-souza"),
        "{stderr}"
    );
    let after: Vec<String> = ["ana-lima", "ana-souza"]
        .iter()
        .map(|s| env.read(s))
        .collect();
    assert_eq!(before, after, "nothing is written to a guessed person");

    let (code, _, stderr) = env.run(&["log", "nobody", "x"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no one in the vault matches `nobody`"),
        "{stderr}"
    );
}

#[test]
fn with_no_vault_every_command_says_how_to_make_one() {
    let env = Env::new();
    for args in [
        &["list"][..],
        &["log", "ana", "x"],
        &["prep", "ana"],
        &["check"],
    ] {
        let o = env.bare(args).output().unwrap();
        let (code, _, stderr) = out(o);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            stderr.contains("ties init") && stderr.contains("ties demo"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let o = env
        .bare(&["--vault", "/nonexistent/place", "list"])
        .output()
        .unwrap();
    let (code, _, stderr) = out(o);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("/nonexistent/place is not a ties vault"),
        "{stderr}"
    );
}

#[test]
fn init_makes_a_private_vault_and_remembers_it() {
    let env = Env::new();
    let dir = env.dir.path().join("my vault ü");
    let o = env.bare(&["init", dir.to_str().unwrap()]).output().unwrap();
    let (code, stdout, stderr) = out(o);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Made a new vault"), "{stdout}");
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .contains(".ties/")
    );
    let config = std::fs::read_to_string(env.home().join(".config/ties/config.toml")).unwrap();
    assert!(config.contains("my vault ü"), "{config}");
    // Later commands find it through the config file.
    let o = env.bare(&["add", "Ana Lima"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let file = dir.join("people/ana-lima.toml");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let o = env.bare(&["log", "ana", "first note"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn prep_in_three_formats_from_one_sheet() {
    let env = Env::new();
    env.write("ana-lima", &fixture("ana-lima.toml"));
    env.write(
        "ravi-patel",
        "name = \"Ravi Patel\"\norg = \"Siemens Healthineers\"\n",
    );
    let text = env.ok(&["prep", "ana"]);
    for want in [
        "Ana Lima (Ani)",
        "Head of Oncology IT at Siemens Healthineers",
        "Last contact: 3 days ago, call",
        "How did the recital go?",
        "Bia's cello recital is on Dec 5 (in 12 days)",
        "[1] Send the benchmark report — due Nov 30",
        "worries: budget freeze in 2027",
        "linkedin: https://www.linkedin.com/in/ana-lima-example",
        "Connections: Ravi Patel (mentioned here; same org)",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(
        text.lines().count() <= 24,
        "fits a 24-line terminal:\n{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["prep", "ana", "--format", "json"])).unwrap();
    assert_eq!(json["ask_about"][0]["text"], "How did the recital go?");
    assert_eq!(json["open_loops"][0]["number"], 1);
    assert_eq!(json["last_contact"]["days_ago"], 3);
    let md = env.ok(&["prep", "ana", "--format", "markdown"]);
    assert!(md.starts_with("# Ana Lima\n"), "{md}");
    assert!(
        md.contains("## Open loops\n\n- [1] Send the benchmark report"),
        "{md}"
    );
    // Connections follow hand edits at once, and survive losing the cache.
    env.write(
        "ines",
        "name = \"Inês\"\nmet = \"At a dinner with @ana-lima\"\n",
    );
    let text = env.ok(&["prep", "ana"]);
    assert!(text.contains("Inês (mentions them)"), "{text}");
    std::fs::remove_file(env.vault().join(".ties/index-net.bin")).unwrap();
    // Rebuilt from the index, then read from the rewritten cache.
    for _ in 0..2 {
        assert_eq!(env.ok(&["prep", "ana"]), text);
    }
    env.write("ines", "name = \"Inês\"\nmet = \"At a dinner\"\n");
    assert!(!env.ok(&["prep", "ana"]).contains("Inês"));
    // Discreet: no private entry, no [about].
    let discreet = env.ok(&["prep", "ana", "--discreet"]);
    assert!(
        !discreet.contains("recital") && !discreet.contains("worries"),
        "{discreet}"
    );
    assert!(discreet.contains("[discreet]"));
}

#[test]
fn prep_reads_connections_from_its_cache_and_fresh_looks_at_every_file() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\norg = \"Northvale\"\n");
    env.write("ravi", "name = \"Ravi\"\nmet = \"Lunch with @ana-lima\"\n");
    env.write("zoe", "name = \"Zoë\"\n");
    // A folder quiet for an hour, and a full look that writes the cache.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(env.vault().join("people"))
        .unwrap()
        .set_modified(past)
        .unwrap();
    env.ok(&["list"]);
    // Rewrites a file in place: same inode, so the folder does not change.
    let in_place = |slug: &str, text: &str| {
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(env.person(slug))
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .unwrap()
    };
    let before = env.ok(&["prep", "ana-lima"]);
    assert!(
        before.contains("Connections: Ravi (mentions them)"),
        "{before}"
    );
    // Zoë's file rewritten in place to join Ana's org: the cache cannot
    // know; --fresh can, and then the cache does.
    in_place("zoe", "name = \"Zoë\"\norg = \"Northvale\"\n");
    assert_eq!(env.ok(&["prep", "ana-lima"]), before);
    let fresh = env.ok(&["prep", "ana-lima", "--fresh"]);
    assert!(
        // The same org before mentions.
        fresh.contains("Connections: Zoë (same org)\n  Ravi (mentions them)"),
        "{fresh}"
    );
    assert_eq!(env.ok(&["prep", "ana-lima"]), fresh);
    // Ravi's link removed in place: a file the answer names, so it is checked.
    in_place("ravi", "name = \"Ravi\"\n");
    let after = env.ok(&["prep", "ana-lima"]);
    assert!(after.ends_with("Connections: Zoë (same org)\n"), "{after}");
}

#[test]
fn search_finds_names_folded_and_words_in_notes() {
    let env = Env::new();
    env.write("ana-lima", &fixture("ana-lima.toml"));
    env.ok(&["add", "Zoë Lefèvre", "--org", "Northvale"]);
    let s = env.ok(&["search", "zoe"]);
    assert!(
        s.starts_with("Zoë Lefèvre  Northvale  (zoe-lefevre)"),
        "{s}"
    );
    let s = env.ok(&["search", "cello"]);
    assert!(s.contains("Ana Lima") && s.contains("cello recital"), "{s}");
    let s = env.ok(&["search", "northv"]);
    assert!(s.contains("Zoë"), "{s}");
    // No match: status 1 and nothing on standard output, as grep does.
    assert_eq!(env.run(&["search", "xylophone"]).0, 1);
    // A note added after the index was built is found at once, and again
    // once the rebuilt text cache is read back from disk.
    env.ok(&["log", "zoe", "She plays the xylophone"]);
    for _ in 0..2 {
        let s = env.ok(&["search", "xylophone"]);
        assert!(
            s.starts_with("Zoë Lefèvre") && s.contains("She plays the xylophone"),
            "{s}"
        );
    }
}

#[test]
fn list_reads_hand_edits_at_once_and_the_index_is_disposable() {
    let env = Env::new();
    env.write("bo", "name = \"Bo One\"\n");
    env.write("cy", "name = \"Cy\"\norg = \"Acme\"\ncadence = \"2w\"\n[[log]]\nat = 2026-10-01\nvia = \"call\"\n");
    let first = env.ok(&["list"]);
    assert!(first.contains("Bo One"), "{first}");
    assert!(
        first.contains("53 days ago, call  ! overdue 39d"),
        "{first}"
    );
    // Same size, changed content: must not be shown stale.
    env.write("bo", "name = \"Bo Two\"\n");
    let second = env.ok(&["list"]);
    assert!(
        second.contains("Bo Two") && !second.contains("Bo One"),
        "{second}"
    );
    std::fs::remove_dir_all(env.vault().join(".ties")).unwrap();
    assert_eq!(env.ok(&["list"]), second);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json", "--sort", "due"])).unwrap();
    assert_eq!(json[0]["slug"], "cy");
    assert_eq!(json[0]["overdue_days"], 39);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let env = Env::new();
    for i in 0..300 {
        env.write(&format!("p{i}"), &format!("name = \"Person {i}\"\n"));
    }
    let mut child = env
        .cmd(&["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(first.starts_with("Person"), "{first}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn control_characters_do_not_reach_the_terminal() {
    let env = Env::new();
    env.write("evil", "name = \"Eve \\u001b[31mRed\"\n[[log]]\nat = 2026-11-01\ntext = \"clear \\u001b[2J screen \\u202e reversed\"\n");
    let s = env.ok(&["show", "evil"]);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'), "{s:?}");
    assert!(s.contains("Eve \u{FFFD}[31mRed"), "{s:?}");
}

#[test]
fn edit_lands_only_a_file_that_parses() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\" # keep me\n");
    // An edit that breaks the file: refused, the file unchanged, the edit kept.
    let broken = editor(&env, "broken.sh", "printf 'name = \"Bo\nbroken' > \"$1\"");
    let (code, _, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &broken)
        .output()
        .unwrap());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("your edit does not parse: people/bo.toml:"),
        "{stderr}"
    );
    assert_eq!(env.read("bo"), "name = \"Bo\" # keep me\n");
    assert_eq!(edit_copies(&env, "bo").len(), 1, "the edit is kept");
    // The next edit resumes from the kept copy; a good edit lands ($VISUAL wins).
    let good = editor(
        &env,
        "good.sh",
        "printf 'name = \"Bo\" # keep me\\norg = \"Acme\"\\n' > \"$1\"",
    );
    let cmd = &mut env.cmd(&["edit", "bo"]);
    let (code, stdout, stderr) = out(cmd
        .env("VISUAL", &good)
        .env("EDITOR", &broken)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Resuming your unsaved edit"), "{stdout}");
    assert!(stdout.contains("Saved people/bo.toml"), "{stdout}");
    assert_eq!(env.read("bo"), "name = \"Bo\" # keep me\norg = \"Acme\"\n");
    assert!(edit_copies(&env, "bo").is_empty());
}

/// The edit copies left for a person under `.ties/edit/`.
fn edit_copies(env: &Env, slug: &str) -> Vec<std::path::PathBuf> {
    let Ok(rd) = std::fs::read_dir(env.vault().join(".ties/edit")) else {
        return Vec::new();
    };
    rd.flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.ends_with(".toml")
                && (n == format!("{slug}.toml") || n.starts_with(&format!("{slug}~")))
        })
        .collect()
}

#[test]
fn concurrent_writers_lose_nothing() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\n");
    let children: Vec<_> = (0..4)
        .map(|w| {
            let script = (0..15)
                .map(|i| {
                    format!(
                        "{} log bo 'writer {w} note {i}' >/dev/null || exit 1\n",
                        env!("CARGO_BIN_EXE_ties")
                    )
                })
                .collect::<String>();
            let c = env.cmd(&[]);
            let mut sh = std::process::Command::new("sh");
            sh.arg("-c").arg(script);
            for (k, v) in c.get_envs() {
                match v {
                    Some(v) => sh.env(k, v),
                    None => sh.env_remove(k),
                };
            }
            sh.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let text = env.read("bo");
    for w in 0..4 {
        for i in 0..15 {
            assert!(
                text.contains(&format!("writer {w} note {i}\"")),
                "missing writer {w} note {i}"
            );
        }
    }
    assert_eq!(text.matches("[[log]]").count(), 60);
    let leftovers: Vec<_> = std::fs::read_dir(env.vault().join(".ties/tmp"))
        .unwrap()
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_demo_vault_opens_and_checks_clean() {
    let env = Env::new();
    let o = env
        .bare(&["demo", "--print", "--keep"])
        .env("TMPDIR", env.dir.path())
        .output()
        .unwrap();
    let (code, stdout, stderr) = out(o);
    assert_eq!(code, 0, "{stderr}");
    let dir = stdout
        .lines()
        .next()
        .unwrap()
        .rsplit(": ")
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert!(stdout.contains("Priya Raman"), "{stdout}");
    let o = env.bare(&["--vault", &dir, "check"]).output().unwrap();
    let (code, stdout, _) = out(o);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("12 people, no problems."), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An editor script for `$EDITOR`: a shell snippet run with the file as `$1`.
fn editor(env: &Env, name: &str, body: &str) -> std::path::PathBuf {
    let script = env.dir.path().join(name);
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn edit_is_how_a_broken_file_gets_fixed() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo\"\n<<<<<<< HEAD\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> theirs\n",
    );
    let fix = editor(
        &env,
        "fix.sh",
        "printf 'name = \"Bo\"\\norg = \"B\"\\n' > \"$1\"",
    );
    let (code, stdout, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &fix)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Saved people/bo.toml"), "{stdout}");
    assert_eq!(env.read("bo"), "name = \"Bo\"\norg = \"B\"\n");
}

#[test]
fn a_left_edit_is_merged_onto_what_was_saved_since() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\n");
    let broken = editor(&env, "broken.sh", "printf 'name = \"Bo\nbroken' > \"$1\"");
    let (code, _, _) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &broken)
        .output()
        .unwrap());
    assert_eq!(code, 1);
    // A note is logged while the failed edit waits in .ties/edit/.
    env.ok(&["log", "bo", "logged meanwhile"]);
    // The next edit picks the left copy up (it does not parse yet), the
    // user fixes it, and it lands merged with the note: nothing lost, and
    // nothing stuck failing with "the file changed".
    let good = editor(
        &env,
        "good.sh",
        "printf 'name = \"Bo\"\norg = \"Acme\"\n' > \"$1\"",
    );
    let (code, stdout, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &good)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("has changed since"), "{stderr}");
    assert!(
        stdout.contains("with the changes made to it while you edited"),
        "{stdout}"
    );
    let text = env.read("bo");
    assert!(text.contains("logged meanwhile"), "{text}");
    assert!(text.contains("org = \"Acme\""), "{text}");
    assert!(edit_copies(&env, "bo").is_empty());
}

#[test]
fn an_edit_open_while_the_file_changes_lands_merged_or_keeps_both_between_markers() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\norg = \"Old\"\n");
    let bin = common::bin().to_string_lossy().into_owned();
    // The editor changes the role while a note is logged from elsewhere.
    let merge = editor(
        &env,
        "merge.sh",
        &format!(
            "\"{bin}\" log bo 'logged during the edit' >/dev/null\nprintf 'name = \"Bo\"\norg = \"Old\"\nrole = \"CTO\"\n' > \"$1\""
        ),
    );
    let (code, stdout, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &merge)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = env.read("bo");
    assert!(
        text.contains("logged during the edit") && text.contains("role = \"CTO\""),
        "{text}"
    );
    // Both change `org`: the file is untouched by the edit, and the copy
    // keeps both values between markers, based on the file as it is now.
    let file = env.vault().join("people/bo.toml");
    let mine = editor(
        &env,
        "mine.sh",
        &format!(
            "sed -i 's/^org = .*/org = \"Theirs\"/' '{}'\nsed -i 's/^org = .*/org = \"Mine\"/' \"$1\"",
            file.display()
        ),
    );
    let (code, _, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &mine)
        .output()
        .unwrap());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("both changed org"), "{stderr}");
    assert!(env.read("bo").contains("org = \"Theirs\""));
    let copies = edit_copies(&env, "bo");
    assert_eq!(copies.len(), 1);
    let copy = std::fs::read_to_string(&copies[0]).unwrap();
    assert!(
        copy.contains("Mine") && copy.contains("Theirs") && copy.contains("<<<<<<<"),
        "{copy}"
    );
}

#[test]
fn two_edits_of_one_person_have_their_own_copies() {
    let env = Env::new();
    env.write("bo", "name = \"Bo\"\n");
    let bin = common::bin().to_string_lossy().into_owned();
    // While the first editor is open, a second `ties edit` runs and saves.
    let inner = editor(
        &env,
        "inner.sh",
        "printf 'name = \"Bo\"\nrole = \"CTO\"\n' > \"$1\"",
    );
    let outer = editor(
        &env,
        "outer.sh",
        &format!(
            "EDITOR='{}' \"{bin}\" edit bo >/dev/null || exit 1\nprintf 'name = \"Bo\"\norg = \"Acme\"\n' > \"$1\"",
            inner.display()
        ),
    );
    let (code, stdout, stderr) = out(env
        .cmd(&["edit", "bo"])
        .env("EDITOR", &outer)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = env.read("bo");
    assert!(
        text.contains("role = \"CTO\"") && text.contains("org = \"Acme\""),
        "{text}"
    );
    assert!(edit_copies(&env, "bo").is_empty());
}
