//! Sync through the user's own git: commits, the merge driver, `ties sync`.

pub mod merge;
