//! `ties import` and `ties export --vcf` on vCard files written the way
//! Google, Apple, Outlook and Nextcloud write them.

mod common;

use common::Env;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/vcf/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn import(env: &Env, file: &str) -> String {
    env.ok(&["import", &fixture(file)])
}

fn person(env: &Env, slug: &str) -> ties::model::Person {
    ties::store::parse::parse(slug, env.read(slug).as_bytes())
        .expect("parses")
        .1
}

#[test]
fn google_export_imports_once_and_twice_changes_nothing() {
    let env = Env::new();
    let said = import(&env, "google.vcf");
    assert!(said.starts_with("1 added, 0 updated, 0 skipped"), "{said}");
    let p = person(&env, "ana-lima");
    assert_eq!(p.aka, ["Ani"]);
    assert_eq!(p.org.as_deref(), Some("Example Corp"));
    assert_eq!(p.role.as_deref(), Some("Head of Oncology IT"));
    assert_eq!(p.email, ["ana.lima@example.com"]);
    assert_eq!(p.phone, ["+1 555 0100"]);
    assert_eq!(p.birthday.unwrap().to_string(), "1986-07-14");
    assert_eq!(p.tags, ["client"], "Google's myContacts is not a tag");
    assert_eq!(
        p.about[0].1,
        "Kids Bia (cello) and Leo, loves sailing; hates golf"
    );
    assert_eq!(p.dates[0].label, "Anniversary");
    let before = env.read("ana-lima");
    let again = import(&env, "google.vcf");
    assert!(
        again.starts_with("0 added, 0 updated, 1 skipped"),
        "{again}"
    );
    assert!(again.contains("nothing new"), "{again}");
    assert_eq!(
        env.read("ana-lima"),
        before,
        "the second import wrote nothing"
    );
}

#[test]
fn apple_export_with_item_groups_labels_photo_and_yearless_birthday() {
    let env = Env::new();
    let said = import(&env, "apple.vcf");
    assert!(said.starts_with("2 added"), "{said}");
    let z = person(&env, "zoe-lefevre");
    assert_eq!(z.email, ["zoe.lefevre@example.org"]);
    assert_eq!(
        z.birthday.unwrap().to_string(),
        "--12-01",
        "Apple's 1604 means no year"
    );
    assert_eq!(
        z.dates[0].on.to_string(),
        "2010-09-04",
        "X-ABDATE labelled Anniversary"
    );
    assert!(z.about[0].1.contains("Husband Mathieu, two cats."));
    let m = person(&env, "marcus-okafor");
    assert_eq!(m.birthday.unwrap().to_string(), "--05-17");
    let (zoe, marcus) = (env.read("zoe-lefevre"), env.read("marcus-okafor"));
    let again = import(&env, "apple.vcf");
    assert!(
        again.starts_with("0 added, 0 updated, 2 skipped"),
        "idempotent: {again}"
    );
    assert_eq!(
        env.read("zoe-lefevre"),
        zoe,
        "the second import wrote nothing"
    );
    assert_eq!(env.read("marcus-okafor"), marcus);
}

#[test]
fn outlook_vcard_2_1_with_quoted_printable_and_a_leap_day() {
    let env = Env::new();
    import(&env, "outlook.vcf");
    let p = person(&env, "ines-duarte");
    assert_eq!(p.name, "Inês Duarte");
    assert_eq!(p.org.as_deref(), Some("Clínica Atlântico"));
    assert_eq!(p.birthday.unwrap().to_string(), "1980-02-29");
    assert_eq!(p.about[0].1, "Prefers European Portuguese.\nTwo kids.");
    let before = env.read("ines-duarte");
    assert!(import(&env, "outlook.vcf").starts_with("0 added, 0 updated, 1 skipped"));
    assert_eq!(env.read("ines-duarte"), before);
}

#[test]
fn an_existing_person_gets_only_new_values_merged_in() {
    let env = Env::new();
    env.write(
        "ravi-patel",
        "# my notes on Ravi\nname = \"Ravi Patel\"\nemail = [\"ravi@example.net\"]\ntags = [\"client\"]\n\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"Kept.\"\n",
    );
    // Dry run: the plan, and nothing written.
    let before = env.read("ravi-patel");
    let plan = env.ok(&["import", &fixture("nextcloud.vcf"), "--dry-run"]);
    assert!(
        plan.starts_with("Dry run, nothing written: 0 to add, 1 to update"),
        "{plan}"
    );
    assert!(
        plan.contains("~ Ravi Patel: phone tel:+1-555-0177")
            || plan.contains("~ Ravi Patel: phone +1-555-0177"),
        "{plan}"
    );
    assert_eq!(env.read("ravi-patel"), before);
    import(&env, "nextcloud.vcf");
    let text = env.read("ravi-patel");
    assert!(
        text.starts_with("# my notes on Ravi\n"),
        "comments kept: {text}"
    );
    assert!(text.contains("text = \"Kept.\""));
    let p = person(&env, "ravi-patel");
    assert_eq!(p.tags, ["client", "board"]);
    assert_eq!(p.aka, ["Rav"]);
    assert_eq!(p.phone, ["+1-555-0177"]);
    assert_eq!(p.birthday.unwrap().to_string(), "--03-14");
    assert_eq!(p.dates[0].on.to_string(), "2012-09-15");
    assert_eq!(
        std::fs::read_dir(env.vault().join("people"))
            .unwrap()
            .count(),
        1,
        "no duplicate file"
    );
    assert!(
        env.ok(&["import", &fixture("nextcloud.vcf")])
            .starts_with("0 added, 0 updated, 1 skipped")
    );
}

#[test]
fn export_writes_vcard_4_that_imports_back_the_same() {
    let env = Env::new();
    for f in ["google.vcf", "apple.vcf", "outlook.vcf", "nextcloud.vcf"] {
        import(&env, f);
    }
    let vcf = env.ok(&["export", "--vcf"]);
    assert_eq!(vcf.matches("BEGIN:VCARD\r\n").count(), 5, "{vcf}");
    assert!(vcf.contains("VERSION:4.0\r\n"));
    assert_eq!(vcf.matches("UID:urn:uuid:").count(), 5, "{vcf}");
    assert_eq!(vcf, env.ok(&["export", "--vcf"]), "the same every time");
    assert!(vcf.contains("FN:Inês Duarte\r\n"), "{vcf}");
    assert!(vcf.contains("BDAY:--1201\r\n"), "{vcf}");
    let one = env.ok(&["export", "--vcf", "ravi"]);
    assert_eq!(one.matches("BEGIN:VCARD").count(), 1);
    // Into a fresh vault and back: the same people, the same values.
    let other = Env::new();
    let file = other.dir.path().join("all.vcf");
    std::fs::write(&file, &vcf).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    for slug in [
        "ana-lima",
        "zoe-lefevre",
        "marcus-okafor",
        "ines-duarte",
        "ravi-patel",
    ] {
        let (a, b) = (person(&env, slug), person(&other, slug));
        assert_eq!(
            (a.email, a.phone, a.birthday, a.org, a.tags),
            (b.email, b.phone, b.birthday, b.org, b.tags),
            "{slug}"
        );
    }
}

#[test]
fn a_file_that_is_not_vcard_says_so() {
    let env = Env::new();
    let f = env.dir.path().join("notes.txt");
    std::fs::write(&f, "hello\n").unwrap();
    let (code, _, stderr) = env.run(&["import", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("notes.txt"), "{stderr}");
}
