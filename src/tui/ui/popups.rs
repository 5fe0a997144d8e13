//! Popups over the main screen: help, unreadable files, capture, forms,
//! and the choice after an edit that does not parse.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use super::fit;
use crate::tui::action::Action;
use crate::tui::app::{App, Popup};
use crate::tui::form::{Capture, CaptureField, Form};
use crate::tui::theme::Theme;

pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    match &app.popup {
        None => {}
        Some(Popup::Help { scroll }) => help(app, theme, *scroll, area, buf),
        Some(Popup::Problems { selected }) => problems(app, theme, *selected, area, buf),
        Some(Popup::Capture(c)) => capture(c, theme, area, buf),
        Some(Popup::Form(f)) => form(f, theme, area, buf),
        Some(Popup::EditFailed { slug, problem }) => edit_failed(slug, problem, theme, area, buf),
        Some(Popup::EditClash { slug }) => edit_clash(slug, theme, area, buf),
        Some(Popup::Agenda { selected }) => agenda(app, theme, *selected, area, buf),
    }
}

/// Whether the capture popup has room for its "ask next time" line.
pub fn capture_shows_ask(size: (u16, u16)) -> bool {
    size.0 >= 24 && size.1 >= 12
}

/// The help's height in lines, and how far it can scroll at this size.
fn help_box(area: Rect) -> Rect {
    centred(area, 78, area.height.saturating_sub(2).max(3))
}

pub fn help_max_scroll(size: (u16, u16)) -> u16 {
    let inner = help_box(Rect::new(0, 0, size.0, size.1))
        .height
        .saturating_sub(2);
    (FIXED_HELP.iter().map(|(_, k)| k.len() + 2).sum::<usize>() + Action::ALL.len() + 3)
        .saturating_sub(inner as usize) as u16
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
            ("Tab", "between the note and the ask-next-time line"),
            ("Ctrl-T", "change how you spoke: call, meeting, email…"),
            ("Ctrl-W Alt-⌫", "delete a word; Ctrl-U undo, Ctrl-R redo"),
            ("Esc", "cancel (asks first: Ctrl-D discards, Esc goes back)"),
        ],
    ),
];

/// A centred box of at most `w` x `h`, inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame(title: String, theme: &Theme, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.focus_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = b.inner(area);
    b.render(area, buf);
    inner
}

fn help(app: &App, theme: &Theme, scroll: u16, area: Rect, buf: &mut Buffer) {
    let r = help_box(area);
    let inner = frame("Keys · j/k scroll · Esc closes".into(), theme, r, buf);
    let mut lines = vec![Line::from(Span::styled("Main screen", theme.heading()))];
    for a in Action::ALL {
        let keys = app.keymap.keys_of(a).join(" ");
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", fit(&keys, 17)), theme.title()),
            Span::raw(a.describe()),
        ]));
    }
    for (heading, keys) in FIXED_HELP {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(*heading, theme.heading())));
        for (k, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("{k:<18}"), theme.title()),
                Span::raw(*what),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Keys can be changed under [keys] in the config file, e.g. capture = [\"c\", \"n\"].",
        theme.dim(),
    )));
    // Not wrapped, so the scroll limit is exact.
    Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
}

fn problems(app: &App, theme: &Theme, selected: usize, area: Rect, buf: &mut Buffer) {
    let wanted = app
        .index
        .problems
        .len()
        .saturating_add(4)
        .min(u16::MAX as usize) as u16;
    let r = centred(area, 100, wanted.max(6));
    let n = app.index.problems.len();
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
    for (i, p) in app
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

fn field_box<'a>(label: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    let b = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", label.trim()));
    if focused {
        b.border_type(BorderType::Thick)
            .border_style(theme.focus_border())
    } else {
        b.border_style(theme.dim())
    }
}

fn capture(c: &Capture, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 80, 20);
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
    let note_h = inner.height.saturating_sub(2 + ask_h);
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
    let foot = if c.confirm_discard {
        Line::from(Span::styled(
            "Discard this note? Ctrl-D discards · Esc or typing goes back to it.",
            theme.warn(),
        ))
    } else if let Some(e) = &c.error {
        Line::from(Span::styled(e.clone(), theme.warn()))
    } else if c.saving {
        Line::from(Span::styled("Saving…", theme.dim()))
    } else {
        Line::from(Span::styled(
            "Ctrl-S save · Tab ask line · Ctrl-W delete word · Ctrl-U undo · Esc cancel",
            theme.dim(),
        ))
    };
    buf.set_line(inner.x, foot_y, &foot, inner.width);
}

fn form(f: &Form, theme: &Theme, area: Rect, buf: &mut Buffer) {
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

fn edit_failed(slug: &str, problem: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 76, 10);
    let inner = frame("Your edit does not parse".into(), theme, r, buf);
    let lines = vec![
        Line::from(Span::styled(problem.to_string(), theme.warn())),
        Line::default(),
        Line::from(format!(
            "people/{slug}.toml is unchanged; your edit is kept aside."
        )),
        Line::default(),
        Line::from(vec![
            Span::styled("e", theme.title()),
            Span::raw(" edit again   "),
            Span::styled("r", theme.title()),
            Span::raw(" restore the previous text (drops your edit)   "),
            Span::styled("Esc", theme.title()),
            Span::raw(" later"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn edit_clash(slug: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 76, 10);
    let inner = frame("The file changed while you edited it".into(), theme, r, buf);
    let lines = vec![
        Line::from(format!(
            "people/{slug}.toml changed on disk (another program, or a sync) during your edit, so your version was not saved over it."
        )),
        Line::default(),
        Line::from(format!("Your version is kept in .ties/edit/{slug}.toml.")),
        Line::default(),
        Line::from(vec![
            Span::styled("d", theme.title()),
            Span::raw(" drop your version   "),
            Span::styled("Esc", theme.title()),
            Span::raw(" keep it to compare by hand"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn agenda(app: &App, theme: &Theme, selected: usize, area: Rect, buf: &mut Buffer) {
    let n = app.agenda.len();
    let r = centred(area, 90, (n.min(200) as u16 + 4).max(6));
    let inner = frame(
        format!("Today's meetings ({n}) · Enter: who is in it · Esc closes"),
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
    for (i, m) in app.agenda.iter().enumerate().skip(offset).take(rows) {
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
