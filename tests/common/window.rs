//! One TUI window on a vault, driven by keys without a terminal: each key
//! is resolved, its effects performed, and the screen drawn (without
//! colour) as the runtime draws between events, so fields measure their
//! room as they would on a real screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ties::clock::Clock;
use ties::store::Vault;
use ties::tui::app::{Effect, Msg, Pane};
use ties::tui::keymap::Keymap;
use ties::tui::perform::settle;
use ties::tui::theme::Theme;
use ties::tui::ui::View;
use ties::tui::{App, Init};

pub struct Window {
    pub vault: Vault,
    pub app: App,
}

/// A fresh app of this size, its clock stopped at `now`, not yet loaded.
pub fn app_at(now: &str, size: (u16, u16)) -> App {
    App::new(Init {
        clock: Clock::fixed(now),
        vault_label: "~/vault".into(),
        keymap: Keymap::default(),
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        autocommit: false,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size,
    })
}

/// The screen as drawn without colour (NO_COLOR), one line per row.
pub fn screen_of(app: &App) -> String {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| {
        f.render_widget(
            View {
                app,
                theme: Theme { color: false },
            },
            f.area(),
        )
    })
    .unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

impl Window {
    /// A window on the vault at `root`, its clock at `now`, index loaded.
    pub fn on(root: &std::path::Path, now: &str, size: (u16, u16)) -> Window {
        let vault = Vault::open(root).unwrap();
        let mut app = app_at(now, size);
        settle(&mut app, &vault, vec![Effect::Reload]);
        let w = Window { vault, app };
        w.screen();
        w
    }

    pub fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Window {
        let fx = self.app.on_key(KeyEvent::new(code, mods));
        settle(&mut self.app, &self.vault, fx);
        self.screen();
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Window {
        self.key_mod(code, KeyModifiers::NONE)
    }

    pub fn ctrl(&mut self, c: char) -> &mut Window {
        self.key_mod(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn chars(&mut self, s: &str) -> &mut Window {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn msg(&mut self, m: Msg) -> &mut Window {
        let fx = self.app.on_msg(m);
        settle(&mut self.app, &self.vault, fx);
        self.screen();
        self
    }

    /// About a second passes: a draft that changed is written.
    pub fn tick(&mut self) -> &mut Window {
        self.msg(Msg::Tick)
    }

    /// Selects someone through the filter (cleared first), back on the
    /// contacts.
    pub fn pick(&mut self, who: &str) -> &mut Window {
        self.key(KeyCode::Char('/'))
            .ctrl('u')
            .chars(who)
            .key(KeyCode::Enter)
            .key(KeyCode::Esc)
    }

    /// The timeline gets the keys (Tab until it has them).
    pub fn timeline(&mut self) -> &mut Window {
        for _ in 0..4 {
            if self.app.focus == Pane::Timeline {
                break;
            }
            self.key(KeyCode::Tab);
        }
        assert_eq!(self.app.focus, Pane::Timeline);
        self
    }

    pub fn screen(&self) -> String {
        screen_of(&self.app)
    }

    /// The status line's message, if one is showing.
    pub fn status(&self) -> String {
        self.app
            .status
            .message
            .as_ref()
            .map(|m| m.0.clone())
            .unwrap_or_default()
    }
}
