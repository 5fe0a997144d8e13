//! The caches under `.ties/` are derived: a damaged one (a power cut, a
//! partial copy, another program writing over it) is never believed. Every
//! command answers exactly as it would with no cache at all, and the cache is
//! written again, valid. Run on real files with the real binary.

mod common;

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use common::{Env, out};

const FIRST: [&str; 8] = ["Ana", "Ravi", "Zoë", "Bruno", "Inês", "Kofi", "Mei", "Olga"];
const LAST: [&str; 6] = ["Lima", "Patel", "Lefèvre", "Okafor", "Sato", "Novak"];

/// `n` people; every third wrote about the budget, everyone links to
/// `person-001`, every fourth is at Northvale, as `person-000` is.
fn vault(n: usize, note_lines: usize) -> Env {
    let env = Env::new();
    for i in 0..n {
        let name = format!("{} {} {i}", FIRST[i % 8], LAST[i % 6]);
        assert!(i != 59 || name.as_bytes() == LAST_NAME);
        let mut text = format!("name = \"{name}\"\n");
        if i % 4 == 0 {
            text.push_str("org = \"Northvale\"\n");
        }
        let topic = if i % 3 == 0 {
            "the budget freeze"
        } else {
            "the pilot sites"
        };
        for d in 0..note_lines {
            text.push_str(&format!(
                "\n[[log]]\nat = 2026-10-{:02}T09:00:00-05:00\nvia = \"call\"\ntext = \"Call {d} with @person-001 about {topic}; her kids play cello and she rides on Sundays.\"\n",
                1 + d % 28
            ));
        }
        env.write(&format!("person-{i:03}"), &text);
    }
    // A folder quiet for an hour, so `prep` trusts its connections cache.
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(env.vault().join("people"))
        .unwrap()
        .set_modified(past)
        .unwrap();
    env
}

fn cache(env: &Env, name: &str) -> PathBuf {
    env.vault().join(".ties").join(name)
}

type Outcome = (i32, String, String);

const COMMANDS: [&[&str]; 3] = [&["list"], &["search", "budget"], &["prep", "person-001"]];

/// What each command answers with no `.ties/` at all.
fn expected(env: &Env) -> Vec<Outcome> {
    COMMANDS
        .iter()
        .map(|args| {
            let _ = std::fs::remove_dir_all(env.vault().join(".ties"));
            env.run(args)
        })
        .collect()
}

/// The ways a cache file gets damaged on a real disk.
const DAMAGES: [&str; 4] = [
    "zeroed tail",
    "truncated to half",
    "one byte flipped",
    "garbage",
];

/// The name of the last person, the last one each cache writes.
const LAST_NAME: &[u8] = b"Bruno Novak 59";

fn damage(good: &[u8], how: &str) -> Vec<u8> {
    let mut bad = good.to_vec();
    let n = bad.len();
    match how {
        // From the middle of the last name where the file holds it (the
        // worst place: all before it is intact), else the last third.
        "zeroed tail" => {
            let from = memchr::memmem::rfind(good, LAST_NAME).map_or(n - n / 3, |at| at + 6);
            bad[from..].fill(0)
        }
        "truncated to half" => bad.truncate(n / 2),
        "one byte flipped" => bad[n / 2] ^= 0x20,
        _ => {
            // Same length, deterministic noise.
            let mut x: u32 = 0x9e37_79b9;
            for b in &mut bad {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *b = x as u8;
            }
        }
    }
    assert_ne!(bad, good, "{how} must change the file");
    bad
}

/// Whether ties would accept this cache file: a magic, a format version, the
/// content's length, and an xxh3 checksum of the version, length and content.
fn sealed(bytes: &[u8]) -> bool {
    let Some((head, body)) = bytes.split_at_checked(28) else {
        return false;
    };
    let word = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap());
    let mut covered = head[8..20].to_vec();
    covered.extend_from_slice(body);
    head.starts_with(b"TIES")
        && word(12) == body.len() as u64
        && word(20) == xxhash_rust::xxh3::xxh3_64(&covered)
}

/// Damages one cache file every way, runs every command against it, and
/// checks the answers are those of a vault with no cache, and that the file
/// is written again, valid.
fn damaged_cache_is_never_believed(name: &str) {
    let env = vault(60, 3);
    let want = expected(&env);
    // Every cache written fresh.
    for args in COMMANDS {
        env.ok(args);
    }
    let names = ["index-meta.bin", "index-text.bin", "index-net.bin"];
    let good: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(cache(&env, n)).unwrap())
        .collect();
    let restore = || {
        for (n, bytes) in names.iter().zip(&good) {
            std::fs::write(cache(&env, n), bytes).unwrap();
        }
    };
    let target = names.iter().position(|n| *n == name).unwrap();
    let (mut wrong, mut unsealed) = (Vec::new(), Vec::new());
    for how in DAMAGES {
        for (args, want) in COMMANDS.iter().zip(&want) {
            restore();
            let bad = damage(&good[target], how);
            std::fs::write(cache(&env, name), &bad).unwrap();
            let got = env.run(args);
            if got != *want {
                wrong.push(format!(
                    "{name} {how}, `ties {}`:\n  want {want:?}\n  got  {got:?}",
                    args.join(" ")
                ));
            }
            let now = std::fs::read(cache(&env, name)).unwrap_or_default();
            // The command that reads this cache writes it again.
            let reads_it = match name {
                "index-meta.bin" => args[0] != "prep",
                "index-text.bin" => args[0] == "search",
                _ => true,
            };
            if reads_it && now == bad {
                wrong.push(format!(
                    "{name} {how}: still damaged after `ties {}`",
                    args[0]
                ));
            } else if reads_it && !sealed(&now) {
                unsealed.push(format!(
                    "{name} {how}: rewritten unsealed by `ties {}`",
                    args[0]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(unsealed.is_empty(), "{}", unsealed.join("\n"));
    // What the rewrite holds is what a fresh build holds (the connections
    // cache also records when it was written, so only its seal is compared).
    if name != "index-net.bin" {
        restore();
        std::fs::write(cache(&env, name), damage(&good[target], "one byte flipped")).unwrap();
        env.ok(&["search", "budget"]);
        assert_eq!(std::fs::read(cache(&env, name)).unwrap(), good[target]);
    }
    let log = std::fs::read_to_string(env.vault().join(".ties/cache.log")).unwrap_or_default();
    assert!(
        log.contains(&format!(".ties/{name}")),
        "the damage is logged:\n{log}"
    );
}

#[test]
fn damaged_summary_cache_is_never_believed() {
    damaged_cache_is_never_believed("index-meta.bin");
}

#[test]
fn damaged_note_text_cache_is_never_believed() {
    damaged_cache_is_never_believed("index-text.bin");
}

#[test]
fn damaged_connections_cache_is_never_believed() {
    damaged_cache_is_never_believed("index-net.bin");
}

/// Another program shrinking the text cache in place (`truncate`,
/// `rsync --inplace`) while searches run: no search dies, each answers right.
#[test]
fn text_cache_shrunk_while_searching_kills_no_search() {
    let env = vault(1500, 12);
    let want = env.ok(&["search", "budget"]);
    let path = cache(&env, "index-text.bin");
    let good = std::fs::read(&path).unwrap();
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let shrinker = s.spawn(|| {
            let mut rounds = 0u32;
            while !stop.load(Ordering::Relaxed) {
                // Written back whole, in place, then cut, in place.
                if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&path) {
                    let _ = f.write_all(&good);
                    std::thread::sleep(Duration::from_millis(u64::from(rounds % 7)));
                    let _ = f.set_len(if rounds.is_multiple_of(2) {
                        0
                    } else {
                        good.len() as u64 / 2
                    });
                }
                rounds += 1;
                std::thread::sleep(Duration::from_millis(1));
            }
            rounds
        });
        let mut deaths = Vec::new();
        for i in 0..40 {
            let o = env.cmd(&["search", "budget"]).output().unwrap();
            if let Some(sig) = o.status.signal() {
                deaths.push(format!("search {i} killed by signal {sig}"));
                continue;
            }
            let (code, stdout, stderr) = out(o);
            assert_eq!((code, stdout.as_str()), (0, want.as_str()), "{stderr}");
        }
        stop.store(true, Ordering::Relaxed);
        let rounds = shrinker.join().unwrap();
        assert!(rounds > 10, "the cache was shrunk {rounds} times only");
        assert!(deaths.is_empty(), "{}", deaths.join("\n"));
    });
}
