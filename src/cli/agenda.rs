//! `ties agenda` and `ties prep --next`: the calendar the user already keeps.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use ties::calendar;
use ties::clock::Clock;
use ties::config::Config;
use ties::store::Vault;

use super::Out;
use super::args::ListFormat;

fn calendars(config: &Config, given: &[PathBuf]) -> Result<Vec<calendar::Calendar>> {
    let sources = if given.is_empty() {
        config.calendars.clone()
    } else {
        given.to_vec()
    };
    if sources.is_empty() {
        return Err(anyhow!(
            "no calendar to read: name one with --calendar FILE.ics (or a folder), or add `calendars = [\"~/calendar\"]` to the config file"
        ));
    }
    let (cals, problems) = calendar::load(&sources);
    for p in &problems {
        eprintln!("ties: {p}");
    }
    if cals.is_empty() {
        return Err(anyhow!(
            "no calendar found in {}",
            sources
                .iter()
                .map(|s| s.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(cals)
}

pub fn agenda(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    day: Option<String>,
    given: &[PathBuf],
    format: ListFormat,
) -> Result<ExitCode> {
    let day = match day {
        Some(d) => clock.parse_date(&d).ok_or_else(|| {
            anyhow!("--day `{d}` is not a date (write 2026-11-30, tomorrow, friday or +3d)")
        })?,
        None => clock.today(),
    };
    let cals = calendars(config, given)?;
    let index = ties::index::Index::load(vault, false, None)?;
    let (mut meetings, problems) = calendar::on_day(&cals, day, clock);
    for p in &problems {
        eprintln!("ties: {p}");
    }
    let defaults = ties::due::Defaults::of(config);
    let mut notes: Vec<Vec<(String, Vec<String>)>> = Vec::new();
    for m in &mut meetings {
        calendar::match_people(&index, m);
        let mut per = Vec::new();
        for a in &m.attendees {
            if let Some(slug) = &a.slug
                && let Ok(l) = vault.read(slug)
            {
                let mut p = l.person;
                defaults.apply(&mut p.cadence, &p.tags);
                let links = ties::network::among(&p, &index.people);
                let sheet = ties::prep::prep(&p, links, clock, false);
                per.push((p.name.clone(), calendar::highlights(&sheet)));
            }
        }
        notes.push(per);
    }
    if format == ListFormat::Json {
        let v: Vec<serde_json::Value> = meetings
            .iter()
            .zip(&notes)
            .map(|(m, n)| {
                serde_json::json!({
                    "meeting": m,
                    "people": n.iter().map(|(name, lines)| serde_json::json!({"name": name, "notes": lines})).collect::<Vec<_>>(),
                })
            })
            .collect();
        out.raw(serde_json::to_string_pretty(&v)? + "\n");
        return Ok(ExitCode::SUCCESS);
    }
    out.line(format!("{}", day.format("%A %-d %B %Y")));
    if meetings.is_empty() {
        out.line("No meetings.");
    }
    let room = super::output::width().map(|w| w.saturating_sub(6));
    for (m, per) in meetings.iter().zip(&notes) {
        out.line("");
        let place = m
            .location
            .as_deref()
            .map(|l| format!("  ({l})"))
            .unwrap_or_default();
        let remark = m.remark().map(|r| format!(" {r}")).unwrap_or_default();
        out.line(format!("{}  {}{remark}{place}", m.when(), m.title));
        for (name, lines) in per {
            out.line(format!("    {name}"));
            for l in lines {
                out.line(format!("      {}", ties::text::fit_to(l, room)));
            }
        }
        let unknown: Vec<String> = m
            .attendees
            .iter()
            .filter(|a| a.slug.is_none() && !a.organizer)
            .filter_map(|a| a.name.clone().or_else(|| a.email.clone()))
            .collect();
        if !unknown.is_empty() {
            out.line(format!("    not in ties: {}", unknown.join(", ")));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The people ties knows in the next meeting, for `prep --next`.
pub fn next_attendees(
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    given: &[PathBuf],
) -> Result<Vec<String>> {
    let cals = calendars(config, given)?;
    let mut m = calendar::next(&cals, clock)
        .ok_or_else(|| anyhow!("no meeting with attendees in the next 14 days"))?;
    let index = ties::index::Index::load(vault, false, None)?;
    calendar::match_people(&index, &mut m);
    let slugs: Vec<String> = m.attendees.iter().filter_map(|a| a.slug.clone()).collect();
    eprintln!(
        "ties: next meeting: {} at {}",
        m.title,
        m.start.format("%a %b %-d %H:%M")
    );
    if slugs.is_empty() {
        return Err(anyhow!(
            "no one in \"{}\" is in the vault (attendees: {})",
            m.title,
            m.attendees
                .iter()
                .filter_map(|a| a.email.clone().or_else(|| a.name.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(slugs)
}
