//! The quick-capture popup: a note about one person, how you spoke, when,
//! whether it is private and why it happened, things to ask next time (one
//! a line), and which open asks were covered: all `ties log` can say. Kept
//! as a draft while typed.

use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::asks::{AskList, OpenAsk};
use super::picker::{Picked, Picker};
use super::{Reply, centred, field_box, frame};
use crate::clock::Clock;
use crate::store::write::NewEntry;
use crate::text::{fit, wrap};
use crate::tui::ctx::Ctx;
use crate::tui::draft::Draft;
use crate::tui::field::{edit, field, paste_into, text_of};
use crate::tui::keymap::{Cmd, Keymap, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// The `via` choices of a captured note, cycled with Ctrl-T.
pub const VIAS: [&str; 6] = ["call", "meeting", "message", "email", "meal", "note"];

/// The `why` choices, cycled with Ctrl-Y (after the last, none).
pub const WHYS: [&str; 4] = ["problem", "request", "checkin", "social"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureField {
    Note,
    Ask,
    /// When it happened.
    When,
    /// The list of open asks.
    Asks,
}

/// The quick-capture popup for one person, or a meeting with several.
pub struct Capture {
    pub slug: String,
    pub name: String,
    /// The others at the meeting (slug, name): the note goes in each file.
    pub with: Vec<(String, String)>,
    /// The person picker `@` opened, while it is open.
    pub picker: Option<Picker>,
    pub note: TextArea<'static>,
    /// Things to ask next time, one a line.
    pub ask: TextArea<'static>,
    /// When it happened, in `ties log --at` words; empty for now.
    pub when: TextArea<'static>,
    pub via: usize,
    pub private: bool,
    /// An index into [`WHYS`], or None.
    pub why: Option<usize>,
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
    /// The same for the list of open asks, and the When line.
    asks_shown: Cell<bool>,
    when_shown: Cell<bool>,
}

impl Capture {
    pub fn new(
        slug: String,
        name: String,
        draft: Option<Draft>,
        asks: Vec<OpenAsk>,
        clock: &Clock,
    ) -> Capture {
        let mut c = Capture {
            slug,
            name,
            with: Vec::new(),
            picker: None,
            note: field(false, "What happened, what was said, what you promised…"),
            ask: field(
                true,
                "optional: something to ask next time (Enter for another)",
            ),
            when: field(true, "now"),
            via: 0,
            private: false,
            why: None,
            asks: AskList::new(asks),
            field: CaptureField::Note,
            confirm_discard: false,
            dirty: false,
            saving: false,
            error: None,
            restored: None,
            ask_shown: Cell::new(false),
            asks_shown: Cell::new(false),
            when_shown: Cell::new(false),
        };
        if let Some(d) = draft {
            c.note.insert_str(&d.text);
            c.ask.insert_str(&d.ask);
            c.when.insert_str(restored_when(&d, clock));
            c.via = VIAS.iter().position(|v| *v == d.via).unwrap_or(0);
            c.private = d.private;
            c.why = WHYS.iter().position(|w| *w == d.why);
            c.asks.tick_texts(&d.asked);
            c.add_with(d.with);
            c.restored = Some(d.written);
            // The restored text is where undo stops, not a step it can undo.
            for t in [&mut c.note, &mut c.ask, &mut c.when] {
                t.set_max_histories(50);
            }
        }
        c
    }

    /// Whether the note's cursor is at the start of a word.
    fn at_word_start(&self) -> bool {
        let ratatui_textarea::DataCursor(row, col) = self.note.cursor();
        let before = col
            .checked_sub(1)
            .and_then(|c| self.note.lines().get(row)?.chars().nth(c));
        before.is_none_or(char::is_whitespace)
    }

    /// Adds people to the meeting (not the note's own person, nor twice).
    pub fn add_with(&mut self, people: Vec<(String, String)>) {
        for (slug, name) in people {
            if slug != self.slug && !self.with.iter().any(|(s, _)| *s == slug) {
                self.with.push((slug, name));
            }
        }
    }

    pub fn why(&self) -> Option<&'static str> {
        self.why.map(|i| WHYS[i])
    }

    /// The asks typed, one a line, empty lines dropped.
    pub fn asks_typed(&self) -> Vec<String> {
        self.ask
            .lines()
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Sets how you spoke, when it is one of [`VIAS`].
    pub fn set_via(&mut self, via: &str) {
        if let Some(i) = VIAS.iter().position(|v| *v == via) {
            self.via = i;
        }
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
            text: text_of(&self.note),
            via: self.via().to_string(),
            ask: text_of(&self.ask),
            asked: self.asks.covered(),
            private: self.private,
            why: self.why().unwrap_or_default().to_string(),
            at: text_of(&self.when).trim().to_string(),
            with: self.with.clone(),
            written,
            ..Draft::default()
        }
    }

    /// The text field with the keyboard (none when the asks list has it),
    /// and whether it is one line.
    pub fn focused(&mut self) -> Option<(&mut TextArea<'static>, bool)> {
        match self.field {
            CaptureField::Note => Some((&mut self.note, false)),
            CaptureField::Ask => Some((&mut self.ask, false)),
            CaptureField::When => Some((&mut self.when, true)),
            CaptureField::Asks => None,
        }
    }

    /// Tab's next (or previous) field among those on the screen, round
    /// the popup from the note: ask lines, open asks, then the When line
    /// at the top.
    fn step_field(&self, forward: bool) -> CaptureField {
        let mut order = vec![CaptureField::Note];
        if self.ask_shown.get() {
            order.push(CaptureField::Ask);
        }
        if self.asks_shown.get() && !self.asks.is_empty() {
            order.push(CaptureField::Asks);
        }
        if self.when_shown.get() {
            order.push(CaptureField::When);
        }
        let n = order.len();
        let i = order.iter().position(|f| *f == self.field).unwrap_or(0);
        order[if forward { i + 1 } else { i + n - 1 } % n]
    }
    pub fn paste(&mut self, ctx: &Ctx, text: &str) {
        if self.saving {
            return;
        }
        if let Some(p) = &mut self.picker {
            p.paste(ctx, text);
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
        if let Some(p) = &mut self.picker {
            match p.on_key(ctx, key) {
                Picked::Stay => {}
                Picked::Toggle(slug, name) => {
                    self.picker = None;
                    if let Some(i) = self.with.iter().position(|(s, _)| *s == slug) {
                        self.with.remove(i);
                    } else if slug == self.slug {
                        self.error = Some(format!("The note is about {name} already."));
                    } else {
                        self.with.push((slug, name));
                    }
                    self.dirty = true;
                }
                Picked::Mention(slug) => {
                    self.picker = None;
                    self.note.insert_str(format!("@{slug} "));
                    self.dirty = true;
                }
                Picked::Cancel(typed) => {
                    self.picker = None;
                    self.note.insert_str(typed);
                    self.dirty = true;
                }
            }
            return Reply::stay();
        }
        // A field the last frame had no room for does not keep the keys.
        if self.field == CaptureField::Asks && !self.asks_shown.get()
            || self.field == CaptureField::Ask && !self.ask_shown.get()
            || self.field == CaptureField::When && !self.when_shown.get()
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
            Some(Cmd::TogglePrivate) => {
                self.private = !self.private;
                self.dirty = true;
                Reply::stay()
            }
            // Only at the start of a word: `tom@acme` is an address.
            Some(Cmd::PickPerson) if self.field == CaptureField::Note && self.at_word_start() => {
                self.picker = Some(Picker::new(ctx, &self.with));
                Reply::stay()
            }
            Some(Cmd::CycleWhy) => {
                self.why = match self.why {
                    None => Some(0),
                    Some(i) if i + 1 < WHYS.len() => Some(i + 1),
                    Some(_) => None,
                };
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
                    None => match ctx.keymap.cmd(Scope::Asks, &key) {
                        // A tick is part of the note: kept in its draft.
                        Some(cmd) if self.asks.on_cmd(cmd) => self.dirty = true,
                        Some(_) => {}
                        // Typing into the list would vanish: say where it goes.
                        None if matches!(key.code, crossterm::event::KeyCode::Char(_)) => {
                            self.error = Some(
                                "The open asks take Space (tick) and ↑↓; to type, Tab goes on to When, Shift-Tab back."
                                    .into(),
                            );
                        }
                        None => {}
                    },
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
        // Someone picked who has left the vault since (deleted, renamed by
        // a sync) would refuse the whole note: taken out, and said, before
        // it is saved for the others. Only once everyone is read.
        if ctx.loading.is_none() && ctx.glimpse.is_none() {
            let (gone, here): (Vec<_>, Vec<_>) = std::mem::take(&mut self.with)
                .into_iter()
                .partition(|(s, _)| ctx.index.get(s).is_none());
            self.with = here;
            if !gone.is_empty() {
                let names: Vec<&str> = gone.iter().map(|(_, n)| n.as_str()).collect();
                self.error = Some(format!(
                    "{} {} no longer in ties: taken out of this meeting. Ctrl-S again saves the note.",
                    names.join(", "),
                    if gone.len() == 1 { "is" } else { "are" }
                ));
                self.dirty = true;
                return Reply::stay();
            }
        }
        let when = text_of(&self.when).trim().to_string();
        let at = if when.is_empty() {
            ctx.clock.now
        } else {
            match ctx.clock.parse_entry_time(&when) {
                Ok(at) => at,
                Err(e) => {
                    // The way out first, as the todo form does: a long
                    // word is what gets cut.
                    self.error = Some(if ctx.clock.parse_at(&when).is_none() {
                        format!(
                            "When: try now, 15:30, yesterday 15:30 or 2026-11-20 15:30; `{when}` is not a time."
                        )
                    } else {
                        format!("When: {e}.")
                    });
                    if self.when_shown.get() {
                        self.field = CaptureField::When;
                    }
                    // Ctrl-S keeps the words on disk even when refused: the
                    // draft, as before any save.
                    self.dirty = false;
                    return Reply::stay().with(Effect::WriteDraft(Box::new(
                        self.draft(ctx.clock.now.to_rfc3339()),
                    )));
                }
            }
        };
        let entry = NewEntry {
            at,
            via: self.via().to_string(),
            text,
            ask: self.asks_typed(),
            asked: self.asks.covered(),
            private: self.private,
            why: self.why().map(str::to_string),
            with: self.with.iter().map(|(s, _)| s.clone()).collect(),
        };
        self.saving = true;
        self.error = None;
        self.dirty = false;
        // The draft is written first: if the save fails or ties dies
        // mid-save, the note is still on disk.
        Reply::stay()
            .with(Effect::WriteDraft(Box::new(
                self.draft(ctx.clock.now.to_rfc3339()),
            )))
            .with(Effect::SaveNote {
                slug: self.slug.clone(),
                entry: Box::new(entry),
            })
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, ctx.keymap, theme, area, buf);
        if let Some(p) = &self.picker {
            let with: Vec<String> = self.with.iter().map(|(s, _)| s.clone()).collect();
            p.render(ctx, &with, theme, area, buf);
        }
    }
}

/// The When line of a restored draft: the time it was written, or what
/// its words meant then ("yesterday" the day it was typed); words that are
/// no time stay as typed, for the save to say why.
fn restored_when(d: &Draft, clock: &Clock) -> String {
    let written = chrono::DateTime::parse_from_rfc3339(&d.written).ok();
    let at = d.at.trim();
    let when = match written {
        Some(w) if at.is_empty() || at.eq_ignore_ascii_case("now") => Some(w),
        Some(w) => clock.at(w).parse_entry_time(at).ok(),
        None => None,
    };
    match when {
        Some(t) => clock.local(&t).format("%Y-%m-%d %H:%M").to_string(),
        None => at.to_string(),
    }
}

/// The header: via, private, why (and what a hidden field holds).
/// The switches, each with the key that changes it (the user's own keys),
/// so the way to change one never scrolls off when another is set.
fn header(c: &Capture, keymap: &Keymap, theme: &Theme) -> Line<'static> {
    let key = |cmd: Cmd| {
        keymap
            .key_of_cmd(Scope::Capture, cmd)
            .map(|k| format!("{k} "))
            .unwrap_or_default()
    };
    let mut spans = vec![
        Span::styled(key(Cmd::CycleVia), theme.dim()),
        Span::raw("via "),
        Span::styled(format!(" {} ", c.via()), theme.selected()),
        Span::raw(" · "),
        Span::styled(key(Cmd::TogglePrivate), theme.dim()),
    ];
    if c.private {
        spans.push(Span::styled(" private ", theme.selected()));
    } else {
        spans.push(Span::raw("not private"));
    }
    spans.push(Span::raw(" · "));
    spans.push(Span::styled(key(Cmd::CycleWhy), theme.dim()));
    spans.push(Span::raw("why "));
    match c.why() {
        Some(w) => spans.push(Span::styled(format!(" {w} "), theme.selected())),
        None => spans.push(Span::raw("—")),
    }
    // What a field with no room holds is still said.
    let when = text_of(&c.when);
    if !c.when_shown.get() && !when.trim().is_empty() {
        spans.push(Span::raw(format!("  at {}", when.trim())));
    }
    let asks = c.asks_typed().len();
    if !c.ask_shown.get() && asks > 0 {
        spans.push(Span::raw(format!(
            "  +{asks} ask{}",
            if asks == 1 { "" } else { "s" }
        )));
    }
    Line::from(spans)
}

fn draw(c: &Capture, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let ask_lines = c.ask.lines().len().clamp(1, 3) as u16;
    // The status line below stays in sight (it says where a draft went).
    let with_h = u16::from(!c.with.is_empty());
    let want = 19 + with_h + ask_lines + c.asks.height();
    let r = centred(area, 80, want.min(area.height.saturating_sub(1).max(3)));
    let title = if c.with.is_empty() {
        format!("Note about {}", c.name)
    } else {
        format!("Meeting note about {}", c.name)
    };
    let inner = frame(title, theme, r, buf);
    if inner.height < 3 {
        c.ask_shown.set(false);
        c.asks_shown.set(false);
        c.when_shown.set(false);
        return;
    }
    // A reason to read gets two lines when it needs them.
    let foot_lines: Vec<String> = match (&c.error, c.confirm_discard) {
        (Some(e), false) => wrap(e, inner.width as usize, "")
            .into_iter()
            .take(if inner.height >= 12 { 2 } else { 1 })
            .collect(),
        _ => Vec::new(),
    };
    let foot_h = (foot_lines.len() as u16).max(1);
    let foot_y = inner.y + inner.height - foot_h;
    let ask_h = if inner.height >= 10 { ask_lines + 2 } else { 0 };
    c.ask_shown.set(ask_h > 0);
    // The When line, where the ask box fits too (below, the header says
    // what it holds).
    let when_h = u16::from(inner.height >= 10);
    c.when_shown.set(when_h > 0);
    // Drawn after the fields are measured: it says what a hidden one holds.
    buf.set_line(inner.x, inner.y, &header(c, keymap, theme), inner.width);
    let fixed = 1 + with_h + foot_h + when_h + ask_h;
    // The open asks, when the note keeps at least three lines of its own.
    let asks_h = match c.asks.height() {
        h if h > 0 && inner.height >= fixed + 5 + 3 => h.min(inner.height - fixed - 5),
        _ => 0,
    };
    c.asks_shown.set(asks_h > 0);
    let mut y = inner.y + 1;
    if with_h > 0 {
        // Who else gets the note: said before anything else, never cut
        // silently (the count stays when the names do not fit).
        let names: Vec<String> = c.with.iter().map(|(_, n)| n.clone()).collect();
        let key = keymap
            .key_of_cmd(Scope::Capture, Cmd::PickPerson)
            .map(|k| format!(" · {k} adds or takes out"))
            .unwrap_or_default();
        let all = format!("{}{key}", crate::prep::with_phrase(&names));
        let text = if all.chars().count() <= inner.width as usize {
            all
        } else {
            fit(
                &format!("with {} others: {}", names.len(), names.join(", ")),
                inner.width as usize,
            )
        };
        buf.set_line(
            inner.x,
            y,
            &Line::from(Span::styled(text, theme.heading())),
            inner.width,
        );
        y += 1;
    }
    if when_h > 0 {
        let focused = c.field == CaptureField::When;
        let label = Span::styled(
            "When ",
            if focused {
                theme.selected()
            } else {
                theme.dim()
            },
        );
        buf.set_line(inner.x, y, &Line::from(label), 5);
        let w = inner.width.saturating_sub(5).min(40);
        crate::tui::field::render(&c.when, focused, Rect::new(inner.x + 5, y, w, 1), buf);
        let room = inner.width.saturating_sub(5 + w) as usize;
        if focused && room > 4 {
            // Cut to the popup: a tip never runs over its frame.
            let tip = fit("  yesterday, 15:30, 2026-11-20 15:30", room);
            buf.set_string(inner.x + 5 + w, y, tip, theme.dim());
        }
        y += 1;
    }
    let note_h = inner.height.saturating_sub(fixed + asks_h);
    let note = Rect::new(inner.x, y, inner.width, note_h);
    if note_h >= 3 {
        let nb = field_box(" Note ", c.field == CaptureField::Note, theme);
        let ni = nb.inner(note);
        nb.render(note, buf);
        crate::tui::field::render(&c.note, c.field == CaptureField::Note, ni, buf);
    } else {
        // No room for a box: the text itself, never a frame around nothing.
        crate::tui::field::render(&c.note, c.field == CaptureField::Note, note, buf);
    }
    if ask_h > 0 {
        let ask = Rect::new(inner.x, y + note_h, inner.width, ask_h);
        let title = if c.field == CaptureField::Ask {
            " Ask next time · Enter adds another "
        } else {
            " Ask next time "
        };
        let ab = field_box(title, c.field == CaptureField::Ask, theme);
        let ai = ab.inner(ask);
        ab.render(ask, buf);
        crate::tui::field::render(&c.ask, c.field == CaptureField::Ask, ai, buf);
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
    } else if c.error.is_some() {
        for (i, l) in foot_lines.iter().enumerate() {
            let line = Line::from(Span::styled(l.clone(), theme.warn()));
            buf.set_line(inner.x, foot_y + i as u16, &line, inner.width);
        }
        return;
    } else if c.saving {
        Line::from(Span::styled("Saving…", theme.dim()))
    } else if c.asks.is_empty() {
        Line::from(Span::styled(
            "Ctrl-S save · Tab next field · @ someone else was there · Esc cancel",
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
