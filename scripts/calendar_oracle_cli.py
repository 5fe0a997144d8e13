#!/usr/bin/env python3
# Compares any ties binary with the recorded oracle (tests/calendars/expected.tsv)
# through its command line (`ties agenda --format json`, TZ set to the viewer
# zone): a whole-process check, and a way to measure an older build.
# Usage: scripts/calendar_oracle_cli.py [TIES_BINARY]  (default: target/release/ties)
import json, os, shutil, subprocess, sys, tempfile
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = sys.argv[1] if len(sys.argv) > 1 else f"{root}/target/release/ties"
work = tempfile.mkdtemp(prefix="ties-oracle-cli-")
os.makedirs(f"{work}/vault/people")
agree_pairs = {}
lines = 0; agree = 0
for l in open(f"{root}/tests/calendars/expected.tsv"):
    if l.startswith("#") or not l.strip():
        continue
    path, day, zone, occ = (l.rstrip("\n").split("\t") + [""])[:4]
    env = dict(os.environ, TZ=zone, TIES_NOW="2026-11-30T12:00:00Z", TIES_VAULT=f"{work}/vault",
               HOME=work, XDG_CONFIG_HOME=f"{work}/cfg", XDG_STATE_HOME=f"{work}/state")
    r = subprocess.run([B, "agenda", "--calendar", f"{root}/{path}", "--day", day, "--format", "json"],
                       capture_output=True, text=True, env=env)
    ours = []
    try:
        for item in json.loads(r.stdout or "[]"):
            m = item["meeting"]
            title = " ".join((m["title"] or "").split())
            s = m["start"]; e = m.get("end") or s
            if m["all_day"]:
                ours.append(f"{s[:10]}/{e[:10]} {title}")
            else:
                ours.append(f"{s[:19]}/{e[:19]} {title}")
    except Exception as ex:
        ours = ["<error>"]
    ours.sort()
    theirs = sorted([x for x in occ.split(" | ") if x]) if occ else []
    ok = ours == theirs
    lines += 1; agree += ok
    key = (path, day)
    agree_pairs[key] = agree_pairs.get(key, True) and ok
print(f"{sum(agree_pairs.values())} of {len(agree_pairs)} (file, day) pairs agree ({agree} of {lines} lines)")
shutil.rmtree(work, ignore_errors=True)
