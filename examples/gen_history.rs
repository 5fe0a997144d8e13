//! Makes a synthetic git vault with years of history for benchmarks:
//! `cargo run --release --example gen_history -- N DIR COMMITS`. Prints the
//! slug whose file 1 in 5 of the commits change.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir), Some(commits)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_history N DIR COMMITS");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(dir);
    let made = ties::synth::generate(dir, n, 42).and_then(|slugs| {
        let target = slugs[slugs.len() / 2].clone();
        ties::synth::git_history(dir, &slugs, &target, commits, 7).map(|_| target)
    });
    match made {
        Ok(target) => println!("{target}"),
        Err(e) => {
            eprintln!("gen_history: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
