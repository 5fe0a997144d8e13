//! Commands that read the vault: prep, list, search, show, check.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::args::{Format, ListFormat, Sort};
use super::{Out, one, output::width};
use ties::clock::{Clock, days_phrase};
use ties::fold::fold;
use ties::index::{Index, Summary};
use ties::prep::prep as build_prep;
use ties::search::{Field, Matcher, matching_lines, search as run_search};
use ties::store::Vault;
use ties::text::{fit_to, pad, width_of};

/// Prints progress to standard error when a cold index takes a while.
fn progress() -> Option<&'static (dyn Fn(usize, usize) + Sync)> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(&|done, total| {
        if total >= 1000 {
            eprint!(
                "\rties: indexing {done}/{total} files…{}",
                if done == total { "\r\x1b[K" } else { "" }
            );
        }
    })
}

/// Loads the index for the rest of this short-lived process. It is leaked on
/// purpose: freeing 10,000 summaries one by one at exit costs more than a
/// command's whole work, and the process ends right after.
pub fn load_index(vault: &Vault, with_text: bool) -> Result<&'static Index> {
    Ok(Box::leak(Box::new(Index::load(
        vault,
        with_text,
        progress(),
    )?)))
}

fn defaults(config: &ties::config::Config) -> ties::due::Defaults {
    ties::due::Defaults::of(config)
}

pub fn due(
    out: &mut Out,
    config: &ties::config::Config,
    vault: &Vault,
    clock: &Clock,
    days: Option<i64>,
    format: ListFormat,
) -> Result<ExitCode> {
    let days = days.or(config.due_days).unwrap_or(14).max(0);
    let index = load_index(vault, false)?;
    let items = ties::due::due(index, clock, days, &defaults(config), false);
    match format {
        ListFormat::Json => out.raw(serde_json::to_string_pretty(&items)? + "\n"),
        // Line by line, so a control character in a name or a todo
        // cannot act on the terminal.
        ListFormat::Text => {
            let text = ties::due::to_text(&items, width());
            if let Some(body) = text.strip_suffix('\n') {
                out.line(body);
            } else if !text.is_empty() {
                out.line(text);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub struct PrepHow {
    pub format: Format,
    pub discreet: bool,
    pub fresh: bool,
}

pub fn prep(
    out: &mut Out,
    config: &ties::config::Config,
    vault: &Vault,
    clock: &Clock,
    who: &[String],
    how: PrepHow,
) -> Result<ExitCode> {
    let PrepHow {
        format,
        discreet,
        fresh,
    } = how;
    let slugs = who
        .iter()
        .map(|w| one(vault, w))
        .collect::<Result<Vec<_>>>()?;
    // Connections from the small cache when it holds: flat at any vault size.
    let mut links = if fresh {
        ties::network::Connections::fresh(vault)?
    } else {
        ties::network::Connections::open(vault)
    };
    let mut sheets = Vec::new();
    for slug in &slugs {
        let mut person = vault.read(slug)?.person;
        say_locked(&person);
        defaults(config).apply(&mut person.cadence, &person.tags);
        let since = since(vault, slug, &person, clock, discreet);
        sheets.push(build_prep(&person, links.of(&person)?, clock, discreet).with_since(since));
    }
    match format {
        Format::Json => {
            let v = if sheets.len() == 1 {
                serde_json::to_value(&sheets[0])?
            } else {
                serde_json::to_value(&sheets)?
            };
            out.raw(serde_json::to_string_pretty(&v)? + "\n");
        }
        Format::Markdown => {
            let md: Vec<String> = sheets.iter().map(|s| s.to_markdown()).collect();
            out.line(md.join("\n---\n\n").trim_end());
        }
        Format::Text => {
            let w = width();
            let text: Vec<String> = sheets.iter().map(|s| s.to_text(w)).collect();
            // A blank line and a rule between sheets; a pipe gets the same.
            let rule = "─".repeat(w.unwrap_or(60).min(60));
            out.line(text.join(&format!("\n{rule}\n\n")).trim_end());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The sheet's "Since" section from the file's git history: none without
/// git; a git that fails costs the section and one line on standard error,
/// never the sheet.
fn since(
    vault: &Vault,
    slug: &str,
    person: &ties::model::Person,
    clock: &Clock,
    discreet: bool,
) -> Option<ties::history::Since> {
    match ties::history::of(vault, slug) {
        Ok(h) => ties::history::since(&h?, person, clock, discreet),
        Err(e) => {
            eprintln!("ties: {}", super::output::clean_line(&e.to_string()));
            None
        }
    }
}

/// `ties history WHO [FACT]`: when each fact was learned or changed.
pub fn history(
    out: &mut Out,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    fact: Option<&str>,
    format: ListFormat,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    // Encrypted values as their words here (else locked), never armor.
    let h = ties::history::of_repository(vault, &slug)?.opened();
    let shown: Vec<&ties::history::Change> = h
        .changes
        .iter()
        .filter(|c| fact.is_none_or(|f| c.fact.matches(f)))
        .collect();
    if let Some(f) = fact
        && shown.is_empty()
        && !h.changes.is_empty()
    {
        let mut known: Vec<String> = Vec::new();
        for c in &h.changes {
            let name = match &c.fact {
                ties::history::Fact::Todo(_) => "todos".to_string(),
                other => other.label(),
            };
            if !known.contains(&name) {
                known.push(name);
            }
        }
        anyhow::bail!(
            "{} has no history of `{f}`; its facts are: {}",
            Vault::rel(&slug),
            known.join(", ")
        );
    }
    if format == ListFormat::Json {
        let v: Vec<_> = shown
            .iter()
            .map(|c| {
                let mut v = serde_json::to_value(c).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.remove("commit");
                    o.remove("at");
                    o.insert("date".into(), json!(ties::history::day(c.at, clock)));
                    o.insert(
                        "id".into(),
                        json!(h.commits.get(c.commit as usize).map(|k| &k.id)),
                    );
                }
                v
            })
            .collect();
        out.raw(serde_json::to_string_pretty(&v)? + "\n");
        return Ok(ExitCode::SUCCESS);
    }
    let lines = ties::history::lines(&h, clock, fact);
    if lines.is_empty() {
        out.line(format!(
            "No changes to org, role, cadence, [about] or todos in the history of {}.",
            Vault::rel(&slug)
        ));
    }
    for l in lines {
        out.line(l);
    }
    Ok(ExitCode::SUCCESS)
}

fn last_contact_phrase(s: &Summary, clock: &Clock) -> String {
    match &s.last_contact {
        Some((at, via)) => format!(
            "{}, {via}",
            days_phrase((clock.today() - at.date(clock)).num_days())
        ),
        None => "never".into(),
    }
}

/// Who `ties list` lists: those with a tag, the archived instead of the others.
#[derive(Default)]
pub struct Which<'a> {
    pub tag: Option<&'a str>,
    pub archived: bool,
}

pub fn list(
    out: &mut Out,
    config: &ties::config::Config,
    vault: &Vault,
    clock: &Clock,
    which: Which<'_>,
    format: ListFormat,
    sort: Sort,
) -> Result<ExitCode> {
    let Which { tag, archived } = which;
    let mut index = Index::load(vault, false, progress())?;
    defaults(config).apply_index(&mut index);
    let index: &'static Index = Box::leak(Box::new(index));
    let tag = tag.map(fold);
    let mut people: Vec<&Summary> = index
        .people
        .iter()
        // Archived people are listed only when asked for, and then alone.
        .filter(|s| s.archived == archived)
        .filter(|s| {
            tag.as_ref()
                .is_none_or(|t| s.tags.iter().any(|x| fold(x) == *t))
        })
        .collect();
    let today = clock.today();
    let overdue = |s: &Summary| s.due_date(clock).map(|d| (today - d).num_days());
    match sort {
        Sort::Name => people.sort_by(|a, b| a.name_fold.cmp(&b.name_fold)),
        Sort::Last => people.sort_by_key(|s| {
            std::cmp::Reverse(s.last_contact.as_ref().map(|(at, _)| at.local(clock)))
        }),
        Sort::Due => people.sort_by_key(|s| std::cmp::Reverse(overdue(s).unwrap_or(i64::MIN))),
    }
    if format == ListFormat::Json {
        let rows: Vec<_> = people
            .iter()
            .map(|s| {
                json!({
                    "slug": s.slug, "name": s.name, "aka": s.aka, "org": s.org, "role": s.role, "tags": s.tags,
                    "email": s.email,
                    "last_contact": s.last_contact.as_ref().map(|(at, via)| json!({"at": at, "via": via})),
                    "cadence": s.cadence, "due": s.due_date(clock), "overdue_days": overdue(s).filter(|d| *d > 0),
                    "archived": s.archived,
                })
            })
            .collect();
        out.raw(serde_json::to_string_pretty(&rows)? + "\n");
    } else {
        let w = width();
        let tails: Vec<String> = people
            .iter()
            .map(|s| {
                let mark = match overdue(s) {
                    Some(d) if d > 0 => format!("  ! overdue {d}d"),
                    _ => String::new(),
                };
                format!("{}{mark}", last_contact_phrase(s, clock))
            })
            .collect();
        let tail = tails.iter().map(|t| width_of(t)).max().unwrap_or(0);
        let names = Columns::of(&people, w, tail);
        for (s, t) in people.iter().zip(&tails) {
            // The overdue mark matters most: any cut falls on the name and org.
            let line = format!("{}{t}", names.row(s));
            out.line(line.trim_end());
        }
    }
    warn_problems(index);
    Ok(ExitCode::SUCCESS)
}

/// The name and org columns of `list` and `search`, measured in display
/// columns so a CJK name, an emoji or a combining accent keeps the next
/// column in place. On a terminal each is capped and cut to fit; to a pipe
/// each is as wide as its longest value, and nothing is cut.
struct Columns {
    name: usize,
    org: usize,
}

impl Columns {
    /// `tail`: the widest text that follows the two columns on a line,
    /// which the columns leave room for on a terminal.
    fn of(people: &[&Summary], width: Option<usize>, tail: usize) -> Columns {
        let longest =
            |f: &dyn Fn(&Summary) -> usize| people.iter().map(|s| f(s)).max().unwrap_or(0);
        let name = longest(&|s| width_of(&s.name));
        let org = longest(&|s| width_of(s.org.as_deref().unwrap_or("")));
        let Some(w) = width else {
            return Columns { name, org };
        };
        // Two spaces after each column.
        let room = w.saturating_sub(tail + 4);
        let name = name.min(24).min((room * 11 / 20).max(10));
        let org = org.min(22).min(room.saturating_sub(name));
        // An org column too narrow to read is left out.
        let org = if org < 6 { 0 } else { org };
        Columns { name, org }
    }

    /// "Name  Org  ", each padded to its column; no org column when no one
    /// has an org.
    fn row(&self, s: &Summary) -> String {
        let name = pad(&fit_to(&s.name, Some(self.name)), self.name);
        if self.org == 0 {
            return format!("{name}  ");
        }
        let org = fit_to(s.org.as_deref().unwrap_or(""), Some(self.org));
        format!("{name}  {}  ", pad(&org, self.org))
    }
}

fn warn_problems(index: &Index) {
    match index.problems.len() {
        0 => {}
        1 => eprintln!(
            "ties: 1 file could not be read: {}",
            super::output::clean_line(&index.problems[0].to_string())
        ),
        n => eprintln!("ties: {n} files could not be read; `ties check` lists them"),
    }
}

pub fn search(out: &mut Out, vault: &Vault, query: &str, format: ListFormat) -> Result<ExitCode> {
    let index = load_index(vault, true)?;
    let hits = run_search(index, &Matcher, query);
    let mut rows = Vec::new();
    for (rank, h) in hits.iter().enumerate() {
        let s = &index.people[h.at];
        // Show why a note matched, for the first screenful only (reads those files).
        let mut lines = Vec::new();
        if h.field == Field::Notes && rank < 20 {
            let loaded = vault.read(&s.slug).ok();
            if let Some(l) = loaded {
                for e in l.person.log.iter().rev() {
                    for line in matching_lines(&e.text, query).into_iter().take(1) {
                        lines.push(format!(
                            "{}: {}",
                            e.at.to_string().get(..10).unwrap_or(""),
                            line.trim()
                        ));
                    }
                    if lines.len() >= 2 {
                        break;
                    }
                }
            }
        }
        rows.push((s, h, lines));
    }
    if format == ListFormat::Json {
        let v: Vec<_> = rows
            .iter()
            .map(|(s, h, lines)| json!({"slug": s.slug, "name": s.name, "org": s.org, "matched": h.field, "score": h.score, "lines": lines, "archived": s.archived}))
            .collect();
        out.raw(serde_json::to_string_pretty(&v)? + "\n");
    } else {
        let w = width();
        let found: Vec<&Summary> = rows.iter().map(|(s, _, _)| *s).collect();
        let slugs = found
            .iter()
            .map(|s| width_of(&s.slug) + 2)
            .max()
            .unwrap_or(0);
        let columns = Columns::of(&found, w, slugs);
        for (s, _, lines) in &rows {
            let archived = if s.archived { "  [archived]" } else { "" };
            out.line(format!("{}({}){archived}", columns.row(s), s.slug));
            for l in lines {
                out.line(format!("    {}", fit_to(l, w.map(|w| w.saturating_sub(4)))));
            }
        }
    }
    warn_problems(index);
    // Like grep: no match is status 1, with nothing on standard output (a
    // person at a terminal is told why on standard error).
    if rows.is_empty() {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() {
            eprintln!(
                "ties: no one matches `{}`",
                super::output::clean_line(query)
            );
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    out: &mut Out,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    format: ListFormat,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    let p = vault.read(&slug)?.person;
    say_locked(&p);
    if format == ListFormat::Json {
        out.raw(serde_json::to_string_pretty(&p)? + "\n");
        return Ok(ExitCode::SUCCESS);
    }
    let headline = [p.role.clone(), p.org.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    out.line(if headline.is_empty() {
        p.name.clone()
    } else {
        format!("{} — {headline}", p.name)
    });
    out.line(format!("{} entries in {}", p.log.len(), Vault::rel(&slug)));
    if let Some(a) = p.archived {
        let since = a.on.map(|d| format!(" since {d}")).unwrap_or_default();
        out.line(format!(
            "Archived{since} (`ties unarchive {slug}` brings them back)."
        ));
    }
    if !p.todos.is_empty() {
        out.line("");
        for t in &p.todos {
            let due = t.due.map(|d| format!(" (due {d})")).unwrap_or_default();
            out.line(format!(
                "[{}] {} {}{due}",
                t.number,
                if t.done { "done" } else { "open" },
                t.text
            ));
        }
    }
    let open: Vec<(*const ties::model::Entry, String)> = p
        .pending_asks()
        .iter()
        .map(|(e, a)| (*e as *const _, a.to_string()))
        .collect();
    // Names of those met together, each file read once.
    let mut names: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for e in p.log.iter().rev() {
        out.line("");
        let with: Vec<String> = e
            .with
            .iter()
            .map(|w| {
                names
                    .entry(w.as_str())
                    .or_insert_with(|| super::name_of(vault, w))
                    .clone()
            })
            .collect();
        let when = if e.at.has_time() {
            e.at.local(clock).format("%Y-%m-%d %H:%M").to_string()
        } else {
            e.at.date(clock).to_string()
        };
        let mut head = format!("{when}  {}", e.via);
        if !with.is_empty() {
            head.push_str(&format!(" {}", ties::prep::with_phrase(&with)));
        }
        if let Some(why) = &e.why {
            head.push_str(&format!(" ({why})"));
        }
        if e.private {
            head.push_str("  [private]");
        }
        out.line(head);
        for l in e.shown_text().trim_end().lines() {
            out.line(format!("  {l}"));
        }
        for a in &e.ask {
            // Open asks carry the number `ties done WHO aN` takes.
            let n = open
                .iter()
                .position(|(at, t)| std::ptr::eq(*at, e) && t == a.trim())
                .map(|i| format!(" (open, a{})", i + 1))
                .unwrap_or_default();
            out.line(format!("  ask next time: {}{n}", ties::model::shown(a)));
        }
        for a in e.asked.iter().flatten() {
            out.line(format!("  asked: {}", ties::model::shown(a)));
        }
        for (k, v) in &e.extra {
            out.line(format!("  {k}: {v}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(out: &mut Out, vault: &Vault, format: ListFormat) -> Result<ExitCode> {
    let index = load_index(vault, false)?;
    // Links to people who are not in the vault: worth a warning, not a failure.
    let mut warnings = Vec::new();
    for s in &index.people {
        for l in &s.links {
            if index.get(l).is_none() && index.problem(l).is_none() {
                warnings.push(format!(
                    "{}: links to @{l}, who is not in the vault",
                    Vault::rel(&s.slug)
                ));
            }
        }
    }
    // Others can read: the vault itself, or a person file (a warning, as a
    // file made by hand or checked out by git is 0644 until ties tightens it).
    let people = vault.people_dir();
    let mut open = Vec::new();
    for p in ties::store::perms::loose(vault) {
        if p == vault.root() {
            warnings.push(format!(
                "the vault folder {} is open to others; `chmod 700 {}` makes it yours alone (as `ties init` and `ties sync` do)",
                p.display(),
                p.display()
            ));
        } else if p.parent() == Some(people.as_path())
            && p.is_file()
            && p.extension().is_some_and(|e| e == "toml")
        {
            open.push(
                p.strip_prefix(vault.root())
                    .unwrap_or(&p)
                    .display()
                    .to_string(),
            );
        }
    }
    match open.len() {
        0 => {}
        1 => warnings.push(format!(
            "{}: others can read it; `chmod 600` makes it private (as `ties init` and `ties sync` do)",
            open[0]
        )),
        n => warnings.push(format!(
            "{n} person files can be read by others ({}{}); `chmod 600 people/*.toml` makes them private (as `ties init` and `ties sync` do)",
            open.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
            if n > 3 { ", …" } else { "" }
        )),
    }
    // Private words in the clear in a vault that encrypts: in the next
    // commit, and the remote, as they are.
    let clear = ties::store::seal::in_the_clear(vault, ties::store::crypt::keys())?;
    match clear.len() {
        0 => {}
        1..=3 => warnings.extend(clear.iter().map(|s| {
            format!(
                "{}: private words are written in the clear though the vault encrypts; `ties encrypt` (or `ties sync`) encrypts them",
                Vault::rel(s)
            )
        })),
        n => warnings.push(format!(
            "{n} person files hold private words in the clear though the vault encrypts ({}, …); `ties encrypt` (or `ties sync`) encrypts them",
            clear.iter().take(3).map(|s| Vault::rel(s)).collect::<Vec<_>>().join(", ")
        )),
    }
    if format == ListFormat::Json {
        let v =
            json!({"people": index.people.len(), "problems": index.problems, "warnings": warnings});
        out.raw(serde_json::to_string_pretty(&v)? + "\n");
    } else {
        for p in &index.problems {
            out.line(p.to_string());
        }
        for w in &warnings {
            out.line(format!("warning: {w}"));
        }
        let n = index.problems.len();
        out.line(match n {
            0 => format!("{} people, no problems.", index.people.len()),
            1 => format!("{} people read; 1 file has a problem.", index.people.len()),
            _ => format!(
                "{} people read; {n} files have problems.",
                index.people.len()
            ),
        });
    }
    Ok(if index.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// On standard error, once: private entries no key here opens, and why.
fn say_locked(p: &ties::model::Person) {
    let n = p.log.iter().filter(|e| e.is_locked()).count();
    if n == 0 {
        return;
    }
    let keys = ties::store::crypt::keys();
    let why = keys.hint().unwrap_or_else(|| {
        "copy a key listed in recipients.txt to this machine, or name one in $TIES_IDENTITY".into()
    });
    eprintln!(
        "ties: {n} private entr{} of {} {} locked: no key on this machine opens {}; {why}",
        if n == 1 { "y" } else { "ies" },
        p.name,
        if n == 1 { "is" } else { "are" },
        if n == 1 { "it" } else { "them" },
    );
}
