#!/usr/bin/env bash
# Whole-process timings of the release binary on synthetic vaults, with
# hyperfine, plus peak memory from GNU time. Usage: scripts/bench.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v script >/dev/null || { echo "needs script (util-linux)"; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }
cargo build --release --quiet --bin ties --example gen_vault
B=$PWD/target/release/ties
export TIES_NOW=2026-11-23T09:00:00-05:00 TZ=EST5   # the zone is the system's: fix it too
for n in "${@:-10000}"; do
  dir=$(mktemp -d "${TMPDIR:-/tmp}/ties-bench-$n-XXXX")
  target/release/examples/gen_vault "$n" "$dir" >/dev/null
  export TIES_VAULT=$dir
  slug=$(ls "$dir/people" | sed -n '2p' | sed 's/\.toml$//')
  echo "== $n people ($(du -sh "$dir/people" | cut -f1)), $(date -u +%F)"
  mem() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
  rm -rf "$dir/.ties"; echo "cold list: $( { /usr/bin/time -f '%e s, %M KB' "$B" list >/dev/null; } 2>&1 )"
  rm -rf "$dir/.ties"; echo "cold search: $( { /usr/bin/time -f '%e s, %M KB' "$B" search budget >/dev/null; } 2>&1 )"
  # `prep` trusts its cache only once the people folder has been quiet for 2 s.
  sleep 3; "$B" list >/dev/null
  hyperfine -N --warmup 3 --runs 20 --export-markdown "$dir/table.md" \
    "$B list" "$B search budget freeze" "$B prep $slug" "$B log $slug 'Benchmark note'" >/dev/null
  cat "$dir/table.md"
  # prep right after a write: the folder changed, so it looks at every file
  # once (and rewrites the connections cache) instead of trusting the cache.
  # The folder then counts as settled only 2 s after its last change.
  hyperfine -N --warmup 1 --runs 10 --prepare "$B log $slug 'Prepared note'" \
    --export-markdown "$dir/after.md" "$B prep $slug" >/dev/null
  sed 's/| `/| after a log: `/' "$dir/after.md" | tail -1
  sleep 3
  # The TUI needs a terminal: `script` gives it one (120x40, as a real window
  # would be), and ties exits once the first frame with people and a prep
  # sheet is drawn. `script` with only the stty is the wrapper's own cost.
  hyperfine -N --warmup 3 --runs 20 --export-markdown "$dir/tui.md" \
    "script -qec 'stty rows 40 cols 120; env TIES_EXIT_AFTER_FIRST_FRAME=1 $B' /dev/null" "script -qec 'stty rows 40 cols 120' /dev/null" >/dev/null
  cat "$dir/tui.md"
  echo "peak memory, warm: list $(mem "$B" list) KB, search $(mem "$B" search budget) KB, prep $(mem "$B" prep "$slug") KB, log $(mem "$B" log "$slug" x) KB"
  rm -rf "$dir"
done
