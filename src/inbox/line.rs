//! One line of `inbox.md`: `[TIME ]WHO: TEXT[ #via]`, a comment, or blank.

/// What a line of the inbox is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// Nothing but spaces.
    Blank,
    /// A comment: a line starting with `#` (a markdown heading), or inside
    /// `<!-- ... -->`.
    Comment,
    /// A comment ties wrote about the line above it; written afresh on each
    /// run, so it is never kept as the user's own.
    Ours,
    /// A note to file.
    Note(Note<'a>),
    /// Something that is not a note, and why (kept with a comment).
    Bad(String),
}

/// A note as written on its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note<'a> {
    /// The time as written (`2026-11-23 14:05`, `2026-11-23T14:05`,
    /// `2026-11-23`), if any.
    pub time: Option<String>,
    pub who: &'a str,
    pub text: &'a str,
    /// The trailing `#tag`, without its `#`.
    pub via: Option<&'a str>,
}

/// How ties's own comments start and end.
pub const OURS_START: &str = "<!-- ties: ";
pub const OURS_END: &str = " -->";

/// Why a `<!--` that nothing closes is not a comment.
pub const UNCLOSED: &str = "this comment is never closed: close it or delete the line";

/// Reads every line (each without its line ending). A `<!--` that no later
/// line closes is [`Line::Bad`], that line only: the lines after it are
/// read as lines, not swallowed.
pub fn read_all<'a>(lines: &[&'a str]) -> Vec<Line<'a>> {
    let mut unclosed = std::collections::HashSet::new();
    loop {
        let mut in_comment = false;
        let mut opened = None;
        let mut out = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            if unclosed.contains(&i) {
                out.push(Line::Bad(UNCLOSED.into()));
                continue;
            }
            let was = in_comment;
            out.push(read(l, &mut in_comment));
            if !was && in_comment {
                opened = Some(i);
            }
        }
        match opened {
            Some(i) if in_comment => {
                unclosed.insert(i);
            }
            _ => return out,
        }
    }
}

/// Reads one line (without its line ending). `in_comment` says whether an
/// `<!--` opened on an earlier line is still open, and is updated.
pub fn read<'a>(line: &'a str, in_comment: &mut bool) -> Line<'a> {
    let t = line.trim();
    if *in_comment {
        // Ties's own comment (after a line left) never closes the user's.
        if t.starts_with(OURS_START) && t.ends_with("-->") {
            return Line::Ours;
        }
        *in_comment = !t.contains("-->");
        return Line::Comment;
    }
    if t.is_empty() {
        return Line::Blank;
    }
    if t.starts_with(OURS_START) && t.ends_with("-->") {
        return Line::Ours;
    }
    if let Some(rest) = t.strip_prefix("<!--") {
        *in_comment = !rest.contains("-->");
        return Line::Comment;
    }
    if t.starts_with('#') {
        return Line::Comment;
    }
    note(t)
}

fn note(t: &str) -> Line<'_> {
    let (time, rest) = time_prefix(t);
    let Some((who, text)) = rest.split_once(':') else {
        return Line::Bad("not a note: write it as `WHO: TEXT`".into());
    };
    let who = who.trim();
    if who.is_empty() {
        return Line::Bad("no one named before the `:`".into());
    }
    let (text, via) = via_tag(text.trim());
    if text.is_empty() {
        return Line::Bad("the note after the `:` is empty".into());
    }
    Line::Note(Note {
        time,
        who,
        text,
        via,
    })
}

/// A time at the start of the line: a first word that starts like a date
/// (`2026-11-23`, `2026-11-23T14:05`), and the `HH:MM` after a bare date.
/// Returned as written: a date that does not read is the caller's to say.
fn time_prefix(t: &str) -> (Option<String>, &str) {
    let starts_like_date = |w: &str| {
        let b = w.as_bytes();
        b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
    };
    let Some((first, rest)) = t.split_once(char::is_whitespace) else {
        return (None, t);
    };
    if !starts_like_date(first) {
        return (None, t);
    }
    let rest = rest.trim_start();
    // "2026-11-23 14:05 zoe: ..." (not "2026-11-23 zoe: ...").
    if !first.contains('T')
        && let Some((second, after)) = rest.split_once(char::is_whitespace)
        && is_clock(second)
    {
        return (Some(format!("{first} {second}")), after.trim_start());
    }
    (Some(first.to_string()), rest)
}

/// `14:05` or `9:30`.
fn is_clock(w: &str) -> bool {
    match w.split_once(':') {
        Some((h, m)) => {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// ` #call` at the very end of the text becomes `via`; a `#` anywhere else
/// is part of the text.
fn via_tag(text: &str) -> (&str, Option<&str>) {
    let split = match text.strip_prefix('#') {
        Some(tag) => Some(("", tag)),
        None => text.rsplit_once(" #"),
    };
    if let Some((before, tag)) = split
        && !tag.is_empty()
        && tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return (before.trim_end(), Some(tag));
    }
    (text, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Line<'_> {
        read(s, &mut false)
    }

    #[test]
    fn notes_with_and_without_time_and_tag() {
        assert_eq!(
            one("2026-11-23 14:05 zoe: sent the deck #call"),
            Line::Note(Note {
                time: Some("2026-11-23 14:05".into()),
                who: "zoe",
                text: "sent the deck",
                via: Some("call"),
            })
        );
        assert_eq!(
            one("2026-11-23T14:05 Zoë Park: the #1 deck"),
            Line::Note(Note {
                time: Some("2026-11-23T14:05".into()),
                who: "Zoë Park",
                text: "the #1 deck",
                via: None,
            })
        );
        assert_eq!(
            one("2026-11-23 ana: lunch #meal"),
            Line::Note(Note {
                time: Some("2026-11-23".into()),
                who: "ana",
                text: "lunch",
                via: Some("meal"),
            })
        );
        assert!(
            matches!(one("2026-13-45 ana: x"), Line::Note(Note { time: Some(t), .. }) if t == "2026-13-45")
        );
    }

    #[test]
    fn comments_blank_and_bad() {
        assert_eq!(one("   "), Line::Blank);
        assert_eq!(one("# Inbox"), Line::Comment);
        assert_eq!(one("<!-- a note -->"), Line::Comment);
        assert_eq!(one("<!-- ties: nobody -->"), Line::Ours);
        let mut open = false;
        assert_eq!(read("<!-- two", &mut open), Line::Comment);
        assert!(open);
        assert_eq!(read("ana: inside", &mut open), Line::Comment);
        assert_eq!(read("lines -->", &mut open), Line::Comment);
        assert!(!open);
        assert!(matches!(one("just words"), Line::Bad(_)));
        // Never closed: that line alone is bad, the lines after are read.
        let all = read_all(&["<!-- a", "ana: x", "<!-- b", "# c"]);
        assert_eq!(all[0], Line::Bad(UNCLOSED.into()));
        assert!(matches!(all[1], Line::Note(_)));
        assert_eq!(all[2], Line::Bad(UNCLOSED.into()));
        assert_eq!(all[3], Line::Comment);
        // Closed further down: one comment, whatever it holds.
        let all = read_all(&["<!-- a", "ana: x", "b -->", "<!-- c"]);
        assert_eq!(all[..3], [Line::Comment, Line::Comment, Line::Comment]);
        assert_eq!(all[3], Line::Bad(UNCLOSED.into()));
        assert!(matches!(one("ana: #call"), Line::Bad(_)));
        assert!(matches!(one(": text"), Line::Bad(_)));
    }
}
