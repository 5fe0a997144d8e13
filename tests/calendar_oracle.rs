//! The differential test of issue 12: ties's meetings against those of an
//! independent reader (python's `icalendar` + `recurring-ical-events`),
//! recorded in tests/calendars/expected.tsv by `scripts/calendar-oracle.sh`,
//! so that `cargo test` checks them without Python.
//!
//! A difference fails the test unless tests/calendars/accepted.tsv lists it
//! with the reason ties is right or the difference is accepted; an accepted
//! difference that has gone away fails too, so that file never goes stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ties::calendar::{self, Calendar, Meeting, Zone};

const EXPECTED: &str = "tests/calendars/expected.tsv";
const ACCEPTED: &str = "tests/calendars/accepted.tsv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One row of expected.tsv: what the oracle lists for (file, day, viewer).
struct Row {
    path: String,
    day: NaiveDate,
    viewer: String,
    oracle: String,
}

struct Expected {
    rows: Vec<Row>,
    /// Files the oracle could not read, with its reason.
    skipped: Vec<(String, String)>,
}

fn expected() -> Expected {
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for (n, line) in read(EXPECTED).lines().enumerate() {
        if let Some(rest) = line.strip_prefix("# skipped\t") {
            let (path, reason) = rest.split_once('\t').unwrap_or((rest, ""));
            skipped.push((path.to_string(), reason.to_string()));
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(
            cols.len(),
            4,
            "{EXPECTED} line {}: not 4 columns: {line}",
            n + 1
        );
        let day = NaiveDate::parse_from_str(cols[1], "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{EXPECTED} line {}: bad day {}: {e}", n + 1, cols[1]));
        rows.push(Row {
            path: cols[0].to_string(),
            day,
            viewer: cols[2].to_string(),
            oracle: cols[3].to_string(),
        });
    }
    Expected { rows, skipped }
}

type Key = (String, NaiveDate, String);

/// accepted.tsv: path, day, viewer, reason.
fn accepted() -> BTreeMap<Key, String> {
    let path = root().join(ACCEPTED);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(
            cols.len(),
            4,
            "{ACCEPTED} line {}: want path, day, viewer, reason: {line}",
            n + 1
        );
        let day = NaiveDate::parse_from_str(cols[1], "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{ACCEPTED} line {}: bad day {}: {e}", n + 1, cols[1]));
        assert!(
            !cols[3].trim().is_empty(),
            "{ACCEPTED} line {}: a difference is accepted for a reason",
            n + 1
        );
        out.insert(
            (cols[0].to_string(), day, cols[2].to_string()),
            cols[3].to_string(),
        );
    }
    out
}

/// The comparison line of one meeting (calendar-api): viewer wall times, or
/// dates for an all-day one; the title's whitespace collapsed.
fn line(m: &Meeting) -> String {
    let title = m.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() {
        "(no title)".to_string()
    } else {
        title
    };
    if m.all_day {
        format!("{}/{} {title}", m.start.date_naive(), m.end.date_naive())
    } else {
        let f = "%Y-%m-%dT%H:%M:%S";
        format!("{}/{} {title}", m.start.format(f), m.end.format(f))
    }
}

fn ours(cal: &Calendar, day: NaiveDate, viewer: &Zone) -> String {
    let mut lines: Vec<String> = calendar::on_day_in(std::slice::from_ref(cal), day, viewer)
        .iter()
        .map(line)
        .collect();
    lines.sort();
    lines.join(" | ")
}

/// The file's calendar, and what ties said about reading it.
fn load(rel: &str) -> (Calendar, Vec<String>) {
    let bytes =
        std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
    calendar::parse(rel, &String::from_utf8_lossy(&bytes))
}

fn zone(name: &str) -> Zone {
    Zone::named(name).unwrap_or_else(|| panic!("{EXPECTED} names an unknown viewer zone {name}"))
}

#[test]
fn ties_agrees_with_the_oracle() {
    let expected = expected();
    let accepted = accepted();
    let mut calendars: BTreeMap<String, (Calendar, Vec<String>)> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, NaiveDate), bool> = BTreeMap::new();
    let (mut lines_agree, mut unaccepted, mut seen) = (0, 0, BTreeSet::new());
    let mut report = Vec::new();
    for row in &expected.rows {
        let cal = calendars
            .entry(row.path.clone())
            .or_insert_with(|| load(&row.path));
        let ours = ours(&cal.0, row.day, &zone(&row.viewer));
        let key = (row.path.clone(), row.day, row.viewer.clone());
        let agree = ours == row.oracle;
        *pairs.entry((row.path.clone(), row.day)).or_insert(true) &= agree;
        if agree {
            lines_agree += 1;
            if let Some(reason) = accepted.get(&key) {
                report.push(format!(
                    "STALE accepted difference, now agrees: {} {} {} ({reason})",
                    row.path, row.day, row.viewer
                ));
                unaccepted += 1;
            }
        } else {
            let verdict = match accepted.get(&key) {
                Some(reason) => format!("accepted: {reason}"),
                None => {
                    unaccepted += 1;
                    "NOT ACCEPTED".to_string()
                }
            };
            report.push(format!(
                "{} {} seen from {} [{verdict}]\n    ours:   {}\n    oracle: {}{}",
                row.path,
                row.day,
                row.viewer,
                if ours.is_empty() { "(nothing)" } else { &ours },
                if row.oracle.is_empty() {
                    "(nothing)"
                } else {
                    &row.oracle
                },
                cal.1
                    .iter()
                    .map(|n| format!("\n    ties said: {n}"))
                    .collect::<String>(),
            ));
        }
        seen.insert(key);
    }
    for (key, reason) in &accepted {
        if !seen.contains(key) {
            report.push(format!(
                "STALE accepted difference, not in {EXPECTED}: {} {} {} ({reason})",
                key.0, key.1, key.2
            ));
            unaccepted += 1;
        }
    }
    // What the oracle could not read, ties must still read without panicking.
    for (path, _) in &expected.skipped {
        let (cal, _) = load(path);
        for day in ["2026-06-15", "2026-11-30"] {
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a fixed day");
            ours(&cal, day, &zone("Europe/Vienna"));
        }
    }
    for r in &report {
        println!("{r}");
    }
    let agree = pairs.values().filter(|a| **a).count();
    println!(
        "{agree} of {} (file, day) pairs agree ({lines_agree} of {} (file, day, viewer zone) lines); \
         {} files the oracle could not read were read without a panic",
        pairs.len(),
        expected.rows.len(),
        expected.skipped.len()
    );
    assert_eq!(
        unaccepted, 0,
        "{unaccepted} differences with the oracle are neither accepted in {ACCEPTED} nor current (listed above)"
    );
}

/// Every calendar in tests/calendars/ has expectations (or is recorded as
/// one the oracle skipped), so a new case is never silently left out.
#[test]
fn every_calendar_is_in_the_expectations() {
    let expected = expected();
    let mut known: BTreeSet<String> = expected.rows.iter().map(|r| r.path.clone()).collect();
    known.extend(expected.skipped.iter().map(|(p, _)| p.clone()));
    let mut missing = Vec::new();
    let mut files = Vec::new();
    collect_ics(&root().join("tests/calendars"), &mut files);
    assert!(files.len() > 100, "the corpus and cases are there");
    for file in files {
        let rel = file
            .strip_prefix(root())
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        if !known.contains(&rel) {
            missing.push(rel);
        }
    }
    assert!(
        missing.is_empty(),
        "calendars without expectations (run scripts/calendar-oracle.sh): {missing:#?}"
    );
}

fn collect_ics(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ics(&path, out);
        } else if path.extension().is_some_and(|e| e == "ics") {
            out.push(path);
        }
    }
}
