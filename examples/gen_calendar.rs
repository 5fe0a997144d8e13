//! Writes a year of a busy work calendar for benchmarks:
//! `cargo run --release --example gen_calendar -- FILE [EVENTS] [SERIES]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: gen_calendar FILE [EVENTS] [SERIES]");
        std::process::exit(2);
    };
    let events = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let series = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(200);
    let text = ties::synth::busy_calendar(events, series, 7);
    if let Err(e) = std::fs::write(file, text) {
        eprintln!("gen_calendar: could not write {file}: {e}");
        std::process::exit(1);
    }
}
