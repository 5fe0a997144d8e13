//! The choices around an edit in `$EDITOR` that could not simply land: it
//! does not parse (edit again, or restore); the file changed meanwhile in
//! the same place (finish it: the copy holds both, between markers); or an
//! earlier unsaved edit waits over a file that changed since (merge it onto
//! the file, keep it aside, drop it).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Reply, centred, frame};
use crate::store::Vault;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::{Effect, LeftChoice};
use crate::tui::theme::Theme;

/// The user's edit does not parse; it is kept aside.
pub struct EditFailed {
    pub slug: String,
    pub problem: String,
}

/// The file changed on disk while the user edited it, in the same place:
/// the copy now holds both versions between markers.
pub struct EditClash {
    pub slug: String,
    /// The keys both changed (`org`, `about.family`).
    pub keys: Vec<String>,
}

/// An earlier unsaved edit over a file that changed since.
pub struct EditLeft {
    pub slug: String,
    pub copy: String,
}

impl EditFailed {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let rel = Vault::rel(&self.slug);
        match ctx.keymap.cmd(Scope::EditChoice, &key) {
            Some(Cmd::EditAgain) => Reply::close().with(Effect::Edit(self.slug.clone())),
            Some(Cmd::Restore) => Reply::close()
                .with(Effect::DiscardEdit(self.slug.clone()))
                .saying(format!("Dropped your edit; {rel} is unchanged."), false),
            Some(Cmd::Later) => Reply::close().saying(
                format!("{rel} is unchanged; your edit is kept, and e takes it up again."),
                false,
            ),
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw_failed(&self.slug, &self.problem, theme, area, buf);
    }
}

impl EditClash {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let rel = Vault::rel(&self.slug);
        match ctx.keymap.cmd(Scope::EditChoice, &key) {
            Some(Cmd::EditAgain) => Reply::close().with(Effect::Edit(self.slug.clone())),
            Some(Cmd::DropEdit) => Reply::close()
                .with(Effect::DiscardEdit(self.slug.clone()))
                .saying(
                    format!("Dropped your edit; {rel} keeps what is on disk."),
                    false,
                ),
            Some(Cmd::Later) => Reply::close().saying(
                format!("{rel} is unchanged; your edit is kept, and e takes it up again."),
                false,
            ),
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let both = if self.keys.is_empty() {
            String::new()
        } else {
            format!(", and you both changed {}", self.keys.join(", "))
        };
        let r = centred(area, 76, 11);
        let inner = frame("The file changed while you edited it".into(), theme, r, buf);
        let lines = vec![
            Line::from(format!(
                "{} changed on disk during your edit (another window, or a sync){both}.",
                Vault::rel(&self.slug)
            )),
            Line::default(),
            Line::from(
                "Your copy now holds both versions, between <<<<<<< and >>>>>>> markers: keep the right one.",
            ),
            Line::default(),
            Line::from(vec![
                Span::styled("e", theme.title()),
                Span::raw(" finish the edit   "),
                Span::styled("d", theme.title()),
                Span::raw(" drop your edit   "),
                Span::styled("Esc", theme.title()),
                Span::raw(" later"),
            ]),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

impl EditLeft {
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Reply {
        let slug = self.slug.clone();
        match ctx.keymap.cmd(Scope::EditChoice, &key) {
            Some(Cmd::MergeEdit | Cmd::EditAgain) => {
                Reply::close().with(Effect::EditWith(slug, LeftChoice::Merge))
            }
            Some(Cmd::KeepAside) => {
                Reply::close().with(Effect::EditWith(slug, LeftChoice::KeepAside))
            }
            Some(Cmd::DropEdit) => Reply::close().with(Effect::EditWith(slug, LeftChoice::Drop)),
            Some(Cmd::Later) => Reply::close(),
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let r = centred(area, 76, 12);
        let inner = frame("An earlier edit was not saved".into(), theme, r, buf);
        let lines = vec![
            Line::from(format!(
                "Your earlier edit of {} was not saved, and the file has changed since.",
                Vault::rel(&self.slug)
            )),
            Line::from(Span::styled(self.copy.clone(), theme.dim())),
            Line::default(),
            Line::from(vec![
                Span::styled("m", theme.title()),
                Span::raw(" merge it onto the file and go on editing   "),
            ]),
            Line::from(vec![
                Span::styled("k", theme.title()),
                Span::raw(" keep it aside and start afresh   "),
                Span::styled("d", theme.title()),
                Span::raw(" drop it and start afresh   "),
                Span::styled("Esc", theme.title()),
                Span::raw(" not now"),
            ]),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

fn draw_failed(slug: &str, problem: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 76, 10);
    let inner = frame("Your edit does not parse".into(), theme, r, buf);
    let lines = vec![
        Line::from(Span::styled(problem.to_string(), theme.warn())),
        Line::default(),
        Line::from(format!(
            "people/{slug}.toml is unchanged; your edit is kept aside."
        )),
        Line::default(),
        Line::from(vec![
            Span::styled("e", theme.title()),
            Span::raw(" edit again   "),
            Span::styled("r", theme.title()),
            Span::raw(" restore the previous text (drops your edit)   "),
            Span::styled("Esc", theme.title()),
            Span::raw(" later"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
