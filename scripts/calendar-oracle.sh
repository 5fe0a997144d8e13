#!/usr/bin/env bash
# The differential test of issue 12: python's icalendar + recurring-ical-events
# (pinned below) read tests/calendars/, write tests/calendars/expected.tsv,
# then `cargo test --test calendar_oracle` compares ties with it and prints
# "N of M (file, day) pairs agree" and every difference.
# Needs python3 (with venv) and cargo. Usage: scripts/calendar-oracle.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/oracle-venv"
# Pinned so that the recorded expectations can be regenerated exactly.
packages=(
  "icalendar==7.3.2"
  "recurring-ical-events==3.8.2"
  "x-wr-timezone==2.0.1"
  "python-dateutil==2.9.0.post0"
  "tzdata==2026.6"
)

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"

"$venv/bin/python" "$root/scripts/calendar_oracle.py" "$root"

cargo test --test calendar_oracle -- --nocapture
