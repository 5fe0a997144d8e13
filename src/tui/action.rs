//! What a key means, resolved before anything changes: keys become actions,
//! actions change state. The bindable ones have names for the config file.

/// Actions of the main screen; each has a name usable under `[keys]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    Filter,
    Open,
    Back,
    Capture,
    Add,
    Todo,
    Edit,
    Done,
    Todos,
    EditEntry,
    DeleteEntry,
    Archive,
    Archived,
    Undo,
    Discreet,
    Sort,
    Problems,
    Due,
    Agenda,
    Sync,
    Help,
    Suspend,
    Quit,
}

impl Action {
    pub const ALL: [Action; 31] = [
        Action::Up,
        Action::Down,
        Action::First,
        Action::Last,
        Action::PageUp,
        Action::PageDown,
        Action::NextPane,
        Action::PrevPane,
        Action::Filter,
        Action::Open,
        Action::Back,
        Action::Capture,
        Action::Add,
        Action::Todo,
        Action::Edit,
        Action::Done,
        Action::Todos,
        Action::EditEntry,
        Action::DeleteEntry,
        Action::Archive,
        Action::Archived,
        Action::Undo,
        Action::Discreet,
        Action::Sort,
        Action::Problems,
        Action::Due,
        Action::Agenda,
        Action::Sync,
        Action::Help,
        Action::Suspend,
        Action::Quit,
    ];

    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::First => "first",
            Action::Last => "last",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Filter => "filter",
            Action::Open => "open",
            Action::Back => "back",
            Action::Capture => "capture",
            Action::Add => "add",
            Action::Todo => "todo",
            Action::Edit => "edit",
            Action::Done => "done",
            Action::Todos => "todos",
            Action::EditEntry => "edit_entry",
            Action::DeleteEntry => "delete_entry",
            Action::Archive => "archive",
            Action::Archived => "archived",
            Action::Undo => "undo",
            Action::Discreet => "discreet",
            Action::Sort => "sort",
            Action::Problems => "problems",
            Action::Sync => "sync",
            Action::Due => "due",
            Action::Agenda => "agenda",
            Action::Help => "help",
            Action::Suspend => "suspend",
            Action::Quit => "quit",
        }
    }

    /// What it does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "move up (scroll in the prep sheet and timeline)",
            Action::Down => "move down",
            Action::First => "first",
            Action::Last => "last",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::Filter => "filter people by name, alias, org or tag",
            Action::Open => "open the selected person's prep sheet",
            Action::Back => "clear the filter / back to the list",
            Action::Capture => "capture a note about the selected person",
            Action::Add => "add a person",
            Action::Todo => "add a todo for the selected person",
            Action::Edit => "edit the person's file in $VISUAL / $EDITOR",
            Action::Done => "mark a todo of the selected person done (asks which)",
            Action::Todos => "every todo of the person: edit, delete, reopen",
            Action::EditEntry => "edit the chosen timeline entry (j/k in the timeline)",
            Action::DeleteEntry => "delete the chosen timeline entry (asks first)",
            Action::Archive => "archive the person (asks first); under V, bring back",
            Action::Archived => "the archived people (again: everyone else)",
            Action::Undo => "undo the last save, whatever it was (asks first)",
            Action::Discreet => "discreet mode: hide private notes and [about]",
            Action::Sort => "sort by name / last contact / most overdue",
            Action::Problems => "unreadable files, conflicts, notes without a person",
            Action::Due => "who is due: overdue, today, this week, coming up (again: everyone)",
            Action::Agenda => "today's meetings; Enter shows who is in one",
            Action::Sync => "sync with git: commit, pull, push (in the background)",
            Action::Help => "this help",
            Action::Suspend => {
                "suspend ties to the shell (fg brings it back; a note being typed is kept)"
            }
            Action::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}
