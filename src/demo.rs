//! The demo vault that ships inside the binary: about a dozen realistic people
//! with a year of history, dated so that "today" falls where the notes expect.

use std::path::Path;

use chrono::{Duration, NaiveDate};

use crate::store::{Result, Vault, fsutil};

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// The day the demo notes were written for.
pub const ANCHOR: &str = "2026-11-23";

/// Writes the demo vault into `dir`, shifting its dates by whole weeks so the
/// newest notes are days old on `today` (weekdays stay as written).
pub fn write_demo(dir: &Path, today: NaiveDate) -> Result<Vault> {
    let vault = Vault::create(dir)?;
    // A constant of this file, checked by the demo's tests.
    #[allow(clippy::expect_used)]
    let anchor = NaiveDate::parse_from_str(ANCHOR, "%Y-%m-%d").expect("valid anchor");
    let weeks = (today - anchor).num_days().div_euclid(7);
    for (name, text) in DEMO_FILES {
        let text = shift_dates(text, Duration::weeks(weeks));
        fsutil::write_atomic(
            &vault.people_dir().join(name),
            text.as_bytes(),
            &vault.state_dir().join("tmp"),
            Some(0o600),
        )?;
    }
    Ok(vault)
}

/// Moves every `YYYY-MM-DD` in `text` by `by`; yearless `--MM-DD` stays.
pub fn shift_dates(text: &str, by: Duration) -> String {
    if by.is_zero() {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i + 10 <= b.len() {
        let looks = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'-'
            && b[i + 8..i + 10].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        if looks && let Ok(d) = NaiveDate::parse_from_str(&text[i..i + 10], "%Y-%m-%d") {
            out.push_str(&text[last..i]);
            out.push_str(&(d + by).format("%Y-%m-%d").to_string());
            i += 10;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_full_dates_only() {
        let s = shift_dates(
            "at = 2026-11-20T15:30:00-05:00\nbirthday = \"--07-14\"\non = 2019-04-01\n",
            Duration::weeks(1),
        );
        assert_eq!(
            s,
            "at = 2026-11-27T15:30:00-05:00\nbirthday = \"--07-14\"\non = 2019-04-08\n"
        );
    }

    #[test]
    fn every_demo_file_parses() {
        assert!(DEMO_FILES.len() >= 10);
        for (name, text) in DEMO_FILES {
            let slug = name.trim_end_matches(".toml");
            crate::store::parse_loaded(slug, text.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
