//! Synthetic vaults for benchmarks and scale tests: realistic people (about 20
//! log entries of 1 to 3 sentences, about 4 KB a file), deterministic for a seed.

use std::path::Path;

use crate::fold::slugify;

const FIRST: &[&str] = &[
    "Ana", "Ravi", "Zoë", "João", "Priya", "Marcus", "Inês", "Tom", "Keiko", "Sam", "Dana",
    "Helen", "Greg", "Nadia", "Lars", "Amira", "Chen", "Sofia", "Mateo", "Olu", "Hannah", "Yusuf",
    "Elena", "Kwame", "Aiko", "Björn", "Lucía", "Tariq", "Maeve", "Dmitri", "Fatima", "Jonas",
    "Rosa", "Emeka", "Ingrid", "Pablo", "Mei", "Noah", "Leila", "Ivan",
];
const LAST: &[&str] = &[
    "Lima",
    "Patel",
    "Lefèvre",
    "Carvalho",
    "Raman",
    "Okafor",
    "Duarte",
    "Brennan",
    "Tanaka",
    "Whitaker",
    "Kowalski",
    "Achterberg",
    "Halvorsen",
    "Haddad",
    "Nilsson",
    "Farouk",
    "Wei",
    "Rossi",
    "García",
    "Adeyemi",
    "Schmidt",
    "Demir",
    "Petrova",
    "Mensah",
    "Sato",
    "Lindqvist",
    "Moreno",
    "Aziz",
    "O'Neill",
    "Volkov",
    "Khan",
    "Becker",
    "Silva",
    "Eze",
    "Berg",
    "Ortega",
    "Zhang",
    "Cohen",
    "Rahimi",
    "Novak",
    "Dubois",
    "Müller",
];
const ORG_A: &[&str] = &[
    "North", "Blue", "Bright", "Clear", "Iron", "Silver", "Harbor", "Summit", "Cedar", "Atlas",
    "Nova", "Granite",
];
const ORG_B: &[&str] = &[
    "vale", "line", "stone", "bridge", "field", "point", "wave", "gate", "works", "path",
];
const ORG_C: &[&str] = &[
    "Health",
    "Systems",
    "Partners",
    "Labs",
    "Group",
    "Capital",
    "Logistics",
    "Energy",
    "Foods",
    "Media",
];
const ROLES: &[&str] = &[
    "CTO",
    "VP Engineering",
    "Head of Procurement",
    "Product Lead",
    "CFO",
    "Director of Operations",
    "Account Executive",
    "CMIO",
    "Founder",
    "Program Manager",
];
const TAGS: &[&str] = &[
    "client",
    "prospect",
    "colleague",
    "mentor",
    "partner",
    "investor",
    "friend",
    "vendor",
    "alumni",
    "board",
];
const VIA: &[&str] = &[
    "call", "call", "meeting", "email", "message", "meal", "note",
];
const SENTENCES: &[&str] = &[
    "Talked through the renewal and the pricing for next year.",
    "She is worried about the budget freeze and asked for a cheaper pilot.",
    "His daughter started at university in Lyon and he is proud of it.",
    "Promised to send the benchmark report by the end of the week.",
    "The migration slipped by two weeks because of a vendor issue.",
    "They hired a new head of security who wants a full review first.",
    "Lunch near the office; we mostly talked about cycling and jazz.",
    "Asked for an introduction to someone who has done this at scale.",
    "The board wants proof of return on investment before Q2.",
    "Good energy on the call, the team is finally aligned on scope.",
    "He is moving to Lisbon in the spring and will work remotely.",
    "Frustrated with support response times; escalated two tickets.",
    "Their kids play in the same football league as mine.",
    "Signed the statement of work; kickoff planned for next month.",
    "She will present our results at the regional conference.",
    "Needs the security questionnaire answered before legal signs.",
    "Mentioned a possible reorganisation that could change her role.",
    "Wants a quarterly check-in rather than monthly from now on.",
];

/// A small deterministic generator (xorshift), so no crate is needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Writes `n` people into `dir/people/` (making the vault). Returns the slugs.
pub fn generate(dir: &Path, n: usize, seed: u64) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir.join("people"))?;
    let mut rng = Rng::new(seed);
    let mut slugs: Vec<String> = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    let orgs: Vec<String> = (0..(n / 8).max(3))
        .map(|_| format!("{}{} {}", rng.pick(ORG_A), rng.pick(ORG_B), rng.pick(ORG_C)))
        .collect();
    for i in 0..n {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let base = slugify(&name);
        let mut slug = base.clone();
        let mut k = 2;
        while !seen.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        let mut t = String::with_capacity(4096);
        t.push_str(&format!("name = \"{name}\"\n"));
        let org = &orgs[rng.below(orgs.len())];
        t.push_str(&format!(
            "org = \"{org}\"\nrole = \"{}\"\n",
            rng.pick(ROLES)
        ));
        t.push_str(&format!(
            "email = [\"{}@example.com\"]\n",
            slug.replace('-', ".")
        ));
        t.push_str(&format!("phone = \"+1 555 {:04}\"\n", i % 10_000));
        t.push_str(&format!(
            "tags = [\"{}\", \"{}\"]\n",
            rng.pick(TAGS),
            rng.pick(TAGS)
        ));
        if i > 0 && rng.below(3) == 0 {
            t.push_str(&format!(
                "met = \"Introduced by @{}\"\n",
                slugs[rng.below(slugs.len())]
            ));
        }
        t.push_str(&format!(
            "cadence = \"{}\"\n",
            ["2w", "30d", "1m", "3m", "6m"][rng.below(5)]
        ));
        t.push_str(&format!(
            "birthday = \"--{:02}-{:02}\"\n\n",
            1 + rng.below(12),
            1 + rng.below(28)
        ));
        t.push_str("[about]\n");
        t.push_str(&format!(
            "family = \"Partner; two kids, {} and {}\"\n",
            rng.pick(FIRST),
            rng.pick(FIRST)
        ));
        t.push_str("interests = \"road cycling, jazz, cooking\"\n\n");
        for _ in 0..rng.below(3) {
            t.push_str(&format!(
                "[[todo]]\ntext = \"{}\"\ndue = 2026-{:02}-{:02}\ndone = {}\n\n",
                rng.pick(SENTENCES),
                1 + rng.below(12),
                1 + rng.below(28),
                rng.below(2) == 0
            ));
        }
        let entries = 15 + rng.below(11);
        let mut day = 0usize;
        for e in 0..entries {
            day += 1 + rng.below(17);
            let date = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap_or_default()
                + chrono::Duration::days(day as i64);
            t.push_str(&format!(
                "[[log]]\nat = {}T{:02}:{:02}:00-05:00\nvia = \"{}\"\n",
                date,
                8 + rng.below(10),
                rng.below(60),
                rng.pick(VIA)
            ));
            let mut text = String::new();
            for s in 0..1 + rng.below(3) {
                if s > 0 {
                    text.push(' ');
                }
                text.push_str(rng.pick(SENTENCES));
            }
            if rng.below(10) == 0 && !slugs.is_empty() {
                text.push_str(&format!(
                    " Ask @{} about it.",
                    slugs[rng.below(slugs.len())]
                ));
            }
            t.push_str(&format!("text = \"\"\"\n{text}\n\"\"\"\n"));
            if e + 1 == entries && rng.below(2) == 0 {
                t.push_str("ask = [\"How did the review go?\"]\n");
            }
            t.push('\n');
        }
        std::fs::write(dir.join("people").join(format!("{slug}.toml")), t)?;
        slugs.push(slug);
    }
    Ok(slugs)
}

/// A year of a busy work calendar as Outlook or Google export it: `events`
/// in all, of which `series` repeat (daily stand-ups, weekly one-to-ones,
/// monthly reviews, some since 2016, with moved and cancelled occurrences),
/// the rest one-off meetings in 2026 with two to five attendees.
pub fn busy_calendar(events: usize, series: usize, seed: u64) -> String {
    use std::fmt::Write;
    let mut rng = Rng::new(seed);
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ties//synthetic//EN\r\nX-WR-TIMEZONE:Europe/Vienna\r\n\
         BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n\
         TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\n\
         END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n\
         TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
    );
    let zones = [
        "Europe/Vienna",
        "W. Europe Standard Time",
        "America/New_York",
    ];
    let rules = [
        "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=1MO",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=WEEKLY;COUNT=40",
        "FREQ=DAILY;UNTIL=20270101T000000Z",
    ];
    for i in 0..events {
        let zone = rng.pick(&zones);
        let hour = 8 + rng.below(10);
        let minutes = [0, 15, 30, 45][rng.below(4)];
        let (date, rule) = if i < series {
            let year = 2016 + rng.below(11);
            (
                format!("{year}{:02}{:02}", 1 + rng.below(12), 1 + rng.below(28)),
                Some(rng.pick(&rules)),
            )
        } else {
            let day =
                chrono::NaiveDate::from_yo_opt(2026, 1 + rng.below(365) as u32).unwrap_or_default();
            (day.format("%Y%m%d").to_string(), None)
        };
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nUID:synthetic-{i}@ties\r\nDTSTAMP:20261101T000000Z\r\n\
             DTSTART;TZID={zone}:{date}T{hour:02}{minutes:02}00\r\n\
             DTEND;TZID={zone}:{date}T{:02}{minutes:02}00\r\n\
             SUMMARY:{} with {first} {last}\r\nLOCATION:Room {}\r\n\
             ORGANIZER;CN=Me:mailto:me@example.com\r\n",
            hour + 1,
            ["Review", "Catch-up", "Planning", "Lunch", "Call"][rng.below(5)],
            1 + rng.below(40),
        );
        for _ in 0..2 + rng.below(4) {
            let (f, l) = (rng.pick(FIRST), rng.pick(LAST));
            let _ = write!(
                out,
                "ATTENDEE;CN={f} {l};ROLE=REQ-PARTICIPANT:mailto:{}.{}@example.com\r\n",
                slugify(f),
                slugify(l)
            );
        }
        if let Some(rule) = rule {
            let _ = write!(
                out,
                "RRULE:{rule}\r\nEXDATE;TZID={zone}:20261224T{hour:02}{minutes:02}00\r\n"
            );
        }
        out.push_str("END:VEVENT\r\n");
        if rule.is_some() && i % 4 == 0 {
            // A moved occurrence on the 30th of November.
            let _ = write!(
                out,
                "BEGIN:VEVENT\r\nUID:synthetic-{i}@ties\r\nSEQUENCE:2\r\n\
                 RECURRENCE-ID;TZID={zone}:20261130T{hour:02}{minutes:02}00\r\n\
                 DTSTART;TZID={zone}:20261130T1900{:02}\r\nDTEND;TZID={zone}:20261130T2000{:02}\r\n\
                 SUMMARY:Moved\r\nEND:VEVENT\r\n",
                0, 0
            );
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Makes `dir` (a vault from [`generate`]) a git repository with years of
/// history: everyone in a first commit, then `commits` more (from Dec 2023
/// to Nov 2026), one file each, of which every fifth changes `target`'s
/// file (a new org now and then, a new role, `[about]` facts, a note). Written
/// with one `git fast-import`; the folder ends as the last commit has it.
pub fn git_history(
    dir: &Path,
    slugs: &[String],
    target: &str,
    commits: usize,
    seed: u64,
) -> std::io::Result<()> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let git = |args: &[&str]| -> std::io::Result<()> {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdout(Stdio::null())
            .status()?
            .success();
        ok.then_some(())
            .ok_or_else(|| std::io::Error::other(format!("git {args:?} failed")))
    };
    git(&["init", "-q", "-b", "main"])?;
    let mut rng = Rng::new(seed);
    let people = dir.join("people");
    let mut texts: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for s in slugs {
        texts.insert(
            s,
            std::fs::read_to_string(people.join(format!("{s}.toml")))?,
        );
    }
    let start = 1_701_400_000i64; // 2023-12-01
    let step = (1_795_000_000 - start) / (commits as i64 + 1);
    let mut out: Vec<u8> = Vec::new();
    let commit = |out: &mut Vec<u8>, at: i64, msg: &str, files: &[(&str, &str)]| {
        let mut head = String::new();
        let _ = write!(
            head,
            "commit refs/heads/main\nauthor Bench <b@example.com> {at} -0500\ncommitter Bench <b@example.com> {at} -0500\ndata {}\n{msg}\n",
            msg.len()
        );
        out.extend_from_slice(head.as_bytes());
        for (slug, text) in files {
            let m = format!("M 100644 inline people/{slug}.toml\ndata {}\n", text.len());
            out.extend_from_slice(m.as_bytes());
            out.extend_from_slice(text.as_bytes());
            out.push(b'\n');
        }
    };
    let all: Vec<(&str, &str)> = slugs
        .iter()
        .map(|s| (s.as_str(), texts[s.as_str()].as_str()))
        .collect();
    commit(&mut out, start, "everyone", &all);
    let base = texts[target].clone();
    for i in 0..commits {
        let at = start + step * (i as i64 + 1);
        let day = chrono::DateTime::from_timestamp(at, 0)
            .map(|t| t.format("%Y-%m-%dT10:00:00-05:00").to_string())
            .unwrap_or_default();
        let entry = format!(
            "\n[[log]]\nat = {day}\nvia = \"call\"\ntext = \"{}\"\n",
            rng.pick(SENTENCES)
        );
        let slug: &str = if i % 5 == 0 {
            let k = i / 5;
            // Org every 40 of its commits, role every 15, a fact every 10.
            let mut t = String::new();
            for line in base.lines() {
                if line.starts_with("org = ") {
                    let _ = writeln!(t, "org = \"Org {}\"", k / 40);
                } else if line.starts_with("role = ") {
                    let _ = writeln!(t, "role = \"Role {}\"", k / 15);
                } else if line == "[about]" {
                    t.push_str("[about]\n");
                    for f in 0..k / 10 {
                        let _ = writeln!(t, "fact{f} = \"learned in commit {}\"", f * 50);
                    }
                } else {
                    t.push_str(line);
                    t.push('\n');
                }
            }
            let notes: String = texts[target]
                .split("\n[[log]]")
                .skip(1 + base.matches("\n[[log]]").count())
                .map(|e| format!("\n[[log]]{e}"))
                .collect();
            texts.insert(target, format!("{t}{notes}{entry}"));
            target
        } else {
            let s = slugs[rng.below(slugs.len())].as_str();
            if s == target {
                continue;
            }
            let text = format!("{}{entry}", texts[s]);
            texts.insert(s, text);
            s
        };
        let text = texts[slug].clone();
        commit(&mut out, at, &format!("note {i}"), &[(slug, &text)]);
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&out)?;
    }
    if !child.wait()?.success() {
        return Err(std::io::Error::other("git fast-import failed"));
    }
    git(&["reset", "-q", "--hard", "main"])
}
