//! Library-level benchmarks on a synthetic vault (10,000 people by default;
//! set TIES_BENCH_PEOPLE to change it). Whole-process timings of the release
//! binary are in scripts/bench.sh.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ties::clock::Clock;
use ties::index::Index;
use ties::search::{Matcher, filter, search};
use ties::store::Vault;
use ties::store::write::{NewEntry, log};

fn people() -> usize {
    std::env::var("TIES_BENCH_PEOPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let slugs = ties::synth::generate(dir.path(), people(), 42).unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
    // Warm the caches once.
    Index::load(&vault, true, None).unwrap();

    let mut g = c.benchmark_group(format!("{}-people", people()));
    g.sample_size(10);
    g.bench_function("index_load_warm", |b| {
        b.iter(|| black_box(Index::load(&vault, false, None).unwrap()))
    });
    g.bench_function("index_load_warm_with_text", |b| {
        b.iter(|| black_box(Index::load(&vault, true, None).unwrap()))
    });
    let index = Index::load(&vault, true, None).unwrap();
    let m = Matcher;
    g.bench_function("search_notes_and_names", |b| {
        b.iter(|| black_box(search(&index, &m, "budget freeze")))
    });
    g.bench_function("filter_keystroke", |b| {
        b.iter(|| black_box(filter(&index, &m, "ana li")))
    });
    let target = &slugs[slugs.len() / 2];
    // prep trusts its cache only in a folder quiet for 2 s: date the folder
    // back, rewrite the cache, and check that the cached path is what runs.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(vault.people_dir())
        .and_then(|d| d.set_modified(past))
        .unwrap();
    Index::load(&vault, false, None).unwrap();
    let mut probe = ties::network::Connections::open(&vault);
    probe.of(&vault.read(target).unwrap().person).unwrap();
    assert!(
        probe.from_cache(),
        "prep_one_person would not measure the cache"
    );
    g.bench_function("prep_one_person", |b| {
        b.iter(|| {
            let p = vault.read(target).unwrap();
            let links = ties::network::Connections::open(&vault)
                .of(&p.person)
                .unwrap();
            black_box(ties::prep::prep(&p.person, links, &clock, false))
        })
    });
    let entry = NewEntry {
        with: Vec::new(),
        at: clock.now,
        via: "call".into(),
        text: "Quick note after the call.".into(),
        ask: vec![],
        asked: Vec::new(),
        private: false,
        why: None,
    };
    // Each run starts from the same file, so the file does not grow run after run.
    let path = vault.file_of(&slugs[0]);
    let original = std::fs::read(&path).unwrap();
    g.bench_function("log_append_one_entry", |b| {
        b.iter_batched(
            || std::fs::write(&path, &original).unwrap(),
            |_| black_box(log(&vault, &slugs[0], &entry).unwrap()),
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();

    // A cold index: every file parsed (in parallel).
    let mut g = c.benchmark_group(format!("{}-people-cold", people()));
    g.sample_size(10);
    g.bench_function("index_build_cold", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(vault.state_dir());
            black_box(Index::load(&vault, false, None).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
