//! The connections cache `ties prep` reads: the same answers as the full
//! index, for everyone, and never an answer it cannot vouch for.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use ties::index::Index;
use ties::network::{Connections, among};
use ties::prep::Connection;
use ties::store::Vault;

/// Sets the folder's time an hour back, as if nothing had changed in it for a
/// while: the cache does not trust a folder that changed in the last moments.
fn settle(vault: &Vault) {
    let dir = fs::File::open(vault.people_dir()).unwrap();
    let past = SystemTime::now() - Duration::from_secs(3600);
    dir.set_times(fs::FileTimes::new().set_modified(past).set_accessed(past))
        .unwrap();
}

/// A vault whose cache was written by a full look at a settled folder.
fn warm(n: usize) -> (tempfile::TempDir, Vault, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let slugs = ties::synth::generate(tmp.path(), n, 7).unwrap();
    let vault = Vault::open(tmp.path()).unwrap();
    settle(&vault);
    Index::load(&vault, false, None).unwrap();
    (tmp, vault, slugs)
}

fn person_file(vault: &Vault, slug: &str) -> std::path::PathBuf {
    vault.people_dir().join(format!("{slug}.toml"))
}

/// Rewrites a file in place (same inode), as `echo >>` or some editors do:
/// the folder itself does not change.
fn rewrite_in_place(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

fn via_cache(vault: &Vault, slug: &str) -> (Vec<Connection>, bool) {
    let mut c = Connections::open(vault);
    let p = vault.read(slug).unwrap().person;
    let found = c.of(&p).unwrap();
    (found, c.from_cache())
}

fn via_index(vault: &Vault, slug: &str) -> Vec<Connection> {
    let index = Index::load(vault, false, None).unwrap();
    among(&vault.read(slug).unwrap().person, &index.people)
}

#[test]
fn the_cache_answers_as_the_index_does_for_everyone() {
    let (_tmp, vault, slugs) = warm(600);
    let index = Index::load(&vault, false, None).unwrap();
    let mut c = Connections::open(&vault);
    let mut with_any = 0;
    for slug in &slugs {
        let p = vault.read(slug).unwrap().person;
        let cached = c.of(&p).unwrap();
        assert_eq!(cached, among(&p, &index.people), "{slug}");
        with_any += usize::from(!cached.is_empty());
    }
    assert!(c.from_cache(), "every answer came from the cache");
    assert!(with_any > slugs.len() / 2, "the vault has links and orgs");
}

#[test]
fn a_new_or_deleted_file_is_seen_at_once() {
    let (_tmp, vault, slugs) = warm(50);
    let target = &slugs[3];
    fs::write(
        person_file(&vault, "zed-new"),
        format!("name = \"Zed New\"\nmet = \"Through @{target}\"\n"),
    )
    .unwrap();
    let (found, from_cache) = via_cache(&vault, target);
    assert!(!from_cache, "the folder changed, so the cache is not used");
    assert!(
        found
            .iter()
            .any(|c| c.slug == "zed-new" && c.why == "mentions them"),
        "{found:?}"
    );
    fs::remove_file(person_file(&vault, "zed-new")).unwrap();
    let (found, _) = via_cache(&vault, target);
    assert!(found.iter().all(|c| c.slug != "zed-new"), "{found:?}");
}

#[test]
fn a_connected_file_changed_in_place_is_not_trusted() {
    let (_tmp, vault, slugs) = warm(80);
    // Someone this person is connected to, through a link to them.
    let (target, linker) = slugs
        .iter()
        .find_map(|s| {
            let (found, _) = via_cache(&vault, s);
            found
                .into_iter()
                .find(|c| c.why.contains("mentions them") && !c.why.contains("same org"))
                .map(|c| (s.clone(), c.slug))
        })
        .expect("someone links to someone");
    let (_, from_cache) = via_cache(&vault, &target);
    assert!(from_cache);
    // The link goes, and the name changes, in place: the folder is unchanged.
    rewrite_in_place(
        &person_file(&vault, &linker),
        "name = \"Renamed Person\"\n# no links any more\n",
    );
    let (found, from_cache) = via_cache(&vault, &target);
    assert!(!from_cache, "the changed file's stamp gave it away");
    assert!(found.iter().all(|c| c.slug != linker), "{found:?}");
    assert_eq!(found, via_index(&vault, &target));

    // A name changed in place shows under "mentioned here" too.
    let (_tmp, vault, slugs) = warm(80);
    let (target, linked) = slugs
        .iter()
        .find_map(|s| {
            let (found, _) = via_cache(&vault, s);
            found
                .into_iter()
                .find(|c| c.why == "mentioned here")
                .map(|c| (s.clone(), c.slug))
        })
        .expect("someone's notes link to someone");
    let path = person_file(&vault, &linked);
    let text = fs::read_to_string(&path).unwrap();
    let renamed = text.replacen("name = \"", "name = \"Dr. ", 1);
    rewrite_in_place(&path, &renamed);
    let (found, _) = via_cache(&vault, &target);
    let c = found.iter().find(|c| c.slug == linked).unwrap();
    assert!(c.name.starts_with("Dr. "), "{c:?}");
}

#[test]
fn a_damaged_or_missing_cache_falls_back_and_is_written_again() {
    let (_tmp, vault, slugs) = warm(60);
    let target = &slugs[10];
    let want = via_index(&vault, target);
    let cache = vault.state_dir().join("index-net.bin");
    let good = fs::read(&cache).unwrap();
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good.iter().map(|b| b ^ 0x5a).collect::<Vec<u8>>(),
        b"TIESNET1\xff\xff\xff\xff".to_vec(),
        Vec::new(),
    ] {
        fs::write(&cache, &damaged).unwrap();
        let (found, _) = via_cache(&vault, target);
        assert_eq!(found, want);
    }
    fs::remove_file(&cache).unwrap();
    let (found, from_cache) = via_cache(&vault, target);
    assert!(!from_cache);
    assert_eq!(found, want);
    // The full look wrote it back; the next answer comes from it.
    let (found, from_cache) = via_cache(&vault, target);
    assert!(from_cache);
    assert_eq!(found, want);
}

#[test]
fn a_folder_that_just_changed_is_not_trusted_until_it_settles() {
    let tmp = tempfile::tempdir().unwrap();
    let slugs = ties::synth::generate(tmp.path(), 30, 3).unwrap();
    let vault = Vault::open(tmp.path()).unwrap();
    // Written moments after the last change to the folder: another change in
    // the same clock tick would leave the folder's stamp as it is.
    Index::load(&vault, false, None).unwrap();
    let (_, from_cache) = via_cache(&vault, &slugs[0]);
    assert!(!from_cache);
    settle(&vault);
    Index::load(&vault, false, None).unwrap();
    let (_, from_cache) = via_cache(&vault, &slugs[0]);
    assert!(from_cache);
}

#[test]
fn an_unconnected_file_linking_here_in_place_shows_after_a_full_look() {
    // The one change the cache cannot see without looking at every file: some
    // other person's file rewritten in place so that it now links here. The
    // README and `ties prep --help` say so; `--fresh` and any full look at the
    // folder (list, search, the TUI) show it.
    let (_tmp, vault, slugs) = warm(40);
    let target = &slugs[5];
    let (before, _) = via_cache(&vault, target);
    let other = slugs
        .iter()
        .find(|s| {
            *s != target
                && before.iter().all(|c| &c.slug != *s)
                && !fs::read_to_string(person_file(&vault, s))
                    .unwrap()
                    .contains("\nmet =")
        })
        .unwrap();
    let path = person_file(&vault, other);
    let text = fs::read_to_string(&path).unwrap();
    let (name, rest) = text.split_once('\n').unwrap();
    rewrite_in_place(
        &path,
        &format!("{name}\nmet = \"At the fair with @{target}\"\n{rest}"),
    );
    let linked = |found: &[Connection]| found.iter().any(|c| &c.slug == other);
    let (found, from_cache) = via_cache(&vault, target);
    assert!(from_cache && !linked(&found), "the documented gap");
    let mut fresh = Connections::fresh(&vault).unwrap();
    assert!(linked(
        &fresh.of(&vault.read(target).unwrap().person).unwrap()
    ));
    // That full look rewrote the cache, so the plain path sees it now too.
    let (found, from_cache) = via_cache(&vault, target);
    assert!(from_cache && linked(&found), "{found:?}");
}

/// Typed links (either file may state one) and introductions made for you
/// come out of the cache exactly as from a full look, with the inverse
/// label; a link taken away in place on the other file is not believed.
#[test]
fn the_cache_and_a_full_look_agree_on_typed_links_and_introductions() {
    let (_tmp, vault, slugs) = warm(60);
    let (a, b, c) = (&slugs[1], &slugs[2], &slugs[3]);
    let add = |slug: &str, extra: &str| {
        let path = person_file(&vault, slug);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}\n{extra}")).unwrap();
    };
    add(
        a,
        &format!("[relationships]\n{b} = \"manager\"\n{c} = \"climbing buddy\"\n"),
    );
    fs::write(
        person_file(&vault, "zed-new"),
        format!("name = \"Zed New\"\nmet = \"Introduced by @{b}\"\n"),
    )
    .unwrap();
    settle(&vault);
    Index::load(&vault, false, None).unwrap();
    for slug in [a, b, c, &"zed-new".to_string()] {
        let (cached, from_cache) = via_cache(&vault, slug);
        assert!(from_cache, "{slug}: answered from the cache");
        assert_eq!(cached, via_index(&vault, slug), "{slug}");
    }
    let (on_b, _) = via_cache(&vault, b);
    let back = on_b.iter().find(|x| &x.slug == a).expect("b sees a");
    assert_eq!(back.relation.as_deref(), Some("report"));
    assert_eq!(on_b[0].slug, *a, "typed links come first");
    assert!(
        on_b.iter()
            .any(|x| x.slug == "zed-new" && x.why.contains(ties::prep::INTRO_RECEIVED)),
        "{on_b:?}"
    );
    let (on_c, _) = via_cache(&vault, c);
    assert_eq!(on_c[0].relation.as_deref(), Some("climbing buddy"));

    // Taken away in place: the folder is unchanged, the stamp is not.
    let path = person_file(&vault, a);
    let text = fs::read_to_string(&path).unwrap();
    rewrite_in_place(&path, &text.replace(&format!("{b} = \"manager\"\n"), ""));
    let (found, from_cache) = via_cache(&vault, b);
    assert!(!from_cache);
    assert!(found.iter().all(|x| x.relation.is_none()), "{found:?}");
    assert_eq!(found, via_index(&vault, b));
}
