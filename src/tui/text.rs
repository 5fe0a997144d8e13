//! Text measured in display columns: cut to fit, and word-wrapped.

/// Cuts a string to at most `max` display columns, with an ellipsis.
pub fn fit(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut w = 0;
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= max {
        return s.to_string();
    }
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

pub fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
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
