//! Contact CSVs: Google Contacts, Outlook and LinkedIn's `Connections.csv`,
//! told apart by their header (not the file's name), read into the same
//! [`Contact`]s as a vCard so one import runs them all.

mod google;
mod linkedin;
mod outlook;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::YearDay;
use crate::vcard::Contact;

/// The formats ties reads, as the error names them.
pub const KNOWN: &str = "Google Contacts, Outlook, LinkedIn Connections.csv";

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("its header is not one ties knows (it reads the CSV exports of {KNOWN})")]
    UnknownHeader,
    #[error("it is empty")]
    Empty,
    #[error(
        "a quote opened on line {0} is never closed, so the rest of the file would be one cell; close it and import again"
    )]
    UnclosedQuote(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Google,
    Outlook,
    LinkedIn,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Google => "Google Contacts",
            Format::Outlook => "Outlook",
            Format::LinkedIn => "LinkedIn",
        }
    }

    /// The format a row of column names belongs to.
    fn of(header: &[String]) -> Option<Format> {
        let has = |c: &str| header.iter().any(|h| h == c);
        let named = has("First Name") || has("Name") || has("Given Name");
        if has("First Name") && has("URL") && has("Connected On") {
            return Some(Format::LinkedIn);
        }
        if named
            && (has("Labels")
                || has("Group Membership")
                || header.iter().any(|h| h.ends_with(" - Value")))
        {
            return Some(Format::Google);
        }
        let outlook = [
            "E-mail Address",
            "Mobile Phone",
            "Business Phone",
            "Home Phone",
            "Job Title",
        ];
        if has("First Name") && outlook.iter().any(|c| has(c)) {
            return Some(Format::Outlook);
        }
        None
    }
}

/// One row, its cells found by column name.
pub(crate) struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
    /// The columns a format read, so the others are not dropped unsaid.
    read: std::cell::RefCell<Vec<bool>>,
    /// How the file writes 04/03/1980: day first (found in the file) or
    /// month first (Outlook's US default, when nothing in the file says).
    day_first: bool,
}

impl Row<'_> {
    /// The cell of a column, trimmed ("" when the column or cell is absent).
    fn get(&self, column: &str) -> &str {
        let Some(&i) = self.columns.get(column) else {
            return "";
        };
        if let Some(r) = self.read.borrow_mut().get_mut(i) {
            *r = true;
        }
        self.record.get(i).map(str::trim).unwrap_or("")
    }

    /// The cells no format read, as (key, value) for `[about]`: a Google
    /// "Relation 1 - Label"/"- Value" pair as `spouse = "Maria"`, other
    /// columns by their header. Exporters' bookkeeping is left out.
    fn unread(&self, header: &[String]) -> Vec<(String, String)> {
        let read = self.read.borrow().clone();
        let mut out: Vec<(String, String)> = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let v = self.record.get(i).map(str::trim).unwrap_or("");
            if read.get(i).copied().unwrap_or(true) || v.is_empty() || bookkeeping(h, v) {
                continue;
            }
            if let Some(group) = h
                .strip_suffix(" - Label")
                .or_else(|| h.strip_suffix(" - Type"))
                && !self.get(&format!("{group} - Value")).is_empty()
            {
                continue;
            }
            let key = match h.strip_suffix(" - Value") {
                Some(group) => match self.get(&format!("{group} - Label")) {
                    "" => self.get(&format!("{group} - Type")).to_string(),
                    l => l.to_string(),
                }
                .trim_start_matches("* ")
                .to_string(),
                None => String::new(),
            };
            let key = about_key(if key.is_empty() { h } else { &key });
            if !key.is_empty() && !out.iter().any(|(k, _)| *k == key) {
                out.push((key, v.replace("\r\n", "\n")));
            }
        }
        out
    }

    fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column).replace("\r\n", "\n")).filter(|s| !s.is_empty())
    }

    fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }
}

/// Columns and values exporters fill in for every contact: Outlook's
/// "Normal" priority, "False" private, "SMTP" e-mail type, display names.
fn bookkeeping(header: &str, value: &str) -> bool {
    matches!(value, "Normal" | "False" | "Unspecified" | "SMTP" | "0/0/00")
        || header.ends_with("Display Name")
        // Google's one-line form of an address it also gives in parts.
        || header.ends_with(" - Formatted")
        || matches!(header, "Photo" | "File As" | "Initials")
}

/// A header as an `[about]` key: "Organization Department" ->
/// "organization_department".
fn about_key(header: &str) -> String {
    let mut key = String::new();
    for w in header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push('_');
        }
        key.push_str(&w.to_lowercase());
    }
    key
}

/// Whether slashed dates in the file put the day first: only when one
/// of them cannot be month-first (31/12/1980) and none cannot be day-first.
fn day_first(records: &[csv::StringRecord]) -> bool {
    let (mut day, mut month) = (false, false);
    for cell in records.iter().flat_map(|r| r.iter()) {
        let nums: Vec<u32> = cell
            .trim()
            .split('/')
            .map(|n| n.parse().unwrap_or(0))
            .collect();
        if nums.len() == 3 && nums[2] > 0 {
            day |= nums[0] > 12 && nums[1] <= 12;
            month |= nums[1] > 12 && nums[0] <= 12;
        }
    }
    day && !month
}

/// Where a quote opens that is never closed (its line), which would make
/// the rest of the file one cell of one contact.
fn unclosed_quote(text: &str) -> Option<usize> {
    let (mut open, mut line, mut opened) = (false, 1, 0);
    for c in text.chars() {
        match c {
            '"' => {
                open = !open;
                if open {
                    opened = line;
                }
            }
            '\n' => line += 1,
            _ => {}
        }
    }
    open.then_some(opened)
}

/// Every contact in a CSV file, the rows that could not be read, and the
/// format found; an error when the header is none ties knows.
pub fn parse(text: &str) -> Result<(Format, Vec<Contact>, Vec<String>), CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    let (format, at) = header_at(text).ok_or(CsvError::UnknownHeader)?;
    // Lines before the header (LinkedIn's preamble), so rows are named by
    // the line an editor shows.
    let before = text[..at].matches('\n').count();
    if let Some(line) = unclosed_quote(&text[at..]) {
        return Err(CsvError::UnclosedQuote(before + line));
    }
    let mut reader = reader(&text[at..]);
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
        _ => return Err(CsvError::UnknownHeader),
    };
    let records: Vec<_> = records.collect();
    let day_first = day_first(
        &records
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .cloned()
            .collect::<Vec<_>>(),
    );
    let mut columns = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        // The first of two same-named columns.
        columns.entry(h.clone()).or_insert(i);
    }
    let (mut contacts, mut skipped) = (Vec::new(), Vec::new());
    for record in records {
        let row_no = match &record {
            Ok(r) => r.position().map_or(0, |p| p.line() as usize),
            Err(e) => e.position().map_or(0, |p| p.line() as usize),
        } + before;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                skipped.push(format!("line {row_no}: {e}"));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row {
            columns: &columns,
            record: &record,
            read: std::cell::RefCell::new(vec![false; header.len()]),
            day_first,
        };
        let mut c = match format {
            Format::Google => google::contact(&row),
            Format::Outlook => outlook::contact(&row),
            Format::LinkedIn => linkedin::contact(&row),
        };
        c.about = row.unread(&header);
        c.name = crate::vcard::one_line(&c.name);
        if c.name.is_empty() {
            match c.org.clone().or_else(|| c.emails.first().cloned()) {
                Some(name) => c.name = name,
                None => {
                    skipped.push(format!("line {row_no}: it has no name, org or email"));
                    continue;
                }
            }
        }
        contacts.push(c);
    }
    Ok((format, contacts, skipped))
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Where the header starts: the first line, or after a preamble (LinkedIn
/// writes a few lines of "Notes:" and a blank line before it).
fn header_at(text: &str) -> Option<(Format, usize)> {
    let mut at = 0;
    for line in text.split_inclusive('\n').take(PREAMBLE_LINES) {
        let first = reader(&text[at..]).records().next();
        if let Some(Ok(r)) = first {
            let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
            if let Some(f) = Format::of(&cells) {
                return Some((f, at));
            }
        }
        at += line.len();
    }
    None
}

/// How far down a header is looked for.
const PREAMBLE_LINES: usize = 20;

/// The full name from its parts, in reading order.
fn full_name(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A day as contact exports write it: 1980-03-14, --03-14, 03-14,
/// 3/14/1980 (14/3/1980 when the first number cannot be a month),
/// 14 Mar 1980, March 14, 1980. `None` when it is none of these.
fn date(raw: &str, day_first: bool) -> Option<YearDay> {
    let raw = raw.trim();
    if let Some(d) = YearDay::parse(raw) {
        return Some(d);
    }
    let full = |f: &str| {
        NaiveDate::parse_from_str(raw, f)
            .ok()
            .map(YearDay::from_date)
    };
    if let Some(d) = ["%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d-%b-%y"]
        .iter()
        .find_map(|f| full(f))
    {
        return Some(d);
    }
    let nums: Vec<&str> = raw.split('/').collect();
    if nums.len() == 3 && nums.iter().all(|n| n.chars().all(|c| c.is_ascii_digit())) {
        let (a, b) = (nums[0].parse().ok()?, nums[1].parse().ok()?);
        let year: i32 = nums[2].parse().ok()?;
        let (month, day) = if a > 12 || (day_first && b <= 12) {
            (b, a)
        } else {
            (a, b)
        };
        // Two-digit years are the past century's or this one's.
        let year = match (nums[2].len(), year) {
            (2, y) if y > 30 => 1900 + y,
            (2, y) => 2000 + y,
            (_, y) => y,
        };
        return NaiveDate::from_ymd_opt(year, month, day).map(YearDay::from_date);
    }
    None
}

/// Sets a birthday or anniversary from a cell: an unreadable one is kept
/// as text; Outlook's "0/0/00" means none.
fn set_day(c: &mut Contact, row: &Row, key: &str, raw: &str) {
    let zero = raw.contains('0') && raw.chars().all(|ch| ch == '0' || !ch.is_alphanumeric());
    if zero {
        return;
    }
    c.set_day(key, raw, date(raw, row.day_first));
}

/// Google's and Outlook's bookkeeping groups, not tags.
fn system_label(l: &str) -> bool {
    matches!(
        l.trim_start_matches("* ").to_ascii_lowercase().as_str(),
        "mycontacts" | "starred" | "starred in android" | "my contacts"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_exports_write() {
        let s = |r: &str| date(r, false).map(|d| d.to_string());
        assert_eq!(s("1980-03-14").as_deref(), Some("1980-03-14"));
        assert_eq!(s("--03-14").as_deref(), Some("--03-14"));
        assert_eq!(s("3/14/1980").as_deref(), Some("1980-03-14"));
        assert_eq!(s("14/3/1980").as_deref(), Some("1980-03-14"));
        assert_eq!(s("12 Mar 2021").as_deref(), Some("2021-03-12"));
        assert_eq!(s("1975-02-29"), None);
        assert_eq!(s("2/29/1975"), None);
        assert_eq!(s("soon"), None);
        // A file whose dates are day first reads 04/03/1980 as 4 March.
        assert_eq!(
            date("04/03/1980", true).map(|d| d.to_string()).as_deref(),
            Some("1980-03-04")
        );
    }

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        assert_eq!(
            unclosed_quote("a,b\n1,\"x\"\"y\"\n2,\"open\n3,z\n"),
            Some(3)
        );
        assert_eq!(unclosed_quote("a,b\n1,\"x\ny\"\n"), None);
    }

    #[test]
    fn an_unknown_header_is_an_error() {
        assert!(parse("a,b,c\n1,2,3\n").is_err());
        assert!(parse("").is_err());
    }
}
