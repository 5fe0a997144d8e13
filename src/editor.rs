//! Running the user's `$VISUAL` / `$EDITOR` on a file, with no shell: the
//! command is split into words, and the path is one argument of its own.

use anyhow::{Context, Result, anyhow};

/// The editor command: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor_command() -> Result<Vec<String>> {
    let raw = std::env::var("VISUAL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let words = shell_words::split(&raw)
        .with_context(|| format!("could not understand the editor command `{raw}`"))?;
    if words.is_empty() {
        return Err(anyhow!("the editor command is empty"));
    }
    Ok(words)
}

/// Runs the editor on a file (no shell: the path is one argument of its own).
pub fn run_editor(path: &std::path::Path) -> Result<()> {
    let cmd = editor_command()?;
    let status = std::process::Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg(path)
        .status()
        .with_context(|| format!("could not start the editor `{}`", cmd[0]))?;
    if !status.success() {
        return Err(anyhow!("the editor `{}` exited with {status}", cmd[0]));
    }
    Ok(())
}
