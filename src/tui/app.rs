//! The TUI's state and the one place it changes: `update` takes an action or
//! a message and returns the effects (I/O) for the runtime to perform.
//! Nothing here reads or writes a file.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
pub use super::msg::{Effect, Msg};
use super::contacts::{Contacts, Sort};
use super::form::{Capture, CaptureField, Form, FormKind, VIAS, paste_into, type_into};
use super::keymap::Keymap;
use super::ui::layout;
use crate::clock::Clock;
use crate::index::{Index, Summary};
use crate::model::Person;
use crate::prep::PrepSheet;
use crate::search::Matcher;
use crate::store::Vault;
use crate::store::edit::Outcome;
use crate::store::write::{NewEntry, NewPerson};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Contacts,
    Prep,
    Timeline,
}

pub enum Popup {
    Help {
        scroll: u16,
    },
    Problems {
        selected: usize,
    },
    Capture(Box<Capture>),
    Form(Box<Form>),
    EditFailed {
        slug: String,
        problem: String,
    },
    /// The file changed on disk while the user edited it.
    EditClash {
        slug: String,
    },
    /// Today's meetings.
    Agenda {
        selected: usize,
    },
}

/// The selected person, loaded in full.
pub struct Detail {
    pub slug: String,
    pub person: Person,
    pub sheet: PrepSheet,
}

pub struct App {
    pub clock: Clock,
    pub vault_label: String,
    pub keymap: Keymap,
    pub index: Index,
    pub matcher: Matcher,
    pub contacts: Contacts,
    pub sort: Sort,
    /// Position in `contacts.rows`.
    pub selected: usize,
    /// First visible row of the contacts list.
    pub list_offset: usize,
    pub filter: String,
    /// The filter line has the keyboard.
    pub filtering: bool,
    pub focus: Pane,
    /// Which of prep and timeline the right side shows when they share it.
    pub tab: Pane,
    pub discreet: bool,
    pub detail: Option<Detail>,
    /// Why the selected person could not be shown.
    pub detail_error: Option<String>,
    pub prep_scroll: u16,
    /// First timeline entry shown (newest is 0).
    pub timeline_scroll: usize,
    pub popup: Option<Popup>,
    pub status: Option<(String, bool)>,
    /// Files parsed so far while the index loads, or None once loaded.
    pub loading: Option<(usize, usize)>,
    reload_pending: bool,
    /// A person just added: select them once the index has them.
    pending_select: Option<String>,
    /// The selected person's file vanished or stopped reading in a reload
    /// (an editor or git rewriting it): the selection waits for them, with
    /// no one selected meanwhile, until the user moves.
    pub held: Option<String>,
    /// Why the last draft could not be written (None once one is).
    pub draft_error: Option<String>,
    pub autocommit: bool,
    /// The vault's git state, once read.
    pub sync_state: Option<crate::sync::State>,
    /// The step a sync is at, while one runs.
    pub syncing: Option<String>,
    /// Advances on each tick, for the sync spinner.
    pub ticks: usize,
    pub defaults: crate::due::Defaults,
    /// Who is due, worked out with each index.
    pub due: Vec<crate::due::Item>,
    /// How many people are due now (overdue or today), for the status line.
    pub due_now: usize,
    /// The contacts pane shows the due list instead of everyone.
    pub due_view: bool,
    pub calendars: Vec<std::path::PathBuf>,
    pub due_days: i64,
    /// Today's meetings, once read.
    pub agenda: Vec<crate::calendar::Meeting>,
    /// The contacts pane shows the people in this meeting.
    pub meeting_view: Option<usize>,
    status_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub size: (u16, u16),
    pub quit: bool,
}

pub struct Init {
    pub clock: Clock,
    pub vault_label: String,
    pub keymap: Keymap,
    pub discreet: bool,
    /// Said in the status line at start (e.g. a bad key in the config).
    pub warnings: Vec<String>,
    /// Said at start when there is no warning (e.g. what the demo is).
    pub hello: Option<String>,
    /// Commit each save when the vault is a git repository.
    pub autocommit: bool,
    /// Default cadences per tag, from the config.
    pub defaults: crate::due::Defaults,
    /// Calendar files and folders, from the config.
    pub calendars: Vec<std::path::PathBuf>,
    /// How far ahead the due list looks.
    pub due_days: i64,
    pub size: (u16, u16),
}

impl App {
    /// An empty screen that waits for the index (see [`Msg::IndexLoaded`]).
    pub fn new(init: Init) -> App {
        App {
            clock: init.clock,
            vault_label: init.vault_label,
            keymap: init.keymap,
            index: Index::default(),
            matcher: Matcher::default(),
            contacts: Contacts::default(),
            sort: Sort::Name,
            selected: 0,
            list_offset: 0,
            filter: String::new(),
            filtering: false,
            focus: Pane::Contacts,
            tab: Pane::Prep,
            discreet: init.discreet,
            detail: None,
            detail_error: None,
            prep_scroll: 0,
            timeline_scroll: 0,
            popup: None,
            status: init
                .warnings
                .first()
                .map(|w| (w.clone(), true))
                .or(init.hello.map(|h| (h, false))),
            loading: Some((0, 0)),
            reload_pending: false,
            pending_select: None,
            held: None,
            draft_error: None,
            autocommit: init.autocommit,
            sync_state: None,
            syncing: None,
            ticks: 0,
            defaults: init.defaults,
            due: Vec::new(),
            due_now: 0,
            due_view: false,
            calendars: init.calendars,
            due_days: init.due_days,
            agenda: Vec::new(),
            meeting_view: None,
            status_at: None,
            size: init.size,
            quit: false,
        }
    }

    /// The time moves on while ties is open: notes are stamped with the
    /// current time, and after midnight "days since" is worked out afresh.
    pub fn set_clock(&mut self, clock: Clock) {
        let new_day = clock.today() != self.clock.today();
        self.clock = clock;
        if new_day && self.loading.is_none() {
            self.rebuild_rows(|a| {
                a.contacts = Contacts::new(&a.index, &a.clock, a.sort);
                a.show_rows();
            });
            self.rebuild_sheet();
        }
    }

    // ----- reading the state -----

    pub fn selected_summary(&self) -> Option<&Summary> {
        if self.held.is_some() {
            return None;
        }
        let row = self.contacts.rows.get(self.selected)?;
        self.index.people.get(row.at as usize)
    }

    pub fn selected_slug(&self) -> Option<&str> {
        self.selected_summary().map(|s| s.slug.as_str())
    }

    /// The detail, if it is the selected person's.
    pub fn current_detail(&self) -> Option<&Detail> {
        self.detail
            .as_ref()
            .filter(|d| Some(d.slug.as_str()) == self.selected_slug())
    }

    fn panes(&self) -> layout::Panes {
        layout::Panes::of(
            ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1),
            self,
        )
    }

    // ----- input -----

    /// A key press: the popup or filter line that has the keyboard gets it
    /// first; otherwise the keymap turns it into an action.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return self.update(Action::Quit);
        }
        if self.popup.is_some() {
            return self.popup_key(key);
        }
        if self.filtering {
            return self.filter_key(key);
        }
        match self.keymap.action(&key) {
            Some(a) => self.update(a),
            None => Vec::new(),
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        match &mut self.popup {
            Some(Popup::Capture(c)) if !c.saving => {
                c.confirm_discard = false;
                let (t, one_line) = c.focused();
                paste_into(t, text, one_line);
                c.dirty = true;
            }
            Some(Popup::Form(f)) => {
                let i = f.focus;
                paste_into(&mut f.fields[i].1, text, true);
            }
            Some(_) => {}
            None => {
                if self.filtering {
                    self.filter.push_str(&text.replace(['\n', '\r'], " "));
                    self.refilter(true);
                    return self.load_selected();
                }
            }
        }
        Vec::new()
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.keep_visible();
    }

    /// The main screen's actions.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return self.quit(),
            Action::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                return Vec::new();
            }
            _ => {}
        }
        if self.loading.is_some() && self.index.people.is_empty() && action != Action::Sync {
            return Vec::new();
        }
        match action {
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-(self.page() as i64)),
            Action::PageDown => self.step(self.page() as i64),
            Action::First => self.step(i64::MIN / 2),
            Action::Last => self.step(i64::MAX / 2),
            Action::NextPane | Action::PrevPane => {
                let order = [Pane::Contacts, Pane::Prep, Pane::Timeline];
                let i = order.iter().position(|p| *p == self.focus).unwrap_or(0);
                let j = if action == Action::NextPane {
                    i + 1
                } else {
                    i + 2
                };
                self.set_focus(order[j % 3]);
                Vec::new()
            }
            Action::Filter => {
                self.filtering = true;
                self.focus = Pane::Contacts;
                if self.due_view || self.meeting_view.is_some() {
                    self.meeting_view = None;
                    // The filter searches everyone. The due list can hold
                    // more rows than there are people (one per thing due).
                    self.due_view = false;
                    self.rebuild_rows(App::show_rows);
                    return self.load_selected();
                }
                Vec::new()
            }
            Action::Open => {
                if self.selected_summary().is_some() {
                    self.set_focus(Pane::Prep);
                }
                Vec::new()
            }
            Action::Back => {
                if self.focus == Pane::Contacts && self.meeting_view.is_some() {
                    self.meeting_view = None;
                    self.rebuild_rows(App::show_rows);
                    return self.load_selected();
                }
                if self.focus == Pane::Contacts && self.due_view {
                    return self.update(Action::Due);
                }
                if self.focus != Pane::Contacts {
                    self.focus = Pane::Contacts;
                    Vec::new()
                } else if !self.filter.is_empty() {
                    self.filter.clear();
                    self.refilter(false);
                    self.load_selected()
                } else {
                    Vec::new()
                }
            }
            Action::Capture => match self.selected_summary() {
                Some(s) => vec![Effect::OpenCapture {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                }],
                None => self.nobody("No one is selected: press a to add a person."),
            },
            Action::Add => {
                self.popup = Some(Popup::Form(Box::new(Form::add_person())));
                Vec::new()
            }
            Action::Todo => match self.selected_summary() {
                Some(s) => {
                    let form = Form::todo(s.slug.clone(), s.name.clone());
                    self.popup = Some(Popup::Form(Box::new(form)));
                    Vec::new()
                }
                None => self.nobody("No one is selected."),
            },
            Action::Edit => match self.selected_slug() {
                Some(s) => vec![Effect::Edit(s.to_string())],
                None => self.nobody("No one is selected."),
            },
            Action::Discreet => {
                self.discreet = !self.discreet;
                self.rebuild_sheet();
                if self.due_view {
                    self.rebuild_rows(App::show_rows);
                }
                let msg = if self.discreet {
                    "Discreet mode: private notes and [about] are hidden (p shows them)."
                } else {
                    "Discreet mode off."
                };
                self.say(msg, false)
            }
            Action::Sort if self.due_view => self.say(
                "The due list is in order of urgency; d shows everyone.",
                false,
            ),
            Action::Sort => {
                self.sort = self.sort.next();
                self.rebuild_rows(|a| {
                    a.contacts.sort_by(&a.index, a.sort);
                    a.contacts.filter(&a.index, &a.matcher, &a.filter);
                });
                let msg = format!("Sorted by {}.", self.sort.label());
                self.say(&msg, false);
                self.load_selected()
            }
            Action::Agenda => {
                if self.calendars.is_empty() {
                    return self.say(
                        "No calendar: add calendars = [\"~/calendar\"] to the config file.",
                        true,
                    );
                }
                self.popup = Some(Popup::Agenda { selected: 0 });
                vec![Effect::LoadAgenda {
                    sources: self.calendars.clone(),
                    clock: self.clock,
                }]
            }
            Action::Due => {
                self.meeting_view = None;
                self.due_view = !self.due_view;
                self.focus = Pane::Contacts;
                if self.due_view {
                    self.show_rows();
                    self.select_first();
                } else {
                    self.rebuild_rows(App::show_rows);
                }
                self.load_selected()
            }
            Action::Sync => {
                if self.syncing.is_some() {
                    return self.say("A sync is already under way.", false);
                }
                self.syncing = Some("starting".into());
                vec![Effect::Sync]
            }
            Action::Problems => {
                if self.index.problems.is_empty() {
                    self.say("Every file in people/ reads cleanly.", false)
                } else {
                    self.popup = Some(Popup::Problems { selected: 0 });
                    Vec::new()
                }
            }
            Action::Quit | Action::Help => unreachable!("handled above"),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        let mut fx = Vec::new();
        if let Some(Popup::Capture(c)) = &self.popup
            && !c.is_empty()
        {
            fx.push(Effect::WriteDraft(c.draft(self.clock.now.to_rfc3339())));
        }
        fx.push(Effect::Quit);
        fx
    }

    /// What to say when ties is closed with text typed and not saved. When
    /// it could not be kept on disk, the text itself, so it is not lost.
    pub fn farewell(&self) -> Option<String> {
        match &self.popup {
            Some(Popup::Capture(c)) if !c.is_empty() => Some(match &self.draft_error {
                None => format!(
                    "Your note about {} is kept as a draft; press c on {} to finish it.",
                    c.name, c.name
                ),
                Some(e) => {
                    let d = c.draft(String::new());
                    let ask = if d.ask.trim().is_empty() {
                        String::new()
                    } else {
                        format!("\nAsk next time: {}", d.ask)
                    };
                    format!(
                        "could not keep your note about {} as a draft ({e}); here it is:\n\n{}{ask}\n",
                        c.name, d.text
                    )
                }
            }),
            Some(Popup::Form(f)) => {
                let typed: Vec<String> = f
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !f.value(*i).is_empty())
                    .map(|(i, (label, _))| format!("{label}: {}", f.value(i)))
                    .collect();
                (!typed.is_empty()).then(|| {
                    format!(
                        "{} was not saved; you had typed {}",
                        f.title(),
                        typed.join(", ")
                    )
                })
            }
            _ => None,
        }
    }

    /// Why an action on the selected person cannot run.
    fn nobody(&mut self, msg: &str) -> Vec<Effect> {
        match &self.held {
            Some(slug) => {
                let msg = format!(
                    "{} cannot be read just now; the selection waits for it (j/k selects someone else).",
                    Vault::rel(slug)
                );
                self.say(&msg, true)
            }
            None => self.say(msg, true),
        }
    }

    fn say(&mut self, msg: &str, error: bool) -> Vec<Effect> {
        self.status = Some((msg.to_string(), error));
        self.status_at = Some(self.clock.now);
        Vec::new()
    }

    fn set_focus(&mut self, p: Pane) {
        self.focus = p;
        self.filtering = false;
        if p != Pane::Contacts {
            self.tab = p;
        }
    }

    fn page(&self) -> usize {
        let p = self.panes();
        let h = match self.focus {
            Pane::Contacts => p.list.height,
            Pane::Prep => p.prep.height,
            Pane::Timeline => p.timeline.height / 3,
        };
        (h as usize).saturating_sub(1).max(1)
    }

    /// Moves the selection, or scrolls the focused pane.
    fn step(&mut self, by: i64) -> Vec<Effect> {
        match self.focus {
            Pane::Contacts => {
                let n = self.contacts.rows.len();
                if n == 0 {
                    return Vec::new();
                }
                let was_held = self.held.take().is_some();
                let to = (self.selected as i64)
                    .saturating_add(by)
                    .clamp(0, n as i64 - 1) as usize;
                if to == self.selected && !was_held {
                    return Vec::new();
                }
                self.selected = to;
                self.keep_visible();
                self.load_selected()
            }
            Pane::Prep => {
                let width = self.panes().prep.width as usize;
                let len = self
                    .current_detail()
                    .map(|d| super::ui::prep::rows(&d.sheet, width).len())
                    .unwrap_or(0);
                let max = len.saturating_sub(self.panes().prep.height as usize) as i64;
                self.prep_scroll = (self.prep_scroll as i64)
                    .saturating_add(by)
                    .clamp(0, max.max(0)) as u16;
                Vec::new()
            }
            Pane::Timeline => {
                let len = self.timeline_len() as i64;
                self.timeline_scroll = (self.timeline_scroll as i64)
                    .saturating_add(by)
                    .clamp(0, (len - 1).max(0)) as usize;
                Vec::new()
            }
        }
    }

    /// Log entries the timeline shows (private ones hidden when discreet).
    pub fn timeline(&self) -> Vec<&crate::model::Entry> {
        match self.current_detail() {
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

    fn timeline_len(&self) -> usize {
        self.timeline().len()
    }

    fn keep_visible(&mut self) {
        let h = (self.panes().list.height as usize).max(1);
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + h {
            self.list_offset = self.selected + 1 - h;
        }
        let n = self.contacts.rows.len();
        if self.list_offset + h > n {
            self.list_offset = n.saturating_sub(h);
        }
    }

    fn load_selected(&mut self) -> Vec<Effect> {
        self.prep_scroll = 0;
        self.timeline_scroll = 0;
        match self.selected_slug() {
            Some(s) if self.current_detail().is_none() => vec![Effect::LoadDetail(s.to_string())],
            _ => Vec::new(),
        }
    }

    /// Remembers the selected person, changes the rows, selects them again:
    /// the one place a selection survives a change of rows. A person whose
    /// file is not in the index just now (being rewritten by an editor or
    /// git) is waited for, with no one selected, rather than replaced.
    fn rebuild_rows(&mut self, change: impl FnOnce(&mut App)) {
        let keep = self
            .held
            .take()
            .or_else(|| self.selected_slug().map(str::to_string));
        change(self);
        let at = keep
            .as_deref()
            .and_then(|s| self.contacts.position_of(&self.index, s));
        self.selected = at
            .unwrap_or(0)
            .min(self.contacts.rows.len().saturating_sub(1));
        self.held = keep.filter(|s| at.is_none() && self.index.get(s).is_none());
        self.keep_visible();
    }

    /// The first row, chosen on purpose (a new query, the due list).
    fn select_first(&mut self) {
        self.held = None;
        self.selected = 0;
        self.list_offset = 0;
        self.keep_visible();
    }

    /// The rows of the contacts pane: the due list, or everyone filtered.
    fn show_rows(&mut self) {
        self.due = crate::due::due(
            &self.index,
            &self.clock,
            self.due_days,
            &self.defaults,
            self.discreet,
        );
        self.due_now = crate::due::due_now(&self.due);
        if let Some(m) = self.meeting_view.and_then(|i| self.agenda.get(i)) {
            self.contacts.rows = m
                .attendees
                .iter()
                .filter_map(|a| a.slug.as_deref())
                .filter_map(|slug| {
                    self.index
                        .people
                        .binary_search_by(|s| s.slug.as_str().cmp(slug))
                        .ok()
                })
                .map(|at| super::contacts::Row {
                    at: at as u32,
                    score: 0,
                })
                .collect();
        } else if self.due_view {
            self.contacts.rows = self
                .due
                .iter()
                .enumerate()
                // Ask items are on the prep sheet; the list keeps to what is due.
                .filter(|(_, item)| item.kind != crate::due::Kind::Ask)
                .filter_map(|(i, item)| {
                    let at = self
                        .index
                        .people
                        .binary_search_by(|s| s.slug.as_str().cmp(&item.slug))
                        .ok()?;
                    Some(super::contacts::Row {
                        at: at as u32,
                        score: i as i64,
                    })
                })
                .collect();
        } else {
            self.contacts.sort_by(&self.index, self.sort);
            self.contacts
                .filter(&self.index, &self.matcher, &self.filter);
        }
    }

    /// Re-runs the filter; a changed query selects the best match.
    fn refilter(&mut self, query_changed: bool) {
        let filter = |a: &mut App| a.contacts.filter(&a.index, &a.matcher, &a.filter);
        if query_changed {
            filter(self);
            self.select_first();
        } else {
            self.rebuild_rows(filter);
        }
    }

    fn rebuild_sheet(&mut self) {
        if let Some(d) = &mut self.detail {
            let links = crate::network::among(&d.person, &self.index.people);
            d.sheet = crate::prep::prep(&d.person, links, &self.clock, self.discreet);
        }
        self.timeline_scroll = 0;
    }

    fn filter_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                self.filtering = false;
                if self.filter.is_empty() {
                    return Vec::new();
                }
                self.filter.clear();
                self.refilter(false);
                self.load_selected()
            }
            KeyCode::Enter => {
                self.filtering = false;
                if self.selected_summary().is_some() {
                    self.set_focus(Pane::Prep);
                }
                Vec::new()
            }
            KeyCode::Up => self.step(-1),
            KeyCode::Down | KeyCode::Tab => self.step(1),
            KeyCode::BackTab => self.step(-1),
            KeyCode::PageUp => self.step(-(self.page() as i64)),
            KeyCode::PageDown => self.step(self.page() as i64),
            KeyCode::Backspace if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                self.delete_word()
            }
            KeyCode::Char('w') | KeyCode::Char('h') if ctrl => {
                if key.code == KeyCode::Char('w') {
                    self.delete_word()
                } else {
                    self.edit_filter(|f| {
                        f.pop();
                    })
                }
            }
            KeyCode::Char('u') if ctrl => self.edit_filter(String::clear),
            KeyCode::Backspace => {
                if self.filter.is_empty() {
                    self.filtering = false;
                    return Vec::new();
                }
                self.edit_filter(|f| {
                    f.pop();
                })
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => self.edit_filter(|f| f.push(c)),
            _ => Vec::new(),
        }
    }

    fn delete_word(&mut self) -> Vec<Effect> {
        self.edit_filter(|f| {
            let t = f.trim_end().len();
            f.truncate(t);
            let cut = f.rfind(' ').map(|i| i + 1).unwrap_or(0);
            f.truncate(cut);
        })
    }

    fn edit_filter(&mut self, edit: impl FnOnce(&mut String)) -> Vec<Effect> {
        let before = self.filter.clone();
        edit(&mut self.filter);
        if self.filter == before {
            return Vec::new();
        }
        self.refilter(true);
        self.load_selected()
    }

    // ----- popups -----

    fn popup_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(popup) = self.popup.take() else {
            return Vec::new();
        };
        let (popup, fx) = match popup {
            Popup::Help { scroll } => self.help_key(scroll, key),
            Popup::Problems { selected } => self.problems_key(selected, key),
            Popup::Capture(c) => self.capture_key(c, key),
            Popup::Form(f) => self.form_key(f, key),
            Popup::EditFailed { slug, problem } => match key.code {
                KeyCode::Char('e') | KeyCode::Enter => (None, vec![Effect::Edit(slug)]),
                KeyCode::Char('r') => {
                    let rel = Vault::rel(&slug);
                    self.say(&format!("Dropped your edit; {rel} is unchanged."), false);
                    (None, vec![Effect::DiscardEdit(slug)])
                }
                KeyCode::Esc | KeyCode::Char('q') => {
                    let rel = Vault::rel(&slug);
                    self.say(
                        &format!("{rel} is unchanged; your edit is kept, and e takes it up again."),
                        false,
                    );
                    (None, Vec::new())
                }
                _ => (Some(Popup::EditFailed { slug, problem }), Vec::new()),
            },
            Popup::Agenda { selected } => {
                let n = self.agenda.len();
                match key.code {
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('m') => (None, Vec::new()),
                    KeyCode::Enter if n > 0 => {
                        self.meeting_view = Some(selected.min(n - 1));
                        self.due_view = false;
                        self.focus = Pane::Contacts;
                        self.show_rows();
                        self.select_first();
                        self.detail = None;
                        let m = &self.agenda[selected.min(n - 1)];
                        let unknown = m
                            .attendees
                            .iter()
                            .filter(|a| a.slug.is_none() && !a.organizer)
                            .count();
                        let msg = if unknown > 0 {
                            format!(
                                "{}: {unknown} attendee(s) not in ties. Esc: everyone.",
                                m.title
                            )
                        } else {
                            format!("{}. Esc: everyone.", m.title)
                        };
                        self.say(&msg, false);
                        (None, self.load_selected())
                    }
                    KeyCode::Down | KeyCode::Char('j') => (
                        Some(Popup::Agenda {
                            selected: (selected + 1).min(n.saturating_sub(1)),
                        }),
                        Vec::new(),
                    ),
                    KeyCode::Up | KeyCode::Char('k') => (
                        Some(Popup::Agenda {
                            selected: selected.saturating_sub(1),
                        }),
                        Vec::new(),
                    ),
                    _ => (Some(Popup::Agenda { selected }), Vec::new()),
                }
            }
            Popup::EditClash { slug } => match key.code {
                KeyCode::Char('d') => {
                    let rel = Vault::rel(&slug);
                    self.say(
                        &format!("Dropped your edit; {rel} keeps what is on disk."),
                        false,
                    );
                    (None, vec![Effect::DiscardEdit(slug)])
                }
                KeyCode::Esc | KeyCode::Char('k') | KeyCode::Char('q') => {
                    self.say(
                        &format!("Your version stays in .ties/edit/{slug}.toml."),
                        false,
                    );
                    (None, Vec::new())
                }
                _ => (Some(Popup::EditClash { slug }), Vec::new()),
            },
        };
        if self.popup.is_none() {
            self.popup = popup;
        }
        fx
    }

    fn help_key(&mut self, scroll: u16, key: KeyEvent) -> (Option<Popup>, Vec<Effect>) {
        let max = super::ui::popups::help_max_scroll(self.size);
        let scroll = match self.keymap.action(&key) {
            Some(Action::Down) => scroll.saturating_add(1).min(max),
            Some(Action::Up) => scroll.saturating_sub(1),
            Some(Action::PageDown) => scroll.saturating_add(10).min(max),
            Some(Action::PageUp) => scroll.saturating_sub(10),
            Some(Action::First) => 0,
            Some(Action::Last) => max,
            Some(Action::Help | Action::Back | Action::Quit) => return (None, Vec::new()),
            _ if key.code == KeyCode::Esc => return (None, Vec::new()),
            _ => scroll,
        };
        (Some(Popup::Help { scroll }), Vec::new())
    }

    fn problems_key(&mut self, selected: usize, key: KeyEvent) -> (Option<Popup>, Vec<Effect>) {
        let n = self.index.problems.len();
        let selected = match self.keymap.action(&key) {
            Some(Action::Down) => (selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => selected.saturating_sub(1),
            Some(Action::First) => 0,
            Some(Action::Last) => n.saturating_sub(1),
            Some(Action::Edit | Action::Open) => {
                let slug = self
                    .index
                    .problems
                    .get(selected)
                    .and_then(|p| p.file.strip_prefix("people/"))
                    .and_then(Vault::slug_of_file_name)
                    .map(str::to_string);
                return match slug {
                    Some(s) => (None, vec![Effect::Edit(s)]),
                    None => (Some(Popup::Problems { selected }), Vec::new()),
                };
            }
            Some(Action::Problems | Action::Back | Action::Quit) => return (None, Vec::new()),
            _ if key.code == KeyCode::Esc => return (None, Vec::new()),
            _ => selected,
        };
        (Some(Popup::Problems { selected }), Vec::new())
    }

    fn capture_key(&mut self, mut c: Box<Capture>, key: KeyEvent) -> (Option<Popup>, Vec<Effect>) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if c.saving {
            return (Some(Popup::Capture(c)), Vec::new());
        }
        if c.confirm_discard {
            // Only a chord drops typed words: a letter could be the start of
            // the next word ("yesterday"), which goes back into the note.
            c.confirm_discard = false;
            match key.code {
                KeyCode::Char('d') if ctrl => {
                    let slug = c.slug.clone();
                    self.say("Note discarded.", false);
                    return (None, vec![Effect::DeleteDraft(slug)]);
                }
                KeyCode::Esc => return (Some(Popup::Capture(c)), Vec::new()),
                _ => {}
            }
        }
        match key.code {
            KeyCode::Char('s') if ctrl => {
                let text = super::form::text_of(&c.note).trim_end().to_string();
                if text.trim().is_empty() {
                    c.error = Some("Nothing to save yet: the note is empty.".into());
                    return (Some(Popup::Capture(c)), Vec::new());
                }
                let ask = super::form::text_of(&c.ask).trim().to_string();
                let entry = NewEntry {
                    at: self.clock.now,
                    via: c.via().to_string(),
                    text,
                    ask: if ask.is_empty() {
                        Vec::new()
                    } else {
                        vec![ask]
                    },
                    private: false,
                    why: None,
                };
                c.saving = true;
                c.error = None;
                // The draft is written first: if the save fails or ties dies
                // mid-save, the note is still on disk.
                let fx = vec![
                    Effect::WriteDraft(c.draft(self.clock.now.to_rfc3339())),
                    Effect::SaveNote {
                        slug: c.slug.clone(),
                        entry: Box::new(entry),
                    },
                ];
                c.dirty = false;
                (Some(Popup::Capture(c)), fx)
            }
            KeyCode::Esc => {
                if c.is_empty() && c.restored.is_none() {
                    (None, Vec::new())
                } else {
                    c.confirm_discard = true;
                    (Some(Popup::Capture(c)), Vec::new())
                }
            }
            KeyCode::Tab | KeyCode::BackTab => {
                // Only to a field that is on the screen.
                let ask_shown = super::ui::popups::capture_shows_ask(self.size);
                c.field = match c.field {
                    CaptureField::Note if ask_shown => CaptureField::Ask,
                    _ => CaptureField::Note,
                };
                (Some(Popup::Capture(c)), Vec::new())
            }
            KeyCode::Char('t') if ctrl => {
                c.via = (c.via + 1) % VIAS.len();
                c.dirty = true;
                (Some(Popup::Capture(c)), Vec::new())
            }
            _ => {
                let (t, one_line) = c.focused();
                if type_into(t, key, one_line) {
                    c.dirty = true;
                    c.error = None;
                }
                (Some(Popup::Capture(c)), Vec::new())
            }
        }
    }

    fn form_key(&mut self, mut f: Box<Form>, key: KeyEvent) -> (Option<Popup>, Vec<Effect>) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if f.saving {
            return (Some(Popup::Form(f)), Vec::new());
        }
        match key.code {
            KeyCode::Esc => (None, Vec::new()),
            KeyCode::Tab | KeyCode::Down => {
                f.focus = (f.focus + 1) % f.fields.len();
                (Some(Popup::Form(f)), Vec::new())
            }
            KeyCode::BackTab | KeyCode::Up => {
                f.focus = (f.focus + f.fields.len() - 1) % f.fields.len();
                (Some(Popup::Form(f)), Vec::new())
            }
            KeyCode::Enter => self.submit(f),
            KeyCode::Char('s') if ctrl => self.submit(f),
            _ => {
                let i = f.focus;
                if type_into(&mut f.fields[i].1, key, true) {
                    f.error = None;
                }
                (Some(Popup::Form(f)), Vec::new())
            }
        }
    }

    fn submit(&mut self, mut f: Box<Form>) -> (Option<Popup>, Vec<Effect>) {
        let (first, second) = (f.value(0), f.value(1));
        let fx = match &f.kind {
            FormKind::AddPerson => {
                if first.is_empty() {
                    f.error = Some("A name, please.".into());
                    return (Some(Popup::Form(f)), Vec::new());
                }
                vec![Effect::AddPerson(NewPerson {
                    name: first,
                    org: Some(second).filter(|s| !s.is_empty()),
                    ..NewPerson::default()
                })]
            }
            FormKind::Todo { slug, .. } => {
                if first.is_empty() {
                    f.error = Some("What is there to do?".into());
                    return (Some(Popup::Form(f)), Vec::new());
                }
                let due = if second.is_empty() {
                    None
                } else {
                    match self.clock.parse_date(&second) {
                        Some(d) => Some(d),
                        None => {
                            f.error =
                                Some("Not a date: try 2026-12-01, friday or +3d.".to_string());
                            return (Some(Popup::Form(f)), Vec::new());
                        }
                    }
                };
                vec![Effect::AddTodo {
                    slug: slug.clone(),
                    text: first,
                    due,
                }]
            }
        };
        f.saving = true;
        f.error = None;
        (Some(Popup::Form(f)), fx)
    }

    /// A form's save is done: it closes, or it stays with the reason.
    fn form_saved(&mut self, todo: bool, error: Option<String>) {
        if let Some(Popup::Form(f)) = &mut self.popup
            && f.saving
            && matches!(f.kind, FormKind::Todo { .. }) == todo
        {
            match error {
                None => self.popup = None,
                Some(e) => {
                    f.saving = false;
                    f.error = Some(format!("Not saved: {e}. Your text is still here."));
                }
            }
        }
    }

    // ----- results of effects -----

    pub fn on_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Tick => {
                self.ticks = self.ticks.wrapping_add(1);
                // Information fades after a while; errors stay until replaced.
                if let (Some((_, false)), Some(at)) = (&self.status, self.status_at)
                    && (self.clock.now - at).num_seconds() >= 10
                {
                    self.status = None;
                }
                match &mut self.popup {
                    // An emptied note keeps its last draft: emptying is not
                    // discarding (Esc asks for that).
                    Some(Popup::Capture(c)) if c.dirty && !c.saving && !c.is_empty() => {
                        c.dirty = false;
                        vec![Effect::WriteDraft(c.draft(self.clock.now.to_rfc3339()))]
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
            Msg::IndexLoaded(Ok(index)) => self.set_index(*index),
            Msg::IndexLoaded(Err(e)) => {
                self.loading = None;
                self.say(&e, true)
            }
            Msg::DetailLoaded { slug, result } => {
                if self.selected_slug() != Some(slug.as_str()) {
                    return Vec::new();
                }
                match result {
                    Ok(mut person) => {
                        self.defaults.apply(&mut person.cadence, &person.tags);
                        let sheet = crate::prep::prep(
                            &person,
                            crate::network::among(&person, &self.index.people),
                            &self.clock,
                            self.discreet,
                        );
                        self.detail = Some(Detail {
                            slug,
                            person: *person,
                            sheet,
                        });
                        self.detail_error = None;
                    }
                    Err(e) => {
                        self.detail = None;
                        self.detail_error = Some(e);
                    }
                }
                Vec::new()
            }
            Msg::CaptureReady { slug, name, draft } => {
                if let Some(d) = &draft {
                    let when = chrono::DateTime::parse_from_rfc3339(&d.written)
                        .map(|t| format!(" from {}", t.format("%b %-d, %H:%M")))
                        .unwrap_or_default();
                    self.say(
                        &format!("Your unsaved note about {name}{when} is back."),
                        false,
                    );
                }
                self.popup = Some(Popup::Capture(Box::new(Capture::new(slug, name, draft))));
                Vec::new()
            }
            Msg::NoteSaved { slug, via, result } => {
                let fx = match result {
                    Ok(name) => {
                        if matches!(&self.popup, Some(Popup::Capture(c)) if c.slug == slug) {
                            self.popup = None;
                        }
                        self.say(
                            &format!("Logged {via} with {name} ({}).", Vault::rel(&slug)),
                            false,
                        );
                        // Show it on the timeline at once, without waiting for the watcher.
                        if self.selected_slug() == Some(slug.as_str()) {
                            self.detail = None;
                        }
                        let mut fx = vec![Effect::DeleteDraft(slug.clone())];
                        fx.extend(self.commit(&slug, format!("log {via} with {name}")));
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
                self.timeline_scroll = 0;
                fx
            }
            Msg::DraftWritten(Ok(())) => {
                self.draft_error = None;
                Vec::new()
            }
            Msg::DraftWritten(Err(e)) => {
                self.draft_error = Some(e.clone());
                self.say(&format!("Could not keep a draft: {e}"), true)
            }
            Msg::PersonAdded(Ok(slug)) => {
                self.form_saved(false, None);
                self.say(&format!("Added {}.", Vault::rel(&slug)), false);
                self.filter.clear();
                let mut fx = self.commit(&slug, format!("add {slug}"));
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
                    let mut fx = self.commit(&slug, format!("todo for {slug}"));
                    fx.extend(self.load_selected());
                    fx.extend(self.request_reload());
                    fx
                }
                Err(e) => {
                    self.form_saved(true, Some(e.clone()));
                    self.say(&format!("Could not add the todo: {e}"), true)
                }
            },
            Msg::Edited { slug, result } => {
                let rel = Vault::rel(&slug);
                match result {
                    Ok(Outcome::Unchanged) => self.say(&format!("No changes to {rel}."), false),
                    Ok(Outcome::Saved) => {
                        self.say(&format!("Saved {rel}."), false);
                        if self.selected_slug() == Some(slug.as_str()) {
                            self.detail = None;
                        }
                        let mut fx = self.commit(&slug, format!("edit {slug}"));
                        fx.extend(self.load_selected());
                        fx.extend(self.request_reload());
                        fx
                    }
                    Ok(Outcome::Bad(p)) => {
                        self.popup = Some(Popup::EditFailed {
                            slug,
                            problem: p.to_string(),
                        });
                        Vec::new()
                    }
                    Ok(Outcome::ChangedMeanwhile) => {
                        self.popup = Some(Popup::EditClash { slug });
                        Vec::new()
                    }
                    Err(e) => self.say(&e, true),
                }
            }
            Msg::FilesChanged => {
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                fx
            }
            Msg::SyncProgress(step) => {
                if self.syncing.is_some() {
                    self.syncing = Some(step);
                }
                Vec::new()
            }
            Msg::Synced(Ok(said)) => {
                self.syncing = None;
                self.say(&format!("Synced: {said}"), false);
                let mut fx = self.request_reload();
                fx.push(Effect::RefreshSync);
                fx
            }
            Msg::Synced(Err((e, needs_prompt))) => {
                if needs_prompt && self.syncing.as_deref() != Some("in the terminal") {
                    // git wants a password: let it ask, in the open.
                    self.syncing = Some("in the terminal".into());
                    return vec![Effect::SyncInTerminal];
                }
                self.syncing = None;
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
                self.sync_state = Some(state);
                Vec::new()
            }
            Msg::Committed(Ok(())) => vec![Effect::RefreshSync],
            Msg::Committed(Err(e)) => {
                let mut fx = self.say(&format!("Saved, but not committed to git: {e}"), true);
                fx.push(Effect::RefreshSync);
                fx
            }
        }
    }

    /// Commit-as-you-go after a save, when it is on.
    fn commit(&self, slug: &str, what: String) -> Vec<Effect> {
        if !self.autocommit {
            return Vec::new();
        }
        let name = self
            .index
            .get(slug)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| slug.to_string());
        let message = what.replace(slug, &name);
        vec![Effect::Commit {
            slug: slug.to_string(),
            message,
        }]
    }

    fn request_reload(&mut self) -> Vec<Effect> {
        if self.loading.is_some() {
            self.reload_pending = true;
            Vec::new()
        } else {
            self.loading = Some((0, 0));
            vec![Effect::Reload]
        }
    }

    /// A new index: keep the selection on the same person, reload them.
    fn set_index(&mut self, index: Index) -> Vec<Effect> {
        if let Some(added) = self.pending_select.take() {
            self.held = Some(added);
        }
        let keep = self
            .held
            .clone()
            .or_else(|| self.selected_slug().map(str::to_string));
        self.rebuild_rows(|a| {
            a.index = index;
            a.defaults.apply_index(&mut a.index);
            a.loading = None;
            a.contacts = Contacts::new(&a.index, &a.clock, a.sort);
            a.show_rows();
        });
        // The person's file may be the one that changed: read it again,
        // keeping the scroll positions when it is still the same person.
        if self.selected_slug() != keep.as_deref() {
            self.prep_scroll = 0;
            self.timeline_scroll = 0;
        }
        let mut fx: Vec<Effect> = self
            .selected_slug()
            .map(|s| Effect::LoadDetail(s.to_string()))
            .into_iter()
            .collect();
        if std::mem::take(&mut self.reload_pending) {
            fx.extend(self.request_reload());
        }
        if let Some(Popup::Problems { selected }) = &mut self.popup {
            if self.index.problems.is_empty() {
                self.popup = None;
            } else {
                *selected = (*selected).min(self.index.problems.len() - 1);
            }
        }
        fx
    }
}
