//! The problems popup: files under `people/` that could not be read, with
//! the reason (`e` opens the chosen one in the editor), and unsaved notes
//! whose person cannot be found any more (Enter files the chosen one onto
//! the person selected on the main screen; its path is shown to copy).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, frame};
use crate::store::Vault;
use crate::text::{fit, wrap_hanging};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::draft::Draft;
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Problems {
    pub selected: usize,
}

impl Problems {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let files = ctx.index.problems.len();
        let n = files + ctx.unplaced.len();
        match ctx.keymap.action(&key) {
            Some(Action::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::First) => self.selected = 0,
            Some(Action::Last) => self.selected = n.saturating_sub(1),
            Some(Action::Edit | Action::Open) if self.selected >= files => {
                let Some((_, path)) = ctx.unplaced.get(self.selected - files) else {
                    return Reply::stay();
                };
                return match ctx.selected {
                    Some(who) => Reply::close().with(Effect::RefileDraft {
                        path: path.clone(),
                        slug: who.slug.clone(),
                        name: who.name.clone(),
                    }),
                    None => Reply::stay().saying(
                        "No one is selected: close this, select the person, then ! and Enter.",
                        true,
                    ),
                };
            }
            Some(Action::Edit | Action::Open) => {
                let slug = ctx
                    .index
                    .problems
                    .get(self.selected)
                    .and_then(|p| p.file.strip_prefix("people/"))
                    .and_then(Vault::slug_of_file_name);
                if let Some(s) = slug {
                    return Reply::close().with(Effect::Edit(s.to_string()));
                }
            }
            Some(Action::Problems | Action::Back | Action::Quit) => return Reply::close(),
            _ if key.code == KeyCode::Esc => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    /// The index changed: keep the choice on a file that is still listed.
    pub fn follow(&mut self, count: usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self.selected, ctx, theme, area, buf);
    }
}

/// An unplaced note in a few words: whose, when, how it starts, where.
fn draft_lines(d: &Draft, path: &Path, width: usize) -> Vec<String> {
    let who = if d.name.is_empty() { &d.slug } else { &d.name };
    let when = chrono::DateTime::parse_from_rfc3339(&d.written)
        .map(|t| format!(", {}", t.format("%b %-d %H:%M")))
        .unwrap_or_default();
    // A todo being written has its words in its fields.
    let (what, text) = match d.kind {
        crate::tui::draft::Kind::Todo => ("todo for", d.fields.join(" ")),
        _ => ("note about", d.text.clone()),
    };
    let words: String = text
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    let mut lines = wrap_hanging(
        &format!("{what} {who}{when}  “{}”", fit(&words, 60)),
        width.max(10),
        "",
        "    ",
    );
    lines.extend(wrap_hanging(
        &path.display().to_string(),
        width.max(10),
        "    ",
        "    ",
    ));
    lines
}

fn draw(selected: usize, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let files = ctx.index.problems.len();
    let drafts = ctx.unplaced.len();
    // Whole reasons: each wraps under its file, never cut off.
    let width = area.width.min(100).saturating_sub(2) as usize;
    let texts: Vec<Vec<String>> = ctx
        .index
        .problems
        .iter()
        .map(|p| {
            let file = match p.line {
                Some(l) => format!("{}:{l}", p.file),
                None => p.file.clone(),
            };
            wrap_hanging(&format!("{file}  {}", p.reason), width.max(10), "", "    ")
        })
        .chain(ctx.unplaced.iter().map(|(d, p)| draft_lines(d, p, width)))
        .collect();
    let total: usize = texts.iter().map(Vec::len).sum();
    let wanted = total.saturating_add(4).min(u16::MAX as usize) as u16;
    let r = centred(area, 100, wanted.max(6));
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let title = match (files, drafts) {
        (f, 0) => format!("{f} file{} could not be read", plural(f)),
        (0, d) => format!("{d} unsaved note{} whose person is gone", plural(d)),
        (f, d) => format!(
            "{f} file{} could not be read · {d} note{} whose person is gone",
            plural(f),
            plural(d)
        ),
    };
    let n = files + drafts;
    let inner = frame(title, theme, r, buf);
    if inner.height == 0 {
        return;
    }
    let rows = inner.height.saturating_sub(1) as usize;
    // The first item shown: as early as keeps the selected one whole.
    let mut offset = selected.min(n.saturating_sub(1));
    let mut used = texts.get(offset).map_or(0, Vec::len);
    while offset > 0 && used + texts[offset - 1].len() <= rows {
        offset -= 1;
        used += texts[offset].len();
    }
    let mut y = 0usize;
    for (i, lines) in texts.iter().enumerate().skip(offset) {
        for (k, l) in lines.iter().enumerate() {
            if y >= rows {
                break;
            }
            let mut line = if k == 0 {
                let file_len = l.find("  ").unwrap_or(l.len());
                Line::from(vec![
                    Span::styled(l[..file_len].to_string(), theme.title()),
                    Span::raw(l[file_len..].to_string()),
                ])
            } else {
                Line::from(l.clone())
            };
            if i == selected {
                line = line.style(theme.selected());
            }
            buf.set_line(inner.x, inner.y + y as u16, &line, inner.width);
            y += 1;
        }
    }
    let foot = if selected >= files {
        match ctx.selected {
            Some(who) => format!(
                "Enter files this note onto {} · ↑↓ choose · Esc close",
                who.name
            ),
            None => "Select its person first, then ! and Enter files it · Esc close".to_string(),
        }
    } else {
        "e edit the file · ↑↓ choose · Esc close".to_string()
    };
    let foot = Line::from(Span::styled(fit(&foot, inner.width as usize), theme.dim()));
    buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
}
