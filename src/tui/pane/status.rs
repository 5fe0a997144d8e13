//! The status line: where, how many, what could not be read, the last message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::text::{fit, width_of};
use crate::tui::ctx::Ctx;
use crate::tui::theme::Theme;

/// The status line's own state: the last message, and the git state.
pub struct StatusLine {
    pub vault_label: String,
    /// The last thing said, and whether it is an error.
    pub message: Option<(String, bool)>,
    said_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The vault's git state, once read.
    pub sync_state: Option<crate::sync::State>,
    /// The step a sync is at, while one runs.
    pub syncing: Option<String>,
    /// Advances on each tick, for the sync spinner.
    pub ticks: usize,
    /// Lines of `inbox.md` the last taking could not place.
    pub inbox_left: usize,
}

impl StatusLine {
    pub fn new(vault_label: String, message: Option<(String, bool)>) -> StatusLine {
        StatusLine {
            vault_label,
            message,
            said_at: None,
            sync_state: None,
            syncing: None,
            ticks: 0,
            inbox_left: 0,
        }
    }

    pub fn say(&mut self, msg: &str, error: bool, now: chrono::DateTime<chrono::FixedOffset>) {
        self.message = Some((msg.to_string(), error));
        self.said_at = Some(now);
    }

    /// About once a second: information fades after a while; errors stay
    /// until replaced.
    pub fn tick(&mut self, now: chrono::DateTime<chrono::FixedOffset>) {
        self.ticks = self.ticks.wrapping_add(1);
        if let (Some((_, false)), Some(at)) = (&self.message, self.said_at)
            && (now - at).num_seconds() >= 10
        {
            self.message = None;
        }
    }

    pub fn render(&self, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
        draw(self, ctx, theme, area, buf);
    }

    /// Lines the status needs at this width: a message longer than the line
    /// (one that carries an instruction) wraps onto up to three, never cut
    /// off before the instruction.
    pub fn lines_needed(&self, width: u16) -> u16 {
        match &self.message {
            Some((m, _)) if width > 0 && width_of(m) > width as usize => {
                crate::text::wrap(m, width as usize, "").len().clamp(1, 3) as u16
            }
            _ => 1,
        }
    }
}

fn draw(line: &StatusLine, ctx: &Ctx, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    // A long message has the status area to itself, wrapped.
    if area.height > 1
        && let Some((m, error)) = &line.message
    {
        let style = if *error { theme.warn() } else { theme.ok() };
        let lines = crate::text::wrap(m, area.width as usize, "");
        let last = area.height as usize - 1;
        for (i, l) in lines.iter().enumerate().take(area.height as usize) {
            let text = if i == last && lines.len() > area.height as usize {
                fit(
                    &format!("{l} {}", lines[i + 1..].join(" ")),
                    area.width as usize,
                )
            } else {
                l.clone()
            };
            buf.set_line(
                area.x,
                area.y + i as u16,
                &Line::from(Span::styled(text, style)),
                area.width,
            );
        }
        return;
    }
    let mut left: Vec<Span> = Vec::new();
    if ctx.discreet {
        left.push(Span::styled(" DISCREET ", theme.selected()));
        left.push(Span::raw(" "));
    }
    let people = ctx.people_count();
    // The path gives way to a message: the message is news, the path is not.
    let share = if line.message.is_some() { 4 } else { 2 };
    let label = fit(
        &line.vault_label,
        (area.width as usize * 2 / (5 * share / 2)).max(8),
    );
    left.push(Span::raw(format!(
        "{label} · {people} {}",
        if people == 1 { "person" } else { "people" }
    )));
    if let Some((done, total)) = ctx.loading {
        if total > 0 {
            left.push(Span::styled(
                format!(" · reading {done}/{total}…"),
                theme.dim(),
            ));
        } else {
            left.push(Span::styled(" · reading…", theme.dim()));
        }
    }
    if let Some(step) = &line.syncing {
        const SPIN: [char; 4] = ['|', '/', '-', '\\'];
        left.push(Span::styled(
            format!(" · sync {} {step}", SPIN[line.ticks % 4]),
            theme.heading(),
        ));
    }
    // The git state gives way when the line is too narrow for the alerts
    // after it (what is due, unreadable files, the inbox): they matter more.
    let mut git_at = None;
    if line.syncing.is_none()
        && let Some(st) = line.sync_state.as_ref().filter(|s| s.repository)
    {
        let style = if st.conflicts.is_empty() {
            theme.dim()
        } else {
            theme.warn()
        };
        let ago = st
            .last_sync
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|last| match (ctx.clock.now - last).num_minutes() {
                i64::MIN..=0 => "just now".to_string(),
                m @ 1..=59 => format!("{m} min ago"),
                m @ 60..=2879 => format!("{} h ago", m / 60),
                m => format!("{} days ago", m / 1440),
            });
        let summary = st.summary();
        let text = match (summary.as_str(), ago) {
            ("synced", Some(ago)) => format!(" · git: synced {ago}"),
            ("synced", None) => " · git: all committed".to_string(),
            // Without an upstream a sync only commits: "synced" would be untrue.
            (s, Some(ago)) if st.conflicts.is_empty() && st.upstream.is_some() => {
                format!(" · git: {s}; synced {ago}")
            }
            (s, _) => format!(" · git: {s}"),
        };
        git_at = Some(left.len());
        left.push(Span::styled(text, style));
    }
    // Not counted from the first screen's people alone.
    let now = ctx.due_now;
    if now > 0 && ctx.glimpse.is_none() {
        left.push(Span::raw(" · "));
        left.push(Span::styled(format!("{now} due now (d)"), theme.warn()));
    }
    let bad = ctx.index.problems.len();
    if bad > 0 {
        left.push(Span::raw(" · "));
        left.push(Span::styled(
            format!("! {bad} unreadable (press !)"),
            theme.warn(),
        ));
    }
    let lost = ctx.unplaced.len();
    if lost > 0 {
        left.push(Span::raw(" · "));
        left.push(Span::styled(
            format!(
                "{lost} note{} without a person (!)",
                if lost == 1 { "" } else { "s" }
            ),
            theme.warn(),
        ));
    }
    if let Some(s) = crate::inbox::left_sentence(line.inbox_left) {
        left.push(Span::raw(" · "));
        left.push(Span::styled(s, theme.warn()));
    }
    let mut left_w: usize = left.iter().map(|s| width_of(&s.content)).sum();
    let w = area.width as usize;
    if let Some(at) = git_at.filter(|_| left_w > w) {
        let git = left.remove(at);
        left_w -= width_of(&git.content);
    }
    let (msg, style) = match &line.message {
        Some((m, true)) => (m.clone(), theme.warn()),
        Some((m, false)) => (m.clone(), theme.ok()),
        None => ("? help · q quit".to_string(), theme.dim()),
    };
    // A message that does not fit takes the whole line: it is the news.
    let (left, left_w) = if line.message.is_some() && width_of(&msg) + left_w + 3 > w {
        (Vec::new(), 0)
    } else {
        (left, left_w)
    };
    // Alone on the line, the message has all of it (a message as wide as
    // the screen is not wrapped, so it must not be cut either).
    let room = if left_w == 0 {
        w
    } else {
        w.saturating_sub(left_w + 3).max(w.min(8))
    };
    let mut spans = left;
    if room >= 8 {
        let msg = fit(&msg, room);
        let pad = w.saturating_sub(left_w + width_of(&msg));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(msg, style));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
