//! The person picker `@` opens inside the capture: type a few letters,
//! Enter adds the person to the meeting (or takes them out again), Tab
//! writes them into the note as an `@slug` mention, Esc gives back what was
//! typed as plain text, so `@` never swallows a word.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

use super::{centred, frame};
use crate::search::{Matcher, filter};
use crate::text::fit;
use crate::tui::ctx::Ctx;
use crate::tui::field::{edit, field, text_of};
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::theme::Theme;

/// How many matches are kept: more than any screen shows.
const KEPT: usize = 50;

pub struct Picker {
    pub query: TextArea<'static>,
    /// Those in the meeting already (slug, name): listed first while
    /// nothing is typed, so they can be taken out even when gone from ties.
    members: Vec<(String, String)>,
    /// Matches: slug, name, org.
    pub hits: Vec<(String, String, Option<String>)>,
    pub selected: usize,
}

/// What a key in the picker asks of the capture.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    Stay,
    /// Add this person to the meeting, or take them out when they are in it.
    Toggle(String, String),
    /// Write `@slug` into the note.
    Mention(String),
    /// Close, giving back the typed text (the `@` included).
    Cancel(String),
}

impl Picker {
    pub fn new(ctx: &Ctx, members: &[(String, String)]) -> Picker {
        let mut p = Picker {
            query: field(true, "a name, an org, a tag"),
            members: members.to_vec(),
            hits: Vec::new(),
            selected: 0,
        };
        p.refilter(ctx);
        p
    }

    fn refilter(&mut self, ctx: &Ctx) {
        let q = text_of(&self.query);
        let people = &ctx.index.people;
        self.hits = if q.trim().is_empty() {
            // Nothing typed yet: the first people by name, as the list shows.
            let mut all: Vec<&crate::index::Summary> = people
                .iter()
                .filter(|s| !s.archived && !self.members.iter().any(|(m, _)| *m == s.slug))
                .collect();
            // Only the first few by name: a partial sort, not all 100,000.
            let by_name = |a: &&crate::index::Summary, b: &&crate::index::Summary| {
                (&a.name_fold, &a.slug).cmp(&(&b.name_fold, &b.slug))
            };
            if all.len() > KEPT {
                all.select_nth_unstable_by(KEPT, by_name);
                all.truncate(KEPT);
            }
            all.sort_by(by_name);
            let members = self.members.iter().map(|(slug, name)| {
                let org = ctx.index.get(slug).and_then(|s| s.org.clone());
                (slug.clone(), name.clone(), org)
            });
            members
                .chain(
                    all.into_iter()
                        .map(|s| (s.slug.clone(), s.name.clone(), s.org.clone())),
                )
                .take(KEPT)
                .collect()
        } else {
            filter(ctx.index, &Matcher, &q)
                .into_iter()
                .filter_map(|h| people.get(h.at))
                .filter(|s| !s.archived)
                .take(KEPT)
                .map(|s| (s.slug.clone(), s.name.clone(), s.org.clone()))
                .collect()
        };
        self.selected = 0;
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Picked {
        let chosen = self.hits.get(self.selected).cloned();
        match ctx.keymap.cmd(Scope::Pick, &key) {
            // No one matches: what was typed goes back into the note.
            Some(Cmd::Open) => match chosen {
                Some((slug, name, _)) => Picked::Toggle(slug, name),
                None => Picked::Cancel(format!("@{}\n", text_of(&self.query))),
            },
            Some(Cmd::Mention) => match chosen {
                Some((slug, _, _)) => Picked::Mention(slug),
                None => Picked::Stay,
            },
            Some(Cmd::Cancel) => Picked::Cancel(format!("@{}", text_of(&self.query))),
            Some(Cmd::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Picked::Stay
            }
            Some(Cmd::Down) => {
                self.selected = (self.selected + 1).min(self.hits.len().saturating_sub(1));
                Picked::Stay
            }
            // "meet @ 3pm": a space first is not a name.
            _ if text_of(&self.query).is_empty()
                && key.code == crossterm::event::KeyCode::Char(' ') =>
            {
                Picked::Cancel("@ ".into())
            }
            _ => {
                if edit(&mut self.query, ctx.keymap, key, true) {
                    self.refilter(ctx);
                }
                Picked::Stay
            }
        }
    }

    pub fn paste(&mut self, ctx: &Ctx, text: &str) {
        crate::tui::field::paste_into(&mut self.query, text, true);
        self.refilter(ctx);
    }

    /// Drawn over the capture; `with` are the slugs already in the meeting.
    pub fn render(&self, ctx: &Ctx, with: &[String], theme: &Theme, area: Rect, buf: &mut Buffer) {
        let key = |cmd: Cmd| {
            ctx.keymap
                .key_of_cmd(Scope::Pick, cmd)
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        let r = centred(area, 60, 14.min(area.height));
        let inner = frame("Who else was there?".to_string(), theme, r, buf);
        if inner.height < 3 {
            return;
        }
        buf.set_string(inner.x, inner.y, "@ ", theme.dim());
        crate::tui::field::render(
            &self.query,
            true,
            Rect::new(inner.x + 2, inner.y, inner.width.saturating_sub(2), 1),
            buf,
        );
        let foot = format!(
            "{} add or take out · {} write @mention · {} back",
            key(Cmd::Open),
            key(Cmd::Mention),
            key(Cmd::Cancel)
        );
        let foot_y = inner.y + inner.height - 1;
        buf.set_string(
            inner.x,
            foot_y,
            fit(&foot, inner.width as usize),
            theme.dim(),
        );
        let rows = (inner.height - 2) as usize;
        if self.hits.is_empty() {
            buf.set_string(inner.x, inner.y + 1, "No one matches.", theme.dim());
            return;
        }
        // The chosen row stays in sight.
        let offset = self.selected.saturating_sub(rows.saturating_sub(1));
        for (i, (slug, name, org)) in self.hits.iter().enumerate().skip(offset).take(rows) {
            let mark = if with.contains(slug) { "✓ " } else { "  " };
            let mut spans = vec![Span::raw(format!("{mark}{name}"))];
            if let Some(o) = org {
                spans.push(Span::styled(format!(" · {o}"), theme.dim()));
            }
            let mut line = Line::from(spans);
            if i == self.selected {
                line = line.style(theme.selected());
            }
            buf.set_line(
                inner.x,
                inner.y + 1 + (i - offset) as u16,
                &line,
                inner.width,
            );
        }
    }
}
