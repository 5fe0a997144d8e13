//! The small forms of one-line fields: add a person, add a todo. A form
//! stays open until its save succeeds; a failed save keeps the text, and
//! what is typed is kept as a draft (offered back when the same form opens
//! again) until it is saved.

use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::{Reply, centred, field_box, frame};
use crate::model::Todo;
use crate::store::write::NewPerson;
use crate::text::wrap;
use crate::tui::ctx::Ctx;
use crate::tui::draft::{ADD_PERSON, Draft, Kind};
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

/// The add-a-person form's fields: label, placeholder, and the name
/// `NewPerson::check` gives a refused one.
const PERSON_FIELDS: [(&str, &str, &str); 8] = [
    ("Name", "full name, e.g. Ana Lima", "name"),
    ("Org", "optional", "org"),
    ("Role", "optional", "role"),
    ("Email", "optional; several with commas", "email"),
    ("Phone", "optional; several with commas", "phone"),
    ("Tags", "optional, e.g. client, friend", "tags"),
    (
        "Cadence",
        "optional: keep in touch every 30d, 2w, 3m, 1y",
        "cadence",
    ),
    (
        "Birthday",
        "optional: 1980-03-14, or --03-14 without the year",
        "birthday",
    ),
];

/// A small form of one-line fields: add a person, add a todo.
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<(&'static str, TextArea<'static>)>,
    pub focus: usize,
    pub error: Option<String>,
    /// A save is under way: the form closes once it succeeds, and stays
    /// open with its text and the reason when it fails.
    pub saving: bool,
    /// Changed since its draft was last written.
    pub dirty: bool,
    /// Opened on a draft left unsaved.
    pub restored: bool,
    /// The first field the last frame drew (the rest scroll into view).
    top: Cell<usize>,
}

impl Form {
    fn new(kind: FormKind, fields: Vec<(&'static str, TextArea<'static>)>) -> Form {
        Form {
            kind,
            fields,
            focus: 0,
            error: None,
            saving: false,
            dirty: false,
            restored: false,
            top: Cell::new(0),
        }
    }

    pub fn add_person() -> Form {
        let fields = PERSON_FIELDS
            .iter()
            .map(|(label, hint, _)| (*label, field(true, hint)))
            .collect();
        Form::new(FormKind::AddPerson, fields)
    }

    pub fn todo(slug: String, name: String) -> Form {
        Form::new(
            FormKind::Todo { slug, name },
            vec![
                ("Todo", field(true, "e.g. send the revised proposal")),
                ("Due", field(true, "optional: 2026-12-01, friday, +3d")),
            ],
        )
    }

    /// The same form with a draft's text put back.
    pub fn restore(mut self, draft: Option<Draft>) -> Form {
        let Some(mut d) = draft else {
            return self;
        };
        // A draft that could not be read whole (cut short, or from another
        // version) has its words in `text`: they go in the first field
        // rather than nowhere.
        if d.fields.iter().all(|f| f.trim().is_empty()) && !d.text.trim().is_empty() {
            d.fields = vec![std::mem::take(&mut d.text)];
        }
        for ((_, t), text) in self.fields.iter_mut().zip(d.fields) {
            t.insert_str(text.replace('\n', " "));
            // The restored text is where undo stops.
            t.set_max_histories(50);
        }
        self.restored = true;
        self
    }

    /// Which draft is this form's: its kind and slug. A todo being
    /// changed has none: its text is still in the file, and a draft of it
    /// would come back as a new todo.
    pub fn draft_key(&self) -> Option<(Kind, String)> {
        match &self.kind {
            FormKind::AddPerson => Some((Kind::AddPerson, ADD_PERSON.to_string())),
            FormKind::Todo { slug, .. } => Some((Kind::Todo, slug.clone())),
            FormKind::EditTodo { .. } => None,
        }
    }

    pub fn draft(&self, written: String) -> Option<Draft> {
        let (kind, slug) = self.draft_key()?;
        let name = match &self.kind {
            FormKind::Todo { name, .. } | FormKind::EditTodo { name, .. } => name.clone(),
            FormKind::AddPerson => String::new(),
        };
        Some(Draft {
            kind,
            slug,
            name,
            fields: self.fields.iter().map(|(_, t)| text_of(t)).collect(),
            written,
            ..Draft::default()
        })
    }

    /// The effect that keeps what is typed, if this form keeps drafts.
    pub fn keep(&self, written: String) -> Option<Effect> {
        self.draft(written).map(|d| Effect::WriteDraft(Box::new(d)))
    }

    pub fn is_empty(&self) -> bool {
        (0..self.fields.len()).all(|i| self.value(i).is_empty())
    }

    pub fn edit_todo(slug: String, name: String, shown: Todo) -> Form {
        let mut text = field(true, "e.g. send the revised proposal");
        paste_into(&mut text, &shown.text, true);
        let mut due = field(true, "empty for none: 2026-12-01, friday, +3d");
        if let Some(d) = shown.due {
            paste_into(&mut due, &d.to_string(), true);
        }
        Form::new(
            FormKind::EditTodo { slug, name, shown },
            vec![("Todo", text), ("Due", due)],
        )
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

    /// What brings this form back, for the status line.
    fn reopen(&self) -> String {
        match &self.kind {
            FormKind::AddPerson => "a brings it back".into(),
            FormKind::Todo { name, .. } => format!("t on {name} brings it back"),
            FormKind::EditTodo { .. } => "the todo is as it was".into(),
        }
    }

    pub fn paste(&mut self, text: &str) {
        let i = self.focus;
        if paste_into(&mut self.fields[i].1, text, true) {
            self.dirty = true;
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        if self.saving {
            return Reply::stay();
        }
        match ctx.keymap.cmd(Scope::Form, &key) {
            Some(Cmd::Cancel) => self.cancel(ctx),
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
                    self.dirty = true;
                }
                Reply::stay()
            }
        }
    }

    /// Esc: the typed text is kept as a draft (closing is not discarding);
    /// an empty form leaves no draft behind.
    fn cancel(&self, ctx: &Ctx) -> Reply {
        let Some((kind, slug)) = self.draft_key() else {
            return Reply::close();
        };
        if self.is_empty() {
            return Reply::close().with(Effect::DeleteDraftOf(kind, slug));
        }
        let mut reply = Reply::close().saying(
            format!("{} is kept as a draft; {}.", self.title(), self.reopen()),
            false,
        );
        reply.effects.extend(self.keep(ctx.clock.now.to_rfc3339()));
        reply
    }

    /// A refused field: named in the error, and given the keyboard.
    fn refuse(&mut self, i: usize, why: String) -> Reply {
        self.focus = i;
        let end = if why.ends_with(['.', '?']) { "" } else { "." };
        self.error = Some(format!("{}: {why}{end}", self.fields[i].0));
        Reply::stay()
    }

    /// Checks the fields as `ties add` and `ties todo` do, and asks for the
    /// save; the form stays open until it is done ([`Form::saved`]).
    fn submit(&mut self, ctx: &Ctx) -> Reply {
        let effect = match &self.kind {
            FormKind::AddPerson => {
                let list = |i: usize| -> Vec<String> {
                    self.value(i)
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                };
                let one = |i: usize| Some(self.value(i)).filter(|s| !s.is_empty());
                let p = NewPerson {
                    name: self.value(0),
                    org: one(1),
                    role: one(2),
                    email: list(3),
                    phone: list(4),
                    tags: list(5),
                    cadence: one(6),
                    birthday: one(7),
                };
                if let Err(bad) = p.check() {
                    let i = PERSON_FIELDS
                        .iter()
                        .position(|(_, _, name)| *name == bad.field)
                        .unwrap_or(0);
                    return self.refuse(i, bad.reason);
                }
                Effect::AddPerson(Box::new(p))
            }
            FormKind::Todo { slug, .. } | FormKind::EditTodo { slug, .. } => {
                let (first, second) = (self.value(0), self.value(1));
                if first.is_empty() {
                    return self.refuse(0, "what is there to do?".into());
                }
                let due = if second.is_empty() {
                    None
                } else {
                    match ctx.clock.parse_date(&second) {
                        Some(d) => Some(d),
                        None => {
                            // The way out first: a long word is what gets cut.
                            return self.refuse(
                                1,
                                format!(
                                    "try today, friday, +3d or 2026-12-01; `{second}` is not a date"
                                ),
                            );
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
        self.dirty = false;
        // The draft first: if the save fails or ties dies mid-save, the
        // text is still on disk.
        let mut reply = Reply::stay();
        reply.effects.extend(self.keep(ctx.clock.now.to_rfc3339()));
        reply.with(effect)
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

    /// The farewell when the text is kept as a draft.
    pub fn kept(&self) -> Option<String> {
        (!self.is_empty() && self.draft_key().is_some())
            .then(|| format!("{} is kept as a draft; {}.", self.title(), self.reopen()))
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, theme, area, buf);
    }
}

/// The width of the labels in the compact layout.
const LABEL: u16 = 10;

fn draw(f: &Form, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let n = f.fields.len() as u16;
    let width = if f.kind == FormKind::AddPerson {
        78
    } else {
        72
    };
    // Boxed fields when they fit, else one line each (the add form at
    // 80x24): the footer keeps two lines for a reason to wrap into.
    let boxed = 3 * n + 4 <= area.height.saturating_sub(2);
    let h = if boxed { 3 * n + 4 } else { n + 4 };
    let r = centred(area, width, h);
    let inner = frame(f.title(), theme, r, buf);
    if inner.height == 0 {
        return;
    }
    let foot_h = inner.height.min(2);
    let room = inner.height - foot_h;
    let per = if boxed { 3 } else { 1 };
    let rows = (room / per).max(1) as usize;
    // Keep the focused field in sight: nothing hidden while it is typed in.
    let mut top = f.top.get().min(f.focus);
    if f.focus >= top + rows {
        top = f.focus + 1 - rows;
    }
    f.top.set(top);
    let mut y = inner.y;
    for (i, (label, t)) in f.fields.iter().enumerate().skip(top).take(rows) {
        if y + per > inner.y + room {
            break;
        }
        let focused = i == f.focus;
        if boxed {
            let rect = Rect::new(inner.x, y, inner.width, 3);
            let b = field_box(label, focused, theme);
            let fi = b.inner(rect);
            b.render(rect, buf);
            crate::tui::field::render(t, focused, fi, buf);
        } else {
            // A marker as well as the reverse video: visible without colour.
            let mark = if focused { "›" } else { " " };
            let style = if focused {
                theme.selected()
            } else {
                theme.dim()
            };
            let text = format!("{mark}{label:<w$}", w = LABEL as usize - 1);
            buf.set_line(inner.x, y, &Line::from(Span::styled(text, style)), LABEL);
            let w = inner.width.saturating_sub(LABEL + 1);
            crate::tui::field::render(t, focused, Rect::new(inner.x + LABEL + 1, y, w, 1), buf);
        }
        y += per;
    }
    let hidden = f.fields.len().saturating_sub(top + rows);
    let foot_y = inner.y + inner.height - foot_h;
    let lines: Vec<Line> = match &f.error {
        Some(e) => wrap(e, inner.width as usize, "")
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.warn())))
            .collect(),
        None => {
            let more = match (top, hidden) {
                (0, 0) => String::new(),
                _ => " · more fields ↑↓".to_string(),
            };
            vec![Line::from(Span::styled(
                format!("Enter save · Tab next field · Esc keeps it as a draft{more}"),
                theme.dim(),
            ))]
        }
    };
    for (k, line) in lines.iter().take(foot_h as usize).enumerate() {
        buf.set_line(inner.x, foot_y + k as u16, line, inner.width);
    }
}
