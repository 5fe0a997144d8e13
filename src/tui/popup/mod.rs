//! Popups over the main screen, one file each: its state, its keys, its
//! drawing and its help. They read the shared [`Ctx`], change only their
//! own state, and answer a key with a [`Reply`] for the app to act on.

pub mod agenda;
pub mod asks;
pub mod attendees;
pub mod capture;
pub mod confirm;
pub mod edit;
pub mod entry;
pub mod form;
pub mod help;
pub mod picker;
pub mod problems;
pub mod todos;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::ctx::Ctx;
use super::msg::Effect;
use super::theme::Theme;

pub use agenda::Agenda;
pub use capture::Capture;
pub use confirm::Confirm;
pub use edit::{EditClash, EditFailed, EditLeft};
pub use entry::EntryEditor;
pub use form::Form;
pub use help::Help;
pub use problems::Problems;
pub use todos::ChooseTodo;

pub enum Popup {
    Help(Help),
    Problems(Problems),
    Capture(Box<Capture>),
    Form(Box<Form>),
    /// The user's edit does not parse.
    EditFailed(EditFailed),
    /// The file changed on disk while the user edited it, in the same place.
    EditClash(EditClash),
    /// An earlier unsaved edit, over a file that changed since.
    EditLeft(EditLeft),
    /// Today's meetings.
    Agenda(Agenda),
    /// Attendees of a meeting ties does not know, before its note.
    Attendees(Box<attendees::Attendees>),
    /// A yes-or-no question before a change.
    Confirm(Confirm),
    /// Which of several todos is done; or every todo, to edit or reopen.
    ChooseTodo(ChooseTodo),
    /// The small editor over one log entry.
    Entry(Box<EntryEditor>),
}

/// What a popup's key asks of the app.
#[derive(Default)]
pub struct Reply {
    pub close: bool,
    pub effects: Vec<Effect>,
    /// Something to say in the status line (and whether it is an error).
    pub say: Option<(String, bool)>,
    /// Show the people in this meeting of the agenda.
    pub show_meeting: Option<usize>,
    /// Another popup to open in this one's place (a question before a change).
    pub then: Option<Box<Popup>>,
}

impl Reply {
    pub fn stay() -> Reply {
        Reply::default()
    }

    pub fn close() -> Reply {
        Reply {
            close: true,
            ..Reply::default()
        }
    }

    pub fn with(mut self, effect: Effect) -> Reply {
        self.effects.push(effect);
        self
    }

    pub fn with_popup(mut self, popup: Popup) -> Reply {
        self.then = Some(Box::new(popup));
        self
    }

    pub fn saying(mut self, msg: impl Into<String>, error: bool) -> Reply {
        self.say = Some((msg.into(), error));
        self
    }
}

impl Popup {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        match self {
            Popup::Help(p) => p.on_key(ctx, key),
            Popup::Problems(p) => p.on_key(ctx, key),
            Popup::Capture(p) => p.on_key(ctx, key),
            Popup::Form(p) => p.on_key(ctx, key),
            Popup::EditFailed(p) => p.on_key(ctx, key),
            Popup::EditClash(p) => p.on_key(ctx, key),
            Popup::EditLeft(p) => p.on_key(ctx, key),
            Popup::Agenda(p) => p.on_key(ctx, key),
            Popup::Attendees(p) => p.on_key(ctx, key),
            Popup::Confirm(p) => p.on_key(ctx, key),
            Popup::ChooseTodo(p) => p.on_key(ctx, key),
            Popup::Entry(p) => p.on_key(ctx, key),
        }
    }

    /// Pasted text, for the popups that take text.
    pub fn on_paste(&mut self, ctx: &Ctx, text: &str) {
        match self {
            Popup::Capture(c) => c.paste(ctx, text),
            Popup::Form(f) => f.paste(text),
            Popup::Entry(e) => e.paste(text),
            _ => {}
        }
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        match self {
            Popup::Help(p) => p.render(ctx, theme, area, buf),
            Popup::Problems(p) => p.render(ctx, theme, area, buf),
            Popup::Capture(p) => p.render(ctx, theme, area, buf),
            Popup::Form(p) => p.render(theme, area, buf),
            Popup::EditFailed(p) => p.render(theme, area, buf),
            Popup::EditClash(p) => p.render(theme, area, buf),
            Popup::EditLeft(p) => p.render(theme, area, buf),
            Popup::Agenda(p) => p.render(ctx, theme, area, buf),
            Popup::Attendees(p) => p.render(ctx, theme, area, buf),
            Popup::Confirm(p) => p.render(theme, area, buf),
            Popup::ChooseTodo(p) => p.render(theme, area, buf),
            Popup::Entry(p) => p.render(theme, area, buf),
        }
    }
}

/// A centred box of at most `w` x `h`, inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A popup's thick frame with its title; returns the inside.
pub fn frame(title: String, theme: &Theme, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.focus_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = b.inner(area);
    b.render(area, buf);
    inner
}

/// A text field's box: thick when it has the keyboard.
pub fn field_box<'a>(label: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    let b = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", label.trim()));
    if focused {
        b.border_type(BorderType::Thick)
            .border_style(theme.focus_border())
    } else {
        b.border_style(theme.dim())
    }
}
