//! `x` on the main screen: which open todo of the selected person is done.
//! One open todo is asked about ("Mark done: …?"); several are listed to
//! choose from (j/k, Enter).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::confirm::Confirm;
use super::{Popup, Reply, centred, frame};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::text::fit;
use crate::tui::theme::Theme;

/// An open todo: its number in the file, its text, when it is due.
#[derive(Debug, Clone)]
pub struct OpenTodo {
    pub number: usize,
    pub text: String,
    pub due: Option<chrono::NaiveDate>,
}

pub struct ChooseTodo {
    pub slug: String,
    pub name: String,
    pub todos: Vec<OpenTodo>,
    pub cursor: usize,
}

fn mark(slug: &str, t: &OpenTodo) -> Effect {
    Effect::MarkDone {
        slug: slug.to_string(),
        number: t.number,
        text: t.text.clone(),
    }
}

/// What `x` opens for the selected person, or why it cannot.
pub fn for_done(ctx: &Ctx) -> Result<Popup, String> {
    let Some(d) = ctx.detail else {
        return Err(match ctx.selected {
            Some(s) => format!("{} is still being read; try again in a moment.", s.name),
            None => "No one is selected.".into(),
        });
    };
    let todos: Vec<OpenTodo> = d
        .person
        .todos
        .iter()
        .filter(|t| !t.done)
        .map(|t| OpenTodo {
            number: t.number,
            text: t.text.clone(),
            due: t.due,
        })
        .collect();
    let name = d.person.name.clone();
    match todos.as_slice() {
        [] => Err(format!("{name} has no open todos (t adds one).")),
        [one] => Ok(Popup::Confirm(Confirm {
            title: format!("Todo of {name}"),
            question: format!("Mark done: {}?", one.text),
            yes: mark(&d.slug, one),
        })),
        _ => Ok(Popup::ChooseTodo(ChooseTodo {
            slug: d.slug.clone(),
            name,
            todos,
            cursor: 0,
        })),
    }
}

impl ChooseTodo {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        match ctx.keymap.cmd(Scope::Choose, &key) {
            Some(Cmd::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Cmd::Down) => self.cursor = (self.cursor + 1).min(self.todos.len() - 1),
            Some(Cmd::Open) => {
                if let Some(t) = self.todos.get(self.cursor) {
                    return Reply::close().with(mark(&self.slug, t));
                }
            }
            Some(Cmd::Cancel) => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let r = centred(area, 70, self.todos.len() as u16 + 3);
        let inner = frame(
            format!("Which todo of {} is done?", self.name),
            theme,
            r,
            buf,
        );
        if inner.height == 0 {
            return;
        }
        let rows = inner.height as usize - 1;
        let top = self.cursor.saturating_sub(rows.saturating_sub(1));
        for (i, t) in self.todos.iter().enumerate().skip(top).take(rows) {
            let due = t
                .due
                .map(|d| format!("  due {}", d.format("%b %-d")))
                .unwrap_or_default();
            let text = format!("[{}] {}{due}", t.number, t.text);
            let text = fit(&text, inner.width as usize);
            let mut line = Line::from(text);
            if i == self.cursor {
                line = line.style(theme.selected());
            }
            buf.set_line(inner.x, inner.y + (i - top) as u16, &line, inner.width);
        }
        let foot = Line::from(Span::styled(
            "j/k choose · Enter marks it done · Esc cancel",
            theme.dim(),
        ));
        buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
    }
}
