#!/usr/bin/env bash
# `ties prep` for a person with 50 encrypted private entries, in a vault of
# N people (10,000 by default), with hyperfine. The key is an x25519 age
# identity named by $TIES_IDENTITY. Also a save of a private and of a plain
# note in that vault (every save passes the sealing check). Usage: scripts/bench-encrypt.sh [N]
# TIES_BIN=target/debug/ties measures a debug build (slower crypto) without
# building release.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
if [ -z "${TIES_BIN:-}" ]; then
  cargo build --release --quiet --bin ties --example gen_vault
  B=$PWD/target/release/ties; G=target/release/examples/gen_vault
else
  cargo build --quiet --example gen_vault
  B=$TIES_BIN; G=target/debug/examples/gen_vault
fi
n=${1:-10000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ties-bench-enc-$n-XXXX")
export TIES_NOW=2026-11-23T09:00:00-05:00 TZ=EST5 HOME=$dir/home TIES_CONFIG=$dir/home/config.toml
mkdir -p "$HOME"
"$G" "$n" "$dir/v" >/dev/null
export TIES_VAULT=$dir/v
slug=$(ls "$dir/v/people" | sed -n '2p' | sed 's/\.toml$//')
other=$(ls "$dir/v/people" | sed -n '3p' | sed 's/\.toml$//')   # no encrypted entry: the baseline
"$B" encrypt >/dev/null   # no SSH key in this HOME: makes an age identity
export TIES_IDENTITY=$HOME/identity.txt
for i in $(seq 1 50); do "$B" log "$slug" --private --ask "How did thing $i go?" "Private note $i, told in confidence." >/dev/null; done
echo "== $n people, $slug has $(grep -c 'BEGIN AGE' "$dir/v/people/$slug.toml") encrypted values, $(date -u +%F), $B"
sleep 3; "$B" list >/dev/null
hyperfine -N --warmup 3 --runs 20 "$B prep $slug" "$B show $slug" "$B prep $other" \
  "$B log $other --private 'A private note, sealed on the way in.'" "$B log $other 'A plain note.'"
rm -rf "$dir"
