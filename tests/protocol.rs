//! The write protocol against git states and file-system edges (issue 11's
//! findings 3, 7, 8 and 11), with the real binary and the real git in a
//! hermetic environment.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, out};

const ANA: &str = "name = \"Ana Lima\"\norg = \"Example Corp\"\n\n[[log]]\nat = 2026-11-01T10:00:00-05:00\nvia = \"call\"\ntext = \"First call.\"\n";

struct Repo {
    env: Env,
}

impl Repo {
    /// A git vault on branch `branch` with Ana committed, and a bare remote
    /// as its upstream.
    fn new(branch: &str) -> Repo {
        let r = Repo { env: Env::new() };
        let v = r.env.vault();
        r.git(&v, &["init", "--quiet", "-b", branch]);
        r.env.write("ana-lima", ANA);
        r.ties_ok(&["sync"]);
        let root = r.env.dir.path().to_path_buf();
        r.git(
            &root,
            &["init", "--quiet", "--bare", "-b", branch, "remote.git"],
        );
        r.git(&v, &["remote", "add", "origin", "../remote.git"]);
        r.git(&v, &["push", "--quiet", "-u", "origin", branch]);
        r
    }

    fn git_cmd(&self, dir: &Path, args: &[&str]) -> Command {
        self.env.git_cmd(dir, args)
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.env.git(dir, args)
    }

    fn ties_ok(&self, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.env.run(args);
        assert_eq!(code, 0, "ties {args:?} failed: {stderr}\n{stdout}");
        stdout + &stderr
    }

    fn vault(&self) -> PathBuf {
        self.env.vault()
    }

    /// A second device: a clone of the remote, synced once (driver set up).
    fn second_device(&self) -> PathBuf {
        let root = self.env.dir.path();
        self.git(root, &["clone", "--quiet", "remote.git", "b"]);
        let b = root.join("b");
        self.ok_in(&b, &["sync"]);
        b
    }

    /// ties on another device, asserting success.
    fn ok_in(&self, vault: &Path, args: &[&str]) {
        let o = self.env.ties_in(vault, args).output().unwrap();
        assert!(
            o.status.success(),
            "ties {args:?} in {}: {o:?}",
            vault.display()
        );
    }

    fn head_count(&self, rev: &str) -> usize {
        self.git(&self.vault(), &["rev-list", "--count", rev])
            .trim()
            .parse()
            .unwrap()
    }
}

#[test]
fn on_a_detached_head_a_note_is_saved_but_not_committed_and_the_advice_names_the_branch() {
    let r = Repo::new("master");
    r.env.write(
        "ana-lima",
        &format!(
            "{ANA}\n[[log]]\nat = 2026-11-02T10:00:00-05:00\nvia = \"call\"\ntext = \"Second.\"\n"
        ),
    );
    r.ties_ok(&["sync"]);
    let v = r.vault();
    r.git(&v, &["checkout", "--quiet", "--detach", "HEAD~1"]);
    let before = r.head_count("HEAD");
    let (code, stdout, stderr) = r.env.run(&["log", "ana", "While detached."]);
    assert_eq!(code, 0, "the save itself succeeds: {stderr}");
    assert!(stdout.contains("Logged"), "{stdout}");
    assert!(r.env.read("ana-lima").contains("While detached."));
    assert_eq!(r.head_count("HEAD"), before, "no commit on a detached HEAD");
    assert!(stderr.contains("not committed"), "{stderr}");
    assert!(stderr.contains("detached"), "{stderr}");
    assert!(
        stderr.contains("git switch master"),
        "the advice names the real branch: {stderr}"
    );
    assert!(!stderr.contains("main"), "{stderr}");
    // Sync refuses, with the same advice, and changes nothing.
    let (code, _, stderr) = r.env.run(&["sync"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("git switch master"), "{stderr}");
    // Following the advice keeps the words, and sync commits them.
    r.git(&v, &["stash", "--quiet"]);
    r.git(&v, &["switch", "--quiet", "master"]);
    r.git(&v, &["stash", "pop", "--quiet"]);
    assert!(r.env.read("ana-lima").contains("While detached."));
    r.ties_ok(&["sync"]);
    let committed = r.git(&v, &["show", "HEAD:people/ana-lima.toml"]);
    assert!(committed.contains("While detached."), "{committed}");
}

#[test]
fn during_a_rebase_a_note_is_saved_but_not_committed() {
    let r = Repo::new("main");
    let v = r.vault();
    // Two commits on a side branch that conflict with main when rebased.
    r.git(&v, &["switch", "--quiet", "-c", "side"]);
    r.env
        .write("ana-lima", &ANA.replace("Example Corp", "Side Corp"));
    r.git(&v, &["commit", "--quiet", "-am", "side"]);
    r.git(&v, &["switch", "--quiet", "main"]);
    r.env.write("bo-chen", "name = \"Bo Chen\"\n");
    r.git(&v, &["add", "people/bo-chen.toml"]);
    r.git(&v, &["commit", "--quiet", "-m", "bo"]);
    r.env
        .write("ana-lima", &ANA.replace("Example Corp", "Main Corp"));
    r.git(&v, &["commit", "--quiet", "-am", "main"]);
    r.git(&v, &["switch", "--quiet", "side"]);
    // -c merge.ties.driver=false: a plain conflict, so the rebase stops.
    let rebase = r
        .git_cmd(&v, &["-c", "merge.ties.driver=false", "rebase", "main"])
        .output()
        .unwrap();
    assert!(!rebase.status.success(), "the rebase stops on its conflict");
    let before = r.git(&v, &["rev-parse", "HEAD"]);
    let (code, stdout, stderr) = r.env.run(&["log", "bo", "During the rebase."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Logged"), "{stdout}");
    assert!(r.env.read("bo-chen").contains("During the rebase."));
    assert_eq!(
        r.git(&v, &["rev-parse", "HEAD"]),
        before,
        "no commit mid-rebase"
    );
    assert!(stderr.contains("rebase of side is in progress"), "{stderr}");
    let (code, _, stderr) = r.env.run(&["sync"]);
    assert_eq!(code, 1, "sync refuses mid-rebase");
    assert!(stderr.contains("git rebase --continue"), "{stderr}");
}

#[test]
fn a_push_the_remote_declines_says_what_the_remote_said() {
    let r = Repo::new("main");
    let hook = r.env.dir.path().join("remote.git/hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'Pushes to main need a review.' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    r.ties_ok(&["log", "ana", "A note the remote will not take."]);
    let (code, _, stderr) = r.env.run(&["sync"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("Pushes to main need a review."),
        "git's words are shown: {stderr}"
    );
    assert!(stderr.contains("declined"), "{stderr}");
    assert!(
        !stderr.contains("take in what is new"),
        "no advice that cannot help: {stderr}"
    );
    assert!(stderr.contains("nothing is lost"), "{stderr}");
}

#[test]
fn a_file_saved_in_latin_1_is_committed_as_an_edit_not_a_removal() {
    let r = Repo::new("main");
    let bytes = latin1(&ANA.replace("Example Corp", "Caf\u{e9}"));
    std::fs::write(r.env.person("ana-lima"), &bytes).unwrap();
    r.ties_ok(&["sync"]);
    let msg = r.git(&r.vault(), &["log", "-1", "--format=%s"]);
    assert!(!msg.contains("remove"), "{msg}");
    assert!(msg.contains("edit"), "{msg}");
}

#[test]
fn sync_replaces_a_link_planted_at_last_sync_instead_of_writing_through_it() {
    let r = Repo::new("main");
    let target = r.env.dir.path().join("precious.txt");
    std::fs::write(&target, "precious\n").unwrap();
    let planted = r.vault().join(".ties/last-sync");
    let _ = std::fs::remove_file(&planted);
    std::os::unix::fs::symlink(&target, &planted).unwrap();
    r.ties_ok(&["sync"]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious\n");
    assert!(!std::fs::symlink_metadata(&planted).unwrap().is_symlink());
}

#[test]
fn a_lock_file_planted_as_a_link_is_never_followed() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let target = env.dir.path().join("precious.txt");
    std::fs::write(&target, "precious\n").unwrap();
    let locks = env.vault().join(".ties/locks");
    std::fs::create_dir_all(&locks).unwrap();
    std::os::unix::fs::symlink(&target, locks.join("vault.lock")).unwrap();
    let (code, _, stderr) = env.run(&["log", "ana", "x"]);
    assert_ne!(code, 0, "a planted link is refused, not followed");
    assert!(stderr.contains("vault.lock"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious\n");
}

/// A folder on another file system than the vault, when there is one.
fn other_file_system(near: &Path) -> Option<tempfile::TempDir> {
    use std::os::unix::fs::MetadataExt;
    let dev = std::fs::metadata(near).ok()?.dev();
    let shm = Path::new("/dev/shm");
    let d = tempfile::tempdir_in(shm).ok()?;
    (std::fs::metadata(d.path()).ok()?.dev() != dev).then_some(d)
}

#[test]
fn state_and_people_folders_on_other_file_systems_still_take_writes() {
    for moved in [".ties", "people"] {
        let env = Env::new();
        env.write("ana-lima", ANA);
        env.ok(&["list"]);
        let Some(other) = other_file_system(&env.vault()) else {
            assert!(
                std::env::var_os("TIES_REQUIRE_MOUNT").is_none(),
                "no second file system at /dev/shm"
            );
            eprintln!("SKIPPED: /dev/shm is not another file system here");
            return;
        };
        let from = env.vault().join(moved);
        let to = other.path().join(moved);
        Command::new("cp")
            .arg("-a")
            .arg(&from)
            .arg(&to)
            .status()
            .unwrap();
        std::fs::remove_dir_all(&from).unwrap();
        std::os::unix::fs::symlink(&to, &from).unwrap();
        let (code, _, stderr) = env.run(&["log", "ana", "Across disks."]);
        assert_eq!(code, 0, "{moved} on another disk: {stderr}");
        assert!(env.read("ana-lima").contains("Across disks."));
        env.ok(&["todo", "ana", "Send the deck"]);
        env.ok(&["add", "Bo Chen"]);
        let stray: Vec<String> = std::fs::read_dir(env.vault().join("people"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".toml"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }
}

#[test]
fn absurd_dates_are_refused_with_a_sentence_not_a_panic() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    for args in [
        vec!["log", "ana", "--at", "+3000000d", "x"],
        vec!["todo", "ana", "x", "--due", "+3000000d"],
        vec!["todo", "ana", "x", "--due", "+3000000w"],
    ] {
        let (code, _, stderr) = env.run(&args);
        assert!(code == 1 || code == 2, "{args:?}: exit {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
        assert!(stderr.contains("+300000"), "names the value: {stderr}");
    }
    assert_eq!(env.read("ana-lima"), ANA, "nothing written");
}

#[test]
fn a_file_in_latin_1_opens_in_the_editor_and_saves_as_utf_8_with_a_warning() {
    let env = Env::new();
    let bytes = latin1(&ANA.replace("Example Corp", "Caf\u{e9}"));
    std::fs::write(env.person("ana-lima"), &bytes).unwrap();
    let (code, stdout, stderr) = out(env
        .cmd(&["edit", "ana-lima"])
        .env("EDITOR", "sed -i s/First/Opening/")
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert!(stderr.contains("1 byte (first on line 2)"), "{stderr}");
    assert!(stdout.contains("now in UTF-8"), "{stdout}");
    let text = env.read("ana-lima");
    assert!(text.contains("org = \"Café\""), "{text}");
    assert!(text.contains("Opening call."), "{text}");
}

/// Finding 1: notes logged on one device while its `ties sync` merges notes
/// the other device pushed to the same person. `git merge` rewrote the file
/// under the writers, and a later commit could put back older content.
#[test]
fn notes_logged_while_sync_merges_upstream_notes_for_the_same_person_all_survive() {
    let env = Env::new();
    let root = env.dir.path().to_path_buf();
    let git = |dir: &Path, args: &[&str]| {
        env.git(dir, args);
    };
    let (a, b) = (root.join("a"), root.join("b"));
    let ties = |dir: &Path, args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.ties_in(dir, &args)
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    git(
        &root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    assert!(
        ties(&a, &s(&["init", a.to_str().unwrap(), "--git"]))
            .status()
            .unwrap()
            .success()
    );
    git(&a, &["checkout", "--quiet", "-b", "main"]);
    std::fs::write(a.join("people/ana-lima.toml"), ANA).unwrap();
    git(&a, &["remote", "add", "origin", "../remote.git"]);
    assert!(ties(&a, &s(&["sync"])).status().unwrap().success());
    git(&a, &["push", "--quiet", "-u", "origin", "main"]);
    git(&root, &["clone", "--quiet", "remote.git", "b"]);
    assert!(ties(&b, &s(&["sync"])).status().unwrap().success());
    let mut logged = Vec::new();
    for round in 0..25 {
        // The other device pushes a note to Ana.
        let id = format!("from b #{round}#");
        let o = ties(&b, &s(&["log", "ana", &id])).output().unwrap();
        assert!(o.status.success());
        logged.push(id);
        let _ = ties(&b, &s(&["sync"])).output().unwrap();
        // This device syncs (and so merges it) while logging to Ana.
        let mut running = vec![(None, ties(&a, &s(&["sync"])).spawn().unwrap())];
        for n in 0..4 {
            std::thread::sleep(std::time::Duration::from_millis(3 + 4 * n));
            let id = format!("from a #{round}.{n}#");
            running.push((
                Some(id.clone()),
                ties(&a, &s(&["log", "ana", &id])).spawn().unwrap(),
            ));
        }
        for (id, child) in running {
            let o = child.wait_with_output().unwrap();
            if let Some(id) = id
                && o.status.success()
                && String::from_utf8_lossy(&o.stdout).contains("Logged")
            {
                logged.push(id);
            }
        }
    }
    for dir in [&a, &b, &a, &b] {
        let _ = ties(dir, &s(&["sync"])).output().unwrap();
    }
    for dir in [&a, &b] {
        let text = std::fs::read_to_string(dir.join("people/ana-lima.toml")).unwrap();
        let lost: Vec<&String> = logged
            .iter()
            .filter(|id| !text.contains(id.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "lost in {}: {lost:?} of {}",
            dir.display(),
            logged.len()
        );
    }
}

/// Finding 5: a note that quotes conflict markers (a deeply quoted email) is
/// text, not a merge conflict, from the command line and from a vCard.
#[test]
fn notes_that_quote_conflict_markers_are_text() {
    let env = Env::new();
    env.write("ana-lima", ANA);
    let quoted =
        "She forwarded the thread:\n>>>>>>> original message\n<<<<<<< reply\n=======\nThanks.";
    let (code, _, stderr) = env.run(&["log", "ana", quoted]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!(code, 0, "no problem reported: {stdout}{stderr}");
    assert!(
        env.ok(&["show", "ana"])
            .contains(">>>>>>> original message")
    );
    let vcf = env.dir.path().join("bo.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nNOTE:Quoted:\\n>>>>>>> theirs\\n<<<<<<< ours\\nend\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let (code, stdout, stderr) = env.run(&["import", vcf.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("1 added"), "{stdout}");
    assert!(!stdout.contains("nothing was written"), "{stdout}");
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// Finding 2 end to end: the other device's notes meet a hand edit saved in
/// Latin-1. `ties sync` reports the conflict, and keeps refusing to conclude
/// the merge while the file (not UTF-8) still holds markers, so the other
/// side's notes are never dropped by a second sync.
#[test]
fn a_merge_with_a_latin_1_side_is_not_concluded_while_markers_remain() {
    let r = Repo::new("main");
    let root = r.env.dir.path().to_path_buf();
    let b = r.second_device();
    r.ok_in(&b, &["log", "ana", "Notes from the phone."]);
    r.ok_in(&b, &["sync"]);
    let bytes = latin1(&ANA.replace("Example Corp", "Caf\u{e9}"));
    std::fs::write(r.env.person("ana-lima"), &bytes).unwrap();
    for attempt in 0..2 {
        let (code, _, stderr) = r.env.run(&["sync"]);
        assert_eq!(code, 1, "attempt {attempt}: {stderr}");
        assert!(stderr.contains("unresolved git merge"), "{stderr}");
        assert!(stderr.contains("people/ana-lima.toml"), "{stderr}");
    }
    let text =
        String::from_utf8_lossy(&std::fs::read(r.env.person("ana-lima")).unwrap()).into_owned();
    assert!(text.contains("Notes from the phone."), "{text}");
    let pushed = r.git(
        &root.join("remote.git"),
        &["show", "main:people/ana-lima.toml"],
    );
    assert!(!pushed.contains("<<<<<<<"), "no markers pushed: {pushed}");
}

/// A `ties sync` killed while git merges must not free the vault for
/// writers: the git it started goes on rewriting files (it runs in its own
/// session), so the lock lives as long as that git does.
#[test]
fn a_note_logged_right_after_a_sync_is_killed_mid_merge_survives() {
    let r = Repo::new("main");
    let root = r.env.dir.path().to_path_buf();
    let b = r.second_device();
    r.ok_in(&b, &["log", "ana", "From the other device."]);
    r.ok_in(&b, &["sync"]);
    // A merge driver that takes its time, as on a big file.
    let slow = root.join("slow-driver.sh");
    std::fs::write(
        &slow,
        format!(
            "#!/bin/sh\nsleep 1.5\nexec '{}' merge-driver \"$@\"\n",
            common::bin().to_string_lossy()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let driver = format!("{} %O %A %B %P", slow.display());
    r.git(&r.vault(), &["config", "merge.ties.driver", &driver]);
    // Both sides changed Ana: the merge runs the driver.
    r.ties_ok(&["log", "ana", "From this device."]);
    let mut sync = r.env.cmd(&["sync"]).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    sync.kill().unwrap();
    let _ = sync.wait();
    let (code, stdout, stderr) = r.env.run(&["log", "ana", "Right after the kill."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Logged"), "{stdout}");
    assert!(
        r.env.read("ana-lima").contains("Right after the kill."),
        "the note is in the file once git is done"
    );
    r.ties_ok(&["sync"]);
    let head = r.git(&r.vault(), &["show", "HEAD:people/ana-lima.toml"]);
    assert!(head.contains("Right after the kill."), "{head}");
    assert!(head.contains("From the other device."), "{head}");
    assert!(head.contains("From this device."), "{head}");
}

/// The line merge (for a side in Latin-1) can put markers inside a
/// multi-line note, where the file still parses: sync must not conclude.
#[test]
fn markers_the_line_merge_wrote_inside_a_note_keep_the_merge_open() {
    let r = Repo::new("main");
    let long = "name = \"Ana Lima\"\n\n[[log]]\nat = 2026-11-01T10:00:00-05:00\nvia = \"call\"\ntext = \"\"\"\nline one\nline two\nline three\n\"\"\"\n";
    r.env.write("ana-lima", long);
    r.ties_ok(&["sync"]);
    let root = r.env.dir.path().to_path_buf();
    let b = r.second_device();
    std::fs::write(
        b.join("people/ana-lima.toml"),
        long.replace("line two", "line two, changed on b"),
    )
    .unwrap();
    r.ok_in(&b, &["sync"]);
    let bytes = latin1(&long.replace("line two", "caf\u{e9} on a"));
    std::fs::write(r.env.person("ana-lima"), &bytes).unwrap();
    for attempt in 0..2 {
        let (code, _, stderr) = r.env.run(&["sync"]);
        assert_eq!(code, 1, "attempt {attempt}: {stderr}");
        assert!(stderr.contains("people/ana-lima.toml"), "{stderr}");
    }
    let pushed = r.git(
        &root.join("remote.git"),
        &["show", "main:people/ana-lima.toml"],
    );
    assert!(!pushed.contains("<<<<<<<"), "no markers pushed: {pushed}");
}

#[test]
fn sync_never_commits_temporary_swap_or_backup_files() {
    let r = Repo::new("main");
    let people = r.vault().join("people");
    for stray in [
        ".ties-write-Xyz123.tmp",
        ".ana-lima.toml.swp",
        "ana-lima.toml~",
    ] {
        std::fs::write(people.join(stray), "private words being typed\n").unwrap();
    }
    std::fs::write(r.vault().join("notes.md"), "kept in git on purpose\n").unwrap();
    r.ties_ok(&["log", "ana", "A note."]);
    r.ties_ok(&["sync"]);
    let tree = r.git(&root_of(&r), &["ls-tree", "-r", "--name-only", "main"]);
    assert!(tree.contains("notes.md"), "{tree}");
    assert!(!tree.contains(".swp"), "{tree}");
    assert!(!tree.contains(".tmp"), "{tree}");
    assert!(!tree.contains('~'), "{tree}");
}

fn root_of(r: &Repo) -> PathBuf {
    r.env.dir.path().join("remote.git")
}

/// `text` with its `é` written as one Latin-1 byte, as an old editor saves it.
fn latin1(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = bytes.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
    bytes.splice(at..at + 2, [0xe9]);
    bytes
}
