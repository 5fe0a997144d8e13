//! The prep sheet's "Since" section on a git vault with years of history:
//! 10,000 people (TIES_BENCH_PEOPLE), 1,000 commits from Dec 2023 to Nov
//! 2026, 200 of them changing the person prepped. Whole-process timings of
//! the release binary are in scripts/bench-history.sh.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ties::clock::Clock;
use ties::store::Vault;

fn people() -> usize {
    std::env::var("TIES_BENCH_PEOPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let slugs = ties::synth::generate(dir.path(), people(), 42).unwrap();
    let target = slugs[slugs.len() / 2].clone();
    ties::synth::git_history(dir.path(), &slugs, &target, 1000, 7).unwrap();
    let vault = Vault::open(dir.path()).unwrap();
    let clock = Clock::fixed("2026-11-23T09:00:00-05:00");
    let person = vault.read(&target).unwrap().person;
    let h = ties::history::of(&vault, &target).unwrap().unwrap();
    // The first commit, then 200 that each change it.
    assert_eq!(h.commits.len(), 201);
    let cache = vault.state_dir().join(format!("history/{target}.bin"));

    let mut g = c.benchmark_group(format!("{}-people-200-commits", people()));
    g.sample_size(10);
    // What a prep adds: the history (from its cache) and the section.
    g.bench_function("since_warm", |b| {
        b.iter(|| {
            let h = ties::history::of(&vault, &target).unwrap().unwrap();
            black_box(ties::history::since(&h, &person, &clock, false))
        })
    });
    // A person's first read: the vault-wide table (`.ties/history-log/`,
    // built above) is warm, this person's cache is not.
    g.bench_function("since_cold_vault_warm", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&cache);
            let h = ties::history::of(&vault, &target).unwrap().unwrap();
            black_box(ties::history::since(&h, &person, &clock, false))
        })
    });
    // The first read in the vault: the table built by one git pass.
    let table = vault.state_dir().join("history-log");
    g.bench_function("since_cold", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&cache);
            let _ = std::fs::remove_dir_all(&table);
            let h = ties::history::of(&vault, &target).unwrap().unwrap();
            black_box(ties::history::since(&h, &person, &clock, false))
        })
    });
    // The whole sheet, as `ties prep` builds it, with its warm history.
    g.bench_function("prep_with_history_warm", |b| {
        b.iter(|| {
            let p = vault.read(&target).unwrap().person;
            let h = ties::history::of(&vault, &target).unwrap().unwrap();
            let since = ties::history::since(&h, &p, &clock, false);
            black_box(ties::prep::prep(&p, Vec::new(), &clock, false).with_since(since))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
