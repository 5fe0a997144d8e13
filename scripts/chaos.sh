#!/usr/bin/env bash
# The long chaos run: scripts/chaos.sh ROUNDS [SEED] [TEST]
# Runs the tests of tests/chaos.rs in batches of 100 rounds (each batch a
# fresh pair of clones and its own seed, settled and checked at its end),
# release build. Both tests run unless TEST picks one by a part of its name:
# `nothing_reported` (the plain vault) or `private_notes` (the encrypted one,
# whose variant follows each batch's seed: clone 1 holds the key on even
# seeds and none on odd ones, and pulls recipients.txt before the storm when
# seed/2 is even, with its first sync otherwise).
# Environment: TIES_CHAOS_KEEP=DIR copies a failed encrypted run there;
# TIES_CHAOS_PROFILE=debug skips the release build; TIES_CHAOS_TRACE=1 prints
# every operation and its exit code (pass it with --nocapture).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2000}
seed=${2:-$(date +%s)}
filter=${3:-}
per=100
runs=$(( (rounds + per - 1) / per ))
profile=--release
[ "${TIES_CHAOS_PROFILE:-release}" = debug ] && profile=
echo "chaos: $runs batches of $per rounds, seeds $seed.. ($(date -u +%F))"
TIES_CHAOS_ROUNDS=$per TIES_CHAOS_RUNS=$runs TIES_CHAOS_SEED=$seed \
  cargo test $profile --test chaos -- --nocapture $filter 2>&1 |
  grep -E "^chaos seed|panicked|lost|kept the failed run|test result"
