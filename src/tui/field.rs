//! A text field of a popup: a `TextArea` (cursor movement, word editing,
//! undo, paste), and what it holds as text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

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
