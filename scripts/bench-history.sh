#!/usr/bin/env bash
# Whole-process timings of `ties prep` with the "Since" section, on a git
# vault of 10,000 people and 1,000 commits (200 of them to the person
# prepped), with hyperfine: warm, HEAD moved, a person's first prep with
# the vault-wide table warm, and the table's one-time build.
# Usage: scripts/bench-history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin ties --example gen_history
B=$PWD/target/release/ties
export TIES_NOW=2026-11-23T09:00:00-05:00 TZ=EST5
dir=$(mktemp -d "${TMPDIR:-/tmp}/ties-history-XXXX")
slug=$(target/release/examples/gen_history 10000 "$dir/v" 1000)
cp -r "$dir/v" "$dir/nogit" && rm -rf "$dir/nogit/.git"
# `prep` trusts its connections cache once the folder has been quiet for 2 s.
sleep 3
TIES_VAULT=$dir/v "$B" list >/dev/null
TIES_VAULT=$dir/nogit "$B" list >/dev/null
sleep 3
echo "== warm history cache, and the same vault without git"
TIES_VAULT=$dir/v hyperfine -N --warmup 3 --runs 30 "$B prep $slug"
TIES_VAULT=$dir/nogit hyperfine -N --warmup 3 --runs 30 "$B prep $slug"
other=$(cd "$dir/v/people" && for f in *.toml; do echo "$f"; break; done)
move="sh -c 'echo \"# moved\" >> $dir/v/people/$other && git -C $dir/v add people && git -C $dir/v -c user.name=b -c user.email=b@example.com commit -q -m moved'"
echo "== HEAD moved since the caches were written (one commit to another person)"
TIES_VAULT=$dir/v hyperfine -N --warmup 1 --runs 10 --prepare "$move" "$B prep $slug"
echo "== first prep of this person, the vault-wide table warm"
TIES_VAULT=$dir/v hyperfine -N --warmup 1 --runs 10 \
  --prepare "rm -f $dir/v/.ties/history/$slug.bin" "$B prep $slug"
echo "== the one-time build: no history cache at all (first prep in the vault)"
TIES_VAULT=$dir/v hyperfine -N --warmup 1 --runs 5 \
  --prepare "rm -rf $dir/v/.ties/history $dir/v/.ties/history-log" "$B prep $slug"
ls -l "$dir/v/.ties/history-log"
