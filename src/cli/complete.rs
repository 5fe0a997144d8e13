//! Shell completions: `ties completions SHELL` prints code that asks this
//! binary what fits (`TIES_COMPLETE=SHELL ties -- WORDS...`), so commands,
//! options and the people in the vault (WHO) all complete.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::CommandFactory;
use clap_complete::env::{CompleteEnv, Shells};

use super::args::{Cli, Shell};

/// The variable the shell code sets when it asks for completions; ties's
/// own, so a `COMPLETE` set for something else never changes what ties does.
const VAR: &str = "TIES_COMPLETE";

/// Answers the shell and exits when it is asking; otherwise returns at once.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(Cli::command).var(VAR).complete();
}

/// `ties completions SHELL`: the code to source in that shell.
pub fn completions(shell: Shell) -> Result<ExitCode> {
    let name = shell.name();
    let shells = Shells::builtins();
    let sh = shells
        .completer(name)
        .ok_or_else(|| anyhow!("ties cannot complete in {name}"))?;
    let mut buf = Vec::new();
    sh.write_registration(VAR, "ties", "ties", &completer(), &mut buf)
        .context("could not write the completion code")?;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(&buf).and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(anyhow!("could not write the completion code: {e}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// The program the shell runs to ask: `ties` when it was found on PATH,
/// else this binary by its full path (`./target/release/ties completions`).
fn completer() -> String {
    let arg0 = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| "ties".into()));
    if arg0.components().count() < 2 {
        return arg0.to_string_lossy().into_owned();
    }
    std::env::current_exe()
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(&arg0)))
        .unwrap_or(arg0)
        .to_string_lossy()
        .into_owned()
}
