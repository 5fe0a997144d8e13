//! Editing and deleting one todo, and archiving a person, from the command
//! line: only the changed values move, `ties undo` restores the exact bytes,
//! and an archive made on one device merges with a note logged on another.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, fixture, out};

#[test]
fn a_todo_is_edited_and_deleted_in_place_and_undo_restores_every_byte() {
    let env = Env::new();
    let original = fixture("ana-lima.toml");
    env.write("ana-lima", &original);
    let said = env.ok(&["todo", "ana", "--edit", "1", "Send the benchmark report v2"]);
    assert!(
        said.contains(
            "Changed todo 1 of Ana Lima, due Monday 30 Nov: Send the benchmark report v2"
        ),
        "{said}"
    );
    let edited = original.replace(
        "text = \"Send the benchmark report\"",
        "text = \"Send the benchmark report v2\"",
    );
    assert_eq!(env.read("ana-lima"), edited);
    env.ok(&[
        "todo",
        "ana",
        "--edit",
        "1",
        "Send it",
        "--due",
        "2026-12-04",
    ]);
    assert!(
        env.read("ana-lima")
            .contains("text = \"Send it\"\ndue = 2026-12-04\n")
    );
    env.ok(&["undo"]);
    assert_eq!(
        env.read("ana-lima"),
        edited,
        "undo takes back the second edit only"
    );

    let said = env.ok(&["todo", "ana", "--delete", "1"]);
    assert!(
        said.contains(
            "Deleted todo 1 of Ana Lima, due Monday 30 Nov: Send the benchmark report v2"
        ),
        "{said}"
    );
    let deleted = env.read("ana-lima");
    assert!(!deleted.contains("[[todo]]"), "{deleted}");
    assert_eq!(
        deleted,
        edited.replace(
            "[[todo]]\ntext = \"Send the benchmark report v2\"\ndue = 2026-11-30\ndone = false\n\n",
            ""
        )
    );
    env.ok(&["undo"]);
    assert_eq!(env.read("ana-lima"), edited);
    env.ok(&["undo"]);
    assert_eq!(env.read("ana-lima"), original, "byte for byte");

    let (code, _, err) = env.run(&["todo", "ana", "--delete", "4"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Ana Lima has 1 todo; there is no todo 4"),
        "{err}"
    );
}

#[test]
fn an_archived_person_leaves_the_lists_but_is_still_found() {
    let env = Env::new();
    env.write("ana-lima", &fixture("ana-lima.toml"));
    env.write("bo", "name = \"Bo\"\ncadence = \"7d\"\n");
    let due = env.ok(&["due"]);
    assert!(due.contains("Bo"), "{due}");
    let said = env.ok(&["archive", "bo"]);
    assert!(said.contains("Archived Bo (people/bo.toml)"), "{said}");
    assert!(said.contains("ties unarchive bo"), "{said}");
    assert_eq!(
        env.read("bo"),
        "name = \"Bo\"\ncadence = \"7d\"\narchived = 2026-11-23\n"
    );

    let list = env.ok(&["list"]);
    assert!(list.contains("Ana Lima") && !list.contains("Bo"), "{list}");
    let archived = env.ok(&["list", "--archived"]);
    assert!(
        archived.contains("Bo") && !archived.contains("Ana"),
        "{archived}"
    );
    assert!(!env.ok(&["due"]).contains("Bo"));
    assert!(env.ok(&["search", "bo"]).contains("Bo  (bo)  [archived]"));
    assert!(
        env.ok(&["show", "bo"])
            .contains("Archived since 2026-11-23")
    );
    let (code, _, err) = env.run(&["archive", "bo"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Bo is already archived (since 2026-11-23)"),
        "{err}"
    );

    env.ok(&["unarchive", "bo"]);
    assert_eq!(env.read("bo"), "name = \"Bo\"\ncadence = \"7d\"\n");
    assert!(env.ok(&["list"]).contains("Bo"));
    env.ok(&["archive", "bo"]);
    env.ok(&["undo"]);
    assert_eq!(
        env.read("bo"),
        "name = \"Bo\"\ncadence = \"7d\"\n",
        "undo unarchives"
    );
}

/// Two devices on one remote, as in tests/sync.rs.
struct Two {
    env: Env,
}

const ANA: &str = "# Ana, from the Lisbon office\nname = \"Ana Lima\"\norg = \"Example Corp\"\n\n[[log]]\nat = 2026-11-01T10:00:00-05:00\nvia = \"call\"\ntext = \"First call.\"\n";

impl Two {
    fn new() -> Two {
        let t = Two { env: Env::new() };
        let root = t.env.dir.path().to_path_buf();
        t.env.git(
            &root,
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        t.ok(&t.a(), &["init", t.a().to_str().unwrap(), "--git"]);
        std::fs::write(t.a().join("people/ana-lima.toml"), ANA).unwrap();
        t.env.git(&t.a(), &["checkout", "--quiet", "-b", "main"]);
        t.env
            .git(&t.a(), &["remote", "add", "origin", "../remote.git"]);
        t.ok(&t.a(), &["sync"]);
        t.env
            .git(&t.a(), &["push", "--quiet", "-u", "origin", "main"]);
        t.env.git(&root, &["clone", "--quiet", "remote.git", "b"]);
        t
    }

    fn a(&self) -> PathBuf {
        self.env.dir.path().join("a")
    }

    fn b(&self) -> PathBuf {
        self.env.dir.path().join("b")
    }

    fn ok(&self, vault: &Path, args: &[&str]) -> String {
        let mut c = self.env.bare(args);
        c.env("TIES_VAULT", vault);
        let (code, stdout, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "ties {args:?} failed: {stderr}\n{stdout}");
        stdout
    }

    fn ana(&self, device: &Path) -> String {
        std::fs::read_to_string(device.join("people/ana-lima.toml")).unwrap()
    }
}

#[test]
fn an_archive_on_one_device_and_a_note_on_the_other_both_survive_the_merge() {
    let t = Two::new();
    t.ok(&t.a(), &["archive", "ana"]);
    t.ok(&t.a(), &["sync"]);
    t.ok(
        &t.b(),
        &[
            "log",
            "ana",
            "From the desktop",
            "--at",
            "2026-11-21T09:00:00-05:00",
        ],
    );
    t.ok(&t.b(), &["sync"]);
    t.ok(&t.a(), &["sync"]);
    for device in [t.a(), t.b()] {
        let text = t.ana(&device);
        assert!(text.contains("archived = 2026-11-23"), "{text}");
        assert!(text.contains("From the desktop"), "{text}");
        assert!(
            text.starts_with("# Ana, from the Lisbon office\n"),
            "{text}"
        );
        let list = t.ok(&device, &["list", "--archived"]);
        assert!(list.contains("Ana Lima"), "{list}");
    }
    // And back: unarchived on B while A logs again.
    t.ok(&t.b(), &["unarchive", "ana"]);
    t.ok(
        &t.a(),
        &[
            "log",
            "ana",
            "From the laptop",
            "--at",
            "2026-11-22T09:00:00-05:00",
        ],
    );
    t.ok(&t.b(), &["sync"]);
    t.ok(&t.a(), &["sync"]);
    t.ok(&t.b(), &["sync"]);
    for device in [t.a(), t.b()] {
        let text = t.ana(&device);
        assert!(!text.contains("archived"), "{text}");
        assert!(
            text.contains("From the laptop") && text.contains("From the desktop"),
            "{text}"
        );
    }
}
