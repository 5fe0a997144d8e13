//! The problems popup: files under `people/` that could not be read, with
//! the reason; `e` opens the chosen one in the editor.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, frame};
use crate::store::Vault;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct Problems {
    pub selected: usize,
}

impl Problems {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let n = ctx.index.problems.len();
        match ctx.keymap.action(&key) {
            Some(Action::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::First) => self.selected = 0,
            Some(Action::Last) => self.selected = n.saturating_sub(1),
            Some(Action::Edit | Action::Open) => {
                let slug = ctx
                    .index
                    .problems
                    .get(self.selected)
                    .and_then(|p| p.file.strip_prefix("people/"))
                    .and_then(Vault::slug_of_file_name);
                if let Some(s) = slug {
                    return Reply::close().with(Effect::Edit(s.to_string()));
                }
            }
            Some(Action::Problems | Action::Back | Action::Quit) => return Reply::close(),
            _ if key.code == KeyCode::Esc => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    /// The index changed: keep the choice on a file that is still listed.
    pub fn follow(&mut self, count: usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self.selected, ctx, theme, area, buf);
    }
}

fn draw(selected: usize, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let wanted = ctx
        .index
        .problems
        .len()
        .saturating_add(4)
        .min(u16::MAX as usize) as u16;
    let r = centred(area, 100, wanted.max(6));
    let n = ctx.index.problems.len();
    let inner = frame(
        format!(
            "{n} file{} could not be read",
            if n == 1 { "" } else { "s" }
        ),
        theme,
        r,
        buf,
    );
    if inner.height == 0 {
        return;
    }
    let rows = inner.height.saturating_sub(1) as usize;
    let offset = selected.saturating_sub(rows.saturating_sub(1));
    for (i, p) in ctx
        .index
        .problems
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
    {
        let mut line = Line::from(vec![
            Span::styled(
                match p.line {
                    Some(l) => format!("{}:{l}", p.file),
                    None => p.file.clone(),
                },
                theme.title(),
            ),
            Span::raw(format!("  {}", p.reason)),
        ]);
        if i == selected {
            line = line.style(theme.selected());
        }
        buf.set_line(inner.x, inner.y + (i - offset) as u16, &line, inner.width);
    }
    let foot = Line::from(Span::styled(
        "e edit the file · ↑↓ choose · Esc close",
        theme.dim(),
    ));
    buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
}
