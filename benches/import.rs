//! Bulk import at library level: the index load, `plan` and `apply` that
//! `ties import` runs (the git commit aside). New contacts into an empty
//! vault at 2,000 (each one a file written and fsynced; set
//! TIES_BENCH_IMPORT_NEW=2000,20000 for more, at about a minute a run), and
//! a vault's own contacts imported again at 2,000 and 20,000 (nothing to
//! write: the cost is matching and comparing). Whole-process timings of the
//! release binary, with the commit, are in the report of issue 11.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ties::index::Index;
use ties::store::Vault;
use ties::vcard::{self, Contact, Step};

/// `n` plain contacts, as a phone's export writes them.
fn vcards(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05} Example\r\nEMAIL:person{i}@example.com\r\nTEL:+1 555 {i:07}\r\nORG:Org {}\r\nEND:VCARD\r\n",
                i % 97
            )
        })
        .collect()
}

fn import(vault: &Vault, contacts: &[Contact]) -> Vec<Step> {
    let index = Index::load(vault, false, None).unwrap();
    let plan = vcard::plan(vault, &index, contacts);
    vcard::apply(vault, contacts, plan, None)
}

fn count(steps: &[Step], f: fn(&Step) -> bool) -> usize {
    steps.iter().filter(|s| f(s)).count()
}

fn sizes(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.warm_up_time(std::time::Duration::from_millis(500));

    for n in sizes("TIES_BENCH_IMPORT_NEW", &[2_000]) {
        let (contacts, _) = vcard::parse(&vcards(n));
        g.bench_function(format!("new_{n}"), |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let vault = Vault::create(dir.path().join("vault")).unwrap();
                    (dir, vault)
                },
                |(dir, vault)| {
                    let steps = import(&vault, &contacts);
                    assert_eq!(count(&steps, |s| matches!(s, Step::Add { .. })), n);
                    // The folder goes after the clock stops.
                    (dir, steps)
                },
                BatchSize::PerIteration,
            )
        });
    }

    for n in sizes("TIES_BENCH_IMPORT_AGAIN", &[2_000, 20_000]) {
        // A synthetic vault (people with notes, ~4 KB each) and its own
        // export: importing it changes nothing.
        let dir = tempfile::tempdir().unwrap();
        ties::synth::generate(dir.path(), n, 42).unwrap();
        let vault = Vault::open(dir.path()).unwrap();
        let people: Vec<_> = vault
            .scan()
            .unwrap()
            .iter()
            .map(|f| vault.read(&f.slug).unwrap())
            .collect();
        let (contacts, _) = vcard::parse(&vcard::export(&people));
        assert_eq!(contacts.len(), n);
        let steps = import(&vault, &contacts);
        assert_eq!(
            count(&steps, |s| matches!(s, Step::Skip { .. })),
            n,
            "a vault's own export is nothing new"
        );
        g.bench_function(format!("again_{n}"), |b| {
            b.iter(|| black_box(import(&vault, &contacts)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
