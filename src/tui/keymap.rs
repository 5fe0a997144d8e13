//! Keys to actions: the defaults, and the user's `[keys]` overrides. The
//! main screen's keys map to [`Action`]s; every other scope's keys (the
//! filter line, popups, text editing) to [`Cmd`]s, looked up in their
//! scope, so a remapping reaches them too.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
pub use super::bindings::{Cmd, Scope};

/// A key with its modifiers, as written in the config file (`ctrl-c`, `G`, `pgdn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, normalised so `G` and `shift-g` agree.
    pub fn of(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Char(c) => KeyCode::Char(c),
            c => {
                mods |= e.modifiers & KeyModifiers::SHIFT;
                c
            }
        };
        Key { code, mods }
    }

    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.find('-')? + 1..];
            } else if rest.len() > 1 && (lower.starts_with("alt-") || lower.starts_with("m-")) {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.find('-')? + 1..];
            } else if rest.len() > 1 && lower.starts_with("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
                "tab" if mods.contains(KeyModifiers::SHIFT) => {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
                _ => return None,
            },
        };
        Some(Key { code, mods })
    }

    /// How the help overlay writes the key.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                s.push(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => s.push(c),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            c => s.push_str(&format!("{c:?}")),
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<Key, Action>,
    scoped: HashMap<(Scope, Key), Cmd>,
}

const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Up, &["k", "up"]),
    (Action::Down, &["j", "down"]),
    (Action::First, &["g", "home"]),
    (Action::Last, &["G", "end"]),
    (Action::PageUp, &["pgup", "ctrl-b"]),
    (Action::PageDown, &["pgdn", "ctrl-f"]),
    (Action::NextPane, &["tab", "l", "right"]),
    (Action::PrevPane, &["shift-tab", "h", "left"]),
    (Action::Filter, &["/"]),
    (Action::Open, &["enter"]),
    (Action::Back, &["esc"]),
    (Action::Capture, &["c"]),
    (Action::Add, &["a"]),
    (Action::Todo, &["t"]),
    (Action::Edit, &["e"]),
    (Action::Done, &["x"]),
    (Action::Todos, &["T"]),
    (Action::EditEntry, &["E"]),
    (Action::DeleteEntry, &["D"]),
    (Action::Archive, &["A"]),
    (Action::Archived, &["V"]),
    (Action::Undo, &["u"]),
    (Action::Discreet, &["p"]),
    (Action::Sort, &["o"]),
    (Action::Problems, &["!"]),
    (Action::Due, &["d"]),
    (Action::Agenda, &["m"]),
    (Action::Sync, &["s"]),
    (Action::Help, &["?", "f1"]),
    (Action::Suspend, &["ctrl-z"]),
    (Action::Quit, &["q", "ctrl-c"]),
];

impl Default for Keymap {
    fn default() -> Self {
        let mut map = HashMap::new();
        for (action, keys) in DEFAULTS {
            // Constants of this file; a test parses every one of them.
            for k in keys.iter().filter_map(|k| Key::parse(k)) {
                map.insert(k, *action);
            }
        }
        let mut scoped = HashMap::new();
        for (scope, cmd, _, keys) in super::bindings::DEFAULTS {
            for k in keys.iter().filter_map(|k| Key::parse(k)) {
                scoped.insert((*scope, k), *cmd);
            }
        }
        Keymap { map, scoped }
    }
}

impl Keymap {
    /// The defaults with the user's overrides: an action named in `[keys]`
    /// gets exactly the keys listed there. Returns the complaints too.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> (Keymap, Vec<String>) {
        let mut km = Keymap::default();
        let mut complaints = Vec::new();
        for (name, keys) in overrides {
            if let Some((scope, cmd)) = super::bindings::from_name(name) {
                let parsed = parse_keys(name, keys, &mut complaints);
                if !parsed.is_empty() {
                    km.scoped.retain(|(s, _), c| !(*s == scope && *c == cmd));
                    for k in parsed {
                        km.scoped.insert((scope, k), cmd);
                    }
                }
                continue;
            }
            let Some(action) = Action::from_name(name) else {
                complaints.push(format!(
                    "[keys] `{name}` is not an action (press ? for their names)"
                ));
                continue;
            };
            let parsed = parse_keys(name, keys, &mut complaints);
            if parsed.is_empty() {
                continue;
            }
            km.map.retain(|_, a| *a != action);
            for k in parsed {
                km.map.insert(k, action);
            }
        }
        // Ctrl-C always quits: a way out that no config can take away.
        if let Some(k) = Key::parse("ctrl-c") {
            km.map.insert(k, Action::Quit);
        }
        (km, complaints)
    }

    /// The main screen's action for a key.
    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.map.get(&Key::of(e)).copied()
    }

    /// A key's command in a scope other than the main screen.
    pub fn cmd(&self, scope: Scope, e: &KeyEvent) -> Option<Cmd> {
        self.scoped.get(&(scope, Key::of(e))).copied()
    }

    /// The first key of a scoped command as the screen writes it (the
    /// user's own, after `[keys]`), e.g. "Ctrl-T"; None when it has none.
    pub fn key_of_cmd(&self, scope: Scope, cmd: Cmd) -> Option<String> {
        let mut keys: Vec<&Key> = self
            .scoped
            .iter()
            .filter(|((s, _), c)| *s == scope && **c == cmd)
            .map(|((_, k), _)| k)
            .collect();
        // Ctrl chords before Alt ones, then by name: stable across runs.
        keys.sort_by_key(|k| (!k.mods.contains(KeyModifiers::CONTROL), k.label()));
        keys.first().map(|k| k.label())
    }

    /// The keys bound to an action, in a stable order for the help overlay.
    pub fn keys_of(&self, action: Action) -> Vec<String> {
        let mut keys: Vec<&Key> = self
            .map
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| k)
            .collect();
        // Plain letters first, then named keys, then chords.
        keys.sort_by_key(|k| {
            (
                !k.mods.is_empty(),
                !matches!(k.code, KeyCode::Char(_)),
                k.label(),
            )
        });
        keys.into_iter().map(Key::label).collect()
    }
}

fn parse_keys(name: &str, keys: &[String], complaints: &mut Vec<String>) -> Vec<Key> {
    keys.iter()
        .filter_map(|k| {
            let key = Key::parse(k);
            if key.is_none() {
                complaints.push(format!("[keys] `{k}` for {name} is not a key name"));
            }
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_and_matches_keys() {
        let km = Keymap::default();
        assert_eq!(
            km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        // Terminals report `G` with or without SHIFT.
        assert_eq!(
            km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('G'), KeyModifiers::NONE)),
            Some(Action::Last)
        );
        assert_eq!(
            km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Done)
        );
        assert_eq!(km.action(&ev(KeyCode::Char('z'), KeyModifiers::NONE)), None);
        assert_eq!(Key::parse("shift-g"), Key::parse("G"));
        assert_eq!(Key::parse("Ctrl-S").unwrap().label(), "Ctrl-S");
        assert!(Key::parse("hyper-x").is_none());
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_report_mistakes() {
        let (km, complaints) = Keymap::with_overrides(&[
            ("capture".into(), vec!["n".into(), "ctrl-n".into()]),
            ("quit".into(), vec!["x".into()]),
            ("fly".into(), vec!["f".into()]),
            ("help".into(), vec!["hyper-h".into()]),
        ]);
        let key = |c| ev(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action(&key('n')), Some(Action::Capture));
        assert_eq!(km.action(&key('c')), None);
        assert_eq!(km.action(&key('x')), Some(Action::Quit));
        assert_eq!(km.action(&key('q')), None);
        // Ctrl-C still quits, and an unparsable override keeps the defaults.
        assert_eq!(
            km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(km.action(&key('?')), Some(Action::Help));
        assert_eq!(complaints.len(), 2, "{complaints:?}");
        assert_eq!(km.keys_of(Action::Capture), ["n", "Ctrl-N"]);
    }

    #[test]
    fn every_default_key_of_every_scope_parses() {
        for (_, keys) in DEFAULTS {
            assert!(keys.iter().all(|k| Key::parse(k).is_some()), "{keys:?}");
        }
        for (scope, _, name, keys) in super::super::bindings::DEFAULTS {
            assert!(
                keys.iter().all(|k| Key::parse(k).is_some()),
                "{}.{name}: {keys:?}",
                scope.name()
            );
        }
    }
}
