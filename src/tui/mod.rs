//! The terminal face: contacts, timeline and prep sheet in one screen.
//!
//! `app` routes keys and messages to the pane or popup that has them; each
//! pane (`pane/`) and popup (`popup/`) holds its own state, keys and
//! drawing, and reads the shared `ctx`. Changes come back as effects
//! (`msg`), which `perform` and the `runtime` carry out; `results` takes
//! their outcomes (`changes` those of `x` and `u`); `ui` draws the screen from the state.

pub mod action;
pub mod app;
pub mod bindings;
mod changes;
pub mod ctx;
pub mod draft;
mod edits;
pub mod field;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod logfile;
pub mod mouse;
pub mod msg;
pub mod pane;
pub mod perform;
pub mod popup;
mod results;
pub mod runtime;
pub mod scroll;
pub mod theme;
pub mod ui;

pub use app::{App, Init};
pub use msg::{Effect, Msg};
