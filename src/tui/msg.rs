//! What the app asks the runtime to do ([`Effect`]), and what comes back or
//! happens on its own ([`Msg`]). Each effect is performed in one place:
//! `perform::perform`, or the runtime for the few that need the terminal.

use super::draft::{Draft, Kind};
use super::popup::asks::OpenAsk;
use crate::clock::Clock;
use crate::index::Index;
use crate::model::{Entry, Person, Todo};
use crate::store::edit::Outcome;
use crate::store::entries::EntryChange;
use crate::store::write::{NewEntry, NewPerson};

/// What to do with an earlier edit left over a file that changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftChoice {
    /// Merge it onto the file as it is now, and go on editing.
    Merge,
    /// Move it to `.ties/edit/kept/` and start afresh.
    KeepAside,
    /// Drop it and start afresh.
    Drop,
}

/// I/O for the runtime to perform; results come back as [`Msg`]s.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadDetail(String),
    /// Read a person's file history from git (off the loop: it runs git).
    LoadHistory(String),
    /// Re-read the index (only changed files are parsed).
    Reload,
    /// Add these people (a meeting's attendees ties did not know), look
    /// for a draft, then open the capture popup: about `slug` (or the
    /// first added when it is empty), with the others at the meeting.
    OpenCapture {
        slug: String,
        name: String,
        with: Vec<(String, String)>,
        add: Vec<NewPerson>,
    },
    SaveNote {
        slug: String,
        entry: Box<NewEntry>,
    },
    WriteDraft(Box<Draft>),
    DeleteDraft(String),
    /// Remove this window's draft of a form (or a note) after its save.
    DeleteDraftOf(Kind, String),
    /// Look for a form's draft, then open the form (`Kind::Todo` on the
    /// person `slug`, or `Kind::AddPerson`).
    OpenForm {
        kind: Kind,
        slug: String,
        name: String,
    },
    /// List the notes whose person cannot be found any more among these
    /// people (slug, name, emails).
    FindUnplaced(Vec<(String, String, Vec<String>)>),
    /// File an unplaced note (its draft file) onto a person, and open it.
    RefileDraft {
        path: std::path::PathBuf,
        slug: String,
        name: String,
    },
    AddPerson(Box<NewPerson>),
    AddTodo {
        slug: String,
        text: String,
        due: Option<chrono::NaiveDate>,
    },
    /// Mark todo `number` done, if it is still the one with this text.
    MarkDone {
        slug: String,
        number: usize,
        text: String,
    },
    /// Change one log entry, if it is still the one shown.
    EditEntry {
        slug: String,
        shown: Box<Entry>,
        change: Box<EntryChange>,
    },
    /// Delete one log entry, if it is still the one shown.
    DeleteEntry {
        slug: String,
        shown: Box<Entry>,
    },
    /// Change a todo's text and due date, if it is still the one shown.
    EditTodo {
        slug: String,
        shown: Todo,
        text: String,
        due: Option<chrono::NaiveDate>,
    },
    /// Delete a todo, if it is still the one shown.
    DeleteTodo {
        slug: String,
        shown: Todo,
    },
    /// Open a done todo again, if it is still the one shown.
    Reopen {
        slug: String,
        shown: Todo,
    },
    /// Archive a person as of that day, or (None) bring them back.
    Archive {
        slug: String,
        on: Option<chrono::NaiveDate>,
    },
    /// Find what `u` would undo, to ask first.
    PeekUndo,
    /// Take back the last save.
    Undo(String),
    /// Suspend, run `$VISUAL`/`$EDITOR` on a copy of the file, check it, resume.
    Edit(String),
    /// An edit of a person whose earlier unsaved edit was found over a
    /// file that changed since: what the user chose to do with it first.
    EditWith(String, LeftChoice),
    /// Drop an unfinished edit: the file keeps its previous text.
    DiscardEdit(String),
    /// Commit saved person files as one commit (when the vault is a git
    /// repository): one person's, or everyone's at a meeting.
    Commit {
        slugs: Vec<String>,
        message: String,
    },
    /// `ties sync` in the background.
    Sync,
    /// `ties sync` with the terminal handed to git, which wants a password.
    SyncInTerminal,
    /// Read the git state for the status line.
    RefreshSync,
    /// File the lines of `inbox.md` on each person (and commit, if asked).
    TakeInbox {
        clock: Clock,
        commit: bool,
    },
    /// Read the calendars for the day's meetings.
    LoadAgenda {
        sources: Vec<std::path::PathBuf>,
        clock: Clock,
    },
    /// Hand the terminal back to the shell until `fg`.
    Suspend,
    /// Remember who the list starts with, for the next start's first frame.
    WriteGlimpse(crate::index::glimpse::Glimpse),
    Quit,
}

/// A new index, with its connections looked up and its glimpse worked out
/// (on the worker that read it: at 100,000 people that is work the screen
/// should not wait for).
#[derive(Debug)]
pub struct Loaded {
    pub index: Index,
    pub lookup: crate::network::Lookup,
    /// Who the list starts with, for the next start's first frame.
    pub glimpse: crate::index::glimpse::Glimpse,
}

impl Loaded {
    pub fn of(index: Index) -> Box<Loaded> {
        let lookup = crate::network::Lookup::of(&index.people);
        let glimpse = crate::index::glimpse::Glimpse::of(&index);
        Box::new(Loaded {
            index,
            lookup,
            glimpse,
        })
    }
}

/// What a start shows before the index is read.
#[derive(Debug)]
pub struct Glimpsed {
    /// Just the people of the first screen, read now.
    pub index: Index,
    /// Which glimpse it came from (not written again when unchanged).
    pub glimpse: crate::index::glimpse::Glimpse,
    /// The first of them, with their connections when the cache answers
    /// for them (as `ties prep` does), for the prep sheet.
    pub first: Option<(String, Box<Person>, Vec<crate::prep::Connection>)>,
}

/// Results of effects, and things that happen on their own.
#[derive(Debug)]
pub enum Msg {
    /// About once a second: time to write a draft that changed.
    Tick,
    Progress(usize, usize),
    IndexLoaded(Result<Box<Loaded>, String>),
    /// The first screen's people, read from their files before the whole
    /// index is: shown until it comes.
    Glimpse(Box<Glimpsed>),
    DetailLoaded {
        slug: String,
        result: Result<Box<Person>, String>,
    },
    /// A person's file history; `None` without git or when git failed
    /// (the sheet then has no "Since" section).
    HistoryLoaded {
        slug: String,
        history: Option<Box<crate::history::History>>,
    },
    CaptureReady {
        slug: String,
        name: String,
        draft: Option<Draft>,
        /// The person's open asks, as the file says now.
        asks: Vec<OpenAsk>,
        /// The others at the meeting (slug, name).
        with: Vec<(String, String)>,
        /// People just added for it (slug, name), and who could not be (why).
        added: Vec<(String, String)>,
        refused: Vec<String>,
    },
    /// No capture could open: why (the meeting's people could not be added).
    CaptureFailed(String),
    NoteSaved {
        slug: String,
        via: String,
        /// The names it was saved for, or why not.
        result: Result<String, String>,
        /// The other files the save changed (to commit with it): the
        /// others at a meeting, and the other side of an introduction
        /// whose follow-up it closed.
        others: Vec<String>,
    },
    FormReady {
        kind: Kind,
        slug: String,
        name: String,
        draft: Option<Draft>,
    },
    /// Notes whose person cannot be found any more, and where each is.
    Unplaced(Vec<(Draft, std::path::PathBuf)>),
    /// An unplaced note could not be filed onto the person chosen.
    RefileFailed(String),
    /// Ok(Some(where)) when the draft went to the state folder, not the vault.
    DraftWritten(Result<Option<String>, String>),
    PersonAdded(Result<String, String>),
    TodoAdded {
        slug: String,
        result: Result<String, String>,
    },
    TodoDone {
        slug: String,
        result: Result<String, String>,
    },
    /// An entry or a todo edited or deleted, a todo reopened, a person
    /// archived: what to say (or why not), and the commit message.
    Changed {
        slug: String,
        commit: String,
        result: Result<String, String>,
        /// The person was archived or brought back: they leave this view.
        moved: bool,
    },
    /// The person file the last save changed, if a save is remembered.
    /// The last save: its person and journal id.
    UndoReady(Option<(String, String)>),
    Undone(Result<crate::store::undo::Undone, String>),
    Edited {
        slug: String,
        result: Result<Outcome, String>,
    },
    /// `e` found an earlier, unsaved edit over a file that changed since.
    EditLeftFound {
        slug: String,
        copy: String,
    },
    /// Something under `people/` changed on disk.
    FilesChanged,
    SyncProgress(String),
    /// What sync did, or why it failed (and whether git wanted a password).
    Synced(Result<String, (String, bool)>),
    SyncState(crate::sync::State),
    /// The day's meetings, and the calendar files that could not be read.
    AgendaLoaded(Vec<crate::calendar::Meeting>, Vec<String>),
    Committed(Result<(), String>),
    /// What taking the inbox did, or why it could not.
    InboxTaken(Result<crate::inbox::Taken, String>),
}
