//! The TUI's status line: what it keeps when the line is too narrow.

mod common;

use common::Env;
use ties::tui::app::Msg;

/// A narrow window with a git state, someone due and inbox lines left:
/// the alerts stay whole; the git state gives way to them, and only where
/// there is one.
#[test]
fn a_narrow_status_line_keeps_the_alerts_over_the_git_state() {
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
    let vault = ties::store::Vault::open(env.vault()).unwrap();
    let status = |app: &ties::tui::app::App| {
        let screen = common::window::screen_of(app);
        screen.lines().last().unwrap_or_default().to_string()
    };
    // No git: nothing to give way, so nothing is taken out of the line.
    let mut app = common::window::app_at(common::NOW, (60, 24));
    let start = app.on_start();
    settle(&mut app, &vault, start);
    let plain = status(&app);
    assert!(
        plain.contains("person · 1 due now (d) · 2 inbox lines"),
        "{plain}"
    );

    // In a git vault with changes not committed, the git state is long.
    env.git(&env.vault(), &["init", "--quiet", "-b", "main"]);
    let mut app = common::window::app_at(common::NOW, (60, 24));
    let start = app.on_start();
    settle(&mut app, &vault, start);
    let fx = app.on_msg(Msg::SyncState(ties::sync::state(&vault)));
    settle(&mut app, &vault, fx);
    let line = status(&app);
    assert!(line.contains("2 inbox lines need you"), "{line}");
    assert!(line.contains("due now"), "{line}");
    assert!(!line.contains("git:"), "{line}");
    // Wide enough for everything, the git state stays.
    let mut wide = common::window::app_at(common::NOW, (160, 24));
    let start = wide.on_start();
    settle(&mut wide, &vault, start);
    let fx = wide.on_msg(Msg::SyncState(ties::sync::state(&vault)));
    settle(&mut wide, &vault, fx);
    let line = status(&wide);
    assert!(
        line.contains("git:") && line.contains("2 inbox lines"),
        "{line}"
    );
}
