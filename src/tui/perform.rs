//! Performs the effects that need only the vault (not the terminal), and
//! turns their results into messages. The runtime uses it, and so do the
//! tests and benchmarks, which drive the app without a terminal.

use super::app::App;
use super::draft;
use super::msg::{Effect, Msg};
use crate::index::Index;
use crate::store::Vault;
use crate::store::edit::Left;
use crate::store::write;

/// Effects only the runtime can perform: they need the terminal or the loop.
pub fn needs_runtime(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Edit(_)
            | Effect::EditWith(..)
            | Effect::Quit
            | Effect::Suspend
            | Effect::SyncInTerminal
    )
}

/// Performs one effect and returns its result, if it has one; `report`
/// gets the messages said on the way (a sync's steps). Effects that need
/// the runtime ([`needs_runtime`]) are not performed here.
pub fn perform(vault: &Vault, effect: Effect, report: &dyn Fn(Msg)) -> Option<Msg> {
    let msg = match effect {
        Effect::LoadDetail(slug) => {
            let result = vault
                .read(&slug)
                .map(|l| Box::new(l.person))
                .map_err(|e| e.to_string());
            Msg::DetailLoaded { slug, result }
        }
        Effect::LoadHistory(slug) => {
            let history = match crate::history::of(vault, &slug) {
                Ok(h) => h.map(Box::new),
                Err(e) => {
                    super::logfile::write(e.to_string());
                    None
                }
            };
            Msg::HistoryLoaded { slug, history }
        }
        Effect::Reload => Msg::IndexLoaded(load_index(vault, None).map(super::msg::Loaded::of)),
        Effect::OpenCapture {
            slug,
            name,
            mut with,
            add,
        } => {
            let (mut slug, mut name) = (slug, name);
            let mut added = Vec::new();
            let mut refused = Vec::new();
            for p in add {
                match write::add_person(vault, &p) {
                    Ok(s) if slug.is_empty() => {
                        (slug, name) = (s.clone(), p.name.clone());
                        added.push((s, p.name));
                    }
                    Ok(s) => {
                        with.push((s.clone(), p.name.clone()));
                        added.push((s, p.name));
                    }
                    Err(e) => refused.push(format!("{}: {e}", p.name)),
                }
            }
            if slug.is_empty() {
                return Some(Msg::CaptureFailed(refused.join("; ")));
            }
            let draft = draft::load_for(vault, &slug, &name);
            // A file that does not read has no asks to tick; the save says why.
            let asks = vault
                .read(&slug)
                .map(|l| super::popup::asks::open_asks(&l.person))
                .unwrap_or_default();
            Msg::CaptureReady {
                slug,
                name,
                draft,
                asks,
                with,
                added,
                refused,
            }
        }
        // One note, or a meeting's in each file; a tick of an
        // introduction's follow-up closes it on both people, as `ties log`.
        Effect::SaveNote { slug, entry } => save_note(vault, slug, *entry),
        Effect::WriteDraft(d) => Msg::DraftWritten(
            draft::save(vault, &d)
                .map(|kept| match kept {
                    draft::Kept::InVault => None,
                    draft::Kept::Aside { path, why } => {
                        Some(format!("{why}: your note is kept in {}", path.display()))
                    }
                })
                .map_err(|e| e.to_string()),
        ),
        Effect::WriteGlimpse(g) => {
            // A cache: when it cannot be written the next start only waits.
            if let Err(e) = g.write(vault) {
                super::logfile::write(format!("could not remember the first screen: {e}"));
            }
            return None;
        }
        Effect::DeleteDraft(slug) => {
            draft::remove(vault, &slug);
            return None;
        }
        Effect::DeleteDraftOf(kind, slug) => {
            draft::remove_kind(vault, kind, &slug);
            return None;
        }
        Effect::OpenForm { kind, slug, name } => Msg::FormReady {
            draft: draft::load_form(vault, kind, &slug, &name),
            kind,
            slug,
            name,
        },
        Effect::FindUnplaced(people) => Msg::Unplaced(draft::unplaced(vault, &people)),
        Effect::RefileDraft { path, slug, name } => match draft::refile(vault, &path, &slug, &name)
        {
            // A todo being written goes on in the todo form.
            Ok(d) if d.kind == draft::Kind::Todo => Msg::FormReady {
                kind: draft::Kind::Todo,
                slug,
                name,
                draft: Some(d),
            },
            Ok(d) => Msg::CaptureReady {
                asks: vault
                    .read(&slug)
                    .map(|l| super::popup::asks::open_asks(&l.person))
                    .unwrap_or_default(),
                slug,
                name,
                draft: Some(d),
                with: Vec::new(),
                added: Vec::new(),
                refused: Vec::new(),
            },
            Err(e) => Msg::RefileFailed(e.to_string()),
        },
        Effect::AddPerson(p) => {
            Msg::PersonAdded(write::add_person(vault, &p).map_err(|e| e.to_string()))
        }
        Effect::AddTodo { slug, text, due } => {
            let result = write::add_todo(vault, &slug, &text, due)
                .map(|t| {
                    let due = t
                        .due
                        .map(|d| format!(", due {}", d.format("%a %b %-d")))
                        .unwrap_or_default();
                    format!("Todo {} added: {}{due}.", t.number, t.text)
                })
                .map_err(|e| e.to_string());
            Msg::TodoAdded { slug, result }
        }
        Effect::MarkDone { slug, number, text } => {
            let result = mark_done(vault, &slug, number, &text);
            Msg::TodoDone { slug, result }
        }
        e @ (Effect::EditEntry { .. }
        | Effect::DeleteEntry { .. }
        | Effect::EditTodo { .. }
        | Effect::DeleteTodo { .. }
        | Effect::Reopen { .. }
        | Effect::Archive { .. }) => change(vault, e)?,
        Effect::PeekUndo => {
            Msg::UndoReady(crate::store::journal::last(vault).map(|step| (step.slug, step.id)))
        }
        Effect::Undo(id) => {
            Msg::Undone(crate::store::undo::undo_step(vault, Some(&id)).map_err(|e| e.to_string()))
        }
        Effect::DiscardEdit(slug) => {
            // The newest unsaved edit of that person; live ones are not listed.
            if let Some(l) = Left::find(vault, &slug).into_iter().next() {
                l.drop_it();
            }
            return None;
        }
        Effect::Commit { slugs, message } => Msg::Committed(
            crate::sync::commit_people(vault, &slugs, &message)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        ),
        Effect::Sync => {
            let progress = |step: &str| report(Msg::SyncProgress(step.to_string()));
            let r = sync_now(vault, crate::sync::git::Prompts::Never, &progress);
            super::logfile::write(format!("sync: {r:?}"));
            Msg::Synced(r)
        }
        Effect::RefreshSync => Msg::SyncState(crate::sync::state(vault)),
        Effect::TakeInbox { clock, commit } => Msg::InboxTaken(
            crate::sync::inbox::take(vault, &clock, false, commit).map_err(|e| e.to_string()),
        ),
        Effect::LoadAgenda { sources, clock } => {
            let (cals, mut problems) = crate::calendar::load(&sources);
            let (meetings, notes) = crate::calendar::on_day(&cals, clock.today(), &clock);
            problems.extend(notes);
            Msg::AgendaLoaded(meetings, problems)
        }
        Effect::Edit(_)
        | Effect::EditWith(..)
        | Effect::Quit
        | Effect::Suspend
        | Effect::SyncInTerminal => {
            return None;
        }
    };
    Some(msg)
}

/// The first `rows` people by name, read from their files, and the first
/// one's file and connections: what a start can show before the index is
/// read. None when there is no glimpse to go by.
pub fn glimpse(vault: &Vault, rows: usize) -> Option<Msg> {
    use crate::index::glimpse::Glimpse;
    let glimpse = Glimpse::read(vault)?;
    let index = glimpse.people(vault, rows);
    let first = index
        .people
        .iter()
        .min_by(|a, b| (&a.name_fold, &a.slug).cmp(&(&b.name_fold, &b.slug)))?
        .slug
        .clone();
    let first = vault.read(&first).ok().and_then(|l| {
        // Only the cache, trusted as `ties prep` trusts it: never the
        // whole folder, which is what the glimpse is there to avoid.
        let cached = crate::network::Cached::open(vault)?;
        let links = crate::network::connections(&l.person, &cached).ok()?;
        Some((first, Box::new(l.person), links))
    });
    Some(Msg::Glimpse(Box::new(super::msg::Glimpsed {
        index,
        glimpse,
        first,
    })))
}

pub fn load_index(
    vault: &Vault,
    progress: Option<crate::index::Progress<'_>>,
) -> Result<Index, String> {
    Index::load(vault, false, progress).map_err(|e| e.to_string())
}

/// Performs effects and the effects their results lead to, until none are
/// left but those needing the terminal, which are returned.
pub fn settle(app: &mut App, vault: &Vault, effects: Vec<Effect>) -> Vec<Effect> {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut left = Vec::new();
    while let Some(e) = queue.pop_front() {
        if needs_runtime(&e) {
            left.push(e);
        } else if let Some(msg) = perform(vault, e, &|_| {}) {
            queue.extend(app.on_msg(msg));
        }
    }
    left
}

/// A note's save: the names it was saved for (or why not), and the other
/// files it changed, to commit with it (also when a meeting's note could
/// not go into every file: those that took it are committed, and the
/// draft stays for the rest).
fn save_note(vault: &Vault, slug: String, entry: write::NewEntry) -> Msg {
    let via = entry.via.clone();
    let mut all = vec![slug.clone()];
    all.extend(entry.with.iter().cloned());
    let plain = write::NewEntry {
        with: Vec::new(),
        ..entry
    };
    match crate::store::note::save(vault, &all, &plain) {
        Ok(saved) => {
            let others = saved.files().into_iter().filter(|s| *s != slug).collect();
            let names = saved.names();
            let result = match saved.failed.first() {
                None => Ok(names),
                Some((s, e)) => Err(format!(
                    "saved for {} but not for {s}: {e}",
                    if names.is_empty() { "no one" } else { &names }
                )),
            };
            Msg::NoteSaved {
                slug,
                via,
                result,
                others,
            }
        }
        Err(e) => Msg::NoteSaved {
            slug,
            via,
            result: Err(e.to_string()),
            others: Vec::new(),
        },
    }
}

/// Marks a todo done, unless the file changed so that number `n` is no
/// longer the todo the user chose (a sync or an editor reordered them).
fn mark_done(vault: &Vault, slug: &str, n: usize, text: &str) -> Result<String, String> {
    write::set_done_if(vault, slug, n, true, |t| t.text == text)
        .map(|t| format!("Done: {}.", t.text))
        .map_err(|e| e.to_string())
}

/// Edits, deletes, reopenings and archivings: each refused by the library
/// when the entry or todo is no longer the one shown.
fn change(vault: &Vault, effect: Effect) -> Option<Msg> {
    use crate::store::{archive, entries};
    let words = |t: &str| entries::first_words(t, 40);
    let moved = matches!(effect, Effect::Archive { .. });
    let (slug, commit, result) = match effect {
        Effect::EditEntry {
            slug,
            shown,
            change,
        } => {
            let r = entries::edit_entry(vault, &slug, &shown, &change)
                .map(|p| format!("Saved the entry of {}: {}", p.name, words(&change.text)));
            (slug, "edit an entry of {slug}".to_string(), r)
        }
        Effect::DeleteEntry { slug, shown } => {
            let r = entries::delete_entry(vault, &slug, &shown).map(|p| {
                format!(
                    "Deleted the entry of {}: {} (u undoes).",
                    p.name,
                    words(&shown.text)
                )
            });
            (slug, "delete an entry of {slug}".to_string(), r)
        }
        Effect::EditTodo {
            slug,
            shown,
            text,
            due,
        } => {
            let r = entries::edit_todo(vault, &slug, &shown, &text, due)
                .map(|t| format!("Todo {} saved: {}", t.number, words(&t.text)));
            (slug, "edit a todo of {slug}".to_string(), r)
        }
        Effect::DeleteTodo { slug, shown } => {
            let r = entries::delete_todo(vault, &slug, &shown)
                .map(|_| format!("Deleted the todo: {} (u undoes).", words(&shown.text)));
            (slug, "delete a todo of {slug}".to_string(), r)
        }
        Effect::Reopen { slug, shown } => {
            // The same check as for an edit: still this todo, under the lock.
            let r = write::set_done_if(vault, &slug, shown.number, false, |t| *t == shown)
                .map(|t| format!("Open again: {}.", words(&t.text)));
            (slug, "reopen a todo of {slug}".to_string(), r)
        }
        Effect::Archive { slug, on } => {
            let r = if let Some(day) = on {
                archive::archive(vault, &slug, day).map(|p| {
                    format!(
                        "Archived {} (V lists the archived; A there undoes it).",
                        p.name
                    )
                })
            } else {
                archive::unarchive(vault, &slug).map(|p| format!("{} is back in the list.", p.name))
            };
            let verb = if on.is_some() { "archive" } else { "unarchive" };
            (slug, format!("{verb} {{slug}}"), r)
        }
        _ => return None,
    };
    let commit = commit.replace("{slug}", &slug);
    Some(Msg::Changed {
        slug,
        commit,
        result: result.map_err(|e| e.to_string()),
        moved,
    })
}

/// Runs `ties sync`; what it did, or why it failed and whether git wanted a
/// password it could not ask for.
pub fn sync_now(
    vault: &Vault,
    prompts: crate::sync::git::Prompts,
    progress: &dyn Fn(&str),
) -> Result<String, (String, bool)> {
    crate::sync::sync(vault, prompts, progress)
        .map(|r| r.sentence())
        .map_err(|e| (e.to_string(), e.needs_prompt()))
}
