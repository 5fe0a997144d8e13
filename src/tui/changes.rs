//! What the app does with the outcome of `x` (a todo marked done) and `u`
//! (the last save undone): say it, commit it, show the file as it is now.

use super::app::App;
use super::msg::Effect;
use super::popup::{Confirm, Popup};
use crate::store::Vault;
use crate::store::undo::Undone;

impl App {
    pub(super) fn todo_done(
        &mut self,
        slug: String,
        result: Result<String, String>,
    ) -> Vec<Effect> {
        match result {
            Ok(msg) => {
                self.say(&msg, false);
                self.show_saved(&slug, format!("done: todo of {slug}"))
            }
            Err(e) => self.say(&format!("Not marked done: {e}."), true),
        }
    }

    /// `u` found the last save: ask before taking it back (nothing undoes
    /// an undo), naming the file it changed.
    pub(super) fn undo_ready(&mut self, last: Option<(String, String)>) -> Vec<Effect> {
        let Some((slug, id)) = last else {
            return self.say(
                "Nothing to undo: no save is remembered in this vault.",
                false,
            );
        };
        let who = match self.index.get(&slug) {
            Some(s) => format!("{} ({})", s.name, Vault::rel(&slug)),
            None => Vault::rel(&slug),
        };
        self.popup = Some(Popup::Confirm(Confirm {
            title: "Undo".into(),
            question: format!("Undo the last save, to {who}?"),
            yes: Effect::Undo(id),
        }));
        Vec::new()
    }

    pub(super) fn undone(&mut self, result: Result<Undone, String>) -> Vec<Effect> {
        let done = match result {
            Ok(d) => d,
            Err(e) => return self.say(&format!("Nothing undone: {e}."), true),
        };
        let slug = done.slug().to_string();
        self.say(&done.sentence(), false);
        if matches!(done, Undone::Removed(_)) && self.selected_slug() == Some(slug.as_str()) {
            // The person is gone: select the one next to them, not wait for them.
            let next = self.selected + 1;
            self.selected = if next < self.contacts.rows.len() {
                next
            } else {
                self.selected.saturating_sub(1)
            };
            self.detail = None;
        }
        self.show_saved(&slug, format!("undo the last change to {slug}"))
    }

    /// After a save: commit it (when on), read the person again, reload.
    pub(super) fn show_saved(&mut self, slug: &str, what: String) -> Vec<Effect> {
        if self.selected_slug() == Some(slug) {
            self.detail = None;
        }
        let mut fx = self.commit(slug, what);
        fx.extend(self.load_selected());
        fx.extend(self.request_reload());
        fx
    }
}
