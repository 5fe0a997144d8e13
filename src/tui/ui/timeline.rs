//! The timeline pane: log entries, newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, tabs_title, wrap};
use crate::tui::app::{App, Pane};
use crate::tui::theme::Theme;

pub fn draw(app: &App, theme: &Theme, outer: Rect, inner: Rect, buf: &mut Buffer, own_title: bool) {
    if outer.width == 0 || outer.height == 0 {
        return;
    }
    let focused = app.focus == Pane::Timeline && app.popup.is_none();
    let entries = app.timeline();
    let title = if own_title {
        let mut t = vec![Span::styled(" Timeline ", theme.title())];
        if !entries.is_empty() {
            t.push(Span::styled(
                format!("{} of {} ", app.timeline_scroll + 1, entries.len()),
                theme.dim(),
            ));
        }
        Line::from(t)
    } else {
        tabs_title(app, theme)
    };
    pane_block(
        title,
        focused || (!own_title && app.focus == Pane::Prep),
        theme,
    )
    .render(outer, buf);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(d) = app.current_detail() {
        if !own_title {
            // Tabs hide the person's name and the position: say them here.
            let mut head = vec![Span::styled(d.person.name.clone(), theme.title())];
            if !entries.is_empty() {
                head.push(Span::styled(
                    format!("  entry {} of {}", app.timeline_scroll + 1, entries.len()),
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
    if app.discreet {
        lines.push(Line::from(Span::styled(
            "discreet: private entries hidden",
            theme.marker(),
        )));
    }
    // Only as many entries as can show: a long history costs nothing here.
    for e in entries
        .iter()
        .skip(app.timeline_scroll)
        .take(inner.height as usize)
    {
        let date = e.at.date(&app.clock);
        let mut head = vec![
            Span::styled(date.format("%a %b %-d, %Y").to_string(), theme.title()),
            Span::styled(format!(" · {}", e.via), theme.heading()),
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
