//! A text field of a popup: a `TextArea` (cursor movement, word editing,
//! undo, paste), and what it holds as text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::keymap::{Cmd, Keymap, Scope};

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

/// A key in a text field, resolved through the keymap's text scope (so a
/// remapping reaches it); a key bound to nothing types its character, if it
/// has one. Enter is refused in one-line fields. Returns whether the text
/// changed.
pub fn edit(t: &mut TextArea<'static>, keymap: &Keymap, key: KeyEvent, single_line: bool) -> bool {
    use ratatui_textarea::CursorMove as M;
    let moved = |t: &mut TextArea<'static>, m: M| {
        t.move_cursor(m);
        false
    };
    match keymap.cmd(Scope::Text, &key) {
        Some(Cmd::Newline) if single_line => false,
        Some(Cmd::Newline) => {
            t.insert_newline();
            true
        }
        Some(Cmd::DeleteBack) => t.delete_char(),
        Some(Cmd::DeleteNext) => t.delete_next_char(),
        Some(Cmd::DeleteWord) => t.delete_word(),
        Some(Cmd::DeleteNextWord) => t.delete_next_word(),
        Some(Cmd::DeleteToEnd) => t.delete_line_by_end(),
        Some(Cmd::Undo) => t.undo(),
        Some(Cmd::Redo) => t.redo(),
        Some(Cmd::Left) => moved(t, M::Back),
        Some(Cmd::Right) => moved(t, M::Forward),
        Some(Cmd::Up) => moved(t, M::Up),
        Some(Cmd::Down) => moved(t, M::Down),
        Some(Cmd::WordLeft) => moved(t, M::WordBack),
        Some(Cmd::WordRight) => moved(t, M::WordForward),
        Some(Cmd::Home) => moved(t, M::Head),
        Some(Cmd::End) => moved(t, M::End),
        Some(_) => false,
        None => match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                t.insert_char(c);
                true
            }
            _ => false,
        },
    }
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

/// Draws a field; only the one with the keyboard shows its cursor, so a
/// form of several fields has one cursor on the screen.
pub fn render(
    t: &TextArea<'static>,
    focused: bool,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use ratatui::widgets::Widget;
    if focused {
        t.render(area, buf);
    } else {
        let mut quiet = t.clone();
        quiet.set_cursor_style(ratatui::style::Style::new());
        quiet.render(area, buf);
    }
}
