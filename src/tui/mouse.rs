//! The mouse, resolved like a key before anything changes: where the
//! pointer is, by the panes the last frame drew, decides what a wheel turn
//! or a click means. Only wheel turns and left clicks mean anything.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::ctx::Pane;
use super::layout::{Mode, Panes};

/// Rows a wheel notch moves.
pub const NOTCH: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gesture {
    /// Scroll the pane under the pointer (the contacts pane moves its
    /// selection).
    Wheel { pane: Pane, by: i64 },
    /// A click on the row shown `row` lines below the list's top.
    Pick { row: usize },
    /// A click elsewhere in a pane gives it the keyboard.
    Focus(Pane),
}

/// Which pane is drawn at the pointer, in the last frame's layout: in Tabs
/// and Single mode the right side is whichever of prep and timeline shows.
fn pane_at(panes: &Panes, tab: Pane, at: Position) -> Option<Pane> {
    let inside = |r: Rect| r.width > 0 && r.contains(at);
    if inside(panes.contacts) {
        return Some(Pane::Contacts);
    }
    match panes.mode() {
        Mode::Wide if inside(panes.prep_box) => Some(Pane::Prep),
        Mode::Wide if inside(panes.timeline_box) => Some(Pane::Timeline),
        Mode::Tabs | Mode::Single if inside(panes.right) => Some(tab),
        _ => None,
    }
}

pub fn resolve(panes: &Panes, tab: Pane, ev: &MouseEvent) -> Option<Gesture> {
    let at = Position::new(ev.column, ev.row);
    let pane = pane_at(panes, tab, at)?;
    match ev.kind {
        MouseEventKind::ScrollUp => Some(Gesture::Wheel { pane, by: -NOTCH }),
        MouseEventKind::ScrollDown => Some(Gesture::Wheel { pane, by: NOTCH }),
        MouseEventKind::Down(MouseButton::Left) => {
            if pane == Pane::Contacts && panes.list.contains(at) {
                Some(Gesture::Pick {
                    row: usize::from(at.y - panes.list.y),
                })
            } else {
                Some(Gesture::Focus(pane))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn ev(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn the_pane_under_the_pointer_gets_the_gesture() {
        let p = Panes::of(Rect::new(0, 0, 120, 40), Pane::Contacts, false, 1);
        let wheel = |x, y| resolve(&p, Pane::Prep, &ev(MouseEventKind::ScrollDown, x, y));
        assert_eq!(
            wheel(p.contacts.x + 2, 10),
            Some(Gesture::Wheel {
                pane: Pane::Contacts,
                by: NOTCH
            })
        );
        assert_eq!(
            wheel(p.prep.x + 1, 10),
            Some(Gesture::Wheel {
                pane: Pane::Prep,
                by: NOTCH
            })
        );
        assert_eq!(
            wheel(p.timeline.x + 1, 10),
            Some(Gesture::Wheel {
                pane: Pane::Timeline,
                by: NOTCH
            })
        );
        // The status line is no pane.
        assert_eq!(wheel(5, 39), None);
        let click = resolve(
            &p,
            Pane::Prep,
            &ev(MouseEventKind::Down(MouseButton::Left), 3, p.list.y + 4),
        );
        assert_eq!(click, Some(Gesture::Pick { row: 4 }));
        // Moving the pointer means nothing.
        assert_eq!(
            resolve(&p, Pane::Prep, &ev(MouseEventKind::Moved, 3, 5)),
            None
        );
    }

    #[test]
    fn with_tabs_the_right_side_is_the_tab_shown() {
        let p = Panes::of(Rect::new(0, 0, 80, 24), Pane::Contacts, false, 1);
        let at = |tab| {
            resolve(
                &p,
                tab,
                &ev(MouseEventKind::ScrollUp, p.right.x + 3, p.right.y + 3),
            )
        };
        assert_eq!(
            at(Pane::Timeline),
            Some(Gesture::Wheel {
                pane: Pane::Timeline,
                by: -NOTCH
            })
        );
        assert_eq!(
            at(Pane::Prep),
            Some(Gesture::Wheel {
                pane: Pane::Prep,
                by: -NOTCH
            })
        );
    }
}
