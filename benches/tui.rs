//! The TUI's frame costs on a synthetic vault (10,000 people by default; set
//! TIES_BENCH_PEOPLE to change it): the first frame, a filter keystroke, a
//! selection move. Each includes drawing the whole 120x40 screen.
//! Whole-process time to the first frame is in scripts/bench.sh.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ties::clock::Clock;
use ties::store::Vault;
use ties::tui::app::Effect;
use ties::tui::keymap::Keymap;
use ties::tui::perform::settle;
use ties::tui::theme::Theme;
use ties::tui::ui::View;
use ties::tui::{App, Init};

fn people() -> usize {
    std::env::var("TIES_BENCH_PEOPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

fn app() -> App {
    App::new(Init {
        clock: Clock::fixed("2026-11-23T09:00:00-05:00"),
        vault_label: "~/bench".into(),
        keymap: Keymap::default(),
        discreet: false,
        warnings: Vec::new(),
        hello: None,
        autocommit: true,
        defaults: ties::due::Defaults::default(),
        calendars: Vec::new(),
        due_days: 14,
        size: (120, 40),
    })
}

fn draw(t: &mut Terminal<TestBackend>, app: &App) {
    t.draw(|f| {
        f.render_widget(
            View {
                app,
                theme: Theme { color: true },
            },
            f.area(),
        )
    })
    .unwrap();
}

fn key(app: &mut App, vault: &Vault, t: &mut Terminal<TestBackend>, code: KeyCode) {
    let fx = app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    settle(app, vault, fx);
    draw(t, app);
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    ties::synth::generate(dir.path(), people(), 42).unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    // Warm the index cache, as after the first run of ties.
    ties::index::Index::load(&vault, false, None).unwrap();
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut g = c.benchmark_group(format!("tui-{}-people", people()));
    g.sample_size(20);
    g.bench_function("first_frame", |b| {
        b.iter(|| {
            let mut a = app();
            settle(&mut a, &vault, vec![Effect::Reload]);
            draw(&mut t, &a);
            black_box(a.index.people.len())
        })
    });

    let mut a = app();
    settle(&mut a, &vault, vec![Effect::Reload]);
    key(&mut a, &vault, &mut t, KeyCode::Char('/'));
    // The costliest keystroke: the first letter, scoring everyone; then the
    // one that empties the filter and brings everyone back. Two per iteration.
    g.bench_function("filter_keystroke_pair_first_letter_and_back", |b| {
        b.iter(|| {
            key(&mut a, &vault, &mut t, KeyCode::Char('m'));
            key(&mut a, &vault, &mut t, KeyCode::Backspace);
        })
    });
    // A keystroke that narrows a query ("mar" -> "mart"), and back.
    for ch in "mar".chars() {
        key(&mut a, &vault, &mut t, KeyCode::Char(ch));
    }
    g.bench_function("filter_keystroke_pair_narrowing_and_back", |b| {
        b.iter(|| {
            key(&mut a, &vault, &mut t, KeyCode::Char('t'));
            key(&mut a, &vault, &mut t, KeyCode::Backspace);
        })
    });
    key(&mut a, &vault, &mut t, KeyCode::Esc);
    key(&mut a, &vault, &mut t, KeyCode::Char('j'));
    // Moving reads the newly selected person's file and builds the prep sheet.
    g.bench_function("move_selection_pair", |b| {
        b.iter(|| {
            key(&mut a, &vault, &mut t, KeyCode::Char('j'));
            key(&mut a, &vault, &mut t, KeyCode::Char('k'));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
