//! The timeline pane: log entries, newest first.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, tabs_title};
use crate::model::Entry;
use crate::text::wrap;
use crate::tui::ctx::{Ctx, Pane};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

/// Which entry is at the top (the newest is 0), and which is chosen: up
/// and down move the choice while the pane has the focus, and `E`/`D` act
/// on it. The view follows the choice while drawing.
#[derive(Default)]
pub struct TimelinePane {
    pub scroll: Scroll,
    cursor: Cell<usize>,
}

impl TimelinePane {
    /// Up/down/page keys while the pane has the focus: one entry a step.
    pub fn move_by(&mut self, by: i64, len: usize) {
        let to = (self.cursor.get() as i64)
            .saturating_add(by)
            .clamp(0, len.saturating_sub(1) as i64);
        self.cursor.set(to as usize);
    }

    /// The chosen entry, as a place on the timeline (newest first).
    pub fn cursor(&self) -> usize {
        self.cursor.get()
    }

    /// Chooses the entry at this place (kept within the timeline when drawn).
    pub fn choose(&mut self, i: usize) {
        self.cursor.set(i);
    }

    /// Back to the newest entry, at the top.
    pub fn reset(&mut self) {
        self.scroll.reset();
        self.cursor.set(0);
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

/// The lines of one entry: its head, its text, its asks, a blank line.
fn entry_lines(
    ctx: &Ctx,
    theme: &Theme,
    e: &Entry,
    width: usize,
    chosen: bool,
) -> Vec<Line<'static>> {
    let date = e.at.date(ctx.clock);
    // `[private]` right after the date: on a narrow pane the end of the
    // head is what gets cut, and this is what must show before a screen
    // is shared.
    let mut head = vec![Span::styled(
        date.format("%a %b %-d, %Y").to_string(),
        theme.title(),
    )];
    if e.private {
        head.push(Span::styled(" [private]", theme.marker()));
    }
    head.push(Span::styled(format!(" · {}", e.via), theme.heading()));
    if !e.with.is_empty() {
        // From memory: the index, else the sheet (a glimpse has not everyone).
        let names: Vec<String> = e
            .with
            .iter()
            .map(|w| match ctx.index.get(w) {
                Some(s) => s.name.clone(),
                None => ctx
                    .detail
                    .and_then(|d| d.sheet.connections.iter().find(|c| &c.slug == w))
                    .map_or_else(|| w.clone(), |c| c.name.clone()),
            })
            .collect();
        head.push(Span::styled(
            format!(" {}", crate::prep::with_phrase(&names)),
            theme.heading(),
        ));
    }
    if let Some(why) = &e.why {
        head.push(Span::styled(format!(" · {why}"), theme.dim()));
    }
    head.push(Span::styled(
        format!(
            " · {}",
            crate::clock::ago_phrase((ctx.clock.today() - date).num_days())
        ),
        theme.dim(),
    ));
    let mut head = Line::from(head);
    if chosen {
        // Reversed, so it shows without colour too.
        head = head.style(theme.selected());
    }
    let mut lines = vec![head];
    lines.extend(
        wrap(e.shown_text(), width, "  ")
            .into_iter()
            .map(Line::from),
    );
    // An ask still open is marked; one a later talk covered says so.
    let open: Vec<&str> = ctx
        .detail
        .map(|d| {
            d.person
                .pending_asks()
                .into_iter()
                .filter(|(p, _)| std::ptr::eq(*p, e))
                .map(|(_, a)| a)
                .collect()
        })
        .unwrap_or_default();
    for a in &e.ask {
        let still = open.contains(&a.trim());
        let shown = crate::model::shown(a);
        let label = if still {
            format!("? ask next time: {shown}")
        } else {
            format!("✓ asked since: {shown}")
        };
        let mut ask = wrap(&label, width, "  ").into_iter();
        if let Some(first) = ask.next() {
            let style = if still { theme.marker() } else { theme.dim() };
            lines.push(Line::from(Span::styled(first, style)));
        }
        lines.extend(ask.map(Line::from));
    }
    for a in e.asked.iter().flatten() {
        lines.extend(
            wrap(&format!("✓ asked: {a}"), width, "  ")
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.dim()))),
        );
    }
    lines.push(Line::default());
    lines
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
    let mut top = match ctx.detail {
        Some(_) => pane
            .scroll
            .record(entries.len().saturating_sub(1), inner.height as usize / 3),
        None => 0,
    };
    let cursor = pane.cursor.get().min(entries.len().saturating_sub(1));
    pane.cursor.set(cursor);
    let width = inner.width as usize;
    if focused && !entries.is_empty() {
        // The chosen entry stays in view: the top moves just enough.
        let above = usize::from(!own_title) + usize::from(ctx.discreet);
        let room = (inner.height as usize).saturating_sub(above).max(1);
        top = top.min(cursor);
        let heights: Vec<usize> = entries[top..=cursor]
            .iter()
            .map(|e| entry_lines(ctx, theme, e, width, false).len())
            .collect();
        let mut used: usize = heights.iter().sum();
        let mut i = 0;
        while top < cursor && used > room {
            used -= heights[i];
            i += 1;
            top += 1;
        }
        pane.scroll.place(top);
    }
    // Where the view is: the chosen entry while the pane has the focus.
    let at = if focused { cursor } else { top };
    let title = if own_title {
        let mut t = vec![Span::styled(" Timeline ", theme.title())];
        if !entries.is_empty() {
            t.push(Span::styled(
                format!("{} of {} ", at + 1, entries.len()),
                theme.dim(),
            ));
        }
        Line::from(t)
    } else {
        tabs_title(ctx, theme, outer.width)
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
                    format!("  entry {} of {}", at + 1, entries.len()),
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
    for (i, e) in entries
        .iter()
        .enumerate()
        .skip(top)
        .take(inner.height as usize)
    {
        lines.extend(entry_lines(ctx, theme, e, width, focused && i == cursor));
        if lines.len() >= inner.height as usize {
            break;
        }
    }
    Paragraph::new(lines).render(inner, buf);
}
