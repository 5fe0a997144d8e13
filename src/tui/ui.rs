//! Drawing the screen: a function of the app's state (the panes record
//! their scroll limits as they draw). Nothing here reads a file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::ctx::Pane;
use super::layout::{Mode, Panes};
use super::theme::Theme;

/// The app together with its look, ready to draw.
pub struct View<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self.app, &self.theme, area, buf);
    }
}

/// The whole screen: each pane and the popup draw themselves from the
/// context and their own state. Nothing here reads a file.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let ctx = app.ctx();
    let panes = Panes::of(
        area,
        ctx.focus,
        app.people.due_view,
        app.status.lines_needed(area.width),
    );
    app.frame.set(panes);
    if panes.mode() == Mode::Tiny {
        let msg = if area.width >= 10 {
            "ties: enlarge the window"
        } else {
            "ties"
        };
        Paragraph::new(msg).render(area, buf);
        return;
    }
    app.people.render(&ctx, theme, &panes, buf);
    let prep = (panes.prep_box, panes.prep);
    let timeline = (panes.timeline_box, panes.timeline);
    match panes.mode() {
        Mode::Wide => {
            app.prep.render(&ctx, theme, prep, buf, true);
            app.history.render(&ctx, theme, timeline, buf, true);
        }
        _ if panes.right.width > 0 => {
            if ctx.tab == Pane::Timeline {
                app.history.render(&ctx, theme, timeline, buf, false);
            } else {
                app.prep.render(&ctx, theme, prep, buf, false);
            }
        }
        _ => {}
    }
    app.status.render(&ctx, theme, panes.status, buf);
    if let Some(p) = &app.popup {
        p.render(&ctx, theme, area, buf);
    }
    defuse(area, buf);
}

/// Characters that would move the cursor or recolour the terminal (escape
/// sequences, bidi overrides) are shown as `�`, whoever wrote them: a name
/// in a file, a pasted note. One pass over the screen catches every pane.
fn defuse(area: Rect, buf: &mut Buffer) {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.symbol().chars().any(bad) {
                cell.set_symbol("\u{FFFD}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuse_replaces_escapes_and_bidi_overrides_set_directly() {
        let area = Rect::new(0, 0, 4, 1);
        let mut buf = Buffer::empty(area);
        buf[(0, 0)].set_symbol("\u{1b}");
        buf[(1, 0)].set_symbol("a\u{202e}");
        buf[(2, 0)].set_symbol("\u{7}");
        buf[(3, 0)].set_symbol("é");
        defuse(area, &mut buf);
        let got: Vec<&str> = (0..4).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(got, ["\u{FFFD}", "\u{FFFD}", "\u{FFFD}", "é"]);
    }
}
