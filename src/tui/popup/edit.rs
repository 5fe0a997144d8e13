//! The choices after an edit in `$EDITOR` that could not be saved: it does
//! not parse (edit again, or restore), or the file changed meanwhile.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Reply, centred, frame};
use crate::store::Vault;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Cmd, Scope};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// The user's edit does not parse; it is kept aside.
pub struct EditFailed {
    pub slug: String,
    pub problem: String,
}

/// The file changed on disk while the user edited it.
pub struct EditClash {
    pub slug: String,
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
        match ctx.keymap.cmd(Scope::EditChoice, &key) {
            Some(Cmd::DropEdit) => Reply::close()
                .with(Effect::DiscardEdit(self.slug.clone()))
                .saying(
                    format!(
                        "Dropped your edit; {} keeps what is on disk.",
                        Vault::rel(&self.slug)
                    ),
                    false,
                ),
            Some(Cmd::Later) => Reply::close().saying(
                format!("Your version stays in .ties/edit/{}.toml.", self.slug),
                false,
            ),
            _ => Reply::stay(),
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw_clash(&self.slug, theme, area, buf);
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

fn draw_clash(slug: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centred(area, 76, 10);
    let inner = frame("The file changed while you edited it".into(), theme, r, buf);
    let lines = vec![
        Line::from(format!(
            "people/{slug}.toml changed on disk (another program, or a sync) during your edit, so your version was not saved over it."
        )),
        Line::default(),
        Line::from(format!("Your version is kept in .ties/edit/{slug}.toml.")),
        Line::default(),
        Line::from(vec![
            Span::styled("d", theme.title()),
            Span::raw(" drop your version   "),
            Span::styled("Esc", theme.title()),
            Span::raw(" keep it to compare by hand"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
