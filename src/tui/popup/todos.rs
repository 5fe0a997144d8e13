//! `x` on the main screen: which open todo of the selected person is done.
//! One open todo is asked about ("Mark done: …?"); several are listed to
//! choose from (j/k, Enter). `T` lists every todo, the done ones too:
//! Enter marks an open one done and asks before reopening a done one; `e`
//! edits the chosen todo, `D` deletes it (asking first). Each change is
//! refused if the todo is no longer the one shown.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::confirm::Confirm;
use super::{Form, Popup, Reply, centred, frame};
use crate::model::Todo;
use crate::store::entries::first_words;
use crate::text::fit;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// A todo as shown: its number in the file, its text, due date, whether done.
pub type OpenTodo = Todo;

pub struct ChooseTodo {
    pub slug: String,
    pub name: String,
    pub todos: Vec<OpenTodo>,
    pub cursor: usize,
    /// Every todo (from `T`), not only the open ones (from `x`).
    pub all: bool,
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
    let todos: Vec<OpenTodo> = d.person.todos.iter().filter(|t| !t.done).cloned().collect();
    let name = d.person.name.clone();
    match todos.as_slice() {
        [] if !d.person.todos.is_empty() => Err(format!(
            "{name} has no open todos (t adds one; T lists the done ones to reopen)."
        )),
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
            all: false,
        })),
    }
}

/// What `T` opens: every todo of the selected person, or why it cannot.
pub fn for_all(ctx: &Ctx) -> Result<Popup, String> {
    let Some(d) = ctx.detail else {
        return Err(match ctx.selected {
            Some(s) => format!("{} is still being read; try again in a moment.", s.name),
            None => "No one is selected.".into(),
        });
    };
    if d.person.todos.is_empty() {
        return Err(format!("{} has no todos (t adds one).", d.person.name));
    }
    Ok(Popup::ChooseTodo(ChooseTodo {
        slug: d.slug.clone(),
        name: d.person.name.clone(),
        todos: d.person.todos.clone(),
        cursor: 0,
        all: true,
    }))
}

impl ChooseTodo {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let chosen = self.todos.get(self.cursor);
        match (ctx.keymap.cmd(Scope::Choose, &key), chosen) {
            (Some(Cmd::Up), _) => self.cursor = self.cursor.saturating_sub(1),
            (Some(Cmd::Down), _) => {
                self.cursor = (self.cursor + 1).min(self.todos.len().saturating_sub(1))
            }
            (Some(Cmd::Open), Some(t)) if t.done => {
                return Reply::close().with_popup(Popup::Confirm(Confirm {
                    title: format!("Todo of {}", self.name),
                    question: format!("Reopen: {}?", first_words(&t.text, 60)),
                    yes: Effect::Reopen {
                        slug: self.slug.clone(),
                        shown: t.clone(),
                    },
                }));
            }
            (Some(Cmd::Open), Some(t)) => return Reply::close().with(mark(&self.slug, t)),
            (Some(Cmd::EditItem), Some(t)) => {
                let form = Form::edit_todo(self.slug.clone(), self.name.clone(), t.clone());
                return Reply::close().with_popup(Popup::Form(Box::new(form)));
            }
            (Some(Cmd::DeleteItem), Some(t)) => {
                return Reply::close().with_popup(Popup::Confirm(Confirm {
                    title: format!("Todo of {}", self.name),
                    question: format!("Delete the todo \"{}\"?", first_words(&t.text, 60)),
                    yes: Effect::DeleteTodo {
                        slug: self.slug.clone(),
                        shown: t.clone(),
                    },
                }));
            }
            (Some(Cmd::Cancel), _) => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let r = centred(area, 70, self.todos.len() as u16 + 3);
        let inner = frame(
            if self.all {
                format!("Todos of {}", self.name)
            } else {
                format!("Which todo of {} is done?", self.name)
            },
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
            let state = if t.done { "✓ " } else { "  " };
            // In the full list the due date comes first, where it is never cut.
            let text = if self.all {
                let due = t
                    .due
                    .map(|d| format!("{} · ", d.format("%b %-d")))
                    .unwrap_or_default();
                format!("{state}[{}] {due}{}", t.number, t.text)
            } else {
                format!("[{}] {}{due}", t.number, t.text)
            };
            let text = fit(&text, inner.width as usize);
            let mut line = Line::from(text);
            if i == self.cursor {
                line = line.style(theme.selected());
            }
            buf.set_line(inner.x, inner.y + (i - top) as u16, &line, inner.width);
        }
        let foot = if self.all {
            "Enter done/reopen · e edit · D delete · Esc"
        } else {
            "j/k choose · Enter marks it done · Esc cancel"
        };
        let foot = Line::from(Span::styled(foot, theme.dim()));
        buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
    }
}
