//! At home in the shell: completions (loaded by the real shells, asked
//! for people), the man page, `--version`, `init --vault`, `demo` cleaning
//! up after itself, and every `--help` argument described.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Env, bin, out};

/// A shell, or a failure when CI says it must be there (`.ci/run` installs
/// them); elsewhere a missing shell is said and its test passes.
fn shell(name: &str) -> bool {
    let found = Command::new(name)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("TIES_REQUIRE_SHELLS").is_none(),
            "{name} is required here (TIES_REQUIRE_SHELLS) but is not installed"
        );
        eprintln!("skipped: {name} is not installed");
    }
    found
}

/// Runs with no vault chosen (no $TIES_VAULT), asserting success.
fn ok_bare(env: &Env, args: &[&str]) -> String {
    let (code, stdout, stderr) = out(env.bare(args).output().expect("ties runs"));
    assert_eq!(code, 0, "ties {args:?}: {stderr}");
    stdout
}

fn vault_with_people(env: &Env) {
    env.ok(&[
        "add",
        "Priya Raman",
        "--org",
        "St. Brigid's",
        "--tag",
        "client",
    ]);
    env.ok(&["add", "Ana Lima", "--tag", "cellist"]);
    env.ok(&["add", "Tom Brennan", "--tag", "client"]);
    env.ok(&["add", "王小明"]);
}

/// Runs `script` in bash with the completion code loaded the way the README
/// says (`source <(ties completions bash)`), `$TIES` being the binary.
fn bash(env: &Env, script: &str, vault: Option<&Path>) -> (i32, String, String) {
    let mut c = env.hermetic("bash");
    c.arg("-c")
        .arg(format!(
            "source <(\"$TIES\" completions bash) || exit 9\n{script}"
        ))
        .env("TIES", bin());
    if let Some(v) = vault {
        c.env("TIES_VAULT", v);
    }
    out(c.output().expect("bash runs"))
}

/// What bash offers for the words of `line`, the last one being typed.
fn bash_offers(env: &Env, line: &[&str], vault: Option<&Path>) -> Vec<String> {
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "COMP_WORDS=({}); COMP_CWORD={}; _clap_complete_ties ties {} {}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words.join(" "),
        line.len() - 1,
        words[line.len() - 1],
        words[line.len() - 2],
    );
    let (code, stdout, stderr) = bash(env, &script, vault);
    assert_eq!(code, 0, "bash failed: {stderr}");
    stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_loads_the_completions_and_completes_commands_options_and_people() {
    let env = Env::new();
    vault_with_people(&env);
    let vault = env.vault();
    let (code, stdout, stderr) = bash(&env, "complete -p ties", Some(&vault));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("_clap_complete_ties"), "{stdout}");

    assert!(bash_offers(&env, &["ties", "pre"], Some(&vault)).contains(&"prep".into()));
    assert!(bash_offers(&env, &["ties", "log", "--a"], Some(&vault)).contains(&"--ask".into()));
    // People by the start of their file name, or of any word of their name.
    assert_eq!(
        bash_offers(&env, &["ties", "log", "pri"], Some(&vault)),
        ["priya-raman"]
    );
    assert_eq!(
        bash_offers(&env, &["ties", "prep", "lima"], Some(&vault)),
        ["ana-lima"]
    );
    assert_eq!(
        bash_offers(&env, &["ties", "log", "tom", "--with", "ra"], Some(&vault)),
        ["priya-raman"]
    );
    // A name in Chinese, by its first character, as `ties show 王` finds it.
    let wang = bash_offers(&env, &["ties", "show", "王"], Some(&vault));
    assert_eq!(wang.len(), 1, "{wang:?}");
    assert!(
        vault
            .join("people")
            .join(format!("{}.toml", wang[0]))
            .is_file()
    );
    assert_eq!(
        bash_offers(&env, &["ties", "list", "--tag", "c"], Some(&vault)),
        ["cellist", "client"]
    );
    // The vault named on the line being completed, with no $TIES_VAULT.
    let v = vault.to_string_lossy().into_owned();
    assert_eq!(
        bash_offers(&env, &["ties", "--vault", &v, "show", "ana"], None),
        ["ana-lima"]
    );
    // No vault anywhere: no people, and no error in the middle of a prompt.
    assert!(bash_offers(&env, &["ties", "show", "ana"], None).is_empty());
}

#[test]
fn every_shell_gets_completion_code_that_loads() {
    let env = Env::new();
    vault_with_people(&env);
    for sh in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let code = env.ok(&["completions", sh]);
        assert!(
            code.contains("TIES_COMPLETE") && code.contains("ties"),
            "{sh}: {code}"
        );
    }
    let (code, _, stderr) = env.run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is bad usage: {stderr}");

    if shell("zsh") {
        let mut c = env.hermetic("zsh");
        c.arg("-c")
            .arg("autoload -U compinit && compinit -u && source <(\"$TIES\" completions zsh) && print -r -- ${_comps[ties]}")
            .env("TIES", bin());
        let (code, stdout, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "zsh: {stderr}");
        assert!(stdout.contains("ties"), "zsh registered nothing: {stdout}");
    }
    if shell("fish") {
        // fish can say what it would offer: people, with their names.
        let mut c = env.hermetic("fish");
        c.arg("-c")
            .arg("\"$TIES\" completions fish | source; complete -C 'ties prep pri'")
            .env("TIES", bin())
            .env("TIES_VAULT", env.vault());
        let (code, stdout, stderr) = out(c.output().unwrap());
        assert_eq!(code, 0, "fish: {stderr}");
        assert!(
            stdout.contains("priya-raman\tPriya Raman, St. Brigid's"),
            "fish: {stdout}"
        );
    }
}

#[test]
fn the_man_page_has_every_command_and_man_reads_it() {
    let env = Env::new();
    let roff = env.ok(&["man"]);
    assert!(
        roff.contains(".TH ties 1"),
        "{}",
        &roff[..200.min(roff.len())]
    );
    let help = env.ok(&["--help"]);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(" "))
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() > 20, "{help}");
    for c in &commands {
        assert!(
            roff.contains(&format!(".SS \"ties {c}\"")),
            "no {c} in the page"
        );
    }
    assert!(
        !roff.contains("merge-driver"),
        "a hidden command is not documented"
    );
    for section in ["ENVIRONMENT", "FILES", "EXIT STATUS"] {
        assert!(roff.contains(&format!(".SH {section}")), "{section}");
    }

    if Command::new("man").arg("--version").output().is_ok() {
        let page = env.dir.path().join("ties.1");
        std::fs::write(&page, &roff).unwrap();
        let mut m = env.hermetic("man");
        m.arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("COLUMNS", "80");
        let (code, text, stderr) = out(m.output().unwrap());
        assert_eq!(code, 0, "man: {stderr}");
        assert!(
            text.contains("EXIT STATUS") && text.contains("ties log"),
            "{text}"
        );
        assert!(!stderr.contains("warning"), "man warned: {stderr}");
    } else {
        assert!(
            std::env::var_os("TIES_REQUIRE_SHELLS").is_none(),
            "man is required"
        );
    }

    // One page per command, written into a folder made for them.
    let dir = env.dir.path().join("man/man1");
    let said = env.ok(&["man", "--out", dir.to_str().unwrap()]);
    assert!(said.contains("man pages"), "{said}");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(pages.contains(&"ties.1".into()), "{pages:?}");
    for c in &commands {
        assert!(
            pages.contains(&format!("ties-{c}.1")),
            "no page for {c}: {pages:?}"
        );
    }
    let top = std::fs::read_to_string(dir.join("ties.1")).unwrap();
    for section in ["ENVIRONMENT", "FILES", "EXIT STATUS"] {
        assert!(
            top.contains(&format!(".SH {section}")),
            "ties.1 has no {section}"
        );
    }
    let log = std::fs::read_to_string(dir.join("ties-log.1")).unwrap();
    assert!(log.contains("\\-\\-with"), "{log}");
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let env = Env::new();
    let v = env.ok(&["--version"]);
    assert!(
        v.starts_with(&format!("ties {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    let src = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["-C", src, "log", "-1", "--format=%h"])
        .output()
        .ok()
        .filter(|o| o.status.success() && Path::new(src).join(".git").exists());
    if let Some(head) = head {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert!(
            v.contains(&format!("({head} ")),
            "{v} is not built from {head}"
        );
    }
}

#[test]
fn init_makes_the_vault_named_by_vault() {
    let env = Env::new();
    let dir = env.dir.path().join("work-vault");
    let d = dir.to_str().unwrap();
    let said = ok_bare(&env, &["--vault", d, "init"]);
    assert!(dir.join("people").is_dir(), "{said}");
    assert!(said.contains("work-vault"), "{said}");
    // No default yet, so it became the default: plain commands find it.
    ok_bare(&env, &["add", "Ana Lima"]);
    assert!(dir.join("people/ana-lima.toml").is_file());

    // A second vault by --vault leaves that default alone, and says so.
    let other = env.dir.path().join("side-vault");
    let said = ok_bare(&env, &["--vault", other.to_str().unwrap(), "init"]);
    assert!(other.join("people").is_dir());
    assert!(said.contains("default vault stays"), "{said}");
    assert!(
        said.contains("Next: ties --vault "),
        "the hint reaches this vault: {said}"
    );
    // The same folder named twice is one folder, still not the default.
    let again = format!("{}/", other.display());
    let said = ok_bare(&env, &["--vault", other.to_str().unwrap(), "init", &again]);
    assert!(said.contains("default vault stays"), "{said}");
    ok_bare(&env, &["add", "Tom Brennan"]);
    assert!(dir.join("people/tom-brennan.toml").is_file());

    // Two different folders named: bad usage, and nothing made.
    let third = env.dir.path().join("third");
    let (code, _, stderr) = out(env
        .bare(&["--vault", d, "init", third.to_str().unwrap()])
        .output()
        .unwrap());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("two vault folders"), "{stderr}");
    assert!(!third.exists());

    // `init DIR` makes DIR the default, and says which one it replaces.
    let fifth = env.dir.path().join("fifth");
    let said = ok_bare(&env, &["init", fifth.to_str().unwrap()]);
    assert!(
        said.contains(&format!("(it was {})", dir.display())),
        "{said}"
    );

    // $TIES_VAULT is ambient: `init DIR` names the folder.
    let fourth = env.dir.path().join("fourth");
    let (code, _, stderr) = out(env
        .bare(&["init", fourth.to_str().unwrap()])
        .env("TIES_VAULT", &dir)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(fourth.join("people").is_dir());
}

#[test]
fn demo_leaves_nothing_behind_unless_kept() {
    let env = Env::new();
    let tmp = env.dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let left = || std::fs::read_dir(&tmp).unwrap().count();
    let (code, stdout, stderr) = out(env
        .bare(&["demo", "--print"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Priya Raman"), "{stdout}");
    assert_eq!(left(), 0, "the demo's copy was left in TMPDIR");

    let (code, stdout, stderr) = out(env
        .bare(&["demo", "--print", "--keep"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(left(), 1);
    let kept = std::fs::read_dir(&tmp)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(stdout.contains(&*kept.to_string_lossy()), "{stdout}");
    assert!(kept.join("people/priya-raman.toml").is_file());
}

#[test]
fn demo_removes_copies_left_by_a_demo_that_was_killed() {
    let env = Env::new();
    let tmp = env.dir.path().join("tmp");
    let copy = |name: &str, pid: Option<u32>| {
        let dir = tmp.join(name);
        std::fs::create_dir_all(dir.join(".ties")).unwrap();
        std::fs::create_dir_all(dir.join("people")).unwrap();
        if let Some(pid) = pid {
            std::fs::write(dir.join(".ties/demo-pid"), pid.to_string()).unwrap();
        }
        dir
    };
    // A process that has ended, and so cannot be the owner any more.
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let killed = copy("ties-demo-killed", Some(gone_pid));
    let kept = copy("ties-demo-kept", None);
    let running = copy("ties-demo-running", Some(std::process::id()));
    let other = copy("not-a-demo", Some(gone_pid));
    let (code, _, stderr) = out(env
        .bare(&["demo", "--print"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert!(!killed.exists(), "a killed demo's copy stays");
    assert!(kept.exists(), "a kept copy was removed");
    assert!(running.exists(), "a running demo's copy was removed");
    assert!(other.exists(), "something not ties's was removed");
}
