//! `E` on the timeline: a small editor over one log entry (when, via, the
//! note, its asks, private). Saving writes only what changed, in place; the
//! rest of the file is untouched. Like the forms, it stays open until the
//! save succeeds, and keeps the text when it fails.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::{Reply, centred, field_box, frame};
use crate::model::{Entry, When};
use crate::store::entries::EntryChange;
use crate::text::wrap;
use crate::tui::ctx::Ctx;
use crate::tui::field::{edit, field, paste_into, text_of};
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    When,
    Via,
    Text,
    Asks,
    Private,
}

const FIELDS: [Field; 5] = [
    Field::When,
    Field::Via,
    Field::Text,
    Field::Asks,
    Field::Private,
];

pub struct EntryEditor {
    pub slug: String,
    pub name: String,
    /// The entry as it was shown: what the save checks is still there.
    shown: Entry,
    /// How the time was first written here: left alone, the time is kept
    /// exactly as the file has it.
    when_was: String,
    when: TextArea<'static>,
    via: TextArea<'static>,
    text: TextArea<'static>,
    asks: TextArea<'static>,
    private: bool,
    focus: usize,
    pub error: Option<String>,
    pub saving: bool,
    /// Changed since it opened: Esc then asks before dropping the changes.
    dirty: bool,
    /// "Drop your changes?" is showing.
    confirm_discard: bool,
    /// Which fields the last frame drew: one it had no room for never
    /// keeps the keyboard (typing into it would be invisible).
    drawn: std::cell::Cell<[bool; 5]>,
}

fn filled(single: bool, placeholder: &str, text: &str) -> TextArea<'static> {
    let mut t = field(single, placeholder);
    paste_into(&mut t, text, single);
    t
}

impl EntryEditor {
    pub fn new(ctx: &Ctx, slug: String, name: String, shown: Entry) -> EntryEditor {
        let when_was = match shown.at {
            When::Date(d) => d.to_string(),
            at => at.local(ctx.clock).format("%Y-%m-%d %H:%M").to_string(),
        };
        EntryEditor {
            when: filled(true, "2026-11-20 15:30, yesterday", &when_was),
            via: filled(true, "call, meeting, email, note…", &shown.via),
            text: filled(false, "what was said", &shown.text),
            asks: filled(false, "one ask per line", &shown.ask.join("\n")),
            private: shown.private,
            when_was,
            slug,
            name,
            shown,
            focus: 2,
            error: None,
            saving: false,
            dirty: false,
            confirm_discard: false,
            drawn: std::cell::Cell::new([true; 5]),
        }
    }

    fn area(&mut self) -> Option<(&mut TextArea<'static>, bool)> {
        match FIELDS[self.focus] {
            Field::When => Some((&mut self.when, true)),
            Field::Via => Some((&mut self.via, true)),
            Field::Text => Some((&mut self.text, false)),
            Field::Asks => Some((&mut self.asks, false)),
            Field::Private => None,
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some((t, single)) = self.area()
            && paste_into(t, text, single)
        {
            self.dirty = true;
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        if self.saving {
            return Reply::stay();
        }
        if !self.drawn.get()[self.focus] {
            self.focus = 2;
        }
        if self.confirm_discard {
            // As in the capture: only a chord drops typed words.
            self.confirm_discard = false;
            match ctx.keymap.cmd(Scope::Discard, &key) {
                Some(Cmd::Discard) => return Reply::close(),
                Some(Cmd::Cancel) => return Reply::stay(),
                _ => {}
            }
        }
        let on_private = FIELDS[self.focus] == Field::Private;
        let step = |from: usize, by: usize| {
            let drawn = self.drawn.get();
            (1..=FIELDS.len())
                .map(|i| (from + i * by) % FIELDS.len())
                .find(|&i| drawn[i])
                .unwrap_or(2)
        };
        match ctx.keymap.cmd(Scope::Entry, &key) {
            Some(Cmd::Save) => return self.submit(ctx),
            Some(Cmd::Cancel) if self.dirty => self.confirm_discard = true,
            Some(Cmd::Cancel) => return Reply::close(),
            Some(Cmd::NextField) => self.focus = step(self.focus, 1),
            Some(Cmd::PrevField) => self.focus = step(self.focus, FIELDS.len() - 1),
            Some(Cmd::Toggle) if on_private => {
                self.private = !self.private;
                self.dirty = true;
            }
            _ => {
                if let Some((t, single)) = self.area()
                    && edit(t, ctx.keymap, key, single)
                {
                    self.error = None;
                    self.dirty = true;
                }
            }
        }
        Reply::stay()
    }

    /// Checks the fields and asks for the save.
    fn submit(&mut self, ctx: &Ctx) -> Reply {
        let when = text_of(&self.when).trim().to_string();
        let at = if when == self.when_was {
            self.shown.at
        } else {
            // A bare date stays a date; anything else as `ties log --at`
            // takes it (the same words, the same years).
            let parsed = match When::parse(&when) {
                Some(at) => Ok(at),
                None => ctx.clock.parse_entry_time(&when).map(When::Zoned),
            };
            match parsed {
                Ok(at) => at,
                Err(e) => {
                    self.error = Some(format!("When: {e}."));
                    self.focus = 0;
                    return Reply::stay();
                }
            }
        };
        let change = EntryChange {
            at,
            via: text_of(&self.via).trim().to_string(),
            text: text_of(&self.text),
            ask: text_of(&self.asks)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            private: self.private,
        };
        if change.text.trim().is_empty() {
            self.error = Some("The note is empty (D on the timeline deletes an entry).".into());
            return Reply::stay();
        }
        if change.via.is_empty() {
            self.error = Some("How did you speak? call, meeting, email, note…".into());
            return Reply::stay();
        }
        if change == EntryChange::of(&self.shown) {
            return Reply::close().saying("Nothing changed.", false);
        }
        self.saving = true;
        self.error = None;
        Reply::stay().with(Effect::EditEntry {
            slug: self.slug.clone(),
            shown: Box::new(self.shown.clone()),
            change: Box::new(change),
        })
    }

    /// The save is done: true when the editor can close.
    pub fn saved(&mut self, error: Option<String>) -> bool {
        self.saving = false;
        match error {
            None => true,
            Some(e) => {
                self.error = Some(format!("Not saved: {e}. Your changes are still here."));
                false
            }
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let r = centred(area, 72, 22);
        let inner = frame(format!("Entry of {}", self.name), theme, r, buf);
        if inner.height < 4 {
            return;
        }
        let foot = match &self.error {
            _ if self.confirm_discard => {
                "Drop your changes? Ctrl-D drops them · Esc or typing goes back.".to_string()
            }
            Some(e) => e.clone(),
            None => "Ctrl-S save · Tab next field · Esc cancel".into(),
        };
        let foot = wrap(&foot, inner.width.max(1) as usize, "");
        let foot_h = (foot.len() as u16).min(2);
        // Fixed rows: when+via (3), asks (3), private (1), foot; the note gets the rest.
        let text_h = inner.height.saturating_sub(3 + 3 + 1 + foot_h).max(3);
        let half = inner.width / 2;
        let mut y = inner.y;
        let mut drawn = [false; 5];
        let mut put =
            |t: &TextArea<'static>, label: &str, f: Field, rect: Rect, buf: &mut Buffer| {
                if rect.bottom() > inner.bottom() || rect.height < 3 {
                    return;
                }
                if let Some(i) = FIELDS.iter().position(|x| *x == f) {
                    drawn[i] = true;
                }
                let b = field_box(label, FIELDS[self.focus] == f, theme);
                let fi = b.inner(rect);
                b.render(rect, buf);
                t.render(fi, buf);
            };
        put(
            &self.when,
            "When",
            Field::When,
            Rect::new(inner.x, y, half, 3),
            buf,
        );
        put(
            &self.via,
            "Via",
            Field::Via,
            Rect::new(inner.x + half, y, inner.width - half, 3),
            buf,
        );
        y += 3;
        put(
            &self.text,
            "Note",
            Field::Text,
            Rect::new(inner.x, y, inner.width, text_h),
            buf,
        );
        y += text_h;
        put(
            &self.asks,
            "Ask next time",
            Field::Asks,
            Rect::new(inner.x, y, inner.width, 3),
            buf,
        );
        y += 3;
        drawn[4] = y < inner.bottom();
        // The note always keeps the keyboard's way back.
        drawn[2] = true;
        self.drawn.set(drawn);
        if y < inner.bottom() {
            let mark = if self.private { "[x]" } else { "[ ]" };
            let style = if FIELDS[self.focus] == Field::Private {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            let line = Line::from(vec![
                Span::styled(format!("{mark} private"), style),
                Span::styled(
                    "  (Space switches it; private is hidden in discreet mode)",
                    theme.dim(),
                ),
            ]);
            buf.set_line(inner.x, y, &line, inner.width);
        }
        let style = if self.error.is_some() {
            theme.warn()
        } else {
            theme.dim()
        };
        let top = inner.bottom().saturating_sub(foot_h);
        for (i, l) in foot.iter().take(foot_h as usize).enumerate() {
            buf.set_line(
                inner.x,
                top + i as u16,
                &Line::from(Span::styled(l.clone(), style)),
                inner.width,
            );
        }
    }
}
