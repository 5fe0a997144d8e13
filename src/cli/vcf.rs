//! `ties import FILE.vcf` and `ties export --vcf`.

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
    // Old exporters write Latin-1; read it rather than refuse it.
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let (contacts, unreadable) = vcard::parse(&text);
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
    let index = ties::index::Index::load(vault, false, None)?;
    let plan = vcard::plan(vault, &index, &contacts);
    let steps = if dry_run {
        plan
    } else {
        vcard::apply(vault, &contacts, plan)
    };
    if !dry_run && config.autocommit != Some(false) && ties::sync::git::in_repository(vault.root())
    {
        let index = ties::index::Index::load(vault, false, None)?;
        for s in &steps {
            let (slug, what) = match s {
                Step::Add { name } => match index.people.iter().find(|p| &p.name == name) {
                    Some(p) => (p.slug.clone(), format!("add {name} (import)")),
                    None => continue,
                },
                Step::Update { slug, name, .. } => {
                    (slug.clone(), format!("update {name} (import)"))
                }
                Step::Skip { .. } => continue,
            };
            super::sync::commit_as_you_go(config, vault, &slug, &what);
        }
    }
    match format {
        ListFormat::Json => out.raw(
            serde_json::to_string_pretty(&serde_json::json!({
                "dry_run": dry_run, "steps": steps, "unreadable": unreadable
            }))? + "\n",
        ),
        ListFormat::Text => {
            let count = |f: fn(&Step) -> bool| steps.iter().filter(|s| f(s)).count();
            let (a, u, k) = (
                count(|s| matches!(s, Step::Add { .. })),
                count(|s| matches!(s, Step::Update { .. })),
                count(|s| matches!(s, Step::Skip { .. })) + unreadable.len(),
            );
            let (added, updated) = if dry_run {
                ("to add", "to update")
            } else {
                ("added", "updated")
            };
            out.line(format!(
                "{}{a} {added}, {u} {updated}, {k} skipped:",
                if dry_run {
                    "Dry run, nothing written: "
                } else {
                    ""
                },
            ));
            for s in &steps {
                match s {
                    Step::Add { name } => out.line(format!("  + {name}")),
                    Step::Update { name, what, .. } => {
                        out.line(format!("  ~ {name}: {}", what.join(", ")))
                    }
                    Step::Skip { name, reason } => out.line(format!("  - {name}: {reason}")),
                }
            }
            for r in &unreadable {
                out.line(format!("  - {r}"));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

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
        match vault.read(&slug) {
            Ok(l) => people.push(l.person),
            Err(e) if who.is_empty() => eprintln!("ties: skipped {}: {e}", Vault::rel(&slug)),
            Err(e) => return Err(e.into()),
        }
    }
    out.raw(vcard::export(&people));
    Ok(ExitCode::SUCCESS)
}
