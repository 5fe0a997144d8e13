//! Commands that change the vault: init, add, log, todo, done, demo.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use chrono::Datelike;
use std::process::ExitCode;

use super::{Out, one};
use ties::clock::Clock;
use ties::config::Config;
use ties::store::entries;
use ties::store::write::{self as w, NewEntry, NewPerson};
use ties::store::{Vault, fsutil};

/// `ties init [DIR]`: DIR, else the vault named by `--vault` or
/// `$TIES_VAULT` (`named`, with whether it was on the command line), else
/// the platform's data folder.
pub fn init(
    out: &mut Out,
    config: &Config,
    dir: Option<PathBuf>,
    named: Option<(PathBuf, bool)>,
    git: bool,
) -> Result<(ExitCode, Vault)> {
    let by_name = named
        .as_ref()
        .is_some_and(|(v, _)| dir.as_ref().is_none_or(|d| same_dir(d, v)));
    if let (Some(d), Some((v, true))) = (&dir, &named)
        && !same_dir(d, v)
    {
        return Err(super::Exit {
            code: 2,
            msg: format!(
                "two vault folders given: `--vault {}` and `init {}`; name one",
                v.display(),
                d.display()
            ),
        }
        .into());
    }
    let dir = match dir.or(named.map(|(d, _)| d)) {
        Some(d) => d,
        None => ties::config::default_vault_dir().ok_or_else(|| {
            anyhow!("there is no data folder on this system; name one: `ties init DIR`")
        })?,
    };
    let existed = dir.join("people").is_dir();
    let vault = Vault::create(&dir)?;
    let root = std::fs::canonicalize(vault.root()).unwrap_or_else(|_| vault.root().to_path_buf());
    if git && !root.join(".git").exists() {
        let status = std::process::Command::new("git")
            .arg("init")
            .arg("--quiet")
            .arg(&root)
            .status()
            .context("could not run `git init` (is git installed?)")?;
        if !status.success() {
            return Err(anyhow!("`git init {}` failed", root.display()));
        }
    }
    if git {
        ties::sync::ensure_driver(&vault)?;
    }
    let inbox = ties::inbox::create(&vault)?;
    // Committed at once: a phone cloning before the first sync has an inbox.
    let committed = if git {
        match ties::sync::commit_start(&vault) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("ties: the vault is made, but not committed to git: {e}");
                None
            }
        }
    } else {
        None
    };
    // A clone checked out by the umask, a folder made by someone else.
    let tightened = ties::store::perms::tighten(&vault)?;
    out.line(format!(
        "{} vault at {}",
        if existed { "Using the" } else { "Made a new" },
        root.display()
    ));
    if tightened > 0 {
        out.line(format!(
            "Made the vault private to you: others could read {tightened} of its files and folders"
        ));
    }
    // A vault reached by `--vault`/$TIES_VAULT does not replace another
    // default the user already has: they chose to name it each time.
    let named_each_time = match &config.vault {
        Some(old) if by_name && !same_dir(old, &root) => {
            out.line(format!(
                "Your default vault stays {}; reach this one with --vault or $TIES_VAULT",
                old.display()
            ));
            true
        }
        old => {
            let path = Config::set_vault(&root)?;
            // Say which default it replaces: the other vault is not gone,
            // only no longer the one plain commands use.
            let was = old
                .as_ref()
                .filter(|o| !same_dir(o, &root))
                .map(|o| format!(" (it was {})", o.display()))
                .unwrap_or_default();
            out.line(format!(
                "Recorded it as the default vault in {}{was}",
                path.display()
            ));
            false
        }
    };
    if let Some(c) = &committed {
        out.line(format!("Committed \"{c}\"."));
    }
    if inbox {
        out.line(format!(
            "Made {}: lines `WHO: TEXT` appended there (from a phone, through git) become notes with `ties inbox` or `ties sync`",
            ties::inbox::path(&vault).display()
        ));
    }
    let ties = if named_each_time {
        format!(
            "ties --vault {}",
            shell_words::quote(&root.to_string_lossy())
        )
    } else {
        "ties".to_string()
    };
    // A second machine's clone already has people: show them, not a first step.
    let people = vault.scan().map(|f| f.len()).unwrap_or(0);
    if people > 0 {
        out.line(format!(
            "It holds {people} {}. Next: {ties} to open it, {ties} sync to bring in what other machines wrote",
            if people == 1 { "person" } else { "people" }
        ));
    } else {
        out.line(format!(
            "Next: {ties} add \"Ana Lima\" --org \"Example Corp\", then {ties} log ana \"Met for coffee\""
        ));
    }
    Ok((ExitCode::SUCCESS, vault))
}

/// Whether two paths name the same folder (either may not exist yet).
fn same_dir(a: &Path, b: &Path) -> bool {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    real(a) == real(b)
}

pub fn add(out: &mut Out, config: &Config, vault: &Vault, p: &NewPerson) -> Result<ExitCode> {
    let slug = w::add_person(vault, p)?;
    super::sync::commit_as_you_go(config, vault, &slug, &format!("add {}", p.name));
    let base = ties::fold::slugify(&p.name);
    if slug != base {
        out.line(format!(
            "(There is already a {}; this one is {slug}.)",
            Vault::rel(&base)
        ));
    }
    out.line(vault.file_of(&slug).display().to_string());
    Ok(ExitCode::SUCCESS)
}

pub struct LogArgs {
    pub text: Vec<String>,
    pub via: String,
    pub ask: Vec<String>,
    pub asked: Vec<String>,
    pub private: bool,
    pub at: Option<String>,
    pub why: Option<String>,
    /// Others at the same meeting.
    pub with: Vec<String>,
}

pub fn log(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    a: LogArgs,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    // Everyone is found before anything is written or an editor opens.
    let mut others: Vec<String> = Vec::new();
    for w in &a.with {
        let s = one(vault, w)?;
        if s != slug && !others.contains(&s) {
            others.push(s);
        }
    }
    let asked = ask_texts(vault, &slug, &a.asked)?;
    let at = match &a.at {
        Some(s) => clock.parse_entry_time(s).map_err(|e| anyhow!("--at {e}"))?,
        None => clock.now,
    };
    if a.via.trim().is_empty() || a.via.contains(char::is_control) {
        return Err(anyhow!(
            "--via needs a word such as call, meeting, email, message, meal or note"
        ));
    }
    let (text, draft) = if !a.text.is_empty() {
        (a.text.join(" "), None)
    } else if !super::stdin_is_terminal() {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("could not read the note from standard input")?;
        (s, None)
    } else {
        let draft = vault
            .state_dir()
            .join("drafts")
            .join(format!("log-{slug}.md"));
        fsutil::create_private_dir(&vault.state_dir().join("drafts"))?;
        // A draft left by an editor that crashed is offered again; a link
        // planted in its place is replaced, never followed.
        let regular = std::fs::symlink_metadata(&draft).is_ok_and(|m| m.file_type().is_file());
        if !regular {
            fsutil::write_atomic(&draft, b"", &vault.state_dir().join("tmp"), Some(0o600))?;
        }
        super::run_editor(&draft)?;
        let text = std::fs::read_to_string(&draft)
            .with_context(|| format!("could not read {}", draft.display()))?;
        (text, Some(draft))
    };
    let text = text.trim_end().to_string();
    if text.trim().is_empty() {
        if let Some(d) = &draft {
            let _ = std::fs::remove_file(d);
        }
        return Err(anyhow!("nothing to log: the note is empty"));
    }
    let entry = NewEntry {
        with: Vec::new(),
        at,
        via: a.via.trim().to_string(),
        text,
        ask: a.ask,
        asked,
        private: a.private,
        why: a.why,
    };
    let kept = |e: String| match &draft {
        Some(d) => anyhow!("{e} (the note is kept in {})", d.display()),
        None => anyhow!(e),
    };
    let mut all = vec![slug.clone()];
    all.extend(others.iter().cloned());
    let saved = ties::store::note::save(vault, &all, &entry).map_err(|e| kept(e.to_string()))?;
    let message = format!("log {} with {}", entry.via, saved.names());
    // Every file the save changed, in one commit (also when some of a
    // meeting's files could not take it: those that did keep it).
    super::sync::commit_all_as_you_go(config, vault, &saved.files(), &message);
    if let Some((s, e)) = saved.failed.first() {
        let names = saved.names();
        return Err(kept(format!(
            "saved for {} but not for {s}: {e}",
            if names.is_empty() { "no one" } else { &names }
        )));
    }
    if let Some(d) = draft {
        let _ = std::fs::remove_file(d);
    }
    let files: Vec<String> = saved.saved.iter().map(|p| Vault::rel(&p.slug)).collect();
    out.line(format!(
        "Logged {} with {} ({}).",
        entry.via,
        saved.names(),
        files.join(", ")
    ));
    for a in &entry.asked {
        out.line(format!("Asked: {a}"));
    }
    if let Some(first) = saved.saved.first() {
        followed_up(out, vault, &first.name, &saved.also);
    }
    Ok(ExitCode::SUCCESS)
}

pub struct TodoArgs {
    pub text: String,
    pub due: Option<String>,
    pub edit: Option<usize>,
    pub no_due: bool,
    pub delete: Option<usize>,
}

fn due_date(clock: &Clock, due: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    let Some(s) = due else { return Ok(None) };
    let d = clock.parse_date(s).ok_or_else(|| {
        anyhow!("--due `{s}` is not a date (write 2026-11-30, tomorrow, friday or +3d)")
    })?;
    if !(0..=9999).contains(&d.year()) {
        return Err(anyhow!(
            "--due `{s}` is too far away (ties keeps dates in the years 0 to 9999)"
        ));
    }
    Ok(Some(d))
}

pub fn todo(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    a: TodoArgs,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    let due = due_date(clock, a.due.as_deref())?;
    let commit = |what: String| super::sync::commit_as_you_go(config, vault, &slug, &what);
    if let Some(n) = a.delete {
        let t = entries::todo_numbered(vault, &slug, n)?;
        entries::delete_todo(vault, &slug, &t)?;
        commit(format!("delete a todo of {slug}: {}", t.text));
        let said = said_todo("Deleted", &t, &super::name_of(vault, &slug), clock);
        out.line(format!("{said} (`ties undo` brings it back)."));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(n) = a.edit {
        let t = entries::todo_numbered(vault, &slug, n)?;
        let due = if a.no_due { None } else { due.or(t.due) };
        let new = entries::edit_todo(vault, &slug, &t, &a.text, due)?;
        commit(format!("edit a todo of {slug}: {}", new.text));
        out.line(said_todo(
            "Changed",
            &new,
            &super::name_of(vault, &slug),
            clock,
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let t = w::add_todo(vault, &slug, &a.text, due)?;
    commit(format!("todo for {slug}: {}", t.text));
    out.line(said_todo("Added", &t, &super::name_of(vault, &slug), clock));
    Ok(ExitCode::SUCCESS)
}

/// "Added todo 2 for Ana Lima, due Friday 27 Nov: Send the deck": whose
/// file changed and the date as ties understood it (`--due friday`).
fn said_todo(verb: &str, t: &ties::model::Todo, name: &str, clock: &Clock) -> String {
    let whose = if verb == "Added" { "for" } else { "of" };
    let due = t.due.map(|d| {
        let year = if d.year() == clock.today().year() {
            ""
        } else {
            " %Y"
        };
        format!(", due {}", d.format(&format!("%A %-d %b{year}")))
    });
    format!(
        "{verb} todo {} {whose} {name}{}: {}",
        t.number,
        due.unwrap_or_default(),
        t.text
    )
}

pub fn archive(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    on: bool,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    let p = if on {
        ties::store::archive::archive(vault, &slug, clock.today())?
    } else {
        ties::store::archive::unarchive(vault, &slug)?
    };
    let verb = if on { "archive" } else { "unarchive" };
    super::sync::commit_as_you_go(config, vault, &slug, &format!("{verb} {}", p.name));
    out.line(if on {
        format!(
            "Archived {} ({}): left out of the list, the due list and the agenda; `ties unarchive {slug}` brings them back.",
            p.name,
            Vault::rel(&slug)
        )
    } else {
        format!("{} is back in the list.", p.name)
    });
    Ok(ExitCode::SUCCESS)
}

/// The text of open asks named by number (`a1`), for `asked = [...]`.
fn ask_texts(vault: &Vault, slug: &str, numbers: &[String]) -> Result<Vec<String>> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let person = vault.read(slug)?.person;
    let open = person.pending_asks();
    numbers
        .iter()
        .map(|n| {
            let i = n
                .trim()
                .strip_prefix(['a', 'A'])
                .and_then(|d| d.parse::<usize>().ok())
                .filter(|i| *i >= 1)
                .ok_or_else(|| anyhow!("`{n}` is not an ask's number (write a1, a2...)"))?;
            open.get(i - 1).map(|(_, t)| t.to_string()).ok_or_else(|| {
                anyhow!(
                    "{} has {} open ask{}; there is no a{i}",
                    person.name,
                    open.len(),
                    if open.len() == 1 { "" } else { "s" }
                )
            })
        })
        .collect()
}

pub fn done(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    n: &str,
    reopen: bool,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    if reopen {
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| anyhow!("`{n}` is not a todo's number (3)"))?;
        let t = w::reopen(vault, &slug, n)?;
        super::sync::commit_as_you_go(
            config,
            vault,
            &slug,
            &format!("reopen for {slug}: {}", t.text),
        );
        out.line(said_todo(
            "Reopened",
            &t,
            &super::name_of(vault, &slug),
            clock,
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if n.trim().starts_with(['a', 'A']) {
        // Asked outside a logged conversation: a note says so and ticks it.
        let texts = ask_texts(vault, &slug, &[n.to_string()])?;
        let text = texts.join("; ");
        // An ask of a private entry stays private: the note is private (so
        // sealed in a vault that encrypts) and the commit names no words.
        // One this machine cannot open is not copied at all.
        let before = vault.read(&slug)?.person;
        let locked = texts.iter().any(|t| ties::model::is_sealed(t));
        let private = locked
            || before
                .log
                .iter()
                .any(|e| e.private && e.ask.iter().any(|a| texts.contains(a)));
        let entry = NewEntry {
            with: Vec::new(),
            at: clock.now,
            via: "note".into(),
            text: if locked {
                "Asked a private question (locked on this machine)".into()
            } else {
                format!("Asked: {text}")
            },
            ask: Vec::new(),
            asked: texts,
            private,
            why: None,
        };
        let (person, also) = ties::store::intro::log(vault, &slug, &entry)?;
        let mut files = vec![slug.clone()];
        files.extend(also.iter().cloned());
        let message = match private {
            true => format!("asked {} a private question", person.name),
            false => format!("asked {}: {text}", person.name),
        };
        super::sync::commit_all_as_you_go(config, vault, &files, &message);
        let text = if locked {
            ties::model::LOCKED.to_string()
        } else {
            text
        };
        out.line(format!("Asked {}: {text}", person.name));
        followed_up(out, vault, &person.name, &also);
        return Ok(ExitCode::SUCCESS);
    }
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| anyhow!("`{n}` is not a todo's number (3) or an ask's (a1)"))?;
    let t = w::mark_done(vault, &slug, n)?;
    super::sync::commit_as_you_go(
        config,
        vault,
        &slug,
        &format!("done for {slug}: {}", t.text),
    );
    out.line(said_todo(
        "Closed",
        &t,
        &super::name_of(vault, &slug),
        clock,
    ));
    Ok(ExitCode::SUCCESS)
}

/// Says which introductions a tick closed, on both files.
fn followed_up(out: &mut Out, vault: &Vault, name: &str, others: &[String]) {
    for o in others {
        let other = super::name_of(vault, o);
        out.line(format!(
            "Followed up the introduction of {name} to {other} (closed on both files)."
        ));
    }
}

/// A fresh copy of the demo vault in a temporary folder.
/// A fresh copy of the demo vault in a temporary folder, and the guard
/// that removes it when dropped (none with `keep`).
pub fn demo_vault(clock: &Clock, keep: bool) -> Result<(Vault, Option<tempfile::TempDir>)> {
    sweep_old_demos();
    let tmp = tempfile::Builder::new()
        .prefix(DEMO_PREFIX)
        .tempdir()
        .context("could not make a temporary folder")?;
    if keep {
        let dir = tmp.keep();
        return Ok((ties::demo::write_demo(&dir, clock.today())?, None));
    }
    let vault = ties::demo::write_demo(tmp.path(), clock.today())?;
    // Names the process that removes it, for `sweep_old_demos`.
    let pid = vault.state_dir().join(DEMO_PID);
    std::fs::write(&pid, std::process::id().to_string())
        .with_context(|| format!("could not write {}", pid.display()))?;
    Ok((vault, Some(tmp)))
}

const DEMO_PREFIX: &str = "ties-demo-";
const DEMO_PID: &str = "demo-pid";

/// Removes the demo copies of this user's earlier `ties demo` runs that
/// ended without removing theirs (killed): each names its process in
/// `.ties/demo-pid`, and that process is gone. Kept copies name none.
fn sweep_old_demos() {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    // SAFETY: getuid cannot fail and touches no memory.
    let me = unsafe { libc::getuid() };
    for e in entries.flatten() {
        if !e.file_name().to_string_lossy().starts_with(DEMO_PREFIX) {
            continue;
        }
        // A real folder of ours, not a link someone else put there.
        match std::fs::symlink_metadata(e.path()) {
            Ok(m) if m.is_dir() && m.uid() == me => {}
            _ => continue,
        }
        let Some(pid) = std::fs::read_to_string(e.path().join(".ties").join(DEMO_PID))
            .ok()
            .and_then(|t| t.trim().parse::<libc::pid_t>().ok())
            .filter(|p| *p > 0)
        else {
            continue;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let gone = unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if gone {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

pub fn demo(out: &mut Out, vault: &Vault, clock: &Clock, keep: bool) -> Result<ExitCode> {
    let dir = vault.root();
    if keep {
        out.line(format!(
            "Demo vault (a copy; change it freely): {}",
            dir.display()
        ));
        out.line(format!("Try:  ties --vault {} list", dir.display()));
    } else {
        out.line("A prep sheet from the demo vault (`ties demo --keep` keeps a copy to try):");
    }
    out.line("");
    let index = ties::index::Index::load(vault, false, None)?;
    let loaded = vault.read("priya-raman")?;
    let links = ties::network::among(&loaded.person, &index.people);
    let sheet = ties::prep::prep(&loaded.person, links, clock, false);
    out.line(sheet.to_text(super::output::width()));
    Ok(ExitCode::SUCCESS)
}

pub fn undo(out: &mut Out, config: &Config, vault: &Vault) -> Result<ExitCode> {
    let done = ties::store::undo::undo(vault)?;
    let slug = done.slug().to_string();
    super::sync::commit_as_you_go(
        config,
        vault,
        &slug,
        &format!("undo the last change to {slug}"),
    );
    out.line(done.sentence());
    Ok(ExitCode::SUCCESS)
}
