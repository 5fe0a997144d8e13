//! Private on every machine: a second machine made by the README's steps
//! (`git clone` with the usual umask 022, `ties init`, `ties sync`) ends with
//! the vault 0700 and every person file 0600; `ties check` names a file
//! others can read; a file ties rewrites loses others' access.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Env, out};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file and folder under `dir` (`.git` left out: the vault's 0700
/// keeps others out of it) with a mode that lets others in.
fn open_to_others(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if mode(&d) & 0o077 != 0 {
            found.push(format!("{} {:o}", d.display(), mode(&d)));
        }
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if mode(&p) & 0o077 != 0 {
                found.push(format!("{} {:o}", p.display(), mode(&p)));
            }
        }
    }
    found
}

fn ties(env: &Env, vault: &Path, args: &[&str]) -> String {
    env.ok_in(vault, args)
}

/// A shell command with the umask git's checkout follows.
fn umask_022(env: &Env, dir: &Path, line: &str) {
    let mut c = env.hermetic("sh");
    c.current_dir(dir)
        .arg("-c")
        .arg(format!("umask 022 && {line}"));
    let (code, _, stderr) = out(c.output().unwrap());
    assert_eq!(code, 0, "{line}: {stderr}");
}

#[test]
fn a_second_machine_ends_private_after_init_and_after_each_sync() {
    let env = Env::new();
    let root = env.dir.path();
    let a = root.join("a");
    env.git(
        root,
        &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
    );
    ties(&env, &a, &["init", a.to_str().unwrap(), "--git"]);
    ties(&env, &a, &["add", "Ana Lima"]);
    ties(
        &env,
        &a,
        &["log", "ana", "She told me about the divorce.", "--private"],
    );
    env.git(&a, &["checkout", "--quiet", "-B", "main"]);
    env.git(&a, &["remote", "add", "origin", "../remote.git"]);
    ties(&env, &a, &["sync"]);
    env.git(&a, &["push", "--quiet", "-u", "origin", "main"]);

    // The README's second machine, with the umask most systems have.
    umask_022(&env, root, "git clone --quiet remote.git b");
    let b = root.join("b");
    assert_eq!(mode(&b), 0o755, "git made the clone open");
    assert_eq!(mode(&b.join("people/ana-lima.toml")), 0o644);
    let said = ties(&env, &b, &["check"]);
    assert!(
        said.contains("people/ana-lima.toml: others can read it"),
        "{said}"
    );
    let said = ties(&env, &b, &["init", b.to_str().unwrap()]);
    assert!(said.contains("Made the vault private to you"), "{said}");
    // A clone's next step is to open it, not to add a first person.
    assert!(
        said.contains("It holds 1 person. Next: ties --vault ") && said.contains(" to open it"),
        "{said}"
    );
    assert!(!said.contains("ties add"), "{said}");
    assert_eq!(open_to_others(&b), Vec::<String>::new());
    assert_eq!(mode(&b), 0o700);
    let said = ties(&env, &b, &["init", b.to_str().unwrap()]);
    assert!(!said.contains("private to you"), "said once: {said}");
    let said = ties(&env, &b, &["check"]);
    assert!(!said.contains("others can read"), "{said}");

    // A person added on A arrives on B through `ties sync`: git checks it
    // out private from the start, whatever the umask, so nothing is said.
    ties(&env, &a, &["add", "Tom Brennan"]);
    ties(&env, &a, &["sync"]);
    let in_022 = |line: &str| {
        let mut c = env.hermetic("sh");
        c.env("TIES_VAULT", &b)
            .current_dir(&b)
            .arg("-c")
            .arg(format!("umask 022 && {line}"))
            .env("TIES", common::bin());
        let (code, said, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "{line}: {stderr}");
        said
    };
    let said = in_022("\"$TIES\" sync");
    assert!(said.contains("Took in 1 commit"), "{said}");
    assert!(!said.contains("private to you"), "{said}");
    assert_eq!(mode(&b.join("people/tom-brennan.toml")), 0o600);
    assert_eq!(open_to_others(&b), Vec::<String>::new());

    // Pulled by hand with git, it is checked out 0644: the next sync makes
    // it private, and says so.
    ties(&env, &a, &["add", "Cy Diaz"]);
    ties(&env, &a, &["sync"]);
    in_022("git pull -q");
    assert_eq!(mode(&b.join("people/cy-diaz.toml")), 0o644);
    let said = in_022("\"$TIES\" sync");
    assert!(said.contains("made 1 file private to you"), "{said}");
    assert_eq!(mode(&b.join("people/cy-diaz.toml")), 0o600);
    assert_eq!(open_to_others(&b), Vec::<String>::new());
}

#[test]
fn a_file_ties_rewrites_loses_others_access() {
    let env = Env::new();
    env.write("ana", "name = \"Ana Lima\"\n");
    std::fs::set_permissions(env.person("ana"), std::fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(&["log", "ana", "Coffee."]);
    assert_eq!(mode(&env.person("ana")), 0o600);
    // What ties keeps beside it (the undo journal holds the file whole).
    assert_eq!(
        open_to_others(&env.vault().join(".ties")),
        Vec::<String>::new()
    );
}
