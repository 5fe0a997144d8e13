//! The merge driver never loses a side: inputs it cannot merge are marked
//! line by line, conflict blocks resolve to files that parse whatever side is
//! kept, and text that merely quotes conflict markers is text.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, out};
use ties::sync::merge::merge;

const ANA: &str = "name = \"Ana Lima\"\norg = \"Example Corp\"\n\n[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"First call.\"\n";

/// The file a user gets by keeping one half of every conflict block and
/// deleting the other half and the marker lines.
fn keep(text: &str, ours: bool) -> String {
    #[derive(PartialEq)]
    enum In {
        Out,
        Ours,
        Theirs,
    }
    let mut state = In::Out;
    let mut kept = String::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if bare.starts_with("<<<<<<< ") && state == In::Out {
            state = In::Ours;
        } else if bare == "=======" && state == In::Ours {
            state = In::Theirs;
        } else if bare.starts_with(">>>>>>> ") && state == In::Theirs {
            state = In::Out;
        } else if state == In::Out || (state == In::Ours) == ours {
            kept.push_str(line);
        }
    }
    assert!(state == In::Out, "an unclosed conflict block:\n{text}");
    kept
}

fn toml(text: &str) -> toml::Table {
    match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => panic!("does not parse ({e}):\n{text}"),
    }
}

fn person(text: &str) -> ties::model::Person {
    match ties::store::parse::parse("ana-lima", text.as_bytes()) {
        Ok((_, p)) => p,
        Err(f) => panic!("not a person file ({f:?}):\n{text}"),
    }
}

fn get<'t>(t: &'t toml::Table, path: &str) -> Option<&'t toml::Value> {
    let mut parts = path.split('.');
    let mut v = t.get(parts.next()?)?;
    for p in parts {
        v = v.as_table()?.get(p)?;
    }
    Some(v)
}

fn str_at<'t>(t: &'t toml::Table, path: &str) -> Option<&'t str> {
    get(t, path).and_then(|v| v.as_str())
}

#[test]
fn a_conflict_in_a_table_keeps_the_other_sides_new_keys_where_they_belong() {
    let base = "name = \"Ana Lima\"\n\n[social]\nlinkedin = \"ana\"\nsite = \"ana.example\"\n";
    let ours = base.replace("\"ana\"", "\"ana-lima\"");
    let theirs = base.replace("\"ana\"", "\"ana-l\"").replace(
        "name = \"Ana Lima\"\n",
        "name = \"Ana Lima\"\nrole = \"CTO\"\n",
    ) + "twitter = \"@ana\"\n";
    let m = merge(base, &ours, &theirs).unwrap();
    for (side, linkedin) in [(true, "ana-lima"), (false, "ana-l")] {
        let t = toml(&keep(&m.text, side));
        assert_eq!(str_at(&t, "role"), Some("CTO"), "{}", m.text);
        assert_eq!(str_at(&t, "social.linkedin"), Some(linkedin), "{}", m.text);
        assert_eq!(str_at(&t, "social.twitter"), Some("@ana"), "{}", m.text);
        assert_eq!(str_at(&t, "social.site"), Some("ana.example"));
        assert!(get(&t, "social.role").is_none(), "{}", m.text);
    }
    assert_eq!(m.conflicts, ["social.linkedin"]);
    // Only the key line is between the markers, not the table header.
    assert!(
        m.text.contains(
            "<<<<<<< ours\nlinkedin = \"ana-lima\"\n=======\nlinkedin = \"ana-l\"\n>>>>>>> theirs\n"
        ),
        "{}",
        m.text
    );
}

#[test]
fn a_conflict_in_an_about_subtable_or_dotted_key_keeps_the_key_name() {
    // [about.kids] as a subtable.
    let base = "name = \"Ana Lima\"\n\n[about]\nfamily = \"Partner João\"\n\n[about.kids]\nnames = \"Bia\"\nages = \"10\"\n";
    let ours = base.replace("\"Bia\"", "\"Bia, Leo\"");
    let theirs = base
        .replace("\"Bia\"", "\"Bia and Leo\"")
        .replace("ages = \"10\"", "ages = \"10, 7\"")
        .replace(
            "family = \"Partner João\"",
            "family = \"Partner João\"\nwork = \"Budget\"",
        );
    let m = merge(base, &ours, &theirs).unwrap();
    for (side, names) in [(true, "Bia, Leo"), (false, "Bia and Leo")] {
        let text = keep(&m.text, side);
        let t = toml(&text);
        assert_eq!(str_at(&t, "about.kids.names"), Some(names), "{}", m.text);
        assert_eq!(str_at(&t, "about.kids.ages"), Some("10, 7"), "{}", m.text);
        assert_eq!(str_at(&t, "about.work"), Some("Budget"), "{}", m.text);
        assert!(get(&t, "about.kids.work").is_none(), "{}", m.text);
        assert!(get(&t, "about.names").is_none(), "{}", m.text);
        person(&text);
    }
    assert_eq!(m.conflicts, ["about.kids.names"]);
    // Dotted keys inside [about]: the key keeps its dotted name.
    let base = "name = \"Ana Lima\"\n\n[about]\nkids.names = \"Bia\"\nfamily = \"Partner\"\n";
    let ours = base.replace("\"Bia\"", "\"Bia, Leo\"");
    let theirs = base
        .replace("\"Bia\"", "\"Bia and Leo\"")
        .replace("\"Partner\"", "\"Partner João\"");
    let m = merge(base, &ours, &theirs).unwrap();
    for (side, names) in [(true, "Bia, Leo"), (false, "Bia and Leo")] {
        let t = toml(&keep(&m.text, side));
        assert_eq!(str_at(&t, "about.kids.names"), Some(names), "{}", m.text);
        assert_eq!(str_at(&t, "about.family"), Some("Partner João"));
        assert!(get(&t, "about.names").is_none(), "{}", m.text);
    }
    assert_eq!(m.conflicts, ["about.kids.names"]);
    assert!(
        m.text.contains("<<<<<<< ours\nkids.names = \"Bia, Leo\"\n=======\nkids.names = \"Bia and Leo\"\n>>>>>>> theirs\n"),
        "{}",
        m.text
    );
}

#[test]
fn a_note_holding_the_placeholder_token_is_not_overwritten() {
    let note = "see __ties_merge_conflict_0__ and __ties_merge_conflict_1__";
    let base = ANA.to_string();
    let ours = base.replace("Example Corp", "Ours Inc")
        + &format!("\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"{note}\"\n");
    let theirs = base.replace("Example Corp", "Theirs Ltd");
    let m = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(m.conflicts, ["org"]);
    for side in [true, false] {
        let p = person(&keep(&m.text, side));
        assert!(p.log.iter().any(|e| e.text == note), "{}", m.text);
        assert_eq!(p.log.len(), 2, "{}", m.text);
    }
}

const QUOTED: &str = "name = \"Ana Lima\"\n\n[[log]]\nat = 2026-11-01\nvia = \"email\"\ntext = \"\"\"\nHer reply:\n>>>>>>> I said no\n<<<<<<< and she said yes\n=======\n\"\"\"\n";

#[test]
fn a_note_quoting_conflict_markers_is_text() {
    let p = person(QUOTED);
    assert!(p.log[0].text.contains(">>>>>>> I said no"));
    assert_eq!(ties::store::parse::conflict_line(QUOTED), None);
    // And merges like any other note.
    let ours = format!("{QUOTED}\n[[log]]\nat = 2026-11-02\nvia = \"call\"\ntext = \"Ours.\"\n");
    let theirs = QUOTED.replace("name = \"Ana Lima\"", "name = \"Ana Lima\"\norg = \"Acme\"");
    let m = merge(QUOTED, &ours, &theirs).unwrap();
    assert!(m.conflicts.is_empty());
    let p = person(&m.text);
    assert_eq!(p.log.len(), 2);
    assert_eq!(p.org.as_deref(), Some("Acme"));
    // A real conflict is still one, and named at its marker, not the quote.
    let real =
        "name = \"Ana Lima\"\n<<<<<<< ours\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> theirs\n";
    let flaw = ties::store::parse::parse("x", real.as_bytes()).unwrap_err();
    assert!(flaw.reason.contains("unresolved git merge"), "{flaw:?}");
    assert_eq!(flaw.line, Some(2));
    let both = format!("{QUOTED}{}", &real["name = \"Ana Lima\"\n".len()..]);
    assert_eq!(ties::store::parse::conflict_line(&both), Some(12), "{both}");
}

/// Files for the driver, as git would hand them over.
fn driver_files(dir: &Path, base: &[u8], ours: &[u8], theirs: &[u8]) -> [PathBuf; 3] {
    let paths = ["base", "ours", "theirs"].map(|n| dir.join(n));
    for (p, b) in paths.iter().zip([base, ours, theirs]) {
        std::fs::write(p, b).unwrap();
    }
    paths
}

/// The file with its org hand-edited to "Café", saved as Latin-1.
fn latin1(text: &str) -> Vec<u8> {
    text.replace("Example Corp", "Caf@")
        .bytes()
        .map(|b| if b == b'@' { 0xe9 } else { b })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_driver_marks_both_sides_when_one_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = latin1(ANA);
    let notes =
        format!("{ANA}\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Their note.\"\n");
    for (ours, theirs) in [
        (latin1.clone(), notes.as_bytes().to_vec()),
        (notes.as_bytes().to_vec(), latin1.clone()),
    ] {
        let [b, o, t] = driver_files(dir.path(), ANA.as_bytes(), &ours, &theirs);
        let outcome = ties::sync::merge_driver(&b, &o, &t, "people/ana-lima.toml").unwrap();
        assert!(!outcome.is_clean(), "a line merge is always reported");
        let merged = std::fs::read(&o).unwrap();
        assert!(
            contains(&merged, b"Their note."),
            "{}",
            String::from_utf8_lossy(&merged)
        );
        assert!(
            contains(&merged, b"Caf\xe9"),
            "{}",
            String::from_utf8_lossy(&merged)
        );
        assert!(
            contains(&merged, b"\n<<<<<<< "),
            "{}",
            String::from_utf8_lossy(&merged)
        );
    }
}

#[test]
fn the_driver_marks_both_sides_when_one_holds_conflict_markers() {
    let dir = tempfile::tempdir().unwrap();
    let marked = ANA.replace(
        "org = \"Example Corp\"\n",
        "<<<<<<< ours\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> theirs\n",
    );
    let notes =
        format!("{ANA}\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Their note.\"\n");
    let [b, o, t] = driver_files(
        dir.path(),
        ANA.as_bytes(),
        marked.as_bytes(),
        notes.as_bytes(),
    );
    let outcome = ties::sync::merge_driver(&b, &o, &t, "people/ana-lima.toml").unwrap();
    assert!(!outcome.is_clean());
    let merged = std::fs::read_to_string(&o).unwrap();
    assert!(merged.contains("Their note."), "{merged}");
    assert!(
        merged.contains("org = \"A\"") && merged.contains("org = \"B\""),
        "{merged}"
    );
}

/// Two clones of a bare remote, both with the driver set to the built binary.
struct Clones {
    env: Env,
}

impl Clones {
    fn new() -> Clones {
        let c = Clones { env: Env::new() };
        let root = c.env.dir.path();
        c.git(
            root,
            &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
        );
        c.git(root, &["clone", "--quiet", "remote.git", "a"]);
        std::fs::create_dir_all(c.a().join("people")).unwrap();
        std::fs::write(c.a().join("people/ana-lima.toml"), ANA).unwrap();
        std::fs::write(c.a().join(".gitattributes"), "people/*.toml merge=ties\n").unwrap();
        c.git(&c.a(), &["checkout", "--quiet", "-b", "main"]);
        c.git(&c.a(), &["add", "-A"]);
        c.git(&c.a(), &["commit", "--quiet", "-m", "start"]);
        c.git(&c.a(), &["push", "--quiet", "-u", "origin", "main"]);
        c.git(root, &["clone", "--quiet", "remote.git", "b"]);
        let driver = format!("{} merge-driver %O %A %B %P", env!("CARGO_BIN_EXE_ties"));
        for d in [c.a(), c.b()] {
            c.git(&d, &["config", "merge.ties.driver", &driver]);
        }
        c
    }

    fn a(&self) -> PathBuf {
        self.env.dir.path().join("a")
    }

    fn b(&self) -> PathBuf {
        self.env.dir.path().join("b")
    }

    fn run_git(&self, dir: &Path, args: &[&str]) -> (i32, String, String) {
        let c = self.env.bare(&[]);
        let mut g = Command::new("git");
        g.current_dir(dir).args(args).env_clear();
        for (k, v) in c.get_envs() {
            if let Some(v) = v {
                g.env(k, v);
            }
        }
        out(g.output().unwrap())
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let (code, stdout, stderr) = self.run_git(dir, args);
        assert_eq!(code, 0, "git {args:?} failed: {stderr}");
        stdout
    }

    fn commit_file(&self, dir: &Path, bytes: &[u8], msg: &str) {
        std::fs::write(dir.join("people/ana-lima.toml"), bytes).unwrap();
        self.git(dir, &["commit", "--quiet", "-am", msg]);
    }
}

#[test]
fn a_latin1_edit_merged_with_new_notes_keeps_the_notes_between_markers() {
    let c = Clones::new();
    let notes =
        format!("{ANA}\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Note from A.\"\n");
    c.commit_file(&c.a(), notes.as_bytes(), "notes");
    c.git(&c.a(), &["push", "--quiet"]);
    let latin1 = latin1(ANA);
    c.commit_file(&c.b(), &latin1, "a hand edit in Latin-1");
    c.git(&c.b(), &["fetch", "--quiet"]);
    let (code, _, stderr) = c.run_git(&c.b(), &["merge", "--quiet", "--no-edit", "origin/main"]);
    assert_ne!(code, 0, "the merge is reported as a conflict: {stderr}");
    let merged = std::fs::read(c.b().join("people/ana-lima.toml")).unwrap();
    let shown = String::from_utf8_lossy(&merged);
    assert!(
        contains(&merged, b"Note from A."),
        "the other side's note is kept:\n{shown}"
    );
    assert!(contains(&merged, b"Caf\xe9"), "and ours:\n{shown}");
    assert!(contains(&merged, b"<<<<<<< "), "between markers:\n{shown}");
    let unmerged = c.git(&c.b(), &["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged.trim(), "people/ana-lima.toml");
}
