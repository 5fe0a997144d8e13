//! The capture popup's list of the person's open asks: the ones this
//! conversation covered are ticked, and saved as the note's `asked`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::field_box;
use crate::model::Person;
use crate::text::fit;
use crate::tui::keymap::Cmd;
use crate::tui::theme::Theme;

/// An ask still open, numbered as the prep sheet numbers it (a1, a2…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAsk {
    pub number: usize,
    pub text: String,
    /// Asked in a private note (hidden in discreet mode).
    pub private: bool,
}

/// A person's open asks, oldest first.
pub fn open_asks(p: &Person) -> Vec<OpenAsk> {
    p.pending_asks()
        .into_iter()
        .enumerate()
        .map(|(i, (e, a))| OpenAsk {
            number: i + 1,
            text: a.to_string(),
            private: e.private,
        })
        .collect()
}

#[derive(Debug, Default)]
pub struct AskList {
    pub asks: Vec<OpenAsk>,
    pub ticked: Vec<bool>,
    pub cursor: usize,
}

/// Rows the list shows at most; more scroll.
const ROWS: usize = 4;

impl AskList {
    pub fn new(asks: Vec<OpenAsk>) -> AskList {
        AskList {
            ticked: vec![false; asks.len()],
            asks,
            cursor: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.asks.is_empty()
    }

    /// A key of the list's scope; true when a tick changed.
    pub fn on_cmd(&mut self, cmd: Cmd) -> bool {
        let last = self.asks.len().saturating_sub(1);
        match cmd {
            Cmd::Up => self.cursor = self.cursor.saturating_sub(1),
            Cmd::Down => self.cursor = (self.cursor + 1).min(last),
            Cmd::Tick => {
                if let Some(t) = self.ticked.get_mut(self.cursor) {
                    *t = !*t;
                    return true;
                }
            }
            _ => {}
        }
        false
    }

    /// Ticks the asks with these texts (from a draft).
    pub fn tick_texts(&mut self, texts: &[String]) {
        let want: Vec<String> = texts.iter().map(|t| crate::model::fold_ask(t)).collect();
        for (a, t) in self.asks.iter().zip(self.ticked.iter_mut()) {
            if want.contains(&crate::model::fold_ask(&a.text)) {
                *t = true;
            }
        }
    }

    /// The texts of the ticked asks, for `asked`.
    pub fn covered(&self) -> Vec<String> {
        self.asks
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(a, _)| a.text.clone())
            .collect()
    }

    /// The height the list wants, frame included (0 when there is none).
    pub fn height(&self) -> u16 {
        if self.asks.is_empty() {
            0
        } else {
            self.asks.len().min(ROWS) as u16 + 2
        }
    }

    pub fn render(&self, focused: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let title = if focused {
            " Asked this time? Space ticks "
        } else {
            " Asked this time? Tab here, Space ticks "
        };
        let b = field_box(title, focused, theme);
        let inner = b.inner(area);
        b.render(area, buf);
        let rows = inner.height as usize;
        if rows == 0 {
            return;
        }
        // Keep the cursor in sight.
        let top = self.cursor.saturating_sub(rows - 1);
        for (i, a) in self.asks.iter().enumerate().skip(top).take(rows) {
            let mark = if self.ticked[i] { "[x]" } else { "[ ]" };
            let text = format!("{mark} a{} {}", a.number, crate::model::shown(&a.text));
            let style = if focused && i == self.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            let line = Line::from(Span::styled(fit(&text, inner.width as usize), style));
            buf.set_line(inner.x, inner.y + (i - top) as u16, &line, inner.width);
        }
        if self.asks.len() > top + rows {
            let more = format!("{} more ↓", self.asks.len() - top - rows);
            let x = inner.x + inner.width.saturating_sub(more.chars().count() as u16);
            buf.set_string(x, area.y + area.height - 1, more, theme.dim());
        }
    }
}
