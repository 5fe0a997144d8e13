//! `ties import` of contact CSVs (Google Contacts, Outlook, LinkedIn) and
//! full vCards, on real files in a temporary vault: the awkward parts of
//! each format, twice changing nothing, and a bad value never dropping a
//! person.

mod common;

use common::Env;
use ties::vcard;

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn person(env: &Env, slug: &str) -> ties::model::Person {
    ties::store::parse::parse(slug, env.read(slug).as_bytes())
        .expect("parses")
        .1
}

/// Every file under people/, by name, with its bytes.
fn files(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(env.vault().join("people"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

/// Imports a file twice: the second run says nothing is new and leaves
/// every file as it was, byte for byte. Returns the first run's summary.
fn twice(env: &Env, file: &str, n: usize) -> String {
    let first = env.ok(&["import", &data(file)]);
    let before = files(env);
    assert_eq!(before.len(), n, "{first}");
    let again = env.ok(&["import", &data(file)]);
    assert!(
        again.starts_with(&format!("0 added, 0 updated, {n} skipped")),
        "{again}"
    );
    assert_eq!(
        again.matches("with nothing new").count(),
        n,
        "every contact is already there: {again}"
    );
    assert_eq!(files(env), before, "the second import wrote nothing");
    first
}

#[test]
fn google_csv_with_bom_labels_multiline_notes_and_joined_values() {
    let env = Env::new();
    let said = twice(&env, "google.csv", 3);
    assert!(said.starts_with("3 added, 0 updated, 0 skipped"), "{said}");
    let ana = person(&env, "ana-lima");
    assert_eq!(
        ana.name, "Ana Lima",
        "the BOM is not part of the first column"
    );
    assert_eq!(ana.aka, ["Ani"]);
    assert_eq!(ana.org.as_deref(), Some("Lima, Costa & Filhos"));
    assert_eq!(ana.role.as_deref(), Some("Head of Oncology IT"));
    assert_eq!(
        ana.email,
        [
            "ana.lima@acme.example",
            "ana@lima.example",
            "ani@lima.example"
        ],
        "\" ::: \" joins two values in one cell"
    );
    assert_eq!(ana.phone, ["+351 912 345 678", "+351 213 000 000"]);
    assert_eq!(
        ana.tags,
        ["Clients"],
        "Google's * myContacts and * starred are not tags"
    );
    assert_eq!(ana.birthday.unwrap().to_string(), "1986-07-14");
    assert_eq!(
        ana.about[0].1,
        "Kids Bia (cello) and Leo.\nSays \"call me after 6\", loves sailing; hates golf"
    );
    assert_eq!(ana.dates[0].label, "Anniversary");
    assert_eq!(ana.dates[0].on.to_string(), "2012-06-09");
    let text = env.read("ana-lima");
    for line in [
        "url = [\"https://ana.example/about?lang=pt\"]",
        "\"ana.lima@acme.example\" = \"work\"",
        "\"ana@lima.example\" = \"home\"",
        "\"+351 912 345 678\" = \"cell\"",
        "street = \"Rua das Flores 12, 3º Esq\"",
        "code = \"1200-195\"",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let marcus = person(&env, "marcus-okafor");
    assert_eq!(
        marcus.email,
        Vec::<String>::new(),
        "an empty email cell is no email"
    );
    assert_eq!(marcus.birthday.unwrap().to_string(), "--05-17");
    let zoe = person(&env, "zoe-lefevre");
    assert_eq!(zoe.tags, ["Friends"]);
    assert_eq!(zoe.birthday, None);
    assert!(
        zoe.about.contains(&(
            "birthday".into(),
            "1975-02-29 (as imported; not a valid date)".into()
        )),
        "{:?}",
        zoe.about
    );
    assert!(
        said.contains("+ Zoë Lefèvre (kept as text: birthday \"1975-02-29\")"),
        "{said}"
    );
}

#[test]
fn outlook_csv_with_quoted_headers_phone_columns_and_no_date_zeros() {
    let env = Env::new();
    let said = twice(&env, "outlook.csv", 2);
    assert!(said.starts_with("2 added"), "{said}");
    let p = person(&env, "priya-raman");
    assert_eq!(p.name, "Priya Raman", "the honorific is not the name");
    assert_eq!(p.org.as_deref(), Some("Raman & Sons, Ltd."));
    assert_eq!(p.role.as_deref(), Some("CTO"));
    assert_eq!(p.email, ["priya@raman.example", "priya.raman@mail.example"]);
    assert_eq!(p.phone, ["+1 555 010 3000", "+1 (555) 010-2000"]);
    assert_eq!(p.tags, ["Clients", "VIP"]);
    assert_eq!(p.birthday.unwrap().to_string(), "1980-03-14");
    assert_eq!(
        p.about[0].1,
        "Met at HIMSS, \"the\" keynote.\nPrefers email, not calls."
    );
    let text = env.read("priya-raman");
    assert!(
        text.contains("street = \"\"\"\n1 Main St\nSuite 400\"\"\""),
        "{text}"
    );
    assert!(text.contains("\"+1 (555) 010-2000\" = \"work\""), "{text}");
    let tom = person(&env, "tom-becker");
    assert_eq!(tom.birthday, None, "Outlook's 0/0/00 is no birthday");
    assert!(!env.read("tom-becker").contains("0/0/00"));
    assert_eq!(tom.about[0].1, "2/29/2001 (as imported; not a valid date)");
}

#[test]
fn linkedin_connections_after_the_notes_preamble() {
    let env = Env::new();
    // Someone already known by name gets only what is new, comments kept.
    env.write(
        "ravi-patel",
        "# met him at HIMSS\nname = \"Ravi Patel\"\nrole = \"Data lead\" # his words\n",
    );
    let said = env.ok(&["import", &data("Connections.csv")]);
    assert!(said.starts_with("2 added, 1 updated, 0 skipped"), "{said}");
    assert!(
        said.contains("~ Ravi Patel: email ravi@patel.example, url https://www.linkedin.com/in/ravi-patel-123, org, met"),
        "{said}"
    );
    let ravi = env.read("ravi-patel");
    assert!(ravi.starts_with("# met him at HIMSS\n"), "{ravi}");
    assert!(ravi.contains("role = \"Data lead\" # his words"), "{ravi}");
    let r = person(&env, "ravi-patel");
    assert_eq!(r.org.as_deref(), Some("Acme, Inc."));
    assert_eq!(r.met.as_deref(), Some("connected on LinkedIn 2021-03-12"));
    let s = person(&env, "soren-kierkegaard");
    assert_eq!(s.role.as_deref(), Some("Founder, \"Either/Or\" Studio"));
    assert_eq!(s.email, Vec::<String>::new());
    assert!(
        env.read("soren-kierkegaard")
            .contains("url = [\"https://www.linkedin.com/in/soren-k\"]")
    );
    let lena = person(&env, "lena-park");
    assert_eq!(
        lena.about[0].1,
        "31 Feb 2020 (as imported; not a valid date)"
    );
    let before = files(&env);
    let again = env.ok(&["import", &data("Connections.csv")]);
    assert!(
        again.starts_with("0 added, 0 updated, 3 skipped"),
        "{again}"
    );
    assert_eq!(files(&env), before);
}

#[test]
fn dry_run_says_what_would_happen_and_writes_nothing() {
    let env = Env::new();
    for f in ["google.csv", "outlook.csv", "Connections.csv", "full.vcf"] {
        let said = env.ok(&["import", "--dry-run", &data(f)]);
        assert!(said.starts_with("Dry run, nothing written: "), "{said}");
        assert!(said.contains(" to add"), "{said}");
    }
    let said = env.ok(&["import", "--dry-run", &data("google.csv")]);
    assert!(
        said.contains("+ Zoë Lefèvre (kept as text: birthday \"1975-02-29\")"),
        "{said}"
    );
    assert!(files(&env).is_empty(), "{:?}", files(&env));
}

#[test]
fn an_unknown_csv_header_is_one_sentence_naming_the_file() {
    let env = Env::new();
    let file = env.dir.path().join("bank.csv");
    std::fs::write(&file, "Date,Amount,Payee\n2026-01-01,12.50,\"Cafe, Lda\"\n").unwrap();
    let (code, out, err) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("bank.csv"), "{err}");
    assert!(
        err.contains("Google Contacts, Outlook, LinkedIn Connections.csv"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(files(&env).is_empty());
}

#[test]
fn a_csv_import_is_one_git_commit() {
    let env = Env::new();
    env.git(&env.vault(), &["init", "-q"]);
    env.ok(&["import", &data("google.csv")]);
    let log = env.git(&env.vault(), &["log", "--format=%s"]);
    assert_eq!(
        log.trim(),
        "ties: import 3 contacts from google.csv (3 added, 0 updated)"
    );
    env.ok(&["import", &data("google.csv")]);
    let log = env.git(&env.vault(), &["log", "--format=%s"]);
    assert_eq!(log.lines().count(), 1, "nothing new, no commit: {log}");
}

/// The contacts of a vCard export, re-read: what a contact app would see.
fn exported(env: &Env, who: &str) -> vcard::Contact {
    let vcf = env.ok(&["export", "--vcf", who]);
    let (mut back, bad) = vcard::parse(&vcf);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(back.len(), 1, "{vcf}");
    back.remove(0)
}

#[test]
fn a_vcard_with_every_field_comes_back_on_export() {
    let env = Env::new();
    env.ok(&["import", &data("full.vcf")]);
    let text = std::fs::read_to_string(data("full.vcf")).unwrap();
    let (mut given, _) = vcard::parse(&text);
    let given = given.remove(0);
    let back = exported(&env, "ana-lima");
    assert_eq!(back.name, given.name);
    assert_eq!(back.nicknames, ["Ani", "Nana"]);
    assert_eq!(back.nicknames, given.nicknames);
    assert_eq!(back.org, given.org);
    assert_eq!(back.title, given.title);
    assert_eq!(back.emails, given.emails);
    assert_eq!(back.phones, given.phones);
    assert_eq!(
        back.urls,
        [
            "https://acme.example/people/ana",
            "https://ana.example/?a=1&b=2"
        ]
    );
    assert_eq!(back.urls, given.urls);
    assert_eq!(back.addresses.len(), 2);
    assert_eq!(back.addresses, given.addresses);
    assert_eq!(back.addresses[0].street, "Rua das Flores 12, Bairro Alto");
    assert_eq!(back.addresses[1].pobox, "PO Box 7");
    assert_eq!(
        back.types,
        [
            ("ana.lima@acme.example".to_string(), "work".to_string()),
            ("ana@lima.example".into(), "home".into()),
            ("+351 912 345 678".into(), "cell".into()),
            ("+351 213 000 000".into(), "work,voice".into()),
            ("+351 213 000 001".into(), "home,fax".into()),
            ("https://acme.example/people/ana".into(), "work".into()),
        ]
    );
    let sorted = |c: &vcard::Contact| {
        let mut t = c.types.clone();
        t.sort();
        t
    };
    assert_eq!(sorted(&back), sorted(&given));
    assert_eq!(back.birthday.unwrap().to_string(), "1986-07-14");
    assert_eq!(back.birthday, given.birthday);
    assert_eq!(back.anniversary.unwrap().to_string(), "--06-09");
    assert_eq!(back.anniversary, given.anniversary);
    assert_eq!(
        back.note.as_deref(),
        Some("Kids Bia (cello) and Leo.\nSays \"call me after 6\", loves sailing; hates golf")
    );
    assert_eq!(back.note, given.note);
    assert_eq!(back.categories, ["client", "oncology"]);
    assert_eq!(back.categories, given.categories);
    assert_eq!(back, given, "nothing else differs");
    // And the export imported again is the same person, nothing new.
    let vcf = env.dir.path().join("back.vcf");
    std::fs::write(&vcf, env.ok(&["export", "--vcf"])).unwrap();
    let before = files(&env);
    let again = env.ok(&["import", vcf.to_str().unwrap()]);
    assert!(
        again.starts_with("0 added, 0 updated, 1 skipped"),
        "{again}"
    );
    assert_eq!(files(&env), before);
}

#[test]
fn a_bad_birthday_keeps_the_person_and_shows_the_text() {
    let env = Env::new();
    let file = env.dir.path().join("leap.vcf");
    std::fs::write(
        &file,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Leap Person\r\nEMAIL:leap@example.com\r\nBDAY:1975-02-29\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let (code, said, err) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}{err}");
    assert!(
        said.starts_with("1 added, 0 updated, 0 skipped:\n  + Leap Person (kept as text: birthday \"1975-02-29\")"),
        "{said}"
    );
    let p = person(&env, "leap-person");
    assert_eq!(p.email, ["leap@example.com"]);
    let prep = env.ok(&["prep", "leap-person"]);
    assert!(
        prep.contains("birthday: 1975-02-29 (as imported; not a valid date)"),
        "{prep}"
    );
    let shown = env.ok(&["show", "leap-person", "--format", "json"]);
    assert!(
        shown.contains("1975-02-29 (as imported; not a valid date)"),
        "{shown}"
    );
    let (code, _, _) = env.run(&["check"]);
    assert_eq!(code, 0, "the file is a valid person file");
}

mod cells {
    use proptest::prelude::*;
    use ties::index::Index;
    use ties::store::Vault;
    use ties::vcard;

    /// Text as people type it into a contacts app: quotes, commas,
    /// semicolons, backslashes, line breaks, accents, CJK and emoji (a
    /// cell's outer spaces are not kept, as every importer trims them).
    fn cell() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ,;:.\"'\\\\\n\\-éüßÆ中文한🙂]{1,40}"
            .prop_filter("no outer whitespace", |s| s.trim() == s)
    }

    fn csv_of(rows: &[[&str; 4]]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "First Name",
            "Last Name",
            "Organization Name",
            "Notes",
            "Labels",
        ])
        .unwrap();
        for r in rows {
            w.write_record([r[0], r[1], r[2], r[3], "* myContacts"])
                .unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn csv_cells_survive_import_into_the_file_and_export(
            last in cell(), org in cell(), note in cell()
        ) {
            let dir = tempfile::tempdir().unwrap();
            let vault = Vault::create(dir.path().join("vault")).unwrap();
            let text = format!("\u{feff}{}", csv_of(&[["Ann", &last, &org, &note]]));
            let (_, contacts, skipped) = ties::csvimport::parse(&text).unwrap();
            prop_assert!(skipped.is_empty(), "{:?}", skipped);
            let index = Index::load(&vault, false, None).unwrap();
            let plan = vcard::plan(&vault, &index, &contacts);
            let done = vcard::apply(&vault, &contacts, plan, None);
            let slug = match &done[..] {
                [vcard::Step::Add { slug: Some(s), .. }] => s.clone(),
                other => return Err(TestCaseError::fail(format!("{other:?}"))),
            };
            let loaded = vault.read(&slug).unwrap();
            // A name is one line: its line breaks are spaces.
            let name = format!("Ann {}", last.split_whitespace().collect::<Vec<_>>().join(" "));
            prop_assert_eq!(&loaded.person.name, &name);
            prop_assert_eq!(loaded.person.org.as_deref(), Some(org.as_str()));
            prop_assert_eq!(&loaded.person.about, &vec![("note".to_string(), note.clone())]);
            let (back, bad) = vcard::parse(&vcard::export(&[loaded]));
            prop_assert!(bad.is_empty(), "{:?}", bad);
            prop_assert_eq!(&back[0].name, &name);
            prop_assert_eq!(back[0].org.as_deref(), Some(org.as_str()));
            prop_assert_eq!(back[0].note.as_deref(), Some(note.as_str()));
        }
    }
}

/// Writes `bytes` as a file in the test's folder and returns its path.
fn file_of(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn a_windows_1252_export_is_read_as_such_and_said() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "outlook-1252.csv",
        b"First Name,Last Name,Company,E-mail Address,Notes\r\nSe\xe1n,O\x92Brien,Caf\xe9 \x80 Co,sean@x.example,\x93Call after 5\x94 \x96 he said\r\n",
    );
    let said = env.ok(&["import", &csv]);
    assert!(
        said.contains("read") && said.contains("Windows-1252"),
        "{said}"
    );
    let p = person(&env, "sean-o-brien");
    assert_eq!(p.name, "Seán O’Brien");
    assert_eq!(p.org.as_deref(), Some("Café € Co"));
    assert!(
        env.read("sean-o-brien")
            .contains("“Call after 5” – he said")
    );
}

#[test]
fn utf8_with_one_broken_byte_is_refused_naming_the_file_and_line() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "broken.csv",
        b"First Name,Last Name,Company,E-mail Address,Notes\nJos\xc3\xa9,Ant\xc3\xb3nio,Caf\xc3\xa9,j@x.example,\"bad \xff\"\n",
    );
    let (code, stdout, stderr) = env.run(&["import", &csv]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("broken.csv") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert_eq!(files(&env).len(), 0, "nothing garbled was written");
}

#[test]
fn two_cards_for_one_person_become_one_and_a_second_import_is_a_no_op() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "dupes.csv",
        b"First Name,Last Name,Company,E-mail Address,Mobile Phone\n\
          Jo,Park,Acme,jo@work.example,+1 555 1111\n\
          Ana,Lima,,ana@x.example,\n\
          Jo,Park,,jo@home.example,+1 555 2222\n",
    );
    let dry = env.ok(&["import", "--dry-run", &csv]);
    assert!(dry.contains("2 to add"), "{dry}");
    let first = env.ok(&["import", &csv]);
    assert!(first.contains("Jo Park: 2 cards in this file"), "{first}");
    let p = person(&env, "jo-park");
    assert_eq!(p.email, ["jo@work.example", "jo@home.example"]);
    assert_eq!(p.phone, ["+1 555 1111", "+1 555 2222"]);
    let before = files(&env);
    let again = env.ok(&["import", &csv]);
    assert!(again.starts_with("0 added, 0 updated"), "{again}");
    assert_eq!(files(&env), before);
}

#[test]
fn a_one_value_key_keeps_its_comment_when_it_becomes_a_list() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo Lind\"\nemail = \"bo@x.example\"  # work mail, do not share\nurl = \"https://bo.example\"  # blog\n",
    );
    let vcf = file_of(
        &env,
        "bo.vcf",
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Lind\r\nEMAIL:bo@x.example\r\nEMAIL:bo2@x.example\r\nURL:https://bo2.example\r\nEND:VCARD\r\n",
    );
    env.ok(&["import", &vcf]);
    let text = env.read("bo");
    assert!(
        text.contains("email = [\"bo@x.example\", \"bo2@x.example\"]  # work mail, do not share"),
        "{text}"
    );
    assert!(text.contains("]  # blog"), "{text}");
}

#[test]
fn a_name_with_a_nul_is_cleaned_and_the_dry_run_agrees_with_the_import() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "nul.csv",
        b"First Name,Last Name,E-mail Address\nA\x00b,Nul,ab@x.example\n",
    );
    let dry = env.ok(&["import", "--dry-run", &csv]);
    assert!(dry.contains("1 to add"), "{dry}");
    let real = env.ok(&["import", &csv]);
    assert!(real.contains("1 added"), "{real}");
    assert_eq!(person(&env, "ab-nul").name, "Ab Nul");
}

#[test]
fn columns_ties_has_no_field_for_are_kept_under_about_not_dropped() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "google-more.csv",
        b"First Name,Last Name,Organization Department,Relation 1 - Label,Relation 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value,E-mail 1 - Label,E-mail 1 - Value\n\
          Re,Lation,Oncology IT,Spouse,Maria,Shoe size,42,* Work,re@x.example\n",
    );
    let said = env.ok(&["import", &csv]);
    assert!(said.contains("+ Re Lation"), "{said}");
    let p = person(&env, "re-lation");
    let about: std::collections::HashMap<_, _> = p.about.iter().cloned().collect();
    assert_eq!(
        about.get("spouse").map(String::as_str),
        Some("Maria"),
        "{:?}",
        p.about
    );
    assert_eq!(about.get("shoe_size").map(String::as_str), Some("42"));
    assert_eq!(
        about.get("organization_department").map(String::as_str),
        Some("Oncology IT")
    );
    assert!(!about.contains_key("relation_1_label"), "{:?}", p.about);
    // Twice changes nothing.
    let before = files(&env);
    let again = env.ok(&["import", &csv]);
    assert!(again.starts_with("0 added, 0 updated"), "{again}");
    assert_eq!(files(&env), before);
}

#[test]
fn an_unclosed_quote_or_an_empty_file_is_one_sentence_and_nothing_written() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "open.csv",
        b"First Name,Last Name,E-mail Address,Notes\nAl,One,al@x.example,\"unterminated note\nBo,Two,bo@x.example,\nCy,Three,cy@x.example,\n",
    );
    let (code, _, stderr) = env.run(&["import", &csv]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("open.csv") && stderr.contains("line 2") && stderr.contains("never closed"),
        "{stderr}"
    );
    let empty = file_of(&env, "empty.csv", b"\n");
    let (code, _, stderr) = env.run(&["import", &empty]);
    assert_eq!(code, 1);
    assert!(stderr.contains("empty.csv: it is empty"), "{stderr}");
    assert_eq!(files(&env).len(), 0);
}

#[test]
fn a_file_whose_dates_are_day_first_is_read_day_first() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "uk.csv",
        b"First Name,Last Name,E-mail Address,Birthday\nAl,One,al@x.example,04/03/1980\nBo,Two,bo@x.example,25/12/1979\n",
    );
    env.ok(&["import", &csv]);
    assert_eq!(
        person(&env, "al-one").birthday.unwrap().to_string(),
        "1980-03-04"
    );
    assert_eq!(
        person(&env, "bo-two").birthday.unwrap().to_string(),
        "1979-12-25"
    );
}

#[test]
fn exporting_and_importing_back_changes_nothing_and_loses_nothing() {
    let env = Env::new();
    env.write(
        "bo",
        "name = \"Bo Lind\"\nemail = \"bo@x.example\"\n\n[about]\nnote = \"my own note\"\nvcard_note = \"their note\\nline2\"\nbirthday = \"1975-02-29 (as imported; not a valid date)\"\n",
    );
    let vcf = env.ok(&["export", "--vcf"]);
    assert_eq!(vcf.matches("NOTE").count(), 2, "{vcf}");
    assert!(
        vcf.contains("1975-02-29"),
        "a birthday kept as text goes out: {vcf}"
    );
    let path = file_of(&env, "back.vcf", vcf.as_bytes());
    let before = files(&env);
    let again = env.ok(&["import", &path]);
    assert!(
        again.starts_with("0 added, 0 updated, 1 skipped"),
        "{again}"
    );
    assert_eq!(files(&env), before);
}

/// What an import keeps for export reads as sentences on the prep sheet, and
/// discreet mode shows none of it (a home address is not for a shared screen).
#[test]
fn imported_addresses_and_links_read_plainly_and_discreet_hides_them() {
    let env = Env::new();
    env.ok(&["import", &data("google.csv")]);
    let sheet = env.ok(&["prep", "ana-lima"]);
    assert!(
        sheet.contains("address (home): Rua das Flores 12, 3º Esq, 1200-195 Lisboa, Portugal"),
        "{sheet}"
    );
    assert!(sheet.contains("web: https://ana.example"), "{sheet}");
    assert!(!sheet.contains("types") && !sheet.contains("[{"), "{sheet}");
    let discreet = env.ok(&["prep", "ana-lima", "--discreet"]);
    assert!(!discreet.contains("Rua das Flores"), "{discreet}");
    assert!(!discreet.contains("ana.example"), "{discreet}");
}

/// Outlook's Exchange addresses (type EX, "/o=ExchangeLabs/...") reach no
/// one: the SMTP address in the display name is taken instead, and the type
/// column is not kept as a fact.
#[test]
fn an_outlook_exchange_address_gives_way_to_the_smtp_one() {
    let env = Env::new();
    let csv = file_of(
        &env,
        "ex.csv",
        b"First Name,Last Name,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 2 Type\n\
          Greg,Halvorsen,/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=greg,EX,Greg Halvorsen (greg@brightline.example),greg.h@home.example,SMTP\n",
    );
    env.ok(&["import", &csv]);
    let p = person(&env, "greg-halvorsen");
    assert_eq!(p.email, ["greg@brightline.example", "greg.h@home.example"]);
    assert!(
        p.about.iter().all(|(k, _)| !k.contains("type")),
        "{:?}",
        p.about
    );
}
