//! What the app does with the results of effects and with what happens on
//! its own ([`Msg`]): a new index, a person read, a note saved, a sync done.

use super::app::App;
use super::ctx::Detail;
use super::draft::Kind as DraftKind;
use super::list::Contacts;
use super::msg::{Effect, Loaded, Msg};
use super::popup::form::FormKind;
use super::popup::{Capture, EditClash, EditFailed, EditLeft, Form, Popup};
use crate::index::Index;
use crate::store::Vault;
use crate::store::edit::Outcome;

impl App {
    pub fn on_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Tick => {
                self.status.tick(self.clock.now);
                match &mut self.popup {
                    // An emptied note keeps its last draft: emptying is not
                    // discarding (Esc asks for that).
                    Some(Popup::Capture(c)) if c.dirty && !c.saving && !c.is_empty() => {
                        c.dirty = false;
                        vec![Effect::WriteDraft(Box::new(
                            c.draft(self.clock.now.to_rfc3339()),
                        ))]
                    }
                    Some(Popup::Form(f)) if f.dirty && !f.saving && !f.is_empty() => {
                        f.dirty = false;
                        f.keep(self.clock.now.to_rfc3339()).into_iter().collect()
                    }
                    _ => Vec::new(),
                }
            }
            Msg::Progress(done, total) => {
                if self.loading.is_some() {
                    self.loading = Some((done, total));
                }
                Vec::new()
            }
            Msg::IndexLoaded(Ok(loaded)) => {
                let Loaded {
                    index,
                    lookup,
                    glimpse,
                } = *loaded;
                let mut fx = self.set_index(index, lookup);
                self.glimpse = None;
                if self.glimpsed.as_ref() != Some(&glimpse) {
                    self.glimpsed = Some(glimpse.clone());
                    fx.push(Effect::WriteGlimpse(glimpse));
                }
                fx
            }
            Msg::Glimpse(g) => self.show_glimpse(*g),
            Msg::IndexLoaded(Err(e)) => {
                self.loading = None;
                self.say(&e, true)
            }
            Msg::DetailLoaded { slug, result } => {
                if self.selected_slug() != Some(slug.as_str()) {
                    return Vec::new();
                }
                match result {
                    Ok(person) => {
                        let links = crate::network::among_indexed(
                            &person,
                            &self.index.people,
                            &self.lookup,
                        );
                        self.show_detail(slug.clone(), person, links);
                        return vec![Effect::LoadHistory(slug)];
                    }
                    Err(e) => {
                        self.detail = None;
                        self.detail_error = Some(e);
                    }
                }
                Vec::new()
            }
            Msg::CaptureFailed(why) => self.say(&format!("Could not add them: {why}"), true),
            Msg::HistoryLoaded { slug, history } => {
                // Only the sheet changes: the timeline keeps its place.
                if let Some(d) = &mut self.detail
                    && d.slug == slug
                {
                    d.history = history.map(|h| *h);
                    self.resheet();
                }
                Vec::new()
            }
            Msg::CaptureReady {
                slug,
                name,
                draft,
                asks,
                with,
                added,
                refused,
            } => {
                let mut fx = Vec::new();
                let meeting = !with.is_empty() || !added.is_empty();
                if let Some(((first, _), rest)) = added.split_first() {
                    // The people are saved now, whatever becomes of the note.
                    let names: Vec<&str> = added.iter().map(|(_, n)| n.as_str()).collect();
                    let rest: Vec<String> = rest.iter().map(|(s, _)| s.clone()).collect();
                    fx.extend(self.commit_all(
                        first,
                        &rest,
                        format!("add {} from a meeting", names.join(", ")),
                    ));
                    fx.extend(self.request_reload());
                    let refused = if refused.is_empty() {
                        String::new()
                    } else {
                        format!(" Not added: {}.", refused.join("; "))
                    };
                    self.say(
                        &format!("Added {} to ties.{refused}", people(added.len())),
                        !refused.is_empty(),
                    );
                } else if !refused.is_empty() {
                    self.say(&format!("Not added: {}.", refused.join("; ")), true);
                }
                if let Some(d) = &draft {
                    let when = chrono::DateTime::parse_from_rfc3339(&d.written)
                        .map(|t| format!(" from {}", t.format("%b %-d, %H:%M")))
                        .unwrap_or_default();
                    self.say(
                        &format!("Your unsaved note about {name}{when} is back."),
                        false,
                    );
                }
                // Discreet: a private note's asks are not shown (nor ticked).
                let asks = asks
                    .into_iter()
                    .filter(|a| !(self.discreet && a.private))
                    .collect();
                let fresh = draft.is_none();
                let mut capture = Capture::new(slug, name, draft, asks, &self.clock);
                capture.add_with(with);
                if meeting && fresh {
                    // From a meeting of the agenda: it was one.
                    capture.set_via("meeting");
                }
                self.popup = Some(Popup::Capture(Box::new(capture)));
                fx
            }
            Msg::FormReady {
                kind,
                slug,
                name,
                draft,
            } => {
                let form = match kind {
                    DraftKind::Todo => Form::todo(slug, name),
                    _ => Form::add_person(),
                };
                let form = form.restore(draft);
                if form.restored {
                    self.say(&format!("{} is back, as you left it.", form.title()), false);
                }
                self.popup = Some(Popup::Form(Box::new(form)));
                Vec::new()
            }
            Msg::Unplaced(list) => {
                self.unplaced = list;
                if let Some(Popup::Problems(p)) = &mut self.popup {
                    let n = self.index.problems.len() + self.unplaced.len();
                    if n == 0 {
                        self.popup = None;
                    } else {
                        p.follow(n);
                    }
                }
                Vec::new()
            }
            Msg::RefileFailed(e) => self.say(&format!("Could not file the note: {e}"), true),
            Msg::NoteSaved {
                slug,
                via,
                result,
                others,
            } => {
                // A meeting saved only in part: those files are committed,
                // and the draft stays for the rest.
                let mut fx = Vec::new();
                if result.is_err() && !others.is_empty() {
                    fx.extend(self.commit_all(&slug, &others, format!("log {via} with {slug}")));
                }
                let files = if others.is_empty() {
                    Vault::rel(&slug)
                } else {
                    format!("{} files", others.len() + 1)
                };
                let more = match result {
                    Ok(name) => {
                        if matches!(&self.popup, Some(Popup::Capture(c)) if c.slug == slug) {
                            self.popup = None;
                        }
                        self.say(&format!("Logged {via} with {name} ({files})."), false);
                        // Show it on the timeline at once, without waiting for the watcher.
                        if self.selected_slug() == Some(slug.as_str()) {
                            self.detail = None;
                        }
                        let mut fx = vec![Effect::DeleteDraft(slug.clone())];
                        fx.extend(self.commit_all(
                            &slug,
                            &others,
                            format!("log {via} with {name}"),
                        ));
                        fx.extend(self.load_selected());
                        fx.extend(self.request_reload());
                        fx
                    }
                    Err(e) => {
                        let kept = match &self.draft_error {
                            None => "The note is kept as a draft.".to_string(),
                            Some(d) => format!(
                                "It could not be kept as a draft either ({d}): copy it before you close ties."
                            ),
                        };
                        if let Some(Popup::Capture(c)) = &mut self.popup {
                            c.saving = false;
                            c.error = Some(format!("Not saved: {e}. {kept}"));
                        }
                        self.say(&format!("Could not save the note: {e}"), true);
                        Vec::new()
                    }
                };
                fx.extend(more);
                self.history.reset();
                fx
            }
            Msg::DraftWritten(Ok(None)) => {
                self.draft_error = None;
                self.draft_aside = None;
                Vec::new()
            }
            Msg::DraftWritten(Ok(Some(aside))) => {
                self.draft_error = None;
                // Said once, for as long as drafts go aside.
                if self.draft_aside.as_deref() != Some(aside.as_str()) {
                    self.draft_aside = Some(aside.clone());
                    return self.say(&aside, true);
                }
                Vec::new()
            }
            Msg::DraftWritten(Err(e)) => {
                self.draft_error = Some(e.clone());
                self.say(&format!("Could not keep a draft: {e}"), true)
            }
            Msg::PersonAdded(Ok(slug)) => {
                self.form_saved(false, None);
                self.say(&format!("Added {}.", Vault::rel(&slug)), false);
                self.people.filter.clear();
                // What was just typed is on the prep sheet, not the (empty)
                // timeline.
                self.tab = super::ctx::Pane::Prep;
                let mut fx = vec![Effect::DeleteDraftOf(
                    DraftKind::AddPerson,
                    crate::tui::draft::ADD_PERSON.to_string(),
                )];
                fx.extend(self.commit(&slug, format!("add {slug}")));
                self.pending_select = Some(slug);
                fx.extend(self.request_reload());
                fx
            }
            Msg::PersonAdded(Err(e)) => {
                self.form_saved(false, Some(e.clone()));
                self.say(&format!("Could not add the person: {e}"), true)
            }
            Msg::TodoAdded { slug, result } => match result {
                Ok(msg) => {
                    self.form_saved(true, None);
                    self.say(&msg, false);
                    if self.selected_slug() == Some(slug.as_str()) {
                        self.detail = None;
                    }
                    let mut fx = vec![Effect::DeleteDraftOf(DraftKind::Todo, slug.clone())];
                    fx.extend(self.commit(&slug, format!("todo for {slug}")));
                    fx.extend(self.load_selected());
                    fx.extend(self.request_reload());
                    fx
                }
                Err(e) => {
                    self.form_saved(true, Some(e.clone()));
                    self.say(&format!("Could not add the todo: {e}"), true)
                }
            },
            Msg::TodoDone { slug, result } => self.todo_done(slug, result),
            Msg::Changed {
                slug,
                commit,
                result,
                moved,
            } => self.changed(slug, commit, result, moved),
            Msg::UndoReady(slug) => self.undo_ready(slug),
            Msg::Undone(result) => self.undone(result),
            Msg::Edited { slug, result } => {
                let rel = Vault::rel(&slug);
                match result {
                    Ok(Outcome::Unchanged) => self.say(&format!("No changes to {rel}."), false),
                    Ok(o @ (Outcome::Saved | Outcome::SavedMerged)) => {
                        let with = if matches!(o, Outcome::SavedMerged) {
                            ", with the changes made to it while you edited"
                        } else {
                            ""
                        };
                        self.say(&format!("Saved {rel}{with}."), false);
                        if self.selected_slug() == Some(slug.as_str()) {
                            self.detail = None;
                        }
                        let mut fx = self.commit(&slug, format!("edit {slug}"));
                        fx.extend(self.load_selected());
                        fx.extend(self.request_reload());
                        fx
                    }
                    Ok(Outcome::Bad(p)) => {
                        self.popup = Some(Popup::EditFailed(EditFailed {
                            slug,
                            problem: p.to_string(),
                        }));
                        Vec::new()
                    }
                    // Kept, to be resumed by the next `e`.
                    Ok(Outcome::Locked(why)) => self.say(&why, true),
                    Ok(Outcome::Conflicts(keys)) => {
                        self.popup = Some(Popup::EditClash(EditClash { slug, keys }));
                        Vec::new()
                    }
                    Err(e) => self.say(&e, true),
                }
            }
            Msg::EditLeftFound { slug, copy } => {
                self.popup = Some(Popup::EditLeft(EditLeft { slug, copy }));
                Vec::new()
            }
            Msg::FilesChanged => {
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                fx.push(self.take_inbox());
                fx
            }
            Msg::SyncProgress(step) => {
                if self.status.syncing.is_some() {
                    self.status.syncing = Some(step);
                }
                Vec::new()
            }
            Msg::Synced(Ok(said)) => {
                self.status.syncing = None;
                self.say(&format!("Synced: {said}"), false);
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                // The sync took the inbox: this counts the lines it left.
                fx.push(self.take_inbox());
                fx
            }
            Msg::Synced(Err((e, needs_prompt))) => {
                if needs_prompt && self.status.syncing.as_deref() != Some("in the terminal") {
                    // git wants a password: let it ask, in the open.
                    self.status.syncing = Some("in the terminal".into());
                    return vec![Effect::SyncInTerminal];
                }
                self.status.syncing = None;
                self.say(&format!("Sync failed: {e}"), true);
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                fx
            }
            Msg::AgendaLoaded(mut meetings, problems) => {
                for m in &mut meetings {
                    crate::calendar::match_people(&self.index, m);
                }
                self.agenda = meetings;
                if let Some(p) = problems.first() {
                    self.say(&format!("Skipped {p}"), true);
                }
                Vec::new()
            }
            Msg::SyncState(state) => {
                self.status.sync_state = Some(state);
                Vec::new()
            }
            Msg::Committed(Ok(())) => {
                // The commit is history now: the Since section may change.
                let mut fx = vec![Effect::RefreshSync];
                if let Some(d) = &self.detail {
                    fx.push(Effect::LoadHistory(d.slug.clone()));
                }
                fx
            }
            Msg::InboxTaken(Ok(t)) => {
                self.status.inbox_left = t.left.len();
                if t.taken.is_empty() {
                    return Vec::new();
                }
                let took = t.took_sentence().unwrap_or_default();
                let mut c = took.chars();
                let took: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                match &t.not_committed {
                    Some(e) => self.say(&format!("{took}, but not committed to git: {e}"), true),
                    None => self.say(&took, false),
                };
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                if let Some(d) = &self.detail
                    && t.files.contains(&d.slug)
                {
                    fx.push(Effect::LoadDetail(d.slug.clone()));
                }
                fx
            }
            Msg::InboxTaken(Err(e)) => self.say(&format!("The inbox was not taken: {e}"), true),
            Msg::Committed(Err(e)) => {
                let mut fx = self.say(&format!("Saved, but not committed to git: {e}"), true);
                fx.push(Effect::RefreshSync);
                fx
            }
        }
    }

    /// Commit-as-you-go after a save, when it is on.
    pub(super) fn commit(&self, slug: &str, what: String) -> Vec<Effect> {
        if !self.settings.autocommit {
            return Vec::new();
        }
        let name = self
            .index
            .get(slug)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| slug.to_string());
        let message = what.replace(slug, &name);
        vec![Effect::Commit {
            slugs: vec![slug.to_string()],
            message,
        }]
    }

    /// One commit for a note saved in several files (a meeting's).
    pub(super) fn commit_all(&self, slug: &str, others: &[String], what: String) -> Vec<Effect> {
        let mut fx = self.commit(slug, what);
        if let Some(Effect::Commit { slugs, .. }) = fx.first_mut() {
            slugs.extend(others.iter().cloned());
        }
        fx
    }

    /// Take the inbox: at start, and when files change.
    pub(super) fn take_inbox(&self) -> Effect {
        Effect::TakeInbox {
            clock: self.clock,
            commit: self.settings.autocommit,
        }
    }

    pub(super) fn request_reload(&mut self) -> Vec<Effect> {
        if self.loading.is_some() {
            self.reload_pending = true;
            Vec::new()
        } else {
            self.loading = Some((0, 0));
            vec![Effect::Reload]
        }
    }

    /// A form's save is done: it closes, or it stays with the reason.
    fn form_saved(&mut self, todo: bool, error: Option<String>) {
        if let Some(Popup::Form(f)) = &mut self.popup
            && f.saving
            && matches!(f.kind, FormKind::Todo { .. }) == todo
            && f.saved(error)
        {
            self.popup = None;
        }
    }

    /// The selected person's file, read, with their connections.
    fn show_detail(
        &mut self,
        slug: String,
        mut person: Box<crate::model::Person>,
        links: Vec<crate::prep::Connection>,
    ) {
        self.settings
            .defaults
            .apply(&mut person.cadence, &person.tags);
        // The history read for this person stays until the new one comes:
        // a file read again keeps its "Since" section meanwhile.
        let history = self
            .detail
            .take()
            .filter(|d| d.slug == slug)
            .and_then(|d| d.history);
        let sheet = Detail::sheet_of(&person, links, history.as_ref(), &self.clock, self.discreet);
        self.detail = Some(Detail {
            slug,
            person: *person,
            sheet,
            history,
        });
        self.detail_error = None;
    }

    /// The first screen's people before the index is read: shown as
    /// they are in their files, with the count the index last had, and
    /// replaced by the whole index when it comes.
    fn show_glimpse(&mut self, g: super::msg::Glimpsed) -> Vec<Effect> {
        if self.loading.is_none() || !self.index.people.is_empty() || g.index.people.is_empty() {
            return Vec::new();
        }
        let lookup = crate::network::Lookup::of(&g.index.people);
        let mut fx = self.set_index(g.index, lookup);
        self.loading = Some((0, 0));
        self.glimpse = Some((g.glimpse.total, g.glimpse.listed));
        self.glimpsed = Some(g.glimpse);
        if let Some((slug, person, links)) = g.first
            && self.selected_slug() == Some(slug.as_str())
        {
            fx.retain(|e| !matches!(e, Effect::LoadDetail(s) if *s == slug));
            self.show_detail(slug.clone(), person, links);
            fx.push(Effect::LoadHistory(slug));
        }
        fx
    }

    /// A new index: keep the selection on the same person, reload them.
    fn set_index(&mut self, index: Index, lookup: crate::network::Lookup) -> Vec<Effect> {
        if let Some(added) = self.pending_select.take() {
            self.held = Some(added);
        }
        let keep = self
            .held
            .clone()
            .or_else(|| self.selected_slug().map(str::to_string));
        self.rebuild_rows(|a| {
            a.index = index;
            a.lookup = lookup;
            a.settings.defaults.apply_index(&mut a.index);
            a.loading = None;
            a.contacts = Contacts::new(&a.index, &a.clock, a.people.sort);
            a.show_rows();
        });
        // The person's file may be the one that changed: read it again,
        // keeping the scroll positions when it is still the same person.
        if self.selected_slug() != keep.as_deref() {
            self.prep.scroll.reset();
            self.history.reset();
        }
        let mut fx: Vec<Effect> = self
            .selected_slug()
            .map(|s| Effect::LoadDetail(s.to_string()))
            .into_iter()
            .collect();
        if std::mem::take(&mut self.reload_pending) {
            fx.extend(self.request_reload());
        }
        if let Some(Popup::Problems(p)) = &mut self.popup {
            let n = self.index.problems.len() + self.unplaced.len();
            if n == 0 {
                self.popup = None;
            } else {
                p.follow(n);
            }
        }
        // Drafts whose person went with this change are listed.
        fx.push(Effect::FindUnplaced(
            self.index
                .people
                .iter()
                .map(|s| (s.slug.clone(), s.name.clone(), s.email.clone()))
                .collect(),
        ));
        fx
    }
}

/// "1 person", "3 people".
fn people(n: usize) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}
