//! The router: which pane has the focus, which popup is open, who is
//! selected, what the status line says. A key goes to the popup, the filter
//! line or the keymap; the panes and popups do the rest with their own
//! state and the read-only [`Ctx`], and answer with effects for the runtime.
//! Nothing here reads or writes a file, or works out a layout.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::ctx::Ctx;
pub use super::ctx::{Detail, Pane, Settings};
use super::draft::Kind as DraftKind;
use super::keymap::{Keymap, Scope};
use super::list::Contacts;
pub use super::msg::{Effect, Msg};
use super::pane::contacts::{ContactsPane, FilterKey};
use super::pane::prep::PrepPane;
use super::pane::status::StatusLine;
use super::pane::timeline::TimelinePane;
pub use super::popup::Popup;
use super::popup::{Agenda, Help, Problems, Reply};
use crate::clock::Clock;
use crate::index::{Index, Summary};
use crate::store::Vault;

pub struct App {
    pub clock: Clock,
    pub keymap: Keymap,
    pub settings: Settings,
    pub index: Index,
    /// Who links to whom and who shares an org, for prep sheets.
    pub lookup: crate::network::Lookup,
    pub discreet: bool,
    /// The contacts pane's rows, as positions in the index.
    pub contacts: Contacts,
    /// The selected row of `contacts`.
    pub selected: usize,
    /// The selected person's file vanished or stopped reading in a reload
    /// (an editor or git rewriting it): the selection waits for them, with
    /// no one selected meanwhile, until the user moves.
    pub held: Option<String>,
    /// Who is due, worked out with each index.
    pub due: Vec<crate::due::Item>,
    /// How many people are due now (overdue or today).
    pub due_now: usize,
    /// Today's meetings, once read.
    pub agenda: Vec<crate::calendar::Meeting>,
    pub detail: Option<Detail>,
    /// Why the selected person could not be shown.
    pub detail_error: Option<String>,
    pub focus: Pane,
    /// Which of prep and timeline the right side shows when they share it.
    pub tab: Pane,
    pub people: ContactsPane,
    pub prep: PrepPane,
    pub history: TimelinePane,
    pub status: StatusLine,
    pub popup: Option<Popup>,
    /// Files parsed so far while the index loads, or None once loaded.
    pub loading: Option<(usize, usize)>,
    /// While only the first screen's people are read (see
    /// `index::glimpse`): how many people the index last had, and how
    /// many of them the list showed.
    pub glimpse: Option<(usize, usize)>,
    /// The glimpse last read or written, so an unchanged one is not
    /// written again.
    pub(super) glimpsed: Option<crate::index::glimpse::Glimpse>,
    pub(super) reload_pending: bool,
    /// A person just added: select them once the index has them.
    pub(super) pending_select: Option<String>,
    /// Why the last draft could not be written (None once one is).
    pub draft_error: Option<String>,
    /// Where drafts go while the vault cannot take them (said once).
    pub draft_aside: Option<String>,
    /// Notes whose person cannot be found any more, and their files.
    pub unplaced: Vec<(super::draft::Draft, std::path::PathBuf)>,
    pub size: (u16, u16),
    /// Where the last frame put each pane, for the mouse.
    pub frame: std::cell::Cell<super::layout::Panes>,
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
        let first_word = init
            .warnings
            .first()
            .map(|w| (w.clone(), true))
            .or(init.hello.map(|h| (h, false)));
        App {
            clock: init.clock,
            keymap: init.keymap,
            settings: Settings {
                autocommit: init.autocommit,
                defaults: init.defaults,
                calendars: init.calendars,
                due_days: init.due_days,
            },
            index: Index::default(),
            lookup: crate::network::Lookup::default(),
            discreet: init.discreet,
            contacts: Contacts::default(),
            selected: 0,
            held: None,
            due: Vec::new(),
            due_now: 0,
            agenda: Vec::new(),
            detail: None,
            detail_error: None,
            focus: Pane::Contacts,
            tab: Pane::Prep,
            people: ContactsPane::default(),
            prep: PrepPane::default(),
            history: TimelinePane::default(),
            status: StatusLine::new(init.vault_label, first_word),
            popup: None,
            loading: Some((0, 0)),
            glimpse: None,
            glimpsed: None,
            reload_pending: false,
            pending_select: None,
            draft_error: None,
            draft_aside: None,
            unplaced: Vec::new(),
            size: init.size,
            frame: std::cell::Cell::default(),
            quit: false,
        }
    }

    /// What every pane and popup reads.
    pub fn ctx(&self) -> Ctx<'_> {
        let selected_row = self.selected_row();
        Ctx {
            clock: &self.clock,
            unplaced: &self.unplaced,
            index: &self.index,
            keymap: &self.keymap,
            settings: &self.settings,
            discreet: self.discreet,
            contacts: &self.contacts,
            selected_row,
            selected: self.selected_summary(),
            detail: self.current_detail(),
            detail_error: self.detail_error.as_deref(),
            agenda: &self.agenda,
            focus: self.focus,
            tab: self.tab,
            popup_open: self.popup.is_some(),
            loading: self.loading,
            glimpse: self.glimpse,
            due: &self.due,
            due_now: self.due_now,
        }
    }

    /// The time moves on while ties is open: notes are stamped with the
    /// current time, and after midnight "days since" is worked out afresh.
    pub fn set_clock(&mut self, clock: Clock) {
        let new_day = clock.today() != self.clock.today();
        self.clock = clock;
        if new_day && self.loading.is_none() {
            self.rebuild_rows(|a| {
                a.contacts = Contacts::new(&a.index, &a.clock, a.people.sort);
                a.show_rows();
            });
            self.rebuild_sheet();
        }
    }

    // ----- reading the state -----

    fn selected_row(&self) -> Option<usize> {
        (self.held.is_none() && self.selected < self.contacts.rows.len()).then_some(self.selected)
    }

    pub fn selected_summary(&self) -> Option<&Summary> {
        let row = self.contacts.rows.get(self.selected_row()?)?;
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

    /// Log entries the timeline shows (private ones hidden when discreet).
    pub fn timeline(&self) -> Vec<&crate::model::Entry> {
        self.ctx().timeline()
    }

    // ----- input -----

    /// A key press: the popup or filter line that has the keyboard gets it
    /// first; otherwise the keymap turns it into an action.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return self.update(Action::Quit);
        }
        // Suspending works everywhere, unless a text field was given the
        // same key (`text.undo = "ctrl-z"`) and one has the keyboard.
        let typing = matches!(self.popup, Some(Popup::Capture(_) | Popup::Form(_)));
        if self.keymap.action(&key) == Some(Action::Suspend)
            && !(typing && self.keymap.cmd(Scope::Text, &key).is_some())
        {
            return self.suspend();
        }
        if let Some(mut popup) = self.popup.take() {
            let mut reply = popup.on_key(&self.ctx(), key);
            if !reply.close {
                self.popup = Some(popup);
            } else if let Some(next) = reply.then.take() {
                self.popup = Some(*next);
            }
            return self.follow(reply);
        }
        if self.people.filtering {
            let done = self.people.filter_key(&self.keymap, key);
            return self.after_filter(done);
        }
        match self.keymap.action(&key) {
            Some(a) => self.update(a),
            None => Vec::new(),
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(mut p) = self.popup.take() {
            p.on_paste(&self.ctx(), text);
            self.popup = Some(p);
            Vec::new()
        } else if self.people.filtering {
            let done = self.people.paste(text);
            self.after_filter(done)
        } else {
            Vec::new()
        }
    }

    /// A wheel turn or a click, resolved by where the last frame drew
    /// each pane. A popup keeps the mouse out, as it keeps the keys.
    pub fn on_mouse(&mut self, ev: crossterm::event::MouseEvent) -> Vec<Effect> {
        use super::mouse::{Gesture, resolve};
        if self.popup.is_some() {
            return Vec::new();
        }
        match resolve(&self.frame.get(), self.tab, &ev) {
            Some(Gesture::Wheel {
                pane: Pane::Contacts,
                by,
            }) => self.move_selection(by),
            Some(Gesture::Wheel {
                pane: Pane::Prep,
                by,
            }) => {
                self.prep.scroll_by(by);
                Vec::new()
            }
            Some(Gesture::Wheel {
                pane: Pane::Timeline,
                by,
            }) => {
                // The view follows the chosen entry: the wheel moves it.
                let len = self.timeline().len();
                self.history.move_by(by, len);
                Vec::new()
            }
            // Below the rows the list drew (the due list's detail): no one.
            Some(Gesture::Pick { row }) if row >= self.people.scroll.height() => Vec::new(),
            Some(Gesture::Pick { row }) => {
                let at = self.people.scroll.top() + row;
                if at >= self.contacts.rows.len() {
                    return Vec::new();
                }
                self.set_focus(Pane::Contacts);
                let was_held = self.held.take().is_some();
                if at == self.selected && !was_held {
                    return Vec::new();
                }
                self.selected = at;
                self.load_selected()
            }
            Some(Gesture::Focus(p)) => {
                self.set_focus(p);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    /// What a popup's key asked for.
    fn follow(&mut self, reply: Reply) -> Vec<Effect> {
        if let Some((msg, error)) = &reply.say {
            self.say(msg, *error);
        }
        let mut fx = reply.effects;
        if let Some(i) = reply.show_meeting {
            self.people.meeting_view = Some(i);
            self.people.due_view = false;
            self.focus = Pane::Contacts;
            self.show_rows();
            self.select_first();
            self.detail = None;
            fx.extend(self.load_selected());
        }
        fx
    }

    /// What a key on the filter line did.
    fn after_filter(&mut self, done: FilterKey) -> Vec<Effect> {
        match done {
            FilterKey::Nothing | FilterKey::Closed => Vec::new(),
            FilterKey::Edited => {
                self.refilter(true);
                self.load_selected()
            }
            FilterKey::Cleared => {
                self.refilter(false);
                self.load_selected()
            }
            FilterKey::Open => {
                if self.selected_summary().is_some() {
                    self.set_focus(Pane::Prep);
                }
                Vec::new()
            }
            FilterKey::Step(by) => self.step(by),
            FilterKey::Page(dir) => self.step(dir * self.page() as i64),
        }
    }

    /// The main screen's actions.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return self.quit(),
            Action::Suspend => return self.suspend(),
            Action::Help => {
                self.popup = Some(Popup::Help(Help::default()));
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
                self.people.filtering = true;
                self.focus = Pane::Contacts;
                if self.people.due_view || self.people.meeting_view.is_some() {
                    self.people.meeting_view = None;
                    // The filter searches everyone. The due list can hold
                    // more rows than there are people (one per thing due).
                    self.people.due_view = false;
                    self.rebuild_rows(App::show_rows);
                    return self.load_selected();
                }
                Vec::new()
            }
            Action::Open if self.focus == Pane::Timeline => self.edit_entry(),
            Action::Open => {
                if self.selected_summary().is_some() {
                    self.set_focus(Pane::Prep);
                }
                Vec::new()
            }
            Action::Back => self.back(),
            Action::Capture => match self.selected_summary() {
                Some(s) => vec![Effect::OpenCapture {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    with: Vec::new(),
                    add: Vec::new(),
                }],
                None => self.nobody("No one is selected: press a to add a person."),
            },
            // A form opens once its draft, if any, is found.
            Action::Add => vec![Effect::OpenForm {
                kind: DraftKind::AddPerson,
                slug: super::draft::ADD_PERSON.to_string(),
                name: String::new(),
            }],
            Action::Todo => match self.selected_summary() {
                Some(s) => vec![Effect::OpenForm {
                    kind: DraftKind::Todo,
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                }],
                None => self.nobody("No one is selected."),
            },
            Action::Edit => match self.selected_slug() {
                Some(s) => vec![Effect::Edit(s.to_string())],
                None => self.nobody("No one is selected."),
            },
            Action::Done => match super::popup::todos::for_done(&self.ctx()) {
                Ok(p) => {
                    self.popup = Some(p);
                    Vec::new()
                }
                Err(why) => self.nobody(&why),
            },
            Action::Todos => match super::popup::todos::for_all(&self.ctx()) {
                Ok(p) => {
                    self.popup = Some(p);
                    Vec::new()
                }
                Err(why) => self.nobody(&why),
            },
            Action::EditEntry => self.edit_entry(),
            Action::DeleteEntry => self.delete_entry(),
            Action::Archive => self.archive(),
            Action::Archived => self.toggle_archived(),
            Action::Undo => vec![Effect::PeekUndo],
            Action::Discreet => {
                self.discreet = !self.discreet;
                self.rebuild_sheet();
                // A shorter (or longer) sheet starts at its top: a scroll
                // past hidden lines would show the wrong part.
                self.prep.scroll.reset();
                self.history.reset();
                if self.people.due_view {
                    self.rebuild_rows(App::show_rows);
                }
                let msg = if self.discreet {
                    "Discreet mode: private notes and [about] are hidden (p shows them)."
                } else {
                    "Discreet mode off."
                };
                self.say(msg, false)
            }
            Action::Sort if self.people.due_view => self.say(
                "The due list is in order of urgency; d shows everyone.",
                false,
            ),
            Action::Sort => {
                self.people.sort = self.people.sort.next();
                self.rebuild_rows(|a| {
                    a.contacts.sort_by(&a.index, a.people.sort);
                    a.people.refilter(&mut a.contacts, &a.index);
                });
                let msg = format!("Sorted by {}.", self.people.sort.label());
                self.say(&msg, false);
                self.load_selected()
            }
            Action::Agenda => {
                if self.settings.calendars.is_empty() {
                    let file = crate::config::config_path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "the config file".into());
                    return self.say(
                        &format!("No calendar: add calendars = [\"~/calendar\"] to {file}."),
                        true,
                    );
                }
                self.popup = Some(Popup::Agenda(Agenda::default()));
                vec![Effect::LoadAgenda {
                    sources: self.settings.calendars.clone(),
                    clock: self.clock,
                }]
            }
            Action::Due => {
                self.people.meeting_view = None;
                self.people.due_view = !self.people.due_view;
                self.focus = Pane::Contacts;
                if self.people.due_view {
                    self.show_rows();
                    self.select_first();
                } else {
                    self.rebuild_rows(App::show_rows);
                }
                self.load_selected()
            }
            Action::Sync => {
                if self.status.syncing.is_some() {
                    return self.say("A sync is already under way.", false);
                }
                self.status.syncing = Some("starting".into());
                vec![Effect::Sync]
            }
            Action::Problems => {
                if self.index.problems.is_empty() && self.unplaced.is_empty() {
                    self.say("Every file in people/ reads cleanly.", false)
                } else {
                    self.popup = Some(Popup::Problems(Problems::default()));
                    Vec::new()
                }
            }
            Action::Quit | Action::Help | Action::Suspend => Vec::new(),
        }
    }

    /// Esc on the main screen: out of a meeting or the due list, back to
    /// the contacts, then the filter cleared.
    fn back(&mut self) -> Vec<Effect> {
        if self.focus == Pane::Contacts && self.people.meeting_view.is_some() {
            self.people.meeting_view = None;
            self.rebuild_rows(App::show_rows);
            return self.load_selected();
        }
        if self.focus == Pane::Contacts && self.people.due_view {
            return self.update(Action::Due);
        }
        if self.focus == Pane::Contacts && self.people.archived_view {
            return self.toggle_archived();
        }
        if self.focus != Pane::Contacts {
            self.focus = Pane::Contacts;
            Vec::new()
        } else if !self.people.filter.is_empty() {
            self.people.filter.clear();
            self.refilter(false);
            self.load_selected()
        } else {
            Vec::new()
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        let mut fx = self.keep_typed();
        fx.push(Effect::Quit);
        fx
    }

    /// Ctrl-Z: the note being typed goes to its draft first, since a
    /// stopped ties can be killed without another word.
    fn suspend(&mut self) -> Vec<Effect> {
        let mut fx = self.keep_typed();
        fx.push(Effect::Suspend);
        fx
    }

    /// The draft of what is being typed, before ties stops or leaves.
    fn keep_typed(&self) -> Vec<Effect> {
        let mut fx = Vec::new();
        match &self.popup {
            Some(Popup::Capture(c)) if !c.is_empty() => {
                fx.push(Effect::WriteDraft(Box::new(
                    c.draft(self.clock.now.to_rfc3339()),
                )));
            }
            Some(Popup::Form(f)) if !f.is_empty() && !f.saving => {
                fx.extend(f.keep(self.clock.now.to_rfc3339()));
            }
            _ => {}
        }
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
            Some(Popup::Form(f)) => match &self.draft_error {
                None => f.kept(),
                Some(_) => f.typed(),
            },
            _ => None,
        }
    }

    /// Why an action on the selected person cannot run.
    pub(super) fn nobody(&mut self, msg: &str) -> Vec<Effect> {
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

    /// What to do as the window opens: read everyone, the git state, and
    /// take the inbox.
    pub fn on_start(&self) -> Vec<Effect> {
        vec![Effect::Reload, Effect::RefreshSync, self.take_inbox()]
    }

    pub(super) fn say(&mut self, msg: &str, error: bool) -> Vec<Effect> {
        self.status.say(msg, error, self.clock.now);
        Vec::new()
    }

    pub(super) fn set_focus(&mut self, p: Pane) {
        self.focus = p;
        self.people.filtering = false;
        if p != Pane::Contacts {
            self.tab = p;
        }
    }

    /// A page of the focused pane, as the last frame measured it.
    fn page(&self) -> usize {
        match self.focus {
            Pane::Contacts => self.people.page(),
            Pane::Prep => self.prep.page(),
            Pane::Timeline => self.history.page(),
        }
    }

    /// Moves the selection, or scrolls the focused pane.
    fn step(&mut self, by: i64) -> Vec<Effect> {
        match self.focus {
            Pane::Contacts => self.move_selection(by),
            Pane::Prep => {
                self.prep.scroll_by(by);
                Vec::new()
            }
            Pane::Timeline => {
                let len = self.timeline().len();
                self.history.move_by(by, len);
                Vec::new()
            }
        }
    }

    /// Moves the selection by `by` rows (keys, or the wheel over the list).
    fn move_selection(&mut self, by: i64) -> Vec<Effect> {
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
        self.load_selected()
    }

    pub(super) fn load_selected(&mut self) -> Vec<Effect> {
        self.prep.scroll.reset();
        self.history.reset();
        match self.selected_slug() {
            Some(s) if self.current_detail().is_none() => vec![Effect::LoadDetail(s.to_string())],
            _ => Vec::new(),
        }
    }

    /// Remembers the selected person, changes the rows, selects them again:
    /// the one place a selection survives a change of rows. A person whose
    /// file is not in the index just now (being rewritten by an editor or
    /// git) is waited for, with no one selected, rather than replaced.
    pub(super) fn rebuild_rows(&mut self, change: impl FnOnce(&mut App)) {
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
    }

    /// The first row, chosen on purpose (a new query, the due list).
    pub(super) fn select_first(&mut self) {
        self.held = None;
        self.selected = 0;
    }

    /// The rows of the contacts pane: the due list, a meeting, or everyone
    /// filtered.
    pub(super) fn show_rows(&mut self) {
        self.due = crate::due::due(
            &self.index,
            &self.clock,
            self.settings.due_days,
            &self.settings.defaults,
            self.discreet,
        );
        self.due_now = crate::due::due_now(&self.due);
        self.people
            .show_rows(&mut self.contacts, &self.index, &self.due, &self.agenda);
    }

    /// Re-runs the filter; a changed query selects the best match.
    fn refilter(&mut self, query_changed: bool) {
        if query_changed {
            self.people.refilter(&mut self.contacts, &self.index);
            self.select_first();
        } else {
            self.rebuild_rows(|a| a.people.refilter(&mut a.contacts, &a.index));
        }
    }

    pub(super) fn rebuild_sheet(&mut self) {
        self.resheet();
        self.history.reset();
    }

    /// The selected person's sheet again from what is loaded (the
    /// timeline keeps its place).
    pub(super) fn resheet(&mut self) {
        if let Some(d) = &mut self.detail {
            let links = crate::network::among_indexed(&d.person, &self.index.people, &self.lookup);
            d.sheet = Detail::sheet_of(
                &d.person,
                links,
                d.history.as_ref(),
                &self.clock,
                self.discreet,
            );
        }
    }
}
