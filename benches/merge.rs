//! The merge driver's three-way merge of one person file: a long history
//! with new notes on both sides (finding 10 of issue 11: it was quadratic,
//! 90 s at 10,000 entries + 2,000 per side), and a small everyday case.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ties::sync::merge::merge;

/// One `[[log]]` entry, `i` minutes into November 2026.
fn entry(out: &mut String, i: usize, who: &str) {
    let (day, minute) = (1 + i / 1440 % 28, i % 1440);
    let _ = write!(
        out,
        "\n[[log]]\nat = 2026-11-{day:02}T{:02}:{:02}:00-05:00\nvia = \"call\"\ntext = \"{who} note {i}: budget, kids, the trip.\"\n",
        minute / 60,
        minute % 60
    );
}

/// Base with `n` entries; each side adds `new` entries spread among them.
fn files(n: usize, new: usize) -> (String, String, String) {
    let mut base = String::from(
        "name = \"Ana Lima\"\norg = \"Example Corp\"\ntags = [\"client\"]\n\n[about]\nfamily = \"Partner João\"\n\n[[todo]]\ntext = \"Send the report\"\n",
    );
    for i in 0..n {
        entry(&mut base, i * 3, "base");
    }
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let step = (n / new.max(1)).max(1) * 3;
    for j in 0..new {
        entry(&mut ours, j * step + 1, "ours");
        entry(&mut theirs, j * step + 2, "theirs");
    }
    (base, ours, theirs)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    for (n, new) in [(10_000, 2_000), (20, 2)] {
        let (base, ours, theirs) = files(n, new);
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        assert_eq!(m.text.matches("[[log]]").count(), n + 2 * new);
        g.bench_function(format!("{n}_entries_{new}_new_per_side"), |b| {
            b.iter(|| black_box(merge(&base, &ours, &theirs).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
