//! The command-line face: each command is a thin call into the library.

mod agenda;
pub mod args;
mod candidates;
pub mod complete;
mod edit;
mod encrypt;
mod inbox;
mod man;
mod output;
mod people;
mod read;
mod remind;
mod sync;
mod tui;
mod vcf;
mod write;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use args::{Cli, Command};
use ties::clock::Clock;
use ties::config::Config;
use ties::resolve::ResolveError;
use ties::store::Vault;

pub use output::Out;

/// An error that carries its own exit status (2: several people fit a WHO).
#[derive(Debug, thiserror::Error)]
#[error("{msg}")]
pub struct Exit {
    pub code: u8,
    pub msg: String,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let clock = Clock::system();
    let config = Config::load()?;
    let vault_arg = cli.vault.clone();
    let open = || open_vault(vault_arg.clone(), &config);
    let mut out = Out::new();
    let code = match cli.command {
        Some(Command::Init { dir, git, encrypt }) => {
            let named = cli.vault.clone().map(|d| (d, cli.vault_on_line));
            let (code, vault) = write::init(&mut out, &config, dir, named, git)?;
            match encrypt {
                true => encrypt::encrypt(&mut out, &config, &vault, &[], &[])?,
                false => code,
            }
        }
        Some(Command::Encrypt {
            add,
            about,
            remove,
            rewrap,
            force,
        }) => {
            let vault = open()?;
            match (remove.is_empty(), rewrap) {
                (true, false) => encrypt::encrypt(&mut out, &config, &vault, &add, &about)?,
                (true, true) => encrypt::rewrap(&mut out, &config, &vault)?,
                (false, _) => encrypt::remove(&mut out, &config, &vault, &remove, force)?,
            }
        }
        Some(Command::Add(a)) => write::add(&mut out, &config, &open()?, &a.into())?,
        Some(Command::Log {
            who,
            text,
            via,
            ask,
            asked,
            private,
            at,
            why,
            with,
        }) => {
            let entry = write::LogArgs {
                text,
                via,
                ask,
                asked,
                private,
                at,
                why,
                with,
            };
            write::log(&mut out, &config, &open()?, &clock, &who, entry)?
        }
        Some(Command::Todo {
            who,
            text,
            due,
            edit,
            no_due,
            delete,
        }) => {
            let todo = write::TodoArgs {
                text: text.join(" "),
                due,
                edit,
                no_due,
                delete,
            };
            write::todo(&mut out, &config, &open()?, &clock, &who, todo)?
        }
        Some(Command::Archive { who }) => {
            write::archive(&mut out, &config, &open()?, &clock, &who, true)?
        }
        Some(Command::Unarchive { who }) => {
            write::archive(&mut out, &config, &open()?, &clock, &who, false)?
        }
        Some(Command::Link {
            who,
            other,
            label,
            remove: _,
        }) => people::link(&mut out, &config, &open()?, &who, &other, label.as_deref())?,
        Some(Command::Unlink { who, other }) => {
            people::unlink_cmd(&mut out, &config, &open()?, &who, &other)?
        }
        Some(Command::Intro { who, other, why }) => people::intro(
            &mut out,
            &config,
            &open()?,
            &clock,
            &who,
            &other,
            why.as_deref(),
        )?,
        Some(Command::Intros { who, format }) => {
            people::intros(&mut out, &config, &open()?, who.as_deref(), format)?
        }
        Some(Command::Undo) => write::undo(&mut out, &config, &open()?)?,
        Some(Command::Done { who, n, reopen }) => {
            write::done(&mut out, &config, &open()?, &clock, &who, &n, reopen)?
        }
        Some(Command::Prep {
            who,
            next,
            calendars,
            format,
            discreet,
            fresh,
        }) => {
            let vault = open()?;
            let who = if next {
                agenda::next_attendees(&config, &vault, &clock, &calendars)?
            } else {
                who
            };
            let how = read::PrepHow {
                format,
                discreet,
                fresh,
            };
            read::prep(&mut out, &config, &vault, &clock, &who, how)?
        }
        Some(Command::Agenda {
            day,
            calendars,
            format,
        }) => agenda::agenda(&mut out, &config, &open()?, &clock, day, &calendars, format)?,
        Some(Command::Due {
            ics: true,
            full,
            out: file,
            ..
        }) => remind::feed(&mut out, &config, &open()?, &clock, full, file.as_deref())?,
        Some(Command::Due { notify: true, .. }) => {
            remind::notify(&mut out, &config, &open()?, &clock)?
        }
        Some(Command::Due { days, format, .. }) => {
            read::due(&mut out, &config, &open()?, &clock, days, format)?
        }
        Some(Command::List {
            tag,
            archived,
            format,
            sort,
        }) => read::list(
            &mut out,
            &config,
            &open()?,
            &clock,
            read::Which {
                tag: tag.as_deref(),
                archived,
            },
            format,
            sort,
        )?,
        Some(Command::Search { query, format }) => {
            read::search(&mut out, &open()?, &query.join(" "), format)?
        }
        Some(Command::Show { who, format }) => {
            read::show(&mut out, &open()?, &clock, &who, format)?
        }
        Some(Command::History { who, fact, format }) => {
            read::history(&mut out, &open()?, &clock, &who, fact.as_deref(), format)?
        }
        Some(Command::Edit { who }) => edit::edit(&mut out, &config, &open()?, &who)?,
        Some(Command::Check { format }) => read::check(&mut out, &open()?, format)?,
        Some(Command::Sync) => {
            let vault = open()?;
            let code = sync::sync(&mut out, &vault)?;
            remind::refresh_feed(&mut out, &config, &vault, &clock);
            code
        }
        Some(Command::Inbox { dry_run, format }) => {
            inbox::inbox(&mut out, &config, &open()?, &clock, dry_run, format)?
        }
        Some(Command::Import {
            file,
            dry_run,
            format,
        }) => vcf::import(&mut out, &config, &open()?, &file, dry_run, format)?,
        Some(Command::Export { vcf: _, who }) => vcf::export(&mut out, &open()?, &who)?,
        Some(Command::Textconv { file }) => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            match String::from_utf8(bytes) {
                Ok(text) => out.raw(ties::store::crypt::opened_text(&text)),
                Err(e) => {
                    // Not text: git shows it as it is.
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(e.as_bytes());
                }
            }
            ExitCode::SUCCESS
        }
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            name,
        }) => sync::merge_driver(&base, &ours, &theirs, &name)?,
        Some(Command::Demo { print, keep }) => {
            // The copy lives as long as `demo` does: dropped (removed) on
            // every way out of this arm, an error or a panic included.
            let (vault, copy) = write::demo_vault(&clock, keep)?;
            let code = if print || !tui::can_open() {
                write::demo(&mut out, &vault, &clock, keep)?
            } else {
                let hello = if keep {
                    format!("The demo, kept at {}. Try / c p ?", vault.root().display())
                } else {
                    "The demo: a copy made for you to change freely. Try / c p ?".to_string()
                };
                let root = vault.root().to_path_buf();
                let code = tui::open(vault, clock, &config, started, Some(hello))?;
                if keep {
                    out.line(format!("The demo vault is kept at {}", root.display()));
                }
                code
            };
            drop(copy);
            code
        }
        Some(Command::Completions { shell }) => complete::completions(shell)?,
        Some(Command::Man { out: None }) => man::print(&mut out)?,
        Some(Command::Man { out: Some(dir) }) => man::write_all(&mut out, &dir)?,
        None if tui::can_open() => tui::open(open()?, clock, &config, started, None)?,
        None => read::list(
            &mut out,
            &config,
            &open()?,
            &clock,
            read::Which::default(),
            args::ListFormat::Text,
            args::Sort::Name,
        )?,
    };
    out.flush();
    Ok(code)
}

/// The vault to use: `--vault` / `$TIES_VAULT`, else the config file's.
fn open_vault(arg: Option<PathBuf>, config: &Config) -> Result<Vault> {
    let dir = match arg.or_else(|| config.vault.clone()) {
        Some(d) => d,
        None => {
            return Err(anyhow!(
                "there is no vault yet: make one with `ties init` (or `ties init DIR`), or try `ties demo`"
            ));
        }
    };
    Ok(Vault::open(dir)?.with_search_private(config.search_private))
}

/// WHO to one person's slug, or an error that lists the candidates (exit 2).
/// A person's name, or the slug as written when no file reads under it
/// (a value that is no file name is never read).
pub fn name_of(vault: &Vault, slug: &str) -> String {
    match Vault::is_person_id(slug).then(|| vault.read(slug)) {
        Some(Ok(l)) => l.person.name,
        _ => slug.to_string(),
    }
}

pub fn one(vault: &Vault, who: &str) -> Result<String> {
    match ties::resolve::one(vault, who) {
        Ok(s) => Ok(s),
        Err(ResolveError::Ambiguous { who, candidates }) => {
            let mut msg = format!("`{who}` could be {} people; say which:", candidates.len());
            for (slug, name, org) in candidates.iter().take(20) {
                msg.push_str(&format!(
                    "\n  {slug:<24} {name}{}",
                    org.as_deref().map(|o| format!(", {o}")).unwrap_or_default()
                ));
            }
            Err(Exit { code: 2, msg }.into())
        }
        Err(ResolveError::Store(ties::store::StoreError::NoSuchPerson(w))) => Err(anyhow!(
            "no one in the vault matches `{w}` (try `ties search {w}` or `ties list`)"
        )),
        Err(e) => Err(e.into()),
    }
}

/// Prints an error as one line on standard error and picks the exit status.
pub fn report(e: &anyhow::Error) -> ExitCode {
    use std::io::Write;
    // writeln, not eprintln: a closed terminal is no reason to panic.
    let mut err = std::io::stderr();
    if let Some(exit) = e.downcast_ref::<Exit>() {
        let _ = writeln!(err, "ties: {}", exit.msg);
        return ExitCode::from(exit.code);
    }
    let _ = writeln!(err, "ties: {}", output::clean_line(&format!("{e:#}")));
    ExitCode::FAILURE
}

pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

pub use ties::editor::run_editor;
