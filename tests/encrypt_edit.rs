//! `ties edit` in a vault that encrypts: the copy shows the private text
//! this machine's key opens, what lands is sealed again (untouched values
//! byte for byte), and no plain private text stays behind anywhere.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::keys::{age_identity, all_files, armored};
use common::{Env, out};

/// Words that appear only in private text.
const SECRETS: &[&str] = &["Quorvath", "Gribbleton", "Zanzibarite", "Plinkettish"];

/// One age identity for every test here: the tests that edit in-process
/// read keys once per process, through `$TIES_IDENTITY`.
fn shared_key() -> &'static (tempfile::TempDir, PathBuf, String) {
    static KEY: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identity.txt");
        let public = age_identity(&path);
        // SAFETY: set once, before anything in this process reads it; the
        // ties binaries run as children with their own environment.
        unsafe { std::env::set_var("TIES_IDENTITY", &path) };
        (dir, path, public)
    })
}

struct Vault {
    env: Env,
    key: PathBuf,
}

impl Vault {
    /// A git vault that encrypts to a key made here, with Ana: a plain
    /// note, a private two-line note with an ask (ticked by a later
    /// private note), and a second private note.
    fn new() -> Vault {
        let env = Env::new();
        let (_, key, public) = shared_key();
        let v = Vault {
            env,
            key: key.clone(),
        };
        v.ok(&["init", v.path().to_str().unwrap(), "--git"]);
        std::fs::write(v.path().join("recipients.txt"), format!("{public}\n")).unwrap();
        v.env.git(&v.path(), &["add", "recipients.txt"]);
        v.env
            .git(&v.path(), &["commit", "--quiet", "-m", "recipients"]);
        v.ok(&["add", "Ana Lima", "--org", "Old Co"]);
        v.ok(&[
            "log",
            "ana",
            "--via",
            "call",
            "Talked about the plain roadmap.",
        ]);
        v.ok(&[
            "log",
            "ana",
            "--private",
            "Her Quorvath diagnosis.\nBe gentle.",
            "--ask",
            "How is the Gribbleton treatment?",
        ]);
        v.ok(&["log", "ana", "--private", "Zanzibarite worries."]);
        v.ok(&["done", "ana", "a1"]);
        let file = v.ana();
        assert_eq!(armored(&file).len(), 5, "{file}");
        v.no_secret_anywhere("the vault as set up");
        v
    }

    fn path(&self) -> PathBuf {
        self.env.vault()
    }

    fn ana(&self) -> String {
        self.env.read("ana-lima")
    }

    /// `ties` with this machine's key (or without any), and an editor.
    fn run(&self, args: &[&str], with_key: bool, editor: Option<&Path>) -> (i32, String, String) {
        let mut c = self.env.cmd(args);
        if with_key {
            c.env("TIES_IDENTITY", &self.key);
        }
        if let Some(e) = editor {
            c.env("EDITOR", e);
        }
        out(c.output().unwrap())
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.run(args, true, None);
        assert_eq!(code, 0, "ties {args:?}: {stderr}\n{stdout}");
        stdout
    }

    fn edit(&self, with_key: bool, editor: &Path) -> (i32, String, String) {
        self.run(&["edit", "ana"], with_key, Some(editor))
    }

    /// An editor script: a shell snippet run with the copy as `$1`.
    fn editor(&self, name: &str, body: &str) -> PathBuf {
        let script = self.env.dir.path().join(name);
        std::fs::write(&script, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    /// No private word in the person file, anything under `.ties/`, the
    /// files of `.git`, or any commit's diff.
    fn no_secret_anywhere(&self, when: &str) {
        let places = [
            ("the person file", self.ana()),
            (".ties/", all_files(&self.path().join(".ties"))),
            (".git/", all_files(&self.path().join(".git"))),
            (
                "git log -p",
                self.env.git(
                    &self.path(),
                    &["log", "-p", "--all", "--no-textconv", "--format=%s%n%b"],
                ),
            ),
        ];
        for (what, text) in places {
            for s in SECRETS {
                assert!(!text.contains(s), "{when}: {what} holds {s}:\n{text}");
            }
        }
    }

    fn committed(&self) -> String {
        self.env
            .git(&self.path(), &["show", "HEAD:people/ana-lima.toml"])
    }
}

/// The checks every editor here starts with: the copy holds the plain
/// private text and no armor.
const SHOWS_PLAIN: &str = "grep -q 'Her Quorvath diagnosis.' \"$1\"\ngrep -q '^Be gentle.' \"$1\"\ngrep -q 'Zanzibarite worries.' \"$1\"\ngrep -q 'Gribbleton' \"$1\"\n! grep -q 'BEGIN AGE' \"$1\"";

#[test]
fn the_copy_shows_private_text_and_a_plain_edit_keeps_every_armor_byte_for_byte() {
    let v = Vault::new();
    let before = v.ana();
    let e = v.editor(
        "org.sh",
        &format!("{SHOWS_PLAIN}\nsed -i 's/^org = .*/org = \"New Co\"/' \"$1\""),
    );
    let (code, stdout, stderr) = v.edit(true, &e);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    assert!(stdout.contains("Saved people/ana-lima.toml"), "{stdout}");
    let after = v.ana();
    assert!(after.contains("org = \"New Co\""), "{after}");
    // Only the plain field changed: the rest of the file is as it was.
    assert_eq!(
        after.replace("org = \"New Co\"", "org = \"Old Co\""),
        before,
        "the edit changed more than the org"
    );
    assert_eq!(armored(&after), armored(&before));
    assert_eq!(v.committed(), after, "the edit was committed as landed");
    v.no_secret_anywhere("after a plain edit");
    // What the user sees is still the private text.
    let shown = v.ok(&["show", "ana"]);
    assert!(shown.contains("Her Quorvath diagnosis."), "{shown}");
}

#[test]
fn a_changed_private_text_is_sealed_again_and_the_others_keep_their_armor() {
    let v = Vault::new();
    let before = armored(&v.ana());
    let e = v.editor(
        "private.sh",
        &format!("{SHOWS_PLAIN}\nsed -i 's/Zanzibarite worries./Plinkettish relief./' \"$1\""),
    );
    let (code, stdout, stderr) = v.edit(true, &e);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    let after = armored(&v.ana());
    assert_eq!(after.len(), before.len(), "{}", v.ana());
    // The two-line note, its ask and its tick: untouched, byte for byte.
    let kept = after.iter().filter(|a| before.contains(a)).count();
    assert_eq!(kept, before.len() - 1, "{}", v.ana());
    v.no_secret_anywhere("after changing a private note");
    let shown = v.ok(&["show", "ana"]);
    assert!(shown.contains("Plinkettish relief."), "{shown}");
    assert!(!shown.contains("Zanzibarite"), "{shown}");
    // Nothing in the undo journal reads in the clear either: undo works
    // and brings the old note back, still sealed.
    v.ok(&["undo"]);
    assert_eq!(armored(&v.ana()), before);
}

#[test]
fn without_the_key_the_copy_keeps_the_armor_and_touching_it_is_refused() {
    let v = Vault::new();
    let before = v.ana();
    let plain = v.editor(
        "plain.sh",
        "grep -q 'BEGIN AGE' \"$1\"\nsed -i 's/^org = .*/org = \"New Co\"/' \"$1\"",
    );
    let (code, stdout, stderr) = v.edit(false, &plain);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    assert!(
        stderr.contains("5 private values in people/ana-lima.toml no key on this machine opens"),
        "{stderr}"
    );
    let landed = v.ana();
    assert!(landed.contains("org = \"New Co\""), "{landed}");
    assert_eq!(armored(&landed), armored(&before));

    // One character changed inside an armored value: refused, file as it was.
    let touch = v.editor(
        "touch.sh",
        "sed -i '0,/BEGIN AGE/{/BEGIN AGE/{n;s/^./#/}}' \"$1\"",
    );
    let (code, _, stderr) = v.edit(false, &touch);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "your edit of people/ana-lima.toml changes a private value no key on this machine opens"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("people/ana-lima.toml was left unchanged; your edit is kept in"),
        "{stderr}"
    );
    assert_eq!(v.ana(), landed);

    // An armored text replaced by words: refused too (the refused copy
    // is dropped first, or the next edit would resume it).
    std::fs::remove_dir_all(v.path().join(".ties/edit")).unwrap();
    let words = v.editor(
        "words.sh",
        "perl -0pi -e 's/text = \"\"\"\\n-----BEGIN AGE.*?-----END AGE ENCRYPTED FILE-----\\n\"\"\"/text = \"Something else\"/s' \"$1\"\ngrep -q 'Something else' \"$1\"",
    );
    let (code, _, stderr) = v.edit(false, &words);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no key on this machine opens"), "{stderr}");
    assert_eq!(v.ana(), landed);

    // A whole private entry deleted, words unseen: refused the same way.
    std::fs::remove_dir_all(v.path().join(".ties/edit")).unwrap();
    let delete = v.editor(
        "delete.sh",
        r#"n=$(grep -n '^\[\[log\]\]' "$1" | tail -1 | cut -d: -f1)
head -n $((n-1)) "$1" > "$1.tmp" && cat "$1.tmp" > "$1" && rm "$1.tmp"
[ $(grep -c 'BEGIN AGE' "$1") -lt 5 ]"#,
    );
    let (code, _, stderr) = v.edit(false, &delete);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("changes a private value no key on this machine opens"),
        "{stderr}"
    );
    assert_eq!(v.ana(), landed);
}

#[test]
fn a_note_logged_while_the_editor_is_open_lands_with_the_edit_and_private_text_stays_sealed() {
    let v = Vault::new();
    let before = armored(&v.ana());
    let bin = common::bin().to_string_lossy().into_owned();
    let e = v.editor(
        "merge.sh",
        &format!(
            "{SHOWS_PLAIN}\n\"{bin}\" log ana 'logged during the edit' >/dev/null\nsed -i -e 's/^org = .*/org = \"New Co\"/' -e 's/Zanzibarite worries./Plinkettish relief./' \"$1\""
        ),
    );
    let (code, stdout, stderr) = v.edit(true, &e);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    assert!(
        stdout.contains("with the changes made to it while you edited"),
        "{stdout}"
    );
    let after = v.ana();
    assert!(
        after.contains("logged during the edit") && after.contains("org = \"New Co\""),
        "{after}"
    );
    // The note changed in the copy is sealed anew; the others, untouched
    // on both sides, keep their armor.
    let now = armored(&after);
    assert_eq!(now.len(), before.len(), "{after}");
    assert_eq!(
        now.iter().filter(|a| before.contains(a)).count(),
        before.len() - 1,
        "{after}"
    );
    v.no_secret_anywhere("after a merged edit");
    let shown = v.ok(&["show", "ana"]);
    assert!(shown.contains("Plinkettish relief."), "{shown}");
}

#[test]
fn entries_moved_around_keep_their_armor() {
    let v = Vault::new();
    let before = v.ana();
    // The two private notes change places.
    let e = v.editor(
        "swap.sh",
        &format!(
            "{SHOWS_PLAIN}\nperl -0pi -e '@b = split /(?=^\\[\\[log\\]\\])/m; $h = shift @b; @b[1, 2] = @b[2, 1]; $_ = join \"\", $h, @b' \"$1\""
        ),
    );
    let (code, stdout, stderr) = v.edit(true, &e);
    assert_eq!(code, 0, "{stderr}\n{stdout}");
    let after = v.ana();
    assert_ne!(after, before, "the entries did not move");
    let (mut was, mut now) = (armored(&before), armored(&after));
    assert_ne!(was, now, "the entries did not move");
    was.sort();
    now.sort();
    assert_eq!(was, now, "{after}");
    v.no_secret_anywhere("after moving entries");
}

#[test]
fn an_interrupted_edit_kept_aside_or_dropped_leaves_no_plain_text() {
    let v = Vault::new();
    // The editor saves a change, then ties dies before it lands: the copy
    // (plain text, 0600) is what an interrupted edit leaves.
    let crash = v.editor(
        "crash.sh",
        "sed -i 's/^org = .*/org = \"New Co\"/' \"$1\"\nkill -9 $PPID",
    );
    let (code, _, _) = v.edit(true, &crash);
    assert_ne!(code, 0);
    let edit_dir = v.path().join(".ties/edit");
    assert!(all_files(&edit_dir).contains("Quorvath"));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&v.path().join(".ties")), 0o700);
    for e in std::fs::read_dir(&edit_dir).unwrap().flatten() {
        if e.path().is_file() {
            assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
        }
    }
    // Resumed and saved: it lands sealed, and the copy is gone.
    let (code, stdout, stderr) = v.edit(true, &v.editor("keep.sh", "true"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Resuming your unsaved edit"), "{stdout}");
    assert!(v.ana().contains("org = \"New Co\""));
    v.no_secret_anywhere("after the resumed edit landed");

    // Interrupted again, then the file changes: keeping the copy aside
    // (in-process, as the TUI and the prompt do) seals it first.
    let crash = v.editor(
        "crash-again.sh",
        "sed -i 's/^org = .*/org = \"Later Co\"/' \"$1\"\nkill -9 $PPID",
    );
    let (code, _, _) = v.edit(true, &crash);
    assert_ne!(code, 0);
    v.ok(&["log", "ana", "Meanwhile."]);
    let vault = ties::store::Vault::open(v.path()).unwrap();
    let left = ties::store::edit::Left::find(&vault, "ana-lima");
    assert_eq!(left.len(), 1);
    let kept = left[0].clone().keep_aside(&vault).unwrap();
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(text.contains("org = \"Later Co\""), "{text}");
    assert_eq!(armored(&text).len(), 5, "{text}");
    v.no_secret_anywhere("after keeping the copy aside");

    // A copy that does not parse is kept sealed as a whole; a dropped one
    // is gone.
    let broken = v.editor("broken.sh", "printf 'oops = \\n' >> \"$1\"\nkill -9 $PPID");
    v.edit(true, &broken);
    v.ok(&["log", "ana", "Meanwhile again."]);
    let left = ties::store::edit::Left::find(&vault, "ana-lima");
    let kept = left[0].clone().keep_aside(&vault).unwrap();
    assert!(
        kept.to_string_lossy().ends_with(".toml.age"),
        "{}",
        kept.display()
    );
    v.no_secret_anywhere("after keeping a broken copy aside");
    v.edit(true, &broken);
    v.ok(&["log", "ana", "And again."]);
    ties::store::edit::Left::find(&vault, "ana-lima")[0]
        .clone()
        .drop_it();
    v.no_secret_anywhere("after dropping a copy");
}

#[test]
fn the_tuis_edit_seals_a_private_entry_written_in_the_clear_before_it_writes() {
    let v = Vault::new();
    let vault = ties::store::Vault::open(v.path()).unwrap();
    // What the TUI's `e` does around the editor (it commits after, with no
    // sealing of its own).
    let mut session = ties::store::edit::EditSession::begin(&vault, "ana-lima").unwrap();
    let copy = std::fs::read_to_string(&session.copy).unwrap();
    assert!(
        copy.contains("Her Quorvath diagnosis.\nBe gentle."),
        "{copy}"
    );
    assert!(armored(&copy).is_empty(), "{copy}");
    std::fs::write(
        &session.copy,
        format!(
            "{copy}\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Plinkettish news.\"\nprivate = true\n"
        ),
    )
    .unwrap();
    let outcome = session.finish(&vault).unwrap();
    assert!(
        matches!(outcome, ties::store::edit::Outcome::Saved),
        "{outcome:?}"
    );
    assert!(!session.copy.exists());
    let file = v.ana();
    assert_eq!(armored(&file).len(), 6, "{file}");
    v.env
        .git(&v.path(), &["commit", "--quiet", "-am", "edit ana"]);
    v.no_secret_anywhere("after the TUI's edit");
    let shown = v.ok(&["show", "ana"]);
    assert!(shown.contains("Plinkettish news."), "{shown}");
}
