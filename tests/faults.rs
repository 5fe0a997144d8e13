//! Faults: ties killed mid-write, writers racing, a full or read-only disk,
//! and files changed by another program while ties has them open.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Env;

fn person(env: &Env, slug: &str) -> ties::model::Person {
    let text = env.read(slug);
    ties::store::parse::parse(slug, text.as_bytes())
        .unwrap_or_else(|e| panic!("{slug} does not parse: {e:?}\n{text}"))
        .1
}

/// Files in `people/` that are not person files (a temp file left in view).
fn strays(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.vault().join("people"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".toml"))
        .collect()
}

#[test]
fn killed_at_any_moment_a_log_leaves_whole_entries_or_none() {
    use std::os::unix::process::ExitStatusExt;
    let env = Env::new();
    env.write("ana", "# Ana\nname = \"Ana\"\n");
    // How long one run takes on this machine now, so the kills spread over
    // whole runs (before, during and after the write) whatever the load.
    env.write("timing", "name = \"Timing\"\n");
    let t = Instant::now();
    for _ in 0..5 {
        env.ok(&["log", "timing", "how long"]);
    }
    let run_us = (t.elapsed().as_micros() / 5).max(1) as u64;
    let mut seed: u64 = 0x9e37_79b9;
    let mut texts = Vec::new();
    let (mut completed, mut killed) = (Vec::new(), Vec::new());
    for i in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let text = format!("note {i} {}", "words ".repeat((seed % 40) as usize));
        let mut child = env
            .cmd(&["log", "ana", &text])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        texts.push(text);
        // Anywhere from before it starts to after it is done.
        std::thread::sleep(Duration::from_micros(seed % (2 * run_us)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        match (status.code(), status.signal()) {
            (Some(0), _) => completed.push(i),
            (_, Some(9)) => killed.push(i),
            _ => panic!("run {i} neither finished nor was killed: {status:?}"),
        }
    }
    // Both kinds of run happened in numbers, or this test proves little.
    assert!(
        completed.len() >= 30 && killed.len() >= 30,
        "{} runs finished, {} were killed (one run takes {run_us} µs)",
        completed.len(),
        killed.len()
    );
    let p = person(&env, "ana");
    // Each entry is whole: exactly the text some run was given.
    let mut landed = Vec::new();
    for e in &p.log {
        let n = texts
            .iter()
            .position(|t| t.trim_end() == e.text.trim_end())
            .unwrap_or_else(|| panic!("an entry no run wrote, or a torn one: {:?}", e.text));
        landed.push(n);
    }
    let mut once = landed.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), landed.len(), "no entry twice: {landed:?}");
    // Every run that said it was done has its entry; a killed run may have
    // one too, when the kill came after its rename.
    for i in &completed {
        assert!(
            landed.contains(i),
            "run {i} exited 0 but its entry is missing"
        );
    }
    let killed_after_rename = killed.iter().filter(|i| landed.contains(i)).count();
    // Temporary files left behind are kills that landed mid-write: after the
    // temporary file was made, before it was renamed.
    let tmp = env.vault().join(".ties/tmp");
    let torn = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert!(
        torn + killed_after_rename >= 3,
        "kills landed inside the write only {torn} + {killed_after_rename} times"
    );
    eprintln!(
        "300 runs of {run_us} µs: {} finished, {} killed ({killed_after_rename} after their \
         rename, {torn} with a temporary file left: mid-write)",
        completed.len(),
        killed.len()
    );
    assert!(
        env.read("ana").starts_with("# Ana\nname = \"Ana\"\n"),
        "what was there is kept"
    );
    assert!(strays(&env).is_empty(), "{:?}", strays(&env));
    // Killed writes leave their temporary files only under .ties/tmp, and a
    // later write sweeps them once they are old enough not to be a live
    // writer's (ten minutes): age them, then write.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for e in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
        let f = std::fs::File::options().write(true).open(e.path()).unwrap();
        f.set_modified(an_hour_ago).unwrap();
    }
    env.ok(&["log", "ana", "after"]);
    let left = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "temporary files stay in {}", tmp.display());
}

#[test]
fn four_writers_and_an_about_edit_at_once_lose_nothing() {
    let env = Env::new();
    env.write("ana", "name = \"Ana\"\n\n[about]\nfamily = \"before\"\n");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let cmd = |i: usize| {
                let mut c = env.cmd(&["log", "ana", &format!("writer {w} entry {i}")]);
                c.stdout(Stdio::null());
                c
            };
            let cmds: Vec<Command> = (0..50).map(cmd).collect();
            std::thread::spawn(move || {
                for mut c in cmds {
                    let s = c.status().unwrap();
                    assert!(s.success());
                }
            })
        })
        .collect();
    // The fifth: edits [about] from this process, many times over.
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    for i in 0..20 {
        ties::store::write::set_about(&vault, "ana", "family", &format!("edit {i}")).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    for w in writers {
        w.join().unwrap();
    }
    let p = person(&env, "ana");
    assert_eq!(p.log.len(), 200);
    for w in 0..4 {
        for i in 0..50 {
            let t = format!("writer {w} entry {i}");
            assert!(p.log.iter().any(|e| e.text == t), "{t} is missing");
        }
    }
    assert_eq!(p.about, [("family".to_string(), "edit 19".to_string())]);
}

/// A tmpfs of `size` at `dir`, or None (with the reason printed) when this
/// machine does not allow mounting. `TIES_REQUIRE_MOUNT=1` (set by `.ci/run`
/// when it runs as root) makes that a failure instead.
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(dir: &Path, size: &str, test: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output();
        let why = match out {
            Ok(o) if o.status.success() => return Some(Mount(dir.to_path_buf())),
            // mount's first line says why; the rest points at dmesg.
            Ok(o) => String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
            Err(e) => format!("cannot run mount: {e}"),
        };
        if std::env::var("TIES_REQUIRE_MOUNT").is_ok_and(|v| v == "1") {
            panic!(
                "{test}: mounting a tmpfs is required here (TIES_REQUIRE_MOUNT=1) but failed: {why}"
            );
        }
        eprintln!("SKIPPED: {test} did not run: cannot mount a tmpfs here (it needs root): {why}");
        None
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_clearly_and_truncates_nothing() {
    let env = Env::new();
    let disk = env.dir.path().join("small");
    let Some(_m) = Mount::new(&disk, "256k", "the full-disk test") else {
        return;
    };
    let vault = disk.join("vault");
    std::fs::create_dir_all(vault.join("people")).unwrap();
    let text = "# Ana\nname = \"Ana\"\n".to_string()
        + &"[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"x\"\n".repeat(200);
    std::fs::write(vault.join("people/ana.toml"), &text).unwrap();
    // Fill the disk.
    let mut filler = Vec::new();
    for i in 0.. {
        let f = disk.join(format!("fill{i}"));
        if std::fs::write(&f, vec![b'x'; 16 * 1024]).is_err() {
            break;
        }
        filler.push(f);
    }
    let out = env
        .bare(&["log", "ana", "This will not fit"])
        .env("TIES_VAULT", &vault)
        .output()
        .unwrap();
    let (code, stderr) = (out.status.code(), String::from_utf8_lossy(&out.stderr));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("No space left") || stderr.contains("space"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
    assert_eq!(
        std::fs::read_to_string(vault.join("people/ana.toml")).unwrap(),
        text
    );
}

#[test]
fn a_read_only_vault_fails_clearly_and_changes_nothing() {
    let env = Env::new();
    let disk = env.dir.path().join("ro");
    let Some(_m) = Mount::new(&disk, "1m", "the read-only disk test") else {
        return;
    };
    let vault = disk.join("vault");
    std::fs::create_dir_all(vault.join("people")).unwrap();
    std::fs::write(vault.join("people/ana.toml"), "name = \"Ana\"\n").unwrap();
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk)
        .status()
        .unwrap();
    assert!(remount.success());
    let out = env
        .bare(&["log", "ana", "Read-only"])
        .env("TIES_VAULT", &vault)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Read-only") || stderr.contains("read-only"),
        "{stderr}"
    );
    // Reading still works.
    let out = env
        .bare(&["list"])
        .env("TIES_VAULT", &vault)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana"));
    assert_eq!(
        std::fs::read_to_string(vault.join("people/ana.toml")).unwrap(),
        "name = \"Ana\"\n"
    );
}

#[test]
fn a_draft_the_vault_cannot_take_goes_to_the_state_folder() {
    use ties::tui::draft;
    let env = Env::new();
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    std::fs::create_dir_all(vault.state_dir()).unwrap();
    // The vault cannot hold drafts (as on a full or read-only disk).
    std::fs::write(vault.state_dir().join("drafts"), "in the way").unwrap();
    let state = env.dir.path().join("state");
    draft::set_fallback_dir(state.clone());
    let d = draft::Draft {
        slug: "ana".into(),
        name: "Ana".into(),
        text: "Typed on a full disk".into(),
        via: "call".into(),
        ..draft::Draft::default()
    };
    let draft::Kept::Aside { path: kept, .. } = draft::save(&vault, &d).unwrap() else {
        panic!("kept in the vault")
    };
    assert!(kept.starts_with(&state), "{}", kept.display());
    assert_eq!(
        draft::load(&vault, "ana").unwrap().text,
        "Typed on a full disk"
    );
    draft::remove(&vault, "ana");
    assert!(!kept.exists());
    assert!(draft::load(&vault, "ana").is_none());
}
