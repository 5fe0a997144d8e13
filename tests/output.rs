//! Output a script or a pipe can trust: the real binary with its standard
//! output piped (as in `ties due | grep robotics`), so never a terminal.

mod common;

use common::Env;
use unicode_width::UnicodeWidthStr;

/// The display column at which `needle` starts on `line` (a CJK character
/// takes two columns, a combining accent none).
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on {line:?}"));
    line[..at].width()
}

#[test]
fn a_piped_due_list_keeps_a_long_todo_whole() {
    let env = Env::new();
    let todo = "Send him the paper on warehouse robotics from the Lisbon group, with the two follow-up studies";
    env.write(
        "tom-brennan",
        &format!("name = \"Tom Brennan\"\n\n[[todo]]\ntext = \"{todo}\"\ndue = 2026-11-20\n"),
    );
    let due = env.ok(&["due"]);
    assert!(due.contains(todo), "the todo is cut:\n{due}");
    assert!(!due.contains('…'), "{due}");
}

/// Four people whose names take more or fewer columns than characters:
/// Chinese (two columns each), an emoji, combining accents (none).
const NAMES: [(&str, &str); 4] = [
    ("wang", "王小明"),
    ("fox", "🦊 Fox Mulder"),
    ("zoe", "Zoe\u{308} Lefe\u{300}vre"),
    ("bo", "Bo Lind"),
];

fn four_people(env: &Env) {
    for (slug, name) in NAMES {
        env.write(
            slug,
            &format!(
                "name = \"{name}\"\norg = \"Northvale\"\n\n[[todo]]\ntext = \"Send the deck\"\ndue = 2026-11-20\n"
            ),
        );
    }
}

/// Every line naming one of the four has `next` at the same display column.
fn aligned(output: &str, next: &str) {
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| NAMES.iter().any(|(_, n)| l.contains(n)))
        .collect();
    assert_eq!(lines.len(), 4, "{output}");
    let columns: Vec<usize> = lines.iter().map(|l| column_of(l, next)).collect();
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "`{next}` starts at columns {columns:?}:\n{output}"
    );
}

#[test]
fn list_aligns_columns_by_display_width() {
    let env = Env::new();
    four_people(&env);
    aligned(&env.ok(&["list"]), "Northvale");
}

#[test]
fn due_aligns_columns_by_display_width() {
    let env = Env::new();
    four_people(&env);
    aligned(&env.ok(&["due"]), "todo was due");
}

#[test]
fn search_aligns_columns_by_display_width() {
    let env = Env::new();
    four_people(&env);
    aligned(&env.ok(&["search", "northvale"]), "Northvale");
}

#[test]
fn a_person_due_for_two_reasons_is_named_once_with_both_under_them() {
    let env = Env::new();
    // Tom's cadence fell due on Oct 14 and his todo on Nov 1; Ana's todo,
    // Oct 20, falls between them.
    env.write(
        "tom-brennan",
        "name = \"Tom Brennan\"\ncadence = \"3m\"\n\n[[todo]]\ntext = \"Send itemised pricing\"\ndue = 2026-11-01\n\n[[log]]\nat = 2026-07-14\nvia = \"call\"\ntext = \"Pricing questions.\"\nask = [\"Is the Q4 budget set?\"]\n",
    );
    env.write(
        "ana-lima",
        "name = \"Ana Lima\"\n\n[[todo]]\ntext = \"Send the deck\"\ndue = 2026-10-20\n",
    );
    let due = env.ok(&["due"]);
    assert_eq!(due.matches("Tom Brennan").count(), 1, "{due}");
    let lines: Vec<&str> = due.lines().collect();
    let tom = lines
        .iter()
        .position(|l| l.contains("Tom Brennan"))
        .unwrap();
    assert!(lines[tom].contains("cadence 3m, last call"), "{due}");
    // His other reason and his ask follow, under the reasons' column.
    let under = column_of(lines[tom], "cadence");
    assert_eq!(column_of(lines[tom + 1], "todo was due"), under, "{due}");
    assert!(lines[tom + 1].contains("Send itemised pricing"), "{due}");
    assert_eq!(
        column_of(lines[tom + 2], "ask: Is the Q4 budget set?"),
        under,
        "{due}"
    );
    assert!(due.contains("Ana Lima"), "{due}");

    // JSON keeps one object per reason, a person's reasons together.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["due", "--format", "json"])).unwrap();
    let slugs: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["tom-brennan", "tom-brennan", "tom-brennan", "ana-lima"],
        "{json:#}"
    );
}

#[test]
fn search_with_no_match_exits_1_like_grep() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    let (code, stdout, _) = env.run(&["search", "xylophone"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let (code, stdout, _) = env.run(&["search", "xylophone", "--format", "json"]);
    assert_eq!((code, stdout.trim()), (1, "[]"));
    // A match is still success.
    let (code, stdout, _) = env.run(&["search", "ana"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Ana Lima"), "{stdout}");
}

#[test]
fn prep_of_two_people_separates_their_sheets() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\norg = \"Acme\"\n");
    env.write("bo-lind", "name = \"Bo Lind\"\norg = \"Initech\"\n");
    let text = env.ok(&["prep", "ana", "bo"]);
    let lines: Vec<&str> = text.lines().collect();
    let bo = lines.iter().position(|l| *l == "Bo Lind").unwrap();
    assert_eq!(lines[bo - 1], "", "{text}");
    assert!(
        !lines[bo - 2].is_empty() && lines[bo - 2].chars().all(|c| c == '─'),
        "{text}"
    );
    assert_eq!(lines[bo - 3], "", "{text}");
    let md = env.ok(&["prep", "ana", "bo", "--format", "markdown"]);
    assert!(md.contains("\n\n---\n\n# Bo Lind\n"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["prep", "ana", "bo", "--format", "json"])).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ana Lima", "Bo Lind"]);
}

#[test]
fn todo_and_done_answer_with_the_name_and_the_due_date() {
    let env = Env::new();
    env.write("ana-lima", "name = \"Ana Lima\"\n");
    // Monday 23 Nov: friday is the 27th.
    let said = env.ok(&["todo", "ana", "Send the deck", "--due", "friday"]);
    assert_eq!(
        said,
        "Added todo 1 for Ana Lima, due Friday 27 Nov: Send the deck\n"
    );
    let said = env.ok(&[
        "todo",
        "ana",
        "Send the deck v2",
        "--edit",
        "1",
        "--due",
        "2027-01-08",
    ]);
    assert_eq!(
        said,
        "Changed todo 1 of Ana Lima, due Friday 8 Jan 2027: Send the deck v2\n"
    );
    let said = env.ok(&["done", "ana", "1"]);
    assert_eq!(
        said,
        "Closed todo 1 of Ana Lima, due Friday 8 Jan 2027: Send the deck v2\n"
    );
    let said = env.ok(&["done", "ana", "1", "--reopen"]);
    assert!(
        said.starts_with("Reopened todo 1 of Ana Lima, due Friday 8 Jan 2027"),
        "{said}"
    );
    let said = env.ok(&["todo", "ana", "--delete", "1"]);
    assert!(
        said.starts_with("Deleted todo 1 of Ana Lima, due Friday 8 Jan 2027: Send the deck v2"),
        "{said}"
    );
    let said = env.ok(&["todo", "ana", "Call back"]);
    assert_eq!(said, "Added todo 1 for Ana Lima: Call back\n");
}

/// On a narrow terminal (60 columns, through `script`), every line of
/// `list`, `due`, `search` and `prep` fits, and what matters most
/// survives: the overdue mark, the file name, a fact on the prep sheet.
#[test]
fn on_a_narrow_terminal_every_line_fits() {
    let env = Env::new();
    ties::demo::write_demo(&env.vault(), ties::clock::Clock::fixed(common::NOW).today()).unwrap();
    for args in ["list", "due", "search budget", "prep tom-brennan"] {
        let mut c = env.hermetic("script");
        c.arg("-qec")
            .arg(format!("stty cols 60 rows 40; exec \"$TIES\" {args}"))
            .arg("/dev/null")
            .env("TIES", common::bin())
            .env("TIES_VAULT", env.vault());
        let (code, screen, stderr) = common::out(c.output().expect("script runs"));
        assert_eq!(code, 0, "{args}: {stderr}");
        let lines: Vec<&str> = screen.lines().map(|l| l.trim_end_matches('\r')).collect();
        assert!(lines.len() >= 3, "{args}: {screen}");
        for l in &lines {
            assert!(l.width() <= 60, "{args}: {} columns: {l}", l.width());
        }
        if args == "list" {
            assert!(screen.contains("! overdue "), "{screen}");
        }
        if args.starts_with("prep") {
            // Wrapped under itself, not cut.
            assert!(screen.contains("U12 team"), "{screen}");
        }
        if args.starts_with("search") {
            assert!(screen.contains("(tom-brennan)"), "{screen}");
        }
    }
}

/// A control character in a name or a todo (an escape that would recolour
/// the terminal) is shown defused by `due`, as by `list`.
#[test]
fn due_defuses_control_characters() {
    let env = Env::new();
    env.write(
        "evil",
        "name = \"Evil\\u001b[31m Red\"\n\n[[todo]]\ntext = \"ring\\u0007 the bell\"\ndue = 2026-11-20\n",
    );
    let due = env.ok(&["due"]);
    assert!(due.contains("Evil"), "{due}");
    assert!(!due.contains('\u{1b}') && !due.contains('\u{7}'), "{due:?}");
}
