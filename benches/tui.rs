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

/// One keystroke timed (`keys.0`), then undone untimed (`keys.1` puts
/// the filter back as it was).
fn one_key(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    a: &mut App,
    vault: &Vault,
    t: &mut Terminal<TestBackend>,
    (typed, undo): (KeyCode, KeyCode),
) {
    g.bench_function(name, |b| {
        b.iter_custom(|n| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..n {
                let start = std::time::Instant::now();
                key(a, vault, t, typed);
                total += start.elapsed();
                key(a, vault, t, undo);
            }
            total
        })
    });
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
    // What a start draws first: the glimpse's people read from their
    // files, the first one's sheet, the whole screen (the index comes after).
    {
        let mut a = app();
        settle(&mut a, &vault, vec![Effect::Reload]);
    }
    g.bench_function("first_frame_from_the_glimpse", |b| {
        b.iter(|| {
            let mut a = app();
            let m = ties::tui::perform::glimpse(&vault, 40).expect("a glimpse was written");
            let fx = a.on_msg(m);
            settle(&mut a, &vault, fx);
            draw(&mut t, &a);
            assert!(a.current_detail().is_some());
            black_box(a.index.people.len())
        })
    });
    g.bench_function("first_frame_whole_index", |b| {
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
    // The costliest keystroke: the first letter, scoring everyone.
    let keys = (KeyCode::Char('m'), KeyCode::Backspace);
    one_key(&mut g, "filter_first_letter", &mut a, &vault, &mut t, keys);
    // A keystroke that narrows a query ("mar" -> "mart").
    for ch in "mar".chars() {
        key(&mut a, &vault, &mut t, KeyCode::Char(ch));
    }
    let keys = (KeyCode::Char('t'), KeyCode::Backspace);
    one_key(&mut g, "filter_narrowing", &mut a, &vault, &mut t, keys);
    // A backspace ("mart" -> "mar"), after typing the t untimed.
    let keys = (KeyCode::Backspace, KeyCode::Char('t'));
    one_key(&mut g, "filter_backspace", &mut a, &vault, &mut t, keys);
    key(&mut a, &vault, &mut t, KeyCode::Esc);
    key(&mut a, &vault, &mut t, KeyCode::Char('j'));
    // Moving reads the newly selected person's file and builds the prep
    // sheet; j and k alternate, each timed.
    g.bench_function("move_selection", |b| {
        let mut down = true;
        b.iter(|| {
            let k = if down { 'j' } else { 'k' };
            down = !down;
            key(&mut a, &vault, &mut t, KeyCode::Char(k));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
