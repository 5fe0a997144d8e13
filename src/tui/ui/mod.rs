//! Drawing: a pure function of the app's state. Nothing here reads a file.

mod contacts;
pub mod layout;
pub mod popups;
pub mod prep;
mod status;
mod timeline;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

use super::app::{App, Pane};
use super::theme::Theme;
use layout::{Mode, Panes};

/// The app together with its look, ready to draw.
pub struct View<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self.app, &self.theme, area, buf);
    }
}

pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let panes = Panes::of(area, app);
    if panes.mode() == Mode::Tiny {
        let msg = if area.width >= 10 {
            "ties: enlarge the window"
        } else {
            "ties"
        };
        Paragraph::new(msg).render(area, buf);
        return;
    }
    contacts::draw(app, theme, &panes, buf);
    match panes.mode() {
        Mode::Wide => {
            prep::draw(app, theme, panes.prep_box, panes.prep, buf, true);
            timeline::draw(app, theme, panes.timeline_box, panes.timeline, buf, true);
        }
        _ if panes.right.width > 0 => {
            if app.tab == Pane::Timeline {
                timeline::draw(app, theme, panes.timeline_box, panes.timeline, buf, false);
            } else {
                prep::draw(app, theme, panes.prep_box, panes.prep, buf, false);
            }
        }
        _ => {}
    }
    status::draw(app, theme, panes.status, buf);
    popups::draw(app, theme, area, buf);
    defuse(area, buf);
}

/// Characters that would move the cursor or recolour the terminal (escape
/// sequences, bidi overrides) are shown as `�`, whoever wrote them: a name
/// in a file, a pasted note. One pass over the screen catches every pane.
fn defuse(area: Rect, buf: &mut Buffer) {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.symbol().chars().any(bad) {
                cell.set_symbol("\u{FFFD}");
            }
        }
    }
}

/// A pane's box: a thick border when it has the focus (visible without colour).
pub fn pane_block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let b = Block::default().borders(Borders::ALL).title(title);
    if focused {
        b.border_type(BorderType::Thick)
            .border_style(theme.focus_border())
    } else {
        b.border_style(theme.border())
    }
}

/// The right side's title when prep sheet and timeline share it as tabs.
pub fn tabs_title<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let tab = |label: &'static str, on: bool| {
        if on {
            ratatui::text::Span::styled(format!(" {label} "), theme.selected())
        } else {
            ratatui::text::Span::styled(format!(" {label} "), Style::new())
        }
    };
    Line::from(vec![
        tab("Prep sheet", app.tab != Pane::Timeline),
        ratatui::text::Span::raw("│"),
        tab("Timeline", app.tab == Pane::Timeline),
        ratatui::text::Span::styled(" (Tab) ", theme.dim()),
    ])
}

/// Cuts a string to at most `max` display columns, with an ellipsis.
pub fn fit(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut w = 0;
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= max {
        return s.to_string();
    }
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

pub fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Word-wraps `text` to `width` columns, every line starting with `indent`;
/// words longer than a line are split.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    wrap_hanging(text, width, indent, indent)
}

/// Word-wraps with one indent for each paragraph's first line and another
/// for the lines after it.
pub fn wrap_hanging<'a>(text: &str, width: usize, first: &'a str, rest: &'a str) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    if text.is_empty() {
        return vec![first.to_string()];
    }
    let mut out = Vec::new();
    for para in text.lines() {
        let mut indent = first;
        let mut room = width.saturating_sub(width_of(indent)).max(1);
        let mut line = String::new();
        let mut w = 0;
        let mut flush =
            |line: &mut String, w: &mut usize, indent: &mut &'a str, room: &mut usize| {
                out.push(format!("{indent}{line}"));
                line.clear();
                *w = 0;
                *indent = rest;
                *room = width.saturating_sub(width_of(rest)).max(1);
            };
        for word in para.split(' ') {
            let ww = width_of(word);
            if w > 0 && w + 1 + ww > room {
                flush(&mut line, &mut w, &mut indent, &mut room);
            }
            if w > 0 {
                line.push(' ');
                w += 1;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > room && w > 0 {
                    flush(&mut line, &mut w, &mut indent, &mut room);
                }
                line.push(c);
                w += cw;
            }
        }
        flush(&mut line, &mut w, &mut indent, &mut room);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuse_replaces_escapes_and_bidi_overrides_set_directly() {
        let area = Rect::new(0, 0, 4, 1);
        let mut buf = Buffer::empty(area);
        buf[(0, 0)].set_symbol("\u{1b}");
        buf[(1, 0)].set_symbol("a\u{202e}");
        buf[(2, 0)].set_symbol("\u{7}");
        buf[(3, 0)].set_symbol("é");
        defuse(area, &mut buf);
        let got: Vec<&str> = (0..4).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(got, ["\u{FFFD}", "\u{FFFD}", "\u{FFFD}", "é"]);
    }
}
