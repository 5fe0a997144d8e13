//! Reading a person file into the typed view, leniently where the user's
//! intent is clear (a single string for a list, a date as a string) and with a
//! plain-words reason and a line number where it is not.

use chrono::NaiveDate;
use toml_edit::{Item, TableLike, Value};

use crate::model::{
    Archived, Cadence, Entry, Intro, Person, REL_KEY, Todo, When, YearDay, YearlyDate,
};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read as a person: the line (1-based) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flaw {
    pub line: Option<usize>,
    pub reason: String,
}

impl Flaw {
    fn new(line: Option<usize>, reason: impl Into<String>) -> Flaw {
        Flaw {
            line,
            reason: reason.into(),
        }
    }
}

/// Bytes of a file to a document and its typed view.
pub fn parse(slug: &str, bytes: &[u8]) -> Result<(toml_edit::Document<String>, Person), Flaw> {
    let text = check_text(bytes)?;
    let doc = toml_edit::Document::parse(text.to_string()).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        // Only a file that does not parse can be an unfinished merge:
        // markers inside a string (a quoted email) are text.
        match marker_line_from(text, line) {
            Some(at) => Flaw::new(Some(at), conflict_reason(text)),
            None => Flaw::new(line, format!("not valid TOML: {}", first_line(e.message()))),
        }
    })?;
    let person = Reader { src: text }.person(slug, doc.as_table())?;
    Ok((doc, person))
}

/// The checks that come before TOML: size, emptiness, encoding.
pub fn check_text(bytes: &[u8]) -> Result<&str, Flaw> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Flaw::new(
            None,
            // The reader stops just past the limit, so the real size is unknown here.
            format!(
                "the file is too large: ties reads person files up to {} MB",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Flaw::new(Some(line), "not UTF-8 text")
    })?;
    if text.trim().is_empty() {
        return Err(Flaw::new(
            None,
            "the file is empty (a person needs at least `name`)",
        ));
    }
    Ok(text)
}

fn conflict_reason(text: &str) -> String {
    let keys = conflicting_keys(text);
    if keys.is_empty() {
        "unresolved git merge (conflict markers left in the file)".to_string()
    } else {
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        format!(
            "unresolved git merge: both sides changed {} (edit the file to keep one)",
            keys.join(", ")
        )
    }
}

/// The keys written between conflict markers (`org`, `about.family`).
pub fn conflicting_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut table = String::new();
    let mut inside = false;
    for l in text.lines() {
        let t = l.trim();
        if l.starts_with("<<<<<<<") {
            inside = true;
        } else if l.starts_with(">>>>>>>") {
            inside = false;
        } else if l.starts_with("=======") {
        } else if t.starts_with('[') && !t.starts_with("[[") {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        } else if t.starts_with("[[") {
            table.clear();
        } else if inside && let Some((k, _)) = t.split_once('=') {
            let k = k.trim().trim_matches('"');
            let full = if table.is_empty() {
                k.to_string()
            } else {
                format!("{table}.{k}")
            };
            if !k.is_empty() && !keys.contains(&full) {
                keys.push(full);
            }
        }
    }
    keys
}

fn is_marker(l: &str) -> bool {
    l.starts_with("<<<<<<< ") || l == "<<<<<<<" || l.starts_with(">>>>>>> ")
}

/// The line (1-based) of a git conflict marker left by an unfinished
/// merge, if any. A file that parses as TOML has none: a marker-like line
/// inside a string (a quoted email) is text.
pub fn conflict_line(text: &str) -> Option<usize> {
    // Most files have no marker-like line at all: no need to parse them.
    text.lines().position(is_marker)?;
    let err = toml_edit::Document::parse(text).err()?;
    marker_line_from(text, err.span().map(|s| line_of(text, s.start)))
}

/// The first marker line at or after the line where TOML stopped (a marker
/// outside strings stops it), else the first marker line.
fn marker_line_from(text: &str, error_line: Option<usize>) -> Option<usize> {
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| is_marker(l))
        .map(|(i, _)| i + 1)
        .collect();
    let from = error_line.unwrap_or(0);
    lines
        .iter()
        .find(|&&l| l >= from)
        .or(lines.first())
        .copied()
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("").trim()
}

pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() + 1
}

struct Reader<'a> {
    src: &'a str,
}

const TOP_KEYS: &[&str] = &[
    "name", "aka", "org", "role", "email", "phone", "tags", "met", "cadence", "birthday", "snooze",
    "archived", "about", "date", "todo", "log",
];
const LOG_KEYS: &[&str] = &[
    "at", "via", "text", "ask", "asked", "private", "why", "with",
];

impl Reader<'_> {
    fn line(&self, item: &Item) -> Option<usize> {
        item.span().map(|s| line_of(self.src, s.start))
    }

    fn flaw(&self, item: &Item, reason: impl Into<String>) -> Flaw {
        Flaw::new(self.line(item), reason)
    }

    fn person(&self, slug: &str, t: &dyn TableLike) -> Result<Person, Flaw> {
        let name = match t.get("name") {
            Some(item) if self.string(item, "name")?.trim().is_empty() => {
                return Err(self.flaw(item, "`name` is empty"));
            }
            Some(item) => self.string(item, "name")?,
            None => {
                return Err(Flaw::new(
                    Some(1),
                    "no `name` (every person file needs `name = \"...\"`)",
                ));
            }
        };
        let mut p = Person {
            slug: slug.to_string(),
            name,
            ..Person::default()
        };
        p.aka = self.opt_list(t, "aka")?;
        p.org = self.opt_string(t, "org")?;
        p.role = self.opt_string(t, "role")?;
        p.email = self.opt_list(t, "email")?;
        p.phone = self.opt_list(t, "phone")?;
        p.tags = self.opt_list(t, "tags")?;
        p.met = self.opt_string(t, "met")?;
        if let Some(item) = t.get("cadence") {
            let s = self.string(item, "cadence")?;
            p.cadence = Some(Cadence::parse(&s).ok_or_else(|| {
                self.flaw(item, format!("`cadence = \"{s}\"` is not a cadence (write it like \"30d\", \"2w\", \"3m\" or \"1y\")"))
            })?);
        }
        if let Some(item) = t.get("birthday") {
            p.birthday = Some(self.year_day(item, "birthday")?);
        }
        if let Some(item) = t.get("snooze") {
            p.snooze = Some(self.date(item, "snooze")?);
        }
        if let Some(item) = t.get("archived") {
            // `archived = false` (or an editor's leftover) is not archived.
            p.archived = match item.as_bool() {
                Some(true) => Some(Archived { on: None }),
                Some(false) => None,
                None => Some(Archived {
                    on: Some(self.date(item, "archived")?),
                }),
            };
        }
        if let Some(item) = t.get("about") {
            let about = item
                .as_table_like()
                .ok_or_else(|| self.flaw(item, "`about` should be a table of facts"))?;
            for (k, v) in about.iter() {
                p.about.push((k.to_string(), self.string_or_shown(v)));
            }
        }
        for (i, e) in self.tables(t, "date")?.into_iter().enumerate() {
            let (item, dt) = e;
            let what = format!("date {}", i + 1);
            let label = self.opt_string(dt, "label")?.unwrap_or_default();
            let on = dt
                .get("on")
                .ok_or_else(|| self.flaw(item, format!("{what} has no `on` day")))?;
            p.dates.push(YearlyDate {
                label,
                on: self.year_day(on, &format!("`on` in {what}"))?,
            });
        }
        for (i, (item, tt)) in self.tables(t, "todo")?.into_iter().enumerate() {
            let what = format!("todo {}", i + 1);
            let text = match tt.get("text") {
                Some(v) => self.string(v, &format!("`text` in {what}"))?,
                None => return Err(self.flaw(item, format!("{what} has no `text`"))),
            };
            let due = match tt.get("due") {
                Some(v) => Some(self.date(v, &format!("`due` in {what}"))?),
                None => None,
            };
            let done = match tt.get("done") {
                Some(v) => self.bool(v, &format!("`done` in {what}"))?,
                None => false,
            };
            p.todos.push(Todo {
                number: i + 1,
                text,
                due,
                done,
            });
        }
        // Read as ties's only in ties's shapes; anything else under these
        // names is the user's own key, kept and shown as written.
        let mut own: Vec<&str> = Vec::new();
        if let Some(links) = t.get(REL_KEY).and_then(Item::as_table_like)
            && links.iter().all(|(_, v)| v.as_str().is_some())
        {
            own.push(REL_KEY);
            for (slug, v) in links.iter() {
                let label = v.as_str().unwrap_or_default().trim();
                p.relations
                    .push((slug.trim().to_string(), label.to_string()));
            }
        }
        // `[[intro]]` tables are ties's when each names whom (`with`).
        let has_with = |v: &toml_edit::InlineTable| v.get("with").is_some_and(|w| w.is_str());
        let intro_tables = match t.get("intro") {
            Some(Item::ArrayOfTables(a)) => a
                .iter()
                .all(|t| t.get("with").is_some_and(|w| w.as_str().is_some())),
            Some(Item::Value(Value::Array(a))) => {
                !a.is_empty() && a.iter().all(|v| v.as_inline_table().is_some_and(has_with))
            }
            _ => false,
        };
        let intros = if intro_tables {
            own.push("intro");
            self.tables(t, "intro")?
        } else {
            Vec::new()
        };
        for (i, (item, it)) in intros.into_iter().enumerate() {
            let what = format!("intro {}", i + 1);
            let with = it.get("with").and_then(Item::as_str).unwrap_or_default();
            let on = match it.get("on") {
                Some(v) => self.date(v, &format!("`on` in {what}"))?,
                None => return Err(self.flaw(item, format!("{what} has no `on` date"))),
            };
            let followed = match it.get("followed") {
                Some(v) => Some(self.date(v, &format!("`followed` in {what}"))?),
                None => None,
            };
            let ask = match it.get("ask") {
                Some(v) => self.bool(v, &format!("`ask` in {what}"))?,
                None => false,
            };
            p.intros.push(Intro {
                with: with.trim().to_string(),
                on,
                why: self.opt_string(it, "why")?,
                ask,
                followed,
            });
        }
        for (i, (item, lt)) in self.tables(t, "log")?.into_iter().enumerate() {
            let mut e = self.entry(i + 1, item, lt)?;
            e.pos = i;
            p.log.push(e);
        }
        // Stable: entries written at the same moment keep their file order.
        p.log.sort_by_key(|e| e.at.order_key());
        for (k, v) in t.iter() {
            if !TOP_KEYS.contains(&k) && !own.contains(&k) {
                p.extra.push((k.to_string(), self.string_or_shown(v)));
            }
        }
        Ok(p)
    }

    fn entry(&self, n: usize, item: &Item, t: &dyn TableLike) -> Result<Entry, Flaw> {
        let what = format!("log entry {n}");
        let at = match t.get("at") {
            Some(v) => self.when(v, &format!("`at` in {what}"))?,
            None => return Err(self.flaw(item, format!("{what} has no `at` date"))),
        };
        let via = self
            .opt_string(t, "via")?
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "note".to_string());
        let text = self.opt_string(t, "text")?.unwrap_or_default();
        let ask = self.opt_list(t, "ask")?;
        let asked = match t.get("asked") {
            Some(_) => Some(self.opt_list(t, "asked")?),
            None => None,
        };
        let private = match t.get("private") {
            Some(v) => self.bool(v, &format!("`private` in {what}"))?,
            None => false,
        };
        let why = self.opt_string(t, "why")?;
        // `@tom` written by hand means the slug, as in a note's text.
        // Another shape (a number, a table) is the user's own key, kept.
        let listed = self.opt_list(t, "with");
        let with_ok = listed.is_ok();
        let mut with: Vec<String> = Vec::new();
        for w in listed.unwrap_or_default() {
            let w = w.trim().trim_start_matches('@');
            if !w.is_empty() && !with.iter().any(|s| s == w) {
                with.push(w.to_string());
            }
        }
        let extra = t
            .iter()
            .filter(|(k, _)| !LOG_KEYS.contains(k) || (*k == "with" && !with_ok))
            .map(|(k, v)| (k.to_string(), self.string_or_shown(v)))
            .collect();
        Ok(Entry {
            pos: 0,
            at,
            via: via.trim().to_string(),
            text,
            ask,
            asked,
            private,
            why,
            with,
            extra,
        })
    }

    /// The tables of an array of tables (`[[log]]`) or of an inline array of
    /// inline tables (`log = [{...}]`).
    fn tables<'t>(
        &self,
        t: &'t dyn TableLike,
        key: &str,
    ) -> Result<Vec<(&'t Item, &'t dyn TableLike)>, Flaw> {
        let Some(item) = t.get(key) else {
            return Ok(Vec::new());
        };
        let bad = || {
            self.flaw(
                item,
                format!("`{key}` should be a list of tables (`[[{key}]]`)"),
            )
        };
        match item {
            Item::ArrayOfTables(a) => Ok(a.iter().map(|t| (item, t as &dyn TableLike)).collect()),
            Item::Value(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_inline_table()
                        .map(|t| (item, t as &dyn TableLike))
                        .ok_or_else(bad)
                })
                .collect(),
            _ => Err(bad()),
        }
    }

    fn string(&self, item: &Item, what: &str) -> Result<String, Flaw> {
        item.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.flaw(item, format!("{} should be text", quote(what))))
    }

    fn opt_string(&self, t: &dyn TableLike, key: &str) -> Result<Option<String>, Flaw> {
        t.get(key).map(|i| self.string(i, key)).transpose()
    }

    /// A list of strings, or a single string standing for a list of one.
    fn opt_list(&self, t: &dyn TableLike, key: &str) -> Result<Vec<String>, Flaw> {
        let Some(item) = t.get(key) else {
            return Ok(Vec::new());
        };
        if let Some(s) = item.as_str() {
            return Ok(vec![s.to_string()]);
        }
        let bad = || self.flaw(item, format!("`{key}` should be text or a list of text"));
        let arr = item.as_array().ok_or_else(bad)?;
        arr.iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
            .collect()
    }

    fn bool(&self, item: &Item, what: &str) -> Result<bool, Flaw> {
        item.as_bool()
            .ok_or_else(|| self.flaw(item, format!("{} should be true or false", quote(what))))
    }

    fn date(&self, item: &Item, what: &str) -> Result<NaiveDate, Flaw> {
        match self.when(item, what)? {
            When::Date(d) => Ok(d),
            _ => Err(self.flaw(
                item,
                format!("{} should be a date like 2026-11-30", quote(what)),
            )),
        }
    }

    fn when(&self, item: &Item, what: &str) -> Result<When, Flaw> {
        let text = match (item.as_datetime(), item.as_str()) {
            (Some(dt), _) => dt.to_string(),
            (None, Some(s)) => s.trim().to_string(),
            _ => {
                return Err(self.flaw(
                    item,
                    format!("{} should be a date or date-time", quote(what)),
                ));
            }
        };
        When::parse(&text).ok_or_else(|| {
            self.flaw(
                item,
                format!(
                    "{} = \"{text}\" is not a date (write 2026-11-20 or 2026-11-20T15:30:00-05:00)",
                    quote(what)
                ),
            )
        })
    }

    fn year_day(&self, item: &Item, what: &str) -> Result<YearDay, Flaw> {
        let parsed = match (item.as_datetime(), item.as_str()) {
            (Some(dt), _) => YearDay::parse(&dt.to_string()),
            (None, Some(s)) => YearDay::parse(s),
            _ => None,
        };
        parsed.ok_or_else(|| {
            self.flaw(
                item,
                format!(
                    "{} should be a day like \"--07-14\" or 1986-07-14",
                    quote(what)
                ),
            )
        })
    }

    /// A value shown as written: strings as they are, anything else as TOML.
    fn string_or_shown(&self, item: &Item) -> String {
        match item.as_str() {
            Some(s) => s.to_string(),
            None => match item {
                Item::Value(v) => v.clone().decorated("", "").to_string(),
                other => other.to_string().trim().to_string(),
            },
        }
    }
}

fn quote(what: &str) -> String {
    if what.starts_with('`') {
        what.to_string()
    } else {
        format!("`{what}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flaw(src: &str) -> Flaw {
        parse("x", src.as_bytes()).unwrap_err()
    }

    #[test]
    fn reads_the_documented_example() {
        let src = include_str!("../../tests/fixtures/ana-lima.toml");
        let (_, p) = parse("ana-lima", src.as_bytes()).unwrap();
        assert_eq!(p.name, "Ana Lima");
        assert_eq!(p.aka, ["Ani"]);
        assert_eq!(p.email, ["ana.lima@example.com"]);
        assert_eq!(p.cadence.unwrap().to_string(), "30d");
        assert_eq!(p.birthday.unwrap().to_string(), "--07-14");
        assert_eq!(
            p.about[0],
            (
                "family".to_string(),
                "Partner João; kids Bia (2016, cello) and Leo (2019)".to_string()
            )
        );
        assert_eq!(p.dates[0].label, "Work anniversary");
        assert_eq!(p.todos[0].due.unwrap().to_string(), "2026-11-30");
        let last = p.log.last().unwrap();
        assert_eq!(last.via, "call");
        assert!(last.private);
        assert_eq!(last.ask, ["How did the recital go?"]);
        assert!(
            p.extra
                .iter()
                .any(|(k, v)| k == "linkedin" && v.contains("ana-lima"))
        );
    }

    #[test]
    fn single_strings_and_string_dates_are_accepted() {
        let (_, p) = parse(
            "x",
            b"name = \"Bo\"\nemail = \"bo@example.com\"\ntags = \"client\"\nbirthday = \"1986-07-14\"\n[[log]]\nat = \"2026-05-04\"\ntext = \"hi\"\n",
        )
        .unwrap();
        assert_eq!(p.email, ["bo@example.com"]);
        assert_eq!(p.tags, ["client"]);
        assert_eq!(p.birthday.unwrap().year, Some(1986));
        assert_eq!(
            p.log[0].at,
            When::Date(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap())
        );
        assert_eq!(p.log[0].via, "note");
    }

    #[test]
    fn problems_name_the_line_and_the_reason() {
        let f = flaw("name = \"Bo\"\norg = [1]\n");
        assert_eq!(f.line, Some(2));
        assert!(f.reason.contains("`org` should be text"), "{}", f.reason);

        let f = flaw("name = \"Bo\"\n\n[[log]]\nat = 2026-01-01\nprivate = \"yes\"\n");
        assert_eq!(f.line, Some(5));
        assert!(
            f.reason
                .contains("`private` in log entry 1 should be true or false"),
            "{}",
            f.reason
        );

        let f = flaw("name = \"Bo\"\nthis is not toml\n");
        assert_eq!(f.line, Some(2));
        assert!(f.reason.starts_with("not valid TOML"), "{}", f.reason);

        let f = flaw(
            "name = \"Bo\"\n<<<<<<< HEAD\norg = \"A\"\n=======\norg = \"B\"\n>>>>>>> theirs\n",
        );
        assert_eq!(f.line, Some(2));
        assert!(f.reason.contains("unresolved git merge"), "{}", f.reason);

        assert!(flaw("  \n").reason.contains("empty"));
        assert!(
            parse("x", b"name = \"\xff\"")
                .unwrap_err()
                .reason
                .contains("UTF-8")
        );
        assert!(flaw("org = \"A\"\n").reason.contains("no `name`"));
        assert!(
            flaw("name = \"A\"\ncadence = \"often\"\n")
                .reason
                .contains("not a cadence")
        );
        assert!(
            flaw("name = \"A\"\n[[log]]\ntext = \"x\"\n")
                .reason
                .contains("has no `at`")
        );
        assert!(
            flaw("name = \"A\"\n[[log]]\nat = \"last week\"\n")
                .reason
                .contains("is not a date")
        );
    }

    #[test]
    fn entries_sort_by_time_whatever_their_offset() {
        let (_, p) = parse(
            "x",
            b"name = \"A\"\n[[log]]\nat = 2026-01-01T10:00:00+01:00\ntext = \"second\"\n[[log]]\nat = 2026-01-01T08:30:00Z\ntext = \"first\"\n",
        )
        .unwrap();
        assert_eq!(p.log[0].text, "first");
    }
}
