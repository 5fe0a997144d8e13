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
        Effect::Edit(_) | Effect::EditWith(..) | Effect::Quit | Effect::SyncInTerminal
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
        Effect::Reload => Msg::IndexLoaded(load_index(vault, None).map(Box::new)),
        Effect::OpenCapture { slug, name } => {
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
            }
        }
        Effect::SaveNote { slug, entry } => {
            let via = entry.via.clone();
            let result = write::log(vault, &slug, &entry)
                .map(|p| p.name)
                .map_err(|e| e.to_string());
            Msg::NoteSaved { slug, via, result }
        }
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
            Ok(d) => Msg::CaptureReady {
                asks: vault
                    .read(&slug)
                    .map(|l| super::popup::asks::open_asks(&l.person))
                    .unwrap_or_default(),
                slug,
                name,
                draft: Some(d),
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
        Effect::Commit { slug, message } => Msg::Committed(
            crate::sync::commit_person(vault, &slug, &message)
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
        Effect::LoadAgenda { sources, clock } => {
            let (cals, mut problems) = crate::calendar::load(&sources);
            let (meetings, notes) = crate::calendar::on_day(&cals, clock.today(), &clock);
            problems.extend(notes);
            Msg::AgendaLoaded(meetings, problems)
        }
        Effect::Edit(_) | Effect::EditWith(..) | Effect::Quit | Effect::SyncInTerminal => {
            return None;
        }
    };
    Some(msg)
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

/// Marks a todo done, unless the file changed so that number `n` is no
/// longer the todo the user chose (a sync or an editor reordered them).
fn mark_done(vault: &Vault, slug: &str, n: usize, text: &str) -> Result<String, String> {
    let person = vault.read(slug).map_err(|e| e.to_string())?.person;
    let same = person
        .todos
        .get(n.wrapping_sub(1))
        .is_some_and(|t| t.text == text && !t.done);
    if !same {
        return Err(format!(
            "the todos of {} changed since they were shown; nothing was marked (x shows them again)",
            person.name
        ));
    }
    write::mark_done(vault, slug, n)
        .map(|t| format!("Done: {}.", t.text))
        .map_err(|e| e.to_string())
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
