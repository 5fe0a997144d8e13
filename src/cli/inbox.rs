//! `ties inbox`: file the lines of inbox.md on each person's log.

use std::process::ExitCode;

use anyhow::Result;
use ties::clock::Clock;
use ties::config::Config;
use ties::store::Vault;

use super::Out;
use super::args::ListFormat;

pub fn inbox(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    dry_run: bool,
    format: ListFormat,
) -> Result<ExitCode> {
    let commit = config.autocommit != Some(false);
    let taken = ties::sync::inbox::take(vault, clock, dry_run, commit)?;
    if format == ListFormat::Json {
        out.raw(serde_json::to_string_pretty(&taken)? + "\n");
        return Ok(ExitCode::SUCCESS);
    }
    let width = super::output::width();
    let fit = |s: String| ties::text::fit_to(&s, width);
    let file = ties::inbox::FILE;
    if taken.taken.is_empty() && taken.left.is_empty() {
        out.line(format!("Nothing to take from {file}."));
    }
    if !taken.taken.is_empty() {
        let n = taken.taken.len();
        out.line(format!(
            "{} {n} note{} from {file}:",
            if dry_run { "Would take" } else { "Took" },
            if n == 1 { "" } else { "s" }
        ));
        for t in &taken.taken {
            let at = chrono::DateTime::parse_from_rfc3339(&t.at)
                .map(|at| clock.local(&at).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|_| t.at.clone());
            out.line(fit(format!("  {}  {at}  {}: {}", t.name, t.via, t.text)));
        }
    }
    if !taken.left.is_empty() {
        let n = taken.left.len();
        out.line(format!(
            "{} {n} line{} in {file}, for you to fix:",
            if dry_run { "Would leave" } else { "Left" },
            if n == 1 { "" } else { "s" }
        ));
        for l in &taken.left {
            out.line(fit(format!("  {}  ({})", l.line, l.why)));
        }
    }
    if let Some(c) = &taken.committed {
        out.line(format!("Committed \"{c}\"."));
    }
    if let Some(e) = &taken.not_committed {
        eprintln!("ties: saved, but not committed to git: {e}");
    }
    Ok(ExitCode::SUCCESS)
}
