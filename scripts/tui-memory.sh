#!/usr/bin/env bash
# Peak memory (VmHWM) of the TUI on a synthetic vault, in tmux: a start
# with a warm index and some work (filter, moves, the due list), then every
# person file rewritten behind its back (a reload of everything), then a
# start with no index at all. Usage: scripts/tui-memory.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "needs tmux"; exit 1; }
n=${1:-10000}
cargo build --release --quiet --bin ties --example gen_vault
B=$PWD/target/release/ties
dir=$(mktemp -d "${TMPDIR:-/tmp}/ties-mem-$n-XXXX")
target/release/examples/gen_vault "$n" "$dir" >/dev/null
export TIES_VAULT=$dir TIES_NOW=2026-11-23T09:00:00-05:00 TZ=EST5
sock=$dir/tmux.sock
t() { tmux -S "$sock" "$@"; }
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
start() {
  t new -d -s m -x 120 -y 40 "env TIES_VAULT=$dir TIES_NOW=$TIES_NOW TZ=$TZ ${TIES_MEM_ENV:-} $B"
  sleep "$1"
  pgrep -n -f "^$B\$"
}
"$B" list >/dev/null   # a warm index
sleep 3
pid=$(start 3)
t send-keys -t m / m a r; sleep 1; t send-keys -t m Escape j j j j d; sleep 1; t send-keys -t m d o o o; sleep 1
echo "== $n people, $(date -u +%F)"
echo "warm start and some work: $(hwm "$pid") KB"
for f in "$dir"/people/*.toml; do echo "# touched" >> "$f"; done
sleep $(( n / 1000 + 5 ))
echo "after every file was rewritten (a reload of all): $(hwm "$pid") KB"
t send-keys -t m q; sleep 1; t kill-server 2>/dev/null || true
rm -rf "$dir/.ties"
pid=$(start $(( n / 1000 + 3 )))
echo "a start with no index: $(hwm "$pid") KB"
t send-keys -t m q; sleep 1; t kill-server 2>/dev/null || true
rm -rf "$dir"
