//! ties: a relationship journal kept as one plain TOML file per person.
//!
//! This library is the data layer (model, store, index, search, prep). It never
//! touches the terminal: the CLI and the TUI are thin faces over it.

// No unwrap or expect on anything a user or a file can influence; the few
// that cannot fail say why with `#[allow]` where they stand.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod calendar;
pub mod clock;
pub mod config;
pub mod csvimport;
pub mod decode;
pub mod demo;
pub mod due;
pub mod editor;
pub mod extra;
pub mod feed;
pub mod fold;
pub mod history;
pub mod inbox;
pub mod index;
pub mod model;
pub mod network;
pub mod prep;
pub mod resolve;
pub mod search;
pub mod store;
pub mod sync;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tui;
pub mod vcard;
