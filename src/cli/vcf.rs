//! `ties import FILE.vcf` and `ties export --vcf`.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use ties::config::Config;
use ties::store::Vault;
use ties::vcard::{self, Step};

use super::Out;
use super::args::ListFormat;

pub fn import(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    file: &Path,
    dry_run: bool,
    format: ListFormat,
) -> Result<ExitCode> {
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let (text, how) = ties::decode::decode(&bytes)
        .map_err(|e| anyhow::anyhow!("could not import {}: {e}", file.display()))?;
    let (contacts, unreadable) = read(file, &text)?;
    let (contacts, merged) = vcard::merge_duplicates(contacts);
    let index = ties::index::Index::load(vault, false, None)?;
    let plan = vcard::plan(vault, &index, &contacts);
    let steps = if dry_run {
        plan
    } else {
        let shown = progress(plan.len());
        let steps = vcard::apply(vault, &contacts, plan, shown.as_ref().map(|p| p as _));
        commit(config, vault, file, &steps, shown.is_some());
        steps
    };
    let count = |f: fn(&Step) -> bool| steps.iter().filter(|s| f(s)).count();
    let failed = count(|s| matches!(s, Step::Failed { .. }));
    match format {
        ListFormat::Json => out.raw(
            serde_json::to_string_pretty(&serde_json::json!({
                "dry_run": dry_run, "steps": steps, "unreadable": unreadable,
                "merged": merged.iter().map(|(name, cards)| serde_json::json!({"name": name, "cards": cards})).collect::<Vec<_>>(),
                "encoding": match how {
                    ties::decode::Read::Utf8 => "utf-8",
                    ties::decode::Read::Utf16 => "utf-16",
                    ties::decode::Read::Windows1252 => "windows-1252",
                },
            }))? + "\n",
        ),
        ListFormat::Text => {
            let (a, u, k) = (
                count(|s| matches!(s, Step::Add { .. })),
                count(|s| matches!(s, Step::Update { .. })),
                count(|s| matches!(s, Step::Skip { .. })) + unreadable.len(),
            );
            let (added, updated, failing) = if dry_run {
                ("to add", "to update", "would fail")
            } else {
                ("added", "updated", "failed")
            };
            out.line(format!(
                "{}{a} {added}, {u} {updated}, {k} skipped{}:",
                if dry_run {
                    "Dry run, nothing written: "
                } else {
                    ""
                },
                if failed > 0 {
                    format!(", {failed} {failing}")
                } else {
                    String::new()
                },
            ));
            for s in &steps {
                match s {
                    Step::Add { name, kept, .. } => {
                        out.line(format!("  + {name}{}", kept_as_text(kept)))
                    }
                    Step::Update {
                        name, what, kept, ..
                    } => out.line(format!(
                        "  ~ {name}: {}{}",
                        what.join(", "),
                        kept_as_text(kept)
                    )),
                    Step::Skip { name, reason } => out.line(format!("  - {name}: {reason}")),
                    Step::Failed { name, reason, .. } => out.line(format!("  ! {name}: {reason}")),
                }
            }
            for r in &unreadable {
                out.line(format!("  - {r}"));
            }
            for (name, cards) in &merged {
                out.line(format!(
                    "  = {name}: {cards} cards in this file, taken as one person"
                ));
            }
            if how == ties::decode::Read::Windows1252 {
                out.line(format!(
                    "  (read {} as Windows-1252: it is not UTF-8)",
                    file.display()
                ));
            }
        }
    }
    if failed == 0 || dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    // The rest was imported: say which contacts were not, and why.
    for s in &steps {
        if let Step::Failed { name, reason, .. } = s {
            eprintln!("ties: could not import {name}: {reason}");
        }
    }
    Ok(ExitCode::FAILURE)
}

/// The contacts of a vCard or a contact CSV (told apart by what the file
/// holds, its name only breaking a tie), and what could not be read.
fn read(file: &Path, text: &str) -> Result<(Vec<vcard::Contact>, Vec<String>)> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let vcard_like = start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"));
    let vcf_name = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
    let csv = if vcard_like {
        None
    } else {
        match ties::csvimport::parse(text) {
            Ok((_, contacts, skipped)) => Some((contacts, skipped)),
            Err(e) if !vcf_name => anyhow::bail!("could not import {}: {e}", file.display()),
            Err(_) => None,
        }
    };
    if let Some((contacts, skipped)) = csv {
        if contacts.is_empty() {
            anyhow::bail!(
                "{} holds no contact ties can read{}",
                file.display(),
                skipped
                    .first()
                    .map(|u| format!("; found {u}"))
                    .unwrap_or_default()
            );
        }
        return Ok((contacts, skipped));
    }
    let (contacts, unreadable) = vcard::parse(text);
    if contacts.is_empty() {
        anyhow::bail!(
            "{} holds no contact ties can read (a vCard is BEGIN:VCARD ... END:VCARD){}",
            file.display(),
            unreadable
                .first()
                .map(|u| format!("; found {u}"))
                .unwrap_or_default()
        );
    }
    Ok((contacts, unreadable))
}

/// " (kept as text: birthday \"1975-02-29\")", said of a person whose
/// value was no valid date, so the user knows where to look.
fn kept_as_text(kept: &[String]) -> String {
    if kept.is_empty() {
        String::new()
    } else {
        format!(" (kept as text: {})", kept.join(", "))
    }
}

/// One commit for everything the import wrote, as "commit as you go" does
/// for one save: only in a git vault, unless `autocommit = false`.
fn commit(config: &Config, vault: &Vault, file: &Path, steps: &[Step], show: bool) {
    if config.autocommit == Some(false) || !ties::sync::git::in_repository(vault.root()) {
        return;
    }
    let (mut added, mut updated) = (0, 0);
    let mut seen = HashSet::new();
    let mut slugs = Vec::new();
    for s in steps {
        let slug = match s {
            Step::Add {
                slug: Some(slug), ..
            } => {
                added += 1;
                slug
            }
            Step::Update { slug, .. } => {
                updated += 1;
                slug
            }
            // A new person only partly filled in is still a file to keep.
            Step::Failed {
                slug: Some(slug), ..
            } => slug,
            _ => continue,
        };
        // Two cards for one person: the file once, or git's own count is off.
        if seen.insert(slug.as_str()) {
            slugs.push(slug.as_str());
        }
    }
    let n = added + updated;
    let message = format!(
        "import {n} contact{} from {} ({added} added, {updated} updated)",
        if n == 1 { "" } else { "s" },
        file.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_else(|| file.to_string_lossy())
    );
    // git takes a few seconds over thousands of new files: say so.
    if show && !slugs.is_empty() {
        eprint!("\rties: committing {} files to git…", slugs.len());
    }
    let result = ties::sync::commit_people(vault, &slugs, &message);
    if show && !slugs.is_empty() {
        eprint!("\r\x1b[K");
    }
    if let Err(e) = result {
        eprintln!("ties: imported, but not committed to git: {e}");
    }
}

/// A progress line on standard error for a long import, when it is a terminal.
fn progress(total: usize) -> Option<impl Fn(usize, usize)> {
    (total > PROGRESS_FROM && std::io::stderr().is_terminal()).then_some(|done: usize, total| {
        if done.is_multiple_of(50) || done == total {
            eprint!(
                "\rties: importing {done}/{total}…{}",
                if done == total { "\r\x1b[K" } else { "" }
            );
        }
    })
}

/// Below this many contacts an import is quick enough to need no progress.
const PROGRESS_FROM: usize = 300;

pub fn export(out: &mut Out, vault: &Vault, who: &[String]) -> Result<ExitCode> {
    let slugs: Vec<String> = if who.is_empty() {
        vault.scan()?.into_iter().map(|f| f.slug).collect()
    } else {
        who.iter()
            .map(|w| super::one(vault, w))
            .collect::<Result<Vec<_>>>()?
    };
    let mut people = Vec::new();
    for slug in slugs {
        // As written: an encrypted fact stays encrypted, and is left out.
        match vault.read_sealed(&slug) {
            Ok(l) => people.push(l),
            Err(e) if who.is_empty() => eprintln!("ties: skipped {}: {e}", Vault::rel(&slug)),
            Err(e) => return Err(e.into()),
        }
    }
    out.raw(vcard::export(&people));
    Ok(ExitCode::SUCCESS)
}
