//! The keys of everything that is not the main screen, each in its scope
//! (after atuin's keymap with conditions): the filter line, the capture
//! popup and its list of open asks, the forms, the "Discard?" question,
//! yes-or-no questions, short choosers, the edit choices, and text
//! editing in any field. A user's `[keys]` reaches them as `scope.command`
//! (for example `text.delete_word = ["alt-w"]`, `capture.save = ["ctrl-o"]`).

/// Where a key is pressed; a key is looked up in its scope only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Main,
    Filter,
    Capture,
    Form,
    /// "Discard this note?" is showing.
    Discard,
    /// The choices after an edit that could not be saved.
    EditChoice,
    /// The open asks listed in the capture popup.
    Asks,
    /// A yes-or-no question ("Mark done: …?", "Undo …?").
    Confirm,
    /// A short list to pick one from (which todo is done).
    Choose,
    /// The small editor over one log entry.
    Entry,
    /// The person picker `@` opens in the capture.
    Pick,
    /// Editing text in a popup's field.
    Text,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Main => "main",
            Scope::Filter => "filter",
            Scope::Capture => "capture",
            Scope::Form => "form",
            Scope::Discard => "discard",
            Scope::EditChoice => "edit",
            Scope::Asks => "asks",
            Scope::Confirm => "confirm",
            Scope::Choose => "choose",
            Scope::Entry => "entry",
            Scope::Pick => "pick",
            Scope::Text => "text",
        }
    }
}

/// A command of a scope other than the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    // Popups and the filter line.
    Save,
    Cancel,
    Open,
    NextField,
    PrevField,
    CycleVia,
    /// Mark the note private (hidden in discreet mode), or not.
    TogglePrivate,
    /// Cycle why it happened: problem, request, checkin, social, none.
    CycleWhy,
    Discard,
    Up,
    Down,
    PageUp,
    PageDown,
    Clear,
    EditAgain,
    Restore,
    DropEdit,
    MergeEdit,
    KeepAside,
    Later,
    /// Tick or untick an ask.
    Tick,
    /// Yes, do it.
    Yes,
    /// Edit the chosen item.
    EditItem,
    /// Delete the chosen item (asks first).
    DeleteItem,
    /// Switch a yes-or-no field (private).
    Toggle,
    /// Open the person picker: someone else was there.
    PickPerson,
    /// Write the picked person into the note as `@slug`.
    Mention,
    // Text editing.
    Newline,
    DeleteBack,
    DeleteNext,
    DeleteWord,
    DeleteNextWord,
    DeleteToEnd,
    Undo,
    Redo,
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
}

/// Every scoped command with its name and default keys.
pub const DEFAULTS: &[(Scope, Cmd, &str, &[&str])] = &[
    (Scope::Filter, Cmd::Cancel, "clear", &["esc"]),
    (Scope::Filter, Cmd::Open, "open", &["enter"]),
    (Scope::Filter, Cmd::Up, "up", &["up", "shift-tab"]),
    (Scope::Filter, Cmd::Down, "down", &["down", "tab"]),
    (Scope::Filter, Cmd::PageUp, "page_up", &["pgup"]),
    (Scope::Filter, Cmd::PageDown, "page_down", &["pgdn"]),
    (
        Scope::Filter,
        Cmd::DeleteBack,
        "delete_back",
        &["backspace", "ctrl-h"],
    ),
    (
        Scope::Filter,
        Cmd::DeleteWord,
        "delete_word",
        &["ctrl-w", "ctrl-backspace", "alt-backspace"],
    ),
    (Scope::Filter, Cmd::Clear, "clear_line", &["ctrl-u"]),
    (Scope::Capture, Cmd::Save, "save", &["ctrl-s"]),
    (Scope::Capture, Cmd::Cancel, "cancel", &["esc"]),
    (Scope::Capture, Cmd::NextField, "next_field", &["tab"]),
    (Scope::Capture, Cmd::PrevField, "prev_field", &["shift-tab"]),
    (Scope::Asks, Cmd::Tick, "tick", &["space", "x"]),
    (Scope::Asks, Cmd::Up, "up", &["up", "k"]),
    (Scope::Asks, Cmd::Down, "down", &["down", "j"]),
    (Scope::Confirm, Cmd::Yes, "yes", &["y", "enter"]),
    (Scope::Confirm, Cmd::Cancel, "no", &["esc", "n"]),
    (Scope::Choose, Cmd::Open, "pick", &["enter"]),
    (Scope::Choose, Cmd::Up, "up", &["up", "k"]),
    (Scope::Choose, Cmd::Down, "down", &["down", "j"]),
    (Scope::Choose, Cmd::Cancel, "cancel", &["esc", "q"]),
    (Scope::Choose, Cmd::EditItem, "edit", &["e"]),
    (Scope::Choose, Cmd::DeleteItem, "delete", &["D", "delete"]),
    (Scope::Choose, Cmd::Tick, "tick", &["space"]),
    (Scope::Entry, Cmd::Save, "save", &["ctrl-s"]),
    (Scope::Entry, Cmd::Cancel, "cancel", &["esc"]),
    (Scope::Entry, Cmd::NextField, "next_field", &["tab"]),
    (Scope::Entry, Cmd::PrevField, "prev_field", &["shift-tab"]),
    (Scope::Entry, Cmd::Toggle, "toggle", &["space"]),
    (Scope::Capture, Cmd::CycleVia, "via", &["ctrl-t"]),
    // Ctrl-P is the text's Up: these take chords no text key uses.
    (
        Scope::Capture,
        Cmd::TogglePrivate,
        "private",
        &["ctrl-x", "alt-p"],
    ),
    (Scope::Capture, Cmd::CycleWhy, "why", &["ctrl-y", "alt-y"]),
    (Scope::Capture, Cmd::PickPerson, "someone_else", &["@"]),
    (Scope::Pick, Cmd::Open, "add", &["enter"]),
    (Scope::Pick, Cmd::Mention, "mention", &["tab"]),
    (Scope::Pick, Cmd::Cancel, "back", &["esc"]),
    (Scope::Pick, Cmd::Up, "up", &["up", "ctrl-p"]),
    (Scope::Pick, Cmd::Down, "down", &["down", "ctrl-n"]),
    (Scope::Discard, Cmd::Discard, "discard", &["ctrl-d"]),
    (Scope::Discard, Cmd::Cancel, "back", &["esc"]),
    (Scope::Form, Cmd::Save, "save", &["enter", "ctrl-s"]),
    (Scope::Form, Cmd::Cancel, "cancel", &["esc"]),
    (Scope::Form, Cmd::NextField, "next_field", &["tab", "down"]),
    (
        Scope::Form,
        Cmd::PrevField,
        "prev_field",
        &["shift-tab", "up"],
    ),
    (Scope::EditChoice, Cmd::EditAgain, "again", &["e", "enter"]),
    (Scope::EditChoice, Cmd::Restore, "restore", &["r"]),
    (Scope::EditChoice, Cmd::DropEdit, "drop", &["d"]),
    (Scope::EditChoice, Cmd::MergeEdit, "merge", &["m"]),
    (Scope::EditChoice, Cmd::KeepAside, "keep_aside", &["k"]),
    (Scope::EditChoice, Cmd::Later, "later", &["esc", "q"]),
    (
        Scope::Text,
        Cmd::Newline,
        "newline",
        &["enter", "ctrl-m", "ctrl-j"],
    ),
    (
        Scope::Text,
        Cmd::DeleteBack,
        "delete_back",
        &["backspace", "ctrl-h"],
    ),
    (
        Scope::Text,
        Cmd::DeleteNext,
        "delete",
        &["delete", "ctrl-d"],
    ),
    (
        Scope::Text,
        Cmd::DeleteWord,
        "delete_word",
        &["ctrl-w", "alt-backspace", "alt-h"],
    ),
    (
        Scope::Text,
        Cmd::DeleteNextWord,
        "delete_next_word",
        &["alt-d", "alt-delete"],
    ),
    (Scope::Text, Cmd::DeleteToEnd, "delete_to_end", &["ctrl-k"]),
    (Scope::Text, Cmd::Undo, "undo", &["ctrl-u"]),
    (Scope::Text, Cmd::Redo, "redo", &["ctrl-r"]),
    (Scope::Text, Cmd::Left, "left", &["left", "ctrl-b"]),
    (Scope::Text, Cmd::Right, "right", &["right", "ctrl-f"]),
    (Scope::Text, Cmd::Up, "up", &["up", "ctrl-p"]),
    (Scope::Text, Cmd::Down, "down", &["down", "ctrl-n"]),
    (
        Scope::Text,
        Cmd::WordLeft,
        "word_left",
        &["ctrl-left", "alt-b"],
    ),
    (
        Scope::Text,
        Cmd::WordRight,
        "word_right",
        &["ctrl-right", "alt-f"],
    ),
    (Scope::Text, Cmd::Home, "home", &["home", "ctrl-a"]),
    (Scope::Text, Cmd::End, "end", &["end", "ctrl-e"]),
];

/// The command named `scope.name` in the config file.
pub fn from_name(name: &str) -> Option<(Scope, Cmd)> {
    let (scope, cmd) = name.split_once('.')?;
    DEFAULTS
        .iter()
        .find(|(s, _, n, _)| s.name() == scope && *n == cmd)
        .map(|(s, c, _, _)| (*s, *c))
}
