//! Makes a synthetic vault for benchmarks: `cargo run --release --example gen_vault -- N DIR [SEED]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_vault N DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let dir = std::path::Path::new(dir);
    if dir.join("people").exists()
        && std::fs::read_dir(dir.join("people"))
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        eprintln!(
            "gen_vault: {} already has people; use an empty folder",
            dir.display()
        );
        std::process::exit(1);
    }
    match ties::synth::generate(dir, n, seed) {
        Ok(slugs) => println!("{} people in {}", slugs.len(), dir.display()),
        Err(e) => {
            eprintln!("gen_vault: could not write {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
