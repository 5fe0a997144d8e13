//! A yes-or-no question before something that changes a file ("Mark done:
//! …?", "Undo the last save …?"): only a deliberate answer does it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Reply, centred, frame};
use crate::text::wrap;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

pub struct Confirm {
    pub title: String,
    pub question: String,
    /// What a yes does.
    pub yes: Effect,
}

impl Confirm {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        match ctx.keymap.cmd(Scope::Confirm, &key) {
            Some(Cmd::Yes) => Reply::close().with(self.yes.clone()),
            Some(Cmd::Cancel) => Reply::close(),
            // Any other key is no answer: the question stays.
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let question = format!("{} (y/Enter / Esc)", self.question);
        let width = area.width.min(70);
        // Wrapped whole: the question is never cut before its answer keys.
        let lines = wrap(&question, width.saturating_sub(2).max(1) as usize, "");
        let r = centred(area, width, lines.len() as u16 + 2);
        let inner = frame(self.title.clone(), theme, r, buf);
        if inner.height == 0 {
            return;
        }
        for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
            buf.set_string(inner.x, inner.y + i as u16, l, ratatui::style::Style::new());
        }
    }
}
