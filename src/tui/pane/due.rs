//! The contacts pane as the due list: one line per reason, most urgent first.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, quiet_note};
use crate::text::{fit, width_of, wrap};
use crate::tui::ctx::{Ctx, Pane};
use crate::tui::layout::Panes;
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

/// The contacts pane as the due list: one line per reason, most urgent first.
pub fn render(scroll: &Scroll, ctx: &Ctx, theme: &Theme, panes: &Panes, buf: &mut Buffer) {
    use crate::due::Group;
    if panes.contacts.width == 0 {
        return;
    }
    let focused = ctx.focused(Pane::Contacts);
    let title = Line::from(vec![
        Span::styled(" Due ", theme.title()),
        Span::styled(
            format!("{} · d: everyone ", ctx.contacts.rows.len()),
            theme.dim(),
        ),
    ]);
    pane_block(title, focused, theme).render(panes.contacts, buf);
    Paragraph::new(Line::from(Span::styled(
        "overdue · today · this week · coming up",
        theme.dim(),
    )))
    .render(panes.filter, buf);
    let list = panes.list;
    if list.height == 0 || list.width == 0 {
        return;
    }
    if ctx.contacts.rows.is_empty() {
        quiet_note("No one is due in the next two weeks.", list, buf, theme);
        return;
    }
    let w = list.width as usize;
    // The chosen reason in full under the list (a line of the list cuts
    // it): its own lines, so the list keeps one line per reason.
    let chosen = ctx
        .selected_row
        .and_then(|i| ctx.contacts.rows.get(i))
        .and_then(|r| ctx.due.get(r.score as usize));
    let detail: Vec<String> = match chosen {
        Some(item) if list.height >= 8 => {
            let mut lines = wrap(&format!("{}: {}", item.name, item.why), w, "  ");
            lines.truncate(3);
            lines
        }
        _ => Vec::new(),
    };
    let detail_h = if detail.is_empty() {
        0
    } else {
        detail.len() as u16 + 1
    };
    let list = ratatui::layout::Rect {
        height: list.height - detail_h,
        ..list
    };
    if detail_h > 0 {
        let y = list.y + list.height;
        buf.set_string(list.x, y, "─".repeat(w), theme.dim());
        for (i, l) in detail.iter().enumerate() {
            buf.set_string(list.x, y + 1 + i as u16, l, theme.title());
        }
    }
    let mut previous: Option<&str> = None;
    let top = scroll.follow(
        ctx.selected_row.unwrap_or(0),
        ctx.contacts.rows.len(),
        list.height as usize,
    );
    for (i, row) in ctx
        .contacts
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(list.height as usize)
    {
        let Some(item) = ctx.due.get(row.score as usize) else {
            continue;
        };
        let (tag, style) = match item.group {
            Group::Overdue => ("late ", theme.warn()),
            Group::Today => ("today", theme.warn()),
            Group::ThisWeek => ("week ", theme.heading()),
            Group::ComingUp => ("soon ", theme.dim()),
        };
        let same = previous == Some(item.slug.as_str()) && i != top;
        previous = Some(item.slug.as_str());
        let name = if same {
            String::new()
        } else {
            item.name.clone()
        };
        let name = fit(&name, (w / 3).max(8));
        let used = 6 + width_of(&name) + 1;
        let why = fit(&item.why, w.saturating_sub(used + 1).max(1));
        let mut line = Line::from(vec![
            Span::styled(
                if same {
                    "     ".to_string()
                } else {
                    tag.to_string()
                },
                style,
            ),
            Span::raw(" "),
            Span::styled(name, theme.title()),
            Span::raw(" "),
            Span::styled(why, theme.dim()),
        ]);
        if Some(i) == ctx.selected_row {
            line = line.style(theme.selected());
        }
        buf.set_line(list.x, list.y + (i - top) as u16, &line, list.width);
    }
}
