//! The prep sheet pane: the library's `PrepSheet::lines`, the same lines
//! `ties prep` prints, styled by kind.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{pane_block, tabs_title};
use crate::prep::Kind;
use crate::tui::app::{App, Pane};
use crate::tui::theme::Theme;

pub fn draw(app: &App, theme: &Theme, outer: Rect, inner: Rect, buf: &mut Buffer, own_title: bool) {
    if outer.width == 0 || outer.height == 0 {
        return;
    }
    let focused = matches!(app.focus, Pane::Prep) && app.popup.is_none();
    let title = if own_title {
        Line::from(Span::styled(" Prep sheet ", theme.title()))
    } else {
        tabs_title(app, theme)
    };
    pane_block(
        title,
        focused || (!own_title && app.focus == Pane::Timeline),
        theme,
    )
    .render(outer, buf);
    let lines: Vec<Line> = match app.current_detail() {
        Some(d) => d
            .sheet
            .lines(inner.width as usize)
            .into_iter()
            .map(|l| {
                let style = match l.kind {
                    Kind::Title => theme.title(),
                    Kind::Heading => theme.heading(),
                    Kind::Dim => theme.dim(),
                    Kind::Warn => theme.warn(),
                    Kind::Plain | Kind::Item | Kind::Blank => ratatui::style::Style::new(),
                };
                Line::from(Span::styled(l.text, style))
            })
            .collect(),
        None => match (&app.detail_error, app.selected_summary()) {
            (Some(e), _) => vec![Line::from(Span::styled(e.clone(), theme.warn()))],
            (None, Some(_)) => vec![Line::from(Span::styled("Reading…", theme.dim()))],
            (None, None) => vec![Line::from(Span::styled(
                "Select someone to see their prep sheet.",
                theme.dim(),
            ))],
        },
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.prep_scroll, 0))
        .render(inner, buf);
}
