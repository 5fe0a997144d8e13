//! The chaos test on an encrypted vault. Clone 0 runs `ties encrypt` (which
//! makes an age identity in its config folder) before the storm; clone 1
//! gets a copy of that identity or no key at all, and pulls
//! `recipients.txt` before the storm or only with its first sync, after a
//! few rounds offline (until then it writes private notes in the clear, and
//! that sync seals them).
//! Among the random operations: private notes (`log --private`, some with
//! an ask, some ticking one with `--asked aN`), ticks (`done WHO aN`) and
//! `ties edit` in an editor that adds a key to `[about]` (the copy it
//! edits holds the opened words where the key is), on both clones. Besides the plain test's invariants, at the end:
//!
//! - every private note ties reported as logged is in both clones, sealed,
//!   and opens (with the test's copy of the key, through the `age` crate)
//!   to exactly the text and ask written; one logged with `--asked` still
//!   ticks an ask, and every `done WHO aN` left its own sealed entry;
//! - no private word is in the clear anywhere: in any object of the remote
//!   or of either clone's `.git` (`git cat-file --batch-all-objects`, so
//!   unreachable objects too), in any file of either clone (`.ties/`
//!   caches, undo steps, git's own files) or of either device's HOME;
//! - nothing was re-encrypted: the armor of each note and ask first seen in
//!   a clone (watched between rounds) is the one in the final files, and
//!   every object of the three repositories holds one armor per plaintext;
//! - a tick of a sealed ask is that ask's armor, byte for byte, and a
//!   ticked ask is not pending (`ties prep WHO --format json` on clone 0).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use super::common::keys::{armored, files_in};
use super::{Chaos, Op, secret, secret_ask};

/// The words only private notes and asks hold.
const WORDS: [&str; 2] = ["Quorvath", "Gribbleton"];

/// What `done WHO aN` writes as its note when the ask is locked here.
const LOCKED_TICK: &str = "Asked a private question (locked on this machine)";

/// A private note ties reported as logged.
pub struct Private {
    pub slug: String,
    /// Written with an ask (`secret_ask(id)`).
    pub ask: bool,
    /// Written with `--asked aN`.
    pub asked: bool,
}

pub struct Sealed {
    seed: u64,
    /// Clone 1 has no key.
    keyless: bool,
    /// Clone 1 pulls `recipients.txt` only with its first sync, and stays
    /// offline (no sync) for the first rounds, writing meanwhile.
    stale: bool,
    /// The age identity `ties encrypt` made on clone 0.
    identity: Option<age::x25519::Identity>,
    /// A note's or ask's plaintext → the armor it was first seen with.
    first: BTreeMap<String, String>,
    /// Armor → plaintext: each value is opened once.
    opened: RefCell<HashMap<String, Option<String>>>,
}

impl Sealed {
    pub fn for_seed(seed: u64) -> Sealed {
        Sealed {
            seed,
            keyless: seed % 2 == 1,
            stale: (seed / 2) % 2 == 1,
            identity: None,
            first: BTreeMap::new(),
            opened: RefCell::new(HashMap::new()),
        }
    }

    pub fn variant(&self) -> String {
        format!(
            "encrypted, clone 1 {}, {}",
            if self.keyless { "keyless" } else { "keyed" },
            if self.stale {
                "recipients pulled mid-storm"
            } else {
                "recipients pulled first"
            }
        )
    }

    /// The plaintext of an armored value, with clone 0's key.
    fn open(&self, armor: &str) -> Option<String> {
        let armor = armor.trim();
        if let Some(done) = self.opened.borrow().get(armor) {
            return done.clone();
        }
        let id = self.identity.as_ref()?;
        let plain = (|| {
            let r = age::armor::ArmoredReader::new(armor.as_bytes());
            let dec = age::Decryptor::new_buffered(r).ok()?;
            let mut out = String::new();
            dec.decrypt(std::iter::once(id as &dyn age::Identity))
                .ok()?
                .read_to_string(&mut out)
                .ok()?;
            Some(out)
        })();
        self.opened
            .borrow_mut()
            .insert(armor.to_string(), plain.clone());
        plain
    }
}

/// A note's or an ask's text as the test wrote it (not a tick's note, which
/// two ticks of one ask may write twice, each sealed anew).
fn written_by_test(plain: &str) -> bool {
    plain.starts_with("Quorvath secret #") || plain.starts_with("Gribbleton ask #")
}

fn words_in(text: &str) -> Vec<&'static str> {
    WORDS.into_iter().filter(|w| text.contains(w)).collect()
}

/// The first line of `text` holding `word`, to say where it was found.
fn line_with<'t>(text: &'t str, word: &str) -> &'t str {
    text.lines().find(|l| l.contains(word)).unwrap_or("").trim()
}

impl Chaos {
    fn sealed(&self) -> &Sealed {
        self.sealed.as_ref().expect("an encrypted run")
    }

    /// Clone 0 opts in; clone 1 gets the key or none, and the recipients
    /// now or with its first sync.
    pub(super) fn encrypt(&mut self) {
        let editor = self.env.dir.path().join("edit.sh");
        // An editor that adds one key to `[about]`. Not a comment line at
        // the end: the merge driver drops one (a bug outside encryption,
        // reported with this test).
        std::fs::write(
            &editor,
            r#"#!/bin/sh
if grep -q '^\[about\]$' "$1"; then
  sed -i "/^\[about\]\$/a edit$CHAOS_EDIT_ID = \"by ties edit\"" "$1"
else
  printf '\n[about]\nedit%s = "by ties edit"\n' "$CHAOS_EDIT_ID" >> "$1"
fi
"#,
        )
        .unwrap();
        std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let o = self.ties(0, &["encrypt"]).output().expect("ties runs");
        assert!(o.status.success(), "{o:?}");
        let made = self.home(0).join(".config/ties/identity.txt");
        let text = std::fs::read_to_string(&made).expect("ties encrypt made an age identity");
        let id = text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .and_then(|l| l.trim().parse::<age::x25519::Identity>().ok())
            .expect("an age identity");
        let o = self.ties(0, &["sync"]).output().expect("ties runs");
        assert!(o.status.success(), "{o:?}");
        let s = self.sealed.as_mut().expect("an encrypted run");
        s.identity = Some(id);
        let (stale, keyless) = (s.stale, s.keyless);
        if !stale {
            let o = self.ties(1, &["sync"]).output().expect("ties runs");
            assert!(o.status.success(), "{o:?}");
            assert!(self.clone_dir(1).join("recipients.txt").exists());
        }
        if stale {
            // At least one private note, with an ask, before clone 1 knows.
            let id = self.id();
            self.run_ops(vec![Op::Private(1, "ana-lima".into(), id, true, None)]);
            assert!(self.model.in_clear.contains(&id));
        }
        if !keyless {
            // The README's second machine: the identity file copied over.
            let to = self.home(1).join(".config/ties");
            std::fs::create_dir_all(&to).unwrap();
            std::fs::copy(&made, to.join("identity.txt")).unwrap();
        }
    }

    /// Whether `clone` is still offline: clone 1 of a stale run, in the
    /// first rounds.
    pub(super) fn offline(&self, clone: usize) -> bool {
        const OFFLINE_ROUNDS: usize = 6;
        self.sealed.as_ref().is_some_and(|s| s.stale)
            && clone == 1
            && self.stats.rounds < OFFLINE_ROUNDS
    }

    fn private_op(&mut self, clone: usize, slug: String) -> Op {
        let id = self.id();
        let ask = self.rng.chance(60);
        let asked = self.rng.chance(20).then(|| 1 + self.rng.below(2));
        Op::Private(clone, slug, id, ask, asked)
    }

    pub(super) fn random_sealed_op(&mut self, syncing: &[bool; 2]) -> Op {
        let clone = self.rng.below(2);
        let slugs = self.slugs();
        let slug = slugs[self.rng.below(slugs.len())].clone();
        match self.rng.below(100) {
            0..=24 => Op::Log(clone, slug, self.id()),
            25..=46 => self.private_op(clone, slug),
            47..=51 => Op::Todo(clone, slug, self.id()),
            52..=55 => Op::Edit(clone, slug, self.id()),
            56..=59 => Op::Done(clone, slug, 1 + self.rng.below(4)),
            60..=69 => Op::Tick(clone, slug, 1 + self.rng.below(3)),
            70..=72 => Op::Add(clone, self.id()),
            73..=81 if !syncing[clone] => Op::Append(clone, slug, self.id()),
            _ if self.offline(clone) => Op::Sync(0),
            _ => Op::Sync(clone),
        }
    }

    /// The storm with private words: the other side pushes a private note
    /// with an ask; this side syncs while it logs, privately or not, and
    /// ticks asks of that person (the same one, often, twice at once).
    pub(super) fn sealed_storm(&mut self) -> Vec<Op> {
        let here = self.rng.below(2);
        let there = 1 - here;
        let slugs = self.slugs();
        let slug = slugs[self.rng.below(slugs.len())].clone();
        let id = self.id();
        self.run_ops(vec![Op::Private(there, slug.clone(), id, true, None)]);
        self.run_ops(vec![Op::Sync(there)]);
        let mut ops = vec![Op::Sync(here)];
        for _ in 0..2 + self.rng.below(4) {
            let op = match self.rng.below(3) {
                0 => Op::Log(here, slug.clone(), self.id()),
                1 => self.private_op(here, slug.clone()),
                _ => Op::Tick(here, slug.clone(), 1 + self.rng.below(3)),
            };
            ops.push(op);
        }
        ops
    }

    /// A private note started on a clone that has not yet pulled
    /// `recipients.txt` is written, and committed, in the clear.
    pub(super) fn note_in_clear(&mut self, op: &Op) {
        if let Op::Private(c, _, id, ..) = op
            && !self.clone_dir(*c).join("recipients.txt").exists()
        {
            self.model.in_clear.insert(*id);
        }
    }

    /// `done WHO aN` said "Asked NAME: TEXT" (or the locked words).
    pub(super) fn note_tick(&mut self, slug: String, stdout: &str) {
        let Some(said) = stdout
            .lines()
            .find(|l| l.starts_with("Asked "))
            .and_then(|l| l.split_once(": "))
            .map(|(_, t)| t.to_string())
        else {
            panic!("done aN succeeded but said no ask: {stdout}");
        };
        let text = if said == ties::model::LOCKED {
            LOCKED_TICK.to_string()
        } else {
            format!("Asked: {said}")
        };
        let ids = said
            .split('#')
            .skip(1)
            .step_by(2)
            .filter_map(|n| n.parse::<u64>().ok());
        self.model.ticked.extend(ids);
        self.model.ticks.push((slug, text));
    }

    /// Every sealed value of a parsed person file: (armor, where).
    fn values(&self, clone: usize) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, bytes) in self.people_files(clone) {
            let slug = name.trim_end_matches(".toml");
            let Ok((_, p)) = ties::store::parse::parse(slug, &bytes) else {
                continue;
            };
            for e in &p.log {
                let all = std::iter::once(&e.text)
                    .chain(&e.ask)
                    .chain(e.asked.iter().flatten());
                for v in all.filter(|v| ties::model::is_sealed(v)) {
                    out.push((v.trim().to_string(), format!("clone {clone}, {name}")));
                }
            }
        }
        out
    }

    /// Between rounds: the armor each note and ask is first seen with is
    /// the one it keeps.
    pub(super) fn watch_armor(&mut self) {
        let seen: Vec<(String, String)> = (0..2).flat_map(|c| self.values(c)).collect();
        let s = self.sealed.as_mut().expect("an encrypted run");
        for (armor, at) in seen {
            let Some(plain) = s.open(&armor) else {
                panic!(
                    "seed {}: a value in {at} does not open with the vault's key:\n{armor}",
                    s.seed
                );
            };
            if !written_by_test(&plain) {
                continue;
            }
            let was = s.first.entry(plain.clone()).or_insert(armor.clone());
            assert!(
                *was == armor,
                "seed {}: {plain:?} was encrypted again ({at}):\n{was}\nbecame\n{armor}",
                s.seed
            );
        }
    }

    /// With `TIES_CHAOS_KEEP=DIR`, a failed run's clones, remote and
    /// homes are copied there (the temporary folder goes with the test).
    fn keep_for_a_look(&self) {
        let Some(to) = std::env::var_os("TIES_CHAOS_KEEP") else {
            return;
        };
        let to = Path::new(&to).join(format!("seed-{}", self.sealed().seed));
        let _ = std::fs::remove_dir_all(&to);
        let _ = std::fs::create_dir_all(Path::new(
            &std::env::var_os("TIES_CHAOS_KEEP").unwrap_or_default(),
        ));
        let o = std::process::Command::new("cp")
            .arg("-a")
            .arg(self.env.dir.path())
            .arg(&to)
            .output();
        eprintln!("kept the failed run in {} ({o:?})", to.display());
    }

    /// Every object git holds in `repo`, printed: commits, trees, blobs,
    /// reachable or not.
    fn objects(&self, repo: &Path) -> String {
        let o = self
            .env
            .git_cmd(repo, &["cat-file", "--batch-all-objects", "--batch"])
            .output()
            .expect("git runs");
        assert!(o.status.success(), "{o:?}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// The checks of an encrypted run, after [`Chaos::check`]; returns
    /// what it looked at, for the summary line.
    pub(super) fn check_sealed(&mut self) -> String {
        self.watch_armor();
        let s = self.sealed();
        let mut bad: Vec<String> = Vec::new();

        // 1. No private word in the clear, anywhere.
        let remote = self.env.dir.path().join("remote.git");
        let repos = [
            ("the remote", remote),
            ("clone 0's .git", self.clone_dir(0)),
            ("clone 1's .git", self.clone_dir(1)),
        ];
        let mut history = String::new();
        let mut excused: BTreeSet<u64> = BTreeSet::new();
        for (what, repo) in &repos {
            let all = self.objects(repo);
            for w in WORDS {
                for (i, _) in all.match_indices(w) {
                    let id = all[i..]
                        .split('#')
                        .nth(1)
                        .and_then(|n| n.parse::<u64>().ok());
                    match id {
                        // `ties log` on a clone that has not yet pulled
                        // `recipients.txt` commits the note in the clear;
                        // its sync replaces that commit before pushing, so
                        // only the writer's own `.git` keeps it (as an
                        // unreachable object, until git's cleanup).
                        Some(id)
                            if *what == "clone 1's .git" && self.model.in_clear.contains(&id) =>
                        {
                            excused.insert(id);
                        }
                        _ => bad.push(format!(
                            "{w} is in the clear among the objects of {what}: {}",
                            line_with(&all[i..], w)
                        )),
                    }
                }
            }
            history.push_str(&all);
        }
        bad.dedup();
        for dir in [
            self.clone_dir(0),
            self.clone_dir(1),
            self.home(0),
            self.home(1),
        ] {
            for (path, text) in files_in(&dir) {
                let path = path.display();
                for w in words_in(&text) {
                    let line = line_with(&text, w);
                    bad.push(format!("{w} is in the clear in {path}: {line}"));
                }
            }
        }

        // 2. What each final file holds, opened with the key.
        struct Found {
            slug: String,
            private: bool,
            asks: Vec<String>,
            asked: bool,
        }
        let mut notes: BTreeMap<String, Vec<Found>> = BTreeMap::new();
        let mut ticked: BTreeSet<String> = BTreeSet::new();
        let mut tick_notes: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut finals: BTreeSet<String> = BTreeSet::new();
        let mut slugs_ticked: BTreeSet<String> = BTreeSet::new();
        for (name, bytes) in self.people_files(0) {
            let slug = name.trim_end_matches(".toml").to_string();
            let Ok((_, p)) = ties::store::parse::parse(&slug, &bytes) else {
                continue; // check() has said so
            };
            let asks: BTreeSet<&str> = p
                .log
                .iter()
                .flat_map(|e| &e.ask)
                .map(|a| a.trim())
                .collect();
            let mut open = |v: &str| -> String {
                if !ties::model::is_sealed(v) {
                    return v.to_string();
                }
                finals.insert(v.trim().to_string());
                s.open(v).unwrap_or_else(|| "(does not open)".into())
            };
            for e in &p.log {
                if e.private
                    && (!ties::model::is_sealed(&e.text)
                        || e.ask.iter().any(|a| !ties::model::is_sealed(a)))
                {
                    bad.push(format!("a private entry of {name} is in the clear"));
                }
                let text = open(&e.text);
                let mut opened_asks = Vec::new();
                for a in &e.ask {
                    opened_asks.push(open(a));
                }
                let asked = e.asked.as_ref().is_some_and(|a| !a.is_empty());
                for a in e.asked.iter().flatten() {
                    if ties::model::is_sealed(a) && !asks.contains(a.trim()) {
                        bad.push(format!(
                            "a tick in {name} is not the armor of any ask there:\n{a}"
                        ));
                    }
                    ticked.insert(open(a));
                    slugs_ticked.insert(slug.clone());
                }
                if asked && text.starts_with("Asked") {
                    *tick_notes.entry((slug.clone(), text.clone())).or_default() += 1;
                }
                notes.entry(text).or_default().push(Found {
                    slug: slug.clone(),
                    private: e.private,
                    asks: opened_asks,
                    asked,
                });
            }
        }
        let m = &self.model;
        let files = self.people_files(0);
        for (id, slug) in &m.edits {
            let text = files
                .get(&format!("{slug}.toml"))
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            if !text.contains(&format!("\nedit{id} = \"by ties edit\"")) {
                bad.push(format!("the key added by edit {id} of {slug} is lost"));
            }
        }
        for (id, want) in &m.private {
            let found = notes.get(&secret(*id)).map(Vec::as_slice).unwrap_or(&[]);
            let [f] = found else {
                bad.push(format!(
                    "private note {id} for {} is there {} times",
                    want.slug,
                    found.len()
                ));
                continue;
            };
            let asks: Vec<String> = want.ask.then(|| secret_ask(*id)).into_iter().collect();
            if f.slug != want.slug || !f.private || f.asks != asks || (want.asked && !f.asked) {
                bad.push(format!(
                    "private note {id} for {} came back as: {} private={} asks={:?} asked={}",
                    want.slug, f.slug, f.private, f.asks, f.asked
                ));
            }
        }
        let mut want_ticks: BTreeMap<(String, String), usize> = BTreeMap::new();
        for t in &m.ticks {
            *want_ticks.entry(t.clone()).or_default() += 1;
        }
        for ((slug, text), n) in &want_ticks {
            let have = tick_notes.get(&(slug.clone(), text.clone())).copied();
            if have.unwrap_or(0) < *n {
                bad.push(format!(
                    "{n} ticks \"{text}\" for {slug} reported, {} in the file",
                    have.unwrap_or(0)
                ));
            }
        }
        for id in &m.ticked {
            if !ticked.contains(&secret_ask(*id)) {
                bad.push(format!("the tick of ask {id} is lost"));
            }
        }

        // 3. A ticked ask is not pending (and some are, or this says nothing).
        let mut pending = 0;
        for slug in &slugs_ticked {
            let o = self
                .ties(0, &["prep", slug, "--format", "json"])
                .output()
                .expect("ties runs");
            assert!(o.status.success(), "{o:?}");
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
            for key in ["ask_about", "older_asks"] {
                for a in v[key].as_array().into_iter().flatten() {
                    let text = a["text"].as_str().unwrap_or_default();
                    pending += 1;
                    if ticked.contains(text) && written_by_test(text) {
                        bad.push(format!("{slug}: \"{text}\" was ticked but is pending"));
                    }
                }
            }
        }

        // 3b. What each clone shows: clone 1 without the key, locked
        // entries and no private word; with it, every private note.
        let with_notes: BTreeSet<&str> = m.private.values().map(|p| p.slug.as_str()).collect();
        for slug in with_notes {
            let o = self.ties(1, &["show", slug]).output().expect("ties runs");
            let shown = String::from_utf8_lossy(&o.stdout);
            if s.keyless {
                if !words_in(&shown).is_empty() || !shown.contains(ties::model::LOCKED) {
                    bad.push(format!("`ties show {slug}` without the key: {shown}"));
                }
            } else if let Some((id, _)) = m
                .private
                .iter()
                .find(|(id, p)| p.slug == slug && !shown.contains(&secret(**id)))
            {
                bad.push(format!("`ties show {slug}` with the key lacks note {id}"));
            }
        }

        // 4. Nothing encrypted again: the first armor is the final one, and
        // every object of the three repositories has one armor per text.
        for (plain, armor) in &s.first {
            if !finals.contains(armor) {
                bad.push(format!("{plain:?} no longer has the armor first seen"));
            }
        }
        let mut by_plain: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let distinct: BTreeSet<String> = armored(&history).into_iter().collect();
        for armor in &distinct {
            match s.open(armor) {
                Some(p) if written_by_test(&p) => {
                    by_plain.entry(p).or_default().insert(armor);
                }
                Some(_) => {}
                None => bad.push(format!("a committed value does not open:\n{armor}")),
            }
        }
        for (plain, armors) in &by_plain {
            if armors.len() > 1 {
                bad.push(format!(
                    "{plain:?} was committed with {} different armors",
                    armors.len()
                ));
            }
        }
        if !bad.is_empty() {
            self.keep_for_a_look();
        }
        assert!(bad.is_empty(), "seed {}: {bad:#?}", s.seed);
        format!(
            "{}; {} private notes, {} ticks ({} asks ticked, {} pending), {} edits, {} sealed values committed, none re-encrypted, none in the clear (but {} of the {} notes written on clone 1 before it pulled recipients.txt, in its own .git only)",
            s.variant(),
            m.private.len(),
            m.ticks.len(),
            ticked.len(),
            pending,
            m.edits.len(),
            distinct.len(),
            excused.len(),
            m.in_clear.len()
        )
    }
}
