//! The terminal face: contacts, timeline and prep sheet in one screen.
//!
//! `app` holds the state and changes it only in `update`/`on_msg`, which
//! return effects; `runtime` performs them (files, `$EDITOR`, the watcher)
//! and feeds the results back as messages; `ui` draws from the state alone.

pub mod action;
pub mod app;
pub mod contacts;
pub mod draft;
pub mod form;
pub mod keymap;
pub mod logfile;
pub mod msg;
pub mod perform;
pub mod runtime;
pub mod theme;
pub mod ui;

pub use app::{App, Effect, Init, Msg};
