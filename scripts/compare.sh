#!/usr/bin/env bash
# Side by side with khard (contacts, one vCard per person) and jrnl (a
# journal in one text file), on the same synthetic data, timed by hyperfine.
# Installs khard and jrnl into a temporary Python virtual environment.
# Usage: scripts/compare.sh [N]   (N people, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v python3 >/dev/null || { echo "needs python3 (3.11 or newer)"; exit 1; }
n=${1:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/ties-compare-XXXX")
trap 'rm -rf "$work"' EXIT
echo "== installing khard and jrnl into $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet khard jrnl
cargo build --release --quiet --bin ties --example gen_vault
B=$PWD/target/release/ties
export TZ=EST5 TIES_NOW=2026-11-23T09:00:00-05:00 HOME=$work/home
mkdir -p "$HOME"
target/release/examples/gen_vault "$n" "$work/ties" >/dev/null
export TIES_VAULT=$work/ties
# Someone whose name is in no other name (khard would ask which one).
read -r slug name < <("$B" list --format json | python3 -c '
import json, sys
people = json.load(sys.stdin)
names = [p["name"] for p in people]
for p in people:
    if sum(p["name"].lower() in n.lower() for n in names) == 1:
        print(p["slug"], p["name"]); break
')

# khard: the same people, one .vcf each (ties's own export, split).
mkdir -p "$work/khard/contacts"
"$B" export --vcf > "$work/all.vcf"
python3 - "$work/all.vcf" "$work/khard/contacts" <<'EOF'
import sys, pathlib
cards = pathlib.Path(sys.argv[1]).read_text().split("BEGIN:VCARD")[1:]
for i, c in enumerate(cards):
    (pathlib.Path(sys.argv[2]) / f"{i}.vcf").write_text("BEGIN:VCARD" + c)
EOF
cat > "$work/khard.conf" <<EOF
[addressbooks]
[[main]]
path = $work/khard/contacts
[general]
default_action = list
editor = true
merge_editor = true
EOF

# jrnl: every log entry of every person, as one journal.
python3 - "$work/ties/people" "$work/journal.txt" <<'EOF'
import sys, pathlib, tomllib, datetime
out = []
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    p = tomllib.loads(f.read_text())
    for e in p.get("log", []):
        at = e["at"]
        if isinstance(at, str):
            at = datetime.datetime.fromisoformat(at)
        if not isinstance(at, datetime.datetime):
            at = datetime.datetime.combine(at, datetime.time(9))
        out.append((at.replace(tzinfo=None), f"{p['name']}: {e['text'].strip()}"))
out.sort()
with open(sys.argv[2], "w") as fh:
    for at, text in out:
        fh.write(f"[{at:%Y-%m-%d %I:%M %p}] {text}\n\n")
EOF
cat > "$work/jrnl.yaml" <<EOF
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals: {default: {journal: $work/journal.txt}}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %I:%M %p'
version: v4.6
EOF
K="timeout 60 $work/venv/bin/khard -c $work/khard.conf"
J="timeout 60 $work/venv/bin/jrnl --config-file $work/jrnl.yaml"
echo "== $n people, $(grep -c '^\[' "$work/journal.txt") journal entries, $(date -u +%F), $(nproc) cores"
hyperfine -N --warmup 2 --runs 10 --export-markdown "$work/list.md" \
  "$B list" "$K list" >/dev/null
hyperfine -N --warmup 2 --runs 10 --export-markdown "$work/show.md" \
  "$B prep $slug" "$K show --format yaml '$name'" </dev/null >/dev/null
hyperfine -N --warmup 2 --runs 10 --export-markdown "$work/search.md" \
  "$B search budget" "$J -contains budget" >/dev/null
hyperfine -N --warmup 2 --runs 10 --export-markdown "$work/add.md" \
  "$B log $slug 'Compared note'" "$J 'Compared note'" >/dev/null
for t in list show search add; do echo "-- $t"; cat "$work/$t.md"; done
