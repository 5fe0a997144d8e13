//! A scroll position whose limits are recorded while drawing (after gitui's
//! `scroll_vertical.rs`): key handlers only move it within what the last
//! frame showed, and never work out a layout themselves.

use std::cell::Cell;

#[derive(Debug, Default)]
pub struct Scroll {
    top: Cell<usize>,
    /// The furthest `top` can go, as the last frame measured it.
    max: Cell<usize>,
    /// Rows in the last frame's view.
    height: Cell<usize>,
}

impl Scroll {
    pub fn top(&self) -> usize {
        self.top.get()
    }

    /// Moves by `by` rows, within the limits the last frame recorded.
    pub fn by(&mut self, by: i64) {
        let max = self.max.get() as i64;
        let to = (self.top.get() as i64)
            .saturating_add(by)
            .clamp(0, max.max(0));
        self.top.set(to as usize);
    }

    pub fn to_end(&mut self) {
        self.top.set(self.max.get());
    }

    pub fn reset(&mut self) {
        self.top.set(0);
    }

    /// Set directly (a test showing a given entry, a position kept).
    pub fn set(&mut self, top: usize) {
        self.top.set(top);
    }

    /// While drawing: the top row a view chose to keep its selection shown.
    pub fn place(&self, top: usize) {
        self.top.set(top.min(self.max.get()));
    }

    /// Rows the last frame showed.
    pub fn height(&self) -> usize {
        self.height.get()
    }

    /// A page: the last frame's height less one row of overlap.
    pub fn page(&self) -> usize {
        self.height.get().saturating_sub(1).max(1)
    }

    /// While drawing: `len` rows in a view of `height` rows that can scroll
    /// until `max`. Returns the top row to draw from.
    pub fn record(&self, max: usize, height: usize) -> usize {
        self.max.set(max);
        self.height.set(height);
        let top = self.top.get().min(max);
        self.top.set(top);
        top
    }

    /// While drawing a list with a selection: the top row moves just enough
    /// to keep `selected` in a view of `height` rows out of `len`.
    pub fn follow(&self, selected: usize, len: usize, height: usize) -> usize {
        let h = height.max(1);
        let mut top = self.top.get();
        if selected < top {
            top = selected;
        } else if selected >= top + h {
            top = selected + 1 - h;
        }
        if top + h > len {
            top = len.saturating_sub(h);
        }
        self.top.set(top);
        self.max.set(len.saturating_sub(h));
        self.height.set(height);
        top
    }
}
