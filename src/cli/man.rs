//! `ties man`: the manual, from the same clap definition as `--help`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use super::Out;
use super::args::Cli;

/// The command tree as the pages show it: `ties-log` for `ties log`.
fn tree() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    Man::new(cmd)
        .date(env!("TIES_BUILD_DATE"))
        .source(format!("ties {}", env!("CARGO_PKG_VERSION")))
        .manual("ties manual")
        .render(&mut buf)
        .context("could not render the man page")?;
    // clap_mangen heads what `--help` says after the options "EXTRA".
    let text = String::from_utf8_lossy(&buf).replace(".SH EXTRA\n", ".SH NOTES\n");
    Ok(text.into_bytes())
}

/// `ties man`: one page with every command's synopsis and options, and
/// the environment, files and exit status, for `ties man | man -l -`.
pub fn print(out: &mut Out) -> Result<ExitCode> {
    let top = tree();
    let mut roff = page(top.clone())?;
    let mut commands = b".SH COMMANDS\n".to_vec();
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        commands.extend(section(sub)?);
    }
    roff.extend(commands);
    roff.extend(TAIL.as_bytes());
    out.raw(String::from_utf8_lossy(&roff));
    Ok(ExitCode::SUCCESS)
}

/// One command as a subsection: its description, synopsis and options
/// (clap_mangen's own sections, without their headings).
fn section(cmd: &clap::Command) -> Result<Vec<u8>> {
    let man = Man::new(cmd.clone());
    let mut buf = format!(".SS \"ties {}\"\n", cmd.get_name()).into_bytes();
    let mut part = Vec::new();
    man.render_description_section(&mut part)?;
    man.render_synopsis_section(&mut part)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut part)?;
    }
    // Headings become plain paragraphs inside this command's subsection;
    // the string-definition lines clap_mangen starts each render with are
    // already in the page's preamble.
    for line in String::from_utf8_lossy(&part).lines() {
        if line.starts_with(".SH") {
            buf.extend(b".PP\n");
        } else if !line.starts_with(".ie ") && !line.starts_with(".el ") {
            buf.extend(line.as_bytes());
            buf.push(b'\n');
        }
    }
    Ok(buf)
}

/// What `--help` has no room for.
const TAIL: &str = r#".SH ENVIRONMENT
.TP
\fBTIES_VAULT\fR
The vault folder, when \fB\-\-vault\fR is not given.
.TP
\fBTIES_CONFIG\fR
The config file, instead of config.toml in the platform's config folder.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor for \fBties edit\fR, \fBties log\fR with no text, and \fBe\fR in the terminal UI.
.TP
\fBNO_COLOR\fR
When set, the terminal UI uses no colour.
.TP
\fBTIES_NOW\fR
The moment ties treats as now (RFC 3339), for tests and scripts.
.SH FILES
.TP
\fIVAULT\fR/people/\fISLUG\fR.toml
One person: plain TOML, safe to edit by hand and to keep in git; comments and unknown keys survive every save.
.TP
\fIVAULT\fR/.ties/
Caches derived from the files (an index, history); checksummed, safe to delete.
.TP
config.toml in the platform's config folder (~/.config/ties on Linux, or \fB$TIES_CONFIG\fR)
Settings: the default vault, calendars, due_days, discreet, and more (see the README).
.SH EXIT STATUS
0 on success; 1 on failure, when \fBcheck\fR finds a problem, or when \fBsearch\fR finds nothing; 2 on bad usage, or a WHO that fits several people.
.SH SEE ALSO
\fBgit\fR(1). One page per command: \fBties man \-\-out\fR \fIDIR\fR.
"#;

/// `ties man --out DIR`: `ties.1` and one page per command (`ties-log.1`),
/// each written whole or not at all.
pub fn write_all(out: &mut Out, dir: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not make {}", dir.display()))?;
    let mut written = 0;
    let mut stack = vec![tree()];
    while let Some(cmd) = stack.pop() {
        stack.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let name = format!(
            "{}.1",
            cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
        );
        let path = dir.join(&name);
        let mut roff = page(cmd)?;
        if name == "ties.1" {
            roff.extend(TAIL.as_bytes());
        }
        ties::store::fsutil::write_atomic(&path, &roff, dir, Some(0o644))
            .with_context(|| format!("could not write {}", path.display()))?;
        written += 1;
    }
    out.line(format!(
        "Wrote {written} man pages to {} (try: man -l {})",
        dir.display(),
        dir.join("ties.1").display()
    ));
    Ok(ExitCode::SUCCESS)
}
