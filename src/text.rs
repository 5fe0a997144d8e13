//! Text measured in display columns, for every face (the CLI's columns and
//! the TUI's panes): cut to fit, padded, and word-wrapped. A CJK character
//! takes two columns, a combining accent none; a cut never falls inside a
//! user-perceived character (an accented letter, a flag, a family emoji).

use unicode_segmentation::UnicodeSegmentation;

/// The display columns `s` takes, counted the way [`fit`] cuts.
pub fn width_of(s: &str) -> usize {
    s.graphemes(true)
        .map(unicode_width::UnicodeWidthStr::width)
        .sum()
}

/// Cuts a string to at most `max` display columns, with an ellipsis.
pub fn fit(s: &str, max: usize) -> String {
    if width_of(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = unicode_width::UnicodeWidthStr::width(g);
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// [`fit`] when there is a width to fit; `None` (output to a pipe or a
/// file, read by a script) keeps the text whole.
pub fn fit_to(s: &str, max: Option<usize>) -> String {
    match max {
        Some(m) => fit(s, m),
        None => s.to_string(),
    }
}

/// `s` followed by spaces up to `columns` display columns, so the next
/// column starts in the same place on every line (`format!`'s `{:<n}`
/// counts characters, which misaligns CJK names and combining accents).
pub fn pad(s: &str, columns: usize) -> String {
    let w = width_of(s);
    format!("{s}{}", " ".repeat(columns.saturating_sub(w)))
}

/// Word-wraps `text` to `width` columns, every line starting with `indent`;
/// words longer than a line are split.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    wrap_hanging(text, width, indent, indent)
}

/// Word-wraps with one indent for each paragraph's first line and another
/// for the lines after it.
pub fn wrap_hanging<'a>(text: &str, width: usize, first: &'a str, rest: &'a str) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    if text.is_empty() {
        return vec![first.to_string()];
    }
    let mut out = Vec::new();
    for para in text.lines() {
        let mut indent = first;
        let mut room = width.saturating_sub(width_of(indent)).max(1);
        let mut line = String::new();
        let mut w = 0;
        let mut flush =
            |line: &mut String, w: &mut usize, indent: &mut &'a str, room: &mut usize| {
                out.push(format!("{indent}{line}"));
                line.clear();
                *w = 0;
                *indent = rest;
                *room = width.saturating_sub(width_of(rest)).max(1);
            };
        for word in para.split(' ') {
            let ww = width_of(word);
            if w > 0 && w + 1 + ww > room {
                flush(&mut line, &mut w, &mut indent, &mut room);
            }
            if w > 0 {
                line.push(' ');
                w += 1;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > room && w > 0 {
                    flush(&mut line, &mut w, &mut indent, &mut room);
                }
                line.push(c);
                w += cw;
            }
        }
        flush(&mut line, &mut w, &mut indent, &mut room);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_columns_not_characters() {
        assert_eq!(width_of("王小明"), 6);
        // "Zoë" spelled with a combining diaeresis: three columns, four chars.
        assert_eq!(width_of("Zoe\u{308}"), 3);
        assert_eq!(pad("王小明", 8), "王小明  ");
        assert_eq!(pad("Zoe\u{308}", 5), "Zoe\u{308}  ");
    }

    #[test]
    fn a_cut_never_splits_a_character_or_overflows() {
        // The accent stays with its letter, or both go.
        assert_eq!(fit("Zoe\u{308} Lefèvre", 4), "Zoe\u{308}…");
        assert_eq!(fit("Zoe\u{308} Lefèvre", 3), "Zo…");
        // A wide character that does not fit whole is left out.
        assert_eq!(fit("王小明先生", 6), "王小…");
        assert!(width_of(&fit("王小明先生", 6)) <= 6);
        // A family emoji is one character: kept whole or not at all.
        let family = "👨\u{200d}👩\u{200d}👧 family";
        assert_eq!(fit(family, 3), "👨\u{200d}👩\u{200d}👧…");
        assert_eq!(fit_to(family, None), family);
    }
}
