//! The merge driver never loses a side: inputs it cannot merge are marked
//! line by line, conflict blocks resolve to files that parse whatever side is
//! kept, and text that merely quotes conflict markers is text.

mod common;

use std::path::{Path, PathBuf};

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
        out(self.env.git_cmd(dir, args).output().unwrap())
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

/// A person as the property test sees it: the parts the merge treats
/// differently, each flattened to what a user would check.
mod model {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fmt::Write;

    pub const VALUES: [&str; 5] = [
        "A",
        "B",
        "line one\nline two",
        "say \"hi\" to __ties_merge_conflict_0__",
        "C",
    ];
    pub const ABOUT: [&str; 3] = ["family", "work", "worries"];
    pub const KIDS: [&str; 3] = ["names", "ages", "school"];
    pub const SOCIAL: [&str; 3] = ["linkedin", "twitter", "site"];
    pub const TODOS: [&str; 3] = ["Call Ravi", "Send the report", "Book dinner"];
    pub const TAGS: [&str; 4] = ["client", "vip", "old", "board"];

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Person {
        pub org: Option<String>,
        pub role: Option<String>,
        pub tags: Vec<String>,
        pub about: BTreeMap<String, String>,
        pub kids: BTreeMap<String, String>,
        pub social: BTreeMap<String, String>,
        /// Text, then (due day in December, done).
        pub todos: BTreeMap<String, (Option<u32>, bool)>,
        /// (day in November, text).
        pub log: Vec<(u32, String)>,
    }

    #[derive(Clone, Copy, Debug)]
    pub enum Op {
        Org(Option<usize>),
        Role(Option<usize>),
        Tag(usize, bool),
        About(usize, Option<usize>),
        Kids(usize, Option<usize>),
        Social(usize, Option<usize>),
        Log(u32),
        DropLog(usize),
        Todo(usize),
        Done(usize),
        Due(usize, Option<u32>),
        DropTodo(usize),
    }

    /// How a side writes its file: the same data, spelled differently.
    #[derive(Clone, Copy, Debug)]
    pub struct Style {
        pub kids_dotted: bool,
        pub about_inline: bool,
        /// 0: `[social]`, 1: `social.x = ...` at the top, 2: inline.
        pub social: u8,
    }

    fn set(map: &mut BTreeMap<String, String>, keys: &[&str], k: usize, v: Option<usize>) {
        let k = keys[k % keys.len()].to_string();
        match v {
            Some(v) => map.insert(k, VALUES[v % VALUES.len()].to_string()),
            None => map.remove(&k),
        };
    }

    impl Person {
        pub fn apply(&mut self, ops: &[Op], side: &str) {
            for (n, op) in ops.iter().enumerate() {
                let value = |v: &Option<usize>| v.map(|v| VALUES[v % VALUES.len()].to_string());
                match op {
                    Op::Org(v) => self.org = value(v),
                    Op::Role(v) => self.role = value(v),
                    Op::Tag(t, add) => {
                        let t = TAGS[t % TAGS.len()].to_string();
                        self.tags.retain(|x| *x != t);
                        if *add {
                            self.tags.push(t);
                        }
                    }
                    Op::About(k, v) => set(&mut self.about, &ABOUT, *k, *v),
                    Op::Kids(k, v) => set(&mut self.kids, &KIDS, *k, *v),
                    Op::Social(k, v) => set(&mut self.social, &SOCIAL, *k, *v),
                    Op::Log(day) => self.log.push((*day, format!("{side} note {n}"))),
                    Op::DropLog(i) => {
                        if !self.log.is_empty() {
                            self.log.remove(i % self.log.len());
                        }
                    }
                    Op::Todo(t) => {
                        self.todos
                            .entry(TODOS[t % TODOS.len()].to_string())
                            .or_insert((None, false));
                    }
                    Op::Done(t) => {
                        if let Some(x) = self.todos.get_mut(TODOS[t % TODOS.len()]) {
                            x.1 = true;
                        }
                    }
                    Op::Due(t, due) => {
                        if let Some(x) = self.todos.get_mut(TODOS[t % TODOS.len()]) {
                            x.0 = *due;
                        }
                    }
                    Op::DropTodo(t) => {
                        self.todos.remove(TODOS[t % TODOS.len()]);
                    }
                }
            }
        }

        pub fn render(&self, style: Style) -> String {
            let q = |s: &str| toml::Value::String(s.to_string()).to_string();
            let pairs = |m: &BTreeMap<String, String>| -> Vec<String> {
                m.iter().map(|(k, v)| format!("{k} = {}", q(v))).collect()
            };
            let mut s = String::from("name = \"Ana Lima\"\n");
            for (k, v) in [("org", &self.org), ("role", &self.role)] {
                if let Some(v) = v {
                    let _ = writeln!(s, "{k} = {}", q(v));
                }
            }
            let tags: Vec<String> = self.tags.iter().map(|t| q(t)).collect();
            let _ = writeln!(s, "tags = [{}]", tags.join(", "));
            if !self.social.is_empty() {
                match style.social {
                    1 => pairs(&self.social)
                        .iter()
                        .for_each(|p| s.push_str(&format!("social.{p}\n"))),
                    2 => {
                        let _ = writeln!(s, "social = {{ {} }}", pairs(&self.social).join(", "));
                    }
                    _ => {}
                }
            }
            let has_about = !self.about.is_empty() || !self.kids.is_empty();
            if has_about && style.about_inline {
                let mut all = pairs(&self.about);
                if !self.kids.is_empty() {
                    all.push(format!("kids = {{ {} }}", pairs(&self.kids).join(", ")));
                }
                let _ = writeln!(s, "about = {{ {} }}", all.join(", "));
            } else if has_about {
                if !self.about.is_empty() || style.kids_dotted {
                    s.push_str("\n[about]\n");
                    pairs(&self.about)
                        .iter()
                        .for_each(|p| s.push_str(&format!("{p}\n")));
                }
                if style.kids_dotted {
                    pairs(&self.kids)
                        .iter()
                        .for_each(|p| s.push_str(&format!("kids.{p}\n")));
                } else if !self.kids.is_empty() {
                    s.push_str("\n[about.kids]\n");
                    pairs(&self.kids)
                        .iter()
                        .for_each(|p| s.push_str(&format!("{p}\n")));
                }
            }
            if !self.social.is_empty() && style.social == 0 {
                s.push_str("\n[social]\n");
                pairs(&self.social)
                    .iter()
                    .for_each(|p| s.push_str(&format!("{p}\n")));
            }
            for (text, (due, done)) in &self.todos {
                let _ = writeln!(s, "\n[[todo]]\ntext = {}", q(text));
                if let Some(d) = due {
                    let _ = writeln!(s, "due = 2026-12-{d:02}");
                }
                if *done {
                    s.push_str("done = true\n");
                }
            }
            for (day, text) in &self.log {
                let _ = writeln!(
                    s,
                    "\n[[log]]\nat = 2026-11-{day:02}\nvia = \"call\"\ntext = {}",
                    q(text)
                );
            }
            s
        }

        /// Read back from a file's TOML, whatever its spelling.
        pub fn read(t: &toml::Table) -> Person {
            let s = |v: &toml::Value| v.as_str().unwrap_or("<not a string>").to_string();
            let map = |v: Option<&toml::Value>| -> BTreeMap<String, String> {
                v.and_then(|v| v.as_table())
                    .map(|t| {
                        t.iter()
                            .filter(|(_, v)| !v.is_table())
                            .map(|(k, v)| (k.clone(), s(v)))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let day =
                |v: Option<&toml::Value>| v.map(|v| v.to_string()[8..10].parse::<u32>().unwrap());
            let list = |k: &str| -> Vec<&toml::Table> {
                t.get(k)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_table()).collect())
                    .unwrap_or_default()
            };
            Person {
                org: t.get("org").map(s),
                role: t.get("role").map(s),
                tags: match t.get("tags") {
                    Some(toml::Value::Array(a)) => a.iter().map(s).collect(),
                    Some(v) => vec![s(v)],
                    None => Vec::new(),
                },
                about: map(t.get("about")),
                kids: map(t.get("about").and_then(|a| a.get("kids"))),
                social: map(t.get("social")),
                todos: list("todo")
                    .into_iter()
                    .map(|x| {
                        let done = x.get("done").and_then(|d| d.as_bool()).unwrap_or(false);
                        (s(&x["text"]), (day(x.get("due")), done))
                    })
                    .collect(),
                log: list("log")
                    .into_iter()
                    .map(|x| (day(x.get("at")).unwrap(), s(&x["text"])))
                    .collect(),
            }
        }
    }

    /// The value a merge gives each key, from the rules alone; a conflict
    /// is `Err((ours, theirs))`.
    fn three<T: Clone + PartialEq>(b: &T, o: &T, t: &T) -> Result<T, (T, T)> {
        if o == t || b == t {
            Ok(o.clone())
        } else if b == o {
            Ok(t.clone())
        } else {
            Err((o.clone(), t.clone()))
        }
    }

    fn set_merge<T: Clone + Ord>(b: &[T], o: &[T], t: &[T]) -> BTreeSet<T> {
        let (b, o, t): (BTreeSet<T>, BTreeSet<T>, BTreeSet<T>) = (
            b.iter().cloned().collect(),
            o.iter().cloned().collect(),
            t.iter().cloned().collect(),
        );
        let kept = o.iter().filter(|x| !b.contains(x) || t.contains(x));
        let added = t.iter().filter(|x| !o.contains(x) && !b.contains(x));
        kept.chain(added).cloned().collect()
    }

    fn keys_merge(
        prefix: &str,
        b: &BTreeMap<String, String>,
        o: &BTreeMap<String, String>,
        t: &BTreeMap<String, String>,
        keep_ours: bool,
        conflicts: &mut Vec<String>,
    ) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
        for k in keys {
            let v = match three(&b.get(k), &o.get(k), &t.get(k)) {
                Ok(v) => v,
                Err((ov, tv)) => {
                    conflicts.push(format!("{prefix}{k}"));
                    if keep_ours { ov } else { tv }
                }
            };
            if let Some(v) = v {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// The merge the rules give, each conflict resolved to one side; and
    /// the conflicting keys, sorted.
    pub fn expected(b: &Person, o: &Person, t: &Person, keep_ours: bool) -> (Person, Vec<String>) {
        let mut conflicts = Vec::new();
        let mut pick = |name: &str, r: Result<Option<String>, (Option<String>, Option<String>)>| {
            r.unwrap_or_else(|(ov, tv)| {
                conflicts.push(name.to_string());
                if keep_ours { ov } else { tv }
            })
        };
        let org = pick("org", three(&b.org, &o.org, &t.org));
        let role = pick("role", three(&b.role, &o.role, &t.role));
        let about = keys_merge(
            "about.",
            &b.about,
            &o.about,
            &t.about,
            keep_ours,
            &mut conflicts,
        );
        let kids = keys_merge(
            "about.kids.",
            &b.kids,
            &o.kids,
            &t.kids,
            keep_ours,
            &mut conflicts,
        );
        let social = keys_merge(
            "social.",
            &b.social,
            &o.social,
            &t.social,
            keep_ours,
            &mut conflicts,
        );
        let mut todos = BTreeMap::new();
        let texts: BTreeSet<&String> = o.todos.keys().chain(t.todos.keys()).collect();
        for text in texts {
            let (bv, ov, tv) = (b.todos.get(text), o.todos.get(text), t.todos.get(text));
            let merged = match (ov, tv) {
                (Some(ov), Some(tv)) => {
                    let bdue = bv.and_then(|x| x.0);
                    let due = three(&bdue, &ov.0, &tv.0).unwrap_or_else(|(od, td)| {
                        conflicts.push("todo.due".into());
                        if keep_ours { od } else { td }
                    });
                    Some((due, ov.1 || tv.1))
                }
                // One side removed it: gone if the other left it as it was.
                (Some(x), None) | (None, Some(x)) => (bv != Some(x)).then_some(*x),
                (None, None) => None,
            };
            if let Some(m) = merged {
                todos.insert(text.clone(), m);
            }
        }
        let tags = set_merge(&b.tags, &o.tags, &t.tags).into_iter().collect();
        let log = set_merge(&b.log, &o.log, &t.log).into_iter().collect();
        conflicts.sort();
        let p = Person {
            org,
            role,
            tags,
            about,
            kids,
            social,
            todos,
            log,
        };
        (p, conflicts)
    }

    /// For comparing: lists as sorted sets.
    pub fn normal(mut p: Person) -> Person {
        p.tags.sort();
        p.log.sort();
        p
    }
}

mod props {
    use super::model::{Op, Person, Style, expected, normal};
    use super::{keep, toml};
    use proptest::prelude::*;

    fn op() -> impl Strategy<Value = Op> {
        let v = proptest::option::weighted(0.8, 0usize..5);
        // Few keys and values, so both sides often touch the same one.
        prop_oneof![
            2 => v.clone().prop_map(Op::Org),
            1 => v.clone().prop_map(Op::Role),
            2 => (0usize..4, any::<bool>()).prop_map(|(t, a)| Op::Tag(t, a)),
            3 => (0usize..3, v.clone()).prop_map(|(k, v)| Op::About(k, v)),
            3 => (0usize..3, v.clone()).prop_map(|(k, v)| Op::Kids(k, v)),
            3 => (0usize..3, v).prop_map(|(k, v)| Op::Social(k, v)),
            3 => (1u32..29).prop_map(Op::Log),
            1 => (0usize..10).prop_map(Op::DropLog),
            2 => (0usize..3).prop_map(Op::Todo),
            1 => (0usize..3).prop_map(Op::Done),
            2 => (0usize..3, proptest::option::of(1u32..5)).prop_map(|(t, d)| Op::Due(t, d)),
            1 => (0usize..3).prop_map(Op::DropTodo),
        ]
    }

    fn style() -> impl Strategy<Value = Style> {
        (any::<bool>(), proptest::bool::weighted(0.2), 0u8..3).prop_map(|(k, a, s)| Style {
            kids_dotted: k,
            about_inline: a,
            social: s,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

        #[test]
        fn any_conflict_resolves_to_a_file_that_parses_with_every_other_change_in_place(
            base_ops in proptest::collection::vec(op(), 0..16),
            our_ops in proptest::collection::vec(op(), 1..10),
            their_ops in proptest::collection::vec(op(), 1..10),
            styles in (style(), style(), style()),
        ) {
            let mut b = Person::default();
            b.apply(&base_ops, "base");
            let (mut o, mut t) = (b.clone(), b.clone());
            o.apply(&our_ops, "ours");
            t.apply(&their_ops, "theirs");
            let (bt, ot, tt) = (b.render(styles.0), o.render(styles.1), t.render(styles.2));
            for text in [&bt, &ot, &tt] {
                prop_assert!(ties::store::parse::parse("x", text.as_bytes()).is_ok(), "{}", text);
            }
            let m = ties::sync::merge::merge(&bt, &ot, &tt).unwrap();
            let mut names = m.conflicts.clone();
            names.sort();
            prop_assert_eq!(
                m.text.matches("<<<<<<< ours\n").count(),
                m.conflicts.len(),
                "one block per conflict:\n{}", m.text
            );
            for keep_ours in [true, false] {
                let (want, conflicts) = expected(&b, &o, &t, keep_ours);
                prop_assert_eq!(&names, &conflicts, "{}", m.text);
                let text = keep(&m.text, keep_ours);
                let parsed = ties::store::parse::parse("ana-lima", text.as_bytes());
                prop_assert!(parsed.is_ok(), "{:?}\n{}\nfrom\n{}", parsed.err(), text, m.text);
                let got = normal(Person::read(&toml(&text)));
                prop_assert_eq!(
                    got, normal(want),
                    "keeping {}:\n{}\nbase:\n{}\nours:\n{}\ntheirs:\n{}",
                    if keep_ours { "ours" } else { "theirs" }, m.text, bt, ot, tt
                );
            }
        }
    }
}

/// Introductions and typed links made on two machines both survive the
/// merge: an intro recorded on each side (two `[[intro]]` tables), a link
/// on each side (two keys of `[relationships]`), and a follow-up closed on one side
/// while the other recorded a new intro.
#[test]
fn intros_and_links_made_on_two_machines_are_both_kept() {
    let base = format!(
        "{ANA}\n[relationships]\njoao-silva = \"partner\"\n\n[[intro]]\nwith = \"zoe\"\non = 2026-11-01\n"
    );
    let ours = base.replace(
        "[relationships]\njoao-silva = \"partner\"\n",
        "[relationships]\njoao-silva = \"partner\"\ntom-brennan = \"manager\" # since May\n",
    ) + "\n[[intro]]\nwith = \"tom-brennan\"\non = 2026-11-20\nwhy = \"both hiring\"\nask = true\n";
    let theirs =
        base.replace(
            "[relationships]\njoao-silva = \"partner\"\n",
            "[relationships]\njoao-silva = \"partner\"\nbia = \"child\"\n",
        )
        .replace(
            "on = 2026-11-01\n",
            "on = 2026-11-01\nfollowed = 2026-11-15\n",
        ) + "\n[[intro]]\nwith = \"priya-raman\"\non = 2026-11-21\n";
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(m.conflicts.is_empty(), "{:?}\n{}", m.conflicts, m.text);
    let p = person(&m.text);
    let mut links = p.relations.clone();
    links.sort();
    assert_eq!(
        links,
        [
            ("bia".to_string(), "child".to_string()),
            ("joao-silva".to_string(), "partner".to_string()),
            ("tom-brennan".to_string(), "manager".to_string()),
        ]
    );
    assert!(m.text.contains("# since May"), "{}", m.text);
    let intro = |with: &str| p.intros.iter().find(|i| i.with == with).cloned();
    assert_eq!(p.intros.len(), 3, "{}", m.text);
    assert_eq!(
        intro("tom-brennan").unwrap().why.as_deref(),
        Some("both hiring")
    );
    assert!(intro("tom-brennan").unwrap().ask);
    assert!(intro("priya-raman").is_some());
    assert_eq!(
        intro("zoe")
            .unwrap()
            .followed
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-11-15"),
        "the follow-up closed on the other machine stays closed"
    );
}

#[test]
fn two_edits_of_one_file_at_once_keep_both_comments() {
    let env = Env::new();
    env.write("cy-diaz", "name = \"Cy Diaz\"\n");
    let dir = env.dir.path();
    let script = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        p
    };
    // The outer edit's editor starts a second edit of the same person,
    // which lands first; then the outer one lands over it.
    let inner = script("inner.sh", "echo '# inner edit' >> \"$1\"");
    let outer = script(
        "outer.sh",
        &format!(
            "echo '# outer edit' >> \"$1\"\nEDITOR='{}' VISUAL='{}' \"$TIES\" edit cy </dev/null",
            inner.display(),
            inner.display()
        ),
    );
    let (code, said, err) = out(env
        .cmd(&["edit", "cy"])
        .env("EDITOR", &outer)
        .env("VISUAL", &outer)
        .env("TIES", common::bin())
        .output()
        .unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains("with the changes made to it while you edited"),
        "{said}"
    );
    let file = env.read("cy-diaz");
    assert!(
        file.contains("# inner edit") && file.contains("# outer edit"),
        "{file}"
    );
}
