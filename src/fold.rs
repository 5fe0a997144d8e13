//! Folding text for matching: lowercase ASCII, diacritics removed ("Zoë" -> "zoe").

/// Folds one string for comparison: `"Zoë Lefèvre"` becomes `"zoe lefevre"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

/// Folds one character into `out`. ASCII takes the fast path; the rest goes
/// through `deunicode`, which transliterates most scripts.
pub fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(t) = deunicode::deunicode_char(c) {
        for t in t.chars() {
            out.push(t.to_ascii_lowercase());
        }
    }
}

/// The file name a person gets from their name: lowercase ASCII words joined by
/// `-`, at most 60 characters, never empty, never starting with a dot.
pub fn slugify(name: &str) -> String {
    let folded = fold(name);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    const MAX: usize = 60;
    if slug.len() > MAX {
        let cut = slug[..MAX].rfind('-').filter(|&i| i >= 20).unwrap_or(MAX);
        slug.truncate(cut);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    if slug.is_empty() {
        slug.push_str("person");
    }
    slug
}

/// Whether `s` is a slug ties could have made: the only strings ever turned into
/// a path under `people/`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("Zoë Lefèvre"), "zoe lefevre");
        assert_eq!(fold("JOÃO"), "joao");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slugify("Zoë Lefèvre"), "zoe-lefevre");
        assert_eq!(slugify("  Ana   Lima "), "ana-lima");
        assert_eq!(slugify("../../x"), "x");
        assert_eq!(slugify("/etc/passwd"), "etc-passwd");
        assert_eq!(slugify(".hidden"), "hidden");
        assert_eq!(slugify("!!! ???"), "person");
        assert_eq!(slugify("O'Brien, Seán"), "o-brien-sean");
        let long = slugify(&"abcdefghij ".repeat(30));
        assert!(long.len() <= 60, "{long}");
        assert!(is_slug(&long));
        for name in [
            "../../x",
            "/etc/passwd",
            ".hidden",
            "%%%",
            "a/b\\c",
            "é",
            "\u{202e}evil",
        ] {
            assert!(is_slug(&slugify(name)), "{name}");
        }
    }

    #[test]
    fn only_plain_slugs_pass() {
        assert!(is_slug("ana-lima-2"));
        for bad in [
            "", "..", "../x", ".hidden", "Ana", "a--b", "-a", "a/b", "a.toml",
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
