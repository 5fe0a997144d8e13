//! The prep sheet pane: the library's `PrepSheet::lines`, the same lines
//! `ties prep` prints, styled by kind and wrapped to the pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, tabs_title};
use crate::prep::Kind;
use crate::text::wrap_hanging;
use crate::tui::ctx::{Ctx, Pane};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct PrepPane {
    pub scroll: Scroll,
}

impl PrepPane {
    /// Up/down/page keys while the pane has the focus.
    pub fn scroll_by(&mut self, by: i64) {
        self.scroll.by(by);
    }

    pub fn page(&self) -> usize {
        self.scroll.page()
    }

    pub fn render(
        &self,
        ctx: &Ctx,
        theme: &Theme,
        (outer, inner): (Rect, Rect),
        buf: &mut Buffer,
        own_title: bool,
    ) {
        if outer.width == 0 || outer.height == 0 {
            return;
        }
        let title = if own_title {
            Line::from(Span::styled(" Prep sheet ", theme.title()))
        } else {
            tabs_title(ctx, theme, outer.width)
        };
        let focused = ctx.focused(Pane::Prep) || (!own_title && ctx.focus == Pane::Timeline);
        pane_block(title, focused, theme).render(outer, buf);
        let lines: Vec<Line> = match ctx.detail {
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
            None => match (ctx.detail_error, ctx.selected) {
                (Some(e), _) => vec![Line::from(Span::styled(e.to_string(), theme.warn()))],
                (None, Some(_)) => vec![Line::from(Span::styled("Reading…", theme.dim()))],
                (None, None) => vec![Line::from(Span::styled(
                    "Select someone to see their prep sheet.",
                    theme.dim(),
                ))],
            },
        };
        let height = inner.height as usize;
        // Limits come from the sheet itself, not from "Reading…" while a
        // changed file is read again (the position is kept meanwhile).
        let top = match ctx.detail {
            Some(_) => self
                .scroll
                .record(lines.len().saturating_sub(height), height),
            None => 0,
        };
        Paragraph::new(lines)
            .scroll((top.min(u16::MAX as usize) as u16, 0))
            .render(inner, buf);
    }
}

/// The sheet's lines wrapped to `width`, list items with a hanging indent:
/// what the pane shows, and what its scrolling counts.
pub fn rows(sheet: &crate::prep::PrepSheet, width: usize) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for l in sheet.lines(width) {
        // An indented line (a connection under the first) keeps its indent.
        let text = l.text.trim_start_matches(' ');
        let first = if text.len() < l.text.len() { "  " } else { "" };
        let hang = if l.text.starts_with("• ") || !first.is_empty() {
            "  "
        } else if l.text.starts_with('[') {
            "    "
        } else {
            ""
        };
        for piece in wrap_hanging(text, width, first, hang) {
            out.push((l.kind, piece));
        }
    }
    out
}
