//! The prep sheet pane: the library's `PrepSheet::lines`, the same lines
//! `ties prep` prints, styled by kind.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, tabs_title, wrap_hanging};
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
        Some(d) => rows(&d.sheet, inner.width as usize)
            .into_iter()
            .map(|(kind, text)| {
                let style = match kind {
                    Kind::Title => theme.title(),
                    Kind::Heading => theme.heading(),
                    Kind::Dim => theme.dim(),
                    Kind::Warn => theme.warn(),
                    Kind::Plain | Kind::Item | Kind::Blank => ratatui::style::Style::new(),
                };
                Line::from(Span::styled(text, style))
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
        .scroll((app.prep_scroll, 0))
        .render(inner, buf);
}

/// The sheet's lines wrapped to `width`, list items with a hanging indent:
/// what the pane shows, and what its scrolling counts.
pub fn rows(sheet: &crate::prep::PrepSheet, width: usize) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for l in sheet.lines(width) {
        let hang = if l.text.starts_with("• ") {
            "  "
        } else if l.text.starts_with('[') {
            "    "
        } else {
            ""
        };
        for piece in wrap_hanging(&l.text, width, "", hang) {
            out.push((l.kind, piece));
        }
    }
    out
}
