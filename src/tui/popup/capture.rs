//! The quick-capture popup: a note about one person, how you spoke,
//! something to ask next time, and which open asks were covered. Kept as a
//! draft while typed.

use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::asks::{AskList, OpenAsk};
use super::{Reply, centred, field_box, frame};
use crate::store::write::NewEntry;
use crate::tui::ctx::Ctx;
use crate::tui::draft::Draft;
use crate::tui::field::{edit, field, paste_into, text_of};
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// The `via` choices of a captured note, cycled with Ctrl-T.
pub const VIAS: [&str; 6] = ["call", "meeting", "message", "email", "meal", "note"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureField {
    Note,
    Ask,
    /// The list of open asks.
    Asks,
}

/// The quick-capture popup for one person.
pub struct Capture {
    pub slug: String,
    pub name: String,
    pub note: TextArea<'static>,
    pub ask: TextArea<'static>,
    pub via: usize,
    /// The person's open asks, to tick the ones covered.
    pub asks: AskList,
    pub field: CaptureField,
    /// "Discard this note?" is showing.
    pub confirm_discard: bool,
    /// Changed since the draft was last written.
    pub dirty: bool,
    /// A save is under way.
    pub saving: bool,
    pub error: Option<String>,
    /// Restored from a draft (and when it was written).
    pub restored: Option<String>,
    /// Whether the last frame had room for the ask line (Tab goes there
    /// only when it is on the screen).
    ask_shown: Cell<bool>,
    /// The same for the list of open asks.
    asks_shown: Cell<bool>,
}

impl Capture {
    pub fn new(slug: String, name: String, draft: Option<Draft>, asks: Vec<OpenAsk>) -> Capture {
        let mut c = Capture {
            slug,
            name,
            note: field(false, "What happened, what was said, what you promised…"),
            ask: field(true, "optional: something to ask next time"),
            via: 0,
            asks: AskList::new(asks),
            field: CaptureField::Note,
            confirm_discard: false,
            dirty: false,
            saving: false,
            error: None,
            restored: None,
            ask_shown: Cell::new(false),
            asks_shown: Cell::new(false),
        };
        if let Some(d) = draft {
            c.note.insert_str(&d.text);
            c.ask.insert_str(d.ask.replace('\n', " "));
            c.via = VIAS.iter().position(|v| *v == d.via).unwrap_or(0);
            c.asks.tick_texts(&d.asked);
            c.restored = Some(d.written);
            // The restored text is where undo stops, not a step it can undo.
            c.note.set_max_histories(50);
            c.ask.set_max_histories(50);
        }
        c
    }

    pub fn via(&self) -> &'static str {
        VIAS[self.via]
    }

    pub fn is_empty(&self) -> bool {
        self.note.is_empty() && self.ask.is_empty()
            || text_of(&self.note).trim().is_empty() && text_of(&self.ask).trim().is_empty()
    }

    pub fn draft(&self, written: String) -> Draft {
        Draft {
            slug: self.slug.clone(),
            name: self.name.clone(),
            emails: Vec::new(),
            text: text_of(&self.note),
            via: self.via().to_string(),
            ask: text_of(&self.ask),
            asked: self.asks.covered(),
            written,
        }
    }

    /// The text field with the keyboard (none when the asks list has it).
    pub fn focused(&mut self) -> Option<(&mut TextArea<'static>, bool)> {
        match self.field {
            CaptureField::Note => Some((&mut self.note, false)),
            CaptureField::Ask => Some((&mut self.ask, true)),
            CaptureField::Asks => None,
        }
    }

    /// Tab's next (or previous) field among those on the screen: note,
    /// ask line, list of open asks.
    fn step_field(&self, forward: bool) -> CaptureField {
        let mut order = vec![CaptureField::Note];
        if self.ask_shown.get() {
            order.push(CaptureField::Ask);
        }
        if self.asks_shown.get() && !self.asks.is_empty() {
            order.push(CaptureField::Asks);
        }
        let n = order.len();
        let i = order.iter().position(|f| *f == self.field).unwrap_or(0);
        order[if forward { i + 1 } else { i + n - 1 } % n]
    }
    pub fn paste(&mut self, text: &str) {
        if self.saving {
            return;
        }
        self.confirm_discard = false;
        if let Some((t, one_line)) = self.focused() {
            paste_into(t, text, one_line);
            self.dirty = true;
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        if self.saving {
            return Reply::stay();
        }
        // A field the last frame had no room for does not keep the keys.
        if self.field == CaptureField::Asks && !self.asks_shown.get()
            || self.field == CaptureField::Ask && !self.ask_shown.get()
        {
            self.field = CaptureField::Note;
        }
        if self.confirm_discard {
            // Only a chord drops typed words: a letter could be the start of
            // the next word ("yesterday"), which goes back into the note.
            self.confirm_discard = false;
            match ctx.keymap.cmd(Scope::Discard, &key) {
                Some(Cmd::Discard) => {
                    return Reply::close()
                        .with(Effect::DeleteDraft(self.slug.clone()))
                        .saying("Note discarded.", false);
                }
                Some(Cmd::Cancel) => return Reply::stay(),
                _ => {}
            }
        }
        match ctx.keymap.cmd(Scope::Capture, &key) {
            Some(Cmd::Save) => self.save(ctx),
            Some(Cmd::Cancel) => {
                if self.is_empty() && self.restored.is_none() {
                    Reply::close()
                } else {
                    self.confirm_discard = true;
                    Reply::stay()
                }
            }
            Some(c @ (Cmd::NextField | Cmd::PrevField)) => {
                self.field = self.step_field(c == Cmd::NextField);
                Reply::stay()
            }
            Some(Cmd::CycleVia) => {
                self.via = (self.via + 1) % VIAS.len();
                self.dirty = true;
                Reply::stay()
            }
            _ => {
                match self.focused() {
                    Some((t, one_line)) => {
                        if edit(t, ctx.keymap, key, one_line) {
                            self.dirty = true;
                            self.error = None;
                        }
                    }
                    None => {
                        if let Some(cmd) = ctx.keymap.cmd(Scope::Asks, &key) {
                            // A tick is part of the note: kept in its draft.
                            if self.asks.on_cmd(cmd) {
                                self.dirty = true;
                            }
                        }
                    }
                }
                Reply::stay()
            }
        }
    }

    fn save(&mut self, ctx: &Ctx) -> Reply {
        let text = text_of(&self.note).trim_end().to_string();
        if text.trim().is_empty() {
            self.error = Some("Nothing to save yet: the note is empty.".into());
            return Reply::stay();
        }
        let ask = text_of(&self.ask).trim().to_string();
        let entry = NewEntry {
            at: ctx.clock.now,
            via: self.via().to_string(),
            text,
            ask: if ask.is_empty() {
                Vec::new()
            } else {
                vec![ask]
            },
            asked: self.asks.covered(),
            private: false,
            why: None,
        };
        self.saving = true;
        self.error = None;
        self.dirty = false;
        // The draft is written first: if the save fails or ties dies
        // mid-save, the note is still on disk.
        Reply::stay()
            .with(Effect::WriteDraft(self.draft(ctx.clock.now.to_rfc3339())))
            .with(Effect::SaveNote {
                slug: self.slug.clone(),
                entry: Box::new(entry),
            })
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, theme, area, buf);
    }
}

fn draw(c: &Capture, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 80, 20 + c.asks.height());
    let inner = frame(format!("Note about {}", c.name), theme, r, buf);
    if inner.height < 3 {
        return;
    }
    let head = Line::from(vec![
        Span::raw("via "),
        Span::styled(format!(" {} ", c.via()), theme.selected()),
        Span::styled("  Ctrl-T changes", theme.dim()),
    ]);
    buf.set_line(inner.x, inner.y, &head, inner.width);
    let foot_y = inner.y + inner.height - 1;
    let ask_h = if inner.height >= 10 { 3 } else { 0 };
    c.ask_shown.set(ask_h > 0);
    // The open asks, when the note keeps at least three lines of its own.
    let asks_h = match c.asks.height() {
        h if h > 0 && inner.height >= 2 + ask_h + 5 + 3 => h.min(inner.height - 2 - ask_h - 5),
        _ => 0,
    };
    c.asks_shown.set(asks_h > 0);
    let note_h = inner.height.saturating_sub(2 + ask_h + asks_h);
    let note = Rect::new(inner.x, inner.y + 1, inner.width, note_h);
    let nb = field_box(" Note ", c.field == CaptureField::Note, theme);
    let ni = nb.inner(note);
    nb.render(note, buf);
    c.note.render(ni, buf);
    if ask_h > 0 {
        let ask = Rect::new(inner.x, inner.y + 1 + note_h, inner.width, ask_h);
        let ab = field_box(" Ask next time ", c.field == CaptureField::Ask, theme);
        let ai = ab.inner(ask);
        ab.render(ask, buf);
        c.ask.render(ai, buf);
    }
    if asks_h > 0 {
        let list = Rect::new(inner.x, foot_y - asks_h, inner.width, asks_h);
        c.asks
            .render(c.field == CaptureField::Asks, theme, list, buf);
    }
    let foot = if c.confirm_discard {
        Line::from(Span::styled(
            "Discard this note? Ctrl-D discards · Esc or typing goes back to it.",
            theme.warn(),
        ))
    } else if let Some(e) = &c.error {
        Line::from(Span::styled(e.clone(), theme.warn()))
    } else if c.saving {
        Line::from(Span::styled("Saving…", theme.dim()))
    } else if c.asks.is_empty() {
        Line::from(Span::styled(
            "Ctrl-S save · Tab ask line · Ctrl-W delete word · Ctrl-U undo · Esc cancel",
            theme.dim(),
        ))
    } else {
        Line::from(Span::styled(
            "Ctrl-S save · Tab next field · Space ticks an ask · Ctrl-U undo · Esc cancel",
            theme.dim(),
        ))
    };
    buf.set_line(inner.x, foot_y, &foot, inner.width);
}
