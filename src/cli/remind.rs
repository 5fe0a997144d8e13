//! Reminders where the user looks: `ties due --ics` (a calendar feed),
//! `ties due --notify` (a desktop notification), and the feed `ties sync`
//! refreshes when the config names one.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use ties::clock::Clock;
use ties::config::Config;
use ties::store::Vault;

use super::Out;
use super::read::load_index;

/// The feed's text; `full` adds each person's discreet prep sheet.
fn build(config: &Config, vault: &Vault, clock: &Clock, full: bool) -> Result<String> {
    let index = load_index(vault, false)?;
    let defaults = ties::due::Defaults::of(config);
    let mut events = ties::feed::events(index, clock, &defaults);
    if full {
        let mut links = ties::network::Connections::open(vault);
        ties::feed::with_sheets(&mut events, |slug| {
            // A file that no longer reads keeps its events, without a sheet.
            let mut person = vault.read(slug).ok()?.person;
            defaults.apply(&mut person.cadence, &person.tags);
            let connections = links.of(&person).ok()?;
            let sheet = ties::prep::prep(&person, connections, clock, true);
            Some(sheet.to_text(None))
        });
    }
    Ok(ties::feed::to_ics(&events, clock))
}

/// `ties due --ics [--full] [--out FILE]`.
pub fn feed(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    full: bool,
    file: Option<&Path>,
) -> Result<ExitCode> {
    let ics = build(config, vault, clock, full)?;
    match file {
        Some(path) => {
            ties::feed::write(path, &ics, Some(vault))?;
            if std::io::stdout().is_terminal() {
                out.line(format!("Wrote the calendar feed to {}.", path.display()));
            }
        }
        None => out.raw(ics),
    }
    Ok(ExitCode::SUCCESS)
}

/// After `ties sync`: rewrites the feed the config names, saying so in one
/// line. A feed that cannot be written is said, not fatal: the sync is done.
pub fn refresh_feed(out: &mut Out, config: &Config, vault: &Vault, clock: &Clock) {
    let Some(feed) = feed_of(config, vault) else {
        return;
    };
    match feed.run(vault, clock) {
        Ok(()) => out.line(format!(
            "Refreshed the calendar feed {}.",
            feed.path.display()
        )),
        Err(e) => eprintln!("ties: synced, but {e}"),
    }
}

/// The feed the config names for this vault, if any.
pub fn feed_of(config: &Config, vault: &Vault) -> Option<ties::feed::Refresh> {
    Some(ties::feed::Refresh {
        path: config.feed_in(vault.root())?,
        defaults: ties::due::Defaults::of(config),
    })
}

/// `ties due --notify`: who is due today, as a desktop notification. For
/// cron and timers: never a failure status for want of a notification
/// service, and silent when nobody is due unless someone is watching.
/// How long `--notify` waits for the notification service.
const NOTIFY_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

pub fn notify(out: &mut Out, config: &Config, vault: &Vault, clock: &Clock) -> Result<ExitCode> {
    let index = load_index(vault, false)?;
    let defaults = ties::due::Defaults::of(config);
    let items = ties::due::due(index, clock, 0, &defaults, true);
    let Some(note) = ties::feed::today_note(&items, index) else {
        if std::io::stdout().is_terminal() {
            out.line("No one is due today: no notification shown.");
        }
        return Ok(ExitCode::SUCCESS);
    };
    // On a thread, waited for a few seconds at most: a bus that accepts
    // and never answers must not hold a cron job or a timer for ever.
    let (tx, rx) = std::sync::mpsc::channel();
    let (title, body) = (note.title.clone(), note.body.clone());
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("ties")
            .summary(&title)
            .body(&body)
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string());
        let _ = tx.send(shown);
    });
    let shown = rx
        .recv_timeout(NOTIFY_WAIT)
        .unwrap_or_else(|_| Err("the session bus did not answer within 3 seconds".into()));
    match shown {
        Ok(()) => {
            if std::io::stdout().is_terminal() {
                out.line(format!("Notified: {}", note.line()));
            }
        }
        Err(e) => {
            let mut why = ties::feed::one_line(&e);
            // "(os error 2)" says nothing to a person.
            if let Some(at) = why.find(" (os error ")
                && let Some(len) = why[at..].find(')')
            {
                why.replace_range(at..=at + len, "");
            }
            eprintln!(
                "ties: could not show a desktop notification, no notification service answered ({why}); {}",
                note.line()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
