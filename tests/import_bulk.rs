//! `ties import` of many contacts into a git vault: one commit for the whole
//! import, holding exactly the files it wrote; nothing when nothing changed.

mod common;

use std::path::Path;

use common::Env;

/// `n` plain contacts, numbered from `from`; `phone_of` picks each one's phone.
fn vcards(from: usize, n: usize, phone_of: impl Fn(usize) -> String) -> String {
    (from..from + n)
        .map(|i| {
            format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05} Example\r\nEMAIL:person{i}@example.com\r\nTEL:{}\r\nORG:Org {}\r\nEND:VCARD\r\n",
                phone_of(i),
                i % 7
            )
        })
        .collect()
}

fn slug(i: usize) -> String {
    format!("person-{i:05}-example")
}

fn phone(i: usize) -> String {
    format!("+1 555 {i:07}")
}

/// A vault that is a git repository with one commit, outside `people/`.
fn git_vault() -> Env {
    let env = Env::new();
    git(&env, &["init", "--quiet", "-b", "main"]);
    std::fs::write(env.vault().join(".gitignore"), ".ties/\n").unwrap();
    git(&env, &["add", ".gitignore"]);
    git(&env, &["commit", "--quiet", "-m", "start"]);
    env
}

fn git(env: &Env, args: &[&str]) -> String {
    env.git(&env.vault(), args)
}

fn commits(env: &Env) -> usize {
    git(env, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// The files the newest commit changed, sorted.
fn last_commit_files(env: &Env) -> Vec<String> {
    let mut files: Vec<String> = git(env, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    files.sort();
    files
}

fn file(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn people_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn three_hundred_contacts_are_one_commit_of_exactly_their_files() {
    let env = git_vault();
    // Something the user staged by hand stays staged, out of ties's commit.
    std::fs::write(env.vault().join("plans.md"), "mine\n").unwrap();
    git(&env, &["add", "plans.md"]);
    let vcf = file(&env, "bulk.vcf", &vcards(0, 300, phone));
    let (code, stdout, stderr) = env.run(&["import", &vcf]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("300 added, 0 updated, 0 skipped"),
        "{stdout}"
    );
    assert!(
        !stderr.contains("importing"),
        "no progress off a terminal: {stderr}"
    );
    assert_eq!(commits(&env), 2, "one commit for the whole import");
    let mut want: Vec<String> = (0..300)
        .map(|i| format!("people/{}.toml", slug(i)))
        .collect();
    want.sort();
    assert_eq!(last_commit_files(&env), want);
    assert_eq!(
        git(&env, &["log", "-1", "--format=%s"]).trim(),
        "ties: import 300 contacts from bulk.vcf (300 added, 0 updated)"
    );
    assert_eq!(
        git(&env, &["diff", "--cached", "--name-only"]).trim(),
        "plans.md",
        "what the user staged is still staged"
    );
    assert_eq!(
        git(&env, &["status", "--porcelain", "--", "people"]).trim(),
        "",
        "every file written is committed"
    );
}

#[test]
fn a_reimport_commits_nothing_and_an_update_commits_only_what_changed() {
    let env = git_vault();
    let vcf = file(&env, "bulk.vcf", &vcards(0, 300, phone));
    env.ok(&["import", &vcf]);
    let before = commits(&env);
    let again = env.ok(&["import", &vcf]);
    assert!(
        again.starts_with("0 added, 0 updated, 300 skipped"),
        "{again}"
    );
    assert_eq!(commits(&env), before, "nothing changed, nothing committed");

    // Ten of them have a second phone now: one commit of those ten files.
    let changed = vcards(0, 300, |i| {
        if i % 30 == 0 {
            format!("+44 20 {i:07}")
        } else {
            phone(i)
        }
    });
    let vcf = file(&env, "changed.vcf", &changed);
    let said = env.ok(&["import", &vcf]);
    assert!(
        said.starts_with("0 added, 10 updated, 290 skipped"),
        "{said}"
    );
    assert_eq!(commits(&env), before + 1);
    let mut want: Vec<String> = (0..300)
        .step_by(30)
        .map(|i| format!("people/{}.toml", slug(i)))
        .collect();
    want.sort();
    assert_eq!(last_commit_files(&env), want);
    assert_eq!(
        git(&env, &["log", "-1", "--format=%s"]).trim(),
        "ties: import 10 contacts from changed.vcf (0 added, 10 updated)"
    );
}

#[test]
fn autocommit_off_writes_the_files_and_commits_nothing() {
    let env = git_vault();
    let config = env.home().join(".config/ties/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "autocommit = false\n").unwrap();
    let vcf = file(&env, "bulk.vcf", &vcards(0, 300, phone));
    let said = env.ok(&["import", &vcf]);
    assert!(said.starts_with("300 added"), "{said}");
    assert_eq!(commits(&env), 1, "no commit");
    assert_eq!(people_files(&env.vault().join("people")).len(), 300);
}

#[test]
fn a_person_whose_file_does_not_parse_fails_alone_and_is_named() {
    let env = git_vault();
    // Person 7 is in a file named by hand, found by the contact's email;
    // person 8 in the file its name gives. Neither file parses.
    let seven = "name = \"Seven\"\nemail = [\"Person7@example.com\"]\n[[log]\nat = 2026-11-01\n";
    let eight = "name = \"Person 00008 Example\"\n[[log]\nat = 2026-11-01\n";
    env.write("seven", seven);
    env.write(&slug(8), eight);
    git(&env, &["add", "people"]);
    git(&env, &["commit", "--quiet", "-m", "broken by hand"]);
    let before = commits(&env);
    let vcf = file(&env, "bulk.vcf", &vcards(0, 300, phone));
    let (code, stdout, stderr) = env.run(&["import", &vcf]);
    assert_ne!(
        code, 0,
        "two contacts were not imported: {stdout}\n{stderr}"
    );
    assert!(
        stdout.starts_with("298 added, 0 updated, 0 skipped, 2 failed"),
        "{stdout}"
    );
    for (name, file) in [
        ("Person 00007 Example", "people/seven.toml".to_string()),
        ("Person 00008 Example", format!("people/{}.toml", slug(8))),
    ] {
        assert!(
            stderr.contains(&format!("could not import {name}: {file}:")),
            "says which one failed and why: {stderr}"
        );
    }
    assert_eq!(env.read("seven"), seven, "a broken file is not written");
    assert_eq!(env.read(&slug(8)), eight, "a broken file is not written");
    for dup in [slug(7), format!("{}-2", slug(8))] {
        assert!(!env.person(&dup).exists(), "no duplicate {dup}");
    }
    assert_eq!(commits(&env), before + 1, "the others are one commit");
    let mut want: Vec<String> = (0..300)
        .filter(|&i| i != 7 && i != 8)
        .map(|i| format!("people/{}.toml", slug(i)))
        .collect();
    want.sort();
    assert_eq!(last_commit_files(&env), want);
}
