//! `ties edit`: the user edits a copy; it lands only once it parses, and only
//! over the text the copy was made from.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::{Out, one};
use ties::store::{StoreError, Vault, fsutil, parse_loaded, write::replace_text};

pub fn edit(out: &mut Out, vault: &Vault, who: &str) -> Result<ExitCode> {
    // A broken file can be edited too: that is how it gets fixed.
    let slug = match ties::resolve::fast(vault, who) {
        Some(s) => s,
        None => one(vault, who)?,
    };
    let rel = Vault::rel(&slug);
    let dir = vault.state_dir().join("edit");
    fsutil::create_private_dir(&dir)?;
    // The copy the user edits, and the file's text when the copy was made:
    // the edit may land only over that text, however later it is resumed.
    let copy = dir.join(format!("{slug}.toml"));
    let base = dir.join(format!("{slug}.toml.base"));
    let tmp = vault.state_dir().join("tmp");
    let before = if copy.exists() && base.exists() {
        out.line(format!(
            "Resuming your unsaved edit of {rel} ({}).",
            copy.display()
        ));
        out.flush();
        read(&base)?
    } else {
        let text = read(&vault.file_of(&slug))?;
        fsutil::write_atomic(&base, text.as_bytes(), &tmp, Some(0o600))?;
        fsutil::write_atomic(&copy, text.as_bytes(), &tmp, Some(0o600))?;
        text
    };
    let done = || {
        let _ = std::fs::remove_file(&copy);
        let _ = std::fs::remove_file(&base);
    };
    loop {
        super::run_editor(&copy)?;
        let after = read(&copy)?;
        if after == before {
            done();
            out.line(format!("No changes to {rel}."));
            return Ok(ExitCode::SUCCESS);
        }
        match parse_loaded(&slug, after.as_bytes()) {
            Ok(_) => {
                match replace_text(vault, &slug, &before, &after) {
                    Ok(()) => {}
                    Err(StoreError::ChangedMeanwhile(_)) => {
                        return Err(anyhow!(
                            "{rel} changed on disk since your edit began, so it was not overwritten; \
                             your version is kept in {} (compare, then delete it to start afresh)",
                            copy.display()
                        ));
                    }
                    Err(e) => return Err(e.into()),
                }
                done();
                out.line(format!("Saved {rel}."));
                return Ok(ExitCode::SUCCESS);
            }
            Err(StoreError::Bad(problem)) => {
                eprintln!("ties: your edit does not parse: {problem}");
                if !super::stdin_is_terminal() {
                    return Err(anyhow!(
                        "{rel} was left unchanged; your edit is kept in {}",
                        copy.display()
                    ));
                }
                match ask("[e]dit again, or [r]estore the previous text (drops your edit)? [E/r] ")?
                    .as_str()
                {
                    "r" | "restore" => {
                        done();
                        out.line(format!("{rel} is unchanged."));
                        return Ok(ExitCode::SUCCESS);
                    }
                    _ => continue,
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))
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
