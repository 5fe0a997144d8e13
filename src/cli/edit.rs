//! `ties edit`: the user edits a copy; it lands only once it parses, and only
//! over the text the copy was made from (see `ties::store::edit`).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::{Out, one};
use ties::store::Vault;
use ties::store::edit::{EditSession, Left, Outcome};

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
    let mut session = start(out, vault, &slug, &rel)?;
    if let Some(what) = &session.recoded {
        eprintln!("ties: {rel}: {what}.");
    }
    if let Some(note) = session.locked_note() {
        eprintln!("ties: {note}");
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
                sealed_then_committed(config, vault, &slug, &name)?;
                match &session.recoded {
                    Some(_) => out.line(format!("Saved {rel}, now in UTF-8.")),
                    None => out.line(format!("Saved {rel}.")),
                }
                return Ok(ExitCode::SUCCESS);
            }
            Outcome::SavedMerged => {
                let name = vault
                    .read(&slug)
                    .map(|l| l.person.name)
                    .unwrap_or(slug.clone());
                sealed_then_committed(config, vault, &slug, &name)?;
                out.line(format!(
                    "Saved {rel}, with the changes made to it while you edited."
                ));
                return Ok(ExitCode::SUCCESS);
            }
            Outcome::Conflicts(keys) => {
                let both = if keys.is_empty() {
                    String::new()
                } else {
                    format!(" and both changed {}", keys.join(", "))
                };
                eprintln!(
                    "ties: {rel} changed while you edited it{both}; your copy now holds both versions"
                );
                if !super::stdin_is_terminal() {
                    return Err(anyhow!(
                        "{rel} was left unchanged; your edit, merged with the file's changes between markers, is kept in {} and `ties edit {slug}` resumes it",
                        session.copy.display()
                    ));
                }
                continue;
            }
            Outcome::Bad(problem) => {
                eprintln!("ties: your edit does not parse: {problem}");
                if let Some(done) = again_or_restore(out, &session, &rel)? {
                    return Ok(done);
                }
            }
            Outcome::Locked(why) => {
                eprintln!("ties: {why}");
                if let Some(done) = again_or_restore(out, &session, &rel)? {
                    return Ok(done);
                }
            }
        }
    }
}

/// An edit that cannot land as it is: in a terminal, edit again (None) or
/// restore the previous text; else it is kept and the command fails.
fn again_or_restore(out: &mut Out, session: &EditSession, rel: &str) -> Result<Option<ExitCode>> {
    if !super::stdin_is_terminal() {
        return Err(anyhow!(
            "{rel} was left unchanged; your edit is kept in {}",
            session.copy.display()
        ));
    }
    match ask("[e]dit again, or [r]estore the previous text (drops your edit)? [E/r] ")?.as_str() {
        "r" | "restore" => {
            session.discard();
            out.line(format!("{rel} is unchanged."));
            Ok(Some(ExitCode::SUCCESS))
        }
        _ => Ok(None),
    }
}

/// The edit to open: a copy left by an earlier edit over a file that has
/// changed since is offered (resume it merged onto the file, keep it aside,
/// drop it); one over an unchanged file is simply resumed.
fn start(out: &mut Out, vault: &Vault, slug: &str, rel: &str) -> Result<EditSession> {
    let left = Left::find(vault, slug);
    if let Some(l) = left.iter().find(|l| !l.file_changed).cloned() {
        out.line(format!(
            "Resuming your unsaved edit of {rel} ({}).",
            l.copy.display()
        ));
        out.flush();
        return Ok(l.resume()?);
    }
    let Some(l) = left.into_iter().next() else {
        return Ok(EditSession::fresh(vault, slug)?);
    };
    eprintln!(
        "ties: an earlier edit of {rel} was not saved ({}), and the file has changed since.",
        l.copy.display()
    );
    let choice = if super::stdin_is_terminal() {
        ask(
            "[m]erge it onto the file and go on editing, [k]eep it aside and start afresh, or [d]rop it? [M/k/d] ",
        )?
    } else {
        // Without a terminal to ask: merging keeps both, so it is the safe default.
        "m".into()
    };
    match choice.as_str() {
        "k" | "keep" => {
            let at = l.keep_aside(vault)?;
            eprintln!("ties: kept aside in {}", at.display());
            Ok(EditSession::fresh(vault, slug)?)
        }
        "d" | "drop" => {
            l.drop_it();
            Ok(EditSession::fresh(vault, slug)?)
        }
        _ => {
            let (session, conflicts) = l.merge_onto_file(vault)?;
            match conflicts {
                None => out.line(format!(
                    "Resuming your earlier edit ({}); it does not parse yet, and is merged onto {rel} once it does.",
                    session.copy.display()
                )),
                Some(c) if c.is_empty() => out.line(format!(
                    "Your earlier edit is merged onto {rel} as it is now ({}).",
                    session.copy.display()
                )),
                Some(c) => out.line(format!(
                    "Your earlier edit is merged onto {rel}; both changed {} (between markers in {}).",
                    c.join(", "),
                    session.copy.display()
                )),
            }
            out.flush();
            Ok(session)
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

/// After an edit: in a vault that encrypts, the private entries the edit
/// wrote in the clear are sealed before the commit; if they cannot be,
/// nothing is committed and the user is told.
fn sealed_then_committed(
    config: &ties::config::Config,
    vault: &Vault,
    slug: &str,
    name: &str,
) -> Result<()> {
    if let Err(e) = ties::store::seal::seal_one(vault, slug) {
        return Err(anyhow!(
            "saved {}, but its private entries could not be encrypted, so it was not committed: {e}",
            Vault::rel(slug)
        ));
    }
    super::sync::commit_as_you_go(config, vault, slug, &format!("edit {name}"));
    Ok(())
}
