//! The small forms of one-line fields: add a person, add a todo. A form
//! stays open until its save succeeds; a failed save keeps the text.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::{Reply, centred, field_box, frame};
use crate::model::Todo;
use crate::store::write::NewPerson;
use crate::tui::ctx::Ctx;
use crate::tui::field::{edit, field, paste_into, text_of};
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    AddPerson,
    Todo {
        slug: String,
        name: String,
    },
    /// A todo changed in place, if it is still the one shown.
    EditTodo {
        slug: String,
        name: String,
        shown: Todo,
    },
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

    pub fn edit_todo(slug: String, name: String, shown: Todo) -> Form {
        let mut text = field(true, "e.g. send the revised proposal");
        paste_into(&mut text, &shown.text, true);
        let mut due = field(true, "empty for none: 2026-12-01, friday, +3d");
        if let Some(d) = shown.due {
            paste_into(&mut due, &d.to_string(), true);
        }
        Form {
            kind: FormKind::EditTodo { slug, name, shown },
            fields: vec![("Todo", text), ("Due", due)],
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
            FormKind::EditTodo { name, shown, .. } => {
                format!("Todo {} of {name}", shown.number)
            }
        }
    }
    pub fn paste(&mut self, text: &str) {
        let i = self.focus;
        paste_into(&mut self.fields[i].1, text, true);
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        if self.saving {
            return Reply::stay();
        }
        match ctx.keymap.cmd(Scope::Form, &key) {
            Some(Cmd::Cancel) => Reply::close(),
            Some(Cmd::NextField) => {
                self.focus = (self.focus + 1) % self.fields.len();
                Reply::stay()
            }
            Some(Cmd::PrevField) => {
                self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                Reply::stay()
            }
            Some(Cmd::Save) => self.submit(ctx),
            _ => {
                let i = self.focus;
                if edit(&mut self.fields[i].1, ctx.keymap, key, true) {
                    self.error = None;
                }
                Reply::stay()
            }
        }
    }

    /// Checks the fields and asks for the save; the form stays open until
    /// it is done ([`Form::saved`]).
    fn submit(&mut self, ctx: &Ctx) -> Reply {
        let (first, second) = (self.value(0), self.value(1));
        let effect = match &self.kind {
            FormKind::AddPerson => {
                if first.is_empty() {
                    self.error = Some("A name, please.".into());
                    return Reply::stay();
                }
                Effect::AddPerson(NewPerson {
                    name: first,
                    org: Some(second).filter(|s| !s.is_empty()),
                    ..NewPerson::default()
                })
            }
            FormKind::Todo { slug, .. } | FormKind::EditTodo { slug, .. } => {
                if first.is_empty() {
                    self.error = Some("What is there to do?".into());
                    return Reply::stay();
                }
                let due = if second.is_empty() {
                    None
                } else {
                    match ctx.clock.parse_date(&second) {
                        Some(d) => Some(d),
                        None => {
                            // The way out first: a long word is what gets cut.
                            self.error = Some(format!(
                                "Try today, friday, +3d or 2026-12-01: `{second}` is not a date."
                            ));
                            return Reply::stay();
                        }
                    }
                };
                match &self.kind {
                    FormKind::EditTodo { shown, .. } => Effect::EditTodo {
                        slug: slug.clone(),
                        shown: shown.clone(),
                        text: first,
                        due,
                    },
                    _ => Effect::AddTodo {
                        slug: slug.clone(),
                        text: first,
                        due,
                    },
                }
            }
        };
        self.saving = true;
        self.error = None;
        Reply::stay().with(effect)
    }

    /// The save is done: true when the form can close; on failure it stays
    /// with its text and the reason.
    pub fn saved(&mut self, error: Option<String>) -> bool {
        self.saving = false;
        match error {
            None => true,
            Some(e) => {
                self.error = Some(format!("Not saved: {e}. Your text is still here."));
                false
            }
        }
    }

    /// What was typed, for the farewell when ties closes with it unsaved.
    pub fn typed(&self) -> Option<String> {
        let typed: Vec<String> = self
            .fields
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.value(*i).is_empty())
            .map(|(i, (label, _))| format!("{label}: {}", self.value(i)))
            .collect();
        (!typed.is_empty()).then(|| {
            format!(
                "{} was not saved; you had typed {}",
                self.title(),
                typed.join(", ")
            )
        })
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, theme, area, buf);
    }
}

fn draw(f: &Form, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let h = 3 * f.fields.len() as u16 + 3;
    let r = centred(area, 64, h);
    let inner = frame(f.title(), theme, r, buf);
    let mut y = inner.y;
    for (i, (label, t)) in f.fields.iter().enumerate() {
        if y + 3 > inner.y + inner.height {
            break;
        }
        let rect = Rect::new(inner.x, y, inner.width, 3);
        let b = field_box(label, i == f.focus, theme);
        let fi = b.inner(rect);
        b.render(rect, buf);
        t.render(fi, buf);
        y += 3;
    }
    if inner.height > 0 {
        let foot = match &f.error {
            Some(e) => Line::from(Span::styled(e.clone(), theme.warn())),
            None => Line::from(Span::styled(
                "Enter save · Tab next field · Esc cancel",
                theme.dim(),
            )),
        };
        buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
    }
}
