//! What `E`, `D`, `A` and `V` do on the main screen (edit or delete the
//! timeline's chosen entry, archive a person, the archived view), and what
//! the app does with the outcome of those changes and of the todo list's.

use super::app::App;
use super::ctx::Pane;
use super::msg::Effect;
use super::popup::{Confirm, EntryEditor, Popup};
use crate::model::Entry;
use crate::store::entries::first_words;

impl App {
    /// The timeline's chosen entry, once the timeline has the focus: a
    /// first `E` or `D` elsewhere moves the focus there, so the entry is
    /// chosen on purpose, never by where the view happened to be.
    fn chosen_entry(&mut self) -> Result<(String, String, Entry), Vec<Effect>> {
        let Some(d) = self.current_detail() else {
            let why = match self.selected_summary() {
                Some(s) => format!("{} is still being read; try again in a moment.", s.name),
                None => "No one is selected.".into(),
            };
            return Err(self.nobody(&why));
        };
        let (slug, name) = (d.slug.clone(), d.person.name.clone());
        let entry = self
            .timeline()
            .get(self.history.cursor())
            .map(|e| (*e).clone());
        let Some(entry) = entry else {
            return Err(self.say(&format!("Nothing is logged for {name} yet."), false));
        };
        if self.focus != Pane::Timeline {
            self.set_focus(Pane::Timeline);
            return Err(self.say(
                "Choose the entry with j/k: E edits it, D deletes it.",
                false,
            ));
        }
        Ok((slug, name, entry))
    }

    pub(super) fn edit_entry(&mut self) -> Vec<Effect> {
        match self.chosen_entry() {
            // Sealed words this machine cannot open: nothing to show in
            // the fields, and the store would refuse new words anyway.
            Ok((_, name, entry))
                if crate::model::is_sealed(&entry.text)
                    || entry.ask.iter().any(|a| crate::model::is_sealed(a)) =>
            {
                self.say(
                    &format!(
                        "That entry of {name} is private (locked): no key on this machine opens it, so it cannot be edited here."
                    ),
                    true,
                )
            }
            Ok((slug, name, entry)) => {
                let editor = EntryEditor::new(&self.ctx(), slug, name, entry);
                self.popup = Some(Popup::Entry(Box::new(editor)));
                Vec::new()
            }
            Err(fx) => fx,
        }
    }

    pub(super) fn delete_entry(&mut self) -> Vec<Effect> {
        match self.chosen_entry() {
            Ok((slug, name, entry)) => {
                let date = entry.at.date(&self.clock).format("%b %-d, %Y");
                self.popup = Some(Popup::Confirm(Confirm {
                    title: format!("Entry of {name}"),
                    question: format!(
                        "Delete the {} of {date}, \"{}\"?",
                        entry.via,
                        first_words(crate::model::shown(&entry.text), 50)
                    ),
                    yes: Effect::DeleteEntry {
                        slug,
                        shown: Box::new(entry),
                    },
                }));
                Vec::new()
            }
            Err(fx) => fx,
        }
    }

    /// `A`: archive the selected person, or bring an archived one back.
    pub(super) fn archive(&mut self) -> Vec<Effect> {
        let Some(s) = self.selected_summary() else {
            return self.nobody("No one is selected.");
        };
        let (question, on) = if s.archived {
            (format!("Bring {} back into the list?", s.name), None)
        } else {
            (
                format!(
                    "Archive {}? They leave the list, the due list and the agenda; the file stays, and V shows the archived.",
                    s.name
                ),
                Some(self.clock.today()),
            )
        };
        self.popup = Some(Popup::Confirm(Confirm {
            title: "Archive".into(),
            question,
            yes: Effect::Archive {
                slug: s.slug.clone(),
                on,
            },
        }));
        Vec::new()
    }

    /// `V`: the archived people instead of everyone else, and back.
    pub(super) fn toggle_archived(&mut self) -> Vec<Effect> {
        self.people.archived_view = !self.people.archived_view;
        self.people.due_view = false;
        self.people.meeting_view = None;
        self.set_focus(Pane::Contacts);
        self.show_rows();
        self.select_first();
        if self.people.archived_view && self.contacts.rows.is_empty() {
            self.say(
                "No one is archived (A archives the selected person).",
                false,
            );
        }
        self.load_selected()
    }

    /// An entry or todo changed, a todo reopened, a person archived: say it,
    /// commit it, show the file as it is now. The timeline keeps its place.
    pub(super) fn changed(
        &mut self,
        slug: String,
        commit: String,
        result: Result<String, String>,
        moved: bool,
    ) -> Vec<Effect> {
        let saved = result.as_ref().err().cloned();
        let close = match &mut self.popup {
            Some(Popup::Entry(e)) if e.saving => e.saved(saved.clone()),
            Some(Popup::Form(f)) if f.saving => f.saved(saved.clone()),
            _ => false,
        };
        if close {
            self.popup = None;
        }
        let msg = match result {
            Ok(m) => m,
            Err(e) => return self.say(&format!("Not changed: {e}."), true),
        };
        self.say(&msg, false);
        if moved && self.selected_slug() == Some(slug.as_str()) {
            // They leave this view: the selection goes to the next one.
            let rows = &self.contacts.rows;
            let next = rows
                .get(self.selected + 1)
                .or_else(|| rows.get(self.selected.wrapping_sub(1)))
                .and_then(|r| self.index.people.get(r.at as usize))
                .map(|s| s.slug.clone());
            self.pending_select = next;
        }
        let (cursor, top) = (self.history.cursor(), self.history.scroll.top());
        let fx = self.show_saved(&slug, commit);
        self.history.choose(cursor);
        self.history.scroll.set(top);
        fx
    }
}
