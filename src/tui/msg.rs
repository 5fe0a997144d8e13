//! What the app asks the runtime to do ([`Effect`]), and what comes back or
//! happens on its own ([`Msg`]). Each effect is performed in one place:
//! `perform::perform`, or the runtime for the few that need the terminal.

use super::draft::Draft;
use crate::clock::Clock;
use crate::index::Index;
use crate::model::Person;
use crate::store::edit::Outcome;
use crate::store::write::{NewEntry, NewPerson};

/// I/O for the runtime to perform; results come back as [`Msg`]s.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadDetail(String),
    /// Re-read the index (only changed files are parsed).
    Reload,
    /// Look for a draft, then open the capture popup.
    OpenCapture {
        slug: String,
        name: String,
    },
    SaveNote {
        slug: String,
        entry: Box<NewEntry>,
    },
    WriteDraft(Draft),
    DeleteDraft(String),
    AddPerson(NewPerson),
    AddTodo {
        slug: String,
        text: String,
        due: Option<chrono::NaiveDate>,
    },
    /// Suspend, run `$VISUAL`/`$EDITOR` on a copy of the file, check it, resume.
    Edit(String),
    /// Drop an unfinished edit: the file keeps its previous text.
    DiscardEdit(String),
    /// Commit one saved person file (when the vault is a git repository).
    Commit {
        slug: String,
        message: String,
    },
    /// `ties sync` in the background.
    Sync,
    /// `ties sync` with the terminal handed to git, which wants a password.
    SyncInTerminal,
    /// Read the git state for the status line.
    RefreshSync,
    /// Read the calendars for the day's meetings.
    LoadAgenda {
        sources: Vec<std::path::PathBuf>,
        clock: Clock,
    },
    Quit,
}

/// Results of effects, and things that happen on their own.
#[derive(Debug)]
pub enum Msg {
    /// About once a second: time to write a draft that changed.
    Tick,
    Progress(usize, usize),
    IndexLoaded(Result<Box<Index>, String>),
    DetailLoaded {
        slug: String,
        result: Result<Box<Person>, String>,
    },
    CaptureReady {
        slug: String,
        name: String,
        draft: Option<Draft>,
    },
    NoteSaved {
        slug: String,
        via: String,
        result: Result<String, String>,
    },
    DraftWritten(Result<(), String>),
    PersonAdded(Result<String, String>),
    TodoAdded {
        slug: String,
        result: Result<String, String>,
    },
    Edited {
        slug: String,
        result: Result<Outcome, String>,
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
}
