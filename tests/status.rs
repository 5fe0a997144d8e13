//! The TUI's status line: what it keeps when the line is too narrow.

mod common;

use common::Env;

/// At 80 columns, with the git state, something due and inbox lines left,
/// the alerts stay on the status line: the git state gives way to them.
#[test]
fn at_80_columns_the_status_line_keeps_the_alerts_over_the_git_state() {
    use ties::tui::perform::settle;
    let env = Env::new();
    env.write(
        "ana-lima",
        "name = \"Ana Lima\"\ncadence = \"7d\"\n\n[[log]]\nat = 2026-10-01T10:00:00-05:00\nvia = \"call\"\ntext = \"Long ago.\"\n",
    );
    std::fs::write(
        env.vault().join("inbox.md"),
        "nobody: who is this?\nzed: and this?\n",
    )
    .unwrap();
    env.git(&env.vault(), &["init", "--quiet", "-b", "main"]);
    env.git(&env.vault(), &["add", "-A"]);
    env.git(&env.vault(), &["commit", "--quiet", "-m", "start"]);
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    let mut app = common::window::app_at(common::NOW, (80, 24));
    let start = app.on_start();
    settle(&mut app, &vault, start);
    let screen = common::window::screen_of(&app);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("2 inbox lines need you"), "{screen}");
    assert!(status.contains("due now"), "{status}");
}
