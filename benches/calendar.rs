//! `ties agenda` at library level on a year of a busy work calendar (5,000
//! events, 200 recurring series, some since 2016): reading the file, and
//! one day's meetings. Whole-process timings are in scripts/bench.sh.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ties::calendar::{self, Zone};

// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn calendar_day(c: &mut Criterion) {
    let text = ties::synth::busy_calendar(5_000, 200, 7);
    let viewer = Zone::named("Europe/Vienna").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let (cal, notes) = calendar::parse("busy.ics", &text);
    assert!(notes.is_empty(), "{notes:?}");
    let cals = [cal];
    let n = calendar::on_day_in(&cals, day, &viewer).len();
    assert!(n > 20, "a busy day has meetings: {n}");
    c.bench_function("calendar: read 5,000 events", |b| {
        b.iter(|| calendar::parse("busy.ics", black_box(&text)))
    });
    c.bench_function("calendar: one day of 5,000 events", |b| {
        b.iter(|| calendar::on_day_in(black_box(&cals), day, &viewer))
    });
    c.bench_function("calendar: read and one day", |b| {
        b.iter(|| {
            let (cal, _) = calendar::parse("busy.ics", black_box(&text));
            calendar::on_day_in(&[cal], day, &viewer)
        })
    });
}

criterion_group!(benches, calendar_day);
criterion_main!(benches);
