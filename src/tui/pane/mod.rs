//! The panes of the main screen, one file each: its state, its keys, its
//! drawing. They read the shared [`Ctx`] and change only their own state.

pub mod contacts;
pub mod due;
pub mod prep;
pub mod status;
pub mod timeline;

use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use super::ctx::{Ctx, Pane};
use super::theme::Theme;

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
/// The two tabs' names, and "(Tab)" when the box is wide enough for it
/// (`width` is the box's; its corners take two columns).
pub fn tabs_title<'a>(ctx: &Ctx, theme: &Theme, width: u16) -> Line<'a> {
    let tab = |label: &'static str, on: bool| {
        if on {
            ratatui::text::Span::styled(format!(" {label} "), theme.selected())
        } else {
            ratatui::text::Span::styled(format!(" {label} "), Style::new())
        }
    };
    let (prep, timeline) = if width >= 26 {
        ("Prep sheet", "Timeline")
    } else {
        ("Prep", "Timeline")
    };
    let mut spans = vec![
        tab(prep, ctx.tab != Pane::Timeline),
        ratatui::text::Span::raw("│"),
        tab(timeline, ctx.tab == Pane::Timeline),
    ];
    if width >= 32 {
        spans.push(ratatui::text::Span::styled(" (Tab) ", theme.dim()));
    }
    Line::from(spans)
}

/// A dim sentence in place of the list ("No one matches...").
pub fn quiet_note(
    msg: &str,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
    theme: &Theme,
) {
    ratatui::widgets::Paragraph::new(Line::from(ratatui::text::Span::styled(
        msg.to_string(),
        theme.dim(),
    )))
    .wrap(ratatui::widgets::Wrap { trim: true })
    .render(area, buf);
}
