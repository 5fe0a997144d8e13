//! `ties edit`: the user edits a copy; it lands only once it parses.

use std::io::{BufRead, Write};
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
    let path = vault.file_of(&slug);
    let before = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let dir = vault.state_dir().join("edit");
    fsutil::create_private_dir(&dir)?;
    let copy = dir.join(format!("{slug}.toml"));
    if copy.exists() {
        // A previous edit that did not land: start from it rather than lose it.
        out.line(format!(
            "Resuming your unsaved edit of {} ({}).",
            Vault::rel(&slug),
            copy.display()
        ));
        out.flush();
    } else {
        fsutil::write_atomic(
            &copy,
            before.as_bytes(),
            &vault.state_dir().join("tmp"),
            Some(0o600),
        )?;
    }
    loop {
        super::run_editor(&copy)?;
        let after = std::fs::read_to_string(&copy)
            .with_context(|| format!("could not read {}", copy.display()))?;
        if after == before {
            let _ = std::fs::remove_file(&copy);
            out.line(format!("No changes to {}.", Vault::rel(&slug)));
            return Ok(ExitCode::SUCCESS);
        }
        match parse_loaded(&slug, after.as_bytes()) {
            Ok(_) => {
                if !replace_text(vault, &slug, &before, &after)? {
                    return Err(anyhow!(
                        "{} changed on disk while you were editing, so it was not overwritten; your version is kept in {}",
                        Vault::rel(&slug),
                        copy.display()
                    ));
                }
                let _ = std::fs::remove_file(&copy);
                out.line(format!("Saved {}.", Vault::rel(&slug)));
                return Ok(ExitCode::SUCCESS);
            }
            Err(StoreError::Bad(problem)) => {
                eprintln!("ties: your edit does not parse: {problem}");
                if !super::stdin_is_terminal() {
                    return Err(anyhow!(
                        "{} was left unchanged; your edit is kept in {}",
                        Vault::rel(&slug),
                        copy.display()
                    ));
                }
                match ask("[e]dit again, or [r]estore the previous text (drops your edit)? [E/r] ")?
                    .as_str()
                {
                    "r" | "restore" => {
                        let _ = std::fs::remove_file(&copy);
                        out.line(format!("{} is unchanged.", Vault::rel(&slug)));
                        return Ok(ExitCode::SUCCESS);
                    }
                    _ => continue,
                }
            }
            Err(e) => return Err(e.into()),
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
