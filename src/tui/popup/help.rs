//! The help popup: every key of the main screen as the keymap has it, and
//! the keys of the filter line and the capture popup.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Reply, centred, frame};
use crate::text::{fit, wrap};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct Help {
    pub scroll: Scroll,
}

impl Help {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        match ctx.keymap.action(&key) {
            Some(Action::Down) => self.scroll.by(1),
            Some(Action::Up) => self.scroll.by(-1),
            Some(Action::PageDown) => self.scroll.by(10),
            Some(Action::PageUp) => self.scroll.by(-10),
            Some(Action::First) => self.scroll.reset(),
            Some(Action::Last) => self.scroll.to_end(),
            Some(Action::Help | Action::Back | Action::Quit) => return Reply::close(),
            _ if key.code == KeyCode::Esc => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, ctx, theme, area, buf);
    }
}

/// The help's height in lines, and how far it can scroll at this size.
fn help_box(area: Rect) -> Rect {
    centred(area, 78, area.height.saturating_sub(2).max(3))
}

const FIXED_HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Filter line",
        &[
            ("type", "filter as you type (names, aliases, org, tags)"),
            ("↑ ↓", "move through the matches"),
            ("Enter", "open the selected person's prep sheet"),
            ("Esc", "clear the filter"),
        ],
    ),
    (
        "Capturing a note",
        &[
            ("Ctrl-S", "save it to the person's file"),
            (
                "Tab Shift-Tab",
                "note, ask-next-time lines, open asks, When",
            ),
            ("Enter", "in the ask lines: another ask"),
            ("Space", "in the open asks: tick the ones this talk covered"),
            ("Ctrl-T", "change how you spoke: call, meeting, email…"),
            ("Ctrl-X Alt-P", "private: hidden in discreet mode"),
            (
                "Ctrl-Y Alt-Y",
                "why: problem, request, checkin, social, none",
            ),
            ("When", "yesterday, 15:30, 2026-11-20 15:30 (empty: now)"),
            (
                "@",
                "someone else was there: pick them (Enter adds or takes out, Tab writes @mention, Esc types @)",
            ),
            ("Ctrl-W Alt-⌫", "delete a word; Ctrl-U undo, Ctrl-R redo"),
            ("Esc", "cancel (asks first: Ctrl-D discards, Esc goes back)"),
        ],
    ),
    (
        "Today's meetings (m)",
        &[
            ("Enter", "show who is in the chosen meeting"),
            (
                "c",
                "one note for everyone in it; people ties does not know are offered first (Space unticks, Enter adds them)",
            ),
        ],
    ),
    (
        "Add-person and todo forms",
        &[
            (
                "Tab ↑ ↓",
                "next or previous field; several emails with commas",
            ),
            (
                "Enter",
                "save (a refused field is named and gets the cursor)",
            ),
            ("Esc", "close, keeping the text as a draft for next time"),
        ],
    ),
    (
        "Questions and choices",
        &[
            ("y Enter / Esc", "yes / no, when x or u asks first"),
            ("j k Enter", "choose which todo is done"),
            ("e  D", "in the todo list: edit the chosen todo, delete it"),
            ("Enter", "in T's list: mark done, or reopen a done todo"),
            (
                "! Enter",
                "file a note whose person is gone onto the selected one",
            ),
        ],
    ),
    (
        "Editing an entry (E)",
        &[
            (
                "Tab Shift-Tab",
                "when, via, note, asks (one a line), private",
            ),
            ("Space", "on private: switch it"),
            ("Ctrl-S", "save the changed values in place"),
            ("Esc", "cancel (after a change it asks: Ctrl-D drops it)"),
        ],
    ),
];

/// One key's line, wrapped to `width`: the keys in a column of their own
/// and the description under itself; on a narrow screen the keys take a
/// line and the description the lines under them.
fn entry<'a>(keys: &str, what: &str, width: usize, theme: &Theme, out: &mut Vec<Line<'a>>) {
    const COL: usize = 18;
    if width >= COL + 20 {
        let pad = " ".repeat(COL);
        for (i, l) in wrap(what, width, &pad).into_iter().enumerate() {
            if i == 0 {
                out.push(Line::from(vec![
                    Span::styled(format!("{:<COL$}", fit(keys, COL - 1)), theme.title()),
                    Span::raw(l[COL..].to_string()),
                ]));
            } else {
                out.push(Line::from(Span::raw(l)));
            }
        }
    } else {
        for l in wrap(keys, width, "") {
            out.push(Line::from(Span::styled(l, theme.title())));
        }
        for l in wrap(what, width, "  ") {
            out.push(Line::from(Span::raw(l)));
        }
    }
}

fn draw(help: &Help, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = help_box(area);
    let inner = frame("Keys · j/k scroll · Esc closes".into(), theme, r, buf);
    let width = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled("Main screen", theme.heading()))];
    for a in Action::ALL {
        entry(
            &ctx.keymap.keys_of(a).join(" "),
            a.describe(),
            width,
            theme,
            &mut lines,
        );
    }
    for (heading, keys) in FIXED_HELP {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(*heading, theme.heading())));
        for (k, what) in *keys {
            entry(k, what, width, theme, &mut lines);
        }
    }
    lines.push(Line::default());
    for l in wrap(
        "Keys can be changed under [keys] in the config file, e.g. capture = [\"c\", \"n\"].",
        width,
        "",
    ) {
        lines.push(Line::from(Span::styled(l, theme.dim())));
    }
    // Wrapped here, line by line, so the scroll limit is exact.
    let height = inner.height as usize;
    let top = help
        .scroll
        .record(lines.len().saturating_sub(height), height);
    Paragraph::new(lines)
        .scroll((top.min(u16::MAX as usize) as u16, 0))
        .render(inner, buf);
}
