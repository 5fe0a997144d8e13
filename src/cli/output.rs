//! Standard output for commands: written in one go, quiet when the reader
//! goes away (`ties list | head`), with terminal control characters defused.

use std::io::{IsTerminal, Write};

#[derive(Default)]
pub struct Out {
    buf: String,
}

impl Out {
    pub fn new() -> Out {
        Out::default()
    }

    /// One line of text for a person to read: control characters and
    /// bidirectional overrides can not move the cursor or recolour the terminal.
    pub fn line(&mut self, s: impl AsRef<str>) {
        for l in s.as_ref().split('\n') {
            self.buf.push_str(&clean_line(l));
            self.buf.push('\n');
        }
    }

    /// Machine-readable output (JSON), already escaped.
    pub fn raw(&mut self, s: impl AsRef<str>) {
        self.buf.push_str(s.as_ref());
    }

    pub fn flush(&mut self) {
        let mut stdout = std::io::stdout().lock();
        let r = stdout
            .write_all(self.buf.as_bytes())
            .and_then(|_| stdout.flush());
        if let Err(e) = r
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            // The terminal may have gone with stdout: no panic over it.
            let _ = writeln!(std::io::stderr(), "ties: could not write the output: {e}");
        }
        self.buf.clear();
    }
}

/// Replaces characters that would act on the terminal instead of showing.
pub fn clean_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            // Bidirectional embeddings, overrides and isolates.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The width to fit text to: the terminal's, or `None` when standard output
/// is a pipe or a file. The one rule for every command: what a script reads
/// is never cut (`ties due | grep robotics` finds the whole todo).
pub fn width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    // As wide as the terminal: a wide one shows more of a long line. Not
    // under 20, where nothing would be readable anyway.
    let w = crossterm::terminal::size().map_or(80, |(w, _)| w as usize);
    Some(w.max(20))
}
