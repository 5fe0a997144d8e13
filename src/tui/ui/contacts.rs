//! The contacts pane: the filter line and one line per person.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::layout::Panes;
use super::{fit, pane_block, width_of};
use crate::fold::fold;
use crate::tui::app::{App, Pane};
use crate::tui::theme::Theme;

/// "today", "3d", "5w", "8mo", "2y": how long since the last contact.
pub fn age(days: i64) -> String {
    match days {
        i64::MIN..=0 => "today".into(),
        1..=13 => format!("{days}d"),
        14..=60 => format!("{}w", days / 7),
        61..=729 => format!("{}mo", days / 30),
        _ => format!("{}y", days / 365),
    }
}

pub fn draw(app: &App, theme: &Theme, panes: &Panes, buf: &mut Buffer) {
    let area = panes.contacts;
    if area.width == 0 {
        return;
    }
    let focused = app.focus == Pane::Contacts && app.popup.is_none();
    if app.due_view {
        draw_due(app, theme, panes, buf, focused);
        return;
    }
    let total = app.index.people.len();
    let shown = app.contacts.rows.len();
    let mut title = match app.meeting_view.and_then(|i| app.agenda.get(i)) {
        Some(m) => vec![Span::styled(
            format!(
                " {} ",
                fit(&m.title, (area.width as usize).saturating_sub(14).max(4))
            ),
            theme.title(),
        )],
        None => vec![Span::styled(" People ", theme.title())],
    };
    let count = if app.filter.is_empty() {
        format!("{total} ")
    } else {
        format!("{shown} of {total} ")
    };
    title.push(Span::styled(count, theme.dim()));
    title.push(Span::styled(
        format!("· {} ", app.sort.short()),
        theme.dim(),
    ));
    pane_block(Line::from(title), focused, theme).render(area, buf);

    // The filter line.
    let filter = if app.filtering {
        Line::from(vec![
            Span::styled("/ ", theme.heading()),
            Span::raw(app.filter.clone()),
            Span::styled("▏", theme.heading()),
        ])
    } else if app.filter.is_empty() {
        Line::from(Span::styled("/ filter", theme.dim()))
    } else {
        Line::from(vec![
            Span::styled("/ ", theme.dim()),
            Span::raw(app.filter.clone()),
            Span::styled("  (Esc clears)", theme.dim()),
        ])
    };
    Paragraph::new(filter).render(panes.filter, buf);

    let list = panes.list;
    if list.height == 0 || list.width == 0 {
        return;
    }
    if total == 0 {
        let msg = if app.loading.is_some() {
            "Reading the vault…"
        } else {
            "No one here yet: press a to add a person."
        };
        quiet_note(msg, list, buf, theme);
        return;
    }
    if shown == 0 {
        quiet_note("No one matches. Esc clears the filter.", list, buf, theme);
        return;
    }
    let q = fold(app.filter.trim());
    let today = app.clock.today();
    let w = list.width as usize;
    for (i, row) in app
        .contacts
        .rows
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(list.height as usize)
    {
        let s = &app.index.people[row.at as usize];
        let f = &app.contacts.facts[row.at as usize];
        let overdue = f.overdue > 0;
        let right = match f.last {
            Some(d) => age((today - d).num_days()),
            None => "never".into(),
        };
        let right = if overdue {
            format!("{right} !")
        } else {
            format!("{right}  ")
        };
        let room = w.saturating_sub(width_of(&right) + 1).max(1);
        let name = fit(&s.name, room);
        let mut spans: Vec<Span> = Vec::new();
        let hits = if q.is_empty() {
            Vec::new()
        } else {
            app.matcher.positions(&name, &q)
        };
        if hits.is_empty() {
            spans.push(Span::raw(name.clone()));
        } else {
            for (ci, c) in name.chars().enumerate() {
                let st = if hits.contains(&ci) {
                    theme.matched()
                } else {
                    Style::new()
                };
                spans.push(Span::styled(c.to_string(), st));
            }
        }
        let mut used = width_of(&name);
        if let Some(org) = &s.org
            && used + 3 < room
        {
            let org = fit(org, room - used - 2);
            used += 2 + width_of(&org);
            spans.push(Span::raw("  "));
            // When the name did not match, show where the org did.
            let hits = if q.is_empty() || !hits.is_empty() {
                Vec::new()
            } else {
                app.matcher.positions(&org, &q)
            };
            highlight(&mut spans, &org, &hits, theme.dim(), theme);
        }
        let pad = w.saturating_sub(used + width_of(&right));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(
            right,
            if overdue { theme.warn() } else { theme.dim() },
        ));
        let mut line = Line::from(spans);
        if i == app.selected && app.held.is_none() {
            line = line.style(theme.selected());
        }
        let y = list.y + (i - app.list_offset) as u16;
        buf.set_line(list.x, y, &line, list.width);
    }
}

/// `text` as spans, the characters at `hits` in the match style.
fn highlight<'a>(
    spans: &mut Vec<Span<'a>>,
    text: &str,
    hits: &[usize],
    base: Style,
    theme: &Theme,
) {
    if hits.is_empty() {
        spans.push(Span::styled(text.to_string(), base));
        return;
    }
    for (ci, c) in text.chars().enumerate() {
        let st = if hits.contains(&ci) {
            theme.matched()
        } else {
            base
        };
        spans.push(Span::styled(c.to_string(), st));
    }
}

/// The contacts pane as the due list: one line per reason, most urgent first.
fn draw_due(app: &App, theme: &Theme, panes: &Panes, buf: &mut Buffer, focused: bool) {
    use crate::due::Group;
    let title = Line::from(vec![
        Span::styled(" Due ", theme.title()),
        Span::styled(
            format!("{} · d: everyone ", app.contacts.rows.len()),
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
    if app.contacts.rows.is_empty() {
        quiet_note("No one is due in the next two weeks.", list, buf, theme);
        return;
    }
    let w = list.width as usize;
    let mut previous: Option<&str> = None;
    for (i, row) in app
        .contacts
        .rows
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(list.height as usize)
    {
        let Some(item) = app.due.get(row.score as usize) else {
            continue;
        };
        let (tag, style) = match item.group {
            Group::Overdue => ("late ", theme.warn()),
            Group::Today => ("today", theme.warn()),
            Group::ThisWeek => ("week ", theme.heading()),
            Group::ComingUp => ("soon ", theme.dim()),
        };
        let same = previous == Some(item.slug.as_str()) && i != app.list_offset;
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
        if i == app.selected && app.held.is_none() {
            line = line.style(theme.selected());
        }
        buf.set_line(
            list.x,
            list.y + (i - app.list_offset) as u16,
            &line,
            list.width,
        );
    }
}

/// A dim sentence in place of the list ("No one matches...").
fn quiet_note(msg: &str, area: ratatui::layout::Rect, buf: &mut Buffer, theme: &Theme) {
    Paragraph::new(Line::from(Span::styled(msg.to_string(), theme.dim())))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}
