//! People together: typed links with their inverses, grouped connections,
//! introductions and their follow-ups, on real files (and real git where
//! commits are involved), through the CLI and the TUI.

mod common;

use common::Env;
use crossterm::event::KeyCode;

const ANA: &str = "# Ana's file, kept by hand too\nname = \"Ana Lima\"\norg = \"Acme\"\n";

fn person(env: &Env, slug: &str, name: &str) {
    env.write(slug, &format!("name = \"{name}\"\n"));
}

/// A vault of Ana, Tom, João, Zoë and Priya.
fn five() -> Env {
    let env = Env::new();
    env.write("ana-lima", ANA);
    person(&env, "tom-brennan", "Tom Brennan");
    person(&env, "joao-silva", "João Silva");
    person(&env, "zoe", "Zoë Lefèvre");
    person(&env, "priya-raman", "Priya Raman");
    env
}

/// The same vault as a git repository with everything committed.
fn five_in_git() -> Env {
    let env = five();
    let v = env.vault();
    env.git(&v, &["init", "-q", "-b", "main"]);
    env.git(&v, &["add", "-A"]);
    env.git(&v, &["commit", "-qm", "base"]);
    env
}

/// The subject and the files of the last commit.
fn last_commit(env: &Env) -> (String, Vec<String>) {
    let out = env.git(&env.vault(), &["log", "-1", "--name-only", "--format=%s"]);
    let mut lines = out.lines().filter(|l| !l.is_empty()).map(str::to_string);
    let subject = lines.next().unwrap_or_default();
    let mut files: Vec<String> = lines.collect();
    files.sort();
    (subject, files)
}

fn commits(env: &Env) -> usize {
    env.git(&env.vault(), &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// `ties` with the clock at another moment.
fn at(env: &Env, now: &str, args: &[&str]) -> String {
    let o = env.cmd(args).env("TIES_NOW", now).output().unwrap();
    let (code, stdout, stderr) = common::out(o);
    assert_eq!(code, 0, "ties {args:?} failed: {stderr}");
    stdout
}

#[test]
fn typed_links_show_on_both_sheets_with_the_inverse_label() {
    let env = five_in_git();
    env.ok(&["link", "ana", "joao", "--as", "partner"]);
    env.ok(&["link", "ana", "tom", "--as", "manager"]);
    env.ok(&["link", "ana", "zoe", "--as", "climbing buddy"]);
    let (subject, files) = last_commit(&env);
    assert!(subject.contains("link Ana Lima"), "{subject}");
    assert_eq!(
        files,
        ["people/ana-lima.toml"],
        "written on Ana's file only"
    );
    assert_eq!(commits(&env), 4, "one commit a link");

    let ana = env.read("ana-lima");
    assert!(ana.starts_with("# Ana's file, kept by hand too\n"), "{ana}");
    assert!(
        ana.contains(
            "[relationships]\njoao-silva = \"partner\"\ntom-brennan = \"manager\"\nzoe = \"climbing buddy\"\n"
        ),
        "{ana}"
    );
    assert!(!env.read("tom-brennan").contains("links"));

    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        sheet.contains("\nConnections: partner: João Silva\n"),
        "{sheet}"
    );
    assert!(sheet.contains("\n  manager: Tom Brennan\n"), "{sheet}");
    assert!(
        sheet.contains("\n  climbing buddy: Zoë Lefèvre\n"),
        "{sheet}"
    );
    // Partner is the same both ways; Tom's sheet shows the inverse.
    assert!(
        env.ok(&["prep", "joao"])
            .contains("\nConnections: partner: Ana Lima\n")
    );
    assert!(
        env.ok(&["prep", "tom"])
            .contains("\nConnections: report: Ana Lima\n")
    );
    assert!(
        env.ok(&["prep", "zoe"])
            .contains("\nConnections: climbing buddy: Ana Lima\n"),
        "a word ties does not know is shown as written on both"
    );
    for who in ["ana", "tom", "joao", "zoe"] {
        assert_eq!(
            env.ok(&["prep", who]),
            env.ok(&["prep", who, "--fresh"]),
            "the cache and a full look agree for {who}"
        );
    }

    // Stated on both files (João's by hand), it shows once on each sheet.
    env.write(
        "joao-silva",
        "name = \"João Silva\"\n\n[relationships]\nana-lima = \"partner\" # married 2015\n",
    );
    let sheet = env.ok(&["prep", "ana"]);
    assert_eq!(sheet.matches("João Silva").count(), 1, "{sheet}");
    assert_eq!(env.ok(&["prep", "joao"]).matches("Ana Lima").count(), 1);

    // A mentor written by hand: the other sheet says mentee.
    env.write(
        "priya-raman",
        "name = \"Priya Raman\"\n[relationships]\nana-lima = \"mentor\"\n",
    );
    assert!(
        env.ok(&["prep", "ana"])
            .contains("\n  mentee: Priya Raman\n")
    );

    // Removing takes it from both files; JSON names the relation.
    let json = env.ok(&["prep", "tom", "--format", "json"]);
    assert!(json.contains("\"relation\": \"report\""), "{json}");
    env.ok(&["link", "ana", "joao", "--remove"]);
    assert!(!env.read("ana-lima").contains("joao-silva"));
    let joao = env.read("joao-silva");
    assert!(!joao.contains("ana-lima"), "{joao}");
    assert!(joao.starts_with("name = \"João Silva\"\n"), "{joao}");
    env.ok(&["unlink", "tom", "ana"]);
    assert!(!env.read("ana-lima").contains("tom-brennan"));
    assert!(!env.ok(&["prep", "tom"]).contains("Ana Lima"));

    // Linking to no one is one clear sentence, and writes nothing.
    let before = env.read("ana-lima");
    let (code, _, err) = env.run(&["link", "ana", "nobody", "--as", "friend"]);
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("`nobody`"), "{err}");
    assert_eq!(env.read("ana-lima"), before);
    let (code, _, err) = env.run(&["link", "ana", "tom", "--remove"]);
    assert_eq!(code, 1, "no link left to remove: {err}");
}

#[test]
fn connections_group_by_relationship_then_org_then_mentions_and_cut_the_rest() {
    let env = Env::new();
    env.write(
        "ana-lima",
        "name = \"Ana Lima\"\norg = \"Acme\"\n[relationships]\nzed = \"sibling\"\n\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Talked about @bo-mentioned.\"\n",
    );
    person(&env, "zed", "Zed Lima");
    person(&env, "bo-mentioned", "Bo Mentioned");
    for (slug, name) in [
        ("acme-1", "Amy One"),
        ("acme-2", "Ben Two"),
        ("acme-3", "Cy Three"),
        ("acme-4", "Di Four"),
    ] {
        env.write(slug, &format!("name = \"{name}\"\norg = \"ACME \"\n"));
    }
    let sheet = env.ok(&["prep", "ana"]);
    let at = sheet.find("Connections: ").expect(&sheet);
    let lines: Vec<&str> = sheet[at..].lines().collect();
    assert_eq!(
        lines,
        [
            "Connections: sibling: Zed Lima",
            "  Amy One (same org)",
            "  Ben Two (same org)",
            "  Cy Three (same org)",
            "  and 2 more",
        ],
        "{sheet}"
    );
    // JSON keeps everyone, mentions last.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["prep", "ana", "--format", "json"])).unwrap();
    let names: Vec<&str> = json["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Zed Lima",
            "Amy One",
            "Ben Two",
            "Cy Three",
            "Di Four",
            "Bo Mentioned"
        ]
    );
    // Five fit whole: no "and 1 more" for a single one.
    std::fs::remove_file(env.person("acme-4")).unwrap();
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        sheet.ends_with("  Cy Three (same org)\n  Bo Mentioned (mentioned here)\n"),
        "{sheet}"
    );
}

#[test]
fn an_introduction_is_written_on_both_files_in_one_commit_and_comes_due_on_its_day() {
    let env = five_in_git();
    let said = env.ok(&["intro", "ana", "tom", "--why", "both hiring data engineers"]);
    assert!(
        said.contains("Introduced Ana Lima to Tom Brennan"),
        "{said}"
    );
    let (subject, files) = last_commit(&env);
    assert_eq!(subject, "ties: introduce Ana Lima to Tom Brennan");
    assert_eq!(files, ["people/ana-lima.toml", "people/tom-brennan.toml"]);

    let ana = env.read("ana-lima");
    assert!(ana.starts_with(ANA), "{ana}");
    assert!(
        ana.contains("[[intro]]\nwith = \"tom-brennan\"\non = 2026-11-23\nwhy = \"both hiring data engineers\"\nask = true\n"),
        "{ana}"
    );
    let tom = env.read("tom-brennan");
    assert!(
        tom.contains("[[intro]]\nwith = \"ana-lima\"\non = 2026-11-23\nwhy = \"both hiring data engineers\"\n\n"),
        "the mirror, without the follow-up marker: {tom}"
    );
    // Both sheets ask how it went, and say who was introduced to whom.
    let sheet = env.ok(&["prep", "ana"]);
    assert!(
        sheet.contains("a1 How did the introduction to Tom Brennan go?"),
        "{sheet}"
    );
    assert!(
        sheet.contains("Introductions: you introduced them to Tom Brennan"),
        "{sheet}"
    );
    let sheet = env.ok(&["prep", "tom"]);
    assert!(
        sheet.contains("a1 How did the introduction to Ana Lima go?"),
        "{sheet}"
    );

    // Due 14 days later (Dec 7), under Ana only; not a day before.
    let line = "ask Ana how the introduction to Tom Brennan went";
    let day_before = at(&env, "2026-12-06T18:00:00-05:00", &["due"]);
    assert!(!day_before.contains(line), "{day_before}");
    let on_the_day = at(&env, "2026-12-07T08:00:00-05:00", &["due"]);
    assert!(
        on_the_day.contains(&format!("Today\n  Ana Lima  {line}\n")),
        "{on_the_day}"
    );
    assert_eq!(
        on_the_day.matches("introduction").count(),
        1,
        "{on_the_day}"
    );
    let later = at(&env, "2026-12-09T08:00:00-05:00", &["due"]);
    assert!(
        later.contains(&format!("Overdue\n  Ana Lima  {line}\n")),
        "{later}"
    );

    // The config can say another number of days.
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "intro_follow_up = 3\n").unwrap();
    let due = |now: &str| {
        let o = env
            .cmd(&["due"])
            .env("TIES_NOW", now)
            .env("TIES_CONFIG", &config)
            .output()
            .unwrap();
        common::out(o).1
    };
    assert!(!due("2026-11-25T20:00:00-05:00").contains(line));
    assert!(due("2026-11-26T08:00:00-05:00").contains(line));
}

#[test]
fn the_follow_up_closes_on_both_files_when_ticked_from_either_person() {
    let env = five_in_git();
    env.ok(&["intro", "ana", "tom"]);
    env.ok(&["intro", "priya", "ana", "--why", "design help"]);
    let later = "2026-12-10T10:00:00-05:00";
    let due = at(&env, later, &["due"]);
    assert!(
        due.contains("ask Ana how the introduction to Tom Brennan went"),
        "{due}"
    );
    assert!(
        due.contains("ask Priya how the introduction to Ana Lima went"),
        "{due}"
    );

    // Ticked on Tom, the second named: closed on both files, one commit.
    let n = commits(&env);
    at(
        &env,
        later,
        &["log", "tom", "Coffee, he liked Ana's team", "--asked", "a1"],
    );
    assert_eq!(commits(&env), n + 1);
    let (_, files) = last_commit(&env);
    assert_eq!(files, ["people/ana-lima.toml", "people/tom-brennan.toml"]);
    assert!(env.read("tom-brennan").contains("followed = 2026-12-10"));
    let ana = env.read("ana-lima");
    assert_eq!(ana.matches("followed = 2026-12-10").count(), 1, "{ana}");
    let sheet = at(&env, later, &["prep", "ana"]);
    assert!(
        !sheet.contains("introduction to Tom Brennan go?"),
        "closed on Ana's sheet too: {sheet}"
    );
    assert!(
        sheet.contains("How did the introduction to Priya Raman go?"),
        "{sheet}"
    );
    let due = at(&env, later, &["due"]);
    assert!(!due.contains("introduction to Tom Brennan"), "{due}");
    assert!(
        due.contains("ask Priya how the introduction to Ana Lima went"),
        "{due}"
    );

    // Ticked on the other side with `ties done`: Ana's ask is a1 now.
    at(&env, later, &["done", "ana", "a1"]);
    assert!(env.read("priya-raman").contains("followed = 2026-12-10"));
    let due = at(&env, later, &["due"]);
    assert!(!due.contains("introduction"), "{due}");
    let intros = at(&env, later, &["intros"]);
    assert!(
        intros.contains("2026-11-23  Ana Lima → Tom Brennan · followed up 2026-12-10"),
        "{intros}"
    );
    assert!(
        intros.contains("2026-11-23  Priya Raman → Ana Lima: design help · followed up 2026-12-10"),
        "{intros}"
    );
}

#[test]
fn intros_lists_every_introduction_and_one_made_for_you_counts_as_received() {
    let env = five();
    person(&env, "ravi", "Ravi Patel");
    env.write(
        "zoe",
        "name = \"Zoë Lefèvre\"\nmet = \"Introduced by @ravi at the Lisbon meetup\"\n",
    );
    env.ok(&["intro", "ana", "tom", "--why", "both hiring"]);
    let all = env.ok(&["intros"]);
    assert_eq!(
        all,
        "Introductions you made\n  2026-11-23  Ana Lima → Tom Brennan: both hiring · not followed up yet (due 2026-12-07)\n\nIntroductions made for you\n  Ravi Patel introduced you to Zoë Lefèvre\n"
    );
    // Only those involving someone.
    let ravi = env.ok(&["intros", "ravi"]);
    assert!(!ravi.contains("Tom Brennan"), "{ravi}");
    assert!(
        ravi.contains("Ravi Patel introduced you to Zoë Lefèvre"),
        "{ravi}"
    );
    let tom = env.ok(&["intros", "tom"]);
    assert!(tom.contains("Ana Lima → Tom Brennan"), "{tom}");
    assert!(!tom.contains("Ravi"), "{tom}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["intros", "--format", "json"])).unwrap();
    assert_eq!(json["made"][0]["why"], "both hiring");
    assert_eq!(json["received"][0]["by_slug"], "ravi");
    // Ravi's sheet: they introduced you to Zoë.
    let sheet = env.ok(&["prep", "ravi"]);
    assert!(
        sheet.contains("Introductions: they introduced you to Zoë Lefèvre"),
        "{sheet}"
    );
}

#[test]
fn the_tui_due_list_shows_the_follow_up_and_a_capture_tick_closes_it_on_both() {
    let env = five();
    env.ok(&["intro", "ana", "tom"]);
    env.ok(&["link", "ana", "tom", "--as", "manager"]);
    let mut h = common::window::Window::on(&env.vault(), "2026-12-07T09:00:00-05:00", (120, 40));
    let line = "ask Ana how the introduction to Tom Brennan went";
    assert!(h.app.due.iter().any(|i| i.why == line), "{:?}", h.app.due);
    h.key(KeyCode::Char('d'));
    let screen = h.screen();
    assert!(
        screen.contains("today Ana Lima ask Ana how the introduction to Tom"),
        "{screen}"
    );
    // The chosen reason, whole, under the list.
    assert!(
        screen.contains("Ana Lima: ask Ana how the introduction to Tom Brennan"),
        "{screen}"
    );
    h.key(KeyCode::Esc);

    // Tom's prep pane asks too; a capture with the ask ticked closes it.
    h.pick("tom");
    // The pane renders the same sheet as `ties prep`: the same grouping.
    let pane = h.screen();
    assert!(pane.contains("Connections: report: Ana Lima"), "{pane}");
    assert!(
        env.ok(&["prep", "tom"])
            .contains("Connections: report: Ana Lima\n"),
        "and the CLI says the same"
    );
    h.key(KeyCode::Char('c'));
    assert!(
        h.screen()
            .contains("[ ] a1 How did the introduction to Ana Lima go?")
    );
    h.chars("Lunch, went well")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Char(' '));
    assert!(
        h.screen()
            .contains("[x] a1 How did the introduction to Ana Lima go?")
    );
    h.ctrl('s');
    assert!(h.app.popup.is_none(), "saved:\n{}", h.screen());
    assert!(env.read("tom-brennan").contains("followed = 2026-12-07"));
    assert!(env.read("ana-lima").contains("followed = 2026-12-07"));
    assert!(!h.app.due.iter().any(|i| i.why == line), "{:?}", h.app.due);
}

#[test]
fn a_users_own_keys_under_these_names_stay_theirs() {
    let env = five();
    let own = "name = \"Bo Chen\"\nintro = \"Met at the Lisbon meetup\"\nlinks = { site = \"https://example.com\" }\n\n[relationships]   # mine\nscore = 3\n";
    env.write("bo", own);
    let (code, _, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    // A `[[intro]]` of the user's own (no `with`) reads too, and ties adds
    // no introduction into it.
    let pitch = "name = \"Cy Wu\"\n\n[[intro]]\ntext = \"my elevator pitch\"\n";
    env.write("cy", pitch);
    let (code, _, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(env.ok(&["prep", "cy"]).contains("elevator pitch"));
    let (code, _, _) = env.run(&["intro", "cy", "ana"]);
    assert_ne!(code, 0);
    assert_eq!(env.read("cy"), pitch, "nothing written");
    let sheet = env.ok(&["prep", "bo"]);
    assert!(sheet.contains("intro: Met at the Lisbon meetup"), "{sheet}");
    assert!(sheet.contains("relationships: "), "{sheet}");
    let (code, _, err) = env.run(&["link", "bo", "ana", "--as", "friend"]);
    assert_eq!(code, 1);
    assert!(err.contains("holds more than links to people"), "{err}");
    assert_eq!(env.read("bo"), own, "nothing written");
}

#[test]
fn a_follow_up_is_one_line_of_the_due_list_also_when_the_person_is_due_for_more() {
    let env = five();
    env.ok(&["intro", "ana", "tom"]);
    // Ana is also due for a todo that day: her open asks ride along with
    // it, but the introduction's follow-up has its own line, said once.
    env.ok(&["todo", "ana", "Send the deck", "--due", "2026-12-07"]);
    let due = at(&env, "2026-12-07T08:00:00-05:00", &["due"]);
    assert_eq!(due.matches("introduction").count(), 1, "{due}");
    assert!(
        due.contains("ask Ana how the introduction to Tom Brennan went"),
        "{due}"
    );
}

#[test]
fn a_tick_is_saved_once_and_said_so_when_the_other_file_does_not_read() {
    let env = five();
    env.ok(&["intro", "ana", "tom"]);
    let tom = env.read("tom-brennan") + "broken = [\n";
    env.write("tom-brennan", &tom);
    let (code, _, err) = env.run(&["log", "ana", "we talked", "--asked", "a1"]);
    assert_eq!(code, 0, "the note is saved: {err}");
    let ana = env.read("ana-lima");
    assert_eq!(ana.matches("we talked").count(), 1);
    assert!(ana.contains("followed = "), "{ana}");
    assert_eq!(
        env.read("tom-brennan"),
        tom,
        "the broken file is left as it is"
    );
}

#[test]
fn an_introduction_one_side_cannot_take_writes_neither_file() {
    let env = five();
    let tom =
        "name = \"Tom Brennan\"\nlog = [{ at = 2026-11-01, via = \"call\", text = \"Hi\" }]\n";
    env.write("tom-brennan", tom);
    let (code, _, err) = env.run(&["intro", "ana", "tom"]);
    assert_ne!(code, 0);
    assert!(err.contains("people/tom-brennan.toml"), "{err}");
    assert_eq!(env.read("ana-lima"), ANA, "Ana's file is untouched");
    assert_eq!(env.read("tom-brennan"), tom);
}
