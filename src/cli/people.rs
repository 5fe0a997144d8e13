//! Commands about people together: link, unlink, intro, intros.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::args::ListFormat;
use super::{Out, one};
use ties::clock::Clock;
use ties::config::Config;
use ties::index::Summary;
use ties::store::Vault;
use ties::store::intro as i;

use super::sync::commit_all_as_you_go as commit_all;

use super::name_of;

pub fn link(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    who: &str,
    other: &str,
    label: Option<&str>,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    let other = one(vault, other)?;
    let Some(label) = label else {
        return unlink(out, config, vault, &slug, &other);
    };
    let p = i::link(vault, &slug, &other, label)?;
    let them = name_of(vault, &other);
    let back = ties::model::inverse_label(label);
    commit_all(
        config,
        vault,
        std::slice::from_ref(&slug),
        &format!("link {}: {} is their {}", p.name, them, label.trim()),
    );
    out.line(format!(
        "{them} is {}'s {} ({}); {}'s sheet shows {} as their {back}.",
        p.name,
        label.trim(),
        Vault::rel(&slug),
        them,
        p.name
    ));
    Ok(ExitCode::SUCCESS)
}

fn unlink(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    slug: &str,
    other: &str,
) -> Result<ExitCode> {
    let (a, b) = (name_of(vault, slug), name_of(vault, other));
    let changed = i::unlink(vault, slug, other)?;
    if changed.is_empty() {
        return Err(anyhow!("{a} and {b} have no link to take away"));
    }
    commit_all(config, vault, &changed, &format!("unlink {a} and {b}"));
    out.line(format!("{a} and {b} are no longer linked."));
    Ok(ExitCode::SUCCESS)
}

pub fn unlink_cmd(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    who: &str,
    other: &str,
) -> Result<ExitCode> {
    let slug = one(vault, who)?;
    let other = one(vault, other)?;
    unlink(out, config, vault, &slug, &other)
}

pub fn intro(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    clock: &Clock,
    who: &str,
    other: &str,
    why: Option<&str>,
) -> Result<ExitCode> {
    let a = one(vault, who)?;
    let b = one(vault, other)?;
    let (pa, pb) = i::introduce(vault, &a, &b, why, clock.now)?;
    commit_all(
        config,
        vault,
        &[a.clone(), b.clone()],
        &format!("introduce {} to {}", pa.name, pb.name),
    );
    let due = ties::due::Defaults::of(config).follow_up_on(clock.today());
    out.line(format!(
        "Introduced {} to {} ({} and {}).",
        pa.name,
        pb.name,
        Vault::rel(&a),
        Vault::rel(&b)
    ));
    out.line(format!(
        "On {due}, `ties due` will say: ask {} how the introduction to {} went.",
        pa.name.split_whitespace().next().unwrap_or(&pa.name),
        pb.name
    ));
    Ok(ExitCode::SUCCESS)
}

/// One introduction, as `ties intros` lists it.
#[derive(Debug, Serialize)]
struct Made {
    on: chrono::NaiveDate,
    /// The first named, then the other.
    people: [String; 2],
    slugs: [String; 2],
    why: Option<String>,
    followed: Option<chrono::NaiveDate>,
    /// When the follow-up is due, while it is not done.
    due: Option<chrono::NaiveDate>,
}

/// An introduction someone made for you (`met = "introduced by @ravi"`).
#[derive(Debug, Serialize)]
struct Received {
    by: String,
    by_slug: String,
    to: String,
    to_slug: String,
}

pub fn intros(
    out: &mut Out,
    config: &Config,
    vault: &Vault,
    who: Option<&str>,
    format: ListFormat,
) -> Result<ExitCode> {
    let only = who.map(|w| one(vault, w)).transpose()?;
    let index = super::read::load_index(vault, false)?;
    let people = &index.people;
    let name = |slug: &str| -> String {
        people
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .map(|at| people[at].name.clone())
            .unwrap_or_else(|_| slug.to_string())
    };
    let defaults = ties::due::Defaults::of(config);
    let involves = |a: &str, b: &str| only.as_deref().is_none_or(|o| o == a || o == b);
    // Each introduction is on both files: keep one, the first named's when
    // it can be told, with the follow-up if either side has it.
    let mut made: Vec<Made> = Vec::new();
    let mut sides: Vec<(&Summary, &ties::model::Intro)> = people
        .iter()
        .flat_map(|s| s.intros.iter().map(move |i| (s, i)))
        .collect();
    sides.sort_by_key(|(_, i)| !i.ask);
    for (s, i) in sides {
        if !involves(&s.slug, &i.with) {
            continue;
        }
        let same = |m: &Made| {
            m.on == i.on
                && ((m.slugs[0] == s.slug && m.slugs[1] == i.with)
                    || (m.slugs[1] == s.slug && m.slugs[0] == i.with))
        };
        if let Some(m) = made.iter_mut().find(|m| same(m)) {
            if m.followed.is_none() && i.followed.is_some() {
                m.followed = i.followed;
                m.due = None;
            }
            continue;
        }
        made.push(Made {
            on: i.on,
            people: [s.name.clone(), name(&i.with)],
            slugs: [s.slug.clone(), i.with.clone()],
            why: i.why.clone(),
            followed: i.followed,
            due: i.followed.is_none().then(|| defaults.follow_up_on(i.on)),
        });
    }
    made.sort_by(|a, b| (b.on, &a.people).cmp(&(a.on, &b.people)));
    let received: Vec<Received> = people
        .iter()
        .filter_map(|s| {
            let by = s.introduced_by.as_deref()?;
            involves(by, &s.slug).then(|| Received {
                by: name(by),
                by_slug: by.to_string(),
                to: s.name.clone(),
                to_slug: s.slug.clone(),
            })
        })
        .collect();
    if format == ListFormat::Json {
        out.line(serde_json::to_string_pretty(
            &serde_json::json!({ "made": made, "received": received }),
        )?);
        return Ok(ExitCode::SUCCESS);
    }
    if made.is_empty() && received.is_empty() {
        out.line("No introductions yet (`ties intro ana tom --why \"...\"` records one).");
        return Ok(ExitCode::SUCCESS);
    }
    if !made.is_empty() {
        out.line("Introductions you made");
    }
    for m in &made {
        let why = m
            .why
            .as_deref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        let state = match (m.followed, m.due) {
            (Some(f), _) => format!("followed up {f}"),
            (None, Some(d)) => format!("not followed up yet (due {d})"),
            (None, None) => "not followed up yet".to_string(),
        };
        out.line(format!(
            "  {}  {} → {}{why} · {state}",
            m.on, m.people[0], m.people[1]
        ));
    }
    if !received.is_empty() {
        if !made.is_empty() {
            out.line("");
        }
        out.line("Introductions made for you");
    }
    for r in &received {
        out.line(format!("  {} introduced you to {}", r.by, r.to));
    }
    Ok(ExitCode::SUCCESS)
}
