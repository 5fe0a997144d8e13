//! The timeline pane: log entries, newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, tabs_title};
use crate::tui::ctx::{Ctx, Pane};
use crate::tui::scroll::Scroll;
use crate::tui::text::wrap;
use crate::tui::theme::Theme;

/// Which entry is at the top (the newest is 0).
#[derive(Default)]
pub struct TimelinePane {
    pub scroll: Scroll,
}

impl TimelinePane {
    /// Up/down/page keys while the pane has the focus: one entry a step.
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
        draw(self, ctx, theme, outer, inner, buf, own_title);
    }
}

fn draw(
    pane: &TimelinePane,
    ctx: &Ctx,
    theme: &Theme,
    outer: Rect,
    inner: Rect,
    buf: &mut Buffer,
    own_title: bool,
) {
    if outer.width == 0 || outer.height == 0 {
        return;
    }
    let focused = ctx.focused(Pane::Timeline);
    let entries = ctx.timeline();
    // A page is about three entries.
    let top = match ctx.detail {
        Some(_) => pane
            .scroll
            .record(entries.len().saturating_sub(1), inner.height as usize / 3),
        None => 0,
    };
    let title = if own_title {
        let mut t = vec![Span::styled(" Timeline ", theme.title())];
        if !entries.is_empty() {
            t.push(Span::styled(
                format!("{} of {} ", top + 1, entries.len()),
                theme.dim(),
            ));
        }
        Line::from(t)
    } else {
        tabs_title(ctx, theme)
    };
    pane_block(
        title,
        focused || (!own_title && ctx.focus == Pane::Prep),
        theme,
    )
    .render(outer, buf);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(d) = ctx.detail {
        if !own_title {
            // Tabs hide the person's name and the position: say them here.
            let mut head = vec![Span::styled(d.person.name.clone(), theme.title())];
            if !entries.is_empty() {
                head.push(Span::styled(
                    format!("  entry {} of {}", top + 1, entries.len()),
                    theme.dim(),
                ));
            }
            lines.push(Line::from(head));
        }
        if entries.is_empty() {
            for l in wrap(
                "Nothing logged yet: press c after your next call.",
                inner.width as usize,
                "",
            ) {
                lines.push(Line::from(Span::styled(l, theme.dim())));
            }
        }
    }
    if ctx.discreet {
        lines.push(Line::from(Span::styled(
            "discreet: private entries hidden",
            theme.marker(),
        )));
    }
    // Only as many entries as can show: a long history costs nothing here.
    for e in entries.iter().skip(top).take(inner.height as usize) {
        let date = e.at.date(ctx.clock);
        let mut head = vec![
            Span::styled(date.format("%a %b %-d, %Y").to_string(), theme.title()),
            Span::styled(format!(" · {}", e.via), theme.heading()),
            Span::styled(
                format!(
                    " · {}",
                    crate::clock::ago_phrase((ctx.clock.today() - date).num_days())
                ),
                theme.dim(),
            ),
        ];
        if let Some(why) = &e.why {
            head.push(Span::styled(format!(" · {why}"), theme.dim()));
        }
        if e.private {
            head.push(Span::styled(" [private]", theme.marker()));
        }
        lines.push(Line::from(head));
        let width = inner.width as usize;
        lines.extend(wrap(&e.text, width, "  ").into_iter().map(Line::from));
        for a in &e.ask {
            let mut ask = wrap(&format!("? ask next time: {a}"), width, "  ").into_iter();
            if let Some(first) = ask.next() {
                lines.push(Line::from(Span::styled(first, theme.marker())));
            }
            lines.extend(ask.map(Line::from));
        }
        lines.push(Line::default());
        if lines.len() >= inner.height as usize {
            break;
        }
    }
    Paragraph::new(lines).render(inner, buf);
}
