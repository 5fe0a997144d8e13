#!/usr/bin/env bash
# The release profile, measured: builds ties with the profile in Cargo.toml
# and with each candidate (CARGO_PROFILE_RELEASE_* overrides, each in its
# own target folder), then times list, search, prep and the TUI's first
# frame on one 10,000-person vault, and says the build time and binary size.
# Usage: scripts/bench-profile.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v script >/dev/null || { echo "needs script (util-linux)"; exit 1; }
n=${1:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/ties-profile-XXXX")
trap 'rm -rf "$work"' EXIT
export TIES_NOW=2026-11-23T09:00:00-05:00 TZ=EST5
# name|overrides (empty: Cargo.toml's profile)
candidates=(
  "cargo.toml|"
  "thin-lto|CARGO_PROFILE_RELEASE_LTO=thin"
  "fat-lto-cgu1|CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1"
)
cargo build --release --quiet --example gen_vault
target/release/examples/gen_vault "$n" "$work/vault" >/dev/null
export TIES_VAULT=$work/vault
slug=$(ls "$work/vault/people" | sed -n '2p' | sed 's/\.toml$//')
cmds=()
for c in "${candidates[@]}"; do
  name=${c%%|*}; vars=${c#*|}
  dir=$PWD/target/profile-$name
  [ -z "$vars" ] && dir=$PWD/target   # the usual release build
  start=$(date +%s)
  env $vars CARGO_TARGET_DIR="$dir" cargo build --release --quiet --bin ties
  secs=$(( $(date +%s) - start ))
  cp "$dir/release/ties" "$work/ties-$name"
  echo "$name: built in ${secs} s (from the state of $dir), $(stat -c %s "$work/ties-$name") bytes"
done
"$work/ties-cargo.toml" list >/dev/null; sleep 3
for what in "list" "search budget freeze" "prep $slug"; do
  args=()
  for c in "${candidates[@]}"; do args+=("$work/ties-${c%%|*} $what"); done
  hyperfine -N --warmup 3 --runs 30 "${args[@]}" --export-markdown "$work/t.md" >/dev/null
  cat "$work/t.md"
done
args=()
for c in "${candidates[@]}"; do
  args+=("script -qec 'stty rows 40 cols 120; env TIES_EXIT_AFTER_FIRST_FRAME=1 $work/ties-${c%%|*}' /dev/null")
done
hyperfine -N --warmup 3 --runs 20 "${args[@]}" --export-markdown "$work/t.md" >/dev/null
sed "s|$work/||g" "$work/t.md"
