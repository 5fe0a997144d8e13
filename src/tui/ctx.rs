//! The read-only context every pane and popup is handed: the clock, the
//! index, the keymap, the settings, the selected person and their sheet,
//! the day's meetings. Panes and popups change only their own state.

use std::path::PathBuf;

use super::keymap::Keymap;
use super::list::Contacts;
use crate::calendar::Meeting;
use crate::clock::Clock;
use crate::index::{Index, Summary};
use crate::model::Person;
use crate::prep::PrepSheet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Contacts,
    Prep,
    Timeline,
}

/// The selected person, loaded in full.
pub struct Detail {
    pub slug: String,
    pub person: Person,
    pub sheet: PrepSheet,
    /// Their file's git history, once read (for the sheet's "Since").
    pub history: Option<crate::history::History>,
}

impl Detail {
    /// The sheet, with its "Since" section when the history is in.
    pub fn sheet_of(
        person: &Person,
        links: Vec<crate::prep::Connection>,
        history: Option<&crate::history::History>,
        clock: &Clock,
        discreet: bool,
    ) -> PrepSheet {
        let since = history.and_then(|h| crate::history::since(h, person, clock, discreet));
        crate::prep::prep(person, links, clock, discreet).with_since(since)
    }
}

/// What the config file says, fixed while ties runs.
pub struct Settings {
    /// Commit each save when the vault is a git repository.
    pub autocommit: bool,
    /// Default cadences per tag.
    pub defaults: crate::due::Defaults,
    /// Calendar files and folders.
    pub calendars: Vec<PathBuf>,
    /// How far ahead the due list looks.
    pub due_days: i64,
}

pub struct Ctx<'a> {
    pub clock: &'a Clock,
    /// Notes whose person cannot be found any more, and their files.
    pub unplaced: &'a [(crate::store::drafts::Draft, PathBuf)],
    pub index: &'a Index,
    pub keymap: &'a Keymap,
    pub settings: &'a Settings,
    pub discreet: bool,
    /// The contacts pane's rows (positions in the index).
    pub contacts: &'a Contacts,
    /// The selected row, when someone is selected.
    pub selected_row: Option<usize>,
    /// The selected person, when someone is.
    pub selected: Option<&'a Summary>,
    /// Their detail, once loaded (never another person's).
    pub detail: Option<&'a Detail>,
    /// Why the selected person could not be shown.
    pub detail_error: Option<&'a str>,
    pub agenda: &'a [Meeting],
    pub focus: Pane,
    /// Which of prep and timeline the right side shows when they share it.
    pub tab: Pane,
    /// A popup has the keyboard: the panes are drawn without focus.
    pub popup_open: bool,
    /// Files read so far while the index loads, or None once loaded.
    pub loading: Option<(usize, usize)>,
    /// Only the first screen's people are read so far; how many there
    /// were when the index was last read, and how many were listed.
    pub glimpse: Option<(usize, usize)>,
    /// Who is due, worked out with each index.
    pub due: &'a [crate::due::Item],
    /// How many are due now (overdue or today).
    pub due_now: usize,
}

impl<'a> Ctx<'a> {
    /// How many people the vault has, as far as ties knows yet.
    pub fn people_count(&self) -> usize {
        self.glimpse.map_or(self.index.people.len(), |(all, _)| all)
    }

    /// Whether `pane` is drawn as having the keyboard.
    pub fn focused(&self, pane: Pane) -> bool {
        self.focus == pane && !self.popup_open
    }

    /// Log entries the timeline shows, newest first (private ones hidden
    /// when discreet).
    pub fn timeline(&self) -> Vec<&'a crate::model::Entry> {
        match self.detail {
            Some(d) => d
                .person
                .log
                .iter()
                .rev()
                .filter(|e| !(self.discreet && e.private))
                .collect(),
            None => Vec::new(),
        }
    }
}
