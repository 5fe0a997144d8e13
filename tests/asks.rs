//! Asks stay on the prep sheet until they are asked: a call about something
//! else leaves them open; `ties log --asked a1` and `ties done WHO a1` tick
//! them; files written before ticking read as they did then.

mod common;
use common::Env;

const LEGACY: &str = "name = \"Bo Lind\"\n\n[[log]]\nat = 2026-06-01\nvia = \"call\"\ntext = \"Kickoff\"\nask = [\"How was the move?\"]\n\n[[log]]\nat = 2026-06-10\nvia = \"call\"\ntext = \"Follow-up\"\n\n[[log]]\nat = 2026-11-20\nvia = \"meeting\"\ntext = \"Budget review\"\nask = [\"How did the recital go?\", \"Did the Lisbon office open?\"]\n";

#[test]
fn an_ask_stays_open_until_it_is_ticked() {
    let env = Env::new();
    env.write("bo-lind", LEGACY);
    // Before ticking existed, a later contact covered the earlier asks: the
    // June ask is closed, the November ones open, numbered a1 and a2.
    let prep = env.ok(&["prep", "bo"]);
    assert!(!prep.contains("How was the move?"), "{prep}");
    assert!(prep.contains("a1 How did the recital go?"), "{prep}");
    assert!(prep.contains("a2 Did the Lisbon office open?"), "{prep}");
    // A call about something else: both stay open.
    env.ok(&["log", "bo", "Quick call about invoices"]);
    let prep = env.ok(&["prep", "bo"]);
    assert!(
        prep.contains("a1 How did the recital go?") && prep.contains("a2 Did the Lisbon"),
        "{prep}"
    );
    // A call that covered the second.
    env.ok(&[
        "log",
        "bo",
        "Lunch; the office opened in May",
        "--asked",
        "a2",
    ]);
    let prep = env.ok(&["prep", "bo"]);
    assert!(prep.contains("a1 How did the recital go?"), "{prep}");
    assert!(!prep.contains("Lisbon office"), "{prep}");
    // Asked outside a logged conversation.
    let said = env.ok(&["done", "bo", "a1"]);
    assert!(
        said.contains("Asked Bo Lind: How did the recital go?"),
        "{said}"
    );
    let prep = env.ok(&["prep", "bo"]);
    assert!(!prep.contains("Ask about"), "{prep}");
    assert!(
        prep.contains("note: Asked: How did the recital go?"),
        "{prep}"
    );
    // The file says it plainly, for hand edits and `git diff`.
    let text = env.read("bo-lind");
    assert!(text.contains("asked = []"), "{text}");
    assert!(
        text.contains("asked = [\"Did the Lisbon office open?\"]"),
        "{text}"
    );
    assert!(
        text.contains("asked = [\"How did the recital go?\"]"),
        "{text}"
    );
}

#[test]
fn ask_numbers_are_checked_and_old_asks_fold_into_one_line() {
    let env = Env::new();
    env.write(
        "bo-lind",
        "name = \"Bo Lind\"\n\n[[log]]\nat = 2026-01-05\nvia = \"call\"\ntext = \"x\"\nask = [\"Old one\"]\nasked = []\n\n[[log]]\nat = 2026-11-20\nvia = \"call\"\ntext = \"y\"\nask = [\"New one\"]\nasked = []\n",
    );
    let prep = env.ok(&["prep", "bo"]);
    assert!(prep.contains("a2 New one"), "{prep}");
    assert!(prep.contains("1 older ask (a1), still open"), "{prep}");
    assert!(!prep.contains("Old one"), "{prep}");
    let (code, _, err) = env.run(&["done", "bo", "a3"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Bo Lind has 2 open asks; there is no a3"),
        "{err}"
    );
    let (code, _, err) = env.run(&["log", "bo", "x", "--asked", "first"]);
    assert_eq!(code, 1);
    assert!(err.contains("`first` is not an ask's number"), "{err}");
    let show = env.ok(&["show", "bo"]);
    assert!(show.contains("ask next time: Old one (open, a1)"), "{show}");
}

#[test]
fn a_done_todo_can_be_opened_again_and_the_file_reads_as_before() {
    let env = Env::new();
    let before = "name = \"Bo Lind\"\n\n[[todo]]\ntext = \"Send the deck\"   # by Friday\n";
    env.write("bo-lind", before);
    env.ok(&["done", "bo", "1"]);
    assert!(env.read("bo-lind").contains("done = true"));
    let said = env.ok(&["done", "bo", "1", "--reopen"]);
    assert!(
        said.contains("Reopened todo 1 of Bo Lind: Send the deck"),
        "{said}"
    );
    assert_eq!(env.read("bo-lind"), before);
    let (code, _, err) = env.run(&["done", "bo", "1", "--reopen"]);
    assert_eq!(code, 1);
    assert!(err.contains("todo 1 of Bo Lind is open"), "{err}");
}
