//! `ties edit`: the user edits a copy; it lands only once it parses, and only
//! over the text the copy was made from (see `ties::store::edit`).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::{Out, one};
use ties::store::Vault;
use ties::store::edit::{EditSession, Outcome};

pub fn edit(
    out: &mut Out,
    config: &ties::config::Config,
    vault: &Vault,
    who: &str,
) -> Result<ExitCode> {
    // A broken file can be edited too: that is how it gets fixed.
    let slug = match ties::resolve::fast(vault, who) {
        Some(s) => s,
        None => one(vault, who)?,
    };
    let rel = Vault::rel(&slug);
    let session = EditSession::begin(vault, &slug)?;
    if let Some(what) = &session.recoded {
        eprintln!("ties: {rel}: {what}.");
    }
    if session.resumed {
        out.line(format!(
            "Resuming your unsaved edit of {rel} ({}).",
            session.copy.display()
        ));
        out.flush();
    }
    loop {
        super::run_editor(&session.copy)?;
        match session.finish(vault)? {
            Outcome::Unchanged => {
                out.line(format!("No changes to {rel}."));
                return Ok(ExitCode::SUCCESS);
            }
            Outcome::Saved => {
                let name = vault
                    .read(&slug)
                    .map(|l| l.person.name)
                    .unwrap_or(slug.clone());
                super::sync::commit_as_you_go(config, vault, &slug, &format!("edit {name}"));
                match &session.recoded {
                    Some(_) => out.line(format!("Saved {rel}, now in UTF-8.")),
                    None => out.line(format!("Saved {rel}.")),
                }
                return Ok(ExitCode::SUCCESS);
            }
            Outcome::ChangedMeanwhile => {
                return Err(anyhow!(
                    "{rel} changed on disk since your edit began, so it was not overwritten; \
                     your version is kept in {} (compare, then delete it to start afresh)",
                    session.copy.display()
                ));
            }
            Outcome::Bad(problem) => {
                eprintln!("ties: your edit does not parse: {problem}");
                if !super::stdin_is_terminal() {
                    return Err(anyhow!(
                        "{rel} was left unchanged; your edit is kept in {}",
                        session.copy.display()
                    ));
                }
                match ask("[e]dit again, or [r]estore the previous text (drops your edit)? [E/r] ")?
                    .as_str()
                {
                    "r" | "restore" => {
                        session.discard();
                        out.line(format!("{rel} is unchanged."));
                        return Ok(ExitCode::SUCCESS);
                    }
                    _ => continue,
                }
            }
        }
    }
}

fn ask(prompt: &str) -> Result<String> {
    eprint!("{prompt}");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("could not read the answer")?;
    Ok(line.trim().to_ascii_lowercase())
}
