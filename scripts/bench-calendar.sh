#!/usr/bin/env bash
# Whole-process timings of `ties agenda` and `ties prep --next` on a year of
# a busy work calendar (5,000 events, 200 recurring series), with hyperfine.
# Usage: scripts/bench-calendar.sh [EVENTS] [SERIES]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
cargo build --release --quiet --bin ties --example gen_calendar --example gen_vault
B=$PWD/target/release/ties
dir=$(mktemp -d "${TMPDIR:-/tmp}/ties-bench-cal-XXXX")
trap 'rm -rf "$dir"' EXIT
target/release/examples/gen_calendar "$dir/busy.ics" "${1:-5000}" "${2:-200}"
target/release/examples/gen_vault 1000 "$dir/vault" >/dev/null
export TIES_VAULT=$dir/vault TIES_NOW=2026-11-30T08:00:00+01:00 TZ=CET-1CEST,M3.5.0,M10.5.0/3
"$B" list >/dev/null
echo "== ${1:-5000} events, ${2:-200} series ($(du -h "$dir/busy.ics" | cut -f1)), 1,000 people, $(date -u +%F)"
hyperfine -N --warmup 3 --runs 20 --export-markdown "$dir/table.md" \
  "$B agenda --calendar $dir/busy.ics --day 2026-11-30" \
  "$B agenda --calendar $dir/busy.ics --day 2026-06-15" \
  "$B prep --next --calendar $dir/busy.ics" >/dev/null || true
sed "s|$dir/||g" "$dir/table.md"
