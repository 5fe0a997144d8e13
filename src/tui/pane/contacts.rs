//! The contacts pane: the filter line and one line per person (or the due
//! list, or the people in a meeting). Its state is how the rows are chosen;
//! the rows themselves and the selection are the app's, read through `Ctx`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{pane_block, quiet_note};
use crate::calendar::Meeting;
use crate::fold::fold;
use crate::index::Index;
use crate::search::Matcher;
use crate::text::{fit, width_of};
use crate::tui::ctx::{Ctx, Pane};
use crate::tui::keymap::{Cmd, Keymap, Scope};
use crate::tui::layout::Panes;
use crate::tui::list::{Contacts, Row, Sort};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

pub struct ContactsPane {
    pub matcher: Matcher,
    pub sort: Sort,
    pub filter: String,
    /// The filter line has the keyboard.
    pub filtering: bool,
    /// The pane shows the due list instead of everyone.
    pub due_view: bool,
    /// The pane shows the people in this meeting of the agenda.
    pub meeting_view: Option<usize>,
    /// The pane shows the archived people instead of everyone else.
    pub archived_view: bool,
    /// The first visible row, kept so the selection shows.
    pub scroll: Scroll,
}

/// What a key on the filter line did, for the app to follow up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Nothing,
    /// The query changed: the best match is selected.
    Edited,
    /// The query was cleared: the selection stays on the person.
    Cleared,
    /// The filter line let go of the keyboard.
    Closed,
    /// Enter: open the selected person.
    Open,
    Step(i64),
    /// A page up (-1) or down (1).
    Page(i64),
}

impl Default for ContactsPane {
    fn default() -> Self {
        ContactsPane {
            matcher: Matcher,
            sort: Sort::Name,
            filter: String::new(),
            filtering: false,
            due_view: false,
            meeting_view: None,
            archived_view: false,
            scroll: Scroll::default(),
        }
    }
}

impl ContactsPane {
    /// Rows in the last frame's list.
    pub fn page(&self) -> usize {
        self.scroll.page()
    }

    /// The rows the pane shows: the people in a meeting, the due list, or
    /// everyone filtered, in the current sort.
    pub fn show_rows(
        &self,
        list: &mut Contacts,
        index: &Index,
        due: &[crate::due::Item],
        agenda: &[Meeting],
    ) {
        let at_of = |slug: &str| {
            index
                .people
                .binary_search_by(|s| s.slug.as_str().cmp(slug))
                .ok()
        };
        if let Some(m) = self.meeting_view.and_then(|i| agenda.get(i)) {
            list.set_rows(
                m.attendees
                    .iter()
                    .filter_map(|a| a.slug.as_deref())
                    .filter_map(at_of)
                    .map(|at| Row {
                        at: at as u32,
                        score: 0,
                    })
                    .collect(),
            );
        } else if self.due_view {
            list.set_rows(
                due.iter()
                    .enumerate()
                    // Ask items are on the prep sheet; the list keeps to what is due.
                    .filter(|(_, item)| item.kind != crate::due::Kind::Ask)
                    .filter_map(|(i, item)| {
                        Some(Row {
                            at: at_of(&item.slug)? as u32,
                            score: i as i64,
                        })
                    })
                    .collect(),
            );
        } else {
            list.archived = self.archived_view;
            list.sort_by(index, self.sort);
            list.filter(index, &self.matcher, &self.filter);
        }
    }

    /// Re-runs the filter over everyone.
    pub fn refilter(&self, list: &mut Contacts, index: &Index) {
        list.filter(index, &self.matcher, &self.filter);
    }

    /// Pasted text goes on the filter line as one line.
    pub fn paste(&mut self, text: &str) -> FilterKey {
        self.filter.push_str(&text.replace(['\n', '\r'], " "));
        FilterKey::Edited
    }

    /// A key while the filter line has the keyboard, through the keymap's
    /// filter scope; a key bound to nothing types its character.
    pub fn filter_key(&mut self, keymap: &Keymap, key: KeyEvent) -> FilterKey {
        match keymap.cmd(Scope::Filter, &key) {
            Some(Cmd::Cancel) => {
                self.filtering = false;
                if self.filter.is_empty() {
                    return FilterKey::Closed;
                }
                self.filter.clear();
                FilterKey::Cleared
            }
            Some(Cmd::Open) => {
                self.filtering = false;
                FilterKey::Open
            }
            Some(Cmd::Up) => FilterKey::Step(-1),
            Some(Cmd::Down) => FilterKey::Step(1),
            Some(Cmd::PageUp) => FilterKey::Page(-1),
            Some(Cmd::PageDown) => FilterKey::Page(1),
            Some(Cmd::DeleteWord) => self.edit(delete_word),
            Some(Cmd::Clear) => self.edit(String::clear),
            Some(Cmd::DeleteBack) => {
                // Backspace on an empty line lets go of it.
                if self.filter.is_empty() && key.code == KeyCode::Backspace {
                    self.filtering = false;
                    return FilterKey::Closed;
                }
                self.edit(|f| {
                    f.pop();
                })
            }
            Some(_) => FilterKey::Nothing,
            None => match key.code {
                KeyCode::Char(c)
                    if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
                {
                    self.edit(|f| f.push(c))
                }
                _ => FilterKey::Nothing,
            },
        }
    }

    fn edit(&mut self, edit: impl FnOnce(&mut String)) -> FilterKey {
        let before = self.filter.clone();
        edit(&mut self.filter);
        if self.filter == before {
            FilterKey::Nothing
        } else {
            FilterKey::Edited
        }
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, panes: &Panes, buf: &mut Buffer) {
        if self.due_view {
            super::due::render(&self.scroll, ctx, theme, panes, buf);
        } else {
            draw(self, ctx, theme, panes, buf);
        }
    }
}

fn delete_word(f: &mut String) {
    let t = f.trim_end().len();
    f.truncate(t);
    let cut = f.rfind(' ').map(|i| i + 1).unwrap_or(0);
    f.truncate(cut);
}

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

fn draw(pane: &ContactsPane, ctx: &Ctx, theme: &Theme, panes: &Panes, buf: &mut Buffer) {
    let area = panes.contacts;
    if area.width == 0 {
        return;
    }
    let focused = ctx.focused(Pane::Contacts);
    // Everyone in this view: the archived, or everyone else (while only
    // the first screen is read, as many as there were last time).
    let total = ctx.glimpse.map_or(ctx.contacts.total, |(_, listed)| listed);
    let shown = ctx.contacts.rows.len();
    let mut title = match pane.meeting_view.and_then(|i| ctx.agenda.get(i)) {
        Some(m) => vec![Span::styled(
            format!(
                " {} ",
                fit(&m.title, (area.width as usize).saturating_sub(14).max(4))
            ),
            theme.title(),
        )],
        None if pane.archived_view => vec![Span::styled(" Archived ", theme.title())],
        None => vec![Span::styled(" People ", theme.title())],
    };
    let count = if pane.filter.is_empty() {
        format!("{total} ")
    } else {
        format!("{shown} of {total} ")
    };
    title.push(Span::styled(count, theme.dim()));
    title.push(Span::styled(
        format!("· {} ", pane.sort.short()),
        theme.dim(),
    ));
    pane_block(Line::from(title), focused, theme).render(area, buf);

    // The filter line.
    let filter = if pane.filtering {
        Line::from(vec![
            Span::styled("/ ", theme.heading()),
            Span::raw(pane.filter.clone()),
            Span::styled("▏", theme.heading()),
        ])
    } else if pane.filter.is_empty() {
        Line::from(Span::styled("/ filter", theme.dim()))
    } else {
        Line::from(vec![
            Span::styled("/ ", theme.dim()),
            Span::raw(pane.filter.clone()),
            Span::styled("  (Esc clears)", theme.dim()),
        ])
    };
    Paragraph::new(filter).render(panes.filter, buf);

    let list = panes.list;
    if list.height == 0 || list.width == 0 {
        return;
    }
    if total == 0 {
        let msg = if ctx.loading.is_some() {
            "Reading the vault…"
        } else if ctx.contacts.archived {
            "No one is archived: A on a person archives them, V goes back."
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
    let q = fold(pane.filter.trim());
    let today = ctx.clock.today();
    let w = list.width as usize;
    let top = pane
        .scroll
        .follow(ctx.selected_row.unwrap_or(0), shown, list.height as usize);
    for (i, row) in ctx
        .contacts
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(list.height as usize)
    {
        let s = &ctx.index.people[row.at as usize];
        let f = &ctx.contacts.facts[row.at as usize];
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
            pane.matcher.positions(&name, &q)
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
                pane.matcher.positions(&org, &q)
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
        if Some(i) == ctx.selected_row {
            line = line.style(theme.selected());
        }
        let y = list.y + (i - top) as u16;
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
