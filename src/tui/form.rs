//! The popups that take text: quick capture, add a person, add a todo.
//! Each field is a `TextArea` (cursor movement, word editing, undo, paste).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::draft::Draft;

/// The `via` choices of a captured note, cycled with Ctrl-T.
pub const VIAS: [&str; 6] = ["call", "meeting", "message", "email", "meal", "note"];

pub fn field(single_line: bool, placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(placeholder);
    t.set_cursor_line_style(ratatui::style::Style::new());
    if !single_line {
        t.set_wrap_mode(WrapMode::WordOrGlyph);
    }
    t
}

pub fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

/// Keys a text field handles; Enter is refused in one-line fields.
pub fn type_into(t: &mut TextArea<'static>, key: KeyEvent, single_line: bool) -> bool {
    if single_line
        && (key.code == KeyCode::Enter
            || (key.code == KeyCode::Char('m') && key.modifiers.contains(KeyModifiers::CONTROL)))
    {
        return false;
    }
    t.input(key)
}

/// Pasted text; newlines become spaces in one-line fields.
pub fn paste_into(t: &mut TextArea<'static>, text: &str, single_line: bool) -> bool {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if single_line {
        t.insert_str(text.replace('\n', " "))
    } else {
        t.insert_str(text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureField {
    Note,
    Ask,
}

/// The quick-capture popup for one person.
pub struct Capture {
    pub slug: String,
    pub name: String,
    pub note: TextArea<'static>,
    pub ask: TextArea<'static>,
    pub via: usize,
    pub field: CaptureField,
    /// "Discard this note?" is showing.
    pub confirm_discard: bool,
    /// Changed since the draft was last written.
    pub dirty: bool,
    /// A save is under way.
    pub saving: bool,
    pub error: Option<String>,
    /// Restored from a draft (and when it was written).
    pub restored: Option<String>,
}

impl Capture {
    pub fn new(slug: String, name: String, draft: Option<Draft>) -> Capture {
        let mut c = Capture {
            slug,
            name,
            note: field(false, "What happened, what was said, what you promised…"),
            ask: field(true, "optional: something to ask next time"),
            via: 0,
            field: CaptureField::Note,
            confirm_discard: false,
            dirty: false,
            saving: false,
            error: None,
            restored: None,
        };
        if let Some(d) = draft {
            c.note.insert_str(&d.text);
            c.ask.insert_str(d.ask.replace('\n', " "));
            c.via = VIAS.iter().position(|v| *v == d.via).unwrap_or(0);
            c.restored = Some(d.written);
            // The restored text is where undo stops, not a step it can undo.
            c.note.set_max_histories(50);
            c.ask.set_max_histories(50);
        }
        c
    }

    pub fn via(&self) -> &'static str {
        VIAS[self.via]
    }

    pub fn is_empty(&self) -> bool {
        self.note.is_empty() && self.ask.is_empty()
            || text_of(&self.note).trim().is_empty() && text_of(&self.ask).trim().is_empty()
    }

    pub fn draft(&self, written: String) -> Draft {
        Draft {
            slug: self.slug.clone(),
            text: text_of(&self.note),
            via: self.via().to_string(),
            ask: text_of(&self.ask),
            written,
        }
    }

    pub fn focused(&mut self) -> (&mut TextArea<'static>, bool) {
        match self.field {
            CaptureField::Note => (&mut self.note, false),
            CaptureField::Ask => (&mut self.ask, true),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    AddPerson,
    Todo { slug: String, name: String },
}

/// A small form of one-line fields: add a person, add a todo.
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<(&'static str, TextArea<'static>)>,
    pub focus: usize,
    pub error: Option<String>,
    /// A save is under way: the form closes once it succeeds, and stays
    /// open with its text and the reason when it fails.
    pub saving: bool,
}

impl Form {
    pub fn add_person() -> Form {
        Form {
            kind: FormKind::AddPerson,
            fields: vec![
                ("Name", field(true, "full name, e.g. Ana Lima")),
                ("Org", field(true, "optional")),
            ],
            focus: 0,
            error: None,
            saving: false,
        }
    }

    pub fn todo(slug: String, name: String) -> Form {
        Form {
            kind: FormKind::Todo { slug, name },
            fields: vec![
                ("Todo", field(true, "e.g. send the revised proposal")),
                ("Due", field(true, "optional: 2026-12-01, friday, +3d")),
            ],
            focus: 0,
            error: None,
            saving: false,
        }
    }

    pub fn value(&self, i: usize) -> String {
        text_of(&self.fields[i].1).trim().to_string()
    }

    pub fn title(&self) -> String {
        match &self.kind {
            FormKind::AddPerson => "Add a person".into(),
            FormKind::Todo { name, .. } => format!("Todo for {name}"),
        }
    }
}
