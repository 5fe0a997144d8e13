#!/usr/bin/env bash
# The long chaos run: scripts/chaos.sh ROUNDS [SEED]
# Runs tests/chaos.rs in batches of 100 rounds (each batch a fresh pair of
# clones and its own seed, settled and checked at its end), release build.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2000}
seed=${2:-$(date +%s)}
per=100
runs=$(( (rounds + per - 1) / per ))
echo "chaos: $runs batches of $per rounds, seeds $seed.. ($(date -u +%F))"
TIES_CHAOS_ROUNDS=$per TIES_CHAOS_RUNS=$runs TIES_CHAOS_SEED=$seed \
  cargo test --release --test chaos -- --nocapture 2>&1 | grep -E "^chaos seed|panicked|lost|test result"
