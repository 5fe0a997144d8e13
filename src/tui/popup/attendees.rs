//! `c` on a meeting in the agenda: one note for everyone in it. When some
//! attendees are not in ties, this asks first, listing each with the name
//! and email the calendar gives, all ticked: Enter adds the ticked ones and
//! opens the note for everyone, Space unticks one, Esc goes back.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, frame};
use crate::calendar::Meeting;
use crate::store::write::NewPerson;
use crate::text::{fit, wrap};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// An attendee ties does not know, and whether to add them.
pub struct Stranger {
    pub name: String,
    pub email: Option<String>,
    pub add: bool,
}

pub struct Attendees {
    pub title: String,
    /// Known attendees: slug and name.
    pub known: Vec<(String, String)>,
    pub strangers: Vec<Stranger>,
    pub cursor: usize,
}

/// A name for someone the calendar gives only an address for:
/// `jane.doe@x.org` is "Jane Doe".
fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What `c` on this meeting does: open the note for the people ties knows,
/// or ask about the others first. Err says why there is no one to write about.
pub fn capture(ctx: &Ctx, m: &Meeting) -> Result<Reply, String> {
    let mut known: Vec<(String, String)> = Vec::new();
    let mut strangers = Vec::new();
    for a in &m.attendees {
        match &a.slug {
            Some(s) => {
                if !known.iter().any(|(k, _)| k == s) {
                    let name = ctx
                        .index
                        .get(s)
                        .map(|p| p.name.clone())
                        .or_else(|| a.name.clone())
                        .unwrap_or_else(|| s.clone());
                    known.push((s.clone(), name));
                }
            }
            // The organizer is most often the user.
            None if a.organizer => {}
            None => {
                let email = a.email.clone().filter(|e| !e.trim().is_empty());
                let name = a
                    .name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .or_else(|| email.as_deref().map(name_from_email))
                    .filter(|n| !n.trim().is_empty());
                if let Some(name) = name {
                    strangers.push(Stranger {
                        name,
                        email,
                        add: true,
                    });
                }
            }
        }
    }
    if strangers.is_empty() {
        let Some(((slug, name), with)) = known.split_first() else {
            return Err(format!("No one in “{}” to write about.", m.title));
        };
        return Ok(Reply::close().with(Effect::OpenCapture {
            slug: slug.clone(),
            name: name.clone(),
            with: with.to_vec(),
            add: Vec::new(),
        }));
    }
    Ok(
        Reply::close().with_popup(super::Popup::Attendees(Box::new(Attendees {
            title: m.title.clone(),
            known,
            strangers,
            cursor: 0,
        }))),
    )
}

impl Attendees {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        match ctx.keymap.cmd(Scope::Choose, &key) {
            Some(Cmd::Cancel) => Reply::close(),
            Some(Cmd::Up) => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::stay()
            }
            Some(Cmd::Down) => {
                self.cursor = (self.cursor + 1).min(self.strangers.len().saturating_sub(1));
                Reply::stay()
            }
            Some(Cmd::Tick) => {
                if let Some(s) = self.strangers.get_mut(self.cursor) {
                    s.add = !s.add;
                }
                Reply::stay()
            }
            Some(Cmd::Open) => self.go(),
            _ => Reply::stay(),
        }
    }

    fn go(&self) -> Reply {
        let add: Vec<NewPerson> = self
            .strangers
            .iter()
            .filter(|s| s.add)
            .map(|s| NewPerson {
                name: s.name.clone(),
                email: s.email.iter().cloned().collect(),
                ..NewPerson::default()
            })
            .collect();
        if add.is_empty() && self.known.is_empty() {
            return Reply::stay().saying(
                "Tick someone to add (Space): no one else in this meeting is in ties.",
                true,
            );
        }
        // The note is about the first person ties knows, else the first added.
        let (slug, name, with) = match self.known.split_first() {
            Some(((s, n), rest)) => (s.clone(), n.clone(), rest.to_vec()),
            None => (String::new(), String::new(), Vec::new()),
        };
        Reply::close().with(Effect::OpenCapture {
            slug,
            name,
            with,
            add,
        })
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let key = |cmd: Cmd| {
            ctx.keymap
                .key_of_cmd(Scope::Choose, cmd)
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        let width = area.width.min(76);
        let known: Vec<&str> = self.known.iter().map(|(_, n)| n.as_str()).collect();
        let intro = if known.is_empty() {
            format!(
                "No one in “{}” is in ties yet. Add the ticked people and write one note for them?",
                self.title
            )
        } else {
            format!(
                "One note for {} and the ticked people below, who are not in ties yet (they are added first)?",
                known.join(", ")
            )
        };
        let intro = wrap(&intro, width.saturating_sub(2).max(1) as usize, "");
        let want = intro.len() as u16 + self.strangers.len().min(12) as u16 + 4;
        let r = centred(area, width, want.min(area.height));
        let inner = frame("People ties does not know".to_string(), theme, r, buf);
        if inner.height < 2 {
            return;
        }
        let mut y = inner.y;
        let bottom = inner.y + inner.height - 1;
        for l in &intro {
            if y + 1 >= bottom {
                break;
            }
            buf.set_string(inner.x, y, l, ratatui::style::Style::new());
            y += 1;
        }
        let rows = bottom.saturating_sub(y) as usize;
        let offset = self.cursor.saturating_sub(rows.saturating_sub(1));
        for (i, s) in self.strangers.iter().enumerate().skip(offset).take(rows) {
            let mark = if s.add { "[x] " } else { "[ ] " };
            let mut spans = vec![Span::raw(format!("{mark}{}", s.name))];
            if let Some(e) = &s.email {
                spans.push(Span::styled(format!(" <{e}>"), theme.dim()));
            }
            let mut line = Line::from(spans);
            if i == self.cursor {
                line = line.style(theme.selected());
            }
            buf.set_line(inner.x, y, &line, inner.width);
            y += 1;
        }
        let foot = format!(
            "{} add and write · {} tick · {} back",
            key(Cmd::Open),
            key(Cmd::Tick),
            key(Cmd::Cancel)
        );
        buf.set_string(
            inner.x,
            bottom,
            fit(&foot, inner.width as usize),
            theme.dim(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::name_from_email;

    #[test]
    fn a_name_from_an_address() {
        assert_eq!(name_from_email("jane.doe@x.org"), "Jane Doe");
        assert_eq!(name_from_email("ravi_k+cal@x.org"), "Ravi K Cal");
        assert_eq!(name_from_email("@x.org"), "");
    }
}
