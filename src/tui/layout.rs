//! Where each pane goes, as a pure function of the terminal size and focus.
//! Only drawing asks; key handlers use what the last frame recorded.

use ratatui::layout::Rect;

use super::ctx::Pane;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Too small for anything but a word.
    Tiny,
    /// One pane at a time (the focused one).
    Single,
    /// Contacts on the left; prep sheet and timeline share the right as tabs.
    Tabs,
    /// Three columns.
    Wide,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Panes {
    pub contacts: Rect,
    pub filter: Rect,
    pub list: Rect,
    /// The right side's outer box in Tabs and Single mode.
    pub right: Rect,
    pub prep_box: Rect,
    pub prep: Rect,
    pub timeline_box: Rect,
    pub timeline: Rect,
    pub status: Rect,
    pub mode: Option<Mode>,
}

fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

impl Panes {
    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or(Mode::Tiny)
    }

    /// `wide_list`: the contacts pane shows the due list, whose reasons
    /// need room to be read; it takes most of the width then.
    /// `status_lines`: how many lines the status line needs (a long
    /// message wraps).
    pub fn of(area: Rect, focus: Pane, wide_list: bool, status_lines: u16) -> Panes {
        let (w, h) = (area.width, area.height);
        if w < 24 || h < 6 {
            return Panes {
                mode: Some(Mode::Tiny),
                ..Panes::default()
            };
        }
        let sl = status_lines.clamp(1, 3).min(h / 4).max(1);
        let status = Rect::new(area.x, area.y + h - sl, w, sl);
        let body = Rect::new(area.x, area.y, w, h - sl);
        let mut p = Panes {
            status,
            ..Panes::default()
        };
        let mode = if w >= 120 {
            Mode::Wide
        } else if w >= 60 {
            Mode::Tabs
        } else {
            Mode::Single
        };
        p.mode = Some(mode);
        let (left, right) = match mode {
            Mode::Wide => {
                let cw = if wide_list {
                    (u32::from(w) * 50 / 100).clamp(50, 90) as u16
                } else {
                    (u32::from(w) * 30 / 100).clamp(30, 50) as u16
                };
                (
                    Rect::new(body.x, body.y, cw, body.height),
                    Rect::new(body.x + cw, body.y, w - cw, body.height),
                )
            }
            Mode::Tabs => {
                let cw = if wide_list {
                    (u32::from(w) * 65 / 100).clamp(40, 78) as u16
                } else {
                    (u32::from(w) * 40 / 100).clamp(26, 40) as u16
                };
                (
                    Rect::new(body.x, body.y, cw, body.height),
                    Rect::new(body.x + cw, body.y, w - cw, body.height),
                )
            }
            _ => {
                if focus == Pane::Contacts {
                    (body, Rect::default())
                } else {
                    (Rect::default(), body)
                }
            }
        };
        p.contacts = left;
        let li = inner(left);
        p.filter = Rect {
            height: li.height.min(1),
            ..li
        };
        p.list = Rect {
            y: li.y + p.filter.height,
            height: li.height.saturating_sub(p.filter.height),
            ..li
        };
        if mode == Mode::Wide {
            let pw = (u32::from(right.width) * 55 / 100) as u16;
            p.prep_box = Rect { width: pw, ..right };
            p.timeline_box = Rect {
                x: right.x + pw,
                width: right.width - pw,
                ..right
            };
        } else {
            p.right = right;
            p.prep_box = right;
            p.timeline_box = right;
        }
        p.prep = inner(p.prep_box);
        p.timeline = inner(p.timeline_box);
        p
    }
}
