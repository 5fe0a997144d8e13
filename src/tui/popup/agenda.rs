//! The agenda popup: today's meetings from the calendars; Enter shows who
//! is in the chosen one in the contacts pane.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, frame};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct Agenda {
    pub selected: usize,
}

impl Agenda {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let n = ctx.agenda.len();
        match ctx.keymap.action(&key) {
            Some(Action::Back | Action::Quit | Action::Agenda) => Reply::close(),
            _ if key.code == KeyCode::Esc => Reply::close(),
            Some(Action::Open) if n > 0 => {
                let i = self.selected.min(n - 1);
                let m = &ctx.agenda[i];
                let unknown = m
                    .attendees
                    .iter()
                    .filter(|a| a.slug.is_none() && !a.organizer)
                    .count();
                let msg = if unknown > 0 {
                    format!(
                        "{}: {unknown} attendee(s) not in ties. Esc: everyone.",
                        m.title
                    )
                } else {
                    format!("{}. Esc: everyone.", m.title)
                };
                Reply {
                    show_meeting: Some(i),
                    ..Reply::close()
                }
                .saying(msg, false)
            }
            // One note for everyone in it.
            Some(Action::Capture) if n > 0 => {
                let m = &ctx.agenda[self.selected.min(n - 1)];
                match super::attendees::capture(ctx, m) {
                    Ok(reply) => reply,
                    Err(why) => Reply::stay().saying(why, true),
                }
            }
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
                Reply::stay()
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Reply::stay()
            }
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self.selected, ctx, theme, area, buf);
    }
}

fn draw(selected: usize, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let n = ctx.agenda.len();
    let r = centred(area, 90, (n.min(200) as u16 + 4).max(6));
    let inner = frame(
        format!(
            "Today's meetings ({n}) · Enter who is in it · {} note for everyone · Esc",
            ctx.keymap
                .keys_of(Action::Capture)
                .first()
                .map_or("c", |k| k.as_str())
        ),
        theme,
        r,
        buf,
    );
    if inner.height == 0 {
        return;
    }
    if n == 0 {
        let line = Line::from(Span::styled(
            "No meetings today (or still reading the calendars).",
            theme.dim(),
        ));
        buf.set_line(inner.x, inner.y, &line, inner.width);
        return;
    }
    let rows = inner.height as usize;
    let offset = selected.saturating_sub(rows.saturating_sub(1));
    for (i, m) in ctx.agenda.iter().enumerate().skip(offset).take(rows) {
        let when = m.when();
        let title = match m.remark() {
            Some(r) => format!("  {} {r}", m.title),
            None => format!("  {}", m.title),
        };
        let known = m.attendees.iter().filter(|a| a.slug.is_some()).count();
        let mut line = Line::from(vec![
            Span::styled(when, theme.title()),
            Span::raw(title),
            Span::styled(
                if known > 0 {
                    format!("  ({known} known)")
                } else {
                    String::new()
                },
                theme.dim(),
            ),
        ]);
        if i == selected {
            line = line.style(theme.selected());
        }
        buf.set_line(inner.x, inner.y + (i - offset) as u16, &line, inner.width);
    }
}
